"""The Telegram rate limiter: replies before pushes, chat actions free, one chat never holds
another back, a RetryAfter is waited out and tried again."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from telegram.error import RetryAfter

from handlers.telegram.limiter import PriorityRateLimiter, as_reply, counts_as_message

# A bucket that holds one token and refills in about 17 minutes: the second send waits.
SLOW = 0.001


@pytest.mark.parametrize(
    ("endpoint", "counted"),
    [
        ("sendMessage", True),
        ("sendPhoto", True),
        ("sendDocument", True),
        ("copyMessage", True),
        ("editMessageText", True),
        ("sendChatAction", False),
        ("answerCallbackQuery", False),
        ("setMyCommands", False),
        ("getUpdates", False),
    ],
)
def test_only_messages_in_a_chat_take_a_token(endpoint: str, counted: bool) -> None:
    assert counts_as_message(endpoint) is counted


class Calls:
    def __init__(self) -> None:
        self.order: list[str] = []

    def callback(self, name: str, *, fail_first: int = 0) -> Any:
        failures = [fail_first]

        async def call() -> dict[str, Any]:
            if failures[0] > 0:
                failures[0] -= 1
                raise RetryAfter(0)
            self.order.append(name)
            return {"ok": name}

        return call


async def send(
    limiter: PriorityRateLimiter,
    calls: Calls,
    name: str,
    chat: int,
    *,
    reply: bool = False,
    endpoint: str = "sendMessage",
    fail_first: int = 0,
) -> Any:
    with as_reply(reply):
        return await limiter.process_request(
            calls.callback(name, fail_first=fail_first), (), {}, endpoint, {"chat_id": chat}, None
        )


async def test_a_reply_waiting_for_the_overall_bucket_goes_before_waiting_pushes() -> None:
    limiter = PriorityRateLimiter(overall_rate=1000.0, overall_burst=1.0)
    calls = Calls()
    await asyncio.gather(
        send(limiter, calls, "push 1", 1),
        send(limiter, calls, "push 2", 2),  # holds the gate, waits ~1 ms for a token
        send(limiter, calls, "push 3", 3),
        send(limiter, calls, "reply", 4, reply=True),  # arrives last, served before push 3
    )
    assert calls.order == ["push 1", "push 2", "reply", "push 3"]


async def test_a_chat_action_never_waits_for_a_message_token() -> None:
    limiter = PriorityRateLimiter(overall_rate=SLOW, overall_burst=1.0)
    calls = Calls()
    await send(limiter, calls, "message", 1)
    blocked = asyncio.create_task(send(limiter, calls, "second message", 2))
    await asyncio.wait_for(send(limiter, calls, "typing", 1, endpoint="sendChatAction"), 5)
    assert calls.order == ["message", "typing"]
    assert not blocked.done()
    blocked.cancel()


async def test_a_reply_never_waits_for_its_chat_but_a_push_does() -> None:
    limiter = PriorityRateLimiter(chat_rate=SLOW, chat_burst=1.0)
    calls = Calls()
    await send(limiter, calls, "reply 1", 1, reply=True)
    await asyncio.wait_for(send(limiter, calls, "reply 2", 1, reply=True), 5)
    push = asyncio.create_task(send(limiter, calls, "push", 1))
    await asyncio.wait_for(send(limiter, calls, "reply 3", 1, reply=True), 5)
    assert calls.order == ["reply 1", "reply 2", "reply 3"]
    assert not push.done()  # the chat's token went to the replies
    push.cancel()


async def test_a_busy_chat_does_not_hold_back_another_chat() -> None:
    limiter = PriorityRateLimiter(chat_rate=SLOW, chat_burst=1.0)
    calls = Calls()
    await send(limiter, calls, "a 1", 1)
    waiting = asyncio.create_task(send(limiter, calls, "a 2", 1))
    await asyncio.wait_for(send(limiter, calls, "b 1", 2), 5)
    assert calls.order == ["a 1", "b 1"]
    assert not waiting.done()
    waiting.cancel()


async def test_a_cancelled_waiter_passes_the_gate_on() -> None:
    limiter = PriorityRateLimiter(overall_rate=1000.0, overall_burst=1.0)
    calls = Calls()
    await send(limiter, calls, "first", 1)
    holder = asyncio.create_task(send(limiter, calls, "holder", 2))
    queued = asyncio.create_task(send(limiter, calls, "cancelled", 3))
    await asyncio.sleep(0)  # both are waiting now: one on the bucket, one on the gate
    queued.cancel()
    await asyncio.wait_for(holder, 5)
    await asyncio.wait_for(send(limiter, calls, "after", 4), 5)
    assert calls.order == ["first", "holder", "after"]


async def test_retry_after_is_waited_out_and_tried_again() -> None:
    limiter = PriorityRateLimiter(max_retries=2)
    calls = Calls()
    assert await send(limiter, calls, "flooded", 1, fail_first=2) == {"ok": "flooded"}
    with pytest.raises(RetryAfter):
        await send(limiter, calls, "given up", 2, fail_first=3)
    assert calls.order == ["flooded"]
