"""Search index, query language, CLI and Elasticsearch export on report dicts built here."""
from __future__ import annotations

import json

import pytest

tantivy = pytest.importorskip("tantivy", reason="the search extra (pip install 'gisnlp[search]') is not installed")

from gisnlp.errors import QueryError  # noqa: E402
from gisnlp.search import Index, parse  # noqa: E402
from gisnlp.search.export_es import export_bulk, index_template, load_bulk  # noqa: E402
from gisnlp.search.query import Field, Text  # noqa: E402


def make_report(doc_id, year, issuer, level, paragraphs, facts=(), checks=()):
    """paragraphs: (text, kind, domains, heading_path); facts: (paragraph no, fact text, value, unit, metric,
    cell, kind); checks: (rule, status)."""
    text, segs = "", []
    for para, kind, domains, path in paragraphs:
        start = len(text)
        text += para
        segs.append({"start": start, "end": len(text), "kind": kind, "domains": list(domains),
                     "heading_path": list(path), "scores": {}})
        text += "\n"
    fact_dicts = []
    for seg_no, ftext, value, unit, metric, cell, kind in facts:
        seg = segs[seg_no]
        at = text.index(ftext, seg["start"], seg["end"])
        fact_dicts.append({"start": at, "end": at + len(ftext), "text": ftext, "value": value, "unit": unit,
                           "kind": kind, "direction": None, "approx": None, "modality": "reported",
                           "metric": metric, "cell": cell, "cells": None, "segment": seg_no})
    return {"doc_id": doc_id, "text": text,
            "meta": {"doc_type": "annual_report", "year": year, "issuer": issuer, "level": level,
                     "template": "2021", "title": f"{issuer}{year}年政府信息公开工作年度报告", "warnings": []},
            "segments": segs, "facts": fact_dicts,
            "tables": {"cells": [{"id": "t3.new.total", "value": 1}], "spans": [], "pending_rows": []},
            "checks": [{"rule": r, "status": s, "cells": [], "detail": ""} for r, s in checks]}


H_APPLY = "五、收到和处理政府信息公开申请情况"


def report_a(education=True):
    paras = [("五、依申请公开情况", "heading", [], []),
             ("本年度共收到政府信息公开申请1250件,同比增长12%。", "body", ["applications"], [H_APPLY])]
    if education:
        paras += [("区教育局发布义务教育招生入学信息86条。", "body", ["education"], ["二、主动公开"]),
                  ("加强教育督导信息公开,公开督导报告15份。", "body", ["education"], ["二、主动公开"])]
    paras += [("因行政复议被纠错2件。", "body", ["applications"], [H_APPLY])]
    facts = [(1, "1250件", 1250, "件", "政府信息公开申请", "t3.new.total", "count"),
             (1, "12%", 12, "%", "政府信息公开申请", None, "change")]
    if education:
        facts.append((2, "86条", 86, "条", "主动公开政府信息", None, "count"))
    return make_report("a_jingan_2023", 2023, "上海市静安区人民政府", "district", paras, facts,
                       [("t3.balance.natural", "fail"), ("t3.total", "pass")])


def report_b():
    paras = [("全年受理政府信息公开申请800件。", "body", ["applications"], [H_APPLY]),
             ("卫生健康领域公开医疗机构信息120条。", "body", ["health"], ["二、主动公开"]),
             ("区教育局网站完成改版。", "body", ["platforms"], ["三、平台建设"])]
    facts = [(0, "800件", 800, "件", "政府信息公开申请", "t3.new.total", "count")]
    return make_report("b_pudong_2022", 2022, "上海市浦东新区人民政府", "district", paras, facts,
                       [("t3.balance.natural", "pass")])


def report_c():
    # traditional characters with a pinyin gloss, as some scraped reports have
    paras = [("根據(jù)《條例》規定,本年度依申請公開工作平穩有序,共收到申請2300件。", "body", ["applications"], []),
             ("教育督導信息及時公開。", "body", ["education"], [])]
    facts = [(0, "2300件", 2300, "件", "政府信息公开申请", "t3.new.total", "count")]
    return make_report("c_city_2023", 2023, "某市人民政府", "city", paras, facts, [("t3.total.sum", "fail")])


@pytest.fixture()
def index(tmp_path):
    idx = Index(tmp_path / "idx")
    idx.add([report_a(), report_b(), report_c()])
    return idx


def ids(hits):
    return {h.doc_id for h in hits}


def texts(hits):
    return [h.snippet for h in hits]


def test_word_search_matches_phrase_and_traditional(index):
    hits = index.search("依申请公开", type="segment", limit=20)
    assert ids(hits) == {"a_jingan_2023", "c_city_2023"}
    assert index.count("依申請公開", type="segment") == len(hits)     # a traditional query too
    trad = next(h for h in hits if h.doc_id == "c_city_2023")
    s, e = trad.highlights[0]
    assert trad.snippet[s:e] == "依申請公開"          # highlighted in the original script


def test_word_does_not_match_inside_longer_word(index):
    hits = index.search("教育", type="segment", limit=20)
    # 教育局 and 义务教育 are words of their own; only the two 督导 paragraphs say 教育
    assert sorted(h.doc_id for h in hits) == ["a_jingan_2023", "c_city_2023"]
    assert all("督" in h.snippet for h in hits)
    assert ids(index.search("教育局", limit=20)) >= {"a_jingan_2023", "b_pudong_2022"}


def test_structured_domain_and_year(index):
    hits = index.search("", domain="education", year=2023, type="segment", limit=20)
    assert len(hits) == 3 and ids(hits) == {"a_jingan_2023", "c_city_2023"}
    hits = index.search("domain:education year:2023 issuer:静安区 type:segment", limit=20)
    assert len(hits) == 2 and ids(hits) == {"a_jingan_2023"}
    # the report unit carries the union of its segments' domains, a fact its paragraph's
    assert index.count("domain:education year:2023 issuer:静安区") == 4
    assert index.count("", domain=["health", "platforms"], type="segment") == 2
    assert index.count("", year="2022-2023", type="report") == 3
    assert index.count("", year=">=2023", type="report") == 2


def test_numeric_fact_query(index):
    hits = index.search("", metric="政府信息公开申请", min_value=1000, type="fact", sort="value")
    assert [(h.doc_id, h.value) for h in hits] == [("c_city_2023", 2300), ("a_jingan_2023", 1250)]
    h = hits[1]
    assert h.unit == "件" and h.cells == ["t3.new.total"] and h.metric == "政府信息公开申请"
    s, e = h.highlights[0]
    assert h.snippet[s:e] == "1250件"
    # the same in the query language, and the range boundaries
    assert index.count("metric:政府信息公开申请 value:>1000") == 2
    assert index.count("type:fact value:800..1250") == 2
    assert index.count("type:fact value:<800") == 2           # 12 % and 86 条
    assert index.count("cell:t3.new type:fact") == 3          # prefix of t3.new.total


def test_failing_checks(index):
    assert ids(index.search("", failing_check=True, type="report")) == {"a_jingan_2023", "c_city_2023"}
    assert ids(index.search("", failing_check="t3.balance", type="report")) == {"a_jingan_2023"}
    assert ids(index.search("check:t3.total type:report")) == {"c_city_2023"}
    hit = index.search("", failing_check=True, doc_id="a_jingan_2023", type="report")[0]
    assert hit.failing_checks == ["t3.balance.natural"]


def test_boolean_operators(index):
    assert index.count("教育 -督导", type="segment") == 0
    assert ids(index.search("卫生 OR 行政复议", type="segment")) == {"a_jingan_2023", "b_pudong_2022"}
    assert index.count("复议") == 0                          # 行政复议 is one word
    assert index.count('"收到 政府信息公开申请"', type="segment") == 1
    assert index.count("heading:处理政府信息公开申请 type:segment") == 3       # by heading path, not body
    assert index.count("依申请公开 type:segment") == 2                       # body only: not the heading path


def test_offsets_point_into_report_text(index):
    reports = {d["doc_id"]: d for d in (report_a(), report_b(), report_c())}
    for q in ("依申请公开", "申请", "教育局"):
        for h in index.search(q, limit=50):
            text = reports[h.doc_id]["text"]
            assert 0 <= h.start <= h.snippet_start <= h.end <= len(text)
            shown = text[h.snippet_start:h.snippet_start + len(h.snippet)]
            assert shown.replace("\n", " ") == h.snippet
            for s, e in h.highlights:
                assert text[h.snippet_start + s:h.snippet_start + e] == h.snippet[s:e]


def test_reindex_replaces_old_entries(tmp_path):
    idx = Index(tmp_path / "idx")
    idx.add([report_a(), report_b()])
    assert idx.count("督导") == 2                    # segment and report of A
    assert idx.count("", doc_id="a_jingan_2023", type="fact") == 3
    stats = Index(tmp_path / "idx").add([report_a(education=False)])   # reopen from disk, changed report
    assert stats.replaced == 1
    idx = Index(tmp_path / "idx")
    assert idx.count("督导") == 0
    assert idx.count("", doc_id="a_jingan_2023", type="fact") == 2
    assert idx.count("", doc_id="a_jingan_2023", type="segment") == 3
    assert len(idx) == 2 and idx.doc_ids() == {"a_jingan_2023", "b_pudong_2022"}
    idx.remove(["b_pudong_2022"])
    assert len(idx) == 1 and idx.count("卫生") == 0


@pytest.mark.parametrize("query, filters", [
    ('"依申请', {}), ("foo:bar", {}), ("value:abc", {}), ("OR 教育", {}), ("教育 OR", {}),
    ("year:2024..2020", {}), ("，。", {}), ("type:paragraph", {}), ("(教育 OR 卫生", {}),
    ("教育 OR 卫生)", {}), ("() 教育", {}), ("(" * 9 + "教育" + ")" * 9, {}), ("教育" * 501, {}),
    ("", {"min_value": 5, "max_value": 1}), ("", {"colour": "red"}), ("", {"year": "soon"}),
])
def test_malformed_queries_raise_query_error(index, query, filters):
    with pytest.raises(QueryError) as err:
        index.search(query, **filters)
    assert str(err.value) and "Traceback" not in str(err.value)


def test_parse_structure():
    q = parse('申请 -诉讼 教育 OR 卫生 "政府 信息" year:>=2021 value:10..20')
    assert isinstance(q.must[0][0], Text) and q.must[0][0].text == "申请"
    assert [a.text for a in q.must[1]] == ["教育", "卫生"]
    assert q.must[2][0].phrase
    year = q.must[3][0]
    assert isinstance(year, Field) and year.low == 2021 and year.high is None
    assert (q.must[4][0].low, q.must[4][0].high) == (10, 20)
    assert q.must_not[0].text == "诉讼"
    wide = parse("“政府 信息” year：２０２３ －诉讼")          # typed with a Chinese input method
    assert wide.must[0][0].phrase and wide.must[1][0].low == 2023 and wide.must_not[0].text == "诉讼"


def test_search_needs_an_index(tmp_path):
    from gisnlp.errors import InputError
    with pytest.raises(InputError):
        Index(tmp_path / "missing").search("教育")
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "x.txt").write_text("x")
    with pytest.raises(InputError):
        Index(tmp_path / "junk")


def test_report_without_text_still_indexes_metadata(tmp_path):
    d = report_b()
    d.pop("text")
    idx = Index(None)
    idx.add([d])
    assert idx.count("", type="report", year=2022) == 1
    assert idx.count("", type="segment") == 0


def write_out(tmp_path, reports, jsonl=True):
    out = tmp_path / "out"
    out.mkdir()
    if jsonl:
        with open(out / "reports.jsonl", "w", encoding="utf-8") as f:
            for d in reports:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
    else:
        for d in reports:
            (out / f"{d['doc_id']}.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    return out


def test_cli_index_and_search(tmp_path, capsys):
    from gisnlp.cli import main
    out = write_out(tmp_path, [report_a(), report_b(), report_c()], jsonl=False)
    idx = str(tmp_path / "idx")
    assert main(["index", str(out), "--index", idx]) == 0
    assert main(["search", "", "--index", idx, "--metric", "政府信息公开申请", "--min-value", "1000",
                 "--unit", "fact", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["doc_id"] for r in rows} == {"a_jingan_2023", "c_city_2023"}
    assert main(["search", "依申请公开", "--index", idx, "--domain", "applications", "--year", "2023"]) == 0
    shown = capsys.readouterr().out
    assert "【依申请公开】" in shown and "b_pudong_2022" not in shown
    assert main(["search", "--index", idx, "--failing-check", "--unit", "report"]) == 0
    assert "b_pudong_2022" not in capsys.readouterr().out
    assert main(["search", "--index", idx, "--facets", "domain,year", "--unit", "segment"]) == 0
    assert "education 3" in capsys.readouterr().out
    assert main(["index", "--index", idx, "--remove", "b_pudong_2022"]) == 0
    assert Index(idx).doc_ids() == {"a_jingan_2023", "c_city_2023"}
    assert main(["search", '"unclosed', "--index", idx]) == 2
    assert "unbalanced quote" in capsys.readouterr().err


def test_es_export_bulk_format_and_mapping(tmp_path):
    reports = [report_a(), report_b(), report_c()]
    out = write_out(tmp_path, reports)
    cap = 1500
    res = export_bulk(out, tmp_path / "es", prefix="gis", max_bytes=cap)
    assert len(res.files) > 1 and res.reports == 3
    props = json.loads(res.template.read_text(encoding="utf-8"))["template"]["mappings"]["properties"]
    types = {"integer": int, "double": (int, float), "keyword": str, "text": str, "date": str}
    seen_ids, n = set(), 0
    for f in res.files:
        raw = f.read_bytes()
        assert raw.endswith(b"\n") and raw.decode("utf-8")
        assert len(raw) <= cap or raw.count(b"\n") == 2      # only a single oversized pair may exceed the cap
        lines = raw.decode("utf-8").split("\n")[:-1]
        assert len(lines) % 2 == 0
        for action, source in zip(lines[::2], lines[1::2]):
            meta = json.loads(action)["index"]
            assert meta["_index"] in {"gis-reports", "gis-segments", "gis-facts"} and meta["_id"]
            assert meta["_id"] not in seen_ids
            seen_ids.add(meta["_id"])
            src = json.loads(source)
            for k, v in src.items():                          # dynamic: strict would reject unknown fields
                assert k in props, k
                for item in (v if isinstance(v, list) else [v]):
                    assert isinstance(item, types[props[k]["type"]]), (k, item)
            n += 1
    assert n == res.actions
    assert "依申請公開" in "".join(f.read_text(encoding="utf-8") for f in res.files)   # UTF-8, not \\u escapes


def test_es_template_analyzer_and_fields():
    t = index_template("gisnlp", "smartcn")
    assert t["index_patterns"] == ["gisnlp-*"]
    props = t["template"]["mappings"]["properties"]
    assert props["text"]["analyzer"] == "smartcn" and props["value"]["type"] == "double"
    assert props["year"]["type"] == "integer" and props["domains"]["type"] == "keyword"
    assert props["issuer"]["fields"]["keyword"]["type"] == "keyword"
    assert index_template("x", "cjk")["template"]["mappings"]["properties"]["metric"]["analyzer"] == "cjk"


class FakeES:
    """Records the calls the official client would make."""

    def __init__(self):
        self.calls = []
        outer = self

        class Indices:
            def put_index_template(self, **kw):
                outer.calls.append(("template", kw))

        self.indices = Indices()

    def delete_by_query(self, **kw):
        self.calls.append(("delete", kw))

    def bulk(self, operations, **kw):
        self.calls.append(("bulk", operations))
        return {"errors": False, "items": []}


def test_es_loader_deletes_then_adds(tmp_path):
    out = write_out(tmp_path, [report_a(), report_b()])
    res = export_bulk(out, tmp_path / "es", max_bytes=4000)
    es = FakeES()
    sent = load_bulk(tmp_path / "es", client=es)
    kinds = [c[0] for c in es.calls]
    assert kinds[0] == "template" and kinds[1] == "delete" and set(kinds[2:]) == {"bulk"}
    assert es.calls[0][1]["name"] == "gisnlp" and es.calls[0][1]["index_patterns"] == ["gisnlp-*"]
    assert sorted(es.calls[1][1]["query"]["terms"]["doc_id"]) == ["a_jingan_2023", "b_pudong_2022"]
    assert sent == res.actions
    assert "load.sh" in {p.name for p in (tmp_path / "es").iterdir()}


@pytest.mark.shared
def test_real_output_indexes_and_finds(seeds_dir, tmp_path):
    import gisnlp
    # only the steps search needs, so this test does not wait on the fact and domain steps
    nlp = gisnlp.load(steps=["normalize", "structure", "metadata", "segment"])
    paths = sorted(seeds_dir.glob("*.txt"))[:3]
    reports = [nlp(str(p)) for p in paths]
    idx = Index(tmp_path / "idx")
    stats = idx.add(reports)
    assert stats.reports == len(paths) and stats.segments > 50
    for r in reports:
        if "依申请公开" in r.norm.text:
            assert r.doc_id in ids(idx.search("依申请公开", limit=200))


def test_substring_mode_finds_inside_words(index):
    hits = index.search("教育", type="segment", match="substring", limit=20)
    assert len(hits) == 4                                  # 教育局 x2, 义务教育, 督导 x2 (one paragraph has both)
    assert ids(hits) == {"a_jingan_2023", "b_pudong_2022", "c_city_2023"}
    for h in hits:
        assert all(h.snippet[s:e] in ("教育", "教育") for s, e in h.highlights) and h.highlights
    assert index.count("育招", match="substring") >= 1        # crosses a word boundary
    with pytest.raises(QueryError):
        index.search("教", match="substring")


def test_core_words_split_from_compounds(tmp_path):
    from gisnlp.search import analyzer
    assert analyzer.tokens("中华人民共和国政府信息公开条例")[1:4] == ["政府", "信息", "公开"]
    assert analyzer.tokens("区教育局") == ["区", "教育局"]
    idx = Index(None)
    idx.add([make_report("d", 2021, "某区人民政府", "district",
                         [("区政府网站发布信息。", "body", ["platforms"], [])])])
    assert idx.count("政府网站", type="segment") == 1
    assert idx.count("区政府", type="segment") == 1


def test_exact_metric_and_issuer(tmp_path):
    d = report_b()
    d["facts"].append(dict(d["facts"][0], metric="政府信息公开申请答复", value=790))
    idx = Index(None)
    idx.add([d])
    assert idx.count("", metric="政府信息公开申请", type="fact") == 2           # contains
    assert idx.count("", metric="=政府信息公开申请", type="fact") == 1          # exactly
    assert idx.count("issuer:=上海市浦东新区人民政府 type:report") == 1
    assert idx.count("issuer:=浦东新区 type:report") == 0


def test_es_loader_with_official_client_against_local_stub(tmp_path):
    """The real elasticsearch client against a tiny HTTP stub: request paths and the NDJSON body."""
    pytest.importorskip("elasticsearch", reason="elasticsearch client not installed (optional)")
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen = []

    class Stub(BaseHTTPRequestHandler):
        def _reply(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            seen.append((self.command, self.path.split("?")[0], body))
            answer = {"took": 1, "errors": False, "items": []} if "_bulk" in self.path else \
                {"acknowledged": True, "deleted": 0}
            raw = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("X-Elastic-Product", "Elasticsearch")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        do_PUT = do_POST = do_GET = _reply

        def log_message(self, *a):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        out = write_out(tmp_path, [report_a(), report_c()])
        res = export_bulk(out, tmp_path / "es")
        sent = load_bulk(tmp_path / "es", f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
    assert sent == res.actions
    assert [(m, p) for m, p, _ in seen] == [("PUT", "/_index_template/gisnlp"),
                                           ("POST", "/gisnlp-*/_delete_by_query"), ("PUT", "/_bulk")]
    template = json.loads(seen[0][2])
    assert template["index_patterns"] == ["gisnlp-*"] and template["_meta"]
    bulk = seen[-1][2].decode("utf-8").splitlines()
    assert len(bulk) == 2 * res.actions and json.loads(bulk[0])["index"]["_index"].startswith("gisnlp-")


def test_facet_counts(index):
    assert index.facets("", "domain", type="segment") == {"applications": 4, "education": 3, "health": 1,
                                                          "platforms": 1}
    assert index.facets("", "year", type="report") == {2023: 2, 2022: 1}
    assert index.facets("依申请公开", "doc", type="segment") == {"a_jingan_2023": 1, "c_city_2023": 1}
    with pytest.raises(QueryError):
        index.facets("", "colour")


def test_malformed_reports_are_skipped_not_fatal(tmp_path):
    bad_segments = report_b()
    bad_segments["segments"] = [{"start": "x", "end": None}, None]
    idx = Index(None)
    stats = idx.add([report_a(), "not a report", {"meta": {}}, bad_segments, report_c()])
    assert stats.reports == 3 and stats.skipped == 2
    assert idx.doc_ids() == {"a_jingan_2023", "b_pudong_2022", "c_city_2023"}


def test_parallel_indexing_gives_the_same_index(tmp_path):
    one, two = Index(None), Index(None)
    reports = [report_a(), report_b(), report_c()]
    s1, s2 = one.add(reports), two.add(reports, workers=2)
    assert (s1.segments, s1.facts) == (s2.segments, s2.facts)
    for q in ("依申请公开", "教育", "value:>100"):
        assert one.count(q) == two.count(q)


def test_tag_folder_with_other_jsonl_files(tmp_path, caplog):
    out = write_out(tmp_path, [report_a(), report_b()])
    (out / "failures.jsonl").write_text(json.dumps({"path": "x.pdf", "error": "unreadable"}) + "\n", encoding="utf-8")
    idx = Index(tmp_path / "idx")
    from gisnlp.io import iter_report_dicts
    stats = idx.add(iter_report_dicts(out))
    assert (stats.reports, stats.skipped) == (2, 0) and "not indexed" not in caplog.text
    res = export_bulk(out, tmp_path / "es")
    assert res.reports == 2


# --- grouping, limits, names (issue 16, items 9 and 11; issue 15) ----------------------------
def test_parentheses_group_clauses(index):
    assert ids(index.search("(卫生 OR 行政复议) 公开", type="segment")) == {"b_pudong_2022"}
    assert ids(index.search("(教育 OR 卫生) -督导", type="segment")) == {"b_pudong_2022"}   # 教育局 is a word
    either = index.count("教育 OR 卫生", type="segment")
    assert 0 < either and index.count("-(教育 OR 卫生)", type="segment") == index.count("", type="segment") - either
    assert index.count("((((教育))))", type="segment") == index.count("教育", type="segment")
    nested = "(" * 8 + "教育" + ")" * 8                            # the deepest nesting allowed
    assert index.count(nested) == index.count("教育")
    with pytest.raises(QueryError, match="nested more than 8"):
        index.count("(" * 9 + "教育" + ")" * 9)


def test_query_length_limit_is_one_clear_error(index):
    from gisnlp.search.query import MAX_QUERY_CHARS
    assert index.count("教" * MAX_QUERY_CHARS) == 0
    with pytest.raises(QueryError, match="over the limit"):
        index.search("教" * (MAX_QUERY_CHARS + 1))


def test_unknown_domain_is_refused_with_the_valid_ids(index, capsys, tmp_path):
    with pytest.raises(QueryError) as err:
        index.search("", domain="nonsense")
    assert "nonsense" in str(err.value) and "education" in str(err.value) and "applications" in str(err.value)
    with pytest.raises(QueryError, match="unknown domain"):
        index.count("domain:educaton")
    assert index.count("", domain="education", type="segment") == 3
    from gisnlp.cli import build_parser, main
    assert main(["search", "", "--index", str(index.path), "--domain", "nonsense"]) == 2
    assert "unknown domain 'nonsense'" in capsys.readouterr().err
    search_help = build_parser()._subparsers._group_actions[0].choices["search"].format_help()
    assert "education" in search_help and "public_security" in search_help


def test_a_domain_only_the_index_knows_is_accepted(tmp_path):
    d = report_b()
    d["segments"][0]["domains"] = ["my_custom_domain"]
    idx = Index(None)
    idx.add([d])
    assert idx.count("", domain="my_custom_domain", type="segment") == 1


def test_stale_writer_lock_of_a_dead_process_is_broken_at_once(tmp_path):
    import subprocess
    import sys
    import time
    from gisnlp.errors import GisnlpError
    from gisnlp.search.index import LOCK
    idx = Index(tmp_path / "idx")
    idx.add([report_a()])
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (tmp_path / "idx" / LOCK).write_text(json.dumps({"pid": int(dead.stdout), "host": __import__("socket").gethostname(),
                                                     "start": 1}), encoding="utf-8")
    t0 = time.perf_counter()
    idx.add([report_b()])
    assert time.perf_counter() - t0 < 5 and idx.doc_ids() == {"a_jingan_2023", "b_pudong_2022"}
    assert not (tmp_path / "idx" / LOCK).exists()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (tmp_path / "idx" / LOCK).write_text(json.dumps({"pid": sleeper.pid, "host": __import__("socket").gethostname()}),
                                             encoding="utf-8")
        with pytest.raises(GisnlpError, match=f"being written by process {sleeper.pid}"):
            idx.add([report_c()])
    finally:
        sleeper.kill()
        sleeper.wait()
    idx.add([report_c()])                                         # its owner is gone now
    assert len(idx) == 3


READER = """
import sys, time
from pathlib import Path
from gisnlp.search import Index
path, stop = sys.argv[1], Path(sys.argv[2])
kept = Index(path)
while not stop.exists():
    for n in (Index(path).count(""), kept.count("")):
        print(n, flush=True)
"""


def test_rebuild_swaps_atomically_under_a_running_reader(tmp_path):
    """A searching process never sees an empty index while `index --rebuild` runs. The rebuilds
    start once the reader answers and go on (8 at least, 40 at most) until it has answered 20
    times, so a reader slow to start on a busy machine still searches across the swaps."""
    import subprocess
    import sys
    import threading
    import time
    from gisnlp.cli import main
    (tmp_path / "big").mkdir()
    (tmp_path / "small").mkdir()
    big = write_out(tmp_path / "big", [report_a(), report_b(), report_c()])
    small = write_out(tmp_path / "small", [report_b()])
    idx = tmp_path / "idx"
    assert main(["index", str(big), "--index", str(idx)]) == 0
    sizes = {Index(idx).count("")}
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(idx), str(stop)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    seen: list[int] = []
    collector = threading.Thread(target=lambda: seen.extend(int(x) for x in reader.stdout), daemon=True)
    collector.start()
    try:
        t0 = time.monotonic()
        while not seen and time.monotonic() - t0 < 120 and reader.poll() is None:
            time.sleep(0.05)                       # the reader's first answer
        k = 0
        while k < 8 or (len(seen) <= 20 and k < 40):
            assert main(["index", str(small if k % 2 == 0 else big), "--index", str(idx), "--rebuild"]) == 0
            sizes.add(Index(idx).count(""))
            k += 1
    finally:
        stop.touch()
        reader.wait(timeout=60)
        collector.join(timeout=60)
    err = reader.stderr.read()
    assert reader.returncode == 0, err[-2000:]
    assert len(seen) > 20 and set(seen) <= sizes and 0 not in seen
    assert len(sizes) == 2 and len([p for p in idx.iterdir() if p.name.startswith("gen-")]) <= 2


def test_es_load_with_no_server_is_one_line(tmp_path, capsys):
    pytest.importorskip("elasticsearch", reason="elasticsearch client not installed (optional)")
    import socket
    from gisnlp.cli import main
    out = write_out(tmp_path, [report_a()])
    with socket.socket() as s:                         # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        address = f"http://127.0.0.1:{s.getsockname()[1]}"
    rc = main(["export", "--to", "elasticsearch", str(out), "--out", str(tmp_path / "es"), "--address", address])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and len(err) == 2 and err[0].startswith("wrote ")       # the export itself is kept
    assert address in err[1] and "connection refused" in err[1] and "load.sh" in err[1]
    assert "Traceback" not in err[1]
    assert main(["export", str(out), "--out", str(tmp_path / "es"), "--address", "localhost"]) == 2
    assert "not a cluster URL" in capsys.readouterr().err
