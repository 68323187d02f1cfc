"""Forms as duty groups fill them in: a 【title】 and `key：value` lines.

    【青石镇值班信息】
    带班领导：王强
    值班人员：李明、张芳
    值班情况：今日无突发事件，零报告

`read(text)` returns the title and each value under one canonical key, whatever
synonym the writer used (地点 / 隐患地点 / 位置 → place). The parser reads the values
as it reads free text, so a form and a sentence saying the same yield the same record.
Pure; never raises.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from nlu.units import is_area

# canonical key → the keys writers use for it (longest first when compiled). Three kinds of
# unit key say three different things (see `Form.subject`): the sender's own unit ("上报单位",
# "检查单位": who reports, inspects or signs in), the body a record is about ("企业名称",
# "被检查单位", "责任单位": the firm, site or office answerable), and a bare "单位", whose
# meaning is the form's kind: the reporting unit of a duty form, the firm of a hazard form.
KEYS: dict[str, tuple[str, ...]] = {
    "sender": ("上报单位", "报送单位", "填报单位", "值班单位", "报告单位", "检查单位", "申请单位", "签到单位",
               "所属镇街", "镇街", "报送人单位", "带队单位", "巡查单位", "执法单位", "参演单位", "排查单位", "督查单位"),
    "unit": ("单位",),
    "entity": ("隐患单位", "被检查单位", "被查单位", "受检单位", "检查对象", "企业名称", "单位名称", "场所名称",
               "所在单位", "责任单位", "整改单位", "经营单位", "使用单位", "生产经营单位", "涉及单位", "店名",
               "商户名称", "项目名称", "工程名称", "隐患场所", "所在场所", "企业", "场所", "商户", "门店"),
    "place": ("隐患地点", "隐患位置", "隐患部位", "具体位置", "具体地点", "所在地", "地点", "位置"),
    "address": ("详细地址", "地址"),
    "problem": ("存在问题", "隐患描述", "隐患内容", "隐患情况", "问题描述", "主要问题", "具体问题", "隐患问题",
                "问题", "隐患"),
    "responsible": ("整改责任人", "安全责任人", "第一责任人", "直接责任人", "责任人姓名", "责任人", "整改负责人", "安全负责人",
                    "主要负责人", "企业负责人", "单位负责人", "负责人姓名", "负责人", "联系人"),
    "deadline": ("整改时限", "整改期限", "完成时限", "整改时间", "要求完成时间", "整改完成时间", "要求整改时间", "完成时间",
                 "整改截止时间", "截止时间", "截止日期", "时限", "期限", "限期"),
    "level": ("隐患等级", "隐患级别", "等级", "级别"),
    "category": ("隐患类别", "隐患类型", "类别", "类型", "行业领域", "行业", "领域"),
    "leader": ("带班领导", "值班领导", "带班"),
    "staff": ("值班人员", "值班员", "值班人"),
    "situation": ("值班情况", "值守情况", "今日情况", "当日情况", "事件情况", "突发事件", "情况"),
    "date": ("值班日期", "检查日期", "检查时间", "日期", "时间"),
    "measures": ("整改情况", "整改措施", "处置情况", "处理情况", "措施", "复查情况", "验收情况", "整改结果"),
    "count": ("检查企业数", "检查企业", "检查家数", "检查单位数", "检查场所数", "检查场所", "检查数量", "检查户数"),
    "hazards_found": ("发现隐患数", "发现隐患", "隐患数量", "隐患数", "发现问题数"),
    "participants": ("参演人数", "参演人员", "到场人数", "参加人数", "人数"),
    "drill": ("演练名称", "演练科目", "演练内容", "演练项目", "科目"),
    "code": ("隐患编号", "编号"),
    "reporter": ("上报人", "报告人", "填报人", "报送人", "联系电话", "电话", "备注"),
}
_KEY_OF = {syn: key for key, syns in KEYS.items() for syn in syns}
# A key starts a line, follows punctuation or a line number ("2.问题："), and may be spaced
# out as people align forms ("地 点：", "责 任 人：").
_KEY_RE = re.compile(
    r"(?:^|(?<=[\n\r；;，,。\s】\]\d.、)）]))(?P<key>"
    + "|".join(r"[ \t\u3000]*".join(map(re.escape, k)) for k in sorted(_KEY_OF, key=len, reverse=True))
    + r")\s*[：:]\s*"
)
_TITLE = re.compile(r"^\s*(?:【(?P<a>[^】]{1,40})】|\[(?P<b>[^\]]{1,40})\]|〔(?P<c>[^〕]{1,40})〕)")

# Words of a title that say what the form is; what precedes them names the unit.
TITLE_INTENTS: tuple[tuple[str, str], ...] = (
    (r"整改销号|销号申请|申请销号|整改完成|整改回复|整改反馈|整改报告|复查销号", "rectified"),
    (r"检查情况|检查工作|巡查情况|执法检查|检查日报|检查统计|排查情况|督查情况|检查汇总", "inspection"),
    (r"隐患上报|隐患报告|隐患登记|隐患排查|隐患信息|隐患|问题上报|风险上报", "hazard"),
    (r"值班信息|值班情况|值守情况|值班报告|值班日报|值班值守|零报告|值班", "duty_report"),
    (r"演练签到|签到", "attendance"),
    (r"演练", "drill"),
)
_TITLE_WORDS = re.compile(
    r"(?:关于)?(?:\d{1,2}月\d{1,2}日|今日|今天)?(?:" + "|".join(p for p, _ in TITLE_INTENTS)
    + r")(?:表|单|信息|情况|报告|申请|日报)?$"
)


@dataclass(frozen=True)
class Form:
    title: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    intent: str | None = None     # what the title says the form is
    title_unit: str | None = None  # "青石镇" of 【青石镇值班信息】

    def get(self, key: str) -> str:
        if key == "unit":   # the form's own unit: a bare 单位 line, else its sender's (值班单位, 报送单位)
            return self.fields.get("unit") or self.fields.get("sender", "")
        return self.fields.get(key, "")

    @property
    def is_form(self) -> bool:
        return bool(self.intent or len(self.fields) >= 2)

    def subject(self, kind: str) -> str:
        """The value naming the unit a record of this kind is about, by what each key means.

        A hazard or a 销号 is about the firm, site or office answerable for it: the body a
        form names ("单位：", "企业名称：", "责任单位：") wins over where it is ("地点：", a
        village, an industrial park, a road junction) and over a street address; the sender
        ("上报单位：") is no place at all. An area ("地点：桐木镇" beside "单位：桐木镇人民政府") gives way
        to a place inside it only when the body is itself that bare area. A duty report, an
        inspection or a sign-in is the sender's: "值班单位：", "检查单位：" or a bare "单位："; the
        body inspected ("被检查单位：", "检查对象：") is not the inspecting unit."""
        if kind in ("hazard", "rectified"):
            body = self.get("entity") or self.fields.get("unit", "")
            where = self.get("place")
            if body and where and is_area(body) and where.startswith(body) and len(where) > len(body):
                return where        # "单位：青石镇" + "地点：青石镇大坪村后山": the place inside it
            return body or where or self.get("address")
        if kind == "drill":
            return self.get("place") or self.get("entity")
        return self.get("unit")


def read(text: str) -> Form:
    """The title and `key：value` fields of a message (empty when it has neither)."""
    if not text:
        return Form()
    title = ""
    m = _TITLE.match(text)
    if m:
        title = (m.group("a") or m.group("b") or m.group("c") or "").strip()
    fields: dict[str, str] = {}
    hits = list(_KEY_RE.finditer(text))
    for i, hit in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(text)
        value = text[hit.end(): end]
        value = re.sub(r"\s\d{1,2}[.、)）]\s*$", "", value).strip(" \t\r\n；;，,。")   # the next line's number
        key = _KEY_OF[re.sub(r"[ \t\u3000]", "", hit.group("key"))]
        if key == "responsible" and _SPACED_NAME.fullmatch(value.strip()):
            value = re.sub(r"[ \t\u3000]", "", value)    # "王 建国": a name spaced out by the input method
        if value and key not in fields:
            fields[key] = value
    bare = _bare_fields(text)
    # "单位 红砖楼社区13栋 / 问题 楼道堆物": keys without colons, a line each (two of them, or one
    # in a form already: "整改时限 12月20日" under colon lines)
    if len(bare) >= 2 or (bare and (len(fields) >= 2 or _title_meaning(title)[0])):
        for key, value in bare.items():
            fields.setdefault(key, value)
        if not title:       # "隐患上报" alone on the first line titles such a form
            first = text.strip().split("\n", 1)[0].strip()
            title = first if len(first) <= 12 and _title_meaning(first)[0] else ""
    intent, unit = _title_meaning(title)
    return Form(title, fields, intent or _meaning_of_keys(fields), unit)


def _meaning_of_keys(fields: dict[str, str]) -> str | None:
    """What an untitled form is, by the keys it fills in ("1.单位：… 2.日期：… 3.值班领导：…
    4.情况：无" is a duty report); None for fewer than three keys or a mix that says nothing."""
    keys = set(fields)
    if len(keys) < 3:
        return None
    if keys & {"leader", "staff"} and "situation" in keys:
        return "duty_report"
    if "problem" in keys and keys & {"responsible", "deadline", "level", "category"} and "measures" not in keys:
        return "hazard"
    if "count" in keys and "hazards_found" in keys:
        return "inspection"
    if "drill" in keys and "participants" in keys:
        return "drill"
    return None


_SPACED_NAME = re.compile(r"[\u4e00-\u9fff](?:[ \t\u3000]+[\u4e00-\u9fff]{1,2}){1,2}")
_BARE_KEY_RE = re.compile(
    r"^[ \t\u3000]*(?:\d{1,2}(?:[.、)）][ \t]*|[ \t]+))?(?P<key>"
    # a key may be spaced out as people align forms: "地 点  海滨区北塘镇"
    + "|".join(r"[ \t\u3000]?".join(map(re.escape, k)) for k in sorted(_KEY_OF, key=len, reverse=True))
    + r")[ \t\u3000]+(?P<value>\S[^\n]*)$",
    re.M,
)


def _bare_fields(text: str) -> dict[str, str]:
    """Lines that open with a key and a space instead of a colon, by canonical key."""
    fields: dict[str, str] = {}
    for m in _BARE_KEY_RE.finditer(text):
        value = m.group("value").strip(" \t；;，,。")
        if value:
            fields.setdefault(_KEY_OF[re.sub(r"[ \t\u3000]", "", m.group("key"))], value)
    return fields


def _title_meaning(title: str) -> tuple[str | None, str | None]:
    if not title:
        return None, None
    for pattern, intent in TITLE_INTENTS:
        if re.search(pattern, title):
            m = _TITLE_WORDS.search(title)
            unit = title[: m.start()].strip(" ·-—") if m else ""
            return intent, unit if len(unit) >= 2 else None
    return None, None
