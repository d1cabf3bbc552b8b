"""Apology letters for late dossiers: the staff's steps, the letter, the citizens' notice, and
the wards' templates. Channel-free: handlers keep the conversation and render `Reply`s."""

from __future__ import annotations

import asyncio
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date

from bot.clock import Clock
from bot.domain import apology
from bot.domain.apology import (
    IssuedLetter,
    LetterFacts,
    LetterNumberTakenError,
    Preset,
    Refusal,
    Template,
)
from bot.domain.calendar import WorkCalendar
from bot.domain.choices import (
    ApologyDate,
    ApologyNotify,
    ApologyReason,
    ApologyStep,
    CommonReason,
    fits,
)
from bot.domain.fmt import day, locale_of
from bot.domain.messages import Choice, Content, Lines, OutgoingMessage, Reply, Text, Value
from bot.domain.models import AuditEntry, Dossier, StaffMember, Unit
from bot.domain.texts import t
from bot.ports import ApologyStore, AuditLog, DossierRepository, LetterRenderer, UnitRepository

REASONS = tuple(CommonReason)  # apology.reason.<value>, offered as buttons
DEFAULT_WARD = "default"  # the template slug for every ward without its own
_NUMBER_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class Issued:
    """The outcome of `issue`: the reply, and the documents when the letter was made."""

    reply: Reply
    number: str | None = None
    document_name: str | None = None
    document: bytes | None = None
    pdf_name: str | None = None
    pdf: bytes | None = None


@dataclass(frozen=True, slots=True)
class TemplateInUse:
    """Which template a ward's letters use and where it comes from."""

    template: Template
    source_key: str  # cli.apology_source_{unit,default,builtin}
    updated_at: datetime | None


def _refused(reason: Refusal, **values: Value) -> Reply:
    return Reply(f"apology.refused.{reason.value}", values)


def normalize_code(text: str) -> str:
    """A typed dossier code: NFC, trimmed, upper case (codes are printed in capitals)."""
    return unicodedata.normalize("NFC", text).strip().upper()


class ApologyService:
    """The apology letter, for any channel."""

    def __init__(
        self,
        store: ApologyStore,
        dossiers: DossierRepository,
        units: UnitRepository,
        clock: Clock,
        tz: ZoneInfo,
        calendar: WorkCalendar,
        render: LetterRenderer,
        *,
        render_pdf: LetterRenderer | None = None,
        audit: AuditLog | None = None,
        wake: Callable[[], None] = lambda: None,
    ) -> None:
        self._store = store
        self._dossiers = dossiers
        self._units = units
        self._clock = clock
        self._tz = tz
        self._calendar = calendar
        self._render = render
        self._render_pdf = render_pdf
        self._audit = audit
        self._wake = wake

    def _today(self) -> date:
        return self._clock.now().astimezone(self._tz).date()

    def _local(self, moment: datetime) -> date:
        return moment.astimezone(self._tz).date()

    async def _dossier(self, code_text: str) -> Dossier | None:
        code = code_text.strip()
        found = await self._dossiers.get(code) if code else None
        if found is None and code:
            found = await self._dossiers.get(normalize_code(code))
        return found

    async def _check(
        self, staff: StaffMember | None, code_text: str, lang: str
    ) -> tuple[Dossier | None, Reply | None]:
        """The dossier if this person may apologise for it now, else the refusal."""
        shown = code_text.strip()[:60]
        if staff is None:
            return None, _refused(Refusal.NOT_STAFF)
        dossier = await self._dossier(code_text)
        if dossier is None:
            return None, _refused(Refusal.NOT_FOUND, code=shown)
        refusal = apology.may_issue(staff, dossier.unit_id)
        if refusal is not None:
            return None, _refused(refusal, code=dossier.code)
        refusal = apology.check_dossier(dossier)
        if refusal is Refusal.ALREADY and dossier.apology_new_due_at is not None:
            new_due = day(self._local(dossier.apology_new_due_at), lang)
            return None, _refused(refusal, code=dossier.code, new_due=new_due)
        if refusal is not None:
            return None, _refused(refusal, code=dossier.code, new_due="—")
        return dossier, None

    # --- the staff's steps -------------------------------------------------------------------

    async def start(
        self, staff: StaffMember | None, code_text: str, lang: str
    ) -> tuple[Reply, str | None]:
        """Begin a letter: the reason question, and the dossier's code when the flow goes on."""
        if not code_text.strip():
            return Reply("apology.usage"), None
        dossier, refusal = await self._check(staff, code_text, lang)
        if dossier is None:
            assert refusal is not None
            return refusal, None
        reply = Reply(
            "apology.ask_reason",
            {
                "code": dossier.code,
                "procedure": dossier.procedure or "—",
                "due": day(self._local(dossier.due_at), lang),
                "minimum": apology.REASON_MIN,
                "maximum": apology.REASON_MAX,
            },
            choices=tuple(Choice(ApologyReason(r), f"apology.reason.{r.value}") for r in REASONS),
        )
        return reply, dossier.code

    @staticmethod
    def reason_text(reason: CommonReason) -> str:
        """The letter's wording of a common reason picked by button."""
        return t(apology.LETTER_LANG, f"apology.reason.{reason.value}")

    async def choose_reason(
        self, staff: StaffMember | None, code: str, text: str, lang: str
    ) -> tuple[Reply, str | None]:
        """Take the reason: the date question, and the cleaned reason when it was accepted."""
        dossier, refusal = await self._check(staff, code, lang)
        if dossier is None:
            assert refusal is not None
            return refusal, None
        problem = apology.check_reason(text)
        if problem is not None:
            return _refused(problem, minimum=apology.REASON_MIN, maximum=apology.REASON_MAX), None
        return self._ask_date(dossier, lang), apology.clean_reason(text)

    def _ask_date(self, dossier: Dossier, lang: str, error: Reply | None = None) -> Reply:
        options = apology.date_choices(self._today(), self._local(dossier.due_at), self._calendar)
        locale = locale_of(lang)
        return Reply(
            "apology.ask_date",
            choices=tuple(
                Choice(
                    ApologyDate(d),
                    "apology.date_option",
                    {"weekday": str(format_date(d, "EEEE", locale=locale)), "day": day(d, lang)},
                )
                for d in options
            ),
            error_key=error.key if error else None,
            error_values=error.values if error else {},
        )

    async def choose_date(
        self, staff: StaffMember | None, code: str, reason: str, text: str, lang: str
    ) -> tuple[Reply, date | None]:
        """Take the new date (typed dd/mm/yyyy or ISO from a button): the confirmation summary
        and the date when it is valid, else the refusal with the date question again."""
        dossier, refusal = await self._check(staff, code, lang)
        if dossier is None:
            assert refusal is not None
            return refusal, None
        new_due = apology.parse_day(text)
        if new_due is None:
            try:
                new_due = date.fromisoformat(text.strip())
            except ValueError:
                new_due = None
        today = self._today()
        if new_due is None:
            example = day(self._calendar.next_working_day(today), lang)
            error = _refused(Refusal.DATE_FORMAT, text=text.strip()[:40], example=example)
            return self._ask_date(dossier, lang, error), None
        problem = self._date_problem(dossier, new_due, lang)
        if problem is not None:
            return self._ask_date(dossier, lang, problem), None
        return self._summary(dossier, reason, new_due, lang), new_due

    def _date_problem(self, dossier: Dossier, new_due: date, lang: str) -> Reply | None:
        today = self._today()
        due = self._local(dossier.due_at)
        problem = apology.check_new_due(new_due, today, due, self._calendar)
        if problem is None:
            return None
        return _refused(
            problem,
            today=day(today, lang),
            due=day(due, lang),
            day=day(new_due, lang),
            days=apology.MAX_DAYS_AHEAD,
        )

    def _summary(self, dossier: Dossier, reason: str, new_due: date, lang: str) -> Reply:
        return Reply(
            "apology.confirm",
            {
                "code": dossier.code,
                "procedure": dossier.procedure or "—",
                "received": day(self._local(dossier.received_at), lang),
                "due": day(self._local(dossier.due_at), lang),
                "reason": reason,
                "new_due": day(new_due, lang),
            },
            choices=(
                Choice(ApologyStep.CONFIRM, "apology.button.confirm"),
                Choice(ApologyStep.CANCEL, "apology.button.cancel"),
            ),
        )

    # --- the letter --------------------------------------------------------------------------

    async def template_in_use(self, unit_id: int) -> TemplateInUse:
        """The ward's template, the stored default, or the built-in one (NĐ 118/2025)."""
        stored = await self._store.template(unit_id)
        if stored is None:
            return TemplateInUse(apology.preset_template(), "cli.apology_source_builtin", None)
        key = "cli.apology_source_unit" if stored.unit_id else "cli.apology_source_default"
        return TemplateInUse(stored.template, key, stored.updated_at)

    async def issue(
        self,
        staff: StaffMember | None,
        code: str,
        reason: str,
        new_due: date,
        lang: str = "vi",
        *,
        recipient_name: str | None = None,
    ) -> Issued:
        """Make the letter (DOCX and PDF), record it with the dossier in one transaction, and
        return both. The addressee is `recipient_name`, else the applicant as imported."""
        dossier, refusal = await self._check(staff, code, lang)
        if dossier is None or staff is None:
            assert refusal is not None
            return Issued(refusal)
        problem = apology.check_reason(reason)
        if problem is not None:
            return Issued(_refused(problem, minimum=apology.REASON_MIN, maximum=apology.REASON_MAX))
        date_error = self._date_problem(dossier, new_due, lang)
        if date_error is not None:
            return Issued(date_error)
        unit = await self._units.by_id(dossier.unit_id)
        unit_name = unit.name if unit else ""
        in_use = await self.template_in_use(dossier.unit_id)
        now = self._clock.now()
        today = self._local(now)
        due = self._local(dossier.due_at)
        late = apology.issued_late(today, due, self._calendar.for_unit(unit))
        for _attempt in range(_NUMBER_ATTEMPTS):
            sequence = await self._store.next_sequence(dossier.unit_id, today.year)
            letter = apology.compose(
                LetterFacts(
                    unit_name=unit_name,
                    place=apology.place_of(unit_name),
                    sequence=sequence,
                    issued_on=today,
                    code=dossier.code,
                    procedure=dossier.procedure,
                    received=self._local(dossier.received_at),
                    due=due,
                    reason=reason,
                    new_due=new_due,
                    recipient_name=recipient_name or dossier.applicant,
                    recipient_address=dossier.applicant_address,
                    recipient_phone=dossier.applicant_phone,
                    desk=(unit.apology_desk or "") if unit else "",
                ),
                in_use.template,
            )
            # Rendering blocks for a while (fonts, zip): off the event loop.
            document = await asyncio.to_thread(self._render, letter)
            pdf = (
                await asyncio.to_thread(self._render_pdf, letter)
                if self._render_pdf is not None
                else None
            )
            record = IssuedLetter(
                dossier_code=dossier.code,
                unit_id=dossier.unit_id,
                year=today.year,
                sequence=sequence,
                number=apology.letter_number(sequence),
                issued_at=now,
                issued_by=staff.user_id,
                reason=apology.clean_reason(reason),
                new_due_at=datetime.combine(new_due, apology.DUE_TIME, tzinfo=self._tz),
                signer_title=letter.signer_title,
                signer_name=letter.signer_name,
                legal_basis=letter.legal_basis,
                document_name=letter.file_name,
                document=document,
                pdf_name=letter.pdf_name if pdf is not None else None,
                pdf=pdf,
                late=late,
            )
            try:
                refusal_now = await self._store.record(record)
            except LetterNumberTakenError:
                continue  # another letter of the ward took the number: count again
            break
        else:
            raise RuntimeError("could not draw a free apology letter number")
        if refusal_now is not None:  # the dossier changed since the check
            return Issued(_refused(refusal_now, code=dossier.code, new_due="—"))
        if self._audit is not None:
            entry = AuditEntry(
                actor=f"staff:{staff.user_id}",
                action="apology.issue",
                unit_id=dossier.unit_id,
                detail={"code": dossier.code, "number": record.number, "new_due": str(new_due)},
            )
            await self._audit.append(entry, now)
        citizens = await self._store.citizens(dossier.code)
        issued = Text(
            "apology.issued",
            {"number": record.number, "code": dossier.code, "new_due": day(new_due, lang)},
        )
        # The outcome, the late line under it, and after a blank line the citizens to tell.
        after: list[Content] = []
        if late:
            last_day = self._calendar.for_unit(unit).previous_working_day(due)
            after.append(Text("apology.issued.late", {"last_day": day(last_day, lang)}))
        choices: tuple[Choice, ...] = ()
        notify = fits(ApologyNotify, dossier.code)
        if citizens:
            told = Text("apology.issued.citizens", {"count": len(citizens)})
            after.append(Lines(("", told), "\n") if late else told)
        if citizens and notify is not None:
            choices = (Choice(notify, "apology.button.notify"),)
        separator = "\n" if late else "\n\n"
        return Issued(
            Reply.of_lines([issued, *after], separator, choices=choices),
            number=record.number,
            document_name=record.document_name,
            document=document,
            pdf_name=record.pdf_name,
            pdf=pdf,
        )

    async def letters_of(self, unit_slug: str) -> tuple[Unit, list[IssuedLetter]] | None:
        """A ward's issued letters with their documents (None: no such ward)."""
        unit = await self._units.by_slug(unit_slug)
        if unit is None:
            return None
        return unit, await self._store.letters(unit.id)

    async def notify_citizens(self, staff: StaffMember | None, code: str) -> Reply:
        """Queue the apology and new date to each citizen whose feedback case names the dossier,
        in the chat and language of that case (once per case, whatever is pressed twice)."""
        if staff is None:
            return _refused(Refusal.NOT_STAFF)
        dossier = await self._dossier(code)
        if dossier is None:
            return _refused(Refusal.NOT_FOUND, code=code.strip()[:60])
        refusal = apology.may_issue(staff, dossier.unit_id)
        if refusal is not None:
            return _refused(refusal, code=dossier.code)
        letter = await self._store.letter(dossier.code)
        if letter is None:
            return _refused(Refusal.NO_LETTER, code=dossier.code)
        contacts = await self._store.citizens(dossier.code)
        if not contacts:
            return _refused(Refusal.NO_CITIZENS, code=dossier.code)
        unit = await self._units.by_id(dossier.unit_id)
        agency = apology.agency_name(unit.name if unit else "")
        messages: list[tuple[str, OutgoingMessage]] = []
        reached: set[tuple[str, str]] = set()
        for c in contacts:
            if (c.channel, c.chat_id) in reached:
                continue  # one citizen, several cases about the same dossier: one message
            reached.add((c.channel, c.chat_id))
            text = Text(
                "apology.citizen.notice",
                {
                    "code": dossier.code,
                    "procedure": dossier.procedure or "—",
                    "case": c.case_code,
                    "agency": agency,
                    "due": day(self._local(dossier.due_at), c.language),
                    "reason": letter.reason,
                    "new_due": day(self._local(letter.new_due_at), c.language),
                },
            )
            key = f"apology:{dossier.code}:{c.case_code}"
            message = OutgoingMessage(c.channel, c.chat_id, text, lang=c.language)
            messages.append((key, message))
        queued = await self._store.notify(dossier.code, messages, self._clock.now())
        if queued:
            self._wake()
        return Reply("apology.notified", {"count": queued, "code": dossier.code})

    # --- templates ---------------------------------------------------------------------------

    async def set_template(
        self,
        unit_slug: str,
        body: str | None,
        legal_basis: str | None = None,
        *,
        preset: Preset | None = None,
        signer_title: str | None = None,
        signer_name: str | None = None,
        title: str | None = None,
    ) -> Reply:
        """Save a ward's wording (or the default's, slug "default"): a body text, a built-in
        preset, or both; what is not given keeps its current value. Replies with cli.* keys."""
        unit_id: int | None = None
        if unit_slug != DEFAULT_WARD:
            unit = await self._units.by_slug(unit_slug)
            if unit is None:
                return Reply("cli.ward_unknown", {"slug": unit_slug})
            unit_id = unit.id
        # No unit has id 0: for the default this finds the stored default or the built-in one.
        current = await self.template_in_use(unit_id or 0)
        base = apology.preset_template(preset) if preset is not None else current.template
        template = Template(
            body=(body if body is not None else base.body).strip(),
            legal_basis=(legal_basis if legal_basis is not None else base.legal_basis).strip(),
            signer_title=(signer_title if signer_title is not None else base.signer_title).strip(),
            signer_name=(signer_name if signer_name is not None else base.signer_name).strip(),
            title=(title if title is not None else base.title).strip(),
        )
        if not template.body or len(template.body) > apology.BODY_MAX:
            return Reply("cli.apology_template_empty")
        if len(template.legal_basis) > apology.LEGAL_BASIS_MAX:
            return Reply("cli.apology_template_bad", {"detail": "legal basis too long"})
        try:
            unknown = apology.unknown_fields(template)
        except ValueError as err:
            return Reply("cli.apology_template_bad", {"detail": str(err)})
        if unknown:
            allowed = ", ".join(f"{{{p}}}" for p in sorted(apology.PLACEHOLDERS))
            shown = ", ".join(f"{{{p}}}" for p in sorted(unknown))
            return Reply("cli.apology_template_unknown", {"fields": shown, "allowed": allowed})
        await self._store.set_template(unit_id, template, self._clock.now())
        return Reply("cli.apology_template_set", {"ward": unit_slug})
