"""Questions about notices and their 收到 receipts ("本月通知签收情况", "通知收到了吗",
"哪些单位还没签收通知"): a query with topic "notice".

Kept apart from the corpus's grammar (nlu/intents.py, nlu/evidence.py): LABELS.md knows
the topics hazard, duty, drill and all, and a notice question is `other` there. The router
asks this reader only about a message the grammar found to be `other` or a query, so the
corpus's figures cannot move. Pure; never raises for a string.
"""
from __future__ import annotations

import re
from datetime import date, datetime

from nlu import dates
from nlu.intents import Intent, normalize

MAX_CHARS = 60          # a question, not a notice that mentions 收到
_NOTICE = re.compile(r"通知")
_RECEIPT = re.compile(r"签收|收到|回执|确认收到|已读")
_ASK = re.compile(r"[？?]|吗|呢|多少|几个|几期|几份|哪些|哪个|哪家|哪几|谁|怎么样|如何|情况|统计|签收率|"
                  r"(?:了|齐)没有?$|没有?$|查一下|看一下|看看|汇总")
# A notice itself ("请各单位收到后回复", "通知：…"), sending one, or acknowledging one.
_NOT_A_QUESTION = re.compile(r"^(?:请|各|【|\[|发通知|下发通知|通知[:：]|收到[，,。！!]|收到$)|请各|各单位.*(?:请|务必)")
# Another topic asked about in the same breath belongs to the grammar's answer.
_OTHER_TOPIC = re.compile(r"值班|值守|报送|迟报|漏报|没报|未报|隐患|整改|演练|签到|检查")


def read(text: str, sent_at: datetime) -> Intent | None:
    """The notice question in `text`, or None when it is not one."""
    if not isinstance(text, str):
        return None
    t = normalize(text)
    if not (0 < len(t) <= MAX_CHARS) or _NOT_A_QUESTION.search(t) or _OTHER_TOPIC.search(t):
        return None
    if not (_NOTICE.search(t) and _RECEIPT.search(t) and _ASK.search(t)):
        return None
    today = dates.local_date(sent_at) if isinstance(sent_at, datetime) else date.today()
    extra: dict = {"sure": True, "period_label": None, "chart": False}
    fields: dict = {"topic": "notice"}
    if dates.has_invalid_day(t, today):
        extra["error"] = "invalid_date"
    else:
        found = dates.resolve_period(t, today)
        if found:
            fields["start"], fields["end"], extra["period_label"] = found
    return Intent("query", fields, extra)
