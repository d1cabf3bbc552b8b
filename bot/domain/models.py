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


_STATUS_BY_CODE: dict[int, DossierStatus] = {i + 1: s for i, s in enumerate(DossierStatus)}


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
class DossierCounts:
    """What one range scan over a ward's dossiers yields (the report's raw numbers)."""

    received: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    pending_in_time: int = 0
    pending_overdue: int = 0
    online: int = 0


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
