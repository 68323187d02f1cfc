from __future__ import annotations

import struct
import warnings

import pytest
from matplotlib import font_manager
from matplotlib.font_manager import FontEntry, FontProperties

from reports.charts import CjkFont, NoCJKFont, find_cjk_font, hazard_trend_chart, report_rate_chart

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _size(png: bytes) -> tuple[int, int]:
    assert png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def test_report_rate_chart_is_a_png():
    png = report_rate_chart("6月各单位值班报送率", [
        ("城关镇", 1.0), ("东城街道", 0.9667), ("应急管理局机关", 0.8), ("化工园区管委会", 0.5333),
    ])
    assert png.startswith(PNG_MAGIC)
    width, height = _size(png)
    assert 600 <= width <= 3000 and 300 <= height <= 3000
    assert 5_000 < len(png) < 2_000_000


def test_hazard_trend_chart_is_a_png():
    weeks = [(f"第{i}周", i * 2 % 7, i % 5) for i in range(1, 9)]
    png = hazard_trend_chart("近8周隐患发现与整改情况", weeks)
    assert png.startswith(PNG_MAGIC)
    width, height = _size(png)
    assert 600 <= width <= 3000 and 300 <= height <= 3000
    assert 5_000 < len(png) < 2_000_000


def test_empty_periods_still_draw():
    assert report_rate_chart("无数据", []).startswith(PNG_MAGIC)
    assert hazard_trend_chart("无数据", []).startswith(PNG_MAGIC)


def test_rates_outside_zero_to_one_are_refused():
    with pytest.raises(ValueError):
        report_rate_chart("x", [("城关镇", 95.0)])


def test_no_cjk_font_in_an_empty_list():
    with pytest.raises(NoCJKFont) as err:
        find_cjk_font([])
    message = str(err.value)
    # the reason alone: the bot's answer puts "无法生成图表：" in front of it once
    assert message.startswith("服务器上没有安装中文字体") and "fonts-noto-cjk" in message


def test_charts_raise_no_cjk_font_with_an_empty_finder():
    def finder():
        return find_cjk_font([])

    with pytest.raises(NoCJKFont):
        report_rate_chart("报送率", [("城关镇", 1.0)], font_finder=finder)
    with pytest.raises(NoCJKFont):
        hazard_trend_chart("隐患", [("第1周", 1, 0)], font_finder=finder)


def test_latin_only_fonts_do_not_count():
    latin = [FontEntry(fname="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", name="DejaVu Sans")]
    with pytest.raises(NoCJKFont):
        find_cjk_font(latin)


def test_prefers_simplified_chinese_face_and_skips_mono():
    entries = [
        FontEntry(fname="/f/NotoSansCJK-Regular.ttc", index=0, name="Noto Sans CJK JP", weight=400),
        FontEntry(fname="/f/NotoSansCJK-Regular.ttc", index=7, name="Noto Sans Mono CJK SC", weight=400),
        FontEntry(fname="/f/NotoSansCJK-Regular.ttc", index=2, name="Noto Sans CJK SC", weight=400),
        FontEntry(fname="/f/NotoSansCJK-Bold.ttc", index=2, name="Noto Sans CJK SC", weight=700),
        FontEntry(fname="/f/wqy-zenhei.ttc", name="WenQuanYi Zen Hei", weight=400),
    ]
    font = find_cjk_font(entries)
    assert font.name == "Noto Sans CJK SC"
    assert font.regular.get_file() == "/f/NotoSansCJK-Regular.ttc"
    assert font.bold.get_file() == "/f/NotoSansCJK-Bold.ttc"
    assert getattr(font.regular.get_file(), "face_index", 2) == 2


def test_no_global_matplotlib_state_is_left_behind():
    import matplotlib

    before = dict(matplotlib.rcParams)
    fonts_before = len(font_manager.fontManager.ttflist)
    report_rate_chart("报送率", [("城关镇", 1.0)])
    assert dict(matplotlib.rcParams) == before
    assert len(font_manager.fontManager.ttflist) == fonts_before
    import sys

    if "matplotlib.pyplot" in sys.modules:  # imported elsewhere: no figure left open
        assert sys.modules["matplotlib.pyplot"].get_fignums() == []


def _draw_chinese() -> list[str]:
    """Both charts with Chinese everywhere; the warnings matplotlib gave while drawing."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = report_rate_chart("隐患整改率（%）", [("西湖镇应急办", 0.5), ("青石镇", 1.0)])
        trend = hazard_trend_chart("隐患发现与整改", [("6月第1周", 3, 2)])
    assert png.startswith(PNG_MAGIC) and trend.startswith(PNG_MAGIC)
    return [str(w.message) for w in caught]


def test_every_glyph_is_in_the_font():
    # matplotlib warns "Glyph … missing from font(s)" for each box it draws: none may come
    assert not [m for m in _draw_chinese() if "missing from font" in m]


def test_a_machine_without_cjk_fonts_draws_with_the_font_mplfonts_ships(monkeypatch):
    from mplfonts.conf import FONT_DIR

    from reports import charts

    # no CJK font in matplotlib's list nor on disk: a fresh machine
    latin = [e for e in font_manager.fontManager.ttflist if charts._best([e]) is None]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", latin)
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    charts._default_font.cache_clear()
    try:
        font = find_cjk_font()
        assert font.name == "Noto Sans CJK SC"
        assert font.file.startswith(FONT_DIR) and font.file.endswith(charts.PACKAGED_FONT_FILE)
        assert not [m for m in _draw_chinese() if "missing from font" in m]
    finally:
        charts._default_font.cache_clear()


def test_a_latin_font_would_show_boxes_and_is_caught():
    latin = FontProperties(fname=font_manager.findfont("DejaVu Sans"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UserWarning, match="missing from font"):
            report_rate_chart("报送率", [("城关镇", 1.0)], font_finder=lambda: CjkFont("DejaVu", latin, latin))


def test_user_text_the_font_cannot_draw_gives_no_box_and_no_warning():
    """A unit's name is user text: a control character (seen by the fuzz test: "\x8e") is
    dropped and an emoji the font lacks becomes □, with no missing-glyph warning."""
    font = find_cjk_font()
    assert font.drawable("青石\x8e镇🚒") == "青石镇□"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = report_rate_chart("报送率\x8e", [("青石\x8e镇🚒", 0.5)])
        trend = hazard_trend_chart("隐患🚒", [("6/1\x00", 1, 0)])
    assert png.startswith(PNG_MAGIC) and trend.startswith(PNG_MAGIC)
    assert not [w for w in caught if "missing from font" in str(w.message)]
