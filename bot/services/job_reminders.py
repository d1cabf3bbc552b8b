"""The apology reminders job: who hears about which late dossier, one message a day each."""

from __future__ import annotations

from datetime import date, datetime, time

from bot.domain import fmt
from bot.domain.apology import may_issue
from bot.domain.choices import ApologyStart, fits
from bot.domain.messages import Content, Lines, OutboxButton, OutgoingMessage, Text, Value
from bot.domain.reminders import (
    ESCALATE_AFTER,
    PersonReminder,
    ReminderItem,
    Stage,
    plan_apology_reminders,
)
from bot.domain.texts import t
from bot.services.job_context import LANG, MAX_ITEMS, JobContext, _Plan


class ApologyReminders(JobContext):
    """Plans the day's apology reminders."""

    # --- apology reminders -------------------------------------------------------------------

    async def _plan_apology(self, key: str, at: datetime) -> _Plan:
        """One message per person for the day (key: job, day, recipient), whatever number of
        dossiers and wards it lists; every working day while the dossier stays on the ladder."""
        today = at.astimezone(self._tz).date()
        # Due within `lead` working days (a ward counting Saturdays reaches no further than
        # the national calendar's next working day after them).
        horizon_day = self._calendar.add_working_days(today, self._lead + 1)
        horizon = datetime.combine(horizon_day, time(0), tzinfo=self._tz)
        dossiers = await self._queries.dossiers_needing_apology(horizon, at)
        if not dossiers:
            return _Plan()
        staff, units = await self._people()
        reminders = plan_apology_reminders(
            dossiers, at, self._tz, self._calendar, staff, units, self._lead
        )
        plan = _Plan()
        for reminder in reminders:
            member = reminder.recipient
            plan.messages.append(
                (
                    f"apology:{key}:{member.channel}:{member.user_id}",
                    self._apology_message(reminder, today),
                )
            )
        return plan

    def _apology_message(self, reminder: PersonReminder, today: date) -> OutgoingMessage:
        member = reminder.recipient
        several_wards = len({i.unit.id for i in reminder.items}) > 1
        sections: list[Content] = [Text("remind.title", {"day": fmt.day(today, LANG)})]
        shown: list[ReminderItem] = []
        for stage, items, more in reminder.sections(MAX_ITEMS):
            count = fmt.number(len(items) + more, LANG)
            lines: list[Content] = [
                Text(f"remind.{stage.value}", {"days": ESCALATE_AFTER, "count": count})
            ]
            lines += [self._apology_item(i, several_wards) for i in items]
            if more:
                lines.append(Text("remind.more", {"count": fmt.number(more, LANG)}))
            sections.append(Lines(tuple(lines)))
            shown += items
        choices = tuple(
            OutboxButton(button, t(LANG, "remind.button", code=i.dossier.code))
            for i in shown
            if i.stage is not Stage.NEW_DATE_MISSED
            and may_issue(member, i.unit.id) is None
            # A code too long for a button is still listed, without its button.
            and (button := fits(ApologyStart, i.dossier.code)) is not None
        )
        if choices:
            sections.append(Text("remind.hint"))
        text = Lines(tuple(sections), "\n\n")
        return OutgoingMessage(member.channel, member.user_id, text, choices, lang=LANG)

    def _apology_item(self, item: ReminderItem, several_wards: bool) -> Text:
        d = item.dossier
        values: dict[str, Value] = {
            "ward": Text("remind.ward", {"ward": item.unit.name}) if several_wards else "",
            "code": d.code,
            "procedure": d.procedure or "—",
            "due": fmt.day(item.due, LANG),
            "last_day": fmt.day(item.last_day, LANG),
            "days": fmt.number(item.days, LANG),
        }
        if item.stage is Stage.APOLOGY_LATE and item.days == 0:
            return Text("remind.item.due_today", values)
        if item.stage is Stage.NEW_DATE_MISSED:
            assert d.apology_new_due_at is not None
            values["new_due"] = fmt.day(d.apology_new_due_at.astimezone(self._tz).date(), LANG)
        return Text(f"remind.item.{item.stage.value}", values)
