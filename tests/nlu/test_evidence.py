import pytest

from nlu.evidence import classify, inspection_counts, weigh
from nlu.forms import read


def test_the_heaviest_intent_wins_and_counter_evidence_weighs():
    w = weigh("请各单位做好值班值守工作")
    assert w["other"] > 0 and w["duty_report"] > 0
    assert classify("请各单位做好值班值守工作") == "other"
    assert classify("青石镇今日值班值守正常，零报告") == "duty_report"


def test_a_handled_incident_is_a_duty_report_not_a_hazard():
    assert classify("凌晨东岗村一民房起火，已扑灭，无人员伤亡") == "duty_report"
    assert classify("新民路一饭店液化气漏气，燃气公司已处置，无人员受伤") == "duty_report"
    assert classify("新民路一饭店液化气钢瓶无防倒链，限期3天整改") == "hazard"


def test_a_form_title_speaks_for_its_intent():
    text = "【整改销号申请】\n单位：阳光城小区\n问题：电梯年检过期"
    assert classify(text, read(text)) == "rectified"


@pytest.mark.parametrize("text", [
    "我来签个到", "到！白沙街道王芳", "区水务局15名队员全部到位", "收到，王芳已到，签到",
])
def test_casual_sign_ins(text):
    assert classify(text) == "attendance"


@pytest.mark.parametrize("text", [
    "零报告每天几点前报？", "隐患台账用什么格式？", "隐患上报表的模板在群文件里，自行下载使用",
    "刚才那条发错群了，请忽略", "收到，谢谢各位",
])
def test_chat_about_procedure_is_other(text):
    assert classify(text) == "other"


@pytest.mark.parametrize("text, counts", [
    ("今日检查企业5家，发现隐患8处，已督促整改", (5, 8)),
    ("今天共检查餐饮门店十二家，未发现隐患", (12, 0)),
    ("对辖区3家加油站、4家液化气站开展检查，共检查7家，发现问题2处", (7, 2)),
    ("上午到宏达公司检查，发现消防通道堵塞", (None, None)),
])
def test_inspection_counts(text, counts):
    assert inspection_counts(text) == counts


@pytest.mark.parametrize("text", [
    "这个月演练搞了几场", "上周隐患一共查出几处？", "今年开展了几轮演练",
])
def test_how_many_with_any_measure_word_is_a_question(text):
    assert classify(text) == "query"


@pytest.mark.parametrize("text", [
    "今天的值班报告还没报哦，请尽快报送",      # a report owed is a reminder, not a report
    "青山镇值班情况尚未上报，请抓紧",
    "零报告还未提交的单位请及时报送",
])
def test_a_reminder_of_a_report_owed_is_other(text):
    assert classify(text) == "other"


def test_asking_who_owes_a_report_is_still_a_query():
    assert classify("今天哪些单位还没报？") == "query"
    assert classify("今天谁没报") == "query"


@pytest.mark.parametrize("text", ["昨天的值班报告补一下", "今天零报告记得发一下", "值班情况请尽快报"])
def test_what_is_asked_of_a_unit_addressed_by_name_is_other(text):
    assert classify(text, addressed=True) == "other"
    assert classify("青石镇今日值班正常，零报告", addressed=False) == "duty_report"


@pytest.mark.parametrize("text", [
    "石板村：村道涵洞淤塞严重，请村委会5月15日前完成清淤",
    "金色家园小区地下车库有人飞线充电，已通知物业3天内清理",
    "大桥护栏被车辆撞断约8米，公路中心已安排1月5日前修复",
])
def test_something_to_fix_by_a_day_is_a_hazard(text):
    assert classify(text) == "hazard"


@pytest.mark.parametrize("text", [
    "请各单位于3月20日前报送一季度隐患排查台账",    # sending a report by a day fixes nothing
    "请各镇街3天内上报节前检查情况",
])
def test_a_day_to_send_a_report_by_is_no_hazard(text):
    assert classify(text) == "other"


@pytest.mark.parametrize("text", [
    "好的，明天一早安排人过去看看",             # a day ahead holds no records to ask about
    "收到，下周安排人去看一下",
])
def test_looking_at_something_tomorrow_asks_no_records(text):
    assert classify(text) == "other"


@pytest.mark.parametrize("text", [
    "元旦假期最后一天，请各单位明天上班后第一时间检查值班记录是否完整。",
    "请各社区核实本周隐患是否整改到位",
])
def test_an_instruction_holding_a_question_is_other(text):
    assert classify(text) == "other"


def test_please_ask_is_still_a_question():
    assert classify("请问最近30天隐患情况查一下") == "query"


@pytest.mark.parametrize("text", [
    "省厅那个隐患排查治理的文件谁有？转我一份",
    "防汛预案有没有最新的？发我一份",
    "谁有上次安全培训的课件",
])
def test_asking_for_a_document_is_other(text):
    assert classify(text) == "other"


@pytest.mark.parametrize("text", ["月报模板有没有新版的？去年用的那个格式不对", "周报格式是什么样的"])
def test_asking_about_a_reports_template_requests_no_draft(text):
    assert classify(text) == "other"


def test_a_draft_on_the_template_is_still_a_summary_request():
    assert classify("按新模板帮我生成本月月报") == "summary_request"


@pytest.mark.parametrize("text, counts", [
    ("南关街道今日检查餐饮店12家，发现燃气隐患15处，均已交办。", (12, 15)),
    ("检查企业8家，发现消防安全类隐患6条", (8, 6)),
])
def test_hazards_found_of_any_kind(text, counts):
    assert inspection_counts(text) == counts


@pytest.mark.parametrize("text", ["下午县消防救援大队在万达广场搞了场消防演练，来了80多人", "河西乡今天搞了防汛演练 来了40个人"])
def test_a_drill_done_in_everyday_words(text):
    assert classify(text) == "drill"


@pytest.mark.parametrize("text", ["查下最近一周的隐患", "调出上个月的值班记录"])
def test_look_up_verbs_ask(text):
    assert classify(text) == "query"


@pytest.mark.parametrize("text", ["零报告是每天发还是有事才发？", "节假日需不需要报零报告？", "隐患应该怎么报？"])
def test_questions_about_practice_are_other(text):
    assert classify(text) == "other"


@pytest.mark.parametrize("text", ["平安镇 今日无事", "城西街道今天值班没啥事", "老街社区今天一切正常"])
def test_a_quiet_day_in_everyday_words_is_a_duty_report(text):
    assert classify(text) == "duty_report"


def test_nothing_wrong_answers_and_does_not_ask():
    assert classify("今天我们跑了5家加油站 都没什么问题") == "inspection"
    assert inspection_counts("今天我们跑了5家加油站 都没什么问题") == (5, None)


def test_a_bare_topic_and_period_asks_even_for_all_units():
    assert classify("本月各单位值班报送情况") == "query"
    assert classify("请各单位报送本月值班情况") == "other"


@pytest.mark.parametrize("text", ["谁是今天的带班领导？", "今天的值班领导是谁"])
def test_who_holds_a_role_asks_no_records(text):
    assert classify(text) == "other"


@pytest.mark.parametrize("text", ["各位，明天上午的演练取消了，时间另行通知", "原定周五的防汛演练取消"])
def test_a_drill_called_off_is_a_notice(text):
    assert classify(text) == "other"


@pytest.mark.parametrize("text", ["盛达液化气站钢瓶已入库存放，搭了遮阳棚", "青龙水库溢洪道杂物已清走", "楼道口装好了感应灯"])
def test_a_fix_done_in_everyday_words_is_rectified(text):
    assert classify(text) == "rectified"


def test_something_blocking_is_a_problem():
    assert classify("刚去看了下青龙水库 溢洪道有很多杂物堵着 得赶紧清一下") == "hazard"


@pytest.mark.parametrize("text", ["清明假期各镇街值班报告齐不齐", "近15天各镇街值班报告有没有迟报的",
                                  "1月1号到3号各单位值班报告齐不齐，帮我查一下", "上周各乡镇的值班、隐患、演练情况都给我拉出来"])
def test_questions_in_everyday_forms_are_queries(text):
    assert classify(text) == "query"


@pytest.mark.parametrize("text", ["好几家把液化气罐放在门口人行道上，已经让镇里立即整改", "十几户在楼道里给电动车充电，已通知物业3天内清理"])
def test_several_is_no_question(text):
    assert classify(text) == "hazard"


@pytest.mark.parametrize("text", [
    "入山口检查站没人值守，林缘有村民堆了柴草",                # someone missing where they should be
    "玻璃栈道入口没有限流措施，周末高峰时栈道上站了两百多人",
    "切坡高度大概8米没有支护，户主黄德顺，已要求立即停工",
    "县医院住院部的消防栓里面没有水带",
])
def test_a_missing_safeguard_is_a_hazard(text):
    assert classify(text) == "hazard"


@pytest.mark.parametrize("text", [
    "化粪池盖板碎了 上周有条狗掉进去 小孩子经常在那里玩",        # damage in plain words
    "海盗船安全压杠有一个锁不死，还照常运营",
    "新华书店二楼安全出口被货架挡住了，店长说明天挪开",
    "有人在林边烧田坎灰，离林子不到10米",
])
def test_damage_in_plain_words_is_a_hazard(text):
    assert classify(text) == "hazard"


def test_a_person_answerable_told_to_act_is_a_hazard():
    assert classify("望海街道观音岩景区入口只有一条通道，景区经理郭振海，除夕前拿出分流方案") == "hazard"


@pytest.mark.parametrize("text", [
    "杉木乡中心校宿舍电热毯已全部收缴，插线板换了",
    "金岷化工有限公司危废暂存间已分区存放，防渗层已修补，申请县应急局复查",
    "鑫达铝业有限公司冷却水系统试压合格，地坑积水已抽干并找到漏点修复，申请复查后开炉",
    "新华书店的货架已挪开，安全出口畅通了",
])
def test_rectifications_in_more_words(text):
    assert classify(text) == "rectified"


@pytest.mark.parametrize("text", [
    "潮平镇中心小学食堂的燃气管道从配电箱旁边穿过，熄火保护装置被拆掉了，校长叶国栋，9月7日前整改",
    "宾馆锅炉出水口装了阀门，已经变成承压运行了，宾馆经理秦红已签字，5个工作日内整改",
])
def test_damage_or_a_change_with_a_day_to_fix_by_is_no_rectification(text):
    assert classify(text) == "hazard"


@pytest.mark.parametrize("text", ["👌到了", "到了到了", "青冈坪乡 到 2个人", "东湖街道到，4人", "鸿步鞋业员工疏散组已就位 共140人", "签倒"])
def test_roll_calls_in_everyday_words(text):
    from nlu.intents import normalize
    assert classify(normalize(text)) == "attendance"


@pytest.mark.parametrize("text", ["已收到，谢谢", "收到了"])
def test_received_is_no_roll_call(text):
    assert classify(text) == "other"


@pytest.mark.parametrize("text", [
    "县水利局：龙潭水库今日水位超汛限0.8米，已按调度令开闸泄洪，下游已通知到位。其余正常",
    "白岩镇值班：今天下午3点左右白岩砂石场一辆装载机倒车时刮倒围墙，无人员伤亡。其他正常",
])
def test_a_duty_report_by_its_frame(text):
    assert classify(text) == "duty_report"


@pytest.mark.parametrize("text", [
    "请各单位负责人注意，本周五前把演练方案报县应急局备案",
    "请各镇街在1月10日前组织开展一次应急演练并上报演练总结",
    "县应急局将于下周对各乡镇隐患整改情况进行督查，请提前做好准备",
    "元旦假期值班安排：1月1日至3日各乡镇主要领导带班，值班报告每天上午9点前报送",
    "这个隐患是不是归住建局管？",
    "请问一下演练的照片要发几张？",
    "这个月的月报什么时候交？",
    "演练签到表的格式发群里了，下次演练照这个填",
    "@龙潭镇 上次那个顺达批发部的隐患整改了没有，发个照片来",
])
def test_near_misses_are_other(text):
    from nlu.intents import addresses_a_unit, normalize
    assert classify(normalize(text), addressed=addresses_a_unit(text)) == "other"


def test_formwork_is_no_template():
    assert classify("龙潭镇今日值班情况：龙潭村一户村民自建房二层模板坍塌，1名工人腿部受伤送医，已责令停工。") == "duty_report"


@pytest.mark.parametrize("text, counts", [
    ("礁北街道本周查了出租房和群租房共63处 发现电动车入户充电、飞线充电隐患41处", (63, 41)),
    ("潮平镇今天查了小作坊和三合一场所一共24家 隐患31处", (24, 31)),
    ("今天跟安监站一起查了小微企业 一共8家次 问题隐患19处", (8, 19)),
])
def test_hazards_found_stated_alone_or_of_a_long_kind(text, counts):
    assert inspection_counts(text) == counts


@pytest.mark.parametrize("text", [
    "刚才路过发现城关二小门口那个井盖没了 小孩子上学很容易掉下去 赶紧叫人来处理一下",
    "城东加油站旁边新开了一家烧烤店 晚上明火烤串 离油罐不到二十米",
    "大湾村有户村民在自家院子里囤了好几十桶汽油 说是给拖拉机用的",
])
def test_something_gone_a_fall_waiting_and_fuel_hoarded_are_hazards(text):
    assert classify(text) == "hazard"


def test_what_a_report_must_contain_is_a_practice_question():
    assert classify("请问各位 零报告要写带班领导吗") == "other"


@pytest.mark.parametrize("text", [
    "今日检查企业5家，发现隐患3处，已责令企业负责人王强限期整改",
    "县住建局检查工地4个，发现问题7条，已下达整改通知书，限期10天整改",
    "石门乡本周检查烟花爆竹零售点12家，发现隐患2处，责令店主刘某立即整改",
])
def test_an_inspections_counts_with_an_order_to_fix_stay_an_inspection(text):
    assert classify(text) == "inspection"


def test_one_hazard_found_on_a_visit_is_still_a_hazard():
    assert classify("今天到宏达公司检查，发现消防通道堵塞，责任人王强，限期3天整改") == "hazard"


@pytest.mark.parametrize("text", ["县气象局今日值班，发布大风蓝色预警一次，无灾情。", "石门乡今日值班 一切平安 带班领导王刚",
                                  "新华街道今日值班情况正常，辖区内召开了一次安全生产例会，无突发事件"])
def test_a_unit_and_its_duty_day_frame_a_report(text):
    assert classify(text) == "duty_report"


def test_a_duty_day_that_is_not_a_units_is_no_report():
    assert classify("明天值班，请大家注意") == "other"


@pytest.mark.parametrize("text, counts", [
    ("东坪街道今天检查了12家九小场所 问题不多 就3处 都当场改了", (12, 3)),
    ("检查企业6家，隐患只有2处", (6, 2)),
])
def test_hazards_found_said_in_passing(text, counts):
    assert inspection_counts(text) == counts


def test_done_on_a_day_is_no_deadline():
    assert classify("关于城关加油站静电接地问题，已于今日整改完毕，请复查") == "rectified"
    assert classify("城关加油站静电接地线断了，请于今日整改到位") == "hazard"


# ------------------------------------------------------------------ round 3 (issue 18)

@pytest.mark.parametrize("text", [
    "城关镇报告：下午3点河堤路一辆货车侧翻，交警到场处置，司机轻微擦伤",
    "青山乡值班信息：凌晨一仓库电线短路起火，消防及时扑灭，无人员受伤。",
    "化工园区报告：一企业储罐阀门渗漏，已紧急关阀处置，未造成污染",
    "我这边报一下 上午村里一个老人摔伤了 已经送到镇医院 没什么大问题",
])
def test_an_incident_dealt_with_by_whoever_came_is_a_duty_report(text):
    # the handling verb needs no 已: 到场处置, 及时扑灭, 送到医院; a report's frame (XX报告：) weighs
    assert classify(text) == "duty_report"


def test_a_leak_still_to_be_fixed_stays_a_hazard():
    assert classify("城关加油站油罐区渗漏，限期3天整改，责任人站长李强") == "hazard"
    assert classify("燃气管道被挖断 正在漏气") == "hazard"


@pytest.mark.parametrize("text", [
    "南坪镇12.3值班：正常", "东街街道2/15值守：一切平安", "红旗乡值班：无异常",
    "报告领导，今天我镇值班人员均已到岗，辖区无异常",          # 到岗 of the duty staff is no sign-in
    "报告，昨夜大风，我镇值班人员连夜巡查，未发生险情，一切正常",
    "今天值班情况：其他没什么事",
])
def test_a_duty_line_and_a_quiet_end_are_a_duty_report(text):
    assert classify(text) == "duty_report"


def test_a_quiet_end_without_a_report_frame_is_not_a_duty_report():
    # an inspection with counts that ends "一切正常" stays an inspection
    assert classify("今天检查企业6家，一切正常") == "inspection"


@pytest.mark.parametrize("text", [
    "今日检查企业8家，发现隐患11处，均已建立台账", "本周共排查场所20家次，查出问题9条，已录入台账",
])
def test_an_inspections_counts_ending_in_a_ledger_are_stated_not_asked(text):
    assert classify(text) == "inspection"


@pytest.mark.parametrize("text", [
    "谢谢大家，今天的消防演练开展得很成功，各位辛苦了", "感谢各单位的大力支持，本次演练圆满完成",
    "各位辛苦了，今天的防汛演练组织得非常好👍",
])
def test_thanks_after_a_drill_is_other(text):
    assert classify(text) == "other"


def test_a_drill_reported_with_its_figures_stays_a_drill_despite_thanks():
    assert classify("今天下午在城关镇开展了防汛演练，参演80人，感谢各单位支持") == "drill"


@pytest.mark.parametrize("text", [
    "应急预案修订稿已发到各位邮箱，请查收", "年度检查计划已下发，请各单位认真学习，抓好落实",
])
def test_a_plan_sent_out_to_be_studied_is_other(text):
    assert classify(text) == "other"


@pytest.mark.parametrize("text", ["今年报上来的隐患有多少条", "这个月报上来几起演练？", "本月报上来的值班报告齐了没"])
def test_a_period_then_报上来_names_no_annual_or_monthly_report(text):
    assert classify(text) == "query"


@pytest.mark.parametrize("text", [
    "请问一下，隐患表里等级那栏，电线老化算一般还是算重大？", "液化气钢瓶放楼道算燃气还是算消防？",
    "谁知道县应急局值班室电话", "哪位有住建局安全股的联系方式？",
])
def test_which_box_or_which_phone_is_asked_of_people_not_of_the_records(text):
    assert classify(text) == "other"


@pytest.mark.parametrize("text", [
    "宏达公司消防通道堵塞的问题都整改完了，请复查", "城关小学电线老化问题已经全部改完了，照片发群里了",
    "兴旺饭店燃气报警器已安装，整改报告已上传，申请销号", "村委会已经在塘边搭好了防护栏，整改到位",
])
def test_rectified_in_everyday_words_with_its_evidence_posted(text):
    assert classify(text) == "rectified"


@pytest.mark.parametrize("text", [
    "锅炉房压力表过了检验期，安全阀也没铅封", "养老院电梯年检过了还在用，院长王芳", "村道边的护栏被人拆了一段",
    "河道里被人堆了建筑垃圾 汛期会有问题", "配电房的接地线断了，防护网也没了",
    "排洪沟被人种了玉米 还搭了个窝棚",                # somebody built there: no rectification
])
def test_a_hazard_without_a_deadline_in_plain_words(text):
    assert classify(text) == "hazard"


@pytest.mark.parametrize("text", [
    "今天凌晨北街一家门面房着火了消防来了半小时扑灭烧了点货没伤人",
    "桃源乡：昨日值班期间接到群众电话反映山上有烟，经核实为农户烧秸秆，已劝阻熄灭",
    "城关镇值班记录：08:00-次日08:00 平稳 无事件",
    "三江镇：今晨一辆货车侧滑撞上护栏，司机受轻伤已送医，道路已恢复通行",
])
def test_more_duty_reports_in_the_words_of_other_regions(text):
    assert classify(text) == "duty_report"


@pytest.mark.parametrize("text", [
    "大家注意一下，零报告要在早上9点前发", "今天谁值班？", "隐患上报要附照片吗",
])
def test_how_and_who_of_reporting_is_other(text):
    assert classify(text) == "other"


def test_a_ranking_asked_for_is_a_query():
    assert classify("这个月各乡镇的隐患数量排个名") == "query"


@pytest.mark.parametrize("text, counts", [
    ("今天到鸿运酒店等5家酒店检查，发现问题8处，已交办整改", (5, 8)),
    ("上午跑了5家企业，问题3个，都让他们限期整改了", (5, 3)),
    ("今天检查了加油站3座 没发现什么问题", (3, 0)),
])
def test_inspection_counts_in_plain_words(text, counts):
    assert inspection_counts(text) == counts
    assert classify(text) == "inspection"


@pytest.mark.parametrize("text, intent", [
    ("老街那个加油站晚上卸油没人看着", "hazard"),
    ("上周反映的富民饭店油烟管道已经清洗干净，请复查", "rectified"),
    ("金山路工地剪刀撑都加上了，照片已发", "rectified"),
    ("石门乡来了六个人", "attendance"),
])
def test_plain_words_for_hazards_rectifications_and_arrivals(text, intent):
    assert classify(text) == intent


@pytest.mark.parametrize("text", [
    "区供电公司抢修队 12人", "燃气公司抢修三班 8人到", "今天消防演练 各单位签到👇\n城北街道 9人",
    "我们柳河镇 来了 7个", "今天演练东山乡来了十个人",
])
def test_a_unit_and_its_head_count_is_a_sign_in(text):
    assert classify(text) == "attendance"


@pytest.mark.parametrize("text", ["请参演人员提前半小时到位签到", "明天演练应到30人，请各单位按时到位"])
def test_asking_people_to_sign_in_is_no_sign_in(text):
    assert classify(text) != "attendance"


@pytest.mark.parametrize("text", [
    "春节值班期间零报告也要每天按时报，别忘了", "以后零报告要在8点前发到群里",
    "元旦值班安排发一下，谁带班", "明天几点开安全例会？", "上周的隐患统计表怎么没有我们镇的，是不是漏了",
])
def test_reminders_rosters_meetings_and_complaints_about_a_table_are_other(text):
    assert classify(text) == "other"


@pytest.mark.parametrize("text", [
    "最近一周各社区的零报告情况 拉个表", "本月隐患整改情况汇总一下发群里", "这季度的演练 出个表",
])
def test_a_table_asked_for_is_a_query(text):
    assert classify(text) == "query"


def test_a_few_inspected_is_no_question():
    assert classify("今天跟着市场监管所去查了几家饭店一共五家发现问题六处") == "inspection"


def test_things_counted_are_no_places_inspected():
    assert inspection_counts("县市场监管局检查 鸿福酒楼 后厨液化气钢瓶 4个 没有报警装置")[0] is None
    assert classify("县市场监管局检查 鸿福酒楼 后厨液化气钢瓶 4个 没有报警装置 店主李明 责令立即整改") == "hazard"
    assert inspection_counts("区城管局今天排查户外招牌，涉及商户30家，发现隐患5处") == (30, 5)


@pytest.mark.parametrize("text", ["应急广播试鸣通知：明天上午10点试鸣，非演练", "这次只是设备测试，不是演练"])
def test_not_a_drill_said_outright(text):
    assert classify(text) != "drill"


def test_an_alarm_device_is_no_alarm_raised():
    assert classify("冷库那边液氨报警器探头换了，喷淋也修好了，请复查") == "rectified"


@pytest.mark.parametrize("text, counts", [
    ("东山镇 今天 检查 烘干 塔 5家 家家 都有 问题 一共 隐患 12处", (5, 12)),   # the total is of hazards
    ("骑手站点检查：美团站、饿了么站等4个站点，发现电池集中充电无隔离、私改电瓶等隐患7处", (4, 7)),
    ("我们今天去了三家工地检查发现了五个问题", (3, 5)),
    ("检查数量：14处\n发现问题：8处", (14, 8)),
])
def test_more_ways_of_saying_places_and_hazards_counted(text, counts):
    assert inspection_counts(text) == counts


@pytest.mark.parametrize("text, intent", [
    ("永兴砖厂粉碎车间粉尘很大，电机没有防爆，厂长吴强", "hazard"),
    ("面粉厂包装间灰尘特别大 也没通风", "hazard"),
    ("鸿发烟花店门口的烟花已搬走", "rectified"),
    ("双河村后山裂缝监测点已设好，5户已全部搬迁", "rectified"),
    ("今天的零报告我已经汇总报县委办了", "other"),
    ("各镇的值班情况我都转发给局长了", "other"),
])
def test_dust_missing_safeguards_things_moved_and_reports_passed_on(text, intent):
    assert classify(text) == intent


@pytest.mark.parametrize("text, intent", [
    ("金河镇今天值班平安", "duty_report"), ("金河镇报：今日辖区平稳", "duty_report"),
    ("昨天的值班情况怎么还没发？", "other"),               # a complaint to the units, not a question to the bot
    ("这次演练的脚本谁来写", "other"),
    ("石岗村河堤有段管涌，村里组织人在守，已报水利站", "hazard"),
    ("把上半年的工作总结给我弄出来", "summary_request"),
])
def test_probes_of_summer_flood_season_wording(text, intent):
    assert classify(text) == intent


@pytest.mark.parametrize("text", ["11月1日到15日的值班记录", "本月隐患整改明细", "上周演练一览表"])
def test_a_topic_a_period_and_a_record_noun_ask_for_the_records(text):
    assert classify(text) == "query"


def test_places_counted_before_the_verb():
    assert inspection_counts("白石镇老街3家烟花零售点检查了，1家超量存放")[0] == 3
    assert classify("白石镇老街3家烟花零售点检查了，1家超量存放，已责令整改") == "inspection"


@pytest.mark.parametrize("text", ["超市门口摆的烟花已经收了", "路边摆的摊已经撤掉了", "门口的货都收起来了"])
def test_goods_put_away_are_rectified(text):
    assert classify(text) == "rectified"


@pytest.mark.parametrize("text", [
    "县局的检查组下午两点到，请相关企业负责人在岗", "零报告格式：XX镇X月X日零报告，值班领导XXX",
    "隐患上报格式：地点+问题+责任人+时限", "请问值班补贴怎么算", "感谢县消防大队对本次演练的大力支持！",
    "昨天的视频会议精神请各单位传达学习",
])
def test_near_misses_stay_other(text):
    assert classify(text) == "other"


@pytest.mark.parametrize("text", [
    "那个我跟大家说一下今天我们镇值班一切正常没有什么特殊情况就这样",   # 说一下 tells, it asks nothing
    "领导我报告一下今天下午红星村有个小孩在河边玩水掉下去了被旁边的大人救上来了没事",
])
def test_voice_run_ons_that_tell_are_duty_reports(text):
    assert classify(text) == "duty_report"


def test_a_missing_store_and_a_weeks_deadline_in_a_run_on():
    assert classify("今天去石料厂看了一下炸药就放在工棚里没有专门的库房老板叫刘大成我让他一个礼拜之内弄好") == "hazard"


@pytest.mark.parametrize("text", [
    "石门乡辖区安全稳定，无安全事故发生", "石门乡：平安", "石门乡报平安", "石门乡值班员李华在岗，辖区无异常情况",
    "石门乡今日森林防火值班，护林员巡山2次，未发现火情",
])
def test_a_unit_and_a_quiet_day_in_report_words(text):
    assert classify(text) == "duty_report"


@pytest.mark.parametrize("text", [
    "石门乡要确保春节期间无安全事故发生", "县应急局提醒：一切平安是最大的心愿", "石门乡的同志们，祝大家一切安好",
    "城关镇安全稳定工作会议明天召开",
])
def test_a_quiet_day_wished_or_worked_for_is_no_report(text):
    assert classify(text) == "other"


def test_a_quiet_word_beside_a_hazard_leaves_the_hazard():
    assert classify("石门乡宏达公司配电箱门坏了，目前无事故发生，限期3天修好") == "hazard"


@pytest.mark.parametrize("text", [
    "幸福小区2栋楼道里停了好几辆电动车在充电", "农贸市场里面的电线乱七八糟的，有的都露铜了",
    "城北加油站员工在加油区打电话", "某饭店把液化气罐放在楼梯间", "县一中宿舍楼的灭火器压力表指针在红区",
    "宏远化工的储罐区有人抽烟", "梅园小区地下室住了人", "镇卫生院的氧气瓶和酒精放一起", "冷库的氨味很重",
    "实验小学旁边工地的塔吊晚上也在吊东西，没有人指挥",
])
def test_risky_behaviour_and_states_in_plain_words_are_hazards(text):
    assert classify(text) == "hazard"


@pytest.mark.parametrize("text", ["有事打我手机", "楼道里那几辆电动车充电的问题 这个怎么办？"])
def test_a_phone_call_and_a_request_for_advice_are_no_hazards(text):
    assert classify(text) == "other"


@pytest.mark.parametrize("text", ["石门乡上周值班情况怎么样", "城关镇这个月隐患整改咋样"])
def test_how_a_unit_did_is_asked_not_reported(text):
    assert classify(text) == "query"


@pytest.mark.parametrize("text, counts", [
    ("今天检查了学校2所、幼儿园3所，隐患4处", (5, 4)),
    ("检查加油站3座和液化气站2家，发现问题1处", (5, 1)),
    ("检查企业5家，发现隐患8处", (5, 8)),                # a comma ends the places
])
def test_places_of_several_kinds_add_up(text, counts):
    assert inspection_counts(text) == counts


@pytest.mark.parametrize("text", ["演练总结今天下班前发我", "隐患台账周五前交给我", "值班表明天中午之前发给我"])
def test_a_paper_due_to_the_sender_by_a_time_is_asked_of_a_person(text):
    assert classify(text) == "other"


def test_asking_the_bot_for_the_records_now_stays_a_query():
    assert classify("本周隐患台账发我") == "query"


@pytest.mark.parametrize("text, intent", [
    ("各镇这周报隐患没有", "query"),                       # 这周 + 报隐患: no 周报 in it
    ("小助手，最近有啥隐患没整改的", "query"),
    ("全县本月情况总览", "query"),
    ("年底了，今年的年度总结啥时候要交？", "other"),
    ("本月工作月报，按上次的格式出", "summary_request"),
    ("昨天晚上我们镇值班一切正常没出啥事", "duty_report"),   # 没出啥事 answers, it asks nothing
])
def test_colloquial_questions_and_requests(text, intent):
    assert classify(text) == intent


@pytest.mark.parametrize("text", [
    "南窑街道昨夜供暖管道爆裂，热力公司连夜抢修，今晨恢复供热",
    "化工园区值班：凌晨园区一企业反应釜温度异常，企业启动应急预案，紧急泄压，未造成泄漏，无人员伤亡",
    "北郊街道：昨晚一小区燃气管道冻裂漏气，燃气公司抢修后恢复供气，无人员受伤",
])
def test_utility_failures_repaired_are_duty_reports(text):
    assert classify(text) == "duty_report"


def test_a_leak_with_a_person_answerable_and_days_to_fix_stays_a_hazard():
    assert classify("冷库液氨管道阀门有轻微泄漏，已关闭阀门，企业安全员赵刚负责更换，2天内完成") == "hazard"


@pytest.mark.parametrize("text", ["还有3个单位没签到", "到了没有，抓紧", "谁还没到？", "请参演单位于下午2点前到指挥部签到"])
def test_who_is_missing_and_calls_to_sign_in_are_no_sign_ins(text):
    assert classify(text) != "attendance"


def test_work_the_units_have_done_is_an_inspection_not_a_notice():
    assert classify("元宵节前各村开展了一次消防安全排查，共查出隐患23处") == "inspection"
    assert classify("请各村开展一次消防安全排查，发现隐患及时上报") == "other"


@pytest.mark.parametrize("text", [
    "年度安全生产工作总结 帮俺起个草",
    "先把本月应急值守总结起个草，领导要看",
    "请起草上季度演练工作小结，周五前给我",
])
def test_asking_for_a_draft_in_everyday_words_is_a_summary_request(text):
    assert classify(text) == "summary_request"


@pytest.mark.parametrize("text", [
    "请各村把隐患排查情况下周报镇安办",
    "物资储备情况本月报区应急局备案",
])
def test_a_period_then_reporting_to_an_office_is_no_periodic_report(text):
    assert classify(text) != "summary_request"


@pytest.mark.parametrize("text", [
    "昨天演练辛苦大家了，谢谢消防中队支持",
    "这次防汛演练辛苦各位了👍",
])
def test_thanks_after_a_drill_is_other(text):
    assert classify(text) == "other"


@pytest.mark.parametrize("text", [
    "河口镇5月3日值班信息：带班领导王强。当日下午S205线发生一起摩托车侧滑，驾驶员擦伤，现场已清理。",
    "城东街道6月2日值班及防汛情况：转移群众12人，一处积水点已疏通，无人员伤亡。",
])
def test_a_duty_report_heading_outweighs_what_was_cleared(text):
    assert classify(text) == "duty_report"


@pytest.mark.parametrize("text", [
    "春节后复工检查：城西街道今天检查企业8家，发现隐患9处，已下发整改通知8份",
    "白沙镇今日检查加油站3家，发现隐患2处，下发整改指令书2份",
])
def test_issuing_rectification_notices_is_work_done_not_a_notice(text):
    assert classify(text) == "inspection"


@pytest.mark.parametrize("text", [
    "华联商场货梯已由维保公司更换钢丝绳，特检院复检合格",
    "供热站压力表换了，复测合格",
    "锅炉房持证司炉工已到岗 整改完成",
])
def test_a_repair_checked_again_or_a_post_filled_is_a_rectification(text):
    assert classify(text) == "rectified"


@pytest.mark.parametrize("text", [
    "上周隐患整改到啥程度了",
    "11月份隐患台账导一份",
    "本月演练情况导出来看看",
])
def test_how_far_along_and_an_export_are_questions(text):
    assert classify(text) == "query"


@pytest.mark.parametrize("text", [
    "把今年上半年的隐患排查治理情况总结一下",
    "本周的情况总结一下发群里",
    "上个月工作小结一下",
])
def test_a_period_summed_up_for_the_asker_is_a_summary_request(text):
    assert classify(text) == "summary_request"


@pytest.mark.parametrize("text", [
    "请各单位把本周情况总结一下",
    "这次演练大家回去总结一下经验",
])
def test_summing_up_asked_of_the_units_or_with_no_period_drafts_nothing(text):
    assert classify(text) != "summary_request"


@pytest.mark.parametrize("text", [
    "沙坪镇补报：12月5日值班无情况",
    "柳河乡今日值班没情况",
])
def test_no_情况_on_duty_answers_it_asks_nothing(text):
    assert classify(text) == "duty_report"


@pytest.mark.parametrize("text, counts", [
    ("新民镇今天把辖区8个加油站和3个液化气站都查了一遍 问题发现了4个 都叫他们改了", (11, 4)),
    ("学校2所、幼儿园3所都检查了，发现隐患2处", (5, 2)),
])
def test_places_counted_before_the_verb_add_up(text, counts):
    assert inspection_counts(text) == counts
    assert classify(text) == "inspection"


def test_people_sent_to_look_are_no_places_inspected():
    assert inspection_counts("派了3个人去查了") == (None, None)


@pytest.mark.parametrize("text, want", [
    ("2026年上半年工作总结", "summary_request"),
    ("2026年度总结", "summary_request"),
    ("去年全年演练", "query"),
    ("今年以来的隐患总数", "query"),
    ("2026年", "other"),
])
def test_a_year_by_number_or_two_period_words_still_make_a_bare_request(text, want):
    assert classify(text) == want


@pytest.mark.parametrize("text", ["演练脚本改好了，请大家审阅", "应急预案修改好了，发群里了", "明天几点开始演练？", "演练在哪里集合"])
def test_a_document_revised_or_a_drill_s_hour_asked_is_other(text):
    assert classify(text) == "other"


@pytest.mark.parametrize("text", ["上周报的东岭村那处滑坡隐患，挡墙已经砌好了", "老街烧烤一条街液化气瓶都换成管道气了"])
def test_a_fix_done_in_everyday_words_is_a_rectification(text):
    assert classify(text) == "rectified"
