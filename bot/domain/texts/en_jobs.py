"""English texts of the scheduled work: apology reminders, deadline alerts, the weekly digest."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # --- apology reminders ---------------------------------------------------------------------
    "remind.title": "🔔 <b>Apology letters and new return dates</b> — {day}",
    "remind.apology_due": (
        "⏰ <b>Due soon, no apology letter yet ({count} dossiers)</b>\n"
        "If the result cannot be returned in time, the apology and new return date must reach "
        "the citizen one working day before the due date at the latest:"
    ),
    "remind.apology_late": (
        "⚠️ <b>The apology is late and the dossier still has none ({count} dossiers)</b>\n"
        "Please have the apology and new return date sent now "
        "(from {days} working days after the due date the supervisors are told too):"
    ),
    "remind.new_date_missed": (
        "🚨 <b>The new return date has passed and the dossier is still unresolved ({count} dossiers)</b>\n"
        "A dossier can be rescheduled only once; please have it resolved now:"
    ),
    "remind.ward": "{ward}: ",
    "remind.item.apology_due": "• {ward}<code>{code}</code> — {procedure} — due {due}; send the apology by {last_day} at the latest",
    "remind.item.due_today": "• {ward}<code>{code}</code> — {procedure} — due today ({due})",
    "remind.item.apology_late": "• {ward}<code>{code}</code> — {procedure} — due {due} ({days} working days late)",
    "remind.item.new_date_missed": "• {ward}<code>{code}</code> — {procedure} — due {due}, rescheduled to {new_due} ({days} working days past the new date)",
    "remind.more": "… and {count} more dossiers.",
    "remind.hint": "Press a dossier code to prepare the apology, or type /xinloi DOSSIER_CODE.",
    "remind.button": "Apology for {code}",
    # --- feedback deadline alerts ----------------------------------------------------------------
    "fbalert.accept": "acceptance",
    "fbalert.answer": "answer",
    "fbalert.50": "🕐 Feedback <code>{code}</code> ({ward}) is halfway to its {deadline} deadline ({due}).",
    "fbalert.80": "⏳ Feedback <code>{code}</code> ({ward}) has used 80% of its {deadline} time (due {due}).",
    "fbalert.100": "⏰ Today is the {deadline} deadline of feedback <code>{code}</code> ({ward}) — {due}.",
    "fbalert.late": (
        "⚠️ Feedback <code>{code}</code> ({ward}) is past its {deadline} deadline ({due}). "
        "Please see that it is handled."
    ),
    "fbalert.hint": "See and handle it in /hopthu.",
    # --- weekly digest ---------------------------------------------------------------------------
    "digest.title": "📊 <b>Administrative reform digest, {week}</b>",
    "digest.ward": "<b>{name}</b>",
    "digest.area": "<b>{name}</b> — {wards} wards and communes",
    "digest.rank": "Rank: {rank}/{total} in {area} (by on-time rate)",
    "digest.dossiers": (
        "Dossiers: new {new}{new_change} (plus {carried} carried over); "
        "resolved {resolved}{resolved_change}; overdue {overdue}{overdue_change}"
    ),
    "digest.on_time": (
        "2.1 Handled early or on time: {value}{change} — {on_time}/{population} dossiers"
    ),
    "digest.online": "3.3 Filed online: {value}{change} — {online}/{received} dossiers",
    "digest.feedback": (
        "Feedback: received {received}; handled in time {in_time}/{cases}; "
        "average rating {rating}/5 ({rated} ratings)"
    ),
    "digest.progress": "5.2 Feedback progress: {value}{change}",
    "digest.feedback_satisfaction": "5.3 Satisfaction with feedback handling: {value}{change}",
    "digest.satisfaction": "5.4 Satisfaction with dossier handling: {value}{change}",
    "digest.points": " ({arrow} {value} percentage points)",
    "digest.count_change": " ({arrow} {value})",
    "digest.same": " (=)",
    "digest.ranking": "<b>Ranking by on-time rate</b>",
    "digest.ranking_item": (
        "{rank}. {name} — on time {on_time}{change}; online {online}; satisfaction {satisfaction}"
    ),
    "digest.ranking_more": "… ({count} units in the middle)",
    "digest.oldest": "<b>Oldest overdue dossiers</b>",
    "digest.oldest_none": "No dossier is overdue. 👏",
    "digest.oldest_item": (
        "• <code>{code}</code>{ward} — {procedure} — due {due} — {days} working days late"
    ),
    "digest.oldest_ward": " ({ward})",
    "digest.chart_caption": "Indicators of {name}, {week}",
    "chart.title_ward": "{name} — {week}",
    "chart.title_area": "{name} — on-time rate, {week}",
    "chart.on_time": "On time (2.1)",
    "chart.online": "Online (3.3)",
    "chart.progress": "Feedback progress (5.2)",
    "chart.satisfaction": "Satisfaction (5.4)",
    "chart.this_week": "This week",
    "chart.last_week": "Last week",
    "chart.percent": "Rate (%)",
    # --- subscriptions ---------------------------------------------------------------------------
    "sub.usage": (
        "Usage: /theodoi WARD to receive the weekly indicator digest, "
        "/botheodoi WARD to stop. Example: /theodoi ngoquyen"
    ),
    "sub.citizen": (
        "The weekly indicator digest is for officials. "
        "You can follow your own dossier with /hoso DOSSIER_CODE."
    ),
    "sub.forbidden": "You may not follow {unit}.",
    "sub.button.off": "Stop this digest",
    "sub.button.on": "Receive this digest again",
    "sub.unknown": "No unit called “{query}”.",
    "sub.suggest": " Did you mean: {names}?",
    "sub.added": (
        "You will receive the weekly indicator digest of {unit}, every {weekday} at {time}."
    ),
    "sub.already": "You already receive the digest of {unit}.",
    "sub.removed": "You will no longer receive the weekly digest of {unit}.",
    "sub.none": (
        "You follow no ward yet. Type /theodoi WARD to receive the weekly indicator digest, "
        "e.g. /theodoi ngoquyen."
    ),
    "sub.list": "<b>Digests you receive</b> (sent on {weekday} at {time}):",
    "sub.list_item": "• {unit} (<code>{slug}</code>)",
    "sub.button.off_unit": "Stop: {unit}",
    "sub.button.on_unit": "Follow {unit}",
    "sub.dissolved": (
        "{old} is no longer an administrative unit (it went into {unit} in 2025), so it has no "
        "digest of its own. To follow {unit}, press the button below or type /theodoi {slug}."
    ),
    "sub.not_subscribed": "You do not receive the digest of {unit}.",
    "weekday.0": "Monday",
    "weekday.1": "Tuesday",
    "weekday.2": "Wednesday",
    "weekday.3": "Thursday",
    "weekday.4": "Friday",
    "weekday.5": "Saturday",
    "weekday.6": "Sunday",
    "cmd.theodoi": "Receive a ward's weekly indicator digest",
    "cmd.botheodoi": "Stop a weekly digest",
    # --- command line ----------------------------------------------------------------------------
    "cli.jobs_header": "Job\tWhat\tSchedule ({tz})\tLast run",
    "cli.jobs_daily": "{time} every working day",
    "cli.jobs_weekly": "{weekday} {time} weekly",
    "cli.jobs_never": "never run",
    "cli.jobs_last": "{occurrence} at {at}, {queued} messages",
    "cli.jobs_unknown": "No job “{name}”. Jobs: {names}.",
    "cli.jobs_bad_at": "“{value}” is not a YYYY-MM-DD HH:MM moment.",
    "cli.jobs_ran": "{job} {occurrence}: {queued} messages queued.",
    "cli.jobs_already": "{job} {occurrence}: already ran; nothing more queued.",
    "cli.jobs_skipped": "{job}: {at} is not a working day; skipped.",
    "cli.jobs_dry": "{job} {occurrence}: {count} messages (dry run, nothing written).",
    "cli.jobs_message": "── to {recipient} [{outbox_key}]",
    "cli.jobs_attachment": "[attached image: {name}, {size} bytes]",
    "cli.jobs_delivered": "Sent {sent}, to retry {retried}, given up {dead}.",
}
