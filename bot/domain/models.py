"""The core's data: plain, immutable records that every layer speaks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Role(StrEnum):
    """What a staff member is allowed to see and do."""

    OFFICER = "officer"
    LEADER = "leader"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class SubmissionChannel(StrEnum):
    """How a dossier reached the one-stop desk (national `KenhThucHien` 1/2/3)."""

    DIRECT = "direct"
    ONLINE = "online"
    POSTAL = "postal"


class DossierStatus(StrEnum):
    """Dossier states, one per national `TrangThaiHoSo` code (1..10)."""

    REGISTERED = "registered"  # 1 Mới đăng ký
    ACCEPTED = "accepted"  # 2 Được tiếp nhận
    REJECTED = "rejected"  # 3 Không được tiếp nhận
    PROCESSING = "processing"  # 4 Đang xử lý
    SUPPLEMENT = "supplement"  # 5 Yêu cầu bổ sung giấy tờ
    FINANCIAL = "financial"  # 6 Yêu cầu thực hiện nghĩa vụ tài chính
    WITHDRAWN = "withdrawn"  # 7 Công dân yêu cầu rút hồ sơ
    STOPPED = "stopped"  # 8 Dừng xử lý
    DONE = "done"  # 9 Đã xử lý xong
    RETURNED = "returned"  # 10 Đã trả kết quả

    @classmethod
    def from_national_code(cls, code: int) -> DossierStatus:
        """Map a national status code (1..10) to a state; raises KeyError when unknown."""
        return _STATUS_BY_CODE[code]

    @property
    def national_code(self) -> int:
        """The national `TrangThaiHoSo` code (1..10)."""
        return _CODE_BY_STATUS[self]

    @property
    def received(self) -> bool:
        """The desk accepted it: not 1 (registered online, never accepted) nor 3 (refused)."""
        return self not in NOT_RECEIVED

    @property
    def waiting_on_citizen(self) -> bool:
        """5 or 6: the clock is stopped until the citizen acts; never overdue."""
        return self in WAITING_ON_CITIZEN

    @property
    def ends_processing(self) -> bool:
        """7, 8, 9 or 10: processing has ended (withdrawn, stopped, resolved)."""
        return self in ENDING

    @property
    def resolved(self) -> bool:
        """9 or 10: resolved (a result was issued)."""
        return self in RESOLVED

    @property
    def in_progress(self) -> bool:
        """2 or 4: the desk is working on it; may run late."""
        return self in IN_PROGRESS


_STATUS_BY_CODE: dict[int, DossierStatus] = {i + 1: s for i, s in enumerate(DossierStatus)}
_CODE_BY_STATUS: dict[DossierStatus, int] = {s: c for c, s in _STATUS_BY_CODE.items()}

# The status categories every count, reminder and list relies on: the national dashboard's
# status codes 1-10 (formula document for QĐ 766), grouped by what they mean for the counts.
NOT_RECEIVED = frozenset({DossierStatus.REGISTERED, DossierStatus.REJECTED})
IN_PROGRESS = frozenset({DossierStatus.ACCEPTED, DossierStatus.PROCESSING})
WAITING_ON_CITIZEN = frozenset({DossierStatus.SUPPLEMENT, DossierStatus.FINANCIAL})
RESOLVED = frozenset({DossierStatus.DONE, DossierStatus.RETURNED})
ENDING = frozenset({DossierStatus.WITHDRAWN, DossierStatus.STOPPED}) | RESOLVED
# Statuses whose `resolved_at` is the dossier's end for the indicators: the end states, and 5/6
# where the file gives the moment the citizen was asked (our rule: the dashboard says nothing).
END_TIME_STATUSES = ENDING | WAITING_ON_CITIZEN
# Nobody is reminded about these: never received, waiting on the citizen, or ended.
NO_REMINDER = NOT_RECEIVED | WAITING_ON_CITIZEN | ENDING


class OnlineLevel(StrEnum):
    """The online service level of a dossier (national `MucDo`; NĐ 42/2022 Điều 11)."""

    FULL = "full"  # 4: dịch vụ công trực tuyến toàn trình
    PARTIAL = "partial"  # 3: dịch vụ công trực tuyến một phần
    NONE = "none"  # 2: dịch vụ công (not an online service)


@dataclass(frozen=True, slots=True)
class Unit:
    """A ward (or a body above wards) with its names, its period of validity and its lineage.

    `kind` is the tier ("ward" = commune level, "province", "other"); `unit_type` the legal kind
    ("phuong", "xa", "dac_khu", … — see bot.domain.wards.UNIT_TYPES). After a merger the old unit
    keeps its history and names its successors; the new one names its predecessors.
    """

    id: int
    slug: str
    name: str
    kind: str = "ward"
    code: str | None = None
    parent_id: int | None = None
    aliases: tuple[str, ...] = ()
    valid_from: date | None = None
    valid_to: date | None = None
    desk_address: str | None = None
    desk_hours: str | None = None
    desk_hotline: str | None = None
    saturday_reception: bool = False  # opening hours shown to citizens
    unit_type: str | None = None
    predecessor_ids: tuple[int, ...] = ()
    successor_ids: tuple[int, ...] = ()
    saturday_deadlines: bool = False  # Saturdays count in working-day deadlines
    apology_desk: str | None = None  # "Nơi nhận" of the apology letter; None: the default

    def active_on(self, day: date) -> bool:
        """Whether the unit exists that day (a ward merged away is gone after its valid_to)."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True, slots=True)
class StaffMember:
    """A person the bot serves as an official."""

    user_id: str
    role: Role
    unit_id: int | None
    name: str | None = None
    channel: str = "telegram"


@dataclass(frozen=True, slots=True)
class Dossier:
    """A one-stop dossier (hồ sơ TTHC) as the core sees it; times are aware UTC."""

    code: str
    unit_id: int
    received_at: datetime
    due_at: datetime
    channel: SubmissionChannel
    status: DossierStatus
    procedure: str = ""
    field: str = ""
    resolved_at: datetime | None = None
    level: OnlineLevel | None = None  # MucDo, when the file gives it
    department: str = ""  # DonViXuLy: the office that processes it
    apology_issued_at: datetime | None = None
    apology_reason: str | None = None
    apology_new_due_at: datetime | None = None
    applicant: str | None = None  # chủ hồ sơ, as imported
    applicant_address: str | None = None
    applicant_phone: str | None = None


@dataclass(frozen=True, slots=True)
class Task:
    """A CCHC task of the year assigned to a ward."""

    code: str
    unit_id: int
    title: str
    year: int
    due_at: datetime | None = None
    completed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class TaskCounts:
    """A ward's tasks for a year: done by the cut-off, and all of them."""

    done: int = 0
    total: int = 0


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One staff action, appended to the audit log."""

    actor: str
    action: str
    unit_id: int | None = None
    detail: dict[str, object] = field(default_factory=dict)
