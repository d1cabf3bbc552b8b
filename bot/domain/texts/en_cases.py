"""English texts for feedback cases."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "button.share_contact": "📱 Share my phone number",
    "button.share_location": "📍 Send my current location",
    "button.received": "Received.",
    "button.old": "This button belongs to an old message and no longer works.",
    "menu.intro": "What do you need? Choose below:",
    "menu.feedback": "✍️ Send feedback",
    "menu.track": "🔎 Follow my feedback",
    "menu.dossier": "📁 Look up a dossier",
    "menu.contact": "☎️ Contact the one-stop desk",
    "track.none_yet": (
        "You have not sent any feedback from this account. If you have a tracking code, type "
        "<code>/track CODE</code> or just the code, e.g. <code>PA-4AMY-9FPA</code>."
    ),
    "track.mine": "<b>Your feedback</b> (newest first) — press a code to see it:",
    "track.mine_item": "• {code} — {category}, sent {filed}: <i>{state}</i>",
    "track.mine_more": "… and {count} older ones (type /track CODE to see them).",
    "track.open_button": "🔎 {code}",
    "menu.dossier_prompt": "Type <code>/dossier CODE</code> (the code on your receipt).",
    "desk.info": "<b>{unit}</b>\nAddress: {address}\nOpening hours: {hours}{saturday}\nHotline: {hotline}",
    "desk.saturday": "; dossiers also received on Saturday mornings",
    "desk.none": (
        "The bot does not have your ward's one-stop desk address or hotline yet. You can send "
        "feedback right here (press the button below or type /feedback) and the ward answers "
        "through the bot; or go to the one-stop desk at your ward's or commune's People's "
        "Committee office."
    ),
    "feedback.blocked": (
        "Sorry, your account cannot send feedback through the bot for now. "
        "Please contact the one-stop desk directly."
    ),
    "feedback.limit": (
        "You have sent {limit} feedback cases today, the daily maximum. "
        "Please continue tomorrow or contact the one-stop desk."
    ),
    "feedback.stale": (
        "Your unfinished feedback expired (no answer for over 24 hours) and was cancelled. "
        "Type /feedback to start again."
    ),
    "feedback.cancelled": "Cancelled. Nothing was sent. Type /feedback to start again.",
    "desk.cancelled": "Cancelled, no feedback was entered. Type /nhap to enter it again.",
    "feedback.nothing_to_cancel": "There is nothing in progress to cancel.",
    "feedback.filed": (
        "✅ Your feedback was received.\n\nTracking code: <b>{code}</b>\n"
        "{unit} will accept it by {accept_due} and answer by {answer_due} at the latest. "
        "You will be notified here of every step.\n"
        "Follow it any time: <code>/track {code}</code>{anonymous}\n{link}"
    ),
    "feedback.already_filed": (
        "This feedback was already sent. Your tracking code: <b>{code}</b> "
        "(<code>/track {code}</code>)."
    ),
    "feedback.filed_desk": (
        "✅ The case was entered for the citizen.\n\nTracking code: <b>{code}</b> — give it to "
        "the citizen to follow it (<code>/track {code}</code>).\n"
        "Accept by: {accept_due}; answer by: {answer_due}.{anonymous}{link}"
    ),
    "feedback.filed_anonymous": "\nSent anonymously: your phone number is not kept.",
    "feedback.outside": (
        "The bot did not understand this message. To send feedback type /feedback; to follow "
        "it type /track CODE; all commands: /help."
    ),
    "feedback.edited": (
        "The bot does not use edited messages: what you sent is kept as it was. "
        "To add something, send a new message."
    ),
    "track.usage": "Usage: <code>/track CODE</code>, e.g. <code>/track PA-4AMY-9FPA</code>.",
    "track.bad_code": (
        "The code «{code}» is not valid: a character may be mistyped. Codes look like "
        "PA-XXXX-XXXX; please check your confirmation message."
    ),
    "track.not_found": "No feedback has the code {code}.",
    "track.header": (
        "<b>Feedback {code}</b>\nUnit: {unit}\nType: {category}\nStatus: <b>{state}</b>\n"
        "Sent: {filed} · Answer due: {answer_due}\n\n<b>History</b>"
    ),
    "track.event": "• {at} — {action}",
    "track.answer": "\n<b>The {kind}'s answer</b>\n{answer}",
    "track.rating": "\nYour rating: {stars}",
    "case.state.new": "waiting to be accepted",
    "case.state.accepted": "in progress",
    "case.state.needs_info": "waiting for more information",
    "case.state.answered": "answered",
    "case.state.reopened": "reopened, waiting to be accepted",
    "case.state.refused": "not accepted",
    "case.state.closed": "closed",
    "case.action.file": "feedback sent",
    "case.action.take": "accepted by the {kind}, in progress",
    "case.action.ask_info": "the {kind} asked for more information",
    "case.action.provide_info": "the citizen added information",
    "case.action.answer": "the {kind} answered",
    "case.action.transfer": "transferred to the competent unit",
    "case.action.refuse": "not accepted",
    "case.action.close": "closed",
    "case.action.rate": "rated by the citizen",
    "case.action.reopen": "reopened by the citizen",
    "case.action.erase": "personal data erased on request",
    "lookup.wait": "You have looked up many codes within a minute. Please wait {seconds} seconds and try again.",
    "dossier.usage": "Usage: <code>/dossier CODE</code> (the code on your receipt).",
    "dossier.not_found": "No dossier has the code {code}. Please check your receipt.",
    "dossier.view": (
        "<b>Dossier {code}</b>\nUnit: {unit}\nReceived: {received}\n"
        "Due: {due}\nStatus: {status}{apology}"
    ),
    "dossier.resolved_on_time": "result issued on {at} (on time)",
    "dossier.resolved_late": "result issued on {at} (late)",
    "dossier.pending": "in progress, within the deadline",
    "dossier.pending_overdue": "in progress, <b>overdue</b>",
    "dossier.apology": "\n{unit} sent an apology letter on {at}; new return date: <b>{new_due}</b>.",
    "case.citizen.accepted": (
        "📌 Feedback <b>{code}</b> was accepted by {unit} and is in progress. "
        "Answer due by {answer_due} at the latest."
    ),
    "case.citizen.needs_info": (
        "❓ {unit} needs more information about feedback <b>{code}</b>:\n\n{question}\n\n"
        "Just type the information here and send it."
    ),
    "case.citizen.info_button": "✍️ Type your reply here to add it",
    "case.citizen.answered": (
        "💬 {unit} answered feedback <b>{code}</b>:\n\n{answer}\n\n"
        "Are you satisfied with the answer? Choose the stars (5 = very satisfied)."
    ),
    "case.citizen.transferred": (
        "↪️ Feedback <b>{code}</b> was transferred to {unit}, the competent unit."
    ),
    "case.citizen.refused": "Feedback <b>{code}</b> was not accepted. {reason}",
    "case.citizen.closed": "Feedback <b>{code}</b> was closed. Thank you for your feedback.",
    "refuse.national_portal": (
        "It is feedback on administrative regulations: please send it on the National Public "
        "Service Portal (dichvucong.gov.vn, Feedback section)."
    ),
    "refuse.complaint": (
        "It is a complaint or denunciation: please follow the complaint procedure (file it at "
        "the commune-level People's Committee's citizen reception office)."
    ),
    "refuse.not_administrative": "It is not about an administrative procedure handled at commune level.",
    "refuse.duplicate": "It duplicates feedback already accepted.",
    "refuse.unclear": "It is not clear enough to handle; you may send new, more detailed feedback.",
    "case.not_yours": "This feedback is not among the feedback you sent.",
    "case.changed": (
        "The feedback was just updated by someone else, so this no longer applies. "
        "Please look at its latest status."
    ),
    "rate.not_now": "Feedback {code} has no answer to rate yet.",
    "rate.already": "You already rated feedback {code}: {stars}. Thank you!",
    "rate.thanks": "Thank you for rating feedback {code}!",
    "rate.low": (
        "Thank you for rating. You may tell us why you are not satisfied (optional) — type it "
        "here. If the problem is not solved, you can reopen feedback {code} within 7 days."
    ),
    "rate.reopen_button": "Reopen the feedback",
    "rate.skip_button": "Skip",
    "rate.reason_skipped": "Your rating was recorded.",
    "rate.reason_saved": "The reason was recorded for feedback {code}. Thank you!",
    "reopen.too_late": (
        "Feedback {code} cannot be reopened: only within 7 days of the answer. "
        "You can send new feedback with /feedback."
    ),
    "reopen.done": "Feedback {code} was reopened. {unit} will answer by {answer_due} at the latest.",
    "info.prompt": "Type the additional information for feedback {code}:",
    "info.too_short": "The information is too short.",
    "info.not_needed": "Feedback {code} does not need more information now.",
    "info.thanks": "Your information was sent for feedback {code}. Thank you!",
    "data.header": "<b>Data the bot keeps about you</b>\nYour {channel} account, number {user_id}",
    "data.no_cases": "You have not sent any feedback.",
    "data.case": "• {code} (sent {filed}, {state}) — {contact}",
    "data.phone": "phone {phone}, consent given {consent} (version {version})",
    "data.anonymous": "anonymous, no phone number kept",
    "data.draft": "• One unfinished feedback (type /cancel to drop it).",
    "data.footer": (
        "\nErase your personal data: /xoadulieu (your feedback stays, anonymised). "
        "Under the Personal Data Protection Law 91/2025/QH15."
    ),
    "erase.confirm": (
        "Erase your personal data? Your phone number, your consent and the link between this "
        "account and your feedback will be removed; phone and ID numbers in the texts will be "
        "masked. The feedback stays (anonymised) and can be followed with its code, but you "
        "will no longer be notified about it."
    ),
    "erase.yes": "Erase my data",
    "erase.no": "Keep it",
    "erase.done": "Your personal data was erased; {count} feedback cases were anonymised.",
    "erase.kept": "Nothing was erased.",
    "staff.only": "This command is for commune, ward and special zone staff only.",
    "inbox.empty": "🎉 No feedback is waiting.",
    "inbox.header": "<b>Feedback inbox</b>: {count} open, nearest deadline first.",
    "inbox.more": "… and {count} more.",
    "inbox.item": (
        "<b>{code}</b> · {unit} · {channel}\n{category} — <i>{state}</i>\n{deadline}\n"
        "{summary}\nContact: {contact}{extra}"
    ),
    "inbox.dossier": "\nDossier code: {code}",
    "inbox.location": "\nLocation: {url}",
    "inbox.from": "\nTransferred from {unit}",
    "inbox.asked": "\nAsked for: {text}",
    "inbox.supplied": "\nThe citizen added: {text}",
    "inbox.deadline.accept": "⏳ Accept by: {due} ({days} working days left)",
    "inbox.deadline.answer": "⏳ Answer by: {due} ({days} working days left)",
    "inbox.deadline.accept_late": "🔴 <b>Acceptance overdue</b> by {days} working days ({due})",
    "inbox.deadline.answer_late": "🔴 <b>Answer overdue</b> by {days} working days ({due})",
    "inbox.channel.telegram": "Telegram",
    "inbox.channel.zalo": "Zalo",
    "inbox.channel.desk": "desk/phone",
    "case.contact_anonymous": "anonymous",
    "staff.button.take": "Take",
    "staff.button.answer": "Answer",
    "staff.button.ask_info": "Ask for information",
    "staff.button.transfer": "Transfer",
    "staff.button.refuse": "Refuse",
    "staff.button.files": "📎 Attachments ({count})",
    "staff.file_link": '{caption}: <a href="{url}">open the file</a>',
    "staff.button.close": "Close",
    "staff.prompt.answer": "Type the answer to feedback {code} (sent as is to the citizen). /cancel to stop.",
    "staff.prompt.ask_info": "Type what the citizen should add to feedback {code}. /cancel to stop.",
    "staff.prompt.transfer": "Transfer feedback {code} to which unit?",
    "staff.prompt.refuse": "Reason for refusing feedback {code} (the citizen receives it in full):",
    "staff.prompt.refuse_desk": (
        "Why feedback {code} is not accepted (filed at the desk: the bot sends nothing to the citizen, tell them this reason in person or by phone):"
    ),
    "refuse.reason_line": "{n}. {reason}",
    "staff.confirm": (
        "<b>{action} — feedback {code}</b>\nThe citizen will receive:\n\n{preview}\n\n"
        "Send it? (type /cancel to stop)"
    ),
    "staff.confirm_nobody": (
        "<b>{action} — feedback {code}</b>\nThis feedback was entered at the desk, so the bot "
        "sends the citizen nothing; tell them in person or by phone. Confirm?"
    ),
    "staff.confirm_pending": "Press the confirmation button above, or type /cancel to stop.",
    "staff.button.confirm": "✅ Confirm: {action}",
    "staff.button.dont": "✖️ Don't",
    "staff.answer_too_short": "The answer is too short (at least 10 characters).",
    "staff.case_unknown": "This feedback is not in the units you cover.",
    "staff.supervisor_read_only": "Supervisors view and transfer; they do not handle feedback.",
    "staff.not_now": "This action does not apply to the feedback in its current status.",
    "staff.transfer_unknown": "Cannot transfer: the receiving unit is not valid.",
    "staff.refuse_reason": "A reason must be chosen.",
    "staff.done.take": "You took feedback {code}. The citizen was told.",
    "staff.done.answer": "The answer to feedback {code} was sent; the bot is delivering it.",
    "staff.done.ask_info": "The request for information on feedback {code} was sent.",
    "staff.done.transfer": "Feedback {code} was transferred.",
    "staff.done.refuse": "Feedback {code} was refused and the citizen pointed to the right channel.",
    "staff.done.close": "Feedback {code} was closed.",
    "staff.done.refuse_desk": (
        "Feedback {code} was refused. It was entered at the desk: the bot cannot tell the "
        "citizen, tell them in person or by phone."
    ),
    "staff.done.close_desk": (
        "Feedback {code} was closed. It was entered at the desk: the bot cannot tell the citizen."
    ),
    "staff.delivered": "📬 The answer to feedback {code} reached the citizen at {at}.",
    "staff.blocked": "User {user} can no longer send feedback.",
    "staff.unblocked": "User {user} is unblocked.",
    "staff.block_staff": "Cannot block: this is a staff account.",
    "staff.block_not_yours": (
        "Cannot block: user {user} has not sent feedback to any unit you are in charge of."
    ),
    "staff.block_usage": (
        "Usage: <code>/chan FEEDBACK_CODE</code> or <code>/bochan FEEDBACK_CODE</code>, e.g. "
        "<code>/chan PA-4AMY-9FPA</code> (blocks whoever sent it; an account id works too)."
    ),
    "staff.blocked_case": "The sender of feedback {code} is blocked: they cannot send new feedback.",
    "staff.unblocked_case": "The sender of feedback {code} is unblocked.",
    "staff.block_case_unknown": "Feedback {code} is not in the units you cover.",
    "staff.block_no_account": (
        "Feedback {code} was entered at the desk or its sender erased their data: no account to block."
    ),
    "staff.cancelled": "Stopped; nothing was sent to the citizen.",
    "staff.transfer_option": "{name}",
    "staff.transfer_none": (
        "There is no other ward active in the province or city to transfer feedback {code} to."
    ),
    "staff.no_files": "Feedback {code} has no attachments.",
    "staff.file": "{caption}",
    "staff.file_caption": "{code} — {name}",
    "refuse.short.national_portal": "For the National Public Service Portal",
    "refuse.short.complaint": "A complaint or denunciation",
    "refuse.short.not_administrative": "Not an administrative procedure",
    "refuse.short.duplicate": "Duplicates earlier feedback",
    "refuse.short.unclear": "Not clear enough",
    "desk.no_ward": (
        "You are not in charge of any active ward, so you cannot file walk-in feedback yet. "
        "Ask an administrator to check."
    ),
    "case.staff.undelivered": (
        "⚠️ Could not deliver a message about feedback <b>{code}</b> to the citizen on {channel}: "
        "{why}.\nCitizen's contact: {phone}\nWhat did not arrive:\n{text}"
    ),
    "undelivered.unreachable": (
        "the citizen has not written to the bot for too long, so the channel allows no more "
        "messages (on Zalo: more than 7 days without a message to the ward's OA, charged messages "
        "not allowed by the ward, and no ZBS template to send instead)"
    ),
    "undelivered.refused": "the channel refused it, or kept failing",
    "case.staff.no_phone": "anonymous, no phone number",
    "notice.grouped": "📬 <b>{count} new notices about feedback cases</b>",
    "case.staff.new": "🆕 New feedback <b>{code}</b> ({unit}) — {category}\n{summary}\nSee: /inbox",
    "case.staff.rated": "⭐ Feedback <b>{code}</b> ({unit}) was rated. {category}\n{summary}",
    "case.staff.reopened": "🔁 The citizen reopened feedback <b>{code}</b> ({unit}). {category}\n{summary}",
    "case.staff.info": "📎 The citizen added information to feedback <b>{code}</b> ({unit}) — {category}:\n{summary}\nSee: /inbox",
    "case.staff.transferred": "↪️ Feedback <b>{code}</b> was transferred to {unit}. {category}\n{summary}\nSee: /inbox",
}
