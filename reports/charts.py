"""Charts for the summaries, as PNG bytes.

Drawn with matplotlib's object API on the Agg canvas: no pyplot, no display,
no rcParams changed, so nothing leaks between charts or into other code. The
Chinese text is drawn with the system's CJK font when there is one (Debian:
fonts-noto-cjk), otherwise with the Noto Sans CJK SC file that the ``mplfonts``
dependency ships (SIL Open Font License 1.1), read straight from its package
directory: mplfonts' own setup, which copies fonts into matplotlib and rewrites
its rc file, is never called. Should neither be found, :class:`NoCJKFont` is
raised with the reason in Chinese, for the bot to show, instead of a chart full
of empty boxes.
"""
from __future__ import annotations

import io
import math
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontEntry, FontProperties
from matplotlib.ticker import FuncFormatter, MaxNLocator

__all__ = [
    "CjkFont",
    "NoCJKFont",
    "find_cjk_font",
    "hazard_trend_chart",
    "report_rate_chart",
]

# Best first. Matched case-insensitively against a font's family name.
PREFERRED_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Serif CJK SC",
    "Noto Serif SC",
    "Source Han Serif SC",
    "Source Han Serif CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Noto Sans CJK",  # any other CJK Noto face (JP/TC …) still has the glyphs
    "Noto Serif CJK",
    "Source Han Sans",
    "Source Han Serif",
    "Droid Sans Fallback",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "SimSun",
)
# File names that give a CJK font away when the family name does not.
_CJK_FILE = re.compile(
    r"(notosanscjk|notoserifcjk|notosanssc|notoserifsc|sourcehan|wqy|wenquanyi|"
    r"droidsansfallback|simhei|simsun|msyh|pingfang)",
    re.IGNORECASE,
)

# The reason only: the caller says what could not be done ("无法生成图表：{reason}").
_MISSING_FONT_MESSAGE = (
    "服务器上没有安装中文字体，图中的汉字会显示成方框。"
    "请管理员重新安装依赖（./dev setup，含 mplfonts）或安装中文字体"
    "（Debian/Ubuntu：apt-get install fonts-noto-cjk）后重试。"
)


class NoCJKFont(RuntimeError):
    """No font with Chinese glyphs was found. ``str(error)`` is the reason in
    Chinese for the user; the admin should reinstall the dependencies (mplfonts)
    or install fonts-noto-cjk."""

    def __init__(self, message: str = _MISSING_FONT_MESSAGE):
        super().__init__(message)


@dataclass(frozen=True)
class CjkFont:
    """A CJK font found on the machine: family name, the regular face and, if
    installed, the bold one (for titles)."""

    name: str
    regular: FontProperties
    bold: FontProperties

    @property
    def file(self) -> str:
        return str(self.regular.get_file())

    def drawable(self, text: str) -> str:
        """User text as this font can draw it: control characters dropped, any other
        character the font lacks (an emoji in a unit's name) drawn as □ instead of a
        missing-glyph box and a warning."""
        have = _charmap(self.file)
        return "".join(ch if ord(ch) in have else ("" if unicodedata.category(ch)[0] == "C" else "□")
                       for ch in text)


@lru_cache(maxsize=8)
def _charmap(path: str) -> frozenset[int]:
    from matplotlib import ft2font

    try:
        return frozenset(ft2font.FT2Font(path).get_charmap())
    except (OSError, RuntimeError):
        return frozenset()


# -- finding a font -----------------------------------------------------------


def find_cjk_font(entries: Iterable[FontEntry] | None = None) -> CjkFont:
    """The best CJK font among ``entries`` (matplotlib ``FontEntry`` objects).

    With ``entries=None`` the search covers matplotlib's font list, then (should
    its cache predate the font's installation) the font files on the system, then
    the font shipped by mplfonts. Raises :class:`NoCJKFont` when nothing fits.
    """
    if entries is not None:
        found = _best(list(entries))
        if found is None:
            raise NoCJKFont()
        return found
    return _default_font()


@lru_cache(maxsize=1)  # a failure raises and is not cached: a later call retries
def _default_font() -> CjkFont:
    found = _best(list(font_manager.fontManager.ttflist))
    if found is None:
        found = _best(_scan_system_files())
    if found is None:
        found = _best(_packaged_font())
    if found is None:
        raise NoCJKFont()
    return found


# The face of mplfonts' fonts/ directory that charts use (the others are mono, serif
# and SimHei, whose licence is not an open one).
PACKAGED_FONT_FILE = "NotoSansCJKsc-Regular.otf"


def _packaged_font() -> list[FontEntry]:
    """Noto Sans CJK SC from the mplfonts package (its ``mplfonts.conf.FONT_DIR``), or
    nothing when the package or the file is missing. Regular weight only: titles use it
    too."""
    from matplotlib import ft2font

    try:
        from mplfonts.conf import FONT_DIR
    except ImportError:
        return []
    try:
        return [font_manager.ttfFontProperty(ft2font.FT2Font(os.path.join(FONT_DIR, PACKAGED_FONT_FILE)))]
    except (OSError, RuntimeError):     # a damaged install: the caller reports no font
        return []


def _best(entries: list[FontEntry]) -> CjkFont | None:
    def rank(e: FontEntry) -> int | None:
        name = e.name.casefold()
        for i, family in enumerate(PREFERRED_FAMILIES):
            if name.startswith(family.casefold()):
                return i
        if _CJK_FILE.search(os.path.basename(e.fname)):
            return len(PREFERRED_FAMILIES)
        return None

    ranked = [(r, e) for e in entries if (r := rank(e)) is not None and "mono" not in e.name.casefold()]
    if not ranked:
        return None
    best_rank = min(r for r, _ in ranked)
    best_name = min((e.name for r, e in ranked if r == best_rank), key=_name_order)
    faces = [e for r, e in ranked if e.name == best_name and e.style == "normal"] or [
        e for r, e in ranked if e.name == best_name
    ]
    regular = min(faces, key=lambda e: abs(_weight(e) - 400))
    bold = min(faces, key=lambda e: abs(_weight(e) - 700))
    return CjkFont(name=best_name, regular=_props(regular), bold=_props(bold))


def _name_order(name: str) -> tuple[int, str]:
    # Among equally ranked families prefer the Simplified Chinese one.
    return (0 if re.search(r"\b(SC|CN)\b", name) else 1, name)


def _weight(e: FontEntry) -> int:
    w = e.weight
    if isinstance(w, int):
        return w
    try:
        return int(w)
    except (TypeError, ValueError):
        return font_manager.weight_dict.get(str(w), 400)


def _props(e: FontEntry) -> FontProperties:
    # A .ttc holds several faces (JP, KR, SC …); newer matplotlib can address
    # one by index, older ones read face 0 (still full of Chinese glyphs).
    font_path = getattr(font_manager, "FontPath", None)
    index = getattr(e, "index", 0)
    fname = font_path(e.fname, index) if font_path is not None and index else e.fname
    return FontProperties(fname=fname)


def _scan_system_files() -> list[FontEntry]:
    """FontEntries for the CJK-looking font files on disk, read directly
    (matplotlib's global font list is left untouched)."""
    from matplotlib import ft2font

    entries: list[FontEntry] = []
    try:
        files = font_manager.findSystemFonts()
    except Exception:  # a broken font directory must not break the chart
        return entries
    for path in files:
        if not _CJK_FILE.search(os.path.basename(path)):
            continue
        try:
            font = ft2font.FT2Font(path)
            entries.append(font_manager.ttfFontProperty(font))
            for index in range(1, getattr(font, "num_faces", 1)):
                entries.append(font_manager.ttfFontProperty(ft2font.FT2Font(path, face_index=index)))
        except Exception:  # unreadable file: skip it
            continue
    return entries


# -- drawing ------------------------------------------------------------------

FontFinder = Callable[[], CjkFont]

_BAR = "#2F5597"
_BAR_LOW = "#C55A11"
_FOUND = "#C00000"
_RECTIFIED = "#548235"
_DPI = 150


def report_rate_chart(
    title: str,
    rows: Sequence[tuple[str, float]],
    *,
    font_finder: FontFinder = find_cjk_font,
) -> bytes:
    """Horizontal bars of 报送率 by unit, first unit on top, each bar labelled
    with its percentage. ``rows`` are ``(unit, rate)`` with rate in 0..1; units
    below 100% are drawn in a warning colour."""
    for unit, rate in rows:
        if not (isinstance(rate, (int, float)) and math.isfinite(rate) and 0 <= rate <= 1):
            raise ValueError(f"报送率必须在0到1之间：{unit}={rate!r}")
    font = font_finder()

    height = max(2.6, 1.2 + 0.42 * max(len(rows), 1))
    fig = Figure(figsize=(8, height), dpi=_DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    _title(fig, ax, title, font)

    units = [u for u, _ in rows]
    rates = [float(r) for _, r in rows]
    ys = list(range(len(rows)))
    colors = [_BAR if r >= 1 else _BAR_LOW for r in rates]
    ax.barh(ys, rates, color=colors, height=0.6)
    ax.set_yticks(ys, [_plain(font.drawable(u)) for u in units])
    ax.invert_yaxis()
    ax.set_xlim(0, 1.12)
    ax.set_xticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:.0%}"))
    ax.set_xlabel("报送率", fontproperties=font.regular)
    for y, rate in zip(ys, rates):
        ax.text(rate + 0.01, y, _percent(rate), va="center", ha="left",
                fontproperties=font.regular, fontsize=9)
    if not rows:
        ax.text(0.5, 0.5, "本期无数据", transform=ax.transAxes, ha="center", va="center",
                fontproperties=font.regular, color="#777777")
        ax.set_yticks([])
    _style(ax, font, grid_axis="x")
    return _png(fig)


def hazard_trend_chart(
    title: str,
    weeks: Sequence[tuple[str, int, int]],
    *,
    font_finder: FontFinder = find_cjk_font,
) -> bytes:
    """Grouped bars per week: hazards found next to hazards rectified, each bar
    labelled with its count. ``weeks`` are ``(label, found, rectified)``."""
    for label, found, rectified in weeks:
        if found < 0 or rectified < 0:
            raise ValueError(f"隐患数不能为负：{label}")
    font = font_finder()

    width = max(6.0, 2.0 + 0.9 * len(weeks))
    fig = Figure(figsize=(min(width, 16.0), 4.2), dpi=_DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    _title(fig, ax, title, font)

    xs = list(range(len(weeks)))
    bar = 0.38
    found_bars = ax.bar([x - bar / 2 for x in xs], [w[1] for w in weeks], bar, color=_FOUND, label="发现隐患")
    done_bars = ax.bar([x + bar / 2 for x in xs], [w[2] for w in weeks], bar, color=_RECTIFIED, label="完成整改")
    for bars in (found_bars, done_bars):
        ax.bar_label(bars, padding=2, fontsize=9, fontproperties=font.regular)
    ax.set_xticks(xs, [_plain(font.drawable(w[0])) for w in weeks])
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    top = max([max(w[1], w[2]) for w in weeks] or [0])
    ax.set_ylim(0, max(1, top) * 1.3)
    ax.set_ylabel("隐患数（条）", fontproperties=font.regular)
    ax.legend(prop=font.regular.copy(), frameon=False, loc="upper left", ncols=2)
    if not weeks:
        ax.text(0.5, 0.5, "本期无数据", transform=ax.transAxes, ha="center", va="center",
                fontproperties=font.regular, color="#777777")
    _style(ax, font, grid_axis="y")
    return _png(fig)


def _title(fig: Figure, ax, title: str, font: CjkFont) -> None:
    ax.set_title(_plain(font.drawable(title)), fontproperties=font.bold, fontsize=14, pad=12)


def _style(ax, font: CjkFont, *, grid_axis: str) -> None:
    for label in (*ax.get_xticklabels(), *ax.get_yticklabels()):
        label.set_fontproperties(font.regular)
        label.set_fontsize(10)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis=grid_axis, color="#DDDDDD", linewidth=0.8)
    ax.set_axisbelow(True)


def _plain(text: str) -> str:
    """User text drawn literally: a "$" would otherwise start mathtext."""
    return str(text).replace("$", r"\$")


def _percent(rate: float) -> str:
    text = f"{rate * 100:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return text + "%"


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()
