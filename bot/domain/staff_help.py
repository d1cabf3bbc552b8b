"""The help an official reads on a channel without a command menu (Zalo): the typed commands their
role may use, one line each (pure). Roles follow the services' scopes: an officer or a leader
works the ward's inbox and writes apology letters; a supervisor sees the wards below and may only
transfer a case; an admin may do everything."""

from __future__ import annotations

from collections.abc import Mapping

from bot.domain.messages import Reply, Text
from bot.domain.models import Role

_WARD = (
    "inbox",
    "apology",
    "desk",
    "stats",
    "report",
    "subscribe",
    "alerts",
    "phone",
    "block",
    "common",
)
LINES: Mapping[Role, tuple[str, ...]] = {
    Role.OFFICER: _WARD,
    Role.LEADER: _WARD,
    Role.SUPERVISOR: (
        "inbox_transfer",
        "stats",
        "report",
        "subscribe",
        "alerts",
        "phone",
        "common",
    ),
    Role.ADMIN: _WARD,
}


def typed_help(role: Role) -> Reply:
    """The typed commands of a role, under a heading naming the role."""
    head = Text("zalo.help.staff.head", {"role": Text(f"role.{role.value}")})
    return Reply.of_lines([head, *(Text(f"zalo.help.staff.{line}") for line in LINES[role])])
