"""ApologyService on the seeded SQLite data with a frozen clock: steps, the letter recorded with
its dossier, numbering, citizens' notices through the outbox, templates."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

import docx
import pytest

from bot.app.wiring import build_services
from bot.clock import FrozenClock
from bot.domain.apology import Preset
from bot.domain.feedback import Action, Case, Category, Event, State
from bot.domain.models import Role, StaffMember
from bot.render.plain import render_plain
from bot.services.container import Services
from storage.db import Database
from storage.dossiers import SqliteDossierRepository
from storage.feedback import SqliteFeedbackRepository
from storage.outbox import SqliteOutbox
from tests.conftest import NOW, TZ, make_settings

NGOQUYEN = 3
OFFICER = StaffMember("2011", Role.OFFICER, NGOQUYEN)
OTHER_WARD = StaffMember("2021", Role.OFFICER, 4)
SUPERVISOR = StaffMember("2003", Role.SUPERVISOR, 1)
ADMIN = StaffMember("9999", Role.ADMIN, None)
DUE_TODAY = "NQ-2026-006521"  # pending, due Friday 27/11/2026 17:00
OVERDUE = "NQ-2026-006422"  # pending, due 20/11/2026
MONDAY = date(2026, 11, 30)
REASON = "Hồ sơ cần xác minh thêm"


@dataclass
class Env:
    db: Database
    services: Services
    clock: FrozenClock
    path: Path

    def rows(self, sql: str, *params: object) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.path) as conn:
            return list(conn.execute(sql, params))


@pytest.fixture
async def env(seeded_db: Path) -> AsyncIterator[Env]:
    clock = FrozenClock(NOW)
    db = await Database(seeded_db, clock).connect()
    services = build_services(make_settings(seeded_db), db, clock)
    try:
        yield Env(db, services, clock, seeded_db)
    finally:
        await db.close()


async def file_case(env: Env, n: int, dossier_code: str | None, **extra: object) -> None:
    """A citizen's feedback case naming (or not) a dossier."""
    at = datetime(2026, 11, 26, 9, n, tzinfo=TZ)
    values: dict[str, object] = {
        "id": 0,
        "code": f"PA-TEST-{n:04d}",
        "unit_id": NGOQUYEN,
        "category": Category.LATE_DOSSIER,
        "description": "Hồ sơ của tôi trễ hẹn mà không ai báo",
        "state": State.NEW,
        "channel": "telegram",
        "chat_id": str(1000 + n),
        "citizen_id": str(1000 + n),
        "language": "vi",
        "created_at": at,
        "accept_due": date(2026, 11, 30),
        "answer_due": date(2026, 12, 17),
        "dossier_code": dossier_code,
    }
    values.update(extra)
    case = Case(**values)  # type: ignore[arg-type]
    await SqliteFeedbackRepository(env.db).create(
        case, Event(at, "citizen", Action.FILE, State.NEW)
    )


async def test_the_steps_accept_a_reason_then_a_date(env: Env) -> None:
    service = env.services.apology
    reply, code = await service.start(OFFICER, "nq-2026-006521 ", "vi")
    assert code == DUE_TODAY
    assert reply.key == "apology.ask_reason"
    assert [c.button.encode() for c in reply.choices] == [
        "apo.r:verify",
        "apo.r:agencies",
        "apo.r:software",
    ]
    assert "Hồ sơ cần xác minh thêm" in [render_plain(c.label, "vi") for c in reply.choices]

    reply, reason = await service.choose_reason(OFFICER, DUE_TODAY, "ngắn", "vi")
    assert (reply.key, reason) == ("apology.refused.reason_short", None)
    reply, reason = await service.choose_reason(OFFICER, DUE_TODAY, REASON + ".", "vi")
    assert reason == REASON
    assert reply.key == "apology.ask_date"
    assert [c.button.encode() for c in reply.choices] == [
        "apo.d:2026-11-30",
        "apo.d:2026-12-01",
        "apo.d:2026-12-02",
    ]
    assert render_plain(reply.choices[0].label, "vi") == "Thứ Hai 30/11/2026"

    for text, error in (
        ("28/11/2026", "apology.refused.date_not_working_day"),
        ("27/11/2026", "apology.refused.date_not_after_today"),
        ("mai nhé", "apology.refused.date_format"),
    ):
        reply, new_due = await service.choose_date(OFFICER, DUE_TODAY, REASON, text, "vi")
        assert new_due is None
        assert reply.error_key == error
        assert reply.key == "apology.ask_date"  # asked again
    reply, new_due = await service.choose_date(OFFICER, DUE_TODAY, REASON, "30/11/2026", "vi")
    assert new_due == MONDAY
    assert reply.key == "apology.confirm"
    assert "30/11/2026" in render_plain(reply.body, "vi")
    assert [c.button.encode() for c in reply.choices] == ["apo.ok", "apo.no"]


@pytest.mark.parametrize(
    ("staff", "code", "key"),
    [
        (None, DUE_TODAY, "apology.refused.not_staff"),
        (OTHER_WARD, DUE_TODAY, "apology.refused.forbidden"),
        (SUPERVISOR, DUE_TODAY, "apology.refused.forbidden"),
        (OFFICER, "NQ-0000-000000", "apology.refused.not_found"),
        (OFFICER, "", "apology.usage"),
    ],
)
async def test_who_and_what_is_refused_at_the_start(
    env: Env, staff: StaffMember | None, code: str, key: str
) -> None:
    reply, flow = await env.services.apology.start(staff, code, "vi")
    assert (reply.key, flow) == (key, None)


async def test_a_resolved_dossier_is_refused(env: Env) -> None:
    resolved = env.rows(
        "SELECT code FROM dossiers WHERE unit_id = ? AND resolved_at IS NOT NULL LIMIT 1",
        NGOQUYEN,
    )[0][0]
    reply, flow = await env.services.apology.start(OFFICER, str(resolved), "vi")
    assert (reply.key, flow) == ("apology.refused.resolved", None)


async def test_issue_records_the_letter_with_the_dossier_once(env: Env) -> None:
    service = env.services.apology
    issued = await service.issue(OFFICER, DUE_TODAY, REASON, MONDAY)
    assert issued.number == "01/PXL"
    assert issued.document is not None and issued.pdf is not None
    assert issued.document_name == "phieu-xin-loi-NQ-2026-006521.docx"
    assert issued.pdf_name == "phieu-xin-loi-NQ-2026-006521.pdf"
    text = "\n".join(p.text for p in docx.Document(BytesIO(issued.document)).paragraphs)
    assert DUE_TODAY in text
    assert issued.pdf.startswith(b"%PDF-")
    shown = render_plain(issued.reply.body, "vi")
    assert "01/PXL" in shown
    # Issued on the due date itself, after the last legal day (Thursday 26/11): late.
    assert "chậm nhất ngày 26/11/2026" in shown and "lập muộn" in shown
    assert not issued.reply.choices  # no citizen wrote about it

    dossier = await SqliteDossierRepository(env.db, env.clock).get(DUE_TODAY)
    assert dossier is not None
    assert dossier.apology_issued_at == NOW
    assert dossier.apology_reason == REASON
    assert dossier.apology_new_due_at == datetime(2026, 11, 30, 17, 0, tzinfo=TZ)
    [(number, issued_by, sha, blob, pdf_name, pdf, late)] = env.rows(
        "SELECT number, issued_by, document_sha256, document, pdf_name, pdf, issued_late"
        " FROM apology_letters"
    )
    assert (number, issued_by, late) == ("01/PXL", "2011", 1)
    assert blob == issued.document and len(str(sha)) == 64
    assert (pdf_name, pdf) == (issued.pdf_name, issued.pdf)  # both kept in the database
    assert env.rows("SELECT action, actor FROM audit_log WHERE action = 'apology.issue'") == [
        ("apology.issue", "staff:2011")
    ]

    # Only once: the start, the steps and a second issue are all refused.
    again = await service.issue(OFFICER, DUE_TODAY, REASON, date(2026, 12, 1))
    assert again.document is None
    assert again.reply.key == "apology.refused.already"
    assert "30/11/2026" in render_plain(again.reply.body, "vi")
    reply, flow = await service.start(OFFICER, DUE_TODAY, "vi")
    assert (reply.key, flow) == ("apology.refused.already", None)
    assert len(env.rows("SELECT id FROM apology_letters")) == 1


async def test_numbers_count_per_ward_and_year(env: Env) -> None:
    service = env.services.apology
    first = await service.issue(OFFICER, DUE_TODAY, REASON, MONDAY)
    second = await service.issue(ADMIN, OVERDUE, "Chờ ý kiến cơ quan liên quan", MONDAY)
    giavien = env.rows(
        "SELECT code FROM dossiers WHERE unit_id = 4 AND resolved_at IS NULL"
        " AND due_at < strftime('%s', '2026-11-27') LIMIT 1"
    )[0][0]
    other = await service.issue(OTHER_WARD, str(giavien), REASON, MONDAY)
    assert (first.number, second.number, other.number) == ("01/PXL", "02/PXL", "01/PXL")


async def test_the_letter_names_the_applicant_the_place_and_the_desk(env: Env) -> None:
    on_time = str(
        env.rows(
            "SELECT code FROM dossiers WHERE unit_id = ? AND resolved_at IS NULL"
            " AND status = 'processing' AND date(due_at, 'unixepoch', '+7 hours') = '2026-12-01'"
            " ORDER BY code LIMIT 1",
            NGOQUYEN,
        )[0][0]
    )
    with sqlite3.connect(env.path) as conn:
        conn.execute(
            "UPDATE dossiers SET applicant = 'Nguyễn Văn An', applicant_address = '12 Lạch Tray',"
            " applicant_phone = '0912 345 678' WHERE code = ?",
            (on_time,),
        )
        conn.execute(
            "UPDATE units SET apology_desk = 'Bộ phận Một cửa phường Ngô Quyền' WHERE id = ?",
            (NGOQUYEN,),
        )
    issued = await env.services.apology.issue(OFFICER, on_time, REASON, date(2026, 12, 3))
    assert issued.document is not None
    document = docx.Document(BytesIO(issued.document))
    body = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Kính gửi: Ông/Bà Nguyễn Văn An" in body
    assert "Địa chỉ: 12 Lạch Tray; Số điện thoại: 0912 345 678" in body
    assert "Ngô Quyền, ngày 27 tháng 11 năm 2026" in cells
    assert "- Bộ phận Một cửa phường Ngô Quyền;" in cells
    # Due Tuesday 01/12, issued Friday 27/11: before the last legal day (Monday 30/11).
    assert "lập muộn" not in render_plain(issued.reply.body, "vi")
    assert env.rows("SELECT issued_late FROM apology_letters") == [(0,)]


async def test_issue_checks_the_rules_again(env: Env) -> None:
    service = env.services.apology
    saturday = await service.issue(OFFICER, DUE_TODAY, REASON, date(2026, 11, 28))
    short = await service.issue(OFFICER, DUE_TODAY, "ngắn", MONDAY)
    forbidden = await service.issue(OTHER_WARD, DUE_TODAY, REASON, MONDAY)
    assert saturday.reply.key == "apology.refused.date_not_working_day"
    assert short.reply.key == "apology.refused.reason_short"
    assert forbidden.reply.key == "apology.refused.forbidden"
    assert env.rows("SELECT count(*) FROM apology_letters") == [(0,)]


async def test_citizens_who_named_the_dossier_are_notified_once(env: Env) -> None:
    await file_case(env, 1, DUE_TODAY)
    await file_case(env, 2, DUE_TODAY.lower(), language="en")
    await file_case(env, 3, DUE_TODAY, chat_id="1001", citizen_id="1001")  # same chat as 1
    await file_case(env, 4, OVERDUE)  # another dossier
    await file_case(env, 5, DUE_TODAY, channel="desk", chat_id="", citizen_id="")  # walk-in
    service = env.services.apology
    before = await service.notify_citizens(OFFICER, DUE_TODAY)
    assert before.key == "apology.refused.no_letter"

    issued = await service.issue(OFFICER, DUE_TODAY, REASON, MONDAY)
    assert [c.button.encode() for c in issued.reply.choices] == [f"apo.n:{DUE_TODAY}"]
    assert "3 người dân" in render_plain(issued.reply.body, "vi")

    assert (await service.notify_citizens(OTHER_WARD, DUE_TODAY)).key == "apology.refused.forbidden"
    reply = await service.notify_citizens(OFFICER, DUE_TODAY)
    assert (reply.key, reply.values["count"]) == ("apology.notified", 2)
    rows = env.rows("SELECT key, recipient FROM outbox WHERE key LIKE 'apology:NQ-%'")
    assert rows == [
        (f"apology:{DUE_TODAY}:PA-TEST-0001", "1001"),
        (f"apology:{DUE_TODAY}:PA-TEST-0002", "1002"),
    ]
    outbox = SqliteOutbox(env.db)
    vi_item, en_item = [await outbox.get(str(key)) for key, _ in rows]
    assert vi_item is not None and en_item is not None
    vi_text = render_plain(vi_item.message.text, vi_item.message.lang)
    en_text = render_plain(en_item.message.text, en_item.message.lang)
    assert "xin lỗi" in vi_text and "30/11/2026" in vi_text and "PA-TEST-0001" in vi_text
    assert "Ủy ban nhân dân phường Ngô Quyền" in vi_text
    assert "apologises" in en_text and "30/11/2026" in en_text
    # Pressing again queues nothing new.
    again = await service.notify_citizens(OFFICER, DUE_TODAY)
    assert again.values["count"] == 0
    assert len(env.rows("SELECT key FROM outbox WHERE key LIKE 'apology:NQ-%'")) == 2
    assert env.rows("SELECT notified_at IS NOT NULL FROM apology_letters") == [(1,)]


async def test_no_citizens_to_notify(env: Env) -> None:
    service = env.services.apology
    await service.issue(OFFICER, DUE_TODAY, REASON, MONDAY)
    reply = await service.notify_citizens(OFFICER, DUE_TODAY)
    assert reply.key == "apology.refused.no_citizens"


async def test_ward_templates_override_the_built_in_one(env: Env) -> None:
    service = env.services.apology
    builtin = await service.template_in_use(NGOQUYEN)
    assert builtin.source_key == "cli.apology_source_builtin"
    assert "118/2025" in builtin.template.legal_basis

    reply = await service.set_template("ngoquyen", None, preset=Preset.ND61)
    assert reply.key == "cli.apology_template_set"
    assert "61/2018" in (await service.template_in_use(NGOQUYEN)).template.legal_basis

    body = "{agency} xin lỗi Ông/Bà về hồ sơ {code}.\n\nLý do: {reason}.\n\nHẹn lại: {new_due}."
    reply = await service.set_template(
        "ngoquyen", body, "Căn cứ quy chế của phường;", signer_name="Trần Thị Bình"
    )
    assert reply.key == "cli.apology_template_set"
    in_use = await service.template_in_use(NGOQUYEN)
    assert in_use.source_key == "cli.apology_source_unit"
    assert in_use.updated_at == NOW

    issued = await service.issue(OFFICER, DUE_TODAY, REASON, MONDAY)
    assert issued.document is not None
    document = docx.Document(BytesIO(issued.document))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Căn cứ quy chế của phường;" in text
    assert "Hẹn lại: 30/11/2026." in text
    assert "Trần Thị Bình" in cells
    # Another ward still uses the built-in one.
    assert (await service.template_in_use(4)).source_key == "cli.apology_source_builtin"


@pytest.mark.parametrize(
    ("slug", "body", "key"),
    [
        ("nowhere", "{code}", "cli.ward_unknown"),
        ("ngoquyen", "   ", "cli.apology_template_empty"),
        ("ngoquyen", "Hồ sơ {code} của {name}", "cli.apology_template_unknown"),
        ("ngoquyen", "Hồ sơ {code", "cli.apology_template_bad"),
    ],
)
async def test_bad_templates_are_refused(env: Env, slug: str, body: str, key: str) -> None:
    reply = await env.services.apology.set_template(slug, body)
    assert reply.key == key
    assert env.rows("SELECT count(*) FROM apology_templates") == [(0,)]


async def test_the_default_template_applies_to_every_ward(env: Env) -> None:
    service = env.services.apology
    reply = await service.set_template("default", None, "Căn cứ chung;")
    assert reply.key == "cli.apology_template_set"
    in_use = await service.template_in_use(4)
    assert in_use.source_key == "cli.apology_source_default"
    assert in_use.template.legal_basis == "Căn cứ chung;"
