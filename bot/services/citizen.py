"""The citizen's side of a case after filing: tracking it and dossiers by code, rating the
answer, reopening, sending the information staff asked for, and the data rights (Luật 91/2025);
with the start menu and the one-stop desks' contacts."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import tzinfo

from bot.clock import Clock
from bot.domain import intake
from bot.domain.calendar import WorkCalendar
from bot.domain.chat import Who
from bot.domain.choices import EraseData, Menu, MenuItem, Pick, Reopen, TrackCase
from bot.domain.codes import CodeError, normalize_code
from bot.domain.feedback import (
    ACCEPT_WORKING_DAYS,
    CITIZEN,
    LOW_RATING,
    Action,
    Case,
    CitizenRefusal,
    Event,
    State,
    can_reopen,
    citizen_refusal,
)
from bot.domain.fmt import day, moment
from bot.domain.inbox import CHANNELS
from bot.domain.kinds import unit_values
from bot.domain.messages import Choice, Reply, Text, Value
from bot.domain.privacy import mask_personal
from bot.ports import DossierRepository, FeedbackRepository, UnitRepository
from bot.services.conversations import Conversations, Kind
from bot.services.intake import FeedbackSettings
from bot.services.notifications import Notifications

MAX_DOSSIER_CODE = 60
MIN_INFO = 5  # characters of the information a citizen adds
MAX_INFO = 4000
MAX_REASON = 1000  # characters of a low rating's reason
MY_CASES = 10  # of a citizen's own cases listed with a button each

# How each refusal is worded (texts keys; "{code}" is the case's, "{stars}" a rating given).
REFUSALS: Mapping[CitizenRefusal, str] = {
    CitizenRefusal.NOT_YOURS: "case.not_yours",
    CitizenRefusal.NOT_ANSWERED: "rate.not_now",
    CitizenRefusal.RATED: "rate.already",
    CitizenRefusal.TOO_LATE: "reopen.too_late",
    CitizenRefusal.INFO_NOT_NEEDED: "info.not_needed",
    CitizenRefusal.CHANGED: "case.changed",
}


def refused(reason: CitizenRefusal, case: Case | None = None, code: str = "") -> Reply:
    """The reply that says why the citizen's action was not done."""
    values: dict[str, Value] = {"code": case.code if case is not None else code}
    if case is not None and case.rating:
        values["stars"] = "★" * case.rating
    return Reply(REFUSALS[reason], values)


class CitizenCases:
    """What a citizen does with a case once it is filed, for any channel."""

    def __init__(
        self,
        cases: FeedbackRepository,
        conversations: Conversations,
        units: UnitRepository,
        dossiers: DossierRepository,
        notifications: Notifications,
        clock: Clock,
        tz: tzinfo,
        calendar: WorkCalendar,
        *,
        settings: FeedbackSettings | None = None,
        wake: Callable[[], None] = lambda: None,
    ) -> None:
        self._cases = cases
        self._conversations = conversations
        self._units = units
        self._dossiers = dossiers
        self._notifications = notifications
        self._clock = clock
        self._tz = tz
        self._calendar = calendar
        self._settings = settings or FeedbackSettings()
        self._wake = wake

    # --- the menu and the desks ------------------------------------------------------------------

    def menu(self, who: Who) -> Reply:
        """The greeting with the start menu."""
        choices = tuple(Choice(Menu(item), f"menu.{item.value}") for item in MenuItem)
        if who.typed:
            return Reply("zalo.welcome", choices=choices)
        return Reply.of_lines([Text("start.citizen"), Text("menu.intro")], "\n\n", choices=choices)

    async def desk_contact(self, who: Who) -> Reply:
        """The one-stop desks' address, hours and hotline, of the wards there are today."""
        today = self._clock.now().astimezone(self._tz).date()
        lines = [
            Text(
                "desk.info",
                {
                    "unit": u.name,
                    "address": u.desk_address or "—",
                    "hours": u.desk_hours or "—",
                    "saturday": Text("desk.saturday") if u.saturday_reception else "",
                    "hotline": u.desk_hotline or "—",
                },
            )
            for u in await self._units.all()
            if u.kind == "ward"
            and u.active_on(today)
            and (u.desk_address or u.desk_hotline)
            and (who.unit_id is None or u.id == who.unit_id)
        ]
        if lines:
            return Reply.of_lines(lines, "\n\n")
        # No desk has its contact on the bot: say what the citizen can do instead.
        choices = (Choice(Menu(MenuItem.FEEDBACK), "menu.feedback"),)
        return Reply("zalo.desk_none" if who.typed else "desk.none", choices=choices)

    async def my_cases(self, who: Who) -> Reply:
        """The citizen's own cases, newest first, each with a button that opens it."""
        cases = await self._cases.for_citizen(who.channel, who.user_id)
        if not cases:
            key = "zalo.track_usage" if who.typed else "track.none_yet"
            return Reply(key, choices=(Choice(Menu(MenuItem.FEEDBACK), "menu.feedback"),))
        lines = [Text("track.mine")]
        choices = []
        for case in cases[:MY_CASES]:
            values: dict[str, Value] = {
                "code": case.code,
                "filed": day(case.created_at.astimezone(self._tz).date(), who.lang),
                "state": Text(f"case.state.{case.state.value}"),
                "category": Text(f"intake.category.{case.category.value}"),
            }
            lines.append(Text("track.mine_item", values))
            choices.append(Choice(TrackCase(case.code), "track.open_button", {"code": case.code}))
        if len(cases) > MY_CASES:
            lines.append(Text("track.mine_more", {"count": len(cases) - MY_CASES}))
        return Reply.of_lines(lines, choices=tuple(choices))

    async def awaiting_info(self, who: Who) -> str | None:
        """The code of the citizen's latest case waiting for information they were asked for."""
        for case in await self._cases.for_citizen(who.channel, who.user_id):
            if case.state is State.NEEDS_INFO:
                return case.code
        return None

    # --- lookups anyone with the code may do -----------------------------------------------------

    async def track(self, code_text: str, lang: str) -> Reply:
        """State, history and answer of a case, without any contact details."""
        try:
            code = normalize_code(code_text)
        except CodeError:
            return Reply("track.bad_code", {"code": code_text.strip()[:40]})
        case = await self._cases.by_code(code)
        if case is None:
            return Reply("track.not_found", {"code": code})
        unit = await self._units.by_id(case.unit_id)
        named = unit_values(unit)
        lines = [
            Text(
                "track.header",
                {
                    "code": case.code,
                    "unit": unit.name if unit else "",
                    "category": Text(f"intake.category.{case.category.value}"),
                    "state": Text(f"case.state.{case.state.value}"),
                    "filed": day(case.created_at.astimezone(self._tz).date(), lang),
                    "answer_due": day(case.answer_due, lang),
                },
            ),
        ]
        lines.extend(
            Text(
                "track.event",
                {
                    "at": moment(event.at, self._tz, lang),
                    "action": Text(f"case.action.{event.action.value}", named),
                },
            )
            for event in case.events
        )
        if case.answer:
            answer = mask_personal(case.answer)
            lines.append(Text("track.answer", {"answer": answer, **named}))
        if case.rating:
            lines.append(Text("track.rating", {"stars": "★" * case.rating}))
        return Reply.of_lines(lines)

    async def dossier(self, code_text: str, lang: str) -> Reply:
        """A one-stop dossier's progress, with no personal data."""
        code = code_text.strip()
        if not code or len(code) > MAX_DOSSIER_CODE:
            return Reply("dossier.usage")
        dossier = await self._dossiers.get(code)
        if dossier is None:
            return Reply("dossier.not_found", {"code": code})
        now = self._clock.now()
        unit = await self._units.by_id(dossier.unit_id)
        due = dossier.apology_new_due_at or dossier.due_at
        if dossier.resolved_at is not None:
            late = dossier.resolved_at > dossier.due_at
            status = Text(
                "dossier.resolved_late" if late else "dossier.resolved_on_time",
                {"at": day(dossier.resolved_at.astimezone(self._tz).date(), lang)},
            )
        else:
            status = Text("dossier.pending_overdue" if now > due else "dossier.pending")
        apology: Text | str = ""
        if dossier.apology_issued_at is not None:
            apology = Text(
                "dossier.apology",
                {
                    "at": day(dossier.apology_issued_at.astimezone(self._tz).date(), lang),
                    "new_due": day(due.astimezone(self._tz).date(), lang),
                    **unit_values(unit),
                },
            )
        return Reply(
            "dossier.view",
            {
                "code": dossier.code,
                "unit": unit.name if unit else "",
                "received": day(dossier.received_at.astimezone(self._tz).date(), lang),
                "due": day(dossier.due_at.astimezone(self._tz).date(), lang),
                "status": status,
                "apology": apology,
            },
        )

    # --- after the answer: rating, reopening, more information -----------------------------------

    async def _own_case(self, who: Who, code: str) -> Case | None:
        case = await self._cases.by_code(code)
        if case is None or case.channel != who.channel or case.citizen_id != who.user_id:
            return None
        return case

    async def rate(self, who: Who, code: str, stars: int) -> Reply:
        """Record a 1–5 rating; a low one asks for a reason and offers reopening."""
        case = await self._own_case(who, code)
        if case is None or not 1 <= stars <= 5:  # not theirs, or a forged button
            return refused(CitizenRefusal.NOT_YOURS)
        refusal = citizen_refusal(case, Action.RATE, self._clock.now())
        if refusal is not None:
            return refused(refusal, case)
        changes: dict[str, object] = {"rating": stars}
        closes = stars > LOW_RATING and case.state is State.ANSWERED
        if closes:
            changes["state"] = State.CLOSED
        state = State.CLOSED if closes else case.state
        event = Event(self._clock.now(), CITIZEN, Action.RATE, state, note=str(stars))
        unit = await self._units.by_id(case.unit_id)
        notes = (
            await self._notifications.to_staff(case, "case.staff.rated", unit)
            if case.assignee
            else []
        )
        if await self._cases.apply(case.id, case.state, changes, event, notes) is None:
            return refused(CitizenRefusal.CHANGED, case)
        self._wake()
        if stars > LOW_RATING:
            return Reply("rate.thanks", {"code": case.code})
        await self._conversations.save(who.channel, who.user_id, Kind.RATING_REASON, code=case.code)
        return Reply(
            "rate.low",
            {"code": case.code},
            choices=(
                Choice(Reopen(case.code), "rate.reopen_button"),
                Choice(Pick.SKIP, "rate.skip_button"),
            ),
        )

    async def rating_reason(
        self, who: Who, state: Mapping[str, object], inp: intake.Input
    ) -> Reply:
        """The reason typed after a low rating (anything else skips it)."""
        await self._conversations.end(who.channel, who.user_id)
        if not isinstance(inp, intake.TextInput) or not inp.text.strip():
            return Reply("rate.reason_skipped")
        case = await self._own_case(who, str(state.get("code", "")))
        if case is None:
            return refused(CitizenRefusal.NOT_YOURS)
        reason = mask_personal(inp.text.strip())[:MAX_REASON]
        event = Event(self._clock.now(), CITIZEN, Action.RATE, case.state, note=reason)
        await self._cases.apply(case.id, case.state, {"rating_reason": reason}, event)
        reopen = can_reopen(case, self._clock.now())
        return Reply(
            "rate.reason_saved",
            {"code": case.code},
            choices=(Choice(Reopen(case.code), "rate.reopen_button"),) if reopen else (),
        )

    async def reopen(self, who: Who, code: str) -> Reply:
        """Reopen an answered case within 7 days."""
        await self._conversations.end(who.channel, who.user_id)  # a pending reason, if any
        case = await self._own_case(who, code)
        now = self._clock.now()
        refusal = citizen_refusal(case, Action.REOPEN, now)
        if case is None or refusal is not None:
            return refused(refusal or CitizenRefusal.NOT_YOURS, case)
        today = now.astimezone(self._tz).date()
        unit = await self._units.by_id(case.unit_id)
        calendar = self._calendar.for_unit(unit)
        answer_days = self._settings.answer_days_for(case.category)
        changes = {
            "state": State.REOPENED,
            "accept_due": calendar.add_working_days(today, ACCEPT_WORKING_DAYS),
            "answer_due": calendar.add_working_days(today, answer_days),
        }
        event = Event(now, CITIZEN, Action.REOPEN, State.REOPENED)
        notes = await self._notifications.to_staff(case, "case.staff.reopened", unit)
        stored = await self._cases.apply(case.id, case.state, changes, event, notes)
        if stored is None:
            return refused(CitizenRefusal.CHANGED, case)
        self._wake()
        values = {
            "code": case.code,
            "answer_due": day(stored.answer_due, case.language),
            **unit_values(unit),
        }
        return Reply("reopen.done", values)

    async def begin_info(self, who: Who, code: str) -> Reply:
        """The citizen pressed 'send more information' on a request from staff."""
        case = await self._own_case(who, code)
        refusal = citizen_refusal(case, Action.PROVIDE_INFO, self._clock.now())
        if case is None or refusal is not None:
            return refused(refusal or CitizenRefusal.NOT_YOURS, case)
        await self._conversations.save(who.channel, who.user_id, Kind.PROVIDE_INFO, code=case.code)
        return Reply("info.prompt", {"code": case.code})

    async def provide_info(self, who: Who, state: Mapping[str, object], inp: intake.Input) -> Reply:
        """The information typed after 'send more information'."""
        code = str(state.get("code", ""))
        if not isinstance(inp, intake.TextInput) or len(inp.text.strip()) < MIN_INFO:
            return Reply("info.prompt", {"code": code}, error_key="info.too_short")
        case = await self._own_case(who, code)
        await self._conversations.end(who.channel, who.user_id)
        # Gone, or no longer waiting, since staff asked: nothing is needed any more.
        if case is None or citizen_refusal(case, Action.PROVIDE_INFO, self._clock.now()):
            return refused(CitizenRefusal.INFO_NOT_NEEDED, code=code)
        text = inp.text.strip()[:MAX_INFO]
        event = Event(self._clock.now(), CITIZEN, Action.PROVIDE_INFO, State.ACCEPTED, note=text)
        unit = await self._units.by_id(case.unit_id)
        notes = await self._notifications.to_staff(case, "case.staff.info", unit, summary=text)
        changes = {"state": State.ACCEPTED}
        if await self._cases.apply(case.id, State.NEEDS_INFO, changes, event, notes) is None:
            return refused(CitizenRefusal.CHANGED, case)
        self._wake()
        return Reply("info.thanks", {"code": case.code})

    # --- data rights (Luật 91/2025) --------------------------------------------------------------

    async def my_data(self, who: Who) -> Reply:
        """What the bot keeps about this person."""
        lang = who.lang
        cases = await self._cases.for_citizen(who.channel, who.user_id)
        channel: Value = (
            Text(f"inbox.channel.{who.channel}") if who.channel in CHANNELS else who.channel
        )
        lines = [Text("data.header", {"channel": channel, "user_id": who.user_id})]
        if not cases:
            lines.append(Text("data.no_cases"))
        for case in cases:
            consent = moment(case.consent_at, self._tz, lang) if case.consent_at else "—"
            contact = (
                Text(
                    "data.phone",
                    {
                        "phone": case.phone,
                        "consent": consent,
                        "version": case.consent_version or "—",
                    },
                )
                if case.phone
                else Text("data.anonymous")
            )
            filed = day(case.created_at.astimezone(self._tz).date(), lang)
            lines.append(
                Text(
                    "data.case",
                    {
                        "code": case.code,
                        "filed": filed,
                        "state": Text(f"case.state.{case.state.value}"),
                        "contact": contact,
                    },
                )
            )
        if await self._conversations.get(who.channel, who.user_id) is not None:
            lines.append(Text("data.draft"))
        lines.append(Text("data.footer"))
        return Reply.of_lines(lines)

    def erase_request(self) -> Reply:
        """Ask for the one confirmation before erasing."""
        return Reply(
            "erase.confirm",
            choices=(Choice(EraseData(True), "erase.yes"), Choice(EraseData(False), "erase.no")),
        )

    async def erase(self, who: Who, confirm: bool) -> Reply:
        """Erase a citizen's personal data (their cases stay, anonymised), when confirmed."""
        if not confirm:
            return Reply("erase.kept")
        cases = await self._cases.for_citizen(who.channel, who.user_id)
        redact = {c.id: mask_personal(c.description) for c in cases}
        event = Event(self._clock.now(), CITIZEN, Action.ERASE, State.NEW)
        count = await self._cases.erase_citizen(who.channel, who.user_id, redact, event)
        return Reply("erase.done", {"count": count})
