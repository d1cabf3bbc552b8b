"""One-time staff invitations: `cchc-bot staff invite` prints a code, the person sends it in the
OA chat or to the Telegram bot and becomes that staff member on that channel (pure).

Only a hash of the code is stored; a code is good once, for INVITE_VALID. The random part comes
from the caller (`secrets` in production, fixed bytes in tests)."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read over the phone
BODY_LENGTH = 8
PREFIX = "CB"
INVITE_VALID = timedelta(days=7)
# The code alone, or after "/start" (a Telegram deep link) or the word "cán bộ"/"canbo".
_TEXT = re.compile(
    r"^\s*(?:/?(?:start|canbo|can bo|cán bộ)\s+)?CB[-\s]?([A-Z0-9]{4})[-\s]?([A-Z0-9]{4})\s*$",
    re.IGNORECASE,
)


def make_invite(random_bytes: bytes) -> str:
    """A new code, `CB-XXXX-XXXX`, from at least BODY_LENGTH random bytes."""
    if len(random_bytes) < BODY_LENGTH:
        raise ValueError(f"need {BODY_LENGTH} random bytes")
    body = "".join(ALPHABET[b % len(ALPHABET)] for b in random_bytes[:BODY_LENGTH])
    return f"{PREFIX}-{body[:4]}-{body[4:]}"


def parse_invite(text: str) -> str | None:
    """The code a message carries, written as issued; None when the message is something else."""
    match = _TEXT.match(text)
    if match is None:
        return None
    return f"{PREFIX}-{match.group(1).upper()}-{match.group(2).upper()}"


def invite_hash(code: str) -> str:
    """What is stored of a code."""
    return hashlib.sha256(code.encode()).hexdigest()
