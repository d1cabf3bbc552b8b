"""The one place that gathers a window's counts per unit: every report, digest and file asks here,
so no two screens count differently."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import tzinfo

from bot.domain.calendar import WorkCalendar
from bot.domain.indicators import (
    FeedbackTally,
    Figures,
    ProcessingTime,
    Window,
    flagged_codes,
    processing_times,
    tally_cases,
)
from bot.domain.models import TaskCounts, Unit
from bot.ports import IndicatorCounts


class IndicatorService:
    """Reads the counts of a window for some units and turns them into `Figures`."""

    def __init__(self, counts: IndicatorCounts, tz: tzinfo, calendar: WorkCalendar) -> None:
        self._counts = counts
        self._tz = tz
        self._calendar = calendar

    def _calendars(self, units: Sequence[Unit]) -> dict[int, WorkCalendar]:
        return {u.id: self._calendar.for_unit(u) for u in units}

    async def per_unit(
        self, units: Sequence[Unit], window: Window, *, task_year: int | None = None
    ) -> dict[int, Figures]:
        """Each unit's own figures for the window (an area is their sum: `roll_up`)."""
        ids = [u.id for u in units]
        if not ids:
            return {}
        dossiers = await self._counts.dossiers(ids, window, window.utc_offset(self._tz))
        cases = await self._counts.cases(ids, window)
        calendars = self._calendars(units)
        feedback = tally_cases(
            cases, window, lambda unit_id: calendars.get(unit_id, self._calendar), self._tz
        )
        flagged = await self._counts.flagged(ids, window, flagged_codes(cases, window))
        tasks = await self._counts.tasks(ids, task_year, window) if task_year else {}
        return {
            unit_id: Figures(
                dossiers.get(unit_id, {}),
                replace(
                    feedback.get(unit_id, FeedbackTally()),
                    flagged=flagged.get(unit_id, (0, 0))[0],
                    flagged_late=flagged.get(unit_id, (0, 0))[1],
                ),
                tasks.get(unit_id, TaskCounts()),
            )
            for unit_id in set(dossiers) | set(feedback) | set(flagged) | set(tasks)
        }

    async def processing(self, units: Sequence[Unit], window: Window) -> dict[str, ProcessingTime]:
        """2.2 per procedure over the units, in working days (each unit's own calendar)."""
        ids = [u.id for u in units]
        if not ids:
            return {}
        rows = await self._counts.processing(ids, window, window.utc_offset(self._tz))
        weekdays = replace(self._calendar, saturday_reception=False)
        saturdays = replace(self._calendar, saturday_reception=True)
        return processing_times(rows, lambda key: saturdays if key else weekdays)
