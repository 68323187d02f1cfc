"""What the assistant says about scheduled reminders: the /remind settings and the pushes."""

# ---- /remind ------------------------------------------------------------------------------
SETTINGS_HEADER = "⏰ 本群定时提醒（{state}）"
STATE_ON = "已开启"
STATE_OFF = "已关闭"
LINE_DEADLINE = "• 报送截止：{value}（此后报送为迟报，当天未报为漏报）"
LINE_REMIND = "• 催报：{value}（截止 {deadline} 前，提醒未报单位）"
LINE_TALLY = "• 截止汇总：{value}（当日报送情况，发本群和领导群）"
LINE_HAZARDS = "• 隐患提醒：{value}（到期前一天提醒、逾期通知、逾期清单发领导群）"
LINE_WEEKLY = "• 周报草稿：{value}（发领导群）"
LINE_QUIET = "• 免打扰：{value}（期间的提醒顺延到结束时发送，演练提醒除外）"
LINE_LEADERS = "• 领导群：{value}"
LINE_LADDER = "• 逐级催报：截止后 {chief} 私信单位负责人，{leaders} 报领导群；节假日：{holidays}"
LADDER_AFTER = "{minutes}分钟"
HOLIDAYS_ON = "照常升级"
HOLIDAYS_OFF = "不升级（仅群内催报）"
LINE_NOTICE = "• 通知催收：{value}"
LINE_NOTICE_ON = "通知发出 {delay}后，提醒本群未签收的单位（一次）"
HOURS = "{hours}小时"
MINUTES = "{minutes}分钟"
BAD_NOTICE_DELAY = "“{value}”不是有效的时长，请写成“2小时”或“90分钟”（最多12小时），或写“关闭”。"
LINE_TOPIC = "• 提醒发往：{value}"
TOPIC_GENERAL = "主话题（General）"
TOPIC_VALUE = "话题 #{topic}"
TOPIC_HERE = ("本话题", "这里", "此话题")
TOPIC_NOT_IN_ONE = "这条命令不在某个话题里。请在要接收提醒的话题中发送 /remind 话题 本话题。"
BAD_TOPIC = "话题“{value}”不对：请在目标话题里发送 /remind 话题 本话题，或写话题编号，或写“关闭”发回主话题。"
LINE_CHAT_ID = "本群 ID：{chat_id}"
OFF = "关闭"
NOT_SET = "未设置"
DEFAULT_MARK = "（默认）"
SETTINGS_HELP = ("修改（管理员）：/remind 截止 12:00｜催报 10:30｜汇总 12:00｜隐患 09:00｜周报 周五 16:00｜"
                 "免打扰 22:00-07:00｜领导群 群名或群ID｜负责人 60｜报领导 180（截止后分钟数）｜节假日 开启｜通知催收 2小时｜"
                 "话题 本话题｜开启｜关闭；某项写“关闭”即停用该项。")
UNSET_CHAT = "本群 ID：{chat_id}。本群还未设置值班名单；若这是领导群，请在值班群发送 /remind 领导群 {chat_id}。"
LEADERS_CHAT = "本群是领导群（ID：{chat_id}），接收值班群的截止汇总、逾期隐患清单和周报草稿。提醒设置请在值班群里 /remind。"
USAGE = "没看懂这个设置。" + SETTINGS_HELP
BAD_TIME = "时间“{value}”格式不对，请写成 10:30 这样的24小时制时间。"
BAD_WEEKLY = "周报时间“{value}”格式不对，请写成“周五 16:00”。"
BAD_MINUTES = "“{value}”不是有效的时长，请写成“60分钟”或“1.5小时”（截止后多久，最多12小时），或写“关闭”。"
LADDER_ORDER = "报领导群应晚于私信负责人（负责人 {chief} 分钟，报领导 {leaders} 分钟）。"
BAD_QUIET = "免打扰时段“{value}”格式不对，请写成“22:00-07:00”。"
DEADLINE_NO_OFF = "报送截止时间不能关闭，请写成 12:00 这样的24小时制时间。"
REMIND_AFTER_DEADLINE = "催报时间应早于截止时间 {deadline}。"
SAVED = "✅ 已保存：{what}。"
ALL_ON = "✅ 本群定时提醒已开启。"
ALL_OFF = "本群定时提醒已关闭（/remind 开启 可恢复）。"
LEADERS_UNKNOWN = ("没找到群“{name}”：领导群须是已启用的群。请组织管理员先在领导群里发送 /enable 启用，"
                   "再发送 /remind 查看群ID，然后在本群发送 /remind 领导群 群ID。")
LEADERS_WHICH = "有多个已启用的群叫“{name}”：{groups}。请用群ID指定：/remind 领导群 群ID。"
LEADERS_IS_DUTY = "“{name}”是有值班名单的值班群，不能设为领导群。"
LEADERS_SELF = "不能把本群设为自己的领导群。"
NAMES = {"deadline": "报送截止时间", "chief_after": "私信负责人", "leaders_after": "报领导群", "holidays": "节假日升级", "remind_at": "催报",
         "tally_at": "截止汇总", "hazards_at": "隐患提醒", "weekly": "周报草稿", "quiet": "免打扰",
         "leaders_chat_id": "领导群", "topic": "提醒话题", "notice_after": "通知催收"}
WEEKDAYS = {"mon": "周一", "tue": "周二", "wed": "周三", "thu": "周四", "fri": "周五", "sat": "周六",
            "sun": "周日"}

# ---- the pushes ---------------------------------------------------------------------------
REMIND = "⏰ 催报：今天（{day}）值班情况请于 {deadline} 前报送。还没报送的单位（{count}/{expected}）：{items}"
REMIND_WHO = "{unit}（{names}）"
TALLY_HEADER = "📋 {day} 值班报送汇总（截止 {deadline}）"
TALLY_MISSING = "截止时未报：{items}（当日仍未报送即为漏报）"
TALLY_ALL = "✅ 全部单位已按时报送。"
TALLY_YESTERDAY = "{day}最终：漏报 {missed}{names}，迟报 {late}"
TALLY_FOR = "（{title}）"
TALLY_DETAIL = "{title} {day} 值班报送汇总"          # above the leaders' 明细 pages of a push
ESCALATE_DETAIL = "{title} {day} 截止后仍未报送"
OVERDUE_DETAIL = "{title} 逾期未整改隐患（{day}）"
HAZARD_DUE = "⚠️ 隐患整改明天（{deadline}）到期：{code} {place}{description}，当前状态：{status}。请抓紧整改，完成后回复该隐患卡片“已整改”。"
HAZARD_OVERDUE = "🔴 隐患已逾期：{code} {place}{description}，整改期限 {deadline}，当前状态：{status}。请尽快整改并说明情况。"
OVERDUE_LIST_HEADER = "🔴 逾期未整改隐患 {count} 处（{day}，{title}）："
OVERDUE_LIST_LINE = "{i}. {code} {unit}{place} 逾期{days}天（期限 {deadline}，{status}）"
OVERDUE_LIST_MORE = "……等共 {count} 处"
DRILL_SOON = "📣 演练提醒：“{title}”将于 {time} 开始{place}。请参演单位做好准备，到场后发“单位+参演N人”签到。"
DRILL_PLACE = "，地点：{place}"
WEEKLY_HEADER = "📝 本周周报草稿（自动生成，供审阅修改）"
WEEKLY_DETAIL = "{title} 周报草稿（{period}）"      # above the pushed draft's 明细 pages
CHIEF = ("🔔 逐级催报：{title} 的 {unit} {day} 值班情况截止 {deadline} 仍未报送"
         "{reminded}。您是该单位负责人，请督促尽快报送。")
CHIEF_REMINDED = "（群内已催报）"          # the group's 催报 happens once a day
ESCALATE = "📌 {title} {day} 截止 {deadline} 仍未报送 {count} 个单位：{units}{chiefs}"
ESCALATE_CHIEFS = "（已私信单位负责人）"
NOTICE_REMIND = "📨 通知提醒：以下单位尚未签收通知“{text}”：{units}。请点击该通知下方的“收到”。"
