"""The staff's rules about cases, as tables: buttons per role and state, the next deadline, the
card (masked, cut), where a case may be transferred, who hears about it, which wards exist."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from bot.domain.access import province_of
from bot.domain.calendar import WorkCalendar
from bot.domain.choices import CaseButton, CaseVerb
from bot.domain.feedback import CITIZEN, Action, Attachment, Case, Category, Event, State
from bot.domain.inbox import (
    SUMMARY_CHARS,
    card,
    card_choices,
    deadline_status,
    masked_contact,
    staff_actions,
    transfer_targets,
    who_hears,
)
from bot.domain.messages import Lines, Text
from bot.domain.models import Role, StaffMember, Unit

CAL = WorkCalendar()
TODAY = date(2026, 11, 27)  # a Friday
HAIPHONG = Unit(1, "haiphong", "Thành phố Hải Phòng", kind="province")
CAUTRE = Unit(2, "cautre", "Phường Cầu Tre", parent_id=1, valid_to=date(2025, 6, 30))
NGOQUYEN = Unit(3, "ngoquyen", "Phường Ngô Quyền", parent_id=1, valid_from=date(2025, 7, 1))
GIAVIEN = Unit(4, "giavien", "Phường Gia Viên", parent_id=1, valid_from=date(2025, 7, 1))
HANOI = Unit(5, "hanoi", "Thành phố Hà Nội", kind="province")
HOANKIEM = Unit(6, "hoankiem", "Phường Hoàn Kiếm", parent_id=5)
LATER = Unit(7, "moi", "Phường Mới", parent_id=1, valid_from=date(2027, 1, 1))
UNITS = [HAIPHONG, CAUTRE, NGOQUYEN, GIAVIEN, HANOI, HOANKIEM, LATER]
OFFICER = StaffMember("2011", Role.OFFICER, NGOQUYEN.id)
LEADER = StaffMember("2012", Role.LEADER, NGOQUYEN.id)
SUPERVISOR = StaffMember("2003", Role.SUPERVISOR, HAIPHONG.id)
ADMIN = StaffMember("9999", Role.ADMIN, None)
OTHER = StaffMember("2021", Role.OFFICER, GIAVIEN.id)
CASE = Case(
    id=7,
    code="PA-4AMY-9FPA",
    unit_id=NGOQUYEN.id,
    category=Category.FEES,
    description="Gọi tôi ở số 0912 345 678 nhé. " + "x" * 400,
    state=State.NEW,
    channel="telegram",
    chat_id="1001",
    citizen_id="1001",
    language="vi",
    created_at=datetime(2026, 11, 25, 2, 0, tzinfo=UTC),
    accept_due=date(2026, 11, 26),
    answer_due=date(2026, 12, 16),
    phone="0912345678",
)


@pytest.mark.parametrize(
    ("unit", "day", "active"),
    [
        (CAUTRE, date(2025, 6, 30), True),
        (CAUTRE, date(2025, 7, 1), False),
        (NGOQUYEN, date(2025, 6, 30), False),
        (NGOQUYEN, date(2025, 7, 1), True),
        (HOANKIEM, date(1990, 1, 1), True),
        (LATER, TODAY, False),
    ],
)
def test_which_wards_exist_on_a_day(unit: Unit, day: date, active: bool) -> None:
    assert unit.active_on(day) is active


def test_the_province_is_the_top_of_the_chain() -> None:
    by_id = {u.id: u for u in UNITS}
    assert province_of(NGOQUYEN, by_id) == HAIPHONG
    assert province_of(HAIPHONG, by_id) == HAIPHONG
    assert province_of(HOANKIEM, by_id) == HANOI


@pytest.mark.parametrize(
    ("member", "state", "actions"),
    [
        (OFFICER, State.NEW, [Action.TAKE, Action.TRANSFER, Action.REFUSE]),
        (OFFICER, State.ACCEPTED, [Action.ANSWER, Action.ASK_INFO, Action.TRANSFER,
                                   Action.REFUSE, Action.CLOSE]),
        (OFFICER, State.NEEDS_INFO, [Action.ANSWER, Action.CLOSE]),
        (OFFICER, State.ANSWERED, [Action.CLOSE]),
        (OFFICER, State.CLOSED, []),
        (SUPERVISOR, State.NEW, [Action.TRANSFER]),
        (SUPERVISOR, State.NEEDS_INFO, []),
        (ADMIN, State.REOPENED, [Action.TAKE, Action.TRANSFER, Action.REFUSE]),
    ],
)  # fmt: skip
def test_the_buttons_a_member_gets(
    member: StaffMember, state: State, actions: list[Action]
) -> None:
    assert staff_actions(replace(CASE, state=state), member) == actions


def test_files_get_their_button_last() -> None:
    with_files = replace(CASE, attachments=(Attachment("photo", "f1"), Attachment("photo", "f2")))
    choices = card_choices(with_files, OFFICER)
    assert choices[-1].button == CaseButton(CaseVerb.FILES, CASE.id)
    assert choices[-1].values == {"count": 2}
    assert [c.button for c in card_choices(CASE, OFFICER)][-1] != choices[-1].button


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (State.NEW, ("accept", -1)),  # due Thursday 26/11, seen on Friday 27/11
        (State.REOPENED, ("accept", -1)),
        (State.ACCEPTED, ("answer", 13)),
        (State.NEEDS_INFO, ("answer", 13)),
    ],
)
def test_the_next_deadline(state: State, expected: tuple[str, int]) -> None:
    assert deadline_status(replace(CASE, state=state), TODAY, CAL) == expected


def test_the_card_masks_and_cuts_and_says_the_deadline() -> None:
    shown = card(CASE, NGOQUYEN, OFFICER, TODAY, CAL, "vi")
    summary = shown.values["summary"]
    assert isinstance(summary, str)
    assert "0912 345 678" not in summary and "09******78" in summary
    assert len(summary) == SUMMARY_CHARS and summary.endswith("…")
    assert shown.values["deadline"] == Text(
        "inbox.deadline.accept_late", {"due": "26/11/2026", "days": 1}
    )
    assert shown.values["channel"] == Text("inbox.channel.telegram")


AT = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
OFFICER_ACTOR = "staff:2011"
ASK = Event(AT, OFFICER_ACTOR, Action.ASK_INFO, State.NEEDS_INFO, "Số biên nhận?")
ASK_AGAIN = Event(AT, OFFICER_ACTOR, Action.ASK_INFO, State.NEEDS_INFO, "Ngày nộp?")
GIVEN = Event(AT, CITIZEN, Action.PROVIDE_INFO, State.ACCEPTED, "Biên nhận 123, gọi 0912 345 678")
TAKEN = Event(AT, OFFICER_ACTOR, Action.TAKE, State.ACCEPTED)


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ((), []),
        ((TAKEN,), []),
        ((TAKEN, ASK), [Text("inbox.asked", {"text": "Số biên nhận?"})]),
        (  # what the citizen supplied, masked, under the question it answers
            (TAKEN, ASK, GIVEN),
            [
                Text("inbox.asked", {"text": "Số biên nhận?"}),
                Text("inbox.supplied", {"text": "Biên nhận 123, gọi 09******78"}),
            ],
        ),
        (  # only the latest request, and what came after it
            (TAKEN, ASK, GIVEN, ASK_AGAIN),
            [Text("inbox.asked", {"text": "Ngày nộp?"})],
        ),
    ],
)
def test_the_card_shows_the_last_request_for_information_and_its_answer(
    events: tuple[Event, ...], expected: list[Text]
) -> None:
    shown = card(replace(CASE, events=events), NGOQUYEN, OFFICER, TODAY, CAL, "vi")
    extra = shown.values["extra"]
    assert (list(extra.parts) if isinstance(extra, Lines) else []) == expected


@pytest.mark.parametrize(
    ("assignee", "viewer", "expected"),
    [
        (None, OFFICER, "09******78"),
        ("2011", OFFICER, "0912345678"),  # the one on the case sees it in full
        ("2011", None, "09******78"),  # … but not in a group chat
        ("2011", OTHER, "09******78"),
    ],
)
def test_the_contact_is_shown_in_full_only_to_the_one_on_the_case(
    assignee: str | None, viewer: StaffMember | None, expected: str
) -> None:
    assert masked_contact(replace(CASE, assignee=assignee), viewer) == expected
    assert masked_contact(replace(CASE, phone=None), viewer) == Text("case.contact_anonymous")


@pytest.mark.parametrize(
    ("member", "case_unit", "targets"),
    [
        (OFFICER, NGOQUYEN, [GIAVIEN]),  # not itself, not the merged Cầu Tre, not Hà Nội
        (SUPERVISOR, NGOQUYEN, [GIAVIEN]),
        (OTHER, GIAVIEN, [NGOQUYEN]),
        (ADMIN, NGOQUYEN, [GIAVIEN, HOANKIEM]),  # an admin: any ward active today
        (OFFICER, HOANKIEM, []),
    ],
)
def test_where_a_case_may_be_transferred(
    member: StaffMember, case_unit: Unit, targets: list[Unit]
) -> None:
    case = replace(CASE, unit_id=case_unit.id)
    assert transfer_targets(case, member, UNITS, TODAY) == targets


def test_who_hears_about_a_case() -> None:
    staff = [OFFICER, LEADER, SUPERVISOR, ADMIN, OTHER]
    assert who_hears(CASE, staff) == [OFFICER, LEADER]  # nobody on it: the ward's people
    assert who_hears(replace(CASE, assignee="2012"), staff) == [LEADER]
    stand_in = who_hears(replace(CASE, assignee="9999x"), staff)
    assert [m.user_id for m in stand_in] == ["9999x"]  # an env admin, not in the staff table
