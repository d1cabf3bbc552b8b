"""The Telegram rate limiter: replies before pushes, chat actions free, one chat never holds
another back, a RetryAfter is waited out and tried again."""

from __future__ import annotations

import asyncio
import heapq
import math
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram.error import RetryAfter

from bot.standin.telegram import TelegramStandIn
from handlers.telegram.limiter import (
    CHAT_BURST,
    CHAT_RATE,
    TELEGRAM_BURST,
    TELEGRAM_RATE,
    PriorityRateLimiter,
    ServerBucket,
    as_reply,
    counts_as_message,
)

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


# --- Telegram's buckets as they may stand at worst ----------------------------------------------


def test_a_message_is_counted_from_its_start_and_its_token_taken_at_its_answer() -> None:
    bucket = ServerBucket(rate=1.0, burst=1.0, now=0.0)
    assert bucket.wait_time(0.0) == 0.0
    bucket.start(0.0)
    # In flight: the one token may be Telegram's already, and no refill can make a second.
    assert bucket.wait_time(0.0) == math.inf
    assert bucket.wait_time(5.0) == math.inf
    bucket.end(5.0)  # it may have reached Telegram just now: a full second from here
    assert bucket.wait_time(5.0) == pytest.approx(1.0)
    assert bucket.wait_time(5.75) == pytest.approx(0.25)
    assert bucket.wait_time(6.0) == 0.0


@pytest.mark.parametrize(
    ("burst", "rate", "started", "answered", "at", "wait"),
    [
        (3.0, 1.0, 2, 0, 0.0, 0.0),  # a third within the burst
        (3.0, 1.0, 3, 0, 0.0, math.inf),  # three in flight: only an answer frees a place
        (3.0, 1.0, 3, 3, 0.0, 1.0),  # answered at once: one a second from the answers
        (3.0, 1.0, 3, 1, 0.0, 1.0),  # one answered, two still in flight: the bucket refills
        (27.0, 30.0, 27, 27, 0.0, 1 / 30),  # the overall bucket: one per 1/30 s past the burst
        (27.0, 30.0, 26, 26, 0.0, 0.0),
        (20.0, 20 / 60, 20, 20, 0.0, 3.0),  # a group: 20 a minute, one per 3 s past the burst
    ],
)
def test_when_the_next_message_may_start(
    burst: float, rate: float, started: int, answered: int, at: float, wait: float
) -> None:
    bucket = ServerBucket(rate=rate, burst=burst, now=0.0)
    for _ in range(started):
        bucket.start(0.0)
    for _ in range(answered):
        bucket.end(0.0)
    assert bucket.wait_time(at) == pytest.approx(wait)


def test_a_message_that_never_left_takes_no_token() -> None:
    bucket = ServerBucket(rate=1.0, burst=1.0, now=0.0)
    bucket.start(0.0)
    bucket.end(0.0, sent=False)
    assert bucket.wait_time(0.0) == 0.0
    assert bucket.idle(0.0)


def test_messages_sent_past_the_limit_leave_it_empty_not_in_debt() -> None:
    bucket = ServerBucket(rate=1.0, burst=1.0, now=0.0)
    for _ in range(5):  # replies while the bot is quiet go without waiting
        bucket.start(0.0)
        bucket.end(0.0)
    assert bucket.wait_time(0.0) == pytest.approx(1.0)  # a second, not five


def test_an_idle_bucket_refills_to_its_burst_and_no_more() -> None:
    bucket = ServerBucket(rate=1.0, burst=3.0, now=0.0)
    for _ in range(3):
        bucket.start(0.0)
        bucket.end(0.0)
    assert not bucket.idle(1.0)
    assert bucket.available(1.0) == pytest.approx(1.0)
    assert bucket.idle(100.0)
    assert bucket.available(100.0) == pytest.approx(3.0)


@dataclass(frozen=True)
class Planned:
    """A message the simulated bot wants to send: when, to whom, how long its round trip takes
    and where in it Telegram counts it (0: as it leaves, 1: just before the answer)."""

    ready: float
    chat: int
    trip: float
    counted_at: float


messages = st.lists(
    st.builds(
        Planned,
        ready=st.floats(0.0, 3.0),
        chat=st.integers(1, 4),
        trip=st.floats(0.0, 0.5),
        counted_at=st.floats(0.0, 1.0),
    ),
    min_size=1,
    max_size=120,
)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(messages)
def test_whatever_the_delays_the_stand_ins_flood_control_never_refuses(
    planned: list[Planned],
) -> None:
    """The bot's buckets (Telegram's rate overall, three tokens short of its burst; Telegram's
    own limit in a chat) against the stand-in's flood control (30/s with bursts of 30, 1/s per
    chat with bursts of 3): each message starts when both buckets let it, reaches the stand-in
    at any moment of its round trip, and is never refused."""
    overall = ServerBucket(TELEGRAM_RATE, TELEGRAM_BURST - 3, 0.0)
    chats: dict[int, ServerBucket] = {}
    answers: list[tuple[float, int, int]] = []  # (when, order, chat): answers not yet applied
    arrivals: list[tuple[float, int]] = []
    now = 0.0

    def answer_until(t: float) -> None:
        while answers and answers[0][0] <= t:
            at, _, chat = heapq.heappop(answers)
            overall.end(at)
            chats[chat].end(at)

    for order, message in enumerate(sorted(planned, key=lambda m: m.ready)):
        chat = chats.setdefault(message.chat, ServerBucket(CHAT_RATE, CHAT_BURST, 0.0))
        now = max(now, message.ready)
        for _ in range(1_000):
            answer_until(now)
            wait = max(overall.wait_time(now), chat.wait_time(now))
            if wait == 0:
                break
            following = answers[0][0] if answers else math.inf
            assert following < math.inf or wait < math.inf, "waits for an answer never to come"
            now = min(now + wait, following)
        else:
            raise AssertionError("never allowed to start")
        start = now + 1e-6  # the send leaves just after it is allowed to
        overall.start(start)
        chat.start(start)
        arrivals.append((start + message.trip * message.counted_at, message.chat))
        heapq.heappush(answers, (start + message.trip, order, message.chat))

    clock = [0.0]
    standin = TelegramStandIn(flood_control=True, clock=lambda: clock[0])
    for at, chat_id in sorted(arrivals):
        clock[0] = at
        standin._flood_check(chat_id)  # raises on a 429
    assert standin.flood_refusals == 0


async def test_a_message_in_flight_holds_its_place_until_its_answer() -> None:
    limiter = PriorityRateLimiter(overall_rate=1000.0, overall_burst=1.0)
    calls = Calls()
    release = asyncio.Event()
    started = asyncio.Event()

    async def slow() -> dict[str, Any]:
        started.set()
        await release.wait()
        calls.order.append("slow")
        return {"ok": "slow"}

    first = asyncio.create_task(
        limiter.process_request(slow, (), {}, "sendMessage", {"chat_id": 1}, None)
    )
    await started.wait()
    second = asyncio.create_task(send(limiter, calls, "second", 2))
    for _ in range(20):  # however long the first is on its way, the second does not leave
        await asyncio.sleep(0)
    assert calls.order == [] and not second.done()
    release.set()
    await asyncio.wait_for(asyncio.gather(first, second), 5)
    assert calls.order == ["slow", "second"]


async def test_a_reply_keeps_telegrams_limit_in_its_chat_while_the_bot_is_busy() -> None:
    limiter = PriorityRateLimiter(
        overall_rate=SLOW, overall_burst=8.0, chat_limit_rate=SLOW, chat_limit_burst=1.0
    )
    calls = Calls()
    await asyncio.wait_for(send(limiter, calls, "reply 1", 1, reply=True), 5)
    others = range(2, 8)  # three quarters of the overall burst and more in use: busy
    for chat in others:
        await asyncio.wait_for(send(limiter, calls, f"reply to {chat}", chat, reply=True), 5)
    second = asyncio.create_task(send(limiter, calls, "reply 2", 1, reply=True))
    await asyncio.wait_for(send(limiter, calls, "elsewhere", 8, reply=True), 5)
    assert calls.order == ["reply 1", *(f"reply to {c}" for c in others), "elsewhere"]
    assert not second.done()  # past chat 1's limit, with an overall token to spare
    second.cancel()


async def test_pushes_leave_half_the_burst_to_the_replies() -> None:
    """The officers' notices of a filing never make the bot busy for the replies after them:
    a push starts only while half the burst stays free after it."""
    limiter = PriorityRateLimiter(
        overall_rate=SLOW, overall_burst=4.0, chat_limit_rate=SLOW, chat_limit_burst=1.0
    )
    calls = Calls()
    for n in (1, 2):  # a person who types fast: past their chat's limit already
        await asyncio.wait_for(send(limiter, calls, f"reply {n}", 1, reply=True), 5)
    # Two of the four tokens are gone: the pushes may not take the rest.
    waiting = [asyncio.create_task(send(limiter, calls, f"push {c}", c)) for c in (2, 3)]
    await asyncio.wait_for(send(limiter, calls, "reply 3", 1, reply=True), 5)  # not busy
    await asyncio.wait_for(send(limiter, calls, "elsewhere", 4, reply=True), 5)
    assert calls.order == ["reply 1", "reply 2", "reply 3", "elsewhere"]
    assert not any(task.done() for task in waiting)
    for task in waiting:
        task.cancel()


async def test_a_push_waiting_for_half_the_burst_goes_once_it_is_there() -> None:
    limiter = PriorityRateLimiter(overall_rate=1000.0, overall_burst=4.0)
    calls = Calls()
    for chat in (1, 2, 3):  # quicker than the bucket refills: the third waits for a token
        await asyncio.wait_for(send(limiter, calls, f"push {chat}", chat), 5)
    assert calls.order == ["push 1", "push 2", "push 3"]


async def test_a_reply_goes_past_its_chats_limit_while_the_bot_is_quiet() -> None:
    limiter = PriorityRateLimiter(chat_limit_rate=SLOW, chat_limit_burst=1.0)
    calls = Calls()
    for n in (1, 2, 3):
        await asyncio.wait_for(send(limiter, calls, f"reply {n}", 1, reply=True), 5)
    push = asyncio.create_task(send(limiter, calls, "push", 1))
    await asyncio.wait_for(send(limiter, calls, "reply 4", 1, reply=True), 5)
    assert calls.order == ["reply 1", "reply 2", "reply 3", "reply 4"]
    assert not push.done()  # a push keeps Telegram's limit in the chat
    push.cancel()


async def test_a_refused_message_takes_no_token_in_its_chat() -> None:
    limiter = PriorityRateLimiter(
        overall_rate=SLOW,
        overall_burst=4.0,
        chat_limit_rate=SLOW,
        chat_limit_burst=1.0,
        max_retries=1,
    )
    calls = Calls()
    for chat in (2, 3, 4):  # the bot is busy: the reply keeps its chat's limit
        await asyncio.wait_for(send(limiter, calls, f"reply to {chat}", chat, reply=True), 5)
    refused = send(limiter, calls, "refused once", 1, reply=True, fail_first=1)
    assert await asyncio.wait_for(refused, 5) == {"ok": "refused once"}
    assert calls.order == ["reply to 2", "reply to 3", "reply to 4", "refused once"]
