"""The weekly digest job: each ward's and each area's QĐ 766 indicators, with a chart."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from datetime import datetime

from bot.domain.access import can_view_unit, is_under
from bot.domain.digest import (
    OLDEST_SHOWN,
    AreaDigest,
    OverdueDossier,
    WardDigest,
    Week,
    WeekFigures,
    area_content,
    build_ward_digests,
    ward_content,
)
from bot.domain.indicators import roll_up, units_under
from bot.domain.jobs import (
    Subscription,
)
from bot.domain.messages import Lines, OutgoingMessage, Text
from bot.domain.models import Unit
from bot.domain.reminders import (
    WorkingDayCounter,
)
from bot.services.job_context import LANG, JobContext, _active, _Plan, digest_unit, log
from bot.services.people import identify


class WeeklyDigest(JobContext):
    """Plans the weekly digests."""

    # --- weekly digest --------------------------------------------------------------------------

    async def digests(
        self, at: datetime, unit_ids: Sequence[int] | None = None
    ) -> tuple[Week, dict[int, WardDigest | AreaDigest]]:
        """The digest of each unit (all subscribed units when None) for the week before `at`.

        The figures are the indicators' for the week's window, exactly what /stats shows for
        the same unit and week."""
        week = Week.last_full_before(at, self._tz)
        everyone = await self._units.all()
        units = {u.id: u for u in everyone}
        wanted = list(unit_ids) if unit_ids is not None else []
        counts: list[dict[int, WeekFigures]] = await self._indicators.per_unit_windows(
            everyone, [w.window(at, self._tz) for w in (week, week.previous())]
        )
        overdue = await self._queries.oldest_overdue(at, OLDEST_SHOWN)
        today = at.astimezone(self._tz).date()
        due_days = [d.due_at.astimezone(self._tz).date() for ds in overdue.values() for d in ds]
        counter = WorkingDayCounter(self._calendar, min(due_days, default=today), today)
        oldest = {
            unit_id: [
                OverdueDossier(
                    d.code,
                    d.unit_id,
                    d.procedure,
                    d.due_at,
                    max(counter.between(d.due_at.astimezone(self._tz).date(), today), 0),
                )
                for d in items
            ]
            for unit_id, items in overdue.items()
        }
        active = [u for u in units.values() if u.kind == "ward" and _active(u, week)]
        out: dict[int, WardDigest | AreaDigest] = {}
        by_parent: dict[int | None, dict[int, WardDigest]] = {}  # one ranking per parent
        for unit_id in wanted:
            unit = units.get(unit_id)
            if unit is None:
                continue
            if unit.kind == "ward":
                if unit.parent_id not in by_parent:
                    peers = [w for w in active if w.parent_id == unit.parent_id]
                    ranked = build_ward_digests(peers, counts[0], counts[1], oldest)
                    by_parent[unit.parent_id] = {d.unit.id: d for d in ranked}
                found = by_parent[unit.parent_id].get(unit_id)
                if found is None:  # a ward merged away before the week: ranked alone
                    found = build_ward_digests([unit], counts[0], counts[1], oldest)[0]
                out[unit_id] = found
            else:
                wards = [w for w in active if w.id != unit.id and is_under(w, unit.id, units)]
                ranked = build_ward_digests(wards, counts[0], counts[1], oldest)
                under = [u.id for u in units_under(unit, everyone)]
                totals = tuple(roll_up(c[i] for i in under if i in c) for c in counts)
                out[unit_id] = AreaDigest(unit, tuple(ranked), (totals[0], totals[1]))
        return week, out

    def digest_content(
        self, digest: WardDigest | AreaDigest, week: Week, lang: str, units: Mapping[int, Unit]
    ) -> Lines:
        """A digest's content in `lang` (a ward's rank is named within its parent unit)."""
        if isinstance(digest, AreaDigest):
            return area_content(digest, week, self._tz, lang)
        parent_id = digest.unit.parent_id
        parent = units.get(parent_id) if parent_id is not None else None
        return ward_content(digest, week, self._tz, lang, parent)

    async def _plan_digest(self, at: datetime) -> _Plan:
        units = {u.id: u for u in await self._units.all()}
        subscriptions = await self._allowed(await self._subscriptions.all(), units)
        if not subscriptions:
            return _Plan()
        week, digests = await self.digests(at, sorted({s.unit_id for s in subscriptions}))
        plan = _Plan()
        texts: dict[int, Lines] = {}
        charts: dict[int, bytes | None] = {}
        for sub in subscriptions:
            digest = digests.get(sub.unit_id)
            if digest is None:
                continue
            unit = units[sub.unit_id]
            if sub.unit_id not in texts:
                texts[sub.unit_id] = self.digest_content(digest, week, LANG, units)
                charts[sub.unit_id] = await self._chart(digest, week)
            key = f"digest:{unit.slug}:{week.key}:{sub.user_id}"
            plan.messages.append(
                (key, OutgoingMessage(sub.channel, sub.user_id, texts[sub.unit_id], lang=LANG))
            )
            png = charts[sub.unit_id]
            if png is not None:
                caption = Text(
                    "digest.chart_caption", {"name": unit.name, "week": week.label(LANG)}
                )
                plan.messages.append(
                    (
                        key + ":chart",
                        OutgoingMessage(
                            sub.channel,
                            sub.user_id,
                            caption,
                            document_name=f"{unit.slug}-{week.key}.png",
                            document_bytes=png,
                            lang=LANG,
                        ),
                    )
                )
        return plan

    async def _allowed(
        self, subscriptions: Sequence[Subscription], units: Mapping[int, Unit]
    ) -> list[Subscription]:
        """The subscriptions whose user may still see the unit today (checked when planned: a
        staff member removed or moved since subscribing gets nothing)."""
        allowed = []
        for sub in subscriptions:
            member = await identify(self._staff, self._admin_ids, sub.user_id, sub.channel)
            unit = units.get(sub.unit_id)
            if member is not None and unit is not None and can_view_unit(member, unit, units):
                allowed.append(sub)
            else:
                log.info("digest of unit %s: %s may no longer see it", sub.unit_id, sub.user_id)
        return allowed

    async def _chart(self, digest: WardDigest | AreaDigest, week: Week) -> bytes | None:
        if self._charts is None:
            return None
        try:
            if isinstance(digest, AreaDigest):
                return await asyncio.to_thread(self._charts.area, digest, week, LANG)
            return await asyncio.to_thread(self._charts.ward, digest, week, LANG)
        except Exception:
            log.exception("digest chart of %s failed; the text goes alone", digest_unit(digest))
            return None
