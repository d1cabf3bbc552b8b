"""What bench/latency.py, bench/burst.py and bench/startup.py share (not a benchmark itself).

- a seeded database: the demo's wards, staff, dossiers and tasks, plus extra staff on request;
- `BotProcess`: a bot in a child process (ours: bench/_our_bot.py; the baseline, a bare
  python-telegram-bot echo bot: bench/_echo_bot.py), so that the stand-in and the simulated users,
  here in the parent, take no CPU from it and its own CPU time can be read (/proc);
- `CallWatch`: every call the stand-in records, stamped as it is recorded; a simulated user waits
  for the bot's reply on it (no sleeping, no polling);
- result rows (figure, baseline, ratio, target, pass) and the one JSON line bench/run_all.py reads.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.config import Settings  # noqa: E402
from bot.standin.telegram import Call, TelegramStandIn  # noqa: E402

JSONDict = dict[str, Any]

TOKEN = "123456:BENCH-TOKEN"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# The seeded data's "now", as in the tests: Friday 27/11/2026 10:00 (bench/_our_bot.py START).
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=TZ)
ADMIN_ID = 9999
CITIZEN_FIRST = 100_001  # citizens of a run get ids from here on
EXTRA_STAFF_FIRST = 30_001  # the extra staff members (city supervisors)
ECHO_OFFSET = 1_000_000  # the echo bot's users: the same ids shifted, so chats never mix
DESCRIPTION = (
    "Hồ sơ khai sinh của con tôi đã quá hạn 5 ngày mà chưa có kết quả, không ai báo lý do."
)
CODE_RE = re.compile(r"PA-[0-9A-Z]{4}-[0-9A-Z]{4}")
MESSAGE_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendLocation",
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
    }
)


# --- the database --------------------------------------------------------------------------------


def make_settings(db_path: Path, tg: TelegramStandIn | None = None, **extra: Any) -> Settings:
    """Settings for a run: no .env file, the stand-in's URLs, one admin id."""
    values: dict[str, Any] = {
        "BOT_TOKEN": TOKEN,
        "DATABASE_PATH": db_path,
        "ADMIN_TELEGRAM_IDS": str(ADMIN_ID),
    }
    if tg is not None:
        values["TELEGRAM_API_BASE_URL"] = tg.base_url
        values["TELEGRAM_API_FILE_URL"] = tg.base_file_url
    values.update(extra)
    return Settings(_env_file=None, **values)


async def seed(path: Path, *, extra_staff: int = 0) -> list[int]:
    """The demo's data in a fresh SQLite file, plus `extra_staff` supervisors of the city;
    returns every staff member's user id (the admin included)."""
    from bot.clock import FrozenClock
    from bot.demo.chat import seed_database
    from bot.domain.models import Role
    from storage.db import Database
    from storage.staff import SqliteStaffRepository
    from storage.units import SqliteUnitRepository

    _remove_db(path)
    db = await Database(path, FrozenClock(NOW)).connect()
    try:
        await seed_database(db, NOW.date(), make_settings(path))
        city = await SqliteUnitRepository(db).by_slug("haiphong")
        assert city is not None
        staff = SqliteStaffRepository(db)
        for i in range(extra_staff):
            await staff.add(
                str(EXTRA_STAFF_FIRST + i), Role.SUPERVISOR, city.id, f"Chuyên viên thử {i + 1}"
            )
        ids = sorted({int(m.user_id) for m in await staff.all()} | {ADMIN_ID})
        await db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        await db.close()
    return ids


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


# --- the bots, as child processes ----------------------------------------------------------------


def bot_env(tg: TelegramStandIn, db_path: Path | None = None, **extra: str) -> dict[str, str]:
    """The environment of a bot child: this one's, with the bot's settings set."""
    env = {k: v for k, v in os.environ.items() if k not in _SETTINGS_VARS}
    env.update(
        {
            "BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": tg.base_url,
            "TELEGRAM_API_FILE_URL": tg.base_file_url,
            "ADMIN_TELEGRAM_IDS": str(ADMIN_ID),
            "PYTHONPATH": os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(
                os.pathsep
            ),
        }
    )
    if db_path is not None:
        env["DATABASE_PATH"] = str(db_path)
    env.update(extra)
    return env


# Settings a developer's shell may carry, which must not leak into a bench child.
_SETTINGS_VARS = frozenset(
    {
        "BOT_TOKEN",
        "TELEGRAM_API_BASE_URL",
        "TELEGRAM_API_FILE_URL",
        "DATABASE_PATH",
        "ADMIN_TELEGRAM_IDS",
        "WEBHOOK_URL",
        "WEBHOOK_SECRET",
    }
)


def echo_command(*, limiter: bool = False) -> list[str]:
    """The echo bot's command line (bench/_echo_bot.py)."""
    return [sys.executable, str(BENCH / "_echo_bot.py"), *(["--limiter"] if limiter else [])]


def our_command() -> list[str]:
    """Our bot's command line (bench/_our_bot.py: run_telegram on the shifted clock)."""
    return [sys.executable, str(BENCH / "_our_bot.py")]


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system, every thread) a live process has used, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / _CLK_TCK


_CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class BotProcess:
    """A bot in a child process: started until it says "ready", asked for its CPU, stopped with
    SIGTERM. Its stderr goes to a log file, shown when it fails."""

    def __init__(self, name: str, argv: Sequence[str], env: dict[str, str], log: Path) -> None:
        self.name = name
        self.argv = list(argv)
        self.env = env
        self.log = log
        self.proc: asyncio.subprocess.Process | None = None
        self.killed = False  # stop() had to kill it
        self._drain: asyncio.Task[None] | None = None

    async def start(self, within: float = 120.0) -> None:
        with self.log.open("wb") as err:
            self.proc = await asyncio.create_subprocess_exec(
                *self.argv,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=err,
                env=self.env,
                cwd=str(self.log.parent),  # no .env file there
            )
        assert self.proc.stdout is not None
        try:
            async with asyncio.timeout(within):
                while line := await self.proc.stdout.readline():
                    if line.strip() == b"ready":
                        break
                else:
                    await self.proc.wait()
                    raise RuntimeError(
                        f"{self.name} exited ({self.proc.returncode})\n{self.tail()}"
                    )
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()
            raise RuntimeError(
                f"{self.name} did not poll within {within:g} s\n{self.tail()}"
            ) from None
        self._drain = asyncio.create_task(self._read_rest())

    async def _read_rest(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        while await self.proc.stdout.read(65536):
            pass

    def cpu(self) -> float:
        assert self.proc is not None
        return process_cpu(self.proc.pid)

    async def stop(self, within: float = 60.0) -> float:
        """SIGTERM, then wait for the exit; returns the seconds it took (kills past `within`)."""
        assert self.proc is not None
        t0 = time.perf_counter()
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.proc.wait(), within)
            except TimeoutError:
                self.killed = True
                self.proc.kill()
                await self.proc.wait()
        took = time.perf_counter() - t0
        if self._drain is not None:
            await self._drain
        if not self.killed and self.proc.returncode not in (0, -signal.SIGTERM):
            print(f"WARNING: {self.name} exited with {self.proc.returncode}\n{self.tail()}")
        return took

    def tail(self, lines: int = 15) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


# --- watching what the bot sends -----------------------------------------------------------------


class _HookedCalls(list[Call]):
    """The stand-in's call log, telling a callback about each call as it is recorded."""

    def __init__(self, items: Iterable[Call], on_append: Callable[[Call], None]) -> None:
        super().__init__(items)
        self._on_append = on_append

    def append(self, item: Call) -> None:
        super().append(item)
        self._on_append(item)


def _chat_of(call: Call) -> int | None:
    chat = call.params.get("chat_id")
    if isinstance(chat, int):
        return chat
    if isinstance(chat, str) and chat.lstrip("-").isdigit():
        return int(chat)
    return None


@dataclass
class _Waiter:
    after: int
    until: Callable[[JSONDict], bool] | None
    refused_before: int | None
    future: asyncio.Future[float | None]


class CallWatch:
    """Every message the bot sent to each chat with the moment the stand-in recorded it, the
    429 answers per chat and per method, and one waiter per chat (a user waits for one reply)."""

    def __init__(self, tg: TelegramStandIn) -> None:
        self.tg = tg
        self.messages: dict[int, list[tuple[float, JSONDict]]] = defaultdict(list)
        self.refused: dict[int, int] = defaultdict(int)
        self.refused_by_method: dict[str, int] = defaultdict(int)
        self.method_counts: dict[str, int] = defaultdict(int)
        self._waiters: dict[int, _Waiter] = {}
        tg.calls = _HookedCalls(tg.calls, self._seen)

    def _seen(self, call: Call) -> None:
        at = time.perf_counter()
        self.method_counts[call.method] += 1
        chat = _chat_of(call)
        if call.http_status == 429:
            self.refused_by_method[call.method] += 1
            if chat is not None:
                self.refused[chat] += 1
        elif call.method in MESSAGE_METHODS and call.ok and chat is not None:
            result = call.result
            self.messages[chat].append((at, result if isinstance(result, dict) else {}))
        if chat is not None and chat in self._waiters:
            self._check(chat)

    def _check(self, chat: int) -> None:
        waiter = self._waiters[chat]
        if waiter.future.done():
            return
        for at, message in self.messages[chat][waiter.after :]:
            if waiter.until is None or waiter.until(message):
                waiter.future.set_result(at)
                return
        if waiter.refused_before is not None and self.refused[chat] > waiter.refused_before:
            waiter.future.set_result(None)

    def count(self, chat: int) -> int:
        return len(self.messages[chat])

    async def wait(
        self,
        chat: int,
        after: int,
        until: Callable[[JSONDict], bool] | None,
        *,
        refused_before: int | None,
        timeout: float,  # noqa: ASYNC109
    ) -> float | None:
        """The moment of the first message to `chat` past index `after` that satisfies `until`;
        None when a 429 was answered for the chat past `refused_before` (when given: the bot
        does not retry) or nothing came within `timeout`."""
        future: asyncio.Future[float | None] = asyncio.get_running_loop().create_future()
        self._waiters[chat] = _Waiter(after, until, refused_before, future)
        try:
            self._check(chat)
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            return None
        finally:
            self._waiters.pop(chat, None)

    def last_message_with(self, chat: int, data: str) -> int:
        """The id of the latest message in the chat with a button carrying `data`."""
        for _, message in reversed(self.messages[chat]):
            rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
            if any(b.get("callback_data") == data for row in rows for b in row):
                return int(message["message_id"])
        raise LookupError(f"no button {data!r} in chat {chat}")

    def button_data(self, chat: int, label: str) -> str:
        """The callback data of the latest button labelled `label` in the chat."""
        for _, message in reversed(self.messages[chat]):
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
                for button in row:
                    if button.get("text") == label:
                        return str(button["callback_data"])
        raise LookupError(f"no button labelled {label!r} in chat {chat}")

    def total_refused(self) -> int:
        return sum(self.refused_by_method.values())


# --- what the users do ---------------------------------------------------------------------------


def has_button(data: str) -> Callable[[JSONDict], bool]:
    """A reply that shows a button carrying `data`."""

    def check(message: JSONDict) -> bool:
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        return any(b.get("callback_data") == data for row in rows for b in row)

    return check


def has_label(label: str) -> Callable[[JSONDict], bool]:
    """A reply that shows a button labelled `label`."""

    def check(message: JSONDict) -> bool:
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        return any(b.get("text") == label for row in rows for b in row)

    return check


def has_code(message: JSONDict) -> bool:
    """A reply that carries a tracking code (the filing confirmation)."""
    return bool(CODE_RE.search(str(message.get("text", ""))))


@dataclass(frozen=True)
class Step:
    """One update a user sends, and which reply ends the wait for it.

    `text` may hold "{code}": the tracking code the user's latest reply carried. A press names
    its button by callback data (`press`) or by label (`press_label`). `until` picks the reply
    that completes the step (default: the first message after the push). The echo bot gets
    `echo` (or the text) as a plain text and answers it with one message."""

    label: str
    text: str | None = None
    press: str | None = None
    press_label: str | None = None
    until: Callable[[JSONDict], bool] | None = None
    echo: str | None = None

    def echo_text(self) -> str:
        if self.echo is not None:
            return self.echo
        if self.text is not None:
            return self.text.replace("{code}", "PA-XXXX-XXXX")
        return self.press_label or self.press or "?"


WARD = "Phường Ngô Quyền"


def intake_steps(label: str = "intake step") -> list[Step]:
    """A citizen files a whole case: ward, category, dossier code, description, no file,
    no place, anonymous, send."""
    return [
        Step(label, text="/phananh", until=has_label(WARD)),
        Step(label, press_label=WARD, until=has_button("c:late_dossier")),
        Step(label, press="c:late_dossier"),
        Step(label, text="NQ-2026-000123"),
        Step(label, text=DESCRIPTION, until=has_button("skip")),
        Step(label, press="skip"),
        Step(label, text="Bỏ qua"),
        Step(label, text="Gửi ẩn danh", until=has_button("send")),
        Step(label, press="send", until=has_code),
    ]


@dataclass
class Samples:
    """Push-to-reply times per figure (seconds), and the replies that never came."""

    by_label: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    lost: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    first_push: float | None = None
    last_reply: float | None = None

    def add(self, label: str, pushed: float, replied: float | None) -> None:
        if self.first_push is None or pushed < self.first_push:
            self.first_push = pushed
        if replied is None:
            self.lost[label] += 1
            return
        self.by_label[label].append(replied - pushed)
        if self.last_reply is None or replied > self.last_reply:
            self.last_reply = replied

    def all(self) -> list[float]:
        return [s for values in self.by_label.values() for s in values]

    @property
    def answered(self) -> int:
        return sum(len(v) for v in self.by_label.values())

    @property
    def lost_total(self) -> int:
        return sum(self.lost.values())


@dataclass
class Driver:
    """Plays users against one bot: each user sends a step, waits for its reply, sends the next.

    `echo`: the user talks to the echo bot (texts only, one reply each). `lossy`: the bot does
    not retry a refused send, so a 429 for the user's chat ends the wait (counted as lost)."""

    tg: TelegramStandIn
    watch: CallWatch
    samples: Samples
    echo: bool = False
    lossy: bool = False
    timeout: float = 120.0
    errors: list[str] = field(default_factory=list)

    async def play(self, user: int, steps: Sequence[Step], *, record: bool = True) -> None:
        """Send each step as `user` and wait for its reply (a missing reply: recorded as lost)."""
        code = ""
        for step in steps:
            before = self.watch.count(user)
            refused = self.watch.refused[user] if self.lossy else None
            pushed = time.perf_counter()
            try:
                self._push(user, step, code)
            except LookupError as exc:
                self.errors.append(f"user {user}, {step.label}: {exc}")
                if record:
                    self.samples.add(step.label, pushed, None)
                return
            until = None if self.echo else step.until
            replied = await self.watch.wait(
                user, before, until, refused_before=refused, timeout=self.timeout
            )
            if record:
                self.samples.add(step.label, pushed, replied)
            refused_now = refused is not None and self.watch.refused[user] > refused
            if replied is None and not refused_now:
                self.errors.append(f"user {user}, {step.label}: no reply in {self.timeout:g} s")
                return
            if not self.echo:
                for _, message in self.watch.messages[user][before:]:
                    found = CODE_RE.search(str(message.get("text", "")))
                    if found:
                        code = found.group(0)

    def _push(self, user: int, step: Step, code: str) -> None:
        if self.echo:
            self.tg.push_message(user, step.echo_text())
        elif step.text is not None:
            self.tg.push_message(user, step.text.replace("{code}", code))
        else:
            data = step.press or self.watch.button_data(user, step.press_label or "")
            self.tg.push_callback(user, self.watch.last_message_with(user, data), data)


# --- figures and the result line -----------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty sequence."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), -(-len(ordered) * q // 100)))
    return ordered[int(rank) - 1]


def ratio_row(
    figure: str,
    value: float,
    baseline: float,
    unit: str,
    *,
    most: float | None = None,
    least: float | None = None,
) -> JSONDict:
    """A figure against its baseline, the target being on the ratio (ours / baseline)."""
    ratio = value / baseline if baseline else float("inf")
    ok: bool | None = None
    target = ""
    if most is not None:
        ok, target = ratio <= most, f"<= {most:g}x"
    elif least is not None:
        ok, target = ratio >= least, f">= {least:g}x"
    return {
        "figure": figure,
        "value": value,
        "baseline": baseline,
        "unit": unit,
        "ratio": ratio,
        "target": target,
        "pass": ok,
    }


def limit_row(
    figure: str,
    value: float,
    unit: str,
    *,
    most: float | None = None,
    baseline: float | None = None,
) -> JSONDict:
    """A figure with an absolute target (a count, a duration); the baseline is only shown."""
    ratio = value / baseline if baseline else None
    return {
        "figure": figure,
        "value": value,
        "baseline": baseline,
        "unit": unit,
        "ratio": ratio,
        "target": f"<= {most:g} {unit}".rstrip() if most is not None else "",
        "pass": (value <= most) if most is not None else None,
    }


def fmt_value(value: float | None, unit: str) -> str:
    """A figure with its unit, for the tables."""
    if value is None:
        return "-"
    if value != value:  # NaN: nothing measured
        return "n/a"
    if unit == "ms":
        return f"{value:.2f} ms" if value < 100 else f"{value:.0f} ms"
    if unit == "s":
        return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"
    if unit in ("", "calls", "answers", "replies"):
        return f"{value:g}" + (f" {unit}" if unit else "")
    return f"{value:.1f} {unit}"


def table(rows: Sequence[JSONDict], *, script: str | None = None) -> str:
    """The rows as one aligned text table."""
    head = (["script"] if script is not None else []) + [
        "figure",
        "ours",
        "baseline",
        "ratio",
        "target",
        "result",
    ]
    lines: list[list[str]] = [head]
    for row in rows:
        ratio = row.get("ratio")
        ok = row.get("pass")
        cells = [
            row["figure"],
            fmt_value(row.get("value"), row.get("unit", "")),
            fmt_value(row.get("baseline"), row.get("unit", "")),
            f"{ratio:.2f}x" if isinstance(ratio, int | float) and ratio == ratio else "-",
            row.get("target") or "-",
            "pass" if ok is True else "FAIL" if ok is False else "info",
        ]
        if script is not None:
            cells.insert(0, str(row.get("script", script)))
        lines.append(cells)
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


def load() -> float:
    """The 1-minute load average (0 where the system does not tell)."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return 0.0


def busy_note(loads: Iterable[float]) -> str:
    """A warning when other work shared the machine's cores with the run ("" otherwise)."""
    cores = os.cpu_count() or 1
    peak = max(loads, default=0.0)
    if peak <= 0.75 * cores:
        return ""
    return (
        f"WARNING: the machine was busy (load average up to {peak:.1f} on {cores} cores):"
        " timings are noisy, and a busy machine slows short replies (the echo bot's) the most"
    )


def report(name: str, rows: Sequence[JSONDict], params: JSONDict) -> JSONDict:
    """Print the table and, last, the one JSON line bench/run_all.py reads; return the result.
    `params` may hold "loads": load averages seen during the run (a warning if high)."""
    result = {"bench": name, "params": params, "rows": clean(rows)}
    print()
    print(table(rows))
    note = busy_note(params.get("loads", []))
    if note:
        print(note)
    print(json.dumps(result, ensure_ascii=False, allow_nan=False, default=str))
    return result


def clean(rows: Sequence[JSONDict]) -> list[JSONDict]:
    """Rows with NaN/inf replaced by None (JSON has no NaN)."""
    out = []
    for row in rows:
        fixed = dict(row)
        for key in ("value", "baseline", "ratio"):
            v = fixed.get(key)
            if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
                fixed[key] = None
        out.append(fixed)
    return out
