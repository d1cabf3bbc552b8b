"""`cchc-bot staff add|list|remove --channel zalo`: an official is known by (OA, Zalo id)."""

from __future__ import annotations

import asyncio
import io
import re
from pathlib import Path

import pytest

from bot.cli import build_parser, dispatch
from bot.clock import FrozenClock
from bot.domain.invites import invite_hash
from bot.domain.zalo import ZaloAccount
from storage.db import Database
from storage.secrets import SecretBox
from storage.staff import SqliteStaffRepository
from storage.units import SqliteUnitRepository
from storage.zalo import SqliteZaloRepository
from tests.conftest import NOW, make_settings

KEY = SecretBox.generate()  # the Zalo secrets are stored encrypted


def run_cli(db: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    args = build_parser().parse_args(list(argv))
    status = asyncio.run(dispatch(args, make_settings(db, SECRET_KEY=KEY), out, err))
    return status, out.getvalue(), err.getvalue()


async def _add_oa(db_path: Path, ward: str, oa_id: str) -> None:
    clock = FrozenClock(NOW)
    async with Database(db_path, clock) as db:
        unit = await SqliteUnitRepository(db).by_slug(ward)
        assert unit is not None
        account = ZaloAccount(unit.id, f"app-{oa_id}", oa_id, "s", "k", "a", "r")
        await SqliteZaloRepository(db, SecretBox(KEY)).add_account(account, NOW)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "c.sqlite3"
    run_cli(path, "ward", "add", "haiphong", "Thành phố Hải Phòng", "--kind", "province")
    run_cli(path, "ward", "add", "cautre", "Phường Cầu Tre", "--parent", "haiphong")
    run_cli(path, "ward", "add", "giavien", "Phường Gia Viên", "--parent", "haiphong")
    asyncio.run(_add_oa(path, "cautre", "oa-cautre"))
    return path


def test_zalo_staff_by_the_ward_oa_or_another_oa(db: Path) -> None:
    assert run_cli(db, "staff", "add", "42", "--role", "officer", "--ward", "cautre")[0] == 0
    status, out, _ = run_cli(
        db, "staff", "add", "z-1", "--channel", "zalo", "--role", "officer", "--ward", "cautre"
    )
    assert status == 0 and "oa-cautre/z-1" in out
    # A supervisor of the city writes to the OA of Cầu Tre (named by the ward or by its id).
    for oa in ("cautre", "oa-cautre"):
        status, _, _ = run_cli(
            db, "staff", "add", "z-9", "--channel", "zalo", "--role", "supervisor",
            "--ward", "haiphong", "--oa", oa,
        )  # fmt: skip
        assert status == 0
    _, out, _ = run_cli(db, "staff", "list")
    lines = out.splitlines()
    assert "42\tofficer\tcautre\t\ttelegram" in lines
    assert "z-1\tofficer\tcautre\t\tzalo\toa-cautre" in lines
    assert "z-9\tsupervisor\thaiphong\t\tzalo\toa-cautre" in lines
    assert len(lines) == 3  # the second `add` of z-9 replaced the first

    async def members() -> list[str]:
        async with Database(db, FrozenClock(NOW)) as conn:
            return [m.user_id for m in await SqliteStaffRepository(conn, channel="zalo").all()]

    assert sorted(asyncio.run(members())) == ["oa-cautre/z-1", "oa-cautre/z-9"]
    # Removing by the Zalo id and its OA, or by the key.
    assert run_cli(db, "staff", "remove", "z-1", "--channel", "zalo", "--ward", "cautre")[0] == 0
    assert run_cli(db, "staff", "remove", "oa-cautre/z-9", "--channel", "zalo")[0] == 0
    _, out, _ = run_cli(db, "staff", "list")
    assert out.splitlines() == ["42\tofficer\tcautre\t\ttelegram"]


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (("z-1", "--ward", "giavien"), "Phường Gia Viên chưa có Zalo OA"),
        (("z-1", "--ward", "cautre", "--oa", "oa-nowhere"), "không có Zalo OA «oa-nowhere»"),
        (("z 1", "--ward", "cautre"), "id Zalo chỉ gồm"),
        (("a/b", "--ward", "cautre"), "id Zalo chỉ gồm"),
        (("z-1", "--ward", "nowhere"), "nowhere"),
    ],
)
def test_zalo_staff_errors(db: Path, argv: tuple[str, ...], error: str) -> None:
    status, out, err = run_cli(db, "staff", "add", *argv, "--channel", "zalo", "--role", "officer")
    assert status == 1 and error in err and not out


def test_zalo_admin_needs_an_oa(db: Path) -> None:
    status, _, err = run_cli(db, "staff", "add", "z-1", "--channel", "zalo", "--role", "admin")
    assert status == 1 and "cần --ward hoặc --oa" in err
    assert (
        run_cli(
            db, "staff", "add", "z-1", "--channel", "zalo", "--role", "admin", "--oa", "cautre"
        )[0]
        == 0
    )


def test_zalo_staff_phone_for_the_zbs_template(db: Path) -> None:
    argv = ("staff", "add", "z-1", "--channel", "zalo", "--role", "officer", "--ward", "cautre")
    status, _, err = run_cli(db, *argv, "--phone", "12345")
    assert status == 1 and "không phải số điện thoại" in err
    assert run_cli(db, *argv, "--phone", "0912 345 678")[0] == 0

    async def phone() -> str | None:
        async with Database(db, FrozenClock(NOW)) as conn:
            return await SqliteStaffRepository(conn).phone_of("oa-cautre/z-1")

    assert asyncio.run(phone()) == "0912345678"


def test_staff_invite_prints_a_one_time_code(db: Path) -> None:
    status, out, _ = run_cli(db, "staff", "invite", "--role", "officer", "--ward", "cautre")
    assert status == 0 and "Phường Cầu Tre" in out
    match = re.search(r"CB-[A-Z0-9]{4}-[A-Z0-9]{4}", out)
    assert match is not None

    async def stored() -> list[str]:
        async with Database(db, FrozenClock(NOW)) as conn:
            rows = await conn.fetchall("SELECT code_hash FROM staff_invites")
            return [str(r[0]) for r in rows]

    assert asyncio.run(stored()) == [invite_hash(match.group(0))]  # only the hash is kept
    assert run_cli(db, "staff", "invite", "--role", "officer")[0] == 1  # needs --ward
    assert run_cli(db, "staff", "invite", "--role", "officer", "--ward", "nowhere")[0] == 1
