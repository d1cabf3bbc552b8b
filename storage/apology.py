"""Apology letters and templates: a letter is recorded with its dossier in one transaction."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime

from bot.domain.apology import (
    CitizenContact,
    IssuedLetter,
    LetterNumberTakenError,
    Refusal,
    StoredTemplate,
    Template,
    check_dossier,
)
from bot.domain.messages import OutgoingMessage
from storage.db import Database
from storage.dossiers import DOSSIER_COLUMNS, DOSSIER_WIDTH, dossier_from_row, epoch
from storage.outbox import enqueue_in

# The column order `dossier_from_row` reads, then the row id.
_DOSSIER = f"SELECT {DOSSIER_COLUMNS}, id FROM dossiers WHERE code = ?"

_LETTER_COLUMNS = (
    "d.code, l.unit_id, l.year, l.seq, l.number, l.issued_at, l.issued_by, l.reason,"
    " l.new_due_at, l.signer_title, l.signer_name, l.legal_basis, l.document_name, l.document,"
    " l.notified_at, l.pdf_name, l.pdf, l.issued_late"
)

_TEMPLATE_COLUMNS = "unit_id, body, legal_basis, signer_title, signer_name, updated_at, title"


def _time(value: object) -> datetime:
    return datetime.fromtimestamp(int(str(value)), UTC)


def _blob(value: object) -> bytes:
    if not isinstance(value, bytes | bytearray | memoryview):
        raise TypeError("a stored document must be a BLOB")
    return bytes(value)


def _to_letter(row: Sequence[object]) -> IssuedLetter:
    return IssuedLetter(
        dossier_code=str(row[0]),
        unit_id=int(str(row[1])),
        year=int(str(row[2])),
        sequence=int(str(row[3])),
        number=str(row[4]),
        issued_at=_time(row[5]),
        issued_by=str(row[6]),
        reason=str(row[7]),
        new_due_at=_time(row[8]),
        signer_title=str(row[9]),
        signer_name=str(row[10]),
        legal_basis=str(row[11]),
        document_name=str(row[12]),
        document=_blob(row[13]),
        notified_at=None if row[14] is None else _time(row[14]),
        pdf_name=None if row[15] is None else str(row[15]),
        pdf=None if row[16] is None else _blob(row[16]),
        late=None if row[17] is None else bool(row[17]),
    )


def _to_template(row: Sequence[object]) -> StoredTemplate:
    return StoredTemplate(
        unit_id=None if row[0] is None else int(str(row[0])),
        template=Template(
            body=str(row[1]),
            legal_basis=str(row[2]),
            signer_title=str(row[3]),
            signer_name=str(row[4]),
            title=str(row[6]),
        ),
        updated_at=datetime.fromisoformat(str(row[5])),
    )


class SqliteApologyRepository:
    """`bot.services.apology.ApologyStore` on SQLite."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def next_sequence(self, unit_id: int, year: int) -> int:
        """The next free letter number of a unit in a year."""
        row = await self._db.fetchone(
            "SELECT ifnull(max(seq), 0) + 1 FROM apology_letters WHERE unit_id = ? AND year = ?",
            (unit_id, year),
        )
        return int(str(row[0])) if row else 1

    async def record(self, letter: IssuedLetter) -> Refusal | None:
        """Store the letter and mark its dossier, in one transaction; a refusal when the dossier
        is gone, resolved or already apologised for; LetterNumberTakenError on a number clash."""
        async with self._db.transaction() as conn:
            async with conn.execute(_DOSSIER, (letter.dossier_code,)) as cur:
                row = await cur.fetchone()
            refusal = check_dossier(None if row is None else dossier_from_row(tuple(row)))
            if refusal is not None or row is None:
                return refusal
            dossier_id = int(row[DOSSIER_WIDTH])
            try:
                await conn.execute(
                    "INSERT INTO apology_letters (dossier_id, unit_id, year, seq, number,"
                    " issued_at, issued_by, reason, new_due_at, signer_title, signer_name,"
                    " legal_basis, document_name, document, document_sha256, pdf_name, pdf,"
                    " issued_late) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        dossier_id,
                        letter.unit_id,
                        letter.year,
                        letter.sequence,
                        letter.number,
                        epoch(letter.issued_at),
                        letter.issued_by,
                        letter.reason,
                        epoch(letter.new_due_at),
                        letter.signer_title,
                        letter.signer_name,
                        letter.legal_basis,
                        letter.document_name,
                        letter.document,
                        hashlib.sha256(letter.document).hexdigest(),
                        letter.pdf_name,
                        letter.pdf,
                        None if letter.late is None else int(letter.late),
                    ),
                )
            except sqlite3.IntegrityError as err:
                # The dossier's own letter was checked above: a clash can only be the number.
                raise LetterNumberTakenError(letter.number) from err
            await conn.execute(
                "UPDATE dossiers SET apology_issued_at = ?, apology_reason = ?,"
                " apology_new_due_at = ?, updated_at = ? WHERE id = ?",
                (
                    epoch(letter.issued_at),
                    letter.reason,
                    epoch(letter.new_due_at),
                    epoch(letter.issued_at),
                    dossier_id,
                ),
            )
        return None

    async def letter(self, dossier_code: str) -> IssuedLetter | None:
        """The letter issued for a dossier, if any."""
        row = await self._db.fetchone(
            f"SELECT {_LETTER_COLUMNS} FROM apology_letters AS l"
            " JOIN dossiers AS d ON d.id = l.dossier_id WHERE d.code = ?",
            (dossier_code,),
        )
        return None if row is None else _to_letter(row)

    async def letters(self, unit_id: int) -> list[IssuedLetter]:
        """Every letter a unit issued, with its documents, by year and number."""
        rows = await self._db.fetchall(
            f"SELECT {_LETTER_COLUMNS} FROM apology_letters AS l"
            " JOIN dossiers AS d ON d.id = l.dossier_id WHERE l.unit_id = ?"
            " ORDER BY l.year, l.seq",
            (unit_id,),
        )
        return [_to_letter(r) for r in rows]

    async def citizens(self, dossier_code: str) -> list[CitizenContact]:
        """Citizens whose feedback cases name the dossier and who can still be reached there."""
        rows = await self._db.fetchall(
            "SELECT code, channel, chat_id, language FROM feedback"
            " WHERE dossier_code IS NOT NULL AND upper(dossier_code) = upper(?)"
            " AND chat_id != '' AND channel != 'desk' ORDER BY created_at, id",
            (dossier_code,),
        )
        return [CitizenContact(str(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]

    async def notify(
        self, dossier_code: str, messages: Sequence[tuple[str, OutgoingMessage]], at: datetime
    ) -> int:
        """Queue the citizens' messages and stamp the letter as notified, in one transaction;
        returns how many keys were new."""
        queued = 0
        async with self._db.transaction() as conn:
            for key, message in messages:
                queued += await enqueue_in(conn, key, message, at, at)
            await conn.execute(
                "UPDATE apology_letters SET notified_at = ?"
                " WHERE dossier_id = (SELECT id FROM dossiers WHERE code = ?)",
                (epoch(at), dossier_code),
            )
        return queued

    async def template(self, unit_id: int) -> StoredTemplate | None:
        """The unit's own template, else the stored default, else None."""
        row = await self._db.fetchone(
            f"SELECT {_TEMPLATE_COLUMNS} FROM apology_templates"
            " WHERE unit_id = ? OR unit_id IS NULL ORDER BY unit_id IS NULL LIMIT 1",
            (unit_id,),
        )
        return None if row is None else _to_template(row)

    async def set_template(self, unit_id: int | None, template: Template, at: datetime) -> None:
        """Save (replace) a unit's template, or the default one when `unit_id` is None."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "DELETE FROM apology_templates WHERE ifnull(unit_id, 0) = ?", (unit_id or 0,)
            )
            await conn.execute(
                "INSERT INTO apology_templates (unit_id, body, legal_basis, signer_title,"
                " signer_name, updated_at, title) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    unit_id,
                    template.body,
                    template.legal_basis,
                    template.signer_title,
                    template.signer_name,
                    at.isoformat(),
                    template.title,
                ),
            )
