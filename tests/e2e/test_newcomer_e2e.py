"""A newcomer's first hour over real HTTP (issue 14, items 7–18): no dead ends for citizens,
and staff who see what the citizen will receive before it is sent."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.clock import FrozenClock
from bot.demo.seed import CITIZEN_ID
from tests.conftest import ADMIN_ID
from tests.e2e.conftest import RunningBot
from tests.e2e.test_demo import FILE_A_CASE, _run
from tests.e2e.test_feedback_e2e import (
    CODE,
    DESCRIPTION,
    OFFICER_GIAVIEN,
    OFFICER_NGOQUYEN,
    SUPERVISOR,
    file_case,
    ward_choice,
)

MENU = "menu:feedback"


async def _said(bot: RunningBot, user: int, text: str) -> str:
    """Everything the bot sent the user meanwhile (a staff notice may come along)."""
    return "\n".join(m.get("text", "") for m in await bot.send(user, text))


async def _case_id(bot: RunningBot, officer: int, code: str) -> str:
    """The id of the case `code` on the officer's inbox card."""
    bot.tg.add_chat(officer)
    inbox = await bot.send(officer, "/hopthu")
    card = next(m for m in inbox if code in m["text"] and "reply_markup" in m)
    rows = card["reply_markup"]["inline_keyboard"]
    return str(rows[0][0]["callback_data"]).split(":")[2]


@pytest.mark.parametrize("text", ["Xin chào", "alo", "hi", "tôi muốn phản ánh về phí chứng thực"])
async def test_a_greeting_or_a_question_gets_the_menu(bot: RunningBot, text: str) -> None:
    reply = await bot.reply(CITIZEN_ID, text)
    assert "chưa hiểu" not in reply and "Chọn một mục bên dưới" in reply
    assert MENU in bot.buttons(CITIZEN_ID)


HELP_WORDS = ["help", "tro giup", "trợ giúp", "Giúp", "hướng dẫn"]


@pytest.mark.parametrize(
    ("user", "heading"),
    [
        (CITIZEN_ID, "/phananh — gửi phản ánh"),
        (OFFICER_NGOQUYEN, "Lệnh dành cho cán bộ một cửa"),
        (SUPERVISOR, "Lệnh dành cho cán bộ theo dõi"),
    ],
)
async def test_the_words_for_help_give_what_help_gives(
    bot: RunningBot, user: int, heading: str
) -> None:
    bot.tg.add_chat(user)
    expected = await bot.reply(user, "/help")
    assert heading in expected
    for word in HELP_WORDS:
        assert await bot.reply(user, word) == expected, word


async def test_help_in_the_middle_of_an_intake_keeps_the_intake(bot: RunningBot) -> None:
    await bot.send(CITIZEN_ID, "/phananh")
    await bot.press(CITIZEN_ID, ward_choice(bot, CITIZEN_ID, "Phường Ngô Quyền"))
    assert "/phananh — gửi phản ánh" in await bot.reply(CITIZEN_ID, "giúp")
    # The step it was at still takes its answer: the category's buttons work.
    categories = bot.buttons(CITIZEN_ID)
    assert categories and all(c.startswith("c:") for c in categories[:7]), categories


async def test_a_bare_tracking_code_is_tracked_in_any_case(bot: RunningBot) -> None:
    code = await file_case(bot, contact=False, photo=False, location=False)
    for typed in (code, code.lower(), code.replace("-", "").lower()):
        reply = await bot.reply(CITIZEN_ID, typed)
        assert f"Phản ánh {code}" in reply and "chờ tiếp nhận" in reply


async def test_the_citizens_typed_reply_is_the_information_asked_for(bot: RunningBot) -> None:
    code = await file_case(bot, contact=False, photo=False, location=False)
    case_id = await _case_id(bot, OFFICER_NGOQUYEN, code)
    await bot.press(OFFICER_NGOQUYEN, f"s:take:{case_id}")
    await bot.press(OFFICER_NGOQUYEN, f"s:ask_info:{case_id}")
    await bot.reply(OFFICER_NGOQUYEN, "Ông/bà cho biết số biên nhận hồ sơ.")
    await bot.press(OFFICER_NGOQUYEN, f"s:ok:{case_id}")  # the request, shown first, confirmed
    asked = await bot.tg.wait_for_message(CITIZEN_ID, lambda m: "cần thêm thông tin" in m["text"])
    assert "gõ nội dung bổ sung ngay tại đây" in asked["text"]
    labels = [b["text"] for row in asked["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == ["✍️ Gõ trả lời ngay tại đây để bổ sung"]
    # A greeting is not the information: the menu; the next message is.
    assert "Chọn một mục bên dưới" in await bot.reply(CITIZEN_ID, "alo")
    thanks = await bot.reply(CITIZEN_ID, "Số biên nhận là 000123, nộp ngày 20/11.")
    assert f"Đã gửi thông tin bổ sung cho phản ánh {code}" in thanks
    note = await bot.tg.wait_for_message(
        OFFICER_NGOQUYEN, lambda m: "bổ sung thông tin" in m["text"]
    )
    # The officer reads what was supplied, in the notice and on the card.
    assert code in note["text"] and "Số biên nhận là 000123, nộp ngày 20/11." in note["text"]
    inbox = await bot.send(OFFICER_NGOQUYEN, "/hopthu")
    card = next(m["text"] for m in inbox if code in m["text"] and "Hạn" in m["text"])
    assert "Đã đề nghị bổ sung: Ông/bà cho biết số biên nhận hồ sơ." in card
    assert "Người dân bổ sung: Số biên nhận là 000123, nộp ngày 20/11." in card


async def test_asking_for_information_shows_the_request_and_asks_first(bot: RunningBot) -> None:
    code = await file_case(bot, contact=False, photo=False, location=False)
    case_id = await _case_id(bot, OFFICER_NGOQUYEN, code)
    await bot.press(OFFICER_NGOQUYEN, f"s:take:{case_id}")
    prompt = await bot.press(OFFICER_NGOQUYEN, f"s:ask_info:{case_id}")
    assert "Gõ nội dung cần người dân bổ sung" in prompt[-1]["text"]
    shown = await bot.reply(OFFICER_NGOQUYEN, "Ông/bà cho biết số biên nhận hồ sơ.")
    assert "Người dân sẽ nhận được tin sau" in shown
    assert "cần thêm thông tin" in shown and "Ông/bà cho biết số biên nhận hồ sơ." in shown
    assert bot.buttons(OFFICER_NGOQUYEN) == [f"s:ok:{case_id}", f"s:no:{case_id}"]
    # A new text replaces the one shown; "Thôi" sends nothing and leaves the case as it was.
    again = await bot.reply(OFFICER_NGOQUYEN, "Ông/bà gửi ảnh giấy hẹn trả kết quả.")
    assert "giấy hẹn trả kết quả" in again and "số biên nhận" not in again
    dropped = await bot.press(OFFICER_NGOQUYEN, f"s:no:{case_id}")
    assert "Đã thôi, không gửi gì" in dropped[-1]["text"]
    assert "đang xử lý" in await bot.reply(CITIZEN_ID, f"/tracuu {code}")
    with sqlite3.connect(bot.settings.database_path) as db:
        (asked,) = db.execute(
            "SELECT count(*) FROM outbox WHERE key LIKE ?", (f"case:{code}:ask_info:%",)
        ).fetchone()
    assert asked == 0
    # Asked again and confirmed: the citizen receives exactly what was shown.
    await bot.press(OFFICER_NGOQUYEN, f"s:ask_info:{case_id}")
    shown = await bot.reply(OFFICER_NGOQUYEN, "Ông/bà gửi ảnh giấy hẹn trả kết quả.")
    done = await bot.press(OFFICER_NGOQUYEN, f"s:ok:{case_id}")
    assert f"Đã gửi yêu cầu bổ sung cho phản ánh {code}" in done[-1]["text"]
    asked_msg = await bot.tg.wait_for_message(
        CITIZEN_ID, lambda m: "cần thêm thông tin" in m["text"]
    )
    assert "Ông/bà gửi ảnh giấy hẹn trả kết quả." in asked_msg["text"]
    assert asked_msg["text"] in shown
    assert "chờ bổ sung thông tin" in await bot.reply(CITIZEN_ID, f"/tracuu {code}")


async def test_dossier_codes_are_case_insensitive(bot: RunningBot) -> None:
    with sqlite3.connect(bot.settings.database_path) as db:
        (code,) = db.execute(
            "SELECT code FROM dossiers WHERE code GLOB '*[A-Z]*' LIMIT 1"
        ).fetchone()
    reply = await bot.reply(CITIZEN_ID, f"/hoso {code.lower()}")
    assert f"Hồ sơ {code}" in reply


async def test_track_lists_the_citizens_own_cases(bot: RunningBot) -> None:
    await bot.send(CITIZEN_ID, "/start")
    none_yet = await bot.press(CITIZEN_ID, "menu:track")
    assert "chưa gửi phản ánh nào" in none_yet[-1]["text"]
    first = await file_case(bot, contact=False, photo=False, location=False)
    second = await file_case(bot, contact=False, photo=False, location=False)
    await bot.send(CITIZEN_ID, "/start")
    listed = await bot.press(CITIZEN_ID, "menu:track")
    text = listed[-1]["text"]
    assert "Phản ánh bạn đã gửi" in text and text.index(second) < text.index(first)
    assert bot.buttons(CITIZEN_ID) == [f"track:{second}", f"track:{first}"]
    opened = await bot.press(CITIZEN_ID, f"track:{first}")
    assert f"Phản ánh {first}" in opened[-1]["text"]


async def test_take_offers_the_next_actions_and_close_asks_first(bot: RunningBot) -> None:
    code = await file_case(bot, contact=False, photo=False, location=False)
    case_id = await _case_id(bot, OFFICER_NGOQUYEN, code)
    taken = await bot.press(OFFICER_NGOQUYEN, f"s:take:{case_id}")
    assert "Bạn đã nhận xử lý" in taken[-1]["text"]
    assert bot.buttons(OFFICER_NGOQUYEN) == [
        f"s:answer:{case_id}",
        f"s:ask_info:{case_id}",
        f"s:transfer:{case_id}",
        f"s:refuse:{case_id}",
        f"s:close:{case_id}",
    ]
    before = len(bot.tg.sent(CITIZEN_ID))
    shown = await bot.press(OFFICER_NGOQUYEN, f"s:close:{case_id}")
    assert "Người dân sẽ nhận được" in shown[-1]["text"]
    assert "đã được đóng. Cảm ơn bạn" in shown[-1]["text"]
    dropped = await bot.press(OFFICER_NGOQUYEN, f"s:no:{case_id}")
    assert "Đã thôi" in dropped[-1]["text"]
    assert "đang xử lý" in await bot.reply(CITIZEN_ID, f"/tracuu {code}")
    await bot.press(OFFICER_NGOQUYEN, f"s:close:{case_id}")
    closed = await bot.press(OFFICER_NGOQUYEN, f"s:ok:{case_id}")
    assert f"Đã đóng phản ánh {code}" in closed[-1]["text"]
    await bot.tg.wait_for_message(CITIZEN_ID, lambda m: "đã được đóng" in m["text"])
    assert len(bot.tg.sent(CITIZEN_ID)) > before


async def test_transfer_shows_the_notice_and_the_card_says_where_it_came_from(
    bot: RunningBot,
) -> None:
    code = await file_case(bot, contact=False, photo=False)
    case_id = await _case_id(bot, OFFICER_NGOQUYEN, code)
    card = next(
        m for m in bot.tg.sent(OFFICER_NGOQUYEN) if code in m["text"] and "Hạn" in m["text"]
    )
    assert "Mã hồ sơ: NQ-2026-000123" in card["text"]
    assert "https://maps.google.com/?q=20.856100,106.682200" in card["text"]
    offered = await bot.press(OFFICER_NGOQUYEN, f"s:transfer:{case_id}")
    target = next(
        b["callback_data"]
        for row in offered[-1]["reply_markup"]["inline_keyboard"]
        for b in row
        if b["text"] == "Phường Gia Viên"
    )
    shown = await bot.press(OFFICER_NGOQUYEN, target)
    assert "đã được chuyển đến Phường Gia Viên" in shown[-1]["text"]
    await bot.press(OFFICER_NGOQUYEN, f"s:ok:{case_id}")
    bot.tg.add_chat(OFFICER_GIAVIEN)
    inbox = await bot.send(OFFICER_GIAVIEN, "/hopthu")
    moved = next(m for m in inbox if code in m["text"] and "reply_markup" in m)
    assert "Chuyển từ Phường Ngô Quyền" in moved["text"]


async def test_refusal_reasons_are_listed_whole(bot: RunningBot) -> None:
    code = await file_case(bot, contact=False, photo=False, location=False)
    case_id = await _case_id(bot, OFFICER_NGOQUYEN, code)
    prompt = await bot.press(OFFICER_NGOQUYEN, f"s:refuse:{case_id}")
    text = prompt[-1]["text"]
    assert "dichvucong.gov.vn, mục Phản ánh kiến nghị)." in text
    assert "bộ phận tiếp công dân của Ủy ban nhân dân cấp xã)." in text


async def test_block_takes_a_case_code(bot: RunningBot) -> None:
    code = await file_case(bot, contact=False, photo=False, location=False)
    bot.tg.add_chat(OFFICER_NGOQUYEN)
    blocked = await _said(bot, OFFICER_NGOQUYEN, f"/chan {code.lower()}")
    assert f"Đã chặn người gửi phản ánh {code}" in blocked
    assert "tạm thời không gửi được" in await bot.reply(CITIZEN_ID, "/phananh")
    assert "Đã bỏ chặn" in await _said(bot, OFFICER_NGOQUYEN, f"/bochan {code}")
    bot.tg.add_chat(OFFICER_GIAVIEN)
    assert "Không tìm thấy phản ánh" in await _said(bot, OFFICER_GIAVIEN, f"/chan {code}")


async def test_the_help_differs_per_role(bot: RunningBot) -> None:
    helps = {}
    for user in (OFFICER_NGOQUYEN, SUPERVISOR, ADMIN_ID):
        bot.tg.add_chat(user)
        helps[user] = await _said(bot, user, "/help")
    assert "cán bộ một cửa" in helps[OFFICER_NGOQUYEN] and "/nhap" in helps[OFFICER_NGOQUYEN]
    assert "cán bộ theo dõi" in helps[SUPERVISOR] and "/nhap" not in helps[SUPERVISOR]
    assert "quản trị" in helps[ADMIN_ID] and "cchc-bot" in helps[ADMIN_ID]
    assert len(set(helps.values())) == 3


async def test_cancel_after_the_answer_prompt_says_it_cancelled(bot: RunningBot) -> None:
    code = await file_case(bot, contact=False, photo=False, location=False)
    case_id = await _case_id(bot, OFFICER_NGOQUYEN, code)
    await bot.press(OFFICER_NGOQUYEN, f"s:take:{case_id}")
    prompt = await bot.press(OFFICER_NGOQUYEN, f"s:answer:{case_id}")
    assert "/huy để thôi" in prompt[-1]["text"]
    assert "Đã thôi, không gửi gì" in await _said(bot, OFFICER_NGOQUYEN, "/huy")
    assert "không có việc gì" in await _said(bot, OFFICER_NGOQUYEN, "/huy")


async def test_cancel_inside_the_desk_flow_points_to_the_desk(bot: RunningBot) -> None:
    bot.tg.add_chat(OFFICER_NGOQUYEN)
    await bot.send(OFFICER_NGOQUYEN, "/nhap")
    cancelled = await _said(bot, OFFICER_NGOQUYEN, "/huy")
    assert "/nhap" in cancelled and "/phananh" not in cancelled


async def test_follow_lists_the_subscriptions_and_refuses_a_dissolved_ward(
    bot: RunningBot,
) -> None:
    bot.tg.add_chat(SUPERVISOR)
    assert "chưa theo dõi phường nào" in await _said(bot, SUPERVISOR, "/theodoi")
    refused = await _said(bot, SUPERVISOR, "/theodoi Cầu Tre")
    assert "không còn là đơn vị hành chính" in refused and "Phường Ngô Quyền" in refused
    await bot.press(SUPERVISOR, bot.buttons(SUPERVISOR)[0])
    listed = await _said(bot, SUPERVISOR, "/theodoi")
    assert "Bản tin bạn đang nhận" in listed and "Phường Ngô Quyền" in listed


def _labels(bot: RunningBot, user: int) -> list[str]:
    """The labels of the latest message with buttons."""
    for message in reversed(bot.tg.sent(user)):
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        if rows:
            return [b["text"] for row in rows for b in row]
    return []


async def test_intake_goes_back_cancels_and_edits_any_field(bot: RunningBot) -> None:
    await bot.send(CITIZEN_ID, "/phananh")
    assert _labels(bot, CITIZEN_ID)[-1] == "✖️ Hủy"  # the first step: nothing to go back to
    await bot.press(CITIZEN_ID, ward_choice(bot, CITIZEN_ID, "Phường Ngô Quyền"))
    assert _labels(bot, CITIZEN_ID)[-2:] == ["⬅️ Quay lại", "✖️ Hủy"]
    await bot.press(CITIZEN_ID, "c:late_dossier")
    # "quay lại" typed goes back a step (the category question again), not the same step.
    again = await bot.reply(CITIZEN_ID, "quay lại")
    assert "vấn đề gì" in again
    await bot.press(CITIZEN_ID, "c:late_dossier")
    found = await bot.reply(CITIZEN_ID, "nq-2026-999999")
    assert "chưa tìm thấy hồ sơ NQ-2026-999999" in found
    refused = await bot.reply(CITIZEN_ID, "😀" * 21)
    assert "cần có chữ" in refused
    await bot.send(CITIZEN_ID, DESCRIPTION)
    await bot.press(CITIZEN_ID, "skip")
    await bot.send(CITIZEN_ID, "Bỏ qua")  # the location step asks on the reply keyboard
    summary = await bot.send(CITIZEN_ID, "Gửi ẩn danh")
    assert "Mã hồ sơ: NQ-2026-999999" in summary[-1]["text"]
    # Every field can be changed from the summary.
    await bot.press(CITIZEN_ID, "edit")
    assert bot.buttons(CITIZEN_ID) == [
        "ed:ward",
        "ed:category",
        "ed:dossier_code",
        "ed:description",
        "ed:attachments",
        "ed:location",
        "ed:contact",
        "back",
        "cancel",
    ]
    await bot.press(CITIZEN_ID, "ed:dossier_code")
    edited = await bot.reply(CITIZEN_ID, "NQ-2026-000777")
    assert "Kiểm tra lại phản ánh" in edited and "Mã hồ sơ: NQ-2026-000777" in edited
    await bot.press(CITIZEN_ID, "edit")
    await bot.press(CITIZEN_ID, "ed:contact")
    await bot.push(bot.tg.push_contact(CITIZEN_ID, "+84912345678"))
    back = await bot.press(CITIZEN_ID, "agree")
    assert "Liên hệ: 09******78" in back[-1]["text"]
    # /start in the middle asks first; going on keeps the draft.
    asked = await bot.reply(CITIZEN_ID, "/start")
    assert "đang soạn dở" in asked
    resumed = await bot.press(CITIZEN_ID, "resume")
    assert "Mã hồ sơ: NQ-2026-000777" in resumed[-1]["text"]
    await bot.send(CITIZEN_ID, "/start")
    dropped = await bot.press(CITIZEN_ID, "discard")
    assert MENU in bot.buttons(CITIZEN_ID) and "Chọn một mục" in dropped[-1]["text"]
    assert "Bạn chưa gửi phản ánh nào" in await bot.reply(CITIZEN_ID, "/dulieucuatoi")


async def test_a_known_dossier_code_is_found_whatever_its_case(bot: RunningBot) -> None:
    with sqlite3.connect(bot.settings.database_path) as db:
        (code,) = db.execute(
            "SELECT d.code FROM dossiers d JOIN units u ON u.id = d.unit_id "
            "WHERE u.slug = 'ngoquyen' AND d.code GLOB '*[A-Z]*' LIMIT 1"
        ).fetchone()
    await bot.send(CITIZEN_ID, "/phananh")
    await bot.press(CITIZEN_ID, ward_choice(bot, CITIZEN_ID, "Phường Ngô Quyền"))
    await bot.press(CITIZEN_ID, "c:late_dossier")
    found = await bot.reply(CITIZEN_ID, code.lower())
    assert f"Đã tìm thấy hồ sơ {code}" in found


async def test_the_desk_flow_is_for_the_official_and_a_refusal_says_nobody_was_told(
    bot: RunningBot,
) -> None:
    bot.tg.add_chat(OFFICER_NGOQUYEN)
    first = await _said(bot, OFFICER_NGOQUYEN, "/nhap")
    assert "Người dân phản ánh về vấn đề gì" in first
    await bot.press(OFFICER_NGOQUYEN, "c:fees")
    await bot.send(OFFICER_NGOQUYEN, DESCRIPTION)
    place = await bot.press(OFFICER_NGOQUYEN, "skip")
    assert "không phải vị trí hiện tại của quầy" in place[-1]["text"]
    contact = await bot.send(OFFICER_NGOQUYEN, "Bỏ qua")
    assert "của người dân" in contact[-1]["text"]
    keyboard = contact[-1].get("reply_markup") or {}
    assert "keyboard" not in keyboard  # no "📱 Chia sẻ số điện thoại của tôi"
    shared = [
        b
        for m in bot.tg.sent(OFFICER_NGOQUYEN)
        for row in (m.get("reply_markup") or {}).get("keyboard", [])
        for b in row
        if isinstance(b, dict) and b.get("request_contact")
    ]
    assert shared == []
    consent = await bot.send(OFFICER_NGOQUYEN, "0912345678")
    labels = [b["text"] for row in consent[-1]["reply_markup"]["inline_keyboard"] for b in row]
    assert labels[:2] == ["Người dân đồng ý", "Người dân không đồng ý"]
    await bot.press(OFFICER_NGOQUYEN, "agree")
    filed = await bot.press(OFFICER_NGOQUYEN, "send")
    code = CODE.search(filed[-1]["text"])
    assert code is not None
    case_id = await _case_id(bot, OFFICER_NGOQUYEN, code.group(0))
    reasons = await bot.press(OFFICER_NGOQUYEN, f"s:refuse:{case_id}")
    assert "bot không gửi cho người dân, hãy báo họ lý do" in reasons[-1]["text"]
    assert "người dân sẽ nhận nguyên văn" not in reasons[-1]["text"]
    shown = await bot.press(OFFICER_NGOQUYEN, f"s:rf:{case_id}:duplicate")
    assert "bot không gửi tin cho người dân" in shown[-1]["text"]
    done = await bot.press(OFFICER_NGOQUYEN, f"s:ok:{case_id}")
    assert "bot không báo được người dân" in done[-1]["text"]
    assert "báo người dân hướng xử lý" not in done[-1]["text"]


async def test_the_demo_answers_greetings_codes_and_going_back(
    tmp_path: Path, clock: FrozenClock
) -> None:
    db = tmp_path / "demo.sqlite3"
    text = await _run(db, clock, [*FILE_A_CASE, "xin chào", "/phananh", "2", "quay lại", "/huy"])
    (code,) = CODE.findall(text.split("Mã theo dõi: ")[1])[:1]
    assert "Bot chưa hiểu" not in text
    # What the bot answered to each line after the filing, in order.
    replies = text.split("để xem và trả lời.")[-1].split("Bạn (người dân) › ")
    assert "[1] ✍️ Gửi phản ánh, kiến nghị" in replies[1]  # "xin chào": the menu
    assert "vấn đề gì?" in replies[3] and "[8] ⬅️ Quay lại" in replies[3]
    assert "Bạn muốn gửi phản ánh đến phường (xã) nào?" in replies[4]  # "quay lại": a step back
    assert "Đã hủy" in replies[5]
    tracked = await _run(db, clock, [code.lower().replace("-", "")])
    assert f"Phản ánh {code}" in tracked


async def test_a_notice_that_cuts_the_description_ends_with_an_ellipsis(bot: RunningBot) -> None:
    bot.tg.add_chat(OFFICER_NGOQUYEN)
    long = "Cán bộ yêu cầu nộp thêm bản sao giấy tờ không có trong danh mục niêm yết. " * 5
    await bot.send(CITIZEN_ID, "/phananh")
    await bot.press(CITIZEN_ID, ward_choice(bot, CITIZEN_ID, "Phường Ngô Quyền"))
    await bot.press(CITIZEN_ID, "c:other")
    await bot.send(CITIZEN_ID, long)
    await bot.press(CITIZEN_ID, "skip")
    await bot.send(CITIZEN_ID, "Bỏ qua")
    await bot.send(CITIZEN_ID, "Gửi ẩn danh")
    code = CODE.search(await bot.press_send(CITIZEN_ID))  # the confirmation, via the outbox
    assert code is not None
    note = await bot.tg.wait_for_message(
        OFFICER_NGOQUYEN, lambda m: code.group(0) in m["text"] and "Phản ánh mới" in m["text"]
    )
    summary = note["text"].split("\n")[1]
    assert summary.endswith("…") and len(summary) <= 200 and summary[:-1] in long
