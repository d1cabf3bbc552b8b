"""English texts of the citizen's feedback intake."""

from __future__ import annotations

_SUMMARY = (
    "<b>Please check your feedback before sending</b>\n"
    "Ward: {ward}\n"
    "Topic: {category}\n"
    "Dossier code: {dossier_code}\n"
    "Description: {description}\n"
    "Attachments: {attachments}\n"
    "Location: {location}\n"
    "Contact: {contact}\n\n"
    "Send this feedback?"
)

TEXTS: dict[str, str] = {
    # --- steps -------------------------------------------------------------------------------
    "intake.ward": "Which ward (commune) is your feedback for?",
    "intake.ward.none": (
        "No ward takes feedback through the bot yet. Please contact the one-stop desk directly."
    ),
    "intake.ward.option": "{name}",
    "intake.ward.generic": "the ward",
    "intake.category": "What is your feedback about?",
    "intake.category.late_dossier": "Late dossier",
    "intake.category.extra_documents": "Extra documents requested",
    "intake.category.staff_conduct": "Staff conduct",
    "intake.category.fees": "Fees and charges",
    "intake.category.online_service": "Online public services",
    "intake.category.unclear_procedure": "Unclear procedure",
    "intake.category.other": "Something else",
    "intake.dossier_code": (
        "Please give the <b>dossier code</b> (printed on your receipt), "
        "or choose Skip if you have none."
    ),
    "intake.description": (
        "Please describe the problem: what, where, when ({minimum} to {maximum} characters)."
    ),
    "intake.description.edit": (
        "Please send the new description ({minimum} to {maximum} characters), "
        "or choose Keep the old text."
    ),
    "intake.attachments": (
        "You may send photos or documents (PDF, JPG, PNG, DOC, DOCX, XLS, XLSX), "
        "up to {maximum} files of at most {max_mb} MB each. Choose Skip if you have none."
    ),
    "intake.attachments.more": (
        "Received {count}/{maximum} files. You may send {remaining} more "
        "(at most {max_mb} MB each), or choose Done."
    ),
    "intake.location": (
        "If the problem is tied to a place, you may send a location. Otherwise choose Skip."
    ),
    "intake.location.files_full": (
        "All {maximum} files received. If the problem is tied to a place, you may send a "
        "location. Otherwise choose Skip."
    ),
    "intake.contact": (
        "So that an official can reach you, share your phone number or type it. "
        "You may also send anonymously and follow your feedback with its tracking code."
    ),
    "intake.consent.2026-01": (
        "<b>Consent to personal data processing</b> (version 2026-01)\n\n"
        "The People's Committee of {ward} (the data controller) will keep your phone number "
        "and your Telegram/Zalo account id, only to contact you about and answer this "
        "feedback.\n"
        "You may see your data (/dulieucuatoi), ask for it to be erased (/xoadulieu) and "
        "withdraw your consent at any time, under the Personal Data Protection Law "
        "No. 91/2025/QH15.\n\n"
        "If you do not agree, the feedback is still sent, anonymously, without your phone number."
    ),
    "intake.confirm": _SUMMARY,
    "intake.confirm.without_phone": (
        "You did not agree to keeping your phone number, so the feedback will be sent "
        "<b>anonymously</b>.\n\n" + _SUMMARY
    ),
    "intake.done": "Your feedback has been sent. Thank you!",
    "intake.cancelled": "Feedback cancelled. You can start again at any time.",
    # --- choice labels -----------------------------------------------------------------------
    "intake.choice.skip": "Skip",
    "intake.choice.done": "Done",
    "intake.choice.keep": "Keep the old text",
    "intake.choice.anonymous": "Send anonymously",
    "intake.choice.agree": "I agree",
    "intake.choice.disagree": "I do not agree",
    "intake.choice.agree.desk": "The citizen agrees",
    "intake.choice.disagree.desk": "The citizen does not agree",
    "intake.choice.send": "Send feedback",
    "intake.choice.edit": "Edit the description",
    "intake.choice.back": "⬅️ Back",
    "intake.choice.resume": "Go on with the feedback",
    "intake.choice.discard": "Drop the draft, back to the menu",
    "intake.restart": (
        "You have a feedback draft in progress (not sent). Go on with it, or drop it and go "
        "back to the menu?"
    ),
    "intake.edit.which": "Which part do you want to change?",
    "intake.edit.ward": "Unit",
    "intake.edit.category": "Type of feedback",
    "intake.edit.dossier_code": "Dossier code",
    "intake.edit.description": "Description",
    "intake.edit.attachments": "Files (send again)",
    "intake.edit.location": "Location",
    "intake.edit.contact": "Contact",
    "intake.dossier.found": "Dossier {code} found ({procedure}, {unit}).",
    "intake.dossier.unknown": (
        "The bot did not find dossier {code} in the one-stop data; the feedback is still sent "
        "with this code. If you mistyped it, choose Back to correct it."
    ),
    "intake.error.no_letters": (
        "The description needs words: say what happened, where and when (emoji alone are not "
        "enough for staff to act on)."
    ),
    "intake.ward.desk": "Which ward (commune) is the citizen's feedback for?",
    "intake.category.desk": "What is the citizen's feedback about?",
    "intake.dossier_code.desk": (
        "The citizen's dossier code (printed on the receipt), or choose Skip if there is none."
    ),
    "intake.description.desk": (
        "Write down the citizen's feedback: what, where, when ({minimum} to {maximum} characters)."
    ),
    "intake.attachments.desk": (
        "If the citizen brought papers, you can send photos or files (PDF, JPG, PNG, DOC, DOCX, "
        "XLS, XLSX), at most {maximum} files of {max_mb} MB each. Otherwise choose Skip."
    ),
    "intake.location.desk": (
        "If the feedback is about a place, you can send its location, picked on the map (not "
        "the desk's current location), or write the address in the description. "
        "Otherwise choose Skip."
    ),
    "intake.contact.desk": (
        "Type <b>the citizen's</b> phone number so staff can tell them the result (the bot cannot "
        "message them), or choose Send anonymously if they prefer not to leave one."
    ),
    "intake.consent.2026-01.desk": (
        "<b>Consent to personal data processing</b> (version 2026-01)\n\n"
        "Read to the citizen: the People's Committee of {ward} (the controller) keeps your phone "
        "number only to contact you and answer this feedback; you may ask to see or erase it and "
        "withdraw consent at any time, under Personal Data Protection Law 91/2025/QH15.\n\n"
        "If the citizen does not agree, the feedback is entered anonymously."
    ),
    "intake.choice.cancel": "✖️ Cancel",
    # --- summary values ----------------------------------------------------------------------
    "intake.summary.yes": "yes",
    "intake.summary.no": "no",
    "intake.summary.anonymous": "anonymous",
    # --- why an input was refused --------------------------------------------------------------
    "intake.error.finished": "This feedback is finished. Type /start to send a new one.",
    "intake.error.unsupported": (
        "The bot cannot take this kind of message. Please send text or a photo."
    ),
    "intake.error.choose": (
        "Please pick one of the options below (press a button or type its number)."
    ),
    "intake.error.stale_choice": (
        "That button belongs to an earlier question, so the bot cannot use it. "
        "Please answer the question below."
    ),
    "intake.error.dossier_code": (
        "A dossier code has only letters, digits and . - / _ (3 to 40 characters). "
        "Please check it, or choose Skip."
    ),
    "intake.error.expected_text": "Please type your answer as text.",
    "intake.error.too_short": (
        "The description is short ({length} characters). Please add at least {missing} more "
        "(minimum {minimum})."
    ),
    "intake.error.too_long": (
        "The description is too long ({length} characters). Please shorten it to at most "
        "{maximum} characters."
    ),
    "intake.error.file_type": (
        "The bot takes photos and PDF, JPG, PNG, DOC, DOCX, XLS, XLSX files only."
    ),
    "intake.error.file_too_large": "The file is too large. Each file may be at most {max_mb} MB.",
    "intake.error.too_many_files": "The bot takes at most {maximum} files per feedback.",
    "intake.error.expected_file": "Please send a photo or a file, or choose an option below.",
    "intake.error.bad_location": (
        "That location is not valid. Please send it again, or choose Skip."
    ),
    "intake.error.expected_location": "Please send a location, or choose Skip.",
    "intake.error.not_own_contact": (
        "The bot only takes your own phone number. Press the share button, type your own "
        "number, or choose to send anonymously."
    ),
    "intake.error.bad_phone": (
        "That phone number is not valid. Please type 10 digits starting with 0 "
        "(for example 0912345678), or choose to send anonymously."
    ),
    "intake.error.expected_contact": (
        "Please share or type your phone number, or choose to send anonymously."
    ),
}
