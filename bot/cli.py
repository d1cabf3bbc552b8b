"""The `cchc-bot` command line: every subcommand reads the same Settings."""

from __future__ import annotations

import argparse
import asyncio
import html
import logging
import re
import signal
import sys
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any, TextIO

from bot.cli_apology import ApologyCli, add_apology_parser
from bot.cli_calendar import CalendarCli, add_calendar_parser
from bot.cli_jobs import add_jobs_parser, jobs_handlers
from bot.cli_zalo import ZaloCli, add_zalo_parser
from bot.clock import SystemClock
from bot.config import Settings
from bot.domain.apology import apology_desk_default
from bot.domain.models import Role
from bot.domain.texts import t
from storage.db import Database
from storage.reports import SqliteReportCounts
from storage.staff import SqliteStaffRepository
from storage.units import SqliteUnitRepository, UnitExistsError, UnknownUnitError

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_TAG = re.compile(r"<[^>]+>")
CLI_USER = "cli"


def html_to_text(text: str) -> str:
    """A bot reply (Telegram HTML) as plain terminal text."""
    return html.unescape(_TAG.sub("", text))


class Cli:
    """Subcommand implementations; output streams are injectable for tests."""

    def __init__(self, settings: Settings, out: TextIO, err: TextIO) -> None:
        self.settings = settings
        self.out = out
        self.err = err

    def say(self, key: str, **values: object) -> None:
        """Print a message to standard output."""
        print(t("vi", key, **values), file=self.out)

    def fail(self, key: str, **values: object) -> int:
        """Print an error to standard error; return the exit status."""
        print(t("vi", key, **values), file=self.err)
        return 1

    async def _db(self) -> Database:
        return await Database(self.settings.database_path).connect()

    async def ward_add(self, args: argparse.Namespace) -> int:
        """`ward add SLUG NAME [--code] [--alias ...] [--parent]`."""
        if not _SLUG.match(args.slug):
            return self.fail("cli.ward_bad_slug", slug=args.slug)
        db = await self._db()
        try:
            unit = await SqliteUnitRepository(db).add(
                args.slug,
                args.name,
                code=args.code,
                aliases=args.alias or (),
                parent_slug=args.parent,
                kind=args.kind,
            )
        except UnitExistsError:
            return self.fail("cli.ward_exists", slug=args.slug)
        except UnknownUnitError as exc:
            return self.fail("cli.ward_unknown", slug=exc.args[0])
        finally:
            await db.close()
        code = f" ({unit.code})" if unit.code else ""
        self.say("cli.ward_added", slug=unit.slug, name=unit.name, code=code)
        return 0

    async def ward_set(self, args: argparse.Namespace) -> int:
        """`ward set SLUG [--address] [--hours] [--hotline] [--saturday-…] [--apology-desk]`:
        the desk contact for citizens, Saturdays, and the desk the apology letter names."""
        db = await self._db()
        try:
            saturday = None if args.saturday_reception is None else args.saturday_reception == "yes"
            deadlines = (
                None if args.saturday_deadlines is None else args.saturday_deadlines == "yes"
            )
            unit = await SqliteUnitRepository(db).set_desk(
                args.slug,
                address=args.address,
                hours=args.hours,
                hotline=args.hotline,
                saturday_reception=saturday,
                saturday_deadlines=deadlines,
                apology_desk=args.apology_desk.strip() if args.apology_desk else None,
            )
        except UnknownUnitError:
            return self.fail("cli.ward_unknown", slug=args.slug)
        finally:
            await db.close()
        self.say(
            "cli.ward_desk_set",
            name=unit.name,
            address=unit.desk_address or "—",
            hours=unit.desk_hours or "—",
            hotline=unit.desk_hotline or "—",
            saturday=t("vi", "cli.yes" if unit.saturday_reception else "cli.no"),
            deadlines=t("vi", "cli.yes" if unit.saturday_deadlines else "cli.no"),
            desk=unit.apology_desk or apology_desk_default(unit),
        )
        return 0

    async def ward_list(self, args: argparse.Namespace) -> int:
        """`ward list`: slug, code, name, parent, aliases."""
        db = await self._db()
        try:
            units = await SqliteUnitRepository(db).all()
        finally:
            await db.close()
        if not units:
            self.say("cli.ward_list_empty")
            return 0
        by_id = {u.id: u for u in units}
        for unit in units:
            parent = by_id[unit.parent_id].slug if unit.parent_id in by_id else ""
            aliases = ", ".join(unit.aliases)
            print(
                "\t".join([unit.slug, unit.code or "", unit.name, parent, aliases]).rstrip(),
                file=self.out,
            )
        return 0

    async def staff_add(self, args: argparse.Namespace) -> int:
        """`staff add TELEGRAM_ID --role ROLE [--ward SLUG] [--name NAME]`."""
        if not re.fullmatch(r"-?\d+", args.telegram_id):
            return self.fail("cli.staff_bad_id", value=args.telegram_id)
        role = Role(args.role)
        if role is not Role.ADMIN and not args.ward:
            return self.fail("cli.staff_needs_ward", role=role.value)
        db = await self._db()
        try:
            unit_id = None
            unit_text = ""
            if args.ward:
                unit = await SqliteUnitRepository(db).by_slug(args.ward)
                if unit is None:
                    return self.fail("cli.ward_unknown", slug=args.ward)
                unit_id = unit.id
                unit_text = f" — {unit.name}"
            await SqliteStaffRepository(db).add(args.telegram_id, role, unit_id, args.name)
        finally:
            await db.close()
        self.say("cli.staff_added", role=role.value, user_id=args.telegram_id, unit=unit_text)
        return 0

    async def staff_list(self, args: argparse.Namespace) -> int:
        """`staff list`: id, role, unit, name."""
        db = await self._db()
        try:
            members = await SqliteStaffRepository(db).all()
            units = {u.id: u for u in await SqliteUnitRepository(db).all()}
        finally:
            await db.close()
        if not members:
            self.say("cli.staff_list_empty")
        for m in members:
            unit = units[m.unit_id].slug if m.unit_id in units else ""
            print("\t".join([m.user_id, m.role.value, unit, m.name or ""]).rstrip(), file=self.out)
        return 0

    async def staff_remove(self, args: argparse.Namespace) -> int:
        """`staff remove TELEGRAM_ID`."""
        db = await self._db()
        try:
            removed = await SqliteStaffRepository(db).remove(args.telegram_id)
        finally:
            await db.close()
        if not removed:
            return self.fail("cli.staff_not_found", user_id=args.telegram_id)
        self.say("cli.staff_removed", user_id=args.telegram_id)
        return 0

    async def import_file(self, args: argparse.Namespace) -> int:
        """`import dossiers|tasks FILE [--ward SLUG]`."""
        from bot.importing import run_import

        path = Path(args.file)
        if not await asyncio.to_thread(path.is_file):
            return self.fail("cli.file_missing", path=path)
        db = await self._db()
        try:
            return await run_import(
                args.kind,
                path,
                db,
                ward_slug=args.ward,
                tz=self.settings.tz,
                out=self.out,
                err=self.err,
            )
        finally:
            await db.close()

    async def stats(self, args: argparse.Namespace) -> int:
        """`stats WARD [PERIOD]`: the report the bot sends, as plain text."""
        from bot.domain.commands import split_ward_and_period
        from bot.services.reports import ReportReady, ReportService, render_outcome

        db = await self._db()
        try:
            # The operator at the console sees every ward, as an admin would.
            reports = ReportService(
                units=SqliteUnitRepository(db),
                counts=SqliteReportCounts(db),
                staff=SqliteStaffRepository(db),
                clock=SystemClock(),
                tz=self.settings.tz,
                admin_ids=frozenset({CLI_USER}),
            )
            index = await reports.ward_index()
            ward, period = split_ward_and_period(
                " ".join(args.words), lambda text: index.find(text) is not None
            )
            outcome = await reports.ward_report(CLI_USER, ward, period)
        finally:
            await db.close()
        text = html_to_text(render_outcome(outcome, "vi"))
        if isinstance(outcome, ReportReady):
            print(text, file=self.out)
            return 0
        print(text, file=self.err)
        return 1

    async def run(self, args: argparse.Namespace) -> int:
        """`run`: the bot, by long polling, until SIGINT/SIGTERM."""
        from bot.app import run_telegram

        if self.settings.bot_token is None:
            return self.fail("cli.no_token")
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        webhook = bool(getattr(args, "webhook", False))
        if webhook and (not self.settings.webhook_url or self.settings.webhook_secret is None):
            return self.fail("cli.webhook_missing")
        self.say("cli.running")
        await run_telegram(self.settings, stop, webhook=webhook)
        self.say("cli.stopped")
        return 0

    async def demo(self, args: argparse.Namespace) -> int:
        """`demo`: the offline demo (no token, no network)."""
        from bot.demo import run_demo

        return await run_demo(
            self.settings,
            database=Path(args.db) if args.db else None,
            fresh=args.fresh,
            stdin=sys.stdin,
            out=self.out,
        )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (the CLI contract of DESIGN.md)."""
    parser = argparse.ArgumentParser(
        prog="cchc-bot", description="Trợ lý cải cách hành chính cho phường (Telegram, Zalo)."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="chạy bot (long polling)")
    run.add_argument(
        "--webhook", action="store_true", help="nhận tin Telegram qua webhook (WEBHOOK_URL)"
    )
    add_zalo_parser(sub)
    demo = sub.add_parser("demo", help="bản thử ngoại tuyến: không cần token, không cần mạng")
    demo.add_argument("--db", help="tệp SQLite của bản thử (mặc định: data/demo.sqlite3)")
    demo.add_argument("--fresh", action="store_true", help="tạo lại dữ liệu mẫu từ đầu")

    ward = sub.add_parser("ward", help="đơn vị (phường, xã)").add_subparsers(
        dest="action", required=True
    )
    ward_add = ward.add_parser("add", help="thêm đơn vị")
    ward_add.add_argument("slug")
    ward_add.add_argument("name")
    ward_add.add_argument("--code")
    ward_add.add_argument("--alias", action="append", help="tên cũ (có thể lặp lại)")
    ward_add.add_argument("--parent")
    ward_add.add_argument("--kind", default="ward", choices=["ward", "province", "other"])
    ward.add_parser("list", help="liệt kê đơn vị")
    ward_set = ward.add_parser("set", help="thông tin Bộ phận Một cửa cho người dân")
    ward_set.add_argument("slug")
    ward_set.add_argument("--address", help="địa chỉ")
    ward_set.add_argument("--hours", help="giờ tiếp nhận")
    ward_set.add_argument("--hotline", help="đường dây nóng")
    ward_set.add_argument(
        "--saturday-reception",
        choices=["yes", "no"],
        help="tiếp nhận hồ sơ sáng thứ Bảy (giờ tiếp nhận cho người dân; không đổi thời hạn)",
    )
    ward_set.add_argument(
        "--saturday-deadlines",
        choices=["yes", "no"],
        help="tính thứ Bảy là ngày làm việc trong thời hạn giải quyết của đơn vị",
    )
    ward_set.add_argument(
        "--apology-desk",
        help="nơi nhận trên phiếu xin lỗi, ví dụ «Trung tâm Phục vụ hành chính công phường …»",
    )

    staff = sub.add_parser("staff", help="cán bộ và quyền").add_subparsers(
        dest="action", required=True
    )
    staff_add = staff.add_parser("add", help="cấp quyền")
    staff_add.add_argument("telegram_id")
    staff_add.add_argument("--role", required=True, choices=[r.value for r in Role])
    staff_add.add_argument("--ward")
    staff_add.add_argument("--name")
    staff.add_parser("list", help="liệt kê cán bộ")
    staff_remove = staff.add_parser("remove", help="thu hồi quyền")
    staff_remove.add_argument("telegram_id")

    imp = sub.add_parser("import", help="nhập hồ sơ hoặc nhiệm vụ từ CSV/XLSX")
    imp.add_argument("kind", choices=["dossiers", "tasks"])
    imp.add_argument("file")
    imp.add_argument("--ward")

    stats = sub.add_parser("stats", help="số liệu một cửa của một phường")
    stats.add_argument(
        "words", nargs="+", metavar="WARD [PERIOD]", help="tên hoặc mã rút gọn của phường, rồi kỳ"
    )
    add_jobs_parser(sub)
    add_apology_parser(sub)
    add_calendar_parser(sub)
    return parser


def _dispatch(cli: Cli, args: argparse.Namespace) -> Callable[[], Coroutine[Any, Any, int]]:
    if args.command == "zalo":
        return lambda: ZaloCli(cli.settings, cli.out, cli.err).dispatch(args)
    if args.command == "apology":
        return lambda: ApologyCli(cli.settings, cli.out, cli.err).dispatch(args)
    if args.command == "calendar":
        return lambda: CalendarCli(cli.settings, cli.out, cli.err).dispatch(args)
    if args.command == "jobs":
        jobs = jobs_handlers(cli.settings, cli.out, cli.err)[(args.command, args.action)]
        return lambda: jobs(args)
    table: dict[
        tuple[str, str | None], Callable[[argparse.Namespace], Coroutine[Any, Any, int]]
    ] = {
        ("run", None): cli.run,
        ("demo", None): cli.demo,
        ("ward", "add"): cli.ward_add,
        ("ward", "list"): cli.ward_list,
        ("ward", "set"): cli.ward_set,
        ("staff", "add"): cli.staff_add,
        ("staff", "list"): cli.staff_list,
        ("staff", "remove"): cli.staff_remove,
        ("import", None): cli.import_file,
        ("stats", None): cli.stats,
    }
    handler = table[(args.command, getattr(args, "action", None))]
    return lambda: handler(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `cchc-bot` and `python -m bot`."""
    args = build_parser().parse_args(argv)
    # The running bot logs its work; one-shot commands and the demo's chat stay quiet.
    logging.basicConfig(
        level=logging.INFO if args.command == "run" else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    cli = Cli(Settings(), sys.stdout, sys.stderr)
    return asyncio.run(_dispatch(cli, args)())
