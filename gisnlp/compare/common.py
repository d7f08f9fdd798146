"""Wording many issuers write, learnt from an archive with MinHash LSH (datasketch).

The template's mandated sentences are listed in ``compare.yaml``; what a
province's or a system's issuers all copy from one model text is not. Fitted on
an archive of reports, ``CommonWording`` finds every sentence that occurs — word
for word or nearly (Jaccard similarity of character 3-grams at or above
``common.threshold``, found with MinHash LSH rather than by comparing every pair) —
in the reports of at least ``common.min_issuers`` different issuers.
``compare(..., common=wording)`` then discounts those sentences like the
mandated ones: a phrase every issuer writes is not last year's text copied.

    wording = CommonWording().fit(gisnlp.io.iter_reports("out_of_tag/"))
    c = gisnlp.compare(old, new, common=wording)
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Optional, Union

from ..errors import GisnlpError
from ..report import Report
from .settings import Settings


def _minhash():
    try:
        from datasketch import MinHash, MinHashLSH
    except ImportError:
        raise GisnlpError("learning common wording (--archive) needs datasketch",
                          'pip install "gisnlp[compare]"') from None
    return MinHash, MinHashLSH


class CommonWording:
    """Sentence keys that many issuers write; ``is_common(key)`` answers for any sentence.

    Parameters (defaults from ``compare.yaml``, ``common:``): ``min_issuers``,
    ``num_perm``, ``threshold``, ``shingle``, ``min_chars``. Learnt state after
    ``fit``: ``common_`` (the common keys), ``lsh_`` (their MinHash index),
    ``issuers_`` (how many issuers the archive held).
    """

    def __init__(self, min_issuers: Optional[int] = None, num_perm: Optional[int] = None,
                 threshold: Optional[float] = None, shingle: Optional[int] = None,
                 min_chars: Optional[int] = None, settings: Union[None, dict, Settings] = None):
        """Store the parameters; each one left None takes its value from ``compare.yaml``."""
        self.settings = Settings.resolve(settings)
        d = self.settings.common
        self.min_issuers = min_issuers if min_issuers is not None else d["min_issuers"]
        self.num_perm = num_perm if num_perm is not None else d["num_perm"]
        self.threshold = threshold if threshold is not None else d["threshold"]
        self.shingle = shingle if shingle is not None else d["shingle"]
        self.min_chars = min_chars if min_chars is not None else d["min_chars"]

    def _grams(self, key: str) -> set[bytes]:
        n = self.shingle
        return {key[i:i + n].encode("utf-8") for i in range(max(1, len(key) - n + 1))}

    def _hashes(self, keys: list[str]) -> list:
        MinHash, _ = _minhash()
        return MinHash.bulk([self._grams(k) for k in keys], num_perm=self.num_perm)

    def fit(self, reports: Iterable[Union[Report, dict]]) -> "CommonWording":
        """Learn the common sentences of an archive (Reports or report dicts, any order)."""
        from ..link.series import normalize_issuer
        from .mandated import mark_mandated          # loaded here: importing gisnlp stays light
        from .textunits import build_narrative
        _, MinHashLSH = _minhash()
        issuers_of: dict[str, set[str]] = defaultdict(set)
        all_issuers = set()
        for r in reports:
            r = r if isinstance(r, Report) else Report.from_dict(r)
            who = normalize_issuer(r.meta.issuer) or r.doc_id
            all_issuers.add(who)
            narr = build_narrative(r, self.settings)
            mark_mandated(narr, self.settings)
            for s in narr.counted():
                if len(s.key) >= self.min_chars:
                    issuers_of[s.key].add(who)
        keys = sorted(issuers_of)
        lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)
        hashes = self._hashes(keys)
        with lsh.insertion_session() as session:
            for k, h in zip(keys, hashes):
                session.insert(k, h, check_duplication=False)
        common = set()
        for k, h in zip(keys, hashes):
            near = set(lsh.query(h))
            who = set().union(*(issuers_of[x] for x in near)) if near else issuers_of[k]
            if len(who) >= self.min_issuers:
                common.add(k)
        self.common_, self.issuers_ = common, len(all_issuers)
        self.lsh_ = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)
        with self.lsh_.insertion_session() as session:
            for k, h in zip(keys, hashes):
                if k in common:
                    session.insert(k, h, check_duplication=False)
        return self

    def is_common(self, key: str) -> bool:
        """True when the sentence (its matching key) is, or nearly is, a common one."""
        if not hasattr(self, "common_"):
            raise GisnlpError("CommonWording is not fitted yet", "call .fit(reports) with an archive first")
        if key in self.common_:
            return True
        if len(key) < self.min_chars or not self.common_:
            return False
        return bool(self.lsh_.query(self._hashes([key])[0]))

    def __len__(self) -> int:
        return len(getattr(self, "common_", ()))
