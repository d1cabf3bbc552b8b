"""Hypothesis against every way text reaches the bot: a citizen's free text, each command with
any argument (a 4.000-character one included), staff commands, and the intake's typed steps.
Whatever comes, the user gets an answer, Telegram accepts every message the bot sends, and no
traceback reaches the admins."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ADMIN_ID
from tests.e2e.conftest import RunningBot
from tests.e2e.test_feedback_e2e import OFFICER_NGOQUYEN, ward_choice

COMMANDS = [
    "",
    "/start",
    "/help",
    "/stats",
    "/thongke",
    "/phananh",
    "/tracuu",
    "/hoso",
    "/dulieucuatoi",
    "/huy",
    "/hopthu",
    "/nhap",
    "/chan",
    "/bochan",
    "/theodoi",
    "/botheodoi",
    "/xinloi",
    "/khongco",
]
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=300
) | st.sampled_from(
    ["x" * 4000, "Cầu Tre " * 500, "<b>", "&amp;", "PA-AAAA-AAAA " * 10, "😀" * 3000]
)
_users = itertools.count(700_000)
SLOW = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _refused(bot: RunningBot) -> list[str]:
    return [
        f"{c.method} {c.http_status} {c.result}"
        for c in bot.tg.calls
        if c.http_status >= 400 and c.method in ("sendMessage", "editMessageText")
    ]


@SLOW
@given(st.sampled_from(COMMANDS), TEXT, st.booleans())
async def test_any_command_and_argument(
    bot: RunningBot, command: str, argument: str, staff: bool
) -> None:
    text = f"{command} {argument}".strip() if command else argument.strip()
    if not text:
        return  # Telegram delivers no empty message
    user = OFFICER_NGOQUYEN if staff else next(_users)
    replies = await bot.send(user, text)
    assert replies, text[:80]
    assert not bot.tg.sent(ADMIN_ID), bot.tg.sent(ADMIN_ID)[-1]["text"][:500]
    assert not _refused(bot)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(TEXT, TEXT)
async def test_any_text_at_the_intake_steps(bot: RunningBot, code: str, description: str) -> None:
    user = next(_users)
    await bot.send(user, "/phananh")
    await bot.press(user, ward_choice(bot, user, "Phường Ngô Quyền"))
    await bot.press(user, "c:late_dossier")
    for typed in (code, description):
        if typed.strip():
            assert await bot.send(user, typed)
    assert not bot.tg.sent(ADMIN_ID), bot.tg.sent(ADMIN_ID)[-1]["text"][:500]
    assert not _refused(bot)


async def test_a_4000_character_stats_argument_is_answered_not_alerted(bot: RunningBot) -> None:
    for user in (next(_users), OFFICER_NGOQUYEN):
        replies = await bot.send(user, "/stats " + "cautre" * 700)
        assert len(replies) == 1 and len(replies[0]["text"]) < 1000
    assert not bot.tg.sent(ADMIN_ID)
