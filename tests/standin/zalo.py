"""A loopback Zalo OA stand-in: the OA API (cs messages, file upload), OAuth v4 and ZBS on
127.0.0.1 over real HTTP (uvicorn), and a Zalo that signs webhook events and POSTs them.

Uploads are checked as the OA checks them: a file must be a PDF, DOC or DOCX (by its name and
its first bytes) of at most 5 MB, an image a JPG or PNG of at most 1 MB; anything else is
refused with a Zalo error (-201 for the type, -210 for the size) and nothing is stored.

It keeps the token rules: an access token can be expired on demand (→ -216), and a refresh
token works once. Failures (-230, -234, HTTP 5xx, …) can be queued for the next cs calls.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import json
import socket
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.clock import Clock

JSON = dict[str, Any]
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)
# What the OA's uploads take: suffix -> the first bytes of such a file.
FILE_KINDS = {"pdf": (b"%PDF",), "docx": (b"PK\x03\x04",), "doc": (b"\xd0\xcf\x11\xe0",)}
FILE_MAX = 5 * 1024 * 1024
IMAGE_KINDS = {"png": (b"\x89PNG",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",)}
IMAGE_MAX = 1024 * 1024
BAD_TYPE, TOO_BIG = -201, -210


@dataclass
class StandInOA:
    """One OA as Zalo knows it."""

    oa_id: str
    app_id: str
    app_secret: str
    oa_secret_key: str
    access_token: str
    refresh_token: str
    expired: set[str] = field(default_factory=set)


@dataclass
class Sent:
    """One cs message the bot sent."""

    oa_id: str
    recipient: JSON
    message: JSON

    @property
    def text(self) -> str:
        """The text (of a text or button message)."""
        return str(self.message.get("text", ""))

    @property
    def buttons(self) -> list[JSON]:
        """The buttons of a button template, if it is one."""
        payload = (self.message.get("attachment") or {}).get("payload") or {}
        if payload.get("template_type") != "button":
            return []
        return list(payload.get("buttons") or [])


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


class ZaloStandIn:
    """The Zalo side of every test, with a record of what the bot did."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.oas: dict[str, StandInOA] = {}
        self.sent: list[Sent] = []
        self.refreshes: list[JSON] = []
        self.templates: list[JSON] = []
        self.uploads: list[str] = []  # names of the uploaded files, in order
        self.files: list[tuple[str, bytes]] = []  # and their content
        self.refused_uploads: list[tuple[str, int]] = []  # (name, Zalo error) of refused ones
        self.images: list[str] = []  # names of the uploaded images
        self.webhook_url = ""
        self._failures: list[tuple[int, int]] = []  # (http status, zalo error)
        self._upload_failures: list[int] = []  # zalo errors for the next file uploads
        self._ids = itertools.count(1)
        self._server: _Server | None = None
        self._task: asyncio.Task[None] | None = None
        self._sock: socket.socket | None = None
        self.port = 0
        self._msg_owner: dict[str, str] = {}
        self._cond = asyncio.Condition()

    # --- lifecycle ---------------------------------------------------------------------------

    async def __aenter__(self) -> ZaloStandIn:
        app = Starlette(
            routes=[
                Route("/v3.0/oa/message/cs", self._cs, methods=["POST"]),
                Route("/v2.0/oa/upload/file", self._upload, methods=["POST"]),
                Route("/v2.0/oa/upload/image", self._upload_image, methods=["POST"]),
                Route("/v4/oa/access_token", self._oauth, methods=["POST"]),
                Route("/message/template", self._template, methods=["POST"]),
            ]
        )
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.setblocking(False)
        self.port = int(self._sock.getsockname()[1])
        config = uvicorn.Config(app, lifespan="off", log_level="warning", access_log=False)
        self._server = _Server(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[self._sock]))
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._server is not None and self._task is not None and self._sock is not None
        self._server.should_exit = True
        await self._task
        self._sock.close()

    @property
    def base_url(self) -> str:
        """For ZALO_API_BASE_URL, ZALO_OAUTH_BASE_URL and ZALO_ZBS_BASE_URL."""
        return f"http://127.0.0.1:{self.port}"

    # --- the scripted world ------------------------------------------------------------------

    def add_oa(self, oa_id: str, app_id: str, *, suffix: str = "") -> StandInOA:
        """An OA with fresh credentials (tests copy them into the bot's database)."""
        oa = StandInOA(
            oa_id=oa_id,
            app_id=app_id,
            app_secret=f"app-secret-{oa_id}{suffix}",
            oa_secret_key=f"oa-key-{oa_id}{suffix}",
            access_token=f"access-{oa_id}-0",
            refresh_token=f"refresh-{oa_id}-0",
        )
        self.oas[oa_id] = oa
        return oa

    def expire_token(self, oa_id: str) -> None:
        """The OA's current access token stops working (-216)."""
        oa = self.oas[oa_id]
        oa.expired.add(oa.access_token)

    def fail_next(self, *, error: int = 0, status: int = 200, times: int = 1) -> None:
        """The next cs calls fail with a Zalo error code or an HTTP status."""
        self._failures.extend([(status, error)] * times)

    def refuse_next_upload(self, error: int = TOO_BIG) -> None:
        """The next file upload is refused with a Zalo error, whatever the file."""
        self._upload_failures.append(error)

    def to(self, user_id: str) -> list[Sent]:
        """Messages the bot sent to a user (by user id, or replying to their messages)."""
        return [s for s in self.sent if self._user_of(s) == user_id]

    def texts(self, user_id: str) -> list[str]:
        """The texts sent to a user, in order."""
        return [s.text for s in self.to(user_id)]

    async def wait_for(self, predicate: Callable[[], bool], within: float = 10.0) -> None:
        """Wait until something the bot sent makes `predicate` true."""
        async with asyncio.timeout(within), self._cond:
            await self._cond.wait_for(predicate)

    # --- webhook events ----------------------------------------------------------------------

    def event(self, oa_id: str, user_id: str, name: str, message: JSON | None = None) -> JSON:
        """A `user_send_*` event (or follow/unfollow) as Zalo would send it, stamped now."""
        oa = self.oas[oa_id]
        stamp = str((self.clock.now() - _EPOCH) // _MS)
        if name in ("follow", "unfollow"):
            return {
                "app_id": oa.app_id,
                "oa_id": oa_id,
                "user_id_by_app": f"app-{user_id}",
                "event_name": name,
                "timestamp": stamp,
                "source": "oa_profile",
                "follower": {"id": user_id},
            }
        body: JSON = {"msg_id": f"msg{next(self._ids):06d}", **(message or {})}
        self._msg_owner[body["msg_id"]] = user_id  # replies by message_id reach this user
        return {
            "app_id": oa.app_id,
            "user_id_by_app": f"app-{user_id}",
            "event_name": name,
            "timestamp": stamp,
            "sender": {"id": user_id},
            "recipient": {"id": oa_id},
            "message": body,
        }

    def text_event(self, oa_id: str, user_id: str, text: str) -> JSON:
        """The user typed a text (or tapped a button carrying `text` as its payload)."""
        return self.event(oa_id, user_id, "user_send_text", {"text": text})

    def image_event(self, oa_id: str, user_id: str, url: str) -> JSON:
        """The user sent a photo."""
        attachment = {"type": "image", "payload": {"thumbnail": url, "url": url}}
        return self.event(oa_id, user_id, "user_send_image", {"attachments": [attachment]})

    def file_event(self, oa_id: str, user_id: str, name: str, size: int = 1000) -> JSON:
        """The user sent a file."""
        payload = {
            "size": str(size),
            "name": name,
            "checksum": "x",
            "type": name.rsplit(".", 1)[-1],
            "url": f"https://files.example/{name}",
        }
        attachment = {"type": "file", "payload": payload}
        return self.event(oa_id, user_id, "user_send_file", {"attachments": [attachment]})

    def location_event(self, oa_id: str, user_id: str, lat: float, lon: float) -> JSON:
        """The user shared a location (coordinates as strings, as Zalo sends them)."""
        coordinates = {"latitude": str(lat), "longitude": str(lon)}
        attachment = {"type": "location", "payload": {"coordinates": coordinates}}
        return self.event(oa_id, user_id, "user_send_location", {"attachments": [attachment]})

    def sign(self, event: JSON, body: bytes, *, secret: str | None = None) -> str:
        """The X-ZEvent-Signature value for a body."""
        oa = self.oas[str((event.get("recipient") or {}).get("id") or event.get("oa_id"))]
        key = oa.oa_secret_key if secret is None else secret
        data = oa.app_id.encode() + body + str(event["timestamp"]).encode() + key.encode()
        return "mac=" + hashlib.sha256(data).hexdigest()

    async def post(
        self, event: JSON, *, signature: str | None = None, secret: str | None = None
    ) -> int:
        """POST a (signed) event to the bot's webhook; returns the HTTP status."""
        body = json.dumps(event, ensure_ascii=False).encode()
        header = signature if signature is not None else self.sign(event, body, secret=secret)
        headers = {"Content-Type": "application/json", "X-ZEvent-Signature": header}
        async with httpx.AsyncClient(timeout=10.0) as client:
            response = await client.post(self.webhook_url, content=body, headers=headers)
        return response.status_code

    # --- the API -------------------------------------------------------------------------------

    def _oa_by_token(self, token: str) -> StandInOA | None:
        for oa in self.oas.values():
            if token == oa.access_token and token not in oa.expired:
                return oa
        return None

    def _user_of(self, sent: Sent) -> str:
        if "user_id" in sent.recipient:
            return str(sent.recipient["user_id"])
        return str(sent.recipient.get("_user", ""))

    async def _cs(self, request: Request) -> Response:
        oa = self._oa_by_token(request.headers.get("access_token", ""))
        if oa is None:
            return JSONResponse({"error": -216, "message": "Access token is invalid"})
        if self._failures:
            status, error = self._failures.pop(0)
            if status >= 500:
                return JSONResponse({"message": "server error"}, status_code=status)
            return JSONResponse({"error": error, "message": f"refused ({error})"})
        body = await request.json()
        recipient = dict(body["recipient"])
        if "message_id" in recipient:
            recipient["_user"] = self._msg_owner.get(str(recipient["message_id"]), "")
        text = str(body["message"].get("text", ""))
        if len(text) > 2000:
            return JSONResponse({"error": -201, "message": "text too long"})
        buttons = ((body["message"].get("attachment") or {}).get("payload") or {}).get("buttons")
        if buttons is not None and len(buttons) > 5:
            return JSONResponse({"error": -201, "message": "too many buttons"})
        self.sent.append(Sent(oa.oa_id, recipient, body["message"]))
        async with self._cond:
            self._cond.notify_all()
        message_id = f"oa{next(self._ids):06d}"
        return JSONResponse({"error": 0, "message": "Success", "data": {"message_id": message_id}})

    async def _received(
        self, request: Request, kinds: dict[str, tuple[bytes, ...]], limit: int
    ) -> tuple[str, bytes] | Response:
        """The one uploaded file of a multipart request, or the OA's refusal of it."""
        if self._oa_by_token(request.headers.get("access_token", "")) is None:
            return JSONResponse({"error": -216, "message": "Access token is invalid"})
        form = await request.form()
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            return JSONResponse({"error": BAD_TYPE, "message": "no file"})
        data = await upload.read()
        name = upload.filename or ""
        suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if suffix not in kinds or not data.startswith(kinds[suffix]):
            self.refused_uploads.append((name, BAD_TYPE))
            return JSONResponse({"error": BAD_TYPE, "message": "File type is not supported"})
        if len(data) > limit:
            self.refused_uploads.append((name, TOO_BIG))
            return JSONResponse({"error": TOO_BIG, "message": "File size exceeds the limit"})
        return name, data

    async def _upload(self, request: Request) -> Response:
        received = await self._received(request, FILE_KINDS, FILE_MAX)
        if isinstance(received, Response):
            return received
        if self._upload_failures:
            error = self._upload_failures.pop(0)
            self.refused_uploads.append((received[0], error))
            return JSONResponse({"error": error, "message": f"refused ({error})"})
        self.uploads.append(received[0])
        self.files.append(received)
        return JSONResponse({"error": 0, "data": {"token": f"file-token-{len(self.uploads)}"}})

    async def _upload_image(self, request: Request) -> Response:
        received = await self._received(request, IMAGE_KINDS, IMAGE_MAX)
        if isinstance(received, Response):
            return received
        self.images.append(received[0])
        return JSONResponse({"error": 0, "data": {"attachment_id": f"img-{len(self.images)}"}})

    async def _template(self, request: Request) -> Response:
        if self._oa_by_token(request.headers.get("access_token", "")) is None:
            return JSONResponse({"error": -124, "message": "Access token is invalid"})
        self.templates.append(await request.json())
        async with self._cond:
            self._cond.notify_all()
        return JSONResponse({"error": 0, "data": {"msg_id": f"zbs{len(self.templates)}"}})

    async def _oauth(self, request: Request) -> Response:
        form = parse_qs((await request.body()).decode())  # application/x-www-form-urlencoded
        record = {k: v[0] for k, v in form.items()}
        record["secret_key"] = request.headers.get("secret_key", "")
        self.refreshes.append(record)
        oa = next((o for o in self.oas.values() if o.app_id == record.get("app_id")), None)
        if (
            oa is None
            or record["secret_key"] != oa.app_secret
            or record.get("grant_type") != "refresh_token"
            or record.get("refresh_token") != oa.refresh_token
        ):
            return JSONResponse({"error": -14014, "error_name": "Invalid refresh token"})
        generation = len(self.refreshes)
        oa.expired.add(oa.access_token)
        oa.access_token = f"access-{oa.oa_id}-{generation}"
        oa.refresh_token = f"refresh-{oa.oa_id}-{generation}"  # the old one is spent
        return JSONResponse(
            {
                "access_token": oa.access_token,
                "refresh_token": oa.refresh_token,
                "expires_in": "90000",
            }
        )
