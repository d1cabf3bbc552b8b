"""Scoped powers, through the one router: every staff command and button × every role × a target
in the member's units or outside them (another province), forged callback data included."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest

from bot.app.wiring import build_services
from bot.clock import FrozenClock
from bot.domain.chat import Who
from bot.domain.choices import (
    ApologyDate,
    ApologyNotify,
    ApologyReason,
    ApologyStart,
    ApologyStep,
    CaseButton,
    CaseVerb,
    CommonReason,
    ConfirmAct,
    FollowDigest,
    RefuseWith,
    TransferTo,
)
from bot.domain.commands import Command, CommandName
from bot.domain.feedback import Action, Attachment, Case, Category, Event, RefuseReason, State
from bot.domain.intake import TextInput
from bot.domain.messages import Reply
from bot.domain.models import Role
from bot.domain.report import Forbidden, ReportReady
from bot.services.container import Services
from bot.services.router import Answer, Press
from bot.services.router import Event as RouterEvent
from storage.db import Database
from storage.feedback import SqliteFeedbackRepository
from storage.staff import SqliteStaffRepository
from storage.units import SqliteUnitRepository
from tests.conftest import ADMIN_ID, NOW, TZ, make_settings

# Who presses (Telegram ids of the demo's seed, plus a leader added below).
ROLES = {
    "citizen": "1500",
    "officer": "2011",  # Phường Ngô Quyền, Hải Phòng
    "leader": "2012",  # Phường Ngô Quyền
    "supervisor": "2003",  # Thành phố Hải Phòng
    "admin": str(ADMIN_ID),  # from ADMIN_TELEGRAM_IDS
}
IN_CITIZEN, OUT_CITIZEN = "1001", "1777"
NQ_DOSSIER = "NQ-2026-006521"  # pending in Ngô Quyền


@dataclass
class World:
    services: Services
    repo: SqliteFeedbackRepository
    units: dict[str, int]
    cases: dict[str, Case]  # "in": Ngô Quyền (Hải Phòng), "out": Hoàn Kiếm (Hà Nội)
    dossiers: dict[str, str]  # "in": Ngô Quyền's, "out": Gia Viên's

    async def do(self, role: str, event: RouterEvent) -> list[Answer]:
        who = Who("telegram", ROLES[role], ROLES[role], "vi")
        return await self.services.router.handle(who, event)


async def _case(repo: SqliteFeedbackRepository, code: str, unit_id: int, citizen: str) -> Case:
    at = datetime(2026, 11, 26, 9, 0, tzinfo=TZ)
    case = Case(
        id=0,
        code=code,
        unit_id=unit_id,
        category=Category.FEES,
        description="Phí chứng thực bị thu cao hơn quy định niêm yết tại quầy.",
        state=State.NEW,
        channel="telegram",
        chat_id=citizen,
        citizen_id=citizen,
        language="vi",
        created_at=at,
        accept_due=date(2026, 11, 30),
        answer_due=date(2026, 12, 17),
        attachments=(Attachment("photo", f"file-{code}"),),
    )
    return await repo.create(case, Event(at, "citizen", Action.FILE, State.NEW))


@pytest.fixture
async def world(seeded_db: Path) -> AsyncIterator[World]:
    db = await Database(seeded_db, FrozenClock(NOW)).connect()
    try:
        units = SqliteUnitRepository(db)
        await units.add("hanoi", "Thành phố Hà Nội", kind="province")
        await units.add("hoankiem", "Phường Hoàn Kiếm", parent_slug="hanoi")
        await units.add("badinh", "Phường Ba Đình", parent_slug="hanoi")
        ids = {u.slug: u.id for u in await units.all()}
        await SqliteStaffRepository(db).add("2012", Role.LEADER, ids["ngoquyen"], "Lãnh đạo")
        repo = SqliteFeedbackRepository(db)
        cases = {
            "in": await _case(repo, "PA-TEST-0001", ids["ngoquyen"], IN_CITIZEN),
            "out": await _case(repo, "PA-TEST-0002", ids["hoankiem"], OUT_CITIZEN),
        }
        row = await db.fetchone(
            "SELECT code FROM dossiers WHERE unit_id = ? AND resolved_at IS NULL"
            " AND apology_issued_at IS NULL ORDER BY code LIMIT 1",
            (ids["giavien"],),
        )
        assert row is not None
        services = build_services(make_settings(seeded_db), db, FrozenClock(NOW))
        yield World(services, repo, ids, cases, {"in": NQ_DOSSIER, "out": str(row[0])})
    finally:
        await db.close()


def _press(make: Callable[[World, str], object]) -> Callable[[World, str], RouterEvent]:
    return lambda w, scope: Press(make(w, scope).encode())  # type: ignore[attr-defined]


def _case_id(w: World, scope: str) -> int:
    return w.cases[scope].id


def _same_province(w: World, scope: str) -> int:
    return w.units["giavien" if scope == "in" else "badinh"]


def _other_province(w: World, scope: str) -> int:
    return w.units["hoankiem" if scope == "in" else "giavien"]


def _ward(w: World, scope: str) -> str:
    return "ngoquyen" if scope == "in" else "hoankiem"


def _citizen(w: World, scope: str) -> str:
    return IN_CITIZEN if scope == "in" else OUT_CITIZEN


EVENTS: dict[str, Callable[[World, str], RouterEvent]] = {
    "take": _press(lambda w, s: CaseButton(CaseVerb.TAKE, _case_id(w, s))),
    "answer": _press(lambda w, s: CaseButton(CaseVerb.ANSWER, _case_id(w, s))),
    "ask_info": _press(lambda w, s: CaseButton(CaseVerb.ASK_INFO, _case_id(w, s))),
    "close": _press(lambda w, s: CaseButton(CaseVerb.CLOSE, _case_id(w, s))),
    "files": _press(lambda w, s: CaseButton(CaseVerb.FILES, _case_id(w, s))),
    "transfer_list": _press(lambda w, s: CaseButton(CaseVerb.TRANSFER, _case_id(w, s))),
    "transfer_same": _press(lambda w, s: TransferTo(_case_id(w, s), _same_province(w, s))),
    "transfer_away": _press(lambda w, s: TransferTo(_case_id(w, s), _other_province(w, s))),
    "transfer_dissolved": _press(lambda w, s: TransferTo(_case_id(w, s), w.units["cautre"])),
    "refuse_list": _press(lambda w, s: CaseButton(CaseVerb.REFUSE, _case_id(w, s))),
    "refuse": _press(lambda w, s: RefuseWith(_case_id(w, s), RefuseReason.DUPLICATE)),
    "block": lambda w, s: Command(CommandName.BLOCK, _citizen(w, s)),
    "unblock": lambda w, s: Command(CommandName.UNBLOCK, _citizen(w, s)),
    "block_staff": lambda w, s: Command(CommandName.BLOCK, "2021"),
    "block_admin": lambda w, s: Command(CommandName.BLOCK, str(ADMIN_ID)),
    "subscribe": lambda w, s: Command(CommandName.SUBSCRIBE, _ward(w, s)),
    "unsubscribe": lambda w, s: Command(CommandName.UNSUBSCRIBE, _ward(w, s)),
    "follow": _press(lambda w, s: FollowDigest(w.units[_ward(w, s)], True)),
    "stats": lambda w, s: Command(CommandName.STATS, f"{_ward(w, s)} 2026"),
    "apology": lambda w, s: Command(CommandName.APOLOGY, w.dossiers[s]),
    "apology_start": _press(lambda w, s: ApologyStart(w.dossiers[s])),
    "apology_notify": _press(lambda w, s: ApologyNotify(w.dossiers[s])),
    "apology_reason": _press(lambda w, s: ApologyReason(CommonReason.VERIFY)),
    "apology_date": _press(lambda w, s: ApologyDate(date(2026, 11, 30))),
    "apology_confirm": lambda w, s: Press(ApologyStep.CONFIRM.encode()),
    "apology_cancel": lambda w, s: Press(ApologyStep.CANCEL.encode()),
    "unfollow": _press(lambda w, s: FollowDigest(w.units[_ward(w, s)], False)),
    "inbox": lambda w, s: Command(CommandName.INBOX),
}

NO = "staff.only"
UNKNOWN = "staff.case_unknown"
READ_ONLY = "staff.supervisor_read_only"
# entry -> role -> (with a target in Hải Phòng's Ngô Quyền, with a target in Hà Nội);
# "leader" is as "officer" unless given.
EXPECTED: dict[str, dict[str, tuple[str, str]]] = {
    "take": {
        "officer": ("staff.done.take", UNKNOWN),
        "supervisor": (READ_ONLY, UNKNOWN),
        "admin": ("staff.done.take", "staff.done.take"),
    },
    "answer": {  # a new case must be taken first
        "officer": ("staff.not_now", UNKNOWN),
        "supervisor": (READ_ONLY, UNKNOWN),
        "admin": ("staff.not_now", "staff.not_now"),
    },
    "ask_info": {
        "officer": ("staff.not_now", UNKNOWN),
        "supervisor": (READ_ONLY, UNKNOWN),
        "admin": ("staff.not_now", "staff.not_now"),
    },
    "close": {
        "officer": ("staff.not_now", UNKNOWN),
        "supervisor": (READ_ONLY, UNKNOWN),
        "admin": ("staff.not_now", "staff.not_now"),
    },
    "files": {
        "officer": ("staff.file", UNKNOWN),
        "supervisor": ("staff.file", UNKNOWN),
        "admin": ("staff.file", "staff.file"),
    },
    "transfer_list": {
        "officer": ("staff.prompt.transfer", UNKNOWN),
        "supervisor": ("staff.prompt.transfer", UNKNOWN),
        "admin": ("staff.prompt.transfer", "staff.prompt.transfer"),
    },
    "transfer_same": {
        "officer": ("staff.done.transfer", UNKNOWN),
        "supervisor": ("staff.done.transfer", UNKNOWN),
        "admin": ("staff.done.transfer", "staff.done.transfer"),
    },
    "transfer_away": {  # to another province: only an admin
        "officer": ("staff.transfer_unknown", UNKNOWN),
        "supervisor": ("staff.transfer_unknown", UNKNOWN),
        "admin": ("staff.done.transfer", "staff.done.transfer"),
    },
    "transfer_dissolved": {  # Cầu Tre was merged into Ngô Quyền in 2025: never
        "officer": ("staff.transfer_unknown", UNKNOWN),
        "supervisor": ("staff.transfer_unknown", UNKNOWN),
        "admin": ("staff.transfer_unknown", "staff.transfer_unknown"),
    },
    "refuse_list": {
        "officer": ("staff.prompt.refuse", UNKNOWN),
        "supervisor": (READ_ONLY, UNKNOWN),
        "admin": ("staff.prompt.refuse", "staff.prompt.refuse"),
    },
    "refuse": {
        "officer": ("staff.done.refuse", UNKNOWN),
        "supervisor": (READ_ONLY, UNKNOWN),
        "admin": ("staff.done.refuse", "staff.done.refuse"),
    },
    "block": {
        "officer": ("staff.blocked", "staff.block_not_yours"),
        "supervisor": ("staff.blocked", "staff.block_not_yours"),
        "admin": ("staff.blocked", "staff.blocked"),
    },
    "unblock": {
        "officer": ("staff.unblocked", "staff.block_not_yours"),
        "supervisor": ("staff.unblocked", "staff.block_not_yours"),
        "admin": ("staff.unblocked", "staff.unblocked"),
    },
    "block_staff": {r: ("staff.block_staff",) * 2 for r in ("officer", "supervisor", "admin")},
    "block_admin": {r: ("staff.block_staff",) * 2 for r in ("officer", "supervisor", "admin")},
    "subscribe": {
        "officer": ("sub.added", "sub.forbidden"),
        "supervisor": ("sub.added", "sub.forbidden"),
        "admin": ("sub.added", "sub.added"),
        "citizen": ("sub.citizen", "sub.citizen"),
    },
    "unsubscribe": {
        "officer": ("sub.not_subscribed", "sub.forbidden"),
        "supervisor": ("sub.not_subscribed", "sub.forbidden"),
        "admin": ("sub.not_subscribed", "sub.not_subscribed"),
        "citizen": ("sub.citizen", "sub.citizen"),
    },
    "follow": {
        "officer": ("sub.added", "sub.forbidden"),
        "supervisor": ("sub.added", "sub.forbidden"),
        "admin": ("sub.added", "sub.added"),
    },
    "stats": {
        "officer": ("report", "forbidden"),
        "supervisor": ("report", "forbidden"),
        "admin": ("report", "report"),
        "citizen": ("stats.forbidden_citizen", "stats.forbidden_citizen"),
    },
    "apology": {  # "out": a dossier of Gia Viên, another ward of the same city
        "officer": ("apology.ask_reason", "apology.refused.forbidden"),
        "supervisor": ("apology.refused.forbidden", "apology.refused.forbidden"),
        "admin": ("apology.ask_reason", "apology.ask_reason"),
    },
    "apology_start": {  # the reminders' button: as /xinloi
        "officer": ("apology.ask_reason", "apology.refused.forbidden"),
        "supervisor": ("apology.refused.forbidden", "apology.refused.forbidden"),
        "admin": ("apology.ask_reason", "apology.ask_reason"),
    },
    "apology_notify": {
        "officer": ("apology.refused.no_letter", "apology.refused.forbidden"),
        "supervisor": ("apology.refused.forbidden", "apology.refused.forbidden"),
        "admin": ("apology.refused.no_letter", "apology.refused.no_letter"),
    },
    # The letter's steps with nothing in progress: stale buttons.
    **{
        step: {r: ("button.old", "button.old") for r in ("officer", "supervisor", "admin")}
        for step in ("apology_reason", "apology_date", "apology_confirm", "apology_cancel")
    },
    "unfollow": {
        "officer": ("sub.not_subscribed", "sub.forbidden"),
        "supervisor": ("sub.not_subscribed", "sub.forbidden"),
        "admin": ("sub.not_subscribed", "sub.not_subscribed"),
    },
}


def expected(entry: str, role: str, scope: str) -> str:
    table = EXPECTED[entry]
    if role == "citizen":
        pair = table.get("citizen", (NO, NO))
    else:
        pair = table.get(role) or table["officer"]
    return pair[0 if scope == "in" else 1]


def outcome_key(answers: list[Answer]) -> str:
    first = answers[0]
    if isinstance(first, Reply):
        return "report" if first.key == "report.ready" else first.key
    if isinstance(first, ReportReady):
        return "report"
    return "forbidden" if isinstance(first, Forbidden) else type(first).__name__


CASES = [(entry, role, scope) for entry in EXPECTED for role in ROLES for scope in ("in", "out")]


@pytest.mark.parametrize(("entry", "role", "scope"), CASES, ids=["-".join(c) for c in CASES])
async def test_every_staff_power_stops_at_the_members_units(
    world: World, entry: str, role: str, scope: str
) -> None:
    answers = await world.do(role, EVENTS[entry](world, scope))
    if outcome_key(answers) == "staff.confirm":
        # A final action is shown to confirm first: the scope is checked again when confirmed.
        answers = await world.do(role, Press(ConfirmAct(world.cases[scope].id, True).encode()))
    assert outcome_key(answers) == expected(entry, role, scope)


@pytest.mark.parametrize("role", ROLES)
async def test_the_inbox_lists_only_the_members_units(world: World, role: str) -> None:
    answers = await world.do(role, EVENTS["inbox"](world, "in"))
    shown = {
        code
        for a in answers
        if isinstance(a, Reply)
        for code in (a.values.get("code"),)
        if isinstance(code, str)
    }
    visible = {
        "citizen": set(),
        "officer": {"PA-TEST-0001"},
        "leader": {"PA-TEST-0001"},
        "supervisor": {"PA-TEST-0001"},
        "admin": {"PA-TEST-0001", "PA-TEST-0002"},
    }[role]
    assert shown & {"PA-TEST-0001", "PA-TEST-0002"} == visible
    if role == "citizen":
        assert [a.key for a in answers if isinstance(a, Reply)] == [NO]


async def test_the_transfer_list_offers_active_wards_of_the_province(world: World) -> None:
    def offered(answers: list[Answer]) -> set[int]:
        reply = answers[0]
        assert isinstance(reply, Reply)
        return {c.button.unit_id for c in reply.choices}  # type: ignore[union-attr]

    case = world.cases["in"].id
    officer = await world.do("officer", Press(CaseButton(CaseVerb.TRANSFER, case).encode()))
    assert offered(officer) == {world.units["giavien"]}  # not Cầu Tre (merged), not Hà Nội
    admin = await world.do("admin", Press(CaseButton(CaseVerb.TRANSFER, case).encode()))
    assert offered(admin) == {world.units[s] for s in ("giavien", "hoankiem", "badinh")}


@pytest.mark.parametrize(
    "data",
    [
        "s:take:abc",
        "s:take:0",
        "s:to:1:cautre",  # the old form naming a slug
        "s:rf:1:because",
        "s:take:99999999",  # no such case
        "apo.d:30/11/2026",
        "apo.ok ",
        "sub:on:-1",
        "menu:admin",
        "",
        "x" * 65,
    ],
)
@pytest.mark.parametrize("role", ROLES)
async def test_forged_callback_data_does_nothing(world: World, role: str, data: str) -> None:
    before = await world.repo.get(world.cases["in"].id)
    answers = await world.do(role, Press(data))
    key = outcome_key(answers)
    unknown_case = data == "s:take:99999999"
    if unknown_case:
        assert key == (NO if role == "citizen" else UNKNOWN)
    else:
        assert key == "button.old"
    assert await world.repo.get(world.cases["in"].id) == before


async def test_a_supervisors_walk_in_case_asks_which_of_their_wards(world: World) -> None:
    [reply] = await world.do("supervisor", Command(CommandName.DESK))
    assert isinstance(reply, Reply) and reply.key == "intake.ward.desk"  # worded for the desk
    names = {str(c.values["name"]) for c in reply.choices if "name" in c.values}
    assert names == {"Phường Ngô Quyền", "Phường Gia Viên"}  # Hải Phòng's active wards
    [officer] = await world.do("officer", Command(CommandName.DESK))
    assert isinstance(officer, Reply) and officer.key == "intake.category.desk"  # their ward
    [citizen] = await world.do("citizen", Command(CommandName.DESK))
    assert isinstance(citizen, Reply) and citizen.key == NO


async def test_a_typed_answer_is_staff_only_to_the_end(world: World) -> None:
    case = world.cases["in"].id
    await world.do("officer", Press(CaseButton(CaseVerb.TAKE, case).encode()))
    await world.do("officer", Press(CaseButton(CaseVerb.ANSWER, case).encode()))
    # Removed from the staff before typing the answer: nothing reaches the citizen.
    assert await world.services.staff.remove("2011")
    [reply] = await world.do("officer", TextInput("Đã xử lý xong, mời ông bà đến nhận kết quả."))
    assert isinstance(reply, Reply) and reply.key == NO
    stored = await world.repo.get(case)
    assert stored is not None and stored.state is State.ACCEPTED and stored.answer is None
