"""The one place that gathers a window's counts per unit: every report, digest and file asks here,
so no two screens count differently."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import tzinfo

from bot.domain.calendar import WorkCalendar
from bot.domain.indicators import (
    AreaFigures,
    CaseFacts,
    DossierTally,
    FeedbackTally,
    Figures,
    ProcessingTime,
    Window,
    feedback_total,
    flagged_codes,
    processing_times,
    tally_cases,
)
from bot.domain.models import TaskCounts, Unit
from bot.ports import IndicatorCounts

# A unit without feedback or tasks in a window: one shared value (frozen), not one per unit.
_NO_FEEDBACK = FeedbackTally()
_NO_DOSSIERS = DossierTally()
_NO_TASKS = TaskCounts()


class IndicatorService:
    """Reads the counts of a window for some units and turns them into `Figures`."""

    def __init__(self, counts: IndicatorCounts, tz: tzinfo, calendar: WorkCalendar) -> None:
        self._counts = counts
        self._tz = tz
        self._calendar = calendar

    def _calendar_of(self, units: Sequence[Unit]) -> Callable[[int], WorkCalendar]:
        """Each unit's own work calendar, by id (the default for another)."""
        calendars = {u.id: self._calendar.for_unit(u) for u in units}
        return lambda unit_id: calendars.get(unit_id, self._calendar)

    async def per_unit(
        self, units: Sequence[Unit], window: Window, *, task_year: int | None = None
    ) -> dict[int, Figures]:
        """Each unit's own figures for the window (an area is their sum: `roll_up`)."""
        return (await self.per_unit_windows(units, [window], task_year=task_year))[0]

    async def per_unit_windows(
        self, units: Sequence[Unit], windows: Sequence[Window], *, task_year: int | None = None
    ) -> list[dict[int, Figures]]:
        """Each unit's own figures for each window (the tasks for the first), in one read (the
        dossiers of every window, the feedback cases of all of them, the tasks), and one more
        per window whose feedback names dossiers."""
        ids = [u.id for u in units]
        if not ids or not windows:
            return [{} for _ in windows]
        read = await self._counts.read(
            ids, windows, windows[0].utc_offset(self._tz), task_year or None
        )
        dossiers, cases, tasks = read.dossiers, read.cases, read.tasks
        calendar_of = self._calendar_of(units)

        out: list[dict[int, Figures]] = []
        for k, window in enumerate(windows):
            feedback = await self._feedback(cases, window, ids, calendar_of)
            counted = dossiers[k]
            window_tasks = tasks if k == 0 else {}
            out.append(
                {
                    unit_id: Figures(
                        counted.get(unit_id, {}),
                        feedback.get(unit_id, _NO_FEEDBACK),
                        window_tasks.get(unit_id, _NO_TASKS),
                    )
                    for unit_id in set(counted) | set(feedback) | set(window_tasks)
                }
            )
        return out

    async def area_windows(
        self,
        area: Unit,
        members: Sequence[Unit],
        inside: Sequence[Unit],
        extras: Sequence[Sequence[Unit]],
        windows: Sequence[Window],
        *,
        task_year: int | None = None,
    ) -> AreaFigures | None:
        """An area's figures for each window (the first by field, the others in total; the
        tasks for the first), and each member's figures for the first window in total: the
        sums of `per_unit_windows` over `inside` (the area and every unit under it) and
        `extras[k]` (the other units window k counts: a merger's predecessors), read from the
        areas' aggregates in one read. None where those cannot give them: then
        `per_unit_windows` does."""
        if not inside or len(extras) != len(windows):
            return None
        counted = {u.id: u for u in [*inside, *(u for more in extras for u in more)]}
        read = await self._counts.area(
            area.id,
            [m.id for m in members],
            [u.id for u in inside],
            [[u.id for u in more] for more in extras],
            windows,
            windows[0].utc_offset(self._tz),
            task_year or None,
        )
        if read is None:
            return None
        calendar_of = self._calendar_of(list(counted.values()))

        ids = list(counted)
        figures: list[Figures] = []
        in_members: dict[int, Figures] = {}
        for k, window in enumerate(windows):
            covered = {u.id for u in inside} | {u.id for u in extras[k]}
            feedback = await self._feedback(read.cases, window, ids, calendar_of)
            tasks = read.tasks if k == 0 else {}
            done = sum(t.done for u, t in tasks.items() if u in covered)
            summed = TaskCounts(done, sum(t.total for u, t in tasks.items() if u in covered))
            everyone = feedback_total(f for u, f in feedback.items() if u in covered)
            if k > 0:
                figures.append(Figures.in_total(read.totals[k - 1], everyone, summed))
                continue
            figures.append(Figures(read.fields, everyone, summed))
            for member in members:
                unit_id = member.id
                if unit_id in read.members or unit_id in feedback or unit_id in tasks:
                    in_members[unit_id] = Figures.in_total(
                        read.members.get(unit_id, _NO_DOSSIERS),
                        feedback.get(unit_id, _NO_FEEDBACK),
                        tasks.get(unit_id, _NO_TASKS),
                    )
        return AreaFigures(figures, in_members)

    async def _feedback(
        self,
        cases: Sequence[CaseFacts],
        window: Window,
        ids: Sequence[int],
        calendar_of: Callable[[int], WorkCalendar],
    ) -> dict[int, FeedbackTally]:
        """Per unit, the feedback cases' tally for the window, with the dossiers they name."""
        feedback = tally_cases(cases, window, calendar_of, self._tz)
        codes = flagged_codes(cases, window)
        flagged = await self._counts.flagged(ids, window, codes) if codes else {}
        for unit_id, (named, late) in flagged.items():
            found = feedback.get(unit_id, _NO_FEEDBACK)
            feedback[unit_id] = replace(found, flagged=named, flagged_late=late)
        return feedback

    async def processing(self, units: Sequence[Unit], window: Window) -> dict[str, ProcessingTime]:
        """2.2 per procedure over the units, in working days (each unit's own calendar)."""
        ids = [u.id for u in units]
        if not ids:
            return {}
        rows = await self._counts.processing(ids, window, window.utc_offset(self._tz))
        weekdays = replace(self._calendar, saturday_deadlines=False)
        saturdays = replace(self._calendar, saturday_deadlines=True)
        return processing_times(rows, lambda key: saturdays if key else weekdays)
