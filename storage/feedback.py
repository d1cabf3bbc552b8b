"""Feedback cases, their history and attachments; every change writes its outbox rows with it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime

import aiosqlite

from bot.domain.feedback import (
    AWAITING_ACCEPTANCE,
    OPEN_STATES,
    Action,
    Attachment,
    Case,
    Category,
    Event,
    RefuseReason,
    State,
)
from bot.domain.messages import OutgoingMessage
from bot.ports import CaseCodeTakenError
from storage.db import Database
from storage.outbox import enqueue_in

_COLUMNS = (
    "id, code, unit_id, category, description, state, channel, chat_id, citizen_id, language,"
    " created_at, accept_due, answer_due, dossier_code, latitude, longitude, phone,"
    " citizen_name, consent_version, consent_at, assignee, answer, answered_at, rating,"
    " rating_reason, refuse_reason, filed_by"
)
# Columns a transition may change (never id, code, created_at).
_MUTABLE = frozenset(
    {
        "unit_id",
        "state",
        "chat_id",
        "citizen_id",
        "description",
        "accept_due",
        "answer_due",
        "phone",
        "citizen_name",
        "consent_version",
        "consent_at",
        "assignee",
        "answer",
        "answered_at",
        "rating",
        "rating_reason",
        "refuse_reason",
    }
)

Notification = tuple[str, OutgoingMessage]
# The states that wait to be taken, as SQL (their values are fixed identifiers, not input).
_AWAITING = ", ".join(f"'{s.value}'" for s in sorted(AWAITING_ACCEPTANCE))


def _dt(value: object) -> datetime | None:
    return datetime.fromisoformat(str(value)) if value is not None else None


def _sql_value(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, State | Category | RefuseReason):
        return value.value
    return value


def _to_case(row: aiosqlite.Row | tuple[object, ...]) -> Case:
    r = list(row)
    created = _dt(r[10])
    assert created is not None
    return Case(
        id=int(str(r[0])),
        code=str(r[1]),
        unit_id=int(str(r[2])),
        category=Category(str(r[3])),
        description=str(r[4]),
        state=State(str(r[5])),
        channel=str(r[6]),
        chat_id=str(r[7]),
        citizen_id=str(r[8]),
        language=str(r[9]),
        created_at=created,
        accept_due=date.fromisoformat(str(r[11])),
        answer_due=date.fromisoformat(str(r[12])),
        dossier_code=str(r[13]) if r[13] is not None else None,
        latitude=float(str(r[14])) if r[14] is not None else None,
        longitude=float(str(r[15])) if r[15] is not None else None,
        phone=str(r[16]) if r[16] is not None else None,
        citizen_name=str(r[17]) if r[17] is not None else None,
        consent_version=str(r[18]) if r[18] is not None else None,
        consent_at=_dt(r[19]),
        assignee=str(r[20]) if r[20] is not None else None,
        answer=str(r[21]) if r[21] is not None else None,
        answered_at=_dt(r[22]),
        rating=int(str(r[23])) if r[23] is not None else None,
        rating_reason=str(r[24]) if r[24] is not None else None,
        refuse_reason=RefuseReason(str(r[25])) if r[25] is not None else None,
        filed_by=str(r[26]) if r[26] is not None else None,
    )


async def _insert_event(conn: aiosqlite.Connection, case_id: int, event: Event) -> None:
    await conn.execute(
        "INSERT INTO feedback_events (feedback_id, at, actor, action, state, note)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            case_id,
            event.at.isoformat(),
            event.actor,
            event.action.value,
            event.state.value,
            event.note,
        ),
    )


async def _enqueue(
    conn: aiosqlite.Connection, notifications: Sequence[Notification], at: datetime
) -> None:
    for key, message in notifications:
        await enqueue_in(conn, key, message, at, at)


class SqliteFeedbackRepository:
    """Feedback cases in SQLite."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def create(
        self,
        case: Case,
        event: Event,
        notifications: Sequence[Notification] = (),
        *,
        conversation: tuple[str, str] | None = None,
    ) -> Case:
        """Insert a new case with its first event, attachments and outbox rows; end the intake
        conversation in the same transaction, so a repeated 'send' cannot file twice."""
        values = {c.strip(): getattr(case, c.strip()) for c in _COLUMNS.split(",")[1:]}
        names = ", ".join(values) + ", updated_at"
        marks = ", ".join("?" for _ in values) + ", ?"
        params = [_sql_value(v) for v in values.values()] + [event.at.isoformat()]
        try:
            async with self._db.transaction() as conn:
                cur = await conn.execute(f"INSERT INTO feedback ({names}) VALUES ({marks})", params)
                case_id = int(cur.lastrowid or 0)
                await conn.executemany(
                    "INSERT INTO feedback_attachments (feedback_id, kind, file_id, name,"
                    " mime_type, size) VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        (case_id, a.kind, a.file_id, a.name, a.mime_type, a.size)
                        for a in case.attachments
                    ],
                )
                await _insert_event(conn, case_id, event)
                await _enqueue(conn, notifications, event.at)
                if conversation is not None:
                    await conn.execute(
                        "DELETE FROM conversations WHERE channel = ? AND user_id = ?",
                        conversation,
                    )
        except aiosqlite.IntegrityError as exc:
            if "feedback.code" in str(exc):
                raise CaseCodeTakenError(case.code) from exc
            raise
        stored = await self.get(case_id)
        assert stored is not None
        return stored

    async def apply(
        self,
        case_id: int,
        expected: State,
        changes: Mapping[str, object],
        event: Event,
        notifications: Sequence[Notification] = (),
    ) -> Case | None:
        """Change a case if it is still in `expected` state (None when someone else got there
        first: a button pressed twice, two officers at once), append the event, queue the
        notifications — all in one transaction."""
        unknown = set(changes) - _MUTABLE
        if unknown:
            raise ValueError(f"not changeable: {sorted(unknown)}")
        sets = ", ".join(f"{name} = ?" for name in changes)
        params = [_sql_value(v) for v in changes.values()]
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                f"UPDATE feedback SET {sets}{', ' if sets else ''}updated_at = ?"
                " WHERE id = ? AND state = ?",
                [*params, event.at.isoformat(), case_id, expected.value],
            )
            if cur.rowcount == 0:
                return None
            await _insert_event(conn, case_id, event)
            await _enqueue(conn, notifications, event.at)
        return await self.get(case_id)

    async def get(self, case_id: int) -> Case | None:
        """A case with its attachments and history."""
        return await self._one("id = ?", (case_id,))

    async def by_code(self, code: str) -> Case | None:
        """A case by its tracking code (canonical form)."""
        return await self._one("code = ?", (code,))

    async def _one(self, where: str, params: tuple[object, ...]) -> Case | None:
        # One snapshot: the case, its attachments and its history as of the same commit; by
        # key (the id, the code, then the case's rows), on the loop's own connection.
        with self._db.looking() as read:
            row = read.fetchone(f"SELECT {_COLUMNS} FROM feedback WHERE {where}", params)
            if row is None:
                return None
            case = _to_case(row)
            attachment_rows = read.fetchall(
                "SELECT kind, file_id, name, mime_type, size FROM feedback_attachments"
                " WHERE feedback_id = ? ORDER BY id",
                (case.id,),
            )
            event_rows = read.fetchall(
                "SELECT at, actor, action, state, note FROM feedback_events"
                " WHERE feedback_id = ? ORDER BY id",
                (case.id,),
            )
        attachments = tuple(
            Attachment(str(r[0]), str(r[1]), str(r[2]), str(r[3]), int(str(r[4])))
            for r in attachment_rows
        )
        events = tuple(
            Event(
                at=datetime.fromisoformat(str(r[0])),
                actor=str(r[1]),
                action=Action(str(r[2])),
                state=State(str(r[3])),
                note=str(r[4]),
            )
            for r in event_rows
        )
        return replace(case, attachments=attachments, events=events)

    async def open_cases(self, unit_ids: Sequence[int] | None) -> list[Case]:
        """Open cases (of these units; all when None), the nearest deadline first."""
        states = sorted(s.value for s in OPEN_STATES)
        where = f"state IN ({', '.join('?' for _ in states)})"
        params: list[object] = list(states)
        if unit_ids is not None:
            if not unit_ids:
                return []
            where += f" AND unit_id IN ({', '.join('?' for _ in unit_ids)})"
            params.extend(unit_ids)
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM feedback WHERE {where}"
            f" ORDER BY CASE WHEN state IN ({_AWAITING}) THEN accept_due ELSE answer_due END,"
            " created_at",
            params,
        )
        return [_to_case(r) for r in rows]

    async def count_filed_since(self, channel: str, citizen_id: str, since: datetime) -> int:
        """How many cases a citizen filed since a moment (the daily limit)."""
        row = self._db.lookup_one(  # on the index feedback_citizen
            "SELECT count(*) FROM feedback WHERE channel = ? AND citizen_id = ?"
            " AND created_at >= ?",
            (channel, citizen_id, since.isoformat()),
        )
        return int(str(row[0])) if row else 0

    async def for_citizen(self, channel: str, citizen_id: str) -> list[Case]:
        """A citizen's cases, newest first."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM feedback WHERE channel = ? AND citizen_id = ?"
            " ORDER BY created_at DESC",
            (channel, citizen_id),
        )
        return [_to_case(r) for r in rows]

    async def citizen_units(self, citizen_id: str) -> list[tuple[str, int]]:
        """(channel, unit id) of every case a user filed as a citizen, on any channel."""
        rows = await self._db.fetchall(
            "SELECT DISTINCT channel, unit_id FROM feedback WHERE citizen_id = ?"
            " ORDER BY channel, unit_id",
            (citizen_id,),
        )
        return [(str(r[0]), int(str(r[1]))) for r in rows]

    async def erase_citizen(
        self, channel: str, citizen_id: str, redact: Mapping[int, str], event: Event
    ) -> int:
        """Anonymise a citizen's cases: contact, consent and channel link removed, texts
        replaced by their redacted versions (`redact`: case id → text); returns the count."""
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "SELECT id FROM feedback WHERE channel = ? AND citizen_id = ?",
                (channel, citizen_id),
            )
            ids = [int(r[0]) for r in await cur.fetchall()]
            for case_id in ids:
                await conn.execute(
                    "UPDATE feedback SET phone = NULL, citizen_name = NULL,"
                    " consent_version = NULL, consent_at = NULL, chat_id = '', citizen_id = '',"
                    " description = ?, updated_at = ? WHERE id = ?",
                    (redact.get(case_id, ""), event.at.isoformat(), case_id),
                )
                await _insert_event(
                    conn, case_id, replace(event, state=await _state(conn, case_id))
                )
            await conn.execute(
                "DELETE FROM conversations WHERE channel = ? AND user_id = ?",
                (channel, citizen_id),
            )
        return len(ids)

    async def set_blocked(
        self, channel: str, user_id: str, blocked_by: str | None, at: datetime
    ) -> None:
        """Block a citizen (blocked_by = staff id) or unblock (None)."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO citizens (channel, user_id, blocked_at, blocked_by)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (channel, user_id) DO UPDATE SET"
                " blocked_at = excluded.blocked_at, blocked_by = excluded.blocked_by",
                (channel, user_id, at.isoformat() if blocked_by else None, blocked_by),
            )

    async def is_blocked(self, channel: str, user_id: str) -> bool:
        """Whether staff blocked this citizen."""
        row = self._db.lookup_one(
            "SELECT blocked_at FROM citizens WHERE channel = ? AND user_id = ?",
            (channel, user_id),
        )
        return bool(row and row[0])


async def _state(conn: aiosqlite.Connection, case_id: int) -> State:
    async with conn.execute("SELECT state FROM feedback WHERE id = ?", (case_id,)) as cur:
        row = await cur.fetchone()
    return State(str(row[0])) if row else State.CLOSED
