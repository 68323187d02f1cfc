"""A card's content is rendered as markdown by the template: a member's text in it (a hazard's
place, a notice) must stay text, never a link, an image that loads from elsewhere, or markup."""
from __future__ import annotations

from bot.dingtalk.cards import card_params
from handlers.base import Button, Reply


def test_user_text_on_a_card_is_no_link_image_or_markup():
    hostile = ("🔶 隐患 YH-20260618-001\n地点：[整改通知请点此](http://evil.example/x) ![](http://t.example/p.png)\n"
               "问题：**加急** # 标题 <a href='x'>a</a> `code` _斜_ > 引用")
    reply = Reply(hostile, buttons=[[Button("已整改", "hz:done:1")]])
    content = card_params(reply, hostile)["content"]
    for active in ("[", "](", "![", "**", "<a", "`", "_斜_", "# ", "> "):
        assert active not in content
    assert "整改通知请点此" in content and "http://evil.example/x" in content   # still readable
    assert content.startswith("🔶 隐患 YH-20260618-001\n地点：")
    assert card_params(reply, hostile)["title"] == "🔶 隐患 YH-20260618-001"
