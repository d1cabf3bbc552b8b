"""Tracking codes for feedback cases: short, speakable, random, with a check character.

Eight symbols from a 26-symbol alphabet without look-alikes (no 0/O, 1/I/L, U, 2/Z, 5/S), the
last one a Luhn mod N check character, which catches every single-character error and almost
every swap of two adjacent characters. Shown as `PA-XXXX-XXXX`; read back in any case, with
or without the dashes and the prefix. The random part comes from the caller (`secrets` in
production), so codes are not guessable from one another.
"""

from __future__ import annotations

import re

ALPHABET = "346789ABCDEFGHJKMNPQRTVWXY"
_BASE = len(ALPHABET)
_INDEX = {c: i for i, c in enumerate(ALPHABET)}
PREFIX = "PA"
BODY_LENGTH = 7  # random symbols; one check symbol follows


class CodeError(ValueError):
    """The text is not a valid tracking code (wrong length, letters, or check character)."""


def check_symbol(body: str) -> str:
    """The Luhn mod N check symbol for a body of alphabet symbols."""
    total = 0
    factor = 2
    for char in reversed(body):
        addend = factor * _INDEX[char]
        total += addend // _BASE + addend % _BASE
        factor = 1 if factor == 2 else 2
    return ALPHABET[(_BASE - total % _BASE) % _BASE]


def make_code(random_bytes: bytes) -> str:
    """A new tracking code from at least BODY_LENGTH random bytes."""
    if len(random_bytes) < BODY_LENGTH:
        raise ValueError(f"need {BODY_LENGTH} random bytes")
    body = "".join(ALPHABET[b % _BASE] for b in random_bytes[:BODY_LENGTH])
    return format_code(body + check_symbol(body))


def format_code(raw: str) -> str:
    """`PA-XXXX-XXXX` from the eight symbols."""
    return f"{PREFIX}-{raw[:4]}-{raw[4:]}"


def normalize_code(text: str) -> str:
    """The canonical form of a typed code; raises CodeError when it cannot be one."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    if cleaned.startswith(PREFIX) and len(cleaned) == BODY_LENGTH + 1 + len(PREFIX):
        cleaned = cleaned[len(PREFIX) :]
    if len(cleaned) != BODY_LENGTH + 1:
        raise CodeError("length")
    if any(ch not in _INDEX for ch in cleaned):
        raise CodeError("symbol")
    if check_symbol(cleaned[:-1]) != cleaned[-1]:
        raise CodeError("check")
    return format_code(cleaned)


_BARE = re.compile(r"(?:PA[-\s]?)?[0-9A-Z]{4}[-\s]?[0-9A-Z]{4}")


def bare_code(text: str) -> str | None:
    """The tracking code a message is when it is nothing but one ("pa-ynm3-k4kp", "YNM3K4KP"),
    in canonical form; None for anything else (a word that merely passes the check is not
    taken unless it has the code's shape)."""
    stripped = text.strip().upper()
    if not _BARE.fullmatch(stripped):
        return None
    try:
        return normalize_code(stripped)
    except CodeError:
        return None
