"""`cchc-bot jobs run NAME --at … --deliver`: queue through the outbox, then send from the
command itself over a real Bot API connection (the stand-in), once."""

from __future__ import annotations

import io
from pathlib import Path

from bot.cli import build_parser
from bot.cli.jobs import JobsCommands
from bot.clock import FrozenClock
from bot.demo.seed import STAFF
from bot.standin.telegram import TelegramStandIn
from tests.conftest import make_settings


async def test_jobs_run_deliver_sends_each_message_once(
    seeded_db: Path, tg: TelegramStandIn, clock: FrozenClock
) -> None:
    for member in STAFF:
        tg.add_chat(member.user_id)
    settings = make_settings(seeded_db, tg)
    argv = ["jobs", "run", "apology-reminders", "--at", "2026-11-27 07:30", "--deliver"]

    out, err = io.StringIO(), io.StringIO()
    status = await JobsCommands(settings, out, err, clock=clock).run(
        build_parser().parse_args(argv)
    )
    assert status == 0, err.getvalue()
    sent = [c for c in tg.calls_to("sendMessage") if c.http_status == 200]
    assert sent, out.getvalue()
    assert all("phiếu xin lỗi" in c.params["text"] for c in sent)
    # Due soon → the ward's officers; late → also the supervisor (no leader in these wards):
    # one message each, whatever number of wards and dossiers.
    assert sorted(c.params["chat_id"] for c in sent) == [2003, 2011, 2021]
    assert "Đã gửi 3 tin" in out.getvalue()

    # The same occurrence again: nothing new is queued or sent.
    again = io.StringIO()
    status = await JobsCommands(settings, again, err, clock=clock).run(
        build_parser().parse_args(argv)
    )
    assert status == 0
    assert len([c for c in tg.calls_to("sendMessage") if c.http_status == 200]) == len(sent)
    assert "Đã gửi 0 tin" in again.getvalue()


async def test_deliver_needs_a_token(seeded_db: Path, clock: FrozenClock) -> None:
    settings = make_settings(seeded_db, BOT_TOKEN="")
    out, err = io.StringIO(), io.StringIO()
    args = build_parser().parse_args(["jobs", "run", "weekly-digest", "--deliver"])
    assert await JobsCommands(settings, out, err, clock=clock).run(args) == 1
    assert "BOT_TOKEN" in err.getvalue()
