"""Commands every user has: /start, /help, and the replies to what the bot does not know."""

from __future__ import annotations

from telegram import BotCommand, BotCommandScopeChat, Update

from bot.domain.messages import Text
from bot.domain.models import StaffMember
from bot.domain.texts import t
from bot.services.people import identify
from handlers.telegram import citizen
from handlers.telegram.context import Context
from handlers.telegram.render import lang_of, to_html, user_id_of

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


async def _whoami(update: Update, context: Context) -> StaffMember | None:
    services = context.services
    return await identify(services.staff, services.admin_ids, user_id_of(update))


async def start(update: Update, context: Context) -> None:
    """Greet the user and set their command menu (staff see staff commands)."""
    if update.effective_message is None or update.effective_chat is None:
        return
    lang = lang_of(update)
    if context.args and await citizen.deep_link(update, context, context.args[0]):
        return
    member = await _whoami(update, context)
    scope = BotCommandScopeChat(update.effective_chat.id)
    if member is None:
        await context.bot.delete_my_commands(scope=scope)
        await citizen.show_menu(update, context)
        return
    await context.bot.set_my_commands(command_menu(STAFF_COMMANDS, lang), scope=scope)
    unit_text: Text | str = ""
    if member.unit_id is not None:
        unit = await context.services.units.by_id(member.unit_id)
        if unit is not None:
            unit_text = Text("role.unit", {"unit": unit.name})
    user = update.effective_user
    name = member.name or (user.first_name if user else "")
    greeting = Text(
        "start.staff", {"name": name, "role": Text(f"role.{member.role}"), "unit": unit_text}
    )
    await update.effective_message.reply_text(to_html(greeting, lang))


async def help_command(update: Update, context: Context) -> None:
    """Explain the commands this user may use."""
    if update.effective_message is None:
        return
    member = await _whoami(update, context)
    key = "help.citizen" if member is None else "help.staff"
    await update.effective_message.reply_text(t(lang_of(update), key))


async def unknown_command(update: Update, context: Context) -> None:
    """Answer a command the bot does not have."""
    message = update.effective_message
    if message is None:
        return
    command = (message.text or "").split()[0] if message.text else "/"
    text = Text("unknown_command", {"command": command})
    await message.reply_text(to_html(text, lang_of(update)))


async def unknown_message(update: Update, context: Context) -> None:
    """Answer any other message (text, sticker, voice…) with a pointer to /help."""
    if update.effective_message is None:
        return
    await update.effective_message.reply_text(t(lang_of(update), "unknown_text"))
