"""One policy when a message could not be delivered, whatever the channel: the staff member on
the case is told (with the citizen's phone and what did not arrive), the admins when nobody is."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from bot.app.wiring import build_services
from bot.clock import FrozenClock
from bot.domain.feedback import Action, Case, Category, Event, State
from bot.domain.messages import OutboxItem, OutboxState, OutgoingMessage, Text
from bot.render.plain import render_plain
from bot.services.container import Services
from storage.db import Database
from storage.feedback import SqliteFeedbackRepository
from storage.outbox import SqliteOutbox
from tests.conftest import ADMIN_ID, NOW, TZ, make_settings

OFFICER = "2011"
ANSWER = "Hồ sơ đã có kết quả, mời ông/bà đến nhận tại Bộ phận Một cửa từ ngày 30/11/2026."


@pytest.fixture
async def env(seeded_db: Path) -> AsyncIterator[tuple[Services, Database]]:
    db = await Database(seeded_db, FrozenClock(NOW)).connect()
    try:
        yield build_services(make_settings(seeded_db), db, FrozenClock(NOW)), db
    finally:
        await db.close()


async def _case(db: Database, channel: str, assignee: str | None) -> Case:
    at = datetime(2026, 11, 26, 9, 0, tzinfo=TZ)
    case = Case(
        id=0,
        code="PA-TEST-0001",
        unit_id=3,
        category=Category.FEES,
        description="Phí chứng thực bị thu cao hơn quy định.",
        state=State.ANSWERED,
        channel=channel,
        chat_id="u-1",
        citizen_id="u-1",
        language="vi",
        created_at=at,
        accept_due=date(2026, 11, 30),
        answer_due=date(2026, 12, 17),
        phone=None,
        assignee=assignee,
    )
    return await SqliteFeedbackRepository(db).create(
        case, Event(at, "citizen", Action.FILE, State.NEW)
    )


def _dead(key: str, channel: str, recipient: str) -> OutboxItem:
    values = {"code": "PA-TEST-0001", "answer": ANSWER, "unit": "Phường Ngô Quyền"}
    text = Text("case.citizen.answered", values)
    return OutboxItem(
        1, key, OutgoingMessage(channel, recipient, text), OutboxState.DEAD, 5, NOW, NOW
    )


async def _alerts(db: Database) -> dict[str, str]:
    rows = await db.fetchall("SELECT key FROM outbox WHERE key LIKE 'undelivered:%' ORDER BY key")
    outbox = SqliteOutbox(db)
    found = {}
    for (key,) in rows:
        item = await outbox.get(str(key))
        assert item is not None
        found[f"{item.message.channel}:{item.message.recipient}"] = render_plain(
            item.message.text, item.message.lang
        )
    return found


@pytest.mark.parametrize("channel", ["telegram", "zalo"])
async def test_the_staff_member_on_the_case_is_told(
    env: tuple[Services, Database], channel: str
) -> None:
    services, db = env
    await _case(db, channel, OFFICER)
    item = _dead("case:PA-TEST-0001:answer:3", channel, "u-1")
    await services.notifications.undelivered(item, "zalo-unreachable: silent for 8 days")
    alerts = await _alerts(db)
    assert list(alerts) == [f"telegram:{OFFICER}"]
    text = alerts[f"telegram:{OFFICER}"]
    assert "PA-TEST-0001" in text and "ẩn danh" in text and ANSWER[:40] in text
    assert "đã lâu không nhắn" in text  # unreachable, not refused


async def test_the_admins_are_told_when_nobody_is_on_the_case(
    env: tuple[Services, Database],
) -> None:
    services, db = env
    await _case(db, "telegram", None)
    await services.notifications.undelivered(
        _dead("case:PA-TEST-0001:take:1", "telegram", "u-1"), "Forbidden: bot was blocked"
    )
    alerts = await _alerts(db)
    assert list(alerts) == [f"telegram:{ADMIN_ID}"]
    assert "Forbidden: bot was blocked" in alerts[f"telegram:{ADMIN_ID}"]


async def test_other_messages_go_to_the_admins_and_alerts_are_never_alerted_about(
    env: tuple[Services, Database],
) -> None:
    services, db = env
    digest = _dead("digest:haiphong:2026-W48:2003", "telegram", "2003")
    await services.notifications.undelivered(digest, "chat not found")
    assert list(await _alerts(db)) == [f"telegram:{ADMIN_ID}"]
    before = await db.fetchall("SELECT key FROM outbox")
    loop = replace(digest, key=f"undelivered:{digest.key}:{ADMIN_ID}")
    await services.notifications.undelivered(loop, "chat not found")
    assert await db.fetchall("SELECT key FROM outbox") == before
