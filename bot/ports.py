"""Every port of the core: what it needs from the outside world, as Protocols.

Storage (`storage/`) and the channels (`handlers/`) implement them; one name per port.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, TypeVar, runtime_checkable

from bot.domain.apology import (
    ApologyLetter,
    CitizenContact,
    IssuedLetter,
    Refusal,
    StoredTemplate,
    Template,
)
from bot.domain.digest import AreaDigest, WardDigest, Week
from bot.domain.feedback import Case, Event, State
from bot.domain.indicators import (
    AreaRead,
    CaseFacts,
    CountsRead,
    DayCount,
    DossierTally,
    Window,
)
from bot.domain.jobs import JobRun, Subscription
from bot.domain.messages import OutboxItem, OutgoingMessage
from bot.domain.models import (
    AuditEntry,
    Dossier,
    Role,
    StaffMember,
    Task,
    TaskCounts,
    Unit,
)
from bot.domain.updates import InboundUpdate, InboxItem, StoredUpdate
from bot.domain.zalo import ZaloAccount, ZaloUser

if TYPE_CHECKING:
    from bot.domain.imports import DossierRecord, TaskRecord


class UnitRepository(Protocol):
    """Wards and the bodies above them."""

    async def add(
        self,
        slug: str,
        name: str,
        *,
        code: str | None = None,
        aliases: Sequence[str] = (),
        parent_slug: str | None = None,
        kind: str = "ward",
    ) -> Unit: ...

    async def all(self) -> list[Unit]: ...

    async def by_slug(self, slug: str) -> Unit | None: ...

    async def by_id(self, unit_id: int) -> Unit | None: ...


class StaffRepository(Protocol):
    """Who is an official, with which role, for which unit."""

    async def add(
        self,
        user_id: str,
        role: Role,
        unit_id: int | None,
        name: str | None = None,
        *,
        channel: str | None = None,
    ) -> StaffMember: ...

    async def get(self, user_id: str) -> StaffMember | None: ...

    async def all(self) -> list[StaffMember]: ...

    async def remove(self, user_id: str) -> bool: ...

    async def reach(self, user_id: str) -> list[StaffMember]:
        """Where alerts meant for the person holding `user_id` go: their entries on the channels
        they chose (a person linked on two channels may have chosen the other one); [] when
        `user_id` is nobody's."""
        ...


class InviteStore(Protocol):
    """One-time staff invitations, by the hash of their code (bot.domain.invites)."""

    async def create(
        self,
        code_hash: str,
        role: Role,
        unit_id: int | None,
        name: str | None,
        at: datetime,
        expires_at: datetime,
        link_to: str | None = None,
    ) -> None: ...

    async def use(
        self, code_hash: str, at: datetime, used_by: str
    ) -> tuple[Role, int | None, str | None, str | None] | None: ...


class StaffLinks(Protocol):
    """One person's staff entries on several channels, and where their alerts go."""

    async def link(self, user_id: str, to_user_id: str) -> bool: ...

    async def choose_alerts(self, user_id: str, channel: str | None) -> list[str]:
        """Alerts to the person's entry on `channel` only (None: on all); their channels."""
        ...

    async def set_person_phone(self, user_id: str, phone: str | None) -> int:
        """Record (None: forget) the phone of the person holding `user_id`, on each of their
        entries (the ZBS template reaches them by it); how many entries were changed."""
        ...

    async def phone_of(self, user_id: str) -> str | None:
        """The phone recorded for an official, if any."""
        ...


RecordT_contra = TypeVar("RecordT_contra", contravariant=True)


class ImportSession(Protocol[RecordT_contra]):
    """One all-or-nothing import: rows are staged, then merged by code only if all were good.

    Leaving the `importing()` context commits when `merge()` was awaited, else rolls back.
    """

    async def stage(self, records: Sequence[RecordT_contra], lines: Sequence[int]) -> None: ...

    async def duplicates(self) -> list[tuple[int, int, str]]:
        """(line, first line with that code, code) for each repeated code, by line."""
        ...

    async def discard(self, lines: Sequence[int]) -> None:
        """Drop staged rows by line (a repeated code skipped with `--skip-bad`)."""
        ...

    async def merge(self) -> tuple[int, int]:
        """Upsert the staged rows by code; returns (new, updated)."""
        ...


class DossierRepository(Protocol):
    """One-stop dossiers."""

    async def upsert_many(self, dossiers: Iterable[Dossier]) -> int: ...

    def importing(
        self, now: datetime
    ) -> AbstractAsyncContextManager[ImportSession[DossierRecord]]: ...

    async def get(self, code: str) -> Dossier | None: ...


class IndicatorCounts(Protocol):
    """The counts behind every report, digest and file (see `bot.domain.indicators`)."""

    async def dossiers(
        self, units: Sequence[int], windows: Sequence[Window], utc_offset: int
    ) -> list[dict[int, dict[str, DossierTally]]]:
        """Per window, per unit and field, the dossier counts (local days at `utc_offset`)."""
        ...

    async def read(
        self,
        units: Sequence[int],
        windows: Sequence[Window],
        utc_offset: int,
        task_year: int | None,
    ) -> CountsRead:
        """The dossier counts of every window, the feedback cases of their span and the tasks
        of `task_year` (none when None) by the first window's end, in one read that sees one
        state."""
        ...

    async def area(
        self,
        area: int,
        members: Sequence[int],
        inside: Sequence[int],
        extras: Sequence[Sequence[int]],
        windows: Sequence[Window],
        utc_offset: int,
        task_year: int | None,
    ) -> AreaRead | None:
        """An area's counts over `inside` (it and the units under it) and `extras[k]` (the
        other units window k counts): the first window's per field and per member, the others
        in total; the feedback cases and the tasks; in one read. None where its aggregates
        cannot give them (then `read()` does)."""
        ...

    async def flagged(
        self, units: Sequence[int], window: Window, codes: Iterable[str]
    ) -> dict[int, tuple[int, int]]:
        """Per unit, (dossiers of 2.1's population among `codes`, of those not on time)."""
        ...

    async def processing(
        self, units: Sequence[int], window: Window, utc_offset: int
    ) -> list[DayCount]:
        """2.2's completed dossiers counted per calendar, procedure and day."""
        ...

    async def cases(self, units: Sequence[int], window: Window) -> list[CaseFacts]:
        """The feedback cases the window's indicators read."""
        ...

    async def tasks(self, units: Sequence[int], year: int, window: Window) -> dict[int, TaskCounts]:
        """Per unit, the tasks of `year` done by the window's end, and all of them."""
        ...


class TaskRepository(Protocol):
    """The year's CCHC tasks per ward."""

    async def upsert_many(self, tasks: Iterable[Task]) -> int: ...

    def importing(
        self, now: datetime
    ) -> AbstractAsyncContextManager[ImportSession[TaskRecord]]: ...


class AuditLog(Protocol):
    """Append-only record of staff actions."""

    async def append(self, entry: AuditEntry, at: datetime) -> None: ...


class ProcessedUpdates(Protocol):
    """The ledger of channel updates already handled, keyed by bot."""

    async def seen(self, bot: str, update_id: str) -> bool: ...

    async def claim(self, bot: str, update_id: str, at: datetime) -> bool: ...


class CommandMenus(Protocol):
    """The command menu last set in each channel scope (by digest), so unchanged ones are not
    set again."""

    async def digests(self, prefix: str) -> dict[str, str]: ...

    async def record(self, scope: str, digest: str) -> None: ...


class InboxEntrance(Protocol):
    """Where a channel stores what it receives before it acknowledges it; returns how many of
    the updates were new."""

    async def store(self, updates: Sequence[InboundUpdate], at: datetime) -> int: ...


class InboxStore(Protocol):
    """The durable inbox: updates stored before the channel is told, handled from there."""

    async def store(self, updates: Sequence[InboundUpdate], at: datetime) -> int: ...

    async def store_new(
        self, updates: Sequence[InboundUpdate], at: datetime
    ) -> list[StoredUpdate]: ...

    async def pending(self, now: datetime, limit: int) -> list[InboxItem]: ...

    async def next_in_chat(self, chat: str, after_id: int, now: datetime) -> InboxItem | None: ...

    async def done(self, item: InboxItem, at: datetime) -> None: ...

    async def retry(self, item: InboxItem, not_before: datetime, error: str) -> None: ...

    async def fail(self, item: InboxItem, at: datetime, error: str) -> None: ...

    async def prune(self, before: datetime) -> int: ...


# In a SendError's reason: the channel can no longer reach this recipient (e.g. a Zalo citizen
# silent for more than 7 days with no template to fall back on), as opposed to a refusal.
UNREACHABLE = "unreachable"


class SendError(Exception):
    """A channel refused or failed a send; `retry_after` (seconds) when it asked to wait."""

    def __init__(self, reason: str, *, permanent: bool, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.retry_after = retry_after


class Sender(Protocol):
    """Delivers an outgoing message on its channel; returns the channel's message id."""

    async def send(self, message: OutgoingMessage) -> str: ...


class OutboxStore(Protocol):
    """The durable outbox (rows are also written by other repositories' transactions)."""

    async def enqueue(self, key: str, message: OutgoingMessage, not_before: datetime) -> bool: ...

    async def due(self, now: datetime, limit: int) -> list[OutboxItem]: ...

    async def mark_sent(self, item_id: int, at: datetime, message_id: str) -> None: ...

    async def mark_retry(
        self, item_id: int, attempts: int, not_before: datetime, error: str
    ) -> None: ...

    async def mark_dead(self, item_id: int, attempts: int, error: str) -> None: ...


class CaseCodeTakenError(Exception):
    """The generated tracking code already exists (the caller draws another)."""


class FeedbackRepository(Protocol):
    """Feedback cases; each change is stored with its event and its outbox rows."""

    async def create(
        self,
        case: Case,
        event: Event,
        notifications: Sequence[tuple[str, OutgoingMessage]] = (),
        *,
        conversation: tuple[str, str] | None = None,
    ) -> Case: ...

    async def apply(
        self,
        case_id: int,
        expected: State,
        changes: Mapping[str, object],
        event: Event,
        notifications: Sequence[tuple[str, OutgoingMessage]] = (),
    ) -> Case | None: ...

    async def get(self, case_id: int) -> Case | None: ...

    async def by_code(self, code: str) -> Case | None: ...

    async def open_cases(self, unit_ids: Sequence[int] | None) -> list[Case]: ...

    async def count_filed_since(self, channel: str, citizen_id: str, since: datetime) -> int: ...

    async def for_citizen(self, channel: str, citizen_id: str) -> list[Case]: ...

    async def citizen_units(self, citizen_id: str) -> list[tuple[str, int]]:
        """(channel, unit id) of every case a user filed as a citizen, on any channel."""
        ...

    async def erase_citizen(
        self, channel: str, citizen_id: str, redact: Mapping[int, str], event: Event
    ) -> int: ...

    async def set_blocked(
        self, channel: str, user_id: str, blocked_by: str | None, at: datetime
    ) -> None: ...

    async def is_blocked(self, channel: str, user_id: str) -> bool: ...


class ConversationStore(Protocol):
    """Where each (channel, user) is in a conversation the core drives, kept across restarts."""

    async def load(
        self, channel: str, user_id: str
    ) -> tuple[dict[str, object], datetime] | None: ...

    async def save(
        self, channel: str, user_id: str, state: dict[str, object], at: datetime
    ) -> None: ...

    async def delete(self, channel: str, user_id: str) -> None: ...


class ApologyStore(Protocol):
    """Where letters and templates are kept (the letter is recorded with its dossier)."""

    async def next_sequence(self, unit_id: int, year: int) -> int: ...

    async def record(self, letter: IssuedLetter) -> Refusal | None: ...

    async def letter(self, dossier_code: str) -> IssuedLetter | None: ...

    async def letters(self, unit_id: int) -> list[IssuedLetter]: ...

    async def citizens(self, dossier_code: str) -> list[CitizenContact]: ...

    async def notify(
        self, dossier_code: str, messages: Sequence[tuple[str, OutgoingMessage]], at: datetime
    ) -> int: ...

    async def template(self, unit_id: int) -> StoredTemplate | None: ...

    async def set_template(self, unit_id: int | None, template: Template, at: datetime) -> None: ...


class JobStore(Protocol):
    """Job runs and notices; a run is recorded with its outbox rows atomically."""

    async def last_runs(self) -> dict[str, JobRun]: ...

    async def has_run(self, job: str, occurrence: str) -> bool: ...

    async def existing_keys(self, keys: Sequence[str]) -> set[str]: ...

    async def record(
        self,
        run: JobRun,
        messages: Sequence[tuple[str, OutgoingMessage]],
        notices: Sequence[tuple[str, str]] = (),
    ) -> int | None: ...


class JobQueries(Protocol):
    """The reads behind the jobs, each one statement over every ward."""

    async def dossiers_needing_apology(
        self, due_before: datetime, now: datetime
    ) -> list[Dossier]: ...

    async def oldest_overdue(self, now: datetime, per_unit: int) -> dict[int, list[Dossier]]: ...

    async def open_cases(self) -> list[tuple[Case, datetime | None, datetime | None]]: ...


class SubscriptionStore(Protocol):
    """Who receives which unit's weekly digest."""

    async def subscribe(self, channel: str, user_id: str, unit_id: int, at: datetime) -> bool: ...

    async def unsubscribe(self, channel: str, user_id: str, unit_id: int) -> bool: ...

    async def all(self) -> list[Subscription]: ...


class DigestCharts(Protocol):
    """Renders a digest's chart as PNG bytes (blocking: called in a worker thread)."""

    def ward(self, digest: WardDigest, week: Week, lang: str) -> bytes: ...

    def area(self, digest: AreaDigest, week: Week, lang: str) -> bytes: ...


@runtime_checkable
class OutboxGroups(Protocol):
    """An outbox that can hand over a recipient's next rows, to be sent as one message."""

    async def following(
        self, channel: str, recipient: str, after_id: int, until: datetime, limit: int
    ) -> list[OutboxItem]: ...

    async def mark_sent_together(
        self, item_ids: Sequence[int], at: datetime, message_id: str
    ) -> None: ...


@runtime_checkable
class OutboxSchedule(Protocol):
    """An outbox that can tell when its next pending row falls due (lets `run` sleep exactly)."""

    async def next_not_before(self, after: datetime) -> datetime | None: ...


class ZaloStore(Protocol):
    """Accounts with their tokens, citizens' last messages, and taken webhook events."""

    async def accounts(self) -> list[ZaloAccount]: ...

    async def account_by_oa(self, oa_id: str) -> ZaloAccount | None: ...

    async def save_tokens(
        self,
        oa_id: str,
        access_token: str,
        refresh_token: str,
        expires_at: datetime | None,
        at: datetime,
    ) -> None: ...

    async def touch_user(
        self, oa_id: str, user_id: str, msg_id: str | None, at: datetime
    ) -> None: ...

    async def set_unfollowed(self, oa_id: str, user_id: str, at: datetime) -> None: ...

    async def user(self, user_id: str, oa_id: str | None = None) -> ZaloUser | None:
        """The Zalo user by id, as seen by `oa_id` when given (else the OA they wrote to last)."""
        ...

    async def offer_choices(
        self, oa_id: str, user_id: str, choices: Sequence[tuple[str, str]]
    ) -> int:
        """Number (label, payload) choices shown as numbered text after those offered since the
        user last wrote; the number of the first."""
        ...

    async def offered_choices(self, oa_id: str, user_id: str) -> list[tuple[str, str]]:
        """The numbered (label, payload) choices offered since the user last wrote."""
        ...

    async def clear_choices(self, oa_id: str, user_id: str) -> None:
        """The user wrote again: the choices offered before are no longer theirs to pick."""
        ...


# Renders an apology letter as a document (DOCX bytes).
LetterRenderer = Callable[[ApologyLetter], bytes]
