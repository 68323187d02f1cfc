import json
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlu.intents import INTENTS, Intent, understand
from nlu.units import KnownUnit

CST = timezone(timedelta(hours=8))
SENT = datetime(2026, 6, 18, 10, 0, tzinfo=CST)  # Thursday


def u(text, sent=SENT, known=()):
    return understand(text, sent, known)


@pytest.mark.parametrize("text", ["", "   ", "😀😀😀", "a" * 10_000, "<b></b>", "\x00\x01", "字" * 10_000, "。。。", "？"])
def test_bad_inputs_are_other(text):
    got = u(text)
    assert got.name == "other" and got.fields == {}
    json.dumps(got.as_json())


def test_long_real_message_is_still_read():
    got = u("青石镇今日零报告。" + "备注" * 5000)
    assert got.name == "duty_report"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_never_raises(text):
    got = understand(text, SENT)
    assert got.name in INTENTS
    json.dumps(got.as_json(), ensure_ascii=False)


def test_as_json_dates_are_iso():
    got = u("青石镇6月18日值班情况：零报告")
    assert got.as_json() == {"intent": "duty_report", "unit": "青石镇", "zero": True, "date": "2026-06-18"}
    assert isinstance(got.fields["date"], date)
    assert list(got.fields) == ["unit", "zero", "date"]


def test_invalid_date():
    got = u("双桥镇2月30日值班情况：零报告")
    assert got.name == "duty_report"
    assert got.extra["error"] == "invalid_date"
    assert "date" not in got.fields
    q = u("2月30日的值班情况怎么样？")
    assert q.name == "query" and q.extra["error"] == "invalid_date" and "start" not in q.fields


def test_negative_attendance_is_kept_for_refusal():
    got = u("参演-5人")
    assert got.name == "attendance" and got.fields["count"] == -5


def test_sent_time_in_utc_uses_china_day():
    got = u("青石镇今日零报告", datetime(2026, 6, 17, 17, 0, tzinfo=timezone.utc))
    assert got.fields["date"] == date(2026, 6, 18)


# ---- duty reports

def test_duty_zero_and_explicit_date():
    got = u("补报：石门镇6月14日值班情况正常，零报告。")
    assert got.fields == {"unit": "石门镇", "zero": True, "date": date(2026, 6, 14)}
    assert got.extra["date_explicit"] is True and got.extra["events"] == ""


def test_duty_without_date_leaves_date_out():
    got = u("红星镇 零报告")
    assert got.fields == {"unit": "红星镇", "zero": True}
    assert got.extra["date_explicit"] is False


def test_duty_yesterday_and_typo():
    got = u("桃源镇昨日值斑情况：无突发事件，另报告")
    assert got.name == "duty_report"
    assert got.fields["date"] == date(2026, 6, 17) and got.fields["zero"] is True


def test_duty_with_incident():
    got = u("城南街道今日值班情况：上午10时许辖区一工地发生脚手架局部坍塌，1人轻伤已送医")
    assert got.fields["zero"] is False
    assert got.extra["events"].startswith("上午10时许")


def test_duty_own_unit_and_gazetteer():
    assert "unit" not in u("我镇今日值班值守情况正常，零报告。").fields
    known = (KnownUnit("区应急管理局", ("应急局",)),)
    assert u("应急局今日零报告", known=known).fields["unit"] == "区应急管理局"


def test_notice_about_duty_is_other():
    assert u("【通知】请各单位今日12时前报送值班情况").name == "other"


# ---- hazards

def test_hazard_fields_and_extra():
    got = u("隐患：新华书店安全出口上锁，疏散指示灯损坏，责任人店长张伟，限期2天整改")
    assert got.name == "hazard"
    assert got.fields["category"] == "消防"
    assert got.fields["deadline"] == date(2026, 6, 20)
    assert got.fields["responsible"] == "张伟"
    assert "level" not in got.fields and got.extra["level"] == "一般"
    assert got.extra["deadline_rule"] == "限期2天"
    assert not got.extra["description"].startswith("隐患")
    assert "责任人" not in got.extra["description"]
    assert got.extra["place"] == got.fields["unit"]


def test_hazard_missing_punctuation():
    got = u("宏达化工有限公司仓库危化品混存责任人王建国限期3天整改")
    assert got.fields["unit"].startswith("宏达化工有限公司")
    assert got.fields["responsible"] == "王建国"
    assert got.fields["deadline"] == date(2026, 6, 21)


def test_hazard_major_level_and_dated_deadline():
    got = u("永兴化工有限公司储罐区围堰破损，属重大事故隐患，责令6月30日前整改完毕。")
    assert got.name == "hazard"
    assert got.fields["level"] == "重大" and got.fields["deadline"] == date(2026, 6, 30)


def test_hazard_reporter_is_not_the_place():
    got = u("区市场监管局检查发现福满楼酒店厨房燃气管道未安装泄漏报警装置，限期5日内整改")
    assert got.fields["unit"] == "福满楼酒店" and got.fields["category"] == "燃气"


def test_no_drill_held_is_a_hazard():
    assert u("恒发化工有限公司未按规定开展应急演练，应急预案未备案，限期整改").name == "hazard"


# ---- rectified

def test_rectified_with_code():
    got = u("YH-20260618-001已整改完毕，申请销号")
    assert got.name == "rectified" and got.extra["code"] == "YH-20260618-001"
    assert got.extra["note"]


def test_deadline_words_are_not_rectification():
    assert u("金盛木业除尘系统积尘，3月20日前整改到位").name == "hazard"
    assert u("福满楼酒店报警器已按要求整改").name == "rectified"


# ---- drills and attendance

def test_planned_drill():
    got = u("定于6月25日上午9:30在金山街道天悦城小区开展消防应急疏散演练，预计参演居民100余人。")
    assert got.fields == {"drill_type": "消防", "participants": 100, "date": date(2026, 6, 25)}
    assert got.extra["held"] is False
    assert got.extra["place"] == "金山街道天悦城小区"
    assert got.extra["time"] == datetime(2026, 6, 25, 9, 30, tzinfo=got.extra["time"].tzinfo)
    assert got.extra["time"].utcoffset() == timedelta(hours=8)
    assert got.extra["title"] == "消防应急疏散演练"


def test_held_drill_with_chinese_numeral():
    got = u("今天下午桃源镇组织了森林防火应急演练，参演人员五十人")
    assert got.fields["participants"] == 50 and got.extra["held"] is True
    assert got.extra["time"] is None


def test_attendance_forms():
    assert u("签到").fields == {"count": 1}
    assert u("签到 李明").fields == {"count": 1}
    assert u("红星镇签到，参演十二人").fields == {"unit": "红星镇", "count": 12}
    assert u("城南街道到场12人").fields == {"unit": "城南街道", "count": 12}


# ---- queries and summaries

def test_query_chart_and_period():
    got = u("近7天演练情况，出个图表")
    assert got.fields == {"topic": "drill", "start": date(2026, 6, 12), "end": date(2026, 6, 18)}
    assert got.extra["chart"] is True and got.extra["period_label"] == "近7天"


def test_query_topics():
    assert u("上月值班迟报漏报情况统计一下").fields["topic"] == "duty"
    assert u("第二季度隐患整改情况").fields["topic"] == "hazard"
    assert u("本月值班、隐患、演练情况怎么样").fields["topic"] == "all"


def test_summary_kinds():
    got = u("生成6月份月报")
    assert got.fields == {"kind": "monthly", "start": date(2026, 6, 1), "end": date(2026, 6, 30)}
    assert u("帮我起草一下今年上半年的工作总结").fields["kind"] == "half_year"
    assert u("起草今年的安全生产工作总结").fields["kind"] == "yearly"
    assert u("写一份上周周报").extra["period_label"] == "上周"


def test_other_chat():
    for text in ("收到", "好的，马上落实", "明天下午3点开会，请准时参加", "谢谢领导！", "各位注意：近期气温骤降"):
        assert u(text).name == "other", text


def test_intent_is_frozen_and_serialisable():
    got = u("生成本周周报")
    assert isinstance(got, Intent)
    with pytest.raises(AttributeError):
        got.name = "other"  # type: ignore[misc]
    json.dumps(got.as_json(), ensure_ascii=False)


def test_leaders_plain_questions_about_reporting():
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from nlu.intents import understand
    at = datetime(2026, 6, 18, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    cases = {"今天谁没报": ("duty", date(2026, 6, 18)), "本月报送情况": ("duty", date(2026, 6, 1)),
             "本周值班报送情况": ("duty", date(2026, 6, 15)), "近30天演练次数": ("drill", date(2026, 5, 20))}
    for text, (topic, start) in cases.items():
        intent = understand(text, at)
        assert (intent.name, intent.fields.get("topic"), intent.fields.get("start")) == ("query", topic, start), text
    for notice in ("请各单位于今天12点前报送值班情况", "请于12点前报送本周情况"):
        assert understand(notice, at).name == "other", notice


@pytest.mark.parametrize("text, day", [
    ("大洼镇今儿个值班没啥事，零报告", "2026-06-18"), ("昨儿个值班一切正常", "2026-06-17"),
    ("城关镇今个儿值班平安无事", "2026-06-18"), ("桐木镇6-17值班情况：正常 零报告", "2026-06-17"),
    ("北站街道6.16值班：无异常。", "2026-06-16"),
])
def test_duty_days_in_dialect_and_dashed_or_dotted(text, day):
    got = u(text).as_json()
    assert got["intent"] == "duty_report" and got["zero"] is True and got["date"] == day


def test_dialect_nothing_words_leave_a_handled_incident_a_report():
    got = u("喂 西岭村这边报一下 下午有个小孩掉进水塘了 被村民救上来了 冇得大问题 其他冇得么子事").as_json()
    assert got["intent"] == "duty_report" and got["zero"] is False and got["unit"] == "西岭村"


@pytest.mark.parametrize("text, unit", [
    ("报告石桥镇昨晚下雪，值班人员连夜铲雪，没有发生事故一切正常", "石桥镇"),
    ("东关街道报告：傍晚老街一处柴草堆起火，消防到场扑灭，无人员受伤。", "东关街道"),
    ("报告：青山乡今日值班正常", "青山乡"),
])
def test_the_unit_that_reports_opens_the_report(text, unit):
    got = u(text).as_json()
    assert got["intent"] == "duty_report" and got["unit"] == unit


@pytest.mark.parametrize("text, level", [
    ("竹业加工厂除尘器设在车间内部，粉尘涉爆，一般，限期15天", "一般"),
    ("城关加油站卸油口没接静电线 重大 站长李强 立即整改", "重大"),
    ("宏达公司配电箱门坏了，等级：一般，3天内修好", "一般"),
    ("宏达公司配电箱门坏了，属于重大，3天内修好", "重大"),
])
def test_a_level_said_as_a_clause_of_its_own(text, level):
    got = u(text).as_json()
    assert got["intent"] == "hazard" and got["level"] == level


def test_a_level_word_in_passing_is_no_level():
    assert "level" not in u("宏达公司配电箱门坏了，情况一般，3天内修好").as_json()


def test_a_sign_in_by_roles_counts_everyone():
    got = u("茶园乡卫生院救护组签到，3名医生4名护士").as_json()
    assert got["intent"] == "attendance" and got["count"] == 7
    assert u("签到-石门乡-王刚-3人").as_json()["count"] == 3


@pytest.mark.parametrize("text", [
    "各位领导好 我是三河镇的 今天我们镇值班没什么情况 带班的是张镇长",   # a greeting to superiors opens a report
    "马坊镇今朝值班冇得事",                                             # dialect: 今朝 = 今天, 冇得 = 没有
])
def test_greetings_and_dialect_are_read_before_the_evidence(text):
    got = u(text).as_json()
    assert got["intent"] == "duty_report" and got["zero"] is True


@pytest.mark.parametrize("text, intent", [
    ("河西镇 12.5 值班 情况 夜里 村道 有辆 三轮车 翻进 沟里 人 擦伤 送医 了", "duty_report"),
    ("东林镇、西林镇 值班 都 正常", "duty_report"),
    ("宏发商贸仓库 液化气瓶 全部 清运 走了 整改 完成", "rectified"),
    ("前进村 小卖部 卖 鞭炮 没 证 店主 王老五 立即 清走", "hazard"),
])
def test_words_spaced_out_by_the_input_method_are_read_whole(text, intent):
    assert u(text).name == intent


def test_a_few_spaces_between_clauses_are_kept():
    from nlu.intents import spaced_out
    assert spaced_out("石门乡今日值班 一切平安 带班领导王刚") == "石门乡今日值班 一切平安 带班领导王刚"
    assert spaced_out("二道河镇 值班 情况 昨晚 有人 冰钓") == "二道河镇值班情况昨晚有人冰钓"


def test_keycap_numbers_are_list_bullets():
    got = u("今天防汛演练 各单位签到👇\n1️⃣金沙门街道 15人").as_json()
    assert got == {"intent": "attendance", "unit": "金沙门街道", "count": 15}


@pytest.mark.parametrize("text, day", [
    ("青云街道值班情况6.17 平稳 零报告", "2026-06-17"), ("南关街道值班日报（6.16）无事 零报告", "2026-06-16"),
])
def test_a_dotted_day_beside_the_duty_words(text, day):
    got = u(text).as_json()
    assert got["intent"] == "duty_report" and got["date"] == day


@pytest.mark.parametrize("text, zero", [
    ("西关街道今日值班情况：傍晚广场人流过大，联合派出所临时限流，20点恢复正常。", False),
    ("西关街道今日值班情况：商场客流超限，启动限流预案，分批放行，无人员伤亡。", False),
    ("西关街道今日值班情况：庙会人多，派出所联合疏导，未发生拥挤踩踏，零报告", True),
    ("向阳街道 夜里 有 一户 暖气管 冻裂 跑水 物业 关了 阀门 修好了 其他 正常", False),
])
def test_a_crowd_beyond_its_limit_is_an_event_a_crowd_directed_is_not(text, zero):
    got = u(text).as_json()
    assert got["intent"] == "duty_report" and got["zero"] is zero


def test_the_one_number_a_sign_in_counts_with_个():
    assert u("到了到了 东山镇8个 都到齐了").as_json()["count"] == 8


@pytest.mark.parametrize("text, day", [("小河镇17号值班正常", "2026-06-17"), ("大河乡20日零报告", "2026-05-20")])
def test_a_day_of_the_month_alone_before_the_duty_words(text, day):
    # this month's, or the last month's when the day lies ahead (SENT is 18 June)
    got = u(text).as_json()
    assert got["intent"] == "duty_report" and got["date"] == day


def test_a_road_washed_out_and_cordoned_is_an_event():
    got = u("昨晚值班 金河镇 大雨 村里有段路被冲了 已经拉了警戒 没人受伤").as_json()
    assert got["intent"] == "duty_report" and got["zero"] is False


@pytest.mark.parametrize("text", ["青云街道零报告（6.17）", "6.17青云街道零报告", "青云街道零报告6.17"])
def test_a_dotted_day_heading_bracketed_or_beside_零报告(text):
    got = u(text).as_json()
    assert got["intent"] == "duty_report" and got["date"] == "2026-06-17"


def test_a_dotted_number_deep_in_the_text_is_no_duty_day():
    got = u("青云街道今日值班情况：辖区内阳光小区外墙瓷砖脱落约1.5平方米，已拉警戒线，无人员受伤").as_json()
    assert got["date"] == "2026-06-18"


@pytest.mark.parametrize("text, count", [
    ("城关镇签到：王强、李明、张芳", 3), ("城关镇王强、李明签到", 2), ("签到：城关镇、河口镇", 1),
    ("城关镇 队员14名", 14), ("城关镇到场人员：干部3人，民兵10人", 13),
])
def test_a_sign_in_counts_the_people_it_names_or_numbers(text, count):
    got = u(text).as_json()
    assert got["intent"] == "attendance" and got["count"] == count


@pytest.mark.parametrize("text, level", [
    ("宏达公司配电房门口堆杂物（一般），限3天清理", "一般"),
    ("宏达公司液氨储罐安全阀未校验，经判定属于重大，限期5天", "重大"),
    ("宏达公司液氨储罐安全阀未校验 定为重大 限期5天", "重大"),
])
def test_a_level_in_brackets_or_after_a_judgement(text, level):
    assert u(text).as_json()["level"] == level


@pytest.mark.parametrize("text, zero, day", [
    ("更正：城关镇昨天报的零报告有误，昨晚东街一门面失火，已扑灭，无人员伤亡", False, "2026-06-17"),
    ("补报：河口镇6月16日值班正常，零报告", True, "2026-06-16"),
])
def test_corrections_and_late_reports(text, zero, day):
    got = u(text).as_json()
    assert got["intent"] == "duty_report" and got["zero"] is zero and got["date"] == day


@pytest.mark.parametrize("text", ["城关镇 李明 张华 王刚 到", "我是城关镇的李明，我到了"])
def test_a_roll_call_answered_by_names_or_in_the_first_person(text):
    # a list of names spaced out is read as it is written: collapsing it would hide the roll call
    assert u(text).name == "attendance"


@pytest.mark.parametrize("text, unit", [
    ("今天来参加冰上救援演练的 县消防救援大队22人到位", "县消防救援大队"),
    ("今天演练签到：东湖街道应急分队12人", "东湖街道应急分队"),
    ("今天下午消防演练：槐荫街道微型消防站签到 6人", "槐荫街道微型消防站"),
    ("今天上午县里的燃气安全演练 我们城关镇 来了 11个", "城关镇"),
])
def test_the_unit_named_right_before_its_head_count_signs_in(text, unit):
    got = u(text).as_json()
    assert got["intent"] == "attendance" and got["unit"] == unit


@pytest.mark.parametrize("text, unit", [
    ("除夕夜值班 西华门街道 一切平稳 零报告", "西华门街道"),
    ("我们书院街道初四值班今天没事零报告", "书院街道"),
    ("俺们大洼镇今儿个值班没啥事儿，零报告哈", "大洼镇"),
])
def test_a_duty_reports_unit_alone_between_spaces_or_after_我们(text, unit):
    got = u(text).as_json()
    assert got["intent"] == "duty_report" and got["unit"] == unit


def test_我单位_alone_still_names_no_unit():
    assert "unit" not in u("我单位今日值班正常，零报告").as_json()


# SENT is Thursday 18 June 2026: 本周 is 15–21 June, 上个月 May, this half year January–June.
@pytest.mark.parametrize("text, expected", [
    ("上个月演练", {"intent": "query", "topic": "drill", "start": "2026-05-01", "end": "2026-05-31"}),
    ("本周隐患整改", {"intent": "query", "topic": "hazard", "start": "2026-06-15", "end": "2026-06-21"}),
    ("近7天报送", {"intent": "query", "topic": "duty", "start": "2026-06-12", "end": "2026-06-18"}),
    ("半年总结", {"intent": "summary_request", "kind": "half_year", "start": "2026-01-01", "end": "2026-06-30"}),
    ("上半年工作总结", {"intent": "summary_request", "kind": "half_year", "start": "2026-01-01", "end": "2026-06-30"}),
    ("上周总结", {"intent": "summary_request", "kind": "weekly", "start": "2026-06-08", "end": "2026-06-14"}),
])
def test_a_bare_period_and_topic_asks_for_the_records_or_the_draft(text, expected):
    assert u(text).as_json() == expected


@pytest.mark.parametrize("text", ["演练总结", "今天演练", "隐患整改"])
def test_a_topic_without_a_period_or_a_drills_own_paper_asks_nothing(text):
    assert u(text).as_json()["intent"] not in ("query", "summary_request")


@pytest.mark.parametrize("text, unit", [
    ("青石镇今日无图发事件，灵报告", "青石镇"),         # the pinyin input method's near misses
    ("永安镇今日零报", "永安镇"),
    ("报告县应急局：青石镇今日无突发事件", "青石镇"),     # the addressee is no unit
])
def test_a_zero_report_typed_in_a_hurry(text, unit):
    assert u(text).as_json() == {"intent": "duty_report", "unit": unit, "zero": True, "date": "2026-06-18"}


@pytest.mark.parametrize("text", ["青石镇那个消防通道堵塞的问题改好了", "消防通道的问题已经解决了"])
def test_a_problem_fixed_in_plain_words_is_rectified(text):
    assert u(text).as_json()["intent"] == "rectified"


@pytest.mark.parametrize("text", ["隐患问题要尽快解决", "这个问题怎么解决", "问题还没解决了吗"])
def test_a_problem_still_to_fix_is_not_rectified(text):
    assert u(text).as_json()["intent"] != "rectified"


def test_a_breakdown_towed_away_is_an_incident_dealt_with():
    got = u("永安镇值班：G205国道一辆货车抛锚，已拖离，其余正常").as_json()
    assert got["intent"] == "duty_report" and got["unit"] == "永安镇" and got["zero"] is False


@pytest.mark.parametrize("text, topic", [
    ("本周各村值班都报齐了木有", "duty"),
    ("最近5天有新的隐患木有", "hazard"),
    ("上个月的隐患台账发俺一份", "hazard"),
])
def test_dialect_questions_and_asking_for_a_ledger_are_queries(text, topic):
    got = u(text).as_json()
    assert got["intent"] == "query" and got["topic"] == topic


@pytest.mark.parametrize("text", [
    "河口乡报告昨天值班情况晚上有群众说河边冒烟我们去看了是烧秸秆已经劝灭了其他莫得啥子",
    "白石镇昨晚风大得很我们连夜巡了8个点没得啥子大情况就是路边落了几个树枝已经清了",
])
def test_a_report_told_in_sichuan_words_with_few_things_fallen_is_a_duty_report(text):
    got = u(text).as_json()
    assert got["intent"] == "duty_report" and got["unit"] in text


@pytest.mark.parametrize("text", [
    "白沙镇今日值班：林区卡点劝阻带火种上山群众8人次，未发生火情，零报告",
    "青山乡值班情况：劝返进山人员12人，收缴火种5份，辖区平安",
])
def test_fire_prevention_at_the_forest_edge_is_routine_on_a_quiet_day(text):
    got = u(text).as_json()
    assert got["intent"] == "duty_report" and got["zero"] is True


@pytest.mark.parametrize("text", [
    "青山镇昨晚我们巡了10个点没啥大情况就是村口掉了几个石头已经清了",
    "白沙乡今天值班没什么事，只是河边刮倒一棵树，已经清走",
])
def test_a_quiet_day_with_an_exception_is_no_zero_report(text):
    got = u(text).as_json()
    assert got["intent"] == "duty_report" and got["zero"] is False


@pytest.mark.parametrize("text", ["下周报表要交", "本月报表什么时候交", "上周报表交了没有"])
def test_a_periods_报表_is_no_周报_or_月报_asked_for(text):
    assert u(text).as_json()["intent"] != "summary_request"


# ---- round 5: forms found in practice batches written apart from the parser

def test_a_quiet_new_year_eve_under_a_header_names_its_town():
    got = u("除夕夜值班情况：陶溪镇全镇平稳，燃放烟花爆竹未发生火情，零报告。", datetime(2027, 2, 5, 23, 0, tzinfo=CST))
    assert got.name == "duty_report" and got.fields["unit"] == "陶溪镇" and got.fields["zero"] is True


def test_the_roster_at_its_posts_and_a_quiet_area_is_a_duty_report():
    got = u("除夕夜马莲滩镇带班领导韩志刚，值班人员马福祥在岗，到目前辖区平安")
    assert got.name == "duty_report" and got.fields["unit"] == "马莲滩镇" and got.fields["zero"] is True


@pytest.mark.parametrize("text", [
    "黑山乡昨天值班情况报一下昨天下午三点多起了大风一个牧民的彩钢房顶被刮掉了一半人没事已经帮着固定了其他没啥情况",
    "石峡口镇值班情况：上午红峡公路K9处山体滑塌，土石堵了半幅路面，下午清理完毕恢复通行，无车辆人员受损。",
])
def test_wind_damage_and_a_slip_cleared_are_events(text):
    got = u(text)
    assert got.name == "duty_report" and got.fields["zero"] is False


def test_a_bakery_with_its_village_in_brackets_is_the_place():
    got = u("好味来饼家（窑前村）用液化气烤炉，操作间内放了5个气瓶，超过规定数量，店主邱好，要求中秋前整改好")
    assert got.name == "hazard" and got.fields["unit"] == "好味来饼家"


@pytest.mark.parametrize("text, who", [
    ("宏远客运公司大客车动态监控不在线，公司经理贾正义，要求元旦前整改到位", "贾正义"),
    ("永盛砂石厂堆料堵了河道，老板拓万林，要求7月1日前清走", "拓万林"),
    ("恒焱焦化备煤车间积尘严重，车间负责人撒永福，限期7天", "撒永福"),
])
def test_north_western_surnames_and_正_inside_a_name(text, who):
    assert u(text).fields["responsible"] == who


@pytest.mark.parametrize("text", [
    "窑前村的同志，昨天的零报告还冇收到，请补报",
    "请问隐患整改销号申请表需要企业盖章吗？还是镇上签字就行",
    "今晚值班系边个？我同你换班",
])
def test_reminders_procedure_and_cantonese_questions_are_other(text):
    assert u(text).name == "other"


def test_a_typo_for_演练_still_asks_about_drills():
    got = u("上半年开展了多少次应急眼练？")
    assert got.name == "query" and got.fields["topic"] == "drill"


def test_a_summary_covers_the_period_begun_not_the_week_it_is_due():
    got = u("今年的年度总结帮我先起个草，局里下周要报县委")
    assert got.name == "summary_request" and got.fields["kind"] == "yearly"
    assert (got.fields["start"], got.fields["end"]) == (date(2026, 1, 1), date(2026, 12, 31))


def test_a_summary_range_named_after_the_document_still_counts():
    got = u("五一期间的值班情况总结帮忙起草一份，5月1号到5号")
    assert (got.fields["start"], got.fields["end"]) == (date(2026, 5, 1), date(2026, 5, 5))


@pytest.mark.parametrize("text, unit, count", [
    ("梧桐沟镇到位，镇村干部和民兵应急分队共23人已签到", "梧桐沟镇", 23),
    ("惠民市场这边柳园街道签到，网格员和商户代表一共15人", "柳园街道", 15),
])
def test_the_unit_that_opens_a_sign_in_signs_in(text, unit, count):
    got = u(text)
    assert got.name == "attendance" and got.fields["unit"] == unit and got.fields["count"] == count


@pytest.mark.parametrize("text, unit", [
    ("骆驼井乡白墩子村，福顺商店店主赵有福在自家住房里囤了二十多箱烟花爆竹，没有零售许可证", "福顺商店"),
    ("县城广场东侧新设的吉祥烟花爆竹临时销售点防火间距不够，负责人王德福，除夕前必须搬走", "吉祥烟花爆竹临时销售点"),
    ("石板村，村民张三家房后边坡开裂，村主任李四，限期3天", "石板村"),
])
def test_a_site_after_its_area_and_a_comma_or_a_side(text, unit):
    got = u(text)
    assert got.name == "hazard" and got.fields["unit"] == unit


@pytest.mark.parametrize("text, field, want", [
    ("轨交S7线澄塘站工地基坑东侧临边防护栏杆缺了十来米一段，下面就是基坑，项目经理黄海涛，今天之内必须补上",
     "deadline", date(2026, 6, 18)),
    ("端午龙舟赛塘北村那段河岸观赛点没有护栏也没有限流通道，挤了两三千人，村主任严雪根负责，端午前落实围挡", "unit", "塘北村"),
    ("振兴路与塘北路交叉口红绿灯坏了一个多礼拜，渣土车多，一般隐患，交警中队严明负责，11月10日前修好", "responsible", "严明"),
    ("隐患信息\n1 地点 沈家浜村18号出租楼\n2 问题 一楼楼道电瓶车充电，飞线从二楼拉下来\n3 责任人 房东张阿三\n4 整改时限 限期2天",
     "unit", "沈家浜村18号出租楼"),
])
def test_hazards_of_round_five(text, field, want):
    got = u(text)
    assert got.name == "hazard"
    assert got.fields[field].startswith(want) if field == "unit" else got.fields[field] == want


@pytest.mark.parametrize("text, unit, count", [
    ("双十一后物流园专项检查，柳浦街道今天检查快递分拨点、电商仓库8家，发现隐患11处。", "柳浦街道", 8),
    ("梅湾街道今天联合消防检查宾馆、饭店、KTV等人员密集场所12家，发现隐患19处，现场整改11处。", "梅湾街道", 12),
])
def test_inspections_under_a_campaign_or_with_a_long_list(text, unit, count):
    got = u(text)
    assert got.name == "inspection" and got.fields["unit"] == unit and got.fields["count"] == count


def test_a_campaign_s_header_then_the_doer_and_a_site_hazard_keeps_its_deadline():
    got = u("今天到杨柳镇团结村五组检查 后山危岩体松动 雨后有落石 属重大隐患 5个工作日内整改完毕")
    assert got.name == "hazard"


@pytest.mark.parametrize("text", [
    "请问隐患等级一般跟重大怎么区分？有没有判定标准的文件发一下",
    "今朝冷煞了，值班室空调又坏了，有没有人晓得找谁修",
])
def test_how_to_tell_and_who_to_call_are_other(text):
    assert u(text).name == "other"


def test_a_summary_begun_with_起个头():
    got = u("下半年工作总结先起个头，下礼拜我来改")
    assert got.name == "summary_request" and got.fields["kind"] == "half_year"


@pytest.mark.parametrize("text, who", [
    ("玉罕傣味烧烤店后厨液化气钢瓶就放在灶台边，没装报警器，老板刀志强，限期2天", "刀志强"),
    ("那卡镇南本村3组后山坡出现裂缝，坡脚有6户人家，村主任岩应为责任人，已要求下雨立即转移", "岩应"),
    ("S214线勐岗段急弯处护栏被大货车撞坏了十几米还没修，外面就是深沟，公路段负责人刀红，3天内恢复", "刀红"),
])
def test_dai_names_are_people_and_an_office_before_负责_is_not(text, who):
    assert u(text).fields["responsible"] == who


@pytest.mark.parametrize("text, unit", [
    ("景洼乡曼嘎防火检查站没人值守，卡口登记本一个星期没记了，护林员组长岩光，立即整改", "曼嘎防火检查站"),
    ("那卡边贸市场兴旺杂货铺私自卖无证烟花爆竹，大概20箱，店主刀金花，已责令立即停止销售", "兴旺杂货铺"),
])
def test_a_checkpoint_and_a_general_store_are_places(text, unit):
    assert unit in u(text).fields["unit"]


def test_a_shop_sharing_one_switch_is_no_inspection_of_one_place():
    got = u("曼弄镇福来烟花爆竹零售点存放量超过限量，还跟隔壁小吃店共用一个电闸，店主王福来，除夕前整改")
    assert got.name == "hazard"


@pytest.mark.parametrize("text, unit, count", [
    ("象坝街道签到：街道干部6人、社区网格员9人，共15人", "象坝街道", 15),
    ("签到！勐岗镇 参加演练的一共11个", "勐岗镇", 11),
])
def test_a_sign_in_s_total_and_its_unit_after_an_exclamation(text, unit, count):
    got = u(text)
    assert got.name == "attendance" and got.fields["unit"] == unit and got.fields["count"] == count


def test_asking_people_whether_a_road_is_open_is_other():
    assert u("今天雨好大哦，哪个晓得南腊那边的路通不通？我下午要克勐坎").name == "other"


@pytest.mark.parametrize("text, name, key, want", [
    ("本月各镇报送和隐患情况", "query", "topic", "all"),
    ("白沙镇这个月的隐患", "query", "topic", "hazard"),
    ("11月份工作总结", "summary_request", "kind", "monthly"),
])
def test_two_topics_joined_a_unit_s_bare_query_and_a_month_s_summary(text, name, key, want):
    got = u(text, datetime(2026, 12, 7, 15, 30, tzinfo=CST))
    assert got.name == name and got.fields[key] == want


# ---- practice batches pe (leaders' requests), pf (a fireworks county), pg (drills, sign-ins, inspections)

@pytest.mark.parametrize("text, name", [
    ("周报模板里“下周工作打算”那部分一定要写吗？", "other"),
    ("周报里的现场照片要不要加水印？", "other"),
    ("陈局，年终总结的初稿已经发您邮箱了，请审阅。", "other"),
    ("今晚带班的是哪位领导？值班室座机一直打不通", "other"),
    ("上周周报 按上次那个格式来", "summary_request"),
    ("年终总结改一下，第三部分加上森林防火，其他的不动", "summary_request"),
    ("年终总节再改一下，把成绩写实一点", "summary_request"),
    ("逾期未整改的隐患列个清单给我，按逾期天数从多到少排", "query"),
    ("本月值班零报告统计一下", "query"),
    ("现在挂牌督办的重大隐患有几条，责任人分别是谁", "query"),
    ("请统计上周各乡镇值班信息报送及时率，并按高低排序，谢谢。", "query"),
    ("今年的隐患台账导出一份，要全年的", "query"),
    ("请统计本周隐患情况，并于周五前报送县应急局", "other"),
])
def test_leaders_requests_and_their_near_misses(text, name):
    assert u(text).name == name


@pytest.mark.parametrize("text, unit, count", [
    ("签到：\n1. 周建平\n2. 吴晓燕\n3. 刘海涛\n4. 何俊", None, 4),
    ("杏花街道 签到\n陈刚\n刘芳\n吴杰", "杏花街道", 3),
    ("渔港镇 到 人数11", "渔港镇", 11),
    ("跨年夜安保演练签到 青枫派出所 民警10 辅警14 共24", None, 24),
    ("杏花街道到18个", "杏花街道", 18),
    ("青枫街道参演人员签到：共计22人，其中网格员15人、社区干部7人", "青枫街道", 22),
    ("新河镇 共到14人（镇干部6人 村干部8人）", "新河镇", 14),
])
def test_sign_ins_as_people_write_them(text, unit, count):
    got = u(text)
    assert got.name == "attendance" and got.fields["count"] == count
    if unit:
        assert got.fields["unit"] == unit


@pytest.mark.parametrize("text, count, found", [
    ("3月10日，柳湾镇安委办对辖区8家加油站、3家液化气供应站开展检查，未发现明显安全隐患。", 11, 0),
    ("【检查情况】\n单位：盐田街道安办\n日期：11月19日\n检查：工贸企业12家，小微企业8家\n隐患：发现15处，已整改9处", 20, 15),
    ("12月28日 龙头镇 检查 加油站1家 液化气站1家 烟花爆竹零售点5家 小计7家 发现隐患3处", 7, 3),
    ("元旦前检查：江滨街道今天检查宾馆4家、KTV2家、网吧3家，都没有发现隐患", 9, 0),
    ("1.26 东关街道 检查 宾馆饭店 7家 商超 5家 隐患 3处", 12, 3),
    ("国庆前安全检查 今天 共检查 企业 13家 隐患 未发现", 13, 0),
    ("昨日对黄泥塘镇5家粉尘涉爆企业复查，未发现新的隐患", 5, 0),
    ("北塘区应急局今天检查冷链企业三家，涉氨制冷隐患2处。", 3, 2),
])
def test_inspection_counts_as_people_write_them(text, count, found):
    got = u(text)
    assert got.name == "inspection"
    assert (got.fields["count"], got.fields["hazards_found"]) == (count, found)


@pytest.mark.parametrize("text, unit", [
    ("10月份石门区应急管理局共检查企业87家次，发现隐患126处，立案查处3起", "石门区应急管理局"),
    ("春节期间（2月5日-2月9日）大坪镇累计检查烟花爆竹燃放点和零售点共30处，发现隐患5处", "大坪镇"),
])
def test_a_month_or_a_bracketed_span_before_the_inspecting_unit(text, unit):
    assert u(text).fields["unit"] == unit


@pytest.mark.parametrize("text, sent, day", [
    ("清明节当天在凤凰山公墓开展森林防火应急演练，参加人员约100人", datetime(2026, 3, 30, 9, 0, tzinfo=CST), date(2026, 4, 5)),
    ("12.4 下午 南浦街道 在 万家福超市 开展消防疏散演练 参演人员约180人", datetime(2026, 12, 5, 9, 0, tzinfo=CST), date(2026, 12, 4)),
])
def test_a_drill_on_a_holiday_s_own_day_or_a_dotted_day(text, sent, day):
    got = u(text, sent)
    assert got.name == "drill" and got.fields["date"] == day


@pytest.mark.parametrize("text, dtype", [
    ("【演练信息】\n名称：城北加油站火灾事故应急演练\n参加人员：加油站员工、消防站队员 约25人\n类型：消防", "消防"),
    ("2月27日上午，黄泥塘镇鑫磊石灰石矿开展透水事故应急救援演练，参演人员40余名", "非煤矿山"),
])
def test_a_drill_s_stated_type_and_a_mine_flooding(text, dtype):
    assert u(text).fields["drill_type"] == dtype


def test_seventy_odd_people_are_seventy():
    assert u("今天下午杏花街道电动车火灾应急演练圆满完成，一共七十来人").fields["participants"] == 70


@pytest.mark.parametrize("text, name", [
    ("我镇今天值班在岗，冇得事", "duty_report"),
    ("红烛街道：今天晚上8点左右锦绣华庭小区一户厨房液化气软管老化漏气，消防和燃气公司到场处置，关阀通风，未造成伤亡，情况已稳定。",
     "duty_report"),
    ("麻石镇下湾村有人在自家屋里偷偷做鞭炮，隔老远就闻到硝药味，村民举报的，户主姓罗，已经喊派出所一起过去了", "hazard"),
    ("刚刚在金鼓镇老街看到一家杂货店在门口摆烟花卖没得零售许可证的老板叫廖三元我已经叫他先收起来了明天镇里派人去处理", "hazard"),
    ("鸿运烟花店（双江口镇老街）把节后卖剩的烟花堆在居民楼一楼楼道里，要求马上清理转移，店主已签字确认", "hazard"),
])
def test_round_five_intents_from_a_fireworks_county(text, name):
    assert u(text).name == name


def test_a_major_hazard_exclaimed_then_its_firm_and_a_reservoir_keeper():
    assert u("重大隐患！华彩烟花爆竹有限公司装药工房内违规存放成品约200箱，安全员邓志华，12月25日前完成整改").fields["unit"] \
        == "华彩烟花爆竹有限公司"
    assert u("白沙冲水库溢洪道被树枝杂物堵了一半，汛期马上到了，管护员李满仓，要求3天内清完").fields["responsible"] == "李满仓"


@pytest.mark.parametrize("text, name, key, want", [
    ("梅湾街道1.25值班 晚上8点望湖社区一老人走失 家属报警 10点在河边找到 人员平安", "duty_report", "zero", False),
    ("青杠镇8月9日值班信息 带班领导陈德明 当日8时许G351线发生一起货车侧翻事故 驾驶员轻伤送医 货物已清理 交通恢复 特此报告",
     "duty_report", "zero", False),
    ("鹤溪镇初一值班情况：今天上午9点20分石桥村一处坟头祭扫引发小火 扑救及时 过火面积约30平方米 无人员伤亡 已处置完毕",
     "duty_report", "zero", False),
    ("澄塘镇应急办签到：陆建华 沈晓燕 顾伟", "attendance", "count", 3),
    ("3月10日 柳湾镇安委办对辖区8家加油站 3家液化气供应站开展检查 未发现明显安全隐患", "inspection", "count", 11),
    ("北沽市城投排水工程有限公司在南窑街道清掏污水检查井 三个工人没检测就下井 上面也没人监护 项目负责人房立春 当场叫停",
     "hazard", "responsible", "房立春"),
    ("林丰木业砂光车间除尘管道已加装泄爆片 粉尘清扫制度落实到班组 现申请销号", "rectified", "unit", "林丰木业砂光车间"),
])
def test_voice_input_without_punctuation_reads_as_the_punctuated_message(text, name, key, want):
    got = u(text)
    assert got.name == name and got.fields[key] == want


PRACTICE = Path(__file__).resolve().parents[2] / "corpus" / "practice.jsonl"


@pytest.mark.skipif(not PRACTICE.exists(), reason="corpus/practice.jsonl not in this checkout")
def test_the_practice_batches_read_the_same_with_their_punctuation_taken_out():
    rows = [json.loads(line) for line in PRACTICE.read_text(encoding="utf-8").splitlines() if line.strip()]
    spoken = [(re.sub(r"[，,。；;！!、]", " ", r["text"]), r) for r in rows if "\n" not in r["text"]]
    same = sum(understand(t, datetime.fromisoformat(r["sent_at"])).name == r["expect"]["intent"] for t, r in spoken)
    assert len(spoken) > 500 and same / len(spoken) >= 0.99


# ---- practice batches pk (leaders' requests, a second hand) and ph (duty reports)

@pytest.mark.parametrize("text, name", [
    ("春节那几天有没有哪个镇报过事情？", "query"),
    ("端午期间值班信息报送要求跟往年一样，每天上午9点前报，零报告也要报，别等人催。", "other"),
    ("上半年工作总结按市里的意见调整后再出一稿", "summary_request"),
    ("刚才柏溪县报的那个月报我看了，数据有问题，让他们重新核一下。", "other"),
    ("上周周报我看了，第二部分数据再核一下，重出一版", "summary_request"),
    ("上个月各县隐患整改率给我算一下", "query"),
    ("中秋国庆前要开个会，写一份本月安全生产工作总结，按月报来", "summary_request"),
    ("各县国庆期间的值班值守总结10月10日前报上来，有处置事件的要单独说明。", "other"),
    ("鹤鸣县庙前镇的值班记录调一下", "query"),
    ("年度考核的自评表在哪里下载？", "other"),
    ("各县：年度总结请于12月25日前报市局，附全年隐患排查、演练、值班数据统计表。", "other"),
    ("近7天全市各项情况给我过一下", "query"),
    ("@柏溪县应急局 你们报上来的年度总结收到了，写得很实，辛苦", "other"),
])
def test_leaders_requests_by_a_second_hand(text, name):
    assert u(text).name == name


@pytest.mark.parametrize("text, topic", [
    ("上周值班情况总体怎么样", "duty"),
    ("本月有几个镇报过突发事件", "duty"),
    ("近5天各县报上来的东西都给我看看!", "all"),
])
def test_the_whole_of_one_topic_and_everything_reported(text, topic):
    assert u(text).fields["topic"] == topic


@pytest.mark.parametrize("text, start", [
    ("一季度快结束了，你先按月报的格式把本月的写出来我看看", date(2026, 6, 1)),
    ("下周要向市委汇报，把这个月的情况先写个月报初稿", date(2026, 6, 1)),
])
def test_a_summary_s_period_fits_its_kind(text, start):
    got = u(text)
    assert got.fields["kind"] == "monthly" and got.fields["start"] == start


@pytest.mark.parametrize("text, unit, zero", [
    ("今天值班情况汇报一下 青杠乡石板沟村全天没得啥子事 一切正常", "青杠乡石板沟村", True),
    ("前天（14号）白鹭镇后垄村值斑无异常，漏报了现补上", "白鹭镇后垄村", True),
    ("清明节值班情况：枫林乡今日上山祭扫群众约3200人次，各卡点值守到位，收缴火种火源46份，未发生森林火情，零报告。", "枫林乡", True),
    ("6.1 高桥镇 无", "高桥镇", True),
    ("昨天高桥镇值班就一件事：上午一辆运砂车在高桥大桥上爆胎停在路中间，交警来了半小时拖走了，没有伤人。其余无事。", "高桥镇", False),
    ("龙潭镇今天值班情况报告一下 晚上7点左右龙潭村有个小孩在河边玩耍后联系不上 家长报了警 8点40在邻村亲戚家找到了 虚惊一场 其他没什么事",
     "龙潭镇", False),
    ("冀北冷链食品有限公司今天值班，制冷机房巡检正常，液氨系统压力正常，没有异常情况。", "冀北冷链食品有限公司", True),
    ("昨天石门坎镇大垅村无事", "石门坎镇大垅村", True),
    ("鑫泰钢构今天周六正常上班，值班情况正常，零报告", "鑫泰钢构", True),
    ("今天下午三点多新港街道沿江路有一名男子情绪激动要跳江 派出所和街道干部劝了一个多小时 最后安全带离 这是新港街道今天的值班情况",
     None, False),
    ("今晚跨年夜值班情况：溪东街道凤池社区广场跨年活动约2000人，现场秩序正常，23点半散场完毕，无突发事件", "溪东街道凤池社区", True),
    ("除夕值班情况报告：双河场镇今日全镇平稳，无突发事件，带班领导何德明在岗值守。特此报告。", "双河场镇", True),
])
def test_duty_reports_as_officers_write_them(text, unit, zero):
    got = u(text)
    assert got.name == "duty_report" and got.fields["zero"] is zero
    if unit:
        assert got.fields["unit"] == unit


@pytest.mark.parametrize("text, day", [
    ("补报8.17梅岭镇值班正常无事", date(2026, 8, 17)),
    ("14号 西坨镇 无突发事件 零报告", date(2026, 6, 14)),
])
def test_a_back_filled_dotted_day_and_a_day_of_the_month_heading_a_report(text, day):
    got = u(text, datetime(2026, 8, 18, 9, 0, tzinfo=CST) if "8.17" in text else SENT)
    assert got.fields["date"] == day


@pytest.mark.parametrize("text", [
    "值班报告里“值班情况”一栏没事的话是写零报告还是写无突发事件？两个都写行不行",
    "节后第一天，提醒各乡镇今天起恢复每日零报告制度，下午5点前报送",
    "麻烦问下，村里的值班情况是报给镇应急办还是直接报县局？",
    "值班的同志注意，秋冬季森林防火形势严峻，值班电话必须有人接，今天上午抽查有两个乡镇值班电话无人接听。",
    "各位领导，上周值班信息已全部报齐，周报已发邮箱，请查收。",
    "请问元宵节后还要每天零报告吗？还是恢复到只报有情况的",
])
def test_how_to_report_and_reports_handed_over_are_other(text):
    assert u(text).name == "other"


# ---- practice batches pi (hazards and fixes) and pj (a northern coastal district)

@pytest.mark.parametrize("text, unit", [
    ("刚才在龙滩镇老街上看了一下好几家门面都在卖烟花爆竹都没得证 其中有一家叫发发超市的后面仓库里头堆了几十件 老板叫陈国富", "发发超市"),
    ("隐患一处：平河县柳营镇宏泰铸造厂中频炉炉前冷却水管老化，地面有积水。厂长马建新，限期7日内完成整改。", "宏泰铸造厂"),
    ("喂喂 我是柳营镇安监站的小王 刚刚在东方红加油站看到他们卸油的时候没有接静电接地 站长叫赵立国 限他们三天之内整改", "东方红加油站"),
    ("龙滩镇至青杠镇县道X135线K12处临水临崖，路侧没有防护栏。交通运输局养护股股长蒋文负责，7月1日前完成。", "县道X135线K12处"),
    ("⚠️凤鸣街道市政污水管网疏浚，施工方成都蜀通市政工程有限公司作业人员直接下井，井口没人监护 已叫停。项目负责人 刘洋 ，今天整改",
     "成都蜀通市政工程有限公司"),
    ("刚在桐溪镇那个湘源纸业有限公司看了 他们那个白水池要清淤准备叫人下去 通风检测什么都没搞 安全员叫欧阳杰", "湘源纸业有限公司"),
    ("城东街道澧水风光带观景平台护栏多处松动，国庆期间游客集中，风光带管理处主任龚伟，国庆前加固。", "澧水风光带"),
    ("我在北关街道幸福里小区 这个小区楼道里面堆的东西太多了 3号楼还有人在楼道里给电瓶车充电 物业经理马晓东 一个礼拜之内必须清完",
     "幸福里小区"),
    ("今天跟着巡山队在老鸦岭村那边走了一圈 发现有几户人在林子边上烧火烤火取暖 要求他们今天把火全部灭掉", "老鸦岭村"),
    ("我现在在青杠镇那个黑石岭采石场这边他们下面平台上在放炮没有设警戒人员 老板叫刘大明 明天之前拿整改方案来", "黑石岭采石场"),
    ("柳营镇齐鲁精细化工又出问题了 甲类仓库门口停了一辆危化品运输车在卸货 旁边有人在打电话抽烟 安全部经理牛振华 我当场叫他们立即整改了",
     "齐鲁精细化工"),
    ("城东街道春节烟花爆竹临时零售点检查：吉祥烟花零售点与加油站距离不足100米，经营者谭吉祥，春节前必须搬迁。", "吉祥烟花零售点"),
    ("正月初二溪口古镇游客太多，古桥上人员滞留严重，没有单向通行管控。管委会副主任盛利华，立即整改", "溪口古镇"),
    ("【隐患上报】\n地 点  海滨区北塘镇\n单 位  金源化工物流园\n问 题  危化品车辆乱停、消防通道堵塞\n责任人  园区主任牟建军", "金源化工物流园"),
])
def test_hazard_places_of_round_five(text, unit):
    got = u(text)
    assert got.name == "hazard" and unit in got.fields["unit"]


@pytest.mark.parametrize("text, unit", [
    ("鲁冰冷藏氨压缩机油分离器法兰漏点已处理，更换了垫片，检测无泄漏，今天复查通过，隐患已闭环。", "鲁冰冷藏"),
    ("巴蜀人家火锅的液化气瓶已经全部撤出地下室，改放在室外专用气瓶间了，整改到位", "巴蜀人家火锅"),
    ("滨江壹号二期工地6#楼连墙件已补设，12层临边防护已封闭，项目部申请销号。", "滨江壹号二期工地"),
    ("澧水风光带观景平台护栏已全部加固，更换立柱14根，风光带管理处已完成整改，申请销号。", "澧水风光带"),
    ("鑫源木业打磨车间积尘已全部清理，除尘器布袋已更换，整改完成，照片已发群里。", "鑫源木业"),
])
def test_fixes_of_round_five(text, unit):
    got = u(text)
    assert got.name == "rectified" and unit in got.fields["unit"]


@pytest.mark.parametrize("text, sent, day", [
    ("凤鸣街道锦江花园小区地下车库好多电瓶车在充电，物业经理杨帆，限其两天整改", date(2026, 2, 25), date(2026, 2, 27)),
    ("发发超市后面仓库里头堆了几十件烟花 老板叫陈国富 已经叫他今天必须搬走", date(2026, 1, 14), date(2026, 1, 14)),
    ("G207国道K1856处路面结冰，没有防滑警示。养护工区负责人孙卫国，今天必须撒盐除冰并设置警示。", date(2026, 12, 10), date(2026, 12, 10)),
    ("幸福家园小区立管接头漏气，已临时关阀。燃气公司维修负责人石磊，明天修复。", date(2027, 1, 2), date(2027, 1, 3)),
])
def test_today_and_tomorrow_as_deadlines(text, sent, day):
    got = u(text, datetime(sent.year, sent.month, sent.day, 10, 0, tzinfo=CST))
    assert got.name == "hazard" and got.fields["deadline"] == day


def test_moving_people_out_today_is_an_order_not_a_deadline():
    got = u("白鹭湾镇河口村有户人家房子后面切坡切得很陡 坡上开了一条缝 一家五口还住在里面 村里说今天就把人先转移出来")
    assert got.name == "hazard" and got.fields.get("deadline") is None


@pytest.mark.parametrize("text, name", [
    ("岷安县松林乡顺发砂石厂采场没有任何安全警示标志，开采面正下方搭了临时工棚住人，有坍塌风险。老板付建。", "hazard"),
    ("鑫源木业砂光机吸尘口已重新固定，车间积尘清扫完毕，今天去看了没问题", "rectified"),
    ("城东街道澧川县体育馆腊月廿八要办春节文艺晚会，主办方没有报送安保和人员疏散方案，场馆负责人鲁文华为责任人，1月25日前报送。", "hazard"),
    ("桐溪镇湘源纸业有限公司浆池清理，通风检测记录是编的，几次数据一模一样。安全员欧阳杰为责任人，1月底前整改", "hazard"),
    ("沙岭镇报：今天下午景区停车场一辆自驾车自燃，现场人员用灭火器扑救，消防到场后确认无复燃，无人员伤亡。", "duty_report"),
    ("海湾街道：今晚7点半左右蓝湾小区垃圾站让烟花给引着了，物业和消防一块扑灭的，没伤人。", "duty_report"),
])
def test_intents_of_round_five_hazards(text, name):
    assert u(text).name == name


@pytest.mark.parametrize("text, want", [
    ("开学前检查：鹤山镇实验中学食堂就餐高峰约1200人同时就餐，只有一个出入口，总务主任范小东为责任人", "人员密集场所"),
    ("石门坳乡老鸦岭防火检查站无人值守，灭火器材缺失，两台风力灭火机无法启动。乡林业站站长覃明友，限期5天", "森林防火"),
    ("溪口街道聚福楼饭店后厨油烟道油垢很厚，一年没清洗了，老板蔡国强，1月10日前清洗", "消防"),
])
def test_categories_of_round_five(text, want):
    assert u(text).fields["category"] == want


@pytest.mark.parametrize("text, who", [
    ("大王庄镇东岭采石场采矿许可证已过有效期仍在偷采，重大隐患，法人马庆和，已责令停止作业", "马庆和"),
    ("白鹭湾镇和顺大酒楼年夜饭订了60多桌，后厨11瓶液化气钢瓶放在操作间。老板彭和顺，除夕前整改", "彭和顺"),
])
def test_和_inside_a_name(text, who):
    assert u(text).fields["responsible"] == who


# ---- practice batches pl (grassland), pm (tropical coast), pn (mountain city), po (coking county)

@pytest.mark.parametrize("text, who", [
    ("巴彦砂石料场露天采场边坡台阶高度超过设计，坡顶有浮石。企业法人吉日木图，清明节前完成整改。", "吉日木图"),
    ("乌兰嘎查居民点后山坡出现裂缝，坡下住着4户牧民，责任人为嘎查书记宝音，已要求立即转移坡下住户", "宝音"),
    ("S203线K95至K98段弯道处波形护栏被撞损约20米一直没修。责任人：旗公路养护中心 哈斯。立即整改", "哈斯"),
    ("苍狼铁合金有限公司矿热炉出铁口下方地面有积水，一般隐患，安全员格日勒图，限期3个工作日。", "格日勒图"),
    ("旗供热公司2号锅炉房燃煤锅炉安全阀校验过期，锅炉房主任包海山，限期3天", "包海山"),
    ("哈日根台嘎查牧户房前屋后堆放大量枯草和牛粪，离草场不到10米，嘎查长达来，3月1日前清理完", "达来"),
])
def test_mongolian_names_and_a_主任_after_a_room(text, who):
    assert u(text).fields["responsible"] == who


@pytest.mark.parametrize("text, name, unit", [
    ("哈日根台嘎查签到 护林员8人已到", "attendance", "哈日根台嘎查"),
    ("巴彦锡勒苏木今天值斑情况正常，无突发时间，零报告", "duty_report", "巴彦锡勒苏木"),
    ("乌兰嘎查苏日娜牧家乐蒙古包取暖炉烟囱穿毡处没有隔热防护，灭火器已过期，户主苏日娜，限期2天。", "hazard", "苏日娜牧家乐"),
    ("冬季停工的锦华小区二期工地脚手架未拆也未加固，施工临时用电没断开，1月5日前整改", "hazard", "锦华小区二期工地"),
    ("珊瑚湾镇海鲜夜市 阿明大排档 液化气钢瓶就放在灶台边上 没装报警器，老板符明，叫他三天内换掉", "hazard", "阿明大排档"),
    ("鹿回岭村村口 顺发液化气供应点 钢瓶露天堆放，存量超过规定，负责人羊顺发，限期10天整改", "hazard", "顺发液化气供应点"),
    ("槟榔坡镇墟 鸿福烟花爆竹店 仓库和住人的房间连在一起，店主蒙家福，春节前必须整改", "hazard", "鸿福烟花爆竹店"),
    ("白鹭洲滨海栈道改造工地，施工单位椰建工程有限公司，基坑边没有围挡，项目负责人林德胜，限期2天", "hazard", "椰建工程有限公司"),
    ("金盛冶炼 中频炉备用电源已接好，地坑积水抽干做了防渗，申请销号", "rectified", "金盛冶炼"),
    ("喂报告一下峪口镇昨天晚上没事就是有个运煤车在老鹰嘴那个弯道侧滑了横在路上 交警过来处理完了没人受伤", "duty_report", "峪口镇"),
    ("文峰街道跨年夜值守：带班领导陈志远带队在鼓楼广场现场值守，截至22时人流平稳，无突发事件", "duty_report", "文峰街道"),
    ("望江观景台周末游客多得很，挤得转不过身，部分护栏松动，现场没有限流措施。景区管理处主任许文强，已督促景区整改。", "hazard", "望江观景台"),
    ("云台山景区游客中心：春节假期预计客流大，景区未制定客流限流方案，观景台护栏有松动。景区负责人温建明，2月4日前整改。", "hazard", "云台山景区"),
])
def test_places_of_the_last_practice_round(text, name, unit):
    got = u(text)
    assert got.name == name and unit in got.fields["unit"]


@pytest.mark.parametrize("text, name", [
    ("白音塔拉镇今天值班情况报告一下早上八点到现在各嘎查都打电话问过了没有啥情况雪也停了路都通着呢零报告", "duty_report"),
    ("本月的月报草稿弄一下，明天上报旗里", "summary_request"),
    ("上半年快结束了，上半年的安全生产工作总结先起个稿给我", "summary_request"),
    ("今年的年度总结可以开始准备了，先拉个框架出来", "summary_request"),
    ("金沙湾街道报告：今天下午一名8岁男孩在海滩和家人走散，街道、派出所和景区分头找，40分钟后在停车场找到了，已交还家属。", "duty_report"),
    ("金沙湾路椰梦乐园门口路段，电动车乱窜逆行，路口没有信号灯，几次差点撞到游客，建议交警增设信号灯和隔离栏", "hazard"),
    ("珊瑚湾海鲜夜市液化气瓶已统一移到集中供气间，一瓶多灶的都改了，冇问题了", "rectified"),
    ("今天上午望江坪渡口的防汛抢险演练顺利结束，实际参演152人，冲锋舟、抽排设备都拉出来练了一遍。", "drill"),
    ("青杠林镇27日值班：27日下午马鞍村一处荒坡因村民上坟烧纸引发草坡火，过火约200平方米，镇扑火队30分钟扑灭，无人员伤亡。", "duty_report"),
    ("江岸冷链物流有限公司液氨制冷机房的氨气泄漏报警器坏了，企业法人陈光荣。要求五一前修好并送检。这个算不算重大隐患？先按一般报。",
     "hazard"),
])
def test_intents_of_the_last_practice_round(text, name):
    assert u(text).name == name


def test_a_level_decided_after_a_doubt():
    got = u("江岸冷链物流有限公司液氨报警器坏了，企业法人陈光荣。要求五一前修好。这个算不算重大隐患？先按一般报。")
    assert got.fields["level"] == "一般"


@pytest.mark.parametrize("text, field, want", [
    ("所有的隐患现在一共多少条啊", "topic", "hazard"),
    ("巴彦锡勒苏木12月9日值班情况：夜间暴风雪，牧民家棚圈被积雪压塌一角，冻死羊3只，人员安全。", "zero", False),
    ("白音塔拉镇今天上午组织开展草原火灾扑救应急演练，镇扑火队、牧民义务扑火队共45人参加", "drill_type", "森林防火"),
    ("水口村村道旁边一根电线杆被台风吹歪了，电线垂下来离地面不到两米，已经打电话给供电所了", "category", "其他"),
    ("恒兴砖厂窑顶走道护栏缺了一段，制坯机传动部位没有防护罩，厂长杜二虎，3个工作日内整改完", "category", "其他"),
    ("椰城旅游客运公司有两台大巴GPS动态监控掉线好几天了，还有司机疲劳驾驶记录，安全员羊少华负责，限期7天", "category", "道路交通"),
    ("海悦度假酒店厨房排油烟管道油污很厚，行政总厨何家宝为责任人，中秋前清洗完", "deadline", date(2026, 9, 25)),
    ("隐患：新埠村 光明五金加工厂 抛光车间铝粉尘大 厂长吴金水 现期三天整改", "deadline", date(2026, 6, 21)),
    ("清明快到了，马鞍村后山林边上有村民在烧田坎草。清明前把林边杂草可燃物清一遍。责任人：马鞍村主任唐国强", "deadline", date(2027, 4, 5)),
    ("鑫源焦化有限公司苯储槽区防火堤有裂缝。车间负责人钱振宇，整改时限10月20日", "deadline", date(2026, 10, 20)),
    ("黄葛坪镇值班报告：18日凌晨强降雨，3个地灾隐患点提前转移群众27人，无人员伤亡，目前雨已停", "date", date(2026, 6, 18)),
])
def test_fields_of_the_last_practice_round(text, field, want):
    sent = datetime(2027, 3, 30, 9, 0, tzinfo=CST) if "清明快到了" in text else SENT
    assert u(text, sent).fields[field] == want


def test_a_spoken_hazard_s_problem_leaves_out_its_person_and_its_day():
    got = u("发现个隐患 顺风物流园3号仓库里堆了好多锂电池 没有分区 仓库主管杨帆 三天内整改")
    assert got.extra["description"].endswith("堆了好多锂电池，没有分区")


# ---- practice batches pq (plateau), pr (peninsula), ps (Pearl River Delta), pt (red-soil hills)

@pytest.mark.parametrize("text, name, unit", [
    ("雪莲花客栈烟道已加装不锈钢防火套管，隔墙换成了防火板，整改完毕，照片发群里了，申请销号", "rectified", "雪莲花客栈"),
    ("县城商贸街有家吉祥百货，店里堆了二十多箱烟花，没有零售许可证，楼上就住着人。店主李红梅", "hazard", "吉祥百货"),
    ("拉桑镇安全检查情况：今天查了镇上的家庭旅馆和农家乐9家次，隐患5条，其中3条已现场整改", "inspection", "拉桑镇"),
    ("县城污水处理厂（雪岭县清源水务有限公司）格栅井作业前没有检测气体，工人直接下井。安全员周鹏，要求立即整改。", "hazard",
     "雪岭县清源水务有限公司"),
    ("宏高铁合金出铁口积水已处理，冷却水管更换完毕，重大隐患整改完成，请予核查销号。", "rectified", "宏高铁合金"),
    ("曲登镇民俗广场春节要办锅庄晚会，临时舞台用木板和彩布搭的，现场没有消防器材。主办方雪岭县格萨尔文化旅游有限公司，负责人泽仁多吉，除夕前整改完毕",
     "hazard", "雪岭县格萨尔文化旅游有限公司"),
    ("大辛庄镇集上的旺旺日杂店偷着卖烟花，货堆在后屋，跟住人的屋连着。老板孙德旺，已经要求立即整改", "hazard", "旺旺日杂店"),
    ("大辛庄镇马家疃塘坝溢洪道让人堆了玉米秸和碎石，汛前必须清完。村书记马国庆，限期10天", "hazard", "马家疃塘坝"),
    ("节后返厂，捷锐五金制品厂员工宿舍有人用大功率电暖炉，插座烧黑咗，安全主任罗志文为责任人，限期3天整改", "hazard", "捷锐五金制品厂"),
    ("翠湖苑电梯已签了新的维保合同，维保单位上门全面保养了一次，困人的那个门锁回路也换了，整改完成", "rectified", "翠湖苑"),
    ("县城东门新开的宏福烟花批发部 仓库就在农贸市场隔壁 库房里堆放量明显超过核定的 老板黄春生 1月5日前必须整改", "hazard", "宏福烟花批发部"),
])
def test_places_of_the_plateau_and_the_coast(text, name, unit):
    got = u(text)
    assert got.name == name and unit in got.fields["unit"]


@pytest.mark.parametrize("text, name", [
    ("把上个月的值班情况汇总一下，弄个月报给我，明天上会要用", "summary_request"),
    ("县应急局今天在北港渔港组织防汛、危化品泄漏、消防疏散综合应急演练，几个科目都演了，参演人员120余人", "drill"),
    ("开学了，各镇街配合教体局把学校周边的隐患排查一遍，下周报情况", "other"),
    ("今年苹果价钱咋样？俺家亲戚说不如去年", "other"),
    ("今日演练好顺利，多谢各单位支持🙏", "other"),
    ("@塘尾村 @新围村 上周值班报告仲未报，唔该今日内补报", "other"),
    ("快过年了 大家值班辛苦了🙏 有么子情况第一时间在群里报", "other"),
    ("报告：今日17时许，上湾村一处民房液化气钢瓶角阀漏气，村干部关闭阀门、开窗通风，燃气公司已更换钢瓶，未发生燃爆。", "duty_report"),
])
def test_intents_of_the_plateau_and_the_coast(text, name):
    assert u(text).name == name


@pytest.mark.parametrize("text, field, want", [
    ("今年的演练记录能不能全部给我拉一下？", "topic", "drill"),
    ("近7天全镇有冇新增隐患同突发事件？", "topic", "all"),
    ("桑丹林寺供灯殿酥油灯上千盏，殿内只有2具灭火器。寺管会格桑尼玛为责任人，春节前要整改好", "responsible", "格桑尼玛"),
    ("王家夼村北山坡面出现裂缝，监测员王玉才每天盯着。责任人村主任王立平，6月20日前完成避险转移", "responsible", "王立平"),
    ("【隐患信息】\n地点：沙湾村\n问题：沿江堤围约20米出现渗水\n类别：防汛\n责任人：镇水务所冯启明\n整改时限：限期2天完成临时加固",
     "responsible", "冯启明"),
    ("交叉口红绿灯坏咗三日，电动车同货柜车抢道。已通知交警中队，责任人：镇交通办林海，中秋前修复", "responsible", "林海"),
    ("【隐患上报】\n地点 上湾村\n单位 刘氏宗祠\n问题 庆典预计上千人聚集，出入口狭窄\n责任人 理事会会长刘德高\n整改时限 11月3日前",
     "responsible", "刘德高"),
    ("新围村28日值班情况：后山边坡巡查2次，未见明显变化，其他无异常，零报告", "zero", True),
    ("报告一下南岚镇昨天值班情况夜里有个老头上山看果园一直没回来家里人报了警镇里组织了二十多个人上山找夜里一点多在沟里找到了送医院了现在没事了",
     "zero", False),
    ("青堆镇海之源水产品有限公司冷库外墙保温层聚氨酯泡沫裸露着，离配电箱不到半米，厂长曲连波，除夕前整改完", "category", "消防"),
    ("北港渔港有三条渔船救生筏过了检验期，船上救生衣也不够数，船主张宝山，限期7天", "category", "其他"),
    ("城东农贸市场年货街临时搭的棚子用的是彩钢泡沫夹芯板，里面还有商户用电炉取暖，市场负责人古春华，春节前整改到位", "category", "消防"),
    ("清明快到了，岗背村后山坟地茅草又高又干，村里还冇安排人守卡，责任人村支书黄德贵，清明前把防火隔离带打好、卡点设起来",
     "deadline", date(2026, 4, 5)),
])
def test_fields_of_the_plateau_and_the_coast(text, field, want):
    sent = datetime(2026, 3, 30, 9, 0, tzinfo=CST) if "清明快到了" in text else SENT
    assert u(text, sent).fields[field] == want


# ---- read after heldout3 was scored: its misses, fixed at their cause (phrasings of our own)

@pytest.mark.parametrize("text, kind", [
    ("今年的年度总结开始动笔了吧？下半年的数字单独列一节", "yearly"),
    ("半年总结也一起弄了吧，上半年的数字单独列出来", "half_year"),
])
def test_a_summary_s_kind_is_the_word_before_its_noun(text, kind):
    got = u(text)
    assert got.name == "summary_request" and got.fields["kind"] == kind


@pytest.mark.parametrize("text, field, want", [
    ("大石头林场今天上坟的人多，护林员在路口劝阻野外用火，收缴纸钱一批，未发生火情，零报告", "zero", True),
    ("青松镇跨年夜值班报告：广场跨年活动约800人，秩序良好，活动已结束人员已疏散，无事件", "zero", True),
    ("报告县局大圩镇今晚一个放牛的老人没回家家属报了警镇村干部和派出所一起找到晚上9点在湖边找到了人没得事已经送回家了", "zero", False),
    ("宏林地板厂下午组织了消防演练，全厂48人，3分钟疏散完毕", "drill_type", "消防"),
    ("红旗林场运材车超载超限，装车高度超过4米，也没苫盖捆扎，运输队长沈立柱负责，立即整改", "category", "道路交通"),
    ("青龙山滑雪场雪具大厅人太多，疏散通道让雪板架子挡上了，滑雪场运营总监韩志远，本周内整改", "responsible", "韩志远"),
    ("富民路路口红路灯坏了三四天，交警中队指导员许志强已经接手，要求本周内修好", "responsible", "许志强"),
    ("金象国际影城周末人太多了，检票口排队排到扶梯口，现场没人疏导也没限流。影城经理汪敏，本周内制定方案", "category", "人员密集场所"),
    ("锦华街道红枫社区好又多便利店在门口卖摔炮、仙女棒，无证经营。店主易红，12月25日前清理完毕", "category", "烟花爆竹"),
    ("望江府工地外架连墙件拆了好几处，施工员说中秋后再弄。项目安全员甘露，中秋前必须整改到位。", "deadline", date(2026, 9, 25)),
])
def test_fields_read_after_the_third_held_out_set(text, field, want):
    sent = datetime(2026, 9, 10, 9, 0, tzinfo=CST) if "中秋" in text else SENT
    assert u(text, sent).fields[field] == want


@pytest.mark.parametrize("text, name, unit", [
    ("柳河镇报告今天凌晨下大雨柳河水位涨得挺快低洼地有五户人我们已经转移到村部了没有人员伤亡", "duty_report", "柳河镇"),
    ("报告：今天下午3点，古镇老街一家奶茶店燃气灶软管脱落漏气，店员关闭阀门报警，现场处置完毕，无人员受伤。——新港街道", "duty_report",
     "新港街道"),
    ("报告：今天下午石板村村道有块石头从坡上滚下来把路堵了一半，没砸到人车，镇里调铲车清理，6点半恢复通行。", "duty_report", None),
    ("上周各镇街值班报了没有，有冇漏报的", "query", None),
    ("鸿顺物流安全员邓丽签到", "attendance", "鸿顺物流"),
    ("除夕值班报告：芦湾镇镇村两级共34人在岗，烟花燃放点有人看守，截至21时平安无事", "duty_report", "芦湾镇"),
    ("新桥街道五里牌社区一家叫兴旺副食的小卖部私自摆卖烟花爆竹，店主罗国富，已责令立即整改。", "hazard", "兴旺副食"),
    ("区北边那个金鼎建材有限公司露天采石场，边坡台阶没按设计留。矿长石永刚，重大隐患，立即整改。", "hazard", "金鼎建材有限公司"),
    ("江堤路施工段挖开了半幅路面，晚上没有警示灯，施工单位楚达建筑工程有限公司，现场负责人熊伟，要求立即整改", "hazard",
     "楚达建筑工程有限公司"),
    ("福源粮油地下油罐清罐作业已办理审批，配齐了检测仪和呼吸器，整改到位", "rectified", "福源粮油"),
    ("荷叶湖龙舟赛看台是临时搭的，钢管扣件有松动，到时候几百人站上面。责任人汪国平，端午前必须加固", "hazard", "龙舟赛看台"),
    ("杨柳镇今晚补充报告：晚上8点杨柳村一养殖场锅炉房起火，已扑灭，无人员伤亡。", "duty_report", "杨柳镇"),
])
def test_intents_and_units_read_after_the_third_held_out_set(text, name, unit):
    got = u(text)
    assert got.name == name
    if unit:
        assert unit in got.fields["unit"]


# ---- read after heldout4 was scored: its misses, fixed at their cause (phrasings of our own)

@pytest.mark.parametrize("text, name, unit", [
    ("除夕值班：石塘镇带班领导胡德明，值班员戴文杰，今日辖区平安无事。", "duty_report", "石塘镇"),
    ("清明假期值班情况汇总（4月4日-6日）：黄桷镇三天均无突发事件，零报告", "duty_report", "黄桷镇"),
    ("临港街道报：金帆食品厂油炸车间燃气管道用橡胶软管连接，厂长方建明，2月2日前整改。", "hazard", "金帆食品厂"),
    ("消防隐患：金沙湾街道鸿福宾馆客房走廊烟感探测器大部分失效，老板娘郑美华，国庆节后整改完毕", "hazard", "鸿福宾馆"),
    ("金台街道东风农贸市场里头的小李烟花门店，年货烟花堆在门口过道上，店主李小华，限期2天整改", "hazard", "小李烟花门店"),
    ("李集镇后营村村头的幸福桥，护栏被车撞断了两米多，交通管理站站长黄建民，限期3天", "hazard", "幸福桥"),
    ("柳园镇前进村村口那个丁字路口没有减速带也没有警示标志，农用三轮车差点撞上，村主任王满仓负责，限期5天", "hazard", "前进村"),
    ("沙头镇报：昨夜台风影响期间共转移群众312人，一处简易棚被风刮倒，无人员伤亡。", "duty_report", "沙头镇"),
    ("渔湾镇报告：今晚一名钓鱼人员失联，家属报警后经搜寻，9点在礁石区找到，人员无碍。特此报告。", "duty_report", "渔湾镇"),
    ("韩庄镇报：夜里大吴村一名男孩外出未归，家属报警，镇村组织搜寻，今晨在村东找到，身体无恙。", "duty_report", "韩庄镇"),
    ("西关街道1月25日 令报告", "duty_report", "西关街道"),
    ("恒丰粮油加工厂面粉车间除尘器泄爆口朝向人员通道，车间负责人江涛", "hazard", "恒丰粮油加工厂"),
    ("后营村建民超市店里生着煤火炉子，烟筒没通到屋外，店主晚上还睡在店里，很容易煤气中毒", "hazard", None),
    ("丰裕面粉的问题整改完了：车间积粉清扫干净，压差表换了新的，申请复查销号", "rectified", "丰裕面粉"),
])
def test_read_after_the_fourth_held_out_set(text, name, unit):
    got = u(text)
    assert got.name == name
    if unit:
        assert unit in got.fields["unit"]


@pytest.mark.parametrize("text, name", [
    ("今年的年度工作总结先起个框架，元旦后上会", "summary_request"),
    ("下半年工作总结要开始准备了，先把框架列出来", "summary_request"),
    ("去年全年的工作总结抓紧弄，县里周五要", "summary_request"),
    ("今天下午四点前，各乡镇把元旦期间带班领导名单报到县局值班室，重新报一下", "other"),
    ("这个演练方案里的疏散路线图用哪个版本？上回那个有错", "other"),
    ("上个月值班记录里有几天是非零报告", "query"),
    ("上半年搞了多少场演练，各镇分别几场", "query"),
])
def test_requests_read_after_the_fourth_held_out_set(text, name):
    assert u(text).name == name


@pytest.mark.parametrize("text, field, want", [
    ("石塘镇值班信息：6.17 平安 零报告", "date", date(2026, 6, 17)),
    ("高庙乡今天检查了8家企业，啥隐患也没发现", "hazards_found", 0),
    ("恒泰化工应急队签到，应到18实到18", "count", 18),
    ("狮子岩林区有村民在林边烧田坎草，已经现场制止，村护林员赵有才负责盯防，清明前必须把林缘杂草清完", "responsible", "赵有才"),
    ("马鞍乡寄宿制学校宿舍走廊堆了好多床垫，宿管员王秀英负责，立行立改", "responsible", "王秀英"),
    ("王寨村南地有两户把玉米秆堆在高压先下面，离变压器不到五米。包村干部刘洋，3天内清走", "responsible", "刘洋"),
    ("王寨村南地有两户把玉米秆堆在高压线下面，离变压器不到五米。包村干部刘洋，3天内清走", "category", "消防"),
    ("福满楼饭店厨房烟道油污很厚，好久没清洗了，老板陈福生，3个工作日内清洗完毕", "category", "消防"),
    ("小宋庄村西头坑塘边没有护栏也没警示牌，小孩爱去玩。村支书宋保军为责任人，本周内把围挡装上", "category", "其他"),
    ("岗坡村北头土崖上裂了一道缝，崖下面住着三户人家。包村干部苏红亮为责任人，5月31日前完成搬迁避让", "category", "地质灾害"),
    ("北环路东段路面出了个大坑槽，晚上没路灯，骑电动车的很容易栽进去。路政中队长曹永福负责", "category", "道路交通"),
    ("丰收农机合作社仓库，柴油就放在仓库里面，旁边就是电焊修理台。负责人杜满囤，1月5日前整改", "category", "消防"),
])
def test_fields_read_after_the_fourth_held_out_set(text, field, want):
    assert u(text).fields[field] == want
