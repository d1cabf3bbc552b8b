"""The button protocol: every button type encodes within 64 bytes, reads back to itself, and
nothing forged, garbled or stale reads back as a button."""

from __future__ import annotations

from datetime import date
from typing import get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.choices import (
    MAX_BYTES,
    MAX_ID,
    STAFF_BUTTONS,
    ApologyDate,
    ApologyNotify,
    ApologyReason,
    ApologyStart,
    ApologyStep,
    Button,
    ButtonError,
    CaseButton,
    CaseVerb,
    CommonReason,
    ConfirmAct,
    DraftField,
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
    fits,
)
from bot.domain.codes import make_code
from bot.domain.feedback import Category, RefuseReason

CODE = make_code(bytes([25] * 8))  # a valid tracking code of the usual length
LONGEST_DOSSIER = "D" * (MAX_BYTES - len("apo.n:"))  # the longest code a button can carry


def union_members(alias: object) -> set[type]:
    found: set[type] = set()
    for arg in get_args(alias):
        found |= union_members(arg) if get_args(arg) else {arg}
    return found


# Every type of the protocol at its widest: the longest ids, enum values and codes.
SAMPLES: list[Button] = [
    *(Menu(i) for i in MenuItem),
    *Pick,
    PickWard(MAX_ID),
    *(PickCategory(c) for c in Category),
    *(Rate(CODE, n) for n in range(1, 6)),
    Reopen(CODE),
    ProvideInfo(CODE),
    TrackCase(CODE),
    *(EditField(f) for f in DraftField),
    ConfirmAct(MAX_ID, True),
    ConfirmAct(1, False),
    EraseData(True),
    EraseData(False),
    *(CaseButton(v, MAX_ID) for v in CaseVerb),
    TransferTo(MAX_ID, MAX_ID),
    *(RefuseWith(MAX_ID, r) for r in RefuseReason),
    ApologyStart(LONGEST_DOSSIER),
    ApologyStart("000.00.30.H23-221122-0001"),
    *(ApologyReason(r) for r in CommonReason),
    ApologyDate(date(2026, 11, 30)),
    *ApologyStep,
    ApologyNotify(LONGEST_DOSSIER),
    FollowDigest(MAX_ID, True),
    FollowDigest(1, False),
    StatsPick(MAX_ID, "01/01/2022-15/09/2022"),
    StatsPick(1, ""),
    StatsPick(6, "q3/2026"),
    StatsFile(MAX_ID, date(2022, 1, 1), date(2022, 9, 15), "r"),
    StatsFile(1, date(2026, 1, 1), date(2026, 1, 1), "t"),
]


def test_the_samples_cover_every_button_type() -> None:
    assert {type(b) for b in SAMPLES} == union_members(Button)


@pytest.mark.parametrize("button", SAMPLES, ids=lambda b: b.encode())
def test_every_button_fits_and_reads_back_as_itself(button: Button) -> None:
    data = button.encode()
    assert 1 <= len(data.encode("utf-8")) <= MAX_BYTES
    assert decode(data) == button


def test_encodings_are_unique() -> None:
    encoded = [b.encode() for b in SAMPLES]
    assert len(set(encoded)) == len(encoded)


def test_the_wire_format_stays_what_sent_messages_carry() -> None:
    # Buttons already in chats and in the outbox must keep working after an upgrade.
    assert Rate("PA-4AMY-9FPA", 5).encode() == "rate:PA-4AMY-9FPA:5"
    assert CaseButton(CaseVerb.TAKE, 12).encode() == "s:take:12"
    assert RefuseWith(3, RefuseReason.COMPLAINT).encode() == "s:rf:3:complaint"
    assert ApologyStart("NQ-2026-006521").encode() == "apo:NQ-2026-006521"
    assert ApologyDate(date(2026, 11, 30)).encode() == "apo.d:2026-11-30"
    assert PickWard(12).encode() == "w:12" and Pick.ANONYMOUS.encode() == "anon"
    assert Menu(MenuItem.CONTACT).encode() == "menu:contact"


@pytest.mark.parametrize(
    "make",
    [
        lambda: ApologyNotify(LONGEST_DOSSIER + "D"),  # 65 bytes
        lambda: ApologyNotify("Đ" * 30),  # 6 + 60 bytes
        lambda: ApologyStart(""),
        lambda: ApologyStart("NQ 1"),
        lambda: Rate(CODE, 0),
        lambda: Rate(CODE, 6),
        lambda: Rate(CODE.lower(), 5),
        lambda: Rate("PA-AAAA-AAAB", 5),  # wrong check character
        lambda: Reopen("x"),
        lambda: CaseButton(CaseVerb.TAKE, 0),
        lambda: TransferTo(1, MAX_ID + 1),
        lambda: PickWard(True),
    ],
)
def test_a_button_that_cannot_be_made_is_refused(make: object) -> None:
    with pytest.raises(ButtonError):
        make()  # type: ignore[operator]


def test_fits_says_none_instead_of_raising() -> None:
    assert fits(ApologyStart, "NQ-1") == ApologyStart("NQ-1")
    assert fits(ApologyStart, "N" * 61) is None


@pytest.mark.parametrize(
    "data",
    [
        "",
        "menu:",
        "menu:admin",
        "w:012",
        "w:-1",
        "w:1.0",
        "w:１２",  # full-width digits
        "w:99999999999999999999",
        "c:nonsense",
        "rate:PA-4AMY-9FPA",
        "rate:PA-4AMY-9FPA:9",
        "rate:pa-4amy-9fpa:5",
        "rate:PA4AMY9FPA:5",
        "reopen:",
        "erase:maybe",
        "s:take",
        "s:take:abc",
        "s:delete:3",
        "s:to:3",
        "s:to:3:cautre",  # the old slug form: stale
        "s:rf:3:because",
        "apo:",
        "apo:a b",
        "apo.d:30/11/2026",
        "apo.d:20261130",
        "apo.r:money",
        "apo.OK",
        "sub:maybe:3",
        "st:",
        "st:6",
        "st:abc:2026",
        "st:6:\n",
        "rpt:1:20220101:20221231",
        "rpt:1:2022-01-01:20221231:y",
        "rpt:1:20221231:20220101:y",
        "rpt:1:20220101:20221231:x",
        "SKIP",
        " skip",
        "fb:rate:PA-0042:5",
        "x" * 65,
    ],
)
def test_forged_or_stale_data_is_no_button(data: str) -> None:
    assert decode(data) is None


@given(st.text(max_size=80))
def test_random_text_is_never_misread(data: str) -> None:
    button = decode(data)
    if button is not None:
        assert button.encode() == data


@given(st.sampled_from(SAMPLES), st.integers(0, 70), st.text(max_size=3))
def test_a_tampered_button_is_refused_or_is_another_valid_button(
    button: Button, at: int, insert: str
) -> None:
    data = button.encode()
    tampered = data[:at] + insert + data[at:]
    found = decode(tampered)
    assert found is None or found.encode() == tampered


def test_staff_buttons_are_exactly_the_inbox_apology_and_subscription_types() -> None:
    citizen = {
        Menu,
        Rate,
        Reopen,
        ProvideInfo,
        TrackCase,
        EraseData,
        Pick,
        PickWard,
        PickCategory,
        EditField,
    }
    assert set(STAFF_BUTTONS) == union_members(Button) - citizen
