"""An async client for the Zalo OA Open API: consultation messages, uploads, ZBS templates and
the OAuth v4 token refresh (access tokens last 25 h). Errors become `SendError`s the outbox
understands."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from bot.clock import Clock
from bot.domain.fmt import is_digits
from bot.domain.zalo import ZaloAccount, quiet_until
from bot.ports import SendError, ZaloStore

log = logging.getLogger(__name__)
IMAGE_MAX_BYTES = 1024 * 1024  # the OA's image upload limit
FILE_MAX_BYTES = 5 * 1024 * 1024  # its file upload limit
FILE_TYPES = frozenset({"pdf", "doc", "docx"})  # and the only files it takes

TOKEN_INVALID = -216
WINDOW_CLOSED = frozenset({-230, -232})
QUIET_HOURS = -234
MAX_BUTTONS = 5
MAX_BUTTON_TITLE = 100
# Refresh a token that expires within this margin before using it (it lives 25 h).
REFRESH_MARGIN = timedelta(hours=1)
_QUIET_FALLBACK = 600.0  # seconds, when Zalo says "quiet hours" but our clock disagrees

JSON = dict[str, Any]


class ZaloError(SendError):
    """A refusal or failure of the Zalo API, with Zalo's error code when there was one."""

    def __init__(
        self,
        reason: str,
        *,
        code: int | None = None,
        permanent: bool,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(reason, permanent=permanent, retry_after=retry_after)
        self.code = code

    @property
    def window_closed(self) -> bool:
        """The citizen has not written for 7 days: the OA may not send them cs messages."""
        return self.code in WINDOW_CLOSED


def zbs_phone(phone: str) -> str:
    """A Vietnamese number as ZBS wants it: 84xxxxxxxxx."""
    digits = "".join(ch for ch in phone if is_digits(ch))
    if digits.startswith("0"):
        return "84" + digits[1:]
    return digits


class ZaloClient:
    """Talks to the OA API for any configured OA; the token pair lives in the store."""

    def __init__(
        self,
        store: ZaloStore,
        clock: Clock,
        tz: ZoneInfo,
        *,
        api_base_url: str,
        oauth_base_url: str,
        zbs_base_url: str,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        self._store = store
        self._clock = clock
        self._tz = tz
        self._api = api_base_url.rstrip("/")
        self._oauth = oauth_base_url.rstrip("/")
        self._zbs = zbs_base_url.rstrip("/")
        self._http = http or httpx.AsyncClient(timeout=httpx.Timeout(15.0))
        self._locks: dict[str, asyncio.Lock] = {}

    async def aclose(self) -> None:
        """Close the HTTP connections."""
        await self._http.aclose()

    # --- messages ---------------------------------------------------------------------------

    async def send_text(
        self, oa: ZaloAccount, user_id: str, text: str, *, reply_to_msg_id: str | None = None
    ) -> str:
        """A plain consultation message; returns Zalo's message id."""
        return await self._cs(oa, user_id, {"text": text}, reply_to_msg_id)

    async def send_buttons(
        self,
        oa: ZaloAccount,
        user_id: str,
        text: str,
        buttons: Sequence[tuple[str, str]],
        *,
        reply_to_msg_id: str | None = None,
    ) -> str:
        """A button template: (title, payload) pairs as `oa.query.hide` buttons (≤ 5)."""
        if not 1 <= len(buttons) <= MAX_BUTTONS:
            raise ValueError(f"a button template takes 1-{MAX_BUTTONS} buttons")
        message = {
            "text": text,
            "attachment": {
                "type": "template",
                "payload": {
                    "template_type": "button",
                    "buttons": [
                        {"title": title[:MAX_BUTTON_TITLE], "type": "oa.query.hide", "payload": p}
                        for title, p in buttons
                    ],
                },
            },
        }
        return await self._cs(oa, user_id, message, reply_to_msg_id)

    async def send_image(
        self, oa: ZaloAccount, user_id: str, url: str, *, reply_to_msg_id: str | None = None
    ) -> str:
        """An image by URL (media template)."""
        message = {
            "attachment": {
                "type": "template",
                "payload": {
                    "template_type": "media",
                    "elements": [{"media_type": "image", "url": url}],
                },
            }
        }
        return await self._cs(oa, user_id, message, reply_to_msg_id)

    async def send_photo(
        self,
        oa: ZaloAccount,
        user_id: str,
        name: str,
        data: bytes,
        *,
        reply_to_msg_id: str | None = None,
    ) -> str:
        """Upload an image (JPG/PNG, ≤ 1 MB) and send it as a media template."""
        if len(data) > IMAGE_MAX_BYTES:
            raise ZaloError(f"image {name} is over 1 MB (-210)", permanent=True)
        body = await self._call(
            oa.oa_id, f"{self._api}/v2.0/oa/upload/image", files={"file": (name, data)}
        )
        attachment_id = str((body.get("data") or {}).get("attachment_id", ""))
        if not attachment_id:
            raise ZaloError("image upload returned no attachment_id", permanent=False)
        message = {
            "attachment": {
                "type": "template",
                "payload": {
                    "template_type": "media",
                    "elements": [{"media_type": "image", "attachment_id": attachment_id}],
                },
            }
        }
        return await self._cs(oa, user_id, message, reply_to_msg_id)

    async def send_file(
        self,
        oa: ZaloAccount,
        user_id: str,
        name: str,
        data: bytes,
        *,
        reply_to_msg_id: str | None = None,
    ) -> str:
        """Upload a file (PDF/DOC/DOCX, ≤ 5 MB) and send it; any other file is refused here,
        as the OA would refuse it, without a call."""
        suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if suffix not in FILE_TYPES:
            raise ZaloError(f"the OA takes no {name} (PDF, DOC, DOCX only)", permanent=True)
        if len(data) > FILE_MAX_BYTES:
            raise ZaloError(f"file {name} is over 5 MB (-210)", permanent=True)
        body = await self._call(
            oa.oa_id, f"{self._api}/v2.0/oa/upload/file", files={"file": (name, data)}
        )
        token = str((body.get("data") or {}).get("token", ""))
        if not token:
            raise ZaloError("upload returned no token", permanent=False)
        message = {"attachment": {"type": "file", "payload": {"token": token}}}
        return await self._cs(oa, user_id, message, reply_to_msg_id)

    async def send_template(
        self,
        oa: ZaloAccount,
        phone: str,
        template_id: str,
        data: Mapping[str, str],
        tracking_id: str,
    ) -> str:
        """A pre-approved ZBS template message to a phone number; returns its msg_id."""
        payload = {
            "phone": zbs_phone(phone),
            "template_id": template_id,
            "template_data": dict(data),
            "tracking_id": tracking_id,
        }
        body = await self._call(oa.oa_id, f"{self._zbs}/message/template", json=payload)
        return str((body.get("data") or {}).get("msg_id", ""))

    async def _cs(
        self, oa: ZaloAccount, user_id: str, message: JSON, reply_to_msg_id: str | None
    ) -> str:
        recipient = {"message_id": reply_to_msg_id} if reply_to_msg_id else {"user_id": user_id}
        body = await self._call(
            oa.oa_id,
            f"{self._api}/v3.0/oa/message/cs",
            json={"recipient": recipient, "message": message},
        )
        return str((body.get("data") or {}).get("message_id", ""))

    # --- the call, with the token ------------------------------------------------------------

    async def _account(self, oa_id: str) -> ZaloAccount:
        account = await self._store.account_by_oa(oa_id)
        if account is None:
            raise ZaloError(f"no Zalo OA {oa_id} is configured", permanent=True)
        expires = account.access_expires_at
        if expires is not None and expires - self._clock.now() <= REFRESH_MARGIN:
            account = await self.refresh(oa_id, account.access_token)
        return account

    async def _call(
        self,
        oa_id: str,
        url: str,
        *,
        json: JSON | None = None,
        files: Mapping[str, tuple[str, bytes]] | None = None,
    ) -> JSON:
        account = await self._account(oa_id)
        try:
            return await self._post(url, account.access_token, json=json, files=files)
        except ZaloError as err:
            if err.code != TOKEN_INVALID:
                raise
            log.info("Zalo OA %s: access token refused (-216); refreshing once", oa_id)
        account = await self.refresh(oa_id, account.access_token)
        return await self._post(url, account.access_token, json=json, files=files)

    async def _post(
        self,
        url: str,
        access_token: str,
        *,
        json: JSON | None,
        files: Mapping[str, tuple[str, bytes]] | None,
    ) -> JSON:
        try:
            response = await self._http.post(
                url, headers={"access_token": access_token}, json=json, files=files
            )
        except httpx.HTTPError as err:
            raise ZaloError(f"network: {type(err).__name__}", permanent=False) from err
        if response.status_code >= 500 or response.status_code == 429:
            raise ZaloError(f"HTTP {response.status_code}", permanent=False)
        try:
            body = response.json()
        except ValueError as err:
            raise ZaloError(f"HTTP {response.status_code}: not JSON", permanent=False) from err
        if not isinstance(body, dict):
            raise ZaloError("unexpected response", permanent=False)
        code = int(body.get("error", 0) or 0)
        if code == 0 and response.status_code < 400:
            return body
        raise self._error(code, str(body.get("message", "")), response.status_code)

    def _error(self, code: int, message: str, status: int) -> ZaloError:
        reason = f"Zalo error {code}: {message}".strip()
        if code == TOKEN_INVALID:
            return ZaloError(reason, code=code, permanent=False)
        if code in WINDOW_CLOSED:
            return ZaloError(reason, code=code, permanent=True)
        if code == QUIET_HOURS:
            until = quiet_until(self._clock.now(), self._tz)
            wait = (until - self._clock.now()).total_seconds() if until else _QUIET_FALLBACK
            return ZaloError(reason, code=code, permanent=False, retry_after=wait)
        if code == 0:  # an HTTP 4xx without a Zalo code
            return ZaloError(f"HTTP {status}", permanent=status != 408)
        # Bad parameters, unknown user, message too long…: retrying won't help.
        return ZaloError(reason, code=code, permanent=True)

    # --- OAuth v4 ----------------------------------------------------------------------------

    async def refresh(self, oa_id: str, stale_access_token: str) -> ZaloAccount:
        """Exchange the single-use refresh token for a new pair, store it, then return it.

        Under a per-OA lock: a caller that waited while another refreshed gets the new pair
        without spending the (already spent) refresh token again.
        """
        lock = self._locks.setdefault(oa_id, asyncio.Lock())
        async with lock:
            account = await self._store.account_by_oa(oa_id)
            if account is None:
                raise ZaloError(f"no Zalo OA {oa_id} is configured", permanent=True)
            if account.access_token != stale_access_token:
                return account
            try:
                response = await self._http.post(
                    f"{self._oauth}/v4/oa/access_token",
                    headers={"secret_key": account.app_secret},
                    data={
                        "refresh_token": account.refresh_token,
                        "app_id": account.app_id,
                        "grant_type": "refresh_token",
                    },
                )
                body = response.json()
            except (httpx.HTTPError, ValueError) as err:
                raise ZaloError(f"token refresh failed: {err!r}", permanent=False) from err
            access = body.get("access_token") if isinstance(body, dict) else None
            refresh = body.get("refresh_token") if isinstance(body, dict) else None
            if not access or not refresh:
                # No new pair: the refresh token may be spent or expired (an admin must re-add).
                log.error("Zalo OA %s: token refresh refused: %s", oa_id, body)
                raise ZaloError(f"token refresh refused for OA {oa_id}", permanent=False)
            now = self._clock.now()
            expires: datetime | None = None
            try:
                expires = now + timedelta(seconds=int(str(body.get("expires_in", ""))))
            except ValueError:
                expires = None
            # Durable before use: the old refresh token no longer works.
            await self._store.save_tokens(oa_id, str(access), str(refresh), expires, now)
            log.info("Zalo OA %s: token pair refreshed", oa_id)
            stored = await self._store.account_by_oa(oa_id)
            assert stored is not None
            return stored
