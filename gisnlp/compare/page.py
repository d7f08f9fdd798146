"""A comparison as one self-contained HTML page: the two years side by side.

Each aligned section shows OLD's paragraphs on the left and NEW's on the
right; reused passages are highlighted in both columns (hovering one lights up
its twin), added / removed / modified paragraphs are marked, changed cells are
coloured (abrupt ones stronger) and failed checks are red. All report text goes
through Jinja2's autoescape; nothing is fetched when the page opens.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

from ..errors import GisnlpError
from ..report import Report
from .model import Comparison, ParagraphDiff


@dataclass
class Piece:
    """A run of text in one column: plain, or part of reused passage ``passage``."""

    text: str
    passage: Optional[int] = None


@dataclass
class Block:
    """One paragraph in one column, cut into pieces."""

    status: str
    pieces: list[Piece] = field(default_factory=list)
    changes: list = field(default_factory=list)
    similarity: float = 0.0


@lru_cache(maxsize=None)
def _env():
    try:
        from jinja2 import Environment, PackageLoader, StrictUndefined
    except ImportError:
        raise GisnlpError("the comparison page needs Jinja2", "pip install 'gisnlp[view]'") from None
    return Environment(loader=PackageLoader("gisnlp.compare", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _pieces(text: str, start: int, end: int, spans: list[tuple[int, int, int]]) -> list[Piece]:
    """``text[start:end]`` cut at the passages (start, end, index) that overlap it."""
    out, pos = [], start
    for a, b, k in spans:
        a, b = max(a, start), min(b, end)
        if b <= a or a < pos:
            continue
        if a > pos:
            out.append(Piece(text[pos:a]))
        out.append(Piece(text[a:b], k))
        pos = b
    if pos < end:
        out.append(Piece(text[pos:end]))
    return out


def _column(paras: list[ParagraphDiff], side: str, text: str, spans: list[tuple[int, int, int]]) -> list[Block]:
    key = (lambda p: p.old_start) if side == "old" else (lambda p: p.new_start)
    out = []
    for p in sorted((p for p in paras if key(p) is not None), key=key):
        a, b = (p.old_start, p.old_end) if side == "old" else (p.new_start, p.new_end)
        out.append(Block(p.status, _pieces(text, a, b, spans), p.changes if side == "new" else [], p.similarity))
    return out


def page_context(c: Comparison, old: Report, new: Report, back_href: Optional[str] = None) -> dict:
    """Everything the pair template draws, as plain values."""
    old_spans = sorted((p.old_start, p.old_end, i) for i, p in enumerate(c.passages))
    new_spans = sorted((p.new_start, p.new_end, i) for i, p in enumerate(c.passages))
    columns = []
    for s in c.sections:
        paras = [p for p in c.paragraphs if p.section == s.id]
        columns.append((s, _column(paras, "old", old.text or "", old_spans),
                        _column(paras, "new", new.text or "", new_spans)))
    return {"c": c, "columns": columns, "cells": [x for x in c.cells if x.status != "same"],
            "same_cells": c.summary.get("counts", {}).get("cells", {}).get("same", 0),
            "failed": c.failed_checks(), "back_href": back_href,
            "title": f"{c.old.issuer or c.old.doc_id} {c.old.year or ''} → {c.new.issuer or c.new.doc_id} "
                     f"{c.new.year or ''}"}


def render_comparison(c: Comparison, old: Report, new: Report, back_href: Optional[str] = None) -> str:
    """The HTML page of a comparison (the two reports give the text shown)."""
    return _env().get_template("pair.html.j2").render(**page_context(c, old, new, back_href))


def write_comparison_html(c: Comparison, old: Report, new: Report, path, back_href: Optional[str] = None) -> Path:
    """Render the comparison page to ``path`` (parent folders are created)."""
    from ..io import write_atomic
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, render_comparison(c, old, new, back_href))
    return path
