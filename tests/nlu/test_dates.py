from datetime import date, datetime, timedelta, timezone
import pytest

from nlu.dates import find_clock, local_date, parse_day, parse_deadline, resolve_period

TODAY = date(2026, 6, 18)  # a Thursday


def test_local_date_converts_to_china_time():
    utc_evening = datetime(2026, 6, 17, 17, 30, tzinfo=timezone.utc)  # 01:30 on the 18th in China
    assert local_date(utc_evening) == date(2026, 6, 18)
    assert local_date(datetime(2026, 6, 17, 23, 0)) == date(2026, 6, 17)


def test_parse_day():
    assert parse_day("6月20日", TODAY) == date(2026, 6, 20)
    assert parse_day("2026-06-20", TODAY) == date(2026, 6, 20)
    assert parse_day("明天", TODAY) == date(2026, 6, 19)
    assert parse_day("后天", TODAY) == date(2026, 6, 20)
    assert parse_day("今天", TODAY) == TODAY
    assert parse_day("昨日", TODAY) == date(2026, 6, 17)
    assert parse_day("6.20", TODAY) == date(2026, 6, 20)
    assert parse_day("六月二十日", TODAY) == date(2026, 6, 20)
    assert parse_day("下周三", TODAY) == date(2026, 6, 24)
    assert parse_day("2月30日", TODAY) is None
    assert parse_day("没有日子", TODAY) is None
    assert parse_day("", TODAY) is None


def test_day_without_year_near_new_year():
    assert parse_day("12月31日", date(2027, 1, 2)) == date(2026, 12, 31)
    assert parse_day("1月3日", date(2026, 12, 30)) == date(2027, 1, 3)


def test_deadlines():
    assert parse_deadline("限期3天整改", TODAY) == (date(2026, 6, 21), "限期3天")
    assert parse_deadline("要求5日内整改", TODAY)[0] == date(2026, 6, 23)
    assert parse_deadline("三天内整改到位", TODAY)[0] == date(2026, 6, 21)
    assert parse_deadline("限期两天整改", TODAY)[0] == date(2026, 6, 20)
    assert parse_deadline("6月30日前整改到位", TODAY) == (date(2026, 6, 30), "6月30日前")
    assert parse_deadline("本周内落实", TODAY)[0] == date(2026, 6, 21)
    assert parse_deadline("责令立即整改", TODAY)[0] == TODAY
    assert parse_deadline("已要求立行立改", TODAY)[0] == TODAY
    assert parse_deadline("限期一周整改", TODAY)[0] == date(2026, 6, 25)
    assert parse_deadline("月底前完成", TODAY)[0] == date(2026, 6, 30)
    assert parse_deadline("本周五前整改", TODAY)[0] == date(2026, 6, 19)
    assert parse_deadline("责令停产整改", TODAY) is None
    assert parse_deadline("", TODAY) is None


def test_periods():
    assert resolve_period("本周", TODAY) == (date(2026, 6, 15), date(2026, 6, 21), "本周")
    assert resolve_period("上周", TODAY) == (date(2026, 6, 8), date(2026, 6, 14), "上周")
    assert resolve_period("今天", TODAY) == (TODAY, TODAY, "今天")
    assert resolve_period("昨天", TODAY)[:2] == (date(2026, 6, 17), date(2026, 6, 17))
    assert resolve_period("本月", TODAY)[:2] == (date(2026, 6, 1), date(2026, 6, 30))
    assert resolve_period("上月", TODAY)[:2] == (date(2026, 5, 1), date(2026, 5, 31))
    assert resolve_period("近7天", TODAY) == (date(2026, 6, 12), TODAY, "近7天")
    assert resolve_period("最近30天", TODAY)[:2] == (date(2026, 5, 20), TODAY)
    assert resolve_period("第2季度", TODAY)[:2] == (date(2026, 4, 1), date(2026, 6, 30))
    assert resolve_period("三季度", TODAY)[:2] == (date(2026, 7, 1), date(2026, 9, 30))
    assert resolve_period("上半年", TODAY)[:2] == (date(2026, 1, 1), date(2026, 6, 30))
    assert resolve_period("下半年", TODAY)[:2] == (date(2026, 7, 1), date(2026, 12, 31))
    assert resolve_period("今年", TODAY)[:2] == (date(2026, 1, 1), date(2026, 12, 31))
    assert resolve_period("6月1日到15日", TODAY)[:2] == (date(2026, 6, 1), date(2026, 6, 15))
    assert resolve_period("3月份", TODAY)[:2] == (date(2026, 3, 1), date(2026, 3, 31))
    assert resolve_period("2026-03-01 2026-05-31", TODAY)[:2] == (date(2026, 3, 1), date(2026, 5, 31))
    assert resolve_period("3月1日至5月31日", TODAY)[:2] == (date(2026, 3, 1), date(2026, 5, 31))
    assert resolve_period("去年", TODAY)[:2] == (date(2025, 1, 1), date(2025, 12, 31))
    assert resolve_period("没有时间", TODAY) is None
    assert resolve_period("", TODAY) is None


def test_period_of_a_month_ahead_is_last_years():
    assert resolve_period("12月份", date(2027, 1, 5))[:2] == (date(2026, 12, 1), date(2026, 12, 31))


def test_impossible_days_are_no_period():
    assert resolve_period("2月30日", TODAY) is None


def test_clock():
    assert find_clock("上午9点") == (9, 0)
    assert find_clock("下午3点半") == (15, 30)
    assert find_clock("14:30开始") == (14, 30)
    assert find_clock("第一时间处置") is None
    assert find_clock("24小时值班") is None


def test_deadline_days_add_from_report_day():
    for n in range(0, 40):
        assert parse_deadline(f"限期{n}天整改", TODAY)[0] == TODAY + timedelta(days=n)


def test_period_rules_each_resolve_their_own_words():
    from nlu.dates import PERIOD_RULES

    today = date(2026, 6, 18)
    samples = {
        "from a day until today": ("6月1日至今", (date(2026, 6, 1), today)),
        "the first quarters": ("前两季度", (date(2026, 1, 1), date(2026, 6, 30))),
        "two ISO days": ("2026-06-01至2026-06-15", (date(2026, 6, 1), date(2026, 6, 15))),
        "month-day to (month-)day": ("12月25日至1月5日", (date(2026, 12, 25), date(2027, 1, 5))),
        "days of a month not named": ("1号到8号", (date(2026, 6, 1), date(2026, 6, 8))),
        "months": ("3月至5月", (date(2026, 3, 1), date(2026, 5, 31))),
        "the last N days": ("近7天", (date(2026, 6, 12), today)),
        "a numbered quarter": ("去年第四季度", (date(2025, 10, 1), date(2025, 12, 31))),
        "this or last quarter": ("上季度", (date(2026, 1, 1), date(2026, 3, 31))),
        "a half year": ("下半年", (date(2026, 7, 1), date(2026, 12, 31))),
        "a named week": ("上周", (date(2026, 6, 8), date(2026, 6, 14))),
        "a named month": ("上个月", (date(2026, 5, 1), date(2026, 5, 31))),
        "a month by number": ("12月份", (date(2025, 12, 1), date(2025, 12, 31))),
        "a year": ("2025年", (date(2025, 1, 1), date(2025, 12, 31))),
    }
    assert set(samples) == {rule.name for rule in PERIOD_RULES}
    for rule in PERIOD_RULES:
        words, want = samples[rule.name]
        m = rule.pattern.search(words)
        assert m is not None, rule.name
        assert rule.resolve(m, today)[:2] == want, rule.name


def test_a_rule_that_cannot_resolve_leaves_the_text_to_the_next():
    # "5月至3月" runs backwards: the month rule reads "5月" instead
    assert resolve_period("5月至3月", TODAY)[:2] == (date(2026, 5, 1), date(2026, 5, 31))


def test_working_day_deadlines_skip_holidays_and_count_makeup_days():
    assert parse_deadline("限期3个工作日整改", date(2026, 9, 29))[0] == date(2026, 10, 9)
    assert parse_deadline("5个工作日内整改到位", date(2026, 10, 9))[0] == date(2026, 10, 15)
    # 2027: 春节 5–8 February by the statutory rules, no package data
    assert parse_deadline("限期2个工作日", date(2027, 2, 4))[0] == date(2027, 2, 10)


def test_holiday_names_are_days_of_the_year_meant():
    dec = date(2026, 12, 6)
    assert parse_day("除夕值班", dec) == date(2027, 2, 5)
    assert parse_day("大年初三", dec) == date(2027, 2, 8)
    assert parse_deadline("春节前整改到位", dec) == (date(2027, 2, 6), "春节前")
    assert parse_day("国庆", TODAY) == date(2026, 10, 1)
    assert parse_day("五一", TODAY) == date(2026, 5, 1)
    assert parse_day("端午节", TODAY) == date(2026, 6, 19)


def test_after_the_holiday():
    assert parse_deadline("节后第一个工作日前完成", date(2026, 10, 3))[0] == date(2026, 10, 8)
    assert parse_deadline("春节后整改", date(2027, 1, 20))[0] == date(2027, 2, 9)
    assert parse_deadline("节后整改", date(2026, 12, 6)) is None   # a plain weekend is no 节
    assert parse_deadline("节后整改", date(2026, 9, 28))[0] == date(2026, 10, 8)


def test_admin_calendar_is_used_when_given():
    from core.calendar import CnCalendar

    cal = CnCalendar()
    cal.add_holiday(date(2027, 2, 20), "春节调休", workday=True)   # a Saturday worked
    assert parse_deadline("限期1个工作日", date(2027, 2, 19), cal)[0] == date(2027, 2, 20)
    assert parse_deadline("限期1个工作日", date(2027, 2, 19))[0] == date(2027, 2, 22)


@pytest.mark.parametrize("text, day", [
    ("48小时内整改", date(2026, 12, 18)),           # the day the hours run out
    ("24小时内整改到位", date(2026, 12, 17)),
    ("12月底前整改到位", date(2026, 12, 31)),       # a month's end, read forwards
    ("3月底前完成加固", date(2027, 3, 31)),
    ("下个月10号前整改", date(2027, 1, 10)),
    ("限一周整改", date(2026, 12, 23)),             # 限 alone, as 限期
    ("限3天整改", date(2026, 12, 19)),
    ("限时3天整改", date(2026, 12, 19)),
])
def test_more_deadline_forms(text, day):
    assert parse_deadline(text, date(2026, 12, 16))[0] == day


def test_yuanyue_is_january():
    from nlu.intents import normalize
    assert parse_deadline(normalize("元月10日前整改"), date(2026, 12, 16))[0] == date(2027, 1, 10)


@pytest.mark.parametrize("text, period", [
    ("从12月1号到今天一共发现多少隐患", (date(2026, 12, 1), date(2026, 12, 16))),
    ("11月15日以来的演练情况", (date(2026, 11, 15), date(2026, 12, 16))),
    ("前三季度隐患一共多少条", (date(2026, 1, 1), date(2026, 9, 30))),
    ("本月到现在一共演练了几次", (date(2026, 12, 1), date(2026, 12, 31))),   # a named period keeps its bounds
])
def test_periods_until_today_and_first_quarters(text, period):
    assert resolve_period(text, date(2026, 12, 16))[:2] == period


def test_a_festival_deadline_with_a_modal_before_the_verb():
    sent = date(2026, 4, 20)
    assert parse_deadline("五一前要整改好", sent) == (date(2026, 5, 1), "五一前")
    assert parse_deadline("国庆前必须整改到位", date(2026, 9, 1))[0] == date(2026, 10, 1)
    assert parse_deadline("春节前集中返乡", date(2027, 1, 10)) is None     # when people come, no deadline


def test_dotted_days_with_dashes_and_slashes():
    today = date(2027, 1, 19)
    assert parse_day("1-18值班", today) == date(2027, 1, 18)
    assert parse_day("1/18", today) == date(2027, 1, 18)
    assert parse_day("12.31", today) == date(2026, 12, 31)
    assert parse_day("3-2号楼", today) is None       # a building number
    assert parse_day("K12-14", today) is None        # a road section


@pytest.mark.parametrize("text", ["立即整改", "责令立即停用整改", "要求立即组织整改", "立行立改", "立即对配电箱进行整改"])
def test_立即_that_governs_整改_is_the_day_sent(text):
    assert parse_deadline(text, TODAY)[0] == TODAY


@pytest.mark.parametrize("text", ["已要求立即转移坡下群众", "要求立即停工", "立即加固", "已责令立即停止销售", "立即设置警戒"])
def test_立即_with_another_verb_orders_action_and_sets_no_deadline(text):
    # LABELS.md names 立即整改 / 立行立改 only; acting now is not a rectification deadline
    assert parse_deadline(text, TODAY) is None


def test_立即_stopping_then_a_day_to_fix_by():
    assert parse_deadline("已要求立即停用，6月30日前检修合格后再开", TODAY)[0] == date(2026, 6, 30)


def test_the_night_the_year_ends():
    assert parse_day("跨年夜值班", date(2026, 12, 31)) == date(2026, 12, 31)
    assert parse_day("跨年夜值班", date(2027, 1, 1)) == date(2026, 12, 31)    # reported the morning after
    assert parse_day("跨年活动值班情况", date(2027, 1, 1)) == date(2026, 12, 31)


def test_days_of_a_month_not_named_are_this_months_or_the_last():
    assert resolve_period("国庆期间1号到8号值班情况怎么样", date(2026, 10, 9))[:2] == (date(2026, 10, 1), date(2026, 10, 8))
    assert resolve_period("25号到30号的隐患", date(2026, 12, 3))[:2] == (date(2026, 11, 25), date(2026, 11, 30))
    assert resolve_period("3号至5号的演练", TODAY)[:2] == (date(2026, 6, 3), date(2026, 6, 5))


def test_within_today_is_today():
    assert parse_deadline("要求今天之内必须整改完", TODAY)[0] == TODAY
    assert parse_deadline("当日内整改", TODAY)[0] == TODAY


def test_a_礼拜_is_a_week():
    assert parse_deadline("我让他一个礼拜之内弄好", TODAY)[0] == TODAY + timedelta(days=7)
    assert parse_deadline("限期两个礼拜", TODAY)[0] == TODAY + timedelta(days=14)


def test_a_week_with_个_is_the_same_week():
    # typed in a hurry: "上个周", "这个周" name the week as 上周 and 本周 do
    assert resolve_period("上个周各镇值班报了没", TODAY)[:2] == (date(2026, 6, 8), date(2026, 6, 14))
    assert resolve_period("这个周隐患整改咋样", TODAY)[:2] == (date(2026, 6, 15), date(2026, 6, 21))
    assert resolve_period("下个周演练安排", TODAY)[:2] == (date(2026, 6, 22), date(2026, 6, 28))


@pytest.mark.parametrize("text, sent, want", [
    ("村支书鲁发明，清明前把林带周边可燃物清完。", date(2026, 3, 30), date(2026, 4, 5)),
    ("市场负责人苏海燕，要求五一前把占道摊位清掉。", date(2026, 4, 20), date(2026, 5, 1)),
    ("负责人王德福，除夕前必须搬走", date(2027, 1, 20), date(2027, 2, 5)),
    ("要求除夕前交有资质单位处置", date(2027, 1, 20), date(2027, 2, 5)),
])
def test_a_holiday_deadline_with_把_or_a_hand_over(text, sent, want):
    assert parse_deadline(text, sent)[0] == want


@pytest.mark.parametrize("text", ["春节前集中返乡", "春节前把人都送回家"])
def test_a_holiday_with_no_fix_after_it_is_no_deadline(text):
    assert parse_deadline(text, date(2027, 1, 20)) is None
