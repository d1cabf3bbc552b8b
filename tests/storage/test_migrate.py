"""Migrations: from an empty database, from every earlier version holding data, recorded with
the clock's time; a database from a newer release is refused."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FrozenClock
from storage.db import Database
from storage.feedback import SqliteFeedbackRepository
from storage.migrate import SchemaTooNewError, apply_migrations, load_migrations
from storage.outbox import SqliteOutbox
from storage.units import SqliteUnitRepository

T0 = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
HEAD = load_migrations()[-1].version

EXPECTED_TABLES = {
    "units",
    "unit_aliases",
    "staff",
    "dossiers",
    "tasks",
    "processed_updates",
    "audit_log",
    "schema_migrations",
}

# Representative rows, keyed by the version whose schema they need: every table a migration
# creates gets at least one row (checked below), columns a migration adds get a value.
SEED: dict[int, list[str]] = {
    1: [
        "INSERT INTO units (id, slug, name, kind, code, valid_from, valid_to, parent_id,"
        " created_at) VALUES (1, 'haiphong', 'Thành phố Hải Phòng', 'province', '31', NULL,"
        " NULL, NULL, '2026-01-01T00:00:00+00:00')",
        "INSERT INTO units (id, slug, name, kind, code, valid_from, valid_to, parent_id,"
        " created_at) VALUES (2, 'cautre', 'Phường Cầu Tre', 'ward', '11338', '2020-01-01',"
        " '2025-06-30', 1, '2026-01-01T00:00:00+00:00')",
        "INSERT INTO unit_aliases (unit_id, alias) VALUES (2, 'Cau Tre')",
        "INSERT INTO staff (id, channel, user_id, role, unit_id, name, created_at)"
        " VALUES (1, 'telegram', '100', 'officer', 2, 'Cán bộ một cửa', '2026-01-01T00:00:00Z')",
        "INSERT INTO staff (id, channel, user_id, role, unit_id, name, created_at)"
        " VALUES (2, 'telegram', '999', 'admin', NULL, NULL, '2026-01-01T00:00:00Z')",
        "INSERT INTO dossiers (id, code, unit_id, procedure, field, received_at, due_at,"
        " resolved_at, channel, status, apology_issued_at, apology_reason, apology_new_due_at,"
        " updated_at) VALUES (1, 'H31.1-0001', 2, 'Cấp giấy phép xây dựng', 'Xây dựng',"
        " 1790000000, 1790600000, NULL, 'online', 'processing', NULL, NULL, NULL, 1790000000)",
        "INSERT INTO dossiers (id, code, unit_id, procedure, field, received_at, due_at,"
        " resolved_at, channel, status, apology_issued_at, apology_reason, apology_new_due_at,"
        " updated_at) VALUES (2, 'H31.1-0002', 2, 'Chứng thực', 'Tư pháp', 1790000000,"
        " 1790100000, 1790050000, 'direct', 'resolved', NULL, NULL, NULL, 1790050000)",
        "INSERT INTO tasks (id, code, unit_id, title, year, due_at, completed_at, updated_at)"
        " VALUES (1, 'NV-01', 2, 'Rà soát thủ tục', 2026, 1790000000, NULL, 1790000000)",
        "INSERT INTO processed_updates (channel, update_id, processed_at)"
        " VALUES ('telegram', '5001', '2026-11-27T03:00:00+00:00')",
        "INSERT INTO audit_log (id, at, actor, action, unit_id, detail)"
        " VALUES (1, '2026-11-27T03:00:00+00:00', 'cli', 'ward.add', 2, '{\"slug\": \"cautre\"}')",
    ],
    2: [
        "INSERT INTO outbox (id, key, channel, recipient, text, choices, document_name,"
        " document, state, attempts, not_before, created_at, sent_at, sent_message_id,"
        " last_error) VALUES (1, 'case:1:accepted', 'telegram', '100', 'Đã tiếp nhận',"
        " '[[\"rate:1\", \"Đánh giá\"]]', 'a.txt', X'6869', 'pending', 1, 1790000000000,"
        " 1790000000000, NULL, NULL, 'timeout')",
        "INSERT INTO conversations (channel, user_id, state, updated_at) VALUES ('telegram',"
        ' \'100\', \'{"kind": "intake", "step": "category"}\', \'2026-11-27T03:00:00+00:00\')',
    ],
    3: [
        "UPDATE units SET desk_address = 'Số 1 Cầu Tre', desk_hours = '7:30–17:00',"
        " desk_hotline = '0225 1234' WHERE id = 2",
        "INSERT INTO feedback (id, code, unit_id, category, description, state, channel,"
        " chat_id, citizen_id, language, created_at, accept_due, answer_due, dossier_code,"
        " latitude, longitude, phone, citizen_name, consent_version, consent_at, assignee,"
        " answer, answered_at, rating, rating_reason, refuse_reason, filed_by, updated_at)"
        " VALUES (1, 'PA-7K3M9Q', 2, 'late_dossier', 'Hồ sơ trễ hẹn', 'answered', 'telegram',"
        " '100', '100', 'vi', '2026-11-20T03:00:00+00:00', '2026-11-23', '2026-12-04',"
        " 'H31.1-0001', 20.86, 106.68, '0912345678', 'Nguyễn Văn A', 'v1',"
        " '2026-11-20T03:00:00+00:00', '100', 'Đã xử lý', '2026-11-25T03:00:00+00:00', 4,"
        " NULL, NULL, NULL, '2026-11-25T03:00:00+00:00')",
        "INSERT INTO feedback_events (id, feedback_id, at, actor, action, state, note) VALUES"
        " (1, 1, '2026-11-20T03:00:00+00:00', '100', 'file', 'new', ''),"
        " (2, 1, '2026-11-25T03:00:00+00:00', '100', 'answer', 'answered', 'Đã xử lý')",
        "INSERT INTO feedback_attachments (id, feedback_id, kind, file_id, name, mime_type,"
        " size) VALUES (1, 1, 'photo', 'AgAD-1', 'anh.jpg', 'image/jpeg', 2048)",
        "INSERT INTO citizens (channel, user_id, blocked_at, blocked_by)"
        " VALUES ('telegram', '666', '2026-11-26T03:00:00+00:00', '100')",
    ],
    4: [
        "INSERT INTO job_runs (id, job, occurrence, started_at, finished_at, queued) VALUES"
        " (1, 'digest', '2026-W48', '2026-11-27T00:30:00+00:00', '2026-11-27T00:30:01+00:00',"
        " 1)",
        "INSERT INTO job_notices (job, subject, stage, occurrence, created_at) VALUES"
        " ('reminders', 'H31.1-0001', 'due_soon', '2026-11-27', '2026-11-27T00:30:00+00:00')",
        "INSERT INTO digest_subscriptions (channel, user_id, unit_id, created_at)"
        " VALUES ('telegram', '100', 2, '2026-11-27T00:30:00+00:00')",
    ],
    5: [
        "UPDATE dossiers SET apology_issued_at = 1790300000, apology_reason = 'Thiếu hồ sơ',"
        " apology_new_due_at = 1790900000 WHERE id = 1",
        "INSERT INTO apology_letters (id, dossier_id, unit_id, year, seq, number, issued_at,"
        " issued_by, reason, new_due_at, signer_title, signer_name, legal_basis,"
        " document_name, document, document_sha256, notified_at) VALUES (1, 1, 2, 2026, 1,"
        " '01/PXL', 1790300000, '100', 'Thiếu hồ sơ', 1790900000, 'Chủ tịch', 'Trần B',"
        " 'Nghị định 118/2025/NĐ-CP', 'phieu-01.docx', X'504B0304', 'abc', NULL)",
        "INSERT INTO apology_templates (id, unit_id, body, legal_basis, signer_title,"
        " signer_name, updated_at) VALUES (1, NULL, 'Kính gửi…', 'NĐ 118/2025', '', '',"
        " '2026-11-27T03:00:00+00:00'), (2, 2, 'Phường Cầu Tre xin lỗi…', 'NĐ 118/2025',"
        " 'Chủ tịch', 'Trần B', '2026-11-27T03:00:00+00:00')",
    ],
    6: [
        "INSERT INTO zalo_accounts (id, unit_id, app_id, oa_id, app_secret, oa_secret_key,"
        " access_token, refresh_token, access_expires_at, allow_charged, zbs_template_id,"
        " updated_at) VALUES (1, 2, 'APP1', 'OA1', 's', 'k', 'at', 'rt', 1790000000000, 1,"
        " 'ZBS1', 1790000000000)",
        "INSERT INTO zalo_users (oa_id, user_id, last_message_at, last_msg_id, followed,"
        " updated_at) VALUES ('OA1', 'zu-1', 1790000000000, 'm-1', 1, 1790000000000)",
        "INSERT INTO zalo_events (msg_id, oa_id, event_name, received_at)"
        " VALUES ('m-1', 'OA1', 'user_send_text', 1790000000000)",
    ],
    7: ["UPDATE units SET saturday_reception = 1 WHERE id = 2"],
    8: [
        "INSERT INTO units (id, slug, name, kind, code, valid_from, valid_to, parent_id,"
        " created_at, unit_type) VALUES (3, 'ngoquyen', 'Phường Ngô Quyền', 'ward', '11329',"
        " '2025-07-01', NULL, 1, '2026-01-01T00:00:00+00:00', 'phuong')",
        "INSERT INTO unit_successions (predecessor_id, successor_id) VALUES (2, 3)",
    ],
    9: [
        "INSERT INTO demo_state (name, value, updated_at) VALUES ('standin.counters',"
        " '{\"next_update_id\": 7}', '2026-11-27T03:00:00+00:00')",
    ],
    12: [
        "UPDATE dossiers SET level = 'full', department = 'Bộ phận Một cửa' WHERE id = 1",
        "INSERT INTO dossiers (id, code, unit_id, procedure, field, received_at, due_at,"
        " resolved_at, channel, status, updated_at, level, department, ended_at) VALUES (3,"
        " 'H31.1-0003', 2, 'Đăng ký khai sinh', 'Hộ tịch', 1790000000, 1790600000, 1790400000,"
        " 'postal', 'returned', 1790400000, 'partial', 'Văn phòng', 1790400000)",
    ],
    14: [
        "UPDATE staff SET phone = '0912345678' WHERE id = 1",
        "INSERT INTO staff_invites (code_hash, role, unit_id, name, created_at, expires_at)"
        " VALUES ('ab12', 'officer', 2, NULL, '2026-11-27T03:00:00+00:00',"
        " '2026-12-04T03:00:00+00:00')",
    ],
    15: [
        "INSERT INTO inbox (id, bot, update_id, chat, payload, state, attempts, not_before,"
        " received_at, last_error) VALUES (1, 'telegram:42', '7001', 'telegram:100',"
        " '{\"update_id\": 7001}', 'pending', 1, 1790000000000, 1790000000000, 'locked')",
        "INSERT INTO processed_updates (channel, update_id, processed_at)"
        " VALUES ('telegram:42', '7000', '2026-11-27T03:00:00+00:00')",
        "UPDATE outbox SET priority = 0 WHERE id = 1",
    ],
    16: [
        "UPDATE zalo_users SET choices = '[[\"Nhận xử lý\", \"s:take:1\"]]' WHERE user_id = 'zu-1'",
    ],
    17: [
        "INSERT INTO command_menus (scope, digest, set_at) VALUES ('telegram:42:chat:100',"
        " 'a1b2c3', '2026-11-27T03:00:00+00:00')",
    ],
    18: [
        # The daily aggregates follow the dossiers: this row's days are added by the triggers.
        "INSERT INTO dossiers (id, code, unit_id, procedure, field, received_at, due_at,"
        " resolved_at, channel, status, updated_at, level, department, ended_at) VALUES (4,"
        " 'H31.1-0004', 2, 'Chứng thực', 'Chứng thực', 1790000000, 1790100000, 1790090000,"
        " 'online', 'done', 1790090000, 'full', '', 1790090000)",
    ],
    19: [
        # A second update, handled: the trigger moves it out of the inbox into the ledger.
        "INSERT INTO inbox (id, bot, update_id, chat, payload, not_before, received_at)"
        " VALUES (2, 'telegram:42', '7002', 'telegram:100', '{\"update_id\": 7002}',"
        " 1790000000000, 1790000000000)",
        "UPDATE inbox SET handled_at = '2026-11-27T03:01:00+00:00' WHERE id = 2",
    ],
    20: [
        # A case's second attachment: read by the case through the new index.
        "INSERT INTO feedback_attachments (id, feedback_id, kind, file_id, name, mime_type,"
        " size) SELECT 2, feedback_id, 'document', 'F-2', 'don.pdf', 'application/pdf', 9"
        " FROM feedback_attachments WHERE id = 1",
    ],
}


def _user_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND name != 'schema_migrations' ORDER BY name"
    ).fetchall()
    return [str(r[0]) for r in rows]


def _contents(conn: sqlite3.Connection, columns: dict[str, list[str]]) -> dict[str, list[tuple]]:
    """Every row of each table, restricted to the given columns, in a stable order."""
    out: dict[str, list[tuple]] = {}
    for table, cols in columns.items():
        names = ", ".join(cols)
        out[table] = conn.execute(f"SELECT {names} FROM {table} ORDER BY {names}").fetchall()
    return out


def _schema(path: Path) -> set[tuple[str, str, str]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL")
        return {(str(t), str(n), str(s)) for t, n, s in rows}


async def _build_at(path: Path, version: int) -> None:
    """A database at `version`, holding the rows every version up to it can hold."""
    db = await Database(path, FrozenClock(T0)).connect(migrate=False)
    try:
        assert await apply_migrations(db.conn, db.clock, upto=version) == list(
            range(1, version + 1)
        )
        for v in range(1, version + 1):
            for statement in SEED.get(v, []):
                await db.conn.execute(statement)  # foreign keys are on: the rows are valid
    finally:
        await db.close()


async def test_from_empty_database(tmp_path: Path) -> None:
    db = await Database(tmp_path / "m.sqlite3", FrozenClock(T0)).connect()
    try:
        async with db.conn.execute("SELECT name FROM sqlite_master WHERE type='table'") as cur:
            tables = {r[0] for r in await cur.fetchall()}
        assert tables >= EXPECTED_TABLES
        async with db.conn.execute("SELECT version FROM schema_migrations") as cur:
            versions = [r[0] for r in await cur.fetchall()]
        assert versions == [m.version for m in load_migrations()]
        for conn in (db.conn, db.reader):
            async with conn.execute("PRAGMA journal_mode") as cur:
                assert (await cur.fetchone())[0] == "wal"
            async with conn.execute("PRAGMA foreign_keys") as cur:
                assert (await cur.fetchone())[0] == 1
            async with conn.execute("PRAGMA synchronous") as cur:
                assert (await cur.fetchone())[0] == 1  # NORMAL
        assert await apply_migrations(db.conn, db.clock) == []  # nothing pending the second time
    finally:
        await db.close()


async def test_migrations_are_stamped_with_the_clock(tmp_path: Path) -> None:
    at = datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    async with Database(tmp_path / "m.sqlite3", FrozenClock(at)) as db:
        rows = await db.fetchall("SELECT DISTINCT applied_at FROM schema_migrations")
    assert rows == [("2026-11-27T03:00:00+00:00",)]  # the clock's moment, in UTC


async def test_reopening_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    async with Database(path, FrozenClock(T0)) as db, db.transaction() as conn:
        await conn.execute(
            "INSERT INTO units (slug, name, created_at) VALUES ('a', 'A', '2026-01-01')"
        )
    async with Database(path, FrozenClock(T0)) as db:
        assert await db.fetchall("SELECT slug FROM units") == [("a",)]


async def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    async with Database(tmp_path / "m.sqlite3", FrozenClock(T0)) as db:
        with pytest.raises(sqlite3.IntegrityError):
            async with db.transaction() as conn:
                await conn.execute(
                    "INSERT INTO staff (user_id, role, unit_id, created_at)"
                    " VALUES ('1', 'officer', 12345, 'x')"
                )


async def test_0012_fills_the_end_of_processing_and_guards_it(tmp_path: Path) -> None:
    """From the previous version: existing dossiers get `ended_at`; a writer that disagrees
    with the statuses' rule is refused."""
    indicators = next(m for m in load_migrations() if m.name == "indicators")
    db = await Database(tmp_path / "m.sqlite3", FrozenClock(T0)).connect(migrate=False)
    try:
        conn = db.conn
        await apply_migrations(conn, db.clock, upto=indicators.version - 1)
        await conn.execute(
            "INSERT INTO units (id, slug, name, created_at) VALUES (1, 'a', 'A', '2026-01-01')"
        )
        rows = [
            ("D-RETURNED", "returned", 500),
            ("D-PROCESSING", "processing", 500),  # an end time with an open status: none
            ("D-SUPPLEMENT", "supplement", 400),
            ("D-REJECTED", "rejected", 300),
            ("D-OPEN", "processing", None),
        ]
        await conn.executemany(
            "INSERT INTO dossiers (code, unit_id, received_at, due_at, resolved_at, channel,"
            " status, updated_at) VALUES (?, 1, 100, 1000, ?, 'direct', ?, 0)",
            [(code, resolved, status) for code, status, resolved in rows],
        )
        assert await apply_migrations(conn, db.clock, upto=indicators.version) == [
            indicators.version
        ]
        async with conn.execute("SELECT code, ended_at FROM dossiers ORDER BY code") as cur:
            assert dict(await cur.fetchall()) == {
                "D-OPEN": None,
                "D-PROCESSING": None,
                "D-REJECTED": None,
                "D-RETURNED": 500,
                "D-SUPPLEMENT": 400,
            }
        with pytest.raises(sqlite3.IntegrityError, match="ended_at"):
            await conn.execute(
                "INSERT INTO dossiers (code, unit_id, received_at, due_at, resolved_at, channel,"
                " status, updated_at) VALUES ('X', 1, 100, 1000, 500, 'direct', 'done', 0)"
            )
        with pytest.raises(sqlite3.IntegrityError, match="ended_at"):
            await conn.execute("UPDATE dossiers SET status = 'done' WHERE code = 'D-PROCESSING'")
        await conn.execute(
            "UPDATE dossiers SET status = 'done', ended_at = 500 WHERE code = 'D-PROCESSING'"
        )
        async with conn.execute("SELECT level, department FROM dossiers LIMIT 1") as cur:
            assert await cur.fetchone() == (None, "")
    finally:
        await db.close()


async def test_the_seed_fills_every_table_of_the_newest_schema(tmp_path: Path) -> None:
    """A migration that adds a table adds its representative row to SEED too."""
    path = tmp_path / "full.sqlite3"
    await _build_at(path, HEAD)
    with sqlite3.connect(path) as conn:
        empty = [t for t in _user_tables(conn) if not conn.execute(f"SELECT 1 FROM {t}").fetchone()]
    assert empty == []


@pytest.mark.parametrize("version", range(1, HEAD + 1))
async def test_a_database_with_data_at_each_version_migrates_to_the_newest(
    tmp_path: Path, version: int
) -> None:
    path = tmp_path / f"v{version}.sqlite3"
    await _build_at(path, version)
    with sqlite3.connect(path) as conn:
        columns = {
            t: [str(r[1]) for r in conn.execute(f"PRAGMA table_info({t})")]
            for t in _user_tables(conn)
        }
        before = _contents(conn, columns)
    assert sum(len(rows) for rows in before.values()) >= 10

    later = FrozenClock(datetime(2026, 12, 1, tzinfo=UTC))
    async with Database(path, later) as db:
        units = await SqliteUnitRepository(db, later).all()
        case = await SqliteFeedbackRepository(db).by_code("PA-7K3M9Q")
        queued = await SqliteOutbox(db, later).get("case:1:accepted")

    with sqlite3.connect(path) as conn:
        applied = conn.execute("SELECT version, applied_at FROM schema_migrations").fetchall()
        assert [v for v, _ in applied] == list(range(1, HEAD + 1))
        assert {a for v, a in applied if v > version} <= {later.now().isoformat()}
        assert _contents(conn, columns) == before  # every row, every old column, unchanged
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    fresh = tmp_path / "fresh.sqlite3"
    async with Database(fresh, later):
        pass
    assert _schema(path) == _schema(fresh)

    # The repositories read the old rows through the new schema.
    later_units = ["ngoquyen"] if version >= 8 else []
    assert [u.slug for u in units] == ["cautre", "haiphong", *later_units]
    assert units[0].parent_id == 1 and units[0].aliases == ("Cau Tre",)
    assert units[0].saturday_reception is (version >= 7)
    assert (units[0].desk_address == "Số 1 Cầu Tre") is (version >= 3)
    assert (queued is not None and queued.attempts == 1) is (version >= 2)
    if version >= 3:
        assert case is not None and case.rating == 4 and case.phone == "0912345678"
        assert [e.action.value for e in case.events] == ["file", "answer"]
        files = ["AgAD-1", "F-2"] if version >= 20 else ["AgAD-1"]
        assert [a.file_id for a in case.attachments] == files  # in order, by the case
    else:
        assert case is None


async def test_a_database_from_a_newer_release_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    async with Database(path, FrozenClock(T0)) as db, db.transaction() as conn:
        await conn.execute(
            "INSERT INTO schema_migrations (version, name, applied_at)"
            f" VALUES ({HEAD + 2}, 'from_the_future', 'x')"
        )
    db = Database(path, FrozenClock(T0))
    with pytest.raises(SchemaTooNewError) as caught:
        await db.connect()
    assert (caught.value.found, caught.value.supported) == (HEAD + 2, HEAD)
    with pytest.raises(RuntimeError, match="not connected"):
        _ = db.conn  # both connections were closed again
    with sqlite3.connect(path) as conn:  # nothing was applied or changed
        versions = [v for (v,) in conn.execute("SELECT version FROM schema_migrations")]
    assert versions == [*range(1, HEAD + 1), HEAD + 2]


async def test_the_law_migration_upgrades_an_older_database(tmp_path: Path) -> None:
    """Saturday reception stays as it was and no longer implies Saturday deadlines; the new
    columns start empty on existing rows."""
    import aiosqlite

    path = tmp_path / "old.sqlite3"
    law = next(m for m in load_migrations() if m.name == "law")
    async with aiosqlite.connect(path) as conn:
        for migration in load_migrations():
            if migration.version < law.version:
                await conn.executescript(migration.sql)
        await conn.execute(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at TEXT NOT NULL)"
        )
        await conn.executemany(
            "INSERT INTO schema_migrations VALUES (?, ?, 'x')",
            [(m.version, m.name) for m in load_migrations() if m.version < law.version],
        )
        await conn.execute(
            "INSERT INTO units (slug, name, created_at, saturday_reception)"
            " VALUES ('nq', 'Phường Ngô Quyền', 'x', 1)"
        )
        await conn.execute(
            "INSERT INTO dossiers (code, unit_id, received_at, due_at, channel, status,"
            " updated_at) VALUES ('NQ-1', 1, 0, 10, 'direct', 'processing', 0)"
        )
        await conn.commit()
    async with Database(path, FrozenClock(T0)) as db:
        async with db.conn.execute(
            "SELECT saturday_reception, saturday_deadlines, apology_desk FROM units"
        ) as cur:
            assert list(await cur.fetchall()) == [(1, 0, None)]
        async with db.conn.execute(
            "SELECT applicant, applicant_address, applicant_phone FROM dossiers"
        ) as cur:
            assert list(await cur.fetchall()) == [(None, None, None)]
        async with db.conn.execute("SELECT pdf, pdf_name, issued_late FROM apology_letters"):
            pass  # the columns exist
        async with db.conn.execute("SELECT version FROM schema_migrations") as cur:
            applied = {int(r[0]) for r in await cur.fetchall()}
        assert law.version in applied
        assert max(applied) == max(m.version for m in load_migrations())
