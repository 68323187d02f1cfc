"""`python -m bot draft`: a report draft from the configured database, for scripts.

    python -m bot draft --kind half_year --json
    python -m bot draft --kind weekly --start 2026-06-08 --end 2026-06-14 --docx out/w.docx

Covers every unit (or one group's roster with --group TITLE). With --json one object:
{"kind", "start", "end", "facts", "text", "source", "guard": {"checked", "rejected"}}; the
guard is run over the final text, the template's too, so "checked" counts every number.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import date, datetime
from zoneinfo import ZoneInfo

# The parser is built for every `python -m bot` command: the heavy imports wait for run().

KINDS = ("weekly", "monthly", "half_year", "yearly")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--kind", choices=KINDS, default="weekly", help="the period's kind (default weekly)")
    p.add_argument("--start", type=date.fromisoformat, help="first day (YYYY-MM-DD), with --end")
    p.add_argument("--end", type=date.fromisoformat, help="last day (YYYY-MM-DD), with --start")
    p.add_argument("--today", type=date.fromisoformat, help="count as if today were this day")
    p.add_argument("--group", help="one group's roster (its title); default every unit")
    p.add_argument("--org", help="how the report names the office (default: from the group's title)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of the text")
    p.add_argument("--docx", help="also write the draft as a .docx to this path")


async def produce(settings, args: argparse.Namespace) -> dict:
    from bot.runtime.model import LLM
    from reports import build, draft as drafting, polish as polishing
    from reports.docx import write_docx
    from storage import due, people
    from storage.db import SessionFactory, make_engine, migrate

    today = args.today or datetime.now(ZoneInfo(settings.timezone)).date()
    if (args.start is None) != (args.end is None):
        raise SystemExit("--start and --end go together")
    if args.start and args.end < args.start:
        raise SystemExit("--end is before --start")
    period = build.period_for(args.kind, args.start, args.end, today)
    engine = make_engine(settings.database_url)
    try:
        migrate(engine)
        with SessionFactory(engine)() as session:
            group = None
            if args.group:
                group = people.find_group_by_title(session=session, title=args.group)
                if group is None:
                    raise SystemExit(f"no group titled {args.group!r}")
            label = args.org or build.scope_label(group or _only_group(session))
            passed = due.deadline_passed(group, datetime.now(ZoneInfo(settings.timezone)), today)
            facts = build.build_facts(session, period, group, today, deadline_passed=passed, label=label)
    finally:
        engine.dispose()
    outcome = await polishing.draft_and_polish(facts, LLM.from_settings(settings))
    final = polishing.guard(outcome.text, facts)
    if args.docx:
        write_docx(drafting.title(facts), outcome.text, args.docx)
    return {"kind": period.kind, "start": period.start.isoformat(), "end": period.end.isoformat(),
            "facts": facts.to_dict(), "text": outcome.text, "source": outcome.source,
            "guard": {"checked": final.checked, "rejected": final.rejected},
            "reason": outcome.reason}


def _only_group(session):
    """With every unit counted, the office is named after the leaders' group (or the only
    group) when there is exactly one."""
    from sqlmodel import select

    from storage.models import Group

    groups = list(session.exec(select(Group)))
    leaders = [g for g in groups if g.role == "leaders"]
    for candidates in (leaders, groups):
        if len(candidates) == 1:
            return candidates[0]
    return None


def run(args: argparse.Namespace) -> int:
    from bot.runtime.settings import Settings

    result = asyncio.run(produce(Settings(), args))
    if args.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(result["text"] + "\n")
        if result["reason"]:
            sys.stderr.write(result["reason"] + "\n")
    return 0 if not result["guard"]["rejected"] else 1
