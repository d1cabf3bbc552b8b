"""An official's desk work on the ward's Zalo OA, end to end over real HTTP: the desk's report
as the PDF the OA takes, and every inbox action — ask for information, transfer, refuse, close —
with its confirmation where Telegram has one and what the citizen receives. Choices come as
button templates (≤ 5) or as numbered text answered with the number."""

from __future__ import annotations

import unicodedata
from collections.abc import AsyncIterator
from io import BytesIO
from pathlib import Path

import pypdf
import pytest

from bot.clock import FrozenClock
from bot.domain.feedback import State
from bot.domain.models import Role
from bot.standin.telegram import TelegramStandIn
from storage.db import Database
from storage.feedback import SqliteFeedbackRepository
from storage.units import SqliteUnitRepository
from tests.e2e.test_zalo_e2e import (
    APP_GV,
    APP_NQ,
    OA_GV,
    OA_NQ,
    ZaloWorld,
    add_oa,
    file_case,
    payloads,
    start,
)
from tests.e2e.test_zalo_staff_e2e import Z_OFFICER, add_zalo_staff
from tests.standin.zalo import Sent, ZaloStandIn

Z_OFFICER_GV = "z-officer-gv"  # an officer of Gia Viên, on the Gia Viên OA
QUESTION = "Đề nghị ông/bà cho biết số giấy hẹn trả kết quả ghi trên phiếu tiếp nhận."
INFO = "Số giấy hẹn là 0123/GH, ngày hẹn trả 20/11/2026."


@pytest.fixture
async def world(
    seeded_db: Path, tg: TelegramStandIn, clock: FrozenClock
) -> AsyncIterator[ZaloWorld]:
    """The bot with the OAs of Ngô Quyền and Gia Viên and a Zalo officer of Ngô Quyền who
    wrote to the OA (an OA writes only to those who wrote in the last 48 h)."""
    async with ZaloStandIn(clock) as zalo:
        await add_oa(seeded_db, zalo, "ngoquyen", OA_NQ, APP_NQ)
        await add_oa(seeded_db, zalo, "giavien", OA_GV, APP_GV)
        running = await start(seeded_db, tg, zalo, clock)
        try:
            await add_zalo_staff(seeded_db, running, OA_NQ, Z_OFFICER, Role.OFFICER, "ngoquyen")
            await running.say(Z_OFFICER, "hướng dẫn")
            yield running
        finally:
            running.bot.stop.set()
            assert running.bot.task is not None
            await running.bot.task


async def say(world: ZaloWorld, user: str, text: str, oa: str = OA_NQ) -> list[Sent]:
    """What the bot sent `user` while handling their message (pushes to others left out)."""
    sent = await world.say(user, text, oa)
    return [s for s in sent if s in world.zalo.to(user)]


def number_of(sent: list[Sent], label: str) -> str:
    """The number a choice is listed under ('5. Đóng' → '5') in the latest numbered list."""
    for message in reversed(sent):
        for line in message.text.splitlines():
            number, dot, rest = line.partition(". ")
            if dot and number.isdigit() and rest.strip() == label:
                return number
    raise AssertionError(f"no numbered choice {label!r} in {[s.text for s in sent]}")


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


async def case_state(world: ZaloWorld, code: str) -> State:
    async with Database(world.db_path, world.bot.clock) as db:
        case = await SqliteFeedbackRepository(db).by_code(code)
    assert case is not None
    return case.state


async def card_of(world: ZaloWorld, code: str) -> Sent:
    """The case's card in the official's inbox."""
    inbox = await say(world, Z_OFFICER, "hộp thư")
    return next(s for s in inbox if s.text.startswith(code))  # not the new case's alert


async def taken(world: ZaloWorld, citizen: str) -> tuple[str, list[Sent]]:
    """A citizen's new case, taken by the official from the OA inbox: (code, the reply)."""
    code = await file_case(world, citizen)
    card = await card_of(world, code)
    take = next(p for p in payloads([card]) if p.startswith("s:take:"))
    return code, await say(world, Z_OFFICER, take)


async def citizen_hears(world: ZaloWorld, citizen: str, words: str) -> Sent:
    await world.zalo.wait_for(lambda: any(words in s.text for s in world.zalo.to(citizen)))
    return next(s for s in world.zalo.to(citizen) if words in s.text)


# --- the desk's report ----------------------------------------------------------------------


async def test_baocao_on_zalo_sends_the_table_as_a_pdf(world: ZaloWorld) -> None:
    zalo = world.zalo
    files = len(zalo.files)
    sent = await say(world, Z_OFFICER, "/baocao cautre 01/01/2022-15/09/2022")
    assert "Phường Cầu Tre — bảng báo cáo kết quả giải quyết TTHC" in sent[0].text
    assert sent[-1].message["attachment"]["type"] == "file"
    assert zalo.refused_uploads == [] and len(zalo.files) == files + 1
    name, data = zalo.files[-1]
    assert name == "baocao-cautre-20220101-20220915.pdf"
    text = pdf_text(data)
    # The seed article's figures, as the XLSX on Telegram has them, written the Vietnamese way.
    assert "Kỳ báo cáo: từ 01/01/2022 đến 15/09/2022" in text
    assert "TỔNG CỘNG 4.545 0 4.545 4.545" in text and " 4 " in text and "99,91%" in text
    assert "Hồ sơ nộp trực tuyến 2.756 4.545 60,64%" in text
    assert "Nhiệm vụ CCHC năm 2022 đã hoàn thành 14/27 51,85%" in text
    # The report in chat carries the button that sends the same file.
    shown = await say(world, Z_OFFICER, "thống kê cautre 01/01/2022-15/09/2022")
    button = next(b for b in shown[-1].buttons if b["payload"].startswith("rpt:"))
    assert button["title"] == "📥 Tải bảng báo cáo (PDF)"
    await say(world, Z_OFFICER, str(button["payload"]))
    again_name, again = zalo.files[-1]
    assert again_name == name and pdf_text(again) == text
    # Not for a citizen, not for a ward the official does not see.
    refused = await say(world, "u-citizen-9", "/baocao cautre 2022")
    assert "chỉ dành cho cán bộ" in refused[-1].text
    other = await say(world, Z_OFFICER, "/baocao giavien 2022")
    assert "không có quyền xem số liệu của Phường Gia Viên" in other[-1].text
    assert len(zalo.files) == files + 2


async def test_a_file_the_oa_refuses_is_reported_not_dropped(world: ZaloWorld) -> None:
    world.zalo.refuse_next_upload()
    sent = await say(world, Z_OFFICER, "/baocao cautre 2022")
    assert world.zalo.refused_uploads == [("baocao-cautre-20220101-20221231.pdf", -210)]
    assert "Bot không gửi được tệp baocao-cautre-20220101-20221231.pdf qua Zalo" in sent[-1].text


# --- the inbox -------------------------------------------------------------------------------


async def test_asking_for_information_by_number_and_the_citizen_answers(world: ZaloWorld) -> None:
    code, after = await taken(world, "u-901")
    # Taken: six next steps (five actions and the files) are more than a template holds.
    assert "Bạn đã nhận xử lý phản ánh" in after[-1].text and not after[-1].buttons
    for n, label in enumerate(
        ("Trả lời", "Yêu cầu bổ sung", "Chuyển đơn vị", "Từ chối", "Đóng", "📎 Tệp đính kèm (2)"),
        start=1,
    ):
        assert f"{n}. {label}" in after[-1].text
    assert "ví dụ 1" in after[-1].text
    accepted = await citizen_hears(world, "u-901", "đang xử lý")
    assert code in accepted.text
    prompt = await say(world, Z_OFFICER, number_of(after, "Yêu cầu bổ sung"))
    assert "Gõ nội dung cần người dân bổ sung" in prompt[-1].text
    shown = await say(world, Z_OFFICER, QUESTION)
    # Shown as the citizen will receive it, and sent only once confirmed.
    assert "Người dân sẽ nhận được tin sau" in shown[-1].text and QUESTION in shown[-1].text
    assert await case_state(world, code) is State.ACCEPTED
    confirm, dont = payloads(shown)
    assert confirm.startswith("s:ok:") and dont.startswith("s:no:")
    done = await say(world, Z_OFFICER, confirm)
    assert f"Đã gửi yêu cầu bổ sung cho phản ánh {code}" in done[-1].text
    assert await case_state(world, code) is State.NEEDS_INFO
    asked = await citizen_hears(world, "u-901", QUESTION)
    assert payloads([asked]) == [f"info:{code}"]
    # The citizen types the information straight away (no need to tap).
    thanks = await say(world, "u-901", INFO)
    assert f"Đã gửi thông tin bổ sung cho phản ánh {code}" in thanks[-1].text
    await world.zalo.wait_for(
        lambda: any(
            "đã bổ sung thông tin" in s.text and code in s.text for s in world.zalo.to(Z_OFFICER)
        )
    )
    assert await case_state(world, code) is State.ACCEPTED


async def test_a_transfer_chosen_by_number_reaches_the_other_wards_official(
    world: ZaloWorld,
) -> None:
    async with Database(world.db_path, world.bot.clock) as db:
        units = SqliteUnitRepository(db)
        for n in range(1, 6):  # more wards in the city than five buttons hold
            await units.add(f"phuong{n}", f"Phường Thử {n}", parent_slug="haiphong")
    await add_zalo_staff(world.db_path, world, OA_GV, Z_OFFICER_GV, Role.OFFICER, "giavien")
    await say(world, Z_OFFICER_GV, "hướng dẫn", OA_GV)
    code = await file_case(world, "u-902")
    card = await card_of(world, code)
    assert len(card.buttons) == 4  # take, transfer, refuse, files: a template
    transfer = next(p for p in payloads([card]) if p.startswith("s:transfer:"))
    asked = await say(world, Z_OFFICER, transfer)
    assert f"Chuyển phản ánh {code} đến đơn vị nào?" in asked[-1].text
    assert not asked[-1].buttons and "6. " in asked[-1].text  # six wards: numbered
    # The ward typed as its label works as its number would.
    proposed = await say(world, Z_OFFICER, "phuong gia vien")
    assert "Người dân sẽ nhận được tin sau" in proposed[-1].text
    assert "Phường Gia Viên là đơn vị có thẩm quyền" in proposed[-1].text
    confirm, dont = payloads(proposed)
    assert confirm.startswith("s:ok:") and dont.startswith("s:no:")
    pending = await say(world, Z_OFFICER, "chuyển luôn đi")  # typing does not confirm
    assert "Hãy bấm nút xác nhận" in pending[-1].text
    done = await say(world, Z_OFFICER, confirm)
    assert f"Đã chuyển phản ánh {code}" in done[-1].text
    moved = await citizen_hears(world, "u-902", "đã được chuyển đến")
    assert "Phường Gia Viên" in moved.text
    # The Gia Viên official hears of it on their ward's OA, and finds it in their inbox.
    await world.zalo.wait_for(
        lambda: any(code in s.text and s.oa_id == OA_GV for s in world.zalo.to(Z_OFFICER_GV))
    )
    theirs = await say(world, Z_OFFICER_GV, "hộp thư", OA_GV)
    assert any(code in s.text and "Phường Ngô Quyền" in s.text for s in theirs)
    assert not any(code in s.text for s in await say(world, Z_OFFICER, "hộp thư"))


async def test_a_refusal_with_its_reason_and_confirmation(world: ZaloWorld) -> None:
    code = await file_case(world, "u-903")
    card = await card_of(world, code)
    refuse = next(p for p in payloads([card]) if p.startswith("s:refuse:"))
    reasons = await say(world, Z_OFFICER, refuse)
    assert "Lý do không tiếp nhận" in reasons[-1].text
    assert len(reasons[-1].buttons) == 5  # five reasons: one template
    duplicate = next(p for p in payloads(reasons) if p.endswith(":duplicate"))
    proposed = await say(world, Z_OFFICER, duplicate)
    assert "Người dân sẽ nhận được tin sau" in proposed[-1].text
    assert await case_state(world, code) is State.NEW  # nothing happens before the confirmation
    done = await say(world, Z_OFFICER, payloads(proposed)[0])
    assert f"Đã từ chối phản ánh {code}" in done[-1].text
    told = await citizen_hears(world, "u-903", "không được tiếp nhận")
    assert code in told.text
    assert await case_state(world, code) is State.REFUSED


async def test_closing_after_a_change_of_mind(world: ZaloWorld) -> None:
    code, after = await taken(world, "u-904")
    close = number_of(after, "Đóng")
    proposed = await say(world, Z_OFFICER, close)
    assert "Người dân sẽ nhận được tin sau" in proposed[-1].text
    assert "đã được đóng" in proposed[-1].text
    cancelled = await say(world, Z_OFFICER, payloads(proposed)[1])  # "Thôi"
    assert "Đã thôi, không gửi gì cho người dân" in cancelled[-1].text
    assert await case_state(world, code) is State.ACCEPTED
    assert not any("đã được đóng" in s.text for s in world.zalo.to("u-904"))
    # The numbers shown before no longer apply once the official was answered something else.
    stale = await say(world, Z_OFFICER, close)
    assert not any("Người dân sẽ nhận được tin sau" in s.text for s in stale)
    # From the inbox this time: the card's six choices are numbered too.
    card = await card_of(world, code)
    assert not card.buttons
    again = await say(world, Z_OFFICER, number_of([card], "Đóng"))
    done = await say(world, Z_OFFICER, payloads(again)[0])
    assert f"Đã đóng phản ánh {code}" in done[-1].text
    told = await citizen_hears(world, "u-904", "đã được đóng")
    assert code in told.text
    assert await case_state(world, code) is State.CLOSED


async def test_the_citizens_files_open_as_links_on_zalo(world: ZaloWorld) -> None:
    code = await file_case(world, "u-905")
    card = await card_of(world, code)
    files = next(p for p in payloads([card]) if p.startswith("s:files:"))
    shown = await say(world, Z_OFFICER, files)
    assert len(shown) == 2  # the photo and the PDF the citizen sent, as links to open
    assert "https://photo.example/1.jpg" in shown[0].text
    assert "giay-hen.pdf" in shown[1].text and "https://files.example/giay-hen.pdf" in shown[1].text
    assert all("<a" not in s.text for s in shown)


async def test_a_walk_in_case_entered_at_the_desk_from_zalo(world: ZaloWorld) -> None:
    first = await say(world, Z_OFFICER, "/nhap")
    assert "Người dân phản ánh về vấn đề gì" in first[-1].text
    assert not first[-1].buttons  # seven categories and cancel: numbered
    await say(world, Z_OFFICER, number_of(first, "Phí, lệ phí"))
    await say(world, Z_OFFICER, "Người dân gọi điện phản ánh thu phí chứng thực cao hơn quy định.")
    await say(world, Z_OFFICER, "skip")  # no files
    await say(world, Z_OFFICER, "Bỏ qua")  # no location
    summary = await say(world, Z_OFFICER, "Gửi ẩn danh")
    assert "Phí, lệ phí" in summary[-1].text and "send" in payloads(summary)
    filed = await say(world, Z_OFFICER, "send")
    text = next(s.text for s in filed if "Đã nhập phản ánh cho người dân" in s.text)
    code = text[text.index("PA-") : text.index("PA-") + 12]
    inbox = await say(world, Z_OFFICER, "hộp thư")
    assert any(s.text.startswith(code) and "tại quầy" in s.text for s in inbox)


async def test_blocking_a_case_sender_from_zalo(world: ZaloWorld) -> None:
    code = await file_case(world, "u-906")
    blocked = await say(world, Z_OFFICER, f"/chan {code}")
    assert f"Đã chặn người gửi phản ánh {code}" in blocked[-1].text
    refused = await say(world, "u-906", "phản ánh")
    assert "tạm thời không gửi được phản ánh" in refused[-1].text
    unblocked = await say(world, Z_OFFICER, f"/bochan {code}")
    assert f"Đã bỏ chặn người gửi phản ánh {code}" in unblocked[-1].text
    again = await say(world, "u-906", "phản ánh")
    assert "1. Hồ sơ trễ hạn" in again[-1].text


async def test_a_supervisor_on_zalo_only_transfers(world: ZaloWorld) -> None:
    supervisor = "z-super-city"
    await add_zalo_staff(world.db_path, world, OA_NQ, supervisor, Role.SUPERVISOR, "haiphong")
    code = await file_case(world, "u-907")
    inbox = await say(world, supervisor, "hộp thư")
    card = next(s for s in inbox if s.text.startswith(code))
    assert [p.split(":")[1] for p in payloads([card])] == ["transfer", "files"]
    case_id = payloads([card])[0].rsplit(":", 1)[-1]
    refused = await say(world, supervisor, f"s:take:{case_id}")
    assert "chỉ xem và chuyển đơn vị" in refused[-1].text
    asked = await say(world, supervisor, payloads([card])[0])
    proposed = await say(world, supervisor, payloads(asked)[0])  # the only other ward
    assert "Phường Gia Viên" in proposed[-1].text
    done = await say(world, supervisor, payloads(proposed)[0])
    assert f"Đã chuyển phản ánh {code}" in done[-1].text
    await citizen_hears(world, "u-907", "đã được chuyển đến")
