"""Text → Intent: what a chat message means, by rules (no model, no I/O).

`understand(text, sent_at, known_units)` never raises: anything it cannot read is `other`.
The labelled fields follow ../shared/corpus/LABELS.md; `extra` carries what handlers need.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Sequence

from core.calendar import CnCalendar, default_calendar
from nlu import categories, dates, evidence, forms, numbers, people, units
from nlu.forms import Form
from nlu.units import KnownUnit

INTENTS = ("duty_report", "hazard", "rectified", "drill", "attendance", "query", "inspection", "summary_request",
           "other")

# Label fields per intent, in LABELS.md column order.
FIELDS: dict[str, tuple[str, ...]] = {
    "duty_report": ("unit", "zero", "date"),
    "hazard": ("unit", "category", "level", "deadline", "responsible"),
    "rectified": ("unit",),
    "drill": ("drill_type", "participants", "date"),
    "attendance": ("unit", "count"),
    "query": ("topic", "start", "end"),
    "inspection": ("unit", "count", "hazards_found", "date"),
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


@dataclass
class Reading:
    """One message being read: its normalised text, its day, and what it is read with."""
    t: str
    today: date
    known: tuple[KnownUnit, ...]
    calendar: CnCalendar
    form: Form
    extra: dict[str, Any]

    def days(self, *, dotted: bool = False) -> list[dates.DayMention]:
        return dates.find_days(self.t, self.today, dotted=dotted, calendar=self.calendar)

    def deadline(self, text: str | None = None) -> tuple[date, str] | None:
        return dates.parse_deadline(self.t if text is None else text, self.today, self.calendar)


# Which kind of day mention names "the day" of a record, best first: "春节前，…2月5日开展"
# is the 5th; a weekday alone is the weakest.
_DAY_RANK = {"iso": 0, "md": 0, "dotted": 0, "relative": 1, "holiday": 2, "weekday": 3}


def _stated_day(mentions: list[dates.DayMention]) -> dates.DayMention | None:
    # "清明节当天": 当天 is the holiday's own day, not the day sent
    said = {m.end for m in mentions if m.kind == "holiday"}
    valid = [m for m in mentions if m.day is not None and not (m.kind == "holiday" and "后" in m.words)
             and not (m.kind == "relative" and m.words in ("当天", "当日") and m.start in said)]
    return min(valid, key=lambda m: (_DAY_RANK.get(m.kind, 9), m.start)) if valid else None

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
    "値": "值", "単": "单", "資": "资", "総": "总", "結": "结", "類": "类", "吿": "告",
})
_TYPOS = [
    (re.compile(r"值斑|植班|执班|直班"), "值班"), (re.compile(r"值首|值手"), "值守"),
    (re.compile(r"另报告|〇报告|0报告|零报道|零保告|零报靠"), "零报告"),
    (re.compile(r"隐换|引患|隐惠"), "隐患"), (re.compile(r"演炼|演连|眼练|沿练"), "演练"),
    (re.compile(r"签道|签倒|前到(?=[，。,\s]|$)"), "签到"), (re.compile(r"整该|整盖"), "整改"),
    (re.compile(r"消号"), "销号"), (re.compile(r"突发时间"), "突发事件"),
    (re.compile(r"(?<=\s)令报告|^令报告"), "零报告"), (re.compile(r"值版"), "值班"), (re.compile(r"总节(?=[，,。\s改再]|$)"), "总结"),
    (re.compile(r"现期|线期(?=\s*\d|[一二两三四五六七八九十])"), "限期"), (re.compile(r"高压先"), "高压线"),
    (re.compile(r"冲电"), "充电"), (re.compile(r"红路灯"), "红绿灯"),
    # the pinyin input method's near misses: 灵/零 (ling), 图/突 (tu)
    (re.compile(r"灵报告|零报(?![告道送表销])"), "零报告"), (re.compile(r"(?<=[无没])图发|图发(?=事件)"), "突发"),
]
# "报告县应急局：…" reports to the bureau: the addressee is no unit of the report.
_ADDRESSEE = re.compile(r"^报告(?:[县市区镇]|[\u4e00-\u9fff]{1,6}?)(?:应急管理局|应急局|应急办|安委办|领导|指挥部|值班室)[：:，, ]")
# Dialect words for the day and for "nothing", as northern and southern officers type them:
# "今儿个" (today), "昨儿" (yesterday), "冇得么子事" (nothing at all), "啥子" (what).
_DIALECT = [
    (re.compile(r"今儿个|今个儿|今儿|今朝(?![有酒])"), "今天"), (re.compile(r"昨儿个|昨个儿|昨儿|夜儿个"), "昨天"),
    (re.compile(r"明儿个|明个儿|明儿"), "明天"), (re.compile(r"前儿个"), "前天"),
    (re.compile(r"冇得|冇有"), "没有"), (re.compile(r"冇"), "没"), (re.compile(r"么子|啥子|嘛子"), "什么"),
    # "报齐了木有", "没得啥子情况", "莫得事" (not "没得到": got nothing)
    (re.compile(r"木有|莫得|没得(?!到)"), "没有"), (re.compile(r"仲(?=未|冇|没|有|要)"), "还"),
    # Cantonese in a southern group: "值班系边个" (who is on duty), "有咩事" (anything)
    (re.compile(r"边个"), "谁"), (re.compile(r"系(?=谁)"), "是"), (re.compile(r"(?<=[有冇没系是做])咩"), "什么"),
    (re.compile(r"(?<=[发给帮])俺(?![们])"), "我"),      # "发俺一份", "帮俺起个草"
]


_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200d]+")
_MENTION = re.compile(r"@[\w\u4e00-\u9fff]{1,32}\s*")
# "各位领导，…请审阅": the address to superiors opens a report, it is not a notice.
_SALUTATION = re.compile(r"^(?:报告领导[，,：:！! ]*|各位领导们?(?:好|您好)?[，,：:！! ]+|"
                         r"(?:领导们?|[\u4e00-\u9fff]{1,2}(?:主任|局长|书记|科长|镇长))(?:您?好)?[，,：:！! ]+)")


_ADDRESS = re.compile(r"^\s*@(?P<name>[\u4e00-\u9fff]{2,20})")


def addresses_a_unit(text: str) -> bool:
    """True when a message opens by naming a unit ("@河口镇 …"): it speaks to that unit
    (a reminder, a request), not for it. "@值守助手 …" addresses the bot, no unit."""
    m = _ADDRESS.match(text or "")
    return bool(m and units.is_unit_name(m.group("name")))


def normalize(text: str) -> str:
    t = (text or "")[:MAX_CHARS]
    t = t.translate(_FULLWIDTH).translate(_VARIANTS)
    t = re.sub(r"<[^>]{0,200}>", "", t)          # markup a client may leave in
    t = re.sub(r"[\u200b-\u200f\ufeff]", "", t)  # zero-width characters
    t = re.sub(r"(?<!\d)\d\ufe0f?\u20e3", " ", t)     # keycap numbers (1️⃣ 2️⃣) are list bullets
    t = _EMOJI.sub(" ", t).strip()
    t = _MENTION.sub("", t)                     # "@值守助手 …": the address is no content
    t = _SALUTATION.sub("", t)
    t = _ADDRESSEE.sub("", t)
    for rx, good in _TYPOS + _DIALECT:
        t = rx.sub(good, t)
    t = re.sub(r"元月(?=\s*(?:\d|[一二三四五六七八九十]))", "1月", t)     # 元月 is January
    t = re.sub(r"[ \t]+", " ", t)
    return t.strip()


_WORD_GAP = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")


def spaced_out(t: str) -> str:
    """Text typed with a space between most words ("车 陷进 冰窟窿 人 自己 爬出来 了",
    "值班 都 正常") without them, so that words split by the input method are read whole.
    Text with a few spaces between its clauses is left as it is."""
    gaps = len(_WORD_GAP.findall(t))
    if gaps >= 3 and gaps * 6 >= len(re.findall(r"[\u4e00-\u9fff]", t)):
        return _WORD_GAP.sub("", t)
    return t


# ------------------------------------------------------------------ per intent


def _duty(r: Reading) -> Intent:
    t, today, form = r.t, r.today, r.form
    unit = form.title_unit or _form_unit(form.get("unit"), r) or _reporter(t, r) or _own_name(t, r) \
        or (_signed(t, r) if re.match(r"报告[：:]", t) else None) \
        or units.reporting_unit(t, r.known) or _headed(t, r) or _signed(t, r) or _spaced_unit(t, r)
    situation = spaced_out(form.get("situation") or t)
    if unit:                                # "区消防救援大队" names no 救援 that happened
        situation = situation.replace(unit, "")
    # "…已设置围挡，其余正常": the rest is quiet, so something was reported
    # (a round made and nothing seen, then "其他无异常，零报告", is still a quiet day)
    zero = not _has_incident(situation) and not (_REST_QUIET.search(situation) and not re.search(r"零报告|无突发", situation))
    day = None
    if "error" not in r.extra:
        mentions = [m for m in r.days(dotted=True) if m.kind != "dotted" or _dotted_duty_day(t, m)]
        # "国庆期间值班…" names no single day: a festival counts only as the day itself
        mentions = [m for m in mentions if m.kind != "holiday" or not re.match(r"\s*(?:期间|假期|前|后)", t[m.end:])]
        # "昨夜到今晨无险情 今日零报告": the day the report words follow is the duty day
        framed = [m for m in mentions if m.day is not None and re.match(r"[ \t]*的?(?:值班|值守|零报告)", t[m.end:])
                  and not re.search(r"(?:假期|长假|期间)$", m.words)     # "清明假期值班" names no one day
                  and (m.kind != "holiday" or re.search(r"初|第|元宵|除夕", m.words))]   # nor "带班领导：钟国庆"
        found = _stated_day(framed) or _stated_day(mentions)
        if found is None:   # "小河镇19号值班正常", "14号 西坨镇 零报告": a day of this month (or the last)
            m = re.search(r"(?<![月\d.\-/])(\d{1,2})\s*[日号]\s*(?=的?(?:值班|值守|零报告))|^(\d{1,2})\s*[日号](?=\s)|"
                          r"(?:值班|值守)[^，,。：:]{0,6}[：:]\s*(\d{1,2})\s*[日号](?=[\u4e00-\u9fff])", t)
            day = dates.day_of_month(int(m.group(1) or m.group(2) or m.group(3)), today) if m else None
        if found is not None:
            day = found.day
            if found.kind == "weekday" and day > today:
                day -= timedelta(days=7)
    r.extra["date_explicit"] = day is not None
    r.extra["events"] = "" if zero else _events_text(t)
    return _make("duty_report", {"unit": unit, "zero": zero, "date": day}, r.extra)


# "今日值班情况（城关镇）：…", "值班报告——石门乡：…": the unit beside the header
_HEADED_UNIT = re.compile(r"^[^，,。：:]{0,10}(?:值班|值守)[^，,。：:（(—]{0,6}"
                          r"(?:[（(](?P<a>[^）)]{2,16})[）)]|[—\-－]+\s*(?P<b>[^：:，,。]{2,16}))")
_REST_QUIET = re.compile(r"[^，,。；;\s]{4,}[，,。；;\s]*其[余他它](?:均|都|一切)?\s*(?:正常|平稳|无异常|无事|没事|没什么事|没啥事)")
_SIGNATURE = re.compile(r"[—\-－~～]+\s*(?P<name>[\u4e00-\u9fff]{2,16})\s*$")


def _dotted_duty_day(t: str, m: dates.DayMention) -> bool:
    """A dotted "12.14" names the duty day where it heads the message, sits in brackets, or
    stands next to the duty words ("1.10值班", "值班日报（8.12）", "零报告（12.14）")."""
    return m.start == 0 or (t[m.start - 1: m.start] in "（(" and t[m.end: m.end + 1] in "）)") \
        or bool(re.search(r"^补报[：:\s]*$", t[:m.start])) or (m.start < 20 and (
        bool(re.match(r"\s*(?:值班|值守|零报告|日)", t[m.end:]))
        or bool(re.search(r"(?:值班|值守|零报告)(?:情况|日报|报告|信息)?\s*[（(：:]?\s*$", t[:m.start]))))


# "报告石桥镇昨晚…", "东关街道报告：…": the unit that reports, before the news it reports
_REPORTER = re.compile(r"^报告[，,：:！!\s]*(?P<a>[\u4e00-\u9fff]{2,14})|^(?P<b>[\u4e00-\u9fff]{2,14}?)报告[：:]")


def _reporter(t: str, r: Reading) -> str | None:
    m = _REPORTER.match(t)
    if not m:
        return None
    words = m.group("a") or m.group("b")
    if m.group("b"):    # "杨柳镇今晚补充报告：": the unit, then when and how it reports
        words = re.sub(r"(?:今晚|今天|今日|昨晚|昨天|凌晨|上午|下午|晚上)?(?:补充|紧急|续)?$", "", words) or words
    if m.group("a"):    # the longest unit name the words open with
        words = next((words[:n] for n in range(len(words), 1, -1) if units.is_unit_name(words[:n])), "")
    if not units.is_unit_name(words):
        return None
    return (units.match_unit(words, r.known) if r.known else None) or words


def _known_or(name: str | None, r: Reading) -> str | None:
    return ((units.match_unit(name, r.known) if r.known else None) or name) if name else None


def _own_name(t: str, r: Reading) -> str | None:
    """"我们书院街道…", "俺们大洼镇…": the sender names its own unit after 我们."""
    m = re.match(r"(?:我们|俺们|咱们)\s*", t)
    return _known_or(evidence.leading_unit(t[m.end():]), r) if m else None


def _spaced_unit(t: str, r: Reading) -> str | None:
    """"除夕夜值班 西华门街道 一切平稳": a unit name standing alone between spaces."""
    for word in re.split(r"\s+", t):
        if 2 < len(word) <= 16 and units.is_unit_name(word):
            return _known_or(word, r)
    return None


def _headed(t: str, r: Reading) -> str | None:
    m = _HEADED_UNIT.match(t)
    name = m and (m.group("a") or m.group("b"))
    if not name or not units.is_unit_name(name):
        return None
    return (units.match_unit(name, r.known) if r.known else None) or name


def _signed(t: str, r: Reading) -> str | None:
    """The unit a message is signed with at its end: "…平安无事 —南山镇"."""
    m = _SIGNATURE.search(t)
    if not m or not units.is_unit_name(m.group("name")):
        return None
    return (units.match_unit(m.group("name"), r.known) if r.known else None) or m.group("name")


def _form_unit(value: str, r: Reading) -> str | None:
    """A unit written in a form's field: the known unit or place it names, else the value."""
    if not value:
        return None
    value = value.strip()
    return units.extract_unit(value, r.known, specific=True) or (value if 2 <= len(value) <= 30 else None)


# A negation reaches to its clause's end or to the exception it lets in ("没啥大情况就是岩口掉了
# 几个石头"); a run-on by voice has no clause's end, so twelve characters at most.
_NEGATED = re.compile(r"(?:无|未|没有|未发生|未造成|未出现|没)(?!回家|回来|找到|联系上)(?:(?!就是|只是|但是|不过)[^，,。；;：:！!]){0,12}")
_INCIDENT = re.compile(
    r"发生|起火|着火|火情|火灾|失火|冒烟|事故|泄漏|泄露|侧翻|翻车|碰撞|碰擦|剐蹭|刮擦|追尾|受伤|擦伤|伤亡|死亡|身亡|遇难|溺水|"
    r"坍塌|倒塌|塌方|滑坡|落石|积水|内涝|被困|救援|扑灭|处置|抢修|转移|疏散|报警|爆炸|险情|警情|损毁|停电|中毒|走失|"
    r"纠纷|打架|斗殴|自杀|送医|上访|聚集|倒伏|阻断|断电|停水|漏水|塌陷|垮塌|落水|火警|求助|搜救|搜寻|受损|损失|"
    r"吹落|坠落|掉落|脱落|刮倒|吹倒|砸[坏伤中到]|困人|被困|漏气|爆管|冒顶|山火|找回|触电|撞|翻入|失联|"
    r"点着|烧着|着了|浇灭|烧毁|烧坏|"
    # wind and slopes: "彩钢房顶被刮掉了一半", "山体滑塌…恢复通行"
    r"[刮吹掀][掉飞翻跑坏开]|滑塌|崩塌|恢复通行|交通中断|过火|扑救|小火|超压|起跳|爆胎|拖走|"
    r"报了警|联系不上|没回家|没回来|虚惊一场|跳江|跳河|跳楼|轻生|劝离|带离|自燃|引着|走散|压塌|冻死|"
    # stones or branches that came down: "掉了几个石头在路上"
    r"掉(?:了|下来?)[^，,。；;]{0,4}(?:石头|石块|树枝|树)|"
    # water that broke something, a vehicle that left the road: "护坡被冲毁", "滑到路边沟里"
    r"冲毁|冲垮|冲断|冲走|淹没|漫堤|漫顶|决口|溃口|滑到|滑进|滑入|滑落|侧滑|陷入|掉进|掉入|跌落|拖出|抛锚|拖离|故障车|"
    # people hurt or lost, boats upset: "手部被卷伤", "与家长走散", "小舢板翻扣", "碰到码头"
    r"[卷夹砸烫摔割刺烧灼撞扭压]伤|轻伤|重伤|骨折|晕倒|昏倒|走散|翻扣|翻覆|倾覆|搁浅|触礁|碰到|溜车|"
    # something noticed and dealt with: "群众反映闻到燃气味…已处理"
    r"闻到|异味|燃气味|群众反映|有人反映|已处理|处理完毕|"
    # a call about smoke checked and stopped: "电话反映山上有烟，经核实…已劝阻熄灭"
    r"反映|有烟|烟雾|火光|劝阻|熄灭|经核实|走丢|走失|冻裂|跑水|爆裂|冒水|被冲|冲坏|进水|拉了?警戒|设置?了?警戒|"
    r"掉下去|掉水里|掉河里|救上来|救起|"
    # a crowd beyond its limit ("人流过大…21点恢复正常", "客流超限，启动限流预案，分批放行"); people
    # directing a crowd that stayed in bounds ("联合疏导，未发生拥挤踩踏") report no event
    r"人流过大|客流过大|超限|分批放行|恢复正常|启动[^，,。；;]{0,6}(?:预案|响应)"
)


# Fire prevention at the forest's edge, the day's routine and no event: "劝阻带火种上山群众15人次",
# "劝返进山人员8人", "收缴火种20余份".
_FIRE_PREVENTION = re.compile(r"劝(?:阻|返|离)(?:携带|带)?火种[^，,。；;]{0,12}|劝阻[^，,。；;]{0,10}|收缴[^，,。；;]{0,10}|"
                              # an event ended and its crowd went home: "活动已结束人员已疏散"
                              r"(?:活动|演出|晚会)[^，,。；;]{0,4}结束[^。；;]{0,8}疏散|散场|劝返[^，,。；;]{0,10}?(?:进山|上山|入山)[^，,。；;]{0,8}")


def _has_incident(t: str) -> bool:
    body = _NEGATED.sub("", _FIRE_PREVENTION.sub("", t))
    body = re.sub(r"其[余他][^，,。；;]*(?:正常|异常)", "", body)
    return bool(_INCIDENT.search(body))


def _events_text(t: str) -> str:
    m = re.search(r"[：:]", t[:40])
    body = t[m.end():] if m else t
    return body.strip()


_LEVEL_MAJOR = re.compile(r"重大[\u4e00-\u9fff]{0,4}隐患|重大隐患")
_LEVEL_NORMAL = re.compile(r"一般[\u4e00-\u9fff]{0,4}隐患|一般隐患")
_LEVEL_CLAUSE = re.compile(r"(?:^|[，,。；;、\s（(])(?:隐患)?(?:等级|级别)?[：:]?\s*(?:经)?(?:判定|认定|评定)?"
                           r"(?:属于?|为|定为|判定为|认定为|初判|初定)?(?P<l>一般|重大)(?:级|等级|类|隐患)?(?=[，,。；;、！!\s）)]|$)")
_DESC_DROP = re.compile(
    r"责任人|负责人|限期|[日天]内|日前|日之前|立即|立行立改|本周内|责令|已通知|已安排|已要求|要求|请|"
    r"属(?:于)?(?:一般|重大)|判定为|为(?:一般|重大)|(?:一般|重大)(?:事故)?隐患$"
)


def _description(t: str) -> str:
    body = units.strip_lead(t)
    # voice input separates its clauses by spaces: "…锂电池 没有分区 仓库主管杨帆 三天内整改"
    parts = [p.strip() for p in re.split(r"[，,。；;！!\n]|\s{1,}(?=[\u4e00-\u9fff])", body) if p.strip()]
    kept = [p for p in parts if not _DESC_DROP.search(p) and not people.responsible(p)]
    desc = "，".join(kept) if kept else body.strip("。 ")
    return desc


def _hazard(r: Reading) -> Intent:
    t, form = r.t, r.form
    place = _form_unit(form.subject("hazard"), r) \
        or units.extract_unit(t, r.known, specific=True)
    place = units.blamed_firm(t, place) or place
    about = " ".join(filter(None, (form.get("problem"), form.get("category"), form.get("place")))) or t
    stated = form.get("category") or categories.inline_category(t) or ""    # "…（类别：其他）…"
    cats = categories.hazard_categories(about, place or "", stated=stated)
    level_text = form.get("level") or t
    level = "重大" if _LEVEL_MAJOR.search(level_text) or level_text.startswith("重大") else (
        "一般" if _LEVEL_NORMAL.search(level_text) or level_text.startswith("一般") else None)
    decided = re.search(r"按(一般|重大)(?:隐患)?(?:报|上报|处理|认定|管理)", level_text)
    if decided:     # "这个算不算重大隐患？先按一般报": the level it is filed at
        level = decided.group(1)
    if level is None:       # "粉尘涉爆，一般，限期15天": the level said as a clause of its own
        said = _LEVEL_CLAUSE.search(level_text)
        level = said.group("l") if said else None
    found = r.deadline(_deadline_words(form.get("deadline"))) if form.get("deadline") else None
    found = found or r.deadline()
    deadline, rule = (found if found else (None, None))
    if "error" in r.extra:
        deadline = None
    who = people.responsible(form.get("responsible")) or _bare_name(form.get("responsible")) or people.responsible(t)
    r.extra.update(
        description=form.get("problem") or _description(t),
        place=place,
        categories=cats,
        level=level or "一般",
        deadline_rule=rule,
    )
    return _make(
        "hazard",
        {"unit": place, "category": cats[0], "level": level, "deadline": deadline, "responsible": who},
        r.extra,
    )


def _deadline_words(value: str) -> str:
    """A form's 整改时限 value as a sentence would say it: "3天" → "限期3天", "12月20日" →
    "12月20日前" (under a deadline key, a day alone is the deadline)."""
    if re.fullmatch(rf"\s*{dates.N}\s*个?(?:天|日|工作日|周|个月)\s*(?:内)?\s*", value):
        return "限期" + value.strip()
    if re.fullmatch(rf"\s*(?:{dates.ISO_DAY}|{dates.MD_DAY})\s*", value):
        return value.strip() + "前"
    dotted = re.fullmatch(r"\s*(\d{1,2})\.(\d{1,2})\s*(?:前|之前)?\s*", value)     # "12.20": a day under the key
    if dotted and 1 <= int(dotted.group(1)) <= 12 and 1 <= int(dotted.group(2)) <= 31:
        return f"{int(dotted.group(1))}月{int(dotted.group(2))}日前"
    return value


def _bare_name(value: str) -> str | None:
    """A form's 责任人 value that ends with a name alone: "王建国", "行政总厨 马建国"."""
    last = (value or "").split()[-1] if (value or "").split() else ""
    return last if people.name_at(last, 0) == last else None


_CODE = re.compile(r"YH[-_－—]?\d{8}[-_－—]?\d{1,4}", re.IGNORECASE)


def _rectified(r: Reading) -> Intent:
    t = r.t
    code = _CODE.search(t)
    stripped = _CODE.sub("", t).strip(" ：:，,")
    unit = _form_unit(r.form.subject("rectified"), r) or units.applicant(t, r.known)
    if unit is None and stripped:
        unit = units.extract_unit(stripped, r.known, specific=True)
    normalized_code = None
    if code:
        digits = re.findall(r"\d+", code.group(0))
        normalized_code = f"YH-{digits[0]}-{int(digits[1]):03d}" if len(digits) == 2 else code.group(0).upper()
    r.extra.update(note=t, code=normalized_code)
    return _make("rectified", {"unit": unit}, r.extra)


_TITLE = re.compile(
    r"(?:组织开展了?|开展了?|举行了?|举办了?|组织了?|进行了?|实施了?|启动了?|的|一次|一场)\s*"
    r"(?P<title>[^，,。；;：:！!？?\s的在于]{2,30}?(?:演练|演习|拉练))"
)
_PLACE = re.compile(r"在\s*(?P<place>[^，,。；;：:！!？?\s]{2,30}?)\s*(?:开展|举行|举办|组织|进行|实施|召开|集结)")
_PLANNED = re.compile(r"定于|将于|将在|计划|拟于|拟在|拟|准备|预计|即将|下周|明天|明日|后天|届时|请各|做好准备")
_HELD = re.compile(r"开展了|举行了|举办了|进行了|组织了|已于|圆满|结束|顺利|效果良好|完成了|已完成|刚刚|成功")


_PART_OF_DAY = re.compile(r"(?<![明后昨前])(?:上午|下午|早上|中午|傍晚|晚上)|今早|今晨|今晚")


def _drill(r: Reading, sent: datetime) -> Intent:
    t, today, extra = r.t, r.today, r.extra
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

    found = _stated_day(_work_days(r)) if "error" not in extra else None
    day = found.day if found else None
    clock = dates.find_clock(t)
    when = None
    if clock is not None:
        base = day or today
        when = datetime(base.year, base.month, base.day, clock[0], clock[1], tzinfo=dates.SHANGHAI)
    pm = _PLACE.search(t)
    place = pm.group("place") if pm else units.extract_place(t)
    if place and re.search(r"演练|演习|请|各单位|明天|今天|下周", place):
        place = None
    dtype = categories.stated_category(r.form.get("category")) or categories.drill_type(title, t, place or "")
    if _PLANNED.search(t) and not _HELD.search(t):
        held = False
    elif _HELD.search(t):
        held = True
    else:
        held = day is None or day <= today
    if day is not None and day > today:
        held = False
    if day is None and held and _PART_OF_DAY.search(t):
        day = today         # "下午进行了…演练": a part of the day, said of a drill held, is today's
    extra.update(title=title, time=when, place=place, held=held)
    return _make("drill", {"drill_type": dtype, "participants": participants, "date": day}, extra)


# A sign-in that opens the message: "梧桐沟镇到位，镇村干部和民兵应急分队共23人已签到" (the town
# signs in, its teams follow); "惠民市场这边柳园街道签到，…" (where it stands, then who signs).
_OPENING_SIGN = re.compile(r"^(?:[\u4e00-\u9fff]{2,12}?(?:这边|那边|这里|现场)\s*)?(?P<u>[\u4e00-\u9fff]{2,16}?)\s*"
                           rf"(?:(?:已经?|全员|(?:参演|参加|应急)?(?:人员|队员)|(?:{people.ROLE_WORD.pattern})[\u4e00-\u9fff]{{2,3}}?)?"
                           r"(?:到位|到齐|报到|签到|到了)(?=[，,。！!：:\s]|$)"
                           r"|(?:共|一共|共计)?(?:到|来了|到了|到场)\s*(?=\d|[一二两三四五六七八九十]))")


def _opening_sign(t: str) -> str | None:
    m = _OPENING_SIGN.match(t)
    return m.group("u") if m and units.is_unit_name(m.group("u")) and not units.is_self_reference(m.group("u")) else None


def _attendance(r: Reading) -> Intent:
    t = r.t
    came = re.search(r"来了|到了", t)
    unit = _form_unit(r.form.get("unit"), r) or _known_or(_opening_sign(t), r) \
        or _known_or(evidence.sign_line_unit(t), r) \
        or units.extract_unit(t, r.known) or (_known_or(evidence.unit_before(t, came.start()), r) if came else None)
    # "街道干部6人、社区网格员9人，共15人": the total stated wins over its parts
    arrived = re.search(r"实到\s*(\d{1,4})", t)
    total = arrived or re.search(r"(?:共|共计|合计|一共|总共)\s*(?:到)?\s*(\d{1,4})\s*(?:人|名|位|(?=\s|$|[，,。）)]))", t)
    count = int(total.group(1)) if total else numbers.head_count(t)
    if count is None:
        m = re.search(r"(?:签到|到场|参演)[^，,。\d]{0,6}?(\d+)(?!\s*[.、)）])\s*(?:人|名|位)?", t)
        if m:
            count = int(m.group(1))
    if count is None:   # "来了3个", "到了9个", "参加演练的有6个": people counted as 个
        m = re.search(rf"(?:来了|到了|到|有|共|一共)\s*(?P<n>\d{{1,4}}|[一二两三四五六七八九十]{{1,3}})\s*个(?!单位|镇|乡|村|部门)", t)
        count = numbers.cn_to_int(m.group("n")) if m else None
    if count is None:   # "渔港镇 到 人数11", "人数十五"
        m = re.search(r"人数\s*[：:]?\s*(\d{1,4}|[一二两三四五六七八九十百]{1,4})", t)
        count = numbers.cn_to_int(m.group(1)) if m else None
    if count is None:   # "签到：王强、李明、张芳": the people named
        count = _names_listed(t)
    if count is None:   # "青山镇7个 都到齐了": the one number counted with 个
        found = re.findall(r"(?<![\d.])(\d{1,3})\s*个(?!单位|镇|乡|村|部门|街道|社区|小时|月)", t)
        count = int(found[0]) if len(found) == 1 else None
    if count is None:
        count = 1
    return _make("attendance", {"unit": unit, "count": count}, r.extra)


_NAME_LIST = re.compile(r"[\u4e00-\u9fff]{2,16}(?:[、,，]\s*[\u4e00-\u9fff]{2,4})+")


def _names_listed(t: str) -> int | None:
    """How many people a sign-in lists by name ("签到：王强、李明、张芳" → 3, "城关镇王强、
    李明签到" → 2: the first may follow its unit's name; a name a line, numbered or not:
    "签到：\n1. 周建平\n2. 吴晓燕"), else None."""
    lines = [re.sub(r"^\s*\d{1,2}\s*[.、)）]?\s*", "", line).strip() for line in t.split("\n")[1:]]
    named = [line for line in lines if line and people.name_at(line, 0) == line]
    if len(named) >= 2 and len(named) == len([line for line in lines if line]):
        return len(named)
    # "签到：王明 张立新 赵红梅": names after the colon, spaced by the input method
    after = re.search(r"[：:]\s*((?:[\u4e00-\u9fff]{2,4}\s+){1,30}[\u4e00-\u9fff]{2,4})\s*$", t)
    if after:
        names = after.group(1).split()
        if all(people.name_at(n, 0) == n for n in names):
            return len(names)
    for m in _NAME_LIST.finditer(re.sub(r"签到|报到|已到|到了|到齐", "", t)):
        first, *rest = re.split(r"[、,，]\s*", m.group(0))
        if rest and all(people.name_at(n, 0) == n for n in rest) \
                and any(people.name_at(first[-k:], 0) == first[-k:] for k in (2, 3) if len(first) >= k):
            return len(rest) + 1
    return None


def _work_days(r: Reading) -> list[dates.DayMention]:
    """The days a drill or an inspection names, a dotted one ("12.4") only where it is
    plainly a day: heading the message, before a part of the day, or before the work
    itself ("12.4 下午 南浦街道…演练", "白莲镇 1.29 检查 …")."""
    return [m for m in r.days(dotted=True) if m.kind != "dotted" or m.start == 0
            or re.match(r"\s*(?:上午|下午|晚上|早上|凌晨|中午|[日号]|检查|巡查|排查|督查|开展|组织|举行)", r.t[m.end:])]


def _inspection(r: Reading) -> Intent:
    t, form = r.t, r.form
    count, found = evidence.inspection_counts(t)
    if count is None:       # "检查对象：餐饮场所 18家": the first number of places named
        m = re.search(r"(\d{1,5})\s*(?:家次|家)", form.get("entity") or form.get("place") or t)
        count = int(m.group(1)) if m else None
    if form.get("count"):
        count = numbers.parse_number(form.get("count")) if count is None else count
    if form.get("hazards_found") and found is None:
        found = numbers.parse_number(form.get("hazards_found"))
    unit = form.title_unit or _form_unit(form.get("unit"), r) or units.extract_unit(t, r.known)
    stated = _stated_day(_work_days(r)) if "error" not in r.extra else None
    day = stated.day if stated else r.today
    r.extra["date_explicit"] = stated is not None
    return _make("inspection", {"unit": unit, "count": count, "hazards_found": found, "date": day}, r.extra)


def _topic(t: str) -> str:
    found = [name for name, rx in evidence._QUERY_TOPIC.items() if rx.search(t)]
    if len(found) == 1 and not evidence._EVERY_TOPIC.search(t):
        return found[0]
    # "值班报告" mentions 报告 only; hazards and drills may also mention 签到/报告 words
    if len(found) == 2 and "duty" in found and not re.search(r"值班|值守|迟报|漏报|没报|未报|缺报|交齐|报齐|零报告|突发事件|"
                                                             r"(?:报送|报告)(?:和|与|及|、)", t):
        found.remove("duty")
        return found[0]
    return "all"


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


_SUMMARY_NOUN = re.compile(r"总结|小结|周报|月报|年报|季报|半年报|简报|汇报材料")


def _summary(t: str, today: date, extra: dict) -> Intent:
    # A summary covers a period already begun: "今年的年度总结…，局里下周要报县委" covers 今年,
    # 下周 is when it is due. Then the period named before the document is the one it covers.
    noun = _SUMMARY_NOUN.search(t)
    whole = dates.resolve_period(t, today)
    head = t[: noun.end()] if noun else ""
    covered = head if whole and whole[0] > today and dates.resolve_period(head, today) else t
    start, end = _period(covered, today, extra)
    kind = _kind_at_noun(t) or _kind_said(t, extra.get("period_label") or "")
    if start is not None and kind is not None and not _fits(kind, start, end):
        # "一季度快结束了，你先按月报的格式把本月的写出来": the month the 月报 covers, not the quarter
        fitting = next((p for p in (dates.resolve_period(c, today) for c in re.split(r"[，,。；;！!\s]", t) if c)
                        if p and _fits(kind, p[0], p[1]) and p[0] <= today), None)
        if fitting:
            start, end = fitting[0], fitting[1]
            extra["period_label"] = fitting[2]
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


def _kind_said(t: str, label: str) -> str | None:
    """The kind said anywhere in the words, else the kind of the period named."""
    if "半年" in t:
        return "half_year"
    if re.search(r"周报|周总结|一周", t):
        return "weekly"
    if re.search(r"月报|月度|月总结", t):
        return "monthly"
    if re.search(r"年报|年度|全年|年终|年总结", t):
        return "yearly"
    if label in ("本周", "上周", "下周"):
        return "weekly"
    if label in ("本月", "上月") or label.endswith("月份"):
        return "monthly"
    if label in ("上半年", "下半年"):
        return "half_year"
    if label in ("今年", "去年") or re.fullmatch(r"\d{4}年", label):
        return "yearly"
    return None


def _kind_at_noun(t: str) -> str | None:
    """The kind the document's own words say: "今年的年度总结…，下半年的数据单独列一块" is yearly."""
    m = re.search(r"(?P<w>半年|年度|年终|全年|月度|周)(?:工作)?(?:总结|小结|报告)|(?P<d>周报|月报|年报|半年报)", t)
    if not m:
        return None
    w = m.group("w") or m.group("d")
    return {"半年": "half_year", "半年报": "half_year", "年度": "yearly", "年终": "yearly", "全年": "yearly", "年报": "yearly",
            "月度": "monthly", "月报": "monthly", "周": "weekly", "周报": "weekly"}[w]


_KIND_DAYS = {"weekly": (7, 7), "monthly": (28, 31), "half_year": (181, 184), "yearly": (365, 366)}


def _fits(kind: str, start: date, end: date) -> bool:
    """Whether a period has the length of a summary of this kind (a month for a 月报)."""
    low, high = _KIND_DAYS[kind]
    return low <= (end - start).days + 1 <= high


# ------------------------------------------------------------------ entry point


def understand(text: str, sent_at: datetime, known_units: Sequence[KnownUnit] = (),
               calendar: CnCalendar | None = None) -> Intent:
    """What a message means. Never raises: unreadable input is `other`. `calendar` is
    the working-day calendar for 限期N个工作日 and holiday names (default: core's, without
    the admin's entries)."""
    try:
        return _understand(text, sent_at, known_units, calendar or default_calendar())
    except Exception:  # a rule bug must not take the bot down; the message stays unparsed
        return Intent("other", {}, {})


def _heaviest(t: str, form: Form, addressed: bool) -> float:
    return max(evidence.weigh(t, form, addressed=addressed).values(), default=0)


def _understand(text: str, sent_at: datetime, known_units: Sequence[KnownUnit], cal: CnCalendar) -> Intent:
    if not isinstance(text, str):
        return Intent("other", {}, {})
    t = normalize(text)
    form = forms.read(t)
    if not form.is_form:        # "隐患：…" is a sentence with a colon, not a form
        form = Form()
    addressed = addresses_a_unit(text)
    name, sure = evidence.decide(t, form, addressed=addressed)
    whole = spaced_out(t)
    # Words split by the input method: read them whole when the split text left the intent in
    # doubt and the whole words weigh more.
    if whole != t and (not sure or name == "other") and _heaviest(whole, form, addressed) > _heaviest(t, form, addressed):
        name, sure = evidence.decide(whole, form, addressed=addressed)
    if name == "other":
        return Intent("other", {}, {})
    today = dates.local_date(sent_at) if isinstance(sent_at, datetime) else date.today()
    r = Reading(t, today, tuple(known_units or ()), cal, form, {"sure": sure})
    if dates.has_invalid_day(t, today):
        r.extra["error"] = "invalid_date"
    if name == "duty_report":
        return _duty(r)
    if name == "hazard":
        return _hazard(r)
    if name == "rectified":
        return _rectified(r)
    if name == "drill":
        return _drill(r, sent_at)
    if name == "attendance":
        return _attendance(r)
    if name == "inspection":
        return _inspection(r)
    if name == "query":
        return _query(t, today, r.extra)
    return _summary(t, today, r.extra)
