"""English texts (second language, for clients whose language is English)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # The kinds of commune-level unit (bot.domain.kinds).
    "unit.kind.ward": "ward",
    "unit.kind.commune": "commune",
    "unit.kind.special_zone": "special zone",
    "unit.kind.township": "township",
    "unit.kind.unit": "unit",
    # --- general -----------------------------------------------------------------------------
    "start.citizen": (
        "Hello! This is the ward's administrative-reform assistant.\n\n"
        "You can send feedback on administrative procedures, follow your feedback and look up "
        "the progress of a one-stop dossier.\n\nType /help for the commands."
    ),
    "start.staff": (
        "Hello {name}! You are using the bot as <b>{role}</b>{unit}.\n\n"
        "Type /help for the staff commands."
    ),
    "help.citizen": (
        "<b>Commands</b>\n"
        "/feedback — send feedback on an administrative procedure (anonymous if you wish)\n"
        "/track CODE — follow your feedback\n"
        "/dossier CODE — look up a one-stop dossier (the code on your receipt)\n"
        "/dulieucuatoi — see the data the bot keeps about you\n"
        "/xoadulieu — erase your personal data\n"
        "/cancel — cancel what is in progress\n"
        "/start — back to the menu"
    ),
    "help.staff": (
        "<b>Staff commands</b>\n"
        "/inbox — the ward's feedback inbox (alias /hopthu)\n"
        "/xinloi DOSSIER_CODE — write the apology letter with a new return date (late dossiers)\n"
        "/theodoi WARD, /botheodoi WARD — receive or stop the weekly indicator digest\n"
        "/nhap — enter feedback for a walk-in or phone caller\n"
        "/stats WARD [PERIOD] — one-stop dossier figures (alias /thongke)\n"
        "   Examples: <code>/stats cautre</code>, <code>/stats cautre 2022</code>, "
        "<code>/stats cautre Q3/2022</code>, <code>/stats cautre 09/2022</code>, "
        "<code>/stats cautre week</code>, <code>/stats cautre 01/01/2022-15/09/2022</code>\n"
        "   Without a period: from 1 January this year to today.\n"
        "/track CODE, /dossier CODE — look up as a citizen would\n"
        "/chan ID, /bochan ID — block or unblock a user from sending feedback\n"
        "/cancel — cancel what is in progress\n"
        "/help — help"
    ),
    "role.officer": "one-stop officer",
    "role.leader": "leader",
    "role.supervisor": "supervisor",
    "role.admin": "administrator",
    "role.unit": " of {unit}",
    "cmd.start": "Start",
    "cmd.help": "Help",
    "cmd.stats": "Ward one-stop figures",
    "cmd.thongke": "Statistics (same as /stats)",
    "cmd.phananh": "Send feedback",
    "cmd.tracuu": "Follow feedback by its code",
    "cmd.hoso": "Look up a one-stop dossier",
    "cmd.dulieucuatoi": "See the data the bot keeps about me",
    "cmd.xoadulieu": "Erase my personal data",
    "cmd.huy": "Cancel what is in progress",
    "cmd.hopthu": "The ward's feedback inbox",
    "cmd.nhap": "Enter feedback for a walk-in or phone caller",
    "cmd.chan": "Block a user from sending feedback",
    "cmd.bochan": "Unblock a user",
    "outbox.dead": "⚠️ The bot could not deliver message {key} to {recipient}: {reason}",
    "unknown_command": "Sorry, the bot does not know the command {command}. Type /help.",
    "unknown_text": "The bot did not understand this message. Type /help for the commands.",
    "error.busy": "The system is busy; please try again in a few minutes.",
    "error.internal": (
        "Sorry, something went wrong while handling your request. The administrators have "
        "been told; please try again in a few minutes."
    ),
    "error.admin_alert": "⚠️ Error while handling update {update}:\n<pre>{error}</pre>",
    # --- statistics --------------------------------------------------------------------------
    "stats.usage": (
        "Usage: <code>/stats WARD [PERIOD]</code>\n"
        "Example: <code>/stats cautre</code> or <code>/stats cautre Q3/2022</code>"
    ),
    "stats.forbidden": (
        "Sorry, you may not see the figures of {unit}. They are for the {kind}'s staff and "
        "its supervisors only."
    ),
    "stats.forbidden_citizen": (
        "Sorry, one-stop figures are for ward staff only. If you are staff, ask an "
        "administrator to grant you access."
    ),
    "stats.unknown_ward": "No ward called «{query}» was found.",
    "stats.suggest": " Did you mean: {names}?",
    "stats.unknown_ward_hint": " Type /stats with a ward name, e.g. <code>/stats cautre</code>.",
    "stats.bad_period": (
        "The period «{query}» is not valid{reason}. Valid forms: <code>2022</code>, "
        "<code>09/2022</code> or <code>2022-09</code>, <code>Q3/2022</code>, "
        "<code>week</code> (this week), <code>01/01/2022-15/09/2022</code>."
    ),
    "period.reason.future": ": it starts after today",
    "period.reason.reversed": ": the start date is after the end date",
    "period.reason.bad_date": ": no such date",
    "period.reason.bad_month": ": the month must be 1 to 12",
    "period.reason.bad_quarter": ": the quarter must be 1 to 4",
    "period.reason.bad_year": ": the year is not valid",
    "period.year": "year {year}",
    "period.month": "{month:02d}/{year}",
    "period.quarter": "Q{quarter}/{year}",
    "period.week": "week {week}/{year} ({start} – {end})",
    "period.range": "{start} to {end}",
    "period.ytd": "{start} to date ({end})",
    "report.title": "📊 <b>{unit}</b> — administrative procedure dossiers",
    "report.period": "Period: {period}",
    "report.as_of": "Figures as of {as_of}.",
    "report.as_of_end": "Figures to the end of {day}.",
    "report.received": "• Received: <b>{received}</b> dossiers",
    "report.resolved": "• Resolved: <b>{resolved}</b>",
    "report.resolved_on_time": "    – early or on time: {value}",
    "report.resolved_late": "    – late: {value}",
    "report.pending": "• In progress: <b>{pending}</b>",
    "report.pending_in_time": "    – within deadline: {value}",
    "report.pending_overdue": "    – overdue: {value}",
    "report.overdue_total": "• Overdue in total: <b>{value}</b>",
    "report.online": "• Filed online: <b>{value}</b> ({share})",
    "report.on_time_rate": "• On-time rate (indicator 2.1, QĐ 766): <b>{value}</b>",
    "report.tasks": "• CCHC tasks {year}: <b>{done}/{total}</b> done ({share})",
    "report.tasks_none": "• CCHC tasks {year}: none assigned",
    "report.not_applicable": "—",
    "report.empty": "No dossiers were received in this period.",
    "job.apology-reminders": "reminders to apologise for dossiers about to run or running late",
    "job.feedback-deadlines": "feedback answer deadline alerts",
    "job.weekly-digest": "weekly indicator digest",
    "dossier.status.registered": "registered (not yet accepted)",
    "dossier.status.accepted": "accepted",
    "dossier.status.rejected": "not accepted",
    "dossier.status.processing": "in progress",
    "dossier.status.supplement": "waiting for the applicant's extra documents",
    "dossier.status.financial": "waiting for the applicant's fees or taxes",
    "dossier.status.withdrawn": "withdrawn by the applicant",
    "dossier.status.stopped": "processing stopped",
    "dossier.status.done": "processed",
    "dossier.status.returned": "result returned",
    "dossier.channel.direct": "submitted in person",
    "dossier.channel.online": "submitted online",
    "dossier.channel.postal": "submitted by post",
}
