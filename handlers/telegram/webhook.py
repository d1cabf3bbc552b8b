"""Telegram's webhook as a Starlette route (PTB with `updater=None`; tech-brief §1.4).

An update is stored in the inbox before Telegram gets its 200: a crash after the answer loses
nothing, and one before it means Telegram sends the update again (the ledger skips it if it was
handled). The body is bounded and checked before it is parsed (handlers.web).
"""

from __future__ import annotations

import hmac
import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from telegram import Update

from bot.clock import Clock
from bot.ports import InboxEntrance
from handlers.telegram.context import BotApplication
from handlers.telegram.updates import bot_key, inbound
from handlers.web import BadBody, is_json, json_object, read_body

log = logging.getLogger(__name__)

PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def telegram_route(app: BotApplication, secret: str, inbox: InboxEntrance, clock: Clock) -> Route:
    """`POST /telegram/webhook`: the right secret header (403), a JSON body of at most 1 MB
    (413, 415, 400); stored, then 200."""

    async def endpoint(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
            return JSONResponse({"error": "forbidden"}, status_code=403)
        if not is_json(request):
            return JSONResponse({"error": "Content-Type must be application/json"}, 415)
        try:
            data = json_object(await read_body(request))
        except BadBody as err:
            return err.response()
        try:
            update = Update.de_json(data, app.bot)
        except (ValueError, TypeError, KeyError, AttributeError) as err:
            log.warning("Telegram webhook: bad update (%s)", type(err).__name__)
            return JSONResponse({"error": "bad update"}, status_code=400)
        if update is None or not isinstance(data.get("update_id"), int):
            return JSONResponse({"error": "bad update"}, status_code=400)
        try:
            await inbox.store([inbound(update, bot_key(app.bot), data)], clock.now())
        except Exception:
            # Not stored: Telegram must send it again.
            log.exception("Telegram webhook: update %s could not be stored", update.update_id)
            return JSONResponse({"error": "busy"}, status_code=503)
        return JSONResponse({"ok": True})

    return Route(PATH, endpoint, methods=["POST"])
