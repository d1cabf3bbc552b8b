"""The citizen's guided feedback conversation, as a pure state machine that any channel drives.

A channel adapter turns what the citizen sent into an input (`TextInput`, `ChoiceInput`, …),
calls `advance` with the stored `Draft`, stores the new draft and renders the returned `Prompt`
(texts keys, choices as buttons or numbered text). Invalid input never raises: the same step
comes back with `error_key` set. Time is a parameter (`IntakeContext.now`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar

from bot.domain.choices import DraftField, EditField, IntakeButton, Pick, PickCategory, PickWard
from bot.domain.feedback import Attachment, Category
from bot.domain.messages import Choice, Reply, Value
from bot.domain.models import Unit
from bot.domain.privacy import mask_phone, normalize_vn_phone
from bot.domain.texts import t
from bot.domain.ward_choices import lookup_key, lookup_values
from bot.domain.wards import (
    WardAmbiguous,
    WardFound,
    WardIndex,
    WardLookup,
    WardMoved,
    fold,
)


class Step(StrEnum):
    """Where the citizen is in the conversation, in order."""

    WARD = "ward"
    CATEGORY = "category"
    DOSSIER_CODE = "dossier_code"
    DESCRIPTION = "description"
    ATTACHMENTS = "attachments"
    LOCATION = "location"
    CONTACT = "contact"
    CONSENT = "consent"
    CONFIRM = "confirm"
    EDIT = "edit"  # which field of the summary to change
    DONE = "done"
    CANCELLED = "cancelled"


# --- the steps' buttons (encoded by bot.domain.choices) ----------------------------------------
SKIP = Pick.SKIP
DONE = Pick.DONE
KEEP = Pick.KEEP
ANONYMOUS = Pick.ANONYMOUS
AGREE = Pick.AGREE
DISAGREE = Pick.DISAGREE
SEND = Pick.SEND
EDIT = Pick.EDIT
CANCEL = Pick.CANCEL
BACK = Pick.BACK
RESUME = Pick.RESUME
# Typed instead of pressing "⬅️ Quay lại" (folded).
BACK_WORDS = frozenset({"quay lai", "tro lai", "lui lai", "back"})
# The steps worded for the official at the desk (the phone is the citizen's, typed by them).
DESK_KEYS: Mapping[str, str] = {
    "intake.ward": "intake.ward.desk",
    "intake.category": "intake.category.desk",
    "intake.dossier_code": "intake.dossier_code.desk",
    "intake.description": "intake.description.desk",
    "intake.attachments": "intake.attachments.desk",
    "intake.location": "intake.location.desk",
    "intake.contact": "intake.contact.desk",
    "intake.consent.2026-01": "intake.consent.2026-01.desk",
    "intake.choice.agree": "intake.choice.agree.desk",  # the citizen agrees, not the official
    "intake.choice.disagree": "intake.choice.disagree.desk",
}
MIN_LETTERS = 10  # a description is words: at least this many letters (not 21 emoji)

# consent version → the texts key holding exactly the text the citizen agreed to
CONSENT_TEXT_KEYS: dict[str, str] = {"2026-01": "intake.consent.2026-01"}

ACCEPTED_EXTENSIONS = frozenset({"pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx"})
ACCEPTED_MIME_TYPES = frozenset(
    {
        "application/pdf",
        "image/jpeg",
        "image/png",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
)
_DOSSIER_CODE = re.compile(r"[A-Za-z0-9./_\-]{3,40}")
_NUMBER = re.compile(r"(\d{1,3})[.)]?")
_DASH = "—"
# The CONFIRM summary must fit one chat message (Telegram 4096, Zalo 2000 characters).
SUMMARY_DESCRIPTION_CHARS = 1000
_T = TypeVar("_T")


# --- inputs ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class TextInput:
    """A typed message."""

    text: str


@dataclass(frozen=True, slots=True)
class ChoiceInput:
    """A press on one of the steps' buttons."""

    button: IntakeButton


@dataclass(frozen=True, slots=True)
class PhotoInput:
    """A photo (the channel's file id; size in bytes, 0 when unknown)."""

    file_id: str
    size: int = 0


@dataclass(frozen=True, slots=True)
class DocumentInput:
    """A file sent as a document."""

    file_id: str
    name: str = ""
    mime_type: str = ""
    size: int = 0


@dataclass(frozen=True, slots=True)
class LocationInput:
    """A shared map location."""

    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class ContactInput:
    """A shared contact; `own` is True only when it is the sender's own contact."""

    phone: str
    own: bool


@dataclass(frozen=True, slots=True)
class UnsupportedInput:
    """Anything the intake cannot take (sticker, voice, video, …)."""

    kind: str


Input = (
    TextInput
    | ChoiceInput
    | PhotoInput
    | DocumentInput
    | LocationInput
    | ContactInput
    | UnsupportedInput
)


# --- state, context, output --------------------------------------------------------------------
class DraftError(ValueError):
    """A stored draft cannot be read back (garbage or an incompatible shape)."""


@dataclass(frozen=True, slots=True)
class Draft:
    """Everything the citizen has told the intake so far, and where they are."""

    step: Step
    started_at: datetime
    updated_at: datetime
    unit_id: int | None = None
    category: Category | None = None
    dossier_code: str | None = None
    description: str | None = None
    attachments: tuple[Attachment, ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    phone: str | None = None
    consent: bool | None = None
    consent_version: str | None = None
    consent_at: datetime | None = None
    returning_to_confirm: bool = False
    ward_options: tuple[int, ...] = ()  # the wards a typed name matched: the citizen picks one

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict (for storage per channel and user)."""
        return {
            "v": 1,
            "step": self.step.value,
            "started_at": self.started_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "unit_id": self.unit_id,
            "category": self.category.value if self.category else None,
            "dossier_code": self.dossier_code,
            "description": self.description,
            "attachments": [
                {
                    "kind": a.kind,
                    "file_id": a.file_id,
                    "name": a.name,
                    "mime_type": a.mime_type,
                    "size": a.size,
                }
                for a in self.attachments
            ],
            "latitude": self.latitude,
            "longitude": self.longitude,
            "phone": self.phone,
            "consent": self.consent,
            "consent_version": self.consent_version,
            "consent_at": self.consent_at.isoformat() if self.consent_at else None,
            "returning_to_confirm": self.returning_to_confirm,
            "ward_options": list(self.ward_options),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Draft:
        """Read a draft back; missing optional keys take defaults, garbage raises DraftError."""
        if not isinstance(data, Mapping):
            raise DraftError("a draft must be a JSON object")
        try:
            step = Step(_req(data, "step", str))
        except ValueError as exc:
            raise DraftError(f"unknown step {data.get('step')!r}") from exc
        started_at = _time(data, "started_at", required=True)
        assert started_at is not None
        updated_at = _time(data, "updated_at") or started_at
        category_value = _opt(data, "category", str)
        try:
            category = Category(category_value) if category_value is not None else None
        except ValueError as exc:
            raise DraftError(f"unknown category {category_value!r}") from exc
        raw_attachments = data.get("attachments") or []
        if not isinstance(raw_attachments, list):
            raise DraftError("attachments must be a list")
        attachments = tuple(_attachment(item) for item in raw_attachments)
        raw_options = data.get("ward_options") or []
        if not isinstance(raw_options, list) or not all(
            isinstance(i, int) and not isinstance(i, bool) for i in raw_options
        ):
            raise DraftError("ward_options must be a list of unit ids")
        return cls(
            step=step,
            started_at=started_at,
            updated_at=updated_at,
            unit_id=_opt(data, "unit_id", int),
            category=category,
            dossier_code=_opt(data, "dossier_code", str),
            description=_opt(data, "description", str),
            attachments=attachments,
            latitude=_float(data, "latitude"),
            longitude=_float(data, "longitude"),
            phone=_opt(data, "phone", str),
            consent=_opt(data, "consent", bool),
            consent_version=_opt(data, "consent_version", str),
            consent_at=_time(data, "consent_at"),
            returning_to_confirm=bool(_opt(data, "returning_to_confirm", bool)),
            ward_options=tuple(raw_options),
        )


def _req(data: Mapping[str, object], key: str, kind: type[_T]) -> _T:
    value = _opt(data, key, kind)
    if value is None:
        raise DraftError(f"{key} is missing")
    return value


def _opt(data: Mapping[str, object], key: str, kind: type[_T]) -> _T | None:
    value = data.get(key)
    if value is None:
        return None
    # bool is an int subclass: keep them apart both ways.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise DraftError(f"{key} must be {kind.__name__}, not {type(value).__name__}")
    return value


def _float(data: Mapping[str, object], key: str) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise DraftError(f"{key} must be a finite number")
    return float(value)


def _time(data: Mapping[str, object], key: str, *, required: bool = False) -> datetime | None:
    text = _req(data, key, str) if required else _opt(data, key, str)
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise DraftError(f"{key} is not an ISO-8601 time") from exc
    if value.tzinfo is None:
        raise DraftError(f"{key} has no time zone")
    return value


def _attachment(item: object) -> Attachment:
    if not isinstance(item, Mapping):
        raise DraftError("an attachment must be a JSON object")
    kind = _req(item, "kind", str)
    if kind not in ("photo", "document"):
        raise DraftError(f"unknown attachment kind {kind!r}")
    return Attachment(
        kind=kind,
        file_id=_req(item, "file_id", str),
        name=_opt(item, "name", str) or "",
        mime_type=_opt(item, "mime_type", str) or "",
        size=_opt(item, "size", int) or 0,
    )


@dataclass(frozen=True, slots=True)
class IntakeContext:
    """What the intake needs from outside: selectable wards, the time, the language, limits.

    `wards` are the wards a case can go to today; `all_units` every unit a typed name may
    mean (former wards lead to their successors, provinces qualify a name), by default the
    selectable wards; `today` is the local date names are resolved at (default: now's date)."""

    wards: tuple[Unit, ...]
    default_unit_id: int | None
    now: datetime
    lang: str
    all_units: tuple[Unit, ...] = ()
    today: date | None = None
    consent_version: str = "2026-01"
    max_attachments: int = 5
    min_description: int = 20
    max_description: int = 4000
    max_file_bytes: int = 20 * 1024 * 1024
    desk: bool = False  # an official files it for a citizen at the desk or on the phone

    def __post_init__(self) -> None:
        """Refuse a context the intake cannot serve (programming errors, not citizen input)."""
        if self.now.tzinfo is None:
            raise ValueError("IntakeContext.now must be an aware datetime")
        if self.consent_version not in CONSENT_TEXT_KEYS:
            raise ValueError(f"no consent text for version {self.consent_version!r}")


# What the machine shows at each step: a Reply (texts key, values, choices, requests, error).
Prompt = Reply


@dataclass(frozen=True, slots=True)
class StepResult:
    """The outcome of one input: the new draft, what to show, and whether the intake ended."""

    draft: Draft
    prompt: Prompt
    completed: bool = False
    cancelled: bool = False


def choice_label(prompt: Prompt, choice: Choice, lang: str) -> str:
    """The label of one of the prompt's choices in `lang`, as plain text (what a citizen may
    type instead of pressing the button)."""
    return t(lang, choice.key, **choice.values)


# --- public functions --------------------------------------------------------------------------
def start(ctx: IntakeContext) -> tuple[Draft, Prompt]:
    """A fresh draft (the ward step skipped when the ward is known) and its first prompt."""
    unit_id = ctx.default_unit_id
    if unit_id is None and len(ctx.wards) == 1:
        unit_id = ctx.wards[0].id
    step = Step.WARD if unit_id is None else Step.CATEGORY
    draft = Draft(step=step, started_at=ctx.now, updated_at=ctx.now, unit_id=unit_id)
    return draft, prompt_for(draft, ctx)


def cancel(draft: Draft, ctx: IntakeContext) -> StepResult:
    """End the intake at any step (a /cancel command). A phone number given but not yet
    consented to (cancelled at the consent step) is not kept."""
    phone = draft.phone if draft.consent else None
    done = replace(draft, step=Step.CANCELLED, phone=phone, updated_at=ctx.now)
    return StepResult(done, prompt_for(done, ctx), cancelled=True)


def advance(draft: Draft, inp: Input, ctx: IntakeContext) -> StepResult:
    """Apply one input to the draft; invalid input returns the same step with `error_key`."""
    draft = replace(draft, updated_at=ctx.now)
    if draft.step in (Step.DONE, Step.CANCELLED):
        return _refuse(draft, ctx, "intake.error.finished")
    if isinstance(inp, UnsupportedInput):
        return _refuse(draft, ctx, "intake.error.unsupported")
    if (
        isinstance(inp, PhotoInput | DocumentInput)
        and draft.step != Step.ATTACHMENTS
        and len(draft.attachments) >= ctx.max_attachments
    ):
        return _refuse(draft, ctx, "intake.error.too_many_files", maximum=ctx.max_attachments)
    if isinstance(inp, ChoiceInput) and inp.button is RESUME:
        return _ok(draft, ctx)
    picked = _picked(draft, inp, ctx)
    if picked == BACK or (isinstance(inp, TextInput) and fold(inp.text).strip(" .!") in BACK_WORDS):
        return _ok(_back(draft, ctx), ctx)
    if picked == CANCEL:
        return cancel(draft, ctx)
    handler = _HANDLERS[draft.step]
    return _after_edit(draft, handler(draft, inp, ctx), ctx)


def _asks_ward(ctx: IntakeContext) -> bool:
    return ctx.default_unit_id is None and len(ctx.wards) != 1


def _path(draft: Draft, ctx: IntakeContext) -> list[Step]:
    """The steps this draft goes through, in order."""
    steps = [Step.WARD] if _asks_ward(ctx) else []
    steps.append(Step.CATEGORY)
    if draft.category is not None and draft.category.about_dossier:
        steps.append(Step.DOSSIER_CODE)
    steps += [Step.DESCRIPTION, Step.ATTACHMENTS, Step.LOCATION, Step.CONTACT]
    if draft.phone is not None or draft.consent is not None:
        steps.append(Step.CONSENT)
    steps.append(Step.CONFIRM)
    return steps


def _previous(draft: Draft, ctx: IntakeContext) -> Step | None:
    """The step before the current one (None at the first)."""
    if draft.step == Step.EDIT:
        return Step.CONFIRM
    path = _path(draft, ctx)
    if draft.step not in path:
        return None
    index = path.index(draft.step)
    return path[index - 1] if index > 0 else None


def _back(draft: Draft, ctx: IntakeContext) -> Draft:
    """One step back; from a field being edited, back to the summary unchanged. A phone number
    left at the consent step without consent is not kept."""
    if draft.returning_to_confirm:
        back = replace(draft, step=Step.CONFIRM, returning_to_confirm=False)
    else:
        previous = _previous(draft, ctx)
        back = draft if previous is None else replace(draft, step=previous, ward_options=())
    if draft.step == Step.CONSENT and back.step != Step.CONSENT and not draft.consent:
        back = replace(back, phone=None)
    return back


def _after_edit(before: Draft, result: StepResult, ctx: IntakeContext) -> StepResult:
    """A field edited from the summary goes back to it once answered (a new dossier category
    still asks its code, a new phone its consent)."""
    draft = result.draft
    if not before.returning_to_confirm or draft.step in (before.step, Step.DONE, Step.CANCELLED):
        return result
    needed = (draft.step == Step.DOSSIER_CODE and draft.dossier_code is None) or (
        draft.step == Step.CONSENT
    )
    if needed:
        return result
    back = replace(draft, step=Step.CONFIRM, returning_to_confirm=False)
    shown = replace(
        prompt_for(back, ctx),
        error_key=result.prompt.error_key,
        error_values=result.prompt.error_values,
    )
    return StepResult(back, shown)


def editable(draft: Draft, ctx: IntakeContext) -> tuple[DraftField, ...]:
    """The summary's fields the citizen may change."""
    fields = [DraftField.WARD] if _asks_ward(ctx) else []
    fields.append(DraftField.CATEGORY)
    if draft.category is not None and draft.category.about_dossier:
        fields.append(DraftField.DOSSIER_CODE)
    fields += [DraftField.DESCRIPTION, DraftField.ATTACHMENTS, DraftField.LOCATION]
    fields.append(DraftField.CONTACT)
    return tuple(fields)


def prompt_for(draft: Draft, ctx: IntakeContext) -> Prompt:
    """The prompt of the draft's current step (to re-show it, e.g. after a restart); at the
    desk, worded for the official ("người dân", not "bạn") where a desk wording exists."""
    prompt = _prompt(draft, ctx)
    if ctx.desk and prompt.key in DESK_KEYS:
        prompt = replace(prompt, key=DESK_KEYS[prompt.key])
    return prompt


def _prompt(draft: Draft, ctx: IntakeContext) -> Prompt:
    step = draft.step
    if step == Step.WARD:
        key = "intake.ward" if ctx.wards else "intake.ward.none"
        return Prompt(
            key="intake.ward.which" if draft.ward_options else key,
            choices=_choices(draft, ctx),
        )
    if step == Step.CATEGORY:
        return Prompt(key="intake.category", choices=_choices(draft, ctx))
    if step == Step.DOSSIER_CODE:
        return Prompt(key="intake.dossier_code", choices=_choices(draft, ctx))
    if step == Step.DESCRIPTION:
        key = "intake.description.edit" if draft.returning_to_confirm else "intake.description"
        values = {"minimum": ctx.min_description, "maximum": ctx.max_description}
        return Prompt(key=key, values=values, choices=_choices(draft, ctx))
    if step == Step.ATTACHMENTS:
        count = len(draft.attachments)
        values = {
            "count": count,
            "maximum": ctx.max_attachments,
            "remaining": max(ctx.max_attachments - count, 0),
            "max_mb": ctx.max_file_bytes // (1024 * 1024),
        }
        key = "intake.attachments.more" if count else "intake.attachments"
        return Prompt(key=key, values=values, choices=_choices(draft, ctx))
    if step == Step.LOCATION:
        full = len(draft.attachments) >= ctx.max_attachments
        return Prompt(
            key="intake.location.files_full" if full else "intake.location",
            values={"maximum": ctx.max_attachments} if full else {},
            choices=_choices(draft, ctx),
            # At the desk the place is typed in or picked on the map: "here" is the desk.
            request_location=not ctx.desk,
        )
    if step == Step.CONTACT:
        # At the desk the phone is the citizen's, typed: sharing would give the official's own.
        return Prompt(
            key="intake.contact", choices=_choices(draft, ctx), request_contact=not ctx.desk
        )
    if step == Step.CONSENT:
        return Prompt(
            key=CONSENT_TEXT_KEYS[ctx.consent_version],
            values={"ward": _ward_name(draft, ctx) or t(ctx.lang, "intake.ward.generic")},
            choices=_choices(draft, ctx),
        )
    if step == Step.CONFIRM:
        key = "intake.confirm.without_phone" if draft.consent is False else "intake.confirm"
        return Prompt(key=key, values=summary_values(draft, ctx), choices=_choices(draft, ctx))
    if step == Step.EDIT:
        return Prompt(key="intake.edit.which", choices=_choices(draft, ctx))
    if step == Step.DONE:
        return Prompt(key="intake.done")
    return Prompt(key="intake.cancelled")


def summary_values(draft: Draft, ctx: IntakeContext) -> dict[str, Value]:
    """The values of the CONFIRM summary, raw (each channel escapes them)."""
    lang = ctx.lang
    category = t(lang, f"intake.category.{draft.category.value}") if draft.category else _DASH
    has_location = draft.latitude is not None and draft.longitude is not None
    contact = mask_phone(draft.phone) if draft.phone else t(lang, "intake.summary.anonymous")
    return {
        "ward": _ward_name(draft, ctx) or _DASH,
        "category": category,
        "dossier_code": draft.dossier_code or _DASH,
        "description": _shorten(draft.description or _DASH, SUMMARY_DESCRIPTION_CHARS),
        "attachments": str(len(draft.attachments)),
        "location": t(lang, "intake.summary.yes" if has_location else "intake.summary.no"),
        "contact": contact,
    }


# --- steps -------------------------------------------------------------------------------------
def _choices(draft: Draft, ctx: IntakeContext) -> tuple[Choice, ...]:
    """The choices the current step offers, in the order shown (numbered from 1): the step's
    own, then "back" (where there is a step before) and "cancel"."""
    own = _own_choices(draft, ctx)
    if ctx.desk:
        own = tuple(replace(c, key=DESK_KEYS.get(c.key, c.key)) for c in own)
    if draft.step in (Step.DONE, Step.CANCELLED):
        return own
    back = draft.returning_to_confirm or _previous(draft, ctx) is not None
    nav: tuple[Choice, ...] = (Choice(BACK, "intake.choice.back"),) if back else ()
    if draft.step != Step.CONFIRM:  # the summary has its own "cancel"
        nav += (Choice(CANCEL, "intake.choice.cancel"),)
    return own + nav


def _own_choices(draft: Draft, ctx: IntakeContext) -> tuple[Choice, ...]:
    step = draft.step
    if step == Step.WARD:
        return tuple(
            Choice(PickWard(w.id), "intake.ward.option", {"name": w.name})
            for w in _offered(draft, ctx)
        )
    if step == Step.CATEGORY:
        return tuple(Choice(PickCategory(c), f"intake.category.{c.value}") for c in Category)
    if step in (Step.DOSSIER_CODE, Step.LOCATION):
        return (Choice(SKIP, "intake.choice.skip"),)
    if step == Step.DESCRIPTION:
        return (Choice(KEEP, "intake.choice.keep"),) if draft.returning_to_confirm else ()
    if step == Step.ATTACHMENTS:
        if draft.attachments:
            return (Choice(DONE, "intake.choice.done"),)
        return (Choice(SKIP, "intake.choice.skip"),)
    if step == Step.CONTACT:
        return (Choice(ANONYMOUS, "intake.choice.anonymous"),)
    if step == Step.CONSENT:
        return (Choice(AGREE, "intake.choice.agree"), Choice(DISAGREE, "intake.choice.disagree"))
    if step == Step.CONFIRM:
        return (
            Choice(SEND, "intake.choice.send"),
            Choice(EDIT, "intake.choice.edit"),
            Choice(CANCEL, "intake.choice.cancel"),
        )
    if step == Step.EDIT:
        return tuple(Choice(EditField(f), f"intake.edit.{f.value}") for f in editable(draft, ctx))
    return ()


def _picked(draft: Draft, inp: Input, ctx: IntakeContext) -> IntakeButton | None:
    """The current step's button the input selects: pressed, or typed as a number or label."""
    choices = _choices(draft, ctx)
    if isinstance(inp, ChoiceInput):
        return inp.button if any(c.button == inp.button for c in choices) else None
    if not isinstance(inp, TextInput) or not choices:
        return None
    text = inp.text.strip()
    number = _NUMBER.fullmatch(text)
    if number:
        index = int(number.group(1))
        return _intake_button(choices[index - 1]) if 1 <= index <= len(choices) else None
    wanted = fold(text)
    if not wanted:
        return None
    prompt = prompt_for(draft, ctx)
    for choice in choices:
        if fold(choice_label(prompt, choice, ctx.lang)) == wanted:
            return _intake_button(choice)
    return None


def _intake_button(choice: Choice) -> IntakeButton:
    button = choice.button
    assert isinstance(button, Pick | PickWard | PickCategory | EditField)  # nothing else
    return button


def _ok(draft: Draft, ctx: IntakeContext) -> StepResult:
    return StepResult(draft, prompt_for(draft, ctx))


def _refuse(draft: Draft, ctx: IntakeContext, error_key: str, **values: Value) -> StepResult:
    prompt = replace(prompt_for(draft, ctx), error_key=error_key, error_values=values)
    return StepResult(draft, prompt)


def _stale_or(draft: Draft, inp: Input, ctx: IntakeContext, error_key: str) -> StepResult:
    """Refuse: a button of another step is 'stale', anything else gets the step's own error."""
    if isinstance(inp, ChoiceInput):
        return _refuse(draft, ctx, "intake.error.stale_choice")
    return _refuse(draft, ctx, error_key)


def _after_description(draft: Draft) -> Step:
    return Step.CONFIRM if draft.returning_to_confirm else Step.ATTACHMENTS


def _offered(draft: Draft, ctx: IntakeContext) -> tuple[Unit, ...]:
    """The wards the WARD step offers: those a typed name matched, else every selectable one."""
    if draft.ward_options:
        by_id = {w.id: w for w in ctx.wards}
        matched = tuple(by_id[i] for i in draft.ward_options if i in by_id)
        if matched:
            return matched
    return ctx.wards


def _ward(draft: Draft, inp: Input, ctx: IntakeContext) -> StepResult:
    selectable = {w.id: w for w in ctx.wards}
    if isinstance(inp, ChoiceInput) and isinstance(inp.button, PickWard):
        # Any ward's button counts, also one of the full list shown before a narrowed one.
        if inp.button.unit_id in selectable:
            return _ward_chosen(draft, selectable[inp.button.unit_id], ctx)
        return _refuse(draft, ctx, "intake.error.stale_choice")
    picked = _picked(draft, inp, ctx)
    if isinstance(picked, PickWard):
        return _ward_chosen(draft, selectable[picked.unit_id], ctx)
    if not isinstance(inp, TextInput):
        return _stale_or(draft, inp, ctx, "intake.error.choose")
    today = ctx.today or ctx.now.date()
    lookup = WardIndex(ctx.all_units or ctx.wards).resolve(inp.text, today, today)
    return _ward_lookup(draft, lookup, selectable, ctx)


def _ward_lookup(
    draft: Draft, lookup: WardLookup, selectable: Mapping[int, Unit], ctx: IntakeContext
) -> StepResult:
    """A typed ward name: the one ward it means, or the wards to choose from (never a guess)."""
    if isinstance(lookup, WardFound):
        if lookup.unit.id not in selectable:
            return _refuse(draft, ctx, "intake.error.choose")
        chosen = _ward_chosen(draft, lookup.unit, ctx)
        if lookup.old_name is None:
            return chosen
        # A former name ("Cầu Tre"): say which ward of today it goes to.
        renamed = {"query": lookup.old_name, "new": lookup.unit.name}
        prompt = replace(chosen.prompt, error_key="intake.ward.renamed", error_values=renamed)
        return replace(chosen, prompt=prompt)
    if not isinstance(lookup, WardAmbiguous | WardMoved):
        return _refuse(draft, ctx, "intake.error.choose")
    options = tuple(o for o in lookup.options if o.unit.id in selectable)
    lookup = replace(lookup, options=options)
    values = lookup_values(lookup, ctx.lang) if options else {}
    if len(options) == 1:
        # An old name with one successor today: that ward, and the citizen is told so.
        chosen = _ward_chosen(draft, options[0].unit, ctx)
        if isinstance(lookup, WardMoved):
            prompt = replace(chosen.prompt, error_key="intake.ward.moved", error_values=values)
            return replace(chosen, prompt=prompt)
        return chosen
    if not options:
        return _refuse(draft, ctx, "intake.error.choose")
    asking = replace(draft, ward_options=tuple(o.unit.id for o in options))
    return _refuse(asking, ctx, lookup_key("intake.ward.", lookup), **values)


def _ward_chosen(draft: Draft, unit: Unit, ctx: IntakeContext) -> StepResult:
    return _ok(replace(draft, unit_id=unit.id, ward_options=(), step=Step.CATEGORY), ctx)


def _category(draft: Draft, inp: Input, ctx: IntakeContext) -> StepResult:
    picked = _picked(draft, inp, ctx)
    if not isinstance(picked, PickCategory):
        return _stale_or(draft, inp, ctx, "intake.error.choose")
    category = picked.category
    step = Step.DOSSIER_CODE if category.about_dossier else Step.DESCRIPTION
    # A new category without a dossier drops a code typed for an earlier one.
    code = draft.dossier_code if category.about_dossier else None
    return _ok(replace(draft, category=category, dossier_code=code, step=step), ctx)


def _dossier_code(draft: Draft, inp: Input, ctx: IntakeContext) -> StepResult:
    if _picked(draft, inp, ctx) == SKIP:
        return _ok(replace(draft, dossier_code=None, step=Step.DESCRIPTION), ctx)
    if isinstance(inp, TextInput):
        code = unicodedata.normalize("NFC", inp.text).strip().upper()
        if _DOSSIER_CODE.fullmatch(code):
            return _ok(replace(draft, dossier_code=code, step=Step.DESCRIPTION), ctx)
        return _refuse(draft, ctx, "intake.error.dossier_code")
    return _stale_or(draft, inp, ctx, "intake.error.expected_text")


def _description(draft: Draft, inp: Input, ctx: IntakeContext) -> StepResult:
    if _picked(draft, inp, ctx) == KEEP:
        return _ok(replace(draft, step=Step.CONFIRM, returning_to_confirm=False), ctx)
    if not isinstance(inp, TextInput):
        return _stale_or(draft, inp, ctx, "intake.error.expected_text")
    text = unicodedata.normalize("NFC", inp.text).strip()
    length = len(text)
    if length < ctx.min_description:
        return _refuse(
            draft,
            ctx,
            "intake.error.too_short",
            minimum=ctx.min_description,
            length=length,
            missing=ctx.min_description - length,
        )
    if length > ctx.max_description:
        return _refuse(
            draft, ctx, "intake.error.too_long", maximum=ctx.max_description, length=length
        )
    letters = sum(1 for ch in text if unicodedata.category(ch).startswith("L"))
    if letters < min(MIN_LETTERS, ctx.min_description):
        return _refuse(draft, ctx, "intake.error.no_letters")
    step = _after_description(draft)
    return _ok(replace(draft, description=text, step=step, returning_to_confirm=False), ctx)


def _document_accepted(inp: DocumentInput) -> bool:
    extension = inp.name.rsplit(".", 1)[-1].lower() if "." in inp.name else ""
    mime = inp.mime_type.split(";", 1)[0].strip().lower()
    return extension in ACCEPTED_EXTENSIONS or mime in ACCEPTED_MIME_TYPES


def _attachments(draft: Draft, inp: Input, ctx: IntakeContext) -> StepResult:
    picked = _picked(draft, inp, ctx)
    # "skip" and "done" both move on: an old "skip" button pressed after a file is harmless.
    if picked in (SKIP, DONE) or (isinstance(inp, ChoiceInput) and inp.button in (SKIP, DONE)):
        return _ok(replace(draft, step=Step.LOCATION), ctx)
    attachment: Attachment
    if isinstance(inp, PhotoInput):
        attachment = Attachment(kind="photo", file_id=inp.file_id, size=max(inp.size, 0))
    elif isinstance(inp, DocumentInput):
        if not _document_accepted(inp):
            return _refuse(draft, ctx, "intake.error.file_type")
        attachment = Attachment(
            kind="document",
            file_id=inp.file_id,
            name=inp.name,
            mime_type=inp.mime_type,
            size=max(inp.size, 0),
        )
    else:
        return _stale_or(draft, inp, ctx, "intake.error.expected_file")
    if attachment.size > ctx.max_file_bytes:
        return _refuse(
            draft, ctx, "intake.error.file_too_large", max_mb=ctx.max_file_bytes // (1024 * 1024)
        )
    if len(draft.attachments) >= ctx.max_attachments:
        return _refuse(draft, ctx, "intake.error.too_many_files", maximum=ctx.max_attachments)
    attachments = (*draft.attachments, attachment)
    full = len(attachments) >= ctx.max_attachments
    step = Step.LOCATION if full else Step.ATTACHMENTS
    return _ok(replace(draft, attachments=attachments, step=step), ctx)


def _location(draft: Draft, inp: Input, ctx: IntakeContext) -> StepResult:
    if _picked(draft, inp, ctx) == SKIP:
        return _ok(replace(draft, latitude=None, longitude=None, step=Step.CONTACT), ctx)
    if isinstance(inp, LocationInput):
        lat, lon = inp.latitude, inp.longitude
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90):
            return _refuse(draft, ctx, "intake.error.bad_location")
        if not -180 <= lon <= 180:
            return _refuse(draft, ctx, "intake.error.bad_location")
        located = replace(draft, latitude=float(lat), longitude=float(lon), step=Step.CONTACT)
        return _ok(located, ctx)
    return _stale_or(draft, inp, ctx, "intake.error.expected_location")


def _normalize_shared_phone(phone: str) -> str | None:
    """A shared contact's number: Vietnamese as 0xxxxxxxxx, a foreign one as +digits."""
    vietnamese = normalize_vn_phone(phone)
    if vietnamese is not None:
        return vietnamese
    digits = "".join(ch for ch in phone if "0" <= ch <= "9")
    if re.fullmatch(r"\+?[\d .\-()]+", phone.strip()) and 8 <= len(digits) <= 15:
        return "+" + digits
    return None


def _contact(draft: Draft, inp: Input, ctx: IntakeContext) -> StepResult:
    if _picked(draft, inp, ctx) == ANONYMOUS:
        anonymous = replace(draft, phone=None, consent=None, consent_version=None, consent_at=None)
        return _ok(replace(anonymous, step=Step.CONFIRM), ctx)
    phone: str | None
    if isinstance(inp, ContactInput):
        if not inp.own:
            return _refuse(draft, ctx, "intake.error.not_own_contact")
        phone = _normalize_shared_phone(inp.phone)
    elif isinstance(inp, TextInput):
        phone = normalize_vn_phone(inp.text)
    else:
        return _stale_or(draft, inp, ctx, "intake.error.expected_contact")
    if phone is None:
        return _refuse(draft, ctx, "intake.error.bad_phone")
    given = replace(draft, phone=phone, consent=None, consent_version=None, consent_at=None)
    return _ok(replace(given, step=Step.CONSENT), ctx)


def _consent(draft: Draft, inp: Input, ctx: IntakeContext) -> StepResult:
    picked = _picked(draft, inp, ctx)
    if picked == AGREE:
        agreed = replace(
            draft,
            consent=True,
            consent_version=ctx.consent_version,
            consent_at=ctx.now,
            step=Step.CONFIRM,
        )
        return _ok(agreed, ctx)
    if picked == DISAGREE:
        # Silence is not consent, and neither is "no": the phone is not kept.
        refused = replace(
            draft,
            phone=None,
            consent=False,
            consent_version=ctx.consent_version,
            consent_at=None,
            step=Step.CONFIRM,
        )
        return _ok(refused, ctx)
    return _stale_or(draft, inp, ctx, "intake.error.choose")


def _confirm(draft: Draft, inp: Input, ctx: IntakeContext) -> StepResult:
    picked = _picked(draft, inp, ctx)
    if picked == SEND:
        done = replace(draft, step=Step.DONE)
        return StepResult(done, prompt_for(done, ctx), completed=True)
    if picked == EDIT:
        return _ok(replace(draft, step=Step.EDIT), ctx)
    if picked == CANCEL:
        return cancel(draft, ctx)
    return _stale_or(draft, inp, ctx, "intake.error.choose")


def _edit(draft: Draft, inp: Input, ctx: IntakeContext) -> StepResult:
    picked = _picked(draft, inp, ctx)
    if not isinstance(picked, EditField):
        return _stale_or(draft, inp, ctx, "intake.error.choose")
    step = Step(picked.field.value)
    editing = replace(draft, step=step, returning_to_confirm=True)
    if step == Step.ATTACHMENTS:  # the files are sent again, as the citizen wants them now
        editing = replace(editing, attachments=())
    return _ok(editing, ctx)


def _finished(draft: Draft, inp: Input, ctx: IntakeContext) -> StepResult:
    return _refuse(draft, ctx, "intake.error.finished")


_HANDLERS = {
    Step.WARD: _ward,
    Step.CATEGORY: _category,
    Step.DOSSIER_CODE: _dossier_code,
    Step.DESCRIPTION: _description,
    Step.ATTACHMENTS: _attachments,
    Step.LOCATION: _location,
    Step.CONTACT: _contact,
    Step.CONSENT: _consent,
    Step.CONFIRM: _confirm,
    Step.EDIT: _edit,
    Step.DONE: _finished,
    Step.CANCELLED: _finished,
}


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _ward_name(draft: Draft, ctx: IntakeContext) -> str | None:
    for ward in ctx.wards:
        if ward.id == draft.unit_id:
            return ward.name
    return None
