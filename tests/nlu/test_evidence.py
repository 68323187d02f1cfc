import pytest

from nlu.evidence import classify, inspection_counts, weigh
from nlu.forms import read


def test_the_heaviest_intent_wins_and_counter_evidence_weighs():
    w = weigh("请各单位做好值班值守工作")
    assert w["other"] > 0 and w["duty_report"] > 0
    assert classify("请各单位做好值班值守工作") == "other"
    assert classify("青石镇今日值班值守正常，零报告") == "duty_report"


def test_a_handled_incident_is_a_duty_report_not_a_hazard():
    assert classify("凌晨东岗村一民房起火，已扑灭，无人员伤亡") == "duty_report"
    assert classify("新民路一饭店液化气漏气，燃气公司已处置，无人员受伤") == "duty_report"
    assert classify("新民路一饭店液化气钢瓶无防倒链，限期3天整改") == "hazard"


def test_a_form_title_speaks_for_its_intent():
    text = "【整改销号申请】\n单位：阳光城小区\n问题：电梯年检过期"
    assert classify(text, read(text)) == "rectified"


@pytest.mark.parametrize("text", [
    "我来签个到", "到！白沙街道王芳", "区水务局15名队员全部到位", "收到，王芳已到，签到",
])
def test_casual_sign_ins(text):
    assert classify(text) == "attendance"


@pytest.mark.parametrize("text", [
    "零报告每天几点前报？", "隐患台账用什么格式？", "隐患上报表的模板在群文件里，自行下载使用",
    "刚才那条发错群了，请忽略", "收到，谢谢各位",
])
def test_chat_about_procedure_is_other(text):
    assert classify(text) == "other"


@pytest.mark.parametrize("text, counts", [
    ("今日检查企业5家，发现隐患8处，已督促整改", (5, 8)),
    ("今天共检查餐饮门店十二家，未发现隐患", (12, 0)),
    ("对辖区3家加油站、4家液化气站开展检查，共检查7家，发现问题2处", (7, 2)),
    ("上午到宏达公司检查，发现消防通道堵塞", (None, None)),
])
def test_inspection_counts(text, counts):
    assert inspection_counts(text) == counts


@pytest.mark.parametrize("text", [
    "这个月演练搞了几场", "上周隐患一共查出几处？", "今年开展了几轮演练",
])
def test_how_many_with_any_measure_word_is_a_question(text):
    assert classify(text) == "query"


@pytest.mark.parametrize("text", [
    "今天的值班报告还没报哦，请尽快报送",      # a report owed is a reminder, not a report
    "青山镇值班情况尚未上报，请抓紧",
    "零报告还未提交的单位请及时报送",
])
def test_a_reminder_of_a_report_owed_is_other(text):
    assert classify(text) == "other"


def test_asking_who_owes_a_report_is_still_a_query():
    assert classify("今天哪些单位还没报？") == "query"
    assert classify("今天谁没报") == "query"


@pytest.mark.parametrize("text", ["昨天的值班报告补一下", "今天零报告记得发一下", "值班情况请尽快报"])
def test_what_is_asked_of_a_unit_addressed_by_name_is_other(text):
    assert classify(text, addressed=True) == "other"
    assert classify("青石镇今日值班正常，零报告", addressed=False) == "duty_report"


@pytest.mark.parametrize("text", [
    "石板村：村道涵洞淤塞严重，请村委会5月15日前完成清淤",
    "金色家园小区地下车库有人飞线充电，已通知物业3天内清理",
    "大桥护栏被车辆撞断约8米，公路中心已安排1月5日前修复",
])
def test_something_to_fix_by_a_day_is_a_hazard(text):
    assert classify(text) == "hazard"


@pytest.mark.parametrize("text", [
    "请各单位于3月20日前报送一季度隐患排查台账",    # sending a report by a day fixes nothing
    "请各镇街3天内上报节前检查情况",
])
def test_a_day_to_send_a_report_by_is_no_hazard(text):
    assert classify(text) == "other"


@pytest.mark.parametrize("text", [
    "好的，明天一早安排人过去看看",             # a day ahead holds no records to ask about
    "收到，下周安排人去看一下",
])
def test_looking_at_something_tomorrow_asks_no_records(text):
    assert classify(text) == "other"


@pytest.mark.parametrize("text", [
    "元旦假期最后一天，请各单位明天上班后第一时间检查值班记录是否完整。",
    "请各社区核实本周隐患是否整改到位",
])
def test_an_instruction_holding_a_question_is_other(text):
    assert classify(text) == "other"


def test_please_ask_is_still_a_question():
    assert classify("请问最近30天隐患情况查一下") == "query"


@pytest.mark.parametrize("text", [
    "省厅那个隐患排查治理的文件谁有？转我一份",
    "防汛预案有没有最新的？发我一份",
    "谁有上次安全培训的课件",
])
def test_asking_for_a_document_is_other(text):
    assert classify(text) == "other"


@pytest.mark.parametrize("text", ["月报模板有没有新版的？去年用的那个格式不对", "周报格式是什么样的"])
def test_asking_about_a_reports_template_requests_no_draft(text):
    assert classify(text) == "other"


def test_a_draft_on_the_template_is_still_a_summary_request():
    assert classify("按新模板帮我生成本月月报") == "summary_request"


@pytest.mark.parametrize("text, counts", [
    ("南关街道今日检查餐饮店12家，发现燃气隐患15处，均已交办。", (12, 15)),
    ("检查企业8家，发现消防安全类隐患6条", (8, 6)),
])
def test_hazards_found_of_any_kind(text, counts):
    assert inspection_counts(text) == counts


@pytest.mark.parametrize("text", ["下午县消防救援大队在万达广场搞了场消防演练，来了80多人", "河西乡今天搞了防汛演练 来了40个人"])
def test_a_drill_done_in_everyday_words(text):
    assert classify(text) == "drill"


@pytest.mark.parametrize("text", ["查下最近一周的隐患", "调出上个月的值班记录"])
def test_look_up_verbs_ask(text):
    assert classify(text) == "query"


@pytest.mark.parametrize("text", ["零报告是每天发还是有事才发？", "节假日需不需要报零报告？", "隐患应该怎么报？"])
def test_questions_about_practice_are_other(text):
    assert classify(text) == "other"


@pytest.mark.parametrize("text", ["平安镇 今日无事", "城西街道今天值班没啥事", "老街社区今天一切正常"])
def test_a_quiet_day_in_everyday_words_is_a_duty_report(text):
    assert classify(text) == "duty_report"


def test_nothing_wrong_answers_and_does_not_ask():
    assert classify("今天我们跑了5家加油站 都没什么问题") == "inspection"
    assert inspection_counts("今天我们跑了5家加油站 都没什么问题") == (5, None)


def test_a_bare_topic_and_period_asks_even_for_all_units():
    assert classify("本月各单位值班报送情况") == "query"
    assert classify("请各单位报送本月值班情况") == "other"


@pytest.mark.parametrize("text", ["谁是今天的带班领导？", "今天的值班领导是谁"])
def test_who_holds_a_role_asks_no_records(text):
    assert classify(text) == "other"


@pytest.mark.parametrize("text", ["各位，明天上午的演练取消了，时间另行通知", "原定周五的防汛演练取消"])
def test_a_drill_called_off_is_a_notice(text):
    assert classify(text) == "other"


@pytest.mark.parametrize("text", ["盛达液化气站钢瓶已入库存放，搭了遮阳棚", "青龙水库溢洪道杂物已清走", "楼道口装好了感应灯"])
def test_a_fix_done_in_everyday_words_is_rectified(text):
    assert classify(text) == "rectified"


def test_something_blocking_is_a_problem():
    assert classify("刚去看了下青龙水库 溢洪道有很多杂物堵着 得赶紧清一下") == "hazard"
