"""Leaders' questions through the real runner, answers checked figure by figure."""
from __future__ import annotations

import io

import matplotlib.image

from datetime import date

import pytest
from sqlmodel import select

from handlers.base import Reply
from storage.models import DetailIssue, Group, Hazard, ProcessedUpdate
from tests import seed
from tests.helpers import ADMIN, GROUP, LEADERS_GROUP, texts

D = date


@pytest.fixture
async def week(town):
    """The town's week of 15–21 June, asked on Thursday the 18th at 15:00."""
    with town.deps.session_factory() as s:
        group = s.exec(select(Group).where(Group.chat_id == GROUP)).one()
        for day in (15, 16, 17):
            for unit in ("青石镇", "白沙街道", "双桥镇", "市住建局"):
                late = unit == "双桥镇" and day == 16
                seed.report(s, group, unit, D(2026, 6, day), "13:40" if late else "09:00")
        seed.report(s, group, "永安镇", D(2026, 6, 15), "09:00")      # missing the 16th and 17th
        for unit in ("青石镇", "白沙街道", "双桥镇"):
            seed.report(s, group, unit, D(2026, 6, 18), "10:00")        # today: 永安镇, 市住建局 not yet
        for unit in ("青石镇", "白沙街道", "双桥镇", "永安镇", "市住建局"):
            for day in range(8, 15):
                if not (unit == "白沙街道" and day == 10):
                    seed.report(s, group, unit, D(2026, 6, day), "12:30" if unit == "永安镇" and day == 9 else "09:00")
        seed.hazard(s, group, "青石镇", D(2026, 6, 15), level="重大", deadline=D(2026, 6, 16),
                    place="青石村加油站", responsible="赵六", code="YH-20260615-001")
        seed.hazard(s, group, "白沙街道", D(2026, 6, 16), status="已整改", rectified_on=D(2026, 6, 17),
                    code="YH-20260616-001")
        seed.hazard(s, group, "双桥镇", D(2026, 6, 17), status="整改中", deadline=D(2026, 6, 25),
                    code="YH-20260617-001")
        seed.hazard(s, group, "永安镇", D(2026, 6, 1), deadline=D(2026, 6, 5), place="永安河堤",
                    code="YH-20260601-001")
        drill = seed.drill(s, group, "青石镇", D(2026, 6, 16), drill_type="消防")
        seed.sign_in(s, drill, unit="青石镇", count=25)
        seed.sign_in(s, drill, unit="双桥镇", count=12)
        seed.drill(s, group, "白沙街道", D(2026, 6, 13), drill_type="防汛", declared=40)
        s.commit()
    town.at("15:00")
    return town


async def test_hazards_this_week(week):
    answer = texts(await week.send(ADMIN, "本周隐患整改情况"))
    lines = answer.splitlines()
    assert lines[0] == "⚠️ 本周（6月15日—6月21日，截至6月18日） 隐患整改情况"
    assert lines[1] == "新发现 3 处（重大 1）：这段时间登记的"
    assert lines[2] == "整改完成 1 处：这段时间完成整改的，不论何时发现"
    assert lines[3] == "截至6月18日尚未整改 3 处（不论何时发现），其中逾期 2 处："
    # the longest overdue first, with code, place and days
    assert lines[4] == "• YH-20260601-001 永安河堤 逾期13天"
    assert lines[5] == "• YH-20260615-001 青石村加油站 逾期2天（赵六）"
    assert lines[6] == "重大隐患尚未整改 1 处。"


async def test_hazards_rectified_this_week_count_whenever_found(week):
    """QA: two hazards found last week and rectified this week showed as 已整改 0. This
    week's rectifications count whenever the hazard was found; one rectified before the
    week does not, and the hazards found this week stay 3."""
    with week.deps.session_factory() as s:
        group = s.exec(select(Group).where(Group.chat_id == GROUP)).one()
        seed.hazard(s, group, "青石镇", D(2026, 6, 9), status="已整改", rectified_on=D(2026, 6, 15))
        seed.hazard(s, group, "双桥镇", D(2026, 6, 10), status="已销号", rectified_on=D(2026, 6, 17))
        seed.hazard(s, group, "永安镇", D(2026, 6, 10), status="已整改", rectified_on=D(2026, 6, 14))
        s.commit()
    answer = texts(await week.send(ADMIN, "本周隐患整改情况"))
    assert "新发现 3 处（重大 1）：这段时间登记的" in answer
    assert "整改完成 3 处：这段时间完成整改的，不论何时发现（其中此前发现 2 处）" in answer
    assert "截至6月18日尚未整改 3 处（不论何时发现），其中逾期 2 处：" in answer
    overall = texts(await week.send(ADMIN, "本周整体情况怎么样"))
    assert "隐患：新发现 3 处（重大 1），整改完成 3 处，尚未整改 3 处（逾期 2）" in overall


async def test_answer_carries_a_chart_button_that_sends_a_photo(week):
    replies = await week.send(ADMIN, "本周隐患整改情况")
    [[button], [detail]] = replies[0].buttons       # 📊 图表, then 🔍 明细 (tests/handlers/test_detail.py)
    assert detail.text == "🔍 明细" and detail.data.startswith("dt:")
    assert button.data == "askc:" + detail.data.removeprefix("dt:")     # the answer's stored row, no query
    message_id = week.last_message_id + 1
    photos = await week.press(ADMIN, button.data, message_id=message_id)
    [photo] = photos
    assert photo.file.kind == "photo" and photo.file.content.startswith(b"\x89PNG")
    # the chart of that answer: the hazard trend of its own week, named in the caption
    assert photo.file.filename == "隐患趋势_20260615-20260621.png"
    assert photo.file.caption == "本周（6月15日—6月21日，截至6月18日） 每周新发现隐患与其中已整改数"
    image = matplotlib.image.imread(io.BytesIO(photo.file.content), format="png")
    assert image.shape[0] >= 300 and image.shape[1] >= 400     # a real rendering, not a stub


async def test_chart_on_request(week):
    replies = await week.send(ADMIN, "本周隐患整改情况 图")
    assert "新发现 3 处" in replies[0].text
    assert [r.file.kind for r in replies[1:]] == ["photo"]


async def test_duty_last_week_who_was_late(week):
    answer = texts(await week.send(ADMIN, "上周哪些单位迟报了"))
    lines = answer.splitlines()
    assert lines[0] == "📋 上周（6月8日—6月14日） 值班报送"
    assert lines[1] == "应报 35 次（5 个单位 × 7 天），按时 33，迟报 1，漏报 1，报送率 97.1%"
    assert lines[2] == "迟报：永安镇 6月9日 12:30"
    assert lines[3] == "漏报：白沙街道 6月10日"


async def test_duty_this_week_keeps_today_apart(week):
    answer = texts(await week.send(ADMIN, "本周报送率多少"))
    # 5 units × 4 days = 20; reported 13 + 3 + 3 = 16 ... counted: 15–17 four units (12) +
    # 永安镇 on the 15th (1) + three today (3) = 16; late 1; 永安镇 missed 16th and 17th
    assert "应报 20 次（5 个单位 × 4 天），按时 15，迟报 1，漏报 2，报送率 80%" in answer
    assert "迟报：双桥镇 6月16日 13:40" in answer
    assert "漏报：永安镇 6月17日；永安镇 6月16日" in answer
    assert "今日尚未报送 2 个（当天结束前为未报）：永安镇、市住建局" in answer


async def test_drills_last_seven_days(week):
    answer = texts(await week.send(ADMIN, "近7天演练情况"))
    lines = answer.splitlines()
    assert lines[0] == "🎯 近7天（6月12日—6月18日） 应急演练"
    assert lines[1] == "组织演练 2 次，参演 77 人次"
    assert lines[2] == "按类型：消防 1 次、防汛 1 次"
    assert lines[3] == "参演单位：青石镇、白沙街道、双桥镇"


async def test_major_hazards_this_year(week):
    answer = texts(await week.send(ADMIN, "今年重大隐患还有几个没整改"))
    assert "今年（1月1日—12月31日，截至6月18日）" in answer
    assert "新发现 4 处（重大 1）" in answer and "重大隐患尚未整改 1 处。" in answer


async def test_no_period_defaults_to_this_week_and_says_so(week):
    answer = texts(await week.send(ADMIN, "隐患整改情况怎么样"))
    assert answer.startswith("⚠️ 本周（6月15日—6月21日，截至6月18日）")
    assert answer.endswith("（未指明时间，按本周统计）")


async def test_future_period_refused(week):
    answer = texts(await week.send(ADMIN, "下周隐患情况怎么样"))
    assert answer == "下周（6月22日—6月28日）还没到，没有可统计的数据。"


async def test_invalid_date(week):
    answer = texts(await week.send(ADMIN, "2月30日隐患情况"))
    assert "日期有误" in answer


async def test_empty_period(week):
    answer = texts(await week.send(ADMIN, "1月份隐患整改情况"))
    assert "1月1日—1月31日" in answer and "这段时间没有新登记的隐患。" in answer


async def test_unit_of_another_group_refused(week):
    with week.deps.session_factory() as s:
        other = seed.ensure_town(s, ["河东镇"], chat_id=-100777, title="河东群")
        seed.hazard(s, other, "河东镇", D(2026, 6, 16))
        s.commit()
    answer = texts(await week.send(ADMIN, "河东镇本周隐患整改情况"))
    assert answer.startswith("“河东镇”不在本群的值班名单上")


async def test_named_unit_narrows_the_answer(week):
    answer = texts(await week.send(ADMIN, "青石镇本周隐患整改情况"))
    assert "（青石镇）" in answer and "新发现 1 处（重大 1）" in answer


async def test_leaders_group_sees_every_unit(week):
    with week.deps.session_factory() as s:
        other = seed.ensure_town(s, ["河东镇"], chat_id=-100777, title="河东群")
        seed.hazard(s, other, "河东镇", D(2026, 6, 16))
        s.add(Group(chat_id=LEADERS_GROUP, title="领导群", role="leaders", enrolled_at=week.deps.clock.now()))
        s.commit()
    answer = texts(await week.send(ADMIN, "本周隐患整改情况", chat=LEADERS_GROUP))
    assert "（全部单位）" in answer and "新发现 4 处（重大 1）" in answer
    own = texts(await week.send(ADMIN, "本周隐患整改情况"))
    assert "新发现 3 处" in own


async def test_all_topics_short(week):
    answer = texts(await week.send(ADMIN, "本周整体情况怎么样"))
    assert "隐患：新发现 3 处（重大 1），整改完成 1 处，尚未整改 3 处（逾期 2）" in answer
    assert "演练：1 次，参演 37 人次" in answer
    # 漏报 as the duty answer counts it: today's two not yet in are 未报 until the day is over
    assert "值班：应报 20，按时 15，迟报 1，漏报 2，报送率 80%（今日未报 2）" in answer


async def test_stranger_gets_nothing_written(week):
    before = len(week.rows(ProcessedUpdate))
    answer = texts(await week.send("路人甲", "本周隐患整改情况"))
    assert "绑定" in answer and len(week.rows(ProcessedUpdate)) == before
    assert len(week.rows(Hazard)) == 4


async def test_today_duty_question_still_answered_by_duty(week):
    answer = texts(await week.send(ADMIN, "今天哪些单位还没报"))
    assert "永安镇" in answer and "市住建局" in answer


def _photo(replies: list[Reply]) -> bool:
    return any(r.file and r.file.kind == "photo" for r in replies)


async def test_no_cjk_font_says_why(week, monkeypatch):
    from reports import charts

    def no_font(*a, **k):
        raise charts.NoCJKFont("系统中没有中文字体")
    monkeypatch.setattr(charts, "report_rate_chart", no_font)
    replies = await week.send(ADMIN, "上周报送率多少 图")
    assert not _photo(replies) and "无法生成图表：系统中没有中文字体" in texts(replies)


async def test_days_before_the_first_report_are_not_owed(week):
    answer = texts(await week.send(ADMIN, "6月1日到6月14日哪些单位迟报了"))
    # the first report in the store is of 8 June: a week of 5 units is owed, not two
    assert "应报 35 次（5 个单位 × 7 天）" in answer
    assert "（6月8日起有报送记录，此前的日子不计入应报）" in answer


async def test_long_period_tells_late_units_with_counts(week):
    with week.deps.session_factory() as s:
        group = s.exec(select(Group).where(Group.chat_id == GROUP)).one()
        seed.report(s, group, "青石镇", D(2026, 3, 2), "15:00")         # counting starts on 2 March
        s.commit()
    answer = texts(await week.send(ADMIN, "今年哪些单位迟报了"))
    assert "迟报单位：双桥镇（1次）；永安镇（1次）；青石镇（1次）" in answer
    # 2 March – 18 June is 109 days; today's two open reports are not 漏报 yet
    assert "应报 545 次（5 个单位 × 109 天）" in answer
    # reports since 2 March: 青石镇 12, 白沙街道 10, 双桥镇 11, 永安镇 8, 市住建局 10
    assert "按时 48，迟报 3，漏报 492，报送率 9.4%" in answer
    assert "漏报单位：永安镇（100次）；白沙街道（99次）；双桥镇（98次）；市住建局（98次）；青石镇（97次）" in answer


async def test_private_chat(week):
    from storage.models import Member
    from tests.helpers import OFFICERS
    with week.deps.session_factory() as s:
        s.exec(select(Member).where(Member.user_id == week.uid(ADMIN))).one().role = "leader"
        s.commit()
    leader = texts(await week.send(ADMIN, "本周隐患整改情况", chat=week.uid(ADMIN)))
    assert "（全部单位）" in leader and "新发现 3 处" in leader
    officer = texts(await week.send(OFFICERS["双桥镇"], "本周隐患整改情况", chat=week.uid(OFFICERS["双桥镇"])))
    assert "（双桥镇）" in officer and "新发现 1 处（重大 0）" in officer


async def test_a_chart_button_holds_no_query_and_forged_or_foreign_data_are_refused(week):
    replies = await week.send(ADMIN, "本周隐患整改情况")
    [[chart], _] = replies[0].buttons
    drills = await week.send(ADMIN, "本周演练情况")          # a row of a topic without a chart
    [[drill_detail]] = drills[0].buttons
    rows = len(week.rows(DetailIssue))
    refused = "这个图表按钮已失效或不属于本聊天，请在这里重新提问后再看图表。"
    for data in ("askc:h:20260615:20260621:g", "askc:h:20260615:20260621:a", "askc:AAAAAAAAAAAA", "askc:",
                 "askc:" + "x" * 60, "askc:💥", chart.data + ":1",
                 "askc:" + drill_detail.data.removeprefix("dt:")):
        pressed = await week.press(ADMIN, data, message_id=1)
        assert texts(pressed) == refused and not [r for r in pressed if r.file or r.text], data
    await week.set_leaders_group()
    assert texts(await week.press(ADMIN, chart.data, message_id=1, chat=LEADERS_GROUP)) == refused
    assert len(week.rows(DetailIssue)) == rows      # nothing written (but the members' update ids)
    assert _photo(await week.press("李明", chart.data, message_id=1))
    week.deps.clock.advance(days=8)
    assert texts(await week.press("李明", chart.data, message_id=1)) == refused


async def test_a_private_chart_is_refused_once_the_leader_is_demoted(week):
    from storage.models import Member
    with week.deps.session_factory() as s:
        s.exec(select(Member).where(Member.user_id == week.uid("陈刚"))).one().role = "leader"
        s.commit()
    me = week.uid("陈刚")
    [[chart], _] = (await week.send("陈刚", "本周报送情况", chat=me))[0].buttons
    assert _photo(await week.press("陈刚", chart.data, message_id=1, chat=me))
    await week.send(ADMIN, "/role 陈刚 duty")
    refused = await week.press("陈刚", chart.data, message_id=1, chat=me)
    assert not _photo(refused) and "图表按钮已失效" in texts(refused)


async def test_before_the_deadline_the_sum_shown_is_the_sum_done(week):
    """At 11:00 three units have reported today and two are not due yet: 应报 is the three
    days before today (5 × 3) plus today's three reports, and the line says so."""
    week.at("11:00")
    answer = texts(await week.send(ADMIN, "本周值班报送情况"))
    assert "应报 18 次（5 个单位 × 3 天 + 今日已报 3 次），按时 15，迟报 1，漏报 2，报送率 88.9%" in answer
    assert "（今日截止 12:00 前未报的 2 个单位尚未到期，不计入应报）" in answer


async def test_before_the_deadline_with_none_reported_today(town):
    """Nobody has reported today by 08:00: today adds nothing to 应报, and the line says 3 days."""
    with town.deps.session_factory() as s:
        group = s.exec(select(Group).where(Group.chat_id == GROUP)).one()
        for day in (15, 16, 17):
            for unit in ("青石镇", "白沙街道", "双桥镇", "永安镇", "市住建局"):
                seed.report(s, group, unit, D(2026, 6, day), "09:00")
        s.commit()
    town.at("08:00")
    answer = texts(await town.send(ADMIN, "本周值班报送情况"))
    assert "应报 15 次（5 个单位 × 3 天），按时 15，迟报 0，漏报 0，报送率 100%" in answer


async def test_no_reports_at_all_is_said_plainly(town):
    """A leader asks in a private chat before any unit has ever reported: the answer says
    there are no records, not that the first one came after the period."""
    from storage.models import Member
    with town.deps.session_factory() as s:
        s.exec(select(Member).where(Member.user_id == town.uid(ADMIN))).one().role = "leader"
        s.commit()
    town.at("15:00")
    answer = texts(await town.send(ADMIN, "本周值班报送情况", chat=town.uid(ADMIN)))
    assert "这段时间没有报送记录。" in answer
    assert "最早的报送" not in answer
