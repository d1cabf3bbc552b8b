"""English texts of the Zalo channel (citizens on the OA, staff alerts, the `zalo` CLI)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # --- citizens on the OA ------------------------------------------------------------------
    "zalo.welcome": (
        "Hello! This is the ward's administrative-reform assistant on Zalo.\n"
        "You can send feedback about administrative procedures, follow feedback you sent and "
        "look up a one-stop dossier. Pick an item below or type «help»."
    ),
    "zalo.help": (
        "<b>Commands (type them as a message)</b>\n"
        "feedback — send feedback (anonymous if you like)\n"
        "track CODE — follow feedback you sent, e.g. track PA-4AMY-9FPA\n"
        "dossier CODE — a one-stop dossier's progress (code on your receipt)\n"
        "mydata — see what the bot keeps about you\n"
        "erasedata — erase your personal data\n"
        "cancel — drop what you are doing\n"
        "menu — back to the menu\n"
        "A leading / works too, e.g. /feedback, /track CODE."
    ),
    "zalo.outside": (
        "The bot did not understand this message. Type «feedback» to send feedback, "
        "«track CODE» to follow it, or «help» for the commands."
    ),
    "zalo.choose_hint": "Answer with the number (e.g. 1) or type the choice.",
    "zalo.send_location": "To send a location: tap ➕ in the chat, then «Location».",
    "zalo.type_phone": "On Zalo, please type your phone number, e.g. 0912345678.",
    "zalo.track_usage": "Type «track CODE», e.g. track PA-4AMY-9FPA.",
    "zalo.dossier_usage": "Type «dossier CODE» (the code printed on your receipt).",
    # --- staff (on Telegram) -----------------------------------------------------------------
    "zalo.staff.unreachable": (
        "⚠️ Could not reach the citizen on Zalo about case <b>{code}</b>: they have not written "
        "to the ward's OA for over 7 days (or charged messages are not allowed), and no ZBS "
        "template is set up.\nContact: {phone}\nUndelivered message:\n{text}"
    ),
    "case.staff.undelivered": (
        "⚠️ Could not reach the citizen on Telegram about case <b>{code}</b> (the bot was "
        "blocked, or it kept failing).\nContact: {phone}\nUndelivered message:\n{text}"
    ),
    "zalo.staff.failed": (
        "⚠️ Could not reach the citizen on Zalo about case <b>{code}</b> (Zalo refused or kept "
        "failing).\nContact: {phone}\nUndelivered message:\n{text}"
    ),
    "zalo.staff.no_phone": "anonymous, no phone number",
    # --- command line -------------------------------------------------------------------------
    "cli.secret_key_missing": (
        "SECRET_KEY is not set: the bot does not store Zalo secrets it cannot encrypt. "
        "Make a key with `cchc-bot zalo keygen`, put it in SECRET_KEY (.env) and run again."
    ),
    "cli.secret_key_bad": "SECRET_KEY cannot be used ({detail}). Check the key in the .env file.",
    "cli.zalo_added": "Added Zalo OA {oa_id} (app {app_id}) for {ward}.",
    "cli.zalo_exists": "{ward} already has a Zalo OA, or OA {oa_id} belongs to another unit.",
    "cli.zalo_missing": "{name} is missing: set the environment variable {name} or type it in.",
    "cli.zalo_prompt": "{name}: ",
    "cli.zalo_list_empty": "No Zalo OA yet.",
    "cli.zalo_none": "{ward} has no Zalo OA (use: cchc-bot zalo add).",
    "cli.zalo_set": "{ward}: charged messages (48 h–7 d): {charged}; ZBS template: {template}.",
    "cli.zalo_yes": "yes",
    "cli.zalo_no": "no",
    "cli.zalo_token_expiry": "expires {at}",
    "cli.webhook_missing": "Error: webhook mode needs WEBHOOK_URL (public HTTPS) and WEBHOOK_SECRET.",
    "cli.zalo_token_unknown": "expiry unknown",
}
