from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from reports.xlsx import LEDGER_HEADERS, LedgerRow, display_width, write_ledger, write_table

TITLE = "隐患排查整改台账（2026年6月1日—6月30日）"
HEADERS = [
    "序号", "隐患编号", "发现日期", "单位/地点", "隐患描述", "类别", "等级",
    "责任人", "整改期限", "整改状态", "整改完成日期", "整改情况", "上报人", "逾期天数",
]


def _rows() -> list[LedgerRow]:
    return [
        LedgerRow("YH-20260603-001", date(2026, 6, 3), "城关镇 金源化工有限公司",
                  "危化品仓库内消防通道被成品堆垛占用，宽度不足1.5米；仓库东侧应急照明灯2盏损坏不亮。",
                  "消防安全", "一般", "王建国", date(2026, 6, 6), "已整改", date(2026, 6, 5),
                  "已清理堆垛，更换应急照明灯2盏，复查合格。", "李明", 0),
        LedgerRow("YH-20260608-002", date(2026, 6, 8), "东城街道 幸福小区",
                  "地下车库电动自行车违规充电，私拉电线。", "用电安全", "一般", "张伟",
                  date(2026, 6, 11), "整改中", None, "已张贴告示，正在安装集中充电桩。", "赵敏", 19),
        LedgerRow("YH-20260615-003", date(2026, 6, 15), "化工园区 宏达新材料",
                  "反应釜区域可燃气体报警器未定期校验，部分报警器失效。", "危化品", "重大", "刘强",
                  None, "待整改", None, "", "陈静", 5),
    ]


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    path = tmp_path / "台账.xlsx"
    write_ledger(_rows(), TITLE, path)
    return path


def test_title_row_is_merged_across_the_table(ledger: Path):
    ws = openpyxl.load_workbook(ledger).active
    assert ws["A1"].value == TITLE
    assert "A1:N1" in {str(r) for r in ws.merged_cells.ranges}


def test_headers_are_exact(ledger: Path):
    ws = openpyxl.load_workbook(ledger).active
    assert [c.value for c in ws[2]] == HEADERS
    assert list(LEDGER_HEADERS) == HEADERS


def test_one_row_per_hazard(ledger: Path):
    ws = openpyxl.load_workbook(ledger).active
    data = [row for row in ws.iter_rows(min_row=3, values_only=True) if isinstance(row[0], int)]
    assert [row[0] for row in data] == [1, 2, 3]
    assert [row[1] for row in data] == ["YH-20260603-001", "YH-20260608-002", "YH-20260615-003"]
    assert data[0][4].startswith("危化品仓库内消防通道")
    assert [row[13] for row in data] == [0, 19, 5]


def test_dates_are_real_date_cells(ledger: Path):
    ws = openpyxl.load_workbook(ledger).active
    found, deadline, done = ws["C3"], ws["I3"], ws["K3"]
    for cell, expected in ((found, date(2026, 6, 3)), (deadline, date(2026, 6, 6)), (done, date(2026, 6, 5))):
        assert cell.is_date
        assert cell.value.date() == expected
        assert cell.number_format == "yyyy-mm-dd"
    assert ws["K4"].value is None  # not yet rectified
    assert ws["I5"].value is None  # no deadline


def test_header_frozen_and_repeated_when_printed(ledger: Path):
    ws = openpyxl.load_workbook(ledger).active
    assert ws.freeze_panes == "A3"
    assert ws.print_title_rows == "$1:$2"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth) == 1
    assert int(ws.page_setup.fitToHeight) == 0


def test_column_widths_follow_content(ledger: Path):
    ws = openpyxl.load_workbook(ledger).active
    widths = {col: ws.column_dimensions[col].width for col in "ABCDEFGHIJKLMN"}
    assert all(w and w > 0 for w in widths.values())
    # CJK counts double: the long description is the widest column and wraps.
    assert widths["E"] == max(widths.values())
    assert ws["E3"].alignment.wrap_text
    # "YH-20260603-001" is 15 narrow characters; "发现日期" 8 units, a date 10.
    assert widths["B"] >= 15
    assert widths["C"] >= 10
    assert widths["A"] < widths["B"]


def test_overdue_rows_are_highlighted(ledger: Path):
    ws = openpyxl.load_workbook(ledger).active

    def fill(cell) -> str | None:
        return cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None

    on_time, overdue, overdue_too = ws[3], ws[4], ws[5]
    assert all(fill(c) is None for c in on_time)
    assert len({fill(c) for c in overdue}) == 1 and fill(overdue[0]) is not None
    assert fill(overdue_too[4]) == fill(overdue[4])
    assert ws["N4"].font.bold


def test_borders_on_every_table_cell(ledger: Path):
    ws = openpyxl.load_workbook(ledger).active
    for row in ws.iter_rows(min_row=2, max_row=5):
        for cell in row:
            assert cell.border.left.style == "thin" and cell.border.bottom.style == "thin"


def test_writes_to_a_binary_stream_and_handles_no_rows():
    buf = io.BytesIO()
    write_ledger([], TITLE, buf)
    ws = openpyxl.load_workbook(io.BytesIO(buf.getvalue())).active
    assert [c.value for c in ws[2]] == HEADERS
    assert "隐患0条" in ws["A3"].value


def test_display_width_counts_cjk_double():
    assert display_width("abc") == 3
    assert display_width("隐患") == 4
    assert display_width("第1周") == 5
    assert display_width(date(2026, 6, 1)) == 10
    assert display_width(None) == 0


def test_write_table_generic(tmp_path: Path):
    path = tmp_path / "t.xlsx"
    write_table("值班报送统计/6月", ["单位", "应报", "实报", "日期", "时间"],
                [["城关镇", 30, 29, date(2026, 6, 1), datetime(2026, 6, 1, 11, 5)]], path)
    ws = openpyxl.load_workbook(path).active
    assert ws.title == "值班报送统计_6月"
    assert ws["A1"].value == "值班报送统计/6月"
    assert [c.value for c in ws[2]] == ["单位", "应报", "实报", "日期", "时间"]
    assert ws["D3"].is_date and ws["D3"].number_format == "yyyy-mm-dd"
    assert ws["E3"].number_format == "yyyy-mm-dd hh:mm"
    assert ws.freeze_panes == "A3"
    with pytest.raises(ValueError):
        write_table("x", ["a", "b"], [[1]], tmp_path / "bad.xlsx")


def _office() -> str | None:
    return shutil.which("libreoffice") or shutil.which("soffice")


@pytest.mark.skipif(_office() is None, reason="LibreOffice (libreoffice/soffice) is not installed; "
                    "CI installs libreoffice-calc-nogui from .ci/apt-packages.txt")
def test_libreoffice_converts_the_ledger_to_pdf(tmp_path: Path):
    many = [
        LedgerRow(f"YH-20260601-{n:03d}", date(2026, 6, 1 + n % 30), f"第{n}号点位",
                  "巡查发现配电箱门未关闭，箱内积尘较多，存在短路起火风险。" * (1 + n % 2),
                  "用电安全", "一般", "王建国", date(2026, 6, 3), "整改中", None, "", "李明", n % 4)
        for n in range(1, 61)
    ]
    xlsx = tmp_path / "ledger.xlsx"
    write_ledger(many, TITLE, xlsx)
    profile = tmp_path / "lo-profile"  # a private profile: no clash with a running office
    result = subprocess.run(
        [_office(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(xlsx)],
        capture_output=True, timeout=180, check=False,
    )
    pdf = tmp_path / "ledger.pdf"
    assert pdf.exists(), result.stderr.decode(errors="replace")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 5000


def test_control_characters_in_officer_text_are_dropped(tmp_path):
    from datetime import date

    from openpyxl import load_workbook

    from reports.xlsx import LedgerRow, write_ledger
    row = LedgerRow(code="YH-20260618-001", found_date=date(2026, 6, 18), place="仓库\x00\x1f",
                    description="消防通道\x0b堵塞", category="消防", level="一般", responsible="王",
                    deadline=None, status="待整改", rectified_date=None, rectify_note="", reporter="李",
                    overdue_days=0)
    path = tmp_path / "l.xlsx"
    write_ledger([row], "台账", path)
    sheet = load_workbook(path).active
    values = [c.value for c in sheet[3]]
    assert "仓库" in values and "消防通道堵塞" in values


def test_text_that_looks_like_a_formula_stays_text():
    """A hostile hazard text or inspector name is never a formula, nor becomes one when edited."""
    from reports.xlsx import InspectionRow, LedgerRow, write_ledger

    buf = io.BytesIO()
    hostile = ['=HYPERLINK("http://x","点我")', "+1+1", "-2", "@SUM(A1)"]
    write_ledger([LedgerRow("YH-1", date(2026, 6, 1), hostile[0], hostile[1], "消防", "一般", hostile[2], None,
                            "待整改", None, hostile[3], "李明", 0)], "隐患排查整改台账（测试）", buf,
                 [InspectionRow(date(2026, 6, 1), "青石镇", "=cmd|' /C calc'!A0", 5, 8)])
    book = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))
    cells = [c for sheet in book for row in sheet.iter_rows(min_row=3) for c in row
             if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert {c.value for c in cells} >= set(hostile) | {"=cmd|' /C calc'!A0"}
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
