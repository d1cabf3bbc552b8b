"""Notices to the same person due within a minute go as one message, in order, at most ten."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import FrozenClock
from bot.domain.messages import Content, Lines, OutboxState, OutgoingMessage, Text
from bot.domain.notices import GROUP_MAX, groupable, grouped
from bot.render.plain import render_plain
from bot.services.outbox import Deliverer
from storage.db import Database
from storage.outbox import SqliteOutbox

T0 = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
OFFICER = "2011"


def notice(code: str, recipient: str = OFFICER, key: str = "case.staff.new") -> OutgoingMessage:
    values = {"code": code, "unit": "Phường Ngô Quyền", "category": "", "summary": "…"}
    return OutgoingMessage("telegram", recipient, Text(key, values))


@dataclass
class Recorder:
    sent: list[tuple[str, Content]] = field(default_factory=list)

    async def send(self, message: OutgoingMessage) -> str:
        self.sent.append((message.recipient, message.text))
        return f"m{len(self.sent)}"


@pytest.fixture
async def outbox(tmp_path: Path) -> AsyncIterator[SqliteOutbox]:
    db = await Database(tmp_path / "outbox.sqlite3", FrozenClock(T0)).connect()
    try:
        yield SqliteOutbox(db)
    finally:
        await db.close()


async def deliver(outbox: SqliteOutbox, clock: FrozenClock) -> Recorder:
    recorder = Recorder()

    async def no_wait(seconds: float) -> None:
        clock.advance(timedelta(seconds=seconds))

    deliverer = Deliverer(outbox, {"telegram": recorder}, clock, sleep=no_wait)
    while (await deliverer.deliver_due()).sent:
        pass
    return recorder


def codes(content: Content) -> list[str]:
    parts = content.parts if isinstance(content, Lines) else (content,)
    return [str(p.values["code"]) for p in parts if isinstance(p, Text) and "code" in p.values]


async def test_notices_due_together_go_as_one_message(outbox: SqliteOutbox) -> None:
    clock = FrozenClock(T0)
    for n in range(3):
        await outbox.enqueue(f"n{n}", notice(f"PA-{n}"), T0)
    await outbox.enqueue("later", notice("PA-LATER"), T0 + timedelta(minutes=5))
    await outbox.enqueue("other", notice("PA-OTHER", recipient="2012"), T0)
    sent = await deliver(outbox, clock)
    mine = [content for who, content in sent.sent if who == OFFICER]
    assert [codes(c) for c in mine] == [["PA-0", "PA-1", "PA-2"]]
    assert render_plain(mine[0], "vi").startswith("📬 3 thông báo mới về phản ánh")
    rows = [await outbox.get(f"n{n}") for n in range(3)]
    assert {(r.state, r.sent_message_id) for r in rows if r} == {(OutboxState.SENT, "m1")}
    later = await outbox.get("later")
    assert later is not None and later.state is OutboxState.PENDING  # not due within a minute


async def test_a_message_of_another_kind_ends_the_group_and_order_is_kept(
    outbox: SqliteOutbox,
) -> None:
    clock = FrozenClock(T0)
    await outbox.enqueue("a", notice("PA-A"), T0)
    await outbox.enqueue("b", notice("PA-B"), T0)
    digest = OutgoingMessage("telegram", OFFICER, Text("digest.title", {}))
    await outbox.enqueue("digest", digest, T0)
    await outbox.enqueue("c", notice("PA-C", key="case.staff.reopened"), T0)
    sent = await deliver(outbox, clock)
    assert [codes(c) for _, c in sent.sent] == [["PA-A", "PA-B"], [], ["PA-C"]]


async def test_a_burst_of_notices_goes_in_groups_of_at_most_ten(outbox: SqliteOutbox) -> None:
    clock = FrozenClock(T0)
    for n in range(GROUP_MAX + 2):
        await outbox.enqueue(f"n{n}", notice(f"PA-{n:02d}"), T0)
    sent = await deliver(outbox, clock)
    assert [len(codes(c)) for _, c in sent.sent] == [GROUP_MAX, 2]
    assert [code for _, c in sent.sent for code in codes(c)] == [
        f"PA-{n:02d}" for n in range(GROUP_MAX + 2)
    ]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (notice("PA-1"), True),
        (notice("PA-1", key="case.staff.transferred"), True),
        (OutgoingMessage("telegram", OFFICER, Text("case.staff.new", {}), reply=True), False),
        (OutgoingMessage("telegram", OFFICER, Text("digest.title", {})), False),
        (OutgoingMessage("telegram", OFFICER, "<b>markup</b>"), False),
        (
            OutgoingMessage(
                "telegram",
                OFFICER,
                Text("case.staff.new", {}),
                document_name="a.png",
                document_bytes=b"png",
            ),
            False,
        ),
    ],
)
def test_which_messages_are_grouped(message: OutgoingMessage, expected: bool) -> None:
    assert groupable(message) is expected


def test_one_recipient_per_group() -> None:
    assert grouped([notice("PA-1")]) == notice("PA-1")
    with pytest.raises(ValueError, match="one recipient"):
        grouped([notice("PA-1"), notice("PA-2", recipient="2012")])
