"""Loopback stand-in for the Telegram Bot API, served over real HTTP by starlette on uvicorn.

Used by the test suite and the offline demo. It validates requests against the
bundled Bot API spec (``telegram-bot-api-10.1.json``) and keeps a small in-memory
world (chats, messages, files, pending updates) so a real python-telegram-bot
client can talk to it over 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import math
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from types import TracebackType
from typing import Any, cast
from urllib.parse import parse_qsl

import httpx
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.standin.server import AppServer

JSONDict = dict[str, Any]

SPEC_FILE = "telegram-bot-api-10.1.json"
PRIMITIVES = frozenset({"Integer", "Float", "Boolean", "String"})
SEND_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument", "sendLocation"})
DEFAULT_ALLOWED = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "purchased_paid_media",
    }
)
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_LANG_RE = re.compile(r"[a-z]{2}")
_MAX_BODY = 64 * 1024 * 1024


class ApiError(Exception):
    """A Telegram-style error reply: HTTP status plus description."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> JSONDict:
        """Return the JSON body Telegram would send for this error."""
        body: JSONDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(text: str) -> ApiError:
    """Build a 400 error with the usual ``Bad Request:`` prefix."""
    return ApiError(400, f"Bad Request: {text}")


def _update_kind(update: JSONDict) -> str:
    return next((k for k in update if k != "update_id"), "")


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Call:
    """One recorded Bot API request and the stand-in's answer."""

    method: str
    params: JSONDict
    files: dict[str, tuple[str, bytes]]
    http_status: int
    response: JSONDict
    content_types: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the call was answered with ``ok: true``."""
        return bool(self.response.get("ok"))

    @property
    def result(self) -> Any:
        """The ``result`` of a successful call (None otherwise)."""
        return self.response.get("result")


@dataclass
class StoredFile:
    """A file the stand-in can serve through getFile and the download route."""

    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    file_name: str | None = None
    mime_type: str | None = None


@dataclass(frozen=True)
class UploadedFile:
    """One file part of a multipart request."""

    filename: str
    body: bytes
    content_type: str


Files = dict[str, UploadedFile]


@dataclass(frozen=True)
class StandInCounters:
    """Where the stand-in's id sequences stand, so that a later stand-in can continue them.

    The bot remembers the update ids it handled and keeps message and file ids: a stand-in
    started again over the same bot database must not hand those ids out a second time.
    Message ids count per chat, as in Telegram.
    """

    next_update_id: int = 1
    next_message_ids: Mapping[int, int] = field(default_factory=dict)
    next_file_id: int = 1

    def as_dict(self) -> JSONDict:
        """A JSON-ready form (chat ids become string keys), read back by ``from_dict``."""
        return {
            "next_update_id": self.next_update_id,
            "next_message_ids": {str(chat): n for chat, n in self.next_message_ids.items()},
            "next_file_id": self.next_file_id,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StandInCounters:
        """Counters from ``as_dict`` output (or its JSON round trip); missing keys start at 1."""
        return cls(
            next_update_id=int(data.get("next_update_id", 1)),
            next_message_ids={
                int(chat): int(n) for chat, n in dict(data.get("next_message_ids", {})).items()
            },
            next_file_id=int(data.get("next_file_id", 1)),
        )


# --------------------------------------------------------------------------- spec


class _Spec:
    """The Bot API spec with a recursive JSON validator."""

    def __init__(self, raw: JSONDict) -> None:
        self.methods: dict[str, JSONDict] = raw["methods"]
        self.types: dict[str, JSONDict] = raw["types"]
        self.by_lower = {name.lower(): name for name in self.methods}
        self.discriminators: dict[str, tuple[str, dict[str, str]]] = {}
        for name, tdef in self.types.items():
            subtypes = [s for s in tdef.get("subtypes", []) if s in self.types]
            if not subtypes:
                continue
            mapping: dict[str, str] = {}
            key = ""
            for sub in subtypes:
                for fdef in self.types[sub].get("fields", []):
                    match = re.search(r'(?:must be|always) "?([a-z_]+)"?', fdef["description"])
                    if fdef["name"] in ("type", "source", "status") and match:
                        key = fdef["name"]
                        mapping[match.group(1)] = sub
            if key and len(mapping) == len(subtypes):
                self.discriminators[name] = (key, mapping)

    @classmethod
    def load(cls) -> _Spec:
        """Load the bundled spec via importlib.resources."""
        text = resources.files("bot.standin").joinpath(SPEC_FILE).read_text(encoding="utf-8")
        return cls(json.loads(text))

    def fields(self, method: str) -> dict[str, JSONDict]:
        """Field definitions of a method keyed by name."""
        return {f["name"]: f for f in self.methods[method].get("fields", [])}

    def check(self, value: Any, types: list[str], path: str) -> str | None:
        """Validate ``value`` against a union of type expressions; return an error or None."""
        errors: list[tuple[int, str]] = []
        for expr in types:
            err = self.check_expr(value, expr, path)
            if err is None:
                return None
            errors.append((self._affinity(value, expr), err))
        errors.sort(key=lambda item: -item[0])
        return errors[0][1] if errors else None

    def _affinity(self, value: Any, expr: str) -> int:
        if expr.startswith("Array of "):
            return 1 if isinstance(value, list) else 0
        if expr in PRIMITIVES or expr == "InputFile":
            return 0
        if not isinstance(value, dict):
            return 0
        tdef = self.types.get(expr, {})
        names = {f["name"] for f in tdef.get("fields", [])}
        for sub in tdef.get("subtypes", []):
            names |= {f["name"] for f in self.types.get(sub, {}).get("fields", [])}
        return 1 + len(names & set(value))

    def check_expr(self, value: Any, expr: str, path: str) -> str | None:
        """Validate ``value`` against one type expression."""
        if expr.startswith("Array of "):
            if not isinstance(value, list):
                return f"{path} must be an Array"
            for i, item in enumerate(value):
                err = self.check_expr(item, expr[len("Array of ") :], f"{path}[{i}]")
                if err:
                    return err
            return None
        if expr == "Integer":
            ok = isinstance(value, int) and not isinstance(value, bool)
            return None if ok else f"{path} must be an Integer"
        if expr == "Float":
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            return None if ok else f"{path} must be a Float"
        if expr == "Boolean":
            return None if isinstance(value, bool) else f"{path} must be a Boolean"
        if expr in ("String", "InputFile"):
            return None if isinstance(value, str) else f"{path} must be a String"
        tdef = self.types.get(expr)
        if tdef is None:
            return f"{path}: unknown type {expr}"
        if "subtypes" in tdef:
            disc = self.discriminators.get(expr)
            if disc and isinstance(value, dict):
                key, mapping = disc
                sub = mapping.get(str(value.get(key)))
                if sub is None:
                    return f"{path}: unsupported {expr} {key} {value.get(key)!r}"
                return self.check_expr(value, sub, path)
            return self.check(value, list(tdef["subtypes"]), path)
        if not isinstance(value, dict):
            return f"{path} must be an Object ({expr})"
        fdefs = {f["name"]: f for f in tdef.get("fields", [])}
        if not fdefs:
            return None
        for key in value:
            if key not in fdefs:
                return f'{path}: unknown field "{key}" in {expr}'
        for name, fdef in fdefs.items():
            if name not in value:
                if fdef["required"]:
                    return f'{path}: field "{name}" is required in {expr}'
                continue
            err = self.check(value[name], fdef["types"], f"{path}.{name}")
            if err:
                return err
        return None


_SPEC: _Spec | None = None


def load_spec() -> _Spec:
    """Return the (cached) parsed spec."""
    global _SPEC
    if _SPEC is None:
        _SPEC = _Spec.load()
    return _SPEC


# --------------------------------------------------------------------------- HTML


_ALLOWED_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "tg-emoji": "custom_emoji",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_END_TAG = re.compile(r"</([a-zA-Z][\w-]*)\s*>")
_START_TAG = re.compile(
    r"<([a-zA-Z][\w-]*)((?:\s+[a-zA-Z][\w-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>\"']+))?)*)\s*/?>"
)
_ATTR = re.compile(r"([a-zA-Z][\w-]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>\"']+))?")
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]*);")
_PLAIN = re.compile(r"[^<>&]+")


def parse_html(text: str) -> tuple[str, list[JSONDict]]:
    """Parse Telegram HTML into plain text and entities, raising ApiError like Telegram."""

    def fail(reason: str, pos: int) -> ApiError:
        offset = len(text[:pos].encode("utf-8"))
        return bad_request(f"can't parse entities: {reason} at byte offset {offset}")

    out: list[str] = []
    out_len = 0
    stack: list[tuple[str, int, JSONDict]] = []
    entities: list[JSONDict] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "<":
            end = _END_TAG.match(text, i)
            if end:
                name = end.group(1).lower()
                if not stack:
                    raise fail(f'Unexpected end tag "{name}"', i)
                top, start, extra = stack.pop()
                if top != name:
                    raise fail(f'Unmatched end tag, expected "</{top}>", found "</{name}>"', i)
                length = out_len - start
                kind = extra.pop("type")
                if kind == "code" and stack and stack[-1][0] == "pre":
                    stack[-1][2]["language"] = extra.get("language", "")
                elif length > 0:
                    entities.append({"type": kind, "offset": start, "length": length, **extra})
                i = end.end()
                continue
            start_tag = _START_TAG.match(text, i)
            if not start_tag:
                raise fail("Unexpected character '<', use &lt; instead", i)
            name = start_tag.group(1).lower()
            if name not in _ALLOWED_TAGS:
                raise fail(f'Unsupported start tag "{name}"', i)
            attrs: dict[str, str] = {}
            for m in _ATTR.finditer(start_tag.group(2)):
                raw = m.group(2) or ""
                attrs[m.group(1).lower()] = html.unescape(raw.strip("\"'"))
            extra = {"type": _ALLOWED_TAGS[name]}
            if name == "span" and attrs.get("class") != "tg-spoiler":
                raise fail('Tag "span" must have class "tg-spoiler"', i)
            if name == "a":
                extra["url"] = attrs.get("href", "")
            if name == "tg-emoji":
                if "emoji-id" not in attrs:
                    raise fail('Tag "tg-emoji" must have attribute "emoji-id"', i)
                extra["custom_emoji_id"] = attrs["emoji-id"]
            if name == "code" and attrs.get("class", "").startswith("language-"):
                extra["language"] = attrs["class"][len("language-") :]
            if name == "blockquote" and "expandable" in attrs:
                extra["type"] = "expandable_blockquote"
            stack.append((name, out_len, extra))
            i = start_tag.end()
            continue
        if ch == "&":
            ent = _ENTITY.match(text, i)
            if not ent:
                raise fail("Character '&' must be escaped as &amp;", i)
            body = ent.group(1)
            if body.startswith("#"):
                code = int(body[2:], 16) if body[1:2] in ("x", "X") else int(body[1:])
                if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                    raise fail(f'Invalid character reference "&{body};"', i)
                decoded = chr(code)
            elif body in _NAMED_ENTITIES:
                decoded = _NAMED_ENTITIES[body]
            else:
                raise fail(f'Unsupported HTML entity "&{body};"', i)
            out.append(decoded)
            out_len += utf16_len(decoded)
            i = ent.end()
            continue
        if ch == ">":
            raise fail("Character '>' must be escaped as &gt;", i)
        run = _PLAIN.match(text, i)  # plain text up to the next markup character, at once
        assert run is not None  # `ch` itself is plain
        out.append(run.group())
        out_len += utf16_len(run.group())
        i = run.end()
    if stack:
        raise bad_request(
            "can't parse entities: Can't find end tag corresponding to start tag "
            f'"{stack[-1][0]}"'
        )
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


# --------------------------------------------------------------------------- HTTP exchange


@dataclass(eq=False)
class _Exchange:
    """One request to the API route while it is being answered."""

    request: Request
    poll_task: asyncio.Task[list[JSONDict]] | None = None
    closed: bool = False


@dataclass
class _Request:
    params: JSONDict
    files: Files


def _reply(status: int, body: JSONDict) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False), status_code=status, media_type="application/json"
    )


# --------------------------------------------------------------------------- stand-in


class TelegramStandIn:
    """A loopback Telegram Bot API server with a scriptable, recorded world."""

    def __init__(
        self,
        token: str = "123456:TEST",
        *,
        bot_username: str = "cchc_test_bot",
        strict: bool = True,
        flood_control: bool = False,
        clock: Callable[[], float] = time.monotonic,
        counters: StandInCounters | None = None,
        on_counters: Callable[[StandInCounters], None] | None = None,
    ) -> None:
        """``counters`` continues the id sequences of an earlier stand-in (see ``counters``);
        ``on_counters`` is called with the new counters each time one of them advances."""
        start = counters or StandInCounters()
        self.token = token
        self.bot_username = bot_username
        self.strict = strict
        self.flood_control = flood_control
        self.clock = clock
        self.spec = load_spec()
        bot_id = token.split(":", 1)[0]
        self.bot_user: JSONDict = {
            "id": int(bot_id) if bot_id.isascii() and bot_id.isdigit() else 123456,
            "is_bot": True,
            "first_name": "CCHC Bot",
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.calls: list[Call] = []
        self.flood_refusals = 0
        self.webhook_url = ""
        self.webhook_secret: str | None = None
        self._server: AppServer | None = None
        self._port = 0
        self._host = "127.0.0.1"
        self._chats: dict[int, JSONDict] = {}
        self._users: dict[int, JSONDict] = {}
        self._messages: dict[tuple[int, int], JSONDict] = {}
        self._bot_messages: set[tuple[int, int]] = set()
        self._next_msg_id: dict[int, int] = dict(start.next_message_ids)
        self._queue: list[JSONDict] = []
        self._next_update_id = start.next_update_id
        self._settled_upto = start.next_update_id - 1
        self._allowed: frozenset[str] = DEFAULT_ALLOWED
        self._pending_queries: set[str] = set()
        self._query_ids = itertools.count(1)
        self._next_file_id = start.next_file_id
        self._on_counters = on_counters
        self._files: dict[str, StoredFile] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self._commands: dict[tuple[str, str], list[JSONDict]] = {}
        self._failures: dict[str, list[ApiError]] = {}
        self._chat_buckets: dict[int, tuple[float, float]] = {}
        self._global_bucket: tuple[float, float] | None = None
        self._updates_cond = asyncio.Condition()
        self._events_cond = asyncio.Condition()
        self._poll_seq = 0
        self._active_poll = 0
        self._waiting_polls = 0
        self._polls: set[_Exchange] = set()
        self._consumed_messages: set[tuple[int, int]] = set()
        self._bg: set[asyncio.Task[None]] = set()
        self._closing = False

    # ------------------------------------------------------------------ lifecycle

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Bind an (ephemeral) port on the running loop and start serving."""
        app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self._api_endpoint, methods=["GET", "POST"]),
                Route("/bot{token}/{method}/", self._api_endpoint, methods=["GET", "POST"]),
                Route("/file/bot{token}/{file_path:path}", self._file_endpoint, methods=["GET"]),
            ]
        )
        server = AppServer(app, host, port)
        self._closing = False
        await server.start()
        self._server, self._host, self._port = server, host, server.port

    async def stop(self) -> None:
        """Answer in-flight long polls with an empty list and close the server and its port."""
        self._closing = True
        for exchange in list(self._polls):
            if exchange.poll_task is not None and not exchange.poll_task.done():
                exchange.poll_task.cancel()
        await self._notify(self._updates_cond)
        if self._server is not None:
            await self._server.stop()
            self._server = None
        for task in list(self._bg):
            task.cancel()

    async def __aenter__(self) -> TelegramStandIn:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        """The bound TCP port."""
        return self._port

    @property
    def base_url(self) -> str:
        """Base URL for PTB's ``base_url`` (PTB appends the token)."""
        return f"http://{self._host}:{self._port}/bot"

    @property
    def base_file_url(self) -> str:
        """Base URL for PTB's ``base_file_url`` (PTB appends the token)."""
        return f"http://{self._host}:{self._port}/file/bot"

    # ------------------------------------------------------------------ notifications

    async def _notify(self, cond: asyncio.Condition) -> None:
        async with cond:
            cond.notify_all()

    def _kick(self, *conds: asyncio.Condition) -> None:
        """Notify conditions from synchronous code (schedules a task on the running loop)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return

        async def run() -> None:
            for cond in conds:
                await self._notify(cond)

        task = loop.create_task(run())
        self._bg.add(task)
        task.add_done_callback(self._bg.discard)

    # ------------------------------------------------------------------ test-side world

    def add_chat(self, chat_id: int, *, first_name: str = "Dân") -> None:
        """Make a private chat known, so the bot may send to it."""
        if chat_id not in self._chats:
            self._chats[chat_id] = {"id": chat_id, "type": "private", "first_name": first_name}

    def restore_bot_message(self, message: JSONDict) -> None:
        """Know again a message the bot sent before this stand-in started (a later run over
        the same bot database, as the demo is): its buttons can be pressed, it can be edited."""
        key = (int(message["chat"]["id"]), int(message["message_id"]))
        self._messages[key] = message
        self._bot_messages.add(key)

    def _user(
        self,
        user_id: int,
        first_name: str | None = None,
        language_code: str | None = None,
        username: str | None = None,
    ) -> JSONDict:
        user = self._users.get(user_id) or {
            "id": user_id,
            "is_bot": False,
            "first_name": "Dân",
            "language_code": "vi",
        }
        if first_name is not None:
            user["first_name"] = first_name
        if language_code is not None:
            user["language_code"] = language_code
        if username is not None:
            user["username"] = username
        self._users[user_id] = user
        chat: JSONDict = {"id": user_id, "type": "private", "first_name": user["first_name"]}
        if "username" in user:
            chat["username"] = user["username"]
        self._chats[user_id] = chat
        return dict(user)

    @property
    def counters(self) -> StandInCounters:
        """The id sequences as they stand: give them to a later stand-in to continue them."""
        return StandInCounters(
            next_update_id=self._next_update_id,
            next_message_ids=dict(self._next_msg_id),
            next_file_id=self._next_file_id,
        )

    def _counters_advanced(self) -> None:
        if self._on_counters is not None:
            self._on_counters(self.counters)

    def _new_message_id(self, chat_id: int) -> int:
        nxt = self._next_msg_id.get(chat_id, 1)
        self._next_msg_id[chat_id] = nxt + 1
        self._counters_advanced()
        return nxt

    def _user_message(self, user_id: int, **content: Any) -> JSONDict:
        user = self._user(user_id)
        msg: JSONDict = {
            "message_id": self._new_message_id(user_id),
            "from": user,
            "chat": dict(self._chats[user_id]),
            "date": int(time.time()),
            **content,
        }
        self._messages[(user_id, msg["message_id"])] = msg
        return msg

    def _register_file(
        self,
        data: bytes,
        folder: str,
        ext: str,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
    ) -> StoredFile:
        n = self._next_file_id
        self._next_file_id += 1
        self._counters_advanced()
        stored = StoredFile(
            file_id=f"BQACAgIAAx{n:06d}standin",
            file_unique_id=f"AgAD{n:06d}",
            file_path=f"{folder}/file_{n}.{ext}",
            data=data,
            file_name=file_name,
            mime_type=mime_type,
        )
        self._files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    def file_bytes(self, file_id: str) -> bytes:
        """Bytes of a file known to the stand-in (raises KeyError otherwise)."""
        return self._files[file_id].data

    def push_update(self, raw: JSONDict) -> JSONDict:
        """Queue a raw update (update_id is assigned when missing)."""
        update = dict(raw)
        if "update_id" not in update:
            update["update_id"] = self._next_update_id
        self._next_update_id = max(self._next_update_id, int(update["update_id"])) + 1
        self._counters_advanced()
        for value in update.values():
            if isinstance(value, dict):
                chat = value.get("chat") or (value.get("message") or {}).get("chat")
                if isinstance(chat, dict) and isinstance(chat.get("id"), int):
                    self._chats.setdefault(chat["id"], dict(chat))
        self._queue.append(update)
        self._kick(self._updates_cond, self._events_cond)
        return update

    def push_message(
        self,
        user_id: int,
        text: str,
        *,
        first_name: str = "Dân",
        language_code: str = "vi",
        username: str | None = None,
    ) -> JSONDict:
        """Queue a private text message from ``user_id`` (with bot_command entity for /cmd)."""
        self._user(user_id, first_name, language_code, username)
        content: JSONDict = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            content["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_len(command)}
            ]
        return self.push_update({"message": self._user_message(user_id, **content)})

    def push_callback(
        self, user_id: int, message_id: int, data: str, *, language_code: str = "vi"
    ) -> JSONDict:
        """Queue a callback query pressed on a stored message in the user's chat."""
        message = self._messages.get((user_id, message_id))
        if message is None:
            raise KeyError(f"no message {message_id} in chat {user_id}")
        user = self._user(user_id, language_code=language_code)
        query_id = f"{user_id}{next(self._query_ids):08d}"
        self._pending_queries.add(query_id)
        query = {
            "id": query_id,
            "from": user,
            "message": message,
            "chat_instance": f"-{user_id}77",
            "data": data,
        }
        return self.push_update({"callback_query": query})

    def push_photo(
        self,
        user_id: int,
        data: bytes = b"\xff\xd8\xff\xe0standin-jpeg",
        caption: str | None = None,
    ) -> JSONDict:
        """Queue a photo message; the file is downloadable via getFile."""
        self._user(user_id)
        small = self._register_file(data, "photos", "jpg", mime_type="image/jpeg")
        big = self._register_file(data, "photos", "jpg", mime_type="image/jpeg")
        sizes = [
            {
                "file_id": f.file_id,
                "file_unique_id": f.file_unique_id,
                "width": w,
                "height": h,
                "file_size": len(data),
            }
            for f, w, h in ((small, 90, 67), (big, 1280, 960))
        ]
        content: JSONDict = {"photo": sizes}
        if caption is not None:
            content["caption"] = caption
        return self.push_update({"message": self._user_message(user_id, **content)})

    def push_document(self, user_id: int, data: bytes, file_name: str, mime_type: str) -> JSONDict:
        """Queue a document message; the file is downloadable via getFile."""
        self._user(user_id)
        ext = file_name.rsplit(".", 1)[-1] if "." in file_name else "bin"
        stored = self._register_file(
            data, "documents", ext, file_name=file_name, mime_type=mime_type
        )
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(data),
        }
        return self.push_update({"message": self._user_message(user_id, document=document)})

    def push_location(self, user_id: int, latitude: float, longitude: float) -> JSONDict:
        """Queue a location message."""
        self._user(user_id)
        location = {"latitude": latitude, "longitude": longitude}
        return self.push_update({"message": self._user_message(user_id, location=location)})

    def push_contact(self, user_id: int, phone_number: str, *, own: bool = True) -> JSONDict:
        """Queue a contact message (``contact.user_id == user_id`` when ``own``)."""
        user = self._user(user_id)
        contact: JSONDict = {"phone_number": phone_number, "first_name": user["first_name"]}
        if own:
            contact["user_id"] = user_id
        return self.push_update({"message": self._user_message(user_id, contact=contact)})

    def push_sticker(self, user_id: int) -> JSONDict:
        """Queue a sticker message."""
        self._user(user_id)
        stored = self._register_file(
            b"RIFFstandin-webp", "stickers", "webp", mime_type="image/webp"
        )
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "\U0001f44d",
            "file_size": len(stored.data),
        }
        return self.push_update({"message": self._user_message(user_id, sticker=sticker)})

    def push_voice(self, user_id: int) -> JSONDict:
        """Queue a voice message."""
        self._user(user_id)
        stored = self._register_file(b"OggSstandin-voice", "voice", "oga", mime_type="audio/ogg")
        voice = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": 2,
            "mime_type": "audio/ogg",
            "file_size": len(stored.data),
        }
        return self.push_update({"message": self._user_message(user_id, voice=voice)})

    def push_edited_message(self, user_id: int, message_id: int, text: str) -> JSONDict:
        """Queue an edited_message for a message the user sent earlier."""
        old = self._messages.get((user_id, message_id))
        if old is None:
            raise KeyError(f"no message {message_id} in chat {user_id}")
        edited = {**old, "text": text, "edit_date": int(time.time())}
        edited.pop("entities", None)
        self._messages[(user_id, message_id)] = edited
        return self.push_update({"edited_message": edited})

    def fail_next(
        self,
        method: str,
        *,
        status: int = 500,
        retry_after: int | None = None,
        times: int = 1,
        description: str | None = None,
    ) -> None:
        """Make the next ``times`` calls to ``method`` fail with ``status``."""
        if description is None:
            if status == 429:
                description = f"Too Many Requests: retry after {retry_after or 1}"
            elif status == 400:
                description = "Bad Request: injected failure"
            elif status == 403:
                description = "Forbidden: bot was blocked by the user"
            else:
                description = "Internal Server Error"
        if status == 429 and retry_after is None:
            retry_after = 1
        err = ApiError(status, description, retry_after if status == 429 else None)
        self._failures.setdefault(method.lower(), []).extend([err] * times)

    # ------------------------------------------------------------------ inspection

    def sent(self, chat_id: int | None = None) -> list[JSONDict]:
        """Messages the bot sent (sendMessage/Photo/Document/Location), in order."""
        out = []
        for call in self.calls:
            if call.method in SEND_METHODS and call.ok:
                msg = cast(JSONDict, call.result)
                if chat_id is None or msg["chat"]["id"] == chat_id:
                    out.append(msg)
        return out

    def last_text(self, chat_id: int) -> str:
        """Text (or caption) of the last message the bot sent to ``chat_id``."""
        msgs = self.sent(chat_id)
        if not msgs:
            raise AssertionError(f"bot sent nothing to chat {chat_id}")
        return str(msgs[-1].get("text", msgs[-1].get("caption", "")))

    def calls_to(self, method: str) -> list[Call]:
        """Recorded calls to ``method`` (case-insensitive)."""
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def message(self, chat_id: int, message_id: int) -> JSONDict | None:
        """The stored (current) version of a message, if any."""
        return self._messages.get((chat_id, message_id))

    def commands(self, scope: JSONDict | None = None, language_code: str = "") -> list[JSONDict]:
        """Commands stored via setMyCommands for exactly this scope and language."""
        return list(self._commands.get((self._scope_key(scope), language_code), []))

    @property
    def pending_updates(self) -> int:
        """Number of queued (not yet confirmed) updates."""
        return len(self._queue)

    def _describe(self) -> str:
        lines = [
            f"  {c.method} {c.http_status} {json.dumps(c.params, ensure_ascii=False)[:200]}"
            for c in self.calls[-15:]
        ]
        return "recent calls:\n" + "\n".join(lines)

    async def _wait(self, predicate: Callable[[], bool], limit: float, what: str) -> None:
        try:
            async with asyncio.timeout(limit), self._events_cond:
                await self._events_cond.wait_for(predicate)
        except TimeoutError:
            raise AssertionError(f"timed out waiting for {what}\n{self._describe()}") from None

    async def wait_for_call(
        self,
        method: str,
        predicate: Callable[[Call], bool] | None = None,
        *,
        count: int = 1,
        timeout: float = 10.0,  # noqa: ASYNC109
    ) -> Call:
        """Wait until ``count`` recorded calls to ``method`` match; return the count-th one."""
        found: list[Call] = []

        def ready() -> bool:
            matching = [c for c in self.calls_to(method) if predicate is None or predicate(c)]
            if len(matching) >= count:
                found.append(matching[count - 1])
                return True
            return False

        await self._wait(ready, timeout, f"{count} call(s) to {method}")
        return found[0]

    async def wait_for_message(
        self,
        chat_id: int,
        predicate: Callable[[JSONDict], bool] | None = None,
        *,
        timeout: float = 10.0,  # noqa: ASYNC109
    ) -> JSONDict:
        """Wait for the first sent message to ``chat_id`` matching and not returned before."""
        found: list[JSONDict] = []

        def ready() -> bool:
            for msg in self.sent(chat_id):
                key = (chat_id, int(msg["message_id"]))
                if key not in self._consumed_messages and (predicate is None or predicate(msg)):
                    self._consumed_messages.add(key)
                    found.append(msg)
                    return True
            return False

        await self._wait(ready, timeout, f"a message to chat {chat_id}")
        return found[0]

    async def wait_updates_confirmed(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until every pushed update was returned by getUpdates (handlers may still run)."""
        await self._wait(
            lambda: self._settled_upto >= self._next_update_id - 1,
            timeout,
            "all pushed updates to be fetched",
        )

    async def wait_idle_poll(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until all updates are offset-confirmed and the bot blocks in a long poll.

        PTB hands fetched updates to a queue and polls again at once, so handlers of the
        last batch may still be running: wait for their effects with wait_for_message/call.
        """
        await self._wait(
            lambda: (
                not self._queue
                and self._waiting_polls > 0
                and self._settled_upto >= self._next_update_id - 1
            ),
            timeout,
            "an idle long poll",
        )

    async def wait_no_poll(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until no long poll is held, e.g. once the bot stopped polling or hung up."""
        await self._wait(lambda: not self._polls, timeout, "no long poll to be held")

    # ------------------------------------------------------------------ webhook push

    async def deliver_webhook(self, update: JSONDict) -> int:
        """POST an update to the webhook set via setWebhook and return the HTTP status."""
        if not self.webhook_url:
            raise RuntimeError("no webhook is set")
        headers = {"Content-Type": "application/json"}
        if self.webhook_secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook_secret
        body = json.dumps(update, ensure_ascii=False).encode("utf-8")
        async with httpx.AsyncClient(timeout=10.0) as client:
            response = await client.post(self.webhook_url, content=body, headers=headers)
        return response.status_code

    # ------------------------------------------------------------------ HTTP entry

    async def _api_endpoint(self, request: Request) -> Response:
        """Serves ``/bot<TOKEN>/<method>``."""
        try:
            await request.body()  # the whole body, whatever the answer: the connection stays usable
        except ClientDisconnect:
            return Response(status_code=400)
        token, method = request.path_params["token"], request.path_params["method"]
        answer = await self._handle(_Exchange(request), token, method)
        if answer is None:  # the client went away: nobody reads this
            return Response(status_code=499)
        return _reply(*answer)

    async def _file_endpoint(self, request: Request) -> Response:
        """Serves ``/file/bot<TOKEN>/<file_path>``."""
        if request.path_params["token"] != self.token:
            return JSONResponse(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, 401
            )
        stored = self._files_by_path.get(request.path_params["file_path"])
        if stored is None:
            return JSONResponse({"ok": False, "error_code": 404, "description": "Not Found"}, 404)
        return Response(stored.data, media_type=stored.mime_type or "application/octet-stream")

    async def _handle(
        self, exchange: _Exchange, token: str, method_raw: str
    ) -> tuple[int, JSONDict] | None:
        method = self.spec.by_lower.get(method_raw.lower(), method_raw)
        request = _Request({}, {})
        try:
            if token != self.token:
                raise ApiError(401, "Unauthorized")
            request = await self._parse_request(exchange.request)
            if method_raw.lower() not in self.spec.by_lower:
                raise ApiError(404, "Not Found")
            failures = self._failures.get(method.lower())
            if failures:
                raise failures.pop(0)
            self._decode(method, request)
            if method == "getUpdates":
                result: Any = await self._long_poll(exchange, request.params)
            else:
                result = self._dispatch(method, request.params, request.files)
            status, body = 200, {"ok": True, "result": result}
        except ApiError as err:
            status, body = err.status, err.payload()
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                raise  # this request itself is cancelled, not just its long poll
            if not self._closing or exchange.closed:
                return None
            status, body = 200, {"ok": True, "result": []}
        await self._record(method, request, status, body)
        return status, body

    async def _record(self, method: str, request: _Request, status: int, body: JSONDict) -> None:
        files = {name: (f.filename, f.body) for name, f in request.files.items()}
        types = {name: f.content_type for name, f in request.files.items()}
        self.calls.append(Call(method, request.params, files, status, body, types))
        await self._notify(self._events_cond)

    async def _parse_request(self, req: Request) -> _Request:
        """Query string plus a JSON, form or multipart body.

        A repeated field takes its last value; form and multipart fields come after the query
        string's, and the query string's override a JSON body's.
        """
        args: dict[str, list[str]] = {}
        for key, value in req.query_params.multi_items():
            args.setdefault(key, []).append(value)
        files: Files = {}
        ctype = req.headers.get("Content-Type", "")
        raw = await req.body()
        params: JSONDict = {}
        if raw and ctype.startswith("application/json"):
            try:
                data = json.loads(raw)
            except ValueError:
                raise bad_request("can't parse JSON body") from None
            if not isinstance(data, dict):
                raise bad_request("JSON body must be an object")
            params.update(data)
        elif raw and ctype.startswith("application/x-www-form-urlencoded"):
            # Percent-escapes and raw bytes alike are UTF-8, as the Bot API reads them.
            pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True, encoding="latin-1")
            for key, value in pairs:
                args.setdefault(key, []).append(value.encode("latin-1").decode("utf-8", "replace"))
        elif raw and ctype.startswith("multipart/form-data"):
            try:
                async with req.form(max_part_size=_MAX_BODY) as form:
                    for key, part in form.multi_items():
                        if isinstance(part, UploadFile):
                            if key not in files:
                                files[key] = UploadedFile(
                                    part.filename or "",
                                    await part.read(),
                                    part.content_type or "application/unknown",
                                )
                        else:
                            args.setdefault(key, []).append(part)
            except (HTTPException, MultiPartException):
                raise bad_request("can't parse multipart body") from None
        for key, values in args.items():
            params[key] = values[-1]
        return _Request(params, files)

    # ------------------------------------------------------------------ decoding

    def _decode(self, method: str, request: _Request) -> None:
        fields = self.spec.fields(method)
        params = request.params
        for name in [n for n in request.files if n not in params and n in fields]:
            params[name] = f"attach://{name}"
        for name, value in list(params.items()):
            fdef = fields.get(name)
            if fdef is None:
                if self.strict:
                    raise bad_request(f'unknown parameter "{name}"')
                continue
            params[name] = self._decode_value(name, value, fdef["types"], request)
        if self.strict:
            for name, fdef in fields.items():
                if fdef["required"] and name not in params:
                    raise bad_request(f'parameter "{name}" is required')

    def _decode_value(self, name: str, value: Any, types: list[str], request: _Request) -> Any:
        if isinstance(value, str) and value.startswith("attach://") and "InputFile" in types:
            if value[len("attach://") :] not in request.files and self.strict:
                raise bad_request(f'parameter "{name}": file {value} is not attached')
            return value
        if types == ["InputFile"] and self.strict:
            raise bad_request(f'parameter "{name}" must be a file upload')
        candidates = [t for t in types if t not in ("String", "InputFile")]
        if isinstance(value, str) and candidates:
            if "Boolean" in candidates and value.lower() in ("true", "false"):
                return value.lower() == "true"
            try:
                parsed = json.loads(value)
            except ValueError:
                parsed = None
                if "String" not in types and self.strict:
                    raise bad_request(f'parameter "{name}" must be {" or ".join(types)}') from None
            else:
                err = self.spec.check(parsed, candidates, name)
                if err is None:
                    return parsed
                if "String" not in types:
                    if self.strict:
                        raise bad_request(f'invalid parameter "{name}": {err}')
                    return parsed
            return value
        if not isinstance(value, str):
            err = self.spec.check(value, types, name)
            if err is not None:
                if "String" in types and isinstance(value, int | float):
                    return str(value)
                if self.strict:
                    raise bad_request(f'invalid parameter "{name}": {err}')
        return value

    # ------------------------------------------------------------------ long poll

    def _take_updates(self, offset: int | None, limit: int) -> list[JSONDict]:
        if offset is not None:
            if offset < 0:
                self._queue = self._queue[offset:]
            else:
                self._settled_upto = max(self._settled_upto, offset - 1)
                self._queue = [u for u in self._queue if u["update_id"] >= offset]
        out: list[JSONDict] = []
        keep: list[JSONDict] = []
        for index, update in enumerate(self._queue):
            if len(out) >= limit:
                keep.extend(self._queue[index:])
                break
            # Updates the bot does not want are dropped once a poll passes over them.
            self._settled_upto = max(self._settled_upto, int(update["update_id"]))
            if _update_kind(update) in self._allowed:
                out.append(update)
                keep.append(update)
        self._queue = keep
        return out

    async def _long_poll(self, exchange: _Exchange, params: JSONDict) -> list[JSONDict]:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = params.get("offset")
        limit = min(max(int(params.get("limit", 100)), 1), 100)
        timeout = max(int(params.get("timeout", 0)), 0)
        if "allowed_updates" in params:
            wanted = frozenset(params["allowed_updates"])
            self._allowed = wanted or DEFAULT_ALLOWED
        self._poll_seq += 1
        my_poll = self._poll_seq
        self._active_poll = my_poll
        await self._notify(self._updates_cond)  # supersede an older waiting poll
        exchange.poll_task = asyncio.ensure_future(
            self._poll_loop(my_poll, offset if isinstance(offset, int) else None, limit, timeout)
        )
        watcher = asyncio.ensure_future(self._watch_disconnect(exchange))
        self._polls.add(exchange)
        try:
            return await exchange.poll_task
        finally:
            self._polls.discard(exchange)
            watcher.cancel()
            self._kick(self._events_cond)

    async def _watch_disconnect(self, exchange: _Exchange) -> None:
        """End a held poll when its client hangs up, so it takes no updates for nobody."""
        # The body is read: the next ASGI message is the disconnect (or the end of the reply).
        while (await exchange.request.receive())["type"] != "http.disconnect":
            pass
        exchange.closed = True
        if exchange.poll_task is not None and not exchange.poll_task.done():
            exchange.poll_task.cancel()

    async def _poll_loop(
        self, my_poll: int, offset: int | None, limit: int, hold: int
    ) -> list[JSONDict]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + hold
        async with self._updates_cond:
            while True:
                if self._active_poll != my_poll:
                    raise ApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; make sure that only "
                        "one bot instance is running",
                    )
                if self.webhook_url or self._closing:
                    return []
                updates = self._take_updates(offset, limit)
                offset = None
                if updates:
                    await self._notify(self._events_cond)
                    return updates
                remaining = deadline - loop.time()
                if remaining <= 0:
                    return []
                self._waiting_polls += 1
                await self._notify(self._events_cond)
                try:
                    async with asyncio.timeout(remaining):
                        await self._updates_cond.wait()
                except TimeoutError:
                    return []
                finally:
                    self._waiting_polls -= 1
                    self._kick(self._events_cond)

    # ------------------------------------------------------------------ dispatch

    def _dispatch(self, method: str, params: JSONDict, files: Files) -> Any:
        if self.strict:
            self._check_limits(method, params)
        handler = getattr(self, f"_m_{method}", None)
        if handler is not None:
            return handler(params, files)
        if self.spec.methods[method].get("returns") == ["Boolean"]:
            return True
        raise bad_request("method not supported by the stand-in")

    def _check_limits(self, method: str, params: JSONDict) -> None:
        markup = params.get("reply_markup")
        if isinstance(markup, dict):
            for row in markup.get("inline_keyboard", []):
                for button in row:
                    data = button.get("callback_data")
                    if data is not None and not 1 <= len(data.encode("utf-8")) <= 64:
                        raise bad_request("BUTTON_DATA_INVALID")
                    if not button.get("text"):
                        raise bad_request("text buttons are unallowed in the inline keyboard")
        if method == "answerCallbackQuery" and utf16_len(params.get("text", "")) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        if "commands" in params:
            commands = params["commands"]
            if len(commands) > 100:
                raise bad_request("too many commands")
            for cmd in commands:
                if not _COMMAND_RE.fullmatch(cmd["command"]):
                    raise bad_request("BOT_COMMAND_INVALID")
                if not 1 <= len(cmd["description"].strip()) <= 256:
                    raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        lang = params.get("language_code")
        if method.endswith("MyCommands") and lang and not _LANG_RE.fullmatch(lang):
            raise bad_request("LANGUAGE_CODE_INVALID")

    def _chat(self, params: JSONDict) -> JSONDict:
        chat_id = params.get("chat_id")
        if isinstance(chat_id, str):
            with contextlib.suppress(ValueError):
                chat_id = int(chat_id)
        if isinstance(chat_id, int):
            if chat_id not in self._chats and not self.strict:
                self.add_chat(chat_id)
            if chat_id in self._chats:
                return self._chats[chat_id]
        raise bad_request("chat not found")

    def _format(self, text: str, params: JSONDict, entity_key: str) -> tuple[str, list[JSONDict]]:
        mode = params.get("parse_mode")
        if mode is not None and mode.lower() == "html":
            return parse_html(text)
        if mode is not None and mode.lower() not in ("", "markdown", "markdownv2"):
            raise bad_request(f"unsupported parse_mode {mode!r}")
        return text, list(params.get(entity_key, []))

    def _flood_check(self, chat_id: int) -> None:
        if not self.flood_control:
            return
        now = self.clock()

        def take(
            bucket: tuple[float, float] | None, rate: float, burst: float
        ) -> tuple[tuple[float, float], float]:
            tokens, last = bucket if bucket else (burst, now)
            tokens = min(burst, tokens + (now - last) * rate)
            wait = 0.0 if tokens >= 1 else (1 - tokens) / rate
            return (tokens, now), wait

        chat_bucket, chat_wait = take(self._chat_buckets.get(chat_id), 1.0, 3.0)
        glob_bucket, glob_wait = take(self._global_bucket, 30.0, 30.0)
        wait = max(chat_wait, glob_wait)
        if wait > 0:
            self._chat_buckets[chat_id] = chat_bucket
            self._global_bucket = glob_bucket
            self.flood_refusals += 1
            retry = max(1, math.ceil(wait))
            raise ApiError(429, f"Too Many Requests: retry after {retry}", retry)
        self._chat_buckets[chat_id] = (chat_bucket[0] - 1, now)
        self._global_bucket = (glob_bucket[0] - 1, now)

    def _bot_message(self, chat: JSONDict, params: JSONDict, **content: Any) -> JSONDict:
        self._flood_check(int(chat["id"]))
        msg: JSONDict = {
            "message_id": self._new_message_id(int(chat["id"])),
            "from": dict(self.bot_user),
            "chat": dict(chat),
            "date": int(time.time()),
            **content,
        }
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            msg["reply_markup"] = markup
        key = (int(chat["id"]), int(msg["message_id"]))
        self._messages[key] = msg
        self._bot_messages.add(key)
        return msg

    def _text_content(self, text: str, params: JSONDict) -> JSONDict:
        plain, entities = self._format(text, params, "entities")
        if self.strict:
            if not plain.strip():
                raise bad_request("message text is empty")
            if utf16_len(plain) > 4096:
                raise bad_request("message is too long")
        content: JSONDict = {"text": plain}
        if entities:
            content["entities"] = entities
        return content

    def _caption_content(self, params: JSONDict) -> JSONDict:
        if "caption" not in params:
            return {}
        plain, entities = self._format(params["caption"], params, "caption_entities")
        if self.strict and utf16_len(plain) > 1024:
            raise bad_request("message caption is too long")
        content: JSONDict = {"caption": plain} if plain else {}
        if entities:
            content["caption_entities"] = entities
        return content

    def _input_file(
        self, name: str, params: JSONDict, files: Files, folder: str, ext: str
    ) -> StoredFile:
        value = params.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            part = files.get(value[len("attach://") :])
            if part is None:
                raise bad_request(f"file {value} is not attached")
            file_name = part.filename or f"file.{ext}"
            part_ext = file_name.rsplit(".", 1)[-1] if "." in file_name else ext
            return self._register_file(
                part.body,
                folder,
                part_ext,
                file_name=file_name,
                mime_type=part.content_type or None,
            )
        if isinstance(value, str) and value in self._files:
            return self._files[value]
        if isinstance(value, str) and re.match(r"https?://", value):
            return self._register_file(b"", folder, ext, file_name=value.rsplit("/", 1)[-1])
        raise bad_request("wrong file identifier/HTTP URL specified")

    # ------------------------------------------------------------------ methods

    def _m_getMe(self, params: JSONDict, files: Files) -> JSONDict:
        return dict(self.bot_user)

    def _m_setWebhook(self, params: JSONDict, files: Files) -> bool:
        url = str(params.get("url", ""))
        if url and not re.match(r"https?://", url):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook_url = url
        self.webhook_secret = params.get("secret_token") or None
        if "allowed_updates" in params:
            self._allowed = frozenset(params["allowed_updates"]) or DEFAULT_ALLOWED
        if params.get("drop_pending_updates"):
            self._drop_pending()
        self._kick(self._updates_cond)
        return True

    def _m_deleteWebhook(self, params: JSONDict, files: Files) -> bool:
        self.webhook_url = ""
        self.webhook_secret = None
        if params.get("drop_pending_updates"):
            self._drop_pending()
        return True

    def _drop_pending(self) -> None:
        self._queue.clear()
        self._settled_upto = self._next_update_id - 1
        self._kick(self._events_cond)

    def _m_getWebhookInfo(self, params: JSONDict, files: Files) -> JSONDict:
        info: JSONDict = {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._queue),
        }
        if self.webhook_url:
            info["max_connections"] = 40
            info["allowed_updates"] = sorted(self._allowed)
        return info

    def _m_sendMessage(self, params: JSONDict, files: Files) -> JSONDict:
        chat = self._chat(params)
        return self._bot_message(chat, params, **self._text_content(params["text"], params))

    def _m_sendPhoto(self, params: JSONDict, files: Files) -> JSONDict:
        chat = self._chat(params)
        caption = self._caption_content(params)
        stored = self._input_file("photo", params, files, "photos", "jpg")
        photo = [
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "width": 1280,
                "height": 960,
                "file_size": len(stored.data),
            }
        ]
        return self._bot_message(chat, params, photo=photo, **caption)

    def _m_sendDocument(self, params: JSONDict, files: Files) -> JSONDict:
        chat = self._chat(params)
        caption = self._caption_content(params)
        stored = self._input_file("document", params, files, "documents", "bin")
        document: JSONDict = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
        }
        if stored.file_name:
            document["file_name"] = stored.file_name
        if stored.mime_type:
            document["mime_type"] = stored.mime_type
        return self._bot_message(chat, params, document=document, **caption)

    def _m_sendLocation(self, params: JSONDict, files: Files) -> JSONDict:
        chat = self._chat(params)
        lat, lon = float(params["latitude"]), float(params["longitude"])
        if self.strict and not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise bad_request("wrong latitude or longitude specified")
        return self._bot_message(chat, params, location={"latitude": lat, "longitude": lon})

    def _m_sendChatAction(self, params: JSONDict, files: Files) -> bool:
        self._chat(params)
        if self.strict and params["action"] not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    def _edit_target(self, params: JSONDict) -> tuple[tuple[int, int], JSONDict]:
        if "inline_message_id" in params:
            raise bad_request("message to edit not found")
        if "message_id" not in params:
            raise bad_request("message identifier is not specified")
        chat = self._chat(params)
        key = (int(chat["id"]), int(params["message_id"]))
        msg = self._messages.get(key)
        if msg is None:
            raise bad_request("message to edit not found")
        if key not in self._bot_messages:
            raise bad_request("message can't be edited")
        return key, msg

    def _store_edit(self, key: tuple[int, int], new: JSONDict) -> JSONDict:
        new["edit_date"] = int(time.time())
        self._messages[key] = new
        return dict(new)

    def _m_editMessageText(self, params: JSONDict, files: Files) -> JSONDict:
        key, msg = self._edit_target(params)
        if "text" not in params:
            raise bad_request("text is required")
        content = self._text_content(params["text"], params)
        markup = params.get("reply_markup")
        new = {k: v for k, v in msg.items() if k not in ("text", "entities", "reply_markup")}
        new.update(content)
        if isinstance(markup, dict) and markup.get("inline_keyboard"):
            new["reply_markup"] = markup
        same = all(new.get(k) == msg.get(k) for k in ("text", "entities", "reply_markup"))
        if same:
            raise bad_request(NOT_MODIFIED[len("Bad Request: ") :])
        return self._store_edit(key, new)

    def _m_editMessageReplyMarkup(self, params: JSONDict, files: Files) -> JSONDict:
        key, msg = self._edit_target(params)
        markup = params.get("reply_markup")
        new = {k: v for k, v in msg.items() if k != "reply_markup"}
        if isinstance(markup, dict) and markup.get("inline_keyboard"):
            new["reply_markup"] = markup
        if new.get("reply_markup") == msg.get("reply_markup"):
            raise bad_request(NOT_MODIFIED[len("Bad Request: ") :])
        return self._store_edit(key, new)

    def _m_deleteMessage(self, params: JSONDict, files: Files) -> bool:
        chat = self._chat(params)
        key = (int(chat["id"]), int(params["message_id"]))
        if self._messages.pop(key, None) is None:
            raise bad_request("message to delete not found")
        self._bot_messages.discard(key)
        return True

    def _m_answerCallbackQuery(self, params: JSONDict, files: Files) -> bool:
        query_id = params["callback_query_id"]
        if query_id not in self._pending_queries:
            raise bad_request(QUERY_TOO_OLD[len("Bad Request: ") :])
        self._pending_queries.discard(query_id)
        return True

    def _scope_key(self, scope: Any) -> str:
        if not isinstance(scope, dict):
            scope = {"type": "default"}
        scope = dict(scope)
        if isinstance(scope.get("chat_id"), str):
            with contextlib.suppress(ValueError):
                scope["chat_id"] = int(scope["chat_id"])
        return json.dumps(scope, sort_keys=True)

    def _menu_key(self, params: JSONDict) -> tuple[str, str]:
        scope = params.get("scope")
        if isinstance(scope, dict) and "chat_id" in scope:
            self._chat({"chat_id": scope["chat_id"]})  # "chat not found" before a first /start
        return self._scope_key(scope), str(params.get("language_code", ""))

    def _m_setMyCommands(self, params: JSONDict, files: Files) -> bool:
        key = self._menu_key(params)
        commands = [
            {"command": c["command"], "description": c["description"]} for c in params["commands"]
        ]
        if commands:
            self._commands[key] = commands
        else:
            self._commands.pop(key, None)
        return True

    def _m_getMyCommands(self, params: JSONDict, files: Files) -> list[JSONDict]:
        key = (self._scope_key(params.get("scope")), str(params.get("language_code", "")))
        return list(self._commands.get(key, []))

    def _m_deleteMyCommands(self, params: JSONDict, files: Files) -> bool:
        key = self._menu_key(params)
        self._commands.pop(key, None)
        return True

    def _m_getFile(self, params: JSONDict, files: Files) -> JSONDict:
        stored = self._files.get(params["file_id"])
        if stored is None:
            raise bad_request("invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }
