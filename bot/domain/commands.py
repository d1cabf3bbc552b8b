"""Commands, as every channel names them (Telegram's "/phananh", Zalo's typed "phản ánh"), and
splitting a command's free text into its parts (pure)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.wards import fold

_PERIOD_START = re.compile(
    r"^(\d|q\d|quy|tuan|week|nam\b|thang\b|hom\b|today|this\b|last\b|(?:i{1,3}|iv)[/.-]\d)"
)


def looks_like_period(token: str) -> bool:
    """Whether a word could begin a period (a year, a month, a quarter, 'tuần', 'tháng này',
    'hôm nay', 'III/2022', a date)."""
    return bool(_PERIOD_START.match(fold(token)))


def split_ward_and_period(text: str, is_ward: Callable[[str], bool]) -> tuple[str, str | None]:
    """Split '/stats' arguments into (ward, period); the ward may have spaces ('cau tre 2022').

    The first split whose left part names a known ward and whose right part looks like a
    period wins; failing that, the first word that looks like a period starts the period.
    """
    words = text.split()
    if not words:
        return "", None
    candidates = [i for i in range(1, len(words)) if looks_like_period(words[i])]
    for i in candidates:
        if is_ward(" ".join(words[:i])):
            return " ".join(words[:i]), " ".join(words[i:])
    if is_ward(" ".join(words)):
        return " ".join(words), None
    if candidates:
        i = candidates[0]
        return " ".join(words[:i]), " ".join(words[i:])
    return " ".join(words), None


class CommandName(StrEnum):
    """Everything a user can ask the bot by name, on any channel."""

    START = "start"  # the greeting and menu; with a tracking code, that case
    HELP = "help"
    FEEDBACK = "feedback"
    TRACK = "track"
    DOSSIER = "dossier"
    MY_DATA = "my_data"
    ERASE = "erase"
    CANCEL = "cancel"
    INBOX = "inbox"
    DESK = "desk"  # file a case for a walk-in or phone caller
    BLOCK = "block"
    UNBLOCK = "unblock"
    APOLOGY = "apology"
    SUBSCRIBE = "subscribe"
    UNSUBSCRIBE = "unsubscribe"
    STATS = "stats"
    REPORT = "report"  # the desk's periodic table as an XLSX file
    ALERTS = "alerts"  # which of a person's channels their alerts go to
    PHONE = "phone"  # an official's own phone, for the ward's ZBS template


@dataclass(frozen=True, slots=True)
class Command:
    """A command with what was written after it."""

    name: CommandName
    args: str = ""


_C = CommandName
# What people type, folded (lower case, no diacritics): Telegram's command names are the single
# ASCII words ("/phananh"); a channel without a command menu also takes the words as typed.
WORDS: Mapping[str, CommandName] = {
    "start": _C.START,
    "menu": _C.START,
    "bat dau": _C.START,
    "help": _C.HELP,
    "huong dan": _C.HELP,
    "tro giup": _C.HELP,
    "giup": _C.HELP,
    "giup do": _C.HELP,
    "phananh": _C.FEEDBACK,
    "phan anh": _C.FEEDBACK,
    "gui phan anh": _C.FEEDBACK,
    "feedback": _C.FEEDBACK,
    "tracuu": _C.TRACK,
    "tra cuu": _C.TRACK,
    "track": _C.TRACK,
    "hoso": _C.DOSSIER,
    "ho so": _C.DOSSIER,
    "dossier": _C.DOSSIER,
    "dulieucuatoi": _C.MY_DATA,
    "du lieu cua toi": _C.MY_DATA,
    "mydata": _C.MY_DATA,
    "xoadulieu": _C.ERASE,
    "xoa du lieu": _C.ERASE,
    "erasedata": _C.ERASE,
    "huy": _C.CANCEL,
    "cancel": _C.CANCEL,
    "hopthu": _C.INBOX,
    "hop thu": _C.INBOX,
    "inbox": _C.INBOX,
    "nhap": _C.DESK,
    "chan": _C.BLOCK,
    "bochan": _C.UNBLOCK,
    "xinloi": _C.APOLOGY,
    "theodoi": _C.SUBSCRIBE,
    "botheodoi": _C.UNSUBSCRIBE,
    "stats": _C.STATS,
    "thongke": _C.STATS,
    "thong ke": _C.STATS,
    "baocao": _C.REPORT,
    "bao cao": _C.REPORT,
    "thongbao": _C.ALERTS,
    "sodienthoai": _C.PHONE,
}
# Typed without "/" at the start of a message, these take the rest of it as arguments.
BARE_WITH_ARGS = frozenset({_C.TRACK, _C.DOSSIER, _C.STATS, _C.REPORT})
# Ordinary words in Vietnamese ("chán", "nháp", "xin lỗi…"): commands only with "/".
SLASH_ONLY = frozenset(
    {
        _C.DESK,
        _C.BLOCK,
        _C.UNBLOCK,
        _C.APOLOGY,
        _C.SUBSCRIBE,
        _C.UNSUBSCRIBE,
        _C.ALERTS,
        _C.PHONE,
    }
)
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")


def command_names() -> list[str]:
    """The words that are also slash commands (Telegram's command names), in table order."""
    return [w for w in WORDS if _COMMAND_NAME.fullmatch(w)]


def parse_typed(text: str, *, in_conversation: bool) -> Command | None:
    """The command a typed message is, else None.

    "/word args" always counts; bare words only when they are the whole message, or (outside a
    conversation) when they start it — so a description starting "hồ sơ…" stays a description.
    """
    stripped = text.strip()
    if stripped.startswith("/"):
        word, _, rest = stripped[1:].partition(" ")
        name = WORDS.get(fold(word.split("@", 1)[0]))
        return Command(name, rest.strip()) if name else None
    whole = WORDS.get(_whole(stripped))
    if whole is not None:
        return None if whole in SLASH_ONLY else Command(whole)
    if in_conversation:
        return None
    words = stripped.split()
    for phrase, name in sorted(WORDS.items(), key=lambda kv: -len(kv[0])):
        size = len(phrase.split())
        if name in BARE_WITH_ARGS and len(words) > size and fold(" ".join(words[:size])) == phrase:
            return Command(name, " ".join(words[size:]))
    return None


def _whole(text: str) -> str:
    """A whole message as the table's keys are written: folded, without the punctuation around."""
    return fold(text).strip(" !?.,~")


def asks_for_help(text: str) -> bool:
    """Whether a whole message is one of the table's words for help ("help", "trợ giúp", "giúp",
    "hướng dẫn"): on every channel it gets what /help gets, even where a command menu makes the
    other words plain text."""
    return WORDS.get(_whole(text)) is CommandName.HELP


# Greetings and calls for attention, folded: never the information a citizen was asked for.
GREETINGS = frozenset(
    {
        "xin chao",
        "chao",
        "chao ban",
        "chao bot",
        "alo",
        "a lo",
        "hi",
        "hello",
        "hey",
        "ok",
        "oke",
        "cam on",
        "menu",
    }
)


def is_greeting(text: str) -> bool:
    """Whether a message is only a greeting ("Xin chào!", "alo", "hi"), whatever its case,
    diacritics and trailing punctuation."""
    return _whole(text) in GREETINGS
