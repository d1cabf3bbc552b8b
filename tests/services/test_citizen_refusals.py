"""A citizen's action on a case that is not done says why: each reason code, as the citizen
reads it, through the service every channel calls."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.app.wiring import build_services
from bot.clock import FrozenClock
from bot.domain.chat import Who
from bot.domain.codes import make_code
from bot.domain.feedback import Action, Case, Event, State
from bot.domain.messages import Reply
from bot.domain.models import Role, StaffMember
from bot.render.plain import render_plain
from bot.services.cases import Acted
from bot.services.container import Services
from storage.db import Database
from storage.feedback import SqliteFeedbackRepository
from tests.conftest import NOW, TZ, make_settings
from tests.domain.test_citizen_refusal import FILED

CODE = make_code(bytes(range(8, 16)))
CITIZEN = Who("telegram", "u-1", "u-1")
SOMEONE_ELSE = Who("telegram", "u-2", "u-2")
OFFICER = StaffMember("2011", Role.OFFICER, 3)  # the seeded officer of Ngô Quyền


@dataclass
class Env:
    services: Services
    clock: FrozenClock
    case: Case


@pytest.fixture
async def env(seeded_db: Path) -> AsyncIterator[Env]:
    clock = FrozenClock(NOW)
    db = await Database(seeded_db, clock).connect()
    at = datetime(2026, 11, 26, 9, 0, tzinfo=TZ)
    filed = replace(FILED, id=0, code=CODE, chat_id="u-1", citizen_id="u-1", created_at=at)
    case = await SqliteFeedbackRepository(db).create(
        filed, Event(at, "citizen", Action.FILE, State.NEW)
    )
    try:
        yield Env(build_services(make_settings(seeded_db), db, clock), clock, case)
    finally:
        await db.close()


def said(reply: Reply) -> str:
    return render_plain(reply.body, "vi")


async def test_each_refusal_says_why(env: Env) -> None:
    citizen, cases = env.services.router.citizen, env.services.router.cases
    assert (await citizen.rate(SOMEONE_ELSE, CODE, 5)).key == "case.not_yours"
    assert (await citizen.rate(CITIZEN, CODE, 9)).key == "case.not_yours"  # a forged button
    assert said(await citizen.rate(CITIZEN, CODE, 5)) == (
        f"Phản ánh {CODE} chưa có câu trả lời để đánh giá."
    )
    assert said(await citizen.begin_info(CITIZEN, CODE)) == (
        f"Phản ánh {CODE} hiện không cần bổ sung thông tin."
    )
    assert (await citizen.reopen(CITIZEN, CODE)).key == "reopen.too_late"  # nothing to reopen

    assert isinstance(await cases.act(OFFICER, env.case.id, Action.TAKE), Acted)
    answer = "Phí chứng thực đã được hoàn lại theo đúng quy định."
    assert isinstance(await cases.act(OFFICER, env.case.id, Action.ANSWER, text=answer), Acted)
    assert (await citizen.rate(CITIZEN, CODE, 2)).key == "rate.low"
    assert said(await citizen.rate(CITIZEN, CODE, 4)) == (
        f"Bạn đã đánh giá phản ánh {CODE}: ★★. Cảm ơn bạn!"
    )
    env.clock.set(NOW + timedelta(days=7))
    assert said(await citizen.reopen(CITIZEN, CODE)).startswith(
        f"Phản ánh {CODE} không thể mở lại: chỉ mở lại được trong 7 ngày"
    )
