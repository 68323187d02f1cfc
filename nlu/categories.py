"""Hazard and drill categories of LABELS.md, by weighted keywords.

Pure functions; nothing here raises for any input string.
"""
from __future__ import annotations

import re

CATEGORIES = (
    "危险化学品", "燃气", "消防", "有限空间", "建筑施工", "道路交通", "防汛", "森林防火",
    "地质灾害", "特种设备", "烟花爆竹", "非煤矿山", "粉尘涉爆", "金属冶炼", "涉氨制冷",
    "人员密集场所", "综合", "其他",
)

# category → [(pattern, weight)]. Patterns are regular expressions over the text. Each
# category lists, in this order: the objects of its hazards (substances, equipment, works),
# the operations and failures that make them hazards, and the places they usually sit in.
# Weights follow the same order (object 4–6, operation 2–4, place 1–2), which is the rule
# when two categories' evidence meet: the hazard's object beats the place it sits in (a gas
# riser in an old estate is 燃气, a provincial road at a school gate 道路交通, a sewer shaft
# entered without a gas test 有限空间 even when the firm is a 工程有限公司).
_GRAVES = r"坟山|坟地|坟头|坟前|墓地|公墓|祭扫|上坟|扫墓"     # where 烧纸 and crackers go with dry grass
_KEYWORDS: dict[str, list[tuple[str, float]]] = {
    "危险化学品": [
        # substances
        (r"稀料|喷漆|氧气瓶|乙炔|工业气体|气体充装|汽油|柴油|散装油|稀释剂|氧化剂|易燃液体|酒精|香蕉水|天那水|氰化|双氧水|过氧化|危险品|油漆稀料", 3),
        (r"危险化学品|危化品|危化|化学品|硝酸铵|硝铵", 4), (r"化工", 2), (r"储罐|罐区|槽车|罐车", 2),
        (r"危险货物|危货|槽罐车|液化烃|危化品运输|危险化学品运输|危化品车辆", 4),
        (r"加油站|油库|成品油|卸油|加油机", 3), (r"易燃易爆|剧毒|有毒有害|腐蚀性", 2),
        # solvents and glues of small works: "二氯甲烷和丙酮调的胶", "松香水"
        (r"二氯甲烷|丙酮|甲苯|松香水|胶水|调胶|胶桶|油墨|树脂|危废", 3), (r"防爆", 1),
        (r"液氯|硫酸|盐酸|硝酸|甲醇|乙醇|苯|氯气|硝酸铵|油漆|溶剂|氢氧化钠|液碱|电石|氯酸钠|高锰酸钾", 2),
        (r"可燃气体|静电", 1),
        # operations and failures
        (r"混放|混存|禁配|超量储存|安全技术说明书|MSDS|泄漏报警|围堰|导静电|阻火器|呼吸阀", 2),
    ],
    "燃气": [
        (r"(?<!可)燃气", 4), (r"天然气|液化石油气|液化气|煤气|瓶装气|管道气", 4),
        (r"加气站|LNG|CNG|液化天然气", 4),
        # equipment of gas users and networks: "燃气立管锈蚀", "调压箱", "熄火保护"
        (r"立管|调压箱|调压柜|调压站|阀门井|燃气表|减压阀|自闭阀|熄火保护|瓶组间|气瓶间|煤气罐|液化气罐|燃气热水器|直排式热水器", 4),
        (r"钢瓶|气瓶|灶具|软管|调压|胶管|灶台|灶头", 1),
        # its failures: "漏气", "闻到一股气味"
        (r"漏气|跑气|燃气味|闻到[^，,。]{0,4}味|有气味|异味", 2),
    ],
    "消防": [
        # fire equipment and the escape routes
        (r"消防(?!队|员|救援站|站)", 3), (r"消防通道|疏散通道|安全出口|应急照明|疏散指示|防火门|防火卷帘", 3),
        (r"灭火器|消火栓|喷淋系统|烟感", 2), (r"灭火器材", 3),
        # what burns and what lights it
        (r"彩钢板|彩钢房|电暖器|取暖器|电热毯|柴草|可燃物|易燃物|软包|床垫|木质结构|香炉|烟头|明火|电池", 3),
        (r"小太阳|飞线|喷淋|煤炉|油烟道|排油烟|油垢|彩钢|夹芯板|泡沫板|电炉|可燃材料|保温层|聚氨酯|泡沫|柴火灶|干柴|木板墙|木结构|烟道|油污|高压线下|变压器|秸秆堆|玉米秆", 3), (r"电焊|焊渣|火星", 4), (r"动火|易燃", 2), (r"电气线路|线路老化|电线老化|配电", 2),
        (r"私拉乱接|私拉电线|私接电线|飞线充电|乱拉电线|电动车充电|电动自行车|电瓶车|充电桩|充电点|充电区|集中充电", 3),
        (r"电动三轮车?|三轮车[^，,。]{0,6}充电|(?:推|放|停)[^，,。]{0,6}(?:屋|仓库|楼道|室内)[^，,。]{0,3}充电", 3),
        (r"防火分隔|防火分区|防火间距|防火墙", 4),
        # the fire hazards of how a place is used: "三合一", "住人"
        # people living where goods are kept or made; not households below a slope ("下方住了4户")
        (r"三合一|住人|有人住|住了人|(?<![下方面边])住了[^，,。]{0,4}[人户]|混在一起|小作坊", 3), (r"自建房|楼梯间", 3),
        (r"插线板|大功率电器|违规用电|孔明灯|消控室|消防控制室|闭门器", 3),
        (r"堆放杂物|堆放可燃物|杂物", 2), (r"灭火(?!器)|扑火(?!队)", 2), (r"(?<!森林)火灾(?!隐患点)", 2),
        (r"消防队|消防员", 1), (r"楼道|用火用电", 1), (r"火情|起火|着火", 1),
        # places: a dormitory is where such hazards sit, not one itself
        (r"宿舍", 1),
    ],
    "有限空间": [
        (r"有限空间|受限空间", 5),
        # the spaces: shafts, pits, tanks, tunnels
        (r"污水井|检查井|雨水井|化粪池|污水处理池|污水池|窨井|沼气池|地窖|发酵池|储罐内|管道井|电缆井|集水井|调节池|污泥池", 2),
        (r"地沟|地坑|通风检测|未通风|呼吸器", 4),
        (r"隧洞|进洞|进管|[管罐池]内|钢管内部|氧含量|监护人|(?<!动火)作业票|审批票", 3),
        # entering without a gas test and a watcher: "没检测就下井", "上面也没人监护"
        (r"下池|下井|入井|清淤|气体检测|中毒窒息|窒息", 2), (r"进罐|入罐|下罐|进池", 3), (r"清掏", 1),
        # inside a vessel, a silo or a hold: "反应釜检修要进人", "粮仓熏蒸后进仓"
        (r"反应釜|釜内|进釜|清釜|进人清理|进仓|熏蒸|磷化氢|进入[^，,。]{0,4}(?:罐|釜|池|井|仓|舱)", 3),
        (r"[没未](?:有|经)?(?:检测|测气|通风)|先检测|硫化氢|缺氧|无人监护|没人监护|监护", 2),
    ],
    "建筑施工": [
        (r"建设工程|建筑工程|工程有限公司|项目现场|高处坠落|吊篮|外架", 4),
        (r"建筑施工|施工现场|脚手架|深基坑|基坑|塔吊|塔式起重机|高支模|支护|升降机|物料提升机", 3),
        # the works of a site: winter concreting, formwork, rebar
        (r"冬期施工|冬季施工|混凝土|浇筑|养护|支模|钢筋|砌筑|土方|开挖", 3),
        (r"临时用电|安全帽|安全带|卸料平台|施工电梯|三宝四口|拆除工程", 3),
        (r"工地|临边|高处作业|安全网|防护网|施工|停工|模板|在建", 2), (r"洞口|建筑|项目经理", 1),
    ],
    "道路交通": [
        (r"车辆事故|车祸|驾驶人|驾驶员", 5), (r"运输车辆|公交站", 2), (r"交警|交管站|交管", 3), (r"车道|大车", 2),
        (r"道路交通|交通事故|交通安全|动态监控|客运|大巴|运材车|超限|苫盖|捆扎", 4),
        # the road's equipment and what drivers meet: "减速带", "人行横道", "临崖处缺少防撞墩"
        (r"护栏", 2), (r"信号灯|红绿灯|急弯|人车混行|超载|超速|疲劳驾驶|校车|减速带|人行横道|车速|限速|防撞墩|防撞|"
         r"标志标线|标线|临崖|临水|陡坡|弯道|视距|会车|结冰|防滑|道路积雪|非法载人|渣土车", 3),
        # roads by name: "S312省道", "X031线", "K12+300"
        (r"交叉口|路口|省道|国道|县道|乡道|高速|公路|道路|斑马线|货车|客车|\b[GSXYZ]\d{3}(?:线)?|K\d+", 2),
        (r"车辆", 1), (r"交通|路段", 1), (r"坑槽|路面|栽进去|减速带", 3),
    ],
    "防汛": [
        (r"防汛|防洪|汛期|主汛|山洪|洪水|溃坝|内涝|倒灌|管涌", 4),
        (r"堤防|堤坝|河堤|堤段|大堤|渗水|水库|挡水|排涝|排水泵|抽排|暴雨|强降雨|河道|河段|水位|泄洪|溢洪道|行洪|大坝|闸门|排洪沟|排洪渠|泄洪渠|排水沟|过水", 2),
        (r"积水", 1), (r"抢险|汛", 1), (r"海塘|海堤|护坡|迎水面|塘顶|防台|台风|风暴潮", 4),
    ],
    "森林防火": [
        (r"森林|林区|山林|林场|林缘|林地(?!板)|扑火|护林|防火期|森林火灾|防火检查站|风力灭火机|扑火工具|扑火机具|草原火|草原防火|草场", 4),
        (r"烧荒|野外用火|焚烧秸秆|烧秸秆|祭祀用火|上坟烧纸|烧纸|秸秆", 3),
        (r"林子边|林子里|林边|巡山|上山", 2),
        (_GRAVES, 3),
    ],
    "地质灾害": [
        (r"边坡|坡顶|坡体|坡脚|危岩体|山体开裂|垮塌", 3),
        (r"地质灾害|地灾", 5), (r"滑坡|崩塌|泥石流|落石|地面塌陷|地裂缝|危岩", 4),
        # a loose rock above houses: "山坡上有块大石头松动了"
        (r"(?:石头|岩石|石块|孤石|危石)[^，,。]{0,3}松动|滚石|孤石", 4),
        (r"山体|裂缝|塌方|隐患点|避险转移|山坡|切坡|削坡|屋后", 2),
        (r"不稳定斜坡|斜坡|挡土墙|挡墙|鼓肚|采空区|岩溶|塌陷", 3),
        (r"土崖|崖下|崖上|裂了一?道缝", 4),
    ],
    "特种设备": [
        (r"(?<!逆)行车(?!道|安全|记录)|钢丝绳|限位器|吊钩|电动葫芦|龙门吊|起重", 4),
        (r"特种设备", 5), (r"电梯|锅炉|压力容器|压力管道|起重机械|叉车|游乐设施|索道|安全阀|困人|压力表", 4),
        # lifts and rides by their parts: "自动扶梯梳齿板", "过山车"
        (r"扶梯|自动人行道|梳齿板|过山车|摩天轮|大摆锤|游乐设备|缆车|滑索|观光车|场内机动车", 4),
        (r"储气罐|超期未检|年检|维保|检验|定期检验|检定", 1),
        # a lift outside a building site ("风机塔筒内的升降机超期没检验"): the site's words outweigh it there
        (r"升降机|升降平台", 3),
    ],
    "烟花爆竹": [(r"烟花爆竹|烟花|爆竹|鞭炮|礼花|燃放|炮仗|花炮|礼炮|黑火药|引火线|摔炮|擦炮|仙女棒|窜天猴", 5)],
    "非煤矿山": [
        (r"非煤矿山|尾矿库|采石场|露天矿|石场|采矿|矿山", 5), (r"矿井|井下|开采|爆破|边坡|台阶", 2),
        (r"排土场|采场|炸药库|民爆|矿长|浮石|石料|砂石场|露天采场", 4),
        (r"透水|冒顶|片帮|石灰石矿|石矿|矿洞", 4),
    ],
    "粉尘涉爆": [
        (r"粉尘涉爆|粉尘爆炸|粉尘", 5), (r"除尘|积尘|铝镁|抛光|打磨", 2), (r"木业|木材加工|面粉", 1),
        (r"木粉|木屑|砂光|布袋除尘|灰斗|鱼粉|铝粉|铝屑|铝灰|镁粉|淀粉|粉碎|泄爆|锁气卸灰", 3),
        (r"棉尘|纤维尘|飞絮|棉絮|糖粉|煤粉|木尘|清花", 3),
    ],
    "金属冶炼": [
        (r"金属冶炼|冶炼|熔炼|熔融金属|钢水|铁水|铝水|铜水|炼钢|高炉|熔炉|中频炉", 5), (r"铸造|浇注|钢包|吊运", 2),
        # molten metal by its metal: "熔铝炉", "铝液", "出铁口"
        (r"熔[铝铜铁锌钢]|[铝铜铁锌钢]液|[铝铜铁锌钢]渣|出[铁钢铝]口|炉前|炉口|电解槽|冶金", 5), (r"铝业|铜业|钢铁|铸件", 2),
    ],
    "涉氨制冷": [
        (r"涉氨|液氨|氨气|氨制冷|氨泄漏", 6),
        # an ammonia plant's rooms and vessels: "氨机房", "贮氨器", "氨压缩机"
        (r"氨(?:机房|压缩机|罐|阀|管道?|泵|系统|储罐|报警|机)|[贮储]氨器|(?<!聚)氨(?!酯)", 5),
        # its places: the cold store
        (r"冷库|冷链|制冷机房|制冷|冷冻厂|冷藏厂|冷藏库|速冻", 2),
    ],
    "人员密集场所": [
        (r"拥堵|上下学|放学|楼梯口|人流量?|观众|游客|舞台|跨年|灯会|庙会|集会|主办方", 3),
        (r"人员密集|踩踏", 5), (r"拥挤|大型活动|人流", 2),
        # a crowd as people describe it: "赶集的时候人挤人", "课间上下楼挤得很", "大客流"
        (r"人挤人|挤得很|挤得不行|太挤|很挤|挤满|挤了|疏散不开|疏散不了|大客流|客流高峰|赶集|课间|限流|观赛|挤不动|主会场|泼水节", 3),
        (r"就餐高峰|同时就餐|一个出入口|人员滞留|滞留|单向通行|游客太多|游客集中|人太多|排队排到|没人疏导|疏导|堵着", 3), (r"游园会|游园|灯展|冰灯|排队区|缓冲区|看台|演出", 3),
        (r"商场|超市|商贸城|步行街|夜市|集市|影院|体育馆|车站|广场|景区|庙会|KTV|网吧", 1),
    ],
}
# Falling facades, signs and fittings: a hazard of its own kind, not of the road below; a
# self-built house raised without a survey is a building's own safety, not a fire's.
_KEYWORDS["其他"] = [(r"外墙|瓷砖|外立面|装饰板|坠落伤人|高空坠物|坠物|吹落|幕墙", 4), (r"广告牌|招牌|门头|灯箱", 5),
                    # machines without their guards: "制坯机传动部位没有防护罩"
                    (r"防护罩|传动部位|传动带|皮带轮|机械伤害|卷入", 4),
                    # power lines down: "电线杆被台风吹歪了，电线垂下来"
                    (r"电线杆|电杆|线杆|电线垂|电线下垂|垂下来", 4),
                    # life-saving gear on boats: "渔船救生筏过了检验期"
                    (r"救生筏|救生衣|救生圈", 4),
                    # open water where children play: "坑塘边没有护栏"
                    (r"坑塘|池塘|水塘边|溺水", 4),
                    (r"加层|加盖|房屋安全鉴定|安全鉴定|危房|承重墙|墙体[^，,。]{0,4}裂缝|经营性自建房", 4)]
_COMPILED = {c: [(re.compile(p), w) for p, w in kws] for c, kws in _KEYWORDS.items()}
_ORDER = {c: i for i, c in enumerate(CATEGORIES)}
# Graves in the hills, where paper and crackers are burnt among dry grass: a wildfire risk.
# Crackers let off there are that risk's fire, no fireworks trade ("坟山…烧纸放鞭炮的多").
_GRAVES_RX = re.compile(_GRAVES)
_FIREWORKS_TRADE = re.compile(r"零售|批发|销售|经营|储存|仓库|囤|许可证|店|摊")


def category_scores(text: str) -> dict[str, float]:
    """Each category with a keyword in text → its score (every distinct keyword counts once)."""
    scores: dict[str, float] = {}
    if not text:
        return scores
    for cat, patterns in _COMPILED.items():
        total = 0.0
        for rx, weight in patterns:
            hits = set(rx.findall(text))
            total += weight * len(hits)
        if total > 0:
            scores[cat] = total
    return scores


def rank_categories(text: str) -> list[str]:
    scores = category_scores(text)
    return sorted(scores, key=lambda c: (-scores[c], _ORDER[c]))


# A form's 类别 line as writers fill it in: the category's name or its usual short name.
_STATED = tuple((re.compile(p), c) for p, c in (
    (r"危险化学品|危化|化学品|危险品", "危险化学品"), (r"燃气|天然气|液化气", "燃气"),
    (r"有限空间|受限空间", "有限空间"), (r"建筑施工|建筑|施工|住建", "建筑施工"),
    (r"道路交通|交通|道路", "道路交通"), (r"防汛|防洪|水利", "防汛"), (r"森林防火|森防|林业", "森林防火"),
    (r"地质灾害|地灾", "地质灾害"), (r"特种设备|特设", "特种设备"), (r"烟花爆竹|烟花", "烟花爆竹"),
    (r"非煤矿山|矿山", "非煤矿山"), (r"粉尘涉爆|粉尘", "粉尘涉爆"), (r"金属冶炼|冶金|冶炼", "金属冶炼"),
    (r"涉氨制冷|涉氨", "涉氨制冷"), (r"人员密集场所|人员密集", "人员密集场所"), (r"消防|火灾", "消防"),
    (r"综合", "综合"), (r"其他|其它", "其他"),
))


# A category the writer states inside the message: "（类别：其他）", "类别人员密集场所", "类别为燃气".
_INLINE = re.compile(r"(?:类别|类型|隐患类别|隐患类型)\s*(?:[：:]|为|是|属于?)?\s*(?P<v>[\u4e00-\u9fff]{2,8})")


def inline_category(text: str) -> str | None:
    """The category the message itself states in so many words, else None."""
    m = _INLINE.search(text or "")
    return stated_category(m.group("v")) if m else None


def stated_category(value: str) -> str | None:
    """The category a form's 类别 line names at its start ("其他（经营性自建房）", "危化"),
    else None: the writer's own classification wins over the lexicon's guess."""
    head = (value or "").strip(" ：:")[:8]
    for rx, cat in _STATED:
        if rx.match(head):
            return cat
    return None


# The towns and villages a place's name starts with: proper names, not kinds of place.
_AREA_NAMES = re.compile(r"^(?:[\u4e00-\u9fff]{1,6}?(?:街道|镇|乡|村|社区|县))+")
PLACE_WEIGHT = 2.0
PLACE_WEIGHT_BESIDE = 1.0
OBJECT_STRONG = 4


def hazard_categories(text: str, place: str = "", stated: str = "") -> list[str]:
    """Categories of a hazard, main first; a second only when it clearly also fits
    (its own strong keyword and at least 60% of the main score). ["其他"] when none. The
    place's own words count too: "烟花爆竹零售点：店里面住人" is a fireworks shop's hazard.
    A category the form states (`stated`, its 类别 line) comes first; several unrelated
    problems listed in one finding are 综合."""
    said = stated_category(stated)
    if said:
        return [said]
    object_text = (text or "").replace(place, " ") if place else (text or "")
    if _several_fields(object_text):
        return ["综合"]
    place = _AREA_NAMES.sub("", place or "")    # "大坝乡中心小学": a town's name is no dam
    scores = category_scores(object_text)
    if _GRAVES_RX.search(object_text) and not _FIREWORKS_TRADE.search(object_text) and "烟花爆竹" in scores:
        scores["森林防火"] = scores.get("森林防火", 0) + scores.pop("烟花爆竹")
    objects = dict(scores)
    # The place's words count double, as a kind of place says much ("烟花爆竹零售点：店里面住人"
    # is the fireworks shop's); but once the hazard's object is of a field of its own (a gas
    # riser, a sewer shaft, a road's speed bumps), the place only counts beside it. Fire's
    # words are no such object: they are the usual faults of any place.
    own = max((v for c, v in scores.items() if c != "消防"), default=0)
    weight = PLACE_WEIGHT if own < OBJECT_STRONG else PLACE_WEIGHT_BESIDE
    for cat, score in category_scores(place or "").items():
        scores[cat] = scores.get(cat, 0) + weight * score
    if not scores:
        return ["其他"]
    # a tie goes to the category of the object ("S312线K45处上边坡有落石" is the slope's)
    ranked = sorted(scores, key=lambda c: (-scores[c], -objects.get(c, 0), _ORDER[c]))
    out = [ranked[0]]
    if len(ranked) > 1 and scores[ranked[1]] >= 4 and scores[ranked[1]] >= 0.6 * scores[ranked[0]]:
        out.append(ranked[1])
    return out


# A list of problems: "动火作业票填写不规范、有限空间台账缺失、消防通道被占用等多项问题".
_ITEMS = re.compile(r"[、；;]|(?<=[\u4e00-\u9fff])[，,](?=[\u4e00-\u9fff])")


def _several_fields(text: str) -> bool:
    """True when a finding lists problems of three categories or more, each by its own
    word (a 综合 check's findings), or of two when the writer says they are many (多项问题);
    not one problem told in parts."""
    items = [i for i in _ITEMS.split(text or "") if i.strip()]
    if len(items) < 2:
        return False
    fields = set()
    for item in items:
        scores = category_scores(item)
        if scores and max(scores.values()) >= 4:
            fields.add(max(scores, key=lambda c: (scores[c], -_ORDER[c])))
    # "…等多项问题": the writer says the list spans several matters
    return len(fields) >= 3 or (len(fields) >= 2 and bool(_MANY.search(text)))


_MANY = re.compile(r"多项|多方面|多个方面|多类|多种问题|多处问题")


def hazard_category(text: str) -> str:
    return hazard_categories(text)[0]


def drill_type(title: str, text: str = "", place: str = "") -> str:
    """The drill_type of a drill: 综合 when it says so or covers three fields or more; else
    the category of its title with the place it is held at (a fire drill at a fireworks
    store is a fireworks drill), else of the whole text, else 其他."""
    whole = f"{title} {text}"
    if re.search(r"综合(?:性)?(?:应急)?演练|综合演练|多科目|综合", title or "") or (
        "综合" in whole and "演练" in whole and re.search(r"综合[^，。,]{0,8}演练", whole)
    ):
        return "综合"
    strong = [c for c, s in category_scores(text).items() if s >= 3]
    if re.search(r"科目|涉及|包括|多个", text or "") and len(strong) >= 3:
        return "综合"
    own, at = category_scores(title or ""), category_scores(place or "")
    if not own:     # a title that names no field ("【演练信息】"): the drill's own words say it
        own = category_scores((text or "").replace(place, " ") if place else (text or ""))
    if own or at:     # the place adds to the title's own words; a tie goes to the title
        return max(set(own) | set(at), key=lambda c: (own.get(c, 0) + at.get(c, 0), own.get(c, 0), -_ORDER[c]))
    ranked = rank_categories(text or "")
    return ranked[0] if ranked else "其他"
