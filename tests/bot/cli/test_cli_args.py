"""`python -m bot` refuses a bad date or time with a usage error, never a traceback, and
`export` works on a database it has not seen before (it brings the schema up, as draft does)."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook

from bot.cli import main


@pytest.mark.parametrize("argv", [
    ["demo", "--date", "2026-13-01"],
    ["console", "--clock", "2026-06-18T25:00"],
    ["export", "ledger", "--start", "2026-13-01"],
    ["export", "ledger", "--end", "6月30日"],
])
def test_a_bad_date_is_a_usage_error(argv, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_export_on_a_new_database(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")
    out = tmp_path / "ledger.xlsx"
    assert main(["export", "ledger", "--start", "2026-06-01", "--end", "2026-06-30", "--out", str(out)]) == 0
    assert "已导出 0 条隐患" in capsys.readouterr().out
    assert load_workbook(out).sheetnames == ["隐患台账", "检查记录"]
