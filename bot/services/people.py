"""Who is talking to the bot: a staff member (with a role) or a citizen."""

from __future__ import annotations

from bot.domain.models import Role, StaffMember
from bot.ports import StaffRepository


async def identify(
    staff: StaffRepository, admin_ids: frozenset[str], user_id: str
) -> StaffMember | None:
    """The staff entry of a user; ids listed in ADMIN_TELEGRAM_IDS are admins from the start."""
    member = await staff.get(user_id)
    if member is not None:
        return member
    if user_id in admin_ids:
        return StaffMember(user_id=user_id, role=Role.ADMIN, unit_id=None)
    return None
