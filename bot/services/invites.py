"""Staff invitations: the CLI issues a one-time code; whoever sends it in a chat (the ward's OA or
the Telegram bot) becomes that staff member on that channel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.clock import Clock
from bot.domain.chat import Who
from bot.domain.invites import INVITE_VALID, invite_hash, make_invite
from bot.domain.messages import Reply, Text, Value
from bot.domain.models import Role
from bot.ports import InviteStore, StaffRepository, UnitRepository


class InviteService:
    """Issues and takes one-time staff invitations."""

    def __init__(
        self,
        store: InviteStore,
        staff: StaffRepository,
        units: UnitRepository,
        clock: Clock,
        random_bytes: Callable[[int], bytes],
    ) -> None:
        self._store = store
        self._staff = staff
        self._units = units
        self._clock = clock
        self._random = random_bytes

    async def issue(
        self, role: Role, unit_id: int | None, name: str | None
    ) -> tuple[str, datetime]:
        """A new code for the role and unit, and until when it is good."""
        code = make_invite(self._random(16))
        now = self._clock.now()
        expires = now + INVITE_VALID
        await self._store.create(invite_hash(code), role, unit_id, name, now, expires)
        return code, expires

    async def use(self, who: Who, code: str) -> Reply:
        """The person sent a code: they become the staff member it was issued for."""
        key = who.staff_key or who.user_id
        taken = await self._store.use(invite_hash(code), self._clock.now(), f"{who.channel}:{key}")
        if taken is None:
            return Reply("invite.invalid")
        role, unit_id, name = taken
        await self._staff.add(key, role, unit_id, name, channel=who.channel)
        unit = await self._units.by_id(unit_id) if unit_id is not None else None
        values: dict[str, Value] = {
            "role": Text(f"role.{role.value}"),
            "unit": Text("role.unit", {"unit": unit.name}) if unit else "",
        }
        return Reply("invite.welcome", values)
