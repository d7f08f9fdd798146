"""scripts/eval_domains.py --errors: the dump of gold spans where a chosen label is missed or wrong."""
import json
import runpy
from pathlib import Path
from types import SimpleNamespace

from gisnlp.domains.crossval import HeldoutDoc

ROOT = Path(__file__).resolve().parents[1]


def dump_errors():
    """``dump_errors`` of scripts/eval_domains.py (the script's names, its main not run)."""
    return runpy.run_path(str(ROOT / "scripts" / "eval_domains.py"))["dump_errors"]


def best_overlap(gold, preds):
    """The labels of the predicted segment overlapping ``gold`` most (a stand-in for the shared scorer)."""
    best = max(preds, key=lambda p: min(gold["end"], p["end"]) - max(gold["start"], p["start"]))
    return set(best["domains"])


def test_errors_dump_lists_missed_and_wrong_labels_of_the_chosen_labels(tmp_path):
    text = "公开户籍办理指南。\n公开土地出让结果。\n全年受理申请5件。"
    segs = [SimpleNamespace(start=0, end=9, heading_path=["（三）重点领域"]),
            SimpleNamespace(start=10, end=19, heading_path=[]),
            SimpleNamespace(start=20, end=29, heading_path=[])]
    gold = [{"start": 0, "end": 9, "domains": ["public_security"]},
            {"start": 10, "end": 19, "domains": ["planning_land"]},
            {"start": 20, "end": 29, "domains": ["applications"]}]
    doc = HeldoutDoc("d1", "corpus", "某县", SimpleNamespace(text=text, segments=segs), gold)
    preds = {"m": {"d1": [{"start": 0, "end": 9, "domains": []},
                          {"start": 10, "end": 19, "domains": ["planning_land", "economy"]},
                          {"start": 20, "end": 29, "domains": []}]}}
    out = tmp_path / "errors.jsonl"
    dump_errors()(SimpleNamespace(labels_for=best_overlap), [doc], preds, {"public_security", "economy"}, out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["fn"], r["fp"]) for r in rows] == [(["public_security"], []), ([], ["economy"])]
    assert rows[0]["text"] == "公开户籍办理指南。" and rows[0]["path"] == ["（三）重点领域"]
    assert rows[1]["gold"] == ["planning_land"] and rows[1]["model"] == "m"   # applications: not chosen
