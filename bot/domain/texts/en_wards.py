"""English texts about units: their kinds, lookups that need a choice, the list import."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "unit_type.phuong": "ward",
    "unit_type.xa": "commune",
    "unit_type.dac_khu": "special zone",
    "unit_type.thi_tran": "township",
    "unit_type.tinh": "province",
    "unit_type.thanh_pho": "city",
    "unit_type.quan": "district",
    "unit_type.huyen": "district",
    "unit_type.thi_xa": "town",
    "unit_type.none": "unit",
    "ward.since": " on {day}",
    "stats.ward_option": "{name}",
    "stats.ward_moved": (
        "{old} was merged into {new}{since}. Figures from that day belong to {new}: "
        "press the button below to see them."
    ),
    "stats.ward_moved_many": (
        "{old} was divided between {count} units{since}: {names}. Choose the unit to see:"
    ),
    "stats.ward_ambiguous": "{count} units match «{query}»: {names}. Choose the unit to see:",
    "stats.ward_split": (
        "«{query}» is a former name, now part of {count} units: {names}. Choose the unit to see:"
    ),
    "stats.pick_stale": "This choice is out of date. Type /stats with the unit and the period.",
    "report.includes": "Includes the dossiers of the former units: {names}.",
    "intake.ward.which": "Which unit should receive your feedback? Choose one of these:",
    "intake.ward.ambiguous": "{count} units match «{query}»: {names}.",
    "intake.ward.split": "«{query}» is a former name, now part of {count} units: {names}.",
    "intake.ward.renamed": "«{query}» is now part of {new}; your feedback will go to {new}.",
    "intake.ward.moved": "{old} was merged into {new}{since}; your feedback will go to {new}.",
    "intake.ward.moved_many": "{old} was divided between {count} units{since}: {names}.",
    "sub.ambiguous": (
        "«{query}» matches {count} units: {options}. "
        "Repeat the command with the unit's short name, e.g. /theodoi {slug}"
    ),
    "sub.moved": (
        "{old} was merged into another unit{since}: {options}. "
        "Repeat the command with the unit's short name, e.g. /theodoi {slug}"
    ),
    "sub.option": "{label} (/theodoi {slug})",
    "import.bad.ward_ambiguous": "unit “{value}” is ambiguous: it matches {names}",
    "ward_import.line": "line {line}: {reason}",
    "ward_import.bad.header": "missing column {missing}; the header must be: {header}",
    "ward_import.bad.empty": "column {column} is empty",
    "ward_import.bad.name": "the name has control characters or is longer than {maximum}",
    "ward_import.bad.kind": "unknown kind of unit «{value}» (use one of: {kinds})",
    "ward_import.bad.code": "code «{value}» in column {column} is not valid (up to 5 digits)",
    "ward_import.bad.date": "date «{value}» in column {column} is not valid (yyyy-mm-dd or dd/mm/yyyy)",
    "ward_import.bad.reversed": "start {start} is after end {end}",
    "ward_import.bad.predecessors_need_start": (
        "a unit with predecessors needs a start date (column valid_from)"
    ),
    "ward_import.bad.duplicate": "code {code} repeats line {first} for an overlapping period",
    "ward_import.bad.many_stored": "code {code} matches several stored units ({slugs})",
    "ward_import.bad.same_stored": "line {first} already updates unit {slug}",
    "ward_import.bad.parent_unknown": "no parent unit with code {code} while this unit exists",
    "ward_import.bad.parent_many": "parent code {code} matches several units",
    "ward_import.bad.parent_level": "parent unit {code} ({name}) is not on a higher tier",
    "ward_import.bad.predecessor_unknown": "no predecessor with code {code} that ended before {day}",
    "ward_import.done": (
        "Imported the list of units from {path}: {new} new, {updated} updated, "
        "{unchanged} unchanged."
    ),
    "ward_import.failed": (
        "Nothing imported from {path}: {count} errors. Fix the file and import it again "
        "(a file is imported whole or not at all)."
    ),
    "ward_import.not_found": "Error: file {path} not found.",
    "ward_import.unreadable": "Error: cannot read {path} (CSV or XLSX, UTF-8 expected).",
}
