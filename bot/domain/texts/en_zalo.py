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
    "zalo.choose_hint": "Answer with the number (e.g. {example}) or type the choice.",
    "zalo.send_location": "To send a location: tap ➕ in the chat, then «Location».",
    "zalo.type_phone": "On Zalo, please type your phone number, e.g. 0912345678.",
    "zalo.desk_none": (
        "The bot does not have your ward's one-stop desk address or hotline yet. You can send "
        "feedback right here (type «feedback») and the ward answers through the bot; or go to "
        "the one-stop desk at your ward's or commune's People's Committee office."
    ),
    "zalo.track_usage": "Type «track CODE», e.g. track PA-4AMY-9FPA.",
    "zalo.dossier_usage": "Type «dossier CODE» (the code printed on your receipt).",
    "zalo.file_refused": "The bot could not send the file {name} on Zalo (Zalo takes PDF, DOC and DOCX files up to 5 MB only). Try a shorter period, or get the file with cchc-bot report on the server.",
    "zalo.file_elsewhere": "(The citizen sent this {kind} on Telegram: Zalo cannot open another channel's files. See it on Telegram, or ask the citizen to send it again on the Zalo OA.)",
    "zalo.kind.photo": "photo",
    "zalo.kind.document": "file",
    # --- officials on the OA -------------------------------------------------------------------
    "invite.invalid": "This invitation code cannot be used: wrong, already used or expired (a code works once, within 7 days). Ask the admin for a new one.",
    "invite.welcome": "Confirmed: you are now a {role}{unit} on this channel. Type «hướng dẫn» (help) to see the commands.",
    "alerts.usage": "Choose where alerts go: /thongbao zalo, /thongbao telegram or /thongbao both.",
    "alerts.set": "From now on alerts (reminders, deadline alerts, digests) go to: {where}.",
    "alerts.everywhere": "all your channels",
    "alerts.not_linked": "You have not linked {channel}: alerts still go to all your channels. Ask the admin for a link code (cchc-bot staff invite --link).",
    "zalo.staff.held": "A message to the official {name} (Zalo OA {oa}) is waiting: they have not written to the OA in the last 48 hours and have no phone recorded for the ZBS template. It goes as soon as they write to the OA. Text: {text}",
    "zalo.staff.renew": "Open the inbox",
    "zalo.help.staff.head": "<b>Commands for a {role} (type them as messages, with or without /)</b>",
    "zalo.help.staff.inbox": (
        "hộp thư — the ward's feedback: take, answer, ask for information, transfer, refuse, "
        "close (tap a button or type its number)"
    ),
    "zalo.help.staff.inbox_transfer": "hộp thư — feedback of the units below, to transfer to the right one",
    "zalo.help.staff.apology": (
        "/xinloi DOSSIER_CODE — write the apology letter with a new return date (PDF file on Zalo)"
    ),
    "zalo.help.staff.desk": "/nhap — enter feedback for a walk-in or phone caller",
    "zalo.help.staff.stats": (
        "thống kê WARD [PERIOD] — one-stop dossier figures, e.g. thống kê cautre 2022, "
        "thống kê cautre Q3/2022, thống kê cautre week; without a period: since 1 January"
    ),
    "zalo.help.staff.report": "/baocao WARD [PERIOD] — the one-stop desk's periodic report table, sent as a PDF file, e.g. /baocao cautre 2022",
    "zalo.help.staff.subscribe": (
        "/theodoi WARD, /botheodoi WARD — receive or stop the weekly indicator digest"
    ),
    "zalo.help.staff.alerts": "/thongbao zalo|telegram|both — where your alerts go (once both channels are linked)",
    "phone.usage": "Type /sodienthoai NUMBER (e.g. /sodienthoai 0912345678) to record the number the ward's ZBS template reaches once you have not written to the Zalo OA for 48 hours; /sodienthoai xóa forgets it.",
    "phone.current": "Phone recorded for the ZBS template: {phone}.",
    "phone.none": "No phone is recorded for the ZBS template: once you have not written to the OA for 48 hours, alerts wait until you write again.",
    "phone.set": "Recorded {phone}. Once you have not written to the ward's Zalo OA for 48 hours, alerts reach this number as a ZBS template message (the ward pays for each). Type /sodienthoai xóa to forget it.",
    "phone.cleared": "Phone forgotten. Once you have not written to the OA for 48 hours, alerts wait until you write again.",
    "phone.bad": "«{value}» is not a Vietnamese phone number. For example: /sodienthoai 0912345678.",
    "zalo.help.staff.phone": "/sodienthoai NUMBER — the phone for the ZBS template once you have not written to the OA for 48 hours (/sodienthoai xóa forgets it)",
    "zalo.help.staff.block": "/chan FEEDBACK_CODE, /bochan FEEDBACK_CODE — block or unblock whoever sent that feedback",
    "zalo.help.staff.common": (
        "tra cứu CODE, hồ sơ CODE — look up as a citizen would\nhủy — cancel what is in progress\n"
        "hướng dẫn — these commands again"
    ),
    # --- command line -------------------------------------------------------------------------
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
    "cli.secret_key_missing": (
        "SECRET_KEY is not set: the bot does not store Zalo secrets it cannot encrypt. "
        "Make a key with `cchc-bot zalo keygen`, put it in SECRET_KEY (.env) and run again."
    ),
    "cli.secret_key_bad": "SECRET_KEY cannot be used ({detail}). Check the key in the .env file.",
}
