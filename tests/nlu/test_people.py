import pytest

from nlu.people import name_at, responsible


@pytest.mark.parametrize("text, who", [
    ("责任人王建国，限期3天整改", "王建国"),
    ("责任人：王强", "王强"),
    ("责任人为厂长赵大明，立即整改", "赵大明"),
    ("负责人：项目经理 李强", "李强"),
    ("企业法人张某某已签字确认", "张某某"),
    ("车间负责人李四签字确认", "李四"),
    ("责任人车间主任钱明。", "钱明"),
    ("安全员邱宏伟为整改责任人", "邱宏伟"),
    ("由孙伟负责整改", "孙伟"),
    ("法人欧阳明明已签字", "欧阳明明"),
    ("责任人为经营者顾家兴；", "顾家兴"),
])
def test_names_after_role_words(text, who):
    assert responsible(text) == who


@pytest.mark.parametrize("text", [
    "整改通知书已由负责人签字确认",      # a verb after the role, no name: not 字确认
    "安全员签字确认",
    "责任人王家村村委会",                # a place that begins with a surname
    "限期整改",
    "",
])
def test_no_name_is_made_up(text):
    assert responsible(text) is None


def test_a_name_stops_at_the_verb():
    assert name_at("李四签字确认", 0) == "李四"
    assert name_at("签字确认", 0) is None


@pytest.mark.parametrize("text, who", [
    ("责任人：安全科长魏红", "魏红"),                 # a department head: X科长, X部长
    ("整改责任人为设备部长 田力", "田力"),
    ("让场主赵有才这周之内弄好", "赵有才"),           # the owner of a place: 场主, 矿主, 摊主
    ("矿主钱大海承诺三天内停工整改", "钱大海"),
    ("摊主吴玉兰已签字", "吴玉兰"),
])
def test_department_heads_and_owners_are_roles(text, who):
    assert responsible(text) == who


@pytest.mark.parametrize("text, who", [
    ("老板叫李德贵", "李德贵"),                       # "the boss is called …" links role and name
    ("我跟他们老板说了，老板名叫周福生", "周福生"),
    ("负责人名字叫马小军，已通知", "马小军"),
])
def test_a_role_is_linked_to_a_name_by_called(text, who):
    assert responsible(text) == who


def test_called_without_a_name_yields_nobody():
    assert responsible("老板叫我们明天再来") is None


@pytest.mark.parametrize("text, who", [
    ("王建国是负责人", "王建国"),                 # the name first, then its role
    ("王建国（负责人）已签字", "王建国"),
    ("经查王建国为该店负责人", "王建国"),
    ("李四为责任人", "李四"),
    ("欧阳明明是法人", "欧阳明明"),
])
def test_a_name_before_its_role(text, who):
    assert responsible(text) == who


def test_a_workshop_before_a_role_is_nobody():
    assert responsible("车间是负责人管的") is None


@pytest.mark.parametrize("text, who", [
    ("跟老板娘讲了 叫刘秀英 7天内搞好", "刘秀英"),
    ("跟老板说了，他叫陈大勇，三天内改好", "陈大勇"),
    ("和店主交代了，名叫何小平", "何小平"),
    ("厂长说下礼拜弄，厂长叫杜春生", "杜春生"),
])
def test_a_role_told_and_then_named(text, who):
    assert responsible(text) == who


@pytest.mark.parametrize("text, who", [
    ("责任人：厂长阎立峰", "阎立峰"), ("负责人傅建华", "傅建华"), ("店主萧红梅", "萧红梅"), ("安全员赖国强", "赖国强"),
])
def test_surnames_of_the_hundred_families(text, who):
    assert responsible(text) == who


@pytest.mark.parametrize("text, who", [
    ("危化品库双氧水和酒精放在一起 库管员朱红 5日内整改", "朱红"),
    ("村民家烟道堵了 屯长 李满仓 三天之内给整好", "李满仓"),
    ("急弯段没有护栏 县公路段段长 魏国栋 本周内整改", "魏国栋"),
    ("责任人 楼栋长 吴秀芝", "吴秀芝"),
    ("仓库保管员何小军负责", "何小军"),
])
def test_keepers_and_heads_of_small_units(text, who):
    assert responsible(text) == who


@pytest.mark.parametrize("text, who", [
    ("放 在 炕头 店主 老 孙头 孙长贵 立即 清走", "孙长贵"),
    ("责任人 老 李 李大山", "李大山"),
    ("店主 小王 说马上改", None),
])
def test_a_nickname_before_the_name(text, who):
    assert responsible(text) == who


@pytest.mark.parametrize("text, who", [
    ("渔船船员没穿救生衣，船东陆海生，立即整改", "陆海生"),
    ("木器作坊粉尘大 作坊主谢长林 立行立改", "谢长林"),
    ("后山裂缝变宽，群测群防监测员田大勇，每天巡查", "田大勇"),
])
def test_owners_of_boats_and_workshops_and_slope_watchers_are_roles(text, who):
    assert responsible(text) == who
