"""Small rendering helpers shared by the Telegram handlers."""

from __future__ import annotations

from telegram import Update

from bot.domain.texts import language_of


def lang_of(update: Update) -> str:
    """The reply language for the user behind an update."""
    user = update.effective_user
    return language_of(user.language_code if user else None)


def user_id_of(update: Update) -> str:
    """The sender's id as the core stores it (text)."""
    user = update.effective_user
    return str(user.id) if user else ""
