"""Plain-text rendering of the core's texts, for the CLI, the demo's terminal chat and Zalo."""

from __future__ import annotations

import html
import re

# The texts' markup vocabulary is tiny (<b>, <i>, <code>, <a>): dropping the tags is enough.
_TAG = re.compile(r"<[^>]+>")


def to_plain(text: str) -> str:
    """A reply's text without markup, its entities decoded."""
    return html.unescape(_TAG.sub("", text))
