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
