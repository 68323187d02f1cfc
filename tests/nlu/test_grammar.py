"""The parser's layers together: forms and sentences give the same record, places off the
roster, people by role, categories by lexicon, inspections, festivals and working days."""
from datetime import date, datetime, timedelta, timezone

import pytest

from core.calendar import CnCalendar
from nlu.intents import understand

CST = timezone(timedelta(hours=8))
DEC = datetime(2026, 12, 7, 9, 0, tzinfo=CST)   # a Monday


def fields(text, sent=DEC, **kw):
    got = understand(text, sent, **kw)
    return got.name, got.fields


def test_a_hazard_form_and_its_sentence_give_the_same_record():
    form = ("【隐患上报】\n地点：宏远建材有限公司\n问题：仓库油漆稀释剂与氧化剂混放\n"
            "责任人：仓库主管 孙立\n整改时限：3天")
    sentence = "宏远建材有限公司：仓库油漆稀释剂与氧化剂混放，责任人仓库主管孙立，限期3天整改"
    assert fields(form) == fields(sentence) == ("hazard", {
        "unit": "宏远建材有限公司", "category": "危险化学品", "deadline": date(2026, 12, 10), "responsible": "孙立"})


def test_a_duty_form_reads_its_unit_from_the_title_and_events_from_its_situation():
    name, got = fields("【桃源镇值班信息】\n日期：12月7日\n带班领导：何军\n值班人员：吴丽\n"
                       "值班情况：上午一商铺招牌被风吹落，未伤人，已清理")
    assert name == "duty_report"
    assert got == {"unit": "桃源镇", "zero": False, "date": date(2026, 12, 7)}


def test_the_reporting_unit_stands_before_the_report_words_not_where_it_happened():
    name, got = fields("白沙街道12月7日值班情况报告：今天早上解放路一辆货车侧翻，无人员伤亡，已处置完毕。")
    assert name == "duty_report" and got["unit"] == "白沙街道" and got["zero"] is False


@pytest.mark.parametrize("text, place", [
    ("检查发现兴旺面馆后厨液化气钢瓶无防倒措施，限期3天整改", "兴旺面馆"),
    ("今天到永利冷库检查，氨制冷机房报警器失效，限期5天整改", "永利冷库"),
    ("城北山塘坝体出现渗漏，汛前需处理", "城北山塘"),
    ("发现个情况：锦绣社区8栋外墙装饰板松了，请社区尽快处理", "锦绣社区"),
])
def test_places_off_the_roster_by_their_heads(text, place):
    name, got = fields(text)
    assert name == "hazard" and got["unit"] == place


@pytest.mark.parametrize("text, category", [
    ("金鑫五金店私自销售散装汽油，限期3天整改", "危险化学品"),
    ("天宇广场外墙瓷砖脱落，砸坏停放车辆，限期5天整改", "其他"),
    ("石桥村公路内侧边坡垮塌，坡顶有裂缝，限期10天整改", "地质灾害"),
    ("鸿运纺织有限公司车间行车钢丝绳断股，限期3天整改", "特种设备"),
    ("新华服装厂车间与宿舍在同一栋楼，三合一问题，限期7天整改", "消防"),
])
def test_category_lexicon(text, category):
    assert fields(text)[1]["category"] == category


def test_inspection_intent_with_its_fields_in_label_order():
    got = understand("红星镇安监站今天检查了12家企业，发现一般隐患3处，均已现场整改", DEC)
    assert got.name == "inspection"
    assert list(got.as_json()) == ["intent", "unit", "count", "hazards_found", "date"]
    assert got.fields == {"unit": "红星镇安监站", "count": 12, "hazards_found": 3, "date": date(2026, 12, 7)}


def test_an_inspection_that_describes_one_hazard_is_a_hazard():
    assert fields("区应急局检查发现宏达化工有限公司一处储罐区静电接地缺失，限期3天整改")[0] == "hazard"


def test_festivals_and_working_days_in_2027():
    assert fields("除夕当天值班情况：全镇平安，零报告", datetime(2027, 2, 5, 9, tzinfo=CST))[1]["date"] \
        == date(2027, 2, 5)
    assert fields("宏达化工有限公司消防通道堵塞，春节前整改到位")[1]["deadline"] == date(2027, 2, 6)
    # 2027-02-04 (Thu) + 2 working days: 5–8 Feb are 春节, so Tue 9th and Wed 10th
    sent = datetime(2027, 2, 4, 9, tzinfo=CST)
    assert fields("宏达化工有限公司消防通道堵塞，限期2个工作日整改", sent)[1]["deadline"] == date(2027, 2, 10)


def test_the_calendar_is_a_parameter():
    cal = CnCalendar()
    cal.add_holiday(date(2027, 2, 9), "春节延休")
    sent = datetime(2027, 2, 4, 9, tzinfo=CST)
    got = fields("宏达化工有限公司消防通道堵塞，限期2个工作日整改", sent, calendar=cal)[1]
    assert got["deadline"] == date(2027, 2, 11)


@pytest.mark.parametrize("day", [date(2027, 1, 1) + timedelta(days=i) for i in range(0, 365, 5)])
def test_every_2027_date_resolves(day):
    sent = datetime(day.year, day.month, day.day, 9, tzinfo=CST)
    for text in ("宏达化工有限公司消防通道堵塞，限期3个工作日整改", "宏达化工有限公司消防通道堵塞，节后整改",
                 "宏达化工有限公司消防通道堵塞，国庆前整改完成", "除夕值班情况正常，零报告", "清明节后第一个工作日前报送"):
        got = understand(text, sent)
        assert got.name in ("hazard", "duty_report", "other")
    assert understand("宏达化工有限公司消防通道堵塞，限期3个工作日整改", sent).fields["deadline"] > day


@pytest.mark.parametrize("text", ["@河口镇 今天的值班报告补一下", "@大坪乡 昨天的值班报告补一下", "@县住建局 本周隐患台账请尽快报"])
def test_a_message_addressed_to_a_unit_asks_of_it_and_reports_nothing(text):
    assert fields(text)[0] == "other"


def test_a_message_addressed_to_the_bot_is_read_as_usual():
    name, got = fields("@值守助手 青石镇今日值班正常，零报告")
    assert name == "duty_report" and got["unit"] == "青石镇"


@pytest.mark.parametrize("text, category", [
    ("发现金鼎铝业有限公司熔铝炉周边地面有积水，炉前未设挡水设施，限期3天整改", "金属冶炼"),
    ("宏兴铸造厂铁液浇注区地面潮湿，限期5天整改", "金属冶炼"),
    ("华通铜业电解槽旁堆放杂物，责任人李强，限期3天", "金属冶炼"),
])
def test_molten_metal_by_its_metal_is_metal_smelting(text, category):
    assert fields(text)[1]["category"] == category


@pytest.mark.parametrize("text, dtype", [
    ("县应急局定于1月27日在黄土岭乡烟花爆竹仓储点开展仓库火灾事故应急演练，参演约50人。", "烟花爆竹"),
    ("今天在华兴加油站开展火灾扑救应急演练，参演20人", "危险化学品"),
    ("今天在实验小学开展消防疏散演练，参演300人", "消防"),          # the title's own field stands
    ("金鼎铝业有限公司今天组织了铝液泄漏应急演练，85人参加", "金属冶炼"),
])
def test_a_drill_is_of_the_field_of_the_place_it_is_held_at(text, dtype):
    name, got = fields(text)
    assert name == "drill" and got["drill_type"] == dtype


@pytest.mark.parametrize("text", [
    "鸿运冷冻食品有限公司下午进行了液氨泄漏应急演练，参加员工36人",
    "实验小学上午开展了消防疏散演练，参演师生300人",
])
def test_a_drill_held_in_a_part_of_the_day_was_held_today(text):
    assert fields(text)[1]["date"] == DEC.date()


def test_a_part_of_the_day_ahead_is_not_today():
    assert fields("明天上午开展消防疏散演练，参演300人")[1]["date"] == date(2026, 12, 8)


@pytest.mark.parametrize("text", [
    "县水利局今日值班情况：清溪河右岸一处护坡被冲毁约10米，已用沙袋临时加固，无人员伤亡。",
    "大坪乡昨天的值班情况补报一下 下午有一辆货车滑到路边沟里了 司机没事 车已经拖出来了",
    "青山镇值班情况：强降雨致村道被冲断，已设警示，无人员伤亡",
])
def test_water_damage_and_vehicles_off_the_road_are_incidents(text):
    name, got = fields(text)
    assert name == "duty_report" and got["zero"] is False


@pytest.mark.parametrize("text", ["让场主这周之内弄好，限期整改", "沼气池盖板坏了，这星期内修好", "这周内整改到位"])
def test_this_week_within_is_sunday(text):
    assert fields("养殖场沼气池盖板坏了，" + text)[1]["deadline"] == date(2026, 12, 13)


def test_a_duty_report_signed_at_its_end_is_that_units():
    name, got = fields("值班情况：平安无事 —南山镇")
    assert name == "duty_report" and got["unit"] == "南山镇"
    assert "unit" not in fields("值班情况：平安无事 —— 谢谢")[1]


@pytest.mark.parametrize("text", [
    "桥头社区值班报告 今天上午辖区一处下水道井盖缺失 已设置围挡 通知市政修复 其余正常",
    "青山镇值班情况：上午有村民反映自来水管破裂，已联系维修，其他一切正常",
])
def test_the_rest_quiet_means_something_was_reported(text):
    assert fields(text)[1]["zero"] is False


def test_all_quiet_is_still_zero():
    assert fields("青山镇今日值班正常，无异常")[1]["zero"] is True


@pytest.mark.parametrize("text, day", [
    ("沙岗镇初五值班情况正常 零报告", date(2027, 2, 10)),           # 初N around the Spring Festival
    ("青冈坪乡初二值班，无事，零报告", date(2027, 2, 7)),
    ("鹰嘴岩镇元宵节值班情况：无突发事件，零报告", date(2027, 2, 20)),
    ("龙潭镇 元旦假期第二天 零报告", date(2027, 1, 2)),             # the N-th day of a holiday
])
def test_festival_days_of_a_duty_report(text, day):
    sent = datetime(2027, day.month, day.day, 9, 0, tzinfo=CST)
    assert fields(text, sent)[1]["date"] == day


def test_a_bare_chu_far_from_the_spring_festival_is_no_day():
    assert "date" not in fields("城关中学初一学生宿舍值班正常，零报告", datetime(2026, 6, 1, 9, 0, tzinfo=CST))[1]


def test_the_day_the_report_words_follow_is_the_duty_day():
    got = fields("潮平镇昨夜到今晨无险情 今日零报告 防台值班继续", datetime(2026, 7, 12, 8, 0, tzinfo=CST))[1]
    assert got["date"] == date(2026, 7, 12)


def test_a_holiday_inside_a_persons_name_is_no_duty_day():
    text = "【河西街道值班信息】\n日期：12月1日\n带班领导：钟国庆\n值班人员：李娜\n值班情况：辖区平稳，零报告"
    assert fields(text, datetime(2026, 12, 1, 8, 0, tzinfo=CST))[1]["date"] == date(2026, 12, 1)


def test_a_commemorative_day_with_a_middle_dot():
    got = fields("5·12防灾减灾日，县应急管理局在县体育中心举行综合应急演练，参演300余人", datetime(2026, 5, 12, 9, 0, tzinfo=CST))
    assert got[1]["date"] == date(2026, 5, 12)


def test_a_dated_deadline_wins_over_a_bare_at_once():
    got = fields("海盗船安全压杠锁不死，已要求立即停用，园区负责人邵东升，7月31日前检修", datetime(2026, 7, 27, 9, 0, tzinfo=CST))
    assert got[1]["deadline"] == date(2026, 7, 31)


@pytest.mark.parametrize("text, place", [
    ("马鞍山镇场镇新街一家农家乐“老林子饭庄”二楼包间是彩钢板搭的，1月24日前整改", "老林子饭庄"),
    ("城南街道河滨路那边有个养老院叫夕阳红颐养中心的厨房液化气瓶就放在灶台下面", "夕阳红颐养中心"),
    ("金沙江路与滨河路交叉口的加油站（中石化岷川城南站）卸油区没有设置静电接地报警仪，限期3天整改", "中石化岷川城南站"),
    ("【隐患上报】\n单位：海天大排档\n地址：蓝屿镇渔港路12号\n问题：液化气钢瓶直接放在油锅边上\n整改时限：立行立改", "海天大排档"),
    ("节后复工检查：鸿步鞋业有限公司胶水直接倒在塑料盆里用，限期3天整改", "鸿步鞋业有限公司"),
    ("S217线K45+300段右侧边坡有落石，县交通运输局已设置警示牌，要求4月10日前完成清危", "S217线K45+300段"),
])
def test_a_hazards_place_in_more_forms(text, place):
    name, got = fields(text)
    assert name == "hazard" and got["unit"] == place


@pytest.mark.parametrize("text, place", [
    ("泰丰水产冷冻那边报警器探头换了，喷淋也修好了，县应急局复查通过，申请销号", "泰丰水产冷冻"),
    ("海晏巷12号出租房电动车都清走了，房东在院子里装了充电柜，整改到位", "海晏巷12号出租房"),
    ("宏福冻品紧急泄氨器阀门已更换，机房门口纸箱已清理，请县应急局复核销号", "宏福冻品"),
])
def test_a_rectifieds_unit_by_its_short_name(text, place):
    name, got = fields(text)
    assert name == "rectified" and got["unit"] == place


@pytest.mark.parametrize("text, category", [
    ("青篁镇下岙村烟花爆竹零售点：店里面住人，柜台后面放了电取暖器，店主潘玉兰，2月10日前整改", "烟花爆竹"),
    ("宏翔木业有限公司砂光车间木粉积了厚厚一层，布袋除尘器灰斗好久没清，电气也不是防爆的，限期10天", "粉尘涉爆"),
    ("远航鞋材厂调胶间用二氯甲烷和丙酮调胶，整桶放在配电箱下面，厂长柯建国，限期3个工作日", "危险化学品"),
    ("县城加气站LNG储罐区安全阀起跳后没有复位检查，站长刘川，限期7天", "燃气"),
    ("蓝屿镇东澳村海塘迎水面护坡块石冲失约15米，塘顶出现裂缝，6月30日前完成修复", "防汛"),
    ("长屿石料有限公司排土场坡脚有裂缝，截排水沟堵塞，矿长章立新，限期15天整改", "非煤矿山"),
    ("龙潭二级电站引水隧洞检修，进洞前没有检测氧含量，也没人监护，站长黄明远，限期两天整改", "有限空间"),
    ("岷川广告公司楼顶的大型广告牌支架锈得厉害，下面就是公交站，限期10天拆除或加固", "其他"),
])
def test_category_lexicon_of_more_trades(text, category):
    name, got = fields(text)
    assert name == "hazard" and got["category"] == category


@pytest.mark.parametrize("text, count", [("杉木乡签到，来了3个", 3), ("县教体局签到 参加演练的有6个", 6), ("吉顺烟花爆竹批发部员工到了9个 签到", 9)])
def test_people_counted_as_ge(text, count):
    name, got = fields(text)
    assert name == "attendance" and got["count"] == count


def test_the_boss_surnamed_and_called():
    got = fields("有个养老院叫夕阳红颐养中心的厨房软管都开裂了院长姓吴叫吴凤英让她今天就换掉")[1]
    assert got["responsible"] == "吴凤英"


@pytest.mark.parametrize("text, place", [
    ("报个隐患：东升小区12栋地下室住了3户人家，还堆了很多纸板，物业负责人宋丽，本周内清理", "东升小区"),
    ("县二中学生宿舍走廊的应急照明灯一半不亮，后勤主任邱明，12月25日前整改到位", "县二中学生宿舍"),   # a school by its number, its dormitory
])
def test_more_openings_and_heads(text, place):
    assert fields(text)[1]["unit"] == place


def test_a_unit_that_says_who_it_is_and_how_many_came():
    name, got = fields("我是城关镇的，我们来了6个人")
    assert name == "attendance" and got == {"unit": "城关镇", "count": 6}
    assert fields("河西乡今天搞了防汛演练 来了40个人")[0] == "drill"      # a drill held is no sign-in


@pytest.mark.parametrize("text", ["华丰米厂谷壳已清运完毕", "县二中应急照明已全部更换完毕，申请验收"])
def test_done_with_is_rectified(text):
    assert fields(text)[0] == "rectified"


def test_a_quiet_duty_day_with_a_comma():
    assert fields("县住建局今天值班，正常")[0] == "duty_report"


def test_a_report_opened_to_the_leaders_without_a_comma():
    name, got = fields("报告领导城关镇今天值班情况正常无突发事件发生")
    assert name == "duty_report" and got["unit"] == "城关镇"


def test_the_place_looked_at_is_the_hazards_place():
    name, got = fields("今天去平安村看了一下那个老桥桥墩冲刷得很厉害下面都空了车还在上面走太危险了建议马上封桥")
    assert name == "hazard" and got["unit"] == "平安村"


@pytest.mark.parametrize("text", ["吴主任您好，上次那个演练的视频能发我一下吗", "各位领导辛苦了，今天的值班报告都已收齐"])
def test_asking_for_a_video_and_saying_all_are_in_are_other(text):
    assert fields(text)[0] == "other"


def test_a_day_alone_under_a_deadline_key_is_the_deadline():
    form = "【隐患信息】隐患单位：县二中 隐患内容：食堂液化气间无通风 整改责任人：校长刘明 整改期限：12月20日"
    assert fields(form)[1]["deadline"] == date(2026, 12, 20)
    assert fields(form.replace("12月20日", "2026-12-22"))[1]["deadline"] == date(2026, 12, 22)


@pytest.mark.parametrize("text, unit", [("今日值班情况（城关镇）：平稳，零报告", "城关镇"), ("值班报告——石门乡：今日无突发事件", "石门乡")])
def test_a_unit_beside_a_duty_header(text, unit):
    name, got = fields(text)
    assert name == "duty_report" and got["unit"] == unit


def test_a_unit_arriving_n_strong():
    assert fields("县水利局到5人") == ("attendance", {"unit": "县水利局", "count": 5})


def test_praise_for_the_reports_reports_nothing():
    assert fields("这周的零报告大家都报得很及时，点个赞")[0] == "other"


def test_something_noticed_and_dealt_with_is_no_zero_report():
    got = fields("平安镇值班情况：下午有群众反映闻到燃气味，燃气公司到场检查为阀门未关紧，已处理，无异常。")[1]
    assert got["zero"] is False


def test_a_unit_working_jointly_with_another_is_the_unit():
    assert fields("石门乡联合派出所检查烟花爆竹销售点7个，查处非法储存1起")[1]["unit"] == "石门乡"


def test_a_firefighting_drill_at_a_square_is_a_fire_drill():
    got = fields("县消防救援大队今天上午在万达广场组织了一场灭火救援实战演练，指战员45名")[1]
    assert got["drill_type"] == "消防"


# Probes written for the place and person finders (not corpus sentences): sites named inside
# villages, towns and markets, forms with other unit keys, people described before they are
# named. A unit counts as the scorer counts it: one name inside the other.
def _agrees(text, want):
    got = understand(text, DEC)
    assert got.name == want["intent"], (text, got.name)
    for key, value in want.items():
        if key == "intent":
            continue
        have = got.fields.get(key)
        if key == "unit":
            assert have and (value in have or have in value), (text, have)
        else:
            assert have == value, (text, key, have)


@pytest.mark.parametrize("text, want", [
    ("今天去河口村那家顺丰饲料厂看了下 粉碎车间积尘很厚 厂长姓刘叫刘长贵 限期一周", {"intent": "hazard", "unit": "顺丰饲料厂", "responsible": "刘长贵"}),
    ("报个隐患：青龙镇石桥村张家屋场山塘，坝体渗水，村主任张国华，汛前处理好", {"intent": "hazard", "unit": "青龙镇石桥村张家屋场山塘", "responsible": "张国华"}),
    ("县城人民路上新开的好再来火锅店 后厨液化气钢瓶放在灶台底下 店长吴伟 3天内整改", {"intent": "hazard", "unit": "好再来火锅店", "responsible": "吴伟"}),
    ("工业园区里面那个鑫达塑料制品厂，仓库跟宿舍在一起，住了七八个工人，负责人黄海，限期5天", {"intent": "hazard", "unit": "鑫达塑料制品厂", "responsible": "黄海"}),
    ("杨柳乡卫生院锅炉房 锅炉安全阀过期没校验 院长罗平 本周内", {"intent": "hazard", "unit": "杨柳乡卫生院", "responsible": "罗平"}),
    ("检查中发现：东风路与解放路交叉口红绿灯坏了三天了，交警中队负责，立即整改", {"intent": "hazard", "unit": "东风路与解放路交叉口"}),
    ("隐患上报 金山镇金山村三组后山 雨后出现一条二十多米长的裂缝 村支书陈明 已设警示牌", {"intent": "hazard", "unit": "金山镇金山村三组后山", "responsible": "陈明"}),
    ("在永兴建材城那边 有个五金店卖散装汽油 老板叫周小兵 明天之前清掉", {"intent": "hazard", "unit": "永兴建材城", "responsible": "周小兵"}),
    ("金鹰铝业有限公司熔铝炉炉前有积水，车间主任孙强，限期3天", {"intent": "hazard", "unit": "金鹰铝业有限公司", "responsible": "孙强"}),
    ("城东水厂加氯间液氯钢瓶没有防倒链，安全员王丽，12月10日前", {"intent": "hazard", "unit": "城东水厂", "responsible": "王丽"}),
    ("红星村那个养猪场的沼气池，井盖都没盖，旁边小孩在玩，场主李福，立即整改", {"intent": "hazard", "unit": "养猪场", "responsible": "李福"}),
    ("大坝乡中心小学教学楼楼梯间堆了好多旧课桌，校长钟华，限期两天", {"intent": "hazard", "unit": "大坝乡中心小学", "responsible": "钟华"}),
    ("G318国道K2350处弯道外侧护栏缺失，公路段负责，限期15天", {"intent": "hazard"}),
    ("滨江花园小区地下车库有电动车飞线充电，物业经理郑强，立行立改", {"intent": "hazard", "unit": "滨江花园小区", "responsible": "郑强"}),
    ("隐患：顺达物流有限公司冷库，制冷用的是氨，机房没装氨气报警器，经理马东，限期7天", {"intent": "hazard", "unit": "顺达物流有限公司", "responsible": "马东"}),
    ("福兴鞋厂刷胶车间通风不好，胶桶敞口放，厂长林建，3日内整改", {"intent": "hazard", "unit": "福兴鞋厂", "responsible": "林建"}),
    ("西山采石场边坡有浮石，没有设置安全平台，矿长邓刚，限期10天", {"intent": "hazard", "unit": "西山采石场", "responsible": "邓刚"}),
    ("长河村村委会旁边的烟花爆竹零售点跟加油站挨着，店主杨梅，限期5天搬离", {"intent": "hazard", "unit": "烟花爆竹零售点", "responsible": "杨梅"}),
    ("万达广场春节灯会预计人流量很大，主办方没有做疏散预案，负责人陈晨，12月20日前", {"intent": "hazard", "unit": "万达广场", "responsible": "陈晨"}),
    ("江北污水处理厂的格栅间要下去清理，没有气体检测仪，厂长邱文，限期3天", {"intent": "hazard", "unit": "江北污水处理厂", "responsible": "邱文"}),
    ("报告：龙王庙水库溢洪道被杂物堵塞，水管站站长曾力，汛前清完", {"intent": "hazard", "unit": "龙王庙水库", "responsible": "曾力"}),
    ("新民社区幸福巷18号出租屋三合一，一楼开小卖部二楼住人，房东刘桂英，限期7天", {"intent": "hazard", "unit": "新民社区幸福巷18号出租屋", "responsible": "刘桂英"}),
    ("兴旺木业有限公司砂光机除尘管道积尘，没有泄爆片，法人代表蔡明，限期10天", {"intent": "hazard", "unit": "兴旺木业有限公司", "responsible": "蔡明"}),
    ("向阳村老村部危房还在用作活动室，墙体开裂，村主任刘大海，立即停用", {"intent": "hazard", "unit": "向阳村老村部", "responsible": "刘大海"}),
    ("锦绣家园7栋电梯困人报警按钮不好使，维保单位负责，3天内修好", {"intent": "hazard", "unit": "锦绣家园"}),
    ("顺溪镇政府对面的天天乐KTV包厢安全出口被锁，经理邱杰，今天整改", {"intent": "hazard", "unit": "天天乐KTV"}),
    ("【隐患登记】\n企业名称：恒通汽修厂\n所在地：青石镇青石村\n隐患描述：喷漆房无通风，油漆稀料混放\n隐患类别：危化\n责任人：厂长 朱明\n整改期限：5天", {"intent": "hazard", "unit": "恒通汽修厂", "responsible": "朱明"}),
    ("【隐患上报】\n被检查单位：金鼎大酒店\n地点：县城迎宾路\n存在问题：厨房燃气报警器损坏\n整改责任人：后厨主管黄斌\n整改时限：12月12日", {"intent": "hazard", "unit": "金鼎大酒店", "responsible": "黄斌"}),
    ("隐患单位：石岭村\n隐患部位：石岭村后山岩壁\n问题：危岩体松动\n责任人：村主任 李光", {"intent": "hazard", "unit": "石岭村后山岩壁", "responsible": "李光"}),
    ("【隐患上报】上报单位：城关镇安监站 地点：城关镇建设路菜市场 问题：消防通道被摊位占用 责任人：市场负责人王芳 整改时限：3日内", {"intent": "hazard", "unit": "城关镇建设路菜市场", "responsible": "王芳"}),
    ("【隐患上报】\n单位：龙泉镇人民政府\n地点：龙泉镇老街\n问题：老街木结构房屋连片，消防车进不去\n责任人：分管副镇长 何平", {"intent": "hazard", "responsible": "何平"}),
])
def test_probes_of_hazard_places_and_people(text, want):
    _agrees(text, want)


@pytest.mark.parametrize("text, want", [
    ("【石门乡值班信息】\n带班领导：周强\n值班人员：吴敏\n值班情况：平稳", {"intent": "duty_report", "unit": "石门乡"}),
    ("值班单位：城关镇\n值班领导：王伟\n值班情况：辖区平安，零报告", {"intent": "duty_report", "unit": "城关镇"}),
    ("报送单位：县水利局\n日期：12月7日\n值守情况：无异常", {"intent": "duty_report", "unit": "县水利局"}),
    ("东山街道办今天值班正常，零报告", {"intent": "duty_report", "unit": "东山街道办"}),
    ("县林业局今日零报告", {"intent": "duty_report", "unit": "县林业局"}),
    ("这里是黄土坡村，今天没啥事，零报告", {"intent": "duty_report", "unit": "黄土坡村"}),
    ("城关派出所值班报告：昨夜辖区平安无事", {"intent": "duty_report", "unit": "城关派出所"}),
    ("县消防救援大队到了，12人", {"intent": "attendance", "unit": "县消防救援大队", "count": 12}),
    ("签到：红十字会应急救护队 6人", {"intent": "attendance", "unit": "红十字会应急救护队", "count": 6}),
    ("【演练签到】单位：县人民医院 人数：8人", {"intent": "attendance", "unit": "县人民医院", "count": 8}),
    ("供电公司抢修队签到，来了5个", {"intent": "attendance", "unit": "供电公司抢修队", "count": 5}),
    ("【检查情况】\n检查单位：县市场监管局\n被检查单位：城区餐饮店\n检查企业：15家\n发现隐患：9处", {"intent": "inspection", "unit": "县市场监管局", "count": 15, "hazards_found": 9}),
    ("镇安监站今天检查了8家企业，发现问题11处", {"intent": "inspection", "unit": "镇安监站", "count": 8, "hazards_found": 11}),
    ("县住建局今日检查在建工地6个，发现隐患14条，均已下达整改通知", {"intent": "inspection", "unit": "县住建局", "count": 6, "hazards_found": 14}),
    ("宏达化工储罐区围堰已经修好了，申请销号", {"intent": "rectified", "unit": "宏达化工"}),
    ("【整改销号申请】\n隐患单位：金鼎大酒店\n整改情况：燃气报警器已更换\n申请人：黄斌", {"intent": "rectified", "unit": "金鼎大酒店"}),
    ("【整改销号申请】\n地点：柳林镇后营村\n责任单位：后营村委会\n整改结果：变压器围栏已恢复", {"intent": "rectified", "unit": "后营村委会"}),
    ("前天报的好再来火锅店液化气的问题，已整改完毕", {"intent": "rectified", "unit": "好再来火锅店"}),
    ("石岭村后山危岩体已清除，石岭村委会申请销号", {"intent": "rectified", "unit": "石岭村委会"}),
    ("顺达物流冷库氨气报警器装好了，照片已上传，请销号", {"intent": "rectified", "unit": "顺达物流"}),
    ("今天上午在县人民医院开展了消防疏散演练，参演120人", {"intent": "drill", "drill_type": "消防", "participants": 120}),
    ("【演练信息】\n科目：燃气泄漏应急处置\n地点：城东社区\n参演人数：45", {"intent": "drill", "drill_type": "燃气"}),
    ("城关镇组织开展防汛抢险应急演练，镇村干部和民兵共80人参加", {"intent": "drill", "drill_type": "防汛", "participants": 80}),
    ("县应急局在金鹰铝业组织了一次熔融金属泄漏演练，参演50人", {"intent": "drill", "drill_type": "金属冶炼", "participants": 50}),
    ("顺达冷库今天搞了液氨泄漏应急演练 参加的有30人", {"intent": "drill", "drill_type": "涉氨制冷", "participants": 30}),
    ("12月5日在西山采石场开展了边坡坍塌救援演练，参演40人", {"intent": "drill", "drill_type": "非煤矿山", "participants": 40}),
    ("江北污水厂下午进行了有限空间中毒窒息救援演练，参演25人", {"intent": "drill", "drill_type": "有限空间", "participants": 25}),
    ("今天在桃花岭林场开展森林火灾扑救演练，参演60人", {"intent": "drill", "drill_type": "森林防火", "participants": 60}),
    ("县里组织危化品道路运输泄漏事故联合演练，涉及交通、消防、环保多个部门，参演150人", {"intent": "drill", "participants": 150}),
])
def test_probes_of_each_records_own_unit(text, want):
    _agrees(text, want)


@pytest.mark.parametrize("text, want", [
    ("华联超市安全出口堆货，责任人是店长王海燕，限期2天", {"intent": "hazard", "responsible": "王海燕"}),
    ("金桥农贸市场消防通道被占，由市场管理办主任刘军负责整改，限期3天", {"intent": "hazard", "responsible": "刘军"}),
    ("鸿运宾馆消防喷淋坏了，联系人：赵磊（13912345678），限期5天", {"intent": "hazard", "responsible": "赵磊"}),
    ("福星烟花店超量储存，老板姓黄，叫黄志强，立即整改", {"intent": "hazard", "responsible": "黄志强"}),
    ("富民饲料厂粉碎车间积尘，企业负责人蒋大伟已签字确认，限期7天", {"intent": "hazard", "responsible": "蒋大伟"}),
    ("顺发砖厂窑顶没有护栏，整改责任人副厂长钱进，本周内完成", {"intent": "hazard", "responsible": "钱进"}),
    ("红旗水库溢洪道堵塞，水库管理员孔德明负责清理，汛前完成", {"intent": "hazard", "responsible": "孔德明"}),
    ("天宇化工储罐区静电接地断了 安全科长魏红 限期一天", {"intent": "hazard", "responsible": "魏红"}),
    ("老街口那家小吃店液化气软管老化 店主是个女的叫蓝小芳 讲了让她今天换", {"intent": "hazard", "responsible": "蓝小芳"}),
    ("幸福里小区电动车在楼道充电 物业的负责人叫温涛 让他三天内清理", {"intent": "hazard", "responsible": "温涛"}),
    ("【隐患上报】\n单位：兴隆砂石场\n问题：破碎机皮带无防护罩\n负责人：矿长 单文军\n整改时限：5天", {"intent": "hazard", "responsible": "单文军"}),
    ("【隐患上报】\n单位：祥和养老院\n问题：电热毯\n整改责任人：院长谭玉珍（电话13800001111）\n整改时限：本周内", {"intent": "hazard", "responsible": "谭玉珍"}),
    ("隐患单位：城东加油站\n存在问题：卸油口没有静电接地\n安全责任人：站长 韦小宝", {"intent": "hazard", "responsible": "韦小宝"}),
    ("县二中锅炉房没有持证司炉工，后勤主任邵东负责，限期15天", {"intent": "hazard", "responsible": "邵东"}),
    ("东湖公园游船码头救生衣不够，公园管理处处长成刚负责，3天内配齐", {"intent": "hazard", "responsible": "成刚"}),
    ("永安村违规燃放点，村书记赖春华牵头整改，立即整改", {"intent": "hazard", "responsible": "赖春华"}),
    ("宏盛铸造中频炉冷却水没报警，跟他们生产副总说了，叫龚建国，限期10天", {"intent": "hazard", "responsible": "龚建国"}),
    ("金穗米业烘干塔下面积粉尘厚，负责人签字确认了，限期5天", {"intent": "hazard"}),
    ("佳佳幼儿园厨房液化气瓶没有固定，园长欧阳慧，限期3天", {"intent": "hazard", "responsible": "欧阳慧"}),
    ("城北建材市场仓库里有人住，市场老板梁小龙说马上搬，限期两天", {"intent": "hazard", "responsible": "梁小龙"}),
    ("隆盛冷库的液氨管道有锈蚀，冷库经理是苏志刚，限期20天更换", {"intent": "hazard", "responsible": "苏志刚"}),
])
def test_probes_of_the_person_answerable(text, want):
    _agrees(text, want)


# Second round of probes: run-ons without punctuation, emoji, nicknames, forms whose keys
# other writers use (排查单位, 隐患场所, 单位名称 with 隐患部位, 整改单位, 报送单位).
@pytest.mark.parametrize("text, want", [
    ("刚刚巡查到三岔口加油站那边发现卸油的时候没有人监护静电接地夹也没接站长叫韦立新我让他今天就改好", {"intent": "hazard", "unit": "三岔口加油站", "category": "危险化学品", "responsible": "韦立新"}),
    ("⚠️隐患⚠️ 金色年华KTV 安全出口上锁 疏散指示不亮 经理何斌 3天内整改", {"intent": "hazard", "unit": "金色年华KTV", "responsible": "何斌"}),
    ("报个隐患 东坡村二组有户人家屋后边坡垮了一块 房子离坡脚不到三米 户主叫田有福 已经让他先搬到亲戚家住", {"intent": "hazard", "unit": "东坡村二组", "category": "地质灾害", "responsible": "田有福"}),
    ("那个红旗砖厂的窑顶上面没护栏工人在上面走很危险厂长邓三元说下周弄我说不行三天之内", {"intent": "hazard", "unit": "红旗砖厂", "responsible": "邓三元"}),
    ("今天跟着县里去了趟金凤凰酒楼 后厨燃气管道用胶管接的 还没装报警器 老板姓郑 郑金凤 限期一周", {"intent": "hazard", "unit": "金凤凰酒楼", "category": "燃气", "responsible": "郑金凤"}),
    ("城北大市场二楼服装城 通道全被货物堵了 消防栓也被挡住 市场管理处主任石磊 今天下午必须清完", {"intent": "hazard", "unit": "城北大市场", "category": "消防", "responsible": "石磊"}),
    ("@所有人 新发现一处 清水河大桥桥头那个废品收购站 堆了好多废纸 离加油站很近 站主龚老三 龚德明 立即清理", {"intent": "hazard", "responsible": "龚德明"}),
    ("【安全隐患排查登记】\n排查单位：石桥镇安监站\n隐患场所：石桥镇兴旺饭店\n隐患内容：厨房液化气钢瓶与灶具距离不足\n整改责任人：店主 邹小玲\n整改期限：12月10日前", {"intent": "hazard", "unit": "兴旺饭店", "category": "燃气", "responsible": "邹小玲"}),
    ("隐患上报\n场所：金沙湾游泳馆\n问题：救生员不足，池边没有水深标识\n责任人：馆长 龙飞\n整改时限：3天", {"intent": "hazard", "unit": "金沙湾游泳馆", "responsible": "龙飞"}),
    ("【隐患信息】\n单位名称：城南污水处理厂\n隐患部位：格栅井\n隐患描述：清淤作业未进行气体检测\n隐患类别：有限空间\n责任人：厂长 钱伟", {"intent": "hazard", "unit": "城南污水处理厂", "category": "有限空间", "responsible": "钱伟"}),
    ("【整改销号】\n整改单位：兴旺饭店\n原隐患：液化气钢瓶与灶具距离不足\n整改情况：已增设气瓶间", {"intent": "rectified", "unit": "兴旺饭店"}),
    ("【检查情况】\n带队领导：李副县长\n检查单位：县安委办\n检查对象：城区商场超市\n检查家数：12家\n发现问题：20条", {"intent": "inspection", "unit": "县安委办", "count": 12}),
    ("【值班信息】\n报送单位：龙潭镇\n带班领导：周军\n值班员：刘丽\n当日情况：无突发事件", {"intent": "duty_report", "unit": "龙潭镇"}),
])
def test_probes_of_run_ons_and_other_forms(text, want):
    _agrees(text, want)


@pytest.mark.parametrize("line, deadline", [
    ("整改时限：12.20", date(2026, 12, 20)),
    ("要求完成时间：12月25日", date(2026, 12, 25)),
    ("截止日期：2026-12-20", date(2026, 12, 20)),
    ("整改时限 12月20日", date(2026, 12, 20)),        # a key without its colon under colon lines
    ("完成时限：12月20日之前", date(2026, 12, 20)),
])
def test_a_forms_deadline_under_the_keys_writers_use(line, deadline):
    name, got = fields("【隐患上报】\n单位：宏达化工\n问题：储罐区围堰破损\n" + line)
    assert name == "hazard" and got["deadline"] == deadline



@pytest.mark.parametrize("line, who", [
    ("整改负责人：王建国", "王建国"),
    ("安全负责人：李红梅 13912345678", "李红梅"),
    ("企业主要负责人：张三丰", "张三丰"),
    ("第一责任人：法人 赵钱", "赵钱"),
    ("责任人姓名：孙立", "孙立"),
    ("责任人：王建国（厂长）", "王建国"),
    ("责任人：王 建国", "王建国"),          # spaced out by the input method
    ("负责人：厂办主任 钟华", "钟华"),
    ("责任人：车间负责人", None),            # a role, no person
])
def test_a_forms_responsible_line_in_its_spellings(line, who):
    name, got = fields("【隐患上报】\n单位：宏达化工\n问题：储罐区围堰破损\n" + line)
    assert name == "hazard" and got.get("responsible") == who



@pytest.mark.parametrize("text, deadline", [
    ("凤凰山林场入口没设防火检查站，场长何勇，五一前设好", date(2026, 5, 1)),
    ("城关小学校车年检过期还在跑，校长彭东，五一前改好", date(2026, 5, 1)),
    ("宏达化工储罐区围堰破损，厂长王五，五一前搞定", date(2026, 5, 1)),
])
def test_a_festival_deadline_set_in_everyday_words(text, deadline):
    april = datetime(2026, 4, 20, 9, 0, tzinfo=CST)
    name, got = fields(text, sent=april)
    assert name == "hazard" and got.get("deadline") == deadline


def test_a_festival_that_says_when_people_travel_is_no_deadline():
    name, got = fields("宏达化工储罐区围堰破损，春节前工人要返乡，厂长王五")
    assert got.get("deadline") is None
