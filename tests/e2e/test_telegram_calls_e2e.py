"""What each answer costs in calls to Telegram: a button's acknowledgement goes once its
reply is sent (or when the reply is slow; a query too old to acknowledge still gets its
reply), "typing…" only for a slow answer."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.demo.seed import CITIZEN_ID
from handlers.telegram.chat import _stop_spinner, showing
from tests.e2e.conftest import RunningBot
from tests.e2e.test_feedback_e2e import ward_choice

OFFICER_NGOQUYEN = 2011


async def test_a_press_that_cannot_be_acknowledged_still_gets_its_reply(bot: RunningBot) -> None:
    await bot.send(CITIZEN_ID, "/phananh")
    bot.tg.fail_next(
        "answerCallbackQuery",
        status=400,
        description="Bad Request: query is too old and response timeout expired",
    )
    after = await bot.press(CITIZEN_ID, ward_choice(bot, CITIZEN_ID, "Phường Ngô Quyền"))
    assert after and "c:late_dossier" in bot.buttons(CITIZEN_ID)  # the next step is asked
    await bot.tg.wait_for_call("answerCallbackQuery")
    assert [c.http_status for c in bot.tg.calls_to("answerCallbackQuery")] == [400]


async def test_a_press_is_acknowledged_once_its_reply_is_sent(bot: RunningBot) -> None:
    await bot.send(CITIZEN_ID, "/phananh")
    start = len(bot.tg.calls)
    await bot.press(CITIZEN_ID, ward_choice(bot, CITIZEN_ID, "Phường Ngô Quyền"))  # handled
    await bot.tg.wait_for_call("answerCallbackQuery")  # beside the chat's next update
    methods = [c.method for c in bot.tg.calls[start:] if c.method != "getUpdates"]
    assert methods == ["sendMessage", "answerCallbackQuery"]


class Query:
    """A callback query that records its acknowledgement."""

    def __init__(self) -> None:
        self.id = "1"
        self.answered = 0

    async def answer(self, **_: Any) -> bool:
        self.answered += 1
        return True


async def test_a_slow_reply_does_not_keep_the_spinner_going() -> None:
    query = Query()
    await asyncio.wait_for(_stop_spinner(query, asyncio.Event(), after=0), 5)  # type: ignore[arg-type]
    assert query.answered == 1  # no reply yet, acknowledged all the same
    replied = asyncio.Event()
    replied.set()
    await asyncio.wait_for(_stop_spinner(query, replied, after=3600), 5)  # type: ignore[arg-type]
    assert query.answered == 2  # the reply went: acknowledged at once, not an hour later


async def test_a_quick_answer_shows_no_typing(bot: RunningBot) -> None:
    text = await bot.reply(OFFICER_NGOQUYEN, "/stats ngoquyen")
    assert "Ngô Quyền" in text
    assert bot.tg.calls_to("sendChatAction") == []


class Chat:
    """A message whose chat records the actions shown in it."""

    def __init__(self) -> None:
        self.actions: list[str] = []
        self.shown = asyncio.Event()

    async def reply_chat_action(self, action: str, **_: Any) -> bool:
        self.actions.append(action)
        self.shown.set()
        return True


async def test_a_slow_answer_shows_typing_while_it_works() -> None:
    chat = Chat()
    async with showing(chat, "typing", after=0):  # type: ignore[arg-type]
        await chat.shown.wait()  # the work is still going on when it shows
    assert chat.actions == ["typing"]
    async with showing(chat, "typing", after=3600):  # type: ignore[arg-type]
        pass  # done at once: nothing shown, the timer cancelled
    assert chat.actions == ["typing"]
