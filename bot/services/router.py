"""The one router of the core: every channel hands it what a user did — a command, a pressed
button's data, or an input (text, photo, file, location, contact) — and gets back what to say.

Channels only translate: Telegram's command names and the words typed on Zalo become the same
`Command`; a button's data is read here by the one protocol (bot.domain.choices); what the user is
in the middle of (an intake, a rating's reason, a staff member's typed answer, an apology letter)
is kept here. The one guard of every staff entry point — commands, buttons and the staff's
conversations, on every channel — is `_staff` below; scopes (which units, which role) are then
checked by the services themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from bot.domain import intake
from bot.domain.chat import Who
from bot.domain.choices import (
    STAFF_BUTTONS,
    Button,
    CaseButton,
    ConfirmAct,
    EditField,
    EraseData,
    FollowDigest,
    Menu,
    MenuItem,
    Pick,
    PickCategory,
    PickWard,
    ProvideInfo,
    Rate,
    RefuseWith,
    Reopen,
    StatsFile,
    StatsPick,
    TrackCase,
    TransferTo,
    decode,
)
from bot.domain.codes import CodeError, bare_code, normalize_code
from bot.domain.commands import (
    Command,
    CommandName,
    asks_for_help,
    is_greeting,
    parse_typed,
)
from bot.domain.invites import parse_invite
from bot.domain.messages import Reply, Text, Value
from bot.domain.models import StaffMember
from bot.domain.report import MissingWard, ReportOutcome, ReportReady, reply_for
from bot.domain.staff_help import typed_help
from bot.domain.ward_choices import WardQuestion
from bot.ports import StaffRepository, UnitRepository
from bot.services.apology_flow import ApologyFlow
from bot.services.cases import StaffCases
from bot.services.citizen import CitizenCases
from bot.services.conversations import Conversation, Conversations, Kind
from bot.services.intake import IntakeService
from bot.services.invites import InviteService
from bot.services.jobs import JobsService
from bot.services.lookups import LookupLimiter
from bot.services.people import identify
from bot.services.reports import FileKind, ReportService

log = logging.getLogger(__name__)

# Characters of a command's argument kept: nothing longer is looked up or echoed back.
MAX_ARGUMENT = 200

# What the core answers: replies, or a report's reason-coded outcome (each channel words it).
Answer = Reply | ReportOutcome


@dataclass(frozen=True, slots=True)
class Press:
    """A button was pressed: its data as the channel carried it back."""

    data: str


Event = Command | Press | intake.Input

_Run = Callable[["Router", Who, StaffMember | None, str], Awaitable[list[Answer]]]


@dataclass(frozen=True, slots=True)
class _Entry:
    """How a command is served: who may use it, where, and what it does."""

    run: _Run
    staff: bool = False  # the one guard: only staff (others hear `refusal`)
    private: bool = False  # only in a private chat with the bot
    refusal: str = "staff.only"


class Router:
    """Dispatches every event to the service that owns it, after the one staff guard."""

    def __init__(
        self,
        *,
        staff: StaffRepository,
        admin_ids: frozenset[str],
        units: UnitRepository,
        conversations: Conversations,
        intake: IntakeService,
        citizen: CitizenCases,
        cases: StaffCases,
        apology: ApologyFlow,
        reports: ReportService,
        jobs: JobsService,
        invites: InviteService | None = None,
        lookups: LookupLimiter | None = None,
    ) -> None:
        self._staff = staff
        self._admin_ids = admin_ids
        self._units = units
        self.conversations = conversations
        self.intake = intake
        self.citizen = citizen
        self.cases = cases
        self.apology = apology
        self.reports = reports
        self.jobs = jobs
        self.invites = invites
        self.lookups = lookups

    async def member(self, who: Who) -> StaffMember | None:
        """The staff entry of the person (None for a citizen)."""
        return await identify(self._staff, self._admin_ids, who.user_id, who.channel)

    async def handle(self, who: Who, event: Event) -> list[Answer]:
        """What to answer `who` for one event, in order (usually one reply)."""
        if isinstance(event, Command):
            return await self._command(who, event)
        if isinstance(event, Press):
            return await self._press(who, event.data)
        return await self._input(who, event)

    # --- commands --------------------------------------------------------------------------------

    async def _command(self, who: Who, command: Command) -> list[Answer]:
        entry = COMMANDS[command.name]
        if entry.private and not who.private:
            return [Reply("chat.private_only")]
        member = await self.member(who)
        if entry.staff and member is None:
            return [Reply(entry.refusal)]
        return await entry.run(self, who, member, command.args.strip()[:MAX_ARGUMENT])

    async def _start(self, who: Who, member: StaffMember | None, args: str) -> list[Answer]:
        invite = parse_invite(args) if args and self.invites is not None else None
        if invite is not None and self.invites is not None:  # /start CB-… from the invitation
            return [await self.invites.use(who, invite)]
        if args:  # /start <code> from a t.me link
            try:
                code = normalize_code(args.split()[0])
            except CodeError:
                pass
            else:
                return [await self.citizen.track(code, who.lang)]
        if member is None:
            asked = await self.intake.restart_question(who)
            return [asked or self.citizen.menu(who)]
        unit = await self._units.by_id(member.unit_id) if member.unit_id is not None else None
        values: dict[str, Value] = {
            "name": member.name or who.name,
            "role": Text(f"role.{member.role.value}"),
            "unit": Text("role.unit", {"unit": unit.name}) if unit else "",
        }
        return [Reply("start.staff", values)]

    async def _help(self, who: Who, member: StaffMember | None, args: str) -> list[Answer]:
        if member is not None:
            return [typed_help(member.role) if who.typed else Reply(_role_help(member))]
        return [Reply("zalo.help" if who.typed else "help.citizen")]

    async def _feedback(self, who: Who, member: StaffMember | None, args: str) -> list[Answer]:
        return [await self.intake.start(who)]

    async def _cancel(self, who: Who, member: StaffMember | None, args: str) -> list[Answer]:
        current = await self.conversations.get(who.channel, who.user_id)
        if current is None:
            return [Reply("feedback.nothing_to_cancel")]
        if current.kind is Kind.APOLOGY:
            return [await self.apology.cancel(who)]
        await self.conversations.end(who.channel, who.user_id)
        if current.kind is Kind.STAFF_TEXT:
            return [Reply("staff.cancelled")]
        if current.kind is Kind.INTAKE and current.state.get("desk"):
            return [Reply("desk.cancelled")]
        return [Reply("feedback.cancelled")]

    async def _track(self, who: Who, member: StaffMember | None, args: str) -> list[Answer]:
        if not args:
            return [Reply("zalo.track_usage" if who.typed else "track.usage")]
        return [self._too_fast(who) or await self.citizen.track(args, who.lang)]

    async def _dossier(self, who: Who, member: StaffMember | None, args: str) -> list[Answer]:
        if not args:
            return [Reply("zalo.dossier_usage" if who.typed else "dossier.usage")]
        return [self._too_fast(who) or await self.citizen.dossier(args, who.lang)]

    def _too_fast(self, who: Who) -> Reply | None:
        """The polite wait when this user looks codes up faster than the limit allows."""
        return self.lookups.check(who.channel, who.user_id) if self.lookups else None

    async def _my_data(self, who: Who, member: StaffMember | None, args: str) -> list[Answer]:
        return [await self.citizen.my_data(who)]

    async def _erase(self, who: Who, member: StaffMember | None, args: str) -> list[Answer]:
        return [self.citizen.erase_request()]

    async def _inbox(self, who: Who, member: StaffMember | None, args: str) -> list[Answer]:
        assert member is not None  # the guard let only staff through
        return list(await self.cases.inbox(member, who))

    async def _desk(self, who: Who, member: StaffMember | None, args: str) -> list[Answer]:
        assert member is not None
        return [await self.intake.start(who, desk=member)]

    async def _block(self, who: Who, member: StaffMember | None, args: str) -> list[Answer]:
        assert member is not None
        return [await self.cases.block(member, args, on=True)]

    async def _unblock(self, who: Who, member: StaffMember | None, args: str) -> list[Answer]:
        assert member is not None
        return [await self.cases.block(member, args, on=False)]

    async def _apology(self, who: Who, member: StaffMember | None, args: str) -> list[Answer]:
        assert member is not None
        return [await self.apology.start(member, who, args)]

    async def _subscribe(self, who: Who, member: StaffMember | None, args: str) -> list[Answer]:
        if not args:
            return [await self.jobs.following(who.channel, who.user_id)]
        return [await self._subscription(who, args, on=True)]

    async def _unsubscribe(self, who: Who, member: StaffMember | None, args: str) -> list[Answer]:
        return [await self._subscription(who, args, on=False)]

    async def _subscription(self, who: Who, query: str, *, on: bool) -> Reply:
        outcome = await self.jobs.subscribe(who.channel, who.user_id, query, on=on)
        return self.jobs.render_subscription(outcome, who.lang)

    async def _alerts(self, who: Who, member: StaffMember | None, args: str) -> list[Answer]:
        assert member is not None
        if self.invites is None:
            return [Reply("staff.only")]
        return [await self.invites.choose_alerts(member, args)]

    async def _phone(self, who: Who, member: StaffMember | None, args: str) -> list[Answer]:
        assert member is not None
        if self.invites is None:
            return [Reply("staff.only")]
        return [await self.invites.record_phone(member, args)]

    async def _stats(self, who: Who, member: StaffMember | None, args: str) -> list[Answer]:
        outcome = await self.reports.ask(who.user_id, args, member=member)
        return [_report(outcome, who, self.reports.file_kind(who.takes))]

    async def _stats_pick(self, who: Who, pick: StatsPick) -> list[Answer]:
        outcome = await self.reports.unit_report(who.user_id, pick.unit_id, pick.period)
        if isinstance(outcome, MissingWard):  # a unit removed since the question
            return [Reply("stats.pick_stale")]
        return [_report(outcome, who, self.reports.file_kind(who.takes))]

    async def _report_file(self, who: Who, member: StaffMember | None, args: str) -> list[Answer]:
        outcome = await self.reports.ask(who.user_id, args, detail=True, member=member)
        kind = self.reports.file_kind(who.takes)  # the PDF where no XLSX can go (Zalo)
        return [await self.reports.file_reply(outcome, who.lang, kind)]

    async def _stats_file(self, who: Who, button: StatsFile) -> list[Answer]:
        outcome = await self.reports.by_button(who.user_id, button)
        if isinstance(outcome, MissingWard):  # a unit removed since the report
            return [Reply("stats.pick_stale")]
        kind = self.reports.file_kind(who.takes)
        return [await self.reports.file_reply(outcome, who.lang, kind)]

    # --- buttons ---------------------------------------------------------------------------------

    async def _press(self, who: Who, data: str) -> list[Answer]:
        button = decode(data)
        if button is None:  # forged, garbled, or from a protocol no longer spoken
            return [Reply("button.old")]
        member = None
        if isinstance(button, STAFF_BUTTONS):
            member = await self.member(who)
            if member is None:
                return [Reply("staff.only")]
        return await self._button(who, member, button)

    async def _button(self, who: Who, member: StaffMember | None, button: Button) -> list[Answer]:
        if isinstance(button, Menu):
            return await self._menu(who, button.item)
        if isinstance(button, Rate):
            return [await self.citizen.rate(who, button.code, button.stars)]
        if isinstance(button, Reopen):
            return [await self.citizen.reopen(who, button.code)]
        if isinstance(button, TrackCase):
            return [await self.citizen.track(button.code, who.lang)]
        if isinstance(button, ProvideInfo):
            return [await self.citizen.begin_info(who, button.code)]
        if isinstance(button, EraseData):
            return [await self.citizen.erase(who, button.confirm)]
        if button is Pick.DISCARD:  # drop the draft, as asked when /start came mid-way
            await self.conversations.end(who.channel, who.user_id)
            return [self.citizen.menu(who)]
        if isinstance(button, Pick | PickWard | PickCategory | EditField):
            return await self._conversation(who, intake.ChoiceInput(button), pressed=True)
        if member is None:  # every type below is a staff button: the guard checked it
            return [Reply("staff.only")]
        if isinstance(button, CaseButton | TransferTo | RefuseWith | ConfirmAct):
            return list(await self.cases.press(member, who, button))
        if isinstance(button, StatsPick):
            return await self._stats_pick(who, button)
        if isinstance(button, StatsFile):
            return await self._stats_file(who, button)
        if isinstance(button, FollowDigest):
            unit = await self._units.by_id(button.unit_id)
            return [await self._subscription(who, unit.slug if unit else "", on=button.on)]
        # What is left are the apology letter's buttons.
        current = await self.conversations.get(who.channel, who.user_id)
        return list(await self.apology.press(member, who, button, current))

    async def _menu(self, who: Who, item: MenuItem) -> list[Answer]:
        if item is MenuItem.FEEDBACK:
            return [await self.intake.start(who)]
        if item is MenuItem.CONTACT:
            return [await self.citizen.desk_contact(who)]
        if item is MenuItem.TRACK:
            return [await self.citizen.my_cases(who)]
        return [Reply("zalo.dossier_usage" if who.typed else "menu.dossier_prompt")]

    # --- inputs and the conversation in progress -------------------------------------------------

    async def _input(self, who: Who, inp: intake.Input) -> list[Answer]:
        if isinstance(inp, intake.TextInput) and self.invites is not None:
            invite = parse_invite(inp.text)  # a staff invitation's code, on any channel
            if invite is not None:
                return [await self.invites.use(who, invite)]
        if isinstance(inp, intake.TextInput) and asks_for_help(inp.text):
            # "help", "trợ giúp", "giúp" typed on any channel: what /help gives (a conversation
            # in progress stays where it was).
            return await self._command(who, Command(CommandName.HELP))
        if who.typed and isinstance(inp, intake.TextInput):
            # No command menu, no buttons that call back: commands and button payloads come typed.
            busy = await self.conversations.get(who.channel, who.user_id) is not None
            command = parse_typed(inp.text, in_conversation=busy)
            if command is not None:
                return await self._command(who, command)
            if decode(inp.text.strip()) is not None:
                return await self._press(who, inp.text.strip())
        return await self._conversation(who, inp, pressed=False)

    async def _conversation(self, who: Who, inp: intake.Input, *, pressed: bool) -> list[Answer]:
        current = await self.conversations.get(who.channel, who.user_id)
        if current is None:
            if pressed:
                filed = None
                if isinstance(inp, intake.ChoiceInput) and inp.button == intake.SEND:
                    filed = await self.intake.already_filed(who)
                return [filed or Reply("button.old")]
            return await self._outside(who, inp)
        if current.stale or current.kind is None:
            await self.conversations.end(who.channel, who.user_id)
            return [Reply("feedback.stale")]
        return [await CONVERSATIONS[current.kind](self, who, current, inp)]

    async def _outside(self, who: Who, inp: intake.Input) -> list[Answer]:
        """A message outside any conversation: a bare tracking code is tracked; a citizen asked
        for more information is giving it; anything else (a greeting, a question) gets the menu
        (the help, for staff) — never a dead end."""
        if not isinstance(inp, intake.TextInput):
            return [Reply("zalo.outside" if who.typed else "feedback.outside")]
        code = bare_code(inp.text)
        if code is not None:
            return [await self.citizen.track(code, who.lang)]
        member = await self.member(who)
        if member is not None:  # staff: the help of their role, as /help gives it
            return await self._help(who, member, "")
        pending = await self.citizen.awaiting_info(who)
        if pending is not None and not is_greeting(inp.text):
            return [await self.citizen.provide_info(who, {"code": pending}, inp)]
        return [self.citizen.menu(who)]

    async def _intake(self, who: Who, current: Conversation, inp: intake.Input) -> Reply:
        desk = None
        if current.state.get("desk"):
            desk = await self.member(who)
            if desk is None:  # no longer staff: the walk-in case is not theirs to file
                await self.conversations.end(who.channel, who.user_id)
                return Reply("staff.only")
        return await self.intake.advance(who, current.state, inp, desk=desk)

    async def _rating_reason(self, who: Who, current: Conversation, inp: intake.Input) -> Reply:
        return await self.citizen.rating_reason(who, current.state, inp)

    async def _provide_info(self, who: Who, current: Conversation, inp: intake.Input) -> Reply:
        return await self.citizen.provide_info(who, current.state, inp)

    async def _staff_text(self, who: Who, current: Conversation, inp: intake.Input) -> Reply:
        member = await self.member(who)
        if member is None:
            await self.conversations.end(who.channel, who.user_id)
            return Reply("staff.only")
        if not isinstance(inp, intake.TextInput):
            return Reply("intake.error.expected_text")
        return await self.cases.typed(member, who, current.state, inp.text)

    async def _apology_text(self, who: Who, current: Conversation, inp: intake.Input) -> Reply:
        member = await self.member(who)
        if member is None:
            await self.conversations.end(who.channel, who.user_id)
            return Reply("staff.only")
        if not isinstance(inp, intake.TextInput):
            return Reply("intake.error.expected_text")
        return await self.apology.typed(member, who, current.state, inp.text)


def _role_help(member: StaffMember) -> str:
    """The texts key of the help for a staff member's role (each role its own commands)."""
    return f"help.{member.role.value}"


def _report(outcome: ReportOutcome, who: Who, kind: FileKind | None) -> Answer:
    """A report's outcome as it is answered: a ready report becomes a reply with the button that
    sends its file (only where the channel can send files back: not on typed channels), a
    question about the ward a reply with its buttons; the rest is worded by each channel
    (bot.domain.report.outcome_content)."""
    if isinstance(outcome, ReportReady | WardQuestion):
        with_file = kind is not None
        file_kind = kind.value if kind is not None else FileKind.XLSX.value
        return reply_for(outcome, who.lang, with_file=with_file, file_kind=file_kind)
    return outcome


_E = _Entry
_N = CommandName
# Every command: what serves it, and the one guard's rule for it.
COMMANDS: Mapping[CommandName, _Entry] = {
    _N.START: _E(Router._start, private=True),
    _N.HELP: _E(Router._help),
    _N.FEEDBACK: _E(Router._feedback, private=True),
    _N.TRACK: _E(Router._track),
    _N.DOSSIER: _E(Router._dossier),
    _N.MY_DATA: _E(Router._my_data, private=True),
    _N.ERASE: _E(Router._erase, private=True),
    _N.CANCEL: _E(Router._cancel, private=True),
    _N.INBOX: _E(Router._inbox, staff=True),
    _N.DESK: _E(Router._desk, staff=True, private=True),
    _N.BLOCK: _E(Router._block, staff=True),
    _N.UNBLOCK: _E(Router._unblock, staff=True),
    _N.APOLOGY: _E(Router._apology, staff=True, private=True),
    _N.SUBSCRIBE: _E(Router._subscribe, staff=True, refusal="sub.citizen"),
    _N.UNSUBSCRIBE: _E(Router._unsubscribe, staff=True, refusal="sub.citizen"),
    _N.STATS: _E(Router._stats, staff=True, refusal="stats.forbidden_citizen"),
    _N.REPORT: _E(Router._report_file, staff=True, refusal="stats.forbidden_citizen"),
    _N.ALERTS: _E(Router._alerts, staff=True),
    _N.PHONE: _E(Router._phone, staff=True, private=True),
}
# Who continues each kind of conversation with the user's next input.
CONVERSATIONS: Mapping[
    Kind, Callable[[Router, Who, Conversation, intake.Input], Awaitable[Reply]]
] = {
    Kind.INTAKE: Router._intake,
    Kind.RATING_REASON: Router._rating_reason,
    Kind.PROVIDE_INFO: Router._provide_info,
    Kind.STAFF_TEXT: Router._staff_text,
    Kind.APOLOGY: Router._apology_text,
}
