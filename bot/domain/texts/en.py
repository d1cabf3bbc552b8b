"""English texts (second language, for clients whose language is English)."""

from __future__ import annotations

# The lines of the staff's help, shared by the roles that have them.
_INBOX = "/inbox — the ward's feedback inbox (alias /hopthu)\n"
_DESK = "/nhap — enter feedback for a citizen at the desk or on the phone\n"
_APOLOGY = (
    "/xinloi DOSSIER_CODE — write the apology letter with a new return date (late dossiers)\n"
)
_STATS = (
    "/stats [WARD] [PERIOD] — one-stop dossier figures (alias /thongke)\n"
    "   Examples: <code>/stats cautre</code>, <code>/stats cautre 2022</code>, "
    "<code>/stats cautre III/2022</code>, <code>/stats cautre 09/2022</code>, "
    "<code>/stats this month</code>, <code>/stats cautre 01/01/2022-15/09/2022</code>\n"
    "   Without a period: from 1 January this year to today. Without a ward: your own.\n"
    "/baocao [WARD] [PERIOD] — the one-stop desk's periodic table (XLSX file)\n"
)
_DIGEST = (
    "/theodoi WARD, /botheodoi WARD — receive or stop the weekly indicator digest; "
    "/theodoi alone: the wards you follow\n"
)
_BLOCK = (
    "/chan FEEDBACK_CODE, /bochan FEEDBACK_CODE — block or unblock whoever sent that feedback "
    "(an account id works too)\n"
)
_SETTINGS = (
    "/thongbao zalo|telegram|both — where your alerts go (once both channels are linked); "
    "/sodienthoai NUMBER — the phone for the ZBS template once you have not written to the "
    "Zalo OA for 48 hours\n"
)
_COMMON = (
    "/track CODE, /dossier CODE — look up as a citizen would\n/cancel — cancel what is in "
    "progress\n/help — help"
)

TEXTS: dict[str, str] = {
    # --- general -----------------------------------------------------------------------------
    "start.citizen": (
        "Hello! This is the ward's administrative-reform assistant.\n\n"
        "You can send feedback on administrative procedures, follow your feedback and look up "
        "the progress of a one-stop dossier.\n\nType /help for the commands."
    ),
    "start.staff": (
        "Hello {name}! You are using the bot as <b>{role}</b>{unit}.\n\n"
        "Type /help for the staff commands."
    ),
    "help.citizen": (
        "<b>Commands</b>\n"
        "/feedback — send feedback on an administrative procedure (anonymous if you wish)\n"
        "/track CODE — follow your feedback\n"
        "/dossier CODE — look up a one-stop dossier (the code on your receipt)\n"
        "/dulieucuatoi — see the data the bot keeps about you\n"
        "/xoadulieu — erase your personal data\n"
        "/cancel — cancel what is in progress\n"
        "/start — back to the menu"
    ),
    "help.officer": (
        "<b>Commands for one-stop officers</b>\n"
        + _INBOX
        + _DESK
        + _APOLOGY
        + _STATS
        + _BLOCK
        + _SETTINGS
        + _COMMON
    ),
    "help.leader": (
        "<b>Commands for leaders</b>\n"
        + _INBOX
        + _STATS
        + _DIGEST
        + _APOLOGY
        + _DESK
        + _BLOCK
        + _SETTINGS
        + _COMMON
    ),
    "help.supervisor": (
        "<b>Commands for supervisors</b>\n"
        "/inbox — see the feedback of the wards you oversee and transfer it where needed "
        "(alias /hopthu)\n" + _STATS + _DIGEST + _SETTINGS + _COMMON
    ),
    "help.admin": (
        "<b>Commands for administrators</b>\n"
        "/inbox — the feedback inbox of every ward (alias /hopthu)\n"
        + _DESK
        + _APOLOGY
        + _STATS
        + _DIGEST
        + _BLOCK
        + "Staff, wards and data imports: the <code>cchc-bot</code> command on the server.\n"
        + _SETTINGS
        + _COMMON
    ),
    "role.officer": "one-stop officer",
    "role.leader": "leader",
    "role.supervisor": "supervisor",
    "role.admin": "administrator",
    "role.unit": " of {unit}",
    "cmd.start": "Start",
    "cmd.help": "Help",
    "cmd.stats": "Ward one-stop figures",
    "cmd.baocao": "Periodic report table (XLSX file)",
    "cmd.phananh": "Send feedback",
    "cmd.tracuu": "Follow feedback by its code",
    "cmd.hoso": "Look up a one-stop dossier",
    "cmd.dulieucuatoi": "See the data the bot keeps about me",
    "cmd.xoadulieu": "Erase my personal data",
    "cmd.huy": "Cancel what is in progress",
    "cmd.hopthu": "The ward's feedback inbox",
    "cmd.nhap": "Enter feedback for a walk-in or phone caller",
    "cmd.chan": "Block a user from sending feedback",
    "cmd.bochan": "Unblock a user",
    "cmd.thongbao": "Choose where alerts reach you: Telegram or Zalo",
    "cmd.sodienthoai": "Record your phone for Zalo template messages (ZBS)",
    "outbox.dead": "⚠️ The bot could not deliver message {key} to {recipient}: {reason}",
    "unknown_command": "Sorry, the bot does not know the command {command}. Type /help.",
    "error.busy": "The system is busy; please try again in a few minutes.",
    "chat.private_only": "This command works only in a private chat with the bot.",
    "error.internal": (
        "Sorry, something went wrong while handling your request. The administrators have "
        "been told; please try again in a few minutes."
    ),
    "error.admin_alert": "⚠️ Error while handling update {update}:\n<pre>{error}</pre>",
    "job.apology-reminders": "reminders to apologise for dossiers about to run or running late",
    "job.feedback-deadlines": "feedback answer deadline alerts",
    "job.weekly-digest": "weekly indicator digest",
    "dossier.status.registered": "registered (not yet accepted)",
    "dossier.status.accepted": "accepted",
    "dossier.status.rejected": "not accepted",
    "dossier.status.processing": "in progress",
    "dossier.status.supplement": "waiting for the applicant's extra documents",
    "dossier.status.financial": "waiting for the applicant's fees or taxes",
    "dossier.status.withdrawn": "withdrawn by the applicant",
    "dossier.status.stopped": "processing stopped",
    "dossier.status.done": "processed",
    "dossier.status.returned": "result returned",
    "dossier.channel.direct": "submitted in person",
    "dossier.channel.online": "submitted online",
    "dossier.channel.postal": "submitted by post",
}
