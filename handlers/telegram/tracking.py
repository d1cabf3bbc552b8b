"""Knowing when the bot has finished with an update (for the demo's chat and the tests)."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import TypeHandler

from handlers.telegram.context import BotApplication, Context


class HandledUpdates:
    """Tells the chat loop when the bot has finished with an update (a last handler group)."""

    def __init__(self) -> None:
        self._done: set[int] = set()
        self._cond = asyncio.Condition()

    def install(self, app: BotApplication) -> None:
        """Add the marker handler after every other group."""
        app.add_handler(TypeHandler(Update, self._mark), group=1000)

    async def _mark(self, update: Update, context: Context) -> None:
        async with self._cond:
            self._done.add(update.update_id)
            self._cond.notify_all()

    async def wait(self, update_id: int, within: float = 30.0) -> None:
        """Wait until the update went through every handler group."""
        async with self._cond:
            await asyncio.wait_for(self._cond.wait_for(lambda: update_id in self._done), within)
