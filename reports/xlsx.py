"""Spreadsheet exports: the 隐患排查整改台账 and a generic table.

Pure: rows in, an .xlsx out (a path or a binary stream). The layout is what an
office files and prints: a title across the top, a frozen header that repeats
on every printed page, bordered cells, real Excel dates, landscape A4 fitted to
the page width, overdue hazards shaded.
"""
from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["INSPECTION_HEADERS", "InspectionRow", "LEDGER_HEADERS", "LedgerRow", "display_width",
           "write_ledger", "write_table"]

Dest = str | os.PathLike[str] | IO[bytes]

LEDGER_HEADERS: tuple[str, ...] = (
    "序号", "隐患编号", "发现日期", "单位/地点", "隐患描述", "类别", "等级",
    "责任人", "整改期限", "整改状态", "整改完成日期", "整改情况", "上报人", "逾期天数",
)

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
FONT_NAME = "宋体"  # what an office's Excel has; LibreOffice substitutes a CJK font
TITLE_FONT_NAME = "黑体"

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
OVERDUE_FILL = PatternFill("solid", fgColor="FFC7CE")
_OVERDUE_FONT = Font(name=FONT_NAME, size=10, color="9C0006", bold=True)
_BODY_FONT = Font(name=FONT_NAME, size=10)
_HEADER_FONT = Font(name=FONT_NAME, size=10, bold=True)
_TITLE_FONT = Font(name=TITLE_FONT_NAME, size=16, bold=True)
_NOTE_FONT = Font(name=FONT_NAME, size=10)

_MIN_WIDTH = 4
_MAX_WIDTH = 50
_DATE_WIDTH = 10  # "2026-06-30"
_PADDING = 2
_LINE_HEIGHT = 13.5  # points per line of 10-point text
_ROW_EXTRA = 6  # points of air above and below


@dataclass
class LedgerRow:
    """One hazard as the 台账 shows it."""

    code: str
    found_date: date
    place: str
    description: str
    category: str
    level: str
    responsible: str
    deadline: date | None
    status: str
    rectified_date: date | None
    rectify_note: str
    reporter: str
    overdue_days: int


@dataclass(frozen=True)
class _Column:
    header: str
    max_width: int = _MAX_WIDTH  # wider content wraps instead
    wrap: bool = False
    center: bool = False


_LEDGER_COLUMNS: tuple[_Column, ...] = (
    _Column("序号", center=True),
    _Column("隐患编号", center=True),
    _Column("发现日期", center=True),
    _Column("单位/地点", max_width=18, wrap=True),
    _Column("隐患描述", max_width=32, wrap=True),
    _Column("类别", max_width=10, wrap=True, center=True),
    _Column("等级", center=True),
    _Column("责任人", max_width=12, wrap=True, center=True),
    _Column("整改期限", center=True),
    _Column("整改状态", center=True),
    _Column("整改完成日期", center=True),
    _Column("整改情况", max_width=26, wrap=True),
    _Column("上报人", max_width=12, wrap=True, center=True),
    _Column("逾期天数", center=True),
)
assert tuple(c.header for c in _LEDGER_COLUMNS) == LEDGER_HEADERS


@dataclass
class InspectionRow:
    """One inspection record as the 台账's second sheet shows it."""

    day: date
    unit: str
    inspector: str
    sites: int
    hazards_found: int


INSPECTION_HEADERS: tuple[str, ...] = ("序号", "检查日期", "检查单位", "检查人", "检查企业（场所）数", "发现隐患数")
_INSPECTION_COLUMNS: tuple[_Column, ...] = (
    _Column("序号", center=True), _Column("检查日期", center=True),
    _Column("检查单位", max_width=18, wrap=True), _Column("检查人", max_width=12, wrap=True, center=True),
    _Column("检查企业（场所）数", center=True), _Column("发现隐患数", center=True),
)
# Text a spreadsheet would read as a formula (or as the start of one, when edited).
_FORMULA_START = ("=", "+", "-", "@")


def display_width(value: object) -> int:
    """Width of ``value`` as text in a monospace grid: CJK and other wide
    characters count 2, everything else 1. The longest line counts."""
    text = _as_text(value)
    widest = 0
    for line in text.splitlines() or [""]:
        w = sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in line)
        widest = max(widest, w)
    return widest


def write_ledger(rows: Iterable[LedgerRow], title: str, dest: Dest,
                 inspections: Iterable[InspectionRow] | None = None) -> None:
    """Write the 隐患排查整改台账 to ``dest`` (a path or a binary stream).

    Row 1 is ``title`` merged across, row 2 the header, then one row per
    hazard (rows with ``overdue_days > 0`` shaded), then a one-line tally.
    With ``inspections`` a second sheet "检查记录" lists them with their totals.
    """
    rows = list(rows)
    wb = Workbook()
    ws = wb.active
    ws.title = "隐患台账"
    values = [
        [
            i, r.code, r.found_date, r.place, r.description, r.category, r.level,
            r.responsible, r.deadline, r.status, r.rectified_date, r.rectify_note,
            r.reporter, r.overdue_days if r.overdue_days > 0 else 0,
        ]
        for i, r in enumerate(rows, start=1)
    ]
    _fill_sheet(ws, title, _LEDGER_COLUMNS, values)

    first = 3
    overdue = 0
    for offset, r in enumerate(rows):
        if r.overdue_days > 0:
            overdue += 1
            for cell in ws[first + offset]:
                cell.fill = OVERDUE_FILL
            ws.cell(row=first + offset, column=len(LEDGER_HEADERS)).font = _OVERDUE_FONT

    done = sum(1 for r in rows if r.status in ("已整改", "已销号"))
    note_row = first + len(rows)
    _put(
        ws,
        note_row,
        1,
        f"合计：隐患{len(rows)}条，已整改（含已销号）{done}条，逾期未整改{overdue}条。"
        "（红色底纹为逾期未整改）",
    ).font = _NOTE_FONT
    ws.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=len(LEDGER_HEADERS))
    ws.row_dimensions[note_row].height = 20
    if inspections is not None:
        _inspection_sheet(wb.create_sheet("检查记录"), list(inspections), title)
    _save(wb, dest)


def _inspection_sheet(ws: Worksheet, rows: list[InspectionRow], title: str) -> None:
    values = [[i, r.day, r.unit, r.inspector, r.sites, r.hazards_found] for i, r in enumerate(rows, start=1)]
    _fill_sheet(ws, title.replace("隐患排查整改台账", "检查记录台账"), _INSPECTION_COLUMNS, values)
    note_row = 3 + len(rows)
    ws.cell(row=note_row, column=1,
            value=f"合计：检查单位{sum(r.sites for r in rows)}家次，发现隐患{sum(r.hazards_found for r in rows)}处，"
                  f"检查记录{len(rows)}条。").font = _NOTE_FONT
    ws.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=len(INSPECTION_HEADERS))


def write_table(
    sheet_title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    dest: Dest,
) -> None:
    """A generic bordered table: ``sheet_title`` as a merged title row (and,
    shortened, as the sheet's name), a frozen header row, sized columns, dates
    formatted yyyy-mm-dd, long text wrapped. Aware datetimes are written as
    their wall time: convert them to the group's time zone first."""
    columns = tuple(_Column(str(h), max_width=40, wrap=True) for h in headers)
    values = [list(r) for r in rows]
    for n, r in enumerate(values, start=1):
        if len(r) != len(columns):
            raise ValueError(f"row {n} has {len(r)} values for {len(columns)} headers")
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_name(sheet_title)
    _fill_sheet(ws, sheet_title, columns, values)
    _save(wb, dest)


# -- shared layout ------------------------------------------------------------


def _fill_sheet(ws: Worksheet, title: str, columns: Sequence[_Column], values: list[list[Any]]) -> None:
    ncols = len(columns)
    last = get_column_letter(ncols)

    # Title, merged across the table.
    _put(ws, 1, 1, title).font = _TITLE_FONT
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    if ncols > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.row_dimensions[1].height = 32

    # Header.
    for col, spec in enumerate(columns, start=1):
        cell = _put(ws, 2, col, spec.header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[2].height = 24

    # Body.
    widths = [display_width(spec.header) for spec in columns]
    texts: list[list[str]] = []
    for r, row in enumerate(values, start=3):
        row_texts: list[str] = []
        for c, (spec, value) in enumerate(zip(columns, row), start=1):
            cell = _put(ws, r, c, _cell_value(value))
            cell.font = _BODY_FONT
            cell.border = _BORDER
            if isinstance(value, datetime):
                cell.number_format = DATETIME_FORMAT
                width = _DATE_WIDTH + 6
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT
                width = _DATE_WIDTH
            else:
                width = display_width(value)
            horizontal = "center" if spec.center else ("right" if _is_number(value) else "left")
            cell.alignment = Alignment(
                horizontal=horizontal,
                vertical="center",
                wrap_text=spec.wrap,
                indent=1 if horizontal == "left" else 0,  # text off the border line
            )
            widths[c - 1] = max(widths[c - 1], min(width, spec.max_width))
            row_texts.append(_as_text(value))
        texts.append(row_texts)

    widths = [max(_MIN_WIDTH, w) for w in widths]
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w + _PADDING

    # Heights: Excel does not grow a row for wrapped text written by openpyxl,
    # and LibreOffice leaves unsized rows cramped, so every row gets one.
    for r, row_texts in enumerate(texts, start=3):
        lines = max(
            [_lines(text, w) if spec.wrap else 1 for spec, text, w in zip(columns, row_texts, widths)]
            or [1]
        )
        ws.row_dimensions[r].height = _LINE_HEIGHT * lines + _ROW_EXTRA

    ws.freeze_panes = "A3"  # title and header stay on screen
    if values:
        ws.auto_filter.ref = f"A2:{last}{2 + len(values)}"

    # Print: landscape A4, all columns on one page width, rows 1–2 on every page.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:2"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3  # room for the page number
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _lines(text: str, width: int) -> int:
    """Lines ``text`` takes when wrapped in a column ``width`` wide."""
    return max(1, sum(max(1, -(-display_width(line) // width)) for line in text.splitlines()))


def _put(ws: Worksheet, row: int, column: int, value: Any):
    """Write a cell; text stays text. openpyxl stores a string starting with "=" as a
    formula (data type 'f'): a hazard described as =HYPERLINK(...) would run in Excel.
    Typed 's', every string is written as a plain string cell, whatever it starts with
    (= + - @, a tab or a CR before them), and reads back unchanged."""
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        # quote-prefixed too, so editing the cell in Excel does not make it a formula
        cell.quotePrefix = value.lstrip().startswith(_FORMULA_START)
    return cell


def _cell_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, datetime) and value.tzinfo is not None:
        # Excel has no time zones: write the wall time the caller converted to.
        return value.replace(tzinfo=None)
    if isinstance(value, str):
        # Officers' text may carry control characters that a worksheet cannot hold.
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, (date, datetime, int, float)):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.strftime("%Y-%m-%d")
    return str(value)


_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(title: str) -> str:
    name = _BAD_SHEET_CHARS.sub("_", title).strip("'") or "Sheet1"
    return name[:31]


def _save(wb: Workbook, dest: Dest) -> None:
    if isinstance(dest, os.PathLike):
        dest = os.fspath(dest)
    wb.save(dest)
