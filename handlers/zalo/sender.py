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
from bot.domain.texts import t
from bot.domain.zalo import Route, ZaloAccount, ZaloUser, decide
from bot.domain.zalo_staff import HOLD_RECHECK, StaffRoute, ZaloStaffId, parse_key, staff_route
from bot.ports import ZaloStore
from bot.render.plain import render_plain
from bot.render.text import shorten
from handlers.zalo.client import ZaloClient, ZaloError
from handlers.zalo.render import ZaloButtons, ZaloText, is_numbered, render

log = logging.getLogger(__name__)

CHANNEL = "zalo"
UNREACHABLE = f"zalo-{ports.UNREACHABLE}"  # in the reason of a permanent refusal
ZBS_CONTENT_CHARS = 400

# The citizen's phone given with consent (from their latest case), by Zalo user id; an
# official's recorded phone, by their staff key.
PhoneLookup = Callable[[str], Awaitable[str | None]]
# Told when an alert to an official must wait for them to write to the OA again.
OnHold = Callable[[OutgoingMessage], Awaitable[object]]
# The typed command an alert's extra button sends back: any message from the official renews
# the 48 h window, and this one shows them their inbox.
RENEW_PAYLOAD = "/hopthu"
MAX_BUTTONS = 5
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")  # sent as images; other documents as files


class ZaloSender:
    """Delivers outgoing messages to Zalo citizens through their ward's OA."""

    def __init__(
        self,
        client: ZaloClient,
        store: ZaloStore,
        clock: Clock,
        tz: ZoneInfo,
        phone_of: PhoneLookup,
        *,
        staff_phone_of: PhoneLookup | None = None,
        on_hold: OnHold | None = None,
    ) -> None:
        self._client = client
        self._store = store
        self._clock = clock
        self._tz = tz
        self._phone_of = phone_of
        self._staff_phone_of = staff_phone_of
        self._on_hold = on_hold

    async def send(self, message: OutgoingMessage, *, interactive: bool = False) -> str:
        """Send by the rules; returns Zalo's id of the last message sent.

        `interactive`: an immediate answer to what the citizen just wrote — the quiet hours are
        left to Zalo to enforce (-234 then makes it wait for 06:00 like any other message).
        """
        staff = parse_key(message.recipient)  # an official of one OA, else a citizen
        if staff is not None:
            return await self._to_official(staff, message)
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

    async def _to_official(self, staff: ZaloStaffId, message: OutgoingMessage) -> str:
        """An alert to an official (bot.domain.zalo_staff.staff_route): free within 48 h, with a
        button whose tap renews the window; then the ZBS template at their recorded phone; else
        it waits in the outbox for them to write, and the admins are told."""
        account = await self._store.account_by_oa(staff.oa_id)
        if account is None:
            raise ZaloError(
                f"{UNREACHABLE}: the OA {staff.oa_id} is not configured", permanent=True
            )
        user = await self._store.user(staff.user_id, staff.oa_id)
        now = self._clock.now()
        phone = None
        if account.zbs_template_id and self._staff_phone_of is not None:
            phone = await self._staff_phone_of(message.recipient)
        decision = staff_route(
            now, self._tz, user.last_message_at if user else None, has_template=phone is not None
        )
        route = decision.route
        if route is StaffRoute.WAIT:
            assert decision.retry_at is not None
            wait = (decision.retry_at - now).total_seconds()
            raise ZaloError("Zalo quiet hours (22:00-06:00)", permanent=False, retry_after=wait)
        if route is StaffRoute.REPLY and user is not None:
            try:
                return await self._cs(account, user, message, reply_to=user.last_msg_id, renew=True)
            except ZaloError as err:
                if not err.window_closed:
                    raise
                route = StaffRoute.TEMPLATE if phone is not None else StaffRoute.HOLD
        if route is StaffRoute.TEMPLATE and phone is not None and account.zbs_template_id:
            return await self._template(account, phone, account.zbs_template_id, message)
        if self._on_hold is not None:
            await self._on_hold(message)
        raise ZaloError(
            "the official has not written to the OA for 48 h: held until they do",
            permanent=False,
            retry_after=HOLD_RECHECK.total_seconds(),
        )

    async def _cs(
        self,
        account: ZaloAccount,
        user: ZaloUser,
        message: OutgoingMessage,
        *,
        reply_to: str | None,
        renew: bool = False,
    ) -> str:
        choices = [(c.label, c.button.encode()) for c in message.choices]
        renewal = (t(message.lang, "zalo.staff.renew"), RENEW_PAYLOAD)
        if renew and len(choices) < MAX_BUTTONS:
            choices.append(renewal)
        first = 1
        numbered = is_numbered(choices)
        if numbered:  # more than a template holds: typed back as their numbers
            first = await self._store.offer_choices(account.oa_id, user.user_id, choices)
        parts = render(message.text, choices, message.lang, first=first)
        if renew and numbered and isinstance(parts[-1], ZaloText) and parts[-1].text:
            # Numbered choices are no button: the renewal still gets one to tap.
            parts[-1] = ZaloButtons(parts[-1].text, (renewal,))
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
        name = message.document_name or ""
        if message.document_bytes is not None and name.lower().endswith(IMAGE_SUFFIXES):
            last = await self._client.send_photo(  # a digest's chart
                account, user.user_id, name, message.document_bytes, reply_to_msg_id=reply_to
            )
        elif message.document_bytes is not None:
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
