"""Import rules: header styles, date/status/channel parsing, and a row to a storage-ready record.

Pure and synchronous. Rows are validated one by one so a 1.000.000-row file streams through
in constant memory; the hot path avoids `strptime` (digits are sliced and the UTC offset is
cached per local date).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, Final
from zoneinfo import ZoneInfo

from bot.domain.fmt import is_digits
from bot.domain.models import (
    ENDING,
    Dossier,
    DossierStatus,
    OnlineLevel,
    SubmissionChannel,
    Task,
    Unit,
)
from bot.domain.wards import WardAmbiguous, WardFound, WardIndex, fold


@dataclass
class Table:
    """A file read as a table (CSV or XLSX, see bot.render.tables): a header row and
    an iterator over the rows below it (line number, cells)."""

    header: list[object]
    header_line: int
    rows: Iterator[tuple[int, list[Any]]]
    kind: str


# (code, unit_id, procedure, field, received_at, due_at, resolved_at, channel, status, level,
# department, applicant, applicant_address, applicant_phone): epoch seconds UTC, enum values as
# text — exactly what the dossiers table stores (None: the file has no such value).
DossierRecord = tuple[
    str,
    int,
    str,
    str,
    int,
    int,
    int | None,
    str,
    str,
    str | None,
    str,
    str | None,
    str | None,
    str | None,
]
# (code, unit_id, title, year, due_at, completed_at)
TaskRecord = tuple[str, int, str, int, int | None, int | None]

DAY: Final = 86_400
_CACHE_LIMIT: Final = 100_000
_MIDNIGHT: Final = time(0, 0)


class ImportKind(StrEnum):
    """What a file holds."""

    DOSSIERS = "dossiers"
    TASKS = "tasks"


class HeaderStyle(StrEnum):
    """Which naming convention the header row follows."""

    CANONICAL = "canonical"
    VIETNAMESE = "vietnamese"
    NATIONAL = "national"


@dataclass(frozen=True, slots=True)
class RowError:
    """Why one line of a file was refused: a text key and the values it needs, then every
    other problem of the same line (`also`: (key, values) pairs)."""

    line: int
    reason: str
    values: dict[str, str] = field(default_factory=dict)
    also: tuple[tuple[str, dict[str, str]], ...] = ()

    @property
    def problems(self) -> list[tuple[str, dict[str, str]]]:
        """Every problem of the line, the first one first."""
        return [(self.reason, self.values), *self.also]


class MappingError(ValueError):
    """A `--map` or `--status-map` item that cannot be used; `reason` is a texts key."""

    def __init__(self, reason: str, item: str) -> None:
        super().__init__(reason, item)
        self.reason = reason
        self.item = item


class HeaderError(ValueError):
    """The header row lacks a required column (the whole file is refused)."""

    def __init__(self, column: str) -> None:
        super().__init__(column)
        self.column = column


def header_key(name: object) -> str:
    """Normalise a header cell: no BOM, case, diacritics, spaces or punctuation."""
    text = "" if name is None else str(name).replace("\ufeff", "")
    return re.sub(r"[^a-z0-9]+", "", fold(text))


# Every accepted spelling (as header_key sees it) -> (field, style).
_DOSSIER_HEADERS: Final[dict[str, tuple[str, HeaderStyle]]] = {
    "code": ("code", HeaderStyle.CANONICAL),
    "ward": ("ward", HeaderStyle.CANONICAL),
    "procedure": ("procedure", HeaderStyle.CANONICAL),
    "field": ("field", HeaderStyle.CANONICAL),
    "receivedat": ("received_at", HeaderStyle.CANONICAL),
    "dueat": ("due_at", HeaderStyle.CANONICAL),
    "resolvedat": ("resolved_at", HeaderStyle.CANONICAL),
    "channel": ("channel", HeaderStyle.CANONICAL),
    "status": ("status", HeaderStyle.CANONICAL),
    "level": ("level", HeaderStyle.CANONICAL),
    "department": ("department", HeaderStyle.CANONICAL),
    "applicant": ("applicant", HeaderStyle.CANONICAL),
    "applicantaddress": ("applicant_address", HeaderStyle.CANONICAL),
    "applicantphone": ("applicant_phone", HeaderStyle.CANONICAL),
    # Vietnamese, as printed by one-stop systems (with or without diacritics).
    "mahoso": ("code", HeaderStyle.VIETNAMESE),
    "donvi": ("ward", HeaderStyle.VIETNAMESE),
    "tenthutuc": ("procedure", HeaderStyle.VIETNAMESE),
    "linhvuc": ("field", HeaderStyle.VIETNAMESE),
    "ngaytiepnhan": ("received_at", HeaderStyle.VIETNAMESE),
    "ngayhentra": ("due_at", HeaderStyle.VIETNAMESE),
    "ngaycoketqua": ("resolved_at", HeaderStyle.VIETNAMESE),
    "hinhthucnop": ("channel", HeaderStyle.VIETNAMESE),
    "trangthai": ("status", HeaderStyle.VIETNAMESE),
    # "Mức độ" / MucDo, "Tên lĩnh vực" / TenLinhVuc, "Đơn vị xử lý" / DonViXuLy and
    # "Tên TTHC" / TenTTHC fold alike in both styles.
    "mucdo": ("level", HeaderStyle.VIETNAMESE),
    "mucdodichvu": ("level", HeaderStyle.VIETNAMESE),
    "tenlinhvuc": ("field", HeaderStyle.VIETNAMESE),
    "tentthc": ("procedure", HeaderStyle.VIETNAMESE),
    "tenthutuchanhchinh": ("procedure", HeaderStyle.VIETNAMESE),
    "donvixuly": ("department", HeaderStyle.VIETNAMESE),
    # The applicant: "Chủ hồ sơ" / "Người nộp", "Địa chỉ", "Số điện thoại" (the national
    # ChuHoSo, DiaChi, SoDienThoai fold to the same keys).
    "chuhoso": ("applicant", HeaderStyle.VIETNAMESE),
    "nguoinop": ("applicant", HeaderStyle.VIETNAMESE),
    "diachi": ("applicant_address", HeaderStyle.VIETNAMESE),
    "sodienthoai": ("applicant_phone", HeaderStyle.VIETNAMESE),
    # National sync names (Cổng DVCQG); MaHoSo/NgayTiepNhan/NgayHenTra/DonVi fold like the
    # Vietnamese ones, so the style is decided by the national-only names below.
    "ngayketthucxuly": ("resolved_at", HeaderStyle.NATIONAL),
    "trangthaihoso": ("status", HeaderStyle.NATIONAL),
    "kenhthuchien": ("channel", HeaderStyle.NATIONAL),
    "madonvi": ("ward", HeaderStyle.NATIONAL),
}

_TASK_HEADERS: Final[dict[str, tuple[str, HeaderStyle]]] = {
    "code": ("code", HeaderStyle.CANONICAL),
    "ward": ("ward", HeaderStyle.CANONICAL),
    "title": ("title", HeaderStyle.CANONICAL),
    "year": ("year", HeaderStyle.CANONICAL),
    "dueat": ("due_at", HeaderStyle.CANONICAL),
    "completedat": ("completed_at", HeaderStyle.CANONICAL),
    "manhiemvu": ("code", HeaderStyle.VIETNAMESE),
    "donvi": ("ward", HeaderStyle.VIETNAMESE),
    "tennhiemvu": ("title", HeaderStyle.VIETNAMESE),
    "nam": ("year", HeaderStyle.VIETNAMESE),
    "hanhoanthanh": ("due_at", HeaderStyle.VIETNAMESE),
    "ngayhoanthanh": ("completed_at", HeaderStyle.VIETNAMESE),
}

DOSSIER_REQUIRED: Final = ("code", "received_at", "due_at")
TASK_REQUIRED: Final = ("code", "title")
DOSSIER_FIELDS: Final = frozenset(name for name, _ in _DOSSIER_HEADERS.values())
TASK_FIELDS: Final = frozenset(name for name, _ in _TASK_HEADERS.values())


def _items(text: str) -> list[str]:
    """'a=b,c=d' or one 'a=b' per line (a mapping file: '#' starts a comment)."""
    lines = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if len(lines) == 1:
        return [item.strip() for item in lines[0].split(",") if item.strip()]
    return lines


def _pair(item: str) -> tuple[str, str]:
    name, sep, value = item.rpartition("=")
    if not sep or not name.strip() or not value.strip():
        raise MappingError("import.map.bad_item", item)
    return name.strip(), value.strip()


def parse_header_map(text: str, kind: ImportKind = ImportKind.DOSSIERS) -> dict[str, str]:
    """`--map "Số biên nhận=code,Ngày nhận=received_at"`: their header → our field name."""
    known = DOSSIER_FIELDS if kind is ImportKind.DOSSIERS else TASK_FIELDS
    mapping: dict[str, str] = {}
    for item in _items(text):
        header, target = _pair(item)
        name = target.strip().lower()
        if name not in known:
            raise MappingError("import.map.unknown_field", target)
        mapping[header] = name
    return mapping


def parse_status_map(text: str) -> dict[str, DossierStatus]:
    """`--status-map "Đã trả=10,Công dân rút=7"`: folded status word → status."""
    mapping: dict[str, DossierStatus] = {}
    for item in _items(text):
        word, target = _pair(item)
        status = parse_status(target)
        if status is None:
            raise MappingError("import.map.unknown_status", target)
        mapping[fold(word)] = status
    return mapping


@dataclass(frozen=True, slots=True)
class HeaderMap:
    """Where each known field sits in a row (0-based), and the header style recognised."""

    columns: dict[str, int]
    style: HeaderStyle
    width: int


def map_header(
    header: Sequence[object],
    kind: ImportKind,
    *,
    has_ward: bool,
    mapping: Mapping[str, str] | None = None,
) -> HeaderMap:
    """Match a header row to fields; raises HeaderError naming the first missing column.

    `mapping` (from `parse_header_map`) names another system's headers first; a mapped header
    the file does not have raises MappingError.
    """
    table = _DOSSIER_HEADERS if kind is ImportKind.DOSSIERS else _TASK_HEADERS
    columns: dict[str, int] = {}
    styles: set[HeaderStyle] = set()
    keys = [header_key(cell) for cell in header]
    for wanted, target in (mapping or {}).items():
        key = header_key(wanted)
        if key not in keys:
            raise MappingError("import.map.not_in_file", wanted)
        columns.setdefault(target, keys.index(key))
    taken = set(columns.values())
    for index, key in enumerate(keys):
        hit = table.get(key)
        if hit is not None and hit[0] not in columns and index not in taken:
            columns[hit[0]] = index
            styles.add(hit[1])
    required = DOSSIER_REQUIRED if kind is ImportKind.DOSSIERS else TASK_REQUIRED
    for name in required:
        if name not in columns:
            raise HeaderError(name)
    if "ward" not in columns and not has_ward:
        raise HeaderError("ward")
    if HeaderStyle.NATIONAL in styles:
        style = HeaderStyle.NATIONAL
    elif HeaderStyle.CANONICAL in styles:
        style = HeaderStyle.CANONICAL
    else:
        style = HeaderStyle.VIETNAMESE
    return HeaderMap(columns, style, len(header))


# --- statuses and channels ----------------------------------------------------------------

_STATUS_NAMES: Final[dict[str, DossierStatus]] = {
    "moi dang ky": DossierStatus.REGISTERED,
    "duoc tiep nhan": DossierStatus.ACCEPTED,
    "da tiep nhan": DossierStatus.ACCEPTED,
    "tiep nhan": DossierStatus.ACCEPTED,
    "khong duoc tiep nhan": DossierStatus.REJECTED,
    "tu choi": DossierStatus.REJECTED,
    "tu choi tiep nhan": DossierStatus.REJECTED,
    "dang xu ly": DossierStatus.PROCESSING,
    "dang giai quyet": DossierStatus.PROCESSING,
    "yeu cau bo sung": DossierStatus.SUPPLEMENT,
    "yeu cau bo sung giay to": DossierStatus.SUPPLEMENT,
    "yeu cau bo sung ho so": DossierStatus.SUPPLEMENT,
    "yeu cau thuc hien nghia vu tai chinh": DossierStatus.FINANCIAL,
    "nghia vu tai chinh": DossierStatus.FINANCIAL,
    "cong dan yeu cau rut ho so": DossierStatus.WITHDRAWN,
    "rut ho so": DossierStatus.WITHDRAWN,
    "dung xu ly": DossierStatus.STOPPED,
    "da xu ly xong": DossierStatus.DONE,
    "da giai quyet": DossierStatus.DONE,
    "da tra ket qua": DossierStatus.RETURNED,
}

_ENDING_VALUES: Final = frozenset(s.value for s in ENDING)

_CHANNEL_NAMES: Final[dict[str, SubmissionChannel]] = {
    "1": SubmissionChannel.DIRECT,
    "2": SubmissionChannel.ONLINE,
    "3": SubmissionChannel.POSTAL,
    "truc tiep": SubmissionChannel.DIRECT,
    "truc tuyen": SubmissionChannel.ONLINE,
    "qua mang": SubmissionChannel.ONLINE,
    "buu chinh": SubmissionChannel.POSTAL,
    "buu chinh cong ich": SubmissionChannel.POSTAL,
    "qua buu chinh": SubmissionChannel.POSTAL,
    "direct": SubmissionChannel.DIRECT,
    "online": SubmissionChannel.ONLINE,
    "postal": SubmissionChannel.POSTAL,
}


_LEVEL_NAMES: Final[dict[str, OnlineLevel]] = {
    "4": OnlineLevel.FULL,
    "3": OnlineLevel.PARTIAL,
    "2": OnlineLevel.NONE,
    "1": OnlineLevel.NONE,
    "full": OnlineLevel.FULL,
    "partial": OnlineLevel.PARTIAL,
    "none": OnlineLevel.NONE,
    "toan trinh": OnlineLevel.FULL,
    "dvc truc tuyen toan trinh": OnlineLevel.FULL,
    "dich vu cong truc tuyen toan trinh": OnlineLevel.FULL,
    "muc do 4": OnlineLevel.FULL,
    "muc 4": OnlineLevel.FULL,
    "mot phan": OnlineLevel.PARTIAL,
    "dvc truc tuyen mot phan": OnlineLevel.PARTIAL,
    "dich vu cong truc tuyen mot phan": OnlineLevel.PARTIAL,
    "muc do 3": OnlineLevel.PARTIAL,
    "muc 3": OnlineLevel.PARTIAL,
    "dich vu cong": OnlineLevel.NONE,
    "muc do 2": OnlineLevel.NONE,
    "muc 2": OnlineLevel.NONE,
    "khong": OnlineLevel.NONE,
}


def parse_level(value: str) -> OnlineLevel | None:
    """The online service level (MucDo: 4 toàn trình, 3 một phần, 2 none) or None if unknown."""
    text = value.strip()
    number = _number_text(text)
    return _LEVEL_NAMES.get(number if number is not None else fold(text))


def _number_text(value: str) -> str | None:
    """'4', '04', '4.0' -> '4'; anything else -> None."""
    if is_digits(value):
        return str(int(value))
    if value.endswith(".0") and is_digits(value[:-2]):
        return str(int(value[:-2]))
    return None


def parse_status(value: str) -> DossierStatus | None:
    """A status from a national code (1..10), our value, or a Vietnamese name; None if unknown."""
    text = value.strip()
    number = _number_text(text)
    if number is not None:
        try:
            return DossierStatus.from_national_code(int(number))
        except KeyError:
            return None
    folded = fold(text)
    try:
        return DossierStatus(folded)
    except ValueError:
        return _STATUS_NAMES.get(folded)


def parse_channel(value: str) -> SubmissionChannel | None:
    """A channel from a national code (1/2/3), our value or a Vietnamese name; None if unknown."""
    text = value.strip()
    number = _number_text(text)
    return _CHANNEL_NAMES.get(number if number is not None else fold(text))


# --- dates ----------------------------------------------------------------------------------


class DateParser:
    """Turns cell values into epoch seconds UTC; naive values are local time in `tz`.

    Date-only values mean the start of the day, or its last second when `end_of_day` is set.
    The UTC offset is computed once per local date (exactly, even on a DST-change day).
    """

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz
        # date text 'yyyy-mm-dd' / 'dd/mm/yyyy' -> (epoch of local midnight, fixed offset?)
        self._days: dict[str, tuple[int, int, int, int, bool]] = {}
        # whole date-only texts -> (start, end) epochs
        self._whole: dict[str, tuple[int, int]] = {}
        # 'HH:MM' / 'HH:MM:SS' after a date -> seconds into the day (None: not that form)
        self._clock: dict[str, int | None] = {}

    def _day(self, key: str) -> tuple[int, int, int, int, bool] | None:
        """(y, m, d, midnight epoch, offset constant all day) for a date text, or None."""
        hit = self._days.get(key)
        if hit is not None:
            return hit
        if len(key) != 10:
            return None
        if key[4] == "-" and key[7] == "-":
            ys, ms, ds = key[0:4], key[5:7], key[8:10]
        elif key[2] == key[5] and key[2] in "/-.":
            ds, ms, ys = key[0:2], key[3:5], key[6:10]
        else:
            return None
        if not (is_digits(ys) and is_digits(ms) and is_digits(ds)):
            return None
        try:
            day = date(int(ys), int(ms), int(ds))
        except ValueError:
            return None
        start = datetime(day.year, day.month, day.day, tzinfo=self.tz)
        end = start + timedelta(seconds=DAY - 1)
        fixed = start.utcoffset() == end.utcoffset()
        midnight = int(start.timestamp())
        result = (day.year, day.month, day.day, midnight, fixed)
        if len(self._days) < _CACHE_LIMIT:
            self._days[key] = result
        return result

    def _local(self, day: tuple[int, int, int, int, bool], h: int, mi: int, s: int) -> int:
        if day[4]:
            return day[3] + h * 3600 + mi * 60 + s
        return int(datetime(day[0], day[1], day[2], h, mi, s, tzinfo=self.tz).timestamp())

    def parse(self, value: object, *, end_of_day: bool = False) -> int | None:
        """Epoch seconds UTC for a cell, or None when it is not a date we understand."""
        if type(value) is str:
            # The hot path: a date seen before, then ' HH:MM' or 'THH:MM:SS' (or nothing).
            day = self._days.get(value[:10])
            if day is not None and day[4]:
                n = len(value)
                if (n == 16 or n == 19) and value[10] in "T ":
                    tail = value[11:]
                    seconds = self._clock.get(tail, -1)
                    if seconds == -1:
                        seconds = _clock_seconds(tail)
                        if len(self._clock) < _CACHE_LIMIT:
                            self._clock[tail] = seconds
                    if seconds is not None:
                        return day[3] + seconds
            text = value  # every other form (and a bad time) as before
        elif isinstance(value, datetime):
            if end_of_day and value.tzinfo is None and value.time() == _MIDNIGHT:
                # Spreadsheets store a date-only cell as a datetime at 00:00.
                return self.parse(value.date(), end_of_day=True)
            return self._from_datetime(value)
        elif isinstance(value, date):
            day = self._day(value.isoformat())
            if day is None:
                return None
            return self._local(day, 23, 59, 59) if end_of_day else self._local(day, 0, 0, 0)
        else:
            text = str(value)
        whole = self._whole.get(text)
        if whole is not None:
            return whole[1] if end_of_day else whole[0]
        original = text
        text = text.strip()
        if len(text) < 10:
            return self._slow(text, end_of_day)
        day = self._day(text[:10])
        if day is None:
            return self._slow(text, end_of_day)
        rest = text[10:]
        if not rest:
            pair = (self._local(day, 0, 0, 0), self._local(day, 23, 59, 59))
            if len(self._whole) < _CACHE_LIMIT:
                self._whole[original] = pair
            return pair[1] if end_of_day else pair[0]
        n = len(rest)
        if (n == 6 or n == 9) and rest[0] in "T " and rest[3] == ":" and (n == 6 or rest[6] == ":"):
            hs, ms = rest[1:3], rest[4:6]
            ss = rest[7:9] if n == 9 else "00"
            if is_digits(hs) and is_digits(ms) and is_digits(ss):
                h, mi, s = int(hs), int(ms), int(ss)
                if h < 24 and mi < 60 and s < 60:
                    return self._local(day, h, mi, s)
                return None
        return self._slow(text, end_of_day)

    def _from_datetime(self, value: datetime) -> int:
        if value.tzinfo is None:
            value = value.replace(tzinfo=self.tz)
        return int(value.timestamp())

    def _slow(self, text: str, end_of_day: bool) -> int | None:
        """Rare forms: offsets/Z, fractions, single-digit day or month, 'HH:MM' after a date."""
        match = _DMY.fullmatch(text)
        if match:
            d, m, y, h, mi, s = match.groups()
            key = f"{int(d):02d}/{int(m):02d}/{y}"
            day = self._day(key)
            if day is None:
                return None
            if h is None:
                return self._local(day, *((23, 59, 59) if end_of_day else (0, 0, 0)))
            hh, mm, sec = int(h), int(mi), int(s or 0)
            if hh < 24 and mm < 60 and sec < 60:
                return self._local(day, hh, mm, sec)
            return None
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            return None
        if len(text) == 10:  # a compact ISO date such as 20220115
            return self.parse(parsed.date(), end_of_day=end_of_day)
        return self._from_datetime(parsed)


def _clock_seconds(tail: str) -> int | None:
    """Seconds into the day of 'HH:MM' or 'HH:MM:SS' (digits only); None for anything else."""
    n = len(tail)
    if tail[2] != ":" or (n == 8 and tail[5] != ":"):
        return None
    hs, ms, ss = tail[0:2], tail[3:5], tail[6:8] if n == 8 else "00"
    if not (is_digits(hs) and is_digits(ms) and is_digits(ss)):
        return None
    h, mi, s = int(hs), int(ms), int(ss)
    return h * 3600 + mi * 60 + s if h < 24 and mi < 60 and s < 60 else None


_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def epoch_to_datetime(value: int | None) -> datetime | None:
    """Epoch seconds to an aware UTC datetime (None stays None)."""
    return None if value is None else datetime.fromtimestamp(value, UTC)


def format_local(epoch: int, tz: ZoneInfo) -> str:
    """dd/mm/yyyy HH:MM in local time, for error messages."""
    return datetime.fromtimestamp(epoch, tz).strftime("%d/%m/%Y %H:%M")


# --- rows -----------------------------------------------------------------------------------


class UnitResolver:
    """Finds the unit a ward cell names (slug, name, alias or official code), with a cache; a
    name several units share is reported, never guessed."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self._index = WardIndex(units)
        self._by_code: dict[str, list[Unit]] = {}
        for unit in units:
            if unit.code:
                self._by_code.setdefault(unit.code, []).append(unit)
        self._cache: dict[str, Unit | WardAmbiguous | None] = {}

    def find(self, text: str) -> Unit | WardAmbiguous | None:
        """The unit the text names, the units it could mean, or None."""
        try:
            return self._cache[text]
        except KeyError:
            pass
        key = text.strip()
        number = _number_text(key)
        found: Unit | WardAmbiguous | None = self._code(key) or (
            self._code(number) if number else None
        )
        if found is None:
            lookup = self._index.resolve(key)
            if isinstance(lookup, WardFound):
                found = lookup.unit
            elif isinstance(lookup, WardAmbiguous):
                found = lookup
        if len(self._cache) < _CACHE_LIMIT:
            self._cache[text] = found
        return found

    def _code(self, code: str) -> Unit | None:
        # A code is reused after a merger: the unit that still exists holds it now.
        units = self._by_code.get(code, [])
        current = [u for u in units if u.valid_to is None] if len(units) > 1 else units
        return current[0] if len(current) == 1 else None


def _cell_text(value: object) -> str:
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _RowParser:
    """Shared row plumbing: padding, ward resolution, date columns."""

    def __init__(
        self,
        header: HeaderMap,
        resolver: UnitResolver,
        tz: ZoneInfo,
        ward: Unit | None,
    ) -> None:
        self.header = header
        self.resolver = resolver
        self.ward = ward
        self.dates = DateParser(tz)
        self.tz = tz
        self._width = max(header.columns.values()) + 1

    def _pad(self, cells: Sequence[object]) -> Sequence[object]:
        if len(cells) >= self._width:
            return cells
        return list(cells) + [None] * (self._width - len(cells))

    def _unit(self, line: int, cells: Sequence[object]) -> Unit | RowError:
        index = self.header.columns.get("ward")
        text = _cell_text(cells[index]) if index is not None else ""
        if not text:
            if self.ward is None:
                return RowError(line, "import.bad.empty", {"column": "ward"})
            return self.ward
        unit = self.resolver.find(text)
        if unit is None:
            return RowError(line, "import.bad.ward_unknown", {"value": text})
        if isinstance(unit, WardAmbiguous):
            names = ", ".join(o.label for o in unit.options)
            return RowError(line, "import.bad.ward_ambiguous", {"value": text, "names": names})
        if self.ward is not None and unit.id != self.ward.id:
            return RowError(line, "import.bad.ward_other", {"value": text, "ward": self.ward.name})
        return unit

    def _date(
        self, line: int, cells: Sequence[object], name: str, *, required: bool, end: bool = False
    ) -> int | None | RowError:
        index = self.header.columns.get(name)
        raw = cells[index] if index is not None else None
        if raw is None or raw == "":
            return RowError(line, "import.bad.empty", {"column": name}) if required else None
        epoch = self.dates.parse(raw, end_of_day=end)
        if epoch is None:
            text = _cell_text(raw)
            if not text:
                return RowError(line, "import.bad.empty", {"column": name}) if required else None
            return RowError(line, "import.bad.date", {"column": name, "value": text})
        return epoch


class DossierRowParser(_RowParser):
    """Validates dossier rows against one header; `parse` is the hot path."""

    def __init__(
        self,
        header: HeaderMap,
        resolver: UnitResolver,
        tz: ZoneInfo,
        ward: Unit | None = None,
        status_map: Mapping[str, DossierStatus] | None = None,
    ) -> None:
        super().__init__(header, resolver, tz, ward)
        cols = header.columns
        self._status_map = dict(status_map or {})
        self._level = cols.get("level")
        self._department = cols.get("department")
        self._levels: dict[str, str | None] = {}
        self._code = cols["code"]
        self._ward = cols.get("ward")
        self._procedure = cols.get("procedure")
        self._field = cols.get("field")
        self._received = cols["received_at"]
        self._due = cols["due_at"]
        self._resolved = cols.get("resolved_at")
        self._channel = cols.get("channel")
        self._status = cols.get("status")
        self._applicant = (
            cols.get("applicant"),
            cols.get("applicant_address"),
            cols.get("applicant_phone"),
        )
        self._has_applicant = any(i is not None for i in self._applicant)
        self._statuses: dict[str, str | None] = {}
        self._channels: dict[str, str | None] = {}
        self._units: dict[str, int | RowError] = {}

    def parse(self, line: int, cells: Sequence[object]) -> DossierRecord | RowError:
        """One row as a storage-ready record, or every reason it is refused."""
        result = self._parse(line, cells)
        if type(result) is tuple:
            return result
        assert isinstance(result, RowError)
        return self._every_problem(line, cells) or result

    def status_of(self, text: str) -> DossierStatus | None:
        """A status cell through the file's own words (`--status-map`) first."""
        mapped = self._status_map.get(fold(text)) if self._status_map else None
        return mapped if mapped is not None else parse_status(text)

    def _parse(self, line: int, cells: Sequence[object]) -> DossierRecord | RowError:
        """The hot path: the record, or the first reason the row is refused."""
        if len(cells) < self._width:
            cells = self._pad(cells)
        code = cells[self._code]
        if type(code) is not str or code != code.strip():
            code = _cell_text(code)
        if not code:
            return RowError(line, "import.bad.empty", {"column": "code"})
        # Ward: cached per distinct cell text (a file names a handful of wards).
        if self._ward is None:
            if self.ward is None:  # map_header refuses this, but stay total
                return RowError(line, "import.bad.empty", {"column": "ward"})
            unit_id: int = self.ward.id
        else:
            key = cells[self._ward]
            skey = key if type(key) is str else _cell_text(key)
            hit = self._units.get(skey)
            if hit is None:
                resolved = self._unit(line, cells)
                hit = resolved.id if isinstance(resolved, Unit) else resolved
                if len(self._units) < _CACHE_LIMIT:
                    self._units[skey] = hit
            if type(hit) is not int:
                assert isinstance(hit, RowError)
                return RowError(line, hit.reason, hit.values)
            unit_id = hit
        dates = self.dates
        raw = cells[self._received]
        received = dates.parse(raw) if raw else None
        if received is None:
            return self._bad_date(line, "received_at", raw)
        raw = cells[self._due]
        due = dates.parse(raw, end_of_day=True) if raw else None
        if due is None:
            return self._bad_date(line, "due_at", raw)
        resolved_at: int | None = None
        if self._resolved is not None:
            raw = cells[self._resolved]
            if raw is not None and raw != "":
                resolved_at = dates.parse(raw)
                if resolved_at is None and _cell_text(raw):
                    return self._bad_date(line, "resolved_at", raw)
        if due < received:
            return RowError(
                line,
                "import.bad.due_before_received",
                {"due": format_local(due, self.tz), "received": format_local(received, self.tz)},
            )
        if resolved_at is not None and resolved_at < received:
            return RowError(
                line,
                "import.bad.resolved_before_received",
                {
                    "resolved": format_local(resolved_at, self.tz),
                    "received": format_local(received, self.tz),
                },
            )
        channel = "direct"
        if self._channel is not None:
            raw = cells[self._channel]
            if raw is not None and raw != "":
                skey = raw if type(raw) is str else _cell_text(raw)
                try:
                    found = self._channels[skey]
                except KeyError:
                    parsed = parse_channel(skey) if skey.strip() else SubmissionChannel.DIRECT
                    found = parsed.value if parsed is not None else None
                    if len(self._channels) < _CACHE_LIMIT:
                        self._channels[skey] = found
                if found is None:
                    return RowError(line, "import.bad.channel", {"value": _cell_text(raw)})
                channel = found
        status: str | None = None
        if self._status is not None:
            raw = cells[self._status]
            if raw is not None and raw != "":
                skey = raw if type(raw) is str else _cell_text(raw)
                try:
                    status = self._statuses[skey]
                except KeyError:
                    parsed_status = self.status_of(skey) if skey.strip() else None
                    status = parsed_status.value if parsed_status is not None else None
                    if status is None and skey.strip():
                        status = ""  # unknown marker, cached
                    if len(self._statuses) < _CACHE_LIMIT:
                        self._statuses[skey] = status
                if status == "":
                    return RowError(line, "import.bad.status", {"value": _cell_text(raw)})
        if status is None:
            status = "done" if resolved_at is not None else "processing"
        elif resolved_at is None and status in _ENDING_VALUES:
            return RowError(line, "import.bad.ended_without_end", {"value": _cell_text(raw)})
        level: str | None = None
        if self._level is not None:
            raw = cells[self._level]
            if raw is not None and raw != "":
                skey = raw if type(raw) is str else _cell_text(raw)
                try:
                    level = self._levels[skey]
                except KeyError:
                    parsed_level = parse_level(skey) if skey.strip() else None
                    level = parsed_level.value if parsed_level is not None else None
                    if level is None and skey.strip():
                        level = ""  # unknown marker, cached
                    if len(self._levels) < _CACHE_LIMIT:
                        self._levels[skey] = level
                if level == "":
                    return RowError(line, "import.bad.level", {"value": _cell_text(raw)})
        procedure = field_ = department = ""
        if self._procedure is not None:
            raw = cells[self._procedure]
            procedure = raw.strip() if type(raw) is str else _cell_text(raw)
        if self._field is not None:
            raw = cells[self._field]
            field_ = raw.strip() if type(raw) is str else _cell_text(raw)
        if self._department is not None:
            department = _cell_text(cells[self._department])
        name = address = phone = None
        if self._has_applicant:
            name, address, phone = (
                (_cell_text(cells[i]) or None) if i is not None else None for i in self._applicant
            )
        return (
            code,
            unit_id,
            procedure,
            field_,
            received,
            due,
            resolved_at,
            channel,
            status,
            level,
            department,
            name,
            address,
            phone,
        )

    def _every_problem(self, line: int, cells: Sequence[object]) -> RowError | None:
        """The slow path for a bad row: every problem of the row, each column on its own."""
        cells = self._pad(cells)
        problems: list[RowError] = []
        if not _cell_text(cells[self._code]):
            problems.append(RowError(line, "import.bad.empty", {"column": "code"}))
        unit = self._unit(line, cells)
        if isinstance(unit, RowError):
            problems.append(unit)
        received = self._date(line, cells, "received_at", required=True)
        due = self._date(line, cells, "due_at", required=True, end=True)
        resolved = self._date(line, cells, "resolved_at", required=False)
        problems += [d for d in (received, due, resolved) if isinstance(d, RowError)]
        if isinstance(received, int) and isinstance(due, int) and due < received:
            problems.append(
                RowError(
                    line,
                    "import.bad.due_before_received",
                    {
                        "due": format_local(due, self.tz),
                        "received": format_local(received, self.tz),
                    },
                )
            )
        if isinstance(received, int) and isinstance(resolved, int) and resolved < received:
            problems.append(
                RowError(
                    line,
                    "import.bad.resolved_before_received",
                    {
                        "resolved": format_local(resolved, self.tz),
                        "received": format_local(received, self.tz),
                    },
                )
            )
        checks: tuple[tuple[int | None, str, Callable[[str], object]], ...] = (
            (self._channel, "import.bad.channel", parse_channel),
            (self._status, "import.bad.status", self.status_of),
            (self._level, "import.bad.level", parse_level),
        )
        for index, reason, parser in checks:
            text = _cell_text(cells[index]) if index is not None else ""
            if text and parser(text) is None:
                problems.append(RowError(line, reason, {"value": text}))
        status_text = _cell_text(cells[self._status]) if self._status is not None else ""
        status = self.status_of(status_text) if status_text else None
        if status in ENDING and resolved is None:
            problems.append(RowError(line, "import.bad.ended_without_end", {"value": status_text}))
        if not problems:
            return None
        first, *rest = problems
        return RowError(line, first.reason, first.values, tuple((p.reason, p.values) for p in rest))

    def _bad_date(self, line: int, column: str, raw: object) -> RowError:
        text = _cell_text(raw)
        if not text:
            return RowError(line, "import.bad.empty", {"column": column})
        return RowError(line, "import.bad.date", {"column": column, "value": text})


class TaskRowParser(_RowParser):
    """Validates task rows against one header."""

    def parse(self, line: int, cells: Sequence[object]) -> TaskRecord | RowError:
        """One row as a storage-ready record, or the reason it is refused."""
        cells = self._pad(cells)
        cols = self.header.columns
        code = _cell_text(cells[cols["code"]])
        if not code:
            return RowError(line, "import.bad.empty", {"column": "code"})
        unit = self._unit(line, cells)
        if isinstance(unit, RowError):
            return unit
        title = _cell_text(cells[cols["title"]])
        if not title:
            return RowError(line, "import.bad.empty", {"column": "title"})
        due = self._date(line, cells, "due_at", required=False, end=True)
        if isinstance(due, RowError):
            return due
        completed = self._date(line, cells, "completed_at", required=False)
        if isinstance(completed, RowError):
            return completed
        year_text = _cell_text(cells[cols["year"]]) if "year" in cols else ""
        number = _number_text(year_text)
        if number is not None and 1900 < int(number) < 3000:
            year = int(number)
        elif not year_text and due is not None:
            year = datetime.fromtimestamp(due, self.tz).year
        elif not year_text:
            return RowError(line, "import.bad.empty", {"column": "year"})
        else:
            return RowError(line, "import.bad.year", {"value": year_text})
        return (code, unit.id, title, year, due, completed)


def record_from_dossier(dossier: Dossier) -> DossierRecord:
    """The storage-ready record for a dossier model."""
    return (
        dossier.code,
        dossier.unit_id,
        dossier.procedure,
        dossier.field,
        int(dossier.received_at.timestamp()),
        int(dossier.due_at.timestamp()),
        None if dossier.resolved_at is None else int(dossier.resolved_at.timestamp()),
        dossier.channel.value,
        dossier.status.value,
        None if dossier.level is None else dossier.level.value,
        dossier.department,
        dossier.applicant,
        dossier.applicant_address,
        dossier.applicant_phone,
    )


def record_from_task(task: Task) -> TaskRecord:
    """The storage-ready record for a task model."""
    return (
        task.code,
        task.unit_id,
        task.title,
        task.year,
        None if task.due_at is None else int(task.due_at.timestamp()),
        None if task.completed_at is None else int(task.completed_at.timestamp()),
    )
