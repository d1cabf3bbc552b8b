"""End to end: the real Application against the loopback Bot API stand-in, over HTTP."""

from __future__ import annotations

import json
from io import BytesIO

import openpyxl
import pytest

from bot.demo.seed import CITIZEN_ID
from tests.conftest import ADMIN_ID
from tests.e2e.conftest import RunningBot

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
    assert "2.1 Hồ sơ xử lý trước hạn, đúng hạn: 99,91% (4.541/4.545)" in text
    assert "5.4 Hài lòng trong tiếp nhận, giải quyết TTHC: 99,91%" in text
    assert "đạt điểm tối đa từ 90%" in text
    assert "Theo lĩnh vực" in text and "• Hộ tịch: " in text
    call = bot.tg.calls_to("sendMessage")[-1]
    assert call.params["parse_mode"] == "HTML"
    assert bot.buttons(OFFICER_NGOQUYEN) == ["rpt:2:20220101:20220915:r"]


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
    assert "III/2022" in text and "tháng này" in text
    alone = await bot.reply(OFFICER_NGOQUYEN, "/stats tháng sau")  # looks like a period
    assert "Kỳ báo cáo «tháng sau» không hợp lệ" in alone


async def test_without_a_ward_officers_get_their_own_and_supervisors_a_list(
    bot: RunningBot,
) -> None:
    own = await bot.reply(OFFICER_NGOQUYEN, "/stats")
    assert "Phường Ngô Quyền" in own and "từ 01/01/2026 đến nay (27/11/2026)" in own
    assert "Gồm cả hồ sơ" not in own  # after the merger: its own dossiers only
    september = await bot.reply(OFFICER_NGOQUYEN, "/stats tháng 9/2022")
    assert "tháng 09/2022" in september and "Phường Ngô Quyền" in september
    # Before the merger its own figures are those of the wards it took over.
    assert "Gồm cả hồ sơ của đơn vị trước sắp xếp: Phường Cầu Tre, Phường Đông Khê." in september
    same_month = await bot.reply(OFFICER_NGOQUYEN, "/stats cautre tháng 9/2022")
    assert "• Tiếp nhận: " in same_month
    quarter = await bot.reply(OFFICER_GIAVIEN, "/thongke III/2022")
    assert "quý III/2022" in quarter and "Phường Gia Viên" in quarter
    listed = await bot.reply(SUPERVISOR_HAIPHONG, "/stats")
    assert "Các đơn vị: Thành phố Hải Phòng (haiphong)" in listed
    assert "Phường Ngô Quyền (ngoquyen)" in listed


async def test_the_city_adds_up_its_wards_and_ranks_them(bot: RunningBot) -> None:
    city = await bot.reply(SUPERVISOR_HAIPHONG, "/stats haiphong 2026")
    assert "Gồm số liệu của 2 đơn vị trực thuộc." in city  # Cầu Tre was merged in 2025
    assert "Xếp hạng theo chỉ số 2.1 (2 đơn vị có hồ sơ)" in city
    assert "Xếp hạng theo tỷ lệ nộp trực tuyến (3.3)" in city

    def received(text: str) -> int:
        line = next(x for x in text.splitlines() if x.startswith("• Tiếp nhận: "))
        return int(line.split()[3].replace(".", ""))

    wards = [
        await bot.reply(SUPERVISOR_HAIPHONG, f"/stats {w} 2026") for w in ("ngoquyen", "giavien")
    ]
    assert received(city) == sum(received(w) for w in wards) > 0


async def test_baocao_sends_the_desks_table_as_a_file(bot: RunningBot) -> None:
    before = len(bot.tg.calls_to("sendDocument"))
    await bot.send(OFFICER_NGOQUYEN, "/baocao cautre 01/01/2022-15/09/2022")
    calls = bot.tg.calls_to("sendDocument")
    assert len(calls) == before + 1
    name, data = next(iter(calls[-1].files.values()))
    assert name == "baocao-cautre-20220101-20220915.xlsx"
    assert "Phường Cầu Tre — bảng báo cáo" in calls[-1].params["caption"]
    sheet = openpyxl.load_workbook(BytesIO(data)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "Kỳ báo cáo: từ 01/01/2022 đến 15/09/2022" in cells
    total = next(row for row in sheet.iter_rows(values_only=True) if row[1] == "TỔNG CỘNG")
    assert total[2:4] == (4545, 0) and total[8] == 4  # received, carried over; resolved late
    # The button under /stats sends the same file.
    await bot.send(OFFICER_NGOQUYEN, "/stats cautre 01/01/2022-15/09/2022")
    await bot.press(OFFICER_NGOQUYEN, "rpt:2:20220101:20220915:r")
    pressed = bot.tg.calls_to("sendDocument")[-1]
    pressed_name, pressed_data = next(iter(pressed.files.values()))
    again = openpyxl.load_workbook(BytesIO(pressed_data)).active
    assert pressed_name == name
    assert list(again.iter_rows(values_only=True)) == list(sheet.iter_rows(values_only=True))
    refused = await bot.reply(OFFICER_GIAVIEN, "/baocao cautre 2022")
    assert "không có quyền xem số liệu của Phường Cầu Tre" in refused
    assert "chỉ dành cho cán bộ" in await bot.reply(CITIZEN_ID, "/baocao cautre 2022")


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
    # The citizen's chat never had a menu of its own: it shows the default, nothing to send.
    citizen_scoped = [
        c
        for c in bot.tg.calls_to("setMyCommands") + bot.tg.calls_to("deleteMyCommands")
        if c.params.get("scope", {}).get("chat_id") == CITIZEN_ID
    ]
    assert citizen_scoped == []
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
    # A unit removed since the question, and data no button carries (the button protocol's
    # one answer to forged data).
    for data, said in (
        ("st:999:2026", "Lựa chọn này đã cũ."),
        ("rpt:999:20260101:20261231:y", "Lựa chọn này đã cũ."),  # the report's file button
        ("st:x:2026", "Nút này thuộc"),
        ("rpt:2:20261231:20260101:y", "Nút này thuộc"),
    ):
        before = len(bot.tg.sent(OFFICER_GIAVIEN))
        await bot.push(bot.tg.push_callback(OFFICER_GIAVIEN, message_id, data))
        (stale,) = bot.tg.sent(OFFICER_GIAVIEN)[before:]
        assert stale["text"].startswith(said)
