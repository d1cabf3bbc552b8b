"""English texts of the one-stop report: /stats, /baocao and the XLSX file."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # --- asking --------------------------------------------------------------------------------
    "stats.usage": (
        "Usage: <code>/{command} [WARD] [PERIOD]</code>\n"
        "Example: <code>/{command} cautre</code> or <code>/{command} cautre III/2022</code>"
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
    "stats.unknown_ward_hint": (
        " Type /{command} with a ward name (and a period if you like), e.g. "
        "<code>/{command} {example}</code> or <code>/{command} {example} 09/2022</code>."
    ),
    "stats.bad_period": (
        "The period «{query}» is not valid{reason}. Valid forms: <code>2022</code>, "
        "<code>09/2022</code> or <code>2022-09</code>, <code>III/2022</code> or "
        "<code>Q3/2022</code>, <code>week</code>, <code>this month</code>, "
        "<code>last month</code>, <code>this quarter</code>, <code>this year</code>, "
        "<code>today</code>, <code>01/01/2022-15/09/2022</code>."
    ),
    "stats.choose": (
        "You may see the figures of several units; name one, e.g. "
        "<code>/{command} {example}</code>.\nUnits: {units}"
    ),
    "stats.choose_unit": "{name} (<code>{slug}</code>)",
    "stats.choose_more": " … and {count} more",
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
    "period.day": "{day}",
    "period.ytd": "{start} to date ({end})",
    # --- the report in chat ----------------------------------------------------------------------
    "report.title": "📊 <b>{unit}</b> — administrative procedure dossiers",
    "report.period": "Period: {period}",
    "report.as_of": "Figures as of {as_of}.",
    "report.as_of_end": "Figures to the end of {day}.",
    "report.area_members": "Includes the figures of {count} units under it.",
    "report.received": (
        "• Received: <b>{received}</b> dossiers (carried over: {carried}; new: {new})"
    ),
    "report.resolved": "• Resolved: <b>{resolved}</b>",
    "report.resolved_early": "    – early: {value}",
    "report.resolved_on_day": "    – on the due day: {value}",
    "report.resolved_late": "    – late: {value}",
    "report.pending": "• In progress: <b>{pending}</b>",
    "report.pending_in_time": "    – within deadline: {value}",
    "report.pending_overdue": "    – overdue: {value}",
    "report.paused": (
        "• Paused: <b>{paused}</b> (awaiting documents: {supplement}; "
        "awaiting a financial obligation: {financial})"
    ),
    "report.cancelled": (
        "• Ended without a result: <b>{cancelled}</b> (withdrawn: {withdrawn}; stopped: {stopped})"
    ),
    "report.refused": "• Refused at the desk: {refused} (not counted as received)",
    "report.overdue_total": "• Overdue in total: <b>{value}</b>",
    "report.online": "• Filed online: <b>{value}</b> ({share})",
    "report.tasks": "• CCHC tasks {year}: <b>{done}/{total}</b> done ({share})",
    "report.tasks_none": "• CCHC tasks {year}: none assigned",
    "report.not_applicable": "—",
    "report.empty": "No dossiers were received in this period.",
    "report.indicators": "<b>QĐ 766/QĐ-TTg indicators</b>",
    "report.assumed": (
        "({count} dossiers awaiting the citizen, with no request time, are counted as "
        "within their deadline.)"
    ),
    "report.compare": "Against the previous period ({period}): {changes}.",
    "report.compare_rate": "{id} {change}",
    "report.compare_received": "new dossiers {change}",
    "change.up": "↑ {value} percentage points",
    "change.down": "↓ {value} percentage points",
    "change.same": "unchanged",
    "change.count_up": "↑ {value}",
    "change.count_down": "↓ {value}",
    "report.fields": "<b>By field</b> (received · resolved · late · indicator 2.1)",
    "report.field_line": "• {name}: {received} · {resolved} · {late} · {on_time}",
    "report.field_none": "(no field given)",
    "report.fields_more": "… and {count} more fields (all of them in the /baocao file).",
    "report.ranking_on_time": "<b>Ranked by indicator 2.1</b> ({count} units with dossiers)",
    "report.ranking_online": "<b>Ranked by the online share (3.3)</b>",
    "report.ranking_item": "{rank}. {name} — {value}",
    "report.ranking_gap": "…",
    "report.ranking_none": "No unit has dossiers in this period yet.",
    # A report, or why there is none: its content (bot.domain.report.reply_for).
    "report.ready": "{body}",
    "report.body": "{body}",
    "report.button_xlsx": "📥 Download the report table (XLSX)",
    "report.button_pdf": "📥 Download the report table (PDF)",
    "report.file_caption": "📊 {unit} — administrative procedure report table, {period}",
    "ind.line": "• {id} {name}: <b>{value}</b>{detail}{threshold}",
    "ind.detail": " ({numerator}/{denominator})",
    "ind.threshold": " — full score from {threshold}",
    "ind.channels": "    – at the desk: {direct}; by post: {postal}",
    "ind.levels": (
        "    – fully online service: {full} ({full_share}); partly online: {partial} "
        "({partial_share})"
    ),
    "ind.on_time": "Dossiers handled early or on time",
    "ind.online": "Dossiers filed online",
    "ind.policy": "Feedback on rules, policies, procedures",
    "ind.conduct": "Feedback on staff conduct",
    "ind.feedback_progress": "Feedback handled in time",
    "ind.feedback_satisfaction": "Satisfaction with feedback handling",
    "ind.satisfaction": "Satisfaction with dossier handling",
    "cli.report_written": "Wrote {path}: {caption}.",
    "cli.report_write_failed": "Error: could not write {path} ({error}).",
    # --- the XLSX file ---------------------------------------------------------------------------
    "xlsx.sheet_table": "Report",
    "xlsx.sheet_units": "By unit",
    "xlsx.sheet_procedures": "2.2 By procedure",
    "xlsx.nation": "SOCIALIST REPUBLIC OF VIETNAM",
    "xlsx.motto": "Independence - Freedom - Happiness",
    "xlsx.title": "ADMINISTRATIVE PROCEDURE DOSSIERS: PERIODIC REPORT",
    "xlsx.unit": "Unit: {unit}",
    "xlsx.period": "Period: {period}",
    "xlsx.as_of": "{as_of}",
    "xlsx.col.no": "No.",
    "xlsx.col.field": "Field",
    "xlsx.col.unit": "Unit",
    "xlsx.col.received": "Received",
    "xlsx.col.received_total": "Total",
    "xlsx.col.carried": "Carried over",
    "xlsx.col.new": "New",
    "xlsx.col.resolved": "Resolved",
    "xlsx.col.total": "Total",
    "xlsx.col.early": "Early",
    "xlsx.col.on_day": "On the due day",
    "xlsx.col.late": "Late",
    "xlsx.col.pending": "In progress",
    "xlsx.col.in_time": "Within deadline",
    "xlsx.col.overdue": "Overdue",
    "xlsx.col.paused": "Paused",
    "xlsx.col.supplement": "Awaiting documents",
    "xlsx.col.financial": "Financial obligation",
    "xlsx.col.cancelled": "Cancelled, stopped",
    "xlsx.col.refused": "Refused",
    "xlsx.col.withdrawn": "Withdrawn",
    "xlsx.col.stopped": "Stopped",
    "xlsx.col.on_time_rate": "Early or on-time share",
    "xlsx.total": "TOTAL",
    "xlsx.indicators": "SERVICE QUALITY INDICATORS (QĐ 766/QĐ-TTg)",
    "xlsx.col.id": "Id",
    "xlsx.col.indicator": "Indicator",
    "xlsx.col.numerator": "Numerator",
    "xlsx.col.denominator": "Denominator",
    "xlsx.col.value": "Rate",
    "xlsx.col.threshold": "Full score from",
    "xlsx.col.previous": "Previous period",
    "xlsx.ind.direct": "Dossiers filed at the desk",
    "xlsx.ind.postal": "Dossiers filed by post",
    "xlsx.ind.online_full": "Fully online dossiers",
    "xlsx.ind.online_partial": "Partly online dossiers",
    "xlsx.summary": "SUMMARY",
    "xlsx.sum.received": "Dossiers received",
    "xlsx.sum.resolved": "Dossiers resolved",
    "xlsx.sum.late": "Dossiers resolved late",
    "xlsx.sum.online": "Dossiers filed online",
    "xlsx.sum.tasks": "CCHC tasks of {year} done",
    "xlsx.assumed": (
        "Note: {count} dossiers awaiting the citizen, with no request time, are counted as "
        "within their deadline."
    ),
    "xlsx.col.procedure": "Administrative procedure",
    "xlsx.col.completed": "Dossiers resolved",
    "xlsx.col.days_total": "Total time (working days)",
    "xlsx.col.days_average": "Average time (working days)",
    "xlsx.procedure_none": "(no procedure given)",
    "xlsx.procedures_note": (
        "Indicator 2.2: resolved dossiers (statuses 9, 10) received in the period; time in "
        "working days from the day of receipt to the day processing ended."
    ),
}
