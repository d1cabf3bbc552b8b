"""Tests for the loopback Telegram Bot API stand-in, driven by the real python-telegram-bot."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.standin.server import AppServer
from bot.standin.telegram import StandInCounters, TelegramStandIn, parse_html

CHAT = 42


@pytest.fixture
async def tg() -> AsyncIterator[TelegramStandIn]:
    async with TelegramStandIn() as standin:
        yield standin


@pytest.fixture
async def bot(tg: TelegramStandIn) -> AsyncIterator[Bot]:
    tg.add_chat(CHAT)
    async with Bot(tg.token, base_url=tg.base_url, base_file_url=tg.base_file_url) as b:
        yield b


def build_app(tg: TelegramStandIn) -> Application[Any, Any, Any, Any, Any, Any]:
    return (
        ApplicationBuilder()
        .token(tg.token)
        .base_url(tg.base_url)
        .base_file_url(tg.base_file_url)
        .build()
    )


# --------------------------------------------------------------------------- basics


async def test_get_me_and_initialize(tg: TelegramStandIn, bot: Bot) -> None:
    assert bot.username == "cchc_test_bot"
    me = await bot.get_me()
    assert me.is_bot and me.id == 123456
    assert tg.calls_to("getme")[0].http_status == 200


async def test_wrong_token_is_unauthorized(tg: TelegramStandIn) -> None:
    wrong = Bot("999:WRONG", base_url=tg.base_url, base_file_url=tg.base_file_url)
    try:
        with pytest.raises(InvalidToken):
            await wrong.initialize()
    finally:
        await wrong.shutdown()
    assert tg.calls[-1].http_status == 401
    assert tg.calls[-1].response["description"] == "Unauthorized"


async def test_unknown_method_is_404(tg: TelegramStandIn, bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("frobnicateChat")
    assert tg.calls[-1].http_status == 404
    # method names are case-insensitive, like Telegram
    assert (await bot.do_api_request("GETME"))["username"] == "cchc_test_bot"


async def test_echo_round_trip_through_long_polling(tg: TelegramStandIn) -> None:
    app = build_app(tg)

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.text is not None
        await update.message.reply_text(f"echo: {update.message.text}")

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_html("<b>Xin chào</b> &amp; chào mừng")

    app.add_handler(CommandHandler("start", start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(timeout=2)
        tg.push_message(CHAT, "thủ tục hộ tịch")
        reply = await tg.wait_for_message(CHAT)
        assert reply["text"] == "echo: thủ tục hộ tịch"
        tg.push_message(CHAT, "/start")
        reply = await tg.wait_for_message(CHAT)
        assert reply["text"] == "Xin chào & chào mừng"
        assert reply["entities"] == [{"type": "bold", "offset": 0, "length": 8}]
        await tg.wait_idle_poll()
        await tg.wait_updates_confirmed()
        assert tg.pending_updates == 0
        await app.updater.stop()
        await app.stop()
    # long polling is held, not a tight loop: a handful of getUpdates calls only
    assert len(tg.calls_to("getUpdates")) <= 5
    assert tg.last_text(CHAT) == "Xin chào & chào mừng"
    # user and bot messages share one message_id sequence per chat
    assert [m["message_id"] for m in tg.sent(CHAT)] == [2, 4]


async def test_get_updates_is_held_until_an_update_arrives(tg: TelegramStandIn, bot: Bot) -> None:
    task = asyncio.create_task(bot.get_updates(timeout=5))
    await tg.wait_idle_poll()
    assert not task.done() and tg.calls_to("getUpdates") == []
    tg.push_message(CHAT, "hello")
    updates = await task
    assert [u.message.text for u in updates if u.message] == ["hello"]
    assert len(tg.calls_to("getUpdates")) == 1


async def test_get_updates_timeout_expires_with_empty_list(bot: Bot) -> None:
    assert await bot.get_updates(timeout=1) == ()


async def test_offset_and_limit(tg: TelegramStandIn, bot: Bot) -> None:
    pushed = [tg.push_message(CHAT, f"m{i}") for i in range(3)]
    assert [u["update_id"] for u in pushed] == [1, 2, 3]
    first = await bot.get_updates(limit=2)
    assert [u.update_id for u in first] == [1, 2]
    again = await bot.get_updates()
    assert [u.update_id for u in again] == [1, 2, 3]  # not confirmed yet
    assert [u.update_id for u in await bot.get_updates(offset=3)] == [3]
    assert tg.pending_updates == 1
    assert await bot.get_updates(offset=4) == ()
    assert tg.pending_updates == 0
    await tg.wait_updates_confirmed()


async def test_allowed_updates_filter_persists(tg: TelegramStandIn, bot: Bot) -> None:
    sent = await bot.send_message(CHAT, "menu")
    tg.push_callback(CHAT, sent.message_id, "x")
    tg.push_message(CHAT, "text")
    updates = await bot.get_updates(allowed_updates=["message"])
    assert [u.message.text for u in updates if u.message] == ["text"]
    assert all(u.callback_query is None for u in updates)
    tg.push_callback(CHAT, sent.message_id, "y")
    updates = await bot.get_updates(offset=updates[-1].update_id + 1)
    assert updates == ()  # the filter persists between calls
    updates = await bot.get_updates(allowed_updates=[])  # back to the default set
    assert updates == ()  # the earlier callback was dropped when the filter passed it


# --------------------------------------------------------------------------- callbacks


async def test_callback_query_round_trip(tg: TelegramStandIn) -> None:
    app = build_app(tg)
    answered: list[str] = []

    async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Góp ý", callback_data="fb")]])
        await update.message.reply_text("Chọn:", reply_markup=keyboard)

    async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None and query.data == "fb"
        await query.answer("Đã nhận")
        answered.append(query.id)
        await query.edit_message_text("Cảm ơn")

    app.add_handler(CommandHandler("menu", menu))
    app.add_handler(CallbackQueryHandler(on_button))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(timeout=2)
        tg.push_message(CHAT, "/menu")
        menu_msg = await tg.wait_for_message(CHAT)
        assert menu_msg["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "fb"
        tg.push_callback(CHAT, menu_msg["message_id"], "fb")
        await tg.wait_for_call("editMessageText")
        await app.updater.stop()
        await app.stop()
        # answering the same query twice is refused
        with pytest.raises(BadRequest, match="(?i)query is too old"):
            await app.bot.answer_callback_query(answered[0])
    message = tg.message(CHAT, menu_msg["message_id"])
    assert message is not None and message["text"] == "Cảm ơn"
    assert "reply_markup" not in message
    with pytest.raises(KeyError):
        tg.push_callback(CHAT, 999, "fb")


async def test_edit_and_delete_errors(bot: Bot) -> None:
    msg = await bot.send_message(CHAT, "a")
    with pytest.raises(BadRequest, match="(?i)message to edit not found"):
        await bot.edit_message_text("b", chat_id=CHAT, message_id=999)
    with pytest.raises(BadRequest, match="(?i)message is not modified"):
        await bot.edit_message_text("a", chat_id=CHAT, message_id=msg.message_id)
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="ok")]])
    edited = await bot.edit_message_reply_markup(CHAT, msg.message_id, reply_markup=markup)
    assert isinstance(edited, object)
    with pytest.raises(BadRequest, match="(?i)message is not modified"):
        await bot.edit_message_reply_markup(CHAT, msg.message_id, reply_markup=markup)
    assert await bot.delete_message(CHAT, msg.message_id)
    with pytest.raises(BadRequest, match="(?i)message to delete not found"):
        await bot.delete_message(CHAT, msg.message_id)


# --------------------------------------------------------------------------- validation


async def test_missing_and_unknown_fields(tg: TelegramStandIn, bot: Bot) -> None:
    with pytest.raises(BadRequest, match='(?i)"text" is required'):
        await bot.do_api_request("sendMessage", api_kwargs={"chat_id": CHAT})
    with pytest.raises(BadRequest, match='(?i)unknown parameter "colour"'):
        await bot.send_message(CHAT, "x", api_kwargs={"colour": "red"})
    with pytest.raises(BadRequest, match="(?i)message_thread_id"):
        await bot.send_message(CHAT, "x", api_kwargs={"message_thread_id": "abc"})
    with pytest.raises(BadRequest, match="(?i)disable_notification"):
        await bot.send_message(CHAT, "x", api_kwargs={"disable_notification": "maybe"})
    assert [c.http_status for c in tg.calls[-4:]] == [400] * 4


async def test_json_fields_are_checked_against_the_spec(bot: Bot) -> None:
    no_text = json.dumps({"inline_keyboard": [[{"callback_data": "x"}]]})
    with pytest.raises(BadRequest, match='(?i)"text" is required'):
        await bot.send_message(CHAT, "x", api_kwargs={"reply_markup": no_text})
    with pytest.raises(BadRequest, match="(?i)reply_markup"):
        await bot.send_message(CHAT, "x", api_kwargs={"reply_markup": "{not json"})
    with pytest.raises(BadRequest, match="(?i)unsupported BotCommandScope"):
        await bot.do_api_request(
            "getMyCommands", api_kwargs={"scope": json.dumps({"type": "everyone"})}
        )
    with pytest.raises(BadRequest, match="(?i)chat_id"):
        await bot.do_api_request(
            "getMyCommands", api_kwargs={"scope": json.dumps({"type": "chat"})}
        )
    remove = json.dumps({"remove_keyboard": True})
    await bot.send_message(CHAT, "x", api_kwargs={"reply_markup": remove})


async def test_text_length_counts_utf16_after_parsing(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="(?i)message is too long"):
        await bot.send_message(CHAT, "a" * 4097)
    await bot.send_message(CHAT, "a" * 4096)
    await bot.send_message(CHAT, "ệ" * 4096)  # 4096 characters, 12288 UTF-8 bytes
    await bot.send_message(CHAT, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)message is too long"):
        await bot.send_message(CHAT, "😀" * 2049)  # 4098 UTF-16 code units
    with pytest.raises(BadRequest, match="(?i)message text is empty"):
        await bot.send_message(CHAT, "<b></b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)caption is too long"):
        await bot.send_document(CHAT, b"x", filename="a.txt", caption="c" * 1025)


async def test_callback_data_is_limited_in_bytes(bot: Bot) -> None:
    vietnamese = "Đăng ký hồ sơ trực tuyến ở phường"  # 33 characters, 48 UTF-8 bytes
    long_vn = "Phản ánh kiến nghị về thủ tục hành chính ở phường"  # 49 characters, 69 bytes
    assert len(long_vn) <= 64 < len(long_vn.encode())
    ok = InlineKeyboardMarkup([[InlineKeyboardButton("1", callback_data=vietnamese)]])
    await bot.send_message(CHAT, "ok", reply_markup=ok)
    bad = InlineKeyboardMarkup([[InlineKeyboardButton("1", callback_data=long_vn)]])
    with pytest.raises(BadRequest, match="(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(CHAT, "bad", reply_markup=bad)
    with pytest.raises(BadRequest, match="(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(
            CHAT,
            "bad",
            reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton("1", callback_data="x" * 65)]]
            ),
        )


@pytest.mark.parametrize(
    "bad",
    [
        "<b>x</i>",
        "<div>x</div>",
        "<b>open",
        "1 < 2",
        "a > b",
        "Tom & Jerry",
        "&nbsp;",
        '<span class="x">s</span>',
        "x</b>",
    ],
)
async def test_bad_html_is_refused(bot: Bot, bad: str) -> None:
    with pytest.raises(BadRequest, match="(?i)can't parse entities"):
        await bot.send_message(CHAT, bad, parse_mode="HTML")


async def test_good_html_is_accepted(bot: Bot) -> None:
    text = (
        '<b>đậm</b> <i>nghiêng</i> <a href="https://dichvucong.gov.vn">DVC</a> '
        '<span class="tg-spoiler">bí mật</span> <pre><code class="language-python">x=1</code>'
        "</pre> <blockquote expandable>trích</blockquote> 1 &lt; 2 &amp; &#7879; &#x1F600;"
    )
    msg = await bot.send_message(CHAT, text, parse_mode="HTML")
    assert msg.text is not None and msg.text.endswith("1 < 2 & ệ 😀")
    kinds = [e.type for e in msg.entities]
    assert kinds == [
        "bold",
        "italic",
        "text_link",
        "spoiler",
        "pre",
        "expandable_blockquote",
    ]
    assert msg.entities[4].language == "python"


def test_parse_html_offsets_are_utf16() -> None:
    plain, entities = parse_html("😀 <b>x</b>")
    assert plain == "😀 x"
    assert entities == [{"type": "bold", "offset": 3, "length": 1}]


async def test_unknown_chat_and_bad_commands(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="(?i)chat not found"):
        await bot.send_message(777, "hi")
    with pytest.raises(BadRequest, match="(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand("Start", "Bắt đầu")])
    with pytest.raises(BadRequest, match="(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand("a" * 33, "quá dài")])
    with pytest.raises(BadRequest, match="(?i)too many commands"):
        await bot.set_my_commands([BotCommand(f"c{i}", "x") for i in range(101)])
    with pytest.raises(BadRequest, match="(?i)MESSAGE_TOO_LONG"):
        await bot.answer_callback_query("1", text="x" * 201)


async def test_commands_per_scope_and_language(tg: TelegramStandIn, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("start", "Bắt đầu"), BotCommand("help", "Trợ giúp")])
    await bot.set_my_commands(
        [BotCommand("admin", "Quản trị")], scope=BotCommandScopeChat(CHAT), language_code="vi"
    )
    default = await bot.get_my_commands()
    assert [c.command for c in default] == ["start", "help"]
    assert await bot.get_my_commands(scope=BotCommandScopeChat(CHAT)) == ()
    scoped = await bot.get_my_commands(scope=BotCommandScopeChat(CHAT), language_code="vi")
    assert [c.command for c in scoped] == ["admin"]
    assert tg.commands({"type": "chat", "chat_id": CHAT}, "vi")[0]["description"] == "Quản trị"
    await bot.delete_my_commands(scope=BotCommandScopeChat(CHAT), language_code="vi")
    assert await bot.get_my_commands(scope=BotCommandScopeChat(CHAT), language_code="vi") == ()


async def test_non_strict_mode_accepts_unknown_chats_and_fields() -> None:
    async with (
        TelegramStandIn(strict=False) as tg,
        Bot(tg.token, base_url=tg.base_url, base_file_url=tg.base_file_url) as b,
    ):
        msg = await b.send_message(555, "hi", api_kwargs={"colour": "red"})
        assert msg.chat.id == 555


# --------------------------------------------------------------------------- failures


async def test_injected_429_surfaces_as_retry_after(tg: TelegramStandIn, bot: Bot) -> None:
    tg.fail_next("sendMessage", status=429, retry_after=7)
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(CHAT, "x")
    assert info.value.retry_after in (7, dtm.timedelta(seconds=7))
    assert tg.calls[-1].response["parameters"] == {"retry_after": 7}
    await bot.send_message(CHAT, "x")  # only the next call failed


async def test_injected_500_surfaces_as_network_error(tg: TelegramStandIn, bot: Bot) -> None:
    tg.fail_next("sendmessage", status=500, times=2)
    for _ in range(2):
        with pytest.raises(NetworkError) as info:
            await bot.send_message(CHAT, "x")
        assert not isinstance(info.value, BadRequest)
    await bot.send_message(CHAT, "x")
    assert [c.http_status for c in tg.calls_to("sendMessage")] == [500, 500, 200]


async def test_flood_control_back_to_back_and_spaced() -> None:
    now = [1000.0]
    async with TelegramStandIn(flood_control=True, clock=lambda: now[0]) as tg:
        tg.add_chat(CHAT)
        async with Bot(tg.token, base_url=tg.base_url, base_file_url=tg.base_file_url) as b:
            refused = 0
            for i in range(10):
                try:
                    await b.send_message(CHAT, f"burst {i}")
                except RetryAfter as err:
                    # counting refusals in a loop: pytest.raises would stop at the first
                    assert err.retry_after in (1, dtm.timedelta(seconds=1))  # noqa: PT017
                    refused += 1
            assert refused == 7 and tg.flood_refusals == 7
            now[0] += 60
            for i in range(10):
                await b.send_message(CHAT, f"spaced {i}")
                now[0] += 1.0
            assert tg.flood_refusals == 7


# --------------------------------------------------------------------------- files


async def test_send_document_multipart_is_recorded(tg: TelegramStandIn, bot: Bot) -> None:
    payload = "Báo cáo một cửa".encode() + bytes(range(256))
    msg = await bot.send_document(
        CHAT, payload, filename="bao-cao.xlsx", caption="<b>Tháng 5</b>", parse_mode="HTML"
    )
    assert msg.document is not None and msg.document.file_name == "bao-cao.xlsx"
    assert msg.caption == "Tháng 5"
    call = tg.calls_to("sendDocument")[-1]
    assert call.files["document"] == ("bao-cao.xlsx", payload)
    assert call.params["caption"] == "<b>Tháng 5</b>" and call.params["chat_id"] == CHAT
    again = await bot.send_document(CHAT, msg.document.file_id)  # resend by file_id
    assert again.document is not None and again.document.file_id == msg.document.file_id
    data = await (await bot.get_file(msg.document.file_id)).download_as_bytearray()
    assert bytes(data) == payload


async def test_push_photo_get_file_download(tg: TelegramStandIn, bot: Bot) -> None:
    tg.push_photo(CHAT, b"\xff\xd8jpeg-bytes", caption="ổ gà")
    (update,) = await bot.get_updates()
    assert update.message is not None and update.message.caption == "ổ gà"
    file = await bot.get_file(update.message.photo[-1].file_id)
    assert bytes(await file.download_as_bytearray()) == b"\xff\xd8jpeg-bytes"
    with pytest.raises(BadRequest):
        await bot.get_file("nope")


async def test_other_pushes_are_valid_updates(tg: TelegramStandIn, bot: Bot) -> None:
    tg.push_document(CHAT, b"%PDF", "don.pdf", "application/pdf")
    tg.push_location(CHAT, 21.03, 105.85)
    tg.push_contact(CHAT, "+84901234567")
    tg.push_sticker(CHAT)
    tg.push_voice(CHAT)
    first = tg.push_message(CHAT, "cũ")
    tg.push_edited_message(CHAT, first["message"]["message_id"], "mới")
    updates = await bot.get_updates()
    assert len(updates) == 7
    msgs = [u.message for u in updates[:5]]
    assert msgs[0] and msgs[0].document and msgs[0].document.file_name == "don.pdf"
    assert msgs[1] and msgs[1].location and msgs[1].location.latitude == 21.03
    assert msgs[2] and msgs[2].contact and msgs[2].contact.user_id == CHAT
    assert msgs[3] and msgs[3].sticker
    assert msgs[4] and msgs[4].voice
    assert updates[6].edited_message and updates[6].edited_message.text == "mới"


# --------------------------------------------------------------------------- webhook


async def test_webhook_blocks_get_updates_and_delivers(tg: TelegramStandIn, bot: Bot) -> None:
    seen: list[tuple[str, str | None, bytes]] = []

    async def hook(request: Request) -> Response:
        headers = request.headers
        secret = headers.get("X-Telegram-Bot-Api-Secret-Token")
        seen.append((headers["Content-Type"], secret, await request.body()))
        return Response()

    async with AppServer(Starlette(routes=[Route("/hook", hook, methods=["POST"])])) as server:
        tg.push_message(CHAT, "pending")
        await bot.set_webhook(f"http://127.0.0.1:{server.port}/hook", secret_token="s3cr3t")
        info = await bot.get_webhook_info()
        assert info.url.endswith("/hook") and info.pending_update_count == 1
        with pytest.raises(Conflict, match="webhook is active"):
            await bot.get_updates()
        status = await tg.deliver_webhook({"update_id": 99, "message": {"text": "x"}})
        assert status == 200
        assert seen == [
            ("application/json", "s3cr3t", b'{"update_id": 99, "message": {"text": "x"}}')
        ]
        await bot.delete_webhook(drop_pending_updates=True)
        assert await bot.get_updates() == ()


async def test_wait_helpers_time_out_with_context(tg: TelegramStandIn, bot: Bot) -> None:
    await bot.send_message(CHAT, "x")
    with pytest.raises(AssertionError, match="sendMessage 200"):
        await tg.wait_for_call("sendPhoto", timeout=0.05)
    call = await tg.wait_for_call("sendMessage", lambda c: c.params["text"] == "x")
    assert call.ok and call.result["text"] == "x"


async def test_second_poll_terminates_the_first(tg: TelegramStandIn, bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await tg.wait_idle_poll()
    async with httpx.AsyncClient() as client:  # PTB's own getUpdates pool has one connection
        url = f"{tg.base_url}{tg.token}/getUpdates"
        second = asyncio.create_task(client.post(url, data={"timeout": "5"}))
        with pytest.raises(Conflict, match="terminated by other getUpdates"):
            await first
        tg.push_update(
            {"message": {"message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"}}}
        )
        response = await second
    assert [u["update_id"] for u in response.json()["result"]] == [1]


async def test_raw_json_and_query_string_requests(tg: TelegramStandIn) -> None:
    tg.add_chat(CHAT)
    url = f"{tg.base_url}{tg.token}"
    async with httpx.AsyncClient() as client:
        r = await client.post(f"{url}/sendMessage", json={"chat_id": CHAT, "text": "json"})
        assert r.status_code == 200 and r.json()["result"]["text"] == "json"
        r = await client.get(f"{url}/sendMessage", params={"chat_id": str(CHAT), "text": "qs"})
        assert r.json()["result"]["chat"]["id"] == CHAT
        r = await client.post(f"{url}/sendMessage", json={"chat_id": CHAT, "text": "x", "x": 1})
        assert r.status_code == 400 and r.json()["error_code"] == 400
        r = await client.post(f"{url}/getUpdates", data={"limit": "abc"})
        assert r.json()["description"].startswith("Bad Request: ")
        r = await client.post(f"{tg.base_url}1:BAD/getMe")
        assert r.status_code == 401
        assert r.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
        r = await client.post(f"{url}/noSuchMethod")
        assert r.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
        r = await client.post(f"{url}/setChatTitle", data={"chat_id": "1", "title": "t"})
        assert r.json() == {"ok": True, "result": True}  # Boolean-returning spec method
        r = await client.post(f"{url}/getChat", data={"chat_id": "1"})
        assert "not supported" in r.json()["description"]


# --------------------------------------------------------------------------- lifecycle


async def test_a_poll_whose_client_hangs_up_takes_no_updates(tg: TelegramStandIn, bot: Bot) -> None:
    async with httpx.AsyncClient() as client:
        held = asyncio.create_task(
            client.post(f"{tg.base_url}{tg.token}/getUpdates", data={"timeout": "30"})
        )
        await tg.wait_idle_poll()
        held.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await held
    await tg.wait_no_poll()
    tg.push_message(CHAT, "sau khi ngắt")
    updates = await bot.get_updates()
    assert [u.message.text for u in updates if u.message] == ["sau khi ngắt"]
    assert len(tg.calls_to("getUpdates")) == 1  # the abandoned poll was never answered


async def test_stop_answers_a_held_poll_and_frees_the_port() -> None:
    tg = TelegramStandIn()
    await tg.start()
    port = tg.port
    async with Bot(tg.token, base_url=tg.base_url, base_file_url=tg.base_file_url) as b:
        held = asyncio.create_task(b.get_updates(timeout=30))
        await tg.wait_idle_poll()
        await tg.stop()
        assert await held == ()
    assert tg.calls_to("getUpdates")[-1].response == {"ok": True, "result": []}
    async with httpx.AsyncClient() as client:
        with pytest.raises(httpx.ConnectError):
            await client.post(f"{tg.base_url}{tg.token}/getMe")
        again = TelegramStandIn()
        await again.start(port=port)
        try:
            r = await client.post(f"{again.base_url}{again.token}/getMe")
            assert r.json()["result"]["username"] == "cchc_test_bot"
        finally:
            await again.stop()


async def test_a_second_stand_in_continues_the_first_ones_ids() -> None:
    advanced: list[StandInCounters] = []
    async with (
        TelegramStandIn(on_counters=advanced.append) as first,
        Bot(first.token, base_url=first.base_url, base_file_url=first.base_file_url) as b,
    ):
        first.push_message(CHAT, "một")
        first.push_photo(CHAT)
        await b.send_message(CHAT, "hai")
        assert [u.update_id for u in await b.get_updates()] == [1, 2]
        saved = first.counters
    assert saved == StandInCounters(next_update_id=3, next_message_ids={CHAT: 4}, next_file_id=3)
    assert advanced[-1] == saved  # the callback saw every advance, the last one included
    restored = StandInCounters.from_dict(json.loads(json.dumps(saved.as_dict())))
    assert restored == saved

    async with (
        TelegramStandIn(counters=restored) as second,
        Bot(second.token, base_url=second.base_url, base_file_url=second.base_file_url) as b,
    ):
        await second.wait_updates_confirmed()  # nothing pushed yet: nothing to wait for
        pushed = second.push_message(CHAT, "ba")
        photo = second.push_photo(CHAT)
        (update, _) = await b.get_updates(offset=saved.next_update_id)
        assert update.update_id == pushed["update_id"] == 3
        assert pushed["message"]["message_id"] == 4
        assert photo["message"]["photo"][0]["file_id"] == "BQACAgIAAx000003standin"
        reply = await b.send_message(CHAT, "bốn")
        assert reply.message_id == 6
        assert second.counters.next_message_ids == {CHAT: 7}


async def test_a_later_stand_in_knows_a_message_again_and_its_buttons_work() -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("★★★★★", callback_data="rate")]])
    async with (
        TelegramStandIn() as first,
        Bot(first.token, base_url=first.base_url, base_file_url=first.base_file_url) as b,
    ):
        first.push_message(CHAT, "xin chào")
        sent = await b.send_message(CHAT, "Hài lòng?", reply_markup=markup)
        kept = first.message(CHAT, sent.message_id)
        counters = first.counters
    assert kept is not None
    async with (
        TelegramStandIn(counters=counters) as second,
        Bot(second.token, base_url=second.base_url, base_file_url=second.base_file_url) as b,
    ):
        second.add_chat(CHAT)
        with pytest.raises(KeyError):  # a message from before the stand-in started: unknown
            second.push_callback(CHAT, sent.message_id, "rate")
        second.restore_bot_message(json.loads(json.dumps(kept)))
        pressed = second.push_callback(CHAT, sent.message_id, "rate")
        assert pressed["callback_query"]["message"]["text"] == "Hài lòng?"
        edited = await b.edit_message_text("Cảm ơn", chat_id=CHAT, message_id=sent.message_id)
        assert isinstance(edited, Message) and edited.text == "Cảm ơn"
