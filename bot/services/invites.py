"""Staff invitations: the CLI issues a one-time code; whoever sends it in a chat (the ward's OA or
the Telegram bot) becomes that staff member on that channel — or, for a code issued to link a
second channel, the same person there. Each person chooses which channel their alerts go to,
and may record their own phone for the ward's ZBS template."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.clock import Clock
from bot.domain.chat import Who
from bot.domain.invites import INVITE_VALID, invite_hash, make_invite
from bot.domain.messages import Reply, Text, Value
from bot.domain.models import Role, StaffMember
from bot.domain.privacy import normalize_vn_phone
from bot.domain.wards import fold
from bot.ports import InviteStore, StaffLinks, StaffRepository, UnitRepository

CHANNELS = ("telegram", "zalo")
_BOTH = frozenset({"ca hai", "both", "tat ca", "all"})
_FORGET = frozenset({"xoa", "bo", "delete", "remove", "none"})


class InviteService:
    """Issues and takes one-time staff invitations."""

    def __init__(
        self,
        store: InviteStore,
        staff: StaffRepository,
        units: UnitRepository,
        clock: Clock,
        random_bytes: Callable[[int], bytes],
        links: StaffLinks,
    ) -> None:
        self._store = store
        self._staff = staff
        self._links = links
        self._units = units
        self._clock = clock
        self._random = random_bytes

    async def issue(
        self,
        role: Role,
        unit_id: int | None,
        name: str | None,
        link_to: StaffMember | None = None,
    ) -> tuple[str, datetime]:
        """A new code for the role and unit (or to link a channel to `link_to`), and until when
        it is good."""
        code = make_invite(self._random(16))
        now = self._clock.now()
        expires = now + INVITE_VALID
        if link_to is not None:
            role, unit_id, name = link_to.role, link_to.unit_id, link_to.name
        linked = link_to.user_id if link_to else None
        await self._store.create(invite_hash(code), role, unit_id, name, now, expires, linked)
        return code, expires

    async def use(self, who: Who, code: str) -> Reply:
        """The person sent a code: they become the staff member it was issued for."""
        key = who.staff_key or who.user_id
        taken = await self._store.use(invite_hash(code), self._clock.now(), f"{who.channel}:{key}")
        if taken is None:
            return Reply("invite.invalid")
        role, unit_id, name, link_to = taken
        await self._staff.add(key, role, unit_id, name, channel=who.channel)
        if link_to is not None and link_to != key:
            await self._links.link(key, link_to)
        unit = await self._units.by_id(unit_id) if unit_id is not None else None
        values: dict[str, Value] = {
            "role": Text(f"role.{role.value}"),
            "unit": Text("role.unit", {"unit": unit.name}) if unit else "",
        }
        return Reply("invite.welcome", values)

    async def choose_alerts(self, member: StaffMember, args: str) -> Reply:
        """`/thongbao zalo|telegram|cả hai`: where the person's alerts go."""
        word = fold(args.strip())
        if word in CHANNELS:
            channel: str | None = word
        elif word in _BOTH:
            channel = None
        else:
            return Reply("alerts.usage")
        channels = await self._links.choose_alerts(member.user_id, channel)
        if channel is not None and channel not in channels:
            await self._links.choose_alerts(member.user_id, None)  # keep them reachable
            return Reply("alerts.not_linked", {"channel": Text(f"inbox.channel.{channel}")})
        where: Value = Text(f"inbox.channel.{channel}") if channel else Text("alerts.everywhere")
        return Reply("alerts.set", {"where": where})

    async def record_phone(self, member: StaffMember, args: str) -> Reply:
        """`/sodienthoai [SỐ | xóa]`: the phone at which the ward's ZBS template reaches the
        official once they have not written to the OA for 48 h (without one, alerts wait)."""
        typed = args.strip()
        if not typed:
            phone = await self._links.phone_of(member.user_id)
            shown: Text = Text("phone.current", {"phone": phone}) if phone else Text("phone.none")
            return Reply.of_lines([shown, Text("phone.usage")])
        if fold(typed) in _FORGET:
            await self._links.set_person_phone(member.user_id, None)
            return Reply("phone.cleared")
        phone = normalize_vn_phone(typed)
        if phone is None:
            return Reply("phone.bad", {"value": typed[:40]})
        await self._links.set_person_phone(member.user_id, phone)
        return Reply("phone.set", {"phone": phone})
