"""A real `cchc-bot run` in a subprocess against the loopback Telegram stand-in, to be killed.

The stand-in runs in the test's event loop; the bot is a separate process (python -m bot run)
with its own database file, so `kill -9` is a real crash: no finally, no flush, no goodbye.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.standin.telegram import TelegramStandIn

ROOT = Path(__file__).resolve().parents[2]
CODE_IN_ANSWER = re.compile(r"mã (RZ-\d+-\d+)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class BotProcess:
    """`python -m bot run [--webhook]` with a given environment; started, killed, restarted."""

    env: dict[str, str]
    cwd: Path
    webhook: bool = False
    proc: subprocess.Popen[bytes] | None = None
    kills: int = 0
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.cwd / "bot.log"

    def start(self) -> None:
        args = [sys.executable, "-m", "bot", "run"] + (["--webhook"] if self.webhook else [])
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                args, cwd=self.cwd, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.kills += 1

    def terminate(self, timeout: float = 20.0) -> int:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=timeout)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


def bot_env(tg: TelegramStandIn, db: Path, **extra: str) -> dict[str, str]:
    """The environment of the subprocess: the stand-in's URLs, its own database, no .env."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "ZALO_"))}
    env.update(
        {
            "BOT_TOKEN": tg.token,
            "TELEGRAM_API_BASE_URL": tg.base_url,
            "TELEGRAM_API_FILE_URL": tg.base_file_url,
            "DATABASE_PATH": str(db),
            "ADMIN_TELEGRAM_IDS": "9999",
            "HTTP_PORT": "0",
            "PYTHONPATH": str(ROOT),
            "LOOKUP_LIMIT_PER_MINUTE": "1000",
        }
    )
    env.update(extra)
    return env


def answers(tg: TelegramStandIn) -> Counter[str]:
    """How many times each dossier code was answered ("Không tìm thấy hồ sơ có mã …")."""
    found: Counter[str] = Counter()
    for message in tg.sent():
        match = CODE_IN_ANSWER.search(str(message.get("text", "")))
        if match:
            found[match[1]] += 1
    return found
