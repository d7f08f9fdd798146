"""Domain classifier: loads from models/, predicts on narrative only, thresholds, spaCy factory."""
import numpy as np
import pytest

import gisnlp
from gisnlp.domains import load_model, make_domains, predict
from gisnlp.domains.features import SegmentView, tokenize, view_tokens
from gisnlp.domains.labels import labels
from gisnlp.domains.training import choose_thresholds, weak_labels

REPORT = (
    "2022年某区人民政府政府信息公开工作年度报告\n"
    "一、总体情况\n"
    "（一）依申请公开方面\n"
    "全年共收到政府信息公开申请120件，均在法定期限内答复，其中予以公开56件；"
    "因政府信息公开被申请行政复议3件、提起行政诉讼2件。\n"
    "（二）政策解读方面\n"
    "围绕重要政策文件开展政策解读，召开新闻发布会12场，发布图解、视频等解读材料45篇，及时回应社会关切。\n"
    "（三）平台建设方面\n"
    "优化区政府门户网站信息公开专栏，加强政务新媒体管理，政务微信公众号全年发布信息800条。\n"
    "字号：大 中 小\n"
)


@pytest.fixture(scope="module")
def model():
    return load_model("sklearn")


def test_model_loads_once_with_thresholds(model):
    assert load_model("sklearn") is model
    assert model.labels == labels()
    assert set(model.thresholds) == set(labels())
    assert all(0 < t < 1 for t in model.thresholds.values())


def test_step_labels_narrative_segments(model):
    nlp = gisnlp.load(steps=["normalize", "structure", "segment", "domains"])
    r = nlp(REPORT, doc_id="t")
    text_of = {r.text[s.start:s.end][:8]: s for s in r.segments}
    apps = next(s for s in r.segments if "申请120件" in r.text[s.start:s.end])
    interp = next(s for s in r.segments if "新闻发布会" in r.text[s.start:s.end])
    plat = next(s for s in r.segments if "门户网站" in r.text[s.start:s.end])
    assert "applications" in apps.domains
    assert "interpretation" in interp.domains
    assert "platforms" in plat.domains
    for s in r.segments:
        assert all(0.0 <= v <= 1.0 for v in s.scores.values())
        if s.kind in ("table", "boilerplate"):
            assert s.domains == [] and s.scores == {}
        for lab in s.domains:
            assert s.scores[lab] >= model.thresholds[lab]
    assert text_of and r.to_dict()["segments"][0]["start"] == r.segments[0].start


def test_unknown_model_is_refused_when_the_pipeline_is_built():
    """Before: every report silently partial. Now one error, at load, listing the names."""
    from gisnlp.domains import model_names
    from gisnlp.errors import GisnlpError
    with pytest.raises(GisnlpError) as err:
        gisnlp.load(config={"domains": {"model": "no-such-model"}})
    for name in model_names():
        assert name in str(err.value)
    with pytest.raises(GisnlpError, match="linear"):
        make_domains(model="no-such-model")


def test_missing_model_file_is_refused_at_load(tmp_path, monkeypatch):
    from gisnlp.errors import GisnlpError
    monkeypatch.setenv("GISNLP_MODELS", str(tmp_path))
    with pytest.raises(GisnlpError, match="train_domains"):
        make_domains(model="linear")


def test_features_keep_domain_terms_whole():
    assert "一网通办" in tokenize("全面推行一网通办改革")
    toks = view_tokens(SegmentView("做好政策解读", ("二、主动公开", "(三)教育方面")))
    assert "H:教育" in toks and "L:interpretation" in toks and "HL:education" in toks


def test_weak_labels_from_headings():
    assert weak_labels(("一、总体情况", "(2)教育方面,完成平台改版")) == {"education"}
    assert "applications" in weak_labels(("三、收到和处理政府信息公开申请情况",))
    assert weak_labels(("一、总体情况",)) == set()


def test_thresholds_are_chosen_per_label():
    rng = np.random.default_rng(0)
    Y = np.zeros((200, 2), dtype=int)
    Y[:60, 0] = 1
    Y[:20, 1] = 1
    P = np.clip(rng.normal(0.2, 0.05, Y.shape) + Y * np.array([0.5, 0.15]), 0, 1)
    th = choose_thresholds(P, Y, ["a", "b"])
    assert 0.25 <= th["a"] <= 0.7
    assert th["b"] < th["a"]


def test_predict_on_report_without_narrative(model):
    nlp = gisnlp.load(steps=["normalize", "structure", "segment"])
    r = predict(nlp("85\n3\n0\n", doc_id="t"), model)
    assert all(s.domains == [] for s in r.segments)


def test_spacy_factory_adds_domains_to_any_pipeline():
    spacy = pytest.importorskip("spacy")
    import gisnlp.domains.spacy_component  # noqa: F401  registers "gisnlp_domains"
    nlp = spacy.blank("xx")
    nlp.add_pipe("gisnlp_domains", config={"model": "sklearn"})
    doc = nlp("召开新闻发布会12场，发布政策解读材料45篇，回应社会关切。")
    assert "interpretation" in doc._.domains
    assert set(doc.cats) == set(labels())


def test_own_title_cues_count_besides_the_heading_above():
    from gisnlp.domains.features import CUE_REPEAT, SegmentView, own_title, view_tokens_fast
    assert own_title("(1)环境保护方面,通过区门户网站公开") == "环境保护方面"
    assert own_title("一是推进教育领域信息公开,全年发布") == "推进教育领域信息公开"
    assert own_title("2020年,全区主动公开") == ""
    v = SegmentView("(1)环境保护方面,公开污染防治行动计划。",
                    ("13、环境保护、公共卫生、食品药品的监督检查情况",))
    toks = view_tokens_fast(v)
    assert toks.count("T:environment") == CUE_REPEAT
    assert "HL:market_regulation" in toks          # the parent's cues stay, weaker


def test_hand_labels_are_valid_and_hit_segments(shared_dir):
    import json
    from pathlib import Path
    from gisnlp.domains import training as T
    from gisnlp.domains.labels import labels
    corpora = Path(__file__).resolve().parents[1] / "corpora"
    known = set(labels())
    rows = [json.loads(l) for f in T.annotation_files(corpora)
            for l in f.read_text(encoding="utf-8").splitlines() if l.strip()]
    assert len(rows) >= 300
    for a in rows:
        assert set(a["domains"]) <= known, a
        assert a["start"] < a["end"] and "text" not in a
    ex = T.annotation_examples(corpora, shared_dir)
    assert len(ex) >= len(rows) * 0.9        # (almost) every span still covers a segment


def test_synthetic_paragraphs_load_with_valid_labels():
    """corpora/domains_synthetic*.jsonl: our own paragraphs, valid ids, every label covered, some with none."""
    from collections import Counter
    from pathlib import Path
    from gisnlp.domains import training as T
    from gisnlp.domains.labels import labels
    corpora = Path(__file__).resolve().parents[1] / "corpora"
    assert T.synthetic_files(corpora) and not set(T.synthetic_files(corpora)) & set(T.annotation_files(corpora))
    ex = T.synthetic_examples(corpora, weight=0.5)
    assert len(ex) >= 200
    known = set(labels())
    counts = Counter(l for e in ex for l in e.labels)
    assert set(counts) <= known
    assert set(counts) == known                      # every label has examples
    assert sum(1 for e in ex if not e.labels) >= 20  # general principles carry none
    assert len({e.doc for e in ex}) == len(ex) and all(e.doc.startswith("synthetic:") for e in ex)
    assert all(e.weight == 0.5 and e.source == "synthetic" and e.view.text for e in ex)
    assert "," in ex[0].view.text and "\uff0c" not in ex[0].view.text   # normalised like a report
    assert T.synthetic_examples(corpora, weight=0) == []
