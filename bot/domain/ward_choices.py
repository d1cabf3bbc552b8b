"""A ward lookup that needs the user to choose, as each screen words it, and the /stats buttons
that carry the choice (bot.domain.choices.StatsPick).

Pure: the lookup outcomes come from bot.domain.wards; texts come from the texts tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain import fmt
from bot.domain.choices import StatsPick, fits
from bot.domain.messages import Choice, Reply, Text, Value
from bot.domain.periods import Period
from bot.domain.wards import SPLIT, Option, WardAmbiguous, WardMoved, fold

_LONGEST_UNIT_ID = 10**12 - 1  # a period token must fit beside any unit id


def period_token(text: str | None, period: Period) -> str:
    """The period to carry in a button: as typed (folded) when it fits, else its exact days."""
    token = fold(text or "")
    if fits(StatsPick, _LONGEST_UNIT_ID, token) is not None:
        return token
    return f"{period.start:%d/%m/%Y}-{period.end:%d/%m/%Y}"


@dataclass(frozen=True, slots=True)
class WardQuestion:
    """The ward is not clear for the period: several units match, or the one named had merged.
    `period` is the period token the user's pick carries on."""

    lookup: WardAmbiguous | WardMoved
    period: str

    @property
    def options(self) -> tuple[Option, ...]:
        """The units to choose from, in the order shown (numbered from 1)."""
        return self.lookup.options


def names(options: tuple[Option, ...]) -> str:
    """The options' labels as one list."""
    return ", ".join(o.label for o in options)


def lookup_values(lookup: WardAmbiguous | WardMoved, lang: str) -> dict[str, Value]:
    """The raw (unescaped) values the lookup's sentences use."""
    values: dict[str, Value] = {
        "query": lookup.query,
        "count": len(lookup.options),
        "names": names(lookup.options),
    }
    if isinstance(lookup, WardMoved):
        since: Value = ""
        if lookup.since:
            since = Text("ward.since", {"day": fmt.day(lookup.since, lang)})
        values |= {"old": lookup.old.name, "new": lookup.options[0].unit.name, "since": since}
    return values


def lookup_key(prefix: str, lookup: WardAmbiguous | WardMoved) -> str:
    """A screen's texts key (prefix "stats.ward_", "intake.ward.") for the lookup's case:
    moved, moved_many, split or ambiguous."""
    if isinstance(lookup, WardMoved):
        return prefix + ("moved" if len(lookup.options) == 1 else "moved_many")
    return prefix + ("split" if lookup.reason == SPLIT else "ambiguous")


def question_text(question: WardQuestion, lang: str) -> Text:
    """The /stats reply that asks, without its buttons."""
    return Text(lookup_key("stats.ward_", question.lookup), lookup_values(question.lookup, lang))


def question_choices(question: WardQuestion) -> tuple[Choice, ...]:
    """One button per option; each opens that unit's report for the same period."""
    return tuple(
        Choice(StatsPick(o.unit.id, question.period), "stats.ward_option", {"name": o.label})
        for o in question.options
    )


def question_reply(question: WardQuestion, lang: str) -> Reply:
    """The /stats reply that asks, channel-free (raw values), with its buttons."""
    text = question_text(question, lang)
    return Reply(text.key, text.values, question_choices(question))
