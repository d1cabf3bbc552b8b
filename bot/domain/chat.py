"""Who is talking to the bot, as every channel describes it to the core."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Who:
    """The person behind an input, on one channel.

    `chat_id` is where replies and later updates go; `private` is False in a group chat
    (personal data stays masked there); `unit_id` is the ward whose own channel this is (a
    ward's Zalo OA), so the citizen is not asked for it; `typed` means the channel has no
    command menu and people type commands as words ("tra cứu MÃ"); `staff_key` is how the staff
    table would know them on this channel when that is not `user_id` (a Zalo id is scoped to
    its OA: bot.domain.zalo_staff); `file_types` are the kinds of file the channel can send
    them, by suffix (empty: any — the Zalo OA uploads PDF, DOC and DOCX only)."""

    channel: str
    user_id: str
    chat_id: str
    lang: str = "vi"
    private: bool = True
    name: str = ""
    unit_id: int | None = None
    typed: bool = False
    staff_key: str | None = None  # the key they would have as staff here, if not user_id (Zalo)
    file_types: frozenset[str] = frozenset()

    def takes(self, suffix: str) -> bool:
        """Whether the channel can send them a file of this kind ("xlsx", "pdf")."""
        return not self.file_types or suffix in self.file_types
