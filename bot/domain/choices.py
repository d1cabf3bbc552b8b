"""The one button protocol: every button anyone can press, as typed values.

A citizen's buttons (the menu, the intake's choices, rating, reopening, more information, erasing)
and an official's (the inbox's case actions, the apology letter's steps, digest subscriptions,
the wards /stats offers, a report's file) are values of the types below. Each encodes itself
once (`encode()`: at most 64 bytes of UTF-8, Telegram's callback limit, checked when the value
is made) and `decode` reads one back, or None for anything forged, garbled or stale (only the
canonical encoding of a valid value is accepted). Channels put `encode()` on their buttons and
hand back what is pressed; nothing else builds or parses button data.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum, StrEnum
from typing import ParamSpec, TypeVar

from bot.domain.codes import CodeError, normalize_code
from bot.domain.feedback import Action, Category, RefuseReason
from bot.domain.fmt import is_digits

MAX_BYTES = 64  # Telegram's limit on callback data
MAX_ID = 2**63 - 1  # SQLite's largest integer key
_P = ParamSpec("_P")
_B = TypeVar("_B")


class ButtonError(ValueError):
    """A button that cannot be made: a malformed field, or data over 64 bytes."""


def _fit(data: str) -> str:
    """The one size check of every button's data."""
    size = len(data.encode("utf-8"))
    if not 1 <= size <= MAX_BYTES:
        raise ButtonError(f"button data must be 1-{MAX_BYTES} bytes, got {size}: {data!r}")
    return data


def _tracking_code(code: str) -> None:
    try:
        canonical = normalize_code(code)
    except CodeError as err:
        raise ButtonError(f"not a tracking code: {code!r}") from err
    if canonical != code:
        raise ButtonError(f"tracking code not in canonical form: {code!r}")


def _dossier_code(code: str) -> None:
    if not code or any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in code):
        raise ButtonError(f"not a dossier code: {code!r}")


def _key(value: int) -> None:
    if isinstance(value, bool) or not 1 <= value <= MAX_ID:
        raise ButtonError(f"not a database id: {value!r}")


class _Button:
    """Shared behaviour: fields checked and data fitted when the value is made."""

    __slots__ = ()

    def _data(self) -> str:
        raise NotImplementedError

    def _check(self) -> None:
        """Raise ButtonError for a malformed field (overridden where there are rules)."""

    def __post_init__(self) -> None:
        self._check()
        _fit(self._data())

    def encode(self) -> str:
        """The button's data, as the channel carries it."""
        return self._data()


# --- the citizen's menu, rating, reopening, information, data rights ------------------------------


class MenuItem(StrEnum):
    """The citizen's start menu."""

    FEEDBACK = "feedback"
    TRACK = "track"
    DOSSIER = "dossier"
    CONTACT = "contact"  # the one-stop desks' address, hours and hotline


@dataclass(frozen=True, slots=True)
class Menu(_Button):
    """An item of the citizen's start menu."""

    item: MenuItem

    def _data(self) -> str:
        return f"menu:{self.item.value}"


@dataclass(frozen=True, slots=True)
class Rate(_Button):
    """1-5 stars for the answer to a case."""

    code: str
    stars: int

    def _check(self) -> None:
        _tracking_code(self.code)
        if isinstance(self.stars, bool) or not 1 <= self.stars <= 5:
            raise ButtonError(f"stars must be 1-5, got {self.stars!r}")

    def _data(self) -> str:
        return f"rate:{self.code}:{self.stars}"


@dataclass(frozen=True, slots=True)
class Reopen(_Button):
    """Reopen an answered case."""

    code: str

    def _check(self) -> None:
        _tracking_code(self.code)

    def _data(self) -> str:
        return f"reopen:{self.code}"


@dataclass(frozen=True, slots=True)
class ProvideInfo(_Button):
    """Send the information staff asked for."""

    code: str

    def _check(self) -> None:
        _tracking_code(self.code)

    def _data(self) -> str:
        return f"info:{self.code}"


@dataclass(frozen=True, slots=True)
class TrackCase(_Button):
    """Open one of the citizen's own cases (from "🔎 Theo dõi phản ánh")."""

    code: str

    def _check(self) -> None:
        _tracking_code(self.code)

    def _data(self) -> str:
        return f"track:{self.code}"


@dataclass(frozen=True, slots=True)
class EraseData(_Button):
    """The answer to "erase my personal data?"."""

    confirm: bool

    def _data(self) -> str:
        return "erase:yes" if self.confirm else "erase:no"


# --- choices of the conversation in progress (the intake's steps, a rating's follow-up) -----------


class Pick(Enum):
    """The fixed choices of the intake's steps ("skip" also ends a rating's follow-up)."""

    SKIP = "skip"
    DONE = "done"
    KEEP = "keep"
    ANONYMOUS = "anon"
    AGREE = "agree"
    DISAGREE = "disagree"
    SEND = "send"
    EDIT = "edit"
    CANCEL = "cancel"
    BACK = "back"  # the step before (from a field being edited: the summary)
    RESUME = "resume"  # go on with the draft (asked when /start would drop it)
    DISCARD = "discard"  # drop the draft and show the menu

    def encode(self) -> str:
        """The button's data."""
        return str(self.value)


@dataclass(frozen=True, slots=True)
class PickWard(_Button):
    """The ward a feedback is for."""

    unit_id: int

    def _check(self) -> None:
        _key(self.unit_id)

    def _data(self) -> str:
        return f"w:{self.unit_id}"


class DraftField(StrEnum):
    """A field of the summary the citizen may edit (the intake step that asks for it)."""

    WARD = "ward"
    CATEGORY = "category"
    DOSSIER_CODE = "dossier_code"
    DESCRIPTION = "description"
    ATTACHMENTS = "attachments"
    LOCATION = "location"
    CONTACT = "contact"


@dataclass(frozen=True, slots=True)
class EditField(_Button):
    """Edit one field of the summary."""

    field: DraftField

    def _data(self) -> str:
        return f"ed:{self.field.value}"


@dataclass(frozen=True, slots=True)
class PickCategory(_Button):
    """What a feedback is about."""

    category: Category

    def _data(self) -> str:
        return f"c:{self.category.value}"


# --- the staff inbox ------------------------------------------------------------------------------


class CaseVerb(StrEnum):
    """A case button of the inbox: an action, or the citizen's files."""

    TAKE = "take"
    ANSWER = "answer"
    ASK_INFO = "ask_info"
    TRANSFER = "transfer"
    REFUSE = "refuse"
    CLOSE = "close"
    FILES = "files"

    @property
    def action(self) -> Action | None:
        """The case action the verb starts (None for the files)."""
        return None if self is CaseVerb.FILES else Action(self.value)


@dataclass(frozen=True, slots=True)
class CaseButton(_Button):
    """A button on an inbox card."""

    verb: CaseVerb
    case_id: int

    def _check(self) -> None:
        _key(self.case_id)

    def _data(self) -> str:
        return f"s:{self.verb.value}:{self.case_id}"


@dataclass(frozen=True, slots=True)
class TransferTo(_Button):
    """Transfer a case to a unit (one of those the transfer list offered)."""

    case_id: int
    unit_id: int

    def _check(self) -> None:
        _key(self.case_id)
        _key(self.unit_id)

    def _data(self) -> str:
        return f"s:to:{self.case_id}:{self.unit_id}"


@dataclass(frozen=True, slots=True)
class RefuseWith(_Button):
    """Refuse a case for a reason."""

    case_id: int
    reason: RefuseReason

    def _check(self) -> None:
        _key(self.case_id)

    def _data(self) -> str:
        return f"s:rf:{self.case_id}:{self.reason.value}"


@dataclass(frozen=True, slots=True)
class ConfirmAct(_Button):
    """Confirm (or drop) the staff action shown with what the citizen will receive."""

    case_id: int
    confirm: bool

    def _check(self) -> None:
        _key(self.case_id)

    def _data(self) -> str:
        return f"s:{'ok' if self.confirm else 'no'}:{self.case_id}"


# --- the apology letter ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ApologyStart(_Button):
    """Begin the apology letter for a dossier (also on the reminders)."""

    code: str

    def _check(self) -> None:
        _dossier_code(self.code)

    def _data(self) -> str:
        return f"apo:{self.code}"


class CommonReason(StrEnum):
    """The reasons for a delay offered as buttons (apology.reason.<value>)."""

    VERIFY = "verify"
    AGENCIES = "agencies"
    SOFTWARE = "software"


@dataclass(frozen=True, slots=True)
class ApologyReason(_Button):
    """A common reason picked for the letter."""

    reason: CommonReason

    def _data(self) -> str:
        return f"apo.r:{self.reason.value}"


@dataclass(frozen=True, slots=True)
class ApologyDate(_Button):
    """The new date picked for the letter."""

    day: date

    def _data(self) -> str:
        return f"apo.d:{self.day.isoformat()}"


class ApologyStep(Enum):
    """The letter's confirmation buttons."""

    CONFIRM = "apo.ok"
    CANCEL = "apo.no"

    def encode(self) -> str:
        """The button's data."""
        return str(self.value)


@dataclass(frozen=True, slots=True)
class ApologyNotify(_Button):
    """Tell the citizens who wrote about a dossier that its letter was issued."""

    code: str

    def _check(self) -> None:
        _dossier_code(self.code)

    def _data(self) -> str:
        return f"apo.n:{self.code}"


# --- digest subscriptions -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FollowDigest(_Button):
    """Receive (on) or stop receiving a unit's weekly digest."""

    unit_id: int
    on: bool

    def _check(self) -> None:
        _key(self.unit_id)

    def _data(self) -> str:
        return f"sub:{'on' if self.on else 'off'}:{self.unit_id}"


# --- the figures ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StatsPick(_Button):
    """A ward offered by /stats (a merged or ambiguous name): its report for the same period,
    as the user wrote it (folded), or its exact days when that would not fit."""

    unit_id: int
    period: str

    def _check(self) -> None:
        _key(self.unit_id)
        if any(unicodedata.category(ch)[0] == "C" for ch in self.period):
            raise ButtonError(f"not a period: {self.period!r}")

    def _data(self) -> str:
        return f"st:{self.unit_id}:{self.period}"


# A report's period kind, one letter each (bot.domain.report maps them to PeriodKind).
REPORT_KINDS = frozenset("ymqwrt")


@dataclass(frozen=True, slots=True)
class StatsFile(_Button):
    """The button under a /stats report: that unit's table as an XLSX file, for the report's
    exact days (`kind`: the period's kind letter, so the file is titled as the report was)."""

    unit_id: int
    start: date
    end: date
    kind: str

    def _check(self) -> None:
        _key(self.unit_id)
        if self.end < self.start or self.kind not in REPORT_KINDS or len(self.kind) != 1:
            raise ButtonError(f"not a report period: {self.start}..{self.end} {self.kind!r}")

    def _data(self) -> str:
        return f"rpt:{self.unit_id}:{self.start:%Y%m%d}:{self.end:%Y%m%d}:{self.kind}"


IntakeButton = Pick | PickWard | PickCategory | EditField
CitizenButton = Menu | Rate | Reopen | ProvideInfo | TrackCase | EraseData
InboxButton = CaseButton | TransferTo | RefuseWith | ConfirmAct
ApologyButton = ApologyStart | ApologyReason | ApologyDate | ApologyStep | ApologyNotify
FiguresButton = StatsPick | StatsFile
Button = IntakeButton | CitizenButton | InboxButton | ApologyButton | FollowDigest | FiguresButton
# Buttons only staff may press: the one guard (bot.services.router) checks these.
STAFF_BUTTONS: tuple[type, ...] = (
    CaseButton,
    TransferTo,
    RefuseWith,
    ConfirmAct,
    ApologyStart,
    ApologyReason,
    ApologyDate,
    ApologyStep,
    ApologyNotify,
    FollowDigest,
    StatsPick,
    StatsFile,
)


# --- reading data back ----------------------------------------------------------------------------


def _int(text: str) -> int:
    """A positive decimal id as `encode` writes it (no sign, no leading zero, ASCII digits)."""
    if not is_digits(text) or text.startswith("0") or len(text) > 19:
        raise ValueError(text)
    return int(text)


def _yes_no(text: str) -> bool:
    if text not in ("yes", "no"):
        raise ValueError(text)
    return text == "yes"


def _on_off(text: str) -> FollowDigest:
    state, _, unit = text.partition(":")
    if state not in ("on", "off"):
        raise ValueError(text)
    return FollowDigest(_int(unit), state == "on")


def _rate(text: str) -> Rate:
    code, _, stars = text.rpartition(":")
    return Rate(code, _int(stars))


def _stats(text: str) -> StatsPick:
    unit, sep, period = text.partition(":")
    if not sep:
        raise ValueError(text)
    return StatsPick(_int(unit), period)


def _yyyymmdd(text: str) -> date:
    if len(text) != 8 or not is_digits(text):
        raise ValueError(text)
    return date(int(text[:4]), int(text[4:6]), int(text[6:]))


def _stats_file(text: str) -> StatsFile:
    unit, start, end, kind = text.split(":")  # ValueError unless exactly four parts
    return StatsFile(_int(unit), _yyyymmdd(start), _yyyymmdd(end), kind)


def _staff(text: str) -> Button:
    verb, _, rest = text.partition(":")
    if verb == "to":
        case, _, unit = rest.partition(":")
        return TransferTo(_int(case), _int(unit))
    if verb in ("ok", "no"):
        return ConfirmAct(_int(rest), verb == "ok")
    if verb == "rf":
        case, _, reason = rest.partition(":")
        return RefuseWith(_int(case), RefuseReason(reason))
    return CaseButton(CaseVerb(verb), _int(rest))


_PARSERS: Mapping[str, Callable[[str], Button]] = {
    "menu": lambda rest: Menu(MenuItem(rest)),
    "w": lambda rest: PickWard(_int(rest)),
    "c": lambda rest: PickCategory(Category(rest)),
    "ed": lambda rest: EditField(DraftField(rest)),
    "rate": _rate,
    "reopen": Reopen,
    "info": ProvideInfo,
    "track": TrackCase,
    "erase": lambda rest: EraseData(_yes_no(rest)),
    "s": _staff,
    "apo": ApologyStart,
    "apo.r": lambda rest: ApologyReason(CommonReason(rest)),
    "apo.d": lambda rest: ApologyDate(date.fromisoformat(rest)),
    "apo.n": ApologyNotify,
    "sub": _on_off,
    "st": _stats,
    "rpt": _stats_file,
}
_WORDS: Mapping[str, Button] = {
    **{p.value: p for p in Pick},
    **{s.value: s for s in ApologyStep},
}


def decode(data: str) -> Button | None:
    """The button `data` encodes, or None when it is no button's canonical encoding."""
    try:
        if not 1 <= len(data.encode("utf-8")) <= MAX_BYTES:
            return None
    except UnicodeEncodeError:  # lone surrogates: not text any channel sends
        return None
    button: Button | None = _WORDS.get(data)
    if button is None:
        head, sep, rest = data.partition(":")
        parse = _PARSERS.get(head)
        if parse is None or not sep:
            return None
        try:
            button = parse(rest)
        except ValueError:  # ButtonError, an unknown enum value, a bad number or date
            return None
    return button if button.encode() == data else None


def fits(make: Callable[_P, _B], /, *args: _P.args, **kwargs: _P.kwargs) -> _B | None:
    """The button `make(*args)` builds, or None when it cannot be made (e.g. a dossier code too
    long for 64 bytes): the caller shows the item without its button."""
    try:
        return make(*args, **kwargs)
    except ButtonError:
        return None
