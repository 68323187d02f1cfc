import io
import shutil
import subprocess

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reports.docx import write_docx
from reports.draft import draft, title
from tests.reports.samples import half_year_facts


def build():
    f = half_year_facts()
    stream = io.BytesIO()
    write_docx(title(f), draft(f), stream)
    stream.seek(0)
    return docx.Document(stream), f


def fonts(run):
    r = run._r.rPr.rFonts
    return {k: r.get(qn(f"w:{k}")) for k in ("ascii", "hAnsi", "eastAsia")}


def close(a, b, tol=Mm(0.5)):
    return abs(a - b) <= tol


def para(doc, start):
    return next(p for p in doc.paragraphs if p.text.startswith(start))


def test_page_is_a4_with_the_official_margins():
    doc, _ = build()
    s = doc.sections[0]
    assert close(s.page_width, Mm(210)) and close(s.page_height, Mm(297))
    assert close(s.top_margin, Mm(37)) and close(s.bottom_margin, Mm(35))
    assert close(s.left_margin, Mm(28)) and close(s.right_margin, Mm(26))


def test_title_font_size_and_centring():
    doc, f = build()
    p = doc.paragraphs[0]
    assert p.text == title(f)
    assert p.alignment == 1                                  # centre
    run = p.runs[0]
    assert run.font.size == Pt(22)
    assert fonts(run) == {"ascii": "方正小标宋简体", "hAnsi": "方正小标宋简体",
                          "eastAsia": "方正小标宋简体"}
    assert sum(1 for q in doc.paragraphs if q.text == title(f)) == 1   # not repeated


def test_body_and_headings():
    doc, _ = build()
    body = para(doc, "一是落实每日报告")
    assert all(r.font.size == Pt(16) for r in body.runs)
    assert fonts(body.runs[0])["eastAsia"] == "仿宋_GB2312"
    pf = body.paragraph_format
    assert pf.first_line_indent == Pt(32)
    assert pf.line_spacing_rule == 4 and Pt(28) <= pf.line_spacing <= Pt(29)   # EXACTLY
    h1 = para(doc, "一、工作开展情况")
    assert fonts(h1.runs[0]) == {"ascii": "黑体", "hAnsi": "黑体", "eastAsia": "黑体"}
    assert h1.runs[0].font.size == Pt(16)
    h2 = para(doc, "（一）值班值守")
    assert fonts(h2.runs[0])["eastAsia"] == "楷体_GB2312" and h2.runs[0].font.size == Pt(16)
    # a second-level heading running into its text: the heading in 楷体, the rest in 仿宋
    mixed = para(doc, "（一）个别单位报送不及时")
    assert fonts(mixed.runs[0])["eastAsia"] == "楷体_GB2312"
    marker = next(r for p in doc.paragraphs for r in p.runs if r.text.startswith("【待补充"))
    assert marker.font.highlight_color is not None


def test_normal_style_sets_the_east_asian_font():
    doc, _ = build()
    rfonts = doc.styles["Normal"].element.rPr.rFonts
    assert rfonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_page_numbers_in_the_footers():
    doc, _ = build()
    s = doc.sections[0]
    for footer in (s.footer, s.even_page_footer):
        xml = footer.paragraphs[0]._p.xml
        assert "PAGE" in xml and "fldChar" in xml
        assert footer.paragraphs[0].text.startswith("— ") and footer.paragraphs[0].text.endswith(" —")
    assert doc.settings.odd_and_even_pages_header_footer


@pytest.mark.skipif(shutil.which("libreoffice") is None,
                    reason="libreoffice is not on PATH, so the PDF conversion cannot be tried")
def test_libreoffice_converts_it_to_pdf(tmp_path):
    f = half_year_facts()
    path = tmp_path / "summary.docx"
    write_docx(title(f), draft(f), path)
    subprocess.run(["libreoffice", "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(path)], check=True, timeout=180,
                   capture_output=True)
    pdf = tmp_path / "summary.pdf"
    assert pdf.exists() and pdf.stat().st_size > 1000


def test_control_characters_from_officers_are_dropped(tmp_path):
    from docx import Document

    from reports.docx import write_docx
    path = tmp_path / "d.docx"
    write_docx("周报", "一、值班值守\n青石镇：「\x14仓库\x01起火，已扑灭。」", path)
    body = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "「仓库起火，已扑灭。」" in body
