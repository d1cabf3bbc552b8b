"""Telegram's command menus (citizens' by default, staff's per chat) and the reply to a command
the bot does not have."""

from __future__ import annotations

from telegram import BotCommand, BotCommandScopeChat, Update

from bot.domain.chat import Who
from bot.domain.messages import Text
from bot.domain.texts import t
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
    "huy",
    "help",
)


def command_menu(names: tuple[str, ...], lang: str) -> list[BotCommand]:
    """The command menu for a list of command names, described in `lang`."""
    return [BotCommand(name, t(lang, f"cmd.{name}")) for name in names]


async def set_chat_menu(update: Update, context: Context, who: Who) -> None:
    """After /start: staff see the staff commands in their chat, citizens the default menu."""
    chat = update.effective_chat
    if chat is None:
        return
    scope = BotCommandScopeChat(chat.id)
    if await context.services.router.member(who) is None:
        await context.bot.delete_my_commands(scope=scope)
    else:
        await context.bot.set_my_commands(command_menu(STAFF_COMMANDS, who.lang), scope=scope)


async def unknown_command(update: Update, context: Context) -> None:
    """Answer a command the bot does not have."""
    message = update.effective_message
    if message is None:
        return
    command = (message.text or "").split()[0] if message.text else "/"
    text = Text("unknown_command", {"command": command})
    await message.reply_text(to_html(text, lang_of(update)))
