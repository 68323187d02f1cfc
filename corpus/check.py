"""Check the format of corpus files: valid JSON, ids, sent_at, intents and their fields.

usage: python corpus/check.py corpus/train.jsonl corpus/unseen.jsonl
It checks form only (per ../shared/corpus/LABELS.md), never whether a label is right.
"""
import datetime as dt
import json
import sys

CATEGORIES = {"危险化学品", "燃气", "消防", "有限空间", "建筑施工", "道路交通", "防汛", "森林防火",
              "地质灾害", "特种设备", "烟花爆竹", "非煤矿山", "粉尘涉爆", "金属冶炼", "涉氨制冷",
              "人员密集场所", "综合", "其他"}
FIELDS = {
    "duty_report": {"unit": str, "zero": bool, "date": "date"},
    "hazard": {"unit": str, "category": "category", "level": {"一般", "重大"}, "deadline": "date",
               "responsible": str},
    "rectified": {"unit": str},
    "drill": {"drill_type": "category", "participants": int, "date": "date"},
    "attendance": {"unit": str, "count": int},
    "query": {"topic": {"hazard", "duty", "drill", "all"}, "start": "date", "end": "date"},
    "inspection": {"unit": str, "count": int, "hazards_found": int, "date": "date"},
    "summary_request": {"kind": {"weekly", "monthly", "half_year", "yearly"}, "start": "date", "end": "date"},
    "other": {},
}


def field_error(kind, value):
    if kind == "date":
        try:
            dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            return "not an ISO date"
        return None if len(value) == 10 else "not YYYY-MM-DD"
    if kind == "category":
        return None if value in CATEGORIES else "unknown category"
    if isinstance(kind, set):
        return None if value in kind else "not one of " + "/".join(sorted(kind))
    if kind is int:
        return None if type(value) is int and value >= 0 else "not a non-negative integer"
    if kind is bool:
        return None if type(value) is bool else "not true/false"
    return None if isinstance(value, str) and value.strip() else "not a non-empty string"


def line_errors(row):
    errs = []
    if set(row) != {"id", "sent_at", "text", "expect"}:
        errs.append(f"keys {sorted(row)}")
        return errs
    try:
        sent = dt.datetime.fromisoformat(row["sent_at"])
        if sent.utcoffset() != dt.timedelta(hours=8):
            errs.append("sent_at is not +08:00")
    except (TypeError, ValueError):
        errs.append("sent_at is not ISO")
    if not isinstance(row["text"], str) or not row["text"].strip():
        errs.append("empty text")
    expect = row["expect"]
    allowed = FIELDS.get(expect.get("intent"))
    if allowed is None:
        return errs + [f"unknown intent {expect.get('intent')!r}"]
    for key, value in expect.items():
        if key == "intent":
            continue
        if key not in allowed:
            errs.append(f"field {key} not allowed for {expect['intent']}")
        elif (e := field_error(allowed[key], value)):
            errs.append(f"{key}={value!r}: {e}")
    if "start" in expect and "end" in expect and expect["start"] > expect["end"]:
        errs.append("start after end")
    return errs


def main(paths):
    ids, bad = set(), 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as e:
                    print(f"{path}:{n}: invalid JSON: {e}")
                    bad += 1
                    continue
                errs = line_errors(row) if isinstance(row, dict) else ["not an object"]
                if row.get("id") in ids:
                    errs.append(f"duplicate id {row.get('id')}")
                ids.add(row.get("id"))
                for e in errs:
                    print(f"{path}:{n}: {e}")
                bad += bool(errs)
    print(f"{len(ids)} messages, {bad} with errors")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
