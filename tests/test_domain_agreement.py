"""scripts/domain_agreement.py on a tiny hand-checked example (no shared data needed)."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def agree():
    spec = importlib.util.spec_from_file_location("domain_agreement", ROOT / "scripts" / "domain_agreement.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod          # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


def write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def sides(tmp_path):
    first = write(tmp_path / "a.jsonl", [
        {"id": "p1", "text": "公开招生划片范围。", "domains": ["education"]},
        {"id": "p2", "text": "解读招生政策。", "domains": ["education", "interpretation"]},
        {"id": "p3", "text": "坚持以公开为常态。", "domains": []},
        {"id": "p4", "text": "只在第一份里。", "domains": ["health"]},
    ])
    second = write(tmp_path / "b.jsonl", [
        {"id": "p1", "domains": ["education"]},
        {"id": "p2", "domains": ["education"]},
        {"id": "p3", "domains": ["interpretation"]},
    ])
    return first, second


def test_scores_match_hand_count(agree, sides):
    # education agrees on p1, p2; interpretation: first on p2, second on p3.
    # micro: tp 2, fp 1, fn 1 -> F1 4/6; macro: (1.0 + 0.0) / 2; exact: p1 only.
    labels = ["education", "health", "interpretation"]
    first = agree.load_labels([sides[0]], set(labels))
    second = agree.load_labels([sides[1]], set(labels))
    res = agree.agreement(first, second, labels)
    assert (res.items, res.only_first, res.only_second) == (3, 1, 0)
    assert res.micro_f1 == pytest.approx(0.6667, abs=1e-4)
    assert res.macro_f1 == pytest.approx(0.5)
    assert res.exact == pytest.approx(0.3333, abs=1e-4)
    per = {p.label: p for p in res.per_label}
    assert set(per) == {"education", "interpretation"}          # health is on an unshared id
    assert (per["education"].both, per["education"].f1) == (2, 1.0)
    assert per["education"].kappa == pytest.approx(1.0)
    assert (per["interpretation"].first, per["interpretation"].second, per["interpretation"].both) == (1, 1, 0)
    assert per["interpretation"].kappa == pytest.approx(-0.5)   # po 1/3, pe 5/9


def test_kappa_undefined_when_every_item_has_the_label(agree, tmp_path):
    rows = [{"id": "p1", "domains": ["education"]}, {"id": "p2", "domains": ["education", "health"]}]
    a = agree.load_labels([write(tmp_path / "a.jsonl", rows)], {"education", "health"})
    b = agree.load_labels([write(tmp_path / "b.jsonl", rows[:1] + [{"id": "p2", "domains": ["education"]}])],
                          {"education", "health"})
    per = {p.label: p for p in agree.agreement(a, b, ["education", "health"]).per_label}
    assert per["education"].kappa is None and per["education"].f1 == 1.0
    assert per["health"].f1 == 0.0


def test_cli_writes_disagreements_with_context(agree, sides, tmp_path, capsys):
    out = tmp_path / "dis.jsonl"
    assert agree.main(["-a", str(sides[0]), "-b", str(sides[1]), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "micro-F1 0.667" in printed and "macro-F1 0.500" in printed
    rows = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["only_first"], r["only_second"]) for r in rows] == [
        ("p2", ["interpretation"], []), ("p3", [], ["interpretation"])]
    assert rows[0]["text"] == "解读招生政策。"


@pytest.mark.parametrize("row, message", [
    ({"id": "x", "domains": ["sport"]}, "unknown domain ids"),
    ({"id": "x"}, "needs 'id' and 'domains'"),
])
def test_bad_label_file_is_a_clear_error(agree, sides, tmp_path, capsys, row, message):
    bad = write(tmp_path / "bad.jsonl", [row])
    assert agree.main(["-a", str(sides[0]), "-b", str(bad)]) == 2
    assert message in capsys.readouterr().err


def test_duplicate_id_is_refused(agree, tmp_path):
    dup = write(tmp_path / "dup.jsonl", [{"id": "x", "domains": []}, {"id": "x", "domains": []}])
    with pytest.raises(ValueError, match="appears twice"):
        agree.load_labels([dup], {"education"})
