"""English texts of the offline demo's terminal chat."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "demo.seeding": "Creating the sample data…",
    "demo.resumed": "Continuing the demo on the existing data ({path}). To start over: {again} --fresh",
    "demo.banner": (
        "══ cchc-bot — offline demo ══\n"
        "The real bot runs against a Bot API stand-in on 127.0.0.1 (no network, no token).\n"
        "When the bot offers choices, type the number. Switch person with /as, leave with /quit.\n"
        "\n"
        "As a CITIZEN (now):\n"
        "  /start   /phananh (send feedback)   /tracuu CODE   /hoso {dossier}   /dulieucuatoi\n"
        "As a ONE-STOP OFFICER — type /as officer ngoquyen first:\n"
        "  /hopthu (feedback inbox)   /nhap (walk-in case)   /xinloi {late} (apology letter for a late dossier)\n"
        "  /stats ngoquyen   /stats ngo quyen tuan   /stats cautre 01/01/2022-15/09/2022 (the seed article's figures)\n"
        "  /stats cautre 2026 (Cầu Tre merged into Ngô Quyền)   /stats dong khe (split between two wards)\n"
        "  /stats tháng này   /stats ngo quyen tuần trước   /baocao cautre 2022 (the desk's periodic table, an XLSX file)\n"
        "As the city's SUPERVISOR — /as supervisor haiphong:   /stats haiphong   /theodoi\n"
        "As ADMIN — /as admin.   Back to citizen — /as citizen."
    ),
    "demo.prompt": "You ({who}) › ",
    "demo.who_citizen": "citizen",
    "demo.who_staff": "{role}, {unit}",
    "demo.who_admin": "admin",
    "demo.switched": "You are now {who} — {name}.",
    "demo.switched_citizen": "You are now a citizen.",
    "demo.created": "Created a trial staff account ({who}) and switched to it.",
    "demo.roles": "Roles: citizen, officer, leader, supervisor, admin. Example: /as officer ngoquyen",
    "demo.no_unit": "There is no unit «{slug}». Example: /as officer ngoquyen",
    "demo.bot": "Bot",
    "demo.bot_edited": "Bot (edited)",
    "demo.for_other": "📨 The bot sent {count} messages to {who}. Type /as {as_words} to read and answer.",
    "demo.pending": "Messages the bot sent you while you were away:",
    "demo.pending_earlier": "Messages the bot sent you in an earlier run that you have not seen or answered:",
    "demo.file_saved": "[attachment] saved at: {path}",
    "demo.no_choice": "There is no choice {number}. Type a number from the list just above, or a message.",
    "demo.bye": "Goodbye! The demo's data stays in {path}; run {again} again to continue.",
    "demo.unit_ceased": "{name} ceased on {ended}: staff belong to the units of today, e.g. /as officer ngoquyen (who also sees Cầu Tre's old figures).",
}
