"""Tracking codes: random, unique, read back in any form, and guarded by the check character."""

from __future__ import annotations

import secrets

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.codes import (
    ALPHABET,
    BODY_LENGTH,
    PREFIX,
    CodeError,
    check_symbol,
    format_code,
    make_code,
    normalize_code,
)

RANDOM = st.binary(min_size=BODY_LENGTH, max_size=BODY_LENGTH + 8)
CODES = RANDOM.map(make_code)


def raw(code: str) -> str:
    """The eight symbols of a formatted code."""
    return code.removeprefix(PREFIX + "-").replace("-", "")


def test_codes_from_secrets_are_unique() -> None:
    # 26**7 ≈ 8·10^9 bodies: a collision among 1 000 draws has a probability of about 6·10^-5.
    codes = {make_code(secrets.token_bytes(BODY_LENGTH)) for _ in range(1_000)}
    assert len(codes) == 1_000


@given(
    st.lists(
        RANDOM,
        min_size=2,
        max_size=50,
        unique_by=lambda b: bytes(x % len(ALPHABET) for x in b[:BODY_LENGTH]),
    )
)
def test_different_random_bodies_give_different_codes(draws: list[bytes]) -> None:
    assert len({make_code(b) for b in draws}) == len(draws)


@given(CODES)
def test_shape(code: str) -> None:
    assert code.startswith(PREFIX + "-") and len(code) == len("PA-XXXX-XXXX")
    symbols = raw(code)
    assert all(ch in ALPHABET for ch in symbols)
    assert check_symbol(symbols[:-1]) == symbols[-1]


@given(CODES)
def test_normalize_accepts_every_written_form(code: str) -> None:
    symbols = raw(code)
    forms = [
        code,
        code.lower(),
        symbols,
        symbols.lower(),
        f"{symbols[:4]}-{symbols[4:]}",
        PREFIX + symbols,
        f"  pa {symbols[:4]} {symbols[4:]} ",
    ]
    for form in forms:
        assert normalize_code(form) == code, form
    assert format_code(symbols) == code


@given(CODES)
def test_every_single_substitution_is_rejected(code: str) -> None:
    symbols = raw(code)
    for position, original in enumerate(symbols):
        for other in ALPHABET:
            if other == original:
                continue
            typo = symbols[:position] + other + symbols[position + 1 :]
            with pytest.raises(CodeError):
                normalize_code(typo)


@given(st.text(max_size=30))
def test_malformed_input_raises_only_code_error(text: str) -> None:
    try:
        normalize_code(text)
    except CodeError:
        return
    # The rare valid code typed by chance must come back in canonical form.
    assert normalize_code(normalize_code(text)) == normalize_code(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "PA",
        "PA-",
        "PA-4AMY-9FP",
        "PA-4AMY-9FPAA",
        "PA-0AMY-9FPA",
        "PA-4AMY-9FPÁ",
        "💥" * 8,
        "4AMY-9FP",
        "pa-iamy-9fpa",
    ],
)
def test_malformed_examples(text: str) -> None:
    with pytest.raises(CodeError):
        normalize_code(text)


def test_make_code_needs_enough_random_bytes() -> None:
    with pytest.raises(ValueError, match="random bytes"):
        make_code(b"\x00" * (BODY_LENGTH - 1))
