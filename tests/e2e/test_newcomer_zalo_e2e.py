"""A newcomer's first hour on Zalo (issue 14): the words for help give the help of the person's
role, and an official's request for more information is shown, as the citizen will receive it,
before it is sent — the same core as on Telegram."""

from __future__ import annotations

from bot.domain.models import Role
from tests.e2e.test_zalo_e2e import OA_NQ, ZaloWorld, file_case, payloads
from tests.e2e.test_zalo_staff_e2e import Z_OFFICER, add_zalo_staff, world  # noqa: F401

QUESTION = "Ông/bà cho biết số biên nhận hồ sơ."


async def test_the_words_for_help_give_the_help_of_the_role(world: ZaloWorld) -> None:  # noqa: F811
    await add_zalo_staff(world.db_path, world, OA_NQ, Z_OFFICER, Role.OFFICER, "ngoquyen")
    for user, heading in ((Z_OFFICER, "cán bộ một cửa"), ("u-citizen-3", "Các lệnh")):
        expected = (await world.say(user, "/help"))[-1].text
        assert heading in expected
        for word in ("help", "trợ giúp", "tro giup", "giúp", "Giúp!"):
            assert (await world.say(user, word))[-1].text == expected, (user, word)


async def test_asking_for_information_is_shown_and_confirmed_first(world: ZaloWorld) -> None:  # noqa: F811
    zalo = world.zalo
    await add_zalo_staff(world.db_path, world, OA_NQ, Z_OFFICER, Role.OFFICER, "ngoquyen")
    await world.say(Z_OFFICER, "hướng dẫn")  # an OA can only write to someone who wrote to it
    code = await file_case(world, "u-701")
    inbox = await world.say(Z_OFFICER, "hộp thư")
    card = [s for s in inbox if code in s.text][-1]  # after the new case's notice, if it came
    take = next(p for p in payloads([card]) if p.startswith("s:take:"))
    await world.say(Z_OFFICER, take)
    await world.say(Z_OFFICER, take.replace("s:take:", "s:ask_info:"))
    shown = [s for s in await world.say(Z_OFFICER, QUESTION) if s in zalo.to(Z_OFFICER)]
    assert "Người dân sẽ nhận được tin sau" in shown[-1].text and QUESTION in shown[-1].text
    assert payloads(shown) == [take.replace("s:take:", "s:ok:"), take.replace("s:take:", "s:no:")]
    assert not any(QUESTION in s.text for s in zalo.to("u-701"))  # nothing sent yet
    # What the officer was told (the citizen's message may go out while the press is handled).
    done = [
        s
        for s in await world.say(Z_OFFICER, take.replace("s:take:", "s:ok:"))
        if s in zalo.to(Z_OFFICER)
    ]
    assert f"Đã gửi yêu cầu bổ sung cho phản ánh {code}" in done[-1].text
    await zalo.wait_for(lambda: any(QUESTION in s.text for s in zalo.to("u-701")))
