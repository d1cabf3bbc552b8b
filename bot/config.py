"""Settings read once from the environment or `.env` (the contract in README's settings table)."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.domain.calendar import WorkCalendar
from bot.domain.feedback import Category


def parse_answer_days(text: str) -> tuple[int, dict[str, int]]:
    """'15;staff_conduct=10' → (15, {'staff_conduct': 10}); raises ValueError when malformed."""
    default, overrides = 15, {}
    for part in (p.strip() for p in text.replace(",", ";").split(";")):
        if not part:
            continue
        if "=" in part:
            name, _, days = part.partition("=")
            overrides[Category(name.strip()).value] = int(days)  # an unknown category fails
        else:
            default = int(part)
    if default < 1 or any(v < 1 for v in overrides.values()):
        raise ValueError("answer days must be at least 1")
    return default, overrides


class Settings(BaseSettings):
    """Every setting the bot and the CLI read; built once at start and passed down."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = Field(default=None, alias="BOT_TOKEN")
    telegram_api_base_url: str = Field(
        default="https://api.telegram.org/bot", alias="TELEGRAM_API_BASE_URL"
    )
    telegram_api_file_url: str = Field(
        default="https://api.telegram.org/file/bot", alias="TELEGRAM_API_FILE_URL"
    )
    database_path: Path = Field(default=Path("data/cchc.sqlite3"), alias="DATABASE_PATH")
    timezone: str = Field(default="Asia/Ho_Chi_Minh", alias="TIMEZONE")
    admin_telegram_ids: Annotated[frozenset[int], NoDecode] = Field(
        default=frozenset(), alias="ADMIN_TELEGRAM_IDS"
    )

    # Scheduled work (local time of TIMEZONE).
    apology_reminder_time: time = Field(default=time(7, 30), alias="APOLOGY_REMINDER_TIME")
    feedback_alert_time: time = Field(default=time(8, 0), alias="FEEDBACK_ALERT_TIME")
    digest_weekday: int = Field(default=0, ge=0, le=6, alias="DIGEST_WEEKDAY")  # 0 = Monday
    digest_time: time = Field(default=time(8, 0), alias="DIGEST_TIME")

    # Working-day calendar: what the government changed beyond the national holidays (dates
    # as dd/mm/yyyy or yyyy-mm-dd, comma-separated). A working day may be any date, weekday
    # (cancelling a holiday the library asserts) or weekend; WORKED_SATURDAYS is its older name
    # and still read (both lists are joined).
    extra_working_days: Annotated[tuple[date, ...], NoDecode] = Field(
        default=(), alias="EXTRA_WORKING_DAYS"
    )
    worked_saturdays: Annotated[tuple[date, ...], NoDecode] = Field(
        default=(), alias="WORKED_SATURDAYS"
    )
    extra_days_off: Annotated[tuple[date, ...], NoDecode] = Field(
        default=(), alias="EXTRA_DAYS_OFF"
    )
    # Working days before the due date on which the officers are first told that a dossier
    # needs its apology (the apology is due one working day before the due date at the latest).
    apology_lead_days: int = Field(default=2, ge=1, le=10, alias="APOLOGY_LEAD_DAYS")

    # Citizen feedback: cases per citizen per day; working days to answer, with per-category
    # values, e.g. "15" or "15;staff_conduct=10;fees=10".
    feedback_daily_limit: int = Field(default=5, ge=1, alias="FEEDBACK_DAILY_LIMIT")
    feedback_answer_days: str = Field(default="15", alias="FEEDBACK_ANSWER_DAYS")

    # Zalo Official Account API and the HTTP server for webhooks.
    zalo_api_base_url: str = Field(default="https://openapi.zalo.me", alias="ZALO_API_BASE_URL")
    zalo_oauth_base_url: str = Field(
        default="https://oauth.zaloapp.com", alias="ZALO_OAUTH_BASE_URL"
    )
    zalo_zbs_base_url: str = Field(
        default="https://business.openapi.zalo.me", alias="ZALO_ZBS_BASE_URL"
    )
    http_host: str = Field(default="127.0.0.1", alias="HTTP_HOST")
    http_port: int = Field(default=8080, ge=0, le=65535, alias="HTTP_PORT")
    webhook_url: str | None = Field(default=None, alias="WEBHOOK_URL")
    webhook_secret: SecretStr | None = Field(default=None, alias="WEBHOOK_SECRET")

    # The durable inbox: chats handled at once, and how long handled update ids are kept
    # (Telegram keeps an unconfirmed update 24 hours; Zalo retries within minutes). A chat holds
    # its worker while its reply waits for Telegram's 30 messages a second; the chats past the
    # limit wait in the inbox's order, each chat going back in line after each update. Each
    # update in hand is finished at a stop, so the workers bound how long a SIGTERM takes: 64
    # replies are two seconds of Telegram's rate (bench/burst.py, 200 people: the same p99 as
    # the echo bot at 64 workers as at 256, and 2,4 s from a SIGTERM in the burst to the exit
    # against 6,4 s at 256).
    inbox_concurrency: int = Field(default=64, ge=1, le=1024, alias="INBOX_CONCURRENCY")
    ledger_retention_days: int = Field(default=7, ge=1, alias="LEDGER_RETENTION_DAYS")

    # Secrets at rest: the Fernet key that encrypts Zalo secrets in the database
    # (`cchc-bot zalo keygen` makes one), and the token that shows /healthz's details.
    secret_key: SecretStr | None = Field(default=None, alias="SECRET_KEY")
    healthz_token: SecretStr | None = Field(default=None, alias="HEALTHZ_TOKEN")

    # Lookups per user per minute of /tracuu and /hoso (against guessing codes).
    lookup_limit_per_minute: int = Field(default=10, ge=1, alias="LOOKUP_LIMIT_PER_MINUTE")

    @field_validator(
        "bot_token", "webhook_url", "webhook_secret", "secret_key", "healthz_token", mode="before"
    )
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        # `.env.example` leaves optional values empty: empty means "not set".
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("extra_working_days", "worked_saturdays", "extra_days_off", mode="before")
    @classmethod
    def _split_dates(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        out = []
        for part in (p.strip() for p in value.replace(";", ",").split(",")):
            if not part:
                continue
            if "/" in part:
                day, month, year = (int(x) for x in part.split("/"))
                out.append(date(year, month, day))
            else:
                out.append(date.fromisoformat(part))
        return tuple(out)

    @field_validator("feedback_answer_days")
    @classmethod
    def _answer_days(cls, value: str) -> str:
        parse_answer_days(value)  # refuses a malformed value at start
        return value

    @field_validator("admin_telegram_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.replace(";", ",").split(",")]
            return frozenset(int(p) for p in parts if p)
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (KeyError, ValueError) as exc:  # ZoneInfoNotFoundError is a KeyError
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _working_or_off(self) -> Settings:
        both = set(self.extra_working_days + self.worked_saturdays) & set(self.extra_days_off)
        if both:
            days = ", ".join(d.strftime("%d/%m/%Y") for d in sorted(both))
            raise ValueError(f"EXTRA_WORKING_DAYS and EXTRA_DAYS_OFF both name {days}")
        return self

    def work_calendar(self) -> WorkCalendar:
        """The national working-day calendar with this deployment's changes."""
        return WorkCalendar.with_overrides(
            self.extra_working_days + self.worked_saturdays, self.extra_days_off
        )

    @property
    def answer_days(self) -> tuple[int, dict[str, int]]:
        """(default working days to answer, per-category overrides)."""
        return parse_answer_days(self.feedback_answer_days)

    @property
    def tz(self) -> ZoneInfo:
        """The local time zone all dates are shown in."""
        return ZoneInfo(self.timezone)
