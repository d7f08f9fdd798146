"""Training examples for the domain classifiers (used by scripts/, not at run time).

Four sources, each example tagged with the document it comes from so that
the leave-one-place-out evaluation (``crossval``) can hold a place out completely:
gold lines of the seed documents, weak labels from heading keywords
(``data/domain_keywords.yaml``), hand annotations in ``corpora/domains_*.jsonl``
(offsets into the shared files plus labels, no text; extra fields such as "id"
are ignored), and short paragraphs written for the project
(``corpora/domains_synthetic*.jsonl``, text plus labels; never a test fold since
they belong to no report).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..report import Report
from ..resources import load_yaml
from .features import SegmentView

PRE_STEPS = ("normalize", "structure", "metadata", "tables", "segment")
NARRATIVE = ("body", "heading")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Example:
    """One training segment: what the model sees, its labels, the document it comes from
    (its cross-validation group) and, for paragraphs written for the project, their item
    ``id`` and report ``part`` (opening, problems, enumeration, ...)."""

    view: SegmentView
    labels: set
    doc: str
    source: str                      # gold | weak | annotation | synthetic
    start: int = 0
    end: int = 0
    weight: float = 1.0
    item: str = ""
    part: str = ""


@lru_cache(maxsize=4)
def _pre(max_chars=None, flat_max_chars=0):
    from ..pipeline import load
    return load(steps=PRE_STEPS, config={"segment": {"max_chars": max_chars,
                                                     "flat_max_chars": flat_max_chars}})


def segment_document(path, max_chars=None) -> Report:
    """Run the steps up to ``segment`` on a file (training pieces: the ordinary length
    cap on one-line reports too, the granularity the hand labels were given at)."""
    return _pre(max_chars)(str(path))


def view_of(report: Report, seg) -> SegmentView:
    """The classifier view of one segment of ``report``."""
    from .features import views_of
    i = next(k for k, s in enumerate(report.segments) if s is seg)
    return views_of(report, [i])[0]


def gold_examples(report: Report, gold: dict) -> list[Example]:
    """Each narrative segment takes the labels of the narrative gold lines it covers
    (a paragraph joined from broken lines takes their union)."""
    lines = [g for g in gold.get("segments") or [] if g.get("kind") not in ("table", "boilerplate")]
    out = []
    for seg in report.segments:
        if seg.kind not in NARRATIVE:
            continue
        labs, hit = set(), False
        for g in lines:
            ov = min(g["end"], seg.end) - max(g["start"], seg.start)
            if ov > 0 and (ov * 2 >= g["end"] - g["start"] or ov * 2 >= seg.end - seg.start):
                labs |= set(g.get("domains") or [])
                hit = True
        if hit:
            out.append(Example(view_of(report, seg), labs, report.doc_id, "gold", seg.start, seg.end))
    return out


@lru_cache(maxsize=1)
def _keywords() -> tuple:
    return tuple((lab, tuple(str(k) for k in kws)) for lab, kws in load_yaml("domain_keywords.yaml").items())


def keyword_labels(title: str) -> set:
    """Labels whose heading keywords occur in ``title``."""
    return {lab for lab, kws in _keywords() if any(k in title for k in kws)}


_TITLE_END = re.compile(r"[,。:;!?]")


def short_title(title: str, max_chars: int = 24) -> str:
    """A heading title up to its first clause end: (2)教育方面,完成… -> (2)教育方面."""
    m = _TITLE_END.search(title, 1)
    return (title[:m.start()] if m else title)[:max_chars]


def weak_labels(path: tuple, own_title: str = "") -> set:
    """Labels of the deepest heading (own title first) whose title hits a keyword."""
    for title in ([own_title] if own_title else []) + list(path)[::-1]:
        labs = keyword_labels(short_title(title))
        if labs:
            return labs
    return set()


def weak_examples(report: Report, weight: float = 0.5) -> list[Example]:
    """Narrative segments labelled by the keywords of their nearest titled heading (weight ``weight``)."""
    out = []
    for seg in report.segments:
        if seg.kind not in NARRATIVE or not seg.heading_path and seg.kind != "heading":
            continue
        view = view_of(report, seg)
        if "\t" in view.text or len(_CJK.findall(view.text)) < 8:
            continue                     # table rows and fragments say little
        labs = weak_labels(view.path, view.text[:40] if seg.kind == "heading" else "")
        if labs:
            out.append(Example(view, labs, report.doc_id, "weak", seg.start, seg.end, weight))
    return out


SYNTHETIC_GLOB = "domains_synthetic*.jsonl"
# Sample weight of the paragraphs written for the project. 0.5 was best on the seeds alone
# with the first file; with the older-style file, 1.0 is as good on the seeds (0.800 vs
# 0.797 micro-F1) and better on the held-out corpus reports (0.768 vs 0.760).
SYNTHETIC_WEIGHT = 1.0


def synthetic_files(corpora_dir: Path) -> list[Path]:
    """The files of paragraphs written for the project: ``corpora/domains_synthetic*.jsonl``."""
    return sorted(Path(corpora_dir).glob(SYNTHETIC_GLOB))


def annotation_files(corpora_dir: Path) -> list[Path]:
    """The hand-annotation files: ``corpora/domains_*.jsonl`` except the synthetic paragraphs."""
    synthetic = set(synthetic_files(corpora_dir))
    return [f for f in sorted(Path(corpora_dir).glob("domains_*.jsonl")) if f not in synthetic]


def annotation_spans(corpora_dir: Path) -> dict[str, list]:
    """Hand annotations by shared file: {file: [{file, start, end, domains, ...}]}, read from
    ``corpora/domains_*.jsonl`` (offsets into the shared file, no text)."""
    by_file: dict[str, list] = {}
    for f in annotation_files(corpora_dir):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                a = json.loads(line)
                by_file.setdefault(a["file"], []).append(a)
    return by_file


def annotation_examples(corpora_dir: Path, shared_dir: Path) -> list[Example]:
    """Each narrative segment inside a hand-annotated span, with the span's labels."""
    out = []
    for rel, anns in annotation_spans(corpora_dir).items():
        report = segment_document(shared_dir / rel)
        for a in anns:
            for seg in report.segments:
                if seg.kind in NARRATIVE and seg.start >= a["start"] and seg.end <= a["end"]:
                    out.append(Example(view_of(report, seg), set(a["domains"]), report.doc_id,
                                       "annotation", seg.start, seg.end, float(a.get("weight", 1.0))))
    return out


def synthetic_examples(corpora_dir: Path, weight: float = SYNTHETIC_WEIGHT) -> list[Example]:
    """Paragraphs written for the project: ``{text, domains, path?}`` per line of
    ``corpora/domains_synthetic*.jsonl``, normalised like a report; each is its own
    document (``synthetic:<file>:<line>``), so it is training data in every fold."""
    from ..normalize import normalize
    if weight <= 0:
        return []
    out = []
    for f in synthetic_files(corpora_dir):
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            a = json.loads(line)
            text = normalize(a["text"]).text
            path = tuple(normalize(p).text for p in a.get("path") or ())
            out.append(Example(SegmentView(text, path, a.get("kind", "body")), set(a["domains"]),
                               f"synthetic:{f.stem}:{n}", "synthetic", 0, len(a["text"]),
                               float(a.get("weight", weight)), str(a.get("id", "")), str(a.get("part", ""))))
    return out


def narrative_files(shared_dir: Path) -> list[Path]:
    """Seeds plus the corpus reports gisnlp can read (reports only, not templates/fragments)."""
    files = sorted((shared_dir / "seeds").glob("*.txt"))
    manifest = shared_dir / "corpus" / "manifest.jsonl"
    if manifest.exists():
        for line in manifest.read_text(encoding="utf-8").splitlines():
            m = json.loads(line)
            if m.get("kind") == "report":
                files.append(shared_dir / "corpus" / m["file"])
    return files


@dataclass
class Dataset:
    examples: list[Example] = field(default_factory=list)
    reports: dict = field(default_factory=dict)     # doc_id -> Report (seeds)
    gold: dict = field(default_factory=dict)        # doc_id -> gold json

    def docs(self, source: str = "gold") -> list[str]:
        """The documents that have examples of ``source``."""
        return sorted({e.doc for e in self.examples if e.source == source})


def build_dataset(shared_dir: Path, corpora_dir: Path = None, weak: bool = True,
                  weak_on_gold: bool = False, max_chars: int = None, log=None,
                  synthetic_weight: float = SYNTHETIC_WEIGHT) -> Dataset:
    """Gold examples of the seeds, weak examples of the other reports (and of the
    seeds too with ``weak_on_gold``), the hand annotations in ``corpora_dir`` and
    its synthetic paragraphs (left out with ``synthetic_weight=0``)."""
    ds = Dataset()
    shared_dir = Path(shared_dir)
    for gpath in sorted((shared_dir / "gold").glob("*.json")):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        report = segment_document(shared_dir / "seeds" / f"{gold['doc_id']}.txt", max_chars)
        ds.reports[report.doc_id] = report
        ds.gold[report.doc_id] = gold
        ds.examples += gold_examples(report, gold)
    if weak:
        for path in narrative_files(shared_dir):
            try:
                if path.stem in ds.reports and not weak_on_gold:
                    continue
                report = ds.reports.get(path.stem) or segment_document(path, max_chars)
            except Exception as exc:  # a reader missing for this format: skip the file
                if log:
                    log(f"skip {path.name}: {type(exc).__name__}: {exc}")
                continue
            ds.examples += weak_examples(report)
    if corpora_dir and Path(corpora_dir).is_dir():
        ann = annotation_examples(Path(corpora_dir), shared_dir)
        done = {(e.doc, e.start, e.end) for e in ann}   # a hand label replaces a weak one
        ds.examples = [e for e in ds.examples if (e.doc, e.start, e.end) not in done] + ann
        ds.examples += synthetic_examples(Path(corpora_dir), synthetic_weight)
    return ds


# --- helpers of the model fitting (gisnlp/domains/crossval.py, recipes.py) -------------

def label_matrix(examples: list[Example], labels: list[str]):
    """[examples, labels] 0/1 matrix of the examples' label sets."""
    import numpy as np
    Y = np.zeros((len(examples), len(labels)), dtype=int)
    index = {l: j for j, l in enumerate(labels)}
    for i, e in enumerate(examples):
        for l in e.labels:
            if l in index:
                Y[i, index[l]] = 1
    return Y


def choose_thresholds(P, Y, labels: list[str], grid=None, min_pos: int = 3) -> dict:
    """Per-label threshold maximising F1 on held-out probabilities; labels with
    fewer than ``min_pos`` positives take the threshold best for micro-F1."""
    import numpy as np
    grid = grid if grid is not None else np.round(np.arange(0.05, 0.91, 0.05), 2)

    def f1(tp, fp, fn):
        """F1 from counts (0 without true positives)."""
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    micro = []
    for t in grid:
        pred = P >= t
        tp = int((pred & (Y == 1)).sum()); fp = int((pred & (Y == 0)).sum()); fn = int((~pred & (Y == 1)).sum())
        micro.append(f1(tp, fp, fn))
    t_global = float(grid[int(np.argmax(micro))])
    out = {}
    for j, lab in enumerate(labels):
        y = Y[:, j] == 1
        if y.sum() < min_pos:
            out[lab] = t_global
            continue
        scores = []
        for t in grid:
            p = P[:, j] >= t
            scores.append(f1(int((p & y).sum()), int((p & ~y).sum()), int((~p & y).sum())))
        # shrink toward the global threshold: ties and near-ties favour it
        best = float(grid[int(np.argmax(scores))])
        out[lab] = round((best + t_global) / 2, 3) if y.sum() < 10 else best
    return out
