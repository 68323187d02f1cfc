"""Statutory holidays of years the chinese-calendar package does not know yet.

The rules are those of the 全国年节及纪念日放假办法 as revised in 2024 (in force from
2025): 元旦 1 day, 春节 4 days from 除夕, 清明 1 day, 劳动节 2 days (5月1日–2日), 端午
1 day, 中秋 1 day, 国庆 3 days (10月1日–3日). Lunar dates and 清明 come from lunar-python.

Each year the package lacks gets a file ``YYYY.json`` beside this module, written by
``python -m core.holidays YEAR`` and shipped with the project; the State Council's 调休
days go into it (``workdays``) once published, with ``"confirmed": true``. Until then
admins enter them in chat (/holiday, /workday) and the days are still computed here.
"""
from __future__ import annotations

import json
from datetime import date, timedelta
from functools import cache
from importlib import resources

from lunar_python import Lunar, Solar

# The festivals whose day a message may name, in the year's order.
FESTIVALS = ("元旦", "除夕", "春节", "清明", "劳动节", "端午", "中秋", "国庆节")


@cache   # lunar-python computes a year's terms from scratch (~25 ms); answers never change
def festival_day(name: str, year: int) -> date:
    """The (first) day of a festival in a Gregorian year: 除夕 is the eve of that
    year's 春节 (it may fall in late January)."""
    if name == "元旦":
        return date(year, 1, 1)
    if name == "劳动节":
        return date(year, 5, 1)
    if name == "国庆节":
        return date(year, 10, 1)
    if name == "清明":
        return _solar(Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()["清明"])
    if name == "除夕":
        return festival_day("春节", year) - timedelta(days=1)
    lunar_md = {"春节": (1, 1), "端午": (5, 5), "中秋": (8, 15)}[name]
    return _solar(Lunar.fromYmd(year, *lunar_md).getSolar())


def _solar(s) -> date:
    return date(s.getYear(), s.getMonth(), s.getDay())


@cache
def _statutory(year: int) -> tuple[tuple[date, str], ...]:
    return tuple(_compute_statutory(year).items())


def statutory_days(year: int) -> dict[date, str]:
    """Every statutory day off of a year by the current rules, without 调休."""
    return dict(_statutory(year))


def _compute_statutory(year: int) -> dict[date, str]:
    days: dict[date, str] = {date(year, 1, 1): "元旦"}
    eve = festival_day("除夕", year)
    for i in range(4):
        days[eve + timedelta(days=i)] = "春节"
    days[festival_day("清明", year)] = "清明"
    for d in (1, 2):
        days[date(year, 5, d)] = "劳动节"
    days[festival_day("端午", year)] = "端午"
    days[festival_day("中秋", year)] = "中秋"
    for d in (1, 2, 3):
        days[date(year, 10, d)] = "国庆节"
    return dict(sorted(days.items()))


@cache
def shipped(year: int) -> dict | None:
    """The shipped file of a year: {"confirmed", "holidays": {day: name}, "workdays":
    {day: name}} with date keys, or None when the project ships none."""
    try:
        raw = resources.files(__package__).joinpath(f"{year}.json").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return None
    data = json.loads(raw)
    return {
        "confirmed": bool(data.get("confirmed")),
        "holidays": {date.fromisoformat(k): v for k, v in data.get("holidays", {}).items()},
        "workdays": {date.fromisoformat(k): v for k, v in data.get("workdays", {}).items()},
    }


def render(year: int) -> str:
    """The JSON file of a year, computed (statutory days; no 调休 known yet)."""
    body = {
        "year": year,
        "confirmed": False,
        "rules": "全国年节及纪念日放假办法（2025年起施行）；调休待国务院办公厅通知",
        "holidays": {d.isoformat(): name for d, name in statutory_days(year).items()},
        "workdays": {},
    }
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"
