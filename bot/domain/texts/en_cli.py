"""English texts of the command line."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "cli.ward_added": "Added unit {slug}: {name}{code}.",
    "cli.ward_exists": "Error: a unit with slug «{slug}» already exists.",
    "cli.ward_unknown": "Error: no unit «{slug}». See: cchc-bot ward list",
    "cli.ward_bad_slug": "Error: slug «{slug}» is invalid: use a-z, 0-9 and '-'.",
    "cli.ward_desk_set": "{name}: address {address}; hours {hours}; hotline {hotline}; Saturday reception: {saturday}.",
    "cli.yes": "yes",
    "cli.no": "no",
    "cli.ward_list_empty": 'No units yet. Add one with: cchc-bot ward add SLUG "NAME"',
    "cli.staff_added": "Granted {role} to {user_id}{unit}.",
    "cli.staff_needs_ward": "Error: the role {role} needs --ward.",
    "cli.staff_bad_id": "Error: TELEGRAM_ID must be an integer, not «{value}».",
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
}
