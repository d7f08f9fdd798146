"""Which sentences of NEW repeat a sentence of OLD, and the passages they form.

Text reuse is the share of NEW's narrative characters (matching-key characters:
no whitespace or punctuation, template wording left out) that lie in sentences
matching a sentence of OLD: identical keys first (a dict), then rapidfuzz's
``ratio`` (normalised Indel similarity) at or above ``sentence_similarity``
(``process.cdist`` over the sentences left, one C call), then the same ratio
of *skeletons* (numbers masked, 比上年… clauses cut) for the sentences still
unmatched: last year's sentence updated with this year's figures and a change
clause is reused. A sentence may match anywhere in OLD, not only in its aligned
part: moved text is still reused.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Optional

from .similarity import ratio_matrix
from .model import Passage
from .settings import Settings, compile_pattern
from .textunits import Narrative


@dataclass
class Match:
    """Sentence ``new`` of NEW repeats sentence ``old`` of OLD with ``score`` (0..1)."""

    new: int
    old: int
    score: float


def skeleton(key: str, settings: Settings) -> str:
    """A sentence key with its change clauses (比上年增长12%) cut and every number replaced by ``#``.

    Two sentences with the same skeleton say the same thing with other figures:
    the year's update of last year's sentence, with or without a 比上年 clause.
    """
    sk = settings.skeleton
    words = sk.get("change_words")
    if words is None or any(w in key for w in words):     # the change pattern can only match with one of them
        key = compile_pattern(sk["change"]).sub("", key)
    return _digits_masked(key, settings)


def _digits_masked(key: str, settings: Settings) -> str:
    """``key`` with every number replaced by ``#`` (the skeleton without its change clauses cut)."""
    return compile_pattern(settings.skeleton["digits"]).sub("#", key)


def _best(rows: list[str], cols: list[str], cutoff: float):
    """Per row, (best column, its score) of rapidfuzz ``ratio``; scores under ``cutoff`` are 0."""
    scores = ratio_matrix(rows, cols, cutoff)
    best = scores.argmax(axis=1)
    return [(int(c), float(scores[r, c])) for r, c in enumerate(best)]


def match_sentences(old: Narrative, new: Narrative, settings: Settings) -> dict[int, Match]:
    """NEW sentence index -> its best OLD match (only matches at or above the threshold).

    Identical keys first, then the ratio of keys, then — for the sentences still
    unmatched — the ratio of their skeletons (figures and change clauses out).
    """
    by_key: dict[str, int] = {}
    old_ids = [i for i, s in enumerate(old.sentences) if not s.mandated and s.key]
    for i in old_ids:
        by_key.setdefault(old.sentences[i].key, i)
    out: dict[int, Match] = {}
    rest = []
    for i, s in enumerate(new.sentences):
        if s.mandated or not s.key:
            continue
        j = by_key.get(s.key)
        if j is not None:
            out[i] = Match(i, j, 1.0)
        elif len(s.key) >= settings.min_fuzzy_chars:
            rest.append(i)
    cand = [i for i in old_ids if len(old.sentences[i].key) >= settings.min_fuzzy_chars]
    if not (rest and cand):
        return out
    cutoff = settings.sentence_similarity
    left = []
    for i, (c, score) in zip(rest, _best([new.sentences[i].key for i in rest],
                                         [old.sentences[j].key for j in cand], cutoff)):
        if score >= cutoff:
            out[i] = Match(i, cand[c], round(score / 100.0, 4))
        else:
            left.append(i)
    # a sentence with no figure and no change clause has its key as skeleton: already compared
    rows = {i: skeleton(new.sentences[i].key, settings) for i in left}
    rows = {i: r for i, r in rows.items() if r != new.sentences[i].key and len(r) >= settings.min_fuzzy_chars}
    if rows:
        skel_old = [skeleton(old.sentences[j].key, settings) for j in cand]
        by_skel: dict[str, int] = {}
        for c, sk in enumerate(skel_old):
            by_skel.setdefault(sk, c)
        for i in [i for i, r in rows.items() if r in by_skel]:
            out[i] = Match(i, cand[by_skel[rows.pop(i)]], 1.0)
    # fuzzy by skeleton only for sentences that had a change clause cut (the rest differ from OLD by
    # figures alone, which the ratio of keys or the identical skeleton already saw)
    rows = {i: r for i, r in rows.items() if len(r) < len(_digits_masked(new.sentences[i].key, settings))}
    if rows:
        for i, (c, score) in zip(rows, _best(list(rows.values()), skel_old, cutoff)):
            if score >= cutoff:
                out[i] = Match(i, cand[c], round(score / 100.0, 4))
    return out


def passages(old: Narrative, new: Narrative, matches: dict[int, Match]) -> list[Passage]:
    """Runs of consecutive NEW sentences matching consecutive OLD sentences, with offsets in both."""
    out: list[Passage] = []
    prev: Optional[Match] = None
    weight = 0.0
    for i in sorted(matches):
        m = matches[i]
        s_new, s_old = new.sentences[i], old.sentences[m.old]
        n = len(s_new.key)
        if (prev is not None and i == prev.new + 1 and m.old == prev.old + 1 and out
                and out[-1].section == s_new.part):
            p = out[-1]
            p.new_end, p.old_end = s_new.end, s_old.end
            weight += m.score * n
            p.chars += n
            p.similarity = round(weight / p.chars, 4)
        else:
            weight = m.score * n
            out.append(Passage(s_new.start, s_new.end, s_old.start, s_old.end, m.score, n, s_new.part))
        prev = m
    return out


def reuse_by_part(new: Narrative, matches: dict[int, Match]) -> tuple[dict[str, int], dict[str, int]]:
    """(counted characters, reused characters) of NEW per part id."""
    total: dict[str, int] = defaultdict(int)
    reused: dict[str, int] = defaultdict(int)
    for i, s in enumerate(new.sentences):
        if s.mandated or not s.key:
            continue
        total[s.part] += len(s.key)
        if i in matches:
            reused[s.part] += len(s.key)
    return dict(total), dict(reused)


def phrase_coverage(old: Narrative, new: Narrative, n: int) -> dict[str, int]:
    """Per part, NEW's key characters covered by a run of ``n`` characters that OLD also has.

    A softer measure than sentence reuse: it also counts phrases copied into
    sentences that were otherwise rewritten (``reuse.phrases`` in the JSON).
    A sentence OLD has word for word is covered whole without looking at its runs.
    """
    whole = {s.key for s in old.counted()}
    grams = {s.key[i:i + n] for s in old.counted() for i in range(len(s.key) - n + 1)}
    out: dict[str, int] = defaultdict(int)
    for s in new.counted():
        k, covered, reach = s.key, 0, 0
        if k in whole or len(k) < n:     # identical, or too short to hold a run: counts when OLD has it whole
            out[s.part] += len(k) if k in whole else 0
            continue
        for i in range(len(k) - n + 1):
            if k[i:i + n] in grams:
                covered += min(i + n, len(k)) - max(i, reach)
                reach = i + n
        out[s.part] += covered
    return out


def share(part: int, whole: int) -> Optional[float]:
    """part / whole rounded to 4 places; None when there is nothing to divide."""
    return round(part / whole, 4) if whole else None
