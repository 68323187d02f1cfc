"""Evidence for each intent, weighed: which of the assistant's records a message is.

Cues of every kind (report words, incident words, question words, sign-in words, a
form's title) add weight to the intents they speak for; the heaviest intent wins and
`other` wins when nothing weighs enough. Counter-evidence is weight too: a notice to
all units (请各单位…) speaks for `other`, a handled incident inside a duty report's frame
for `duty_report` rather than `hazard`. Pure; never raises for a normalised string.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date

from nlu import dates, numbers, people, units
from nlu.forms import Form

_SUMMARY_DOC = re.compile(r"周报|月报|年报|季报|半年报|简报|总结|小结|报告|汇报材料|工作汇报")
_SUMMARY_DOC_ALONE = re.compile(r"周报|月报|年报|季报|半年报")
_SUMMARY_VERB = re.compile(
    r"改一?版|再改|修改一?下|更新一?下|重新(?:出|做|写|生成)|生成|起草|草拟|拟写|撰写|写一?[份个篇下]?|编写|整理一?[份个下]?|形成|出一?[份个篇下]|做一?[份个篇下]|弄一?[份个下]|"
    r"来一?[份个篇]|给我一?[份个篇]|(?:先)?[起开]个?头|一起弄|也弄|一块弄|弄了吧|一起写|动笔|开始写|写起来|(?:再)?出一?稿|起个?稿|[拉搭起]个?框架|框架列出来|列出框架|抓紧(?:弄|写|出|搞)|调整后再出|帮我|帮俺|帮忙|起个?草|打个?草稿|导出|输出|出一?版|草稿|初稿|先出|整一?[份个篇]|列个?提纲|拟个?提纲|"
    r"[弄搞整做写]出来|按[^，,。]{0,8}(?:格式|模板|样子|样式)[^，,。]{0,2}(?:出|写|做|弄|整|来)|改一?下"
)
# A bare request, a period and a topic or a summary and nothing else ("上个月演练",
# "本周隐患整改", "半年总结"): what a leader in a hurry types to the assistant.
_BARE_PERIOD = (r"(?:本|这|上|上个|这个)(?:周|星期|礼拜|月|季度?)|(?:今|去|本)年|[上下]?半年|年度|年终|月度|全年|"
                r"(?:近|最近)(?:\d{1,3}|[一二两三四五六七八九十]{1,2})(?:天|日|个?周|个?星期|个?月)")
# "2026年上半年", "去年全年", "今年以来": a year's number or a second period word may join it
# "11月份工作总结", and a unit's own: "白沙镇这个月的隐患"
_BARE_LEAD = rf"(?:\d{{4}}\s*年度?|(?:\d{{1,2}}|[一二三四五六七八九十]{{1,2}})\s*月份?|{_BARE_PERIOD}){{1,2}}"
_BARE_UNIT = r"(?:[\u4e00-\u9fff]{2,8}?(?:镇|乡|街道|社区|村|县|区)的?)?"
_BARE_QUERY = re.compile(rf"^{_BARE_UNIT}{_BARE_LEAD}(?:以来)?的?(?:各单位|全县|全区|全镇|全市)?(?:隐患|整改|销号|值班|值守|报送|演练|签到)+(?:工作)?[。？?]?$")
_BARE_SUMMARY = re.compile(rf"^{_BARE_LEAD}的?(?:工作)?(?:总结|小结)[。]?$")
_ABOUT_A_DRAFT = re.compile(r"要不要|一定要[^，,。？?]{0,8}吗|需不需要|是否需要|用不用|加不加|写不写|"
                            # a unit's own report, received: "柏溪县报的那个月报我看了", "报上来的年度总结收到了"
                            r"报的(?:那个|这个|那份|这份)?[^，,。]{0,4}(?:周报|月报|年报|总结)|报上来的|"
                            r"(?:周报|月报|年报|总结)[^，,。]{0,4}(?:收到了|已收到)|已发邮箱|发邮箱了|请查收|"
                            r"(?:已经?|已)(?:发|传|交|报)(?:到|给)?(?:您|你)|请(?:审阅|审定|审核|过目|批示)")
_SUMMED_UP = re.compile(r"(?:总结|小结)一?下")
_SUMMARY_NOT = re.compile(r"报送|上报|提交|交上来|(?<![月周年])报来|报上来|填报|值班报告|自查报告|零报告|总结会|总结视频会|总结大会|召开|会议")

_QUESTION = re.compile(
    r"[？?]|吗|(?<!着)呢|多少|(?<!没)(?:有|是|干|为)啥|啥(?:时候|情况|意思|原因)|排个?名|排一?下名?|排名|排序|[拉出列做]个?表|(?<![好没十])(?<!查了)(?<!跑了)(?<!看了)(?<!转了)(?<!去了)(?<![掉落滚垮倒断塌]了)几(?!十)[个次起家项人条场回轮批处名位遍](?!差点|险些|都是|[\u4e00-\u9fff]{0,3}都)|(?<![前这那过头])几天(?=是|有|没|里)|哪些|哪个|哪家|哪几|哪里|什么|怎么样|怎样|如何|有没有|是否|谁|"
    r"咋样|咋回事|(?:了|齐)没有?[？?]?$|(?:了|齐)没有?(?=[，,])|有没(?=[\u4e00-\u9fff])|没有?$|发一下|报一下|(?:发|说|列|汇总)下(?![个周午去来面雨礼星月班])|"
    # an A-not-A question: "齐不齐", "有没有", "交没交"
    r"([\u4e00-\u9fff])[不没]\1|给我(?:一个|个|看|拉|列|调|发)|拉出来(?!练|用|试|演)|拉一下|调出来|"
    r"(?:啥|什么|哪个|哪一)程度|哪一步|导一?[份个下]|导出|算一?下|算算|调一?下|给我过一?[下遍]|列个?(?:清单|单子)|[拉出]个?清单|从多到少|从高到低|从大到小|从少到多|统计|查询|查一下|(?<![检排巡督抽核复])查查|查下|查个|调出|调取|看一下|看看|看下(?![个周午去来面雨礼星月班])|说一下|说说|讲一下|发我|汇总一下|列一下|列出|给我看|报一下数|图表|柱状图|饼图|趋势图|画个图|出个图"
)
# "…情况 图": a question asking for its chart as well; "值班无情况" answers, it asks nothing
_QUERY_TAIL = re.compile(r"(?<![无没])(?<!异常)(?:情况|数据|统计|台账|清单|名单|进度|次数|人次|人数|数量|总数|总量|报送率|整改率|记录|明细|一览表?|总览|概况)"
                         r"(?:\s*(?:图|图表|柱状图|趋势图))?[。.!！]?$")
_QUERY_TOPIC = {
    "duty": re.compile(r"值班|值守|迟报|漏报|没报|未报|缺报|交齐|报了|报齐|报送|零报告|在岗|报上来|报告|报过|突发事件"),
    "hazard": re.compile(r"隐患|整改|销号|逾期|风险"),
    "drill": re.compile(r"演练|参演|签到"),
}
_QUERY_ALL = re.compile(r"全部|所有|各项|都说|综合情况|全面|总览|概况|报上来的东西|东西都")
# Words that ask about everything even beside one topic's word ("各项", "所有的情况"); "所有的
# 隐患", "演练记录全部给我" ask about all of that one topic.
_EVERY_TOPIC = re.compile(r"各项|综合情况|全面|总览|概况|报上来的东西|东西都|(?:所有|全部)的?(?:情况|数据|工作|东西|事)")
# "上周值班情况总体怎么样": the whole of one topic, not of every topic
_QUERY_WHOLE = re.compile(r"整体|总体|总的")
_REPORT_LIKE = re.compile(r"责任人|限期|责令|零报告|无突发事件|在岗在位")

# How and when to report, said to everybody: "零报告也要每天按时报，别忘了", "要在9点前发".
_REMINDER = (r"第一时间[^，,。]{0,6}报|别忘了?|不要忘(?:了|记)|(?:也|都)要(?:每天)?按时(?:报|发|交)|要在[^，,。]{0,10}前(?:发|报|交)|"
             r"零报告也要报|每天[^，,。]{0,8}前报|报送要求|别等人催")
_NOTICE_HARD = re.compile(r"^【|^\[|^请|^通知|^提醒|提醒各|^[^，,。]{0,8}注意[，,：:！!]|恢复[^，,。]{0,6}制度|请各|各单位|各镇街|各镇|各乡|各街道|各部门|各社区|各村|各企业|各有关|各相关|^各[县区市局]|"
                          r"召开|会议|视频会|预警信号|^各位|做好准备|提前做好|"
                          # a plan sent out to be studied: "方案已发到各位邮箱，请认真学习"
                          r"认真学习|抓好落实|贯彻落实|遵照执行|请查收|邮箱|已下发|印发|"
                          # "大家注意一下，零报告要在早上9点前发": how to report, said to all
                          r"^大家|" + _REMINDER)
_DUTY_STRONG = re.compile(
    r"值班情况|值守情况|值班值守|值班报告|值班正常|值守正常|零报告|无突发事件|无突发情况|在岗在位|今日平安|值班人员在岗|"
    # a quiet day in everyday words: "今日无事", "值班没啥事", "今天一切正常"
    r"(?:今日|今天|当日|全天|值班|值守)[，,\s]?(?:辖区内?|全镇|全乡|镇域|乡域|全街道|全区)?(?:一切|都|也)?"
    r"(?:无事|没有?(?:什么|啥)?大?(?:事|情况)|平安无事|平安|平稳|一切正常|正常|无异常|无情况)|"
    # terse: "6.1 高桥镇 无", "昨天石门坎镇大垅村无事"
    r"^(?:\d{1,2}[.\-/]\d{1,2}|\d{1,2}月\d{1,2}[日号]|今天|今日|昨天|昨日|前天)?\s*[\u4e00-\u9fff]{2,14}(?:镇|乡|街道|社区|村)\s*"
    r"(?:今天|今日|昨天|昨日|全天)?\s*(?:无|无事|没事|平安|正常|无异常|一切正常)[。！!]?$|"
    # "北站街道1.10值班：", "值班：无异常": a unit's duty line, dated or not, and its quiet answer
    r"^[\u4e00-\u9fff]{2,12}(?:\d{1,2}[.\-/·]\d{1,2}[日号]?)?(?:值班|值守)[：:]|"
    # the same said by voice, a space for the colon: "梅湾街道1.25值班 晚上8点…"
    r"^[\u4e00-\u9fff]{1,10}(?:镇|乡|街道|社区)(?:\d{1,2}[.\-/·]\d{1,2}[日号]?)?(?:值班|值守)\s|"
    r"(?:值班|值守)[^，,。]{0,6}[：:]\s*(?:一切)?(?:正常|无异常|平稳|平安|无事)|"
    r"值班人员(?:已|均已|都已?|全部)?(?:在岗|到岗|在位)|(?:值班|值守)(?:人员)?(?:在岗|在位)[，,\s]*(?:无事|没有?(?:什么|啥)?事|平安|正常)|"
    # "带班领导韩志刚，值班人员马福祥在岗": the day's roster named, its people at their posts
    r"带班领导[^，,。；;]{0,12}[，,\s]+值班(?:人员|员)[\u4e00-\u9fff、]{2,12}?(?:在岗|到岗|在位)|"
    # a report's heading: "青杠镇8月9日值班信息：", "渔港街道7月9日值班及防台情况："
    r"(?:值班|值守)(?:信息|(?:及|和|暨)[\u4e00-\u9fff]{1,6}情况)(?:[：:]|\s)|"
    r"[。，,；;\s了]\s*其[余他它](?:均|都|一切)?\s*(?:正常|平稳|无异常)[。.]?$|"
    # "其他没什么事", "其余没有情况": the rest of the day was quiet
    r"[。，,；;\s]其[余他它]的?(?:均|都|也)?没有?(?:什么|啥)?(?:大)?(?:事|情况|异常)"
)
# A day that ended quietly ("…没有发生事故一切正常"), said in a report's frame.
_QUIET_END = re.compile(r"(?:一切正常|一切平安|一切平稳|均正常|都正常|无异常|平安无事|没什么事|没啥事|平稳|正常无事|无事|"
                        r"无(?:突发)?(?:事件|警情|险情|灾情|情况))[。.!！~～]*$")
_WORK_DONE = re.compile(r"(?:开展|进行|组织|完成)了[^，,。；;]{0,12}(?:检查|排查|巡查|督查)|共(?:查出|排查出|发现)|"
                        # "已下发整改通知11份": notices issued to the firms inspected, no notice to the group
                        r"下发(?:了)?[^，,。；;]{0,4}整改(?:通知|指令)书?")
# A quiet day in the words of a report: "一切安好", "报平安", "安全稳定", "无安全事故发生", "未发现火情".
_QUIET = re.compile(r"一切(?:正常|平安|安好|平稳)|(?:辖区|全镇|全乡|全街道|镇域|乡域)内?(?:总体)?(?:平安|平稳|安全平稳)|安好|报平安|^[^，,。]{2,12}[：:]\s*平安|平安无事|安全稳定|"
                    r"(?:无|未发生|没有发生|没发生)(?:任何)?(?:安全)?(?:事故|异常情况?|险情|警情|火情|灾情|突发(?:事件|情况)?)(?:发生)?|"
                    r"未发现(?:火情|险情|异常)|未接到[^，,。]{0,8}报告|"
                    # "连夜巡了15个地灾点没啥大情况": a round made, nothing much on it
                    r"(?:巡|巡查|巡了|查了|看了)[^，,。]{0,12}?没有?(?:什么|啥)?大?(?:事|情况|险情)")
# Quiet words wished, asked for or worked towards ("确保无安全事故发生", "祝大家一切安好") report nothing.
_WISH = re.compile(r"要|确保|务必|祝|希望|提醒|愿|请|要求|工作|会议|同志|心愿|保障|力争|努力")
_NOTHING_HAPPENED = re.compile(r"(?:没有|未|无)(?:发生)?(?:任何)?(?:安全)?(?:事故|事件|险情|灾情|警情)(?:发生)?")
_ATTEND = re.compile(r"签到|报到(?![县区市局办值])|签个到|报个到|打卡签到|来签个?到")
# "我是城关镇的，我们来了6个人": people come, counted
_CAME = re.compile(r"(?:来了|到了)\s*(?:\d{1,3}|[一二两三四五六七八九十]{1,3})\s*(?:个人|人|名|位)")
# "青石镇参演人数改为14人": a unit correcting its figure is a sign-in too
_ATTEND_COUNT = re.compile(rf"(?:参演|到场|到岗|到位|参加)(?:人员|人数|队员)?\s*(?:改为|更正为|修改为|应为)?\s*(?:共|约)?\s*"
                           rf"{numbers.COUNT_RE.pattern}|^[^，,。]{{0,20}}已到场")
_DRILL = re.compile(r"演练|演习|拉练")
_DRILL_VERB = re.compile(r"开展|举行|举办|组织|进行|定于|将于|计划|拟于|拟在|圆满|结束|参演|参加|实施|启动|完成|开始|于|搞|办了")

_RECTIFIED = re.compile(
    r"(?<![待需要确保督促限期前未没尚])(?:已整改|整改完毕|整改完成|整改到位|已完成整改|完成整改|整改结束|整改已完成)(?!后)|"
    r"已(?:经|按要求|按照要求|全部|基本|按期)?(?:整改|完成整改)(?!通知|意见)|申请销号|请予销号|予以销号|申请验收|隐患销号|已销号|销号(?!前)|已消除|隐患消除|已排除|隐患已?解除|"
    r"已修复|已拆除|已更换|已清理完毕|已清理|已加固|已补齐|已安装|已落实整改|已处理完毕|已恢复|"
    r"已入库|已搬离|已移走|已清走|已疏通|已封堵|已配齐|已增设|已加装|已挪开|已移开|已劝离|已取缔|已没收|恢复畅通|畅通了|"
    r"已清运|(?:清运|清理|处理|更换|拆除|整治|搬离|安装|修复|改造)(?:已|均已|全部)?完毕|"
    # everyday words for a fix done: "挡墙已经砌好了", "液化气瓶都换成管道气了"
    r"已经?(?:砌|修|装|建|搭|补|换|清|填|堵|拆|挪|移|焊|接)(?:好|完|掉)了?|已(?:统一|全部)?(?:移到|搬到|挪到|改到|换到)|已(?:经)?重新(?:固定|安装|设置|铺设|接好)|清扫完毕|(?:都|全部|已经?)(?:换成|改成|改用)[^，,。]{1,8}了|"
    r"已(?:经)?(?:全部|按要求)?(?:完成(?!整改通知)|修补|更换|收缴|回填|补办|停用|穿管|分区|送检|取证|抽干|改用|改为|清退|关停|撤除|停工)|"
    r"申请[^，,。]{0,8}(?:复查|复核|验收)|复核销号|可以解除|予以解除|同意销号|复查合格|送检合格|检验合格|试压合格|复查通过|"
    # checked again after the repair: "特检所复检合格"; done by another hand: "已由维保单位更换梳齿板"
    r"(?:复检|复测|复验)(?:合格|通过)|已由[^，,。]{1,10}?(?:更换|修复|维修|整改|拆除|清理|加固)|"
    r"(?<![没未被])(?:换|配|修|拆|搬|补|清|装)(?:好|上|掉|走|回去)?了(?![一个很好多])|"
    r"(?<![还又被])(?:搭|装|加装|安装|增设|配)(?:好|上)?了[^，,。]{0,6}(?:棚|栏|网|器|灯|牌|标志|标识|装置|设施)(?![^，,。]{0,3}住)|"
    r"已经?把[^，,。]{0,12}?(?:换成|换掉|拆|清走|搬走|移走|修好|装上|补上)|(?:换成|修好|改好|搬走|清走|移走|拆掉|装好|补上)了|"
    # "那个消防通道堵塞的问题改好了": the problem named, then fixed in plain words
    r"(?:问题|隐患)[^，,。要需怎没未还]{0,4}(?:已经?|都)?(?:改好|改完|弄好|处理好|解决)了|"
    # "问题都整改完了", "整改报告已上传系统"
    r"(?<![待需要没未])整改完了|(?:都|全部|均)(?:已)?(?:整改|改)完|整改(?:报告|材料|回执)(?:已|都已)?(?:上传|提交|报送|上报)|"
    # "已经清洗干净，请复查", "剪刀撑都加上了", "螺栓拧紧了"
    r"已经?(?:清洗|清扫|打扫|清理|整理|维修|修理|处理|整治|疏通)(?:干净|完毕|好了?|到位)|(?<![要需])请(?:予以)?(?:复查|验收)|"
    r"(?<![又还没未])(?:加|挂|贴|补|装|安|焊)上了|(?:焊|固定|绑|拧|锁)(?:好|紧|牢)了|"
    # "烟花已搬走", "监测点已设好，5户已全部搬迁"
    r"已(?:经)?(?:全部)?(?:[搬清移撤拉运拆]走|[设建修装换补弄搞]好|搬迁|撤离)|已经?(?:收|撤)(?:了|掉|起来)|(?<!先)[收撤]起来了"
)
# A rectification beyond doubt, whatever else the message says.
_RECTIFIED_STRONG = re.compile(r"(?:复检|复测|复验)(?:合格|通过)|整改完毕|整改完成|整改到位|已完成整改|申请销号|请予销号|予以销号|同意销号|已销号|隐患销号|复查合格|复核销号|"
                               r"(?<![待需要没未])整改完了")
_INCIDENT_WORD = re.compile(r"点着|烧着|起火|着火|火情|失火|冒烟|漏气|泄漏|泄露|侧翻|翻车|碰撞|追尾|坍塌|塌方|落水|溺水|"
                            r"被困|爆管|爆炸|事故|触电|中毒|倒塌|滑坡|走失|受伤|"
                            r"引燃|爆燃|闪爆|渗漏|[擦摔撞烧烫砸]伤|翻到|翻进|掉进|掉到|滑落|"
                            # vehicles: "侧滑撞上护栏", "剐蹭", "冲出路面"; people hurt: "受轻伤"
                            r"侧滑|撞[上到倒向了]|剐蹭|刮擦|冲出|驶出|[轻重]伤|有烟|烟雾|火光|走丢|报警(?!器|装置|系统|探头|仪)|"
                            r"冻裂|冻伤|跑水|爆裂|陷进|掉进|冰窟窿|掉下去|掉水里|掉河里|停电|停水|停气|停暖|抛锚|故障车|车辆故障|"
                            r"自燃|引着|过火|走散|压塌|冻死|找到了|恢复通行|滚下来|滚落|水位(?:上涨|涨)|涨水|失联|未归|刮倒|转移群众")
# A particular hazard: a problem word of the kind that is fixed, not dealt with on the spot.
_HAZARD_PLACE_PROBLEM = re.compile(r"隐患|未按|未设|未配备|未安装|缺失|损坏|老化|堵塞|占用|私拉|超期|过期|违规|整改|限期|责令")
# Problems as people describe them in passing: "招牌松了", "会很挤", "紧邻木质大殿".
_PROBLEM = re.compile(r"(?:会|就|要|可能)有(?:问题|危险)|(?:粉尘|灰尘|油烟|烟尘|气味|异味)(?:很|太|特别|非常)?(?:大|重|浓)|松了|松脱|晃动|晃得|坏了|不亮|不能用|堵了|堵着|堵住|挡着|很挤|拥挤|白蚁|洞穴|紧邻|混放|乱放|乱堆|乱停|私设|私自|"
                      r"未配置|配置不足|只设了?|仅设|没装|没配|没设|没有设|缺少|不足\d|安全距离|责任人|晒太阳|习惯了|"
                      r"放在[^，,。]{0,6}(?:门口|人行道|楼道|通道|走廊)")
_HAZARD = re.compile(
    r"隐患|存在|风险|没有?证|无照|管涌|散浸|没(?:有)?(?:测气|检测|测)|未检测|可能要?(?:凌汛|塌|垮|倒|滑坡|决堤|漫堤|出事)|未按|未设|未进行|未安装|未配备|未定期|未审批|未校验|未检|未办理|未落实|未开展|未佩戴|无证|缺失|缺少|破损|损坏|"
    r"失效|超期|过期|堵塞|占用|私拉|乱接|乱拉|老化|锈蚀|松动|超标|超量|超载|违规|违章|无防护|不规范|不到位|无人值守|"
    r"裂缝|渗水|渗漏|断开|叫停|责令|限期|整改|故障|开裂|积尘|堆放|烧荒|落石|滑坡|隐患点|混存|无监护|危险|"
    r"吸烟|不合格|不符合|未经|(?:检查|巡查|排查|督查)(?:中|时)?发现|淤塞|淤堵|淤积|撞断|撞坏|断裂|飞线|变形|倾斜|"
    # an order to act now ("要求立即搬出", "责令立即停止"), people living over stock ("楼下就是仓库")
    r"(?:要求|责令|通知|督促|让)[^，,。；;]{0,6}立即|约谈|(?:楼下|楼上|隔壁|旁边|下面)就是[^，,。；;\s]{0,6}(?:仓库|车间|厂房|库房)"
)
# Something to be fixed by a day: "限期3天整改", "5月15日前完成清淤", "3天内清理". Sending a
# report by a day ("3月20日前报送") fixes nothing.
_FIX_VERB = re.compile(r"^[^，,。；;！!]{0,8}?(?:整改|修复|修好|弄好|搞好|清理|清淤|清除|清走|拆除|更换|换掉|加固|完善|增设|补齐|配齐|"
                       r"安装|撤除|搬离|搬出|搬走|移除|疏通|改造|处理|消除|整治|解决|落实|检修|停用|停工|验收|"
                       r"制定|拿出|设置|规划|加派|转移|装上|装好|配上|安上|弄好|弄完|补上|补好|换上|修上|加上)")
# Risky behaviour and states named in plain words: charging indoors, open flame and phones
# where fuel is, bare wires, gas bottles where they must not be, people living in stores,
# incompatible things stored together, a smell that is strong, a gauge in the red.
_RISKY = re.compile(
    r"(?:楼道|室内|家里|屋里|宿舍|走廊|大厅|楼梯间|地下室)[^，,。；;]{0,12}充电|入户充电|飞线充电|"
    r"(?:加油|卸油|储罐|油罐|库房|仓库|喷漆|车间)[^，,。；;]{0,6}(?:打电话|接打电话|玩手机|抽烟|吸烟|用电焊|电焊|动火|明火)|"
    r"(?:有人|工人)[^，,。；;]{0,4}(?:抽烟|用电焊|动火)|露铜|电线[^，,。；;]{0,4}(?:乱七八糟|乱拉|裸露)|"
    r"(?:液化气|煤气|燃气|氧气|乙炔)(?:罐|瓶|钢瓶)[^，,。；;]{0,6}放(?:在)?[^，,。；;]{0,6}(?:楼梯|灶台|地下室|卧室|床边|过道|室内|屋里)|"
    r"(?:地下室|仓库|车间|厂房|库房)[^，,。；;]{0,4}住(?:了)?人|"
    r"放(?:在)?一起|存放在一起|(?:[\u4e00-\u9fff]{1,2})味(?:很|太|特别|非常)?(?:重|浓|冲)|红区|"
    r"(?:没有?|无)人指挥|逆行|乱窜|超载|超速|闯红灯|朝向(?:人员)?通道|对着人|"
    r"容易(?:煤气)?中毒|很容易[^，,。]{0,6}(?:中毒|着火|出事|掉下去|倒塌|栽进去)|烟[筒囱]没通|"
    # made or sold in secret, goods piled where people pass: "在自家屋里偷偷做鞭炮", "堆在居民楼一楼楼道里"
    r"(?:偷偷|私自|非法|擅自)(?:在[^，,。；;]{0,6})?(?:做|生产|加工|制作|储存|存放|卖|销售|经营)|"
    r"(?:堆|放|停|摆)(?:在|到)[^，,。；;]{0,10}(?:楼道|过道|楼梯|走廊|通道|安全出口)"
)
# Something missing that keeps people safe: "没有限流措施", "没人值守", "无固定措施", "没有支护".
_MISSING = re.compile(r"(?:通风|检测|防护|警示|监护)[^，,。；;]{0,6}(?:都没搞|没搞|没做|没弄|都没有)|(?:护栏|栏杆|围挡|围栏|盖板|井盖|防护网|挡板|扶手)[^，,。；;]{0,4}?(?:缺了|少了|没了|掉了)|(?:没有?|无|缺少?|未设置?|未配备?)(?:人|专人)(?:值守|监护|看管|验收|管理|巡查|看着|看守|盯着|在场)|"
                      r"(?:没有?|无|缺少?|未设置?|未配备?)[^，,。；;\s]{0,8}?(?:措施|设施|支护|护栏|围栏|警示|防护|报警器?|防爆|泄爆|通风|库房|专库|"
                      r"灭火器|喷淋|接地|围堰|隔离|审批|检测|资质|许可|证照?|信号灯|红绿灯|路灯|照明|标志|标识|隔离栏)|"
                      r"(?:没有?|无|缺少?)(?:配备|配置)?(?:水带|水枪|应急灯|安全带|安全帽|防护栏|救生衣|救生圈|逃生锤|警示)")
# Damage in plain words: "碎了", "破了个洞", "锁不死", "掉下来两块", "空鼓", "暗冰".
_DAMAGE = re.compile(r"被拆|被挖|被撞|被占|被[^，,。]{0,4}(?:挡|堵|锁|压)住?|挡住|烧(?:田|荒|草|秸秆|纸|灰)|"
                     # a slope cracked, fire in the woods: "坡上开了一条缝", "在林子边上烧火烤火"
                     r"(?:开|裂)了?一?条(?:大)?缝|(?:林子|林边|山上|林区|山林)[^，,。]{0,6}(?:烧火|烤火|用火|生火|炉子)|"
                     r"离[^，,。]{0,6}不到[\d一二两三四五六七八九十百]+米|"
                     # something gone, a fall waiting to happen, fuel hoarded: "井盖没了", "容易掉下去", "囤了几十桶汽油"
                     r"(?:井盖|盖板|护栏|栏杆|灭火器|标志|警示牌|铅封|封条|防护罩|防护网|挡板|接地线|扶手|盖子|插销|螺栓)"
                     r"[^，,。\s]{0,2}(?:没了|丢了|不见了|掉了|断了)|"
                     # "压力表过了检定期", "年检过了", "检验期已过": an inspection overdue
                     r"过了[^，,。]{0,4}(?:检定|检验|有效|使用|年检)期|(?:检定|检验|有效)期已过|年检过了|未按期(?:年检|检验|检定)|"
                     # "泄洪渠被人种了菜", "被人搭了棚子": somebody put something where it must not be
                     r"被人[^，,。\s]{0,3}(?:种|占|搭|建|堆|挖|拆|偷|埋|堵)|"
                     r"容易[^，,。\s]{0,4}(?:掉|摔|滑|倒|塌|着火|起火|出事)|囤了|私存|非法储存|大量存放|存放大量|"
                     r"碎了|破了|裂了|断了|塌了|歪了|锁不死|关不上|掉下来|砸在|空鼓|暗冰|溜车|挤到|占满|"
                     r"摆在[^，,。]{0,4}(?:人行道|门口|路边|通道)|"
                     r"堆了|堆满|积了|堆在一起|堆一起|放在[^，,。]{0,6}(?:下面|旁边|边上)|没人管|照常运营|无证上岗")

# ------------------------------------------------------------------ classification

# Asking the group how to deal with something ("…还是有人拉线 这个怎么弄") consults, it files nothing.
# A paper due to the sender by a time ("演练总结今天下班前发我"): asked of a person; the bot
# would answer at once, it is given no deadline.
_DUE_TO_ME = re.compile(r"(?:前|之前|以前)\s*(?:发|报|交|传|给)(?:给|到)?我|"
                        # due from the units by a day: "各县…总结10月10日前报上来", "各县：…请于12月25日前报市局"
                        r"^各[县区市镇乡单部][^。]{0,40}(?:[日号底]|周[一二三四五六日末])(?:之)?前[ \t]*"
                        r"(?:报上来|报送|上报(?!人)|报[县区市局办]|交上来)")
# "请起草上月值班小结，周三前给我": a draft asked in so many words is asked of the assistant,
# whatever day it is due.
_DRAFT_ASKED = re.compile(r"起草|草拟|拟写|撰写|起个?草|初稿|草稿|起个?稿")
_ADVICE = re.compile(r"(?:这个|这种|这事|这样|该|应该)?(?:怎么弄|怎么办|咋办|咋弄|如何处理|怎么处理|怎么处置)(?:呢|啊)?[？?]?$")

# Thanks and praise: "感谢各单位积极参与，今天的演练组织得很好，大家辛苦了".
# "今天演练辛苦大家了，感谢…的指导": the thanks may follow the drill it is for.
_THANKS = re.compile(r"^(?:感谢|谢谢|多谢|非常感谢|特别感谢)|(?:多谢|感谢|谢谢)各(?:单位|位|部门)|表示(?:衷心的?)?感谢|(?:大家|各位|同志们)辛苦了|辛苦(?:大家|各位)了|"
                     r"(?:组织|开展|完成|表现)得?(?:很|非常|十分|特别)?(?:好|出色|成功|圆满)[！!。👍]*$")


# Ties go to the intent listed first: the more specific reading.
PRIORITY = ("summary_request", "query", "attendance", "drill", "inspection", "duty_report", "rectified",
            "hazard", "other")
_CHAT = re.compile(r"^(?:收到|好的|好|明白|了解|知道了|嗯|ok|OK|谢谢|辛苦|感谢)[了啦！!。.，, ]*"
                   r"(?:(?:谢谢|辛苦了?|感谢|大家|各位|领导)[！!。.，, ]*)*$")
# An incident already dealt with: the day's report of it, not a hazard to follow up.
_HANDLED = re.compile(r"已(?:被|经)?(?:扑灭|处置|处置完毕|控制|排除险情|疏散|送医|救出|妥善处置|恢复供|关阀|交还家属|送回家|交给家属)|"
                      r"关(?:闭|掉|了)阀门|恢复通行|清理完毕|人员无碍|身体无恙|无恙|"
                      r"(?:找到了|找回了|已找到|已找回)|"
                      # dealt with by whoever came: "消防到场扑灭", "企业已紧急停车处置", "送到卫生院了"
                      r"(?:到场|赶到|及时|迅速|当场|现场|紧急|连夜|已)[^，,。；;\s]{0,6}?(?:扑灭|处置|控制住|救出|疏散)|"
                      r"险情(?:已)?排除|送(?:到|往|去)?[^，,。\s]{0,4}(?:医院|卫生院)|没有?(?:什么)?大(?:问题|碍)|无大碍|"
                      # "半小时扑灭…没伤人", "经核实为农户烧秸秆，已劝阻熄灭"
                      r"扑灭(?!器|工具)|熄灭|已?劝阻|已?制止|经核实|没(?:有)?伤(?:到)?人|已处理|关了?阀门?|修好了|"
                      r"救上来|救起|送回家|人没事|没事了|抢修(?:后|完毕|好)?|恢复(?:供热|供水|供电|供气|通行|通电|正常)|"
                      r"(?:交警|民警|消防|医护|120|物业)[^，,。]{0,3}(?:在现场|到场|赶到|来了)|"
                      r"无人员(?:伤亡|受伤)|未造成(?:人员)?(?:伤亡|损失)|处置完毕|现场已清理|"
                      r"已?拖离|已?拖走|已?清障|扑灭了|浇灭了|灭了|处理好了|没有?人(?:员)?(?:伤亡|受伤)|人都没事|无人受伤|已安全|安全找回")
_DUTY_FRAME = re.compile(r"值班|值守|今日情况|当日情况|特此报告|平安|突发|^报告|^[\u4e00-\u9fff]{2,10}(?:镇|乡|街道|社区)(?:报告?[：:]?|[：:])|"
                         r"^[\u4e00-\u9fff]{2,10}(?:镇|乡|街道|社区)\s+(?:今天|今日|昨天|昨晚|昨夜|当晚|凌晨|今晨)|^[^，,。：:]{2,12}报告[：:]|(?:我|这边|这里)报一?下|"
                         r"(?:我|领导)[^，,。]{0,3}(?:报告|汇报)一?下")


# A reminder to a unit that has not reported: the report is owed, not given.
_OWED = re.compile(r"(?:还没|还未|尚未|仍未)(?:有)?(?:报|交|报送|上报|提交|收到)(?!警|案|道)|(?:请|麻烦)(?:补报|补交|补发)|怎么还(?:没|不)(?:有)?(?:报|交|发|上报)|"
                   r"(?:请|麻烦)?(?:尽快|抓紧|及时|按时|马上|赶紧|速)(?:报送|上报|补报|提交|补)")
# "今天哪些单位还没报": asking who owes a report is a query, not a reminder.
_WHO_ASKS = re.compile(r"[？?]|吗|哪|谁|多少|几[个家]|是否|有没有")
# What one asks of the unit a message is addressed to ("@大坪乡 昨天的值班报告补一下").
_ASKED_OF = re.compile(r"补一下|补报一下|补上|补个|请|尽快|抓紧|记得|别忘|催|发一下|报一下|交一下|还没|还未|尚未|"
                       r"[？?]|吗|了没|没有?$|发个|发张|拍个|拍张|报个")
# A ledger of the records ("本月的隐患台账发我一份") is the records themselves, no document.
_LEDGER = re.compile(r"(?:隐患|值班|值守|演练|签到|整改|销号)[^，,。]{0,4}(?:台账|清单|明细|记录|名单)")
# Asking for a document (a file, a notice, a plan), not for the records.
_DOCUMENT = re.compile(r"(?:脚本|方案|预案|讲话稿|材料|初稿|文件|课件|表格)[^，,。]{0,2}(?:已经?)?(?:改好|修改好|改完|修改完|定稿|弄好|写好)|(?:文件|通知|方案|预案|课件|规定|办法|文档|链接|材料|讲话稿)[^，,。]{0,4}(?:谁有|有没有|在哪)|"
                       r"(?:视频|照片|图片|录像|课件|方案|预案|文件|标准)[^，,。]{0,4}(?:能|可以)?(?:发|转|传)(?:我|一下)|"
                       r"(?:转|发|传)(?:我|一下)?一份|转我一下|谁有[^，,。]{0,12}(?:文件|通知|方案|预案|课件|文档|链接)")


def weigh(t: str, form: Form | None = None, *, addressed: bool = False) -> Counter:
    """Each intent's weight of evidence in a normalised message. `addressed`: the message
    opened by naming a unit ("@河口镇 …"), so what it asks is asked of that unit."""
    w: Counter = Counter()
    if not t or not re.search(r"[\u4e00-\u9fff]", t):
        w["other"] += 10
        return w
    if len(t) < 20 and _CHAT.match(t):
        w["other"] += 10
    if form is not None and form.intent:
        w[form.intent] += 8
    if _is_summary(t):
        w["summary_request"] += 9
    if _is_query(t):
        w["query"] += 8
    # "持证司炉工已到岗 整改完成": someone put at a post is the fix, not a roll call
    if _is_attendance(t) or (_ROLL_CALL.search(t) and len(t) <= 40 and not _DUTY_STRONG.search(t)
                             and not _RECTIFIED_STRONG.search(t)
                             and not re.search(r"(?:了|齐)没|吗|[？?]|抓紧", t)):
        w["attendance"] += 7
    if (_QUESTION.search(_answered(t)) and _PROCEDURE.search(t)) or _HOUSEKEEPING.search(t) \
            or (_DOCUMENT.search(t) and not _LEDGER.search(t)) \
            or _ADVICE.search(t) or (_DUE_TO_ME.search(t) and not _DRAFT_ASKED.search(t)):
        w["other"] += 9
    # asked of the unit addressed, even as a question: the bot is not the one asked
    if (addressed and _ASKED_OF.search(t)) or (_OWED.search(t) and (not _WHO_ASKS.search(t) or "怎么还" in t)):
        w["other"] += 9
    if _is_drill(t):
        w["drill"] += 6
    if _THANKS.search(t) and numbers.parse_count(t) is None and not _REPORT_LIKE.search(t):
        w["other"] += 7     # thanks and praise after a drill or a campaign report nothing
    # "各村开展了一次排查，共查出隐患23处": work the units have done is reported, not ordered
    if _NOTICE_HARD.search(t) and not _is_own_duty_report(t) and not _WORK_DONE.search(t):
        w["other"] += 5.5
    if _DUTY_STRONG.search(t) or _unit_on_duty(t):
        w["duty_report"] += 5
    if _INCIDENT_WORD.search(t) and _HANDLED.search(t):
        w["duty_report"] += 4.5 if _DUTY_FRAME.search(t) or not _HAZARD_PLACE_PROBLEM.search(t) else 2
    elif _QUIET_END.search(t) and (_DUTY_FRAME.search(t) or _NOTHING_HAPPENED.search(t)):
        w["duty_report"] += 5
    elif _QUIET.search(t) and (_DUTY_FRAME.search(t) or leading_unit(t)) and not _QUESTION.search(_answered(t)) \
            and not _WISH.search(t) \
            and not (_HAZARD.search(t) or _PROBLEM.search(t) or _MISSING.search(t) or _DAMAGE.search(t) or _RISKY.search(t)):
        w["duty_report"] += 5   # "石门乡辖区安全稳定，无安全事故发生", "石门乡报平安": a unit's quiet day
    inspected = inspection_counts(t)
    if (inspected[0] is not None or (inspected[1] and _WORK_DONE.search(t))) and not _is_query(t):
        w["inspection"] += 4.8
    if _RECTIFIED.search(_without_deadlines(t)):
        w["rectified"] += 4
    told = _fix_by_a_day(t) or _answerable_told(t)
    if _HAZARD.search(t) or _PROBLEM.search(t) or _MISSING.search(t) or _DAMAGE.search(t) or _RISKY.search(t) or told:
        w["hazard"] += 3
        if told and not _RECTIFIED_STRONG.search(t) and inspected[0] is None:
            w["hazard"] += 2    # a day to fix it by, or a person told to: still to be done
                                # (an inspection's counts with "限期整改" stay an inspection)
    return w


def classify(t: str, form: Form | None = None, *, addressed: bool = False) -> str:
    """The heaviest intent of a normalised message; `other` when nothing weighs."""
    return decide(t, form, addressed=addressed)[0]


# Below this weight the winner rests on one indirect cue: the assistant asks before filing.
SURE = 5


def decide(t: str, form: Form | None = None, *, addressed: bool = False) -> tuple[str, bool]:
    """(intent, sure): the heaviest intent, and whether its evidence is strong enough to
    act on without asking (a duty report read from a handled incident alone is not)."""
    w = weigh(t, form, addressed=addressed)
    if not w:
        return "other", True
    best = max(w.values())
    name = next(name for name in PRIORITY if w[name] == best)
    runner_up = max((v for k, v in w.items() if k != name), default=0)
    return name, best >= SURE and best - runner_up >= 1


# ------------------------------------------------------------------ inspections

_NUM = r"(?:\d{1,5}|[零〇一二两三四五六七八九十百]{1,5})"
_N = rf"(?P<n>{_NUM})"
# A total stated ("共检查企业5家") wins over the parts before it.
_INSPECTED_TOTAL = re.compile(
    r"(?:共(?![用同享])|共计|合计|总计|小计|一共)(?:检查|排查|巡查|督查|查了)?(?:(?!隐患|问题)[^，,。；;\d发为是]){0,8}?" + _N
    + r"\s*(?:家次|家|处场所|个场所|处|个单位|个|户|所|座)(?P<n2>)(?P<n3>)"
)
_INSPECTED = re.compile(
    r"(?:检查(?![站组院所井])|排查|巡查|督查|抽查|走访|暗访|执法|复查|核查|查了|跑了|转了|看了)了?[：:]?\s*"
    # the places between the verb and their count, a list ending in 等 may run longer
    r"(?:(?:(?!发现)[^，,。；;\d为是]){0,14}?|(?:(?!发现)[^，,。；;\d为是]){0,20}?等[^，,。；;\d为是]{0,8}?)"
    r"\s*(?:共|共计|合计)?\s*" + _N + r"\s*(?:家次|家|处场所|个场所|处|个单位|个(?!工作日|月|小时|工人|人|乡|镇|村|街道|部门|单位)|户|所|座|次)"
    r"|(?:检查|排查|巡查|督查)(?:企业|单位|场所)?\s*(?:共|共计)?\s*" + _N.replace("?P<n>", "?P<n2>") + r"\s*(?:家次|家)"
    # "老街3家烟花零售点检查了": the places counted before the verb
    # "8个加油站和3个液化气站都查了一遍": each part counted
    r"|(?<![\d.])" + _N.replace("?P<n>", "?P<n4>") + r"\s*(?:家|个(?![人名])|处|座|所)"
    r"(?P<more>(?:[^，,。；;\d]{0,8}?[、和及][^，,。；;\d]{0,8}?" + _NUM + r"\s*(?:家|个(?![人名])|处|座|所))*)"
    r"[^，,。；;\d]{0,10}?(?:检查|排查|巡查|督查|(?<![调追审])查)(?:了|完|过)"
    r"|(?:对|走访|到|去|赴)[^，,。；;]{0,8}?" + _N.replace("?P<n>", "?P<n3>")
    + r"\s*(?:家次|家|个|处|户|座|所)[^。；;]{0,24}?(?:检查|排查|巡查|督查|暗访|复查|核查|抽查)"
)
_FOUND = re.compile(
    # "发现燃气隐患15处", "发现电动车入户充电、飞线充电隐患41处": the kind may take a few words
    r"(?:发现|排查出?|查出|查处|排查整治|检查出)了?\s*(?:[\u4e00-\u9fff、]{1,24}?(?:类|方面|领域)?)?\s*(?:隐患|问题)(?:隐患)?\s*[：:]?\s*(?:共|共计)?\s*"
    + _N + r"\s*(?:处|条|项|个|起)"
    r"|(?:发现|查出|排查出?)了?\s*" + _N.replace("?P<n>", "?P<n2>") + r"\s*(?:处|条|项|个)\s*(?:各类|一般|安全)?(?:隐患|问题)"
    # "…一共24家 隐患31处", "问题隐患19处": a count of hazards stated alone
    r"|(?:^|[\s，,；;。])(?:[\u4e00-\u9fff]{0,6}?)(?:问题隐患|隐患问题|隐患|问题)\s*(?:共|共计)?\s*" + _N.replace("?P<n>", "?P<n3>") + r"\s*(?:处|条|项|个)"
    # "问题不多 就3处", "隐患只有2处"
    r"|(?:问题|隐患)[^，,。；;\d]{0,6}?(?:就|只有|仅|一共|有|发现了?|查出(?:来|了)?)\s*" + _N.replace("?P<n>", "?P<n4>") + r"\s*(?:处|条|项|个)"
)
_NONE_FOUND = re.compile(r"(?:未|没|没有)(?:发现|查到|查出)(?:新的?|明显的?|任何|什么|啥)?(?:安全)?(?:隐患|问题)|"
                         r"(?:啥|什么)(?:隐患|问题)也?没(?:有)?(?:发现|查到|查出)|"
                         r"(?:隐患|问题)\s*(?:未发现|没发现|没有发现|无)(?:[，,。\s]|$)|无(?:安全)?隐患|隐患(?:为)?零|零隐患")


# Things counted with 个 that are no places: "检查 冰城大酒店 后厨液化气钢瓶 6个" counts cylinders.
_THING_COUNTED = re.compile(r"(?:钢瓶|气瓶|灭火器|瓶|罐|桶|箱|根|台|块|具|盏|只)\s*$")
# "排查高空广告牌和店招，涉及商户42家": the places an inspection covered
_COVERED = re.compile(r"(?:涉及|覆盖|共涉及)[^，,。；;\d]{0,6}?" + _N + r"\s*(?:家次|家|户|个单位|处场所)")
_MORE_PLACES = re.compile(r"(?:\s*[、和及，,]\s*|\s+)(?:(?!隐患|问题|发现|整改|其中|共|合计|小计)[\u4e00-\u9fffA-Za-z]){1,8}?\s*"
                          + _N + r"\s*(?:家次|家|所|座|个(?![人名])|户|处场所|个单位)")
_LISTED_PART = re.compile(rf"(?:[、和及]|\s)\s*({_NUM})\s*(?:家|个|处|座|所|户)")
_PART = re.compile(rf"({_NUM})\s*(?:家|个|处|座|所)")
_INSPECT_VERB = re.compile(r"检查|排查|巡查|督查|抽查|暗访|执法")


def _places_inspected(t: str) -> int | None:
    for rx in (_INSPECTED_TOTAL, _INSPECTED):
        for m in rx.finditer(t):
            group = next(g for g in ("n", "n2", "n3", "n4") if g in rx.groupindex and m.group(g))
            if _THING_COUNTED.search(t[m.start(): m.start(group)]) and t[m.end(group): m.end()].strip() in ("个", "只"):
                continue
            total = numbers.cn_to_int(m.group(group))
            if group == "n4" and total is not None:
                total += sum(numbers.cn_to_int(n) or 0 for n in _PART.findall(m.group("more")))
            if group == "n3" and total is not None:     # "对辖区8家加油站、3家液化气供应站开展检查"
                total += sum(numbers.cn_to_int(n) or 0 for n in _LISTED_PART.findall(t[m.end(group): m.end()]))
            if rx is _INSPECTED and total is not None:      # "学校2所、幼儿园3所": the parts add up
                pos = m.end()
                while (more := _MORE_PLACES.match(t, pos)) and (n := numbers.cn_to_int(more.group("n"))) is not None:
                    total, pos = total + n, more.end()
            return total
    m = _COVERED.search(t)
    return numbers.cn_to_int(m.group("n")) if m and _INSPECT_VERB.search(t[: m.start()]) else None


def inspection_counts(t: str) -> tuple[int | None, int | None]:
    """(places inspected, hazards found) stated in a message, each None when unsaid:
    "今日检查企业5家，发现隐患8处" → (5, 8); "未发现隐患" → 0 found."""
    count = _places_inspected(t)
    f = _FOUND.search(t)
    found = numbers.cn_to_int(f.group("n") or f.group("n2") or f.group("n3") or f.group("n4")) if f else None
    if found is None and _NONE_FOUND.search(t):
        found = 0
    return count, found


def _is_summary(t: str) -> bool:
    # "今年报上来的演练记录": 今年 + 报上来, no 年报 in it
    # "下周报县森防办": 下周 + 报 to an office, no 周报
    t = re.sub(r"(?<![弄写出来整搞做]个)(?<=[今去明本上下当每这个])([年月周])报(?=表|上|送|来|过|了|给|到|的|县|区|市|乡|镇|局|办|隐患|值班|演练|零|情况|数据|没|齐|吗|几|多少)",
               r"\1 报", t)
    if _BARE_SUMMARY.match(t):
        return True
    # "周报里的现场照片要不要加水印？": a question about what goes in it; "初稿已经发您邮箱了，
    # 请审阅": a person's draft handed over. Neither asks the assistant for one.
    if _ABOUT_A_DRAFT.search(t):
        return False
    if _SUMMARY_NOT.search(t) and not _SUMMARY_DOC_ALONE.search(t):
        return False
    # "月报模板有没有新版的", "月报什么时候交": a question about a report's form or due day asks for no draft
    if re.search(r"模板|范本|样表|格式|(?:什么时候|啥时候|几号|哪天)(?:交|要|报|截止)", t) and not _SUMMARY_VERB.search(t):
        return False
    if re.search(r"报送|上报|提交|交上来|(?<![月周年])报来|填报", t) and not _DRAFT_ASKED.search(t):
        return False    # "本月的月报草稿弄一下，明天上报旗里": a draft asked, due upwards tomorrow
    if _SUMMARY_DOC_ALONE.search(t):
        return True
    # "把今年上半年的隐患排查治理情况总结一下": a period's work summed up for the asker
    if _SUMMED_UP.search(t) and dates.find_period(t, _SOME_DAY) and not _NOTICE_HARD.search(t):
        return True
    return bool(_SUMMARY_DOC.search(t) and _SUMMARY_VERB.search(t))


# A question beyond doubt: a report word inside it ("零报告齐了没") does not make a report.
_ASKED = re.compile(r"[拉出列]个?表|排个?名|统计一?下|怎么样|咋样|怎样|如何$|[？?]|吗|(?:了|齐)没有?$|没有?$|多少|哪些|(?<![好没十])几[个次起家项场回处条名位]|(?<![前这那过头])几天(?=是|有|没|里)|有没有|([\u4e00-\u9fff])[不没]\1|"
                    r"帮我查|查一下")
# Questions about how things are done (formats, who is in charge) ask no records.
_PROCEDURE = re.compile(r"格式|模板|范本|样表|怎么(?:报|填|写|弄|上报|操作)|发什么|归哪个?部门|哪个部门管|谁(?:负责)?管|"
                        r"几点前|(?:什么|啥)时候(?:报|交|截止)|统一要求|有没有要求|流程|需要报|要不要|用不用|表格|是用|"
                        r"每天(?:都)?(?:发|报)|有事才|需不需要|是否需要|应该(?:怎么|报|发)|"
                        r"(?:带班|值班)的?是哪位|哪位领导(?:带班|值班)|座机|打不通|啥时候要|谁是|(?<!分别)(?<!责任人)(?<!负责人)是谁|谁来(?:写|做|弄|搞|负责|牵头|组织|主持)|带班领导是|值班领导是|谁(?:在)?值班|值班的?是谁|谁带班|带班的?是谁|值班安排|排班|"
                        r"(?:几点|什么时候|在哪里?|哪里)开(?:会|[^，,。]{0,4}会)|"
                        r"(?:几点|什么时候|啥时候)(?:开始|集合|出发|到场|结束)|在哪(?:里|儿)?(?:集合|举行|开展|下载|找)|哪里下载|"
                        r"(?:用|是)哪个版本|哪一版|(?:怎么|如何|怎样)(?:区分|判定|认定|界定)|(?:判定|认定|区分)标准|找谁|谁(?:能|会|来)修|找哪个|晓得找|"
                        # which way to report: "是写零报告还是写无突发事件", "报给镇应急办还是直接报县局"
                        r"是(?:写|报|填|发)[^，,。？?]{0,10}还是|报给[^，,。？?]{0,10}还是|还是直接|还是恢复|还要每天|行不行|"
                        r"(?:表|表格|统计|台账|报表)[^，,。]{0,8}(?:怎么没有?|漏了|少了|不对|有误|错了)|什么时候要|什么时候交|什么时候截止|截止(?:时间|日期)|几号截止|在哪里?看|在哪儿|"
                        r"填|选哪|选不到|可以吗|还是必须|必须选|名单在|归[^，,。]{0,6}管|归谁|要发几|发几张|要几张|要交几|"
                        r"要写|需要写|要不要写|(?:要|需要|必须|得)[^，,。？?]{0,4}?(?:附|带|拍|上传|盖章|签字)|"
                        # which box of a form, which class: "类别那一栏…算涉氨制冷还是算危化"
                        r"[那这哪]一?栏|算[^，,。？?]{0,10}还是|[归算属]于?哪一?[类个项]|"
                        # a phone number or an address is asked of people, not of the records
                        r"(?<!打)(?<!打了)(?<!打个)电话|号码|联系方式|手机号|微信号?|邮箱|哪位(?:知道|晓得|有)|谁知道|有没有人知道|"
                        r"哪个(?:晓得|知道)|谁晓得|有没有人晓得|通不通|能不能走|好不好走")
# Talk about the group's paperwork and slips: "模板在群文件里", "发错群了，请忽略".
# "模板坍塌" is formwork on a site, no template.
_HOUSEKEEPING = re.compile(r"模板(?![^，,。]{0,2}(?:坍|塌|垮|支|倒))|群文件|下载使用|发错|请忽略|撤回一下|格式如下|格式[：:]|"
                           r"格式发|签到表|(?<!照片)(?<!图片)(?<!视频)(?<!截图)(?<!照片已)(?<!图片已)(?<!视频已)(?<!汇总一下)(?<!统计一下)(?<!汇总下)(?<!统计下)发群里|照这个填|值班安排[：:]|排班表|值班表|(?:都|均|全部)已?收齐|"
                           # praise for the reports is about them, it reports nothing
                           r"点个?赞|给大家点赞|提出表扬|报得很?及时|都很及时|"
                           # the sender passed the reports on: "今天的零报告我已经汇总报县委办了"
                           r"我(?:已经?|都)[^，,。]{0,4}(?:汇总|转)[^，,。]{0,4}(?:报|发)")
# A roll call answered ("到！沙河镇周建华") or a team reporting itself complete.
_ROLL_CALL = re.compile(r"^到[!！。，, ]|^到$|(?:全部|全员|均已|已经?)(?:到位|到齐|到岗|就位)|^到了|"
                        r"^[\u4e00-\u9fff]{2,12}\s+到(?:\s|[，,！!。]|$)|(?:^|[\s，,])到了(?:[\s，,！!。]|$)|"
                        # "城关镇 李明 张华 王刚 到", "我是城关镇的李明，我到了"
                        r"^[\u4e00-\u9fff][\u4e00-\u9fff ]{1,30} 到[了！!。]?$|(?:^|[\s，,])我(?:已经?)?到了")
# A request to the assistant itself ("麻烦统计下各单位…"), not a notice to the units.
_ASK_BOT = re.compile(r"(?:麻烦|帮我|帮忙|给我|请你|你|小助手|助手)\s*(?:统计|汇总|查|看|列|整理|算|数)|发我|看看$|看一下$|"
                      r"^请(?:统计|汇总|查询|列出|导出)(?![^。]*(?:报送|上报|报)(?:至|到|给|[县区市局办]|$|[，,。]))")


_SOME_DAY = date(2000, 12, 31)   # a year's last day: every named period of that year lies before it


def _answered(t: str) -> str:
    """"都没什么问题", "其他没有什么" answer, they do not ask: read as 无 (a bare 没 at the end
    would read as "…了没")."""
    return re.sub(r"没有?(?:什么|啥)", "无", t)


def _is_query(t: str) -> bool:
    t = _answered(t)
    # "…几次数据一模一样。安全员欧阳杰为责任人，1月底前整改": a finding, told to somebody, asks nothing;
    # nor does its own doubt ("这个算不算重大隐患？先按一般报")
    if people.responsible(t) and _fix_by_a_day(t) and (not re.search(r"[？?]|吗", t) or re.search(r"算不算|是不是重大|属不属于", t)):
        return False
    # "我跟大家说一下", "我报告一下": the sender tells, nobody asks
    t = re.sub(r"(?:我们?|这边)?(?:来|跟|和|给|向)?(?:大家|各位|领导|你们)?(?:说|讲|报告|汇报|报)一?下(?=[^？?吗]*$)", "", t) \
        if re.search(r"^(?:那个)?(?:我|这边)|(?:跟|和|给|向)(?:大家|各位|领导)", t) else t
    if len(t) > 80 or (_REPORT_LIKE.search(t) and not _ASKED.search(t)):
        return False
    if _BARE_QUERY.match(t):
        return True
    # "检查企业12家次，发现隐患15处，已全部建立台账": counts of work done are stated, not asked
    if not _ASKED.search(t) and inspection_counts(t)[0] is not None:
        return False
    # "本月各单位值班报送情况": a bare noun phrase of a topic and a period asks for it
    if _QUERY_TAIL.search(t) and len(t) <= 40 and not re.search(r"请|要求|务必|通知|提醒|各镇|各单位|各乡|各街道|各村", t) \
            and any(rx.search(t) for rx in _QUERY_TOPIC.values()) and dates.find_period(t, _SOME_DAY):
        return not _looks_like_report(t)
    if re.search(r"^【|^\[|^通知|请各|(?:请|要求|务必|按时|及时|于).{0,14}(?:报送|上报|报(?=[县区市省局办]))", t) \
            and not _ASK_BOT.search(t) and not re.search(
        r"[？?]|吗|怎么样|怎样|如何|多少|哪些|哪个|哪家|几个|几次|几家|有没有|是否|了没", t
    ):
        return False
    # "请各单位…检查值班记录是否完整": an instruction holds its question, it asks nothing
    if re.search(r"^请(?!问|教|帮|你|助手)|请各|要求各|务必|^[^，,。？?]{0,10}[，,]各(?:镇街|镇|乡|单位|村|街道)", t) \
            and not re.search(r"[？?]|吗|多少|几[个场次家处条]|哪些|哪个", t) and not _ASK_BOT.search(t):
        return False
    if re.search(_REMINDER, t):
        return False    # "有什么情况第一时间在群里报": how to report, said to all
    topic = any(rx.search(t) for rx in _QUERY_TOPIC.values()) or _QUERY_ALL.search(t) or _QUERY_WHOLE.search(t)
    # "2月30日隐患情况" names a period too, a wrong one (the handler says so); a period still
    # ahead ("明天安排人过去看看") holds no records to ask about
    found = dates.find_period(t, _SOME_DAY)
    period = (found is not None and found[0] <= _SOME_DAY) or dates.has_invalid_day(t, _SOME_DAY)
    if _QUESTION.search(t):
        # "今年苹果价钱咋样？": a period alone, of nothing the records hold, asks the records nothing
        if not (topic or (period and re.search(r"情况|数据|统计|工作|汇总|报告|记录|台账|事", t))):
            return False
        # "已签到吗" is still a question; a report with a unit and a past-tense verb is not
        return not _looks_like_report(t)
    if _QUERY_TAIL.search(t) and (topic and period) and len(t) <= 40:
        return not _looks_like_report(t)
    return False


def _looks_like_report(t: str) -> bool:
    # A unit name at the start followed by report words, and no question.
    if re.search(r"[？?]|吗", t) or _ASKED.search(t):
        return False
    return bool(units.extract_place(t)) and bool(_DUTY_STRONG.search(t) or _RECTIFIED.search(t))


# A line that is a unit and its head count ("金沙门街道 15人", "燃气公司抢修二班 9人到"),
# alone or under a sign-in call ("今天防汛演练 各单位签到👇").
_SIGN_LINE = re.compile(r"(?:^|\n)\s*(?P<u>[\u4e00-\u9fff]{2,16}?)(?:\s+[\u4e00-\u9fff]{1,4}?)?\s*(?:到场|到位|已到|参演|签到|报到|来了|到了)?\s*(?:共|计)?\s*(?:\d{1,4}|[一二两三四五六七八九十]{1,3})\s*"
                        r"(?:人|名|位)\s*(?:到|已到|到场|到位|到齐)?[。.!！]?\s*(?=\n|$)")
# "青山镇来了14人", "我们城关镇 来了 11个": a unit and the people it brought
_UNIT_CAME = re.compile(r"(?:来了|到了|(?<=[\u4e00-\u9fff])到)\s*(?:\d{1,3}|[一二两三四五六七八九十]{1,3})\s*(?:个人|人|名|位|个(?!单位|镇|乡|村|部门|街道|社区))")


def _line_signed(t: str) -> bool:
    return any(units.is_unit_name(m.group("u")) or _TEAM.search(m.group("u")) for m in _SIGN_LINE.finditer(t))


_TEAM = re.compile(r"(?:班|队|组|站|所|院|公司|中心|分队|机关|民兵|民兵连|民兵排)$")
_HEAD_COUNT = re.compile(r"(?:\d{1,4}|[一二两三四五六七八九十]{1,3})\s*(?:个人|人|名|位|个(?!单位|镇|乡|村|部门|街道|社区))")


def unit_before(t: str, pos: int) -> str | None:
    """The longest unit or team name that ends right before pos, past the sign-in words and
    spaces between ("…演练的 县消防救援大队22人" → 县消防救援大队; "微型消防站签到 6人")."""
    head = re.sub(r"(?:签到|报到|到场|到位|已到|来了|到了|参演|共|计|[：:\s])+$", "", t[:pos])
    for n in range(min(16, len(head)), 1, -1):
        piece = head[-n:]
        if re.fullmatch(r"[\u4e00-\u9fff]+", piece) and (units.is_unit_name(piece) or _TEAM.search(piece)) \
                and not re.match(r"我们|俺们|咱们|[我们的了在是和及]|今天|今日|参加|来", piece):
            return piece
    return None


def sign_line_unit(t: str) -> str | None:
    """The unit of a sign-in ("金沙门街道 15人", "燃气公司抢修二班 9人到", "…演练的 县消防救援大队
    22人到位"): the name on a line of its own with its count, else the name before a count."""
    for line in _SIGN_LINE.finditer(t):
        name = line.group("u")
        if units.is_unit_name(name) or _TEAM.search(name):
            return name
    for count in _HEAD_COUNT.finditer(t):
        name = unit_before(t, count.start())
        if name:
            return name
    return None


def _is_attendance(t: str) -> bool:
    if re.search(r"(?:没|未|还没|尚未|没有)(?:有)?(?:签到|报到)|谁还没到|还没到", t):
        return False    # "还有3个单位没签到": who is missing is asked or reminded, nobody signs in
    if _line_signed(t) and not re.search(r"演练[^，,。\n]{0,6}(?:开展|举行|举办)了|应到|要求|请", t):
        return True
    if _UNIT_CAME.search(t) and len(t) <= 40 and not re.search(r"开展了|举行了|举办了|搞了|组织了|进行了|办了|请", t) \
            and (units.extract_place(t) or re.search(r"我们|我镇|我乡|我街道|本单位|我单位", t)):
        return True
    if re.match(r"^请", t) or re.search(r"请各|各单位|各位|大家|请[^，,。]{0,10}(?:签到|到位|报到)", t) or _DUTY_STRONG.search(t):
        return False
    here = re.match(r"^(?P<u>[\u4e00-\u9fff]{2,12}?)\s*到了?(?:[\s，,！!。]|$)", t)
    # "检查组下午两点到": a time before 到 says when somebody comes, no unit answering the roll
    if here and units.is_unit_name(here.group("u")) and not re.search(r"[点时]$|上午|下午|晚上|明天|今天|后天|的", here.group("u")):
        return True     # "东湖街道到，4人": a unit answering the roll
    if _ATTEND.search(t):
        # "…开展演练，…签到" announcing a drill is the drill, not a sign-in
        if _DRILL.search(t) and re.search(r"开展|举行|定于|将于|计划", t) and len(t) > 30:
            return False
        return True
    if len(t) <= 30 and re.search(r"到齐|已到|到场|报到|到了|到位|到(?=\s*\d)", t) and numbers.parse_count(t) is not None \
            and not re.search(r"开展|举行|举办|定于|将于|计划|组织", t):
        return True
    if _DRILL.search(t) or len(t) > 60:
        return False
    if _CAME.search(t) and len(t) <= 30:
        return True
    return bool(_ATTEND_COUNT.search(t))


_NO_DRILL = re.compile(r"(?:未|没有|没|尚未|从未|不)[^，,。；;]{0,8}(?:开展|组织|进行|举行)?[^，,。；;]{0,10}(?:演练|演习)|"
                      r"非演练|不是演练|并非演练")


# The paperwork of drills ("演练方案报…备案") and an order to hold some by a day
# ("请各镇街在1月10日前组织开展一次应急演练") announce no drill.
_DRILL_PAPERWORK = re.compile(r"演练(?:方案|总结|计划|照片|台账|记录|脚本|材料|视频)")
_DRILL_ORDERED = re.compile(r"请各[^，,。]{0,12}前[^，,。]{0,4}(?:组织|开展|完成)")


def _is_drill(t: str) -> bool:
    if _DRILL_ORDERED.search(t):
        return False
    t = _DRILL_PAPERWORK.sub("", t)
    if not _DRILL.search(t) or _NO_DRILL.search(t):
        return False
    if re.search(r"取消|另行通知", t):     # a drill called off is a notice
        return False
    if _DRILL_VERB.search(t):
        return True
    return bool(dates.find_days(t, date(2000, 1, 1)))


def _is_own_duty_report(t: str) -> bool:
    # "辖区内召开了一次安全生产例会": a meeting held is the unit's own news, not a notice
    if re.match(r"^(?:【|\[|请|通知|提醒|各位|大家)", t) or re.search(r"请各|提醒各|各单位|各镇街|各乡镇|各部门|召开(?!了)|会议|" + _REMINDER, t):
        return False
    return bool(_DUTY_STRONG.search(t)) or _unit_on_duty(t)


# "县气象局今日值班，…", "石门乡今日值班 一切平安": a unit, then its duty day
_ON_DUTY = re.compile(r"^(?P<u>[\u4e00-\u9fff]{2,12}?)(?:今日|今天|\d{1,2}月\d{1,2}日)?(?:值班|值守)[，,：:\s]")


def leading_unit(t: str) -> str | None:
    """The unit name a message opens with ("石门乡辖区安全稳定…" → 石门乡), else None."""
    head = re.match(r"[\u4e00-\u9fff]{2,14}", t)
    if not head:
        return None
    return next((head.group(0)[:n] for n in range(len(head.group(0)), 1, -1) if units.is_unit_name(head.group(0)[:n])), None)


def _unit_on_duty(t: str) -> bool:
    m = _ON_DUTY.match(t)
    return bool(m and units.is_unit_name(m.group("u")))


_TOLD = re.compile(r"限期|立即|立行立改|要求|责令|[日天周]内|前")
_DEADLINE_WORD = re.compile(r"限|前|内|立即|立行|工作日|月底|年底|整改|今天|今日|明天")


def _answerable_told(t: str) -> bool:
    """A person answerable by role and name, told to act: "景区经理郭振海，本周内制定…"."""
    return bool(_TOLD.search(t)) and people.responsible(t) is not None


def _fix_by_a_day(t: str) -> bool:
    """True when the text sets a day by which something is to be fixed."""
    if not _DEADLINE_WORD.search(t):
        return False
    found = dates.parse_deadline(t, date(2000, 1, 1))
    if not found:
        return False
    pos = t.find(found[1])
    return pos >= 0 and bool(_FIX_VERB.search(t[pos + len(found[1]):]) or re.search(r"整改|修复", found[1]))


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


