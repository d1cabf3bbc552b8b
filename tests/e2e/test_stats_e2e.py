"""End to end: the real Application against the loopback Bot API stand-in, over HTTP."""

from __future__ import annotations

import json

import pytest

from bot.demo.seed import CITIZEN_ID
from tests.conftest import ADMIN_ID, RunningBot

# Cầu Tre ceased on 30/06/2025: its history belongs to Ngô Quyền's staff now.
OFFICER_NGOQUYEN = 2011
OFFICER_GIAVIEN = 2021
SUPERVISOR_HAIPHONG = 2003
NGOQUYEN_ID = 3


async def test_successor_officer_gets_the_seed_figures(bot: RunningBot) -> None:
    text = await bot.reply(OFFICER_NGOQUYEN, "/stats cautre 01/01/2022-15/09/2022")
    assert "Phường Cầu Tre" in text
    assert "từ 01/01/2022 đến 15/09/2022" in text
    assert "Tiếp nhận: 4.545" in text
    assert "Đã giải quyết: 4.545" in text
    assert "trễ hạn: 4\n" in text
    assert "2.756 (60,64%)" in text
    assert "14/27 hoàn thành (51,85%)" in text
    assert "99,91%" in text  # 4.541 on time of 4.545 resolved
    call = bot.tg.calls_to("sendMessage")[-1]
    assert call.params["parse_mode"] == "HTML"


@pytest.mark.parametrize(
    ("period", "label", "received"),
    [
        ("2022", "năm 2022", "6.145"),
        ("09/2022", "tháng 09/2022", None),
        ("2022-09", "tháng 09/2022", None),
        ("Q3/2022", "quý III/2022", None),
        ("01/01/2022-15/09/2022", "từ 01/01/2022 đến 15/09/2022", "4.545"),
    ],
)
async def test_each_period_form(
    bot: RunningBot, period: str, label: str, received: str | None
) -> None:
    text = await bot.reply(OFFICER_NGOQUYEN, f"/thongke cau tre {period}")
    assert "Phường Cầu Tre" in text  # in 2022 "Cầu Tre" names the ward of that time
    assert label in text
    if received is not None:
        assert f"Tiếp nhận: {received}" in text


async def test_month_and_quarter_agree_with_each_other(bot: RunningBot) -> None:
    sep_a = await bot.reply(OFFICER_NGOQUYEN, "/stats cautre 09/2022")
    sep_b = await bot.reply(OFFICER_NGOQUYEN, "/stats Cầu Tre 2022-09")
    assert sep_a == sep_b


async def test_week_and_default_periods_use_the_clock(bot: RunningBot) -> None:
    week = await bot.reply(OFFICER_NGOQUYEN, "/stats ngoquyen tuan")
    assert "tuần 48/2026 (23/11/2026 – 29/11/2026)" in week
    default = await bot.reply(OFFICER_NGOQUYEN, "/stats ngoquyen")
    assert "từ 01/01/2026 đến nay (27/11/2026)" in default
    english = await bot.reply(OFFICER_NGOQUYEN, "/stats ngoquyen week", language_code="en")
    assert "week 48/2026" in english


async def test_citizen_is_refused_without_figures(bot: RunningBot) -> None:
    text = await bot.reply(CITIZEN_ID, "/stats cautre 2022")
    assert "chỉ dành cho cán bộ" in text
    assert "4.545" not in text and "6.145" not in text


async def test_officer_of_another_ward_is_refused(bot: RunningBot) -> None:
    text = await bot.reply(OFFICER_GIAVIEN, "/stats cautre 2022")
    assert "không có quyền xem số liệu của Phường Cầu Tre" in text
    assert "Tiếp nhận" not in text


async def test_supervisor_and_admin_see_wards_below(bot: RunningBot) -> None:
    sup = await bot.reply(SUPERVISOR_HAIPHONG, "/stats giavien 2026")
    assert "Phường Gia Viên" in sup and "Tiếp nhận" in sup
    admin = await bot.reply(ADMIN_ID, "/stats cautre 2022")
    assert "Tiếp nhận: 6.145" in admin


async def test_unknown_ward_gets_the_closest_matches(bot: RunningBot) -> None:
    text = await bot.reply(OFFICER_NGOQUYEN, "/stats cau tr 2022")
    assert "Không tìm thấy phường «cau tr»" in text
    assert "Phường Cầu Tre" in text


async def test_bad_period_gets_an_example(bot: RunningBot) -> None:
    text = await bot.reply(OFFICER_NGOQUYEN, "/stats cautre 13/2022")
    assert "không hợp lệ" in text
    assert "Q3/2022" in text
    missing = await bot.reply(OFFICER_NGOQUYEN, "/stats")
    assert "/stats PHƯỜNG [KỲ]" in missing


async def test_start_sets_the_staff_menu_only_for_staff(bot: RunningBot) -> None:
    staff_greeting = await bot.reply(OFFICER_NGOQUYEN, "/start")
    assert "cán bộ một cửa" in staff_greeting
    scoped = [
        c
        for c in bot.tg.calls_to("setMyCommands")
        if c.params.get("scope", {}).get("chat_id") == OFFICER_NGOQUYEN
    ]
    assert scoped, "no per-chat menu for the officer"
    commands = [c["command"] for c in scoped[-1].params["commands"]]
    assert "stats" in commands

    citizen_greeting = await bot.reply(CITIZEN_ID, "/start")
    assert "phản ánh" in citizen_greeting
    deleted = bot.tg.calls_to("deleteMyCommands")
    assert deleted[-1].params["scope"] == {"type": "chat", "chat_id": CITIZEN_ID}
    default = [
        c
        for c in bot.tg.calls_to("setMyCommands")
        if c.params.get("scope") is None or c.params["scope"].get("type") == "default"
    ]
    assert all("stats" not in json.dumps(c.params["commands"]) for c in default)


async def test_help_differs_for_citizens_and_staff(bot: RunningBot) -> None:
    citizen = await bot.reply(CITIZEN_ID, "/help")
    staff = await bot.reply(OFFICER_NGOQUYEN, "/help")
    assert "/stats" not in citizen
    assert "/stats" in staff


async def test_unknown_input_gets_a_helpful_reply(bot: RunningBot) -> None:
    assert "chưa hiểu lệnh /abc" in await bot.reply(CITIZEN_ID, "/abc")
    assert "/help" in await bot.reply(CITIZEN_ID, "xin chào")
    before = len(bot.tg.sent(CITIZEN_ID))
    await bot.push(bot.tg.push_sticker(CITIZEN_ID))
    assert len(bot.tg.sent(CITIZEN_ID)) == before + 1


async def test_flood_answer_is_waited_out(bot: RunningBot) -> None:
    bot.tg.fail_next("sendMessage", status=429, retry_after=1)
    text = await bot.reply(OFFICER_NGOQUYEN, "/stats cautre 2022")
    assert "6.145" in text
    statuses = [c.http_status for c in bot.tg.calls_to("sendMessage")]
    assert 429 in statuses and statuses[-1] == 200


async def test_a_merged_ward_after_the_merger_offers_its_successor(bot: RunningBot) -> None:
    messages = await bot.send(OFFICER_NGOQUYEN, "/stats cautre 2026")
    assert len(messages) == 1
    text = messages[0]["text"]
    assert "Phường Cầu Tre đã nhập vào Phường Ngô Quyền từ 01/07/2025" in text
    assert "Tiếp nhận" not in text  # no figures of another ward without asking
    assert bot.buttons(OFFICER_NGOQUYEN) == [f"st:{NGOQUYEN_ID}:2026"]
    (report,) = await bot.press(OFFICER_NGOQUYEN, f"st:{NGOQUYEN_ID}:2026")
    assert "Phường Ngô Quyền" in report["text"] and "năm 2026" in report["text"]
    assert "Tiếp nhận" in report["text"]


async def test_the_old_name_means_the_successor_after_the_merger(bot: RunningBot) -> None:
    text = await bot.reply(OFFICER_NGOQUYEN, "/stats Cầu Tre 2026")
    assert "📊 Phường Ngô Quyền" in text


async def test_a_successor_report_before_the_merger_counts_its_predecessors(
    bot: RunningBot,
) -> None:
    text = await bot.reply(OFFICER_NGOQUYEN, "/stats ngoquyen 01/01/2022-15/09/2022")
    assert "📊 Phường Ngô Quyền" in text
    assert "Gồm cả hồ sơ của đơn vị trước sắp xếp: Phường Cầu Tre, Phường Đông Khê." in text
    assert "Tiếp nhận: 4.545" in text and "2.756 (60,64%)" in text
    assert "14/27 hoàn thành (51,85%)" in text


async def test_a_split_ward_asks_which_successor(bot: RunningBot) -> None:
    text = await bot.reply(SUPERVISOR_HAIPHONG, "/stats dong khe 2026")
    assert "Phường Đông Khê đã được sắp xếp vào 2 đơn vị từ 01/07/2025" in text
    assert "Phường Gia Viên (11359), Phường Ngô Quyền (11329)" in text
    assert len(bot.buttons(SUPERVISOR_HAIPHONG)) == 2


async def test_each_successor_sees_the_split_ward_history(bot: RunningBot) -> None:
    for officer in (OFFICER_NGOQUYEN, OFFICER_GIAVIEN):
        text = await bot.reply(officer, "/stats dongkhe 2022")
        assert "📊 Phường Đông Khê" in text and "Tiếp nhận: 0" in text


async def test_a_stale_or_forged_stats_button_is_answered(bot: RunningBot) -> None:
    await bot.reply(OFFICER_GIAVIEN, "/stats cautre 2026")
    (refused,) = await bot.press(OFFICER_GIAVIEN, f"st:{NGOQUYEN_ID}:2026")
    assert "không có quyền xem số liệu của Phường Ngô Quyền" in refused["text"]
    message_id = bot.tg.sent(OFFICER_GIAVIEN)[-1]["message_id"]
    for data in ("st:x:2026", "st:999:2026"):
        before = len(bot.tg.sent(OFFICER_GIAVIEN))
        await bot.push(bot.tg.push_callback(OFFICER_GIAVIEN, message_id, data))
        (stale,) = bot.tg.sent(OFFICER_GIAVIEN)[before:]
        assert stale["text"].startswith("Lựa chọn này đã cũ.")
