from nlu.forms import read


def test_title_and_fields_under_canonical_keys():
    form = read("【青石镇值班信息】\n带班领导：王强\n值班人员：李明、张芳\n值班情况：今日无突发事件，零报告")
    assert form.intent == "duty_report" and form.title_unit == "青石镇"
    assert form.fields == {"leader": "王强", "staff": "李明、张芳", "situation": "今日无突发事件，零报告"}


def test_synonyms_fill_the_same_key_on_one_line():
    form = read("【隐患上报】隐患地点：宏达化工有限公司；存在问题：危化品混存；整改责任人：王建国；整改期限：3天")
    assert form.intent == "hazard" and form.title_unit is None
    assert form.get("place") == "宏达化工有限公司"
    assert form.get("problem") == "危化品混存"
    assert form.get("responsible") == "王建国"
    assert form.get("deadline") == "3天"


def test_titles_say_what_the_form_is():
    assert read("【整改销号申请】单位：阳光城小区").intent == "rectified"
    assert read("【检查情况】检查单位：区经信局\n检查企业：7家").intent == "inspection"
    assert read("【会议通知】定于明天召开").intent is None


def test_a_sentence_with_one_colon_is_no_form():
    assert not read("隐患：宏达化工有限公司危化品混存，责任人王建国").is_form
    assert read("").fields == {}


def test_a_value_ends_where_the_next_key_begins():
    form = read("地点：城东农贸市场\n问题：通道堵塞\n上报人：赵六")
    assert form.get("problem") == "通道堵塞"


def test_numbered_lines_are_fields_without_their_numbers():
    form = read("【隐患上报】\n1.单位：祥和养老院\n2.问题：老人房间使用电热毯\n3.责任人：院长谭玉珍\n4.整改时限：本周内")
    assert form.fields == {"unit": "祥和养老院", "problem": "老人房间使用电热毯", "responsible": "院长谭玉珍",
                           "deadline": "本周内"}
    assert read("【隐患上报】 1、单位：祥和养老院 2、问题：电热毯 3、整改时限：3天").get("deadline") == "3天"


def test_keys_spaced_out_to_align_are_keys():
    form = read("【隐患上报】\n地 点：祥和养老院\n问　题：老人房间使用电热毯\n责 任 人：院长谭玉珍")
    assert form.fields == {"place": "祥和养老院", "problem": "老人房间使用电热毯", "responsible": "院长谭玉珍"}


def test_a_street_address_is_kept_apart_from_the_place():
    form = read("【隐患上报】\n单位：海天大排档\n地址：蓝屿镇渔港路12号")
    assert form.get("unit") == "海天大排档" and form.get("address") == "蓝屿镇渔港路12号" and not form.get("place")
