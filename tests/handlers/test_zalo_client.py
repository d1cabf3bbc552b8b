"""The Zalo client against the stand-in: one refresh for many callers, errors as SendErrors."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from bot.clock import FrozenClock
from bot.domain.zalo import ZaloAccount
from handlers.zalo.client import ZaloClient, ZaloError
from storage.db import Database
from storage.secrets import SecretBox
from storage.units import SqliteUnitRepository
from storage.zalo import SqliteZaloRepository
from tests.conftest import TZ
from tests.standin.zalo import FILE_MAX, ZaloStandIn

NOON = datetime(2026, 11, 27, 12, 0, tzinfo=TZ)


async def test_client(tmp_path: Path) -> None:
    clock = FrozenClock(NOON)
    async with ZaloStandIn(clock) as zalo, Database(tmp_path / "z.sqlite3", clock) as db:
        unit = await SqliteUnitRepository(db, clock).add("w", "Phường W")
        oa = zalo.add_oa("oa1", "app1")
        store = SqliteZaloRepository(db, SecretBox(SecretBox.generate()))
        account = ZaloAccount(
            unit.id,
            "app1",
            "oa1",
            oa.app_secret,
            oa.oa_secret_key,
            oa.access_token,
            oa.refresh_token,
        )
        await store.add_account(account, NOON)
        client = ZaloClient(
            store,
            clock,
            TZ,
            api_base_url=zalo.base_url,
            oauth_base_url=zalo.base_url,
            zbs_base_url=zalo.base_url,
        )
        try:
            zalo.expire_token("oa1")
            ids = await asyncio.gather(
                *(client.send_text(account, f"u{n}", "chào") for n in range(5))
            )
            assert len(set(ids)) == 5
            assert len(zalo.refreshes) == 1  # one refresh under the lock, four callers reuse it

            zalo.fail_next(error=-230)
            with pytest.raises(ZaloError) as closed:
                await client.send_text(account, "u1", "chào")
            assert closed.value.window_closed and closed.value.permanent

            clock.set(datetime(2026, 11, 27, 23, 0, tzinfo=TZ))
            zalo.fail_next(error=-234)
            with pytest.raises(ZaloError) as quiet:
                await client.send_text(account, "u1", "chào")
            assert not quiet.value.permanent and quiet.value.retry_after == 7 * 3600

            zalo.fail_next(status=503)
            with pytest.raises(ZaloError) as down:
                await client.send_text(account, "u1", "chào")
            assert not down.value.permanent and down.value.retry_after is None

            with pytest.raises(ValueError):
                await client.send_buttons(account, "u1", "x", [("a", "a")] * 6)
            await client.send_file(account, "u1", "thu-xin-loi.pdf", b"%PDF")
            assert zalo.uploads == ["thu-xin-loi.pdf"]
            assert zalo.sent[-1].message["attachment"]["type"] == "file"
        finally:
            await client.aclose()


async def test_uploads_are_checked_as_the_oa_checks_them(tmp_path: Path) -> None:
    clock = FrozenClock(NOON)
    async with ZaloStandIn(clock) as zalo, Database(tmp_path / "z.sqlite3", clock) as db:
        unit = await SqliteUnitRepository(db, clock).add("w", "Phường W")
        oa = zalo.add_oa("oa1", "app1")
        store = SqliteZaloRepository(db, SecretBox(SecretBox.generate()))
        account = ZaloAccount(
            unit.id,
            "app1",
            "oa1",
            oa.app_secret,
            oa.oa_secret_key,
            oa.access_token,
            oa.refresh_token,
        )
        await store.add_account(account, NOON)
        client = ZaloClient(
            store,
            clock,
            TZ,
            api_base_url=zalo.base_url,
            oauth_base_url=zalo.base_url,
            zbs_base_url=zalo.base_url,
        )
        try:
            # The client never offers the OA what it refuses: an XLSX, a file over 5 MB.
            for name, data in (("bang.xlsx", b"PK\x03\x04"), ("to.pdf", b"%PDF" + b"0" * FILE_MAX)):
                with pytest.raises(ZaloError) as refused:
                    await client.send_file(account, "u1", name, data)
                assert refused.value.permanent, name
            assert zalo.uploads == [] and zalo.refused_uploads == []
            await client.send_file(account, "u1", "bao-cao.pdf", b"%PDF-1.4 report")
            assert zalo.files == [("bao-cao.pdf", b"%PDF-1.4 report")]
        finally:
            await client.aclose()
        # The stand-in refuses them as the OA does, by name, first bytes and size.
        url = f"{zalo.base_url}/v2.0/oa/upload/file"
        headers = {"access_token": oa.access_token}
        cases = [
            ("bang.xlsx", b"PK\x03\x04xlsx", -201),
            ("gia.pdf", b"PK\x03\x04not a pdf", -201),
            ("lon.pdf", b"%PDF" + b"0" * FILE_MAX, -210),
            ("thu.docx", b"PK\x03\x04docx", 0),
            ("cu.doc", b"\xd0\xcf\x11\xe0doc", 0),
        ]
        async with httpx.AsyncClient() as http:
            for name, data, error in cases:
                response = await http.post(url, headers=headers, files={"file": (name, data)})
                assert response.json()["error"] == error, name
        assert zalo.refused_uploads == [("bang.xlsx", -201), ("gia.pdf", -201), ("lon.pdf", -210)]
        assert zalo.uploads[-2:] == ["thu.docx", "cu.doc"]
