"""Who receives which unit's weekly digest: follow, stop, list."""

from __future__ import annotations

from bot.domain.access import can_view_unit
from bot.domain.choices import FollowDigest
from bot.domain.jobs import (
    JobName,
)
from bot.domain.messages import (
    Choice,
    Lines,
    Reply,
    Text,
    Value,
)
from bot.domain.models import Unit
from bot.domain.report import Forbidden, MissingWard, UnknownWard
from bot.domain.ward_choices import lookup_values
from bot.domain.wards import WardAmbiguous, WardFound, WardMoved, WardNotFound
from bot.services.job_context import (
    Dissolved,
    JobContext,
    Subscribed,
    SubscriptionOutcome,
    Unsubscribed,
    _sub_button,
)
from bot.services.people import identify


class Subscriptions(JobContext):
    """Digest subscriptions."""

    # --- subscriptions ----------------------------------------------------------------------------

    async def subscribe(
        self, channel: str, user_id: str, query: str, *, on: bool = True
    ) -> SubscriptionOutcome:
        """`/theodoi WARD` (on) or `/botheodoi WARD` (off) for one user."""
        member = await identify(self._staff, self._admin_ids, user_id, channel)
        if member is None:
            return Forbidden(None)
        if not query.strip():
            return MissingWard()
        index = await self._ward_index()
        today = self._clock.now().astimezone(self._tz).date()
        lookup = index.resolve(query, today, today)  # a digest is about this week's wards
        if isinstance(lookup, WardNotFound):
            return UnknownWard(query.strip(), list(lookup.suggestions))
        if not isinstance(lookup, WardFound):
            return lookup
        unit = lookup.unit
        units = {u.id: u for u in await self._units.all()}
        if not can_view_unit(member, unit, units, is_admin=user_id in self._admin_ids):
            return Forbidden(unit)
        old = lookup.old_name or (lookup.via.name if lookup.via is not None else None)
        if on and old is not None:  # a former ward: say where it went, follow nothing silently
            return Dissolved(old, unit)
        if on:
            created = await self._subscriptions.subscribe(
                channel, user_id, unit.id, self._clock.now()
            )
            return Subscribed(unit, created)
        removed = await self._subscriptions.unsubscribe(channel, user_id, unit.id)
        return Unsubscribed(unit, removed)

    async def following(self, channel: str, user_id: str) -> Reply:
        """`/theodoi` alone: the units whose digest this user receives, each with its button."""
        mine = [
            s.unit_id
            for s in await self._subscriptions.all()
            if (s.channel, s.user_id) == (channel, user_id)
        ]
        units = {u.id: u for u in await self._units.all()}
        followed = [units[i] for i in mine if i in units]
        if not followed:
            return Reply("sub.none")
        digest = self.schedules[JobName.DIGEST]
        lines = [
            Text(
                "sub.list",
                {
                    "weekday": Text(f"weekday.{digest.weekday or 0}"),
                    "time": digest.at.strftime("%H:%M"),
                },
            ),
            *(Text("sub.list_item", {"unit": u.name, "slug": u.slug}) for u in followed),
        ]
        choices = tuple(
            Choice(FollowDigest(u.id, False), "sub.button.off_unit", {"unit": u.name})
            for u in followed
        )
        return Reply.of_lines(lines, choices=choices)

    def render_subscription(self, outcome: SubscriptionOutcome, lang: str) -> Reply:
        """The reply to `/theodoi` or `/botheodoi` (raw values), with the button to undo it."""
        digest = self.schedules[JobName.DIGEST]
        match outcome:
            case Subscribed(unit=unit, created=True):
                values: dict[str, Value] = {
                    "unit": unit.name,
                    "weekday": Text(f"weekday.{digest.weekday or 0}"),
                    "time": digest.at.strftime("%H:%M"),
                }
                return Reply("sub.added", values, choices=(_sub_button(unit, on=False),))
            case Subscribed(unit=unit):
                return Reply(
                    "sub.already", {"unit": unit.name}, choices=(_sub_button(unit, on=False),)
                )
            case Unsubscribed(unit=unit, removed=True):
                return Reply(
                    "sub.removed", {"unit": unit.name}, choices=(_sub_button(unit, on=True),)
                )
            case Unsubscribed(unit=unit):
                return Reply("sub.not_subscribed", {"unit": unit.name})
            case UnknownWard(query=query, suggestions=suggestions):
                if not suggestions:
                    return Reply("sub.unknown", {"query": query})
                names = ", ".join(u.name for u in suggestions)
                suggest = Text("sub.suggest", {"names": names})
                return Reply.of_lines([Text("sub.unknown", {"query": query}), suggest], "")
            case WardAmbiguous(options=options) | WardMoved(options=options):
                listed = Lines(
                    tuple(
                        Text("sub.option", {"label": o.label, "slug": o.unit.slug}) for o in options
                    ),
                    ", ",
                )
                moved = lookup_values(outcome, lang)
                key = "sub.moved" if isinstance(outcome, WardMoved) else "sub.ambiguous"
                return Reply(key, {**moved, "options": listed, "slug": options[0].unit.slug})
            case Dissolved(old_name=old, successor=unit):
                return Reply(
                    "sub.dissolved",
                    {"old": old, "unit": unit.name, "slug": unit.slug},
                    choices=(
                        Choice(
                            FollowDigest(unit.id, True), "sub.button.on_unit", {"unit": unit.name}
                        ),
                    ),
                )
            case Forbidden(unit=None):
                return Reply("sub.citizen")
            case Forbidden(unit=Unit() as unit):
                return Reply("sub.forbidden", {"unit": unit.name})
            case _:
                return Reply("sub.usage")
