"""Who is talking to the bot, as every channel describes it to the core."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Who:
    """The person behind an input, on one channel.

    `chat_id` is where replies and later updates go; `private` is False in a group chat
    (personal data stays masked there); `unit_id` is the ward whose own channel this is (a
    ward's Zalo OA), so the citizen is not asked for it; `typed` means the channel has no
    command menu and people type commands as words ("tra cứu MÃ")."""

    channel: str
    user_id: str
    chat_id: str
    lang: str = "vi"
    private: bool = True
    name: str = ""
    unit_id: int | None = None
    typed: bool = False
