"""`cchc-bot apology template|show|export`: the wording of a ward's apology letters, and the
letters themselves written out as files (they are kept in the database)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from bot.cli.base import CommandGroup, Handler
from bot.clock import Clock
from bot.config import Settings
from bot.domain import fmt
from bot.domain.apology import PLACEHOLDERS, Preset, preset_template
from bot.domain.texts import t
from bot.render.letter_docx import render_docx
from bot.render.letter_pdf import render_pdf
from bot.render.plain import render_plain
from bot.services.apology import DEFAULT_WARD, ApologyService
from storage.apology import SqliteApologyRepository
from storage.db import Database
from storage.dossiers import SqliteDossierRepository
from storage.units import SqliteUnitRepository

_LANG = "vi"


class ApologyCommands(CommandGroup):
    """The `apology` actions; stdin is injectable for tests."""

    name = "apology"

    @classmethod
    def add_parser(cls, subparsers: Any) -> None:
        """`apology template WARD [FILE] [--legal-basis] [--preset] …`, `apology show WARD` and
        `apology export WARD [--to DIR]`."""
        apology = subparsers.add_parser("apology", help="mẫu phiếu xin lỗi").add_subparsers(
            dest="action", required=True
        )
        fields = ", ".join(f"{{{p}}}" for p in sorted(PLACEHOLDERS))
        template = apology.add_parser(
            "template",
            help="đặt mẫu phiếu xin lỗi của một phường",
            description=f"Nội dung mẫu: các đoạn cách nhau một dòng trống; các trường: {fields}.",
        )
        template.add_argument(
            "ward", metavar="WARD", help=f"mã rút gọn của phường, hoặc {DEFAULT_WARD}"
        )
        template.add_argument(
            "file", metavar="FILE", nargs="?", help="tệp văn bản UTF-8 chứa nội dung (- : stdin)"
        )
        template.add_argument("--legal-basis", help="dòng căn cứ pháp lý")
        template.add_argument(
            "--preset", choices=[p.value for p in Preset], help="mẫu có sẵn (nd118: NĐ 118/2025)"
        )
        template.add_argument("--signer-title", help="chức danh người ký (mặc định: CHỦ TỊCH)")
        template.add_argument("--signer-name", help="họ tên người ký")
        template.add_argument("--title", help="tên loại văn bản (mặc định: theo mẫu có sẵn)")
        show = apology.add_parser("show", help="xem mẫu phiếu xin lỗi đang dùng")
        show.add_argument("ward", metavar="WARD")
        export = apology.add_parser(
            "export", help="ghi các phiếu xin lỗi đã lập (DOCX và PDF) ra tệp và liệt kê đường dẫn"
        )
        export.add_argument("ward", metavar="WARD")
        export.add_argument(
            "--to", metavar="DIR", default=".", help="thư mục ghi tệp (mặc định: thư mục hiện tại)"
        )

    def __init__(
        self,
        settings: Settings,
        out: TextIO,
        err: TextIO,
        *,
        clock: Clock | None = None,
        stdin: TextIO | None = None,
    ) -> None:
        super().__init__(settings, out, err, clock=clock)
        self.stdin = stdin or sys.stdin

    def _service(self, db: Database) -> ApologyService:
        return ApologyService(
            SqliteApologyRepository(db),
            SqliteDossierRepository(db),
            SqliteUnitRepository(db),
            self.clock,
            self.settings.tz,
            self.settings.work_calendar(),
            render_docx,
            render_pdf=render_pdf,
        )

    def actions(self) -> Mapping[str | None, Handler]:
        return {"template": self.template, "show": self.show, "export": self.export}

    async def template(self, args: argparse.Namespace) -> int:
        """`apology template WARD [FILE] [--legal-basis TEXT] [--preset P] [--signer-…]`."""
        body: str | None = None
        if args.file == "-":
            body = self.stdin.read()
        elif args.file:
            try:
                body = await asyncio.to_thread(Path(args.file).read_text, encoding="utf-8")
            except (OSError, UnicodeDecodeError) as err:
                return self.fail("cli.apology_template_file", path=args.file, error=err)
        async with self.database() as db:
            reply = await self._service(db).set_template(
                args.ward,
                body,
                args.legal_basis,
                preset=Preset(args.preset) if args.preset else None,
                signer_title=args.signer_title,
                signer_name=args.signer_name,
                title=args.title,
            )
        if reply.key != "cli.apology_template_set":
            return self.fail(reply.key, **reply.values)
        print(render_plain(reply.body, _LANG), file=self.out)
        return 0

    async def show(self, args: argparse.Namespace) -> int:
        """`apology show WARD`: where the template comes from, then its text."""
        async with self.database(create=False) as db:
            unit = await SqliteUnitRepository(db).by_slug(args.ward)
            if unit is None:
                return self.fail("cli.ward_unknown", slug=args.ward)
            in_use = await self._service(db).template_in_use(unit.id)
        at = fmt.moment(in_use.updated_at, self.settings.tz, _LANG) if in_use.updated_at else ""
        source = t(_LANG, in_use.source_key, at=at, preset=Preset.ND118.value)
        print(t(_LANG, "cli.apology_show_source", ward=unit.name, source=source), file=self.out)
        template = in_use.template
        signer = " ".join(
            p
            for p in (
                template.signer_title or t(_LANG, "apology.letter.signer_title"),
                template.signer_name,
            )
            if p
        )
        title = template.title or preset_template().title
        print(
            f"\n{title}\n\n{template.legal_basis}\n\n{template.body}\n\n{signer}",
            file=self.out,
        )
        return 0

    async def export(self, args: argparse.Namespace) -> int:
        """`apology export WARD [--to DIR]`: each letter's DOCX and PDF as files, by path."""
        async with self.database(create=False) as db:
            found = await self._service(db).letters_of(args.ward)
        if found is None:
            return self.fail("cli.ward_unknown", slug=args.ward)
        unit, letters = found
        if not letters:
            self.say("cli.apology_export_none", ward=unit.name)
            return 0
        folder = Path(args.to)
        files: list[tuple[Path, bytes]] = []
        for letter in letters:
            files.append((folder / Path(letter.document_name).name, letter.document))
            if letter.pdf is not None and letter.pdf_name:
                files.append((folder / Path(letter.pdf_name).name, letter.pdf))
        try:
            await asyncio.to_thread(_write_all, folder, files)
        except OSError as err:
            return self.fail("cli.apology_export_failed", path=folder, error=err)
        for letter in letters:
            self.say(
                "cli.apology_export_letter",
                number=letter.number,
                year=letter.year,
                code=letter.dossier_code,
                issued=fmt.day(letter.issued_at.astimezone(self.settings.tz).date(), _LANG),
                late=t(_LANG, "cli.apology_export_late") if letter.late else "",
            )
            self.line(f"  {folder / Path(letter.document_name).name}")
            if letter.pdf is not None and letter.pdf_name:
                self.line(f"  {folder / Path(letter.pdf_name).name}")
            else:
                self.line("  " + t(_LANG, "cli.apology_export_no_pdf"))
        self.say("cli.apology_export_done", files=len(files), letters=len(letters))
        return 0


def _write_all(folder: Path, files: list[tuple[Path, bytes]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for path, data in files:
        path.write_bytes(data)
