"""People named by their role: "责任人王建国", "企业法人张某", "车间负责人李四签字确认".

A name is found after a role word and must start with a Chinese surname; it stops at
the first word that is not part of a name (a verb such as 签字 or 负责, a deadline, a
title). So "…签字确认" never yields a person called 字确认. Pure; never raises.
"""
from __future__ import annotations

import re

# The common surnames (single and compound): a name must begin with one.
_SURNAMES_1 = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦"
    "戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻"
    "苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练"
    "廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿"
    "鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
    "洪郦滑蔚邴"
    "拓撒妥喇纳锁虎拜"         # north-western surnames: "拓万林", "撒永福", "妥小平"
    "刀岩依咪"                 # Dai names of the south-west: "刀文明", "岩香", "依香", "咪兰"
    "傅萧赖阎钮荀郗鄂逄习蓟濮郏宦庾暨訾蒯竺桓贲凤莘糜隗宓"
)
_SURNAMES_2 = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
               "夏侯", "轩辕", "令狐", "钟离", "端木", "独孤", "南宫", "西门", "百里", "呼延")

# Role words, most specific first: the first found in a message names the one answerable.
ROLES = (
    "整改责任人", "安全责任人", "直接责任人", "主要负责人", "责任人", "法定代表人", "企业法人", "法人代表", "法人",
    "负责人", "实际控制人", "项目经理", "安全总监", "物业经理", "副总经理", "总经理", "董事长", "厂长", "矿长",
    "场长", "站长", "店长", "店主", "老板", "业主", "户主", "校长", "院长", "园长", "馆长", "主任", "经理", "队长",
    "所长", "村支书", "支书", "书记", "村长", "组长", "班长", "安全员", "安全主管", "主管", "网格员", "联系人",
    "生产副总", "副总", "总厨", "行政总厨", "厨师长", "总工", "技术负责人", "车间主任", "大堂经理", "老板娘",
    "经营者", "经营户", "承包人", "承租人", "房东", "屋主", "施工员", "管理员", "物业主管", "带班人", "船长",
    # a department head ("安全科长魏红"), an owner of a place ("场主赵有才", "矿主", "摊主")
    "科长", "部长", "处长", "股长", "场主", "站主", "厂主", "矿主", "车主", "船主", "房主", "摊主", "窑主",
    # keepers and heads of small units: "库管员朱红", "屯长 李满仓", "段长 魏国栋", "楼栋长 吴秀芝"
    "库管员", "保管员", "仓管员", "屯长", "段长", "楼栋长", "网格长", "片长", "社长", "班组长", "值班长",
    "技术员", "村医", "保安队长",
    # the owner of a boat or a workshop, the villager watching a slope: "船东孔某", "作坊主郭某",
    # "群测群防监测员周某"
    "船东", "作坊主", "坊主", "监测员",
    # keepers of a reservoir or a dyke: "管护员李满仓" (a 护林员 is mostly the one who reports)
    "管护员", "看护员", "护堤员", "协管员", "水管员",
    # heads of an Inner Mongolian village or township: "嘎查长达来"
    "嘎查长", "苏木长", "会长", "理事长", "包村干部", "村干部", "总监", "运营总监", "指导员", "教导员", "中队长", "大队长",
)
_ROLE_RE = re.compile("|".join(map(re.escape, sorted(ROLES, key=len, reverse=True))))
ROLE_WORD = _ROLE_RE
# A role word, then a name: "负责人冯刚", "经理 刘红".
ROLE_AFTER = re.compile(rf"(?:{_ROLE_RE.pattern})\s*[：:]?\s*[\u4e00-\u9fff]{{2,4}}$")
# Words that end a name (what follows the person in a sentence).
_AFTER_NAME = re.compile(
    r"签字|签名|确认|负责|牵头|限期|立即|立行|督促|整改|落实|承诺|表示|已经|已|于|在|对|并|要求|同志|先生|女士|"
    r"电话|手机|联系|现场|到场|称|说|等|一起|陪同|参加|未|没|不|也|就|会|将|正在|及|和(?=[\u4e00-\u9fff]{2})|与|的|为|是|我|（|\(|\d"
)
_PLACE_HEADS = set("村镇乡街区县市省厂矿站店司局所队园场院校组社间室库部段路线桥处科办")
_NAME = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,4})")


def _surname_len(s: str) -> int:
    if s[:2] in _SURNAMES_2:
        return 2
    return 1 if s[:1] in _SURNAMES_1 else 0


def name_at(text: str, pos: int) -> str | None:
    """The personal name starting at text[pos], or None: a surname, then one or two
    characters up to the first word that ends a name ("王某", "李建国", "欧阳明")."""
    rest = text[pos: pos + 8]
    m = _NAME.match(rest)
    if not m:
        return None
    run = m.group("name")
    cut = _AFTER_NAME.search(run, 1)
    if cut:
        run = run[: cut.start()]
    k0 = _surname_len(run)
    title = _ROLE_RE.search(run, 1)
    if k0 and title and title.start() == k0:
        return run[: title.end()]       # "刘院长", "王经理": a surname and a title name a person
    honorific = re.match(r"总(?!经理|监|工)|师傅", run[k0:]) if k0 else None
    if honorific:
        return run[: k0 + honorific.end()]
    if title:
        run = run[: title.start()]
    k = _surname_len(run)
    if not k or len(run) <= k:
        return None
    name = run[: k + 2]
    # "王家村", "李庄镇": a place beginning with a surname is no person
    if any(c in _PLACE_HEADS for c in name[k:]) or text[pos + len(name): pos + len(name) + 1] in _PLACE_HEADS:
        return None
    return name


_NICKNAME = re.compile(r"(?:(?:老|小|阿)\s?[\u4e00-\u9fff][头子]?|[\u4e00-\u9fff]老[大二三四五六七八九幺])\s+"
                       r"(?=[\u4e00-\u9fff]{2,3}(?:\s|$|[，,。]))")


# A name standing alone between a role and a boundary, for names no surname list holds
# (Mongolian, Tibetan, Uyghur: "宝音", "格日勒图", "阿拉腾其其格"); an office before a space is
# skipped ("责任人：旗公路养护中心 哈斯").
_OFFICE_THEN_SPACE = re.compile(r"[\u4e00-\u9fff]{2,14}(?:中心|局|站|所|队|公司|厂|办|委|科|股)\s+")
_ALONE = re.compile(r"[\u4e00-\u9fff]{2,6}(?=[，,。；;、\s！!]|为责任人|负责|$)")
_NOT_A_NAME = re.compile(r"限|整改|立即|已|要求|签字|确认|现场|的|了|说|没|未|无|在|是|和|与|及|等|今天|明天|昨天|日前|前|后|内|"
                         r"负责|责任|单位|公司|部门|同志|领导")


def _whole_name_at(text: str, pos: int) -> str | None:
    office = _OFFICE_THEN_SPACE.match(text, pos)
    m = _ALONE.match(text, office.end() if office else pos)
    name = m.group(0) if m else ""
    if not name or _NOT_A_NAME.search(name) or _ROLE_RE.search(name) or any(c in _PLACE_HEADS or c in "会委" for c in name) \
            or (len(name) == 2 and name[0] in "小老阿"):      # "小王" is what one calls him, no name
        return None
    return name


def _roles(text: str):
    """The role words of text, left to right; "锅炉房主任包海山" holds a 主任, not a 房主 called 任包海."""
    pos = 0
    while (m := _ROLE_RE.search(text, pos)) is not None:
        if m.group(0).endswith("主") and text[m.end(): m.end() + 1] == "任":
            pos = m.start() + 1
            continue
        yield m
        pos = m.end()


def responsible(text: str) -> str | None:
    """The person a message names as answerable, by the role word before the name:
    "责任人：王建国", "企业法人张某", "由李强负责"; None when no name follows a role."""
    if not text:
        return None
    roles = list(_roles(text))
    # "监测员王玉才每天盯着。责任人村主任王立平": the one named answerable in so many words first
    for m in [r for r in roles if "责任人" in r.group(0)] + [r for r in roles if "责任人" not in r.group(0)]:
        pos = m.end()
        # "责任人为厂长王建国", "负责人：项目经理 李强": skip the link and the titles
        for _ in range(3):
            # "跟老板娘讲了 叫刘秀英": the role told, then named
            # "店主是个女的叫蓝小芳": the role described, then named
            link = re.match(r"\s*(?:(?:讲|说|交代|讲过|说过|打过招呼|打了招呼)了?\s*[，,]?\s*(?:他|她)?(?=叫|名叫)|"
                            r"是(?:个|一个|位|一位)?(?:男的|女的|女同志|男同志|老同志|年轻人|小伙子|姑娘|大姐|大哥|老头|老太太?)"
                            r"[，,]?\s*(?:名字)?(?=叫|名叫)|)"
                            r"(?:为|是|系|叫|名叫|名字叫|姓名|姓[\u4e00-\u9fff][，,]?叫|姓[\u4e00-\u9fff]\s+|：|:|\s)\s*", text[pos:])
            if link and link.end():
                pos += link.end()
            nickname = _NICKNAME.match(text, pos)
            if nickname:        # "店主 老 孙头 孙长贵": a nickname, then the name
                pos = nickname.end()
            # "车间主任钱明", "项目部经理 李强": a title within the next words comes first
            title = _ROLE_RE.search(text, pos, pos + 8)
            between = text[pos: title.start()] if title else ""
            if not title or re.search(r"[，,。；;！!？?\n]", between) or _AFTER_NAME.search(between) \
                    or (between and _surname_len(between) == len(between)):   # "刘院长" is a person
                break
            pos = title.end()
        name = name_at(text, pos)
        whole = _whole_name_at(text, pos)
        if whole and (not name or whole.startswith(name)):
            return whole    # "企业法人吉日木图，", "嘎查书记宝音，": names beyond the usual surnames
        if name:
            return name
    m = re.search(r"由\s*(?P<who>[\u4e00-\u9fff]{2,4}?)\s*(?:负责|牵头)", text)
    if m and _surname_len(m.group("who")):
        return name_at(text, m.start("who"))
    # "责任人：镇水务所冯启明": an office, then its person
    m = re.search(rf"(?:{_ROLE_RE.pattern})\s*[：:]?\s*[\u4e00-\u9fff]{{1,10}}?(?:办|所|局|站|队|中心|公司|委)(?P<who>[\u4e00-\u9fff]{{2,3}})(?=[，,。；;\s]|$)", text)
    if m and name_at(text, m.start("who")) == m.group("who"):
        return m.group("who")
    # "交警中队严明负责", "，王建国负责": a name right before 负责, after its office or a comma
    for m in re.finditer(r"(?:^|[，,；;。\s]|[队站所办局司村组部处员])(?P<who>[\u4e00-\u9fff]{2,3}?)\s*负责", text):
        if name_at(text, m.start("who")) == m.group("who"):
            return m.group("who")
    # the name first, then its role: "王建国是负责人", "王建国（负责人）"
    for m in re.finditer(rf"(?:是|为|系|[（(])\s*(?:该[\u4e00-\u9fff]{{1,2}}的?)?(?:{_ROLE_RE.pattern})", text):
        # "寺管会格桑尼玛为责任人": a longer name after its office stands whole
        for size in (5, 4):
            start = m.start() - size
            if start > 0 and text[start - 1] in "会委办所局站队，,。；; " and _whole_name_at(text, start) == text[start: m.start()]:
                return text[start: m.start()]
        for size in (4, 3, 2):     # a name is a surname and one or two characters
            start = m.start() - size
            if start >= 0 and name_at(text, start) == text[start: m.start()]:
                return text[start: m.start()]
    return None
