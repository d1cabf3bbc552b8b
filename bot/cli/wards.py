"""`cchc-bot ward add|list|set|import`: wards and the bodies above them, their one-stop desks,
and the official list of units (with who succeeded whom after the 2025 mergers)."""

from __future__ import annotations

import argparse
import asyncio
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bot.cli.base import CommandGroup, Handler
from bot.domain.apology import apology_desk_default
from bot.domain.models import Unit
from bot.domain.texts import t
from bot.domain.ward_import import (
    HEADER,
    RowProblem,
    UnitImportPlan,
    header_columns,
    parse_rows,
    plan_import,
)
from bot.render.tables import TableError, open_table
from storage.units import SqliteUnitRepository, UnitExistsError, UnknownUnitError

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


class WardCommands(CommandGroup):
    """The `ward` actions."""

    name = "ward"

    @classmethod
    def add_parser(cls, subparsers: Any) -> None:
        ward = subparsers.add_parser("ward", help="đơn vị (phường, xã)").add_subparsers(
            dest="action", required=True
        )
        add = ward.add_parser("add", help="thêm đơn vị")
        add.add_argument("slug")
        add.add_argument("name")
        add.add_argument("--code")
        add.add_argument("--alias", action="append", help="tên cũ (có thể lặp lại)")
        add.add_argument("--parent")
        add.add_argument("--kind", default="ward", choices=["ward", "province", "other"])
        ward.add_parser("list", help="liệt kê đơn vị")
        columns = ",".join(HEADER)
        ward_import = ward.add_parser(
            "import",
            help="nhập danh sách đơn vị hành chính chính thức (CSV)",
            description=(
                f"Dòng tiêu đề: {columns}. kind: phường, xã, đặc khu, thị trấn, tỉnh, thành phố, "
                "quận, huyện, thị xã. Ngày: yyyy-mm-dd hoặc dd/mm/yyyy. predecessors: mã các đơn "
                "vị tiền thân, cách nhau bởi ';'. Nhập lại cùng tệp thì cập nhật, không tạo trùng."
            ),
        )
        ward_import.add_argument("file", metavar="FILE")
        desk = ward.add_parser("set", help="thông tin Bộ phận Một cửa cho người dân")
        desk.add_argument("slug")
        desk.add_argument("--address", help="địa chỉ")
        desk.add_argument("--hours", help="giờ tiếp nhận")
        desk.add_argument("--hotline", help="đường dây nóng")
        desk.add_argument(
            "--saturday-reception",
            choices=["yes", "no"],
            help="tiếp nhận hồ sơ sáng thứ Bảy (giờ tiếp nhận cho người dân; không đổi thời hạn)",
        )
        desk.add_argument(
            "--saturday-deadlines",
            choices=["yes", "no"],
            help="tính thứ Bảy là ngày làm việc trong thời hạn giải quyết của đơn vị",
        )
        desk.add_argument(
            "--apology-desk",
            help="nơi nhận trên phiếu xin lỗi, ví dụ «Trung tâm Phục vụ hành chính công phường …»",
        )

    def actions(self) -> Mapping[str | None, Handler]:
        return {"add": self.add, "list": self.list, "set": self.set, "import": self.import_file}

    async def add(self, args: argparse.Namespace) -> int:
        """`ward add SLUG NAME [--code] [--alias ...] [--parent] [--kind]`."""
        if not _SLUG.match(args.slug):
            return self.fail("cli.ward_bad_slug", slug=args.slug)
        async with self.database() as db:
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
        code = f" ({unit.code})" if unit.code else ""
        self.say("cli.ward_added", slug=unit.slug, name=unit.name, code=code)
        return 0

    async def set(self, args: argparse.Namespace) -> int:
        """`ward set SLUG [--address] [--hours] [--hotline] [--saturday-…] [--apology-desk]`:
        the desk contact for citizens, Saturdays, and the desk the apology letter names."""
        saturday = None if args.saturday_reception is None else args.saturday_reception == "yes"
        deadlines = None if args.saturday_deadlines is None else args.saturday_deadlines == "yes"
        async with self.database() as db:
            try:
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
        self.say(
            "cli.ward_desk_set",
            name=unit.name,
            address=unit.desk_address or "—",
            hours=unit.desk_hours or "—",
            hotline=unit.desk_hotline or "—",
            saturday=t(self.lang, "cli.yes" if unit.saturday_reception else "cli.no"),
            deadlines=t(self.lang, "cli.yes" if unit.saturday_deadlines else "cli.no"),
            desk=unit.apology_desk or apology_desk_default(unit),
        )
        return 0

    async def list(self, args: argparse.Namespace) -> int:
        """`ward list`: slug, code, name, parent, aliases."""
        async with self.database(create=False) as db:
            units = await SqliteUnitRepository(db).all()
        if not units:
            self.say("cli.ward_list_empty")
            return 0
        by_id = {u.id: u for u in units}
        for unit in units:
            parent = by_id[unit.parent_id].slug if unit.parent_id in by_id else ""
            aliases = ", ".join(unit.aliases)
            self.line("\t".join([unit.slug, unit.code or "", unit.name, parent, aliases]).rstrip())
        return 0

    async def import_file(self, args: argparse.Namespace) -> int:
        """`ward import FILE`: check every row, then write them all in one transaction."""
        path = Path(args.file)
        if not await asyncio.to_thread(path.is_file):
            return self.fail("ward_import.not_found", path=path)
        async with self.database() as db:
            units = SqliteUnitRepository(db)
            existing = await units.all()
            try:
                outcome = await asyncio.to_thread(_read_and_plan, path, existing)
            except TableError:
                return self.fail("ward_import.unreadable", path=path.name)
            if not isinstance(outcome, UnitImportPlan):
                for problem in outcome:
                    print(problem.render(self.lang), file=self.err)
                return self.fail("ward_import.failed", path=path.name, count=len(outcome))
            await units.apply_import(outcome, self.clock.now())
        self.say(
            "ward_import.done",
            path=path.name,
            new=outcome.new,
            updated=outcome.updated,
            unchanged=outcome.unchanged,
        )
        return 0


def _read_and_plan(path: Path, existing: list[Unit]) -> UnitImportPlan | list[RowProblem]:
    with open_table(path) as table:
        columns = header_columns(table.header, table.header_line)
        if isinstance(columns, RowProblem):
            return [columns]
        rows, problems = parse_rows(table.rows, columns)
    planned = plan_import(rows, existing)
    if problems:
        later = planned if isinstance(planned, list) else []
        return sorted(problems + later, key=lambda p: p.line)
    return planned
