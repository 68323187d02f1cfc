"""Fan-out benchmark: the 11:00 push to each of N groups, through the pacer.

    python bench/fanout.py [--groups 3000] [--rate 300] [--headroom 0.97] [--no-board]

Each group's push is what the scheduler sends at 11:00: an edit of the day's board (posted
by the first report of the morning, seeded here before the timing) and the one short 催报
message, one after the other (--no-board: the 催报 alone, as before issue 20).

A fake Bot API server on loopback enforces Telegram-style limits (``--rate`` messages a
second overall; 1 a second and 20 a minute per group) and answers 429 beyond them.  A
real aiogram Bot with the pacer installed sends each group's calls, all groups at once.
The pacer runs at ``rate * headroom`` to leave room for timing jitter.  Printed: time
taken, the floor (calls / rate), their ratio, calls lost, 429 answers; the last line is
``ratio=N.NN lost=N``.  Target: ratio <= 1.1, lost=0.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from aiogram import Bot  # noqa: E402
from aiogram.client.session.aiohttp import AiohttpSession  # noqa: E402
from aiogram.client.telegram import TelegramAPIServer  # noqa: E402

from bot.telegram.pacing import Pacer, install_pacer  # noqa: E402
from tests.fakes.botapi import FakeBotAPI  # noqa: E402

TEXT = "【催报】请各单位于12:00前报送今日值班情况，无事件请报“零报告”。"
BOARD = "📋 6月18日 值班报送看板（截止 12:00）\n✅ 青石镇 按时（08:42）\n⏳ 白沙街道 未报\n已报 1 / 应报 2"


async def _group_push(bot: Bot, chat: int, board_id: int | None) -> None:
    if board_id is not None:
        await bot.edit_message_text(chat_id=chat, message_id=board_id, text=BOARD + "\n（11:00）")
    await bot.send_message(chat, TEXT)


async def fanout(groups: int, rate: float, headroom: float,
                 board: bool = True) -> tuple[float, int, int, int]:
    """Returns (seconds, calls delivered, failed calls, 429 answers)."""
    async with FakeBotAPI(global_per_second=rate, per_chat_per_second=1,
                          per_chat_per_minute=20) as server:
        pacer = Pacer(global_per_second=rate * headroom)
        bot = Bot(server.token, session=AiohttpSession(
            api=TelegramAPIServer.from_base(server.base_url), limit=200))
        install_pacer(bot, pacer)
        chats = [-(1_000_000_000_000 + i) for i in range(groups)]
        boards = {chat: server.seed_message(chat, BOARD) if board else None for chat in chats}
        try:
            await bot.get_me()  # warm the connection pool outside the timing
            started = time.perf_counter()
            results = await asyncio.gather(
                *(_group_push(bot, chat, boards[chat]) for chat in chats), return_exceptions=True
            )
            elapsed = time.perf_counter() - started
        finally:
            await bot.session.close()
        failed = sum(1 for r in results if isinstance(r, BaseException))
        delivered = len({m["chat"]["id"] for m in server.sent_messages() if m.get("text") == TEXT})
        delivered += len({e["chat_id"] for e in server.edits()})
        return elapsed, delivered, failed, server.too_many


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=3000)
    parser.add_argument("--rate", type=float, default=300.0, help="server limit, messages/s")
    parser.add_argument("--headroom", type=float, default=0.97,
                        help="pacer rate as a fraction of the server's")
    parser.add_argument("--no-board", dest="board", action="store_false",
                        help="the 催报 alone, without the board's edit")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)

    elapsed, delivered, failed, too_many = asyncio.run(
        fanout(args.groups, args.rate, args.headroom, args.board)
    )
    calls = args.groups * (2 if args.board else 1)
    floor = calls / args.rate
    ratio = elapsed / floor
    lost = calls - delivered
    print(f"groups={args.groups} calls={calls} rate={args.rate:g}/s pacer={args.rate * args.headroom:g}/s")
    print(f"time={elapsed:.2f}s floor={floor:.2f}s")
    print(f"attempted={calls} delivered={delivered} failed_calls={failed} "
          f"429_answers={too_many}")
    print(f"ratio={ratio:.2f} lost={lost}")
    return 0 if lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
