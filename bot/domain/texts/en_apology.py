"""English texts of the apology letter (the official letter itself is always printed in Vietnamese)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # --- the staff conversation -----------------------------------------------------------------
    "cmd.xinloi": "Issue an apology letter with a new return date",
    "apology.usage": "Usage: <code>/xinloi DOSSIER_CODE</code>",
    "apology.ask_reason": (
        "<b>Apology letter for dossier {code}</b>\n"
        "Procedure: {procedure}\nDue: {due}\n\n"
        "Pick the reason for the delay, or type another one ({minimum} to {maximum} characters). "
        "Type /cancel to stop."
    ),
    "apology.reason.verify": "The dossier needs further verification",
    "apology.reason.agencies": "Waiting for the opinion of other agencies",
    "apology.reason.software": "The software system failed",
    "apology.ask_date": (
        "What is the new return date? Pick a working day below or type a date as dd/mm/yyyy "
        "(after today; a dossier can be rescheduled only once)."
    ),
    "apology.date_option": "{weekday} {day}",
    "apology.confirm": (
        "<b>Check before issuing the letter</b>\n"
        "Dossier: {code}\nProcedure: {procedure}\nReceived: {received}\n"
        "Original due date: {due}\nReason: {reason}\nNew return date: <b>{new_due}</b>\n\n"
        "Once issued, the dossier cannot be rescheduled again."
    ),
    "apology.button.confirm": "✅ Issue the letter",
    "apology.button.cancel": "✖️ Cancel",
    "apology.button.notify": "Notify the citizens",
    "apology.pdf": "The letter as a PDF, to print.",
    "apology.issued": (
        "Apology letter no. <b>{number}</b> issued for dossier {code}; "
        "new return date: <b>{new_due}</b>. Print, sign and send it to the citizen."
    ),
    "apology.issued.late": (
        "⚠️ The letter comes after its deadline ({last_day} at the latest, one working day "
        "before the due date): it is recorded as late."
    ),
    "apology.issued.citizens": (
        "{count} citizen(s) wrote to the bot about this dossier. "
        "Press “Notify the citizens” to send them the apology and the new date."
    ),
    "apology.notified": "Queued {count} messages telling the citizens about dossier {code}.",
    "apology.cancelled": "The apology letter was cancelled.",
    # --- refusals -------------------------------------------------------------------------------
    "apology.refused.not_staff": "Only staff can do this.",
    "apology.refused.forbidden": "You are not in charge of the unit of dossier {code}.",
    "apology.refused.not_found": "No dossier with code {code}.",
    "apology.refused.resolved": "Dossier {code} already has its result or was closed; no apology needed.",
    "apology.refused.already": (
        "Dossier {code} already has an apology letter; its new return date is {new_due}. "
        "A dossier can be rescheduled only once."
    ),
    "apology.refused.reason_short": "The reason is too short: at least {minimum} characters.",
    "apology.refused.reason_long": "The reason is too long: at most {maximum} characters.",
    "apology.refused.date_format": "Could not read the date “{text}”. Type it as dd/mm/yyyy, e.g. {example}.",
    "apology.refused.date_not_after_today": "The new date must be after today ({today}).",
    "apology.refused.date_not_after_due": "The new date must be after the original due date ({due}).",
    "apology.refused.date_not_working_day": "{day} is not a working day (weekend or public holiday).",
    "apology.refused.date_too_far": "The new date may be at most {days} days after today.",
    "apology.refused.no_citizens": "No citizen wrote to the bot about dossier {code}.",
    "apology.refused.no_letter": "Dossier {code} has no apology letter yet.",
    # --- to the citizen -----------------------------------------------------------------------
    "apology.citizen.notice": (
        "📨 About dossier <b>{code}</b> ({procedure}) that you mentioned in feedback {case}: "
        "{agency} could not return the result on time ({due}) and apologises for the delay.\n"
        "Reason: {reason}\nNew return date: <b>{new_due}</b>."
    ),
    # --- the letter's fixed parts ---------------------------------------------------------------
    "apology.letter.agency_kind": "PEOPLE'S COMMITTEE",
    "apology.letter.agency_full": "People's Committee of {unit}",
    "apology.letter.number": "No.: {number}",
    "apology.letter.number_suffix": "PXL",
    "apology.letter.nation": "SOCIALIST REPUBLIC OF VIETNAM",
    "apology.letter.motto": "Independence - Freedom - Happiness",
    "apology.letter.place_date": "{place}, {day}/{month}/{year}",
    "apology.letter.to": "To: {recipient}",
    "apology.letter.recipient_default": "The holder of dossier no. {code}",
    "apology.letter.recipient_named": "Mr/Ms {name}",
    "apology.letter.address": "Address: {value}",
    "apology.letter.phone": "Phone: {value}",
    "apology.letter.desk_default": "Public Administrative Service Centre of {unit}",
    "apology.letter.closing": "Yours faithfully.",
    "apology.letter.cc_title": "Recipients:",
    "apology.letter.cc": "- As above;\n- {desk};\n- Archive.",
    "apology.letter.signer_title": "CHAIRPERSON",
    "apology.letter.file_name": "apology-letter-{code}.docx",
    "apology.letter.pdf_name": "apology-letter-{code}.pdf",
    # --- default templates -------------------------------------------------------------------
    "apology.tpl.body": (
        "On {received}, {agency} received your dossier for {procedure}, "
        "code {code}; the result was due on {due}.\n\n"
        "{agency} has not yet returned the result within the time stated on the receipt.\n\n"
        "Reason: {reason}.\n\n"
        "{agency} sincerely apologises for the delay and hopes for your understanding.\n\n"
        "New date for returning the result: {new_due}."
    ),
    "apology.tpl.nd61.title": "LETTER OF APOLOGY AND NEW DATE FOR RETURNING THE RESULT",
    "apology.tpl.nd61.legal_basis": (
        "Pursuant to Article 19 of Decree 61/2018/NĐ-CP of 23 April 2018 of the Government on "
        "the one-stop mechanism in handling administrative procedures, {agency} gives notice "
        "as follows:"
    ),
    "apology.tpl.nd118.title": "LETTER OF APOLOGY AND REQUEST TO EXTEND THE TIME FOR HANDLING",
    "apology.tpl.nd118.legal_basis": (
        "Pursuant to Decree 118/2025/NĐ-CP of 9 June 2025 of the Government on handling "
        "administrative procedures through the one-stop mechanism at the one-stop desks and "
        "the National Public Service Portal, and Circular 03/2025/TT-VPCP of 15 September 2025 "
        "of the Minister, Chairman of the Government Office guiding the implementation of "
        "Decree 118/2025/NĐ-CP, {agency} gives notice as follows:"
    ),
    # --- command line -------------------------------------------------------------------------
    "cli.apology_template_set": "Saved the apology letter template for {ward}.",
    "cli.apology_template_bad": "Invalid template: {detail}",
    "cli.apology_template_unknown": "Unsupported fields: {fields}. Fields you can use: {allowed}.",
    "cli.apology_template_empty": "The template is empty.",
    "cli.apology_template_file": "Could not read {path}: {error}",
    "cli.apology_show_source": "Template in use for {ward}: {source}",
    "cli.apology_source_unit": "the ward's own template (updated {at})",
    "cli.apology_source_default": "the stored common template (updated {at})",
    "cli.apology_source_builtin": "the built-in template ({preset})",
    "cli.apology_export_none": "{ward} has issued no apology letter yet.",
    "cli.apology_export_letter": "Letter no. {number} ({year}), dossier {code}, issued {issued}{late}:",
    "cli.apology_export_late": " — late (after the deadline of one working day before the due date)",
    "cli.apology_export_no_pdf": "(no PDF: the letter was issued before the bot kept PDFs)",
    "cli.apology_export_done": "Wrote {files} file(s) of {letters} letter(s).",
    "cli.apology_export_failed": "Error: could not write to {path}: {error}",
}
