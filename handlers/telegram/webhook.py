"""Telegram's webhook as a Starlette route (PTB built with `updater=None`)."""

from __future__ import annotations

import hmac
import json
import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from telegram import Update

from handlers.telegram.context import BotApplication

log = logging.getLogger(__name__)

PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def telegram_route(app: BotApplication, secret: str) -> Route:
    """`POST /telegram/webhook`: the right secret header and JSON, or 403; then queue it."""

    async def endpoint(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
            return JSONResponse({"error": "forbidden"}, status_code=403)
        if request.headers.get("content-type", "") != "application/json":
            return JSONResponse({"error": "Content-Type must be application/json"}, 403)
        try:
            data = json.loads(await request.body())
            update = Update.de_json(data, app.bot)
        except (ValueError, TypeError, KeyError) as err:
            log.warning("Telegram webhook: bad update (%s)", err)
            return JSONResponse({"error": "bad update"}, status_code=400)
        if update is None:
            return JSONResponse({"error": "bad update"}, status_code=400)
        await app.update_queue.put(update)
        return JSONResponse({"ok": True})

    return Route(PATH, endpoint, methods=["POST"])
