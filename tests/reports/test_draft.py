import re
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.chat_split import split_message
from reports.draft import SUMMARY_HEADINGS, WEEKLY_HEADINGS, draft, find_problems, title
from reports.facts import (DrillFacts, DutyFacts, EventReport, Facts, HazardFacts,
                           OverdueHazard, Period, PlannedDrill)
from reports.polish import guard
from tests.reports.samples import SCOPE, empty_week, half_year_facts, week_facts


def in_order(text, items):
    at = 0
    for item in items:
        found = text.find(item, at)
        assert found >= 0, f"{item} missing or out of order"
        at = found + len(item)


def section(text, start, end=None):
    body = text[text.index(start):]
    return body[: body.index(end)] if end else body


def test_weekly_structure():
    text = draft(week_facts())
    assert text.splitlines()[0] == "临江区应急管理局值班值守工作周报（2026年6月15日—6月21日）"
    in_order(text, [*WEEKLY_HEADINGS, "五、下周工作安排"])
    assert "【待补充" in text
    assert "较上周增加3处" in text                     # 23 hazards against 20
    assert "报送率97.6%" in text and "整改率65.2%" in text


def test_weekly_problems_come_from_the_data_and_each_has_a_plan():
    text = draft(week_facts())
    problems = section(text, "四、存在问题", "五、下周工作安排")
    plans = section(text, "五、下周工作安排")
    assert "东湖镇迟报3次" in problems and "东湖镇" in plans     # late 3 times
    assert "白沙镇漏报2次" in problems and "白沙镇漏报原因" in plans
    assert "逾期2处" in problems and "逾期隐患逐条督办" in plans
    assert "重大隐患尚有1处" in problems and "挂牌督办" in plans
    assert "6月25日" in plans                                    # the planned drill
    assert len(find_problems(week_facts())) == 4


def test_no_problem_is_invented_when_the_week_went_well():
    f = Facts(Period.week_of(date(2026, 6, 17)), SCOPE,
              DutyFacts(units=5, days=7, on_time=35, zero_reports=35),
              HazardFacts(found=2, by_level={"一般": 2}, rectified=2, closed=2),
              DrillFacts())
    text = draft(f)
    assert find_problems(f) == []
    problems = section(text, "四、存在问题", "五、下周工作安排")
    assert "未发现需要专门提出的问题" in problems
    assert "迟报" not in problems and "逾期" not in problems
    assert "各单位均按时报送" in text and "没有逾期未整改的隐患" in text


def test_an_empty_week_reads_sensibly():
    text = draft(empty_week())
    in_order(text, [*WEEKLY_HEADINGS, "五、下周工作安排"])
    assert "本周暂无纳入值班报送的单位" in text
    assert "本周未新登记隐患" in text and "本周未组织应急演练" in text
    assert "暂无法据此分析问题" in text
    assert "0" not in text.replace("2026", "")              # no "0处", "0%" ...
    assert guard(text, empty_week()).ok


def test_half_year_structure_and_markers():
    f = half_year_facts()
    text = draft(f)
    assert text.splitlines()[0] == title(f) == "临江区应急管理局2026年上半年工作总结"
    in_order(text, [SUMMARY_HEADINGS[0], "（一）值班值守", "（二）隐患排查治理", "（三）应急演练",
                    "（四）其他工作", SUMMARY_HEADINGS[1], SUMMARY_HEADINGS[2]])
    assert "一是" in text and "二是" in text
    assert text.count("【待补充") >= 3                      # preface, other work, plans
    assert "执法检查" in text                               # only as a marker
    assert "较2025年下半年增加32处" in text


def test_half_year_problems_match_plans_one_to_one():
    f = half_year_facts()
    text = draft(f)
    problems = section(text, SUMMARY_HEADINGS[1], SUMMARY_HEADINGS[2])
    plans = section(text, SUMMARY_HEADINGS[2])
    assert "东湖镇迟报14次" in problems and "城北街道迟报" not in problems  # once is no pattern
    assert "消防安全类隐患积压，尚有17处未整改" in problems and "消防安全类隐患开展专项整治" in plans
    assert "地质灾害、森林防灭火领域上半年未开展应急演练" in problems
    assert "地质灾害、森林防灭火领域应急演练" in plans
    n = len(find_problems(f))
    assert n == 6
    for i in "一二三四五六":
        assert f"（{i}）" in problems and f"（{i}）" in plans


def test_the_template_passes_its_own_guard_on_samples():
    for f, figures in ((week_facts(), 10), (half_year_facts(), 10), (empty_week(), 0),
                       (week_facts(with_previous=False), 10)):
        result = guard(draft(f), f)
        assert result.ok, result.rejected
        assert result.checked >= figures      # the figures were read, not skipped


def test_the_guard_rejects_the_template_with_any_one_count_changed():
    """Passing its own guard means something only if a wrong figure fails it: each count
    of the template draft (N处 / N次 / N人 / N家 …), made 9999, is rejected."""
    f = week_facts()
    text = draft(f)
    counts = list(re.finditer(r"(?<![\d.])\d+(?=\s*(?:处|次|人|家|个|期|项))", text))
    assert len(counts) >= 5
    for m in counts:
        changed = text[:m.start()] + "9999" + text[m.end():]
        assert not guard(changed, f).ok, f"a changed figure passed: {text[max(0, m.start() - 12):m.end() + 3]}"


# ---------------------------------------------------------------- generated facts

NAMES = ["东湖镇", "白沙镇", "三河镇", "第一中学", "城南街道", "十里铺村", "二道沟社区", "区供电公司"]
CATS = ["消防安全", "燃气安全", "用电安全", "防汛", "三防", "有限空间"]
TYPES = ["防汛", "消防", "危化品", "地质灾害"]
counts = st.integers(min_value=0, max_value=400)


@st.composite
def facts_strategy(draw, depth=0):
    kind = draw(st.sampled_from(["weekly", "monthly", "half_year", "yearly", "custom"]))
    day = draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)))
    period = {"weekly": Period.week_of(day), "monthly": Period.month(day.year, day.month),
              "half_year": Period.half_year(day.year, 1 if day.month <= 6 else 2),
              "yearly": Period.year(day.year),
              "custom": Period.custom(day, day + timedelta(days=draw(st.integers(0, 40))))}[kind]
    units = draw(st.integers(0, 30))
    expected = units * period.days
    on_time = draw(st.integers(0, expected))
    late = draw(st.integers(0, expected - on_time))
    missing = expected - on_time - late
    names = st.sampled_from(NAMES)
    events = draw(st.lists(st.builds(
        EventReport, names, st.sampled_from(period.dates()),
        st.sampled_from(["转移群众12人", "一处火情已扑灭", "道路塌陷3米", "无异常"])), max_size=5))
    duty = DutyFacts(units=units, days=period.days, on_time=on_time, late=late, missing=missing,
                     zero_reports=draw(st.integers(0, on_time + late)), event_reports=events,
                     most_late=draw(st.lists(st.tuples(names, st.integers(1, 20)), max_size=3)),
                     most_missing=draw(st.lists(st.tuples(names, st.integers(1, 20)), max_size=3)))
    found = draw(counts)
    rectified = draw(st.integers(0, found))
    by_cat = draw(st.dictionaries(st.sampled_from(CATS), counts, max_size=4))
    major = draw(st.integers(0, found))
    hazards = HazardFacts(
        found=found, by_category=by_cat, by_level={"一般": found - major, "重大": major},
        rectified=rectified, closed=draw(st.integers(0, rectified)),
        in_progress=draw(st.integers(0, found - rectified)),
        overdue=draw(st.lists(st.builds(OverdueHazard, st.just("YH-20260609-004"), names,
                                        st.sampled_from(CATS), st.integers(1, 90),
                                        st.sampled_from(["王建国", "李二"])), max_size=7)),
        major_open=draw(st.integers(0, major)),
        open_by_category=draw(st.dictionaries(st.sampled_from(CATS), counts, max_size=3)))
    drills = DrillFacts(
        held=draw(st.integers(0, 30)), by_type=draw(st.dictionaries(st.sampled_from(TYPES),
                                                                    st.integers(0, 9))),
        participants=draw(st.integers(0, 5000)),
        units_taking_part=draw(st.lists(names, max_size=8, unique=True)),
        planned_upcoming=draw(st.lists(st.builds(
            PlannedDrill, st.sampled_from(["防台风综合演练", "第二季度消防演练"]),
            st.dates(min_value=period.end, max_value=period.end + timedelta(days=60)),
            st.sampled_from(TYPES)), max_size=2)),
        types_expected=draw(st.lists(st.sampled_from(TYPES), unique=True)))
    previous = None
    if depth == 0 and draw(st.booleans()):
        previous = draw(facts_strategy(depth=1))
        previous = Facts(period.previous(), SCOPE, previous.duty, previous.hazards,
                         previous.drills)
    return Facts(period, draw(st.sampled_from([SCOPE, "三河镇应急办"])), duty, hazards, drills,
                 previous)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts_strategy())
def test_every_number_of_the_template_passes_the_guard(facts):
    text = draft(facts)
    result = guard(text, facts)
    assert result.ok, (result.rejected, text)
    assert Facts.from_json(facts.to_json()) == facts


def test_split_for_chat_keeps_paragraphs_and_limits():
    text = draft(half_year_facts())
    pieces = split_message(text, limit=300, html=False)
    assert all(len(p) <= 300 for p in pieces)
    assert "".join(pieces).replace("\n", "") == text.replace("\n", "")
    assert split_message(text, html=False) == [text]


def test_split_for_chat_cuts_a_long_paragraph_at_sentence_ends():
    para = "".join(f"第{i}句说明情况。" for i in range(200))
    pieces = split_message(para, limit=100, html=False)
    assert all(p.endswith("。") for p in pieces)
    assert "".join(pieces) == para
