"""English texts of the command line."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "cli.no_database": "Error: there is no database at {path}. Name the file with --db PATH (or DATABASE_PATH); the demo uses data/demo.sqlite3.",
    "cli.database_created": "Created a new database: {path}",
    "cli.stats_unknown_ward": "Error: there is no unit «{query}» in the database {path}.{suggest} See the list: {prog} ward list",
    "cli.stats_suggest": " Did you mean: {names}?",
    "cli.stats_bad_period": "Error: the period «{query}» is not valid{reason}. Examples: {prog} {command} cautre 2022, … 09/2022, … Q3/2022, … tuan, … 01/01/2022-15/09/2022",
    "cli.stats_ward_moved": "{old} was merged into {new}{since}. Figures from that day belong to {new}; see them with:",
    "cli.stats_ward_moved_many": "{old} was divided between {count} units{since}: {names}. Type the command of the unit to see:",
    "cli.stats_ward_ambiguous": "{count} units match «{query}»: {names}. Type the command of the unit to see:",
    "cli.stats_ward_split": "«{query}» is a former name, now part of {count} units: {names}. Type the command of the unit to see:",
    "cli.stats_pick": "  {label}: {line}",
    "cli.stats_choose": "Error: name a unit, e.g.: {line}\nUnits: {units}",
    "cli.stats_no_ward": "Error: name a unit and a period, e.g.: {line}",
    "cli.ward_added": "Added unit {slug}: {name}{code}.",
    "cli.ward_exists": "Error: a unit with slug «{slug}» already exists.",
    "cli.ward_unknown": "Error: no unit «{slug}». See: cchc-bot ward list",
    "cli.ward_bad_slug": "Error: slug «{slug}» is invalid: use a-z, 0-9 and '-'.",
    "cli.ward_desk_set": "{name}: address {address}; hours {hours}; hotline {hotline}; Saturday reception: {saturday}; Saturdays in deadlines: {deadlines}; desk on apology letters: {desk}.",
    "cli.yes": "yes",
    "cli.no": "no",
    "cli.ward_list_empty": 'No units yet. Add one with: cchc-bot ward add SLUG "NAME"',
    "cli.staff_added": "Granted {role} to {user_id}{unit}.",
    "cli.staff_needs_ward": "Error: the role {role} needs --ward.",
    "cli.staff_bad_id": "Error: TELEGRAM_ID must be an integer, not «{value}».",
    "cli.staff_bad_zalo_id": "Error: a Zalo id holds only ASCII letters, digits, '-' and '_', not «{value}».",
    "cli.staff_zalo_needs_oa": "Error: a Zalo official needs --ward or --oa (the OA they write to).",
    "cli.staff_ward_has_no_oa": "Error: {ward} has no Zalo OA. Add one with: cchc-bot zalo add {slug} …, or name another OA with --oa.",
    "cli.staff_oa_unknown": "Error: no Zalo OA «{oa}» (a unit with an OA, or an oa_id). See: cchc-bot zalo list",
    "cli.staff_bad_phone": "Error: «{value}» is not a Vietnamese phone number (e.g. 0912345678).",
    "cli.staff_invited": "Invitation for a {role}{unit}: {code} (once, until {until}). The person sends this code in the ward's Zalo OA chat or to the Telegram bot.",
    "cli.staff_invite_needs_role": "Error: --role is needed (or --link ID to add a channel to an existing official).",
    "cli.staff_removed": "Removed {user_id}.",
    "cli.staff_not_found": "No staff member with id {user_id}.",
    "cli.staff_list_empty": "No staff yet.",
    "cli.no_token": (
        "Error: BOT_TOKEN is not set. Put the bot token in the environment or .env "
        "(see .env.example), or try the offline demo: cchc-bot demo"
    ),
    "cli.token_rejected": (
        "Error: Telegram rejected BOT_TOKEN (wrong or revoked token). "
        "Get a new token from @BotFather and put it in the .env file."
    ),
    "cli.telegram_failed": "Error: the bot could not start ({detail}).",
    "cli.env_readable": (
        "Warning: the file {path} (mode {mode}) can be read by other users of this machine; "
        "it holds the token and secret keys. Run: chmod 600 {path}"
    ),
    "cli.running": "The bot is running (long polling). Press Ctrl+C to stop.",
    "cli.stopped": "The bot has stopped.",
    "cli.file_missing": "Error: file {path} not found.",
    "cli.backup_done": "Backed up to {path} ({size} bytes, schema version {version}).",
    "cli.restore_done": "Restored {path} from the backup (schema version {version}). Restart the bot to use it.",
    "cli.restore_kept": "The previous file is kept at {path}.",
    "cli.backup_exists": "Error: {path} already exists; a backup never overwrites a file. Choose another name.",
    "cli.restore_in_use": "Error: the database {path} is open (is the bot running?). Stop the bot, then restore.",
    "cli.backup_invalid.missing": "Error: there is no file {path}.",
    "cli.backup_invalid.not_sqlite": "Error: {path} is not an SQLite database.",
    "cli.backup_invalid.corrupt": "Error: {path} is damaged and cannot be read ({detail}).",
    "cli.backup_invalid.not_cchc": "Error: {path} is not a cchc-bot database.",
    "cli.backup_invalid.is_target": "Error: {path} is the database in use; name a backup instead.",
    "cli.schema_too_new": "Error: the database was written by a newer cchc-bot (schema {found}; this one knows up to {supported}). Install the newer release; nothing was changed.",
    "cli.os_error": "Error: cannot read or write {path}: {reason}.",
    "cli.backup_failed": "Error: the backup or restore failed: {reason}. Nothing was changed.",
    # --- cchc-bot calendar ------------------------------------------------------------------
    "calendar.header": (
        "Working calendar {year}: weekdays off and weekend days worked\n"
        "(holidays library {library}, the bot's table of swapped days, "
        "EXTRA_WORKING_DAYS: {working} day(s), EXTRA_DAYS_OFF: {off} day(s))"
    ),
    "calendar.month": "Month {month}",
    "calendar.line": "  {day}  {weekday:<9} {state:<9} {reason}",
    "calendar.off": "off",
    "calendar.worked": "worked",
    "calendar.reason.holiday": "{name}",
    "calendar.reason.swap_off": "swapped day off, worked instead on {other}{source}",
    "calendar.reason.swap_worked": "worked instead of the day off {other}{source}",
    "calendar.reason.extra_off": "extra day off (EXTRA_DAYS_OFF)",
    "calendar.reason.extra_working": "extra working day (EXTRA_WORKING_DAYS)",
    "calendar.reason.cancelled": "worked by EXTRA_WORKING_DAYS (the library has a day off: {name})",
    "calendar.no_name": "swapped day off",
    "calendar.source": " ({source})",
    "calendar.none": "No day departs from the ordinary working week.",
    "calendar.total": "{year}: {off} weekday(s) off, {worked} weekend day(s) worked.",
    "calendar.saturday_wards": "Units that count Saturdays in their deadlines (ward set --saturday-deadlines): {wards}.",
    "calendar.bad_year": "Error: «{value}» is not a year; give one from {first} to {last}, e.g. cchc-bot calendar 2027",
    "cli.aggregates_rebuilt": "Recomputed the daily aggregates from {dossiers} dossiers of {units} units: {rows} day rows, local time {zone}, in {seconds} seconds.",
    "cli.aggregates_ok": "The aggregates match the {dossiers} dossiers ({units} units, {rows} day rows, local time {zone}).",
    "cli.aggregates_differ": "Error: the aggregates differ from the dossiers in {differing} rows. Recompute them with: cchc-bot aggregates rebuild",
    "cli.aggregates_other_zone": "Error: the aggregates count days in {zone}, not in the time zone {tz}: reports count straight from the dossiers (slower). Recompute them with: cchc-bot aggregates rebuild",
}
