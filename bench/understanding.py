"""Benchmark of the understanding layer against labelled corpora (rules alone, offline).

usage: python bench/understanding.py            the three sets side by side, per field
       python bench/understanding.py FILE       one file, with its misses

The sets: the shared dev corpus (../shared/corpus/messages.dev.jsonl beside the
repository), `corpus/train.jsonl` (rules may be tuned on it), `corpus/unseen.jsonl` (never
tuned on), `corpus/unseen_fresh.jsonl` (written independently; read and tuned on since
issue 18's second round, so no longer a generalisation figure), `corpus/heldout.jsonl`
(independent, scored once in round 2, read and tuned on in round 3: seen now),
`corpus/heldout2.jsonl` (scored once in round 3, tuned on in round 4: seen now),
`corpus/practice.jsonl` (round 5's practice batches, written apart from the parser and tuned
on), `corpus/heldout3.jsonl` and `corpus/heldout4.jsonl` (rounds 5 and 6's independent sets,
each scored once, then read in the next round) and, when the lead has added it,
`corpus/heldout5.jsonl` (round 7's independent set, nobody tuning the rules has seen it: the
figure that says whether they generalise). A set whose file is absent
is named and skipped. Scoring is that of ../shared/tools/score_parse.py: a field counts only
where it is labelled, and only when the intent is right; a unit counts when one name
contains the other (2+ characters). The last line printed is `intent=0.NNN fields=0.NNN`
(of the last set in the table).
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from nlu.intents import understand  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "messages.dev.jsonl"
SETS = {"dev": DEFAULT_CORPUS, "train": REPO / "corpus" / "train.jsonl", "unseen": REPO / "corpus" / "unseen.jsonl",
        "fresh": REPO / "corpus" / "unseen_fresh.jsonl", "heldout": REPO / "corpus" / "heldout.jsonl",
        "heldout2": REPO / "corpus" / "heldout2.jsonl", "practice": REPO / "corpus" / "practice.jsonl",
        "heldout3": REPO / "corpus" / "heldout3.jsonl", "heldout4": REPO / "corpus" / "heldout4.jsonl",
        "heldout5": REPO / "corpus" / "heldout5.jsonl"}


def _norm(v):
    if isinstance(v, str):
        return "".join(v.split())
    return v


def same(name: str, want, got) -> bool:
    if name == "unit" and isinstance(want, str) and isinstance(got, str):
        w, g = _norm(want), _norm(got)
        return w == g or (min(len(w), len(g)) >= 2 and (w in g or g in w))
    if isinstance(want, (int, float)) and isinstance(got, (int, float)) and not isinstance(want, bool):
        return float(want) == float(got)
    return _norm(want) == _norm(got)


@dataclass
class Scores:
    n: int = 0
    intent_ok: int = 0
    fields: Counter = field(default_factory=Counter)
    fields_ok: Counter = field(default_factory=Counter)
    confusion: Counter = field(default_factory=Counter)
    misses: list = field(default_factory=list)

    @property
    def intent(self) -> float:
        return self.intent_ok / self.n if self.n else 0.0

    @property
    def field_accuracy(self) -> float:
        total = sum(self.fields.values())
        return sum(self.fields_ok.values()) / total if total else 0.0


def load(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def score(rows: list[dict]) -> Scores:
    s = Scores()
    for row in rows:
        expect = row["expect"]
        got = understand(row.get("text", ""), datetime.fromisoformat(row["sent_at"])).as_json()
        s.n += 1
        hit = got.get("intent") == expect["intent"]
        s.intent_ok += hit
        if not hit:
            s.confusion[(expect["intent"], got.get("intent"))] += 1
            s.misses.append((row["id"], row["text"], "intent", expect["intent"], got.get("intent")))
        for key, want in expect.items():
            if key == "intent":
                continue
            s.fields[key] += 1
            good = hit and same(key, want, got.get(key))
            s.fields_ok[key] += good
            if hit and not good:
                s.misses.append((row["id"], row["text"], key, want, got.get(key)))
    return s


def run(path: str | Path | None = None) -> Scores:
    """Score the corpus at path (default: the shared dev corpus) and return the scores."""
    return score(load(Path(path) if path else DEFAULT_CORPUS))


def report(s: Scores) -> str:
    lines = [f"messages       {s.n}", f"intent         {s.intent_ok}/{s.n} = {s.intent:.3f}", "", "fields:"]
    for key in sorted(s.fields):
        lines.append(f"  {key:14s} {s.fields_ok[key]}/{s.fields[key]} = {s.fields_ok[key] / s.fields[key]:.3f}")
    lines.append("")
    lines.append("confusion (label -> predicted):")
    if not s.confusion:
        lines.append("  none")
    for (want, got), count in sorted(s.confusion.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"  {want} -> {got}: {count}")
    lines.append("")
    lines.append("misses:")
    if not s.misses:
        lines.append("  none")
    for rid, text, key, want, got in s.misses:
        lines.append(f"  {rid} [{key}] expected {want!r} got {got!r} | {text}")
    lines.append(f"intent={s.intent:.3f} fields={s.field_accuracy:.3f}")
    return "\n".join(lines)


def _cell(ok: int, total: int) -> str:
    return f"{ok}/{total} = {ok / total:.3f}" if total else "-"


def table(scores: dict[str, Scores]) -> str:
    """The sets side by side: messages, intent, each field, all fields."""
    names = list(scores)
    keys = sorted({k for s in scores.values() for k in s.fields})
    rows = [("", names), ("messages", [str(s.n) for s in scores.values()]),
            ("intent", [_cell(s.intent_ok, s.n) for s in scores.values()])]
    rows += [(k, [_cell(s.fields_ok[k], s.fields[k]) for s in scores.values()]) for k in keys]
    rows.append(("all fields", [_cell(sum(s.fields_ok.values()), sum(s.fields.values())) for s in scores.values()]))
    width = max(len(c) for _, cells in rows for c in cells) + 2
    lines = [f"{label:14s}" + "".join(f"{c:>{width}}" for c in cells) for label, cells in rows]
    last = scores[names[-1]]
    lines.append(f"intent={last.intent:.3f} fields={last.field_accuracy:.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None, sets: dict[str, Path] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args:
        print(report(run(args[0])))
        return 0
    sets = SETS if sets is None else sets
    present = {name: path for name, path in sets.items() if path.exists()}
    for name in sets:
        if name not in present:
            print(f"({name}: {sets[name]} not found)")
    if present:
        print(table({name: run(path) for name, path in present.items()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
