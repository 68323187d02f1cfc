"""The category lexicon: each of LABELS.md's 18 categories by its usual substances,
equipment, operations and places; the hazard's object beats the place it sits in; a form's
own 类别 line wins; several unrelated problems are 综合."""
from datetime import datetime, timedelta, timezone

import pytest

from nlu.categories import drill_type, hazard_categories, inline_category, stated_category
from nlu.intents import understand

CST = timezone(timedelta(hours=8))
DEC = datetime(2026, 12, 7, 9, 0, tzinfo=CST)


def category(text):
    got = understand(text, DEC)
    assert got.name == "hazard", (text, got.name)
    return got.fields.get("category")


@pytest.mark.parametrize("text, cat", [
    # a road's own equipment at a school gate: the road, not the crowd
    ("城关二小门口国道上没有减速带，接送孩子的时候车速很快，限期7天", "道路交通"),
    ("实验中学校门口县道缺人行横道和限速标志，学生横穿马路，交管站负责，限期10天整改", "道路交通"),
    # a gas riser or meter in an old estate: the gas, not the estate's fire safety
    ("机械厂家属院老小区燃气立管锈穿了，楼道里能闻到味，物业经理孟凡，限期3天", "燃气"),
    ("幸福里小区3栋燃气表后阀漏气，居民反映多次，燃气公司负责，限期3天整改", "燃气"),
    # a sewer shaft entered without a gas test: the confined space, not the works firm
    ("宏图市政工程有限公司在建设路疏通雨水检查井，工人没检测就下去了，也没有人监护", "有限空间"),
    ("污水处理厂调节池清淤，作业人员未经通风检测直接进池", "有限空间"),
    # a site's own winter works: construction
    ("锦江府三期工地冬季施工用炭火养护混凝土，限期2天整改", "建筑施工"),
    # a cold store's ammonia room: ammonia refrigeration
    ("海鲜冷冻厂氨机房里堆了杂物，贮氨器没有液位计，厂长负责", "涉氨制冷"),
    ("华冷冷藏厂氨压缩机旁边的报警探头坏了", "涉氨制冷"),
    # a mountain road that freezes: the road
    ("Y017线老鹰岩段冬天路面结冰，临崖一侧没有防撞墩和警示标志", "道路交通"),
    # a self-built house raised without a survey: the building, not fire
    ("村民自建房擅自加层到五层，墙体开裂，还在做民宿，要求做房屋安全鉴定", "其他"),
    # the flood channel below a dam
    ("水库溢洪道下游排洪渠被人堆了柴，汛期过水受阻，限期10天清理", "防汛"),
])
def test_the_hazards_object_beats_the_place_it_sits_in(text, cat):
    assert category(text) == cat


@pytest.mark.parametrize("value, cat", [
    ("其他（经营性自建房）", "其他"), ("危化", "危险化学品"), ("综合", "综合"), ("消防安全", "消防"),
    ("涉氨", "涉氨制冷"), ("交通", "道路交通"), ("  人员密集场所", "人员密集场所"), ("", None), ("见附件", None),
])
def test_a_forms_category_line_as_written(value, cat):
    assert stated_category(value) == cat


def test_a_forms_own_category_line_wins_over_the_lexicon():
    form = ("【隐患上报】\n单位：东营村文化广场\n问题：广场边配电箱门坏了，小孩经常在边上玩\n类别：其他\n整改时限：3日内")
    assert category(form) == "其他"
    form = ("【隐患上报】\n单位：宏达商场\n问题：安全出口上锁\n隐患类别：人员密集场所\n整改时限：3日内")
    assert category(form) == "人员密集场所"


@pytest.mark.parametrize("problem", [
    "动火作业票填写不规范、有限空间台账缺失、消防通道被占用等多项问题",
    "受限空间作业无审批，叉车司机无证，液氨储罐压力表过期",
    "氧气乙炔瓶混放；配电箱私拉电线；行车钢丝绳断股",
])
def test_several_unrelated_problems_are_comprehensive(problem):
    assert hazard_categories(problem) == ["综合"]


@pytest.mark.parametrize("problem, cat", [
    ("消防通道堵塞、灭火器过期、应急照明不亮等多项问题", "消防"),     # many problems, one field
    ("液化气钢瓶放在灶台下、软管老化、没有报警器", "燃气"),
])
def test_many_problems_of_one_field_stay_in_it(problem, cat):
    assert hazard_categories(problem)[0] == cat


def test_a_drill_whose_title_names_no_field_is_of_its_subject():
    text = "【演练信息】\n时间：10月26日\n地点：永信化工有限公司\n科目：污水池有限空间中毒窒息救援\n参演：20人"
    assert drill_type("演练", text, "永信化工有限公司") == "有限空间"
    got = understand(text, DEC)
    assert got.name == "drill" and got.fields["drill_type"] == "有限空间"
    # a title that names its field still decides, with the place it is held at
    assert drill_type("消防演练", "在烟花爆竹仓库开展消防演练", "烟花爆竹仓库") == "烟花爆竹"


def test_clearing_a_ditch_is_no_confined_space():
    assert category("河坝街背后排洪沟被垃圾堵了，暴雨就漫到街上，5月20日前清掏完") == "防汛"


@pytest.mark.parametrize("text, cat", [
    ("大坝乡中心小学教学楼楼梯间堆了好多旧课桌，校长钟华，限期两天", "消防"),      # 大坝乡 is a town
    ("石矿村卫生室氧气瓶和酒精放在一起，村医负责，限期3天", "危险化学品"),
    ("金山村三组屋后 雨后出现一条二十多米长的裂缝 村支书陈明 已设警示牌 限期转移", "地质灾害"),
])
def test_the_towns_and_villages_a_place_is_named_after_say_no_category(text, cat):
    assert category(text) == cat


# Probes written for this lexicon (not corpus sentences): one or more per category, in the
# registers of duty chats (run-ons, dialect, a shop owner described, a road by its code).
@pytest.mark.parametrize("text, cat", [
    ("城西加油站卸油区没有静电接地报警器，站长覃勇，限期5天", "危险化学品"),
    ("光明村小卖部偷偷卖散装汽油给摩托车加，店主韦二妹，立即整改", "危险化学品"),
    ("华美家具厂喷漆车间稀料桶敞口放，地上到处是漆渣，厂长甘明，限期3天", "危险化学品"),
    ("老杨家饭馆用的液化气瓶是过期瓶，没有检验标签，限期3天整改", "燃气"),
    ("金水湾小区地下室天然气管道被装修工人砸扁了，燃气公司正在抢修，限期今天处理", "燃气"),
    ("学校食堂灶台旁边的燃气泄漏报警器不响，后勤主任冯亮，限期2天", "燃气"),
    ("城中村出租房一楼停了七八辆电瓶车在充电，楼上住了十几个人，房东杜大姐，限期3天", "消防"),
    ("佳和商场消火栓箱里没有水带，应急照明坏了好几个，经理宋平，限期5天", "消防"),
    ("养殖场化粪池清理，工人准备直接下去，没有通风也没有检测，场主牛大力，立即停止", "有限空间"),
    ("酒厂发酵池清池作业没有审批，也没配呼吸器，厂长吉祥，限期整改", "有限空间"),
    ("滨河一号工地基坑边坡没有支护，坑边还堆着钢筋，项目经理包强，限期3天", "建筑施工"),
    ("职教中心改造工程外脚手架连墙件缺了好多，项目部安全员许飞，立即整改", "建筑施工"),
    ("S205线青山段连续下坡，没有避险车道，大货车刹车失灵风险大，公路段负责，限期30天", "道路交通"),
    ("村道急弯处没有反光镜，会车看不见，村主任负责，限期10天", "道路交通"),
    ("东河堤坝背水坡出现两处渗水点，镇水利站负责，汛前处理完", "防汛"),
    ("城区排水管网老化，一下大雨地下通道就积水，住建局负责，汛前改造", "防汛"),
    ("清明上坟烧纸的多，凤凰山进山路口没人值守，护林员负责，清明前落实", "森林防火"),
    ("林区边上有村民烧田埂草，离林子不到50米，村支书劝阻了，限期立即整改", "森林防火"),
    ("大岩村三组后面的山坡上有块大石头松动了，下面住了三户人，村主任负责，立即转移", "地质灾害"),
    ("S312线K45处上边坡有落石，公路段负责，限期7天清理", "地质灾害"),
    ("宏达纺织厂叉车司机无证驾驶，车间主任负责，限期5天", "特种设备"),
    ("龙门酒店的电梯年检过期两个月了，酒店经理负责，限期10天", "特种设备"),
    ("洗衣厂的蒸汽锅炉压力表坏了还在用，厂长负责，立即停用", "特种设备"),
    ("腊月里鞭炮摊点摆到了居民楼下，摊主赵四，立即清理", "烟花爆竹"),
    ("铁矿尾矿库排洪设施堵塞，坝体浸润线偏高，矿长负责，限期15天", "非煤矿山"),
    ("石场放炮没有设警戒，碎石飞到路上，老板负责，立即停产", "非煤矿山"),
    ("木制品厂打磨车间粉尘很大，除尘器坏了一个月没修，厂长负责，限期7天", "粉尘涉爆"),
    ("面粉厂筛粉车间电气设备不防爆，厂长负责，限期10天", "粉尘涉爆"),
    ("永兴铸造厂浇注区地面潮湿，钢包吊运路线下面有人通行，厂长负责，限期5天", "金属冶炼"),
    ("鑫源再生铝厂熔炉旁边堆放湿废料，车间主任负责，立即清理", "金属冶炼"),
    ("丰收冷冻食品厂氨制冷车间的应急喷淋不能用，厂长负责，限期10天", "涉氨制冷"),
    ("春节庙会预计日均客流3万人，出入口只有一个，主办方负责，限期增设出口", "人员密集场所"),
    ("步行街上好几家店的招牌被风吹得晃，要掉下来了，城管负责，限期3天", "其他"),
])
def test_each_category_by_its_usual_objects_and_operations(text, cat):
    assert category(text) == cat


@pytest.mark.parametrize("text, cat", [
    ("顺达物流园冷库叉车充电区与货架之间没有防火分隔，安全员负责，限期7天", "消防"),
    ("菜市场东侧设了电动车集中充电点，充电桩下堆纸箱，市场负责人龙建新，除夕前整改", "消防"),
    ("江滨公园冰灯游园会出口没有缓冲区，排队区护栏不牢，景区负责人已约谈，限期整改", "人员密集场所"),
])
def test_fire_separation_charging_points_and_fairs(text, cat):
    assert category(text) == cat


# Third round of probes: where two fields meet (LNG station, fireworks store wiring, aluminium
# polishing dust, a hotel boiler, a mall escalator, a tailings dam before the rains, a school bus).
@pytest.mark.parametrize("text, cat", [
    ("城西LNG加气站 卸车区 有股味道 检测仪报警了 站长田野 立即整改", "燃气"),
    ("俺们村东头液化气充装站 钢瓶没检验就充 站主叫马长江 限期三天", "燃气"),
    ("汽修厂电焊那边氧气瓶乙炔瓶挨着放 也冇得防倾倒 老板黄伟明 限期2天", "危险化学品"),
    ("福兴烟花仓库里面电线老化 还用的白炽灯 库管员周平 立即更换", "烟花爆竹"),
    ("金鑫铝制品厂抛光车间铝粉堆积 除尘器没接地 厂长陆军 限期5天", "粉尘涉爆"),
    ("锦江大酒店锅炉房燃气锅炉没有持证司炉 安全阀也过期了 经理何平 限期10天", "特种设备"),
    ("天虹商场自动扶梯梳齿板断了几个齿 经理刘畅 立即停用维修", "特种设备"),
    ("欢乐谷景区过山车 年检过期 负责人宁波 立即停运", "特种设备"),
    ("铜矿尾矿库坝顶有裂缝 汛期快到了 矿长郭亮 限期20天", "非煤矿山"),
    ("石灰石矿炸药库 值守人员脱岗 监控坏了 矿长杨帆 立即整改", "非煤矿山"),
    ("后山那条沟 一下大雨就发山洪 沟口住了五户人家 没有预警喇叭 村主任刘根 汛前装好", "防汛"),
    ("高速服务区出口匝道经常起团雾 没有雾灯和限速提示 路政大队负责 限期一个月", "道路交通"),
    ("碧桂园三期工地 12楼临边没有防护栏杆 施工员王勇 立即整改", "建筑施工"),
    ("老旧小区地下室积了沼气 居民要下去抽水 物业经理张娟 禁止下去 限期通风检测", "有限空间"),
    ("希望小学那栋老教学楼是危房 还在上课 校长胡斌 立即停用", "其他"),
    ("山脚下有村民烧秸秆 离林子就几十米 护林员已经劝阻 村支书李贵 立即整改", "森林防火"),
    ("东风冷库液氨管道阀门滴漏 有氨味 厂长许强 立即处理", "涉氨制冷"),
    ("宏发钢厂转炉炉下有积水 钢水包吊运没有专人指挥 车间主任曹阳 立即整改", "金属冶炼"),
    ("城关中学学生上下学的校车 一辆核载19人拉了26人 校长邹平 立即整改", "道路交通"),
])
def test_probes_where_two_fields_meet(text, cat):
    assert category(text) == cat


@pytest.mark.parametrize("text, dtype", [
    ("县应急局今天在宏达化工开展了危化品泄漏处置演练，参演60人", "危险化学品"),
    ("白岩村开展地质灾害避险转移演练，村民120人参加", "地质灾害"),
    ("天虹商场今天搞了电梯困人救援演练 参加的20个人", "特种设备"),
    ("金鑫铝制品厂开展了粉尘爆炸事故应急演练，参演35人", "粉尘涉爆"),
    ("石门镇组织防汛抢险和地质灾害避险综合演练，参演200人", "综合"),
    ("铜矿今天组织了尾矿库溃坝应急演练，参演80人", "非煤矿山"),
    ("东风冷库上午开展液氨泄漏应急处置演练，参演40人", "涉氨制冷"),
    ("【演练信息】\n演练名称：高层建筑火灾扑救\n地点：锦江大酒店\n参演人数：80", "消防"),
    ("【演练信息】\n内容：危化品运输车辆侧翻泄漏处置\n地点：G318线\n参演：60人", "危险化学品"),
])
def test_probes_of_drill_types(text, dtype):
    got = understand(text, DEC)
    assert got.name == "drill" and got.fields["drill_type"] == dtype


def test_one_problem_told_with_what_is_near_it_is_not_comprehensive():
    assert hazard_categories("天然气管道穿过配电房，配电房里堆满杂物，离加油站不到十米")[0] == "燃气"
    assert hazard_categories("宏达化工储罐区围堰破损，液化气钢瓶没固定，消防通道堵了") == ["综合"]


# Fourth round: the less common substances, equipment and places of each field (reagent
# cabinets, plating baths, gas valves, fire control rooms, grain silos, reactors, temporary
# power on sites, tunnels, retaining walls, black powder, cotton dust, cupolas, ammonia pumps).
@pytest.mark.parametrize("text, cat", [
    ("县一中化学实验室试剂柜里硝酸和乙醇混放，没有双人双锁，后勤主任负责，限期3天", "危险化学品"),
    ("鑫达电镀厂电镀液槽边上没有围堰，氰化钠仓库没有双人管理，厂长负责，限期5天", "危险化学品"),
    ("宏运五金厂酸洗车间盐酸储罐液位计坏了，车间主任负责，限期7天", "危险化学品"),
    ("第三方施工挖掘机在幸福路挖断了中压燃气管，燃气公司正在抢修，限期今天恢复", "燃气"),
    ("阳光小区好几户居民家灶前阀漏气，物业负责通知燃气公司，限期3天", "燃气"),
    ("时代广场消控室值班人员脱岗，防火门闭门器坏了好几个，物业经理负责，限期3天", "消防"),
    ("城北批发市场仓库里到处是插线板，还用大功率电器，负责人王军，限期2天", "消防"),
    ("丰收粮库的粮仓熏蒸后准备进仓，没有检测磷化氢浓度，库主任负责，立即停止", "有限空间"),
    ("化工厂反应釜检修要进人清理，没办作业审批，也没有人在外面监护，车间主任负责，立即整改", "有限空间"),
    ("城南小学改扩建工程高支模没有专项方案，卸料平台也没验收，项目经理负责，立即停工", "建筑施工"),
    ("碧水湾项目临时用电配电箱没有漏电保护，工人不戴安全帽，项目经理负责，限期3天", "建筑施工"),
    ("乡道上有辆面包车核载7人拉了11个，已移交交警处理", "道路交通"),
    ("石门隧道里面照明灯坏了一大半，限高架也被撞歪了，公路段负责，限期10天", "道路交通"),
    ("大坪山塘塘坝背水坡有渗水，溢洪道被杂草堵了，村主任负责，汛前处理完", "防汛"),
    ("城区地下车库入口没有挡水板，暴雨的时候水直接灌进去，物业负责，汛前完成", "防汛"),
    ("输电线路穿过凤凰山林区，线下树木离导线太近，供电所负责，防火期前清理", "森林防火"),
    ("寺庙香客在林缘烧香点蜡，没有专人看管，寺院负责人释永信，立即整改", "森林防火"),
    ("石岭村后面有一处不稳定斜坡，挡土墙已经鼓肚开裂，下方住了4户，村主任负责，立即转移", "地质灾害"),
    ("码头门座式起重机司机无证操作，限位也失效了，码头经理负责，立即停用", "特种设备"),
    ("宾馆蒸汽锅炉的水位计看不清，司炉工不在岗，经理负责，限期2天", "特种设备"),
    ("城郊有人私自储存黑火药和引火线，准备自己做炮仗，已移交公安", "烟花爆竹"),
    ("李家沟砂石场露天采场台阶太高，没有安全平台，也没有挡墙，老板负责，限期15天", "非煤矿山"),
    ("白云石矿爆破作业没设警戒线，雷管炸药放在工棚里，矿长负责，立即停产", "非煤矿山"),
    ("棉纺厂清花车间棉尘堆积很厚，电气设备不防爆，厂长负责，限期5天", "粉尘涉爆"),
    ("饲料厂粉碎机旁边积尘多，脉冲除尘器不工作，厂长负责，限期7天", "粉尘涉爆"),
    ("再生铜厂的冲天炉炉前有积水，浇铸区没有隔离，厂长负责，立即整改", "金属冶炼"),
    ("速冻食品厂氨泵房门口堆货，应急喷淋冻住了，厂长负责，限期5天", "涉氨制冷"),
    ("春节期间庙会每天几万人，只有一个出入口，主办方负责，节前增设出口", "人员密集场所"),
    ("金街步行街跨年活动预计10万人，没有限流措施，主办方负责，12月30日前", "人员密集场所"),
    ("万达广场外墙玻璃幕墙有块玻璃裂了，随时可能掉下来，物业负责，立即拉警戒", "其他"),
])
def test_probes_of_less_common_words_of_each_field(text, cat):
    assert hazard_categories(text)[0] == cat


@pytest.mark.parametrize("text", [
    "后山坟地周边茅草很深，清明上坟烧纸放炮的人多",
    "公墓旁边灌木干枯，祭扫群众燃放鞭炮",
])
def test_paper_and_crackers_burnt_at_graves_are_a_wildfire_risk(text):
    assert hazard_categories(text)[0] == "森林防火"


@pytest.mark.parametrize("text, cat", [
    ("漂流项目救生衣破损（类别：其他），经营者限期整改", "其他"),
    ("KTV安全出口锁着 类别人员密集场所 限期3天", "人员密集场所"),
    ("饭店后厨管道老化，隐患类型为燃气", "燃气"),
])
def test_a_category_stated_in_the_message_is_inline(text, cat):
    assert inline_category(text) == cat


def test_a_category_stated_in_a_free_text_hazard_wins():
    got = understand("城南KTV 疏散通道堆放酒箱 类别人员密集场所 店主李强 限期3天", DEC).as_json()
    assert got["intent"] == "hazard" and got["category"] == "人员密集场所"


@pytest.mark.parametrize("text, want", [
    ("今天去惠民农贸市场看了，西边通道让摊位占满了，赶集的时候人挤人，真出点事人都疏散不开", "人员密集场所"),
    ("县第三小学教学楼二楼楼梯扶手松动，课间娃娃们上下楼挤得很", "人员密集场所"),
    ("风电场18号风机塔筒内的升降机超期没检验，还在用", "特种设备"),
    ("在建工地施工升降机防坠安全器过期，项目经理李强", "建筑施工"),
])
def test_a_crowd_in_plain_words_and_a_lift_outside_a_site(text, want):
    assert hazard_categories(text)[0] == want


@pytest.mark.parametrize("text, want", [
    ("象坝街道万家福超市的电动三轮车推到仓库里充电，电线从窗子拉进来，店长陈丽", "消防"),
    ("泼水节主会场澜沧广场东侧疏散通道被小吃摊位占了一大半，到时候人一多根本挤不动", "人员密集场所"),
])
def test_charging_a_tricycle_indoors_and_a_festival_crowd(text, want):
    assert hazard_categories(text)[0] == want
