"""The Zalo OA stand-in keeps Zalo's rules, checked here over plain HTTP (not through the bot's
client): an expired token is refused with -216, a refresh token works once, long texts and too
many buttons are refused, queued failures come once each, and webhook events are signed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from bot.clock import FrozenClock
from tests.conftest import NOW
from tests.standin.zalo import ZaloStandIn

APP = "app-1"


@pytest.fixture
async def zalo() -> AsyncIterator[ZaloStandIn]:
    async with ZaloStandIn(FrozenClock(NOW)) as standin:
        standin.add_oa("oa-1", APP)
        yield standin


async def cs(zalo: ZaloStandIn, token: str, message: dict[str, Any]) -> httpx.Response:
    body = {"recipient": {"user_id": "u-1"}, "message": message}
    async with httpx.AsyncClient(base_url=zalo.base_url) as client:
        return await client.post("/v3.0/oa/message/cs", json=body, headers={"access_token": token})


async def refresh(zalo: ZaloStandIn, refresh_token: str) -> dict[str, Any]:
    form = {"app_id": APP, "grant_type": "refresh_token", "refresh_token": refresh_token}
    headers = {"secret_key": zalo.oas["oa-1"].app_secret}
    async with httpx.AsyncClient(base_url=zalo.base_url) as client:
        response = await client.post("/v4/oa/access_token", data=form, headers=headers)
    result: dict[str, Any] = response.json()
    return result


async def test_an_expired_token_is_refused_and_a_refresh_token_works_once(
    zalo: ZaloStandIn,
) -> None:
    oa = zalo.oas["oa-1"]
    first_token, first_refresh = oa.access_token, oa.refresh_token
    assert (await cs(zalo, first_token, {"text": "chào"})).json()["error"] == 0
    zalo.expire_token("oa-1")
    assert (await cs(zalo, first_token, {"text": "chào"})).json()["error"] == -216
    renewed = await refresh(zalo, first_refresh)
    assert renewed["access_token"] != first_token
    assert (await cs(zalo, renewed["access_token"], {"text": "chào"})).json()["error"] == 0
    assert (await refresh(zalo, first_refresh))["error"] == -14014  # spent
    assert [s.text for s in zalo.to("u-1")] == ["chào", "chào"]


async def test_long_texts_and_too_many_buttons_are_refused(zalo: ZaloStandIn) -> None:
    token = zalo.oas["oa-1"].access_token
    assert (await cs(zalo, token, {"text": "x" * 2001})).json()["error"] == -201
    buttons = [{"title": str(n), "type": "oa.query.hide", "payload": str(n)} for n in range(6)]
    template = {"template_type": "button", "buttons": buttons}
    message = {"text": "chọn", "attachment": {"type": "template", "payload": template}}
    assert (await cs(zalo, token, message)).json()["error"] == -201
    assert zalo.sent == []


async def test_queued_failures_come_once_each(zalo: ZaloStandIn) -> None:
    token = zalo.oas["oa-1"].access_token
    zalo.fail_next(error=-230)
    zalo.fail_next(status=503)
    assert (await cs(zalo, token, {"text": "a"})).json()["error"] == -230
    assert (await cs(zalo, token, {"text": "b"})).status_code == 503
    assert (await cs(zalo, token, {"text": "c"})).json()["error"] == 0
    assert zalo.texts("u-1") == ["c"]


def test_events_are_signed_the_way_zalo_signs_them(zalo: ZaloStandIn) -> None:
    event = zalo.text_event("oa-1", "u-1", "phản ánh")
    assert event["timestamp"] == str(int(NOW.timestamp() * 1000))
    body = json.dumps(event, ensure_ascii=False).encode()
    oa = zalo.oas["oa-1"]
    data = APP.encode() + body + event["timestamp"].encode() + oa.oa_secret_key.encode()
    assert zalo.sign(event, body) == "mac=" + hashlib.sha256(data).hexdigest()
    assert zalo.sign(event, body, secret="other") != zalo.sign(event, body)
