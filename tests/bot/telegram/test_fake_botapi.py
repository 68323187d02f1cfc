"""The fake Bot API server, driven by a real aiogram Bot and a polling Dispatcher."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup, Message

from tests.fakes.botapi import FakeBotAPI

GROUP = -1001234567890


@pytest.fixture
async def server() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as srv:
        yield srv


@pytest.fixture
async def bot(server: FakeBotAPI) -> AsyncIterator[Bot]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(server.base_url))
    b = Bot(server.token, session=session)
    try:
        yield b
    finally:
        await b.session.close()


async def _polling(dp: Dispatcher, bot: Bot) -> asyncio.Task:
    task = asyncio.create_task(
        dp.start_polling(bot, handle_signals=False, close_bot_session=False, polling_timeout=5)
    )
    return task


async def _stop(dp: Dispatcher, task: asyncio.Task) -> None:
    await dp.stop_polling()
    await task


async def test_get_me_reports_privacy_and_username(server: FakeBotAPI, bot: Bot) -> None:
    me = await bot.get_me()
    assert me.username == "zhishou_test_bot"
    assert me.can_read_all_group_messages is True
    server.can_read_all_group_messages = False
    assert (await bot.get_me()).can_read_all_group_messages is False


async def test_pushed_message_reaches_handler_and_answer_is_recorded(
    server: FakeBotAPI, bot: Bot
) -> None:
    seen: list[Message] = []
    router = Router()

    @router.message(F.text)
    async def echo(message: Message) -> None:
        seen.append(message)
        await message.answer(f"收到：{message.text}")

    dp = Dispatcher()
    dp.include_router(router)
    task = await _polling(dp, bot)
    try:
        update_id = server.push_message(GROUP, 42, "今日零报告", first_name="张三", username="zs")
        await server.wait_calls("sendMessage", 1)
        await server.wait_confirmed(update_id)
    finally:
        await _stop(dp, task)

    assert [m.text for m in seen] == ["今日零报告"]
    assert seen[0].chat.type == "supergroup"
    assert seen[0].from_user is not None and seen[0].from_user.id == 42
    sent = server.sent_messages(GROUP)
    assert [m["text"] for m in sent] == ["收到：今日零报告"]
    # The user's message took id 1, the bot's answer id 2 in the same chat.
    assert sent[0]["message_id"] == seen[0].message_id + 1
    assert server.calls_of("sendMessage")[0]["chat_id"] == GROUP


async def test_identical_edit_is_not_modified_and_unknown_is_not_found(
    server: FakeBotAPI, bot: Bot
) -> None:
    kb = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="签到", callback_data="s")]])
    msg = await bot.send_message(GROUP, "签到 0 人", reply_markup=kb)
    assert msg.reply_markup is not None

    edited = await bot.edit_message_text("签到 1 人", chat_id=GROUP, message_id=msg.message_id,
                                         reply_markup=kb)
    assert isinstance(edited, Message) and edited.text == "签到 1 人"

    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("签到 1 人", chat_id=GROUP, message_id=msg.message_id,
                                    reply_markup=kb)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=GROUP, message_id=9999)
    assert [e["text"] for e in server.edits(GROUP)] == ["签到 1 人"]


async def test_document_and_photo_uploads_are_recorded(server: FakeBotAPI, bot: Bot) -> None:
    payload = "周报 第12期".encode() * 100
    msg = await bot.send_document(
        GROUP, BufferedInputFile(payload, filename="周报.docx"), caption="本周值守情况"
    )
    assert msg.document is not None and msg.document.file_name == "周报.docx"
    [doc] = server.documents(GROUP)
    assert doc.filename == "周报.docx" and doc.data == payload and doc.caption == "本周值守情况"

    photo = await bot.send_photo(GROUP, BufferedInputFile(b"\x89PNG...", filename="chart.png"))
    assert photo.photo
    [png] = server.photos(GROUP)
    assert png.data == b"\x89PNG..."

    file = await bot.get_file(doc.file_id)
    assert file.file_size == len(payload)
    downloaded = await bot.download_file(file.file_path)
    assert downloaded is not None and downloaded.read() == payload


async def test_same_update_id_is_redelivered(server: FakeBotAPI, bot: Bot) -> None:
    seen: list[int] = []
    router = Router()

    @router.message()
    async def record(message: Message) -> None:
        seen.append(message.message_id)

    dp = Dispatcher()
    dp.include_router(router)
    task = await _polling(dp, bot)
    try:
        uid = server.push_message(GROUP, 7, "城关镇今日零报告")
        await server.wait_for(lambda: len(seen) == 1)
        await server.wait_confirmed(uid)
        raw = {
            "update_id": uid,
            "message": {
                "message_id": seen[0],
                "date": 1_700_000_000,
                "chat": {"id": GROUP, "type": "supergroup", "title": "应急值守群"},
                "from": {"id": 7, "is_bot": False, "first_name": "李四"},
                "text": "城关镇今日零报告",
            },
        }
        server.push_raw(raw)
        await server.wait_for(lambda: len(seen) == 2)
    finally:
        await _stop(dp, task)
    assert seen == [seen[0], seen[0]]


async def test_callback_query_and_answer(server: FakeBotAPI, bot: Bot) -> None:
    answered: list[str] = []
    router = Router()

    @router.callback_query(F.data == "sign")
    async def sign(query) -> None:  # type: ignore[no-untyped-def]
        answered.append(query.data)
        await query.answer("已签到")

    dp = Dispatcher()
    dp.include_router(router)
    card = await bot.send_message(GROUP, "演练签到")
    task = await _polling(dp, bot)
    try:
        server.push_callback(GROUP, 99, card.message_id, "sign")
        await server.wait_calls("answerCallbackQuery")
    finally:
        await _stop(dp, task)
    assert answered == ["sign"]
    assert server.answered_callbacks[0]["text"] == "已签到"


async def test_admins_and_admin_failure_switch(server: FakeBotAPI, bot: Bot) -> None:
    server.set_admins(GROUP, [1, 2])
    admins = await bot.get_chat_administrators(GROUP)
    assert [a.user.id for a in admins] == [1, 2]
    assert [a.status for a in admins] == ["creator", "administrator"]
    assert (await bot.get_chat_member(GROUP, 2)).status == "administrator"
    assert (await bot.get_chat_member(GROUP, 3)).status == "member"

    server.set_admin_failure(500)
    with pytest.raises(TelegramServerError):
        await bot.get_chat_administrators(GROUP)
    server.set_admin_failure(400, "Bad Request: chat not found")
    with pytest.raises(TelegramBadRequest):
        await bot.get_chat_member(GROUP, 2)
    server.set_admin_failure(None)
    assert len(await bot.get_chat_administrators(GROUP)) == 2


async def test_unknown_method_and_bad_token(server: FakeBotAPI) -> None:
    server.bad_token = "42:revoked-token"
    api = TelegramAPIServer.from_base(server.base_url)
    bad = Bot("42:revoked-token", session=AiohttpSession(api=api))
    good = Bot(server.token, session=AiohttpSession(api=api))
    try:
        with pytest.raises(TelegramUnauthorizedError):
            await bad.get_me()
        with pytest.raises(TelegramNotFound):
            await good.get_chat(GROUP)
    finally:
        await bad.session.close()
        await good.session.close()


async def test_rate_limit_answers_429_and_does_not_deliver() -> None:
    async with FakeBotAPI(per_chat_per_second=1, per_chat_per_minute=20) as limited:
        api = TelegramAPIServer.from_base(limited.base_url)
        b = Bot(limited.token, session=AiohttpSession(api=api))
        try:
            await b.send_message(GROUP, "一")
            with pytest.raises(TelegramRetryAfter) as info:
                await b.send_message(GROUP, "二")
            assert info.value.retry_after == 1
            await b.send_message(-1, "另一个群不受影响")
        finally:
            await b.session.close()
        assert limited.too_many == 1
        assert limited.delivered == 2
        assert limited.sent_texts(GROUP) == ["一"]


async def test_hundreds_of_concurrent_requests(server: FakeBotAPI, bot: Bot) -> None:
    results = await asyncio.gather(*(bot.send_message(-1000 - i, f"催报 {i}") for i in range(300)))
    assert len({(m.chat.id, m.message_id) for m in results}) == 300
    assert server.delivered == 300


async def test_updates_outside_allowed_updates_are_dropped(server: FakeBotAPI, bot: Bot) -> None:
    seen: list[str] = []
    router = Router()

    @router.message()
    async def record(message: Message) -> None:
        seen.append(message.text or "")

    dp = Dispatcher()
    dp.include_router(router)  # only messages: aiogram asks for allowed_updates=["message"]
    task = await _polling(dp, bot)
    try:
        await server.wait_for(lambda: server.poll_count >= 1)
        server.push_callback(GROUP, 5, 1, "ignored")
        server.push_message(GROUP, 5, "到岗")
        await server.wait_for(lambda: seen == ["到岗"])
    finally:
        await _stop(dp, task)
    assert [set(u) - {"update_id"} for u in server.dropped_updates] == [{"callback_query"}]
