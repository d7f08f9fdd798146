"""Every corpus file is read and analysed, and its metadata agrees with the manifest.

Skips without ../shared. Manifest levels outside the schema's set are mapped:
province_department / county_department -> department, special_zone -> district
(a zone's administrative committee acting as a local government).
"""
import json

import pytest

import gisnlp

LEVELS = {"province_department": "department", "county_department": "department", "special_zone": "district",
          "n/a": None}
# Disagreements the text itself cannot settle.
KNOWN = {
    ("r0006", "issuer"): "OCR error in the source: the text writes 沐阳县 throughout, the manifest 沭阳县",
    ("r0022", "year"): "a 631-character fragment of table 3 that names no year",
    ("r0022", "issuer"): "a fragment of table 3 that names no issuer",
    ("r0022", "level"): "no issuer, so no level",
}


def _manifest(corpus_dir):
    with open(corpus_dir / "manifest.jsonl", encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def _expected(entry):
    not_report = entry["template_guess"] == "not_a_report"
    issuer = entry["issuer_guess"]
    if issuer and " (" in issuer:
        issuer = issuer.split(" (")[0]           # "宿迁市人民政府 (reports compared)"
    if issuer and issuer.startswith("("):
        issuer = None                           # "(template; no issuer)"
    return {
        "doc_type": "other" if not_report else "annual_report",
        "year": entry["year_guess"],
        "issuer": issuer,
        "level": LEVELS.get(entry["level_guess"], entry["level_guess"]) if issuer else None,
        "template": None if not_report else entry["template_guess"],
    }


@pytest.fixture(scope="module")
def corpus_reports(corpus_dir):
    nlp = gisnlp.load(steps=["normalize", "structure", "metadata"])
    return {e["id"]: (e, nlp(corpus_dir / e["file"])) for e in _manifest(corpus_dir)}


def test_meta_agrees_with_manifest(corpus_reports):
    wrong = []
    for doc_id, (entry, report) in corpus_reports.items():
        for field, want in _expected(entry).items():
            got = getattr(report.meta, field)
            if got != want and (doc_id, field) not in KNOWN:
                wrong.append(f"{doc_id}.{field}: got {got!r}, manifest {want!r}")
    assert not wrong, "\n".join(wrong)


def test_known_disagreements_are_still_the_documented_ones(corpus_reports):
    for (doc_id, field), reason in KNOWN.items():
        entry, report = corpus_reports[doc_id]
        assert getattr(report.meta, field) != _expected(entry)[field], reason


def test_offsets_of_grids_and_headings_point_into_the_text(corpus_reports):
    for doc_id, (_, report) in corpus_reports.items():
        for g in report.grids:
            for row in g.rows:
                for c in row:
                    assert report.text[c.start:c.end] == c.text, doc_id
        for h in report.headings:
            assert 0 <= h.start <= h.end <= len(report.text)


def test_the_whole_pipeline_runs_on_every_file(corpus_reports):
    """Every default step runs on every corpus file without failing (reading was done above)."""
    import copy
    nlp = gisnlp.load()
    for doc_id, (_, read) in corpus_reports.items():
        report = nlp.run(copy.deepcopy(read))
        failed = [w for w in report.meta.warnings if "failed" in w]
        assert report.text and report.meta.chars > 0, doc_id
        assert not failed, (doc_id, failed)
