"""The Chinese analyzer shared by indexing, querying and highlighting.

Text is normalised like the pipeline does (simplified characters, full-width
ASCII folded) and cut by jieba in precise mode without HMM, so a word is one
token: 教育局 stays one token and a search for 教育 does not match it, while a
query that jieba cuts into several tokens (依申请公开 -> 依 申请 公开) is
matched as a phrase. The same cut is used for documents and queries, and
tokens carry offsets so snippets can be highlighted in the original text.
"""
from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache

from ..normalize import NormText, _traditional_chars, normalize
from ..resources import data_path, load_lines

ANALYZER_NAME = "jieba-precise-nohmm-core-v2"
USER_DICT = "search_userdict.txt"
CORE_WORDS = "search_core_words.txt"
# A token is kept when it has at least one letter, digit or CJK character.
_WORDLIKE = re.compile(r"[0-9A-Za-z\u3400-\u9fff\uf900-\ufaff]")
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _tokenizer():
    """A private jieba tokenizer (does not touch the global one other steps use)."""
    import jieba
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    path = data_path(USER_DICT)
    if path.exists():
        tok.load_userdict(str(path))
    return tok


@lru_cache(maxsize=1)
def _core_words() -> tuple[str, ...]:
    return tuple(sorted((w.strip() for w in load_lines(CORE_WORDS) if w.strip()), key=len, reverse=True))


def _split_core(w: str, s: int, e: int) -> list[tuple[str, int, int]]:
    """Split a core word off the start or end of a longer token (区政府 -> 区 政府)."""
    for core in _core_words():
        n = len(core)
        if len(w) > n and w.endswith(core):
            return _split_core(w[:-n], s, e - n) + [(core, e - n, e)]
        if len(w) > n and w.startswith(core):
            return [(core, s, s + n)] + _split_core(w[n:], s + n, e)
    return [(w, s, e)]


def norm(text: str) -> NormText:
    """Normalise text for search; converts to simplified if any traditional character occurs."""
    trad = _traditional_chars()
    return normalize(text, convert=any(ch in trad for ch in text))


def cut(norm_text: str) -> list[tuple[str, int, int]]:
    """Tokens of already-normalised text as (token, start, end); punctuation and spaces dropped."""
    tok = _tokenizer()
    with _lock:
        raw = list(tok.tokenize(norm_text, mode="default", HMM=False))
    out = []
    for w, s, e in raw:
        if _WORDLIKE.search(w):
            out.extend(_split_core(w.lower(), s, e) if len(w) > 2 else [(w.lower(), s, e)])
    return out


def tokens(text: str) -> list[str]:
    """Normalise then cut: the tokens a piece of text is indexed or queried as."""
    return [t for t, _, _ in cut(norm(text).text)]


def index_string(norm_text: str) -> str:
    """Space-joined tokens, fed to the search engine's whitespace tokenizer."""
    return " ".join(t for t, _, _ in cut(norm_text))


_RUN = re.compile(r"[0-9a-z\u3400-\u9fff\uf900-\ufaff]+")


def bigrams(norm_text: str) -> list[str]:
    """Overlapping character bigrams inside runs of letters, digits and CJK (substring matching)."""
    out = []
    for m in _RUN.finditer(norm_text.lower()):
        run = m.group()
        out.extend(run[i:i + 2] for i in range(len(run) - 1))
    return out


def query_bigrams(text: str) -> list[str]:
    """Bigrams of a query for substring matching: punctuation and spaces inside it are ignored."""
    return bigrams("".join(_RUN.findall(norm(text).text.lower())))


def substring_needle(text: str) -> str:
    """The characters a substring query looks for (normalised, punctuation dropped)."""
    return "".join(_RUN.findall(norm(text).text.lower()))
