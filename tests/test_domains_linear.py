"""The numpy linear model (the default): same probabilities as scikit-learn, no heavy imports,
named models, leave-one-place-out groups, cue rules, corpora files with an "id" field."""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from gisnlp.domains.features import SegmentView, view_tokens_chars
from gisnlp.domains.labels import labels

ROOT = Path(__file__).resolve().parents[1]

VIEWS = [
    SegmentView("全年共收到政府信息公开申请120件,均在法定期限内答复。", ("三、收到和处理政府信息公开申请情况",)),
    SegmentView("召开新闻发布会12场,发布政策解读材料45篇,回应社会关切。", ("一、总体情况", "(二)政策解读")),
    SegmentView("优化门户网站信息公开专栏,政务微信公众号发布信息800条。", ("一、总体情况", "(三)平台建设")),
    SegmentView("公开义务教育招生入学政策和学区划分,发布招生信息56条。", ("二、重点领域", "(一)教育")),
    SegmentView("公开医疗卫生机构名录和疫情防控信息,发布健康提示30条。", ("二、重点领域", "(二)卫生健康")),
    SegmentView("二、重点领域信息公开", (), "heading"),
] * 2


def _fitted(features="chars"):
    from gisnlp.domains.sklearn_model import SklearnDomainModel
    Y = np.zeros((len(VIEWS), 4), dtype=int)
    for i in range(len(VIEWS)):
        Y[i, i % 6 % 4] = 1
    return SklearnDomainModel(["a", "b", "c", "d"], features=features, C=4.0).fit(VIEWS, Y)


def test_numpy_model_gives_the_sklearn_probabilities(tmp_path):
    pytest.importorskip("sklearn")
    from gisnlp.domains.linear_model import LinearDomainModel
    sk = _fitted()
    lin = sk.to_linear()
    new = [SegmentView("依申请公开答复120件,召开新闻发布会。", ("一、总体情况",)), SegmentView("", ())]
    np.testing.assert_allclose(lin.predict_proba(VIEWS + new), sk.predict_proba(VIEWS + new), rtol=0, atol=1e-12)
    lin.thresholds = {"a": 0.3, "b": 0.4, "c": 0.5, "d": 0.6}
    lin.save(tmp_path / "m")
    again = LinearDomainModel.load(tmp_path / "m")
    assert again.thresholds == lin.thresholds and again.labels == ["a", "b", "c", "d"]
    np.testing.assert_allclose(again.predict_proba(VIEWS), sk.predict_proba(VIEWS), rtol=0, atol=1e-12)


def test_split_fast_path_equals_the_whole_vector_on_the_shipped_model():
    """Own tokens and heading-tail tokens scored apart (tails and CJK runs cached) give the
    probabilities of the whole TF-IDF vector, on segments, their clauses and headings."""
    from gisnlp.domains import load_model
    from gisnlp.domains.clauses import clauses
    m = load_model("linear")
    assert m.parts is not None
    views = VIEWS + [SegmentView(c, v.path, "body") for v in VIEWS for c in clauses(v.text + v.text)]
    views += [SegmentView("", ()), SegmentView("abc 123", ("一、总体情况",)), SegmentView("正文", ("", "一、总体情况"))]
    # the ends of the CJK range, characters outside it (extension A, an astral character) and
    # bigrams never seen in training: the bigram table must read them as the regex does
    views += [SegmentView("\u4e00\u4e01公开\u9fff\u9ffe\u3400政务𠀀信息,鿿一", ("一、总体情况",)),
              SegmentView("𠀀𠀁公开申请" * 3, ())]
    fast = m.predict_proba(views)
    again = m.predict_proba(views)                      # caches warm
    parts, m.parts = m.parts, None
    try:
        whole = m.predict_proba(views)
    finally:
        m.parts = parts
    np.testing.assert_allclose(fast, whole, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(fast, again)


def test_shipped_linear_model_matches_its_sklearn_fit():
    """The shipped files reproduce a scikit-learn fit of the same data (thresholds included)."""
    from gisnlp.domains import load_model
    m = load_model("linear")
    assert m.labels == labels() and set(m.thresholds) == set(labels())
    assert m.features == "chars" and len(m.vocabulary) == len(m.idf) == m.W.shape[0]
    P = m.predict_proba(VIEWS[:5])
    j = {lab: i for i, lab in enumerate(labels())}
    assert P[0, j["applications"]] >= m.thresholds["applications"]
    assert P[1, j["interpretation"]] >= m.thresholds["interpretation"]
    assert P[3, j["education"]] >= m.thresholds["education"]


def test_chars_features_need_no_word_segmenter():
    toks = view_tokens_chars(SegmentView("做好政策解读", ("二、主动公开", "(三)教育方面")))
    assert "政策" in toks and "H:教育" in toks and "L:interpretation" in toks and "HL:education" in toks
    assert view_tokens_chars(SegmentView("一、总体情况", (), "heading")).count("K:heading") == 1


def test_default_pipeline_imports_no_sklearn_scipy_or_jieba():
    """Cold start: the default domain model runs on numpy alone."""
    code = ("import sys, gisnlp; r = gisnlp.analyze(open(sys.argv[1], encoding='utf-8').read()); "
            "assert any(s.domains for s in r.segments), 'no domains'; "
            "print(sorted(m for m in ('sklearn', 'scipy', 'jieba', 'joblib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(ROOT / "examples" / "sample_report.txt")],
                         capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_every_registered_name_is_listed_and_auto_resolves():
    from gisnlp.domains import manifest, model_names
    from gisnlp.domains.registry import MODELS, resolve
    assert model_names()[0] == "auto" and set(model_names()[1:]) == set(MODELS)
    assert resolve("auto") == manifest().get("default", "linear")
    assert not MODELS[resolve("auto")].needs          # the default needs no optional library


def test_cli_refuses_an_unknown_domain_model(tmp_path):
    out = subprocess.run([sys.executable, "-m", "gisnlp", "analyze", str(ROOT / "examples" / "sample_report.txt"),
                          "--out", str(tmp_path), "--domain-model", "bogus"],
                         capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
                         timeout=120)
    assert out.returncode == 2
    assert "unknown domain model 'bogus'" in out.stderr and "linear" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and not list(tmp_path.iterdir())


def test_cli_takes_a_domain_model_by_name(tmp_path):
    out = subprocess.run([sys.executable, "-m", "gisnlp", "analyze", str(ROOT / "examples" / "sample_report.txt"),
                          "--out", str(tmp_path), "--domain-model", "linear+cues"],
                         capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
                         timeout=120)
    assert out.returncode == 0, out.stderr
    doc = json.loads((tmp_path / "sample_report.json").read_text(encoding="utf-8"))
    assert any(s["domains"] for s in doc["segments"]) and not doc["meta"].get("partial")


@pytest.mark.parametrize("issuer,place", [
    ("上海市静安区人民政府", "上海市静安区"), ("上海市人民政府办公厅", "上海市"), ("上海市科学技术委员会", "上海市"),
    ("淮安市洪泽区人民政府", "淮安市洪泽区"), ("沭阳县人民政府", "沭阳县"),
    ("平潭综合实验区管委会", "平潭综合实验区"), ("平潭综合实验区地方税务局", "平潭综合实验区"),
    ("平潭县人民政府", "平潭综合实验区"), ("内蒙古自治区人民政府", "内蒙古自治区")])
def test_reports_leave_the_cross_validation_by_place(issuer, place):
    from gisnlp.domains.crossval import issuer_place
    assert issuer_place(issuer) == place


def test_cue_rules_are_kept_only_where_they_add_on_held_out_predictions():
    from gisnlp.domains.cue_rules import CueRuleModel, fit_rules
    views = [SegmentView("推进教育、卫生健康、生态环境领域信息公开。"), SegmentView("公开学校招生计划。"),
             SegmentView("做好教育培训工作。"), SegmentView("公开学区划分方案和教育督导报告。")]
    Y = np.array([[1, 1], [1, 0], [0, 0], [1, 0]])
    P = np.full((4, 2), 0.1)                            # the model finds nothing
    rules = fit_rules(P, Y, views, ["education", "health"], {"education": 0.5, "health": 0.5})
    # education: "text" fires on 3 positives and 1 negative (gain 2), better than the others
    assert rules == {"education": "text", "health": "text"}
    assert fit_rules(P, 1 - Y, views, ["education", "health"], {"education": 0.5, "health": 0.5}) == {}

    class Zero:
        labels = ["education", "health"]
        thresholds = {"education": 0.5, "health": 0.5}

        def predict_proba(self, v):
            return np.full((len(v), 2), 0.1)
    lifted = CueRuleModel(Zero(), {"education": "text"}).predict_proba(views[:1])
    assert lifted[0, 0] == 0.5 and lifted[0, 1] == 0.1


def test_corpora_files_with_an_id_field_load(tmp_path):
    """The annotator's new files carry "id": they load like the old ones, by file name."""
    from gisnlp.domains import training as T
    (tmp_path / "domains_synthetic_new.jsonl").write_text(json.dumps(
        {"id": "syn-1", "text": "公开义务教育招生入学政策。", "domains": ["education"], "path": ["二、主动公开"]},
        ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "domains_handlabels_new.jsonl").write_text(json.dumps(
        {"id": "h-1", "file": "corpus/files/r0006.txt", "start": 0, "end": 40, "domains": [],
         "annotator": "a"}) + "\n", encoding="utf-8")
    ex = T.synthetic_examples(tmp_path)
    assert len(ex) == 1 and ex[0].labels == {"education"} and ex[0].view.path == ("二、主动公开",)
    spans = T.annotation_spans(tmp_path)
    assert spans["corpus/files/r0006.txt"][0]["id"] == "h-1"
    assert [f.name for f in T.annotation_files(tmp_path)] == ["domains_handlabels_new.jsonl"]


def test_cue_prefix_tree_matches_like_the_flat_alternation():
    """The prefix-tree regex finds the same (longest) cue words as 'longest first' alternation."""
    import random
    import re
    from gisnlp.domains.features import cue_words, trie_pattern
    words = sorted({w for ws in cue_words().values() for w in ws} | {"教", "教育局", "公开", "公开目录"})
    flat = re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))
    tree = re.compile(trie_pattern(words))
    rng = random.Random(0)
    alphabet = "".join(sorted(set("".join(words)))) + "的了和,。"
    for _ in range(300):
        text = "".join(rng.choice(words) if rng.random() < 0.3 else rng.choice(alphabet)
                       for _ in range(rng.randint(1, 40)))
        assert [m.group() for m in tree.finditer(text)] == [m.group() for m in flat.finditer(text)], text


def test_tag_takes_a_domain_model_and_refuses_an_unknown_one(tmp_path):
    pytest.importorskip("pebble")
    pytest.importorskip("pyarrow")
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    src = ROOT / "examples" / "sample_report.txt"
    bad = subprocess.run([sys.executable, "-m", "gisnlp", "tag", str(src), "--out", str(tmp_path / "bad"),
                          "--domain-model", "bogus", "--no-progress"], capture_output=True, text=True, env=env,
                         timeout=300)
    assert bad.returncode == 2 and "unknown domain model 'bogus'" in bad.stderr
    assert not (tmp_path / "bad").exists()
    ok = subprocess.run([sys.executable, "-m", "gisnlp", "tag", str(src), "--out", str(tmp_path / "ok"),
                         "--domain-model", "linear+cues", "--jobs", "1", "--no-progress", "-q"],
                        capture_output=True, text=True, env=env, timeout=300)
    assert ok.returncode == 0, ok.stderr
    rec = json.loads((tmp_path / "ok" / "reports.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert any(s["domains"] for s in rec["segments"]) and not rec["meta"].get("partial")
