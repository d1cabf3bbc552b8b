"""Parsed dossier records read back as the domain model, for the tests that check them."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.imports import DossierRecord
from bot.domain.models import Dossier, DossierStatus, OnlineLevel, SubmissionChannel


def dossier_from_record(record: DossierRecord) -> Dossier:
    """A parsed record as the domain model (to check its moments as aware datetimes)."""
    code, unit_id, procedure, field_, received, due, resolved, channel, status = record[:9]
    level, department, name, address, phone = record[9:]
    return Dossier(
        code=code,
        unit_id=unit_id,
        received_at=datetime.fromtimestamp(received, UTC),
        due_at=datetime.fromtimestamp(due, UTC),
        channel=SubmissionChannel(channel),
        status=DossierStatus(status),
        procedure=procedure,
        field=field_,
        resolved_at=None if resolved is None else datetime.fromtimestamp(resolved, UTC),
        level=None if level is None else OnlineLevel(level),
        department=department,
        applicant=name,
        applicant_address=address,
        applicant_phone=phone,
    )
