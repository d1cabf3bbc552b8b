"""The Zalo `Sender` for the outbox, keeping the 2026 sending rules (bot.domain.zalo.decide).

A message goes as a free reply (≤ 48 h after the citizen's last message), as a charged
message (48 h–7 d, if the ward allows), as the ward's ZBS template (to the phone the citizen
gave with consent), or is refused with `UNREACHABLE` in its reason so the outbox marks it
undeliverable and the staff are told. Between 22:00 and 06:00 it waits for 06:00.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo

from bot import ports
from bot.clock import Clock
from bot.domain.messages import OutgoingMessage
from bot.domain.zalo import Route, ZaloAccount, ZaloUser, decide
from bot.domain.zalo_staff import parse_key
from bot.ports import ZaloStore
from bot.render.plain import render_plain
from bot.render.text import shorten
from handlers.zalo.client import ZaloClient, ZaloError
from handlers.zalo.render import ZaloButtons, ZaloText, render

log = logging.getLogger(__name__)

CHANNEL = "zalo"
UNREACHABLE = f"zalo-{ports.UNREACHABLE}"  # in the reason of a permanent refusal
ZBS_CONTENT_CHARS = 400

# The citizen's phone given with consent (from their latest case), by Zalo user id.
PhoneLookup = Callable[[str], Awaitable[str | None]]


class ZaloSender:
    """Delivers outgoing messages to Zalo citizens through their ward's OA."""

    def __init__(
        self,
        client: ZaloClient,
        store: ZaloStore,
        clock: Clock,
        tz: ZoneInfo,
        phone_of: PhoneLookup,
    ) -> None:
        self._client = client
        self._store = store
        self._clock = clock
        self._tz = tz
        self._phone_of = phone_of

    async def send(self, message: OutgoingMessage, *, interactive: bool = False) -> str:
        """Send by the rules; returns Zalo's id of the last message sent.

        `interactive`: an immediate answer to what the citizen just wrote — the quiet hours are
        left to Zalo to enforce (-234 then makes it wait for 06:00 like any other message).
        """
        staff = parse_key(message.recipient)  # an official of one OA, else a citizen
        if staff is not None:
            user = await self._store.user(staff.user_id, staff.oa_id)
        else:
            user = await self._store.user(message.recipient)
        account = await self._store.account_by_oa(user.oa_id) if user is not None else None
        if user is None or account is None:
            raise ZaloError(f"{UNREACHABLE}: no OA knows this citizen", permanent=True)
        now = self._clock.now()
        phone = await self._phone_of(user.user_id) if account.zbs_template_id else None
        decision = decide(
            now,
            self._tz,
            user.last_message_at,
            allow_charged=account.allow_charged,
            has_template=phone is not None,
        )
        route = decision.route
        if route is Route.WAIT and interactive:
            route = Route.REPLY
        if route is Route.WAIT:
            assert decision.retry_at is not None
            wait = (decision.retry_at - now).total_seconds()
            raise ZaloError("Zalo quiet hours (22:00-06:00)", permanent=False, retry_after=wait)
        try:
            if route is Route.REPLY:
                return await self._cs(account, user, message, reply_to=user.last_msg_id)
            if route is Route.CHARGED:
                return await self._cs(account, user, message, reply_to=None)
        except ZaloError as err:
            if not err.window_closed:
                raise
            log.info("Zalo OA %s: window closed for %s (%s)", account.oa_id, user.user_id, err)
            route = Route.TEMPLATE if phone is not None else Route.UNREACHABLE
        if route is Route.TEMPLATE and phone is not None and account.zbs_template_id:
            return await self._template(account, phone, account.zbs_template_id, message)
        raise ZaloError(
            f"{UNREACHABLE}: the citizen has not written to the OA for too long",
            permanent=True,
        )

    async def _cs(
        self,
        account: ZaloAccount,
        user: ZaloUser,
        message: OutgoingMessage,
        *,
        reply_to: str | None,
    ) -> str:
        choices = [(c.label, c.button.encode()) for c in message.choices]
        parts = render(message.text, choices, message.lang)
        last = ""
        for part in parts:
            if isinstance(part, ZaloButtons):
                last = await self._client.send_buttons(
                    account, user.user_id, part.text, part.buttons, reply_to_msg_id=reply_to
                )
            elif isinstance(part, ZaloText) and part.text:
                last = await self._client.send_text(
                    account, user.user_id, part.text, reply_to_msg_id=reply_to
                )
        if message.document_bytes is not None:
            last = await self._client.send_file(
                account,
                user.user_id,
                message.document_name or "document.pdf",
                message.document_bytes,
                reply_to_msg_id=reply_to,
            )
        return last

    async def _template(
        self, account: ZaloAccount, phone: str, template_id: str, message: OutgoingMessage
    ) -> str:
        content = shorten(render_plain(message.text, message.lang).strip(), ZBS_CONTENT_CHARS)
        tracking = hashlib.sha256(f"{message.recipient}\n{content}".encode()).hexdigest()[:32]
        return await self._client.send_template(
            account, phone, template_id, {"content": content}, tracking
        )
