"""`cchc-bot staff add|list|remove`: who is an official, with which role, for which unit."""

from __future__ import annotations

import argparse
import re
from collections.abc import Mapping
from typing import Any

from bot.cli.base import CommandGroup, Handler
from bot.domain.models import Role
from storage.staff import SqliteStaffRepository
from storage.units import SqliteUnitRepository


class StaffCommands(CommandGroup):
    """The `staff` actions."""

    name = "staff"

    @classmethod
    def add_parser(cls, subparsers: Any) -> None:
        staff = subparsers.add_parser("staff", help="cán bộ và quyền").add_subparsers(
            dest="action", required=True
        )
        add = staff.add_parser("add", help="cấp quyền")
        add.add_argument("telegram_id")
        add.add_argument("--role", required=True, choices=[r.value for r in Role])
        add.add_argument("--ward")
        add.add_argument("--name")
        staff.add_parser("list", help="liệt kê cán bộ")
        remove = staff.add_parser("remove", help="thu hồi quyền")
        remove.add_argument("telegram_id")

    def actions(self) -> Mapping[str | None, Handler]:
        return {"add": self.add, "list": self.list, "remove": self.remove}

    async def add(self, args: argparse.Namespace) -> int:
        """`staff add TELEGRAM_ID --role ROLE [--ward SLUG] [--name NAME]`."""
        if not re.fullmatch(r"-?\d+", args.telegram_id):
            return self.fail("cli.staff_bad_id", value=args.telegram_id)
        role = Role(args.role)
        if role is not Role.ADMIN and not args.ward:
            return self.fail("cli.staff_needs_ward", role=role.value)
        async with self.database() as db:
            unit_id = None
            unit_text = ""
            if args.ward:
                unit = await SqliteUnitRepository(db).by_slug(args.ward)
                if unit is None:
                    return self.fail("cli.ward_unknown", slug=args.ward)
                unit_id = unit.id
                unit_text = f" — {unit.name}"
            await SqliteStaffRepository(db).add(args.telegram_id, role, unit_id, args.name)
        self.say("cli.staff_added", role=role.value, user_id=args.telegram_id, unit=unit_text)
        return 0

    async def list(self, args: argparse.Namespace) -> int:
        """`staff list`: id, role, unit, name."""
        async with self.database(create=False) as db:
            members = await SqliteStaffRepository(db).all()
            units = {u.id: u for u in await SqliteUnitRepository(db).all()}
        if not members:
            self.say("cli.staff_list_empty")
        for m in members:
            unit = units[m.unit_id].slug if m.unit_id in units else ""
            self.line("\t".join([m.user_id, m.role.value, unit, m.name or ""]).rstrip())
        return 0

    async def remove(self, args: argparse.Namespace) -> int:
        """`staff remove TELEGRAM_ID`."""
        async with self.database() as db:
            removed = await SqliteStaffRepository(db).remove(args.telegram_id)
        if not removed:
            return self.fail("cli.staff_not_found", user_id=args.telegram_id)
        self.say("cli.staff_removed", user_id=args.telegram_id)
        return 0
