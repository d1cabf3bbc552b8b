"""Zalo OAs per ward (secrets sealed with SECRET_KEY) and the citizens who wrote to them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime

from bot.domain.zalo import ZaloAccount, ZaloUser
from storage.db import Database
from storage.outbox import from_ms, to_ms
from storage.secrets import SecretBox, SecretKeyError, is_sealed, open_without_key

_ACCOUNT_COLUMNS = (
    "unit_id, app_id, oa_id, app_secret, oa_secret_key, access_token, refresh_token,"
    " access_expires_at, allow_charged, zbs_template_id"
)


class ZaloAccountExistsError(Exception):
    """The ward already has an OA, or the OA belongs to another ward."""


def _account(row: Iterable[object], box: SecretBox | None) -> ZaloAccount:
    (unit_id, app_id, oa_id, app_secret, oa_key, access, refresh, expires, charged, zbs) = tuple(
        row
    )
    reveal = box.open if box is not None else open_without_key
    return ZaloAccount(
        unit_id=int(str(unit_id)),
        app_id=str(app_id),
        oa_id=str(oa_id),
        app_secret=reveal(str(app_secret)),
        oa_secret_key=reveal(str(oa_key)),
        access_token=reveal(str(access)),
        refresh_token=reveal(str(refresh)),
        access_expires_at=from_ms(int(str(expires))) if expires is not None else None,
        allow_charged=bool(charged),
        zbs_template_id=str(zbs) if zbs is not None else None,
    )


def _user(row: Iterable[object]) -> ZaloUser:
    oa_id, user_id, last_at, last_msg_id, followed = tuple(row)
    return ZaloUser(
        oa_id=str(oa_id),
        user_id=str(user_id),
        last_message_at=from_ms(int(str(last_at))) if last_at is not None else None,
        last_msg_id=str(last_msg_id) if last_msg_id is not None else None,
        followed=bool(followed),
    )


def _choices(stored: object) -> list[tuple[str, str]]:
    """Stored numbered choices (a JSON list of [label, payload]); [] for none or garbage."""
    if not isinstance(stored, str):
        return []
    try:
        items = json.loads(stored)
    except ValueError:
        return []
    if not isinstance(items, list):
        return []
    return [
        (str(item[0]), str(item[1])) for item in items if isinstance(item, list) and len(item) == 2
    ]


class SqliteZaloRepository:
    """Zalo accounts, users and events on SQLite; the secrets sealed with `box`.

    Without a box (no SECRET_KEY) secrets are never written, and only plaintext ones from
    before encryption can be read."""

    def __init__(self, db: Database, box: SecretBox | None = None) -> None:
        self._db = db
        self._box = box

    def _seal(self, value: str) -> str:
        if self._box is None:
            raise SecretKeyError("SECRET_KEY is needed to store Zalo secrets")
        return self._box.seal(value)

    async def seal_plaintext(self) -> int:
        """Encrypt the secrets stored in plaintext before (at start, with a key); returns the
        number of accounts sealed."""
        if self._box is None:
            return 0
        rows = await self._db.fetchall(
            "SELECT oa_id, app_secret, oa_secret_key, access_token, refresh_token"
            " FROM zalo_accounts"
        )
        sealed = 0
        async with self._db.transaction() as conn:
            for oa_id, *values in rows:
                if all(is_sealed(str(v)) for v in values):
                    continue
                await conn.execute(
                    "UPDATE zalo_accounts SET app_secret = ?, oa_secret_key = ?,"
                    " access_token = ?, refresh_token = ? WHERE oa_id = ?",
                    (*(self._box.seal(str(v)) for v in values), oa_id),
                )
                sealed += 1
        return sealed

    # --- accounts ---------------------------------------------------------------------------

    async def add_account(self, account: ZaloAccount, at: datetime) -> None:
        """Store a ward's OA; ZaloAccountExistsError when the ward or the OA is taken."""
        async with self._db.transaction() as conn:
            async with conn.execute(
                "SELECT 1 FROM zalo_accounts WHERE unit_id = ? OR oa_id = ?",
                (account.unit_id, account.oa_id),
            ) as cur:
                if await cur.fetchone() is not None:
                    raise ZaloAccountExistsError(account.oa_id)
            await conn.execute(
                f"INSERT INTO zalo_accounts ({_ACCOUNT_COLUMNS}, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    account.unit_id,
                    account.app_id,
                    account.oa_id,
                    self._seal(account.app_secret),
                    self._seal(account.oa_secret_key),
                    self._seal(account.access_token),
                    self._seal(account.refresh_token),
                    to_ms(account.access_expires_at) if account.access_expires_at else None,
                    int(account.allow_charged),
                    account.zbs_template_id,
                    to_ms(at),
                ),
            )

    async def accounts(self) -> list[ZaloAccount]:
        """Every configured OA, by ward."""
        rows = await self._db.fetchall(
            f"SELECT {_ACCOUNT_COLUMNS} FROM zalo_accounts ORDER BY unit_id"
        )
        return [_account(r, self._box) for r in rows]

    async def account_by_oa(self, oa_id: str) -> ZaloAccount | None:
        """The OA with this id, if configured."""
        row = await self._db.fetchone(
            f"SELECT {_ACCOUNT_COLUMNS} FROM zalo_accounts WHERE oa_id = ?", (oa_id,)
        )
        return _account(row, self._box) if row is not None else None

    async def account_by_unit(self, unit_id: int) -> ZaloAccount | None:
        """The ward's OA, if it has one."""
        row = await self._db.fetchone(
            f"SELECT {_ACCOUNT_COLUMNS} FROM zalo_accounts WHERE unit_id = ?", (unit_id,)
        )
        return _account(row, self._box) if row is not None else None

    async def set_options(
        self,
        unit_id: int,
        *,
        allow_charged: bool | None,
        zbs_template_id: str | None,
        clear_template: bool,
        at: datetime,
    ) -> bool:
        """Change a ward's sending settings; False when the ward has no OA."""
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE zalo_accounts SET"
                " allow_charged = COALESCE(?, allow_charged),"
                " zbs_template_id = CASE WHEN ? THEN NULL ELSE COALESCE(?, zbs_template_id) END,"
                " updated_at = ? WHERE unit_id = ?",
                (
                    None if allow_charged is None else int(allow_charged),
                    int(clear_template),
                    zbs_template_id,
                    to_ms(at),
                    unit_id,
                ),
            )
            changed = cur.rowcount > 0
            await cur.close()
        return changed

    async def save_tokens(
        self,
        oa_id: str,
        access_token: str,
        refresh_token: str,
        expires_at: datetime | None,
        at: datetime,
    ) -> None:
        """Store a new token pair in one UPDATE (the refresh token is single-use: this must
        be durable before the new access token is used)."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE zalo_accounts SET access_token = ?, refresh_token = ?,"
                " access_expires_at = ?, updated_at = ? WHERE oa_id = ?",
                (
                    self._seal(access_token),
                    self._seal(refresh_token),
                    to_ms(expires_at) if expires_at is not None else None,
                    to_ms(at),
                    oa_id,
                ),
            )

    # --- users ------------------------------------------------------------------------------

    async def touch_user(self, oa_id: str, user_id: str, msg_id: str | None, at: datetime) -> None:
        """The citizen just wrote, or followed (`msg_id` None): both open the 48 h window
        (a follow leaves the message to reply to as it was)."""
        async with self._db.transaction() as conn:
            if msg_id is None:
                await conn.execute(
                    "INSERT INTO zalo_users (oa_id, user_id, last_message_at, followed,"
                    " updated_at) VALUES (?, ?, ?, 1, ?) ON CONFLICT (oa_id, user_id) DO UPDATE"
                    " SET followed = 1, last_message_at = excluded.last_message_at,"
                    " updated_at = excluded.updated_at",
                    (oa_id, user_id, to_ms(at), to_ms(at)),
                )
                return
            await conn.execute(
                "INSERT INTO zalo_users (oa_id, user_id, last_message_at, last_msg_id,"
                " updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (oa_id, user_id) DO UPDATE SET"
                " last_message_at = excluded.last_message_at, last_msg_id = excluded.last_msg_id,"
                " updated_at = excluded.updated_at",
                (oa_id, user_id, to_ms(at), msg_id, to_ms(at)),
            )

    async def set_unfollowed(self, oa_id: str, user_id: str, at: datetime) -> None:
        """The citizen unfollowed the OA."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE zalo_users SET followed = 0, updated_at = ?"
                " WHERE oa_id = ? AND user_id = ?",
                (to_ms(at), oa_id, user_id),
            )

    async def user(self, user_id: str, oa_id: str | None = None) -> ZaloUser | None:
        """The Zalo user by id, as seen by `oa_id` when given (ids are OA-scoped; without an
        OA the latest writer wins a clash)."""
        row = await self._db.fetchone(
            "SELECT oa_id, user_id, last_message_at, last_msg_id, followed FROM zalo_users"
            " WHERE user_id = ? AND (? IS NULL OR oa_id = ?)"
            " ORDER BY COALESCE(last_message_at, 0) DESC LIMIT 1",
            (user_id, oa_id, oa_id),
        )
        return _user(row) if row is not None else None

    # --- choices shown as numbered text -------------------------------------------------------

    async def offer_choices(
        self, oa_id: str, user_id: str, choices: Sequence[tuple[str, str]]
    ) -> int:
        """Number (label, payload) choices after those already offered to the user since they
        last wrote; returns the number of the first."""
        async with self._db.transaction() as conn:
            async with conn.execute(
                "SELECT choices FROM zalo_users WHERE oa_id = ? AND user_id = ?",
                (oa_id, user_id),
            ) as cur:
                row = await cur.fetchone()
            offered = _choices(row[0] if row is not None else None)
            first = len(offered) + 1
            offered += [(str(label), str(payload)) for label, payload in choices]
            await conn.execute(
                "UPDATE zalo_users SET choices = ? WHERE oa_id = ? AND user_id = ?",
                (json.dumps(offered, ensure_ascii=False), oa_id, user_id),
            )
        return first

    async def offered_choices(self, oa_id: str, user_id: str) -> list[tuple[str, str]]:
        """The (label, payload) choices numbered for the user since they last wrote."""
        row = await self._db.fetchone(
            "SELECT choices FROM zalo_users WHERE oa_id = ? AND user_id = ?", (oa_id, user_id)
        )
        return _choices(row[0] if row is not None else None)

    async def clear_choices(self, oa_id: str, user_id: str) -> None:
        """The user wrote: what they are answered shows its own choices."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE zalo_users SET choices = NULL"
                " WHERE oa_id = ? AND user_id = ? AND choices IS NOT NULL",
                (oa_id, user_id),
            )

    # --- webhook events ---------------------------------------------------------------------

    async def event_count(self) -> int:
        """How many distinct events were stored: in the inbox or handled (health and tests)."""
        row = await self._db.fetchone(
            "SELECT (SELECT COUNT(*) FROM inbox WHERE bot LIKE 'zalo:%')"
            " + (SELECT COUNT(*) FROM processed_updates WHERE channel LIKE 'zalo:%')"
        )
        return int(str(row[0])) if row is not None else 0
