"""The feedback deadlines job: alerts at 50, 80 and 100 % of a case's answer time."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.domain import fmt
from bot.domain.messages import Lines, OutgoingMessage, Text, Value
from bot.domain.reminders import (
    FeedbackAlert,
    OpenCase,
    case_deadline,
    plan_feedback_alerts,
)
from bot.services.job_context import LANG, JobContext, Keyed, _Plan


class FeedbackDeadlines(JobContext):
    """Plans the day's feedback deadline alerts."""

    # --- feedback deadlines ---------------------------------------------------------------------

    async def _plan_feedback(self, at: datetime) -> _Plan:
        rows = await self._queries.open_cases()
        if not rows:
            return _Plan()
        staff, units = await self._people()
        alerted = {m.user_id for m in staff}
        cases = []
        for case, accept_start, answer_start in rows:
            found = case_deadline(case)
            if found is None:
                continue
            if case.assignee is not None and case.assignee not in alerted:
                # Taken on a channel the official chose no alerts on: their chosen entry hears.
                reached = await self._staff.reach(case.assignee)
                case = replace(case, assignee=reached[0].user_id) if reached else case
            start = accept_start if found[0].value == "accept" else answer_start
            moment = start or case.created_at
            cases.append(OpenCase(case, moment.astimezone(self._tz).date()))
        today = at.astimezone(self._tz).date()
        alerts = plan_feedback_alerts(cases, today, self._calendar, staff, units)
        return _Plan(messages=[self._alert_message(a) for a in alerts])

    def _alert_message(self, alert: FeedbackAlert) -> Keyed:
        case = alert.case
        values: dict[str, Value] = {
            "code": case.code,
            "ward": alert.unit.name,
            "deadline": Text(f"fbalert.{alert.deadline.value}"),
            "due": fmt.day(alert.due, LANG),
        }
        text = Text(f"fbalert.{alert.level.value}", values)
        key = (
            f"feedback:{alert.unit.slug}:{case.code}:{alert.deadline.value}-"
            f"{alert.due.isoformat()}-{alert.level.value}:{alert.recipient.user_id}"
        )
        body = Lines((text, Text("fbalert.hint")))
        recipient = alert.recipient
        return key, OutgoingMessage(recipient.channel, recipient.user_id, body, lang=LANG)
