"""`cchc-bot zalo add|list|set`: secrets from the environment or a prompt, never printed."""

from __future__ import annotations

import io
from pathlib import Path

from bot.cli import build_parser
from bot.cli.zalo import ZaloCommands
from bot.clock import FrozenClock
from storage.db import Database
from storage.zalo import SqliteZaloRepository
from tests.conftest import NOW, make_settings

ENV = {
    "ZALO_APP_SECRET": "app-secret-value",
    "ZALO_OA_SECRET_KEY": "oa-key-value",
    "ZALO_ACCESS_TOKEN": "access-value",
}


async def run(cli: ZaloCommands, *argv: str) -> int:
    return await cli.execute(build_parser().parse_args(["zalo", *argv]))


async def test_add_list_set(seeded_db: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    prompts: list[str] = []

    def prompt(text: str) -> str:
        prompts.append(text)
        return "refresh-value"

    cli = ZaloCommands(make_settings(seeded_db), out, err, environ=ENV, prompt=prompt)
    assert await run(cli, "add", "ngoquyen", "--app-id", "A1", "--oa-id", "OA1") == 0
    assert prompts == ["ZALO_REFRESH_TOKEN: "]  # only what the environment lacks
    async with Database(seeded_db, FrozenClock(NOW)) as db:
        account = await SqliteZaloRepository(db).account_by_oa("OA1")
    assert account is not None and account.refresh_token == "refresh-value"
    assert "value" not in repr(account)

    assert await run(cli, "add", "ngoquyen", "--app-id", "A1", "--oa-id", "OA2") == 1
    assert "Phường Ngô Quyền đã có Zalo OA" in err.getvalue()  # named, not "Phường ngoquyen"

    assert await run(cli, "set", "ngoquyen", "--allow-charged", "yes", "--zbs-template", "T9") == 0
    out.truncate(0)
    assert await run(cli, "list") == 0
    listing = out.getvalue()
    assert "ngoquyen\tOA1\tA1\tcó\tT9" in listing
    assert "value" not in listing
    assert await run(cli, "set", "giavien", "--allow-charged", "no") == 1


async def test_missing_secret_without_a_terminal(seeded_db: Path) -> None:
    def no_terminal(text: str) -> str:
        raise EOFError

    out, err = io.StringIO(), io.StringIO()
    cli = ZaloCommands(make_settings(seeded_db), out, err, environ={}, prompt=no_terminal)
    assert await run(cli, "add", "ngoquyen", "--app-id", "A1", "--oa-id", "OA1") == 1
    assert "ZALO_APP_SECRET" in err.getvalue()


def test_secrets_are_not_command_line_options() -> None:
    help_text = build_parser()._subparsers._group_actions[0].choices["zalo"].format_help()  # type: ignore[union-attr]
    assert "secret" not in help_text.lower()
