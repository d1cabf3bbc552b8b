"""`cchc-bot demo`: the real bot against a loopback Bot API stand-in, in a terminal chat.

No token and no network: the demo seeds a SQLite file, starts the stand-in on 127.0.0.1, runs
the same Application `cchc-bot run` runs, and lets a person type as a citizen or as an official.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from pydantic import SecretStr

from bot.app import run_telegram
from bot.cli import html_to_text
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.domain.messages import OutboxState
from bot.domain.models import Role
from bot.seed import (
    CITIZEN_ID,
    STAFF,
    UNITS,
    cau_tre_dossiers,
    cau_tre_tasks,
    recent_dossiers,
    recent_tasks,
)
from bot.standin.telegram import TelegramStandIn
from handlers.telegram.tracking import HandledUpdates
from storage.db import Database
from storage.dossiers import SqliteDossierRepository
from storage.outbox import SqliteOutbox
from storage.staff import SqliteStaffRepository
from storage.tasks import SqliteTaskRepository
from storage.units import SqliteUnitRepository

DEMO_TOKEN = "123456:DEMO-OFFLINE"
DEFAULT_DB = Path("data/demo.sqlite3")
DEMO_PHONE = "0912345678"  # a made-up number for the "share my number" button
DEMO_LOCATION = (20.8561, 106.6822)  # Ngô Quyền, Hải Phòng

BANNER = """\
══ cchc-bot — bản thử ngoại tuyến ══
Bot thật đang chạy với một máy chủ Bot API giả lập trên 127.0.0.1 (không cần mạng, không cần token).
Bạn đang nhắn tin với vai trò CÔNG DÂN. Thử:
  /start   /phananh (gửi phản ánh)   /tracuu MÃ   /hoso CT-2022-00001   /dulieucuatoi
  /as officer ngoquyen                    — cán bộ một cửa phường Ngô Quyền: /hopthu, /nhap
  /stats cautre 01/01/2022-15/09/2022     — số liệu bài báo gốc (4.545 hồ sơ, Cầu Tre cũ)
  /stats cautre 2026                      — Cầu Tre đã nhập vào Ngô Quyền: bot đề nghị xem Ngô Quyền
  /stats cau tre Q3/2022    /stats ngoquyen    /stats ngo quyen tuan    /stats dong khe
  /as supervisor haiphong   /as admin   /as citizen
  Khi bot đưa lựa chọn, gõ số thứ tự để chọn. /quit để thoát.
"""


async def seed_database(db: Database, today: date, settings: Settings) -> None:
    """Create the demo's wards, staff, dossiers and tasks."""
    units = SqliteUnitRepository(db)
    tz = settings.tz
    ids: dict[str, int] = {}
    for u in UNITS:
        unit = await units.add(
            u.slug,
            u.name,
            code=u.code,
            aliases=u.aliases,
            parent_slug=u.parent,
            kind=u.kind,
            valid_from=u.valid_from,
            valid_to=u.valid_to,
        )
        ids[u.slug] = unit.id
    for u in UNITS:
        for predecessor in u.predecessors:
            await units.link(predecessor, u.slug)
    staff = SqliteStaffRepository(db)
    for s in STAFF:
        await staff.add(str(s.user_id), s.role, ids[s.ward] if s.ward else None, s.name)
    dossiers = SqliteDossierRepository(db)
    tasks = SqliteTaskRepository(db)
    await dossiers.upsert_many(cau_tre_dossiers(ids["cautre"], tz))
    await tasks.upsert_many(cau_tre_tasks(ids["cautre"], tz))
    await dossiers.upsert_many(recent_dossiers("NQ", ids["ngoquyen"], today, tz, 24, seed=1))
    await tasks.upsert_many(recent_tasks("NQ", ids["ngoquyen"], today, tz))
    await dossiers.upsert_many(recent_dossiers("GV", ids["giavien"], today, tz, 16, seed=2))
    await tasks.upsert_many(recent_tasks("GV", ids["giavien"], today, tz))


class DemoChat:
    """The terminal side: who is typing, what the bot said, which choices are open."""

    def __init__(self, tg: TelegramStandIn, db: Database, out: TextIO) -> None:
        self.tg = tg
        self.db = db
        self.out = out
        self.user_id = CITIZEN_ID
        self.role_label = "công dân"
        self.printed = 0
        self.choices: list[tuple[str, Callable[[], dict[str, Any]]]] = []

    def prompt(self) -> str:
        """The input prompt, naming the current identity."""
        return f"\nBạn ({self.role_label}) › "

    def show_new_messages(self) -> None:
        """Print what the bot sent since last time, with buttons as numbered choices."""
        calls = self.tg.calls
        for call in calls[self.printed :]:
            if call.method not in {"sendMessage", "editMessageText", "sendDocument", "sendPhoto"}:
                continue
            if call.http_status != 200:
                continue
            params = call.params
            chat = params.get("chat_id")
            text = str(params.get("text") or params.get("caption") or "")
            who = "" if str(chat) == str(self.user_id) else f" → chat {chat}"
            label = "Bot (sửa)" if call.method == "editMessageText" else "Bot"
            body = html_to_text(text)
            if call.method == "sendDocument":
                body = f"[tệp đính kèm] {body}"
            print(f"\n{label}{who}:\n{body}", file=self.out)
            if who:
                continue
            self._collect_choices(params, call.response)
        self.printed = len(calls)

    def _collect_choices(self, params: dict[str, Any], response: Any) -> None:
        markup = params.get("reply_markup")
        if not isinstance(markup, dict):
            return
        result = response.get("result") if isinstance(response, dict) else None
        message_id = result.get("message_id") if isinstance(result, dict) else None
        self.choices = []
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and message_id is not None:
                    press = partial(self._press, int(message_id), str(data))
                    self.choices.append((str(button["text"]), press))
        for row in markup.get("keyboard", []):
            for button in row:
                text = button if isinstance(button, str) else button.get("text", "")
                if isinstance(button, dict) and button.get("request_contact"):
                    self.choices.append((text, self._share_contact))
                elif isinstance(button, dict) and button.get("request_location"):
                    self.choices.append((text, self._share_location))
                else:
                    self.choices.append((text, partial(self._say, str(text))))
        for n, (label, _push) in enumerate(self.choices, start=1):
            print(f"  [{n}] {label}", file=self.out)

    def _press(self, message_id: int, data: str) -> dict[str, Any]:
        return self.tg.push_callback(self.user_id, message_id, data)

    def _say(self, text: str) -> dict[str, Any]:
        return self.tg.push_message(self.user_id, text)

    def _share_contact(self) -> dict[str, Any]:
        return self.tg.push_contact(self.user_id, DEMO_PHONE)

    def _share_location(self) -> dict[str, Any]:
        return self.tg.push_location(self.user_id, *DEMO_LOCATION)

    async def switch(self, words: list[str]) -> None:
        """`/as ROLE [WARD]`: type as another person from now on."""
        if not words or words[0] in {"citizen", "congdan", "dan"}:
            self.user_id, self.role_label = CITIZEN_ID, "công dân"
            print("Đã chuyển sang vai trò công dân.", file=self.out)
            return
        try:
            role = Role(words[0])
        except ValueError:
            print("Vai trò: citizen, officer, leader, supervisor, admin.", file=self.out)
            return
        slug = words[1] if len(words) > 1 else None
        for s in STAFF:
            if s.role is role and (slug is None or s.ward == slug):
                self.user_id, self.role_label = s.user_id, f"{role.value} {s.ward or ''}".strip()
                print(f"Đã chuyển sang: {s.name}.", file=self.out)
                return
        unit = await SqliteUnitRepository(self.db).by_slug(slug) if slug else None
        if role is not Role.ADMIN and unit is None:
            print(f"Không có đơn vị «{slug or ''}». Ví dụ: /as officer ngoquyen", file=self.out)
            return
        if unit is not None and unit.valid_to is not None:
            ended = (unit.valid_to + timedelta(days=1)).strftime("%d/%m/%Y")
            print(
                f"{unit.name} đã ngừng hoạt động từ {ended}: cán bộ thuộc đơn vị hiện nay, "
                "ví dụ /as officer ngoquyen (xem được cả số liệu cũ của Cầu Tre).",
                file=self.out,
            )
            return
        new_id = 3000 + len(await SqliteStaffRepository(self.db).all())
        await SqliteStaffRepository(self.db).add(
            str(new_id), role, unit.id if unit else None, f"Cán bộ thử {new_id}"
        )
        self.user_id, self.role_label = new_id, f"{role.value} {slug or ''}".strip()
        print(f"Đã tạo và chuyển sang cán bộ thử {new_id}.", file=self.out)

    def pick(self, text: str) -> Callable[[], dict[str, Any]] | None:
        """The push for a numbered choice, if the text is one."""
        if text.isdigit() and 1 <= int(text) <= len(self.choices):
            return self.choices[int(text) - 1][1]
        return None


async def _outbox_settled(db: Database, within: float = 3.0) -> None:
    """Give the deliverer a moment to send what the last message caused (notifications), so
    the chat shows them in order; a person is typing, so a short poll is fine here."""
    outbox = SqliteOutbox(db)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        if (await outbox.counts_by_state())[OutboxState.PENDING] == 0:
            return
        await asyncio.sleep(0.05)


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


async def _read_lines(stdin: TextIO, handle: Callable[[str], Awaitable[bool]]) -> None:
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, stdin.readline)
        if not line:
            return
        if not await handle(line.strip()):
            return


async def run_demo(
    settings: Settings,
    *,
    database: Path | None,
    fresh: bool,
    stdin: TextIO,
    out: TextIO,
    clock: Clock | None = None,
) -> int:
    """Seed (once), start the stand-in and the bot, then chat until /quit or end of input."""
    clock = clock or SystemClock()
    path = database or DEFAULT_DB
    if fresh:
        await asyncio.to_thread(_remove_database, path)
    seed = not await asyncio.to_thread(path.exists)
    db = await Database(path).connect()
    try:
        if seed:
            print("Đang tạo dữ liệu mẫu…", file=out)
            await seed_database(db, clock.now().astimezone(settings.tz).date(), settings)
        async with TelegramStandIn(DEMO_TOKEN, bot_username="cchc_demo_bot") as tg:
            for member in STAFF:  # the demo's officials have opened the bot before
                tg.add_chat(member.user_id)
            demo_settings = settings.model_copy(
                update={
                    "bot_token": SecretStr(DEMO_TOKEN),
                    "telegram_api_base_url": tg.base_url,
                    "telegram_api_file_url": tg.base_file_url,
                    "database_path": path,
                    "admin_telegram_ids": frozenset(),
                }
            )
            handled = HandledUpdates()
            ready, stop = asyncio.Event(), asyncio.Event()
            bot_task = asyncio.create_task(
                run_telegram(
                    demo_settings,
                    stop,
                    clock=clock,
                    ready=ready,
                    poll_timeout=2,
                    configure=handled.install,
                )
            )
            await asyncio.wait(
                [bot_task, asyncio.create_task(ready.wait())],
                return_when=asyncio.FIRST_COMPLETED,
            )
            if bot_task.done():
                bot_task.result()  # re-raise a start-up failure
            chat = DemoChat(tg, db, out)
            chat.printed = len(tg.calls)
            print(BANNER, file=out)
            print(chat.prompt(), end="", file=out, flush=True)

            async def handle(text: str) -> bool:
                if text in {"/quit", "/exit", "/thoat"}:
                    return False
                if text.startswith("/as"):
                    await chat.switch(text.split()[1:])
                elif text:
                    push = chat.pick(text) or (lambda: tg.push_message(chat.user_id, text))
                    update = push()
                    await handled.wait(int(update["update_id"]))
                    await _outbox_settled(db)
                    chat.show_new_messages()
                print(chat.prompt(), end="", file=out, flush=True)
                return True

            try:
                await _read_lines(stdin, handle)
            finally:
                stop.set()
                with contextlib.suppress(asyncio.CancelledError):
                    await bot_task
            print("\nTạm biệt!", file=out)
    finally:
        await db.close()
    return 0
