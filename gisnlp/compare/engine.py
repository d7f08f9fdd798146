"""``compare_reports(old, new)``: the whole comparison of two reports, step by step
(``gisnlp.compare``, in ``api``, is its light public entry point).

    narratives  paragraphs and sentences of both texts (tables, web debris out)
    mandated    template wording flagged (and archive-wide common wording)
    sections    every unit placed in a template part
    matching    sentences of NEW repeating OLD; passages; text reuse; phrase reuse
    paragraphs  unchanged / modified / added / removed
    section_align  sections and sub-headings paired, reuse per section
    celldiff    tables cell by cell; table reuse
    factdiff    figures with another value
    claims      change claims recomputed
    checks      carry-overs, claims, copied problems section
    overview    top changes, counts, notes
"""
from __future__ import annotations

import time
from typing import Iterable, Optional, Union

from ..report import Report
from .section_align import build_sections
from .celldiff import diff_cells, table_reuse
from .checks import PROBLEMS, carry_checks, claim_checks, problems_check
from .claims import check_claims
from .factdiff import diff_facts
from .loading import as_report
from .mandated import WordingFilter, mark_mandated
from .matching import match_sentences, passages, phrase_coverage, share
from .model import Comparison, Side
from .paragraphs import diff_paragraphs
from .sections import assign_parts
from .settings import Settings
from .overview import notes_for, summarize
from .textunits import build_narrative


def _side(r: Report) -> Side:
    return Side(r.doc_id, r.meta.issuer, r.meta.year, r.meta.template, r.meta.title, len(r.text or ""))


def overall_reuse(text: Optional[float], tables: Optional[float], weights: dict) -> Optional[float]:
    """Weighted mean of the text and table reuse that exist (None when neither does)."""
    parts = [(v, float(weights.get(k, 0))) for k, v in (("text", text), ("tables", tables)) if v is not None]
    total = sum(w for _, w in parts)
    return round(sum(v * w for v, w in parts) / total, 4) if total else None


def compare_reports(old, new, settings: Union[None, dict, Settings] = None,
                    common: Optional[WordingFilter] = None, carry_rows: Optional[Iterable[dict]] = None) -> Comparison:
    """Compare report ``old`` (the year before) with ``new``: the steps of the module docstring in turn.

    The arguments are those of ``gisnlp.compare`` (``api.compare``), which calls this.
    """
    t0 = time.perf_counter()
    cfg = Settings.resolve(settings)
    old, new = as_report(old), as_report(new)
    narr_old, narr_new = build_narrative(old, cfg), build_narrative(new, cfg)
    for narr in (narr_old, narr_new):
        mark_mandated(narr, cfg, common)
    parts_old, parts_new = assign_parts(narr_old, cfg), assign_parts(narr_new, cfg)
    matches = match_sentences(narr_old, narr_new, cfg)
    runs = passages(narr_old, narr_new, matches)
    paras = diff_paragraphs(narr_old, narr_new, cfg)
    phrases = phrase_coverage(narr_old, narr_new, cfg.phrase_chars)
    sections = build_sections(parts_old, parts_new, narr_old, narr_new, matches, paras, phrases, cfg)
    cells = diff_cells(old, new, cfg)
    claims = check_claims(old, new, cfg)
    counted = sum(s.chars_new for s in sections)
    text_reuse = share(sum(s.reused_chars for s in sections), counted)
    tables = table_reuse(cells)
    c = Comparison(_side(old), _side(new),
                   reuse={"text": text_reuse, "tables": tables,
                          "overall": overall_reuse(text_reuse, tables, cfg.overall_weights),
                          "phrases": share(sum(phrases.values()), counted)},
                   sections=sections, passages=runs, paragraphs=paras,
                   cells=[x for x in cells if x.status != "same"],
                   facts=diff_facts(old, new), claims=claims, notes=notes_for(old, new))
    problems = next((s for s in sections if s.id == PROBLEMS), None)
    c.checks = (carry_checks(old, new, carry_rows) + claim_checks(claims)
                + [problems_check(problems, runs, new.text, cfg)])
    c.summary = summarize(c, cfg.summary_top, same_cells=sum(x.status == "same" for x in cells))
    c.seconds = round(time.perf_counter() - t0, 4)
    return c
