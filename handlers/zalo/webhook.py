"""The Zalo OA webhook (Starlette): verify, answer 200 at once, process after, exactly once.

Zalo signs each event: `X-ZEvent-Signature: mac=<sha256(app_id + raw body + timestamp +
OA secret key)>` (plain SHA-256 of the concatenation, hex, as Zalo's webhook documentation
gives it). An event with a bad signature, or a timestamp more than 5 minutes away from now,
gets 401 and changes nothing. Zalo retries a delivery up to 5 times: events are taken once by
`msg_id`.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot.clock import Clock
from bot.domain.zalo import ZaloAccount
from bot.ports import ZaloStore

log = logging.getLogger(__name__)

MAX_AGE = timedelta(minutes=5)
# Zalo's clock may run a little ahead of ours; further in the future is refused too.
MAX_AHEAD = timedelta(seconds=60)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

Health = Callable[[], Awaitable[tuple[bool, dict[str, Any]]]]


class EventHandler(Protocol):
    """Whatever acts on a verified, first-seen event (handlers.zalo.chat.ZaloChat)."""

    async def on_event(self, account: ZaloAccount, event: Mapping[str, Any], key: str) -> None: ...


def signature(app_id: str, raw: bytes, timestamp: str, oa_secret_key: str) -> str:
    """The hex digest Zalo sends after `mac=`."""
    data = app_id.encode() + raw + timestamp.encode() + oa_secret_key.encode()
    return hashlib.sha256(data).hexdigest()


def signature_ok(app_id: str, raw: bytes, timestamp: str, oa_secret_key: str, header: str) -> bool:
    """Compare in constant time; the header may carry `mac=` or not, in any hex case."""
    got = header.strip()
    if got[:4].lower() == "mac=":
        got = got[4:].strip()
    want = signature(app_id, raw, timestamp, oa_secret_key)
    return hmac.compare_digest(got.lower().encode(), want.encode())


def event_time(timestamp: str) -> datetime | None:
    """Zalo's timestamp (a string of epoch milliseconds) as an aware datetime."""
    try:
        return _EPOCH + timedelta(milliseconds=int(timestamp))
    except (ValueError, OverflowError):
        return None


def event_key(event: Mapping[str, Any]) -> str:
    """What makes an event unique: its msg_id, or for follow/unfollow who, whom and when."""
    message = event.get("message")
    if isinstance(message, Mapping) and message.get("msg_id"):
        return str(message["msg_id"])
    follower = event.get("follower") or event.get("sender") or {}
    who = follower.get("id", "") if isinstance(follower, Mapping) else ""
    return f"{event.get('event_name')}:{_oa_of(event)}:{who}:{event.get('timestamp')}"


def _oa_of(event: Mapping[str, Any]) -> str:
    recipient = event.get("recipient")
    if isinstance(recipient, Mapping) and recipient.get("id"):
        return str(recipient["id"])
    return str(event.get("oa_id") or "")


class ZaloWebhook:
    """`POST /zalo/webhook`, with the background work it starts and a way to wait for it."""

    def __init__(
        self,
        store: ZaloStore,
        handler: EventHandler,
        clock: Clock,
        *,
        max_age: timedelta = MAX_AGE,
    ) -> None:
        self._store = store
        self._handler = handler
        self._clock = clock
        self._max_age = max_age
        self._tasks: set[asyncio.Task[None]] = set()
        self._done: set[str] = set()
        self._cond = asyncio.Condition()

    async def _account(self, event: Mapping[str, Any]) -> ZaloAccount | None:
        oa_id = _oa_of(event)
        if oa_id:
            return await self._store.account_by_oa(oa_id)
        # No OA id (some events): the app's only OA, if it has exactly one.
        app_id = str(event.get("app_id") or "")
        matches = [a for a in await self._store.accounts() if a.app_id == app_id]
        return matches[0] if len(matches) == 1 else None

    async def endpoint(self, request: Request) -> Response:
        """Verify and acknowledge; the event is processed after the answer."""
        raw = await request.body()
        try:
            event = json.loads(raw)
        except ValueError:
            return JSONResponse({"error": "body is not JSON"}, status_code=400)
        if not isinstance(event, dict):
            return JSONResponse({"error": "body is not an object"}, status_code=400)
        account = await self._account(event)
        timestamp = str(event.get("timestamp") or "")
        header = request.headers.get("X-ZEvent-Signature", "")
        if account is None or not header or not timestamp:
            return JSONResponse({"error": "unauthorized"}, status_code=401)
        if not signature_ok(account.app_id, raw, timestamp, account.oa_secret_key, header):
            log.warning("Zalo webhook: bad signature for OA %s", account.oa_id)
            return JSONResponse({"error": "unauthorized"}, status_code=401)
        sent_at = event_time(timestamp)
        now = self._clock.now()
        if sent_at is None or now - sent_at > self._max_age or sent_at - now > MAX_AHEAD:
            log.warning("Zalo webhook: stale or future timestamp %s refused", timestamp)
            return JSONResponse({"error": "unauthorized"}, status_code=401)
        name = str(event.get("event_name") or "")
        key = event_key(event)
        if name.startswith("oa_send_") or not (
            name.startswith("user_send_") or name in ("follow", "unfollow")
        ):
            self._finish(key)  # the OA's own echoes and events we do not use
            return JSONResponse({"ok": True})
        task = asyncio.create_task(self._process(account, event, name, key), name=f"zalo {key}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return JSONResponse({"ok": True})

    async def _process(
        self, account: ZaloAccount, event: Mapping[str, Any], name: str, key: str
    ) -> None:
        try:
            if not await self._store.claim_event(key, account.oa_id, name, self._clock.now()):
                log.info("Zalo event %s was already taken; skipped", key)
                return
            try:
                await self._handler.on_event(account, event, key)
            except Exception:
                log.exception("Zalo event %s failed; released for Zalo's retry", key)
                await self._store.release_event(key)
        except Exception:
            log.exception("Zalo event %s could not be taken", key)
        finally:
            await self._finish_async(key)

    def _finish(self, key: str) -> None:
        task = asyncio.create_task(self._finish_async(key))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _finish_async(self, key: str) -> None:
        async with self._cond:
            self._done.add(key)
            self._cond.notify_all()

    async def wait_handled(self, key: str, within: float = 30.0) -> None:
        """Wait until the event with this key went through (tests, the demo)."""
        async with self._cond:
            await asyncio.wait_for(self._cond.wait_for(lambda: key in self._done), within)

    async def drain(self) -> None:
        """Let the events being processed finish (at shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def route(self) -> Route:
        """The Starlette route."""
        return Route("/zalo/webhook", self.endpoint, methods=["POST"])


def create_app(
    routes: Sequence[BaseRoute],
    health: Health | None = None,
) -> Starlette:
    """The one ASGI app: the webhooks given and `GET /healthz`."""

    async def healthz(request: Request) -> Response:
        if health is None:
            return JSONResponse({"ok": True})
        ok, details = await health()
        return JSONResponse({"ok": ok, **details}, status_code=200 if ok else 503)

    return Starlette(routes=[*routes, Route("/healthz", healthz, methods=["GET"])])
