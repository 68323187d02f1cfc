"""A draft as a .docx in the 公文 layout (GB/T 9704-2012).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title 方正小标宋简体 二号
centred; body 仿宋_GB2312 三号, first line indented two characters, fixed line spacing
28.95 pt (22 lines a page); 一、 headings 黑体, （一） headings 楷体_GB2312, both 三号;
page numbers "— 1 —" in 宋体 四号, right on odd pages and left on even ones.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import IO

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_FONT = "宋体"
TITLE_SIZE = Pt(22)      # 二号
BODY_SIZE = Pt(16)       # 三号
PAGE_SIZE = Pt(14)       # 四号
LINE = Pt(28.95)

_H1 = re.compile(r"^[一二三四五六七八九十]+、")
_H2 = re.compile(r"^（[一二三四五六七八九十]+）")
_TODO = re.compile(r"(【待补充[^】]*】)")

__all__ = ["write_docx"]


_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def write_docx(title: str, text: str, path_or_stream: str | Path | IO[bytes]) -> None:
    # Officers' words quoted in a draft may carry control characters XML cannot hold.
    title, text = _xml_safe(title), _xml_safe(text)
    doc = Document()
    _page(doc)
    _normal_style(doc)

    lines = [line.strip() for line in text.splitlines()]
    if lines and lines[0] == title.strip():
        lines = lines[1:]                      # the draft carries its own title line

    p = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    _layout(p, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    _font(p.add_run(title.strip()), TITLE_FONT, TITLE_SIZE)
    _layout(doc.add_paragraph(), indent=False)          # one blank line under the title

    for line in lines:
        if not line:
            continue
        p = doc.add_paragraph()
        _layout(p)
        if _H1.match(line):
            _add_text(p, line, H1_FONT)
            continue
        h2 = _H2.match(line)
        if h2:
            # （一）标题。正文…: the heading phrase in 楷体, what follows in 仿宋
            end = line.find("。")
            head = line if end < 0 else line[: end + 1]
            _add_text(p, head, H2_FONT)
            if end >= 0 and line[end + 1:]:
                _add_text(p, line[end + 1:], BODY_FONT)
            continue
        _add_text(p, line, BODY_FONT)

    doc.save(path_or_stream)


# ---------------------------------------------------------------- page and styles

def _page(doc) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Mm(7)   # the number sits about 7 mm below the text
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _normal_style(doc) -> None:
    style = doc.styles["Normal"]
    _set_fonts(style.element.get_or_add_rPr(), BODY_FONT)
    style.font.size = BODY_SIZE
    pf = style.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = LINE
    pf.space_before = pf.space_after = Pt(0)


def _layout(p: Paragraph, *, indent: bool = True,
            align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY) -> None:
    pf = p.paragraph_format
    pf.alignment = align
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = LINE
    pf.space_before = pf.space_after = Pt(0)
    if indent:
        pf.first_line_indent = BODY_SIZE * 2
        # also in characters, so the indent follows the font size in Word and WPS
        ind = p._p.get_or_add_pPr().get_or_add_ind()
        ind.set(qn("w:firstLineChars"), "200")


def _add_text(p: Paragraph, text: str, font: str) -> None:
    """Runs in `font`; a 【待补充…】 marker is highlighted for the leader."""
    for piece in _TODO.split(text):
        if not piece:
            continue
        run = _font(p.add_run(piece), font, BODY_SIZE)
        if _TODO.fullmatch(piece):
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            run.font.color.rgb = RGBColor(0xC0, 0, 0)


def _font(run: Run, name: str, size: Pt) -> Run:
    run.font.size = size
    run.font.name = name
    _set_fonts(run._r.get_or_add_rPr(), name)
    return run


def _set_fonts(rPr, name: str) -> None:
    """All four font slots, East Asian included: without w:eastAsia Word shows the
    Chinese text in the theme font."""
    fonts = rPr.get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _page_number(p: Paragraph, align: WD_ALIGN_PARAGRAPH) -> None:
    """— PAGE — in 宋体 四号, one character in from the edge."""
    p.paragraph_format.alignment = align
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        p.paragraph_format.right_indent = PAGE_SIZE
    else:
        p.paragraph_format.left_indent = PAGE_SIZE
    _font(p.add_run("— "), PAGE_FONT, PAGE_SIZE)
    run = _font(p.add_run(), PAGE_FONT, PAGE_SIZE)
    begin, instr, sep, end = (OxmlElement("w:fldChar"), OxmlElement("w:instrText"),
                              OxmlElement("w:fldChar"), OxmlElement("w:fldChar"))
    begin.set(qn("w:fldCharType"), "begin")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    sep.set(qn("w:fldCharType"), "separate")
    end.set(qn("w:fldCharType"), "end")
    shown = OxmlElement("w:t")
    shown.text = "1"
    for el in (begin, instr, sep, shown, end):
        run._r.append(el)
    _font(p.add_run(" —"), PAGE_FONT, PAGE_SIZE)
