"""Filing feedback: the citizen's guided conversation (and the desk's, for walk-in and phone
callers) from the first question to the case stored with its tracking code and staff notices."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain import intake
from bot.domain.access import can_view_unit
from bot.domain.calendar import WorkCalendar
from bot.domain.chat import Who
from bot.domain.choices import Pick
from bot.domain.codes import make_code
from bot.domain.feedback import (
    ACCEPT_WORKING_DAYS,
    ANSWER_WORKING_DAYS,
    CITIZEN,
    DESK,
    Action,
    Case,
    Category,
    Event,
    State,
    staff_actor,
)
from bot.domain.fmt import day
from bot.domain.kinds import unit_values
from bot.domain.messages import QUEUED_KEY, Choice, OutgoingMessage, Reply, Text, TrackLink, Value
from bot.domain.models import Role, StaffMember, Unit
from bot.ports import CaseCodeTakenError, DossierRepository, FeedbackRepository, UnitRepository
from bot.services.conversations import STALE_AFTER, Conversations, Kind
from bot.services.notifications import Notifications

_CODE_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class FeedbackSettings:
    """Per-deployment rules (configurable)."""

    daily_limit: int = 5
    default_answer_days: int = ANSWER_WORKING_DAYS
    answer_days: Mapping[Category, int] = field(default_factory=dict)

    def answer_days_for(self, category: Category) -> int:
        """Working days to answer a case of this category (15 unless configured)."""
        return self.answer_days.get(category, self.default_answer_days)


class IntakeService:
    """The intake conversation over the pure machine in bot.domain.intake, for any channel."""

    def __init__(
        self,
        cases: FeedbackRepository,
        conversations: Conversations,
        units: UnitRepository,
        notifications: Notifications,
        clock: Clock,
        tz: ZoneInfo,
        calendar: WorkCalendar,
        random_bytes: Callable[[int], bytes],
        *,
        settings: FeedbackSettings | None = None,
        wake: Callable[[], None] = lambda: None,
        dossiers: DossierRepository | None = None,
    ) -> None:
        self._dossiers = dossiers
        self._cases = cases
        self._conversations = conversations
        self._units = units
        self._notifications = notifications
        self._clock = clock
        self._tz = tz
        self._calendar = calendar
        self._random = random_bytes
        self.settings = settings or FeedbackSettings()
        self._wake = wake

    async def _context(
        self, lang: str, desk: StaffMember | None, default_unit_id: int | None = None
    ) -> intake.IntakeContext:
        """The wards a case can go to today (for the desk: those of the staff member's scope)."""
        now = self._clock.now()
        today = now.astimezone(self._tz).date()
        units = await self._units.all()
        by_id = {u.id: u for u in units}
        wards = tuple(
            u
            for u in units
            if u.kind == "ward"
            and u.active_on(today)
            and (desk is None or can_view_unit(desk, u, by_id))
        )
        # A case goes to a ward of today; a typed old name leads to it (intake resolves names).
        return intake.IntakeContext(
            wards=wards,
            default_unit_id=default_unit_id,
            now=now,
            lang=lang,
            all_units=tuple(units),
            today=today,
            desk=desk is not None,
        )

    async def start(self, who: Who, *, desk: StaffMember | None = None) -> Reply:
        """Begin a new feedback (or, for `desk` staff, a walk-in case); replaces a draft.

        The ward step is skipped when the ward is known: the officer's own at the desk, or the
        ward whose channel the citizen wrote to (a ward's Zalo OA)."""
        if desk is None:
            if await self._cases.is_blocked(who.channel, who.user_id):
                return Reply("feedback.blocked")
            if await self._filed_today(who) >= self.settings.daily_limit:
                return Reply("feedback.limit", {"limit": self.settings.daily_limit})
        default = _desk_ward(desk) if desk is not None else who.unit_id
        ctx = await self._context(who.lang, desk, default)
        if desk is not None and not ctx.wards:
            return Reply("desk.no_ward")
        draft, prompt = intake.start(ctx)
        await self._save(who, draft, who.lang, who.chat_id, desk=desk)
        return prompt

    async def _filed_today(self, who: Who) -> int:
        local = self._clock.now().astimezone(self._tz)
        midnight = datetime.combine(local.date(), time(0), tzinfo=self._tz)
        return await self._cases.count_filed_since(who.channel, who.user_id, midnight)

    async def _save(
        self, who: Who, draft: intake.Draft, lang: str, chat_id: str, *, desk: StaffMember | None
    ) -> None:
        await self._conversations.save(
            who.channel,
            who.user_id,
            Kind.INTAKE,
            draft=draft.to_json(),
            lang=lang,
            chat_id=chat_id,
            desk=desk is not None,
        )

    async def advance(
        self, who: Who, state: Mapping[str, object], inp: intake.Input, *, desk: StaffMember | None
    ) -> Reply:
        """Feed one input to the user's draft (`desk`: the staff member filing it, re-checked)."""
        try:
            draft = intake.Draft.from_json(dict(state["draft"]))  # type: ignore[call-overload]
        except (KeyError, TypeError, ValueError):
            await self._conversations.end(who.channel, who.user_id)
            return Reply("feedback.stale")
        lang = str(state.get("lang", who.lang))
        ctx = await self._context(lang, desk)
        result = intake.advance(draft, inp, ctx)
        if result.cancelled:
            await self._conversations.end(who.channel, who.user_id)
            return Reply("feedback.cancelled")
        chat_id = str(state.get("chat_id") or who.chat_id)
        if result.completed:
            return await self._file(who, chat_id, result.draft, lang, desk=desk)
        prompt = result.prompt
        new = result.draft
        if draft.step == intake.Step.DOSSIER_CODE and new.dossier_code and new.step != draft.step:
            new, prompt = await self._dossier_known(new, prompt)
        await self._save(who, new, lang, chat_id, desk=desk)
        return prompt

    async def _dossier_known(
        self, draft: intake.Draft, prompt: Reply
    ) -> tuple[intake.Draft, Reply]:
        """Say whether the dossier code typed is one the one-stop data knows (its code as
        stored, whatever the case typed)."""
        if self._dossiers is None or draft.dossier_code is None:
            return draft, prompt
        dossier = await self._dossiers.get(draft.dossier_code)
        if dossier is None:
            values: dict[str, Value] = {"code": draft.dossier_code}
            return draft, replace(prompt, error_key="intake.dossier.unknown", error_values=values)
        unit = await self._units.by_id(dossier.unit_id)
        found: dict[str, Value] = {
            "code": dossier.code,
            "procedure": dossier.procedure or "—",
            "unit": unit.name if unit else "—",
        }
        known = replace(draft, dossier_code=dossier.code)
        return known, replace(prompt, error_key="intake.dossier.found", error_values=found)

    async def restart_question(self, who: Who) -> Reply | None:
        """When /start comes in the middle of a feedback: ask before dropping the draft."""
        current = await self._conversations.get(who.channel, who.user_id)
        if current is None or current.kind is not Kind.INTAKE or current.stale:
            return None
        return Reply(
            "intake.restart",
            choices=(
                Choice(Pick.RESUME, "intake.choice.resume"),
                Choice(Pick.DISCARD, "intake.choice.discard"),
            ),
        )

    async def _file(
        self, who: Who, chat_id: str, draft: intake.Draft, lang: str, *, desk: StaffMember | None
    ) -> Reply:
        now = self._clock.now()
        today = now.astimezone(self._tz).date()
        assert draft.unit_id is not None and draft.category is not None
        category = Category(draft.category)
        unit = await self._units.by_id(draft.unit_id)
        calendar = self._calendar.for_unit(unit)
        walk_in = desk is not None
        case = Case(
            id=0,
            code="",
            unit_id=draft.unit_id,
            category=category,
            description=draft.description or "",
            state=State.NEW,
            channel=DESK if walk_in else who.channel,
            chat_id="" if walk_in else chat_id,
            citizen_id="" if walk_in else who.user_id,
            language=lang,
            created_at=now,
            accept_due=calendar.add_working_days(today, ACCEPT_WORKING_DAYS),
            answer_due=calendar.add_working_days(today, self.settings.answer_days_for(category)),
            dossier_code=draft.dossier_code,
            latitude=draft.latitude,
            longitude=draft.longitude,
            phone=draft.phone if draft.consent else None,
            consent_version=draft.consent_version if draft.consent else None,
            consent_at=draft.consent_at if draft.consent else None,
            filed_by=who.user_id if walk_in else None,
            attachments=draft.attachments,
        )
        event = Event(
            at=now,
            actor=staff_actor(who.user_id) if walk_in else CITIZEN,
            action=Action.FILE,
            state=State.NEW,
        )
        stored = await self._create(case, event, unit, who)
        self._wake()
        if not walk_in:
            return Reply(QUEUED_KEY)  # the confirmation went into the outbox with the case
        return self._filed_reply(stored, unit)

    def _filed_reply(self, case: Case, unit: Unit | None) -> Reply:
        """What the filer is told: the tracking code, the deadlines, the follow link."""
        walk_in = case.channel == DESK
        lang = case.language
        return Reply(
            "feedback.filed_desk" if walk_in else "feedback.filed",
            {
                "code": case.code,
                "link": "" if walk_in else TrackLink(case.code),
                "accept_due": day(case.accept_due, lang),
                "answer_due": day(case.answer_due, lang),
                "anonymous": "" if case.phone else Text("feedback.filed_anonymous"),
                **unit_values(unit),
            },
        )

    async def already_filed(self, who: Who) -> Reply | None:
        """ "Send" pressed again on a draft that was filed: its code again (None when the
        citizen filed nothing in the last day)."""
        cases = await self._cases.for_citizen(who.channel, who.user_id)
        if not cases or self._clock.now() - cases[0].created_at > STALE_AFTER:
            return None
        return Reply("feedback.already_filed", {"code": cases[0].code})

    async def _create(self, case: Case, event: Event, unit: Unit | None, who: Who) -> Case:
        """Store the case under a fresh tracking code, with its staff notices, ending the draft."""
        for _attempt in range(_CODE_ATTEMPTS):
            coded = replace(case, code=make_code(self._random(8)))
            notes = await self._notifications.to_staff(
                coded, "case.staff.new", unit, exclude=who.user_id
            )
            if coded.channel != DESK:  # the citizen's tracking code, written with the case
                filed = self._filed_reply(coded, unit)
                confirmation = OutgoingMessage(
                    coded.channel, coded.chat_id, filed.body, reply=True, lang=coded.language
                )
                notes = [(f"case:{coded.code}:filed", confirmation), *notes]
            try:
                return await self._cases.create(
                    coded, event, notes, conversation=(who.channel, who.user_id)
                )
            except CaseCodeTakenError:  # astronomically rare: draw another
                continue
        raise RuntimeError("could not draw a free tracking code")


def _desk_ward(member: StaffMember) -> int | None:
    """The ward a walk-in case goes to without asking: an officer's or leader's own."""
    return member.unit_id if member.role in (Role.OFFICER, Role.LEADER) else None
