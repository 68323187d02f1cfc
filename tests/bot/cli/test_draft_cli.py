"""`python -m bot draft` on a database seeded with half a year of records."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from sqlmodel import Session

from storage.db import make_engine, migrate
from tests import seed

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def half_year_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("draft") / "half.db"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    migrate(engine)
    with Session(engine) as s:
        seed.half_year(s)
        s.commit()
    engine.dispose()
    return url


def _draft(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LLM_")}
    env["DATABASE_URL"] = url
    return subprocess.run([sys.executable, "-m", "bot", "draft", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_half_year_json(half_year_db, tmp_path):
    out = tmp_path / "half.docx"
    done = _draft(half_year_db, "--kind", "half_year", "--today", "2026-06-30", "--json", "--docx", str(out))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["kind"], result["start"], result["end"]) == ("half_year", "2026-01-01", "2026-06-30")
    assert result["source"] == "template"
    facts = result["facts"]
    duty, hazards, drills = facts["duty"], facts["hazards"], facts["drills"]
    assert (duty["units"], duty["days"], duty["expected"]) == (5, 181, 905)
    assert duty["on_time"] + duty["late"] + duty["missing"] == 905 and duty["late"] > 0
    assert hazards["found"] == 52 and 0 < hazards["rectified"] < hazards["found"]   # Tue + Thu, 26 weeks
    assert drills["held"] == 12 and drills["participants"] > 0                     # 10th and 24th monthly
    text = result["text"]
    for part in ("（一）值班值守", "（二）隐患排查治理", "（三）应急演练"):
        assert part in text
    assert f"应报{duty['expected']}次" in text and f"组织应急演练{drills['held']}场" in text
    # the guard ran over the final text: every number checked, none rejected
    assert result["guard"]["rejected"] == [] and result["guard"]["checked"] >= 30
    assert Document(str(out)).paragraphs[0].text == "青石区应急2026年上半年工作总结"


def _in_process(url: str, monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """The same parser and code path, without a new interpreter's start-up."""
    from bot.cli import main

    for key in ("LLM_BASE_URL", "LLM_API_KEY", "LLM_MODEL"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("DATABASE_URL", url)
    try:
        code = main(["draft", *args])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (print(exc.code, file=sys.stderr) or 2)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_weekly_default_is_the_current_week(half_year_db, monkeypatch, capsys):
    code, out, _ = _in_process(half_year_db, monkeypatch, capsys, "--today", "2026-06-18", "--json")
    result = json.loads(out)
    assert (result["kind"], result["start"], result["end"]) == ("weekly", "2026-06-15", "2026-06-21")
    assert result["facts"]["duty"]["days"] == 4          # Monday to Thursday, not the future


def test_custom_period_and_plain_text(half_year_db, monkeypatch, capsys):
    code, out, err = _in_process(half_year_db, monkeypatch, capsys, "--start", "2026-03-01", "--end",
                                 "2026-05-31", "--today", "2026-07-02")
    assert code == 0, err
    assert out.startswith("青石区应急2026年3月1日—5月31日工作总结")
    assert "未配置大模型" in err


def test_start_without_end_is_refused(half_year_db, monkeypatch, capsys):
    code, _, err = _in_process(half_year_db, monkeypatch, capsys, "--start", "2026-03-01")
    assert code != 0 and "--start and --end go together" in err
