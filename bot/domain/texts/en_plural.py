"""English singular forms of texts that show a count (`key#one`; `key` is the plural)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "demo.for_other#one": "📨 The bot sent a message to {who}. Type /as {as_words} to read and answer.",
    "apology.notified#one": "Queued {count} message telling the citizen about dossier {code}.",
    "import.failed#one": "Nothing imported: {count} bad line.",
    "erase.done#one": "Your personal data was erased; {count} feedback case was anonymised.",
    "remind.more#one": "… and {count} more dossier.",
    "cli.jobs_dry#one": "{job} {occurrence}: {count} message (dry run, nothing written).",
    "report.area_members#one": "Includes the figures of {count} unit under it.",
    "report.assumed#one": (
        "({count} dossier awaiting the citizen, with no request time, is counted as "
        "within its deadline.)"
    ),
    "report.fields_more#one": "… and {count} more field (all of them in the /baocao file).",
    "report.ranking_on_time#one": "<b>Ranked by indicator 2.1</b> ({count} unit with dossiers)",
    "xlsx.assumed#one": (
        "Note: {count} dossier awaiting the citizen, with no request time, is counted as "
        "within its deadline."
    ),
    "import.skipped#one": " Skipped {count} bad line (listed above).",
}
