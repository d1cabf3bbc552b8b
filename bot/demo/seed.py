"""Sample data for the offline demo: the seed article's Cầu Tre figures and the wards after 2025.

Cầu Tre (Hải Phòng) reported for 01/01–15/09/2022: 4.545 dossiers received, all resolved,
4 resolved late, 2.756 online, and 14 of the year's 27 tasks done. Since 01/07/2025 it is part of
Phường Ngô Quyền (11329, formed from Máy Chai, Vạn Mỹ, Cầu Tre and parts of Gia Viên and Đông
Khê); Phường Gia Viên (11359) took Đằng Giang, Cầu Đất, Lạch Tray and the other parts
(the 2025 arrangement of Hải Phòng's communes). So the demo keeps Cầu Tre as a historical
unit holding its 2022 figures, with Ngô Quyền as its successor and "Cầu Tre" as one of Ngô
Quyền's old names; Đông Khê, split between the two new wards, is a historical unit with two
successors. Demo staff belong to the wards of today.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.models import Dossier, DossierStatus, Role, SubmissionChannel, Task


@dataclass(frozen=True, slots=True)
class SeedUnit:
    """A unit to create."""

    slug: str
    name: str
    code: str | None
    kind: str = "ward"
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    valid_from: date | None = None
    valid_to: date | None = None
    predecessors: tuple[str, ...] = ()  # slugs of the units it took over (linked after all exist)


@dataclass(frozen=True, slots=True)
class SeedStaff:
    """A demo identity with a role."""

    user_id: int
    role: Role
    ward: str | None
    name: str


MERGED_ON = date(2025, 7, 1)
UNITS: tuple[SeedUnit, ...] = (
    SeedUnit("haiphong", "Thành phố Hải Phòng", "31", kind="province"),
    SeedUnit(
        "cautre",
        "Phường Cầu Tre",
        "11338",
        parent="haiphong",
        valid_to=MERGED_ON - timedelta(days=1),
    ),
    SeedUnit(
        "ngoquyen",
        "Phường Ngô Quyền",
        "11329",
        parent="haiphong",
        aliases=("Máy Chai", "Vạn Mỹ", "Cầu Tre", "Cầu Tre, Ngô Quyền"),
        valid_from=MERGED_ON,
        predecessors=("cautre", "dongkhe"),
    ),
    SeedUnit(
        "giavien",
        "Phường Gia Viên",
        "11359",
        parent="haiphong",
        aliases=("Đằng Giang", "Cầu Đất", "Lạch Tray"),
        valid_from=MERGED_ON,
        predecessors=("dongkhe",),
    ),
    # Last, so the other units keep the ids the tests know them by.
    SeedUnit(
        "dongkhe",
        "Phường Đông Khê",
        None,  # its pre-2025 code is not in the checked sources
        parent="haiphong",
        valid_to=MERGED_ON - timedelta(days=1),
    ),
)

CITIZEN_ID = 1001
STAFF: tuple[SeedStaff, ...] = (
    SeedStaff(2011, Role.OFFICER, "ngoquyen", "Cán bộ một cửa Ngô Quyền"),
    SeedStaff(2021, Role.OFFICER, "giavien", "Cán bộ một cửa Gia Viên"),
    SeedStaff(2003, Role.SUPERVISOR, "haiphong", "Chuyên viên theo dõi CCHC thành phố"),
    SeedStaff(2004, Role.ADMIN, None, "Quản trị hệ thống"),
)

_PROCEDURES = (
    ("Chứng thực bản sao từ bản chính", "Chứng thực"),
    ("Đăng ký khai sinh", "Hộ tịch"),
    ("Đăng ký kết hôn", "Hộ tịch"),
    ("Cấp bản sao trích lục hộ tịch", "Hộ tịch"),
    ("Xác nhận tình trạng hôn nhân", "Hộ tịch"),
    ("Đăng ký khai tử", "Hộ tịch"),
    ("Chứng thực chữ ký", "Chứng thực"),
)

SEED_PERIOD = (date(2022, 1, 1), date(2022, 9, 15))
SEED_RECEIVED = 4545
SEED_LATE = 4
SEED_ONLINE = 2756
SEED_TASKS_TOTAL = 27
SEED_TASKS_DONE = 14


def _at(day: date, hour: int, minute: int, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=tz)


def _dossier(
    code: str,
    unit_id: int,
    received: datetime,
    due: datetime,
    resolved: datetime | None,
    online: bool,
    rng: random.Random,
) -> Dossier:
    procedure, field = rng.choice(_PROCEDURES)
    return Dossier(
        code=code,
        unit_id=unit_id,
        procedure=procedure,
        field=field,
        received_at=received,
        due_at=due,
        resolved_at=resolved,
        channel=SubmissionChannel.ONLINE if online else SubmissionChannel.DIRECT,
        status=DossierStatus.RETURNED if resolved else DossierStatus.PROCESSING,
    )


def cau_tre_dossiers(unit_id: int, tz: ZoneInfo, seed: int = 766) -> Iterator[Dossier]:
    """The seed article's 4.545 dossiers (4 late, 2.756 online), then the rest of 2022."""
    rng = random.Random(seed)
    first, last = SEED_PERIOD
    days = (last - first).days + 1
    online = set(rng.sample(range(SEED_RECEIVED), SEED_ONLINE))
    late = set(rng.sample(range(SEED_RECEIVED // 2), SEED_LATE))  # early enough to end by 15/09
    for i in range(SEED_RECEIVED):
        day = first + timedelta(days=i * days // SEED_RECEIVED)
        received = _at(day, rng.randint(7, 15), rng.randint(0, 59), tz)
        due = _at(day + timedelta(days=rng.randint(3, 10)), 17, 0, tz)
        if i in late:
            resolved = due + timedelta(days=rng.randint(1, 3))
        else:
            resolved = received + (due - received) * rng.uniform(0.1, 0.95)
        cutoff = _at(last, 17, 0, tz)
        resolved = min(resolved, cutoff) if i not in late else resolved
        yield _dossier(f"CT-2022-{i + 1:05d}", unit_id, received, due, resolved, i in online, rng)
    # 16/09–31/12/2022: about 1.600 more, a few late, none pending at year end.
    for j in range(1600):
        day = date(2022, 9, 16) + timedelta(days=j * 107 // 1600)
        received = _at(day, rng.randint(7, 15), rng.randint(0, 59), tz)
        due = _at(day + timedelta(days=rng.randint(3, 10)), 17, 0, tz)
        slow = rng.random() < 0.004
        resolved = due + timedelta(days=1) if slow else received + (due - received) * 0.5
        yield _dossier(
            f"CT-2022-{SEED_RECEIVED + j + 1:05d}",
            unit_id,
            received,
            due,
            resolved,
            rng.random() < 0.62,
            rng,
        )


def cau_tre_tasks(unit_id: int, tz: ZoneInfo) -> Iterator[Task]:
    """27 tasks of 2022: 14 done by 15/09/2022, 5 more done later in the year."""
    for i in range(SEED_TASKS_TOTAL):
        due = _at(date(2022, 3 + i % 10, 28), 17, 0, tz)
        completed: datetime | None = None
        if i < SEED_TASKS_DONE:
            completed = _at(date(2022, 1 + i % 8, 20), 10, 0, tz)
        elif i < SEED_TASKS_DONE + 5:
            completed = _at(date(2022, 10 + (i % 3), 15), 10, 0, tz)
        yield Task(
            code=f"CT-NV-2022-{i + 1:02d}",
            unit_id=unit_id,
            title=f"Nhiệm vụ CCHC số {i + 1} năm 2022",
            year=2022,
            due_at=due,
            completed_at=completed,
        )


def recent_dossiers(
    prefix: str,
    unit_id: int,
    today: date,
    tz: ZoneInfo,
    per_day: int,
    seed: int,
    until: datetime | None = None,
) -> Iterator[Dossier]:
    """A new ward's dossiers from 01/07/2025 to today, with some pending and overdue; none
    received, and none resolved, after `until` (the moment the demo is seeded)."""
    rng = random.Random(seed)
    start = date(2025, 7, 1)
    n = 0
    day = start
    while day <= today:
        if day.weekday() < 5:
            for _ in range(rng.randint(per_day // 2, per_day)):
                n += 1
                received = _at(day, rng.randint(7, 15), rng.randint(0, 59), tz)
                due = _at(day + timedelta(days=rng.randint(3, 12)), 17, 0, tz)
                roll = rng.random()
                if roll < 0.015:
                    finished = due + timedelta(days=rng.randint(1, 4))
                else:
                    finished = received + (due - received) * rng.uniform(0.1, 0.9)
                # Still open: the recent ones (in time) and a few long overdue.
                still_open = finished.date() >= today - timedelta(days=1) or (
                    roll > 0.995 and due.date() < today
                )
                if until is not None and received > until:
                    continue  # later today: not there yet
                if until is not None and finished > until:
                    still_open = True
                resolved = None if still_open else finished
                yield _dossier(
                    f"{prefix}-{received:%Y}-{n:06d}",
                    unit_id,
                    received,
                    due,
                    resolved,
                    rng.random() < 0.55,
                    rng,
                )
        day += timedelta(days=1)


def recent_tasks(prefix: str, unit_id: int, today: date, tz: ZoneInfo) -> Iterator[Task]:
    """This year's tasks for a new ward: about two thirds done."""
    year = today.year
    for i in range(20):
        due = _at(date(year, 1 + i % 12, 25), 17, 0, tz)
        done = i % 3 != 2 and due.date() <= today + timedelta(days=30)
        yield Task(
            code=f"{prefix}-NV-{year}-{i + 1:02d}",
            unit_id=unit_id,
            title=f"Nhiệm vụ CCHC số {i + 1} năm {year}",
            year=year,
            due_at=due,
            completed_at=due - timedelta(days=3) if done and due.date() <= today else None,
        )
