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
