"""Staff notices due together go as one message: an officer told of 161 cases filed in a burst
gets a few grouped messages at once, not 161 at one a second (the chat's limit)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from bot.domain.messages import Lines, OutgoingMessage, Text

# The notices about cases that staff get (bot.services.notifications.to_staff): plain texts,
# no buttons, so several read well as one.
GROUPABLE = frozenset(
    {
        "case.staff.new",
        "case.staff.rated",
        "case.staff.reopened",
        "case.staff.info",
        "case.staff.transferred",
    }
)
# Notices due within this time of the one being sent go with it.
GROUP_WINDOW = timedelta(minutes=1)
# At most this many in one message (each is a few lines; both channels split a long text).
GROUP_MAX = 10


def groupable(message: OutgoingMessage) -> bool:
    """A push that may go together with others like it."""
    return (
        not message.reply
        and not message.choices
        and message.document_bytes is None
        and isinstance(message.text, Text)
        and message.text.key in GROUPABLE
    )


def grouped(messages: Sequence[OutgoingMessage]) -> OutgoingMessage:
    """One message for several notices to the same person: a count, then each notice."""
    first, *rest = messages
    if not rest:
        return first
    if any((m.channel, m.recipient) != (first.channel, first.recipient) for m in rest):
        raise ValueError("only one recipient's notices are grouped")
    header = Text("notice.grouped", {"count": len(messages)})
    return replace(first, text=Lines((header, *(m.text for m in messages)), "\n\n"))
