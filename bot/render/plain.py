"""Plain-text rendering of the core's content, for Zalo, the CLI and the demo's terminal chat:
no markup, values as they are, no deep links."""

from __future__ import annotations

import html
import re

from bot.domain.messages import Content
from bot.render.text import Style, render

# The texts' markup vocabulary is tiny (<b>, <i>, <code>, <pre>, <a href>): dropping the tags is
# enough, except that a link keeps its address.
_TAG = re.compile(r"<[^>]+>")
_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.DOTALL)


def to_plain(text: str) -> str:
    """Text in the markup vocabulary (values escaped) without markup, its entities decoded."""
    return html.unescape(_TAG.sub("", _LINK.sub(r"\2 (\1)", text)))


PLAIN = Style(escape=lambda value: value, sentence=to_plain, link=lambda _code: "", markup=to_plain)


def render_plain(content: Content, lang: str) -> str:
    """The core's content as plain text in `lang`."""
    return render(content, lang, PLAIN)
