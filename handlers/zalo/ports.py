"""What the Zalo adapter needs from storage (implemented by `storage.zalo`), as a Protocol."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.domain.zalo import ZaloAccount, ZaloUser


class ZaloStore(Protocol):
    """Accounts with their tokens, citizens' last messages, and taken webhook events."""

    async def accounts(self) -> list[ZaloAccount]: ...

    async def account_by_oa(self, oa_id: str) -> ZaloAccount | None: ...

    async def save_tokens(
        self,
        oa_id: str,
        access_token: str,
        refresh_token: str,
        expires_at: datetime | None,
        at: datetime,
    ) -> None: ...

    async def touch_user(
        self, oa_id: str, user_id: str, msg_id: str | None, at: datetime
    ) -> None: ...

    async def set_unfollowed(self, oa_id: str, user_id: str, at: datetime) -> None: ...

    async def user(self, user_id: str) -> ZaloUser | None: ...

    async def claim_event(self, msg_id: str, oa_id: str, event_name: str, at: datetime) -> bool: ...

    async def release_event(self, msg_id: str) -> None: ...
