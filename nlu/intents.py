"""Text → Intent: what a chat message means, by rules (no model, no I/O).

`understand(text, sent_at, known_units)` never raises: anything it cannot read is `other`.
The labelled fields follow ../shared/corpus/LABELS.md; `extra` carries what handlers need.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Sequence

from nlu import categories, dates, numbers, units
from nlu.units import KnownUnit

INTENTS = ("duty_report", "hazard", "rectified", "drill", "attendance", "query", "summary_request", "other")

# Label fields per intent, in LABELS.md column order.
FIELDS: dict[str, tuple[str, ...]] = {
    "duty_report": ("unit", "zero", "date"),
    "hazard": ("unit", "category", "level", "deadline", "responsible"),
    "rectified": ("unit",),
    "drill": ("drill_type", "participants", "date"),
    "attendance": ("unit", "count"),
    "query": ("topic", "start", "end"),
    "summary_request": ("kind", "start", "end"),
    "other": (),
}

MAX_CHARS = 2000  # longer messages are read by their first 2,000 characters


@dataclass(frozen=True)
class Intent:
    name: str
    fields: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict:
        out: dict[str, Any] = {"intent": self.name}
        for key, value in self.fields.items():
            out[key] = value.isoformat() if isinstance(value, (date, datetime)) else value
        return out


def _make(name: str, values: dict[str, Any], extra: dict[str, Any] | None = None) -> Intent:
    order = FIELDS[name]
    fields = {k: values[k] for k in order if values.get(k) is not None}
    return Intent(name, fields, dict(extra or {}))


OTHER = Intent("other", {}, {})

# ------------------------------------------------------------------ normalising

_FULLWIDTH = {i: i - 0xFEE0 for i in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({i: i - 0xFEE0 for i in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({i: i - 0xFEE0 for i in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH.update({0x3000: 0x20, 0xFF0D: 0x2D, 0xFF0E: 0x2E, 0xFF0F: 0x2F})
# Traditional forms and slips of the input method seen in duty groups.
_VARIANTS = str.maketrans({
    "報": "报", "隱": "隐", "練": "练", "簽": "签", "應": "应", "鎮": "镇", "區": "区",
    "災": "灾", "場": "场", "險": "险", "違": "违", "規": "规", "廠": "厂", "設": "设",
    "發": "发", "現": "现", "無": "无", "問": "问", "幾": "几", "週": "周", "預": "预",
    "時": "时", "點": "点", "號": "号", "責": "责", "員": "员", "參": "参", "處": "处",
    "値": "值", "単": "单", "資": "资", "総": "总", "結": "结", "類": "类",
})
_TYPOS = [
    (re.compile(r"值斑|植班|执班|直班"), "值班"), (re.compile(r"值首|值手"), "值守"),
    (re.compile(r"另报告|〇报告|0报告|零报道|零保告|零报靠"), "零报告"),
    (re.compile(r"隐换|引患|隐惠"), "隐患"), (re.compile(r"演炼|演连"), "演练"),
    (re.compile(r"签道|前到(?=[，。,\s]|$)"), "签到"), (re.compile(r"整该|整盖"), "整改"),
    (re.compile(r"消号"), "销号"), (re.compile(r"突发时间"), "突发事件"),
]


def normalize(text: str) -> str:
    t = (text or "")[:MAX_CHARS]
    t = t.translate(_FULLWIDTH).translate(_VARIANTS)
    t = re.sub(r"<[^>]{0,200}>", "", t)          # markup a client may leave in
    t = re.sub(r"[\u200b-\u200f\ufeff]", "", t)  # zero-width characters
    for rx, good in _TYPOS:
        t = rx.sub(good, t)
    t = re.sub(r"[ \t]+", " ", t)
    return t.strip()


# ------------------------------------------------------------------ intent cues

_SUMMARY_DOC = re.compile(r"周报|月报|年报|季报|半年报|简报|总结|小结|报告|汇报材料|工作汇报")
_SUMMARY_DOC_ALONE = re.compile(r"周报|月报|年报|季报|半年报")
_SUMMARY_VERB = re.compile(
    r"生成|起草|草拟|拟写|撰写|写一?[份个篇下]?|编写|整理一?[份个下]?|形成|出一?[份个篇下]|做一?[份个篇下]|弄一?[份个下]|"
    r"来一?[份个篇]|给我一?[份个篇]|帮我|帮忙|导出|输出"
)
_SUMMARY_NOT = re.compile(r"报送|上报|提交|交上来|报来|填报|值班报告|自查报告|零报告|总结会|总结视频会|总结大会|召开|会议")

_QUESTION = re.compile(
    r"[？?]|吗|呢|多少|几个|几次|几起|几家|几项|几人|几条|哪些|哪个|哪家|哪几|哪里|什么|怎么样|怎样|如何|有没有|是否|谁|"
    r"统计|查询|查一下|查查|看一下|看看|看下|说一下|说说|讲一下|发我|汇总一下|列一下|列出|给我看|报一下数|图表|柱状图|饼图|趋势图|画个图|出个图"
)
# "…情况 图": a question asking for its chart as well
_QUERY_TAIL = re.compile(r"(?:情况|数据|统计|台账|清单|名单|进度|次数|人次|数量|报送率|整改率)"
                         r"(?:\s*(?:图|图表|柱状图|趋势图))?[。.!！]?$")
_QUERY_TOPIC = {
    "duty": re.compile(r"值班|值守|迟报|漏报|没报|未报|缺报|交齐|报了|报齐|报送|零报告|在岗|报上来|报告"),
    "hazard": re.compile(r"隐患|整改|销号|逾期|风险"),
    "drill": re.compile(r"演练|参演|签到"),
}
_QUERY_ALL = re.compile(r"整体|全部|所有|总体|各项|都说|综合情况|总的|全面")
_REPORT_LIKE = re.compile(r"责任人|限期|责令|零报告|无突发事件|在岗在位")

_NOTICE_HARD = re.compile(r"^【|^\[|^请|^通知|^提醒|请各|各单位|各镇街|各镇|各街道|各部门|各社区|各相关|召开|会议|视频会|预警信号|^各位")
_DUTY_STRONG = re.compile(
    r"值班情况|值守情况|值班值守|值班报告|值班正常|值守正常|零报告|无突发事件|无突发情况|在岗在位|今日平安|值班人员在岗"
)
_ATTEND = re.compile(r"签到|报到")
# "青石镇参演人数改为14人": a unit correcting its figure is a sign-in too
_ATTEND_COUNT = re.compile(rf"(?:参演|到场|到岗|参加)(?:人员|人数|队员)?\s*(?:改为|更正为|修改为|应为)?\s*(?:共|约)?\s*"
                           rf"{numbers.COUNT_RE.pattern}|^[^，,。]{{0,20}}已到场")
_DRILL = re.compile(r"演练|演习|拉练")
_DRILL_VERB = re.compile(r"开展|举行|举办|组织|进行|定于|将于|计划|拟于|拟在|圆满|结束|参演|参加|实施|启动|完成|开始|于")

_RECTIFIED = re.compile(
    r"(?<![待需要确保督促限期前未没尚])(?:已整改|整改完毕|整改完成|整改到位|已完成整改|完成整改|整改结束|整改已完成)(?!后)|"
    r"已(?:经|按要求|按照要求|全部|基本|按期)?(?:整改|完成整改)(?!通知|意见)|申请销号|请予销号|予以销号|申请验收|隐患销号|已销号|销号(?!前)|已消除|隐患消除|已排除|隐患已?解除|"
    r"已修复|已拆除|已更换|已清理完毕|已清理|已加固|已补齐|已安装|已落实整改|已处理完毕|已恢复"
)
_HAZARD = re.compile(
    r"隐患|存在|风险|未按|未设|未进行|未安装|未配备|未定期|未审批|未校验|未检|未办理|未落实|未开展|未佩戴|无证|缺失|缺少|破损|损坏|"
    r"失效|超期|过期|堵塞|占用|私拉|乱接|乱拉|老化|锈蚀|松动|超标|超量|超载|违规|违章|无防护|不规范|不到位|无人值守|"
    r"裂缝|渗水|渗漏|断开|叫停|责令|限期|整改|故障|开裂|积尘|堆放|烧荒|落石|滑坡|隐患点|混存|无监护|危险|"
    r"吸烟|不合格|不符合|未经|(?:检查|巡查|排查|督查)(?:中|时)?发现"
)

# ------------------------------------------------------------------ classification


def classify(t: str) -> str:
    if not t or not re.search(r"[\u4e00-\u9fff]", t):
        return "other"
    if len(t) < 20 and re.match(r"^(?:收到|好的|好|明白|了解|知道了|嗯|ok|OK|谢谢|辛苦)", t):
        return "other"
    if _is_summary(t):
        return "summary_request"
    if _is_query(t):
        return "query"
    if _is_attendance(t):
        return "attendance"
    if _is_drill(t):
        return "drill"
    if _NOTICE_HARD.search(t) and not _is_own_duty_report(t):
        return "other"
    if _DUTY_STRONG.search(t):
        return "duty_report"
    if _RECTIFIED.search(_without_deadlines(t)):
        return "rectified"
    if _HAZARD.search(t):
        return "hazard"
    return "other"


def _is_summary(t: str) -> bool:
    if _SUMMARY_NOT.search(t) and not _SUMMARY_DOC_ALONE.search(t):
        return False
    if re.search(r"报送|上报|提交|交上来|报来|填报", t):
        return False
    if _SUMMARY_DOC_ALONE.search(t):
        return True
    return bool(_SUMMARY_DOC.search(t) and _SUMMARY_VERB.search(t))


def _is_query(t: str) -> bool:
    if len(t) > 80 or _REPORT_LIKE.search(t):
        return False
    if re.search(r"^【|^\[|^通知|请各|各单位|各镇街|各部门|(?:请|要求|务必|按时|及时|于).{0,14}(?:报送|上报)", t) and not re.search(
        r"[？?]|吗|怎么样|怎样|如何|多少|哪些|哪个|哪家|几个|几次|几家|有没有|是否|了没", t
    ):
        return False
    topic = any(rx.search(t) for rx in _QUERY_TOPIC.values()) or _QUERY_ALL.search(t)
    # "2月30日隐患情况" names a period too, a wrong one (the handler says so)
    period = dates.find_period(t, date(2000, 1, 1)) is not None or dates.has_invalid_day(t, date(2000, 1, 1))
    if _QUESTION.search(t):
        if not (topic or period):
            return False
        # "已签到吗" is still a question; a report with a unit and a past-tense verb is not
        return not _looks_like_report(t)
    if _QUERY_TAIL.search(t) and (topic and period) and len(t) <= 40:
        return not _looks_like_report(t)
    return False


def _looks_like_report(t: str) -> bool:
    # A unit name at the start followed by report words, and no question mark.
    if re.search(r"[？?]|吗", t):
        return False
    return bool(units.extract_place(t)) and bool(_DUTY_STRONG.search(t) or _RECTIFIED.search(t))


def _is_attendance(t: str) -> bool:
    if re.match(r"^请", t) or re.search(r"请各|各单位|各位|大家", t) or _DUTY_STRONG.search(t):
        return False
    if _ATTEND.search(t):
        # "…开展演练，…签到" announcing a drill is the drill, not a sign-in
        if _DRILL.search(t) and re.search(r"开展|举行|定于|将于|计划", t) and len(t) > 30:
            return False
        return True
    if len(t) <= 30 and re.search(r"到齐|已到|到场|报到", t) and numbers.parse_count(t) is not None \
            and not re.search(r"开展|举行|举办|定于|将于|计划|组织", t):
        return True
    if _DRILL.search(t) or len(t) > 60:
        return False
    return bool(_ATTEND_COUNT.search(t))


_NO_DRILL = re.compile(r"(?:未|没有|没|尚未|从未|不)[^，,。；;]{0,8}(?:开展|组织|进行|举行)?[^，,。；;]{0,10}(?:演练|演习)")


def _is_drill(t: str) -> bool:
    if not _DRILL.search(t) or _NO_DRILL.search(t):
        return False
    if _DRILL_VERB.search(t):
        return True
    return bool(dates.find_days(t, date(2000, 1, 1)))


def _is_own_duty_report(t: str) -> bool:
    if re.match(r"^(?:【|\[|请|通知|提醒|各位)", t) or re.search(r"请各|各单位|各镇街|各部门|召开|会议", t):
        return False
    return bool(_DUTY_STRONG.search(t))


def _without_deadlines(t: str) -> str:
    """Text with deadline clauses removed ("3月20日前整改到位" is not a rectification)."""
    out = t
    for _ in range(5):
        found = dates.parse_deadline(out, date(2000, 1, 1))
        if not found:
            break
        words = found[1]
        pos = out.find(words)
        if pos < 0:
            break
        end = pos + len(words)
        m = re.compile(r"[，,。；;！!]").search(out, end)
        out = out[:pos] + (out[m.start():] if m else "")
    return out


# ------------------------------------------------------------------ per intent


def _duty(t: str, today: date, known: Sequence[KnownUnit], extra: dict) -> Intent:
    unit = units.extract_unit(t, known)
    zero = not _has_incident(t)
    day = None
    if "error" not in extra:
        mentions = [
            m for m in dates.find_days(t, today, dotted=True)
            if m.day is not None and (m.kind != "dotted" or (m.start < 20 and re.match(r"\s*(?:值班|值守|零报告|日)", t[m.end:])))
        ]
        explicit = [m for m in mentions if m.kind in ("md", "iso", "dotted")]
        relative = [m for m in mentions if m.kind == "relative"]
        weekday = [m for m in mentions if m.kind == "weekday"]
        if explicit:
            day = explicit[0].day
        elif relative:
            day = relative[0].day
        elif weekday:
            day = weekday[0].day
            if day is not None and day > today:
                day -= timedelta(days=7)
    extra["date_explicit"] = day is not None
    extra["events"] = "" if zero else _events_text(t)
    return _make("duty_report", {"unit": unit, "zero": zero, "date": day}, extra)


_NEGATED = re.compile(r"(?:无|未|没有|未发生|未造成|未出现|没)[^，,。；;：:！!]*")
_INCIDENT = re.compile(
    r"发生|起火|着火|火情|火灾|失火|冒烟|事故|泄漏|泄露|侧翻|翻车|碰撞|碰擦|剐蹭|刮擦|追尾|受伤|擦伤|伤亡|死亡|身亡|遇难|溺水|"
    r"坍塌|倒塌|塌方|滑坡|落石|积水|内涝|被困|救援|扑灭|处置|抢修|转移|疏散|报警|爆炸|险情|警情|损毁|停电|中毒|走失|"
    r"纠纷|打架|斗殴|自杀|送医|上访|聚集|倒伏|阻断|断电|停水|漏水|塌陷|垮塌|落水|火警|求助|搜救|搜寻|受损|损失"
)


def _has_incident(t: str) -> bool:
    body = _NEGATED.sub("", t)
    body = re.sub(r"其[余他][^，,。；;]*(?:正常|异常)", "", body)
    return bool(_INCIDENT.search(body))


def _events_text(t: str) -> str:
    m = re.search(r"[：:]", t[:40])
    body = t[m.end():] if m else t
    return body.strip()


_LEVEL_MAJOR = re.compile(r"重大[\u4e00-\u9fff]{0,4}隐患|重大隐患")
_LEVEL_NORMAL = re.compile(r"一般[\u4e00-\u9fff]{0,4}隐患|一般隐患")
_RESPONSIBLE = re.compile(
    r"(?:整改责任人|安全责任人|直接责任人|责任人|负责人|联系人)\s*(?:为|是|：|:)?\s*(?P<who>[^，,。；;：:\s（(、]{1,24})"
)
_RESP_CUT = re.compile(r"限期|立即|立行|负责|整改|落实|于|在|要求|督促|并|已|\d|电话|手机|联系")
_TITLES = (
    "法定代表人", "董事长", "总经理", "项目经理", "安全总监", "物业经理", "副总经理", "经理", "站长", "主任", "总监",
    "厂长", "队长", "所长", "书记", "镇长", "乡长", "村长", "组长", "班长", "老板", "店主", "店长", "院长",
    "校长", "局长", "科长", "部长", "负责人", "安全员", "主管", "法人", "业主", "户主", "网格员", "委员",
    "干部", "工程师", "矿长", "场长", "馆长", "园长", "会长", "总工", "村支书", "支书", "社长",
)


def _responsible(t: str) -> str | None:
    m = _RESPONSIBLE.search(t)
    who = None
    if m:
        who = m.group("who")
        cut = _RESP_CUT.search(who)
        if cut:
            who = who[: cut.start()]
    else:
        m = re.search(r"由\s*(?P<who>[\u4e00-\u9fff]{2,12}?)\s*(?:负责|牵头)", t)
        if m:
            who = m.group("who")
    if not who:
        return None
    best = -1
    for title in _TITLES:
        pos = who.rfind(title)
        if pos >= 0 and pos + len(title) < len(who):
            best = max(best, pos + len(title))
    if best >= 0:
        who = who[best:]
    if len(who) > 4:
        who = who[-3:]
    return who if len(who) >= 2 else None


_DESC_DROP = re.compile(
    r"责任人|负责人|限期|[日天]内|日前|日之前|立即|立行立改|本周内|责令|已通知|已安排|已要求|要求|请|"
    r"属(?:于)?(?:一般|重大)|判定为|为(?:一般|重大)|(?:一般|重大)(?:事故)?隐患$"
)


def _description(t: str) -> str:
    body = units.strip_lead(t)
    parts = [p.strip() for p in re.split(r"[，,。；;！!]", body) if p.strip()]
    kept = [p for p in parts if not _DESC_DROP.search(p)]
    desc = "，".join(kept) if kept else body.strip("。 ")
    return desc


def _hazard(t: str, today: date, known: Sequence[KnownUnit], extra: dict) -> Intent:
    place = units.extract_unit(t, known, specific=True)
    cats = categories.hazard_categories(t)
    level = "重大" if _LEVEL_MAJOR.search(t) else ("一般" if _LEVEL_NORMAL.search(t) else None)
    deadline = None
    rule = None
    if "error" not in extra:
        found = dates.parse_deadline(t, today)
        if found:
            deadline, rule = found
    else:
        found = dates.parse_deadline(t, today)
        rule = found[1] if found else None
    extra.update(
        description=_description(t),
        place=place,
        categories=cats,
        level=level or "一般",
        deadline_rule=rule,
    )
    return _make(
        "hazard",
        {"unit": place, "category": cats[0], "level": level, "deadline": deadline, "responsible": _responsible(t)},
        extra,
    )


_CODE = re.compile(r"YH[-_－—]?\d{8}[-_－—]?\d{1,4}", re.IGNORECASE)


def _rectified(t: str, today: date, known: Sequence[KnownUnit], extra: dict) -> Intent:
    code = _CODE.search(t)
    stripped = _CODE.sub("", t).strip(" ：:，,")
    unit = units.extract_unit(stripped, known, specific=True) if stripped else None
    normalized_code = None
    if code:
        digits = re.findall(r"\d+", code.group(0))
        normalized_code = f"YH-{digits[0]}-{int(digits[1]):03d}" if len(digits) == 2 else code.group(0).upper()
    extra.update(note=t, code=normalized_code)
    return _make("rectified", {"unit": unit}, extra)


_TITLE = re.compile(
    r"(?:组织开展了?|开展了?|举行了?|举办了?|组织了?|进行了?|实施了?|启动了?|的|一次|一场)\s*"
    r"(?P<title>[^，,。；;：:！!？?\s的在于]{2,30}?(?:演练|演习|拉练))"
)
_PLACE = re.compile(r"在\s*(?P<place>[^，,。；;：:！!？?\s]{2,30}?)\s*(?:开展|举行|举办|组织|进行|实施|召开|集结)")
_PLANNED = re.compile(r"定于|将于|将在|计划|拟于|拟在|拟|准备|预计|即将|下周|明天|明日|后天|届时|请各|做好准备")
_HELD = re.compile(r"开展了|举行了|举办了|进行了|组织了|已于|圆满|结束|顺利|效果良好|完成了|已完成|刚刚|成功")


def _drill(t: str, today: date, sent: datetime, known: Sequence[KnownUnit], extra: dict) -> Intent:
    matches = list(_TITLE.finditer(t))
    m = None
    if matches:
        first_end = matches[0].end()
        # the last verb before the first 演练 starts the title: "组织辖区企业开展X演练" → X演练
        same = [x for x in matches if x.end() == first_end]
        m = min(same, key=lambda x: len(x.group("title")))
        for x in _TITLE.finditer(t, matches[0].start() + 1):
            if x.end() == first_end and len(x.group("title")) < len(m.group("title")):
                m = x
    if m:
        title = m.group("title")
    else:
        m2 = re.search(r"(?P<title>[^，,。；;：:！!？?\s]{0,20}(?:演练|演习|拉练))", t)
        title = m2.group("title") if m2 else "应急演练"
    title = re.sub(r"^(?:了|一次|一场|本次|此次)", "", title)
    dtype = categories.drill_type(title, t)

    counts = numbers.parse_counts(t)
    participants = None
    for value, s, e in counts:
        around = t[max(0, s - 10): e + 4]
        if re.search(r"参演|参加|参与|人员|共", around):
            participants = value
            break
    if participants is None and counts:
        participants = counts[0][0]
    if participants is None:
        m = re.search(r"(?:参演|参加|参与)(?:人员|人数|队员)?[^，,。\d]{0,6}?(-?\d+)", t)
        if m:
            participants = int(m.group(1))

    day = None
    if "error" not in extra:
        for mention in dates.find_days(t, today):
            if mention.day is not None:
                day = mention.day
                break
    clock = dates.find_clock(t)
    when = None
    if clock is not None:
        base = day or today
        when = datetime(base.year, base.month, base.day, clock[0], clock[1], tzinfo=dates.SHANGHAI)
    pm = _PLACE.search(t)
    place = pm.group("place") if pm else units.extract_place(t)
    if place and re.search(r"演练|演习|请|各单位|明天|今天|下周", place):
        place = None
    if _PLANNED.search(t) and not _HELD.search(t):
        held = False
    elif _HELD.search(t):
        held = True
    else:
        held = day is None or day <= today
    if day is not None and day > today:
        held = False
    extra.update(title=title, time=when, place=place, held=held)
    return _make("drill", {"drill_type": dtype, "participants": participants, "date": day}, extra)


def _attendance(t: str, today: date, known: Sequence[KnownUnit], extra: dict) -> Intent:
    unit = units.extract_unit(t, known)
    count = numbers.parse_count(t)
    if count is None:
        m = re.search(r"(?:签到|到场|参演)[^，,。\d]{0,6}?(\d+)\s*(?:人|名|位)?", t)
        if m:
            count = int(m.group(1))
    if count is None:
        count = 1
    return _make("attendance", {"unit": unit, "count": count}, extra)


def _topic(t: str) -> str:
    found = [name for name, rx in _QUERY_TOPIC.items() if rx.search(t)]
    if _QUERY_ALL.search(t) or len(found) != 1:
        # "值班报告" mentions 报告 only; hazards and drills may also mention 签到/报告 words
        if len(found) == 2 and "duty" in found and not re.search(r"值班|值守|迟报|漏报|没报|未报|缺报|交齐|报齐|零报告", t):
            found.remove("duty")
            return found[0]
        return "all"
    return found[0]


def _period(t: str, today: date, extra: dict) -> tuple[date | None, date | None]:
    if "error" in extra:
        return None, None
    found = dates.resolve_period(t, today)
    if not found:
        return None, None
    extra["period_label"] = found[2]
    return found[0], found[1]


def _query(t: str, today: date, extra: dict) -> Intent:
    start, end = _period(t, today, extra)
    extra.setdefault("period_label", None)
    extra["chart"] = bool(re.search(r"图|chart|Chart|CHART|可视化", t))
    return _make("query", {"topic": _topic(t), "start": start, "end": end}, extra)


def _summary(t: str, today: date, extra: dict) -> Intent:
    start, end = _period(t, today, extra)
    label = extra.get("period_label") or ""
    kind = None
    if "半年" in t:
        kind = "half_year"
    elif re.search(r"周报|周总结|一周", t):
        kind = "weekly"
    elif re.search(r"月报|月度|月总结", t):
        kind = "monthly"
    elif re.search(r"年报|年度|全年|年终|年总结", t):
        kind = "yearly"
    elif label in ("本周", "上周", "下周"):
        kind = "weekly"
    elif label in ("本月", "上月") or label.endswith("月份"):
        kind = "monthly"
    elif label in ("上半年", "下半年"):
        kind = "half_year"
    elif label in ("今年", "去年") or re.fullmatch(r"\d{4}年", label):
        kind = "yearly"
    if start is None and "error" not in extra and kind is not None:
        # the kind names its own period when the text names none: the current one
        implied = {"weekly": "本周", "monthly": "本月", "yearly": "今年",
                   "half_year": "上半年" if today.month <= 6 else "下半年"}[kind]
        found = dates.resolve_period(implied, today)
        if found:
            start, end = found[0], found[1]
            extra["period_label"] = found[2]
            extra["period_implied"] = True
    extra.setdefault("period_label", None)
    return _make("summary_request", {"kind": kind, "start": start, "end": end}, extra)


# ------------------------------------------------------------------ entry point


def understand(text: str, sent_at: datetime, known_units: Sequence[KnownUnit] = ()) -> Intent:
    """What a message means. Never raises: unreadable input is `other`."""
    try:
        return _understand(text, sent_at, known_units)
    except Exception:  # a rule bug must not take the bot down; the message stays unparsed
        return Intent("other", {}, {})


def _understand(text: str, sent_at: datetime, known_units: Sequence[KnownUnit]) -> Intent:
    if not isinstance(text, str):
        return Intent("other", {}, {})
    t = normalize(text)
    name = classify(t)
    if name == "other":
        return Intent("other", {}, {})
    today = dates.local_date(sent_at) if isinstance(sent_at, datetime) else date.today()
    known = tuple(known_units or ())
    extra: dict[str, Any] = {}
    if dates.has_invalid_day(t, today):
        extra["error"] = "invalid_date"
    if name == "duty_report":
        return _duty(t, today, known, extra)
    if name == "hazard":
        return _hazard(t, today, known, extra)
    if name == "rectified":
        return _rectified(t, today, known, extra)
    if name == "drill":
        return _drill(t, today, sent_at, known, extra)
    if name == "attendance":
        return _attendance(t, today, known, extra)
    if name == "query":
        return _query(t, today, extra)
    return _summary(t, today, extra)
