"""English texts of the file import (`cchc-bot import dossiers|tasks FILE`)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "import.column.code": "code",
    "import.column.ward": "ward",
    "import.column.procedure": "procedure",
    "import.column.field": "field",
    "import.column.received_at": "received date",
    "import.column.due_at": "due date",
    "import.column.resolved_at": "resolution date",
    "import.column.channel": "channel",
    "import.column.status": "status",
    "import.column.level": "online service level",
    "import.column.department": "processing office",
    "import.column.title": "title",
    "import.column.year": "year",
    "import.column.completed_at": "completion date",
    "import.line": "line {line}: {reason}",
    "import.bad.empty": "{column} is missing",
    "import.bad.date": "{column} “{value}” is not a valid date (dd/mm/yyyy or yyyy-mm-dd)",
    "import.bad.ward_unknown": "no ward named “{value}”",
    "import.bad.ward_other": "ward “{value}” is not {ward} (chosen with --ward)",
    "import.bad.due_before_received": "due date {due} is before the received date {received}",
    "import.bad.resolved_before_received": (
        "resolution date {resolved} is before the received date {received}"
    ),
    "import.bad.duplicate": "code “{code}” repeats line {first}",
    "import.bad.status": "unknown status “{value}”",
    "import.bad.channel": "unknown channel “{value}”",
    "import.bad.year": "invalid year “{value}”",
    "import.bad.control": "holds the control character {char} (a NUL, for instance): the file is damaged or not text",
    "import.field_too_long": (
        "{path} not imported: line {line} has a cell over 1 MB (a damaged or wrong file). "
        "Nothing was imported."
    ),
    "import.bad_csv": "{path} not imported: line {line} cannot be read as CSV. Nothing was imported.",
    "import.shared_strings": (
        "{path} not imported: the XLSX file's strings expand far beyond its size (possibly a "
        "malicious file). Save it again with Excel or export it as CSV."
    ),
    "import.db_busy": (
        "Not imported: the database is busy (another process is writing: the bot or another "
        "import). Nothing was imported; try again in a few minutes."
    ),
    "import.disk_full": (
        "Not imported: the disk holding the database is full ({detail}). Nothing was imported; "
        "free some space and try again."
    ),
    "import.db_error": "Not imported: database error ({detail}). Nothing was imported.",
    "import.bad.level": (
        "level “{value}” is not valid (4 or fully online, 3 or partly online, 2 or public service)"
    ),
    "import.bad.ended_without_end": (
        "status “{value}” means processing ended, but the end date is missing"
    ),
    "import.skipped": " Skipped {count} bad lines (listed above).",
    "import.map.bad_item": "Cannot read «{item}»: write each item as Column name=field.",
    "import.map.unknown_field": (
        "There is no field «{item}». Fields: code, ward, procedure, field, received_at, "
        "due_at, resolved_at, channel, status, level, department."
    ),
    "import.map.unknown_status": (
        "Status «{item}» is not valid: give a national code 1–10 (e.g. Returned=10) or a "
        "status name."
    ),
    "import.map.not_in_file": "The file has no column «{item}» named by --map.",
    "import.map.unreadable": "Cannot read the mapping file {path}.",
    "import.missing_column": "{path} lacks a required column: {column} ({names}).",
    "import.missing_ward": "{path} has no ward column: add a ward column or use --ward.",
    "import.unreadable": "Cannot read {path}: a CSV (UTF-8) or XLSX file with a header is needed.",
    "import.not_found": "File {path} not found.",
    "import.unknown_ward": "No ward named “{ward}”.",
    "import.unknown_kind": "Unknown kind “{kind}”: use dossiers or tasks.",
    "import.done.dossiers": (
        "Imported {total} dossiers ({new} new, {updated} updated) for {units} ward(s)."
    ),
    "import.done.tasks": (
        "Imported {total} tasks ({new} new, {updated} updated) for {units} ward(s)."
    ),
    "import.failed": "Nothing imported: {count} bad lines.",
}
