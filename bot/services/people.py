"""Who is talking to the bot: a staff member (with a role) or a citizen."""

from __future__ import annotations

from bot.domain.models import Role, StaffMember
from bot.ports import StaffRepository

ADMIN_CHANNEL = "telegram"  # ADMIN_TELEGRAM_IDS are Telegram user ids


async def identify(
    staff: StaffRepository, admin_ids: frozenset[str], user_id: str, channel: str = ADMIN_CHANNEL
) -> StaffMember | None:
    """The staff entry of a user on a channel (an id on another channel is someone else);
    ids listed in ADMIN_TELEGRAM_IDS are admins on Telegram from the start."""
    member = await staff.get(user_id)
    if member is not None and member.channel == channel:
        return member
    if channel == ADMIN_CHANNEL and user_id in admin_ids:
        return StaffMember(user_id=user_id, role=Role.ADMIN, unit_id=None)
    return None
