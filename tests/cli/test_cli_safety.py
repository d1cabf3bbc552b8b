"""The token is never printed, a readable .env is warned about, logs carry no secret."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
from pathlib import Path

from bot.cli.safety import RedactSecrets, env_file_warning, redact, secrets_of
from bot.standin.telegram import TelegramStandIn
from tests.conftest import make_settings

ROOT = Path(__file__).resolve().parents[2]
REJECTED = "424242:THIS-TOKEN-IS-REVOKED-AND-SECRET"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "ZALO_"))}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


async def test_a_rejected_token_is_never_printed(tmp_path: Path) -> None:
    async with TelegramStandIn("1:THE-RIGHT-ONE") as tg:
        env = _env(
            BOT_TOKEN=REJECTED,
            TELEGRAM_API_BASE_URL=tg.base_url,
            TELEGRAM_API_FILE_URL=tg.base_file_url,
            DATABASE_PATH=str(tmp_path / "db.sqlite3"),
        )
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=tmp_path,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(proc.communicate(), 60)
    printed = out.decode() + err.decode()
    assert "THIS-TOKEN-IS-REVOKED" not in printed
    assert proc.returncode == 1
    assert "Telegram từ chối BOT_TOKEN" in printed


def test_a_group_or_world_readable_env_is_warned_about(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("BOT_TOKEN=\n")
    env_file.chmod(0o644)
    assert env_file_warning(env_file) == "0o644"
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "ward", "list"],
        cwd=tmp_path,
        env=_env(DATABASE_PATH=str(tmp_path / "db.sqlite3")),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "chmod 600" in proc.stderr
    env_file.chmod(0o600)
    assert env_file_warning(env_file) is None
    assert env_file_warning(tmp_path / "missing") is None


def test_log_lines_and_tracebacks_are_redacted(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "x.sqlite3", BOT_TOKEN=REJECTED, SECRET_KEY="k" * 44)
    secrets = secrets_of(settings)
    assert redact(f"url /bot{REJECTED}/getMe", secrets) == "url /bot***/getMe"
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "token %s", (REJECTED,), None)
    try:
        raise ValueError(f"The token `{REJECTED}` was rejected")
    except ValueError:
        record.exc_info = sys.exc_info()
    assert RedactSecrets(secrets).filter(record)
    text = logging.Formatter().format(record)
    assert "REVOKED" not in text and "kkkk" not in text and "***" in text
