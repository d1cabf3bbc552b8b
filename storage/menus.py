"""The command menus last set per scope (`command_menus`), so unchanged menus are not set again."""

from __future__ import annotations

from datetime import UTC

from bot.clock import Clock
from storage.db import Database

# After every text that starts with a prefix, in SQLite's order of text (its UTF-8 bytes).
_LAST = "\U0010ffff"


class SqliteCommandMenus:
    """`command_menus` on SQLite: the digest of the menu last set in each scope."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock or db.clock

    async def digests(self, prefix: str) -> dict[str, str]:
        """Every scope that starts with `prefix` and the digest of the menu set there."""
        rows = self._db.lookup_all(  # a range of the scopes' key: a chat's one row at /start
            "SELECT scope, digest FROM command_menus"
            " WHERE scope >= ? AND scope < ? AND substr(scope, 1, ?) = ?",
            (prefix, prefix + _LAST, len(prefix), prefix),
        )
        return {str(scope): str(digest) for scope, digest in rows}

    async def record(self, scope: str, digest: str) -> None:
        """Note that the menu with `digest` is now set in `scope`."""
        at = self._clock.now().astimezone(UTC).isoformat()
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO command_menus (scope, digest, set_at) VALUES (?, ?, ?)"
                " ON CONFLICT (scope) DO UPDATE SET digest = excluded.digest,"
                " set_at = excluded.set_at",
                (scope, digest, at),
            )
