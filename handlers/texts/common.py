"""What the assistant says everywhere: registration, refusals, errors."""

# {deadline}: the group's duty deadline (/remind 截止), or where it is set when no group is known.
HELP_IN = """值守助手可以帮您：
• 值班报送：直接发“青石镇今日无突发事件，零报告”，{deadline}前为按时
• 查报送：/today 今日报送情况，/missing 谁还没报
• 隐患：发“隐患：地点+问题+责任人+限期”，或 /hazard 逐步填写；/hazards 在办隐患，/ledger 导出台账
• 演练：/drill 标题 日期 时间 地点；发“青石镇参演12人”登记人数；/drills 本月
• 提问：“本周隐患整改情况”“今天哪些单位没报”“近7天演练情况”“本月通知签收情况”
• 总结：“生成本周周报”或 /summary weekly
• 明细：答复和周报下的“🔍 明细”按钮列出每个数字背后的记录（隐患编号、各单位报送时间、签到、检查记录、通知签收、催报记录；看板上也有），可翻页
• 节假日：/holiday 查看；管理员 /holiday、/workday 录入放假与调休上班日
• 绑定：/bind 单位名；管理员 /addunit 单位 [别名]，/units，/role @用户 leader|admin|inspector|chief|duty，/remind（含 /remind 截止 12:00 设置截止时间）"""
HELP = HELP_IN.format(deadline="截止时间（默认 12:00）")

START_PRIVATE = "您好，我是值守助手。请把我加入值班群使用。\n\n" + HELP
START_GROUP = "值守助手已就绪。\n\n" + HELP
PRIVACY_WARNING = ("⚠️ 我目前只能看到命令和对我的回复，收不到普通报送消息。"
                   "请在 BotFather 中执行 /setprivacy 选择 Disable，或把我设为群管理员。")
STRANGER_HINT = "您好，{name}。您还未登记单位，消息未记录。请发送 /bind 单位名 进行绑定（如 /bind 青石镇）。"
NOT_SET_UP = "本群还未设置值班名单。请管理员发送 /addunit 单位名 添加单位。"
GROUP_ONLY = "值班报送、隐患、检查和演练请在值班群里发送，私聊中不登记，本条未记录。"
PRIVATE_ONLY_GROUP = "请在值班群里使用这个命令。"
ADMIN_ONLY = "抱歉，只有管理员可以这样做。"
LEADER_ONLY = "抱歉，只有领导或管理员可以这样做。"
CANNOT_CHECK_ADMIN = "暂时无法确认您的群管理员身份，请稍后再试，本次未做任何更改。"
INTERNAL_ERROR = "抱歉，处理这条消息时出了点问题，已记下，请稍后再试。已保存的记录不受影响。"
EMPTY = "没有收到内容。需要帮助请发 /help。"
TOO_LONG = "消息太长了（超过{limit}字），请精简后再发。"
UNKNOWN_COMMAND = "没有这个命令。发 /help 查看可用命令。"
NOT_UNDERSTOOD_PRIVATE = "没看懂这条消息。值班报送请在值班群里发，例如“青石镇今日无突发事件，零报告”。"
BUTTON_EXPIRED = "这个按钮已失效。"
ROOT_ONLY = "抱歉，只有本组织的根管理员（BOT_ADMINS）可以这样做。"
NOT_ENABLED = ("本群尚未启用值守助手，消息未记录。请本组织的管理员在群里发送 /enable 启用。")
ANONYMOUS = "您正以群组或频道的匿名身份发言，值守助手无法确认您是谁，本条未记录。请关闭匿名后以本人身份发送。"
PRIVATE_NOT_MEMBER = "您好，您还不是本组织的成员，这里只能提供使用说明。\n\n"
ENROLLED_NOW = "✅ 本群已由根管理员启用，成为本组织的值班群。"
NOT_MEMBER_BUTTON = "您还未绑定单位，不能操作这个按钮。请先发送 /bind 单位名 绑定。"

# Adapters without quote-reply (DingTalk) name the message an answer is about.
QUOTE_LINE = "回复 {name}「{text}」："
QUOTE_SNIPPET = 30
# A button's short answer, said in the chat when the platform has no popup (DingTalk).
ALERT_LINE = "{name}：{alert}"
# DingTalk delivers only messages that @-mention the robot in a group.
MENTION_HELP = "在钉钉群里请先 @值守助手 再说，如“@值守助手 青石镇今日零报告”：群里只有 @ 它的消息才会送达。"
NOT_RECORDED = "⚠️ 系统暂时无法写入数据库，您的这条消息没有被记录。请稍后重新发送一次。"
