"""`cchc-bot demo`: the real bot against a loopback Bot API stand-in, in a terminal chat.

No token and no network: the demo seeds a SQLite file, starts the stand-in on 127.0.0.1, runs
the same Application `cchc-bot run` runs, and lets a person type as a citizen or as an official.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import shlex
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from pydantic import SecretStr

from bot.app.run import run_telegram
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.demo.seed import (
    CITIZEN_ID,
    STAFF,
    UNITS,
    cau_tre_dossiers,
    cau_tre_tasks,
    recent_dossiers,
    recent_tasks,
)
from bot.domain import fmt
from bot.domain.fmt import is_digits
from bot.domain.messages import OutboxState
from bot.domain.models import Role
from bot.domain.texts import t
from bot.render.plain import to_plain
from bot.standin.telegram import StandInCounters, TelegramStandIn
from handlers.telegram.tracking import HandledUpdates
from storage.db import Database
from storage.demo_state import SqliteDemoState
from storage.dossiers import SqliteDossierRepository
from storage.outbox import SqliteOutbox
from storage.staff import SqliteStaffRepository
from storage.tasks import SqliteTaskRepository
from storage.units import SqliteUnitRepository

DEMO_TOKEN = "123456:DEMO-OFFLINE"
DEFAULT_DB = Path("data/demo.sqlite3")
DEMO_PHONE = "0912345678"  # a made-up number for the "share my number" button
DEMO_LOCATION = (20.8561, 106.6822)  # Ngô Quyền, Hải Phòng
LANG = "vi"
COUNTERS = "standin.counters"  # the stand-in's ids, kept in the demo's database
KEPT = "chat.unanswered"  # what each person has not answered yet, for the next run


async def seed_database(
    db: Database, today: date, settings: Settings, *, now: datetime | None = None
) -> None:
    """Create the demo's wards, staff, dossiers and tasks (none later than `now`, when given)."""
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
    await dossiers.upsert_many(
        recent_dossiers("NQ", ids["ngoquyen"], today, tz, 24, seed=1, until=now)
    )
    await tasks.upsert_many(recent_tasks("NQ", ids["ngoquyen"], today, tz))
    await dossiers.upsert_many(
        recent_dossiers("GV", ids["giavien"], today, tz, 16, seed=2, until=now)
    )
    await tasks.upsert_many(recent_tasks("GV", ids["giavien"], today, tz))


@dataclass(frozen=True, slots=True)
class Person:
    """Who is typing in the demo: the citizen or one of the officials."""

    user_id: int
    role: Role | None = None  # None: the citizen
    unit_name: str | None = None
    name: str | None = None
    as_words: str = "citizen"

    def label(self) -> str:
        """The person as the prompt names them, in words."""
        if self.role is None:
            return t(LANG, "demo.who_citizen")
        if self.role is Role.ADMIN or not self.unit_name:
            return t(LANG, "demo.who_admin") if self.role is Role.ADMIN else self._role()
        return t(LANG, "demo.who_staff", role=self._role(), unit=self.unit_name)

    def _role(self) -> str:
        assert self.role is not None
        return t(LANG, f"role.{self.role.value}")


@dataclass(frozen=True, slots=True)
class Button:
    """A button of a message, as the person can press it: an inline button's data, or a reply
    keyboard's button (which sends a text, the demo's phone number or the demo's location)."""

    label: str
    kind: str  # "callback", "text", "contact" or "location"
    data: str = ""


@dataclass
class Shown:
    """One message the bot sent to a person, as the terminal shows it; `message` is the message
    as the stand-in returned it (an inline button is pressed on it)."""

    title: str
    body: str
    buttons: list[Button] = field(default_factory=list)
    message: dict[str, Any] | None = None
    earlier: bool = False  # sent in an earlier run of the demo

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form, read back by `from_dict`."""
        return {
            "title": self.title,
            "body": self.body,
            "buttons": [[b.label, b.kind, b.data] for b in self.buttons],
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Shown:
        """A message kept by an earlier run."""
        buttons = [
            Button(str(label), str(kind), str(value)) for label, kind, value in data["buttons"]
        ]
        message = data.get("message")
        return cls(
            str(data["title"]),
            str(data["body"]),
            buttons,
            message if isinstance(message, dict) else None,
            earlier=True,
        )


CITIZEN = Person(CITIZEN_ID)


class DemoChat:
    """The terminal side: who is typing, what the bot said to whom, which choices are open.

    Each person has their own choices: switching with /as shows what the bot sent them meanwhile,
    with its buttons as numbered choices, and the previous person's choices no longer apply.
    Within what is shown at once, choices are numbered on from one message to the next, so every
    card of a list keeps working buttons.
    """

    def __init__(
        self, tg: TelegramStandIn, db: Database, out: TextIO, files: Path | None = None
    ) -> None:
        self.tg = tg
        self.db = db
        self.out = out
        self.files = files
        self.person = CITIZEN
        self.people: dict[int, Person] = {CITIZEN_ID: CITIZEN}
        self.printed = 0
        self.choices: dict[int, list[tuple[Shown, Button]]] = {}
        self.open: dict[int, list[Shown]] = {}  # the last batch shown to each person
        self.pending: dict[int, list[Shown]] = {}

    def prompt(self) -> str:
        """The input prompt, naming the current person in words."""
        return "\n" + t(LANG, "demo.prompt", who=self.person.label())

    async def know_staff(self) -> None:
        """Learn the officials' names and units, to name them in words."""
        units = {u.id: u for u in await SqliteUnitRepository(self.db).all()}
        for member in await SqliteStaffRepository(self.db).all():
            if not is_digits(member.user_id.lstrip("-")):
                continue
            unit = units.get(member.unit_id) if member.unit_id is not None else None
            words = f"{member.role.value} {unit.slug}" if unit else member.role.value
            self.people[int(member.user_id)] = Person(
                int(member.user_id),
                member.role,
                unit.name if unit else None,
                member.name,
                words,
            )

    def _unseen(self) -> list[tuple[int, Shown]]:
        """What the bot sent anyone since last time, by chat."""
        calls = self.tg.calls
        unseen = [
            (chat, self._shown(call.method, call.params, call.files, call.response))
            for call in calls[self.printed :]
            if call.method in {"sendMessage", "editMessageText", "sendDocument", "sendPhoto"}
            and call.http_status == 200
            for chat in (int(call.params.get("chat_id") or 0),)
        ]
        self.printed = len(calls)
        return unseen

    def show_new_messages(self) -> None:
        """Print what the bot sent the current person since last time; keep the rest for later."""
        batch: list[Shown] = []
        others: dict[int, int] = {}
        for chat, shown in self._unseen():
            if chat == self.person.user_id:
                batch.append(shown)
            else:
                self.pending.setdefault(chat, []).append(shown)
                others[chat] = others.get(chat, 0) + 1
        self._print(batch)
        for chat, count in others.items():
            person = self.people.get(chat, Person(chat, as_words=str(chat)))
            self._say("demo.for_other", count=count, who=person.label(), as_words=person.as_words)

    def _print(self, batch: list[Shown], *, headings: dict[bool, str] | None = None) -> None:
        """Print messages with their choices numbered on from one to the next; `headings`
        introduce those from an earlier run (True) and the others (False)."""
        if not batch:
            return
        numbered: list[tuple[Shown, Button]] = []
        group: bool | None = None
        for shown in batch:
            if headings and shown.earlier is not group:
                group = shown.earlier
                print(f"\n{headings[group]}", file=self.out)
            print(f"\n{shown.title}:\n{shown.body}", file=self.out)
            for button in shown.buttons:
                numbered.append((shown, button))
                print(f"  [{len(numbered)}] {button.label}", file=self.out)
        self.choices[self.person.user_id] = numbered
        self.open[self.person.user_id] = batch

    def _shown(
        self,
        method: str,
        params: dict[str, Any],
        files: dict[str, tuple[str, bytes]],
        response: Any,
    ) -> Shown:
        text = str(params.get("text") or params.get("caption") or "")
        title = t(LANG, "demo.bot_edited" if method == "editMessageText" else "demo.bot")
        body = to_plain(text)
        if method == "sendDocument":
            body = "\n".join(p for p in (body, self._save(files)) if p)
        result = response.get("result") if isinstance(response, dict) else None
        message = result if isinstance(result, dict) else None
        return Shown(title, body, _buttons(params), message)

    def _save(self, files: dict[str, tuple[str, bytes]]) -> str:
        """Keep a document the bot sent as a file a person can open; say where it is."""
        if self.files is None or "document" not in files:
            return ""
        name, data = files["document"]
        safe = Path(str(name or "tep")).name or "tep"
        self.files.mkdir(parents=True, exist_ok=True)
        path = self.files / safe
        path.write_bytes(data)
        return t(LANG, "demo.file_saved", path=path.resolve())

    def _press(self, shown: Shown, button: Button) -> dict[str, Any]:
        """Press a button of a message the person was shown: the update it makes."""
        chat = self.person.user_id
        if button.kind == "callback" and shown.message is not None:
            return self.tg.push_callback(chat, int(shown.message["message_id"]), button.data)
        if button.kind == "contact":
            return self.tg.push_contact(chat, DEMO_PHONE)
        if button.kind == "location":
            return self.tg.push_location(chat, *DEMO_LOCATION)
        return self.tg.push_message(chat, button.label)

    def _say(self, key: str, **values: object) -> None:
        print(t(LANG, key, **values), file=self.out)

    async def switch(self, words: list[str]) -> None:
        """`/as ROLE [WARD]`: type as another person from now on; show what they were sent."""
        if not words or words[0] in {"citizen", "congdan", "dan"}:
            self._become(CITIZEN)
            self._say("demo.switched_citizen")
            self.show_pending()
            return
        try:
            role = Role(words[0])
        except ValueError:
            self._say("demo.roles")
            return
        slug = words[1] if len(words) > 1 else None
        await self.know_staff()
        units = {u.slug: u for u in await SqliteUnitRepository(self.db).all()}
        for person in self.people.values():
            if person.role is role and (slug is None or person.as_words.endswith(f" {slug}")):
                self._become(person)
                self._say("demo.switched", who=person.label(), name=person.name or "")
                self.show_pending()
                return
        unit = units.get(slug) if slug else None
        if role is not Role.ADMIN and unit is None:
            self._say("demo.no_unit", slug=slug or "")
            return
        if unit is not None and unit.valid_to is not None:
            ended = fmt.day(unit.valid_to + timedelta(days=1), LANG)
            self._say("demo.unit_ceased", name=unit.name, ended=ended)
            return
        staff = SqliteStaffRepository(self.db)
        new_id = 3000 + len(await staff.all())
        await staff.add(str(new_id), role, unit.id if unit else None, f"Cán bộ thử {new_id}")
        self.tg.add_chat(new_id)
        await self.know_staff()
        self._become(self.people[new_id])
        self._say("demo.created", who=self.person.label())

    def _become(self, person: Person) -> None:
        self.person = person

    def show_pending(self) -> None:
        """Print what the bot sent the current person while someone else was typing (or in an
        earlier run), with its choices."""
        batch = sorted(self.pending.pop(self.person.user_id, []), key=lambda m: not m.earlier)
        headings = {True: t(LANG, "demo.pending_earlier"), False: t(LANG, "demo.pending")}
        self._print(batch, headings=headings)

    def pick(self, text: str) -> Callable[[], dict[str, Any]] | None:
        """The push for a numbered choice of the current person, if the text is one."""
        if not is_digits(text):
            return None
        choices = self.choices.get(self.person.user_id, [])
        if 1 <= int(text) <= len(choices):
            return partial(self._press, *choices[int(text) - 1])
        return None

    def keep_unseen(self) -> None:
        """Keep what the bot sent after the last reply was shown, for whoever it went to."""
        for chat, shown in self._unseen():
            self.pending.setdefault(chat, []).append(shown)

    def kept(self) -> str:
        """What each person has not answered yet, as JSON for the next run: the messages
        waiting for them, and the last ones they were shown if those have choices."""
        people: dict[str, list[dict[str, Any]]] = {}
        for chat in {*self.pending, *self.open}:
            shown = (
                [m for m in self.open.get(chat, []) if m.buttons] if self.choices.get(chat) else []
            )
            waiting = [*shown, *self.pending.get(chat, [])]
            if waiting:
                people[str(chat)] = [m.as_dict() for m in waiting]
        return json.dumps(people, ensure_ascii=False)

    def restore(self, kept: str | None) -> None:
        """Take back what an earlier run kept: each person finds it when switched to; the
        stand-in knows its messages again, so their buttons still work."""
        if not kept:
            return
        for chat, messages in dict(json.loads(kept)).items():
            restored = [Shown.from_dict(m) for m in messages]
            for shown in restored:
                if shown.message is not None:
                    self.tg.restore_bot_message(shown.message)
            self.pending[int(chat)] = restored

    def has_choices(self) -> bool:
        """Whether the current person has numbered choices open."""
        return bool(self.choices.get(self.person.user_id))


def _buttons(params: dict[str, Any]) -> list[Button]:
    """The buttons a sent message carries: its inline keyboard or its reply keyboard."""
    markup = params.get("reply_markup")
    if isinstance(markup, str):
        with contextlib.suppress(ValueError):
            markup = json.loads(markup)
    if not isinstance(markup, dict):
        return []
    found = [
        Button(str(button["text"]), "callback", str(button["callback_data"]))
        for row in markup.get("inline_keyboard", [])
        for button in row
        if button.get("callback_data") is not None
    ]
    for row in markup.get("keyboard", []):
        for button in row:
            if isinstance(button, str):
                found.append(Button(button, "text"))
            elif button.get("request_contact"):
                found.append(Button(str(button.get("text", "")), "contact"))
            elif button.get("request_location"):
                found.append(Button(str(button.get("text", "")), "location"))
            else:
                found.append(Button(str(button.get("text", "")), "text"))
    return found


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


def _line_reader(stdin: TextIO) -> Callable[[], str]:
    """Read one line. On a terminal GNU readline reads it (line editing, and no 4 KB cut: the
    terminal's own line discipline stops a pasted line at 4.096 bytes); otherwise plain reads."""
    if stdin is sys.stdin and stdin.isatty():
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401  (installs line editing into input())

        def read() -> str:
            try:
                return input() + "\n"
            except EOFError:
                return ""

        return read
    return stdin.readline


async def _read_lines(stdin: TextIO, handle: Callable[[str], Awaitable[bool]]) -> None:
    loop = asyncio.get_running_loop()
    read = _line_reader(stdin)
    while True:
        line = await loop.run_in_executor(None, read)
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
    # The command that comes back to this database.
    again = (
        "cchc-bot demo" if path == DEFAULT_DB else f"cchc-bot demo --db {shlex.quote(str(path))}"
    )
    if fresh:
        await asyncio.to_thread(_remove_database, path)
    seed = not await asyncio.to_thread(path.exists)
    db = await Database(path, clock).connect()
    try:
        if seed:
            print(t(LANG, "demo.seeding"), file=out)
            now = clock.now().astimezone(settings.tz)
            await seed_database(db, now.date(), settings, now=now)
        else:
            print(t(LANG, "demo.resumed", path=path, again=again), file=out)
        state = SqliteDemoState(db)
        saved = await state.load(COUNTERS)
        counters = StandInCounters.from_dict(json.loads(saved)) if saved else StandInCounters()
        async with TelegramStandIn(
            DEMO_TOKEN, bot_username="cchc_demo_bot", counters=counters
        ) as tg:
            chat = DemoChat(tg, db, out, files=path.with_name(f"{path.stem}-files"))
            await chat.know_staff()
            chat.restore(await state.load(KEPT))
            # Everyone in the demo has opened the bot (the citizen too, in an earlier run: a
            # message to them now must not find a chat the new stand-in never heard of).
            for person in chat.people.values():
                tg.add_chat(person.user_id)
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
            chat.printed = len(tg.calls)
            example = await db.fetchone(
                "SELECT code FROM dossiers WHERE code LIKE 'NQ-%' ORDER BY received_at DESC LIMIT 1"
            )
            # A dossier to write an apology for: still open, none yet, due nearest to now.
            late = await db.fetchone(
                "SELECT code FROM dossiers WHERE code LIKE 'NQ-%' AND resolved_at IS NULL"
                " AND apology_issued_at IS NULL ORDER BY abs(due_at - ?) LIMIT 1",
                (int(clock.now().timestamp()),),
            )
            print(
                t(
                    LANG,
                    "demo.banner",
                    dossier=example[0] if example else "MÃ",
                    late=late[0] if late else "MÃ_HỒ_SƠ",
                ),
                file=out,
            )
            chat.show_pending()  # what the citizen had not answered when the last run ended
            print(chat.prompt(), end="", file=out, flush=True)

            async def handle(text: str) -> bool:
                if text in {"/quit", "/exit", "/thoat"}:
                    return False
                if text.startswith("/as"):
                    await chat.switch(text.split()[1:])
                elif text:
                    push = chat.pick(text)
                    if push is None and is_digits(text) and len(text) <= 2 and chat.has_choices():
                        print(t(LANG, "demo.no_choice", number=text), file=out)
                    else:
                        update = (push or partial(tg.push_message, chat.person.user_id, text))()
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
                # The next start continues the ids the bot's ledger has seen, and shows each
                # person what they had not answered.
                await state.save(COUNTERS, json.dumps(tg.counters.as_dict()))
                chat.keep_unseen()
                await state.save(KEPT, chat.kept())
            print("\n" + t(LANG, "demo.bye", path=path, again=again), file=out)
    finally:
        await db.close()
    return 0
