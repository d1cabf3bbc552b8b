"""Telegram's command menus (citizens' by default, staff's per chat) and the reply to a command
the bot does not have."""

from __future__ import annotations

import hashlib
import json
import logging

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    Update,
)
from telegram.error import TelegramError

from bot.domain.chat import Who
from bot.domain.messages import Text
from bot.domain.texts import t
from bot.ports import CommandMenus
from handlers.telegram.context import Context
from handlers.telegram.render import lang_of, to_html

CITIZEN_COMMANDS = (
    "start",
    "phananh",
    "tracuu",
    "hoso",
    "dulieucuatoi",
    "xoadulieu",
    "huy",
    "help",
)
STAFF_COMMANDS = (
    "start",
    "hopthu",
    "stats",
    "baocao",
    "nhap",
    "tracuu",
    "hoso",
    "chan",
    "bochan",
    "xinloi",
    "theodoi",
    "botheodoi",
    "thongbao",
    "sodienthoai",
    "huy",
    "help",
)


def command_menu(names: tuple[str, ...], lang: str) -> list[BotCommand]:
    """The command menu for a list of command names, described in `lang`."""
    return [BotCommand(name, t(lang, f"cmd.{name}")) for name in names]


log = logging.getLogger(__name__)
NO_MENU = "none"  # the digest of a scope whose menu was deleted (it shows the default)


def menu_digest(commands: list[BotCommand] | None) -> str:
    """What identifies a menu: its commands and their descriptions, in order."""
    if commands is None:
        return NO_MENU
    data = json.dumps([(c.command, c.description) for c in commands], ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


class Menus:
    """Sets a scope's command menu only when it differs from the one last set there (each
    call is a round trip to Telegram; a start with 45 staff made 45 in a row)."""

    def __init__(self, bot: Bot, store: CommandMenus | None) -> None:
        self._bot = bot
        self._store = store
        self._prefix = f"telegram:{bot.id}:"
        self._known: dict[str, str] = {}

    async def load(self, scope: str = "") -> dict[str, str]:
        """What was set in the scopes starting with `scope` (all of them by default)."""
        if self._store is not None:
            self._known.update(await self._store.digests(self._prefix + scope))
        return {k.removeprefix(self._prefix): v for k, v in self._known.items()}

    async def ensure(
        self,
        name: str,
        scope: BotCommandScope,
        commands: list[BotCommand] | None,
        language_code: str | None = None,
    ) -> bool:
        """Set (or, for None, delete) the menu of `scope` unless it is already so; True when
        Telegram was asked."""
        key = self._prefix + name
        digest = menu_digest(commands)
        if self._known.get(key) == digest:
            return False
        if commands is None:
            await self._bot.delete_my_commands(scope=scope, language_code=language_code)
        else:
            await self._bot.set_my_commands(commands, scope=scope, language_code=language_code)
        self._known[key] = digest
        if self._store is not None:
            await self._store.record(key, digest)
        return True


def chat_scope(chat_id: int | str) -> tuple[str, BotCommandScopeChat]:
    return f"chat:{chat_id}", BotCommandScopeChat(int(chat_id))


async def set_chat_menu(update: Update, context: Context, who: Who) -> None:
    """After /start: staff see the staff commands in their chat, citizens the default menu."""
    chat = update.effective_chat
    if chat is None:
        return
    menus = Menus(context.bot, context.services.menus)
    name, scope = chat_scope(chat.id)
    known = await menus.load(name)
    staff = await context.services.router.member(who) is not None
    if not staff and name not in known:
        return  # never given a menu of its own: it shows the default already
    await menus.ensure(name, scope, command_menu(STAFF_COMMANDS, who.lang) if staff else None)


async def set_command_menus(bot: Bot, store: CommandMenus | None, staff_ids: set[str]) -> int:
    """At start: citizens' menu as the default (vi and en), the staff's in each staff chat, the
    default again where a former staff member had theirs; only what changed since the last
    start is sent. Returns how many menus Telegram was asked to set."""
    menus = Menus(bot, store)
    known = await menus.load()
    asked = 0
    default = BotCommandScopeDefault()
    for lang in ("vi", "en"):
        menu = command_menu(CITIZEN_COMMANDS, lang)
        asked += await menus.ensure(
            f"default:{lang}", default, menu, None if lang == "vi" else lang
        )
    staff_menu = command_menu(STAFF_COMMANDS, "vi")
    former = {
        name.removeprefix("chat:")
        for name, digest in known.items()
        if name.startswith("chat:") and digest != NO_MENU
    } - staff_ids
    for chat_id, commands in [(s, staff_menu) for s in sorted(staff_ids)] + [
        (f, None) for f in sorted(former)
    ]:
        name, scope = chat_scope(chat_id)
        try:
            asked += await menus.ensure(name, scope, commands)
        except TelegramError:
            # A staff member who never opened the bot has no chat yet; /start will set it.
            log.info("no chat yet for %s; its menu is set on /start", chat_id)
    return asked


async def unknown_command(update: Update, context: Context) -> None:
    """Answer a command the bot does not have."""
    message = update.effective_message
    if message is None:
        return
    command = (message.text or "").split()[0] if message.text else "/"
    text = Text("unknown_command", {"command": command})
    await message.reply_text(to_html(text, lang_of(update)))
