"""`cchc-bot staff add|list|remove`: who is an official, with which role, for which unit, on which
channel. A Zalo official is known by the OA they write to (bot.domain.zalo_staff)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Mapping
from secrets import token_bytes
from typing import Any

from bot.cli.base import CommandFailed, CommandGroup, Handler
from bot.domain.fmt import moment
from bot.domain.models import Role
from bot.domain.privacy import normalize_vn_phone
from bot.domain.zalo_staff import ZaloStaffId, parse_key
from bot.services.invites import InviteService
from storage.db import Database
from storage.invites import SqliteInviteStore
from storage.secrets import SecretBox
from storage.staff import SqliteStaffRepository
from storage.units import SqliteUnitRepository
from storage.zalo import SqliteZaloRepository

CHANNELS = ("telegram", "zalo")
_TELEGRAM_ID = re.compile(r"-?\d+")
_ZALO_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


class StaffCommands(CommandGroup):
    """The `staff` actions."""

    name = "staff"

    @classmethod
    def add_parser(cls, subparsers: Any) -> None:
        staff = subparsers.add_parser("staff", help="cán bộ và quyền").add_subparsers(
            dest="action", required=True
        )
        add = staff.add_parser("add", help="cấp quyền")
        add.add_argument("user_id", metavar="ID", help="id Telegram, hoặc id Zalo do OA thấy")
        add.add_argument("--channel", choices=CHANNELS, default="telegram")
        add.add_argument("--role", required=True, choices=[r.value for r in Role])
        add.add_argument("--ward")
        add.add_argument("--oa", help="OA (đơn vị hoặc oa_id) mà cán bộ Zalo nhắn tới")
        add.add_argument("--name")
        add.add_argument("--phone", help="số điện thoại cho tin mẫu ZBS khi quá 48 giờ")
        invite = staff.add_parser("invite", help="mã mời dùng một lần")
        invite.add_argument("--role", choices=[r.value for r in Role])
        invite.add_argument("--ward")
        invite.add_argument("--name")
        invite.add_argument("--link", help="id (hoặc khóa OA/id) của cán bộ cần thêm kênh thứ hai")
        staff.add_parser("list", help="liệt kê cán bộ")
        remove = staff.add_parser("remove", help="thu hồi quyền")
        remove.add_argument("user_id", metavar="ID")
        remove.add_argument("--channel", choices=CHANNELS, default="telegram")
        remove.add_argument("--ward")
        remove.add_argument("--oa")

    def actions(self) -> Mapping[str | None, Handler]:
        return {"add": self.add, "invite": self.invite, "list": self.list, "remove": self.remove}

    async def add(self, args: argparse.Namespace) -> int:
        """`staff add ID [--channel zalo] --role ROLE [--ward SLUG] [--oa WARD_OR_OA_ID]`."""
        zalo = args.channel == "zalo"
        if not (_ZALO_ID if zalo else _TELEGRAM_ID).fullmatch(args.user_id):
            return self.fail(
                "cli.staff_bad_zalo_id" if zalo else "cli.staff_bad_id", value=args.user_id
            )
        role = Role(args.role)
        phone = normalize_vn_phone(args.phone) if args.phone else None
        if args.phone and phone is None:
            return self.fail("cli.staff_bad_phone", value=args.phone)
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
            key = args.user_id
            if zalo:
                oa_id = await _oa_of(db, args.oa or args.ward, self._box())
                key = ZaloStaffId(oa_id, args.user_id).key
            repository = SqliteStaffRepository(db, channel=args.channel)
            await repository.add(key, role, unit_id, args.name)
            if phone is not None:
                await repository.set_phone(key, phone)
        self.say("cli.staff_added", role=role.value, user_id=key, unit=unit_text)
        return 0

    async def invite(self, args: argparse.Namespace) -> int:
        """`staff invite --role ROLE [--ward SLUG] [--name NAME]`: print a one-time code."""
        role = Role(args.role) if args.role else Role.OFFICER
        if not args.link and not args.role:
            return self.fail("cli.staff_invite_needs_role")
        if not args.link and role is not Role.ADMIN and not args.ward:
            return self.fail("cli.staff_needs_ward", role=role.value)
        async with self.database() as db:
            staff = SqliteStaffRepository(db)
            link_to = await staff.get(args.link) if args.link else None
            if args.link and link_to is None:
                return self.fail("cli.staff_not_found", user_id=args.link)
            if link_to is not None:
                role = link_to.role
            units = SqliteUnitRepository(db)
            unit = await units.by_slug(args.ward) if args.ward else None
            if args.ward and unit is None:
                return self.fail("cli.ward_unknown", slug=args.ward)
            if link_to is not None and link_to.unit_id is not None:
                unit = await units.by_id(link_to.unit_id)
            service = InviteService(
                SqliteInviteStore(db), staff, units, self.clock, token_bytes, links=staff
            )
            code, until = await service.issue(
                role, unit.id if unit else None, args.name, link_to=link_to
            )
        self.say(
            "cli.staff_invited",
            role=role.value,
            unit=f" — {unit.name}" if unit else "",
            code=code,
            until=moment(until, self.settings.tz, self.lang),
        )
        return 0

    async def list(self, args: argparse.Namespace) -> int:
        """`staff list`: id, role, unit, name, channel, OA."""
        async with self.database(create=False) as db:
            members = await SqliteStaffRepository(db).all()
            units = {u.id: u for u in await SqliteUnitRepository(db).all()}
        if not members:
            self.say("cli.staff_list_empty")
        for m in members:
            unit = units[m.unit_id].slug if m.unit_id in units else ""
            zalo = parse_key(m.user_id) if m.channel == "zalo" else None
            shown, oa = (zalo.user_id, zalo.oa_id) if zalo else (m.user_id, "")
            self.line("\t".join([shown, m.role.value, unit, m.name or "", m.channel, oa]).rstrip())
        return 0

    async def remove(self, args: argparse.Namespace) -> int:
        """`staff remove ID [--channel zalo --ward SLUG | --oa WARD_OR_OA_ID]`."""
        async with self.database() as db:
            key = args.user_id
            if args.channel == "zalo" and parse_key(key) is None:
                if not (args.oa or args.ward):
                    return self.fail("cli.staff_zalo_needs_oa")
                key = ZaloStaffId(await _oa_of(db, args.oa or args.ward, self._box()), key).key
            removed = await SqliteStaffRepository(db, channel=args.channel).remove(key)
        if not removed:
            return self.fail("cli.staff_not_found", user_id=key)
        self.say("cli.staff_removed", user_id=key)
        return 0

    def _box(self) -> SecretBox | None:
        """The key that opens the stored Zalo secrets (None without SECRET_KEY)."""
        key = self.settings.secret_key
        return SecretBox(key.get_secret_value()) if key is not None else None


async def _oa_of(db: Database, query: str | None, box: SecretBox | None) -> str:
    """The OA id named by a unit's slug (that unit's OA) or by the OA id itself."""
    if not query:
        raise CommandFailed("cli.staff_zalo_needs_oa")
    zalo = SqliteZaloRepository(db, box)
    unit = await SqliteUnitRepository(db).by_slug(query)
    if unit is not None:
        account = await zalo.account_by_unit(unit.id)
        if account is None:
            raise CommandFailed("cli.staff_ward_has_no_oa", ward=unit.name, slug=unit.slug)
        return account.oa_id
    account = await zalo.account_by_oa(query)
    if account is None:
        raise CommandFailed("cli.staff_oa_unknown", oa=query)
    return account.oa_id
