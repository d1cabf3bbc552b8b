"""The end-to-end tests' fixtures: the real bot (`cchc-bot run`'s code path) against the loopback
Bot API stand-in, and the driver that talks to it as users do."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.app.run import run_telegram
from bot.clock import FrozenClock
from bot.config import Settings
from bot.standin.telegram import TelegramStandIn
from handlers.telegram.context import BotApplication
from handlers.telegram.tracking import HandledUpdates
from tests.conftest import make_settings


@dataclass
class RunningBot:
    """The real Application polling the stand-in, with a way to wait for its work."""

    tg: TelegramStandIn
    handled: HandledUpdates
    settings: Settings
    clock: FrozenClock
    task: asyncio.Task[None] | None = None
    app: BotApplication | None = None
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    async def push(self, update: dict[str, Any]) -> None:
        """Wait until the bot went through every handler for an already pushed update."""
        await self.handled.wait(int(update["update_id"]))

    async def send(self, user_id: int, text: str, **kwargs: Any) -> list[dict[str, Any]]:
        """Send a text as a user; return the messages the bot sent to that chat meanwhile."""
        before = len(self.tg.sent(user_id))
        update = self.tg.push_message(user_id, text, **kwargs)
        await self.push(update)
        return self.tg.sent(user_id)[before:]

    async def press(self, user_id: int, data: str) -> list[dict[str, Any]]:
        """Press the button carrying `data` on the latest bot message in the chat that has it."""
        before = len(self.tg.sent(user_id))
        for message in reversed(self.tg.sent(user_id)):
            rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
            if any(b.get("callback_data") == data for row in rows for b in row):
                await self.push(self.tg.push_callback(user_id, message["message_id"], data))
                return self.tg.sent(user_id)[before:]
        raise AssertionError(f"no button {data!r} in chat {user_id}")

    async def press_send(self, user_id: int) -> str:
        """Press "Gửi" on the intake summary; the text of the confirmation with the tracking
        code, which comes through the outbox (written with the case)."""
        await self.press(user_id, "send")
        message = await self.tg.wait_for_message(
            user_id, lambda m: "Mã theo dõi" in str(m.get("text", ""))
        )
        return str(message["text"])

    def buttons(self, user_id: int) -> list[str]:
        """The callback data of the latest message with an inline keyboard in the chat."""
        for message in reversed(self.tg.sent(user_id)):
            rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
            if rows:
                return [b["callback_data"] for row in rows for b in row]
        return []

    async def reply(self, user_id: int, text: str, **kwargs: Any) -> str:
        """The text of the bot's one reply to a message (fails if there is not exactly one)."""
        messages = await self.send(user_id, text, **kwargs)
        assert len(messages) == 1, messages
        return str(messages[0].get("text", ""))


async def start_bot(
    settings: Settings, tg: TelegramStandIn, clock: FrozenClock, **run_options: Any
) -> RunningBot:
    """Start the bot like `cchc-bot run` does and wait until it polls (or serves webhooks);
    `run_options` go to `run_telegram` (e.g. `webhook=True`, `on_channels=`)."""
    running = RunningBot(tg=tg, handled=HandledUpdates(), settings=settings, clock=clock)
    ready = asyncio.Event()
    running.task = asyncio.create_task(
        run_telegram(
            settings,
            running.stop,
            clock=clock,
            ready=ready,
            poll_timeout=5,
            delivery_interval=0.0,  # the frozen clock never moves: no per-chat pacing in tests
            configure=lambda app: (setattr(running, "app", app), running.handled.install(app)),
            **run_options,
        )
    )
    waiter = asyncio.create_task(ready.wait())
    await asyncio.wait([running.task, waiter], return_when=asyncio.FIRST_COMPLETED)
    if running.task.done():
        waiter.cancel()
        running.task.result()
    return running


async def stop_bot(running: RunningBot) -> None:
    """Stop polling and close everything, surfacing any crash of the bot task."""
    running.stop.set()
    assert running.task is not None
    await running.task


@pytest.fixture
async def bot(
    seeded_db: Path, tg: TelegramStandIn, clock: FrozenClock
) -> AsyncIterator[RunningBot]:
    """The bot running on the seeded data."""
    running = await start_bot(make_settings(seeded_db, tg), tg, clock)
    try:
        yield running
    finally:
        await stop_bot(running)
