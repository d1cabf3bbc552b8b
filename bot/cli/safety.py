"""What the command line does before any command: warn about a readable `.env`, and keep the
secrets out of every log line and error message."""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterable
from pathlib import Path

from bot.config import Settings

REDACTED = "***"


def env_file_warning(path: Path) -> str | None:
    """The permission bits that make the settings file readable by others, if any."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        return oct(stat.S_IMODE(mode))
    return None


def secrets_of(settings: Settings) -> list[str]:
    """Every secret value the settings hold (the bot token, and its part after the bot id)."""
    values = [
        secret.get_secret_value()
        for secret in (
            settings.bot_token,
            settings.webhook_secret,
            settings.secret_key,
            settings.healthz_token,
        )
        if secret is not None and secret.get_secret_value()
    ]
    if settings.bot_token is not None:
        _, _, key = settings.bot_token.get_secret_value().partition(":")
        if len(key) >= 8:
            values.append(key)  # the part after the bot id is what must not leak
    return sorted(set(values), key=len, reverse=True)


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret replaced."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text


class RedactSecrets(logging.Filter):
    """A log filter that removes secrets from the formatted message and the traceback."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = list(secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            # The traceback goes into the message, so that it is redacted too.
            message += "\n" + logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
            record.exc_text = None
        record.msg, record.args = redact(message, self._secrets), None
        return True


def install_redaction(settings: Settings) -> None:
    """Put the filter on every handler of the root logger."""
    secrets = secrets_of(settings)
    if not secrets:
        return
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactSecrets(secrets))
