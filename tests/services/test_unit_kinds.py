"""Messages name the case's unit by its own kind: a xã is not called "phường"."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import date, datetime
from pathlib import Path

import pytest

from bot.app.wiring import build_services
from bot.clock import FrozenClock
from bot.domain.codes import make_code
from bot.domain.feedback import Action, Case, Category, Event, State
from bot.domain.models import Role, StaffMember, Unit
from bot.domain.report import Forbidden, outcome_content
from bot.render.plain import render_plain
from bot.services.cases import Acted
from bot.services.container import Services
from handlers.telegram.render import to_html
from storage.db import Database
from storage.feedback import SqliteFeedbackRepository
from storage.outbox import SqliteOutbox
from tests.conftest import NOW, TZ, make_settings

GIAVIEN = 4
CODE = make_code(bytes(range(8)))
OFFICER = StaffMember("2021", Role.OFFICER, GIAVIEN)


@pytest.fixture
async def services(seeded_db: Path) -> AsyncIterator[tuple[Services, Database, Path]]:
    # For the test, Gia Viên is a commune (xã): every sentence about its cases must say so.
    with sqlite3.connect(seeded_db) as conn:
        conn.execute(
            "UPDATE units SET name = 'Xã Gia Viên', unit_type = 'xa' WHERE id = ?", (GIAVIEN,)
        )
    db = await Database(seeded_db, FrozenClock(NOW)).connect()
    try:
        yield build_services(make_settings(seeded_db), db, FrozenClock(NOW)), db, seeded_db
    finally:
        await db.close()


async def test_tracking_and_updates_name_the_commune(
    services: tuple[Services, Database, Path],
) -> None:
    svc, db, path = services
    at = datetime(2026, 11, 26, 9, 0, tzinfo=TZ)
    case = Case(
        id=0,
        code=CODE,
        unit_id=GIAVIEN,
        category=Category.OTHER,
        description="Thủ tục chứng thực chưa rõ ràng, cán bộ hướng dẫn khác nhau.",
        state=State.NEW,
        channel="telegram",
        chat_id="1001",
        citizen_id="1001",
        language="vi",
        created_at=at,
        accept_due=date(2026, 11, 30),
        answer_due=date(2026, 12, 17),
    )
    stored = await SqliteFeedbackRepository(db).create(
        case, Event(at, "citizen", Action.FILE, State.NEW)
    )
    cases = svc.router.cases
    assert isinstance(await cases.act(OFFICER, stored.id, Action.TAKE), Acted)
    answer = "Đã thống nhất hướng dẫn tại Bộ phận Một cửa."
    assert isinstance(await cases.act(OFFICER, stored.id, Action.ANSWER, text=answer), Acted)
    tracked = to_html((await svc.router.citizen.track(CODE, "vi")).body, "vi")
    assert "xã tiếp nhận, đang xử lý" in tracked and "xã trả lời" in tracked
    assert "<b>Trả lời của xã</b>" in tracked and "phường" not in tracked
    with sqlite3.connect(path) as conn:
        keys = [
            str(r[0])
            for r in conn.execute("SELECT key FROM outbox WHERE key LIKE ?", (f"case:{CODE}:%",))
        ]
    outbox = SqliteOutbox(db)
    texts = []
    for key in keys:
        item = await outbox.get(key)
        assert item is not None
        texts.append(render_plain(item.message.text, item.message.lang))
    assert any("đã được Xã Gia Viên tiếp nhận" in x for x in texts), texts
    assert any("💬 Xã Gia Viên đã trả lời phản ánh" in x for x in texts), texts
    english = to_html((await svc.router.citizen.track(CODE, "en")).body, "en")
    assert "accepted by the commune" in english and "The commune's answer" in english


def test_the_refusal_names_the_units_kind() -> None:
    commune = Unit(1, "camgiang", "Xã Cẩm Giang")
    refusal = outcome_content(Forbidden(commune), "vi")
    assert "cán bộ của xã và đơn vị theo dõi" in to_html(refusal, "vi")
    assert "the commune's staff" in to_html(refusal, "en")
