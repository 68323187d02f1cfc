"""What the assistant says about notices (通知) and their 收到 receipts."""

NOTICE = "📨 通知（{sender}）：\n{text}\n\n请各单位值班人员点击下方“收到”签收。"
BUTTON_ACK = "收到"
TALLY_HEADER = "📨 通知签收情况（{at}）：已收到 {acked} / 应收到 {expected}（按单位）"
TALLY_GROUP = "• {title}：{acked}/{expected}"
TALLY_WAITING = "，未签收：{units}"
TALLY_ALL = "✅ 全部单位已签收。"
DETAIL_TITLE = "通知“{text}”签收情况"       # above the tally's 明细 pages
SENT = "已下发到 {count} 个群。"
USAGE = ("用法：/notice 通知内容（发往所有值班群），/notice @群名 @群名 通知内容（只发这些群），"
         "或直接说“发通知：通知内容”。")
UNKNOWN_GROUPS = "没找到值班群：{names}。请写群的完整名称，如 /notice @青石区应急值班群 通知内容。"
NOT_ALLOWED = "只有管理员或领导可以下发通知。"
NO_GROUPS = "还没有设置值班名单的群，无处下发。"
TOO_LONG = "通知太长了（{limit}字以内），请精简后再发。"
ACKED = "已签收，谢谢。"
ACKED_BEFORE = "您已签收过了。"
NOT_BOUND = "请先 /bind 单位名 绑定单位后再签收。"
TRIGGERS = ("发通知：", "发通知:")
