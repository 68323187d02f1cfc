from decimal import Decimal

import pytest

from reports.numbers import cn_to_decimal, extract_numbers


def values(text):
    return [(n.value, n.kind) for n in extract_numbers(text)]


@pytest.mark.parametrize("text,value", [
    ("二十三", 23), ("两", 2), ("一百五十", 150), ("一百零五", 105), ("十五", 15),
    ("一万二千", 12000), ("八十七点五", Decimal("87.5")), ("二〇二六", 2026),
])
def test_chinese_numerals(text, value):
    assert cn_to_decimal(text) == Decimal(value)


def test_arabic_and_separators():
    assert values("检查1,200家次，发现23处，均值3.5，罚款1.2万元") == [
        (1200, "quantity"), (23, "quantity"), (Decimal("3.5"), "quantity"),
        (12000, "quantity")]


def test_percentages():
    assert values("整改率87.5%，报送率百分之九十六点七，及时率八十%") == [
        (Decimal("87.5"), "percent"), (Decimal("96.7"), "percent"), (80, "percent")]


def test_dates_and_ranges():
    found = extract_numbers("2026年6月15日—21日，6月30日至7月2日，3-5天")
    assert [(n.value, n.kind, n.month) for n in found] == [
        (2026, "year", None), (6, "month", None), (15, "day", 6), (21, "day", 6),
        (6, "month", None), (30, "day", 6), (7, "month", None), (2, "day", 7),
        (3, "quantity", None), (5, "quantity", None)]


def test_chinese_quantities_in_sentences():
    assert values("发现隐患二十三处，组织演练两场") == [(23, "quantity"), (2, "quantity")]


def test_heading_ordinals_are_ignored():
    text = "一、值班值守\n（二）隐患排查治理\n3. 列项\n一是加强值守。二是跟踪督办。第一时间报告，其二"
    assert extract_numbers(text) == []


@pytest.mark.parametrize("word", [
    "一般隐患", "统一部署", "进一步加强", "一体化平台", "三级响应", "双重预防机制",
    "五一期间", "零报告", "一线人员", "逐一核实", "千方百计", "提高了百分点", "周三", "举一反三",
])
def test_fixed_words_are_not_numbers(word):
    assert extract_numbers(word) == []


def test_a_fixed_word_does_not_hide_the_figure_beside_it():
    assert values("一般隐患二十二处") == [(22, "quantity")]
    assert values("十一期间发现十一处") == [(11, "quantity")]
