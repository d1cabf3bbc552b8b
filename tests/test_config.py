"""Settings: README's settings contract, read from the environment or a .env file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.config import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_env_example_and_settings_are_in_step() -> None:
    from bot.cli.zalo import SECRETS

    text = (ROOT / ".env.example").read_text()
    documented = re.findall(r"^([A-Z_]+)=", text, re.M)
    aliases = {field.alias for field in Settings.model_fields.values()}
    assert len(documented) == len(set(documented))  # each key once
    # Every setting is documented, and every documented key is read: by Settings, or (the
    # Zalo secrets) by `cchc-bot zalo add` alone.
    assert aliases <= set(documented)
    assert set(documented) - aliases == set(SECRETS)
    # Each key has a comment above it (its own or its group's).
    lines = text.splitlines()
    for key in documented:
        i = next(n for n, line in enumerate(lines) if line.startswith(f"{key}="))
        above = [line for line in lines[:i] if line.strip()]
        assert above and (above[-1].startswith("#") or "=" in above[-1]), key


def test_every_setting_is_in_readmes_settings_table() -> None:
    aliases = {str(field.alias) for field in Settings.model_fields.values()}
    table = (ROOT / "README.md").read_text().split("### Settings", 1)[1].split("\n### ", 1)[0]
    in_table = set(re.findall(r"`([A-Z][A-Z_]+)`", table))
    assert aliases <= in_table, aliases - in_table


def test_defaults_are_the_contract() -> None:
    s = Settings(_env_file=None)
    assert s.telegram_api_base_url == "https://api.telegram.org/bot"
    assert s.telegram_api_file_url == "https://api.telegram.org/file/bot"
    assert str(s.database_path) == "data/cchc.sqlite3"
    assert s.timezone == "Asia/Ho_Chi_Minh"
    assert s.admin_telegram_ids == frozenset()
    assert s.bot_token is None


def test_example_file_parses_and_empty_means_unset() -> None:
    s = Settings(_env_file=ROOT / ".env.example")
    assert s.webhook_url is None and s.webhook_secret is None
    assert s.bot_token is not None and "replace" in s.bot_token.get_secret_value()


def test_admin_ids_and_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_TELEGRAM_IDS", "12, 34;56")
    monkeypatch.setenv("BOT_TOKEN", "1:secret")
    s = Settings(_env_file=None)
    assert s.admin_telegram_ids == frozenset({12, 34, 56})
    assert "1:secret" not in repr(s) and "1:secret" not in str(s.model_dump())


def test_unknown_timezone_is_refused() -> None:
    with pytest.raises(ValueError):
        Settings(_env_file=None, TIMEZONE="Mars/Olympus")


def test_calendar_tables_and_feedback_rules_from_the_environment() -> None:
    from datetime import date

    s = Settings(
        _env_file=None,
        EXTRA_WORKING_DAYS="24/11/2026, 2026-12-12",
        WORKED_SATURDAYS="05/12/2026",  # the older name, still read
        EXTRA_DAYS_OFF="2026-12-07",
        FEEDBACK_ANSWER_DAYS="12; staff_conduct=10",
    )
    calendar = s.work_calendar()
    assert calendar.is_working_day(date(2026, 12, 5))
    assert calendar.is_working_day(date(2026, 12, 12))
    assert calendar.is_working_day(date(2026, 11, 24))  # a library holiday, cancelled
    assert not calendar.is_working_day(date(2026, 12, 7))
    assert calendar.is_working_day(date(2026, 8, 22))  # the national table is kept
    assert calendar.is_working_day(date(2026, 1, 10))
    assert s.answer_days == (12, {"staff_conduct": 10})
    assert s.apology_lead_days == 2


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FEEDBACK_ANSWER_DAYS", "mười lăm"),
        ("FEEDBACK_ANSWER_DAYS", "15;no_such_category=3"),
        ("FEEDBACK_ANSWER_DAYS", "0"),
        ("WORKED_SATURDAYS", "31/02/2026"),
        ("EXTRA_WORKING_DAYS", "mùng 2 Tết"),
        ("EXTRA_WORKING_DAYS", "2026-12-07"),  # also in EXTRA_DAYS_OFF below
        ("APOLOGY_LEAD_DAYS", "0"),
        ("FEEDBACK_DAILY_LIMIT", "0"),
    ],
)
def test_bad_values_are_refused_at_start(name: str, value: str) -> None:
    with pytest.raises(ValueError):
        Settings(_env_file=None, EXTRA_DAYS_OFF="07/12/2026", **{name: value})
