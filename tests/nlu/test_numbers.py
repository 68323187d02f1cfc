from nlu.numbers import cn_to_int, parse_count, parse_number


def test_chinese_numerals():
    assert cn_to_int("十二") == 12
    assert cn_to_int("两") == 2
    assert cn_to_int("一百五十") == 150
    assert cn_to_int("两百") == 200
    assert cn_to_int("1.2万") == 12000


def test_counts_of_people():
    assert parse_count("参演师生200余人") == 200
    assert parse_count("200多人参加") == 200
    assert parse_count("近200人") == 200
    assert parse_count("约30人") == 30
    assert parse_count("1.2万人次观看") == 12000
    assert parse_count("参演十二名") == 12
    assert parse_count("两百余人") == 200
    assert parse_count("共计1,200人") == 1200


def test_negative_count_is_kept_negative():
    assert parse_count("参演-5人") == -5
    assert parse_number("-5") == -5


def test_no_number():
    assert parse_count("") is None
    assert parse_count("签到") is None
    assert parse_count("千万注意安全的人") is None
    assert parse_number("万一") is None
    assert cn_to_int("一千万万") is None
    assert cn_to_int("") is None


def test_dashes_that_separate_fields_are_no_minus():
    from nlu.numbers import head_count
    assert head_count("签到-石门乡-王刚-3人") == 3
    assert head_count("签到 - 城关镇 - 5人") == 5
    assert head_count("参演-5人") == -5          # a lone minus is still kept (the handler refuses it)


def test_a_sign_in_counted_by_role_is_the_sum_of_its_parts():
    from nlu.numbers import head_count
    assert head_count("卫生院救护组签到，2名医生3名护士") == 5
    assert head_count("干部5人、队员12人") == 17
    assert head_count("民兵8人和医护2人签到") == 10


def test_a_total_a_part_or_who_came_is_the_count_meant():
    from nlu.numbers import head_count
    assert head_count("共15人，其中女队员3人") == 15
    assert head_count("应到20人，实到18人") == 18
    assert head_count("参演人数改为14人，原报12人") == 14
    assert head_count("签到") is None


def test_号人_counts_people():
    assert parse_count("大概来了一百多号人") == 100
