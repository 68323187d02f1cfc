import pytest

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


# What each unit key means, by the form's kind: the body a hazard is about beats where it is.
@pytest.mark.parametrize("text, subject", [
    ("【隐患上报】\n地点：青石镇工业园\n单位：宏远竹木制品有限公司\n问题：除尘器未泄爆", "宏远竹木制品有限公司"),
    ("【隐患信息】单位：枫林村委会；地点：枫林乡枫林村后山；问题：坟山周边枯枝堆积", "枫林村委会"),
    ("隐患地点：东关街道建设路口东侧\n企业名称：东关农贸大市场\n存在问题：摊位卖鞭炮", "东关农贸大市场"),
    ("【隐患上报】\n位置：沧河开发区纬三路8号\n责任单位：北沽雪域冷链有限公司\n问题：液氨机房喷淋冻坏", "北沽雪域冷链有限公司"),
    ("【隐患上报】\n上报单位：桐木镇安监站\n地点：桐木镇和平村石场\n问题：边坡浮石", "桐木镇和平村石场"),
    ("【隐患上报】\n单位：青石镇\n地点：青石镇大坪村后山\n问题：山体开裂", "青石镇大坪村后山"),
    ("【隐患上报】\n地点：柳林镇后营村\n问题：广场变压器围栏倒了", "柳林镇后营村"),
    ("【隐患上报】\n地址：蓝屿镇渔港路12号\n问题：燃气软管老化", "蓝屿镇渔港路12号"),
])
def test_a_hazard_forms_subject_is_the_body_it_is_about(text, subject):
    assert read(text).subject("hazard") == subject


@pytest.mark.parametrize("text, kind, subject", [
    ("【整改销号申请】\n地点：石桥镇前屯村\n整改单位：北沽鑫瑞化工有限公司\n整改情况：已分库存放", "rectified",
     "北沽鑫瑞化工有限公司"),
    ("【值班信息】\n值班单位：白沙街道\n值班情况：平安", "duty_report", "白沙街道"),
    ("【值班信息】\n单位：白沙街道\n值班情况：平安", "duty_report", "白沙街道"),
    ("【检查情况】\n检查单位：县应急局\n被检查单位：宏达化工有限公司\n检查企业：1家", "inspection", "县应急局"),
    ("【检查情况】\n单位：枫溪镇\n检查对象：烟花爆竹生产企业\n检查企业：6家", "inspection", "枫溪镇"),
    ("【演练信息】\n地点：华鑫化工有限公司\n科目：有限空间救援", "drill", "华鑫化工有限公司"),
])
def test_each_form_kind_reads_its_own_unit_key(text, kind, subject):
    assert read(text).subject(kind) == subject


def test_the_body_inspected_is_no_inspecting_unit():
    assert read("【检查情况】\n被检查单位：宏达化工有限公司\n发现隐患：2处").subject("inspection") == ""


@pytest.mark.parametrize("text", [
    "隐患上报\n单位 红旗社区8栋\n问题 楼道堆放杂物\n责任人 楼栋长 吴秀兰\n时限 立行立改",
    "【隐患上报】\n1. 单位 红旗社区8栋\n2. 问题 楼道堆放杂物\n3. 责任人 楼栋长 吴秀兰",
    "隐患上报\n单位　红旗社区8栋\n问题　楼道堆放杂物",
])
def test_keys_without_colons_a_line_each_are_fields(text):
    form = read(text)
    assert form.intent == "hazard"
    assert form.get("unit") == "红旗社区8栋" and form.get("problem") == "楼道堆放杂物"


def test_a_sentence_opening_with_a_key_word_is_no_form():
    assert read("问题 不大 明天再说\n谢谢").fields == {}
    assert not read("单位 都报了吗").is_form


def test_an_untitled_numbered_duty_form_is_read_by_its_keys():
    form = read("1.单位：白沙镇\n2.日期：12月6日\n3.值班领导：赵刚\n4.情况：无")
    assert form.intent == "duty_report" and form.get("unit") == "白沙镇"


def test_a_roster_with_no_situation_is_no_duty_report():
    assert read("12月8日 值班领导：张三 值班员：李四 电话：138xxxx").intent is None
