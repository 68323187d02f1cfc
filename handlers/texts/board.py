"""The live status board of a duty day and /today's link to it."""

HEADER = "📋 {day} 值班报送看板（截止 {deadline}）"
ON_TIME = "✅ {unit} 按时（{time}）"
LATE = "⚠️ {unit} 迟报（{time}）"
WAITING = "⏳ {unit} 未报"
MISSED = "❌ {unit} 漏报"
MORE = "……另有 {count} 个单位：{parts}"
MORE_WAITING = "未报 {count}"
MORE_MISSED = "漏报 {count}"
MORE_LATE = "迟报 {count}"
MORE_ON_TIME = "按时 {count}"
COUNTS = "已报 {reported} / 应报 {expected}"
COUNTS_PAST = "已报 {reported} / 应报 {expected}（截止时未报即为漏报）"
ALL_DONE = "✅ 全部单位已报送。"
LINK = "今日看板：{link}"
# No link: a Telegram basic group, or DingTalk (a card, never pinned). Nothing here says
# pinned: whether a pin happened is the platform's business, not known to the handler.
LINK_ABOVE = "今日看板是本群上方的看板消息（随报送更新），内容如下："
