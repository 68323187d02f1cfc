"""Argument parsing for `python -m bot`. Each subcommand's work lives in its own module."""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import date, datetime


def _day(text: str) -> date:
    """An argparse type: a bad day is a usage error, not a traceback."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a day (YYYY-MM-DD): {text!r}") from None


def _moment(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a time (YYYY-MM-DDTHH:MM): {text!r}") from None


def _parse(args: argparse.Namespace) -> int:
    from nlu.intents import understand

    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        row = json.loads(line)
        intent = understand(row.get("text", ""), datetime.fromisoformat(row["sent_at"]))
        sys.stdout.write(json.dumps(intent.as_json(), ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 0


def _demo(args: argparse.Namespace) -> int:
    from bot.cli.demo import demo_settings, run_demo

    settings, path = demo_settings()
    day = args.date or datetime.now().date()
    asyncio.run(run_demo(settings, day))
    where = path or settings.database_url
    print(f"\n演示数据已写入：{where}")
    if path:
        print(f"继续在控制台体验：DATABASE_URL=sqlite:///{path} python -m bot console "
              f"--group 青石区应急值班群 --as 王主任 --clock {day.isoformat()}T12:50")
    return 0


def _console(args: argparse.Namespace) -> int:
    from bot.runtime.app import build_deps
    from core.clock import CHINA, OffsetClock
    from bot.runtime.settings import Settings
    from bot.console import ConsolePlatform, interactive, with_root_admins

    settings = Settings()
    if args.admin:          # the speaker is one of the organisation's root admins (BOT_ADMINS)
        settings = with_root_admins(settings, args.who)
    clock = None
    if args.clock:
        start = args.clock
        start = start if start.tzinfo else start.replace(tzinfo=CHINA)
        clock = OffsetClock(start, speed=args.speed)
    platform = ConsolePlatform()
    deps = build_deps(settings, platform, clock)
    print(f"控制台：群“{args.group}”，以 {args.who} 的身份发言（数据库 {settings.database_url}）")
    asyncio.run(interactive(deps, args.group, args.who))
    return 0


def _export(args: argparse.Namespace) -> int:
    """The 隐患台账 of every group as .xlsx, read from DATABASE_URL."""
    from core.clock import CHINA
    from bot.runtime.settings import Settings
    from handlers.hazard import build_ledger, ledger_file, month_of
    from handlers.inspection import ledger_rows
    from storage.db import SessionFactory, make_engine, migrate
    from storage.stats import Scope

    settings = Settings()
    today = datetime.now(CHINA).date()
    first, last = month_of(today)
    start = args.start or first
    end = args.end or (last if not args.start else today)
    if end < start:
        print("--end 早于 --start", file=sys.stderr)
        return 2
    engine = make_engine(settings.database_url)
    migrate(engine)             # as draft and run do: a new or older database gets the schema
    with SessionFactory(engine)() as session:
        rows = build_ledger(session, scope=Scope.everything(), start=start, end=end, asof=today,
                            tz=settings.timezone, carry_open=True)
        checked = ledger_rows(session, Scope.everything(), start, end)
    engine.dispose()
    out = args.out or f"隐患台账_{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
    with open(out, "wb") as f:
        f.write(ledger_file(rows, f"隐患排查整改台账（{start:%Y.%m.%d}—{end:%Y.%m.%d}）", checked))
    print(f"已导出 {len(rows)} 条隐患：{out}")
    return 0


def _draft_arguments(p: argparse.ArgumentParser) -> None:
    from bot.cli.draft import add_arguments, run

    add_arguments(p)
    p.set_defaults(func=run)


def _run(args: argparse.Namespace) -> int:
    from bot.runtime.run import run_bot

    return run_bot(args.platform)


def _dingtalk_id(args: argparse.Namespace) -> int:
    """The integer a DingTalk staff id is known by (for BOT_ADMINS)."""
    from bot.dingtalk.identities import user_number

    for staff in args.staff_ids:
        print(f"{staff}\t{user_number(staff)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="值守助手")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="JSON Lines {text, sent_at} in, one intent per line out")
    p.set_defaults(func=_parse)
    p = sub.add_parser("demo", help="a scripted week, offline")
    p.add_argument("--date", type=_day, help="the demo's last day (YYYY-MM-DD); default today")
    p.set_defaults(func=_demo)
    p = sub.add_parser("console", help="chat in the terminal as a member of a group")
    p.add_argument("--group", default="青石区应急值班群", help="the group's title")
    p.add_argument("--as", dest="who", default="王主任", help="who you are")
    p.add_argument("--admin", action="store_true", help="speak as a root admin (as if listed in BOT_ADMINS)")
    p.add_argument("--clock", type=_moment, help="start the clock at this time (e.g. 2026-06-18T10:59)")
    p.add_argument("--speed", type=float, default=1.0, help="how fast the clock runs (e.g. 60)")
    p.set_defaults(func=_console)
    p = sub.add_parser("export", help="export a register from DATABASE_URL (ledger: 隐患台账 .xlsx)")
    p.add_argument("what", choices=["ledger"])
    p.add_argument("--start", type=_day, help="first found day (YYYY-MM-DD); default the 1st of this month")
    p.add_argument("--end", type=_day, help="last found day (YYYY-MM-DD); default the month's end")
    p.add_argument("--out", help="where to write the .xlsx")
    p.set_defaults(func=_export)
    p = sub.add_parser("draft", help="a report draft from the database (weekly, half_year, ...)")
    _draft_arguments(p)
    p = sub.add_parser("run", help="the Telegram bot (polling, or webhook when WEBHOOK_URL is set)")
    p.add_argument("--platform", choices=["telegram", "dingtalk"],
                   help="telegram (default, or BOT_PLATFORM) or dingtalk (Stream mode)")
    p.set_defaults(func=_run)
    p = sub.add_parser("dingtalk-id", help="the id BOT_ADMINS takes for a DingTalk staff id (userid)")
    p.add_argument("staff_ids", nargs="+", metavar="STAFF_ID")
    p.set_defaults(func=_dingtalk_id)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.func(args)
