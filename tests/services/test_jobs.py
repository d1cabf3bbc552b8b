"""JobsService on the seeded SQLite data with a frozen clock: outbox rows, once-only, catch-up."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.wiring import build_services
from bot.clock import FrozenClock
from bot.domain.choices import FollowDigest
from bot.domain.digest import Week
from bot.domain.feedback import Action, Case, Category, Event, State
from bot.domain.messages import OutgoingMessage, Reply
from bot.domain.models import Role, Unit
from bot.render.plain import render_plain
from bot.services.container import Services
from bot.services.jobs import Dissolved, Subscribed, SubscriptionOutcome
from bot.services.reports import ReportReady
from handlers.telegram.render import to_html
from storage.db import Database
from storage.feedback import SqliteFeedbackRepository
from tests.conftest import NOW, TZ, make_settings

OFFICER_NGOQUYEN = "2011"
OFFICER_GIAVIEN = "2021"
SUPERVISOR = "2003"
ADMIN = "9999"  # tests.conftest.ADMIN_ID
FRIDAY_0730 = datetime(2026, 11, 27, 7, 30, tzinfo=TZ)
MONDAY_0730 = datetime(2026, 11, 30, 7, 30, tzinfo=TZ)
MONDAY_0800 = datetime(2026, 11, 30, 8, 0, tzinfo=TZ)


@dataclass
class Env:
    db: Database
    services: Services
    clock: FrozenClock
    path: Path

    def keys(self) -> list[str]:
        with sqlite3.connect(self.path) as conn:
            return [r[0] for r in conn.execute("SELECT key FROM outbox ORDER BY id")]

    def runs(self) -> list[tuple[str, str, int]]:
        with sqlite3.connect(self.path) as conn:
            return list(conn.execute("SELECT job, occurrence, queued FROM job_runs ORDER BY id"))


@pytest.fixture
async def env(seeded_db: Path) -> AsyncIterator[Env]:
    clock = FrozenClock(NOW)
    db = await Database(seeded_db, clock).connect()
    services = build_services(make_settings(seeded_db), db, clock)
    try:
        yield Env(db, services, clock, seeded_db)
    finally:
        await db.close()


def on_telegram(message: OutgoingMessage) -> str:
    """A queued message as Telegram will show it (HTML, values escaped there)."""
    return to_html(message.text, message.lang)


async def test_apology_reminders_queue_one_row_per_recipient(env: Env) -> None:
    env.clock.set(FRIDAY_0730)
    result = await env.services.jobs.run("apology-reminders", FRIDAY_0730)
    assert result.occurrence == "2026-11-27"
    assert result.queued == len(result.messages) == len(env.keys())
    # One message a day per person, whatever number of wards and dossiers it lists. The seed
    # wards have no leader: the city supervisor stands in for them.
    assert set(env.keys()) == {
        f"apology:2026-11-27:telegram:{OFFICER_NGOQUYEN}",
        f"apology:2026-11-27:telegram:{OFFICER_GIAVIEN}",
        f"apology:2026-11-27:telegram:{SUPERVISOR}",
    }
    messages = dict(result.messages)
    due_soon = messages[f"apology:2026-11-27:telegram:{OFFICER_NGOQUYEN}"]
    assert due_soon.recipient == OFFICER_NGOQUYEN
    assert all(c.button.encode().startswith("apo:NQ-") for c in due_soon.choices)
    # Due today: the apology is already late; due Saturday 28/11: D−1 is today.
    assert "hẹn trả hôm nay (27/11/2026)" in on_telegram(due_soon)
    assert "hẹn trả 28/11/2026; gửi phiếu chậm nhất ngày 27/11/2026" in on_telegram(due_soon)
    assert len(on_telegram(due_soon)) < 4096  # one Telegram message
    supervisor = messages[f"apology:2026-11-27:telegram:{SUPERVISOR}"]
    listed = on_telegram(supervisor)
    assert "Phường Ngô Quyền: " in listed and "Phường Gia Viên: " in listed
    assert supervisor.choices == ()
    assert env.runs() == [("apology-reminders", "2026-11-27", 3)]


async def test_a_second_run_of_the_same_occurrence_queues_nothing(env: Env) -> None:
    first = await env.services.jobs.run("apology-reminders", FRIDAY_0730)
    again = await env.services.jobs.run("apology-reminders", FRIDAY_0730 + timedelta(hours=3))
    assert first.queued > 0
    assert again.already_ran and again.queued == 0
    assert len(env.keys()) == first.queued


async def test_the_next_working_day_tells_everyone_again(env: Env) -> None:
    friday = await env.services.jobs.run("apology-reminders", FRIDAY_0730)
    monday = await env.services.jobs.run("apology-reminders", MONDAY_0730)
    assert monday.occurrence == "2026-11-30"
    # Still without an apology: the same people hear again, under the new day's keys.
    assert {k.split(":", 2)[2] for k, _ in monday.messages} == {
        k.split(":", 2)[2] for k, _ in friday.messages
    }
    officer = dict(monday.messages)[f"apology:2026-11-30:telegram:{OFFICER_NGOQUYEN}"]
    assert "Đã quá hạn gửi phiếu xin lỗi" in on_telegram(officer)
    # Those due over the weekend are late now, listed before the older ones, with buttons.
    late = [line for line in on_telegram(officer).splitlines() if "(trễ 1 ngày làm việc)" in line]
    assert late
    assert {c.button.encode() for c in officer.choices} >= {
        "apo:" + line.split("<code>")[1].split("</code>")[0] for line in late
    }


async def test_an_apology_takes_the_dossier_off_the_list_until_its_new_date_passes(
    env: Env,
) -> None:
    with sqlite3.connect(env.path) as conn:
        code, due = conn.execute(
            "SELECT code, due_at FROM dossiers WHERE unit_id = (SELECT id FROM units WHERE"
            " slug = 'ngoquyen') AND resolved_at IS NULL AND status = 'processing'"
            " AND due_at < ? ORDER BY due_at DESC LIMIT 1",
            (int(FRIDAY_0730.timestamp()),),
        ).fetchone()
        new_due = int(datetime(2026, 11, 27, 17, 0, tzinfo=TZ).timestamp())
        conn.execute(
            "UPDATE dossiers SET apology_issued_at = ?, apology_new_due_at = ? WHERE code = ?",
            (due - 86_400, new_due, code),
        )
    friday = await env.services.jobs.run("apology-reminders", FRIDAY_0730)
    assert all(code not in on_telegram(m) for _, m in friday.messages)
    monday = await env.services.jobs.run("apology-reminders", MONDAY_0730)
    supervisor = dict(monday.messages)[f"apology:2026-11-30:telegram:{SUPERVISOR}"]
    assert "Đã qua ngày hẹn trả mới mà hồ sơ chưa có kết quả" in on_telegram(supervisor)
    assert code in on_telegram(supervisor) and "hẹn lại 27/11/2026" in on_telegram(supervisor)
    officer = dict(monday.messages)[f"apology:2026-11-30:telegram:{OFFICER_NGOQUYEN}"]
    assert code not in on_telegram(officer)  # the new date missed is the leader's and above


async def test_weekend_and_holidays_are_skipped(env: Env) -> None:
    saturday = await env.services.jobs.run(
        "apology-reminders", datetime(2026, 11, 28, 7, 30, tzinfo=TZ)
    )
    tet = await env.services.jobs.run("feedback-deadlines", datetime(2026, 2, 17, 8, 0, tzinfo=TZ))
    assert saturday.skipped == tet.skipped == "not_working_day"
    assert env.keys() == [] and env.runs() == []


async def test_dry_run_writes_nothing(env: Env) -> None:
    await env.services.jobs.subscribe("telegram", SUPERVISOR, "haiphong")
    result = await env.services.jobs.run("weekly-digest", MONDAY_0800, dry_run=True)
    assert result.dry_run and result.occurrence == "2026-W48"
    assert [k for k, _ in result.messages] == [
        f"digest:haiphong:2026-W48:{SUPERVISOR}",
        f"digest:haiphong:2026-W48:{SUPERVISOR}:chart",
    ]
    chart = result.messages[1][1]
    assert chart.document_bytes is not None and chart.document_bytes.startswith(b"\x89PNG")
    assert env.keys() == [] and env.runs() == []


async def test_digest_keys_per_subscriber_and_once(env: Env) -> None:
    jobs = env.services.jobs
    await jobs.subscribe("telegram", SUPERVISOR, "haiphong")
    await jobs.subscribe("telegram", OFFICER_NGOQUYEN, "ngoquyen")
    result = await jobs.run("weekly-digest", MONDAY_0800)
    assert sorted(env.keys()) == sorted(
        [
            f"digest:haiphong:2026-W48:{SUPERVISOR}",
            f"digest:haiphong:2026-W48:{SUPERVISOR}:chart",
            f"digest:ngoquyen:2026-W48:{OFFICER_NGOQUYEN}",
            f"digest:ngoquyen:2026-W48:{OFFICER_NGOQUYEN}:chart",
        ]
    )
    assert result.queued == 4
    assert (await jobs.run("weekly-digest", MONDAY_0800 + timedelta(hours=2))).already_ran


async def test_the_digest_counts_what_stats_counts(env: Env) -> None:
    """The digest's week of a ward is /stats for the same ward and week, figure for figure."""
    week, digests = await env.services.jobs.digests(MONDAY_0800, [])
    assert week == Week(2026, 48)
    ngoquyen = await env.services.units.by_slug("ngoquyen")
    haiphong = await env.services.units.by_slug("haiphong")
    assert ngoquyen is not None and haiphong is not None
    _, digests = await env.services.jobs.digests(MONDAY_0800, [ngoquyen.id, haiphong.id])
    ward, area = digests[ngoquyen.id], digests[haiphong.id]
    env.clock.set(MONDAY_0800)
    for unit, digest in ((ngoquyen, ward), (haiphong, area)):
        outcome = await env.services.reports.ask(ADMIN, f"{unit.slug} 23/11/2026-29/11/2026")
        assert isinstance(outcome, ReportReady)
        figures = outcome.report.figures
        assert digest.current.dossiers == figures.dossiers, unit.slug
        assert digest.current.on_time == figures.on_time
        assert digest.current.satisfaction == figures.satisfaction
    assert ward.current.dossiers.received > 0 and ward.current.dossiers.resolved > 0


async def test_feedback_in_the_week_counts_once_per_dossier(env: Env) -> None:
    repo = SqliteFeedbackRepository(env.db)
    ngoquyen = await env.services.units.by_slug("ngoquyen")
    assert ngoquyen is not None
    with sqlite3.connect(env.path) as conn:
        first, second = (
            r[0]
            for r in conn.execute(
                "SELECT code FROM dossiers WHERE unit_id = ? AND received_at >= ?"
                " ORDER BY code LIMIT 2",
                (ngoquyen.id, int(datetime(2026, 11, 23, tzinfo=TZ).timestamp())),
            )
        )
    filed = datetime(2026, 11, 24, 9, 0, tzinfo=TZ)
    for i, code in enumerate([first, first.lower(), second, "NQ-KHONG-CO"]):
        case = _case(i, ngoquyen.id, filed, dossier_code=code)
        await repo.create(case, Event(filed, "citizen", Action.FILE, State.NEW))
    _, digests = await env.services.jobs.digests(MONDAY_0800, [ngoquyen.id])
    feedback = digests[ngoquyen.id].current.feedback
    # Four cases; three name a dossier of the week, two distinct ones (a code typed in lower
    # case is the same dossier); an unknown code names none.
    assert (feedback.received, feedback.flagged) == (4, 2)
    assert feedback.progress_cases == 4 and feedback.progress_in_time == 4


def _case(i: int, unit_id: int, at: datetime, **extra: object) -> Case:
    values: dict[str, object] = {
        "id": 0,
        "code": f"PA-TEST-{i}",
        "unit_id": unit_id,
        "category": Category.LATE_DOSSIER,
        "description": "Hồ sơ trễ hẹn",
        "state": State.NEW,
        "channel": "telegram",
        "chat_id": "1001",
        "citizen_id": "1001",
        "language": "vi",
        "created_at": at,
        "accept_due": date(2026, 11, 26),
        "answer_due": date(2026, 12, 15),
    }
    values.update(extra)
    return Case(**values)  # type: ignore[arg-type]


async def test_feedback_alert_once_per_threshold(env: Env) -> None:
    repo = SqliteFeedbackRepository(env.db)
    ngoquyen = await env.services.units.by_slug("ngoquyen")
    assert ngoquyen is not None
    filed = datetime(2026, 11, 24, 9, 0, tzinfo=TZ)
    await repo.create(_case(9, ngoquyen.id, filed), Event(filed, "citizen", Action.FILE, State.NEW))
    # Accept clock 24/11 → 26/11 (24/11 is a holiday from 2026: 1 working day); Friday is late.
    jobs = env.services.jobs
    friday = await jobs.run("feedback-deadlines", datetime(2026, 11, 27, 8, 0, tzinfo=TZ))
    assert [k for k, _ in friday.messages] == [
        "feedback:ngoquyen:PA-TEST-9:accept-2026-11-26-late:2003"
    ]
    # The next working day the case is still late: the same key, nothing new is queued.
    monday = await jobs.run("feedback-deadlines", datetime(2026, 11, 30, 8, 0, tzinfo=TZ))
    assert monday.queued == 0


async def test_catch_up_runs_each_missed_occurrence_once_and_skips_old_ones(env: Env) -> None:
    jobs = env.services.jobs
    # A fresh install has missed nothing.
    assert await jobs.catch_up(FRIDAY_0730 + timedelta(hours=2)) == []
    await jobs.subscribe("telegram", SUPERVISOR, "haiphong")
    await jobs.run("apology-reminders", FRIDAY_0730)
    await jobs.run("weekly-digest", datetime(2026, 11, 23, 8, 0, tzinfo=TZ))  # W47
    # Down from Friday until Tuesday 10:00: Monday's reminders are lost; Tuesday's run once,
    # and Monday's digest (W48) is within 2 days.
    tuesday = datetime(2026, 12, 1, 10, 0, tzinfo=TZ)
    results = await jobs.catch_up(tuesday)
    assert sorted((r.job, r.occurrence, r.already_ran) for r in results) == [
        ("apology-reminders", "2026-12-01", False),
        ("weekly-digest", "2026-W48", False),
    ]
    assert await jobs.catch_up(tuesday + timedelta(minutes=5)) == []
    occurrences = [(job, occ) for job, occ, _ in env.runs()]
    assert ("apology-reminders", "2026-11-30") not in occurrences
    assert occurrences.count(("weekly-digest", "2026-W48")) == 1


async def test_a_digest_missed_by_more_than_two_days_is_skipped(env: Env) -> None:
    jobs = env.services.jobs
    await jobs.subscribe("telegram", SUPERVISOR, "haiphong")
    await jobs.run("weekly-digest", datetime(2026, 11, 23, 8, 0, tzinfo=TZ))
    thursday = datetime(2026, 12, 3, 9, 0, tzinfo=TZ)
    results = await jobs.catch_up(thursday)
    assert [r.job for r in results] == []
    assert [occ for job, occ, _ in env.runs() if job == "weekly-digest"] == ["2026-W47"]


async def test_subscription_rules(env: Env) -> None:
    jobs = env.services.jobs

    def render(outcome: SubscriptionOutcome, lang: str) -> str:
        return render_plain(jobs.render_subscription(outcome, lang).body, lang)

    assert "cán bộ" in render(await jobs.subscribe("telegram", "1001", "ngoquyen"), "vi")
    assert "không có quyền" in render(await jobs.subscribe("telegram", "2011", "giavien"), "vi")
    assert "Có phải bạn muốn" in render(await jobs.subscribe("telegram", "2003", "ngo quyn"), "vi")
    added = render(await jobs.subscribe("telegram", "2003", "Ngô Quyền"), "vi")
    assert "Đã đăng ký" in added and "thứ Hai lúc 08:00" in added
    assert "từ trước" in render(await jobs.subscribe("telegram", "2003", "ngoquyen"), "vi")
    assert "Đã thôi" in render(await jobs.subscribe("telegram", "2003", "ngoquyen", on=False), "vi")
    assert "chưa đăng ký" in render(
        await jobs.subscribe("telegram", "2003", "ngoquyen", on=False), "vi"
    )
    # Subscribing offers the button that undoes it.
    reply = jobs.render_subscription(await jobs.subscribe("telegram", "2003", "giavien"), "vi")
    assert [c.button for c in reply.choices] == [FollowDigest(4, False)]


async def test_the_digest_rechecks_each_recipient_when_planned(env: Env) -> None:
    jobs = env.services.jobs
    staff = env.services.staff
    await jobs.subscribe("telegram", SUPERVISOR, "haiphong")
    await jobs.subscribe("telegram", OFFICER_NGOQUYEN, "ngoquyen")
    # The officer moves to another ward: Ngô Quyền's digest is no longer theirs to receive.
    giavien = await env.services.units.by_slug("giavien")
    assert giavien is not None
    await staff.add(OFFICER_NGOQUYEN, Role.OFFICER, giavien.id)
    result = await jobs.run("weekly-digest", MONDAY_0800, dry_run=True)
    assert {k.split(":")[1] for k, _ in result.messages} == {"haiphong"}
    # Removed from the staff: the subscriptions go with the entry.
    assert await staff.remove(SUPERVISOR)
    remaining = await jobs._subscriptions.all()  # noqa: SLF001
    assert [s.user_id for s in remaining] == [OFFICER_NGOQUYEN]
    after = await jobs.run("weekly-digest", MONDAY_0800, dry_run=True)
    assert after.messages == ()


async def test_a_subscription_to_a_merged_ward_names_the_wards_of_today(env: Env) -> None:
    jobs = env.services.jobs
    moved = await jobs.subscribe("telegram", "2003", "dongkhe")
    assert render_plain(jobs.render_subscription(moved, "vi").body, "vi") == (
        "Phường Đông Khê đã nhập vào đơn vị khác từ 01/07/2025: "
        "Phường Gia Viên (11359) (/theodoi giavien), Phường Ngô Quyền (11329) (/theodoi "
        "ngoquyen). Gõ lại lệnh kèm mã rút gọn của đơn vị, ví dụ /theodoi giavien"
    )
    # A former name is not followed silently: the ward it went into is named, with its button.
    ngoquyen = await _unit(env, "ngoquyen")
    dissolved = await jobs.subscribe("telegram", "2003", "Cầu Tre")
    assert dissolved == Dissolved("Cầu Tre", ngoquyen)
    reply = jobs.render_subscription(dissolved, "vi")
    assert "đã nhập vào Phường Ngô Quyền" in render_plain(reply.body, "vi")
    assert [c.button for c in reply.choices] == [FollowDigest(ngoquyen.id, True)]
    assert await jobs.following("telegram", "2003") == Reply("sub.none")
    assert await jobs.subscribe("telegram", "2003", "ngoquyen") == Subscribed(ngoquyen, True)
    listed = render_plain((await jobs.following("telegram", "2003")).body, "vi")
    assert "Bản tin bạn đang nhận" in listed and "Phường Ngô Quyền (ngoquyen)" in listed


async def _unit(env: Env, slug: str) -> Unit:
    unit = await env.services.units.by_slug(slug)
    assert unit is not None
    return unit
