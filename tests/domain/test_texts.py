"""The texts tables: both languages have the same keys and the same placeholders."""

from __future__ import annotations

import ast
import re
import string
import unicodedata
from enum import StrEnum
from pathlib import Path

import pytest

from bot.domain import texts
from bot.domain.apology import Refusal
from bot.domain.calendar import Why
from bot.domain.feedback import Action, Category, RefuseReason, State
from bot.domain.jobs import JobName
from bot.domain.models import DossierStatus, Role, SubmissionChannel
from bot.domain.reminders import Stage
from bot.domain.texts import LANGUAGES, language_of, t


def placeholders(template: str) -> set[str]:
    # {Kind} (capitalised, a sentence's start in Vietnamese) and {kind} are filled together.
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return {"kind" if name == "Kind" else name for name in names}


def test_languages_have_the_same_keys_and_placeholders() -> None:
    vi, en = LANGUAGES["vi"], LANGUAGES["en"]
    plural_forms = {k for k in en if "#" in k}  # English's singular forms (see below)
    assert set(vi) == set(en) - plural_forms
    # Quarters are Roman in Vietnamese (quý III/2022) and Arabic in English (Q3/2022).
    differ_by_design = {"period.quarter"}
    for key in set(vi) - differ_by_design:
        assert placeholders(vi[key]) == placeholders(en[key]), key


def test_vietnamese_first_english_second() -> None:
    assert language_of("en-US") == "en"
    assert language_of("vi") == "vi"
    assert language_of(None) == "vi"
    assert language_of("fr") == "vi"
    assert t("fr", "cmd.help") == t("vi", "cmd.help") == "Hướng dẫn sử dụng"


def test_every_text_is_used() -> None:
    """A key no code names (literally, or under a prefix it is built from: f"case.state.{…}",
    "stats.ward_" + …) and no shown enum needs is dead text: translated and checked for nothing."""
    root = Path(__file__).resolve().parents[2]
    sources = [
        p
        for package in ("bot", "handlers", "storage")
        for p in (root / package).rglob("*.py")
        if "texts" not in p.parts
    ]
    code = "\n".join(p.read_text(encoding="utf-8") for p in sources)
    prefixes = set(re.findall(r"f[\"']([a-z_.]+)\{", code))
    prefixes |= set(re.findall(r"[\"']([a-z_]+\.[a-z_.]*[._])[\"']", code))
    enums = {pattern.format(m.value) for enum, pattern in SHOWN_ENUMS for m in enum}
    unused = [
        key
        for key in LANGUAGES["vi"]
        if f'"{key}"' not in code
        and f"'{key}'" not in code
        and key not in enums
        and not any(key.startswith(p) for p in prefixes)
    ]
    assert unused == []


def _dict_literal_keys(path: Path) -> list[str]:
    """The keys of the TEXTS dict literal of a texts module, in order, duplicates kept."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.AnnAssign | ast.Assign) and isinstance(node.value, ast.Dict):
            return [k.value for k in node.value.keys if isinstance(k, ast.Constant)]
    return []


TEXT_MODULES = sorted(Path(texts.__file__).parent.glob("[a-z]*.py"))


@pytest.mark.parametrize("path", TEXT_MODULES, ids=lambda p: p.name)
def test_no_key_is_defined_twice_in_a_module(path: Path) -> None:
    keys = _dict_literal_keys(path)
    assert keys, f"{path.name} has no TEXTS"
    twice = sorted({k for k in keys if keys.count(k) > 1})
    assert not twice, f"{path.name} defines {twice} twice"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_key_is_defined_in_two_modules(lang: str) -> None:
    seen: dict[str, str] = {}
    for path in TEXT_MODULES:
        if not (path.name == f"{lang}.py" or path.name.startswith(f"{lang}_")):
            continue
        for key in _dict_literal_keys(path):
            assert key not in seen, f"{key} is in {seen.get(key)} and {path.name}"
            seen[key] = path.name
    assert set(seen) == set(LANGUAGES[lang])


# Every enum whose members are shown to people, with the key of each member's text.
SHOWN_ENUMS: list[tuple[type[StrEnum], str]] = [
    (Role, "role.{}"),
    (State, "case.state.{}"),
    (Action, "case.action.{}"),
    (Category, "intake.category.{}"),
    (RefuseReason, "refuse.{}"),
    (Refusal, "apology.refused.{}"),
    (JobName, "job.{}"),
    (DossierStatus, "dossier.status.{}"),
    (SubmissionChannel, "dossier.channel.{}"),
    (Why, "calendar.reason.{}"),
    (Stage, "remind.{}"),
]


@pytest.mark.parametrize(("enum", "pattern"), SHOWN_ENUMS, ids=lambda v: getattr(v, "__name__", v))
def test_every_member_shown_to_people_has_its_text_in_both_languages(
    enum: type[StrEnum], pattern: str
) -> None:
    for member in enum:
        key = pattern.format(member.value)
        for lang in ("vi", "en"):
            assert LANGUAGES[lang].get(key), f"{lang}: no text {key} for {enum.__name__}.{member}"


# One spelling across every text (the tone mark on the main vowel: hủy, xóa, hóa, thủy; tỷ
# with y), and one name per concept.
OLD_SPELLINGS = re.compile(r"(?i)\b\w*(o[áàảãạ]|o[éèẻẽẹ]|(?<!q)u[ýỳỷỹỵ])(?![\wà-ỹ])|\btỉ lệ\b")


@pytest.mark.parametrize("lang", ["vi"])
def test_one_spelling_and_one_term_per_concept(lang: str) -> None:
    for key, text in LANGUAGES[lang].items():
        text = unicodedata.normalize("NFC", text)
        assert not OLD_SPELLINGS.search(text), (key, OLD_SPELLINGS.search(text))
        # The receipt is the Giấy tiếp nhận hồ sơ và hẹn trả kết quả; the feedback's code is
        # its mã theo dõi.
        for other in ("biên nhận", "giấy hẹn", "phiếu hẹn", "mã tra cứu", "mã phản ánh"):
            assert other not in text.lower(), (key, other)
        assert "điểm %" not in text, key
    receipt = [k for k, v in LANGUAGES[lang].items() if "Giấy tiếp nhận hồ sơ và hẹn trả" in v]
    assert len(receipt) >= 5
    english = [v.lower() for v in LANGUAGES["en"].values()]
    assert not any("tracking number" in v or "reference code" in v for v in english)


def test_a_count_picks_the_plural_form_through_babel() -> None:
    assert t("en", "import.failed", count=1) == "Nothing imported: 1 bad line."
    assert t("en", "import.failed", count=3) == "Nothing imported: 3 bad lines."
    assert t("en", "import.failed", count=0) == "Nothing imported: 0 bad lines."
    # Vietnamese has one form for every count
    assert t("vi", "import.failed", count=1).count("1") == 1
    assert t("vi", "import.failed", count=1) == t("vi", "import.failed", count=1)


def test_every_plural_form_has_its_base_text_and_the_same_placeholders() -> None:
    en = LANGUAGES["en"]
    for key in (k for k in en if "#" in k):
        base, form = key.split("#")
        assert form in {"zero", "one", "two", "few", "many"}, key
        assert base in en, key
        assert placeholders(en[key]) <= placeholders(en[base]) | {"count"}, key
