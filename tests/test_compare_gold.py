"""The comparison scored on the report pairs with hand-written answers (tests/data/compare_pairs, scripts/eval_compare.py)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import compare_gold as G

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "eval_compare.py"


@pytest.fixture(scope="module")
def scored(nlp):
    spec = importlib.util.spec_from_file_location("eval_compare", SCRIPT)
    ev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ev)
    tally = ev.Tally()
    details = [ev.score_pair(p, nlp, tally, verbose=True) for p in G.load_pairs()]
    return tally.table(), details


def test_pairs_cover_many_issuers_formats_and_templates():
    pairs = G.load_pairs()
    assert len(pairs) >= 12
    assert len({p.issuer for p in pairs}) == len(pairs)
    assert {p.spec["new"].get("format", "txt") for p in pairs} >= {"txt", "md", "html"}
    assert any(p.spec["old"].get("template") == "2019" and p.spec["new"].get("template") == "2021" for p in pairs)
    assert any(p.spec["new"].get("title") is False for p in pairs)


def test_every_gold_sentence_and_claim_is_found_in_the_new_report(scored):
    _, details = scored
    lost = [m for d in details for m in d["misses"] if "not found in NEW" in m]
    assert lost == []


def test_failed_checks_are_never_false(scored):
    table, details = scored
    for measure in ("carry_fail", "claims_fail", "copy_problems_fail"):
        assert table[measure]["p"] == 1.0, (measure, [m for d in details for m in d["misses"]])
    assert table["carry_fail"]["r"] == 1.0 and table["claims_fail"]["r"] == 1.0


def test_reuse_cells_and_claims_match_the_answers(scored):
    table, _ = scored
    assert table["copied_sentences"]["p"] >= 0.97 and table["copied_sentences"]["r"] >= 0.9
    assert table["part_reuse"]["mae"] <= 0.05
    assert table["changed_cells"]["p"] >= 0.98 and table["changed_cells"]["r"] >= 0.98
    assert table["abrupt_cells"]["p"] == 1.0
    assert table["claims_pass"]["r"] >= 0.9 and table["carry_pass"]["r"] >= 0.95
