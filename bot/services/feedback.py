"""Feedback use-cases: the citizen's intake, tracking, rating, reopening and data rights, and
the staff inbox. Channel-free: handlers turn inputs into calls and `Reply`s into messages."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from html import escape
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain import intake
from bot.domain.access import can_view_unit
from bot.domain.calendar import WorkCalendar
from bot.domain.codes import CodeError, make_code, normalize_code
from bot.domain.feedback import (
    LOW_RATING,
    Action,
    Case,
    Category,
    Event,
    RefuseReason,
    State,
    TransitionError,
    can,
    can_reopen,
    next_state,
)
from bot.domain.fmt import day, moment
from bot.domain.messages import QUEUED_KEY, Choice, OutgoingMessage, Reply
from bot.domain.models import Role, StaffMember, Unit
from bot.domain.privacy import mask_personal, mask_phone
from bot.domain.texts import t
from bot.domain.wards import is_valid, kind_word
from bot.ports import (
    CaseCodeTakenError,
    ConversationStore,
    DossierRepository,
    FeedbackRepository,
    OutboxStore,
    StaffRepository,
    UnitRepository,
)

STALE_AFTER = timedelta(hours=24)
ACCEPT_WORKING_DAYS = 2
ANSWER_WORKING_DAYS = 15
CITIZEN = "citizen"
DESK = "desk"  # the channel of cases staff file for walk-in or phone callers


@dataclass(frozen=True, slots=True)
class FeedbackSettings:
    """Per-deployment rules (configurable)."""

    daily_limit: int = 5
    default_answer_days: int = ANSWER_WORKING_DAYS
    answer_days: Mapping[Category, int] = field(default_factory=dict)
    bot_username: str = ""


def _escaped(values: Mapping[str, object]) -> dict[str, object]:
    return {k: escape(v) if isinstance(v, str) else v for k, v in values.items()}


def _reply_from_prompt(prompt: intake.Prompt) -> Reply:
    """The intake machine's prompt as a reply; its values are the citizen's words: escape them."""
    return replace(
        prompt,
        values=_escaped(prompt.values),
        error_values=_escaped(prompt.error_values),
        label_values={k: _escaped(v) for k, v in prompt.label_values.items()},
    )


class _NoOutbox:
    """Stands in when no outbox is wired (unit tests of other use-cases)."""

    async def enqueue(self, key: str, message: OutgoingMessage, not_before: datetime) -> bool:
        return False


def _staff_actor(member: StaffMember) -> str:
    return f"staff:{member.user_id}"


class FeedbackService:
    """Everything about feedback cases, for any channel."""

    def __init__(
        self,
        cases: FeedbackRepository,
        conversations: ConversationStore,
        units: UnitRepository,
        staff: StaffRepository,
        dossiers: DossierRepository,
        clock: Clock,
        tz: ZoneInfo,
        calendar: WorkCalendar,
        random_bytes: Callable[[int], bytes],
        *,
        settings: FeedbackSettings | None = None,
        wake: Callable[[], None] = lambda: None,
        outbox: OutboxStore | None = None,
    ) -> None:
        self._cases = cases
        self._conversations = conversations
        self._units = units
        self._staff = staff
        self._dossiers = dossiers
        self._clock = clock
        self._tz = tz
        self._calendar = calendar
        self._random = random_bytes
        self._settings = settings or FeedbackSettings()
        self._wake = wake
        self._outbox = outbox or _NoOutbox()

    def _answer_days(self, category: Category) -> int:
        """Working days to answer a case of this category (15 unless configured)."""
        return self._settings.answer_days.get(category, self._settings.default_answer_days)

    def set_bot_username(self, username: str) -> None:
        """The bot's public name, known once the channel is up (for `t.me/<bot>?start=` links)."""
        self._settings = replace(self._settings, bot_username=username)

    # --- the citizen's intake conversation -------------------------------------------------

    async def _context(self, lang: str, default_unit_id: int | None = None) -> intake.IntakeContext:
        now = self._clock.now()
        today = now.astimezone(self._tz).date()
        units = tuple(await self._units.all())
        # A case goes to a ward of today; a typed old name leads to it (intake resolves names).
        wards = tuple(u for u in units if u.kind == "ward" and is_valid(u, today, today))
        return intake.IntakeContext(
            wards=wards,
            default_unit_id=default_unit_id,
            now=now,
            lang=lang,
            all_units=units,
            today=today,
        )

    async def start_intake(
        self,
        channel: str,
        user_id: str,
        chat_id: str,
        lang: str,
        *,
        desk: StaffMember | None = None,
        default_unit_id: int | None = None,
    ) -> Reply:
        """Begin a new feedback (or, for `desk` staff, a walk-in case); replaces a draft.

        The ward step is skipped when the ward is known: the desk's own, or the ward whose
        channel the citizen wrote to (a ward's Zalo OA)."""
        if desk is None:
            if await self._cases.is_blocked(channel, user_id):
                return Reply("feedback.blocked")
            if await self._filed_today(channel, user_id) >= self._settings.daily_limit:
                return Reply("feedback.limit", {"limit": self._settings.daily_limit})
        ctx = await self._context(lang, desk.unit_id if desk else default_unit_id)
        draft, prompt = intake.start(ctx)
        await self._save(channel, user_id, draft, lang, chat_id, desk=desk is not None)
        return _reply_from_prompt(prompt)

    async def _filed_today(self, channel: str, user_id: str) -> int:
        local = self._clock.now().astimezone(self._tz)
        midnight = datetime.combine(local.date(), time(0), tzinfo=self._tz)
        return await self._cases.count_filed_since(channel, user_id, midnight)

    async def _save(
        self,
        channel: str,
        user_id: str,
        draft: intake.Draft,
        lang: str,
        chat_id: str,
        *,
        desk: bool,
    ) -> None:
        state: dict[str, object] = {
            "kind": "intake",
            "draft": draft.to_json(),
            "lang": lang,
            "chat_id": chat_id,
            "desk": desk,
        }
        await self._conversations.save(channel, user_id, state, self._clock.now())

    async def has_conversation(self, channel: str, user_id: str) -> bool:
        """Whether the user is in the middle of something the bot asked for."""
        return await self._conversations.load(channel, user_id) is not None

    async def cancel(self, channel: str, user_id: str) -> bool:
        """Drop whatever conversation the user is in; False when there was none."""
        if await self._conversations.load(channel, user_id) is None:
            return False
        await self._conversations.delete(channel, user_id)
        return True

    async def intake_input(
        self, channel: str, user_id: str, inp: intake.Input, lang: str
    ) -> Reply | None:
        """Feed one input to the user's conversation; None when they are in none."""
        loaded = await self._conversations.load(channel, user_id)
        if loaded is None:
            return None
        state, updated_at = loaded
        now = self._clock.now()
        if now - updated_at > STALE_AFTER:
            await self._conversations.delete(channel, user_id)
            return Reply("feedback.stale")
        kind = state.get("kind")
        if kind == "provide_info":
            return await self._provide_info(channel, user_id, state, inp)
        if kind == "rating_reason":
            return await self._rating_reason(channel, user_id, state, inp)
        try:
            draft = intake.Draft.from_json(dict(state["draft"]))  # type: ignore[call-overload]
        except (KeyError, TypeError, ValueError):
            await self._conversations.delete(channel, user_id)
            return Reply("feedback.stale")
        lang = str(state.get("lang", lang))
        desk = bool(state.get("desk"))
        ctx = await self._context(lang)
        result = intake.advance(draft, inp, ctx)
        if result.cancelled:
            await self._conversations.delete(channel, user_id)
            return Reply("feedback.cancelled")
        if result.completed:
            return await self._file(
                channel, user_id, str(state.get("chat_id", user_id)), result.draft, lang, desk=desk
            )
        await self._save(
            channel, user_id, result.draft, lang, str(state.get("chat_id", "")), desk=desk
        )
        return _reply_from_prompt(result.prompt)

    async def _file(
        self,
        channel: str,
        user_id: str,
        chat_id: str,
        draft: intake.Draft,
        lang: str,
        *,
        desk: bool,
    ) -> Reply:
        now = self._clock.now()
        today = now.astimezone(self._tz).date()
        assert draft.unit_id is not None and draft.category is not None
        category = Category(draft.category)
        answer_days = self._answer_days(category)
        unit = await self._units.by_id(draft.unit_id)
        calendar = self._calendar.for_unit(unit)
        case = Case(
            id=0,
            code="",
            unit_id=draft.unit_id,
            category=category,
            description=draft.description or "",
            state=State.NEW,
            channel=DESK if desk else channel,
            chat_id="" if desk else chat_id,
            citizen_id="" if desk else user_id,
            language=lang,
            created_at=now,
            accept_due=calendar.add_working_days(today, ACCEPT_WORKING_DAYS),
            answer_due=calendar.add_working_days(today, answer_days),
            dossier_code=draft.dossier_code,
            latitude=draft.latitude,
            longitude=draft.longitude,
            phone=draft.phone if draft.consent else None,
            consent_version=draft.consent_version if draft.consent else None,
            consent_at=draft.consent_at if draft.consent else None,
            filed_by=user_id if desk else None,
            attachments=draft.attachments,
        )
        event = Event(
            at=now,
            actor=f"staff:{user_id}" if desk else CITIZEN,
            action=Action.FILE,
            state=State.NEW,
        )
        for _attempt in range(5):
            code = make_code(self._random(8))
            staff_notes = await self._staff_notifications(
                replace(case, code=code), "case.staff.new", unit, exclude=user_id
            )
            # The citizen's tracking code leaves through the outbox, written with the case.
            confirmation = [] if desk else self._filed_confirmation(replace(case, code=code), unit)
            try:
                stored = await self._cases.create(
                    replace(case, code=code),
                    event,
                    confirmation + staff_notes,
                    conversation=(channel, user_id),
                )
                break
            except CaseCodeTakenError:  # astronomically rare: draw another
                continue
        else:
            raise RuntimeError("could not draw a free tracking code")
        self._wake()
        if not desk:
            return Reply(QUEUED_KEY)
        return self.filed_reply(stored, unit)

    def filed_reply(self, case: Case, unit: Unit | None) -> Reply:
        """What the filer is told: the tracking code, the deadlines, the follow link."""
        desk = case.channel == DESK
        lang = case.language
        link = (
            f"https://t.me/{self._settings.bot_username}?start={case.code.replace('-', '')}"
            if self._settings.bot_username and case.channel == "telegram"
            else ""
        )
        return Reply(
            "feedback.filed_desk" if desk else "feedback.filed",
            {
                "code": case.code,
                "link": link,
                "accept_due": day(case.accept_due, lang),
                "answer_due": day(case.answer_due, lang),
                "anonymous": "" if case.phone else t(lang, "feedback.filed_anonymous"),
                **_unit_values(unit, lang),
            },
        )

    def _filed_confirmation(
        self, case: Case, unit: Unit | None
    ) -> list[tuple[str, OutgoingMessage]]:
        text = self.filed_reply(case, unit).render(case.language)
        message = OutgoingMessage(case.channel, case.chat_id, text, reply=True)
        return [(f"case:{case.code}:filed", message)]

    async def already_filed(self, channel: str, user_id: str) -> Reply | None:
        """ "Send" pressed again on a draft that was filed: its code again (None when the
        citizen filed nothing in the last day)."""
        cases = await self._cases.for_citizen(channel, user_id)
        if not cases or self._clock.now() - cases[0].created_at > STALE_AFTER:
            return None
        return Reply("feedback.already_filed", {"code": cases[0].code})

    # --- notifications -----------------------------------------------------------------------

    def _to_citizen(
        self, case: Case, key: str, suffix: str, unit: Unit | None, **values: object
    ) -> list[tuple[str, OutgoingMessage]]:
        """The outbox row telling the citizen about their case (none for walk-ins/erased);
        `unit` is the case's ward, named in the message ("Xã Cẩm Giàng đã trả lời …")."""
        if not case.chat_id or case.channel == DESK:
            return []
        text = t(case.language, key, code=case.code, **(_unit_values(unit, case.language) | values))
        choices: tuple[Choice, ...] = ()
        if key == "case.citizen.answered":
            choices = tuple(Choice(f"rate:{case.code}:{n}", "★" * n) for n in range(5, 0, -1))
        elif key == "case.citizen.needs_info":
            choices = (Choice(f"info:{case.code}", t(case.language, "case.citizen.info_button")),)
        message = OutgoingMessage(case.channel, case.chat_id, text, choices)
        return [(f"case:{case.code}:{suffix}", message)]

    async def _staff_notifications(
        self,
        case: Case,
        key: str,
        unit: Unit | None,
        *,
        only: str | None = None,
        exclude: str | None = None,
    ) -> list[tuple[str, OutgoingMessage]]:
        """Rows telling the ward's officers and leaders (or one staff member) about a case."""
        members = [
            m
            for m in await self._staff.all()
            if m.unit_id == case.unit_id and m.role in (Role.OFFICER, Role.LEADER)
        ]
        if only is not None:
            members = [m for m in members if m.user_id == only] or [
                StaffMember(user_id=only, role=Role.OFFICER, unit_id=case.unit_id)
            ]
        members = [m for m in members if m.user_id != exclude]
        stamp = self._clock.now().strftime("%Y%m%d%H%M%S")
        out = []
        for m in members:
            text = t(
                "vi",
                key,
                code=case.code,
                unit=escape(unit.name if unit else ""),
                category=t("vi", f"intake.category.{case.category.value}"),
                summary=escape(mask_personal(case.description[:200])),
            )
            out.append(
                (
                    f"case:{case.code}:{key}:{stamp}:{m.user_id}",
                    OutgoingMessage(m.channel, m.user_id, text),
                )
            )
        return out

    async def on_delivered(self, key: str, at: datetime) -> None:
        """An outbox message reached the citizen: tell the staff member who answered."""
        parts = key.split(":")  # case:<code>:answer:<n> — the citizen's copy of an answer
        if len(parts) != 4 or parts[0] != "case" or parts[2] != Action.ANSWER.value:
            return
        case = await self._cases.by_code(parts[1])
        if case is None or case.assignee is None:
            return
        member = await self._staff.get(case.assignee)
        channel = member.channel if member else "telegram"
        text = t("vi", "staff.delivered", code=case.code, at=moment(at, self._tz, "vi"))
        message = OutgoingMessage(channel, case.assignee, text)
        await self._outbox.enqueue(f"{key}:delivered", message, at)
        self._wake()

    # --- lookups anyone with the code may do -------------------------------------------------

    async def track(self, code_text: str, lang: str) -> Reply:
        """State, history and answer of a case, without any contact details."""
        try:
            code = normalize_code(code_text)
        except CodeError:
            return Reply("track.bad_code", {"code": escape(code_text.strip()[:40])})
        case = await self._cases.by_code(code)
        if case is None:
            return Reply("track.not_found", {"code": code})
        unit = await self._units.by_id(case.unit_id)
        lines = [
            t(
                lang,
                "track.header",
                code=case.code,
                unit=escape(unit.name if unit else ""),
                category=t(lang, f"intake.category.{case.category.value}"),
                state=t(lang, f"case.state.{case.state.value}"),
                filed=day(case.created_at.astimezone(self._tz).date(), lang),
                answer_due=day(case.answer_due, lang),
            ),
        ]
        for event in case.events:
            lines.append(
                t(
                    lang,
                    "track.event",
                    at=moment(event.at, self._tz, lang),
                    action=t(lang, f"case.action.{event.action.value}", **_unit_values(unit, lang)),
                )
            )
        if case.answer:
            answer = escape(mask_personal(case.answer))
            lines.append(t(lang, "track.answer", answer=answer, **_unit_values(unit, lang)))
        if case.rating:
            lines.append(t(lang, "track.rating", stars="★" * case.rating))
        return Reply("\n".join(lines), raw=True)

    async def dossier(self, code_text: str, lang: str) -> Reply:
        """A one-stop dossier's progress: status, dates and the apology only (codes can be
        sequential and walked, so not even the procedure, which may say what a person does)."""
        code = code_text.strip()
        if not code or len(code) > 60:
            return Reply("dossier.usage")
        dossier = await self._dossiers.get(code)
        if dossier is None:
            return Reply("dossier.not_found", {"code": escape(code)})
        now = self._clock.now()
        unit = await self._units.by_id(dossier.unit_id)
        due = dossier.apology_new_due_at or dossier.due_at
        if dossier.resolved_at is not None:
            late = dossier.resolved_at > dossier.due_at
            status = t(
                lang,
                "dossier.resolved_late" if late else "dossier.resolved_on_time",
                at=day(dossier.resolved_at.astimezone(self._tz).date(), lang),
            )
        else:
            key = "dossier.pending_overdue" if now > due else "dossier.pending"
            status = t(lang, key)
        apology = ""
        if dossier.apology_issued_at is not None:
            apology = t(
                lang,
                "dossier.apology",
                **_unit_values(unit, lang),
                at=day(dossier.apology_issued_at.astimezone(self._tz).date(), lang),
                new_due=day(due.astimezone(self._tz).date(), lang),
            )
        return Reply(
            "dossier.view",
            {
                "code": escape(dossier.code),
                "unit": escape(unit.name if unit else ""),
                "received": day(dossier.received_at.astimezone(self._tz).date(), lang),
                "due": day(dossier.due_at.astimezone(self._tz).date(), lang),
                "status": status,
                "apology": apology,
            },
        )

    # --- after the answer: rating, reopening, more information --------------------------------

    async def _own_case(self, channel: str, citizen_id: str, code: str) -> Case | None:
        case = await self._cases.by_code(code)
        if case is None or case.channel != channel or case.citizen_id != citizen_id:
            return None
        return case

    async def rate(self, channel: str, citizen_id: str, code: str, stars: int) -> Reply:
        """Record a 1–5 rating; a low one offers a reason and reopening."""
        case = await self._own_case(channel, citizen_id, code)
        if case is None or not 1 <= stars <= 5:
            return Reply("case.not_yours")
        if not can(case.state, Action.RATE):
            return Reply("rate.not_now", {"code": case.code})
        if case.rating is not None:
            return Reply("rate.already", {"code": case.code, "stars": "★" * case.rating})
        now = self._clock.now()
        changes: dict[str, object] = {"rating": stars}
        closes = stars > LOW_RATING and case.state is State.ANSWERED
        if closes:
            changes["state"] = State.CLOSED
        event = Event(
            now, CITIZEN, Action.RATE, State.CLOSED if closes else case.state, note=str(stars)
        )
        unit = await self._units.by_id(case.unit_id)
        notes = (
            await self._staff_notifications(case, "case.staff.rated", unit, only=case.assignee)
            if case.assignee
            else []
        )
        stored = await self._cases.apply(case.id, case.state, changes, event, notes)
        if stored is None:
            return Reply("case.changed")
        self._wake()
        if stars > LOW_RATING:
            return Reply("rate.thanks", {"code": case.code})
        await self._conversations.save(
            channel, citizen_id, {"kind": "rating_reason", "code": case.code}, now
        )
        return Reply(
            "rate.low",
            {"code": case.code},
            choices=(
                Choice(f"reopen:{case.code}", "rate.reopen_button"),
                Choice("skip", "rate.skip_button"),
            ),
        )

    async def _rating_reason(
        self, channel: str, user_id: str, state: Mapping[str, object], inp: intake.Input
    ) -> Reply:
        code = str(state.get("code", ""))
        await self._conversations.delete(channel, user_id)
        if isinstance(inp, intake.ChoiceInput) and inp.data.startswith("reopen:"):
            return await self.reopen(channel, user_id, inp.data.split(":", 1)[1])
        if not isinstance(inp, intake.TextInput) or not inp.text.strip():
            return Reply("rate.reason_skipped")
        case = await self._own_case(channel, user_id, code)
        if case is None:
            return Reply("case.not_yours")
        reason = mask_personal(inp.text.strip())[:1000]
        event = Event(self._clock.now(), CITIZEN, Action.RATE, case.state, note=reason)
        await self._cases.apply(case.id, case.state, {"rating_reason": reason}, event)
        return Reply(
            "rate.reason_saved",
            {"code": case.code},
            choices=(Choice(f"reopen:{case.code}", "rate.reopen_button"),)
            if can_reopen(case, self._clock.now())
            else (),
        )

    async def reopen(self, channel: str, citizen_id: str, code: str) -> Reply:
        """Reopen an answered case within 7 days."""
        case = await self._own_case(channel, citizen_id, code)
        if case is None:
            return Reply("case.not_yours")
        now = self._clock.now()
        if not can_reopen(case, now):
            return Reply("reopen.too_late", {"code": case.code})
        today = now.astimezone(self._tz).date()
        unit = await self._units.by_id(case.unit_id)
        calendar = self._calendar.for_unit(unit)
        changes = {
            "state": State.REOPENED,
            "accept_due": calendar.add_working_days(today, ACCEPT_WORKING_DAYS),
            "answer_due": calendar.add_working_days(today, self._answer_days(case.category)),
        }
        event = Event(now, CITIZEN, Action.REOPEN, State.REOPENED)
        notes = await self._staff_notifications(
            case, "case.staff.reopened", unit, only=case.assignee
        )
        stored = await self._cases.apply(case.id, case.state, changes, event, notes)
        if stored is None:
            return Reply("case.changed")
        self._wake()
        return Reply(
            "reopen.done",
            {
                "code": case.code,
                "answer_due": day(stored.answer_due, case.language),
                **_unit_values(unit, case.language),
            },
        )

    async def begin_info(self, channel: str, citizen_id: str, code: str) -> Reply:
        """The citizen pressed 'send more information' on a request from staff."""
        case = await self._own_case(channel, citizen_id, code)
        if case is None:
            return Reply("case.not_yours")
        if case.state is not State.NEEDS_INFO:
            return Reply("info.not_needed", {"code": case.code})
        await self._conversations.save(
            channel, citizen_id, {"kind": "provide_info", "code": case.code}, self._clock.now()
        )
        return Reply("info.prompt", {"code": case.code})

    async def _provide_info(
        self, channel: str, user_id: str, state: Mapping[str, object], inp: intake.Input
    ) -> Reply:
        if not isinstance(inp, intake.TextInput) or len(inp.text.strip()) < 5:
            return Reply("info.prompt", {"code": state.get("code", "")}, error_key="info.too_short")
        case = await self._own_case(channel, user_id, str(state.get("code", "")))
        await self._conversations.delete(channel, user_id)
        if case is None or case.state is not State.NEEDS_INFO:
            return Reply("info.not_needed", {"code": state.get("code", "")})
        text = inp.text.strip()[:4000]
        event = Event(self._clock.now(), CITIZEN, Action.PROVIDE_INFO, State.ACCEPTED, note=text)
        unit = await self._units.by_id(case.unit_id)
        notes = await self._staff_notifications(case, "case.staff.info", unit, only=case.assignee)
        stored = await self._cases.apply(
            case.id, State.NEEDS_INFO, {"state": State.ACCEPTED}, event, notes
        )
        if stored is None:
            return Reply("case.changed")
        self._wake()
        return Reply("info.thanks", {"code": case.code})

    # --- data rights (Luật 91/2025) ----------------------------------------------------------

    async def my_data(self, channel: str, citizen_id: str, lang: str) -> Reply:
        """What the bot keeps about this person."""
        cases = await self._cases.for_citizen(channel, citizen_id)
        lines = [t(lang, "data.header", channel=channel, user_id=escape(citizen_id))]
        if not cases:
            lines.append(t(lang, "data.no_cases"))
        for case in cases:
            contact = (
                t(
                    lang,
                    "data.phone",
                    phone=escape(case.phone),
                    consent=moment(case.consent_at, self._tz, lang) if case.consent_at else "—",
                    version=case.consent_version or "—",
                )
                if case.phone
                else t(lang, "data.anonymous")
            )
            lines.append(
                t(
                    lang,
                    "data.case",
                    code=case.code,
                    filed=day(case.created_at.astimezone(self._tz).date(), lang),
                    state=t(lang, f"case.state.{case.state.value}"),
                    contact=contact,
                )
            )
        if await self._conversations.load(channel, citizen_id) is not None:
            lines.append(t(lang, "data.draft"))
        lines.append(t(lang, "data.footer"))
        return Reply("\n".join(lines), raw=True)

    def erase_request(self) -> Reply:
        """Ask for the one confirmation before erasing."""
        return Reply(
            "erase.confirm",
            choices=(Choice("erase:yes", "erase.yes"), Choice("erase:no", "erase.no")),
        )

    async def erase(self, channel: str, citizen_id: str) -> Reply:
        """Erase a citizen's personal data; their cases stay, anonymised."""
        cases = await self._cases.for_citizen(channel, citizen_id)
        redact = {c.id: mask_personal(c.description) for c in cases}
        event = Event(self._clock.now(), CITIZEN, Action.ERASE, State.NEW)
        count = await self._cases.erase_citizen(channel, citizen_id, redact, event)
        return Reply("erase.done", {"count": count})

    # --- staff ------------------------------------------------------------------------------

    async def _scope(self, member: StaffMember) -> tuple[list[int] | None, dict[int, Unit]]:
        units = await self._units.all()
        by_id = {u.id: u for u in units}
        if member.role is Role.ADMIN:
            return None, by_id
        return [u.id for u in units if can_view_unit(member, u, by_id)], by_id

    async def inbox(self, member: StaffMember) -> list[Case]:
        """Open cases of the units this staff member covers, nearest deadline first."""
        unit_ids, _ = await self._scope(member)
        return await self._cases.open_cases(unit_ids)

    async def case_for_staff(self, member: StaffMember, case_id: int) -> Case | None:
        """A case if it lies within this staff member's units."""
        case = await self._cases.get(case_id)
        if case is None:
            return None
        unit_ids, _ = await self._scope(member)
        return case if unit_ids is None or case.unit_id in unit_ids else None

    async def act(
        self,
        member: StaffMember,
        case_id: int,
        action: Action,
        *,
        text: str = "",
        reason: RefuseReason | None = None,
        unit_slug: str | None = None,
    ) -> tuple[Case | None, str]:
        """Apply a staff action; returns (the case after it, or None, and a texts key)."""
        case = await self.case_for_staff(member, case_id)
        if case is None:
            return None, "staff.case_unknown"
        if member.role is Role.SUPERVISOR and action is not Action.TRANSFER:
            return None, "staff.supervisor_read_only"
        try:
            target = next_state(case.state, action)
        except TransitionError:
            return None, "staff.not_now"
        now = self._clock.now()
        today = now.astimezone(self._tz).date()
        changes: dict[str, object] = {"state": target}
        citizen_key, note = "", ""
        # The citizen's messages name the unit and its kind (_to_citizen adds both).
        values: dict[str, object] = {}
        transfer_to: Unit | None = None
        if action is Action.TAKE:
            changes["assignee"] = member.user_id
            citizen_key = "case.citizen.accepted"
            values["answer_due"] = day(case.answer_due, case.language)
        elif action is Action.ASK_INFO:
            note = text
            citizen_key = "case.citizen.needs_info"
            values["question"] = escape(text)
        elif action is Action.ANSWER:
            changes.update(answer=text, answered_at=now, assignee=case.assignee or member.user_id)
            note = text
            citizen_key = "case.citizen.answered"
            values["answer"] = escape(text)
        elif action is Action.TRANSFER:
            unit = await self._units.by_slug(unit_slug or "")
            if unit is None or unit.id == case.unit_id or unit.kind != "ward":
                return None, "staff.transfer_unknown"
            changes.update(
                unit_id=unit.id,
                assignee=None,
                accept_due=self._calendar.for_unit(unit).add_working_days(
                    today, ACCEPT_WORKING_DAYS
                ),
            )
            note = unit.slug
            transfer_to = unit
            citizen_key = "case.citizen.transferred"
            values["unit"] = escape(unit.name)
        elif action is Action.REFUSE:
            if reason is None:
                return None, "staff.refuse_reason"
            changes["refuse_reason"] = reason
            note = reason.value
            citizen_key = "case.citizen.refused"
            values["reason"] = t(case.language, f"refuse.{reason.value}")
        elif action is Action.CLOSE:
            citizen_key = "case.citizen.closed"
        event = Event(now, _staff_actor(member), action, target, note=note)
        notes = (
            self._to_citizen(
                case,
                citizen_key,
                f"{action.value}:{len(case.events)}",
                await self._units.by_id(case.unit_id),
                **values,
            )
            if citizen_key
            else []
        )
        if transfer_to is not None:
            notes += await self._staff_notifications(
                replace(case, unit_id=transfer_to.id), "case.staff.transferred", transfer_to
            )
        stored = await self._cases.apply(case.id, case.state, changes, event, notes)
        if stored is None:
            return None, "case.changed"
        self._wake()
        return stored, f"staff.done.{action.value}"

    async def block(self, member: StaffMember, channel: str, user_id: str, block: bool) -> str:
        """Block or unblock a citizen from filing; returns a texts key."""
        await self._cases.set_blocked(
            channel, user_id, member.user_id if block else None, self._clock.now()
        )
        return "staff.blocked" if block else "staff.unblocked"


def _unit_values(unit: Unit | None, lang: str) -> dict[str, object]:
    """How a message names the case's ward: its name, and its kind ("phường", "xã", "đặc khu")
    where a sentence calls it by the common noun."""
    if unit is None:
        return {"unit": t(lang, "unit_type.none"), "kind": t(lang, "unit_type.none")}
    return {"unit": escape(unit.name), "kind": kind_word(unit, lang)}


def masked_contact(case: Case, viewer: StaffMember | None, lang: str) -> str:
    """A case's contact as a staff member may see it: in full only for the one who took it."""
    if case.phone is None:
        return t(lang, "case.contact_anonymous")
    if viewer is not None and case.assignee == viewer.user_id:
        return escape(case.phone)
    return mask_phone(case.phone)


def staff_actions(case: Case, member: StaffMember) -> list[Action]:
    """The buttons a staff member gets on a case."""
    order = [
        Action.TAKE,
        Action.ANSWER,
        Action.ASK_INFO,
        Action.TRANSFER,
        Action.REFUSE,
        Action.CLOSE,
    ]
    if member.role is Role.SUPERVISOR:
        order = [Action.TRANSFER]
    return [a for a in order if can(case.state, a)]


def deadline_status(case: Case, today: date, calendar: WorkCalendar) -> tuple[str, int]:
    """('accept'|'answer', working days left — negative when past) for a case's next deadline."""
    if case.state in (State.NEW, State.REOPENED):
        return "accept", calendar.working_days_between(today, case.accept_due)
    return "answer", calendar.working_days_between(today, case.answer_due)


__all__: Sequence[str] = (
    "FeedbackService",
    "FeedbackSettings",
    "masked_contact",
    "staff_actions",
    "deadline_status",
)
