"""The staff's side of feedback cases: the inbox, the case buttons, the typed answers and
questions, each action as one small plan, and blocking a citizen from filing."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, tzinfo
from enum import StrEnum

from bot.clock import Clock
from bot.domain.access import can_view_unit
from bot.domain.calendar import WorkCalendar
from bot.domain.chat import Who
from bot.domain.choices import (
    CaseButton,
    CaseVerb,
    ConfirmAct,
    InboxButton,
    RefuseWith,
    TransferTo,
)
from bot.domain.codes import bare_code
from bot.domain.feedback import (
    ACCEPT_WORKING_DAYS,
    DESK,
    Action,
    Case,
    Event,
    RefuseReason,
    TransitionError,
    next_state,
    staff_actor,
)
from bot.domain.fmt import day
from bot.domain.inbox import (
    card,
    card_choices,
    refuse_choices,
    staff_actions,
    transfer_choices,
    transfer_targets,
)
from bot.domain.kinds import unit_values
from bot.domain.messages import Choice, Reply, Text, Value
from bot.domain.models import Role, StaffMember, Unit
from bot.ports import FeedbackRepository, StaffRepository, UnitRepository
from bot.services.conversations import Conversations, Kind
from bot.services.notifications import Notifications

INBOX_PAGE = 10  # cards shown at once
MIN_ANSWER = 10  # characters of an answer to the citizen
MAX_USER_ID = 64  # characters of a user id given to /chan
# Actions shown with what the citizen will receive, and done only once confirmed: every action
# the citizen hears of but taking the case (which only tells them it is being worked on).
CONFIRMED = frozenset(
    {Action.ANSWER, Action.ASK_INFO, Action.TRANSFER, Action.REFUSE, Action.CLOSE}
)


class ActRefusal(StrEnum):
    """Why a staff action was not applied (worded by `staff.<value>`)."""

    CASE_UNKNOWN = "case_unknown"  # no such case, or not in the member's units
    READ_ONLY = "supervisor_read_only"  # a supervisor only transfers
    NOT_NOW = "not_now"  # not allowed in the case's state
    TRANSFER_TARGET = "transfer_unknown"  # not a unit the transfer list offers
    NO_REASON = "refuse_reason"
    CHANGED = "changed"  # someone else changed the case first


@dataclass(frozen=True, slots=True)
class Acted:
    """The action was applied; `case` is the case after it."""

    case: Case
    action: Action


@dataclass(frozen=True, slots=True)
class Refused:
    """The action was not applied, and why."""

    reason: ActRefusal
    code: str = ""


ActOutcome = Acted | Refused


@dataclass(frozen=True, slots=True)
class _Request:
    """One staff action on one case, with everything its plan may need."""

    member: StaffMember
    case: Case
    now: datetime
    today: date
    text: str = ""
    reason: RefuseReason | None = None
    target: Unit | None = None  # for a transfer: the unit, already checked against the list
    home: Unit | None = None  # the case's unit before the action


@dataclass(frozen=True, slots=True)
class _Plan:
    """What an action changes, what it notes in the history, and what the citizen is told."""

    changes: Mapping[str, object] = field(default_factory=dict)
    note: str = ""
    citizen: str = ""  # texts key of the citizen's notice ("" for none)
    values: Mapping[str, Value] = field(default_factory=dict)


def _take(r: _Request, calendar: WorkCalendar) -> _Plan | ActRefusal:
    return _Plan(
        {"assignee": r.member.user_id},
        citizen="case.citizen.accepted",
        values={"answer_due": day(r.case.answer_due, r.case.language)},
    )


def _ask_info(r: _Request, calendar: WorkCalendar) -> _Plan | ActRefusal:
    return _Plan(note=r.text, citizen="case.citizen.needs_info", values={"question": r.text})


def _answer(r: _Request, calendar: WorkCalendar) -> _Plan | ActRefusal:
    changes = {
        "answer": r.text,
        "answered_at": r.now,
        "assignee": r.case.assignee or r.member.user_id,
    }
    return _Plan(changes, note=r.text, citizen="case.citizen.answered", values={"answer": r.text})


def _transfer(r: _Request, calendar: WorkCalendar) -> _Plan | ActRefusal:
    unit = r.target
    if unit is None:
        return ActRefusal.TRANSFER_TARGET
    accept_due = calendar.for_unit(unit).add_working_days(r.today, ACCEPT_WORKING_DAYS)
    changes = {"unit_id": unit.id, "assignee": None, "accept_due": accept_due}
    # The note names where the case came from and went ("from>to"): the card says "chuyển từ".
    note = f"{r.home.slug}>{unit.slug}" if r.home is not None else unit.slug
    return _Plan(changes, note=note, citizen="case.citizen.transferred", values={"unit": unit.name})


def _refuse(r: _Request, calendar: WorkCalendar) -> _Plan | ActRefusal:
    if r.reason is None:
        return ActRefusal.NO_REASON
    return _Plan(
        {"refuse_reason": r.reason},
        note=r.reason.value,
        citizen="case.citizen.refused",
        values={"reason": Text(f"refuse.{r.reason.value}")},
    )


def _close(r: _Request, calendar: WorkCalendar) -> _Plan | ActRefusal:
    return _Plan(citizen="case.citizen.closed")


# One plan per staff action (a plan decides; `act` checks, stores and notifies alike).
PLANS: Mapping[Action, Callable[[_Request, WorkCalendar], _Plan | ActRefusal]] = {
    Action.TAKE: _take,
    Action.ASK_INFO: _ask_info,
    Action.ANSWER: _answer,
    Action.TRANSFER: _transfer,
    Action.REFUSE: _refuse,
    Action.CLOSE: _close,
}


def word(outcome: ActOutcome) -> Reply:
    """The reply to the staff member who acted."""
    if isinstance(outcome, Acted):
        key = f"staff.done.{outcome.action.value}"
        if outcome.case.channel == DESK and outcome.action in (Action.REFUSE, Action.CLOSE):
            key += "_desk"  # nobody was told: the citizen came to the desk
        return Reply(key, {"code": outcome.case.code})
    key = "case.changed" if outcome.reason is ActRefusal.CHANGED else f"staff.{outcome.reason}"
    return Reply(key, {"code": outcome.code})


class StaffCases:
    """The inbox and what staff do with cases, for any channel."""

    def __init__(
        self,
        cases: FeedbackRepository,
        conversations: Conversations,
        units: UnitRepository,
        notifications: Notifications,
        clock: Clock,
        tz: tzinfo,
        calendar: WorkCalendar,
        *,
        staff: StaffRepository,
        admin_ids: frozenset[str] = frozenset(),
        wake: Callable[[], None] = lambda: None,
    ) -> None:
        self._cases = cases
        self._conversations = conversations
        self._units = units
        self._staff = staff
        self._admin_ids = admin_ids
        self._notifications = notifications
        self._clock = clock
        self._tz = tz
        self._calendar = calendar
        self._wake = wake

    def _today(self) -> date:
        return self._clock.now().astimezone(self._tz).date()

    async def _scope(self, member: StaffMember) -> list[int] | None:
        """The units whose cases the member works (None: every unit, for an admin)."""
        if member.role is Role.ADMIN:
            return None
        units = await self._units.all()
        by_id = {u.id: u for u in units}
        return [u.id for u in units if can_view_unit(member, u, by_id)]

    async def case_for_staff(self, member: StaffMember, case_id: int) -> Case | None:
        """A case if it lies within this staff member's units."""
        case = await self._cases.get(case_id)
        if case is None:
            return None
        unit_ids = await self._scope(member)
        return case if unit_ids is None or case.unit_id in unit_ids else None

    # --- the inbox -------------------------------------------------------------------------------

    async def inbox(self, member: StaffMember, who: Who) -> list[Reply]:
        """Open cases of the member's units, nearest deadline first, each with its buttons;
        contacts masked except for the one on the case, and always in group chats."""
        cases = await self._cases.open_cases(await self._scope(member))
        if not cases:
            return [Reply("inbox.empty")]
        today = self._today()
        units = {u.id: u for u in await self._units.all()}
        replies = [Reply("inbox.header", {"count": len(cases)})]
        for listed in cases[:INBOX_PAGE]:
            case = await self._cases.get(listed.id) or listed  # with its attachments
            viewer = member if who.private else None
            came_from = _came_from(case, units)
            shown = card(
                case, units.get(case.unit_id), viewer, today, self._calendar, who.lang, came_from
            )
            replies.append(Reply(shown.key, shown.values, choices=card_choices(case, member)))
        if len(cases) > INBOX_PAGE:
            replies.append(Reply("inbox.more", {"count": len(cases) - INBOX_PAGE}))
        return replies

    async def press(self, member: StaffMember, who: Who, button: InboxButton) -> list[Reply]:
        """A case button: ask for what the action needs (a text, a choice), show what the
        citizen will receive before a final action, or act."""
        if isinstance(button, ConfirmAct):
            return [await self._confirmed(member, who, button)]
        case = await self.case_for_staff(member, button.case_id)
        if case is None:
            return [Reply("staff.case_unknown")]
        if isinstance(button, TransferTo):
            return [await self._propose(member, who, case, Action.TRANSFER, unit_id=button.unit_id)]
        if isinstance(button, RefuseWith):
            return [await self._propose(member, who, case, Action.REFUSE, reason=button.reason)]
        return await self._verb(member, who, case, button)

    async def _verb(
        self, member: StaffMember, who: Who, case: Case, button: CaseButton
    ) -> list[Reply]:
        if button.verb is CaseVerb.FILES:
            return self._files(case)
        action = button.verb.action
        assert action is not None
        refusal = self._allowed(member, case, action)
        if refusal is not None:
            return [word(Refused(refusal, case.code))]
        if action in (Action.ANSWER, Action.ASK_INFO):
            await self._conversations.save(
                who.channel, who.user_id, Kind.STAFF_TEXT, verb=action.value, case_id=case.id
            )
            return [Reply(f"staff.prompt.{action.value}", {"code": case.code})]
        if action is Action.TRANSFER:
            targets = transfer_targets(case, member, await self._units.all(), self._today())
            if not targets:
                return [Reply("staff.transfer_none", {"code": case.code})]
            choices = transfer_choices(case, targets)
            return [Reply("staff.prompt.transfer", {"code": case.code}, choices=choices)]
        if action is Action.REFUSE:
            reasons = [
                Text("refuse.reason_line", {"n": i, "reason": Text(f"refuse.{r.value}")})
                for i, r in enumerate(RefuseReason, start=1)
            ]
            choices = refuse_choices(case)
            # A walk-in case: nobody receives the reason, the official tells them.
            ask = "staff.prompt.refuse_desk" if case.channel == DESK else "staff.prompt.refuse"
            return [
                Reply.of_lines(
                    [Text(ask, {"code": case.code}), *reasons],
                    choices=choices,
                )
            ]
        if action in CONFIRMED:
            return [await self._propose(member, who, case, action)]
        outcome = await self.act(member, case.id, action)
        if isinstance(outcome, Acted) and action is Action.TAKE:
            # The next steps at once: no need to open the inbox again.
            after = tuple(
                c for c in card_choices(outcome.case, member) if c.key != "staff.button.take"
            )
            return [replace(word(outcome), choices=after)]
        return [word(outcome)]

    async def _propose(
        self,
        member: StaffMember,
        who: Who,
        case: Case,
        action: Action,
        *,
        text: str = "",
        reason: RefuseReason | None = None,
        unit_id: int | None = None,
    ) -> Reply:
        """Show what the citizen will receive and keep the action until it is confirmed."""
        prepared = await self._prepare(member, case.id, action, text, reason, unit_id)
        if isinstance(prepared, Refused):
            return word(prepared)
        request, plan = prepared
        state: dict[str, object] = {
            "verb": action.value,
            "case_id": case.id,
            "confirm": True,
            "text": text,
            "reason": reason.value if reason else "",
            "unit_id": unit_id or 0,
        }
        await self._conversations.save(who.channel, who.user_id, Kind.STAFF_TEXT, **state)
        if plan.citizen and case.chat_id and case.channel != DESK:
            home = unit_values(await self._units.by_id(case.unit_id))
            values: dict[str, Value] = {"code": case.code, **home, **plan.values}
            preview: Value = Text(plan.citizen, values)
            key = "staff.confirm"
        else:
            preview = ""
            key = "staff.confirm_nobody"
        label = Text(f"staff.button.{action.value}")
        return Reply(
            key,
            {"code": case.code, "action": label, "preview": preview},
            choices=(
                Choice(ConfirmAct(case.id, True), "staff.button.confirm", {"action": label}),
                Choice(ConfirmAct(case.id, False), "staff.button.dont"),
            ),
        )

    async def _confirmed(self, member: StaffMember, who: Who, button: ConfirmAct) -> Reply:
        """The answer to "send this?": act as shown, or drop it."""
        current = await self._conversations.get(who.channel, who.user_id)
        state = current.state if current is not None and current.kind is Kind.STAFF_TEXT else {}
        if not state.get("confirm") or state.get("case_id") != button.case_id:
            return Reply("button.old")
        await self._conversations.end(who.channel, who.user_id)
        if not button.confirm:
            return Reply("staff.cancelled")
        try:
            action = Action(str(state.get("verb")))
            reason = RefuseReason(str(state["reason"])) if state.get("reason") else None
            unit_id = int(str(state.get("unit_id") or 0)) or None
        except ValueError:
            return Reply("button.old")
        text = str(state.get("text") or "")
        outcome = await self.act(
            member, button.case_id, action, text=text, reason=reason, unit_id=unit_id
        )
        return word(outcome)

    def _files(self, case: Case) -> list[Reply]:
        """The photos and documents the citizen sent (by the channel's file id, or a URL)."""
        if not case.attachments:
            return [Reply("staff.no_files", {"code": case.code})]
        replies = []
        for item in case.attachments:
            caption = (
                Text("staff.file_caption", {"code": case.code, "name": item.name})
                if item.name
                else case.code
            )
            if item.file_id.startswith(("http://", "https://")):  # a Zalo attachment: its URL
                replies.append(Reply("staff.file_link", {"caption": caption, "url": item.file_id}))
            else:
                replies.append(Reply("staff.file", {"caption": caption}, attachment=item))
        return replies

    async def typed(
        self, member: StaffMember, who: Who, state: Mapping[str, object], text: str
    ) -> Reply:
        """The answer or question a staff member typed for the case they pressed it on: shown as
        the citizen will receive it, to confirm; a new text typed meanwhile replaces it."""
        try:
            action = Action(str(state.get("verb")))
            case_id = int(str(state.get("case_id")))
        except ValueError:
            await self._conversations.end(who.channel, who.user_id)
            return Reply("button.old")
        text = text.strip()
        if action not in (Action.ANSWER, Action.ASK_INFO):
            # A choice waits for its confirmation: typing does not answer it.
            return Reply("staff.confirm_pending")
        if action is Action.ANSWER and len(text) < MIN_ANSWER:
            return Reply("staff.answer_too_short")
        case = await self.case_for_staff(member, case_id)
        if case is None:
            await self._conversations.end(who.channel, who.user_id)
            return Reply("staff.case_unknown")
        return await self._propose(member, who, case, action, text=text)

    # --- acting ----------------------------------------------------------------------------------

    def _allowed(self, member: StaffMember, case: Case, action: Action) -> ActRefusal | None:
        if action in staff_actions(case, member):
            return None
        if member.role is Role.SUPERVISOR and action is not Action.TRANSFER:
            return ActRefusal.READ_ONLY
        return ActRefusal.NOT_NOW

    async def _prepare(
        self,
        member: StaffMember,
        case_id: int,
        action: Action,
        text: str,
        reason: RefuseReason | None,
        unit_id: int | None,
    ) -> tuple[_Request, _Plan] | Refused:
        """The checked request and its plan, applied by `act` or shown by `_propose`."""
        case = await self.case_for_staff(member, case_id)
        if case is None:
            return Refused(ActRefusal.CASE_UNKNOWN)
        refusal = self._allowed(member, case, action)
        plan_of = PLANS.get(action)
        if refusal is not None or plan_of is None:
            return Refused(refusal or ActRefusal.NOT_NOW, case.code)
        try:
            next_state(case.state, action)
        except TransitionError:
            return Refused(ActRefusal.NOT_NOW, case.code)
        now = self._clock.now()
        today = now.astimezone(self._tz).date()
        target = None
        if action is Action.TRANSFER:
            offered = transfer_targets(case, member, await self._units.all(), today)
            target = next((u for u in offered if u.id == unit_id), None)
        home = await self._units.by_id(case.unit_id)
        request = _Request(member, case, now, today, text, reason, target, home)
        plan = plan_of(request, self._calendar)
        if isinstance(plan, ActRefusal):
            return Refused(plan, case.code)
        return request, plan

    async def act(
        self,
        member: StaffMember,
        case_id: int,
        action: Action,
        *,
        text: str = "",
        reason: RefuseReason | None = None,
        unit_id: int | None = None,
    ) -> ActOutcome:
        """Apply a staff action: checked against the member's units and role, the case's state
        and (for a transfer) the list the member is offered; stored with its event and notices."""
        prepared = await self._prepare(member, case_id, action, text, reason, unit_id)
        if isinstance(prepared, Refused):
            return prepared
        request, plan = prepared
        case, now, target = request.case, request.now, request.target
        target_state = next_state(case.state, action)
        event = Event(now, staff_actor(member.user_id), action, target_state, note=plan.note)
        notes = (
            self._notifications.to_citizen(
                case,
                plan.citizen,
                f"{action.value}:{len(case.events)}",
                request.home,
                **plan.values,
            )
            if plan.citizen
            else []
        )
        if target is not None:
            moved = replace(case, unit_id=target.id, assignee=None)
            notes += await self._notifications.to_staff(moved, "case.staff.transferred", target)
        changes = {"state": target_state, **plan.changes}
        stored = await self._cases.apply(case.id, case.state, changes, event, notes)
        if stored is None:
            return Refused(ActRefusal.CHANGED, case.code)
        self._wake()
        return Acted(stored, action)

    # --- blocking --------------------------------------------------------------------------------

    async def block(self, member: StaffMember, target: str, on: bool) -> Reply:
        """`/chan ID` (on) or `/bochan ID`: stop or allow a citizen's filing — only a citizen who
        wrote to the member's units (any unit, for an admin), on the channels they wrote on,
        and never a staff member."""
        target = target.strip()
        if not target or len(target) > MAX_USER_ID or len(target.split()) != 1:
            return Reply("staff.block_usage")
        code = bare_code(target)
        if code is not None:  # a case's tracking code: whoever sent that case
            return await self._block_sender(member, code, on)
        if await self._is_staff(target):
            return Reply("staff.block_staff")
        scope = await self._scope(member)
        channels = sorted(
            {
                channel
                for channel, unit_id in await self._cases.citizen_units(target)
                if scope is None or unit_id in scope
            }
        )
        if not channels:
            return Reply("staff.block_not_yours", {"user": target})
        blocked_by = member.user_id if on else None
        for channel in channels:
            await self._cases.set_blocked(channel, target, blocked_by, self._clock.now())
        return Reply("staff.blocked" if on else "staff.unblocked", {"user": target})

    async def _block_sender(self, member: StaffMember, code: str, on: bool) -> Reply:
        """`/chan PA-…`: block or unblock the citizen who sent the case, on its channel."""
        case = await self._cases.by_code(code)
        scope = await self._scope(member)
        if case is None or (scope is not None and case.unit_id not in scope):
            return Reply("staff.block_case_unknown", {"code": code})
        if case.channel == DESK or not case.citizen_id:
            return Reply("staff.block_no_account", {"code": code})
        if await self._is_staff(case.citizen_id):
            return Reply("staff.block_staff")
        blocked_by = member.user_id if on else None
        await self._cases.set_blocked(case.channel, case.citizen_id, blocked_by, self._clock.now())
        return Reply("staff.blocked_case" if on else "staff.unblocked_case", {"code": code})

    async def _is_staff(self, user_id: str) -> bool:
        return user_id in self._admin_ids or await self._staff.get(user_id) is not None


def _came_from(case: Case, units: Mapping[int, Unit]) -> Unit | None:
    """The unit a transferred case came from (its latest transfer's "from>to" note)."""
    for event in reversed(case.events):
        if event.action is Action.TRANSFER:
            source, sep, _ = event.note.partition(">")
            if not sep:
                return None
            return next((u for u in units.values() if u.slug == source), None)
    return None


__all__: Sequence[str] = ("ActOutcome", "ActRefusal", "Acted", "Refused", "StaffCases", "word")
