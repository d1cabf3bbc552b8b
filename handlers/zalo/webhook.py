"""The Zalo OA webhook (Starlette): verify, store in the inbox, answer 200; handled from there.

Zalo signs each event: `X-ZEvent-Signature: mac=<sha256(app_id + raw body + timestamp +
OA secret key)>` (plain SHA-256 of the concatenation, hex; docs/zalo-channels.md §B.1). An event
with a bad signature, or a timestamp more than 5 minutes away from now, gets 401 and changes
nothing. The body is read up to 1 MB and the signature checked on the raw bytes before any
JSON parsing. Zalo retries a delivery up to 5 times: the inbox stores an event once by `msg_id`,
and the ledger skips one already handled.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from pydantic import SecretStr
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot.clock import Clock
from bot.domain.updates import InboundUpdate, InboxItem
from bot.domain.zalo import ZaloAccount
from bot.ports import InboxEntrance, ZaloStore
from handlers.web import BadBody, json_object, read_body

log = logging.getLogger(__name__)

CHANNEL = "zalo"

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


_TIMESTAMP = re.compile(rb'"timestamp"\s*:\s*"?(\d{1,20})"?')
_RECIPIENT_ID = re.compile(rb'"recipient"\s*:\s*\{[^{}]{0,512}?"id"\s*:\s*"([^"\\]{1,64})"')
_OA_ID = re.compile(rb'"oa_id"\s*:\s*"([^"\\]{1,64})"')
_APP_ID = re.compile(rb'"app_id"\s*:\s*"([^"\\]{1,64})"')
_MAX_TIMESTAMPS = 4  # distinct candidates tried; a real event has one


def _candidates(pattern: re.Pattern[bytes], raw: bytes) -> list[str]:
    out: list[str] = []
    for match in pattern.finditer(raw):
        value = match[1].decode("ascii", "replace")
        if value not in out:
            out.append(value)
        if len(out) >= _MAX_TIMESTAMPS:
            break
    return out


class ZaloWebhook:
    """`POST /zalo/webhook`: verify on the raw bytes, store in the inbox, answer 200; the inbox
    workers hand the event to `handle`, with a way for tests to wait for it."""

    def __init__(
        self,
        store: ZaloStore,
        handler: EventHandler,
        clock: Clock,
        inbox: InboxEntrance,
        *,
        max_age: timedelta = MAX_AGE,
    ) -> None:
        self._store = store
        self._handler = handler
        self._clock = clock
        self._inbox = inbox
        self._max_age = max_age
        self._done: set[str] = set()
        self._cond = asyncio.Condition()

    async def _verified(self, raw: bytes, header: str) -> tuple[ZaloAccount, str] | None:
        """The account whose secret signed these bytes, and the timestamp signed; found from
        the raw body (its OA id or app id, its timestamp) before anything is parsed."""
        oa_ids = _candidates(_RECIPIENT_ID, raw) or _candidates(_OA_ID, raw)
        accounts: list[ZaloAccount] = []
        for oa_id in oa_ids:
            account = await self._store.account_by_oa(oa_id)
            if account is not None:
                accounts.append(account)
        if not oa_ids:
            # No OA id (some events): the app's only OA, if it has exactly one.
            app_ids = set(_candidates(_APP_ID, raw))
            matches = [a for a in await self._store.accounts() if a.app_id in app_ids]
            accounts = matches if len(matches) == 1 else []
        for account in accounts:
            for timestamp in _candidates(_TIMESTAMP, raw):
                if signature_ok(account.app_id, raw, timestamp, account.oa_secret_key, header):
                    return account, timestamp
        return None

    async def endpoint(self, request: Request) -> Response:
        """Bounded read, signature on the raw bytes, then parse, store and acknowledge."""
        header = request.headers.get("X-ZEvent-Signature", "")
        if not header:
            return JSONResponse({"error": "unauthorized"}, status_code=401)
        try:
            raw = await read_body(request)
        except BadBody as err:
            return err.response()
        verified = await self._verified(raw, header)
        if verified is None:
            log.warning("Zalo webhook: unsigned or badly signed request refused")
            return JSONResponse({"error": "unauthorized"}, status_code=401)
        account, timestamp = verified
        try:
            event = json_object(raw)
        except BadBody as err:
            return err.response()
        if str(event.get("timestamp") or "") != timestamp or _oa_of(event) not in (
            "",
            account.oa_id,
        ):
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
            await self._finish(key)  # the OA's own echoes and events we do not use
            return JSONResponse({"ok": True})
        update = InboundUpdate(
            bot=f"{CHANNEL}:{account.oa_id}",
            update_id=key,
            chat=f"{CHANNEL}:{account.oa_id}:{_user_of(event)}",
            payload=raw.decode("utf-8", "replace"),
        )
        try:
            await self._inbox.store([update], now)
        except Exception:
            log.exception("Zalo webhook: event %s could not be stored", key)
            return JSONResponse({"error": "busy"}, status_code=503)  # Zalo sends it again
        return JSONResponse({"ok": True})

    async def handle(self, item: InboxItem) -> None:
        """Act on a stored event (called by the inbox workers)."""
        key = item.update_id
        try:
            oa_id = item.bot.partition(":")[2]
            account = await self._store.account_by_oa(oa_id)
            if account is None:
                log.warning("Zalo event %s: OA %s is no longer configured; dropped", key, oa_id)
                return
            await self._handler.on_event(account, json.loads(item.payload), key)
        finally:
            await self._finish(key)

    async def _finish(self, key: str) -> None:
        async with self._cond:
            self._done.add(key)
            self._cond.notify_all()

    async def wait_handled(self, key: str, within: float = 30.0) -> None:
        """Wait until the event with this key went through (tests, the demo)."""
        async with self._cond:
            await asyncio.wait_for(self._cond.wait_for(lambda: key in self._done), within)

    async def drain(self) -> None:
        """Nothing runs outside the inbox workers any more (kept for the shutdown sequence)."""

    def route(self) -> Route:
        """The Starlette route."""
        return Route("/zalo/webhook", self.endpoint, methods=["POST"])


def _user_of(event: Mapping[str, Any]) -> str:
    for field in ("sender", "follower", "user_id_by_app"):
        value = event.get(field)
        if isinstance(value, Mapping) and value.get("id"):
            return str(value["id"])
    return "-"


HEALTH_TOKEN_HEADER = "X-Health-Token"


def create_app(
    routes: Sequence[BaseRoute],
    health: Health | None = None,
    health_token: SecretStr | None = None,
) -> Starlette:
    """The one ASGI app: the webhooks given and `GET /healthz` (ok or not ok to anyone; the
    details only with the header `X-Health-Token` equal to `HEALTHZ_TOKEN`)."""

    async def healthz(request: Request) -> Response:
        if health is None:
            return JSONResponse({"ok": True})
        ok, details = await health()
        status = 200 if ok else 503
        given = request.headers.get(HEALTH_TOKEN_HEADER, "")
        token = health_token.get_secret_value() if health_token is not None else ""
        if token and given and hmac.compare_digest(given.encode(), token.encode()):
            return JSONResponse({"ok": ok, **details}, status_code=status)
        return JSONResponse({"ok": ok}, status_code=status)

    return Starlette(routes=[*routes, Route("/healthz", healthz, methods=["GET"])])
