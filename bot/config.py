"""Settings read once from the environment or `.env` (the contract in DESIGN.md)."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


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

    @field_validator("bot_token", "webhook_url", "webhook_secret", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        # `.env.example` leaves optional values empty: empty means "not set".
        return None if isinstance(value, str) and not value.strip() else value

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

    @property
    def tz(self) -> ZoneInfo:
        """The local time zone all dates are shown in."""
        return ZoneInfo(self.timezone)
