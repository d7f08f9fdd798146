"""``Report.to_dict`` builds the same dicts ``dataclasses.asdict`` would, without its deep copies."""
from __future__ import annotations

import collections
import json
from dataclasses import asdict
from pathlib import Path

import pytest

from gisnlp.report import Check, Fact, PendingRow, Report, Segment, record

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sample_report.txt"


@pytest.fixture(scope="module")
def report(nlp) -> Report:
    return nlp(EXAMPLE)


def _objects(r: Report) -> list:
    return [r.meta, r.source, *r.facts, *r.segments, *r.cells, *r.checks, *r.headings,
            *(p for p in r.pending_rows if not isinstance(p, dict))]


def test_record_equals_asdict_on_a_real_report(report):
    objs = _objects(report)
    assert len(report.facts) > 5 and len(report.cells) > 20
    for o in objs:
        assert record(o) == asdict(o)
        assert list(record(o)) == list(asdict(o))          # the same key order: the same JSON bytes


def test_to_dict_json_is_what_asdict_gave(report):
    d = report.to_dict()
    old = {"facts": [asdict(f) for f in report.facts], "segments": [asdict(s) for s in report.segments],
           "checks": [asdict(c) for c in report.checks], "meta": asdict(report.meta)}
    for key, value in old.items():
        assert json.dumps(d[key], ensure_ascii=False) == json.dumps(value, ensure_ascii=False)


def test_record_copies_containers_like_asdict():
    Pair = collections.namedtuple("Pair", "a b")
    seg = Segment(1, 9, heading_path=("一、概述", "（一）主动公开"), domains=[Pair(1, [2])], scores={"health": 0.5})
    d = record(seg)
    assert d == asdict(seg)
    assert type(d["heading_path"]) is tuple and type(d["domains"][0]) is Pair
    d["scores"]["health"] = 1.0
    d["domains"][0].b.append(3)
    assert seg.scores == {"health": 0.5} and seg.domains[0].b == [2]


def test_record_nested_dataclasses_and_none():
    check = Check("t3.balance.total", "fail", cells=["t3.new.total"], facts=[0])
    row = PendingRow("t3.new", ["natural", "total"], candidates=[[1, 2], [3, 0]])
    fact = Fact(0, 3, "12条", 12, unit="条", cells=None)
    for o in (check, row, fact):
        assert record(o) == asdict(o)
    d = record(row)
    d["candidates"][0][0] = 99
    assert row.candidates[0][0] == 1


def test_from_dict_round_trip(report):
    again = Report.from_dict(json.loads(report.to_json()))
    assert again.to_dict() == report.to_dict()
