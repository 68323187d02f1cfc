"""Facts -> the template draft (pure). Every figure in it comes from the facts.

A weekly period gives a bulletin (一、值班值守 … 五、下周工作安排); longer periods give a
summary in the register of bureau reports (一、工作开展情况 二、存在的问题 三、下步工作计划).
Problems are derived from the data, each answered by one plan item. What the records cannot
know is left to the leader as 【待补充：…】.
"""
from __future__ import annotations

from dataclasses import dataclass

from reports.facts import Facts, Period, date_text, pct_text, range_text, shorten

TODO = "【待补充：{}】"
CN_ORD = "一二三四五六七八九十"
WEEKLY_HEADINGS = ("一、值班值守", "二、隐患排查整改", "三、应急演练", "四、存在问题")
SUMMARY_HEADINGS = ("一、工作开展情况", "二、存在的问题", "三、下步工作计划")
LIST_SHOWN = 5          # names listed before "等"
EVENTS_SHOWN_SHORT = 8  # event texts quoted in a weekly bulletin
EVENTS_SHOWN_LONG = 3   # ... and in a longer summary
REPEATED_LATE = 2       # late this often in a period is a problem


@dataclass(frozen=True)
class Problem:
    text: str           # what is wrong, with its figures
    plan: str           # the answer in the plan section


# ---------------------------------------------------------------- entry points

def draft(facts: Facts) -> str:
    return weekly(facts) if facts.period.short else summary(facts)


def title(facts: Facts) -> str:
    p = facts.period
    if p.short:
        name = "周报" if p.kind == "weekly" else "情况"
        return f"{facts.scope_label}值班值守工作{name}（{range_text(p.start, p.end)}）"
    name = "月报" if p.kind == "monthly" else "总结"
    return f"{facts.scope_label}{p.label}工作{name}"


def weekly(facts: Facts) -> str:
    p = facts.period
    problems = find_problems(facts)
    next_word = "下周" if p.kind == "weekly" else "下步"
    lines = [title(facts),
             WEEKLY_HEADINGS[0], _duty_short(facts),
             WEEKLY_HEADINGS[1], _hazards_short(facts),
             WEEKLY_HEADINGS[2], _drills_short(facts),
             WEEKLY_HEADINGS[3]]
    if problems:
        lines.append(_enumerate([x.text for x in problems]))
    elif _no_records(facts):
        lines.append(f"{_now(p)}系统中没有值班、隐患和演练记录，暂无法据此分析问题。"
                     + TODO.format("需要报告的问题"))
    else:
        lines.append(f"从{_now(p)}记录看，值班报送、隐患整改和应急演练未发现需要专门提出的问题。"
                     + TODO.format("记录以外需要报告的问题"))
    lines.append(f"五、{next_word}工作安排")
    plans = [x.plan for x in problems] or ["继续落实每日值班报告制度，跟踪在办隐患整改进度。"]
    plans += _planned_drills(facts)
    lines.append(_enumerate(plans) + TODO.format("其他工作安排"))
    return "\n".join(lines)


def summary(facts: Facts) -> str:
    p = facts.period
    problems = find_problems(facts)
    lines = [title(facts), _preface(facts), SUMMARY_HEADINGS[0],
             "（一）值班值守", _duty_long(facts),
             "（二）隐患排查治理", _hazards_long(facts),
             "（三）应急演练", _drills_long(facts),
             "（四）其他工作",
             TODO.format(("" if facts.inspections.records else "执法检查、")
                         + "宣传培训、安全生产月、防汛备汛、党建等工作情况（系统中无此类记录）"),
             SUMMARY_HEADINGS[1]]
    if problems:
        lines += [f"（{CN_ORD[i]}）{x.text}" for i, x in enumerate(problems)]
    else:
        lines.append(f"从{_now(p)}系统记录看，值班报送、隐患整改和应急演练未发现突出问题。"
                     + TODO.format("记录以外存在的问题"))
    lines.append(SUMMARY_HEADINGS[2])
    plans = [x.plan for x in problems] or ["继续落实每日值班报告制度，巩固隐患排查整改成效。"]
    plans += _planned_drills(facts)
    lines += [f"（{CN_ORD[i]}）{x}" for i, x in enumerate(plans)]
    lines.append(TODO.format("下步其他重点工作"))
    return "\n".join(lines)


# ---------------------------------------------------------------- problems

def find_problems(facts: Facts) -> list[Problem]:
    d, h, dr = facts.duty, facts.hazards, facts.drills
    now = _now(facts.period)
    out: list[Problem] = []

    late = [(u, n) for u, n in d.most_late if n >= REPEATED_LATE]
    if late:
        out.append(Problem(
            f"个别单位报送不及时，{now}" + "、".join(f"{u}迟报{n}次" for u, n in late) + "。",
            f"督促{_names([u for u, _ in late])}在截止时间前报送值班信息，"
            "临近截止时逐一提醒，对反复迟报的予以通报。"))
    missing = [(u, n) for u, n in d.most_missing if n >= 1]
    if missing:
        out.append(Problem(
            f"存在漏报现象，{now}" + "、".join(f"{u}漏报{n}次" for u, n in missing) + "。",
            f"逐一核实{_names([u for u, _ in missing])}漏报原因，"
            "落实值班人员和带班领导，杜绝漏报。"))
    if h.overdue:
        longest = max(o.days_overdue for o in h.overdue)
        out.append(Problem(
            f"部分隐患逾期未整改，截至{date_text(facts.cutoff, year=False)}"
            f"逾期{len(h.overdue)}处，最长逾期{longest}天。",
            "对逾期隐患逐条督办，约谈责任人，重新明确整改时限，整改完成后及时销号。"))
    if h.major_open:
        out.append(Problem(
            f"重大隐患尚有{h.major_open}处未整改到位。",
            "对未整改到位的重大隐患实行挂牌督办，落实整改责任、措施、资金、时限和预案。"))
    pile = _piling_category(facts)
    if pile:
        out.append(pile)
    if h.found >= 5 and h.rectify_rate < 0.6:
        out.append(Problem(
            f"隐患整改进度偏慢，{now}整改率{pct_text(h.rectify_rate)}，"
            f"仍有{h.unrectified}处未完成整改。",
            "加快隐患整改进度，对整改中的隐患跟踪问效，按期复查。"))
    if not facts.period.short:
        if dr.held == 0:
            out.append(Problem(f"{now}系统中未登记应急演练。",
                               "制定演练计划，按季节特点组织开展应急演练并及时登记。"))
        elif dr.types_without_drill:
            gaps = _names(dr.types_without_drill)
            out.append(Problem(f"演练覆盖不全，{gaps}领域{now}未开展应急演练。",
                               f"组织开展{gaps}领域应急演练，补齐演练短板。"))
    return out


def _piling_category(facts: Facts) -> Problem | None:
    h = facts.hazards
    if h.open_by_category:
        cat, n = max(h.open_by_category.items(), key=lambda kv: kv[1])
        if n >= 3:
            return Problem(f"{cat}类隐患积压，尚有{n}处未整改。",
                           f"针对{cat}类隐患开展专项整治，集中力量消化存量。")
        return None
    if h.by_category and h.found >= 4:
        cat, n = max(h.by_category.items(), key=lambda kv: kv[1])
        if n >= 3 and n * 2 >= h.found:
            return Problem(f"{cat}类隐患相对集中，在{h.found}处新发现隐患中占{n}处。",
                           f"针对{cat}类隐患开展专项检查，查找共性原因，举一反三。")
    return None


# ---------------------------------------------------------------- weekly sections

def _duty_short(f: Facts) -> str:
    d, now = f.duty, _now(f.period)
    if not d.expected:
        return f"{now}暂无纳入值班报送的单位，未形成报送记录。" + _chased(f) + _noticed(f)
    s = (f"{now}纳入值班报送的单位{d.units}个，应报{d.expected}次，实报{d.reported}次，"
         f"报送率{pct_text(d.rate)}{_rate_cmp(f, 'duty')}。")
    s += _duty_breakdown(d) + "；" + _zero_and_events(d) + "。"
    s += _event_quotes(d, EVENTS_SHOWN_SHORT)
    s += _unit_counts("迟报", d.most_late) + _unit_counts("漏报", d.most_missing)
    return s + _chased(f) + _noticed(f)


def _chased(f: Facts) -> str:
    """催报N次 (the escalation ladder's group reminders, one per unit and day)."""
    n = f.notices.reminded
    return f"{_now(f.period)}对未及时报送单位催报{n}次。" if n else ""


def _noticed(f: Facts) -> str:
    """下发通知N期，签收率X%: the notices with 收到 of the period."""
    n = f.notices
    if not n.issued:
        return ""
    return f"{_now(f.period)}下发通知{n.issued}期，签收率{pct_text(n.rate)}。"


def _inspected(f: Facts) -> str:
    """检查单位X家次，发现隐患Y处: what every bureau report opens its hazards with."""
    i = f.inspections
    if not i.records:
        return ""
    return f"{_now(f.period)}检查单位{i.sites}家次，发现隐患{i.hazards_found}处。"


def _hazards_short(f: Facts) -> str:
    return _inspected(f) + _hazards_found_short(f)


def _hazards_found_short(f: Facts) -> str:
    h, now = f.hazards, _now(f.period)
    if h.found:
        s = f"{now}新发现隐患{h.found}处{_cmp(f, 'found', '处')}。" + _hazard_split(h)
        s += _rectify(h)
    else:
        s = f"{now}未新登记隐患{_cmp(f, 'found', '处')}。"
    return s + _rectified_in_period(f) + _overdue(f, LIST_SHOWN)


def _drills_short(f: Facts) -> str:
    dr, now = f.drills, _now(f.period)
    if not dr.held:
        return f"{now}未组织应急演练{_cmp(f, 'held', '场')}。"
    return (f"{now}组织应急演练{dr.held}场{_cmp(f, 'held', '场')}，参演{dr.participants}人次。"
            + _types(dr.by_type) + _units_taking_part(dr.units_taking_part))


# ---------------------------------------------------------------- summary sections

def _preface(f: Facts) -> str:
    d, h, dr = f.duty, f.hazards, f.drills
    did = []
    if d.expected:
        did.append("落实每日值班报告制度")
    if h.found or h.overdue:
        did.append("推进隐患排查整改")
    if dr.held:
        did.append("组织开展应急演练")
    label = f.period.label
    if not did:
        return (f"{label}，{f.scope_label}在系统中暂无值班、隐患和演练记录。"
                + TODO.format("总体情况"))
    return (f"{label}，{f.scope_label}" + "，".join(did) + "。"
            + TODO.format("总体安全形势及事故起数、伤亡情况")
            + "现将有关情况报告如下。")


def _duty_long(f: Facts) -> str:
    d, now = f.duty, _now(f.period)
    if not d.expected:
        return (f"{now}暂无纳入值班报送的单位，系统中没有报送记录。" + TODO.format("值班值守情况")
                + _chased(f) + _noticed(f))
    s = (f"一是落实每日报告。{now}纳入报送的单位{d.units}个，共应报{d.expected}次，"
         f"实报{d.reported}次，报送率{pct_text(d.rate)}{_rate_cmp(f, 'duty')}；"
         + _duty_breakdown(d) + "。")
    s += _unit_counts("迟报", d.most_late) + _unit_counts("漏报", d.most_missing)
    s += "二是做好零报告和信息报送。" + _zero_and_events(d) + "。"
    s += _event_quotes(d, EVENTS_SHOWN_LONG)
    return s + _chased(f) + _noticed(f)


def _hazards_long(f: Facts) -> str:
    h, now = f.hazards, _now(f.period)
    if not h.found:
        s = _inspected(f) + f"{now}系统中未新登记隐患{_cmp(f, 'found', '处')}。"
        return s + _rectified_in_period(f) + _overdue(f, LIST_SHOWN)
    s = (f"一是排查发现。{_inspected(f)}{now}共登记隐患{h.found}处{_cmp(f, 'found', '处')}。"
         + _hazard_split(h))
    s += "二是整改落实。" + _rectify(h) + _rectified_in_period(f)
    tail = _overdue(f, LIST_SHOWN)
    if tail or h.major_open:
        s += "三是跟踪督办。" + tail
    return s


def _drills_long(f: Facts) -> str:
    dr, now = f.drills, _now(f.period)
    if not dr.held:
        return f"{now}系统中未登记应急演练。" + TODO.format("未在系统登记的演练情况")
    return (f"{now}组织应急演练{dr.held}场{_cmp(f, 'held', '场')}，参演{dr.participants}人次"
            f"{_cmp(f, 'participants', '人次')}。"
            + _types(dr.by_type) + _units_taking_part(dr.units_taking_part))


# ---------------------------------------------------------------- shared pieces

def _duty_breakdown(d) -> str:
    if d.late == 0 and d.missing == 0 and not d.unreported_today:
        return "各单位均按时报送"
    parts = [f"按时报送{d.on_time}次"]
    if d.late:
        parts.append(f"迟报{d.late}次")
    if d.missing:
        parts.append(f"漏报{d.missing}次")
    if d.unreported_today:
        parts.append(f"今日尚未报送{d.unreported_today}次")
    return "其中" + "、".join(parts)


def _zero_and_events(d) -> str:
    n = len(d.event_reports)
    if n and d.zero_reports:
        return f"零报告{d.zero_reports}次，报告突发事件或异常情况{n}次"
    if n:
        return f"报告突发事件或异常情况{n}次"
    if d.zero_reports:
        return f"零报告{d.zero_reports}次，未报告突发事件"
    return "未报告突发事件"


def _event_quotes(d, shown: int) -> str:
    if not d.event_reports:
        return ""
    items = [f"{date_text(e.day, year=False)}，{e.unit}：「{shorten(e.text)}」"
             for e in d.event_reports[:shown]]
    more = "等" if len(d.event_reports) > shown else ""
    return "报告的情况有：" + "；".join(items) + more + "。"


def _unit_counts(what: str, pairs: list[tuple[str, int]]) -> str:
    pairs = [(u, n) for u, n in pairs if n][:LIST_SHOWN]
    if not pairs:
        return ""
    return f"{what}的单位有" + "、".join(f"{u}（{n}次）" for u, n in pairs) + "。"


def _hazard_split(h) -> str:
    s = ""
    levels = [(k, h.by_level[k]) for k in _level_order(h.by_level) if h.by_level[k]]
    if levels:
        s += "其中" + "、".join(f"{k}隐患{n}处" for k, n in levels) + "。"
    cats = sorted(((k, n) for k, n in h.by_category.items() if n), key=lambda kv: -kv[1])
    if cats:
        s += "按类别分，" + "、".join(f"{k}{n}处" for k, n in cats) + "。"
    return s


def _level_order(levels: dict[str, int]) -> list[str]:
    known = [k for k in ("一般", "重大") if k in levels]
    return known + [k for k in levels if k not in known]


def _rectified_in_period(f: Facts) -> str:
    """The period's rectifications whenever found (the answer's 整改完成): said when some
    were found before the period, else they are the 其中已整改 just said."""
    h = f.hazards
    if not h.rectified_earlier:
        return ""
    return f"{_now(f.period)}完成整改隐患{h.rectified_in_period}处（含此前发现的{h.rectified_earlier}处）。"


def _rectify(h) -> str:
    """The found hazards' own rectification (其中: of those just counted)."""
    if not h.rectified:
        s = "其中尚未有隐患完成整改"
    else:
        s = f"其中已整改{h.rectified}处，整改率{pct_text(h.rectify_rate)}"
        if h.closed:
            s += f"，其中已销号{h.closed}处"
    rest = []
    if h.in_progress:
        rest.append(f"整改中{h.in_progress}处")
    if h.pending:
        rest.append(f"待整改{h.pending}处")
    return s + ("；" + "、".join(rest) if rest else "") + "。"


def _overdue(f: Facts, shown: int) -> str:
    h = f.hazards
    end = date_text(f.cutoff, year=False)
    s = ""
    if h.overdue:
        items = []
        for o in h.overdue[:shown]:
            who = f"，责任人{o.responsible}" if o.responsible else ""
            items.append(f"{o.code}（{o.place}，{o.category}）逾期{o.days_overdue}天{who}")
        more = "等" if len(h.overdue) > shown else ""
        s += f"截至{end}，逾期未整改隐患{len(h.overdue)}处：" + "；".join(items) + more + "。"
    elif h.found:
        s += f"截至{end}，没有逾期未整改的隐患。"
    if h.major_open:
        s += f"重大隐患尚有{h.major_open}处未整改到位。"
    return s


def _types(by_type: dict[str, int]) -> str:
    items = [(k, n) for k, n in sorted(by_type.items(), key=lambda kv: -kv[1]) if n]
    return ("按类型分，" + "、".join(f"{k}{n}场" for k, n in items) + "。") if items else ""


def _units_taking_part(units: list[str]) -> str:
    if not units:
        return ""
    if len(units) <= LIST_SHOWN:
        return f"参加演练的单位有{_names(units)}。"
    return f"参加演练的单位有{_names(units[:LIST_SHOWN])}等{len(units)}个。"


def _planned_drills(f: Facts) -> list[str]:
    out = []
    for p in f.drills.planned_upcoming:
        kind = f"（{p.type}）" if p.type else ""
        out.append(f"按计划于{date_text(p.day, year=p.day.year != f.period.end.year)}"
                   f"组织{p.title}{kind}，提前落实参演单位和保障措施。")
    return out


def _cmp(f: Facts, figure: str, unit: str) -> str:
    diff = f.diff(figure)
    if diff is None:
        return ""
    word = f.period.previous_word
    if diff == 0:
        return f"，与{word}持平"
    return f"，较{word}{'增加' if diff > 0 else '减少'}{abs(diff)}{unit}"


def _rate_cmp(f: Facts, which: str) -> str:
    if f.previous is None or not f.previous.duty.expected:
        return ""
    diff = f.rate_diff(which)
    word = f.period.previous_word
    if not diff:
        return f"，与{word}持平"
    return f"，较{word}{'提高' if diff > 0 else '下降'}{abs(diff)}个百分点"


def _names(names: list[str]) -> str:
    return "、".join(names)


def _enumerate(items: list[str]) -> str:
    """一是…二是…; a single item goes without its ordinal."""
    if len(items) == 1:
        return items[0]
    return "".join(f"{CN_ORD[i]}是{x}" if i < len(CN_ORD) else x for i, x in enumerate(items))


def _no_records(f: Facts) -> bool:
    return not (f.duty.expected or f.hazards.found or f.hazards.overdue or f.drills.held)


def _now(p: Period) -> str:
    """How the text names the period it is about."""
    if p.kind == "weekly":
        return "本周"
    if p.kind == "monthly":
        return "本月"
    if p.kind == "half_year":
        return p.label[-3:]          # 上半年 / 下半年
    if p.kind == "yearly":
        return "全年"
    return "期内"
