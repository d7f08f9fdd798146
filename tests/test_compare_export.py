"""Comparison exports: JSON and the CLI, the side-by-side HTML page (escaping, headless Chromium), Word."""
from __future__ import annotations

import argparse
import json
import re

import pytest

from gisnlp.cli import main
from gisnlp.compare import compare
from gisnlp.compare.page import render_comparison, write_comparison_html
from gisnlp.compare.word import build_document
from gisnlp.errors import InputError

import compare_pairs as P
from test_viewer import _browser

EVIL = '<script>document.documentElement.setAttribute("data-pwned", "1")</script><b>粗体</b>'


@pytest.fixture(scope="module")
def pair(nlp):
    old = nlp(P.report_text(2022), doc_id="qingliu_2022")
    new = nlp(P.report_text(2023).replace(P.OTHER[2023], P.OTHER[2023] + EVIL), doc_id="qingliu_2023")
    return old, new, compare(old, new)


def test_page_marks_reuse_in_both_columns_changed_cells_and_failed_checks(pair):
    old, new, c = pair
    html = render_comparison(c, old, new)
    problems = html.split('id="sec-problems"')[1].split('class="section"')[0]
    assert problems.count('<mark class="reuse" data-p=') == 2          # one passage, both columns
    assert 'class="para added"' in html and 'class="para removed"' in html
    assert re.search(r'<tr class="abrupt"><td>t2\.art20_6\.penalty\.decisions', html)
    assert re.search(r'<tr class="fail"><td>fail</td><td>year\.carry\.total', html)
    assert "<del>4862</del><ins>5120</ins>" in html


def test_page_escapes_report_text(pair):
    old, new, c = pair
    html = render_comparison(c, old, new)
    assert "<b>粗体</b>" not in html and "&lt;b&gt;粗体&lt;/b&gt;" in html
    assert 'setAttribute("data-pwned"' not in html


def test_word_document_has_summary_sections_and_cells(pair):
    old, new, c = pair
    doc = build_document(c, old, new)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"文字重复率: {c.reuse['text']:.0%}" in text and "存在的主要问题及改进情况（both，重复率 100%）" in text
    cells = doc.tables[-1]
    assert len(cells.rows) == 1 + sum(x.status != "same" for x in c.cells)
    assert any(r.cells[0].text.startswith("第二十条第（六）项 行政处罚") and r.cells[5].text.startswith("÷30.8")
               for r in cells.rows)


def test_cli_writes_json_html_docx(pair, tmp_path, capsys):
    old, new, c = pair
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(old.to_json(), encoding="utf-8")
    b.write_text(new.to_json(), encoding="utf-8")
    assert main(["compare", str(a), str(b), "--out", str(tmp_path / "out")]) == 0
    assert (f"text {c.reuse['text']:.0%}, tables 90%, overall {c.reuse['overall']:.0%}; 4 failed checks"
            in capsys.readouterr().out)
    d = json.loads((tmp_path / "out" / "qingliu_2022__qingliu_2023.json").read_text(encoding="utf-8"))
    assert d["reuse"]["tables"] == 0.9
    assert (tmp_path / "out" / "qingliu_2022__qingliu_2023.html").stat().st_size > 5000
    assert (tmp_path / "out" / "qingliu_2022__qingliu_2023.docx").stat().st_size > 5000
    assert main(["compare", str(a), str(tmp_path / "none.json"), "--out", str(tmp_path / "o2")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["compare", str(a), str(b), "--out", str(tmp_path / "o3"), "--format", "pdf"]) == 2


def test_cli_without_out_prints_a_summary_and_writes_nothing(pair, tmp_path, capsys, monkeypatch):
    old, new, c = pair
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(old.to_json(), encoding="utf-8")
    b.write_text(new.to_json(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["compare", str(a), str(b)]) == 0
    out, err = capsys.readouterr()
    assert "4 failed checks" in out and "failed checks:\n" in out
    assert out.count("\n  year.carry.") >= 1 and "parts (share of this year's text" in out
    assert "第二十条第（六）项 行政处罚" in out.split("table cells that changed most:")[1]
    assert "no files written" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.json"]


@pytest.mark.slow
def test_browser_renders_the_pair_page(pair, tmp_path):
    old, new, c = pair
    page = write_comparison_html(c, old, new, tmp_path / "pair.html")
    dom = _browser(page, "--dump-dom")
    assert "data-load-ms" in dom                          # the page's own script ran
    assert "data-pwned" not in dom.split("<head>")[0]     # the report's markup did not
    assert dom.count('<mark class="reuse"') >= 4 and 'id="sec-overview"' in dom
    shot = tmp_path / "pair.png"
    _browser(page, "--window-size=1500,2000", "--hide-scrollbars", f"--screenshot={shot}")
    assert shot.exists() and shot.stat().st_size > 20_000


def test_tag_index_and_view_carry_the_comparisons(tmp_path):
    pytest.importorskip("pebble")
    pytest.importorskip("tantivy")
    from gisnlp.batch import tag
    from gisnlp.search import Index
    from gisnlp.compare.pairs import with_reuse
    from gisnlp.io import iter_report_dicts
    from gisnlp.viewer.view_command import _view
    src = tmp_path / "src"
    src.mkdir()
    for year in (2022, 2023):
        (src / f"qingliu_{year}.txt").write_text(P.report_text(year), encoding="utf-8")
    (src / "songhe_2023.txt").write_text(P.UNRELATED, encoding="utf-8")
    out = tmp_path / "out"
    summary = tag([src], out, jobs=1, progress=False)
    assert summary["series_checks"]["comparisons"] == 1 and summary["series_checks"]["comparison_errors"] == 0
    from gisnlp.batch import format_summary
    assert "year-over-year comparisons: 1 pair in comparisons.jsonl" in format_summary(summary, str(out))
    recs = [json.loads(line) for line in (out / "comparisons.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["old"]["doc_id"], r["new"]["doc_id"]) for r in recs] == [("qingliu_2022", "qingliu_2023")]
    assert recs[0]["reuse"]["tables"] == 0.9 and any(c["rule"] == "year.carry.total" and c["status"] == "fail"
                                                     for c in recs[0]["checks"])
    idx = Index(tmp_path / "idx")
    idx.add(with_reuse(iter_report_dicts(out), out))
    hits = idx.search("reuse:>0.7", type="report")
    assert [h.doc_id for h in hits] == ["qingliu_2023"]
    assert idx.count("reuse_tables:0.9", type="report") == 1 and idx.count("reuse:<0.5", type="report") == 0
    # the command reads comparisons.jsonl too; an index of the version before the reuse fields is refused
    # with the way out (--rebuild), which swaps in a new generation
    from gisnlp.search.index import INDEX_VERSION, MANIFEST
    cli_idx = tmp_path / "cli-idx"
    assert main(["index", str(out), "--index", str(cli_idx)]) == 0
    manifest = json.loads((cli_idx / MANIFEST).read_text(encoding="utf-8"))
    (cli_idx / MANIFEST).write_text(json.dumps({**manifest, "version": INDEX_VERSION - 1}), encoding="utf-8")
    with pytest.raises(InputError, match="rebuild"):
        Index(cli_idx).search("reuse:>0.7")
    with pytest.raises(InputError, match="rebuild"):
        Index(cli_idx).add(iter_report_dicts(out))
    assert main(["index", str(out), "--index", str(cli_idx), "--rebuild"]) == 0
    assert [h.doc_id for h in Index(cli_idx).search("reuse:>0.7", type="report")] == ["qingliu_2023"]
    assert sorted(p.name for p in cli_idx.iterdir() if p.name.startswith("gen-")) == ["gen-000001", "gen-000002"]
    assert _view(argparse.Namespace(inputs=[str(out)], out=str(tmp_path / "site"), title="t")) == 0
    pair = tmp_path / "site" / "pairs" / "qingliu_2022__qingliu_2023.html"
    assert pair.is_file() and 'id="sec-problems"' in pair.read_text(encoding="utf-8")
    issuer = next(p for p in (tmp_path / "site" / "issuers").iterdir() if "pairs/qingliu_2022__qingliu_2023.html"
                  in p.read_text(encoding="utf-8"))
    page = issuer.read_text(encoding="utf-8")
    assert 'id="trends"' in page and "行政处罚" in page and 'class="n abrupt"' in page


@pytest.mark.shared
def test_corpus_pingtan_years_compare(corpus_dir, nlp):
    files = corpus_dir / "files"
    old, new = nlp(str(files / "r0017.txt")), nlp(str(files / "r0019.txt"))
    c = compare(old, new)
    ids = [s.id for s in c.sections if s.status == "both"]
    assert {"overview", "applications", "problems", "other"} <= set(ids)   # 五、 found inside the flattened table
    assert 0 <= c.reuse["text"] < 0.2 and 0.5 < c.reuse["tables"] < 1
    assert any("not consecutive" in n for n in c.notes)
    assert {x.rule for x in c.checks} == {"year.none", "copy.problems"}
