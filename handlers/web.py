"""What every webhook does with a request body before trusting it: read at most a limit, and
parse JSON of bounded depth into an object.

The ASGI stream is read chunk by chunk with a running count: a body over the limit is refused
(413) as soon as the count passes it, and a `Content-Length` over it before anything is read,
so an unauthenticated sender cannot make the bot hold more than the limit.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

MAX_BODY = 1024 * 1024  # bytes: Telegram updates and Zalo events are a few kilobytes
MAX_DEPTH = 32  # nesting of JSON objects and arrays


class BadBody(Exception):
    """A body refused before any handler saw it; `status` is the HTTP answer."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason

    def response(self) -> Response:
        """The JSON error answer (no traceback, no echo of the body)."""
        return JSONResponse({"error": self.reason}, status_code=self.status)


async def read_body(request: Request, limit: int = MAX_BODY) -> bytes:
    """The raw body, at most `limit` bytes, or BadBody(413) without reading further."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError:
            raise BadBody(400, "bad Content-Length") from None
        if size > limit:
            raise BadBody(413, "body too large")
    chunks: list[bytes] = []
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit:
            raise BadBody(413, "body too large")
        chunks.append(chunk)
    return b"".join(chunks)


def is_json(request: Request) -> bool:
    """`application/json`, with or without parameters such as a charset."""
    value = request.headers.get("content-type", "")
    return value.split(";", 1)[0].strip().lower() == "application/json"


def depth_ok(value: object, max_depth: int = MAX_DEPTH) -> bool:
    """Whether parsed JSON nests objects and arrays at most `max_depth` deep (iteratively)."""
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: list[object] = list(node.values())
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > max_depth:
            return False
        stack.extend((child, depth + 1) for child in children)
    return True


def json_object(raw: bytes, max_depth: int = MAX_DEPTH) -> dict[str, Any]:
    """The body as a JSON object, or BadBody(400): not UTF-8 JSON, too deep, not an object."""
    try:
        value = json.loads(raw)
    except RecursionError:  # nested beyond the parser's own limit
        raise BadBody(400, "JSON nested too deeply") from None
    except ValueError:
        raise BadBody(400, "body is not JSON") from None
    if not depth_ok(value, max_depth):
        raise BadBody(400, "JSON nested too deeply")
    if not isinstance(value, dict):
        raise BadBody(400, "body is not a JSON object")
    return value
