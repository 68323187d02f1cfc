"""A live view's edits through the Telegram adapter: a burst of board edits is rendered
only for the edits the coalescer sends (the first at once, the newest at the window's
end), each showing the board as it is then."""
from __future__ import annotations

from aiogram import Bot

from bot.telegram.outbound import edit_coalescer, send_reply
from handlers import board, duty
from handlers.base import Reply
from storage.models import BotMessage, DayBoard
from tests.fakes.local_session import LocalSession
from tests.helpers import GROUP, OFFICERS


async def test_a_burst_of_board_edits_is_rendered_once_per_edit_sent(town, monkeypatch):
    town.at("09:00")
    await town.send("李明", "青石镇今日无突发事件，零报告")       # the board is posted
    board_id = town.rows(DayBoard)[0].id
    message_id = town.rows(BotMessage, BotMessage.kind == "board")[0].message_id
    renders = []        # by the adapter (the harness renders its own replies at once)

    def counted(session, ref_id, now):
        if adapter:
            renders.append(ref_id)
        return board.view_text(session, ref_id, now)
    monkeypatch.setitem(duty.feature.views, board.VIEW, counted)
    adapter = True
    bot = Bot(token="42:LOCAL", session=LocalSession())
    edit_coalescer(bot).window = 3600           # everything after the first edit is held
    lazy = Reply(chat_id=GROUP, edit_message_id=message_id, view=(board.VIEW, board_id))
    for unit in list(OFFICERS)[1:]:             # four more reports, each queueing an edit
        town.at("09:30")
        adapter = False
        await town.send(OFFICERS[unit], f"{unit}今日无突发事件，零报告")
        adapter = True
        await send_reply(bot, town.deps, GROUP, lazy)
    assert len(renders) == 1                    # the first edit went out at once
    await edit_coalescer(bot).flush()
    edits = [params for name, params in bot.session.calls if name == "editMessageText"]
    assert len(renders) == len(edits) == 2
    assert edits[0]["message_id"] == message_id and "已报 2 / 应报 5" in edits[0]["text"]
    assert "已报 5 / 应报 5" in edits[-1]["text"] and "✅ 市住建局 按时（09:30）" in edits[-1]["text"]
    await bot.session.close()
