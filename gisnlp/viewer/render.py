"""One report as a self-contained HTML page: text with facts and domains, tables, failed checks.

The page has no external resources (inline CSS/JS), so it opens offline. All report
content goes through Jinja2's autoescape; data for the scripts is embedded as JSON
with ``tojson`` (which escapes ``<``, ``>`` and ``&``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from ..errors import GisnlpError
from ..report import Report
from .table_layout import all_labels, build_tables, choose_template
from .outline import build_outline
from .textmap import build_textmap

UNKNOWN_COLOR = "hsl(0, 0%, 88%)"


@dataclass
class Domain:
    id: str
    zh: str
    covers: str
    group: str                          # policy | work | other
    color: str
    css: str                            # class name, safe in CSS
    count: int = 0                      # segments of the report carrying it
    chars: int = 0                      # characters of those segments


@lru_cache(maxsize=None)
def _env():
    try:
        from jinja2 import Environment, PackageLoader, StrictUndefined
    except ImportError:
        raise GisnlpError("the viewer needs Jinja2", "pip install 'gisnlp[view]'") from None
    env = Environment(loader=PackageLoader("gisnlp.viewer", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = format_number
    env.globals["asset"] = _asset
    return env


@lru_cache(maxsize=None)
def _asset(name: str):
    """A static file of the templates folder (CSS, JS) to inline verbatim."""
    from importlib.resources import files
    from markupsafe import Markup
    return Markup((files("gisnlp.viewer") / "templates" / name).read_text(encoding="utf-8"))


def format_number(v) -> str:
    """12051 -> '12051'; 1187630000.0 -> '1187630000'; 3.50 -> '3.5'; None -> ''."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e18:
        v = int(v)
    return str(v)


@lru_cache(maxsize=None)
def domain_catalog() -> tuple[tuple[str, str, str, str], ...]:
    """(id, zh, covers, group) of every domain in gisnlp/data/domains.yaml, in file order."""
    from ..domains.labels import domain_table
    return tuple((did, spec.get("zh", did), spec.get("covers", ""), spec["group"])
                 for did, spec in domain_table().items())


def _color(i: int, n: int) -> str:
    hue = (i * 360.0 / max(n, 1) * 7) % 360      # step 7/n of the wheel: neighbours differ
    return f"hsl({hue:.0f}, 70%, 84%)"


def report_domains(report: Report) -> list[Domain]:
    """The legend: every known domain (with its count in this report), then unknown ids found."""
    cat = domain_catalog()
    doms = {did: Domain(did, zh, covers, group, _color(i, len(cat)), f"d-{did}")
            for i, (did, zh, covers, group) in enumerate(cat)}
    for seg in report.segments:
        for did in seg.domains or []:
            if did not in doms:
                safe = re.sub(r"[^A-Za-z0-9_-]", "_", str(did))
                doms[did] = Domain(did, did, "", "other", UNKNOWN_COLOR, f"d-x-{safe}")
            doms[did].count += 1
            doms[did].chars += max(0, seg.end - seg.start)
    return list(doms.values())


def primary_domain(seg) -> Optional[str]:
    """The domain a segment is coloured by: its highest-scored domain, else its first."""
    if not seg.domains:
        return None
    scores = seg.scores or {}
    return max(seg.domains, key=lambda d: (scores.get(d, 0.0), -seg.domains.index(d)))


def _fact_json(f, failed: bool) -> dict:
    return {"t": f.text, "v": format_number(f.value), "u": f.unit, "k": f.kind, "m": f.metric,
            "c": ([f.cell] if f.cell else []) + list(f.cells or []), "a": f.approx, "d": f.direction,
            "mod": f.modality, "fail": failed}


def page_context(report: Report, back_href: Optional[str] = None, issuer_href: Optional[str] = None) -> dict:
    """Everything the report template draws, as plain values."""
    template = choose_template(report)
    tables, extra = build_tables(report, template)
    domains = report_domains(report)
    dom_by_id = {d.id: d for d in domains}
    outline = build_outline(report)
    textmap = build_textmap(report, outline)
    failed = [(i, c) for i, c in enumerate(report.checks) if c.status == "fail"]
    failed_facts = {fi for _, c in failed for fi in (c.facts or [])}
    failed_cells = {cid for _, c in failed for cid in (c.cells or [])}
    labels = all_labels()
    facts = [_fact_json(f, i in failed_facts) for i, f in enumerate(report.facts)]
    for i, f in enumerate(facts):
        f["fail"] = f["fail"] or any(c in failed_cells for c in f["c"])
    seg_info = []
    for seg in report.segments:
        prim = primary_domain(seg)
        seg_info.append({
            "css": dom_by_id[prim].css if prim else "",
            "kind": seg.kind,
            "domains": [[d, dom_by_id[d].zh if d in dom_by_id else d,
                         round(float((seg.scores or {}).get(d, 0.0)), 3)] for d in seg.domains or []],
            "path": list(seg.heading_path or []),
        })
    cells_json = {}
    for tc in [c for t in tables for b in t.blocks for r in b.rows for c in r.cells] + extra:
        cells_json[tc.id] = {"l": tc.label, "v": format_number(tc.cell.value) if tc.cell else None,
                             "r": tc.cell.raw if tc.cell else "", "f": tc.facts, "x": tc.checks}
    cells_in_use = {cid for f in facts for cid in f["c"]} | failed_cells
    meta = report.meta
    title = meta.title or " ".join(str(x) for x in (meta.issuer, meta.year) if x) or report.doc_id
    counts = {
        "facts": len(report.facts),
        "linked": sum(1 for f in facts if f["c"]),
        "cells": len(report.cells),
        "failed": len(failed),
        "passed": sum(1 for c in report.checks if c.status == "pass"),
        "unknown": sum(1 for c in report.checks if c.status not in ("pass", "fail")),
        "segments": len(report.segments),
        "with_domain": sum(1 for s in report.segments if s.domains),
    }
    return {
        "report": report, "meta": meta, "title": title, "template": template,
        "tables": tables, "extra_cells": extra, "domains": domains,
        "blocks": textmap.blocks, "dropped_facts": textmap.dropped_facts,
        "seg_info": seg_info, "failed": failed, "failed_facts": failed_facts,
        "failed_cells": failed_cells, "labels": labels, "counts": counts,
        "headings": list(enumerate(outline)),
        "data": {"facts": facts, "segments": seg_info,
                 "labels": {cid: labels.get(cid, cid) for cid in sorted(cells_in_use)},
                 "cells": cells_json,
                 "checks": {str(i): {"rule": c.rule, "detail": c.detail, "cells": c.cells}
                            for i, c in failed}},
        "back_href": back_href, "issuer_href": issuer_href, "has_text": bool(report.text),
    }


def render_report(report: Report, back_href: Optional[str] = None, issuer_href: Optional[str] = None) -> str:
    """The HTML page of one report (a string; nothing is fetched when it is opened).

    ``back_href`` / ``issuer_href`` add links to an archive's index and issuer page.
    """
    return _env().get_template("report.html.j2").render(**page_context(report, back_href, issuer_href))


def write_report(report: Report, path) -> Path:
    """Render ``report`` to ``path`` (parent folders are created)."""
    from ..io import write_atomic
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, render_report(report))
    return path
