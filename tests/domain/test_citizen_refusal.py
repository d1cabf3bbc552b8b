"""What a citizen may do with their own case after filing, as reason codes: a table of cases."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.feedback import Action, Case, Category, CitizenRefusal, State, citizen_refusal
from bot.domain.texts import LANGUAGES
from bot.services.citizen import REFUSALS

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=TZ)
FILED = Case(
    id=1,
    code="PA-1",
    unit_id=3,
    category=Category.OTHER,
    description="…",
    state=State.NEW,
    channel="telegram",
    chat_id="1",
    citizen_id="1",
    language="vi",
    created_at=NOW - timedelta(days=10),
    accept_due=date(2026, 11, 19),
    answer_due=date(2026, 12, 8),
)
ANSWERED = replace(FILED, state=State.ANSWERED, answered_at=NOW - timedelta(days=2))
R = CitizenRefusal


@pytest.mark.parametrize(
    ("case", "action", "expected"),
    [
        (None, Action.RATE, R.NOT_YOURS),
        (None, Action.REOPEN, R.NOT_YOURS),
        (None, Action.PROVIDE_INFO, R.NOT_YOURS),
        (FILED, Action.RATE, R.NOT_ANSWERED),
        (replace(FILED, state=State.ACCEPTED), Action.RATE, R.NOT_ANSWERED),
        (ANSWERED, Action.RATE, None),
        (replace(ANSWERED, state=State.CLOSED), Action.RATE, None),
        (replace(ANSWERED, rating=2), Action.RATE, R.RATED),
        (ANSWERED, Action.REOPEN, None),
        (replace(ANSWERED, rating=1), Action.REOPEN, None),
        # Seven days after the answer the window is closed.
        (replace(ANSWERED, answered_at=NOW - timedelta(days=6, hours=23)), Action.REOPEN, None),
        (replace(ANSWERED, answered_at=NOW - timedelta(days=7)), Action.REOPEN, R.TOO_LATE),
        (FILED, Action.REOPEN, R.TOO_LATE),
        (replace(FILED, state=State.NEEDS_INFO), Action.PROVIDE_INFO, None),
        (replace(FILED, state=State.ACCEPTED), Action.PROVIDE_INFO, R.INFO_NOT_NEEDED),
        (ANSWERED, Action.PROVIDE_INFO, R.INFO_NOT_NEEDED),
    ],
)
def test_what_a_citizen_may_do_with_their_case(
    case: Case | None, action: Action, expected: CitizenRefusal | None
) -> None:
    assert citizen_refusal(case, action, NOW) is expected


def test_every_refusal_is_worded_in_both_languages() -> None:
    assert set(REFUSALS) == set(CitizenRefusal)
    for key in REFUSALS.values():
        assert LANGUAGES["vi"].get(key) and LANGUAGES["en"].get(key), key
