"""Feedback cases (phản ánh, kiến nghị): categories, states, and the transitions between them.

States are labels grouped into a few categories checked by predicates (open, answered,
closed), so adding a state does not break "is it open?". Every transition is appended to the
case's history as an event with who and when.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Category(StrEnum):
    """What the feedback is about (the TTHC pain points citizens report)."""

    LATE_DOSSIER = "late_dossier"
    EXTRA_DOCUMENTS = "extra_documents"
    STAFF_CONDUCT = "staff_conduct"
    FEES = "fees"
    ONLINE_SERVICE = "online_service"
    UNCLEAR_PROCEDURE = "unclear_procedure"
    OTHER = "other"

    @property
    def about_dossier(self) -> bool:
        """Whether the citizen is asked for the dossier code."""
        return self in {Category.LATE_DOSSIER, Category.EXTRA_DOCUMENTS}


class State(StrEnum):
    """Where a case is in its life."""

    NEW = "new"  # chờ tiếp nhận
    ACCEPTED = "accepted"  # đang xử lý (taken by a staff member)
    NEEDS_INFO = "needs_info"  # yêu cầu bổ sung thông tin
    ANSWERED = "answered"  # đã trả lời
    REOPENED = "reopened"  # công dân chưa hài lòng, mở lại
    REFUSED = "refused"  # từ chối (with a reason)
    CLOSED = "closed"  # đã đóng


# The states' categories (storage and the rules ask these, never a list of their own):
# staff still owe the citizen something; of those, the case waits to be taken (the accept clock).
OPEN_STATES = frozenset({State.NEW, State.ACCEPTED, State.NEEDS_INFO, State.REOPENED})
AWAITING_ACCEPTANCE = frozenset({State.NEW, State.REOPENED})


class Action(StrEnum):
    """What can happen to a case."""

    FILE = "file"
    TAKE = "take"
    ASK_INFO = "ask_info"
    PROVIDE_INFO = "provide_info"
    ANSWER = "answer"
    TRANSFER = "transfer"
    REFUSE = "refuse"
    CLOSE = "close"
    RATE = "rate"
    REOPEN = "reopen"
    ERASE = "erase"


class RefuseReason(StrEnum):
    """Why a case is refused; each points the citizen to the right channel."""

    NATIONAL_PORTAL = "national_portal"  # PAKN on regulations → Cổng DVCQG
    COMPLAINT = "complaint"  # khiếu nại, tố cáo → complaint procedure
    NOT_ADMINISTRATIVE = "not_administrative"
    DUPLICATE = "duplicate"
    UNCLEAR = "unclear"


# action → (states it may start from, state it leads to; None = unchanged)
TRANSITIONS: dict[Action, tuple[frozenset[State], State | None]] = {
    Action.TAKE: (AWAITING_ACCEPTANCE, State.ACCEPTED),
    Action.ASK_INFO: (frozenset({State.ACCEPTED}), State.NEEDS_INFO),
    Action.PROVIDE_INFO: (frozenset({State.NEEDS_INFO}), State.ACCEPTED),
    Action.ANSWER: (frozenset({State.ACCEPTED, State.NEEDS_INFO}), State.ANSWERED),
    Action.TRANSFER: (frozenset({State.NEW, State.ACCEPTED, State.REOPENED}), State.NEW),
    Action.REFUSE: (frozenset({State.NEW, State.ACCEPTED, State.REOPENED}), State.REFUSED),
    Action.CLOSE: (frozenset({State.ANSWERED, State.ACCEPTED, State.NEEDS_INFO}), State.CLOSED),
    Action.RATE: (frozenset({State.ANSWERED, State.CLOSED}), None),
    Action.REOPEN: (frozenset({State.ANSWERED, State.CLOSED}), State.REOPENED),
}

REOPEN_WINDOW_DAYS = 7
LOW_RATING = 3  # ratings at or below this offer a reopen
ACCEPT_WORKING_DAYS = 2  # to take a new (or reopened, or transferred) case
ANSWER_WORKING_DAYS = 15  # to answer it, unless configured per category
CITIZEN = "citizen"  # the actor of the citizen's own events
DESK = "desk"  # the channel of cases staff file for walk-in or phone callers


def staff_actor(user_id: str) -> str:
    """The actor of a staff member's events."""
    return f"staff:{user_id}"


class TransitionError(ValueError):
    """The action is not allowed from the case's current state."""

    def __init__(self, action: Action, state: State) -> None:
        super().__init__(f"{action} is not allowed from {state}")
        self.action = action
        self.state = state


def next_state(state: State, action: Action) -> State:
    """The state after `action`, or TransitionError."""
    allowed, target = TRANSITIONS[action]
    if state not in allowed:
        raise TransitionError(action, state)
    return state if target is None else target


def can(state: State, action: Action) -> bool:
    """Whether `action` is allowed in `state`."""
    allowed, _ = TRANSITIONS[action]
    return state in allowed


@dataclass(frozen=True, slots=True)
class Event:
    """One entry in a case's history."""

    at: datetime
    actor: str  # "citizen", "system", or "staff:<user id>"
    action: Action
    state: State  # the state after the action
    note: str = ""


@dataclass(frozen=True, slots=True)
class Attachment:
    """A photo or document the citizen sent, by the channel's file id."""

    kind: str  # "photo" | "document"
    file_id: str
    name: str = ""
    mime_type: str = ""
    size: int = 0


@dataclass(frozen=True, slots=True)
class Case:
    """A feedback case as the core sees it."""

    id: int
    code: str
    unit_id: int
    category: Category
    description: str
    state: State
    channel: str
    chat_id: str  # where the citizen filed it; updates go back there ("" for walk-ins)
    citizen_id: str  # the citizen's user id on that channel ("" for walk-ins)
    language: str
    created_at: datetime
    accept_due: date
    answer_due: date
    dossier_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    phone: str | None = None  # only with consent
    citizen_name: str | None = None
    consent_version: str | None = None
    consent_at: datetime | None = None
    assignee: str | None = None
    answer: str | None = None
    answered_at: datetime | None = None
    rating: int | None = None
    rating_reason: str | None = None
    refuse_reason: RefuseReason | None = None
    filed_by: str | None = None  # staff id for /nhap walk-in cases
    attachments: tuple[Attachment, ...] = ()
    events: tuple[Event, ...] = field(default_factory=tuple)

    @property
    def anonymous(self) -> bool:
        """No contact kept (no consent, or erased)."""
        return self.phone is None


def can_reopen(case: Case, now: datetime) -> bool:
    """A citizen may reopen an answered case within 7 days of the answer."""
    if not can(case.state, Action.REOPEN) or case.answered_at is None:
        return False
    return (now - case.answered_at).days < REOPEN_WINDOW_DAYS


class CitizenRefusal(StrEnum):
    """Why a citizen's action on their case was not done (worded once, in bot.services.citizen)."""

    NOT_YOURS = "not_yours"  # no such case among the citizen's own
    NOT_ANSWERED = "not_answered"  # nothing to rate yet
    RATED = "rated"  # rated already: a rating is given once
    TOO_LATE = "too_late"  # reopening more than 7 days after the answer
    INFO_NOT_NEEDED = "info_not_needed"  # staff asked for nothing (or no longer)
    CHANGED = "changed"  # the case changed between the check and the write


def citizen_refusal(case: Case | None, action: Action, now: datetime) -> CitizenRefusal | None:
    """Why the citizen may not rate, reopen or add information to their case now (None: they
    may); `case` None when it is not one of theirs."""
    if case is None:
        return CitizenRefusal.NOT_YOURS
    if action is Action.RATE and not can(case.state, Action.RATE):
        return CitizenRefusal.NOT_ANSWERED
    if action is Action.RATE and case.rating is not None:
        return CitizenRefusal.RATED
    if action is Action.REOPEN and not can_reopen(case, now):
        return CitizenRefusal.TOO_LATE
    if action is Action.PROVIDE_INFO and case.state is not State.NEEDS_INFO:
        return CitizenRefusal.INFO_NOT_NEEDED
    return None
