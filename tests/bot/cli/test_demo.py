"""The offline demo runs start to finish and tells the story it promises."""
from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from bot.runtime.settings import Settings
from bot.cli.demo import run_demo
from storage.models import DutyReport, Hazard, Summary

ROOT = Path(__file__).resolve().parent.parent


async def test_demo_week(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)           # the console saves files under ./out
    out = io.StringIO()
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'demo.db'}")
    deps = await run_demo(settings, date(2026, 6, 18), out=out)
    transcript = out.getvalue()
    assert "已报 4 / 应报 5（截止时未报即为漏报）" in transcript       # the morning: 3 on time, 1 late, 1 missing
    assert "⚠️ 双桥镇 迟报（12:40）" in transcript and "✎" in transcript   # the board, edited in place
    assert transcript.count("（📌置顶）") == 5                           # one board a day, pinned
    assert "→ 私信" in transcript and "永安镇 6月18日 值班情况截止 12:00 仍未报送（群内已催报）。" in transcript
    assert "已收到 2 / 应收到 5（按单位）" in transcript                 # a notice with receipts
    assert "未签收：双桥镇、永安镇、市住建局" in transcript and "下发通知 1 期，已收到 2 / 应收到 5" in transcript
    assert "本周检查单位5家次，发现隐患8处。" in transcript                # an inspection in the weekly draft
    assert "本周下发通知1期，签收率40%。" in transcript
    assert "YH-20260615-001 状态：已整改 → 已销号" in transcript        # a hazard reported, rectified, closed
    assert "合计：已开展2次，参演223人次" in transcript                 # /drills 本月
    # 明细 under the last five days' duty answer: a page, then the next one edited in place
    detail = transcript.split("🔍 明细｜📋 近5天", 1)[1]
    assert "第1/3页" in detail and "✎" in detail and "第2/3页" in detail and "✅ 按时 08:" in detail
    # the notice answer's 明细: who of each unit tapped 收到 first, and when; the board carries its own
    notices = transcript.split("🔍 明细｜📨 近30天", 1)[1]
    assert "  · 青石镇 收到：李明 6月18日 17:16" in notices and "  · 双桥镇 未签收" in notices
    assert "已报 1 / 应报 5\n        [" in transcript and "] 🔍 明细" in transcript
    assert "一、值班值守" in transcript and "五、下周工作安排" in transcript   # ends with the weekly draft
    assert "处理这条消息时出了点问题" not in transcript                 # no handler failed
    # each earlier day reads in time order (a 13:40 report came before 09:31, and the board
    # at 09:31 showed 双桥镇 未报 after it had shown it 迟报)
    chapters = re.findall(r"——— \d+月\d+日 ———\n(.*?)(?=\n——— )", transcript, re.S)
    assert len(chapters) == 4
    for chapter in chapters:
        times = re.findall(r"^\[\d\d-\d\d (\d\d:\d\d)\]", chapter, re.M)
        assert len(times) >= 4 and times == sorted(times)
    with deps.session_factory() as session:
        assert session.exec(select(Hazard).where(Hazard.status == "已销号")).first() is not None
        assert session.exec(select(Summary)).first() is not None
        assert len(session.exec(select(DutyReport)).all()) >= 20
    assert list((tmp_path / "out").glob("*.docx")) and list((tmp_path / "out").glob("*.xlsx"))


@pytest.mark.parametrize("day", [date(2026, 6, 20), date(2026, 10, 1)])    # a Saturday (端午), 国庆
async def test_the_escalation_shows_on_a_day_off_too(tmp_path, monkeypatch, day):
    """Run on a weekend or a holiday, the demo still shows one escalation step: the admin
    switches 节假日 on (days off do not escalate by default), and says so."""
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'demo.db'}")
    await run_demo(settings, day, out=out)
    transcript = out.getvalue()
    assert "/remind 节假日 开启" in transcript and "节假日：照常升级" in transcript
    assert "→ 私信" in transcript and "（群内已催报）。" in transcript
    assert "✎" in transcript and "已收到 2 / 应收到 5（按单位）" in transcript
    assert "检查单位5家次，发现隐患8处。" in transcript


def test_demo_command_needs_no_token_or_network(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "bot", "demo", "--date", "2026-06-18"], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "演示数据已写入" in done.stdout


@pytest.mark.parametrize("day", [date(2026, 12, 7), date(2026, 12, 8)])      # a Monday, a Tuesday
async def test_the_demo_pages_its_detail_early_in_the_week(tmp_path, monkeypatch, day):
    """This week holds one or two days on a Monday or Tuesday; the 明细 shown still has a
    second page to turn to (it failed there: the demo pressed a 下一页 that was never shown)."""
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'demo.db'}")
    await run_demo(settings, day, out=out)
    detail = out.getvalue().split("🔍 明细｜📋 近5天", 1)[1]
    assert "第1/3页" in detail and "第2/3页" in detail
