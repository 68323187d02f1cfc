"""The understanding benchmark over the shared dev corpus must stay above its targets."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared/corpus/messages.dev.jsonl"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_understanding", REPO / "bench" / "understanding.py")
    module = sys.modules.get("bench_understanding")
    if module is None:
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench_understanding"] = module
        spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not beside the repository")
def test_dev_corpus_meets_targets():
    bench = _bench()
    scores = bench.run(CORPUS)
    assert scores.n >= 100
    assert scores.intent >= 0.97, bench.report(scores)
    assert scores.field_accuracy >= 0.95, bench.report(scores)


@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not beside the repository")
def test_bench_prints_final_line(capsys):
    bench = _bench()
    assert bench.main([str(CORPUS)]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("intent=") and " fields=" in last
    intent, fields = (float(part.split("=")[1]) for part in last.split())
    assert 0.0 <= intent <= 1.0 and 0.0 <= fields <= 1.0


def test_unit_scoring_is_lenient_like_score_parse():
    bench = _bench()
    assert bench.same("unit", "龙泉镇后山村李家湾", "龙泉镇后山村")
    assert bench.same("unit", "宏达化工有限公司", "宏达化工有限公司仓库")
    assert not bench.same("unit", "青石镇", "白沙街道")
    assert bench.same("count", 200, 200.0)
    assert not bench.same("zero", True, None)


TRAIN = REPO / "corpus" / "train.jsonl"


@pytest.mark.skipif(not TRAIN.exists(), reason="corpus/train.jsonl not in this checkout")
def test_train_corpus_meets_targets():
    bench = _bench()
    scores = bench.run(TRAIN)
    assert scores.n >= 500
    assert scores.intent >= 0.97, bench.report(scores)
    assert all(scores.fields_ok[k] / scores.fields[k] >= 0.95 for k in scores.fields), bench.report(scores)


def test_table_puts_the_sets_side_by_side_per_field():
    bench = _bench()
    a = bench.score([{"id": "a", "sent_at": "2026-06-18T09:00:00+08:00", "text": "青石镇今日值班情况正常，零报告",
                      "expect": {"intent": "duty_report", "unit": "青石镇", "zero": True}}])
    b = bench.score([{"id": "b", "sent_at": "2026-06-18T09:00:00+08:00", "text": "收到",
                      "expect": {"intent": "hazard", "unit": "青石镇"}}])
    lines = bench.table({"one": a, "two": b}).splitlines()
    assert lines[0].split() == ["one", "two"]
    assert lines[2].split() == ["intent", "1/1", "=", "1.000", "0/1", "=", "0.000"]
    assert [line.split()[0] for line in lines[3:5]] == ["unit", "zero"]
    assert lines[4].split()[-1] == "-"            # a field the second set does not label
    assert lines[-1] == "intent=0.000 fields=0.000"


def _write(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def test_the_heldout_set_gets_a_column_when_its_file_exists_and_is_named_when_absent(tmp_path, capsys):
    bench = _bench()
    assert "heldout" in bench.SETS and bench.SETS["heldout"].name == "heldout.jsonl"
    row = {"id": "h1", "sent_at": "2026-06-18T09:00:00+08:00", "text": "青石镇今日值班情况正常，零报告",
           "expect": {"intent": "duty_report", "unit": "青石镇", "zero": True}}
    _write(tmp_path / "a.jsonl", [row])
    sets = {"train": tmp_path / "a.jsonl", "heldout": tmp_path / "heldout.jsonl"}

    assert bench.main([], sets=sets) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"(heldout: {tmp_path / 'heldout.jsonl'} not found)"
    assert out[1].split() == ["train"]

    _write(tmp_path / "heldout.jsonl", [row, {**row, "id": "h2", "text": "收到"}])
    assert bench.main([], sets=sets) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["train", "heldout"]
    assert out[2].split() == ["intent", "1/1", "=", "1.000", "1/2", "=", "0.500"]
    assert out[-1] == "intent=0.500 fields=0.500"     # the last column: heldout


def test_no_set_present_prints_only_what_is_missing(tmp_path, capsys):
    assert _bench().main([], sets={"heldout": tmp_path / "heldout.jsonl"}) == 0
    assert capsys.readouterr().out.strip() == f"(heldout: {tmp_path / 'heldout.jsonl'} not found)"


def test_the_second_heldout_set_is_a_column_after_the_first(tmp_path, capsys):
    bench = _bench()
    assert list(bench.SETS)[4:6] == ["heldout", "heldout2"]
    assert bench.SETS["heldout2"].name == "heldout2.jsonl"
    row = {"id": "x1", "sent_at": "2026-06-18T09:00:00+08:00", "text": "青石镇今日值班情况正常，零报告",
           "expect": {"intent": "duty_report", "unit": "青石镇", "zero": True}}
    _write(tmp_path / "heldout.jsonl", [row])
    sets = {"heldout": tmp_path / "heldout.jsonl", "heldout2": tmp_path / "heldout2.jsonl"}
    assert bench.main([], sets=sets) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"(heldout2: {tmp_path / 'heldout2.jsonl'} not found)"     # absent: named, no crash
    assert out[1].split() == ["heldout"]

    _write(tmp_path / "heldout2.jsonl", [row, {**row, "id": "x2", "text": "收到"}])
    assert bench.main([], sets=sets) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["heldout", "heldout2"]
    assert out[-1] == "intent=0.500 fields=0.500"     # the last column: the new held-out set


def test_the_newest_heldout_set_is_the_last_column_after_the_practice_batches():
    bench = _bench()
    assert list(bench.SETS)[-4:] == ["practice", "heldout3", "heldout4", "heldout5"]
    assert bench.SETS["heldout5"].name == "heldout5.jsonl"
