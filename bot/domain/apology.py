"""The apology letter for a late dossier: who may issue it, which dates are valid, its content.

NĐ 61/2018 Điều 19 (clause number unconfirmed [U]): before a dossier goes overdue the agency sends
the citizen a written apology with the reason and a new return date; the date can be moved only
once. NĐ 118/2025 + TT 03/2025 (form 04) replace it; whether they keep "only once" is [U], so the
rule stays. Pure: "today" is always a parameter.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from bot.domain.calendar import WorkCalendar
from bot.domain.fmt import day
from bot.domain.kinds import bare_name, in_sentence
from bot.domain.models import ENDING, NOT_RECEIVED, Dossier, Role, StaffMember, Unit
from bot.domain.texts import t

REASON_MIN = 10
REASON_MAX = 1000
MAX_DAYS_AHEAD = 365  # a later date is almost surely a typo (2062 for 2026)
DATE_CHOICES = 3  # the next working days offered as buttons
# A dossier's day ends when the desk closes (the seed's due times are 17:00 local).
DUE_TIME = time(17, 0)

LETTER_LANG = "vi"  # an official letter is written in Vietnamese whatever the staff's language
PLACEHOLDERS = frozenset({"received", "code", "procedure", "due", "reason", "new_due", "agency"})
BODY_MAX = 5000
LEGAL_BASIS_MAX = 1000

# National states (TrangThaiHoSo) with nothing to apologise for: never received (1, 3) or ended.
_ENDED = NOT_RECEIVED | ENDING


class Refusal(StrEnum):
    """Why an apology step was refused; each channel words it (`apology.refused.<value>`)."""

    NOT_STAFF = "not_staff"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    RESOLVED = "resolved"
    ALREADY = "already"
    REASON_SHORT = "reason_short"
    REASON_LONG = "reason_long"
    DATE_FORMAT = "date_format"
    DATE_NOT_AFTER_TODAY = "date_not_after_today"
    DATE_NOT_AFTER_DUE = "date_not_after_due"
    DATE_NOT_WORKING_DAY = "date_not_working_day"
    DATE_TOO_FAR = "date_too_far"
    NO_CITIZENS = "no_citizens"
    NO_LETTER = "no_letter"


class Preset(StrEnum):
    """The built-in templates: the legal basis line they cite."""

    ND118 = "nd118"  # NĐ 118/2025/NĐ-CP + TT 03/2025/TT-VPCP, in force since 01/07/2025
    ND61 = "nd61"  # NĐ 61/2018/NĐ-CP as the seed article cites it (superseded)


DEFAULT_PRESET = Preset.ND118


@dataclass(frozen=True, slots=True)
class Template:
    """A ward's wording: body paragraphs (blank-line separated) with placeholders, legal basis."""

    body: str
    legal_basis: str
    signer_title: str = ""  # empty: the letter's default title (Chủ tịch)
    signer_name: str = ""  # empty: left blank for the signature by hand
    title: str = ""  # empty: the default preset's title


def preset_template(preset: Preset = DEFAULT_PRESET) -> Template:
    """A built-in template: its legal basis and its own title."""
    return Template(
        body=t(LETTER_LANG, "apology.tpl.body"),
        legal_basis=t(LETTER_LANG, f"apology.tpl.{preset.value}.legal_basis"),
        title=t(LETTER_LANG, f"apology.tpl.{preset.value}.title"),
    )


def template_fields(text: str) -> set[str]:
    """The placeholder names used in a template text; ValueError when it is malformed or
    formats a value ("{due:>9}", "{code!r}": a ward's text only names fields)."""
    names: set[str] = set()
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if spec or conversion:
            raise ValueError(f"{{{name}}} may not carry a format")
        names.add(name)
    return names


def unknown_fields(template: Template) -> set[str]:
    """Placeholders a template uses that the letter cannot fill (ValueError if malformed)."""
    used = template_fields(template.body) | template_fields(template.legal_basis)
    return used - PLACEHOLDERS


# --- rules ---------------------------------------------------------------------------------------


def may_issue(staff: StaffMember | None, unit_id: int) -> Refusal | None:
    """Officers and leaders of the dossier's unit, and admins, may issue its apology."""
    if staff is None:
        return Refusal.NOT_STAFF
    if staff.role is Role.ADMIN:
        return None
    if staff.role in (Role.OFFICER, Role.LEADER) and staff.unit_id == unit_id:
        return None
    return Refusal.FORBIDDEN


def is_resolved(dossier: Dossier) -> bool:
    """Whether processing of the dossier has ended (a result, a refusal, a withdrawal…)."""
    return dossier.resolved_at is not None or dossier.status in _ENDED


def check_dossier(dossier: Dossier | None) -> Refusal | None:
    """A dossier can get its apology if it exists, is still open and has none yet."""
    if dossier is None:
        return Refusal.NOT_FOUND
    if dossier.apology_issued_at is not None:
        return Refusal.ALREADY
    if is_resolved(dossier):
        return Refusal.RESOLVED
    return None


def clean_reason(text: str) -> str:
    """The reason as it goes into the letter: single spaces, no closing full stop."""
    return " ".join(text.split()).rstrip(" .;")


def check_reason(text: str) -> Refusal | None:
    """A reason of REASON_MIN..REASON_MAX characters."""
    size = len(clean_reason(text))
    if size < REASON_MIN:
        return Refusal.REASON_SHORT
    if size > REASON_MAX:
        return Refusal.REASON_LONG
    return None


def check_new_due(
    new_due: date, today: date, original_due: date, calendar: WorkCalendar
) -> Refusal | None:
    """The new return date: a working day strictly after today and after the original due date."""
    if new_due <= today:
        return Refusal.DATE_NOT_AFTER_TODAY
    if new_due <= original_due:
        return Refusal.DATE_NOT_AFTER_DUE
    if new_due > today + timedelta(days=MAX_DAYS_AHEAD):
        return Refusal.DATE_TOO_FAR
    if not calendar.is_working_day(new_due):
        return Refusal.DATE_NOT_WORKING_DAY
    return None


def date_choices(
    today: date, original_due: date, calendar: WorkCalendar, count: int = DATE_CHOICES
) -> list[date]:
    """The first `count` working days a new date may be (after today and the old due date)."""
    current = max(today, original_due)
    out: list[date] = []
    while len(out) < count:
        current = calendar.next_working_day(current)
        out.append(current)
    return out


_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")


def parse_day(text: str) -> date | None:
    """A typed date as dd/mm/yyyy (also d/m/yyyy, with '-' or '.'); None when unreadable."""
    match = _DATE.match(text)
    if match is None:
        return None
    try:
        return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None


def letter_number(sequence: int) -> str:
    """The letter's number as written after "Số:": 01/PXL (a leading zero below 10 [R])."""
    return f"{sequence:02d}/{t(LETTER_LANG, 'apology.letter.number_suffix')}"


def issued_late(issued_on: date, due: date, calendar: WorkCalendar) -> bool:
    """Whether a letter issued on `issued_on` came after the last legal day: NĐ 61/2018 has the
    apology sent at the latest one working day before the due date. Whether NĐ 118/2025 keeps
    that rule is [U] (its text was not read); the bot applies NĐ 61's until it is."""
    return issued_on > calendar.previous_working_day(due)


# --- text from outside ----------------------------------------------------------------------------

# Characters no letter may carry: C0/C1 controls (NUL, vertical tab, form feed…), lone
# surrogates, the byte-order mark and the two non-characters XML refuses.
_BAD = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Imported or typed text as one line of a letter: every control character becomes a space,
    runs of spaces one space, NFC (a one-stop export can carry anything)."""
    return " ".join(_BAD.sub(" ", unicodedata.normalize("NFC", text)).split())


def clean_lines(text: str) -> str:
    """Text that may span lines (a two-line signer title, "KT. CHỦ TỊCH" above "PHÓ CHỦ
    TỊCH"): each line cleaned as by `clean_text`, empty lines dropped."""
    lines = _BAD.sub(lambda m: "\n" if m.group() in "\n\r" else " ", text).split("\n")
    return "\n".join(line for line in (clean_text(x) for x in lines) if line)


def clean_paragraphs(text: str) -> tuple[str, ...]:
    """A template body as paragraphs (blank-line separated), each cleaned as one line."""
    lines = _BAD.sub(lambda m: "\n" if m.group() in "\n\r" else " ", text)
    return tuple(p for p in (clean_text(b) for b in re.split(r"\n\s*\n", lines)) if p)


# --- the letter ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LetterFacts:
    """What the letter states, gathered by the service (dates are local calendar days)."""

    unit_name: str  # "Phường Ngô Quyền"
    place: str  # "Ngô Quyền": where the issuing body sits (see `place_of`)
    sequence: int  # the N of "N/PXL", counted per unit per year
    issued_on: date
    code: str
    procedure: str
    received: date
    due: date
    reason: str
    new_due: date
    recipient_name: str | None = None  # the applicant (chủ hồ sơ), when known
    recipient_address: str | None = None
    recipient_phone: str | None = None
    desk: str = ""  # "Nơi nhận": the desk as the unit named it (empty: the default wording)


@dataclass(frozen=True, slots=True)
class ApologyLetter:
    """The letter's content, laid out the way the form reads from top to bottom."""

    agency_lines: tuple[str, ...]  # ("ỦY BAN NHÂN DÂN", "PHƯỜNG NGÔ QUYỀN")
    number: str  # "Số: 1/PXL"
    nation: str
    motto: str
    place_date: str  # "Hải Phòng, ngày 27 tháng 11 năm 2026"
    title: str
    to: str  # "Kính gửi: Ông/Bà Nguyễn Văn An"
    to_details: str  # "Địa chỉ: …; số điện thoại: …" ("" when neither is known)
    legal_basis: str
    paragraphs: tuple[str, ...]
    closing: str
    cc_title: str
    cc_lines: tuple[str, ...]
    signer_title: str
    signer_name: str
    file_name: str
    pdf_name: str


def legal_date(when: date) -> tuple[str, str, str]:
    """Day, month, year as official documents write them: a leading zero for days below 10
    and for months 1 and 2 (NĐ 30/2020/NĐ-CP, Phụ lục I)."""
    d = f"{when.day:02d}"
    m = f"{when.month:02d}" if when.month < 3 else str(when.month)
    return d, m, str(when.year)


def compose(facts: LetterFacts, template: Template) -> ApologyLetter:
    """The letter from the facts and the ward's template. Every value from outside (imported
    names, a typed reason, a ward's template) is cleaned of control characters here, so the
    renderers only ever see printable text."""
    lang = LETTER_LANG
    unit_name = clean_text(facts.unit_name)
    agency = agency_name(unit_name)
    values = {
        "received": day(facts.received, lang),
        "code": clean_text(facts.code),
        "procedure": clean_text(facts.procedure) or "—",
        "due": day(facts.due, lang),
        "reason": clean_reason(clean_text(facts.reason)),
        "new_due": day(facts.new_due, lang),
        "agency": agency,
    }
    paragraphs = clean_paragraphs(template.body.format(**values))
    name = clean_text(facts.recipient_name or "")
    if name:
        recipient = t(lang, "apology.letter.recipient_named", name=name)
    else:
        recipient = t(lang, "apology.letter.recipient_default", code=values["code"])
    details = [
        t(lang, f"apology.letter.{key}", value=value)
        for key, value in (
            ("address", clean_text(facts.recipient_address or "")),
            ("phone", clean_text(facts.recipient_phone or "")),
        )
        if value
    ]
    desk = clean_text(facts.desk) or t(
        lang, "apology.letter.desk_default", unit=in_sentence(unit_name)
    )
    d, m, y = legal_date(facts.issued_on)
    file_code = _file_safe(values["code"])
    return ApologyLetter(
        agency_lines=(t(lang, "apology.letter.agency_kind"), unit_name.upper()),
        number=t(lang, "apology.letter.number", number=letter_number(facts.sequence)),
        nation=t(lang, "apology.letter.nation"),
        motto=t(lang, "apology.letter.motto"),
        place_date=t(
            lang, "apology.letter.place_date", place=clean_text(facts.place), day=d, month=m, year=y
        ),
        title=clean_text(template.title or t(lang, f"apology.tpl.{DEFAULT_PRESET.value}.title")),
        to=t(lang, "apology.letter.to", recipient=recipient),
        to_details="; ".join(details),
        legal_basis=clean_text(template.legal_basis.format(**values)),
        paragraphs=paragraphs,
        closing=t(lang, "apology.letter.closing"),
        cc_title=t(lang, "apology.letter.cc_title"),
        cc_lines=tuple(t(lang, "apology.letter.cc", desk=desk).splitlines()),
        signer_title=clean_lines(template.signer_title) or t(lang, "apology.letter.signer_title"),
        signer_name=clean_text(template.signer_name),
        file_name=t(lang, "apology.letter.file_name", code=file_code),
        pdf_name=t(lang, "apology.letter.pdf_name", code=file_code),
    )


def agency_name(unit_name: str) -> str:
    """The ward's People's Committee as a sentence names it: "Ủy ban nhân dân phường Ngô Quyền"
    (the unit's kind is a common noun there, lower case)."""
    return t(LETTER_LANG, "apology.letter.agency_full", unit=in_sentence(unit_name))


def apology_desk_default(unit: Unit) -> str:
    """The desk "Nơi nhận" names when the unit set none: its public administrative service
    centre (NĐ 118/2025: Trung tâm Phục vụ hành chính công cấp xã), "… phường Ngô Quyền"."""
    return t(LETTER_LANG, "apology.letter.desk_default", unit=in_sentence(unit.name))


def apology_desk(unit: Unit) -> str:
    """The desk the unit's letters name under "Nơi nhận"."""
    return clean_text(unit.apology_desk or "") or apology_desk_default(unit)


def _file_safe(code: str) -> str:
    return re.sub(r"[^0-9A-Za-z_-]+", "-", code).strip("-") or "ho-so"


def place_of(unit_name: str) -> str:
    """The place line's name: the administrative unit where the issuing body sits, without its
    kind ("Phường Ngô Quyền" → "Ngô Quyền"). The reading of NĐ 30/2020 behind it is [U]."""
    return bare_name(clean_text(unit_name))


# --- records -------------------------------------------------------------------------------------


class LetterNumberTakenError(Exception):
    """Another letter took the number meanwhile (the caller counts again)."""


@dataclass(frozen=True, slots=True)
class IssuedLetter:
    """An issued letter as it is recorded with the dossier (times aware)."""

    dossier_code: str
    unit_id: int
    year: int
    sequence: int
    number: str
    issued_at: datetime
    issued_by: str
    reason: str
    new_due_at: datetime
    signer_title: str
    signer_name: str
    legal_basis: str
    document_name: str
    document: bytes
    notified_at: datetime | None = None
    pdf_name: str | None = None  # None for letters issued before the PDF was kept
    pdf: bytes | None = None
    late: bool | None = None  # issued after the last legal day (None: not recorded then)


@dataclass(frozen=True, slots=True)
class StoredTemplate:
    """A template saved for a unit (None: the deployment-wide default)."""

    unit_id: int | None
    template: Template
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class CitizenContact:
    """A citizen who named the dossier in a feedback case, reachable in that case's chat."""

    case_code: str
    channel: str
    chat_id: str
    language: str
