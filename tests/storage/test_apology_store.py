"""The apology tables: one letter per dossier, one number per ward and year, one template each."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import FrozenClock
from bot.domain.apology import IssuedLetter, LetterNumberTakenError, Refusal, Template
from storage.apology import SqliteApologyRepository
from storage.db import Database
from tests.conftest import NOW

AT = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
LETTER = IssuedLetter(
    dossier_code="NQ-2026-006521",
    unit_id=3,
    year=2026,
    sequence=1,
    number="01/PXL",
    issued_at=AT,
    issued_by="2011",
    reason="Hồ sơ cần xác minh thêm",
    new_due_at=datetime(2026, 11, 30, 10, 0, tzinfo=UTC),
    signer_title="CHỦ TỊCH",
    signer_name="",
    legal_basis="Thực hiện …;",
    document_name="phieu.docx",
    document=b"PK\x03\x04 not really",
)


@pytest.fixture
async def repo(seeded_db: Path) -> AsyncIterator[SqliteApologyRepository]:
    db = await Database(seeded_db, FrozenClock(NOW)).connect()
    try:
        yield SqliteApologyRepository(db)
    finally:
        await db.close()


async def test_a_letter_is_recorded_once_with_its_dossier(repo: SqliteApologyRepository) -> None:
    assert await repo.next_sequence(3, 2026) == 1
    assert await repo.record(LETTER) is None
    assert await repo.next_sequence(3, 2026) == 2
    assert await repo.next_sequence(3, 2027) == 1
    stored = await repo.letter("NQ-2026-006521")
    assert stored == LETTER
    again = replace(LETTER, sequence=2, number="02/PXL")
    assert await repo.record(again) is Refusal.ALREADY
    assert await repo.record(replace(again, dossier_code="NQ-0000-000000")) is Refusal.NOT_FOUND


async def test_a_number_taken_meanwhile_raises(repo: SqliteApologyRepository) -> None:
    assert await repo.record(LETTER) is None
    with pytest.raises(LetterNumberTakenError):
        await repo.record(replace(LETTER, dossier_code="NQ-2026-006422"))
    # Rolled back: the second dossier is untouched.
    assert await repo.letter("NQ-2026-006422") is None
    assert await repo.record(replace(LETTER, dossier_code="NQ-2026-006422", sequence=2)) is None


async def test_one_template_per_unit_and_one_default(repo: SqliteApologyRepository) -> None:
    assert await repo.template(3) is None
    await repo.set_template(None, Template("chung {code}", "A;"), AT)
    await repo.set_template(None, Template("chung 2 {code}", "B;"), AT)
    default = await repo.template(3)
    assert default is not None and default.unit_id is None
    assert default.template.body == "chung 2 {code}"
    await repo.set_template(3, Template("riêng {code}", "C;", signer_name="Bình"), AT)
    own = await repo.template(3)
    assert own is not None and own.unit_id == 3 and own.template.signer_name == "Bình"
    other = await repo.template(4)
    assert other is not None and other.unit_id is None
