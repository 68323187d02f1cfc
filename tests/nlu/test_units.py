import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlu.units import KnownUnit, applicant, extract_place, extract_unit, match_unit, reporting_unit

KNOWN = (
    KnownUnit("青石镇", ("青石",)),
    KnownUnit("区应急管理局", ("区应急局", "应急局")),
    KnownUnit("区交通运输局", ("交通局",)),
    KnownUnit("区交通运输局路政大队", ("路政大队",)),
)


def test_match_unit_longest_and_aliases():
    assert match_unit("应急局今日零报告", KNOWN) == "区应急管理局"
    assert match_unit("区交通运输局路政大队签到", KNOWN) == "区交通运输局路政大队"
    assert match_unit("青石 今日零报告", KNOWN) == "青石镇"
    assert match_unit("白沙街道零报告", KNOWN) is None
    assert match_unit("", KNOWN) is None
    assert match_unit("青石镇", ()) is None


def test_suffix_patterns():
    assert extract_place("白沙街道今日值班值守情况正常") == "白沙街道"
    assert extract_place("区交通运输局路政大队到场签到，共9人") == "区交通运输局路政大队"
    assert extract_place("隐患：宏达化工有限公司仓库危化品混存") .startswith("宏达化工有限公司")
    assert extract_place("区林业局巡查发现双桥镇凤凰山林区入口无人值守").startswith("双桥镇")
    assert extract_place("区教育局反映：实验中学锅炉房储气罐超期未检") == "实验中学"
    assert extract_place("6月18日，青石镇值班情况：零报告") == "青石镇"
    assert extract_place("昨天漏报了，补报一下：新华街道6月1日值班情况正常") == "新华街道"


def test_self_reference_leaves_unit_out():
    assert extract_place("我单位今日值班情况：城南小学门口发生碰擦") is None
    assert extract_place("我镇今日零报告") is None
    assert extract_unit("本单位今日零报告", KNOWN) is None
    assert extract_place("今日值班情况：城南小学门口发生碰擦") is None


def test_gazetteer_first():
    assert extract_unit("应急局今日零报告", KNOWN) == "区应急管理局"
    # a known unit inside a longer place name keeps the specific place for hazards
    assert extract_unit("青石镇大坪村后山出现裂缝", KNOWN, specific=True) == "青石镇大坪村"
    assert extract_unit("青石镇大坪村后山出现裂缝", KNOWN) == "青石镇"


def test_no_unit():
    assert extract_place("签到 李明") is None
    assert extract_place("已整改，现场照片见上图。") is None
    assert extract_place("") is None


def _match_by_scanning_every_unit(text, known_units):
    """The plain definition match_unit's index must agree with: every name looked for."""
    hay, best = "".join(text.split()), None
    for unit in known_units:
        for name in (unit.name, *unit.aliases):
            needle = "".join(name.split())
            pos = hay.find(needle) if needle else -1
            if pos >= 0 and (best is None or (-len(needle), pos) < best[:2]):
                best = (-len(needle), pos, unit.name)
    return best[2] if best else None


_SYLLABLES = "青石白沙桥镇局区应急交通 双永安街道"
_names = st.text(alphabet=_SYLLABLES, min_size=1, max_size=5)


@settings(max_examples=400, deadline=None)
@given(units=st.lists(st.tuples(_names, st.lists(_names, max_size=2)), max_size=8),
       text=st.text(alphabet=_SYLLABLES + "今日零报告，", max_size=30))
def test_match_unit_agrees_with_scanning_every_unit(units, text):
    known = tuple(KnownUnit(name, tuple(aliases)) for name, aliases in units)
    assert match_unit(text, known) == _match_by_scanning_every_unit(text, known)


def test_a_firm_is_named_by_its_trade_name_and_trade():
    assert extract_place("昌盛化工那个阻火器装上了") == "昌盛化工"
    assert extract_place("恒力机械锅炉房安全阀超期未校验") == "恒力机械"
    assert extract_place("金凤米业烘干房粉尘大") == "金凤米业"
    assert extract_place("化工企业要加强管理") is None      # a trade alone names no firm


@pytest.mark.parametrize("text, place", [
    ("县住建局：城东安置房三标段工地高处作业人员未系安全带", "城东安置房三标段工地"),
    ("县住建局反馈：金桥小区二期工地脚手架连墙件已补齐", "金桥小区二期工地"),
    ("石桥街道隐患报告 兴旺小吃店后厨的液化气瓶没有检验标签", "兴旺小吃店"),
    ("县应急局检查组发现鑫晟化工有限公司双氧水储罐紧邻还原剂仓库", "鑫晟化工有限公司"),
    ("区消防救援大队通报：万家福超市安全出口上锁", "万家福超市"),
])
def test_the_place_an_authority_speaks_of_is_the_place(text, place):
    assert extract_unit(text, specific=True) == place


def test_an_authority_speaking_of_nowhere_else_is_itself_the_unit():
    assert extract_unit("县水利局：今日值班正常", specific=True) == "县水利局"
    assert extract_unit("县住建局：城东安置房三标段工地今日值班正常") == "县住建局"   # not a place lookup
    # a site's own part after its name is no other place
    assert extract_unit("永兴加油站：卸油区静电接地报警器损坏", specific=True) == "永兴加油站"


@pytest.mark.parametrize("text, place", [
    ("报告一下今天检查到的情况 永兴加油站卸油区的静电接地报警器坏了", "永兴加油站"),
    ("巡查发现的问题如下：宏达商场消防通道堵塞", "宏达商场"),
    ("隐患上报：恒力机械厂锅炉房燃气锅炉安全阀超期未校验", "恒力机械厂"),
    ("问题登记：红星砖厂除尘设施停用", "红星砖厂"),
])
def test_openings_that_announce_what_follows_name_nothing(text, place):
    assert extract_unit(text, specific=True).startswith(place)    # "永兴加油站卸油区" is there


@pytest.mark.parametrize("text, place", [
    ("跨年活动场地（文昌广场）舞台搭建未经安全评估", "文昌广场"),
    ("灯会现场(人民公园)疏散通道不足", "人民公园"),
    ("演出场所（星光大剧院）安全出口上锁", "星光大剧院"),
])
def test_a_venue_named_in_brackets_is_that_place(text, place):
    assert extract_place(text) == place


def test_brackets_after_a_proper_name_do_not_replace_it():
    assert extract_place("城南小学（新校区）围墙开裂") == "城南小学"


@pytest.mark.parametrize("text, place", [
    ("河西乡昨晚值班期间发生一起电动车充电起火", "河西乡"),       # a time of day ends the name
    ("城北街道凌晨发生一起火情", "城北街道"),
    ("东湖街道上午值班正常", "东湖街道"),
])
def test_times_of_day_end_a_name(text, place):
    assert extract_place(text) == place


@pytest.mark.parametrize("text, place", [
    ("在城南农贸市场检查发现，3家商户使用液化气未安装报警器", "城南农贸市场"),
    ("今天到永利冷库检查，氨制冷机房报警器失效", "永利冷库"),
    ("前往宏达商场巡查发现安全出口上锁", "宏达商场"),
])
def test_the_place_visited_is_no_reporter(text, place):
    assert extract_place(text) == place


@pytest.mark.parametrize("text, place", [
    ("幸福里小区3号楼楼道堆满了纸箱", "幸福里小区3号楼"),     # 楼道 is no building
    ("阳光花园楼梯间堆放电动车", "阳光花园"),
])
def test_a_head_inside_another_word_ends_no_name(text, place):
    assert extract_place(text) == place


def test_a_person_after_a_unit_is_not_part_of_its_name():
    assert extract_place("南山镇王五前来签到") == "南山镇"
    assert extract_place("南山镇王五签到") == "南山镇"


def test_a_report_from_the_public_names_the_place_it_is_about():
    assert extract_place("群众反映新村路口有人私自搭建彩钢房") == "新村路口"
    assert extract_place("居民来电反映：锦华小区消防通道被占") == "锦华小区"


def test_an_organisation_named_with_its_answerable_person_is_not_the_place():
    assert extract_place("县道急弯处没有护栏，交通局负责人冯刚，限期15天") is None
    assert extract_place("宏达商场安全出口上锁，商场经理黄伟，限期3天") == "宏达商场"


@pytest.mark.parametrize("text, place", [
    ("大湾村那户村民囤的汽油已经全部收缴了", "大湾村"),
    ("今天上午跟着县里检查组去了5家企业", None),          # going along names no unit
])
def test_demonstratives_and_going_along_end_a_name(text, place):
    assert extract_place(text) == place


def test_an_organiser_is_no_office():
    assert extract_place("跨年夜预计上万人，主办方负责人刘洋，12月30日前完善疏散方案") is None
    assert extract_place("县安委办：宏达商场安全出口上锁") == "县安委办"


@pytest.mark.parametrize("text, place", [
    ("刚才去王家坨村那个金穗冷藏厂转了一圈", "金穗冷藏厂"),
    ("大柳树村这家宏兴木材加工厂粉尘很大", "宏兴木材加工厂"),
    ("桐木镇集镇新开的旺旺烟花爆竹零售点存放量超标", "旺旺烟花爆竹零售点"),
    ("今天到城西的金龙宾馆，消防通道堵了", "金龙宾馆"),
    ("县城里那家金鼎KTV安全出口锁了", "金鼎KTV"),
    ("园区里的宏发化工厂储罐没有围堰", "宏发化工厂"),
    ("南湖区的华联超市消防通道堵塞", "华联超市"),
])
def test_a_site_named_inside_an_area_is_the_place(text, place):
    assert extract_unit(text, specific=True) == place


@pytest.mark.parametrize("text, place", [
    ("大坪村那个山塘坝体渗水", "大坪村"),          # a bare kind of site names nothing more
    ("青石镇的值班情况正常", "青石镇"),
    ("开发区今天查了危化企业4家", "开发区"),
])
def test_an_area_stays_when_no_named_site_follows(text, place):
    assert extract_unit(text, specific=True) == place


@pytest.mark.parametrize("text, place", [
    ("北山林场护林员反映，林区入口没设检查点。林场场长贾文斌，清明前整改", "北山林场"),
    ("双河农场场长王大山说仓库漏雨", "双河农场"),
    ("红星养殖场长期堆放饲料在配电房旁边", "红星养殖场"),     # no person after 场长: 长期 is no role
])
def test_a_role_word_overlapping_a_head_ends_the_name_before_it(text, place):
    assert extract_place(text) == place


@pytest.mark.parametrize("text, place", [
    ("刚才在城东锦绣华庭二期工地 基坑边上堆土", "城东锦绣华庭二期工地"),
    ("去老林家具厂看了一下，粉尘很大", "老林家具厂"),
    ("上午到顺发汽修厂 喷漆房没有通风", "顺发汽修厂"),
])
def test_where_the_writer_stood_is_the_place(text, place):
    assert extract_unit(text, specific=True) == place


def test_two_places_joined_by_and_are_two_but_a_junction_is_one():
    assert extract_unit("旺旺烟花零售点与居民楼没有保持安全距离", specific=True) == "旺旺烟花零售点"
    assert extract_unit("人民路与东环路交叉口信号灯坏了", specific=True) == "人民路与东环路交叉口"


@pytest.mark.parametrize("text, unit", [
    ("小清河东堤管涌点已处理，反滤围井做好了，马集镇水利站申请销号", "马集镇水利站"),
    ("3号库混放的问题改好了，宏达化工特此申请验收", "宏达化工"),
    ("危岩体已清理完毕 石门村村委会报请销号", "石门村村委会"),
    ("已经整改完了，我单位申请销号", None),
    ("整改完毕，申请销号", None),
])
def test_the_body_applying_to_close_a_hazard(text, unit):
    assert applicant(text) == unit


@pytest.mark.parametrize("text, place", [
    ("长河村村委会旁边的烟花爆竹零售点跟加油站挨着", "烟花爆竹零售点"),
    ("顺溪镇政府对面的天天乐KTV包厢安全出口被锁", "天天乐KTV"),
    ("县城人民路上新开的好再来火锅店 后厨液化气钢瓶放在灶台底下", "好再来火锅店"),
    ("中心小学隔壁的那家星星网吧没有安全出口", "星星网吧"),
])
def test_a_site_beside_a_landmark_is_the_place(text, place):
    assert extract_unit(text, specific=True) == place


def test_a_market_where_the_writer_stood_is_the_place():
    assert extract_unit("在永兴建材城那边 有个五金店卖散装汽油", specific=True) == "永兴建材城"


@pytest.mark.parametrize("text, unit", [
    ("报告今天南湖街道值班一切正常没有什么情况", "南湖街道"),
    ("报告昨天白石乡值班平稳", "白石乡"),
    ("报告青山镇昨晚下雨值班人员连夜巡查了河堤没有发生险情", "青山镇"),
    ("东关街道报告：20时许老街一处烟花引燃柴草，已扑灭", "东关街道"),
    ("县应急局汇报：今日全县平安", "县应急局"),
    ("城关镇报：今日无事", "城关镇"),
    ("区林业局巡查发现双桥镇凤凰山林区入口无人值守", "双桥镇凤凰山林区"),   # who found is no reporter of a duty
])
def test_the_one_who_reports_is_a_duty_reports_unit(text, unit):
    assert reporting_unit(text) == unit


@pytest.mark.parametrize("text, place", [
    ("锦官驿社区簸箕湾路17号“老灶台火锅”后厨液化气软管老化", "老灶台火锅"),
    ("区应急局执法大队检查发现都市工业园“恒创精密铸造有限公司”中频炉冷却水管渗漏", "恒创精密铸造有限公司"),
    ("农产品批发市场内“老刘烟花”临时摊点无证经营", "老刘烟花"),
    ("红星里小区电梯困人，维保单位“安达电梯工程有限公司”负责人魏俊", "红星里小区"),    # a contractor in quotes
])
def test_a_name_in_quotes_inside_a_place_is_the_place(text, place):
    assert extract_unit(text, specific=True) == place


@pytest.mark.parametrize("text, unit", [
    ("我们书院街道初四值班今天没事零报告哈", "书院街道"),
    ("俺们大洼镇今儿个值班没啥事儿", "大洼镇"),
    ("咱们青石社区今天零报告", "青石社区"),
    ("我们今天零报告", None),
    ("我们村今天平安", None),
])
def test_we_and_a_name_names_the_unit(text, unit):
    assert reporting_unit(text) == unit


@pytest.mark.parametrize("text, unit", [
    ("元旦前夕县安委办组织检查组，检查人员密集场所25家次", "县安委办"),
    ("春节期间青石镇值班情况正常", "青石镇"),
    ("除夕夜值班 西华门街道 一切平稳 零报告", "西华门街道"),
])
def test_a_festival_opening_names_no_place(text, unit):
    assert reporting_unit(text) == unit


@pytest.mark.parametrize("text, place", [
    ("县道青松线K12+300下坡急弯段 冰雪覆盖 没有警示标志", "县道青松线K12+300下坡急弯段"),
    ("S312线K45处上边坡有落石", "S312线K45处"),
    ("望仙桥街道锦华苑在建项目节后复工，塔吊未经检查", "望仙桥街道锦华苑在建项目"),
    ("万象汇地下泵房清淤没有审批", "万象汇地下泵房"),
    ("西华门街道新华路下穿通道积水", "西华门街道新华路下穿通道"),
    ("百年老字号羊肉汤馆气瓶已全部更换", "百年老字号羊肉汤馆"),
    ("恒创精密铸造冷却水管已全部更换", "恒创精密铸造"),
])
def test_more_heads_of_places(text, place):
    assert extract_unit(text, specific=True) == place


def test_every_place_of_a_kind_is_no_place():
    assert extract_unit("今天全区在建工地安全检查，区住建局检查工地16家次") == "区住建局"
    assert extract_place("各村今天都报了") is None


@pytest.mark.parametrize("text, unit", [
    ("今天演练签到：玉带桥街道应急分队12人", "玉带桥街道应急分队"),
    ("今天下午消防演练：槐荫街道微型消防站签到 6人", "槐荫街道微型消防站"),
    ("今天来参加冰上救援演练的 县消防救援大队22人到位", "县消防救援大队"),
    ("书院街道消防演练签到 书院街道机关 25人", "书院街道机关"),
    ("今天书院街道燃气应急演练 签到", "书院街道"),
])
def test_who_signs_in_follows_the_drill_named_first(text, unit):
    assert extract_unit(text) == unit


@pytest.mark.parametrize("text, place", [
    ("向阳街道人民路上 华联商场 外墙 瓷砖 掉了", "华联商场"),
    ("青石镇老街那边 好再来饭店 液化气瓶没固定", "好再来饭店"),
    ("蓝屿镇东澳村：村里祠堂要搭戏台", "蓝屿镇东澳村"),       # a colon, not a spaced-out link
])
def test_a_site_spaced_out_after_its_street(text, place):
    assert extract_unit(text, specific=True) == place


@pytest.mark.parametrize("text, place", [
    ("岩口村村民张德贵家自建房加层到四层", "岩口村"),               # 村民 is the villager, no second village
    ("城关镇西街村五组村民王二家柴房挨着灶台", "城关镇西街村五组"),
    ("岩口村村民委员会门口堆了柴", "岩口村村民委"),
    ("老城区和平巷12号民房出租屋三合一", "老城区和平巷12号民房出租屋"),   # 和平巷 is a lane in the area
    ("青石镇与白沙镇交界处山体滑坡", "青石镇与白沙镇交界处"),
    ("青石镇和白沙镇今日均零报告", None),                         # two units: none of them
])
def test_villagers_lanes_and_two_units(text, place):
    assert extract_unit(text, specific=True) == place


@pytest.mark.parametrize("text, place", [
    ("网格员小李发现：东街菜市场消防通道被占", "东街菜市场"),
    ("护林员老王说，凤凰山林区入口没人守", "凤凰山林区"),
    ("接群众举报，城南加油站夜间违规给散装桶加油", "城南加油站"),
    ("县住建局反馈：滨河一号工地塔吊没有备案", "滨河一号工地"),
    ("大坪村网格员刘芳报告：村口小卖部卖散装汽油", "村口小卖部"),
])
def test_a_person_or_office_passing_a_finding_on_is_not_the_place(text, place):
    assert extract_unit(text, specific=True) == place


@pytest.mark.parametrize("text, place", [
    ("昨天说的那个城南加油站的问题 改好了", "城南加油站"),
    ("整改销号申请：顺达物流冷库氨气报警器已安装调试完成", "顺达物流冷库"),
    ("之前报的那个烤火的隐患，青石村已经处理了", "青石村"),
    ("宏达化工储罐区围堰已修复，请复查", "宏达化工储罐区"),
])
def test_a_rectifieds_place_after_a_back_reference_or_a_heading(text, place):
    assert extract_unit(text, specific=True) == place


def test_village_roads_banks_and_slopes_are_places():
    assert extract_unit("清水镇高桥村村道K1+200处急弯没有警示桩", specific=True) == "清水镇高桥村村道"
    assert extract_unit("河口乡柳树湾河堤渗水，有一段已经松动", specific=True) == "河口乡柳树湾河堤"
    assert extract_unit("新田镇白石村后山坡 雨后出现裂缝", specific=True) == "新田镇白石村后山坡"


def test_a_firm_named_by_its_trade_of_storage_or_property():
    assert extract_place("锦程物业签到，到场8人") == "锦程物业"
    assert extract_place("开发区有个仓库叫宏远仓储 里面堆了油漆") == "宏远仓储"


def test_traditional_script_town_names():
    assert extract_place("東關鎮今日值班正常 零報告") == "東關鎮"
    assert extract_place("李莊鄉值班無異常") == "李莊鄉"


def test_a_kind_then_its_name_in_brackets():
    assert extract_place("老街 民房改的家庭旅社（安居旅社） 墙体开裂") == "安居旅社"
    assert extract_place("集镇上小超市（好又多超市）门口堆放纸箱") == "好又多超市"
    assert extract_place("城南小学（新校区）食堂燃气泄漏") == "城南小学"


def test_an_area_alone_before_a_space_then_the_firm_in_it():
    assert extract_unit("城东街道 华达化工有限公司 储罐区无围堰", specific=True) == "华达化工有限公司"
    assert extract_unit("白沙镇 金鼎铝业 打磨车间粉尘多", specific=True) == "金鼎铝业"
    # after a colon the area heads what follows and is the place itself
    assert extract_unit("石桥村：村道边的涵洞堵了", specific=True) == "石桥村"


def test_a_quiet_day_written_as_all_day_names_the_unit_after_the_header():
    assert extract_place("春节值班：河口镇全天平稳，零报告") == "河口镇"
    assert extract_place("腊月二十九值班：白沙街道全日无事") == "白沙街道"


def test_a_date_in_chinese_numerals_ends_the_unit_name():
    assert reporting_unit("城西街道十一月三号值班情况报告无突发事件") == "城西街道"
    assert reporting_unit("青山镇正月初五值班 平安无事") == "青山镇"


def test_a_hazard_spot_keeps_its_whole_name():
    assert extract_unit("河口乡马家村后山滑坡隐患点裂缝变宽", specific=True) == "河口乡马家村后山滑坡隐患点"


def test_a_spot_called_only_by_its_hazard_leaves_the_village_as_the_place():
    assert extract_unit("报告一下青山镇龙湾村那个塌方点雨后又掉石头了", specific=True) == "青山镇龙湾村"
    assert extract_unit("石桥乡李家村那个滑坡点裂缝又宽了", specific=True) == "石桥乡李家村"


def test_a_quoted_shop_at_a_market_or_village_entrance():
    assert extract_place("三岔镇场口「老王杂货店」囤了烟花") == "老王杂货店"
    assert extract_place("李家村村口“兴旺小卖部”门口堆放液化气瓶") == "兴旺小卖部"


def test_the_site_checked_is_the_place_when_no_place_follows_the_finding():
    assert extract_unit("城南污水处理厂检查时发现格栅间没有通风", specific=True) == "城南污水处理厂"
    assert extract_unit("白石村林区卡点巡查发现登记簿没人填", specific=True) == "白石村林区卡点"
    # an office that inspected is the finder, not the place
    assert extract_unit("区林业局巡查发现护林员脱岗", specific=True) is None


def test_short_names_of_chemical_traders_and_housing_estates():
    assert extract_place("宏达危化 签到") == "宏达危化"
    assert extract_unit("翠湖名苑二期脚手架已加固 整改到位", specific=True) == "翠湖名苑二期"


def test_a_period_word_before_the_inspecting_unit():
    assert extract_unit("本周城关镇安办检查企业6家") == "城关镇安办"
    assert extract_unit("上月河口乡应急办检查加油站3家") == "河口乡应急办"


def test_a_boat_is_where_a_hazard_on_the_water_is():
    assert extract_unit("中心渔港巡查：闽渔3208号渔船船员未穿救生衣", specific=True) == "闽渔3208号渔船"
    assert extract_unit("老码头日常巡查：东升号货船超载", specific=True) == "东升号货船"
    # the place patrolled stays the place when nothing is named after the colon
    assert extract_unit("城南农贸市场检查：消防通道被占用", specific=True) == "城南农贸市场"


def test_firms_by_building_materials_and_eateries_by_their_dish():
    assert extract_unit("宏基管桩蒸养池护栏已装好 申请销号", specific=True) == "宏基管桩"
    assert extract_unit("城关镇解放路 老李家羊肉汤 液化气瓶没有减压阀", specific=True) == "老李家羊肉汤"
    assert extract_place("张记米线后厨燃气软管老化") == "张记米线"


def test_an_area_a_road_and_a_shop_each_alone_between_spaces():
    assert extract_unit("河口镇 人民路 华联超市 消防通道堵塞", specific=True) == "华联超市"
    assert extract_unit("白沙街道 建设路 老王烧烤店 液化气瓶倒放", specific=True) == "老王烧烤店"
    assert extract_unit("城关镇 人民路 路面塌陷 已设围挡", specific=True) == "人民路"


@pytest.mark.parametrize("text", [
    "发现个隐患 顺风物流园3号仓库里堆了好多锂电池 没有分区",
    "刚刚发现一处隐患：顺风物流园3号仓库锂电池乱堆",
    "发现两个问题，顺风物流园3号仓库消防通道堵了",
])
def test_a_hazard_announced_first_is_no_place(text):
    assert extract_place(text).startswith("顺风物流园")


def test_common_ground_spoilt_by_a_firm_is_the_firm_s_hazard():
    from nlu.units import blamed_firm
    text = "三道沟村漫水桥下游的河道让永盛砂石厂的堆料堵了一半，老板拓万林，要求7月1日前清走"
    assert blamed_firm(text, "三道沟村漫水桥") == "永盛砂石厂"
    assert blamed_firm("华联超市消防通道被货物堵了", "华联超市") is None     # a firm's own place stays
    assert blamed_firm("村道被雨水冲坏了", "村道") is None                   # no firm to blame
