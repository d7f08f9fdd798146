"""The blind set of report openings and problems passages (corpora/domains_synthetic_fresh5.jsonl)
and its evaluation (gisnlp/domains/fresh_eval.py): what the set holds, how an item becomes a small
report, and that both granularities are scored by the scorer's rules."""
import importlib.util
from pathlib import Path

import numpy as np

from gisnlp.domains import fresh_eval as FE
from gisnlp.domains import training as T
from gisnlp.domains.features import SegmentView
from gisnlp.domains.labels import labels as domain_labels

CORPORA = Path(__file__).resolve().parents[1] / "corpora"


def test_the_blind_set_holds_openings_and_problems_passages_with_valid_labels():
    items = FE.load_items(CORPORA)
    parts = {p: sum(i.part == p for i in items) for p in ("fresh-opening", "fresh-problems")}
    assert parts["fresh-opening"] >= 120 and parts["fresh-problems"] >= 60
    assert len({i.id for i in items}) == len(items)
    assert all(set(i.domains) <= set(domain_labels()) for i in items)
    # every problems passage is oversight (guideline §3), most openings report applications
    assert all("oversight" in i.domains for i in items if i.part == "fresh-problems")
    assert sum("applications" in i.domains for i in items if i.part == "fresh-opening") > 100


def test_blind_items_are_training_data_told_apart_by_their_id():
    examples = T.synthetic_examples(CORPORA)
    fresh = [e for e in examples if FE.is_fresh(e)]
    assert len(fresh) == len(FE.load_items(CORPORA))
    assert not any(FE.is_fresh(e) for e in examples if not e.item.startswith("fresh5-"))
    assert not FE.is_fresh(T.Example(SegmentView("x"), set(), "r0001", "annotation", item="fresh5-o001"))


def test_an_item_becomes_a_report_whose_span_is_its_text():
    item = FE.FreshItem("fresh5-o999", "fresh-opening", ("一、总体情况",), "全年受理申请5件。", ["applications"])
    text, start, end = FE.item_document(item)
    assert text[start:end] == item.text
    assert text.startswith("一、总体情况\n")


class Fixed:
    """A fake model: a fixed probability per label."""

    def __init__(self, probs: dict):
        self.labels = list(probs)
        self.thresholds = {lab: 0.5 for lab in self.labels}
        self.p = np.array([probs[lab] for lab in self.labels])

    def predict_proba(self, views):
        return np.tile(self.p, (len(views), 1))


def test_score_reads_both_granularities(shared_dir):
    spec = importlib.util.spec_from_file_location("gis_score", shared_dir / "eval" / "score.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    items = [FE.FreshItem("a", "fresh-opening", ("一、总体情况",), "全年受理政府信息公开申请5件，均按期答复。", ["applications"]),
             FE.FreshItem("b", "fresh-problems", (), "政策解读形式单一，下一步将丰富解读形式。", ["oversight", "interpretation"])]
    res = FE.score(Fixed({"applications": 0.9, "oversight": 0.2, "interpretation": 0.1}), items, scorer)
    for gran in ("segments", "spans"):
        assert res[f"{gran}/all"]["precision"] == 0.5          # b gets applications too
        assert abs(res[f"{gran}/all"]["recall"] - 1 / 3) < 1e-3        # the scorer rounds
        assert res[f"{gran}/fresh-problems"]["recall"] == 0.0
        assert res["_predicted"][gran]["a"] == res["_predicted"][gran]["b"] == ["applications"]


def test_the_script_dumps_the_items_a_model_gets_wrong(tmp_path):
    import json
    import runpy
    dump = runpy.run_path(str(CORPORA.parent / "scripts" / "eval_domains_fresh.py"))["dump_errors"]
    items = [FE.FreshItem("a", "fresh-opening", (), "x", ["applications"]),
             FE.FreshItem("b", "fresh-problems", (), "y", ["oversight"])]
    res = {"_predicted": {"segments": {"a": ["applications"], "b": ["platforms"]},
                          "spans": {"a": [], "b": ["oversight"]}}}
    out = tmp_path / "err.jsonl"
    dump(items, res, out, "m")
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["gran"], r["fn"], r["fp"]) for r in rows] == [
        ("a", "spans", ["applications"], []), ("b", "segments", ["oversight"], ["platforms"])]
