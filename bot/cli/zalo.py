"""`cchc-bot zalo add|list|set`: a ward's Zalo Official Account.

Secrets never come from the command line (shell history, `ps`): `zalo add` reads
ZALO_APP_SECRET, ZALO_OA_SECRET_KEY, ZALO_ACCESS_TOKEN and ZALO_REFRESH_TOKEN from the
environment, or prompts for them without echo. They are stored in the database.
"""

from __future__ import annotations

import argparse
import getpass
import os
from collections.abc import Callable, Mapping
from typing import Any, TextIO

from bot.cli.base import CommandGroup, Handler
from bot.clock import Clock
from bot.config import Settings
from bot.domain.fmt import moment
from bot.domain.texts import t
from bot.domain.zalo import ZaloAccount
from storage.secrets import SecretBox, SecretKeyError
from storage.units import SqliteUnitRepository
from storage.zalo import SqliteZaloRepository, ZaloAccountExistsError

SECRETS = ("ZALO_APP_SECRET", "ZALO_OA_SECRET_KEY", "ZALO_ACCESS_TOKEN", "ZALO_REFRESH_TOKEN")

Prompt = Callable[[str], str]


class ZaloCommands(CommandGroup):
    """The `zalo` actions; streams, environment, prompt and clock are injectable for tests."""

    name = "zalo"

    @classmethod
    def add_parser(cls, subparsers: Any) -> None:
        """The `zalo` subcommand and its actions."""
        zalo = subparsers.add_parser(
            "zalo", help="Zalo Official Account của phường"
        ).add_subparsers(dest="action", required=True)
        add = zalo.add_parser(
            "add",
            help="thêm Zalo OA cho phường (khóa bí mật đọc từ biến môi trường hoặc nhập khi hỏi)",
        )
        add.add_argument("ward")
        add.add_argument("--app-id", required=True)
        add.add_argument("--oa-id", required=True)
        zalo.add_parser("list", help="liệt kê Zalo OA (không in khóa bí mật)")
        zalo.add_parser("keygen", help="tạo khóa mã hóa mới cho tệp .env")
        zset = zalo.add_parser("set", help="cách gửi tin cho người dân lâu không nhắn")
        zset.add_argument("ward")
        zset.add_argument(
            "--allow-charged", choices=["yes", "no"], help="gửi tin có phí 48 giờ–7 ngày"
        )
        zset.add_argument("--zbs-template", help='mã mẫu tin ZBS ("-" để bỏ)')

    def __init__(
        self,
        settings: Settings,
        out: TextIO,
        err: TextIO,
        *,
        environ: Mapping[str, str] | None = None,
        prompt: Prompt = getpass.getpass,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(settings, out, err, clock=clock)
        self.environ = os.environ if environ is None else environ
        self.prompt = prompt

    def _secret(self, name: str) -> str:
        value = self.environ.get(name, "").strip()
        if value:
            return value
        try:
            return self.prompt(t("vi", "cli.zalo_prompt", name=name)).strip()
        except EOFError:
            return ""

    def actions(self) -> Mapping[str | None, Handler]:
        return {"add": self.add, "list": self.list, "set": self.set, "keygen": self.keygen}

    def _box(self) -> SecretBox | None:
        key = self.settings.secret_key
        return SecretBox(key.get_secret_value()) if key is not None else None

    async def keygen(self, args: argparse.Namespace) -> int:
        """`zalo keygen`: a new Fernet key to put in SECRET_KEY."""
        self.line(SecretBox.generate())
        return 0

    async def execute(self, args: argparse.Namespace) -> int:
        """Run the action; a missing or wrong SECRET_KEY is one clear line, not a traceback."""
        try:
            return await super().execute(args)
        except SecretKeyError as err:
            key = (
                "cli.secret_key_missing"
                if self.settings.secret_key is None
                else "cli.secret_key_bad"
            )
            return self.fail(key, detail=str(err))

    async def add(self, args: argparse.Namespace) -> int:
        """`zalo add WARD --app-id APP_ID --oa-id OA_ID`."""
        if self.settings.secret_key is None:
            return self.fail("cli.secret_key_missing", detail="")
        box = self._box()
        async with self.database() as db:
            unit = await SqliteUnitRepository(db).by_slug(args.ward)
            if unit is None:
                return self.fail("cli.ward_unknown", slug=args.ward)
            secrets: dict[str, str] = {}
            for name in SECRETS:
                secrets[name] = self._secret(name)
                if not secrets[name]:
                    return self.fail("cli.zalo_missing", name=name)
            account = ZaloAccount(
                unit_id=unit.id,
                app_id=args.app_id,
                oa_id=args.oa_id,
                app_secret=secrets["ZALO_APP_SECRET"],
                oa_secret_key=secrets["ZALO_OA_SECRET_KEY"],
                access_token=secrets["ZALO_ACCESS_TOKEN"],
                refresh_token=secrets["ZALO_REFRESH_TOKEN"],
            )
            try:
                await SqliteZaloRepository(db, box).add_account(account, self.clock.now())
            except ZaloAccountExistsError:
                return self.fail("cli.zalo_exists", ward=unit.name, oa_id=args.oa_id)
        self.say("cli.zalo_added", oa_id=args.oa_id, app_id=args.app_id, ward=unit.name)
        return 0

    async def list(self, args: argparse.Namespace) -> int:
        """`zalo list`: ward, OA, app, settings, token expiry — never a secret."""
        async with self.database(create=False) as db:
            accounts = await SqliteZaloRepository(db, self._box()).accounts()
            units = {u.id: u for u in await SqliteUnitRepository(db).all()}
        if not accounts:
            self.say("cli.zalo_list_empty")
            return 0
        for a in accounts:
            unit = units.get(a.unit_id)
            expiry = (
                t(
                    "vi",
                    "cli.zalo_token_expiry",
                    at=moment(a.access_expires_at, self.settings.tz, "vi"),
                )
                if a.access_expires_at
                else t("vi", "cli.zalo_token_unknown")
            )
            charged = t("vi", "cli.zalo_yes" if a.allow_charged else "cli.zalo_no")
            row = [unit.slug if unit else str(a.unit_id), a.oa_id, a.app_id, charged]
            row += [a.zbs_template_id or "—", expiry]
            print("\t".join(row), file=self.out)
        return 0

    async def set(self, args: argparse.Namespace) -> int:
        """`zalo set WARD [--allow-charged yes|no] [--zbs-template ID|-]`."""
        async with self.database() as db:
            unit = await SqliteUnitRepository(db).by_slug(args.ward)
            if unit is None:
                return self.fail("cli.ward_unknown", slug=args.ward)
            store = SqliteZaloRepository(db, self._box())
            template = args.zbs_template
            changed = await store.set_options(
                unit.id,
                allow_charged=None if args.allow_charged is None else args.allow_charged == "yes",
                zbs_template_id=template if template and template != "-" else None,
                clear_template=template == "-",
                at=self.clock.now(),
            )
            account = await store.account_by_unit(unit.id) if changed else None
        if account is None:
            return self.fail("cli.zalo_none", ward=unit.name)
        self.say(
            "cli.zalo_set",
            ward=unit.name,
            charged=t("vi", "cli.zalo_yes" if account.allow_charged else "cli.zalo_no"),
            template=account.zbs_template_id or "—",
        )
        return 0
