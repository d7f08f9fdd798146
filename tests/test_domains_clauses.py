"""Clause-level scoring unioned per segment (gisnlp/domains/clauses.py, model linear+clauses)."""
import numpy as np

from gisnlp.domains import clauses as CL
from gisnlp.domains.features import SegmentView

LABELS = ["applications", "oversight"]


class KeywordModel:
    """A fake model: 0.9 for a label whose keyword is in the text, 0.3 if the text is long
    and holds it (diluted), 0 otherwise."""

    labels = LABELS

    def __init__(self):
        self.thresholds = {"applications": 0.5, "oversight": 0.5}
        self.seen = []

    def predict_proba(self, views):
        self.seen += [v.text for v in views]
        out = np.zeros((len(views), 2))
        for i, v in enumerate(views):
            for j, kw in enumerate(("申请", "培训")):
                if kw in v.text:
                    out[i, j] = 0.3 if len(v.text) > 40 else 0.9
        return out


def test_clauses_cut_at_sentence_ends_semicolons_and_commas_and_skip_short_pieces():
    text = "全年受理政府信息公开申请12件;组织政务公开业务培训3次。共计。完成规范性文件清理工作,共两批"
    assert CL.clauses(text) == ["全年受理政府信息公开申请12件", "组织政务公开业务培训3次", "完成规范性文件清理工作"]
    assert CL.clauses("全年受理政府信息公开申请12件。") == []          # one clause: the segment says it all
    assert CL.clauses("") == []


def test_clause_max_scores_each_clause_under_the_segment_headings():
    model = KeywordModel()
    views = [SegmentView("全年受理政府信息公开申请12件,均按期答复;组织政务公开业务培训3次,培训人员120人次,"
                         "覆盖全部乡镇和部门。", ("一、总体情况",)),
             SegmentView("(二)依申请公开", (), "heading"),
             SegmentView("全年受理申请12件。", ())]
    C = CL.clause_max(model, views)
    assert C.tolist() == [[0.9, 0.9], [0.0, 0.0], [0.0, 0.0]]      # headings and one-clause texts: none
    assert "(二)依申请公开" not in model.seen


def test_union_lifts_a_label_only_where_a_clause_reaches_its_clause_threshold():
    text = "全年受理政府信息公开申请12件,均按期答复;组织政务公开业务培训3次,培训人员120人次,覆盖全部乡镇和部门。"
    views = [SegmentView(text)]
    assert KeywordModel().predict_proba(views).tolist() == [[0.3, 0.3]]     # diluted: under 0.5
    union = CL.ClauseUnionModel(KeywordModel(), {"applications": 0.85, "oversight": 0.95})
    P = union.predict_proba(views)
    assert P[0, 0] == 0.5 and P[0, 1] == 0.3        # lifted to the segment threshold / left
    assert [lab for j, lab in enumerate(LABELS) if P[0, j] >= union.thresholds[lab]] == ["applications"]


def test_clause_thresholds_are_kept_where_they_do_not_lose_on_held_out_rows():
    P = np.array([[0.1, 0.1], [0.1, 0.1], [0.1, 0.9], [0.1, 0.1]])
    C = np.array([[0.9, 0.0], [0.7, 0.96], [0.0, 0.0], [0.0, 0.0]])
    Y = np.array([[1, 0], [0, 0], [0, 1], [0, 0]])
    got = CL.fit_clause_thresholds(P, C, Y, LABELS, {"applications": 0.5, "oversight": 0.5})
    # applications: 0.9 gains a true positive, lower values add a false one too -> the highest
    # best; oversight: a clause at 0.96 is a false positive at every value -> no clause threshold
    assert got == {"applications": 0.9}
    # a label the rows say nothing about takes the top of the grid
    got = CL.fit_clause_thresholds(P, np.zeros_like(C), Y, LABELS, {"applications": 0.5, "oversight": 0.5})
    assert got == {"applications": 0.95, "oversight": 0.95}


def test_saved_thresholds_round_trip(tmp_path):
    union = CL.ClauseUnionModel(KeywordModel(), {"applications": 0.8})
    union.save(tmp_path / "c.json", base="linear")
    saved = CL.ClauseUnionModel.read(tmp_path / "c.json")
    assert saved == {"base": "linear", "clause_thresholds": {"applications": 0.8},
                     "thresholds": {"applications": 0.5, "oversight": 0.5}}


def test_clause_negatives_weigh_a_clause_only_for_labels_its_segment_lacks():
    views = [SegmentView("全年受理政府信息公开申请12件,组织政务公开业务培训3次"), SegmentView("全年受理申请12件"),
             SegmentView("(二)依申请公开,全年收到申请", (), "heading")]
    Y = np.array([[1, 0], [1, 0], [1, 0]])
    V, Y2, W = CL.clause_negatives(views, Y, np.array([2.0, 1.0, 1.0]))
    assert [v.text for v in V[3:]] == ["全年受理政府信息公开申请12件", "组织政务公开业务培训3次"]
    assert Y2[3:].tolist() == [[0, 0], [0, 0]]
    w = CL.config()["negative_weight"]
    # the segments keep their weight for every label; a clause counts (as a negative) only for
    # the label its segment lacks, at negative_weight times its segment's weight
    assert W.tolist() == [[2.0, 2.0], [1.0, 1.0], [1.0, 1.0], [0.0, 2.0 * w], [0.0, 2.0 * w]]


# Openings as the hidden openings set has them: no title, no heading, or all on one line.
BARE_OPENING = ("2023年，县市场监督管理局认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息412条，"
                "其中通过门户网站发布380条、政务微信推送32条；受理依申请公开5件，均在法定期限内答复；"
                "更新政府信息公开指南，完成规范性文件清理；组织政务公开业务培训2次，将政务公开纳入年度绩效考核。")
ONE_LINE_OPENING = ("一、总体情况 2023年，某镇人民政府全年主动公开政府信息215条。（一）主动公开 通过镇政府网站公开财政预决算信息。"
                    "（二）依申请公开 全年收到政府信息公开申请3件，均已按时答复。（三）政府信息管理 开展公文公开属性审查。"
                    "（四）平台建设 加强政务新媒体管理。（五）监督保障 成立政务公开领导小组。")


def test_default_model_names_every_aspect_of_a_bare_opening_paragraph():
    import gisnlp
    from gisnlp.domains.registry import resolve
    assert resolve("auto") == "linear+clauses"
    r = gisnlp.load()(BARE_OPENING)
    (seg,) = [s for s in r.segments if s.kind == "body"]
    assert {"applications", "platforms", "info_management", "oversight"} <= set(seg.domains)


def test_default_model_labels_a_one_line_opening():
    import gisnlp
    r = gisnlp.load()(ONE_LINE_OPENING)
    body = [s for s in r.segments if s.kind == "body"]
    assert body and all(s.domains for s in body)                # nothing left unlabelled
    got = set().union(*(s.domains for s in body))
    assert {"fiscal", "applications", "info_management", "platforms", "oversight"} <= got


def test_clause_cue_counts_taken_from_the_segment_equal_counting_the_clause():
    """clause_max counts a clause's cue words from its segment's hits: the same counts as
    searching the clause itself, cue words at either edge of a cut included."""
    from gisnlp.domains import features
    from gisnlp.domains.clauses import _counts_from_segment, clause_spans
    assert _counts_from_segment()          # no cue word holds a character the cuts are made at
    words = sorted(features._cue_index()[1])[:40]
    texts = ["，".join(words[i] + "和" + words[i + 1] + "工作持续推进" for i in range(k, k + 4)) + "。"
             + words[k + 4] + words[k + 5] for k in range(0, 34, 3)]
    texts += ["本机关" + words[0] + words[1] + "，全年" + words[2] + "工作稳步推进；" + words[3] + "不断完善"]
    checked = 0
    for text in texts:
        hits = features.cue_hits(text)
        for s, e in clause_spans(text):
            assert features.count_hits(hits, s, e) == features.cue_counts(text[s:e]), text[s:e]
            checked += bool(features.cue_counts(text[s:e]))
    assert checked >= 50


def test_clause_spans_are_the_pieces_of_a_plain_split():
    """clause_spans (one split keeping the cuts) gives the pieces re.split gives, where they
    are, each text once: leading and trailing cuts, runs of cuts, repeated pieces."""
    import re
    from gisnlp.domains.clauses import clause_spans, config
    c = config()
    texts = ["，全年主动公开政府信息一千余条；；依申请公开办理规范有序。全年主动公开政府信息一千余条！",
             "政策解读工作扎实推进,,平台建设不断加强;监督保障机制日益完善。",
             "短句，很短。没有逗号的一整句话也不会被切开", "", "。，；"]
    for text in texts:
        expected: dict = {}
        for pattern in c["split_re"]:
            pieces = [p for p in pattern.split(text) if len(re.findall(r"[\u4e00-\u9fff]", p)) >= c["min_cjk"]]
            if len(pieces) >= 2:
                expected.update(dict.fromkeys(pieces))
        spans = clause_spans(text)
        assert [text[s:e] for s, e in spans] == list(expected)[:c["max_clauses"]]
        assert all(0 <= s < e <= len(text) for s, e in spans)
