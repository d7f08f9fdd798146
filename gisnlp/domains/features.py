"""What a classifier sees of a segment: its text plus its heading path, as tokens.

Shared by every model so training and prediction read segments the same way.
Two families of analyzers:

- ``view_tokens_chars`` (the default ``linear`` model): character bigrams of the
  text and of the headings plus domain cue-word hits; plain Python, no word
  segmenter, so the hot path never loads jieba's dictionary;
- ``view_tokens`` / ``view_tokens_fast`` (the older ``sklearn`` model, spaCy):
  jieba words with a domain dictionary (``data/domain_jieba.txt``), so
  一网通办 / 依申请公开 stay whole.
"""
from __future__ import annotations

import logging
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

from ..resources import load_lines, load_yaml

_PUNCT = re.compile(r"[，。；：！？（）、\s\d.,:;!?()<>《》“”\"'、。;:!?%\-—_/\[\]{}*#=+|·…]+")


@dataclass
class SegmentView:
    """The classifier's input: normalised segment text and heading path.

    ``cues``: the cue-word counts of ``text`` (``cue_counts``) when already known — a
    clause's, counted from its segment's hits — so they are not searched for again."""

    text: str
    path: tuple[str, ...] = ()
    kind: str = "body"
    cues: dict | None = None


@lru_cache(maxsize=1)
def _jieba():
    import jieba
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    for line in load_lines("domain_jieba.txt"):
        parts = line.split()
        tok.add_word(parts[0], int(parts[1]) if len(parts) > 1 else None,
                     parts[2] if len(parts) > 2 else None)
    return tok


@lru_cache(maxsize=2048)
def _tokenize_cached(text: str) -> tuple:
    return tuple(tokenize(text))


def tokenize(text: str) -> list[str]:
    """jieba words (domain dictionary, no HMM) with punctuation and digits dropped."""
    return [w for w in _jieba().lcut(text, HMM=False) if not _PUNCT.fullmatch(w)]


def path_text(view: SegmentView, depth: int = 3) -> str:
    """The last ``depth`` headings of the path, deepest last."""
    return " ".join(view.path[-depth:])


@lru_cache(maxsize=1)
def cue_words() -> dict[str, frozenset]:
    """label -> its cue words: heading keywords (``data/domain_keywords.yaml``) and the words of
    its description in ``data/domains.yaml`` (a hand-written extra lexicon scored no better in
    leave-one-document-out, so there is none)."""
    from .labels import domain_table
    words: dict[str, set] = {}
    for lab, ws in (load_yaml("domain_keywords.yaml") or {}).items():
        words.setdefault(lab, set()).update(str(w) for w in ws or ())
    for lab, info in domain_table().items():
        words.setdefault(lab, set()).update(
            w for w in re.split(r"[、/,，\s]+", info.get("covers", "")) if len(w) >= 2)
    return {lab: frozenset(ws) for lab, ws in words.items() if ws}


@lru_cache(maxsize=1)
def _lexicon():
    """One regex per domain from its cue words (the older dense cue features)."""
    return {lab: re.compile("|".join(sorted(map(re.escape, ws), key=len, reverse=True)))
            for lab, ws in cue_words().items()}


def trie_pattern(words) -> str:
    """A regex matching the longest of ``words`` at a position, as a prefix tree: quicker to
    compile and to run than a flat alternation of a few hundred words (same matches)."""
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node) -> str:
        """The regex of one node of the prefix tree."""
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:                       # a word ends here: longer words first (greedy)
            return "(?:" + body + ")?" if len(alts) > 1 or len(body) > 1 else body + "?"
        return body
    return build(tree)


@lru_cache(maxsize=1)
def _cue_index():
    """One prefix-tree regex over every cue word, and word -> labels."""
    by_word: dict[str, list[str]] = {}
    for lab, ws in cue_words().items():
        for w in ws:
            by_word.setdefault(w, []).append(lab)
    return re.compile(trie_pattern(by_word)), by_word


@lru_cache(maxsize=4096)
def cue_hits(text: str) -> tuple:
    """((start, end, labels), …) of the cue-word hits in ``text``: the longest cue word at a
    position counts, and the search goes on after it."""
    pat, by_word = _cue_index()
    return tuple((m.start(), m.end(), by_word[m.group()]) for m in pat.finditer(text))


def count_hits(hits, start: int = 0, end: int = None) -> dict:
    """label -> number of ``hits`` inside ``text[start:end]``. For a piece of the text cut
    where no cue word can run across (clauses: ``cue_words_cross``), the same as
    ``cue_counts`` of the piece."""
    counts: dict[str, int] = {}
    first = bisect_left(hits, start, key=itemgetter(0)) if start else 0
    for s, e, labs in hits[first:]:
        if end is not None and e > end:
            break
        for lab in labs:
            counts[lab] = counts.get(lab, 0) + 1
    return counts


def cue_counts(text: str) -> dict:
    """label -> number of cue-word hits in ``text`` (``cue_hits``)."""
    return count_hits(cue_hits(text))


def cue_words_cross(pattern) -> bool:
    """Whether some cue word holds a character the regex ``pattern`` matches: text cut at
    that pattern could then lose a hit running across a cut."""
    return any(pattern.search(w) for w in _cue_index()[1])


def lexicon_tokens(text: str, prefix: str, counts: dict = None) -> list[str]:
    """``prefix + label`` once per cue-word hit (at most 3) of that domain in ``text``
    (``counts``: its ``cue_counts`` when known)."""
    counts = cue_counts(text) if counts is None else counts
    out: list[str] = []
    for lab, n in counts.items():
        out += [prefix + lab] * (n if n < 3 else 3)
    return out


def text_tokens(view: SegmentView) -> list[str]:
    """Words of the segment itself (plus a marker for heading lines)."""
    return tokenize(view.text) + (["K:heading"] if view.kind == "heading" else [])


def path_tokens(view: SegmentView) -> list[str]:
    """Words of the last three headings above the segment."""
    return [w for h in view.path[-3:] for w in tokenize(h)]


def lexicon_counts(view: SegmentView, labels: list[str]):
    """Dense cue-word counts: one column per label for the text, one for the nearest heading."""
    import numpy as np
    lex = _lexicon()
    row = np.zeros(2 * len(labels))
    for j, lab in enumerate(labels):
        pat = lex.get(lab)
        if pat is None:
            continue
        row[j] = len(pat.findall(view.text))
        if view.path:
            row[len(labels) + j] = len(pat.findall(view.path[-1]))
    return np.log1p(row)


def view_tokens(view: SegmentView) -> list[str]:
    """Text tokens, cue-word hits, and heading tokens marked ``H:`` (a heading word says more)."""
    toks = tokenize(view.text) + lexicon_tokens(view.text, "L:") + _heading_tokens(view)
    if view.path:
        toks += lexicon_tokens(view.path[-1], "HL:")
    return toks


def _heading_tokens(view: SegmentView) -> list[str]:
    """``K:heading`` for a heading itself, and the words of the last three headings above."""
    toks = ["K:heading"] if view.kind == "heading" else []
    for h in view.path[-3:]:
        toks += ["H:" + w for w in _tokenize_cached(h)]
    return toks


def views_of(report, indexes: list[int]) -> list[SegmentView]:
    """Classifier views of ``report.segments[i]`` for each index (text from the normalised text)."""
    norm, segs = report.norm, report.segments
    out = []
    for i in indexes:
        seg = segs[i]
        ns, ne = norm.from_orig(seg.start), norm.from_orig(seg.end)
        out.append(SegmentView(text=norm.text[ns:ne], path=tuple(seg.heading_path), kind=seg.kind))
    return out


CJK_FIRST, CJK_LAST = 0x4E00, 0x9FFF       # the characters whose bigrams are tokens
_NON_CJK = re.compile(f"[^{chr(CJK_FIRST)}-{chr(CJK_LAST)}]+")


def char_bigrams(text: str) -> list[str]:
    """Chinese character bigrams inside runs of CJK text (no word segmenter: fast)."""
    out = []
    for run in _NON_CJK.split(text):
        out += [run[i:i + 2] for i in range(len(run) - 1)]
    return out


_OWN_TITLE = re.compile(r"\s*(?:\(\s*[一二三四五六七八九十\d]{1,3}\s*\)|[一二三四五六七八九十\d]{1,3}\s*[、.]"
                        r"|[一二三四五六七八九十]是)\s*([^,。;:!?]{2,24})")


def own_title(text: str) -> str:
    """The short title a segment opens with after a marker: (1)环境保护方面,… -> 环境保护方面."""
    m = _OWN_TITLE.match(text)
    return m.group(1) if m else ""


# Cue-word tokens count this many times in the "fast" features: with sublinear TF
# a repeated token weighs more than a single character bigram (leave-one-document-out
# micro-F1 0.773 -> 0.786 with 2, 3 no better).
CUE_REPEAT = 2


def cue_sources(view: SegmentView) -> tuple[str, str, str]:
    """Where a segment's cue words are looked up: its text, the title it opens with
    ((1)环境保护方面; none for a heading line) and its nearest heading ("" when absent)."""
    return (view.text, own_title(view.text) if view.kind != "heading" else "",
            view.path[-1] if view.path else "")


def cue_tokens(view: SegmentView) -> list[str]:
    """Cue-word hits of the text (``L:``), of the title it opens with (``T:``) and of its
    nearest heading (``HL:``), each repeated ``CUE_REPEAT`` times."""
    cues = [tok for src, prefix in zip(cue_sources(view), ("L:", "T:", "HL:")) if src
            for tok in lexicon_tokens(src, prefix)]
    return cues * CUE_REPEAT


def view_tokens_chars(view: SegmentView) -> list[str]:
    """Like ``view_tokens_fast`` with character bigrams (``H:``) for the headings too: no
    word segmenter anywhere, so predicting needs neither jieba nor its dictionary.
    The tokens of ``chars_own_tokens`` plus those of ``chars_context_tokens``."""
    return chars_own_tokens(view) + list(chars_context_tokens(view.path[-3:]))


def chars_own_tokens(view: SegmentView) -> list[str]:
    """The tokens of ``view_tokens_chars`` that come from the segment itself: its text's
    bigrams and ``chars_marks``. None starts with ``H:`` or ``HL:``."""
    return char_bigrams(view.text) + chars_marks(view)


def chars_marks(view: SegmentView) -> list[str]:
    """The segment's own tokens besides its bigrams: the cue hits of its text (``L:``) and
    of the title it opens with (``T:``), and ``K:heading`` for a heading line."""
    text, own, _ = cue_sources(view)
    toks = (lexicon_tokens(text, "L:", view.cues) + (lexicon_tokens(own, "T:") if own else [])) * CUE_REPEAT
    if view.kind == "heading":
        toks.append("K:heading")
    return toks


def is_bigram(token: str) -> bool:
    """Whether ``token`` is one of the CJK character bigrams ``char_bigrams`` gives."""
    return len(token) == 2 and all(CJK_FIRST <= ord(ch) <= CJK_LAST for ch in token)


def bigram_codes(texts: list[str]):
    """(row, first, second): for every bigram ``char_bigrams`` gives each of ``texts``, one
    entry per occurrence, the text's index and the code points of its two characters — the
    same tokens computed with numpy, so a linear model looks a report's bigrams up in a
    table instead of one dictionary look-up each."""
    import numpy as np
    codes = np.frombuffer("\0".join(texts).encode("utf-32-le"), dtype=np.uint32)
    cjk = (codes >= CJK_FIRST) & (codes <= CJK_LAST)
    at = np.flatnonzero(cjk[:-1] & cjk[1:])
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    return np.searchsorted(starts, at, side="right") - 1, codes[at], codes[at + 1]


@lru_cache(maxsize=4096)
def chars_context_tokens(tail: tuple) -> tuple:
    """The tokens of ``view_tokens_chars`` that come from the last three headings above a
    segment (``tail``): the cue hits of the nearest (``HL:``) and every heading's bigrams
    (``H:``) — disjoint from the segment's own tokens, so a linear model can score them
    once per heading tail (``LinearDomainModel``)."""
    toks = (lexicon_tokens(tail[-1], "HL:") if tail and tail[-1] else []) * CUE_REPEAT
    for h in tail:
        toks += ["H:" + b for b in _heading_bigrams(h)]
    return tuple(toks)


@lru_cache(maxsize=4096)
def _heading_bigrams(title: str) -> tuple:
    return tuple(char_bigrams(title))


def view_tokens_fast(view: SegmentView) -> list[str]:
    """Like ``view_tokens`` with character bigrams for the segment text instead of jieba words.

    A segment that opens with its own titled marker ((1)环境保护方面) also takes the cue hits
    of that title (``T:``): the heading above it often lists several domains."""
    return char_bigrams(view.text) + cue_tokens(view) + _heading_tokens(view)


# Analyzers by name, as stored with a model (``features`` in its JSON file).
ANALYZERS = {"chars": view_tokens_chars, "fast": view_tokens_fast, "combined": view_tokens}
# Analyzers split in three disjoint parts for a linear model's fast path: the bigrams of the
# segments' texts as code points, the segment's other own tokens, and the tokens of its
# heading tail (they depend on the last three headings only).
ANALYZER_PARTS = {"chars": (bigram_codes, chars_marks, chars_context_tokens)}
