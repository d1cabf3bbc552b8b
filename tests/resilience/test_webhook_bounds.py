"""Webhook bodies an attacker chooses: bounded (413 before reading more), the Zalo signature
checked on the raw bytes before any parsing, deep or non-object JSON refused with 400 and no
traceback, a Content-Type with a charset accepted; and hypothesis throws anything at both."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.applications import Starlette

from bot.clock import FrozenClock
from bot.domain.zalo import ZaloAccount
from handlers.web import MAX_BODY
from handlers.zalo.webhook import ZaloWebhook, create_app
from storage.db import Database
from storage.inbox import SqliteInbox

NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
STAMP = str(int(NOW.timestamp() * 1000))
ACCOUNT = ZaloAccount(1, "app1", "oa1", "app-secret", "oa-key", "access", "refresh")


@dataclass
class Store:
    """The one OA."""

    async def account_by_oa(self, oa_id: str) -> ZaloAccount | None:
        return ACCOUNT if oa_id == ACCOUNT.oa_id else None

    async def accounts(self) -> list[ZaloAccount]:
        return [ACCOUNT]


class Handler:
    async def on_event(self, account: ZaloAccount, event: Any, key: str) -> None:
        raise AssertionError("nothing is handled here: the inbox only stores")


def sign(body: bytes, timestamp: str = STAMP) -> str:
    digest = hashlib.sha256(b"app1" + body + timestamp.encode() + b"oa-key").hexdigest()
    return f"mac={digest}"


def event(**extra: Any) -> dict[str, Any]:
    return {
        "app_id": "app1",
        "event_name": "user_send_text",
        "timestamp": STAMP,
        "sender": {"id": "u1"},
        "recipient": {"id": "oa1"},
        "message": {"msg_id": "m1", "text": "xin chào"},
        **extra,
    }


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[tuple[Starlette, SqliteInbox]]:
    db = await Database(tmp_path / "w.sqlite3", FrozenClock(NOW)).connect()
    inbox = SqliteInbox(db)
    webhook = ZaloWebhook(Store(), Handler(), FrozenClock(NOW), inbox)  # type: ignore[arg-type]
    try:
        yield create_app([webhook.route()]), inbox
    finally:
        await db.close()


async def post(app: Starlette, body: bytes, headers: dict[str, str]) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bot") as client:
        return await client.post("/zalo/webhook", content=body, headers=headers)


async def test_a_signed_event_is_stored_before_the_answer(
    app: tuple[Starlette, SqliteInbox],
) -> None:
    asgi, inbox = app
    body = json.dumps(event()).encode()
    headers = {"X-ZEvent-Signature": sign(body), "Content-Type": "application/json; charset=utf-8"}
    assert (await post(asgi, body, headers)).status_code == 200
    [stored] = await inbox.pending(NOW, 10)
    assert stored.bot == "zalo:oa1" and stored.update_id == "m1" and stored.chat == "zalo:oa1:u1"
    assert (await post(asgi, body, headers)).status_code == 200  # Zalo's retry: stored once
    assert len(await inbox.pending(NOW, 10)) == 1


@pytest.mark.parametrize(
    ("body", "signed", "status"),
    [
        (b"x" * (MAX_BODY + 1), True, 413),
        (b"[" * 100_000 + b"]" * 100_000, False, 401),  # unsigned: never parsed
        (b"[" * 100_000 + b"]" * 100_000, True, 401),  # signed, but no timestamp in it
        (json.dumps(event(deep=json.loads("[" * 50 + "]" * 50))).encode(), True, 400),
        (
            json.dumps(event())[:-1].encode() + b', "deep": ' + b"[" * 5000 + b"]" * 5000 + b"}",
            True,
            400,
        ),
        (json.dumps([event()]).encode(), True, 400),  # signed, but an array
        (b'{"timestamp": "' + STAMP.encode() + b'", "recipient": {"id": "oa1"}, bad', True, 400),
        (json.dumps(event(timestamp="1")).encode(), True, 401),  # signed, but stale
    ],
)
async def test_hostile_bodies(
    app: tuple[Starlette, SqliteInbox], body: bytes, signed: bool, status: int
) -> None:
    asgi, inbox = app
    stamp = "1" if b'"timestamp": "1"' in body else STAMP
    headers = {"X-ZEvent-Signature": sign(body, stamp) if signed else "mac=" + "0" * 64}
    response = await post(asgi, body, headers)
    assert response.status_code == status
    assert "Traceback" not in response.text and len(response.text) < 200
    assert await inbox.pending(NOW, 10) == []


async def test_content_length_over_the_limit_is_refused_unread(
    app: tuple[Starlette, SqliteInbox],
) -> None:
    asgi, _ = app
    read: list[int] = []

    async def huge() -> AsyncIterator[bytes]:
        for _ in range(200):
            read.append(1)
            yield b"x" * 1024 * 1024

    transport = httpx.ASGITransport(app=asgi)
    async with httpx.AsyncClient(transport=transport, base_url="http://bot") as client:
        response = await client.post(
            "/zalo/webhook",
            content=huge(),
            headers={"X-ZEvent-Signature": "mac=0", "Content-Length": str(200 * 1024 * 1024)},
        )
    assert response.status_code == 413


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.one_of(
        st.binary(max_size=2000),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=30),
            lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
            max_leaves=30,
        ).map(lambda v: json.dumps(v).encode()),
        st.dictionaries(
            st.sampled_from(["timestamp", "recipient", "event_name", "message", "app_id"]),
            st.text(max_size=20) | st.integers(),
        ).map(lambda v: json.dumps(v).encode()),
    ),
    st.booleans(),
)
async def test_anything_gets_an_answer_never_a_500(
    app: tuple[Starlette, SqliteInbox], body: bytes, signed: bool
) -> None:
    asgi, _ = app
    headers = {"X-ZEvent-Signature": sign(body) if signed else "mac=1"}
    response = await post(asgi, body, headers)
    assert response.status_code in (200, 400, 401, 413)
