"""Masking personal numbers (phones, citizen ID numbers) in free text before staff or the public
see it (Luật 91/2025/QH15: collect and show the minimum)."""

from __future__ import annotations

import re

# One optional separator between digits: "0912 345 678", "0912.345.678", "0912-345-678".
_SEP = r"[ .\-]?"
# Not in the middle of a longer number, nor of a dotted/dashed group ("000.00.30", "CT-2022-…").
_BEFORE = r"(?<![\d])(?<![\d][.\-/])"
_AFTER = r"(?!\d)(?![.\-/]\d)"

# 0 + 9 digits, or +84/84 + 9 digits; the digit after the prefix is never 0 (amounts such as
# "84.000.000.000" and CCCD numbers, which start with "00", stay untouched).
_PHONE = re.compile(
    _BEFORE + r"(?P<prefix>\+84|84|0)" + _SEP + r"(?P<rest>[1-9](?:" + _SEP + r"\d){8})" + _AFTER
)
# CCCD: 12 digits; the first three are a province code 001–096, so it starts with "0".
_CCCD = re.compile(_BEFORE + r"(?P<digits>0(?:" + _SEP + r"\d){11})" + _AFTER)
# Old CMND: 9 digits, only right after the word CMND / CMT (e.g. "CMND số: 123456789").
_CMND = re.compile(
    r"(?P<label>\b(?:cmtn[dđ]|cmn[dđ]|cmt)\b[^\d\n]{0,20}?)"
    r"(?P<digits>\d(?:" + _SEP + r"\d){8})" + _AFTER,
    re.IGNORECASE,
)
_VN_PHONE = re.compile(r"(?:0|84)([1-9]\d{8})")


def _digits(text: str) -> str:
    return "".join(ch for ch in text if "0" <= ch <= "9")


def normalize_vn_phone(text: str) -> str | None:
    """`0xxxxxxxxx` from a Vietnamese number typed with +84/84/0 and separators, else None."""
    stripped = text.strip()
    if not re.fullmatch(r"\+?[\d .\-()]+", stripped):
        return None
    digits = _digits(stripped)
    match = _VN_PHONE.fullmatch(digits)
    if match is None or (stripped.startswith("+") and not digits.startswith("84")):
        return None
    return "0" + match.group(1)


def _keep(digits: str, head: int, tail: int) -> str:
    if len(digits) <= head + tail:
        return "*" * len(digits)
    return digits[:head] + "*" * (len(digits) - head - tail) + digits[len(digits) - tail :]


def mask_phone(phone: str) -> str:
    """A phone number with only its first two and last two digits shown: `09******78`."""
    normalized = normalize_vn_phone(phone)
    if normalized is not None:
        return _keep(normalized, 2, 2)
    digits = _digits(phone)
    masked = _keep(digits, 2, 2)
    return "+" + masked if phone.strip().startswith("+") and digits else masked


def _mask_phone_match(match: re.Match[str]) -> str:
    return _keep("0" + _digits(match.group("rest")), 2, 2)


def _mask_cccd_match(match: re.Match[str]) -> str:
    return _keep(_digits(match.group("digits")), 4, 0)


def _mask_cmnd_match(match: re.Match[str]) -> str:
    return match.group("label") + _keep(_digits(match.group("digits")), 3, 0)


def mask_personal(text: str) -> str:
    """The text with phone numbers, CCCD numbers and labelled CMND numbers masked."""
    text = _CMND.sub(_mask_cmnd_match, text)
    text = _CCCD.sub(_mask_cccd_match, text)
    return _PHONE.sub(_mask_phone_match, text)
