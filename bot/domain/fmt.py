"""Numbers, shares, dates and moments as Vietnamese (or English) readers expect them, via Babel."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

from bot.domain.texts import t

_LOCALES = {"vi": "vi_VN", "en": "en_GB"}
_PERCENT = "#,##0.00%"
_HUNDREDTH = Decimal("0.0001")  # of a share: two decimals of a percentage


def is_digits(text: str) -> bool:
    """Whether `text` is ASCII digits only, what a count, a date or a year is typed with
    (`str.isdigit` also takes "²" and "①", which `int()` refuses)."""
    return text.isascii() and text.isdigit()


@lru_cache(maxsize=16)
def locale_of(lang: str) -> Locale:
    """The Babel locale for a bot language (Vietnamese when unknown), parsed once."""
    return Locale.parse(_LOCALES.get(lang, _LOCALES["vi"]))


@lru_cache(maxsize=8192)  # reports repeat the same small numbers; Babel formatting is slow
def number(n: int, lang: str) -> str:
    """A whole number with the language's grouping: 4.545 (vi), 4,545 (en)."""
    return str(format_decimal(n, locale=locale_of(lang)))


@lru_cache(maxsize=8192)
def percent(numerator: int, denominator: int, lang: str) -> str:
    """numerator/denominator as a percentage with two decimals, half away from zero (as the
    QĐ 766 dashboard rounds); '—' when the denominator is 0."""
    if denominator == 0:
        return t(lang, "report.not_applicable")
    return str(format_percent(share(numerator, denominator), _PERCENT, locale=locale_of(lang)))


def share(numerator: int, denominator: int) -> Decimal:
    """numerator/denominator rounded to two decimals of a percentage, half away from zero."""
    # Decimal keeps the rounding exact (no binary-float surprises at the half).
    return (Decimal(numerator) / Decimal(denominator)).quantize(_HUNDREDTH, ROUND_HALF_UP)


def rate(value: Fraction | None, lang: str) -> str:
    """An exact rate as a percentage with two decimals, or '—'."""
    if value is None:
        return t(lang, "report.not_applicable")
    return percent(value.numerator, value.denominator, lang)


@lru_cache(maxsize=4096)
def points(value: Fraction, lang: str) -> str:
    """The size of a difference of two rates in percentage points: 1,25 (two decimals)."""
    exact = Decimal(abs(value.numerator) * 100) / Decimal(value.denominator)
    rounded = exact.quantize(Decimal("0.01"), ROUND_HALF_UP)
    return str(format_decimal(rounded, "#,##0.00", locale=locale_of(lang)))


def whole_percent(value: Fraction, lang: str) -> str:
    """A threshold such as 90%."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return str(format_percent(exact, "#,##0.##%", locale=locale_of(lang)))


def decimal(value: Fraction | None, lang: str) -> str:
    """A quantity with two decimals (2,35), or '—'."""
    if value is None:
        return t(lang, "report.not_applicable")
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    rounded = exact.quantize(Decimal("0.01"), ROUND_HALF_UP)
    return str(format_decimal(rounded, "#,##0.00", locale=locale_of(lang)))


def share_label(value: Fraction | None, lang: str) -> str:
    """A share as a chart label, in percent with one decimal and no sign: 75,6 (vi), 75.6 (en);
    '—' when there is no figure."""
    if value is None:
        return t(lang, "report.not_applicable")
    percent_value = Decimal(value.numerator * 100) / Decimal(value.denominator)
    return str(format_decimal(percent_value, "#,##0.0", locale=locale_of(lang)))


def day(d: date, lang: str) -> str:
    """A date as dd/mm/yyyy."""
    return str(format_date(d, "dd/MM/yyyy", locale=locale_of(lang)))


def moment(dt: datetime, tz: tzinfo | None, lang: str) -> str:
    """An aware moment as dd/mm/yyyy HH:mm in `tz` (None: in its own zone)."""
    if dt.tzinfo is None:
        raise ValueError("moment() needs an aware datetime")
    local = dt.astimezone(tz) if tz is not None else dt
    return str(format_datetime(local, "dd/MM/yyyy HH:mm", locale=locale_of(lang)))


def clip(text: str, limit: int) -> str:
    """At most `limit` characters of `text`, cut at a word boundary where one is near and
    ended with "…" when anything was cut."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    space = cut.rfind(" ")
    if space > limit * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"
