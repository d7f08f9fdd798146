"""The command line: `gisnlp --version`, and `gisnlp analyze`'s ids, summary lines and progress (issue 16);
then the rough edges a new user hit, one test each: misspelt names and unmatched patterns, folders, GBK file
names, standard input, JSON and archives given to `analyze`, an --out that is a file, unknown search levels,
index/export of documents, view and compare naming the file they cannot read, options after the command."""
from __future__ import annotations

import json
import os
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

from gisnlp import __version__
from gisnlp.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample_report.txt"


@pytest.fixture()
def light_pipeline(monkeypatch):
    """`analyze` with the first three steps only (ids, lines and progress do not need the rest)."""
    import gisnlp.pipeline
    real = gisnlp.pipeline.load
    monkeypatch.setattr(gisnlp.pipeline, "load", lambda **kw: real(steps=("normalize", "structure", "metadata"),
                                                                   **kw))


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.strip() == f"gisnlp {__version__}"


def test_same_file_name_in_two_folders_keeps_both_reports(tmp_path, capsys, light_pipeline):
    for folder, text in (("a", SAMPLE.read_text(encoding="utf-8")),
                         ("b", SAMPLE.read_text(encoding="utf-8").replace("青石县", "白水县"))):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "o"
    rc = main(["analyze", str(tmp_path / "a" / "report.txt"), str(tmp_path / "b" / "report.txt"), str(SAMPLE),
               "--out", str(out), "-q"])
    assert rc == 0
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == 3 and "sample_report.json" in written         # a unique name stays as it was
    issuers = {json.loads(p.read_text(encoding="utf-8"))["meta"]["issuer"] for p in out.iterdir()}
    assert any("白水县" in i for i in issuers) and any("青石县" in i for i in issuers)
    ids = {json.loads(p.read_text(encoding="utf-8"))["doc_id"] for p in out.iterdir()}
    assert len(ids) == 3 and all(f"{i}.json" in written for i in ids)


def test_jsonl_ids_are_unique_too(tmp_path, light_pipeline):
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        shutil.copy(SAMPLE, tmp_path / folder / "r.txt")
    assert main(["analyze", str(tmp_path / "x" / "r.txt"), str(tmp_path / "y" / "r.txt"), "--format", "jsonl",
                 "--out", str(tmp_path / "o"), "-q"]) == 0
    rows = [json.loads(x) for x in (tmp_path / "o" / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len({r["doc_id"] for r in rows}) == 2


def test_one_summary_line_per_document_on_stderr(tmp_path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    assert main(["analyze", str(SAMPLE), str(bad), "--out", str(tmp_path / "o")]) == 1
    cap = capsys.readouterr()
    lines = cap.err.strip().splitlines()
    assert cap.out == "" and len(lines) == 2
    ok = next(x for x in lines if "sample_report" in x)
    assert ok.startswith("gisnlp: sample_report: annual_report 2021 ")
    for words in ("cells", "facts", "failed check"):
        assert words in ok
    assert any(str(bad) in x for x in lines)
    assert main(["analyze", str(SAMPLE), "--out", str(tmp_path / "o"), "--quiet"]) == 0
    assert capsys.readouterr().err == ""


def test_progress_bar_for_many_files_on_a_terminal(tmp_path, monkeypatch, capsys, light_pipeline):
    pytest.importorskip("tqdm")
    import gisnlp.cli as cli
    files = []
    for i in range(cli._Lines.MIN_FILES_FOR_BAR):
        f = tmp_path / f"r{i}.txt"
        shutil.copy(SAMPLE, f)
        files.append(str(f))
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    assert main(["analyze", *files, "--out", str(tmp_path / "o"), "--no-text"]) == 0
    err = capsys.readouterr().err
    assert "gisnlp analyze" in err and "doc" in err                  # tqdm's bar
    assert all(f"gisnlp: r{i}: annual_report" in err for i in range(len(files)))


@pytest.mark.parametrize("terminal,quiet,shown", [(True, False, True), (True, True, False), (False, False, False)])
def test_ocr_pages_are_announced_on_a_terminal_only(tmp_path, monkeypatch, capsys, terminal, quiet, shown):
    """A scan's pages read by OCR (seconds each) show as 'reading page k of n by OCR' on a terminal,
    not with -q and not when stderr is redirected. The reader is stood in for by a pipeline that
    announces three pages, as the PDF reader does."""
    import gisnlp.pipeline
    from gisnlp.readers.ocr_progress import page_started
    real = gisnlp.pipeline.load

    def load(**kw):
        nlp = real(steps=("normalize", "structure", "metadata"), **kw)

        def run(source, **opts):
            for number in (1, 2, 3):
                page_started(number, 3)
            return nlp(source, **opts)
        return run
    monkeypatch.setattr(gisnlp.pipeline, "load", load)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: terminal, raising=False)
    f = tmp_path / "scan.txt"
    shutil.copy(SAMPLE, f)
    assert main(["analyze", str(f), "--out", str(tmp_path / "o"), *(["-q"] if quiet else [])]) == 0
    err = capsys.readouterr().err
    assert ("scan.txt: reading page 3 of 3 by OCR" in err) is shown
    assert "page 1 of 3" in err if shown else "OCR" not in err


GBK_NAME = os.fsdecode("报告".encode("gbk")) + ".txt"      # a name unpacked from a Windows zip


def test_a_misspelt_file_name_is_an_error_not_the_text_to_analyse(tmp_path, capsys, light_pipeline):
    out = tmp_path / "o"
    assert main(["analyze", "no_such_report", str(tmp_path / "reports" / "*.pdf"), "--out", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "gisnlp: no_such_report: no such file or folder (check the path)"
    assert "no file matches this pattern" in err[1] and "check the folder and the extension" in err[1]
    assert not list(out.iterdir())                                   # nothing analysed, nothing written


def test_a_folder_is_analysed_file_by_file(tmp_path, capsys, light_pipeline):
    (tmp_path / "in" / "sub dir").mkdir(parents=True)
    shutil.copy(SAMPLE, tmp_path / "in" / "a.txt")
    shutil.copy(SAMPLE, tmp_path / "in" / "sub dir" / "b.txt")
    (tmp_path / "in" / "notes.csv").write_text("x", encoding="utf-8")   # not a report format: left out
    (tmp_path / "empty").mkdir()
    rc = main(["analyze", str(tmp_path / "in"), str(tmp_path / "empty"), "--out", str(tmp_path / "o"), "-q"])
    assert rc == 1                                                   # the empty folder is one failed input
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["a.json", "b.json"]
    assert "the folder holds no report file" in capsys.readouterr().err


def test_a_file_name_in_gbk_is_analysed_and_written(tmp_path, capsys, light_pipeline):
    shutil.copy(SAMPLE, tmp_path / GBK_NAME)
    assert main(["analyze", str(tmp_path / GBK_NAME), "--out", str(tmp_path / "o")]) == 0
    d = json.loads((tmp_path / "o" / "报告.json").read_text(encoding="utf-8"))
    assert d["doc_id"] == "报告" and d["source"]["path"].endswith("报告.txt")
    assert "gisnlp: 报告: annual_report" in capsys.readouterr().err


def test_a_file_name_in_gbk_gets_a_readable_id_in_a_batch(tmp_path):
    from gisnlp.batch.sources import discover
    shutil.copy(SAMPLE, tmp_path / GBK_NAME)
    [job] = discover([tmp_path])
    assert job.doc_id == "报告" and job.key.endswith("报告.txt") and not job.error
    json.dumps(job.key, ensure_ascii=False).encode("utf-8")           # the journal can write it


@pytest.mark.parametrize("data, words", [(b"", "standard input is empty"),
                                         (b"x" * (1 << 20) + b"x", "standard input is over the 1 MiB limit")],
                         ids=["empty", "too_large"])
def test_standard_input_empty_or_too_large(monkeypatch, capsys, light_pipeline, data, words):
    import io
    import gisnlp.readers
    monkeypatch.setattr(gisnlp.readers, "MAX_BYTES", 1 << 20)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["analyze", "-"]) == 1
    assert f"gisnlp: -: {words}" in capsys.readouterr().err


def test_search_refuses_a_level_that_does_not_exist_and_explains_no_hit(tmp_path, capsys):
    pytest.importorskip("tantivy", reason="search needs the search extra")
    out, idx = str(tmp_path / "o"), str(tmp_path / "idx")
    assert main(["analyze", str(SAMPLE), "--out", out, "-q"]) == 0
    assert main(["index", out, "--index", idx, "-j", "1"]) == 0          # -j/--jobs as in `gisnlp tag`
    capsys.readouterr()
    assert main(["search", "公开", "--index", idx, "--level", "county"]) == 0
    assert "matches" in capsys.readouterr().out
    assert main(["search", "公开", "--index", idx, "--level", "countyy"]) == 2
    assert "unknown level 'countyy' (levels are city, county," in capsys.readouterr().err
    assert main(["search", "量子计算机", "--index", idx]) == 0
    cap = capsys.readouterr()
    assert cap.out.startswith("0 matches") and "nothing in the 1 report(s)" in cap.err and "--match substring" in cap.err


def test_several_reports_on_standard_output_are_one_json_a_line(tmp_path, capsys, light_pipeline):
    other = tmp_path / "other.txt"
    other.write_text("会议通知\n请各单位于周五下午参加例会。\n", encoding="utf-8")
    assert main(["analyze", str(SAMPLE), str(other)]) == 0
    cap = capsys.readouterr()
    rows = [json.loads(x) for x in cap.out.splitlines()]             # each line parses on its own
    assert [r["doc_id"] for r in rows] == ["sample_report", "other"]
    assert "gisnlp: other: other; 0 cells" in cap.err and "not recognised as a report" in cap.err
    assert main(["analyze", str(SAMPLE), "-q"]) == 0                 # one report: the indented JSON, as before
    assert json.loads(capsys.readouterr().out)["doc_id"] == "sample_report"


def test_compare_names_the_file_it_cannot_read(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["compare", str(SAMPLE), str(empty)]) == 2
    assert capsys.readouterr().err.startswith(f"gisnlp: {empty}: the file is empty")


@pytest.mark.parametrize("command", [["index", "--index", "IDX"], ["export", "--out", "ES"]], ids=["index", "export"])
def test_index_and_export_refuse_a_folder_of_documents(tmp_path, capsys, command):
    pytest.importorskip("tantivy", reason="search needs the search extra")
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SAMPLE, docs)                                        # documents, not analysed JSON
    args = [a.replace("IDX", str(tmp_path / "idx")).replace("ES", str(tmp_path / "es")) for a in command]
    assert main([args[0], str(docs), *args[1:]]) == 2
    err = capsys.readouterr().err
    assert f"{docs} holds no report JSON" in err and f"run `gisnlp tag {docs} --out OUT` first" in err
    assert not (tmp_path / "idx").exists() and not (tmp_path / "es").exists()


def test_tag_says_when_a_pattern_matched_no_file(tmp_path):
    from gisnlp.batch.sources import discover
    from gisnlp.errors import InputError
    with pytest.raises(InputError, match=r"\*\.pdf: no file matches this pattern"):
        discover([str(tmp_path / "*.pdf")])


def test_a_bad_year_filter_shows_year_examples():
    from gisnlp.errors import QueryError
    from gisnlp.search.query import numeric_bounds
    with pytest.raises(QueryError, match=r"year:abc is not a number or range \(use year:2023, year:>=2021 or "
                                         r"year:2021\.\.2023 \(--year 2021-2023\)\)"):
        numeric_bounds("year", "abc")
    with pytest.raises(QueryError, match="use value:1000"):
        numeric_bounds("value", "abc")


@pytest.mark.parametrize("command", [["analyze", str(SAMPLE), "--out", "OUT"], ["view", str(SAMPLE), "--out", "OUT/x.html"],
                                     ["compare", str(SAMPLE), str(SAMPLE), "--out", "OUT"]],
                         ids=["analyze", "view", "compare"])
def test_an_out_that_is_a_file_is_one_line_not_a_traceback(tmp_path, capsys, light_pipeline, command):
    blocker = tmp_path / "taken.txt"
    blocker.write_text("x", encoding="utf-8")
    args = [a.replace("OUT", str(blocker)) for a in command]
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith(f"gisnlp: {blocker}")
    assert "give --out the name of a folder" in err and ".tmp" not in err


@pytest.mark.parametrize("name, words", [("out.json", "a JSON file, not a report document"),
                                         ("reports.tar.gz", "an archive, not one document (`gisnlp tag ARCHIVE")])
def test_analyze_sends_json_and_archives_to_the_commands_that_read_them(tmp_path, capsys, light_pipeline,
                                                                         name, words):
    f = tmp_path / name
    f.write_bytes(b'{"doc_id": "x", "meta": {}}' if name.endswith(".json") else b"\x1f\x8b" + b"\0" * 18)
    assert main(["analyze", str(f), "--out", str(tmp_path / "o")]) == 1
    assert f"gisnlp: {f}: {words}" in capsys.readouterr().err
    assert not list((tmp_path / "o").iterdir())


def test_analyze_reads_a_zip_attachment_as_the_report_it_holds(tmp_path, capsys, light_pipeline):
    """A site's report published as a .zip is one document for ``analyze`` (the reader picks the
    report inside), not an archive sent to ``tag``."""
    import zipfile
    f = tmp_path / "attachment.zip"
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("2023年报告.txt", SAMPLE.read_text(encoding="utf-8"))
    assert main(["analyze", str(f), "--out", str(tmp_path / "o")]) == 0
    assert [p.name for p in (tmp_path / "o").iterdir()] == ["attachment.json"]


def _zip_with_gbk_name(path: Path, name: str, data: bytes) -> None:
    """A zip whose member name is GBK bytes without the UTF-8 flag, as Chinese Windows tools write it."""
    raw = name.encode("gbk")
    placeholder = "x" * len(raw)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(placeholder, data)
    path.write_bytes(path.read_bytes().replace(placeholder.encode(), raw))


def test_a_gbk_member_name_in_a_zip_gives_a_readable_id(tmp_path):
    from gisnlp.batch.sources import discover
    _zip_with_gbk_name(tmp_path / "a.zip", "2023年报告.txt", SAMPLE.read_bytes())
    [job] = discover([tmp_path / "a.zip"])
    assert job.doc_id == "2023年报告" and job.key.endswith("a.zip!2023年报告.txt") and not job.error
    from gisnlp.batch.sources import read_job
    assert read_job(job) == SAMPLE.read_bytes()                      # still opened by its stored name


@pytest.mark.parametrize("name, flags, shown", [("caf\u00e9.txt", 0, "caf\u00e9.txt"), ("plain.txt", 0, "plain.txt"),
                                                 ("2023\u5e74.txt", 0x800, "2023\u5e74.txt")])
def test_other_zip_member_names_are_kept(name, flags, shown):
    from gisnlp.readers.zip_attachment import member_name
    assert member_name(name, flags) == shown


def test_view_names_an_unreadable_document_and_builds_the_site_from_the_rest(tmp_path, capsys, light_pipeline):
    pytest.importorskip("jinja2", reason="the viewer needs the view extra")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["view", str(empty), "--out", str(tmp_path / "one.html")]) == 2
    assert capsys.readouterr().err.startswith(f"gisnlp: {empty}: the file is empty")
    assert main(["view", str(empty), str(SAMPLE), "--out", str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert f"gisnlp: {empty}: the file is empty" in err and "(1 report, 1 issuer" in err
    assert (tmp_path / "site" / "index.html").is_file()


def test_a_folder_with_a_report_and_its_spreadsheet_is_one_report(tmp_path, capsys):
    from gisnlp.readers import read_path
    doc = read_path(ROOT / "examples" / "sample_report.html")[1]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.txt").write_text(doc.text[:doc.grids[0].start], encoding="utf-8")   # narrative only
    shutil.copy(ROOT / "tests" / "fixtures" / "sample_tables.xlsx", tmp_path / "in" / "r.xlsx")
    assert main(["analyze", str(tmp_path / "in"), "--out", str(tmp_path / "o"), "-q"]) == 0
    assert [p.name for p in (tmp_path / "o").iterdir()] == ["r.json"]              # not r.xlsx on its own
    assert len(json.loads((tmp_path / "o" / "r.json").read_text(encoding="utf-8"))["tables"]["cells"]) == 200


def test_tag_ends_with_the_next_commands(tmp_path, capsys):
    pytest.importorskip("pebble", reason="tag needs the batch extra")
    (tmp_path / "in").mkdir()
    shutil.copy(SAMPLE, tmp_path / "in")
    out = tmp_path / "out dir"
    assert main(["tag", str(tmp_path / "in"), "--out", str(out), "--no-progress", "-j", "1",
                 "--steps", "normalize,structure,metadata"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith(f"  next: gisnlp view '{out}' --out site/") and f"gisnlp index '{out}' --index idx" in last


@pytest.mark.parametrize("argv, debug, verbose", [(["analyze", "x", "--debug"], True, False),
                                                  (["--debug", "analyze", "x"], True, False),
                                                  (["-v", "search", "q", "--debug"], True, True),
                                                  (["compare", "a", "b", "-v"], False, True),
                                                  (["analyze", "x"], False, False)])
def test_debug_and_verbose_go_before_or_after_the_command(argv, debug, verbose):
    from gisnlp.cli import build_parser
    args = build_parser().parse_args(argv)
    assert (args.debug, args.verbose) == (debug, verbose)


def test_one_name_with_two_extensions_gets_the_extension_in_its_id():
    from gisnlp.inputs import unique_ids
    items = [("report", "d__report", "/x/d/report.txt"), ("report", "d__report", "/x/d/report.html"),
             ("report", "e__report", "/x/e/report.txt"), ("r", "r", "/x/r.pdf"), ("r", "r", "/x/R.PDF")]
    ids = unique_ids(items)
    assert ids[:3] == ["d__report_txt", "d__report_html", "e__report"]
    assert all(i.startswith("r_pdf-") for i in ids[3:]) and len(set(ids)) == 5   # a hash when even that collides


def test_view_without_jinja2_is_one_line(tmp_path, capsys, monkeypatch):
    import importlib.util
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "jinja2" else real(name, *a))
    assert main(["view", str(SAMPLE), str(SAMPLE), "--out", str(tmp_path / "site")]) == 2
    assert capsys.readouterr().err.strip() == "gisnlp: `gisnlp view` needs Jinja2 (pip install 'gisnlp[view]')"


def test_standard_input_on_a_terminal_says_how_to_end_it(monkeypatch, capsys, light_pipeline):
    import io

    class Terminal(io.TextIOWrapper):
        def isatty(self):
            return True
    monkeypatch.setattr(sys, "stdin", Terminal(io.BytesIO(SAMPLE.read_bytes())))
    assert main(["analyze", "-", "-q"]) == 0
    assert "reading a report from standard input (end it with Ctrl-D)" in capsys.readouterr().err
