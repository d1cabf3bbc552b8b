"""The HTTP side of a running bot: one in-process uvicorn server for the Zalo webhook, Telegram's
webhook (`cchc-bot run --webhook`) and `GET /healthz`, plus the Zalo sender for the outbox.

`serve_channels` is entered by `bot.app.run_telegram` once the PTB Application is initialised.
The server runs when a Zalo OA is configured (checked at start) or in webhook mode.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import AsyncIterator, Generator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import uvicorn
from starlette.routing import BaseRoute

from bot.config import Settings
from bot.ports import InboxEntrance, Sender
from bot.services.container import Services
from bot.services.inbox import InboxWorkers
from bot.services.outbox import Deliverer
from bot.services.zalo_staff import HeldAlerts
from handlers.telegram.webhook import PATH as TELEGRAM_PATH
from handlers.telegram.webhook import telegram_route
from handlers.zalo.chat import ZaloChat
from handlers.zalo.client import ZaloClient
from handlers.zalo.sender import CHANNEL as ZALO
from handlers.zalo.sender import ZaloSender
from handlers.zalo.webhook import Health, ZaloWebhook, create_app
from storage.db import Database
from storage.feedback import SqliteFeedbackRepository
from storage.outbox import SqliteOutbox
from storage.secrets import SecretBox
from storage.staff import SqliteStaffRepository
from storage.zalo import SqliteZaloRepository

if TYPE_CHECKING:
    from handlers.telegram.context import BotApplication

log = logging.getLogger(__name__)


class _EmbeddedServer(uvicorn.Server):
    """uvicorn inside our process: the CLI owns SIGINT/SIGTERM, not uvicorn."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


@dataclass
class Channels:
    """What the HTTP side adds to the running bot (tests reach the parts through it)."""

    settings: Settings
    app: BotApplication
    senders: dict[str, Sender]
    store: SqliteZaloRepository
    zalo: ZaloWebhook
    client: ZaloClient
    port: int | None = None
    deliverer: Deliverer | None = None
    inbox_wake: asyncio.Event | None = None  # set to make the inbox workers look now
    workers: InboxWorkers | None = None
    _server: _EmbeddedServer | None = None
    _serving: asyncio.Task[None] | None = None
    _socket: socket.socket | None = None
    _closed: bool = field(default=False)

    @property
    def base_url(self) -> str:
        """Where the server listens (http://host:port)."""
        return f"http://{self.settings.http_host}:{self.port}"

    async def set_telegram_webhook(self, allowed_updates: Sequence[str]) -> None:
        """Point Telegram at our webhook, with the secret it must echo."""
        url, secret = self.settings.webhook_url, self.settings.webhook_secret
        if not url or secret is None:
            raise ValueError("webhook mode needs WEBHOOK_URL and WEBHOOK_SECRET")
        await self.app.bot.set_webhook(
            url=url.rstrip("/") + TELEGRAM_PATH,
            secret_token=secret.get_secret_value(),
            allowed_updates=list(allowed_updates),
        )

    async def close(self) -> None:
        """Stop taking requests, finish the Zalo events in progress, close the client."""
        if self._closed:
            return
        self._closed = True
        if self._server is not None and self._serving is not None:
            self._server.should_exit = True
            await self._serving
        if self._socket is not None:
            self._socket.close()
        await self.zalo.drain()
        await self.client.aclose()


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket bound before the server starts: the port is known at once and a
    request arriving early waits in the backlog."""
    sock = socket.create_server((host, port))
    sock.setblocking(False)
    return sock


@asynccontextmanager
async def serve_channels(
    settings: Settings,
    db: Database,
    services: Services,
    app: BotApplication,
    inbox: InboxEntrance,
    inbox_wake: asyncio.Event,
    *,
    webhook: bool = False,
) -> AsyncIterator[Channels]:
    """The Zalo sender always; the HTTP server when an OA is configured or in webhook mode.
    Both webhooks store what they are sent through `inbox` (the inbox door: stored, then
    offered to the workers) before answering; `inbox_wake` makes the workers read the inbox."""
    store = SqliteZaloRepository(db, secret_box(settings))
    sealed = await store.seal_plaintext()
    if sealed:
        log.info("Zalo secrets of %d OA(s) encrypted with SECRET_KEY", sealed)
    if settings.secret_key is None and await store.accounts():
        log.warning(
            "SECRET_KEY is not set: Zalo secrets stay in plaintext and refreshed tokens cannot"
            " be stored; make a key with `cchc-bot zalo keygen`"
        )
    cases = SqliteFeedbackRepository(db)
    clock = services.clock
    client = ZaloClient(
        store,
        clock,
        settings.tz,
        api_base_url=settings.zalo_api_base_url,
        oauth_base_url=settings.zalo_oauth_base_url,
        zbs_base_url=settings.zalo_zbs_base_url,
    )

    async def phone_of(user_id: str) -> str | None:
        """The phone the citizen gave with consent on their latest case that has one."""
        for case in await cases.for_citizen(ZALO, user_id):
            if case.phone:
                return case.phone
        return None

    staff = SqliteStaffRepository(db)
    held = HeldAlerts(
        services.outbox, staff, services.admin_ids, clock, settings.tz, services.outbox_wake.set
    )
    sender = ZaloSender(
        client,
        store,
        clock,
        settings.tz,
        phone_of,
        staff_phone_of=staff.phone_of,
        on_hold=held.held,
    )
    outbox = SqliteOutbox(db)

    async def official_wrote(key: str) -> None:
        """The 48 h window is open again: the official's held alerts go now."""
        if await outbox.release(ZALO, key, clock.now()):
            services.outbox_wake.set()

    chat = ZaloChat(
        services.router,
        store,
        sender,
        services.outbox,
        clock,
        services.outbox_wake,
        on_official=official_wrote,
    )
    channels = Channels(
        settings=settings,
        app=app,
        senders={ZALO: sender},
        store=store,
        zalo=ZaloWebhook(store, chat, clock, inbox),
        client=client,
        inbox_wake=inbox_wake,
    )
    accounts = await store.accounts()
    routes: list[BaseRoute] = [channels.zalo.route()]
    if webhook:
        secret = settings.webhook_secret
        if secret is None or not settings.webhook_url:
            raise ValueError("webhook mode needs WEBHOOK_URL and WEBHOOK_SECRET")
        routes.append(telegram_route(app, secret.get_secret_value(), inbox, clock))
    try:
        if accounts or webhook:
            health = _health(db, app, store, services, webhook=webhook)
            config = uvicorn.Config(
                create_app(routes, health, settings.healthz_token),
                lifespan="off",
                log_level="warning",
                access_log=False,
            )
            channels._socket = _listen(settings.http_host, settings.http_port)
            channels.port = int(channels._socket.getsockname()[1])
            channels._server = _EmbeddedServer(config)
            channels._serving = asyncio.create_task(
                channels._server.serve(sockets=[channels._socket]), name="http-server"
            )
            log.info(
                "HTTP server on %s:%s (Zalo OAs: %d, Telegram webhook: %s)",
                settings.http_host,
                channels.port,
                len(accounts),
                "on" if webhook else "off",
            )
        yield channels
    finally:
        await channels.close()


def _health(
    db: Database,
    app: BotApplication,
    store: SqliteZaloRepository,
    services: Services,
    *,
    webhook: bool,
) -> Health:
    async def health() -> tuple[bool, dict[str, Any]]:
        details: dict[str, Any] = {}
        ok = True
        try:
            await db.fetchone("SELECT 1")
            details["database"] = "ok"
        except Exception as err:  # reported, not raised: /healthz must answer
            ok = False
            details["database"] = f"error: {type(err).__name__}"
        details["telegram"] = {
            "running": app.running,
            "username": app.bot.username if app.running else None,
            "mode": "webhook" if webhook else "polling",
        }
        now = services.clock.now()
        units = {u.id: u.slug for u in await services.units.all()}
        zalo = []
        for account in await store.accounts():
            expires = account.access_expires_at
            token = "unknown" if expires is None else ("valid" if expires > now else "expired")
            ward = units.get(account.unit_id, str(account.unit_id))
            zalo.append({"oa_id": account.oa_id, "ward": ward, "token": token})
        details["zalo"] = zalo
        return ok, details

    return health


def secret_box(settings: Settings) -> SecretBox | None:
    """The box sealing Zalo secrets, when SECRET_KEY is set."""
    key = settings.secret_key
    return SecretBox(key.get_secret_value()) if key is not None else None
