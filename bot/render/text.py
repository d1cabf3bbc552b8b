"""Rendering the core's content for a channel: fill each sentence of the texts tables with its
values, the way the channel's `Style` escapes them and treats the markup vocabulary.

Every channel uses this one walk over content (bot.domain.messages); a channel only says how to
escape a value, what to do with a sentence's markup, how to write a link into the bot, and what
to do with text that is already markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.domain.messages import Content, Excerpt, Lines, TrackLink, Value
from bot.domain.texts import count_of, template


@dataclass(frozen=True, slots=True)
class Style:
    """How one channel writes content."""

    escape: Callable[[str], str]  # a raw value, made safe for the channel's markup
    sentence: Callable[[str], str]  # a texts template (its markup kept, converted or dropped)
    link: Callable[[str], str]  # a link that opens a case by its tracking code ("" if none)
    markup: Callable[[str], str]  # text already in the markup vocabulary, values escaped
    plain: Style | None = None  # how excerpts are cut (None: this style is plain text)


def render(content: Content, lang: str, style: Style) -> str:
    """The content as the channel's text, in `lang`."""
    if isinstance(content, str):
        return style.markup(content)
    if isinstance(content, Lines):
        return content.separator.join(render(part, lang, style) for part in content.parts)
    count = count_of(content.values.get("count")) if content.values else None
    sentence = style.sentence(template(lang, content.key, count))
    if not content.values:
        return sentence
    return sentence.format(**{k: _value(v, lang, style) for k, v in content.values.items()})


def _value(value: Value, lang: str, style: Style) -> object:
    if isinstance(value, str):
        return style.escape(value)
    if isinstance(value, int | float):
        return value  # kept a number for format specs such as {month:02d}
    if isinstance(value, TrackLink):
        return style.link(value.code)
    if isinstance(value, Excerpt):
        plain = render(value.content, lang, style.plain or style).strip()
        return style.escape(shorten(plain, value.limit))
    return render(value, lang, style)


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at the end with an ellipsis."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)].rstrip() + "…"
