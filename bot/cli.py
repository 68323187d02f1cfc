"""Argument parsing for `python -m bot`. Each subcommand's work lives in its own module."""
from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime


def _parse(args: argparse.Namespace) -> int:
    from nlu.intents import understand

    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        row = json.loads(line)
        sent_at = datetime.fromisoformat(row["sent_at"])
        intent = understand(row.get("text", ""), sent_at)
        print(json.dumps(intent.as_json(), ensure_ascii=False), flush=False)
    sys.stdout.flush()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="值守助手")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="JSON Lines {text, sent_at} in, one intent per line out")
    p.set_defaults(func=_parse)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.func(args)
