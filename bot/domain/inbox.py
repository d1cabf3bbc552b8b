"""The staff's side of feedback cases, as rules: which buttons a case shows to whom, its next
deadline, its card in the inbox (masked and cut), where it may be transferred, who is told."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.domain.access import province_of
from bot.domain.calendar import WorkCalendar
from bot.domain.choices import CaseButton, CaseVerb, RefuseWith, TransferTo
from bot.domain.feedback import AWAITING_ACCEPTANCE, Action, Case, RefuseReason, can
from bot.domain.fmt import clip, day
from bot.domain.messages import Choice, Lines, Text, Value
from bot.domain.models import Role, StaffMember, Unit
from bot.domain.privacy import mask_personal, mask_phone

SUMMARY_CHARS = 300  # of a case's description on its card
TRANSFER_CHOICES = 20  # wards offered at once (the rest by their ward's own staff)
_ORDER = (Action.TAKE, Action.ANSWER, Action.ASK_INFO, Action.TRANSFER, Action.REFUSE, Action.CLOSE)
CHANNELS = ("telegram", "zalo", "desk")  # inbox.channel.<name>


def staff_actions(case: Case, member: StaffMember) -> list[Action]:
    """The actions a staff member is offered on a case (a supervisor only transfers)."""
    order = (Action.TRANSFER,) if member.role is Role.SUPERVISOR else _ORDER
    return [a for a in order if can(case.state, a)]


def deadline_status(case: Case, today: date, calendar: WorkCalendar) -> tuple[str, int]:
    """('accept'|'answer', working days left — negative when past) for a case's next deadline."""
    if case.state in AWAITING_ACCEPTANCE:
        return "accept", calendar.working_days_between(today, case.accept_due)
    return "answer", calendar.working_days_between(today, case.answer_due)


def masked_contact(case: Case, viewer: StaffMember | None) -> Value:
    """A case's contact as a staff member may see it: in full only for the one who took it
    (None: a list seen by others, a group chat)."""
    if case.phone is None:
        return Text("case.contact_anonymous")
    if viewer is not None and case.assignee == viewer.user_id:
        return case.phone
    return mask_phone(case.phone)


def card(
    case: Case,
    unit: Unit | None,
    viewer: StaffMember | None,
    today: date,
    calendar: WorkCalendar,
    lang: str,
    came_from: Unit | None = None,
) -> Text:
    """A case's entry in the inbox: personal numbers masked, the description cut; the dossier
    it is about, where it is (a map link) and the unit it was transferred from, when known."""
    kind, days = deadline_status(case, today, calendar)
    due = case.accept_due if kind == "accept" else case.answer_due
    key = f"inbox.deadline.{kind}" + ("_late" if days < 0 else "")
    summary = clip(mask_personal(case.description), SUMMARY_CHARS)
    extra: list[Text] = []
    if case.dossier_code:
        extra.append(Text("inbox.dossier", {"code": case.dossier_code}))
    if case.latitude is not None and case.longitude is not None:
        extra.append(Text("inbox.location", {"url": map_link(case.latitude, case.longitude)}))
    if came_from is not None:
        extra.append(Text("inbox.from", {"unit": came_from.name}))
    extra.extend(_exchange(case))
    channel: Value = (
        Text(f"inbox.channel.{case.channel}") if case.channel in CHANNELS else case.channel
    )
    return Text(
        "inbox.item",
        {
            "code": case.code,
            "unit": unit.name if unit else "",
            "channel": channel,
            "category": Text(f"intake.category.{case.category.value}"),
            "state": Text(f"case.state.{case.state.value}"),
            "deadline": Text(key, {"due": day(due, lang), "days": abs(days)}),
            "summary": summary,
            "contact": masked_contact(case, viewer),
            "extra": Lines(tuple(extra), "") if extra else "",  # each line brings its newline
        },
    )


def _exchange(case: Case) -> list[Text]:
    """The last request for information and what the citizen supplied after it, if anything:
    the staff read the answer to their question where they work the case."""
    asks = [i for i, event in enumerate(case.events) if event.action is Action.ASK_INFO]
    if not asks:
        return []
    asked = asks[-1]
    lines = [Text("inbox.asked", {"text": clip(case.events[asked].note, SUMMARY_CHARS)})]
    lines.extend(
        Text("inbox.supplied", {"text": clip(mask_personal(e.note), SUMMARY_CHARS)})
        for e in case.events[asked + 1 :]
        if e.action is Action.PROVIDE_INFO
    )
    return lines


def map_link(latitude: float, longitude: float) -> str:
    """A link that opens the place on a map, in any browser or phone."""
    return f"https://maps.google.com/?q={latitude:.6f},{longitude:.6f}"


def card_choices(case: Case, member: StaffMember) -> tuple[Choice, ...]:
    """The buttons under a case's card: its actions, then the citizen's files (if any)."""
    choices = [
        Choice(CaseButton(CaseVerb(a.value), case.id), f"staff.button.{a.value}")
        for a in staff_actions(case, member)
    ]
    if case.attachments:
        files = CaseButton(CaseVerb.FILES, case.id)
        choices.append(Choice(files, "staff.button.files", {"count": len(case.attachments)}))
    return tuple(choices)


def refuse_choices(case: Case) -> tuple[Choice, ...]:
    """The reasons to refuse a case, as buttons."""
    return tuple(Choice(RefuseWith(case.id, r), f"refuse.short.{r.value}") for r in RefuseReason)


def transfer_targets(
    case: Case, member: StaffMember, units: Sequence[Unit], today: date
) -> list[Unit]:
    """Where a case may go: wards active today other than its own, in the same province
    (an admin may send it to any ward)."""
    by_id = {u.id: u for u in units}
    home = by_id.get(case.unit_id)
    province = province_of(home, by_id).id if home is not None else None
    return [
        u
        for u in units
        if u.kind == "ward"
        and u.id != case.unit_id
        and u.active_on(today)
        and (member.role is Role.ADMIN or province_of(u, by_id).id == province)
    ]


def transfer_choices(case: Case, targets: Sequence[Unit]) -> tuple[Choice, ...]:
    """The first wards of the transfer list, as buttons."""
    return tuple(
        Choice(TransferTo(case.id, u.id), "staff.transfer_option", {"name": u.name})
        for u in targets[:TRANSFER_CHOICES]
    )


def who_hears(case: Case, staff: Sequence[StaffMember]) -> list[StaffMember]:
    """The staff told about a case: the one on it, else the officers and leaders of its unit."""
    if case.assignee:
        on_it = [m for m in staff if m.user_id == case.assignee]
        return on_it or [StaffMember(case.assignee, Role.OFFICER, case.unit_id)]
    return [m for m in staff if m.unit_id == case.unit_id and m.role in (Role.OFFICER, Role.LEADER)]
