"""A static site for an archive of reports: index.html, a page per issuer, a page per report.

The index lists reports by issuer and year with their failed checks and domain coverage;
an issuer page plots the key template figures across years with plotly (plotly.js is
written once as ``plotly.min.js`` next to index.html, so the site opens offline).
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from ..io import write_atomic
from ..report import Report
from ..compare.trends import metric_trends
from .layout import archive_plots, cell_value
from .render import _env, domain_catalog, render_report, report_domains

log = logging.getLogger("gisnlp")
UNKNOWN_ISSUER = "(issuer not found)"
PLOTLY_FILE = "plotly.min.js"


@dataclass
class ReportRow:
    """What the index and issuer pages need of one report (the report itself is not kept)."""

    doc_id: str
    href: str                           # relative to the site root
    title: str
    issuer: str
    year: Optional[int]
    level: Optional[str]
    doc_type: str
    template: Optional[str]
    chars: int
    facts: int
    linked: int
    cells: int
    checks: int
    failed: int
    partial: bool
    domain_share: dict[str, float] = field(default_factory=dict)   # domain id -> share of segment chars
    series: dict[str, dict[str, Optional[float]]] = field(default_factory=dict)  # plot title -> label -> value
    values: dict[str, float] = field(default_factory=dict)   # cell id -> value (the issuer page's trends)


@dataclass
class SiteSummary:
    out: Path
    reports: int
    issuers: int
    failed_checks: int
    pages: list[Path]
    plots: bool
    skipped: list[str] = field(default_factory=list)   # doc ids that could not be rendered


def safe_name(name: str) -> str:
    """A file name made of [A-Za-z0-9_.-]; a short hash keeps different names apart."""
    clean = re.sub(r"[^A-Za-z0-9_.-]", "_", name or "report").strip("._") or "report"
    if clean != name:
        clean = f"{clean[:60]}-{hashlib.sha1((name or '').encode('utf-8')).hexdigest()[:8]}"
    return clean[:100]


def issuer_page(issuer: str) -> str:
    return f"issuers/issuer-{hashlib.sha1(issuer.encode('utf-8')).hexdigest()[:10]}.html"


def summarize(report: Report, href: str) -> ReportRow:
    meta = report.meta
    shares: dict[str, float] = {}
    total = sum(max(0, s.end - s.start) for s in report.segments if s.kind not in ("table", "boilerplate")) or 1
    for d in report_domains(report):
        if d.chars:
            shares[d.id] = round(d.chars / total, 4)
    values = report.cell_values()
    series = {p["title"]: {s["label"]: cell_value(values, s) for s in p["series"]} for p in archive_plots()}
    return ReportRow(
        doc_id=report.doc_id, href=href,
        title=meta.title or report.doc_id, issuer=meta.issuer or UNKNOWN_ISSUER, year=meta.year,
        level=meta.level, doc_type=meta.doc_type, template=meta.template,
        chars=meta.chars or len(report.text or ""), facts=len(report.facts),
        linked=sum(1 for f in report.facts if f.cell or f.cells), cells=len(report.cells),
        checks=len(report.checks), failed=len(report.failed_checks()), partial=meta.partial,
        domain_share=shares, series=series, values={c.id: float(c.value) for c in report.cells},
    )


def _plotly():
    try:
        import plotly.graph_objects as go
        import plotly.io as pio
        from plotly.offline import get_plotlyjs
    except ImportError:
        return None
    return go, pio, get_plotlyjs


def _fig_json(pio, fig) -> dict:
    """The figure as plain JSON data (embedded with ``tojson``, drawn by ``Plotly.newPlot``)."""
    return json.loads(pio.to_json(fig, validate=False))


def issuer_figures(rows: list[ReportRow], plotly) -> list[dict]:
    """One figure per ``archive_plots`` entry: the issuer's key figures across years."""
    if plotly is None:
        return []
    go, pio, _ = plotly
    by_year: dict[int, ReportRow] = {}
    for r in rows:
        if r.year is None:
            continue
        best = by_year.get(r.year)
        if best is None or (r.cells, r.facts) > (best.cells, best.facts):
            by_year[r.year] = r
    years = sorted(by_year)
    figs = []
    for spec in archive_plots():
        title = spec["title"]
        fig = go.Figure()
        any_value = False
        for s in spec["series"]:
            ys = [by_year[y].series.get(title, {}).get(s["label"]) for y in years]
            any_value = any_value or any(v is not None for v in ys)
            xs = [str(y) for y in years]
            if spec.get("kind") == "lines":
                fig.add_trace(go.Scatter(x=xs, y=ys, name=s["label"], mode="lines+markers", connectgaps=False))
            else:
                fig.add_trace(go.Bar(x=xs, y=ys, name=s["label"]))
        if not any_value:
            continue
        fig.update_layout(title=dict(text=title, font=dict(size=14)), height=340,
                          margin=dict(l=50, r=10, t=40, b=40),
                          barmode="stack" if spec.get("kind") == "stacked" else "group",
                          legend=dict(orientation="h", y=-0.18), xaxis=dict(type="category", title="year"),
                          template="plotly_white")
        figs.append(_fig_json(pio, fig))
    return figs


@dataclass
class PairPage:
    """A side-by-side comparison page of two consecutive reports of one issuer."""

    path: Path
    href: str                           # relative to an issuer page
    old: str
    new: str
    years: str
    reuse: dict
    failed: int


def pair_pages(comparisons: list[dict], texts: dict[str, str], issuer_of: dict[str, str],
               out: Path) -> dict[str, list[PairPage]]:
    """Write ``out/pairs/<old>__<new>.html`` for each comparison whose two reports were rendered."""
    from ..compare.model import Comparison
    from ..compare.page import render_comparison
    by_issuer: dict[str, list[PairPage]] = defaultdict(list)
    for rec in comparisons:
        c = Comparison.from_dict(rec)
        if c.old.doc_id not in texts or c.new.doc_id not in texts:
            continue
        name = f"pairs/{safe_name(c.old.doc_id)}__{safe_name(c.new.doc_id)}.html"
        iss = issuer_of.get(c.new.doc_id, UNKNOWN_ISSUER)
        try:
            html = render_comparison(c, Report(c.old.doc_id, texts[c.old.doc_id]),
                                     Report(c.new.doc_id, texts[c.new.doc_id]), back_href="../" + issuer_page(iss))
        except Exception as e:  # one odd pair must not lose the archive
            log.warning("%s -> %s: comparison page not rendered (%s: %s)", c.old.doc_id, c.new.doc_id,
                        type(e).__name__, e)
            continue
        (out / "pairs").mkdir(parents=True, exist_ok=True)
        write_atomic(out / name, html)
        by_issuer[iss].append(PairPage(out / name, "../" + name, c.old.doc_id, c.new.doc_id,
                                       f"{c.old.year} → {c.new.year}", c.reuse, len(c.failed_checks())))
    return by_issuer


def coverage_figure(rows: list[ReportRow], plotly) -> Optional[dict]:
    """Heatmap: reports x domains, the share of each report's narrative carrying the domain."""
    if plotly is None or not rows or not any(r.domain_share for r in rows):
        return None
    go, pio, _ = plotly
    cat = domain_catalog()
    ids = [d[0] for d in cat]
    extra = sorted({d for r in rows for d in r.domain_share} - set(ids))
    ids += extra
    names = {d[0]: d[1] for d in cat}
    labels = [f"{r.issuer} {r.year or ''} · {r.doc_id}" for r in rows]
    z = [[r.domain_share.get(d, 0.0) for d in ids] for r in rows]
    fig = go.Figure(go.Heatmap(z=z, x=[names.get(d, d) for d in ids], y=labels, colorscale="Blues",
                               zmin=0, zmax=max(0.01, max(max(row) for row in z)),
                               hovertemplate="%{y}<br>%{x}: %{z:.1%}<extra></extra>",
                               colorbar=dict(title="share", tickformat=".0%")))
    fig.update_layout(title=dict(text="Domain coverage (share of narrative characters)", font=dict(size=14)),
                      height=min(4000, 160 + 22 * len(rows)), margin=dict(l=10, r=10, t=40, b=120),
                      yaxis=dict(autorange="reversed", automargin=True), xaxis=dict(tickangle=-45),
                      template="plotly_white")
    return _fig_json(pio, fig)


def build_site(reports: Iterable[Report], out, title: str = "gisnlp archive",
               series_checks: Iterable[dict] = (), comparisons: Iterable[dict] = ()) -> SiteSummary:
    """Write ``out/index.html``, ``out/issuers/*.html``, ``out/reports/*.html`` and plotly.min.js.

    ``series_checks`` are cross-year check rows (``series_checks.jsonl`` of ``gisnlp tag``: issuer,
    rule, status, detail, ...); each issuer page lists its own. ``comparisons`` are the records of
    ``comparisons.jsonl``: each gets a side-by-side page ``pairs/*.html`` linked from its issuer page.
    """
    comparisons = [c for c in comparisons if isinstance(c, dict) and not c.get("error")]
    pair_docs = {(c.get(side) or {}).get("doc_id") for c in comparisons for side in ("old", "new")}
    texts: dict[str, str] = {}
    out = Path(out)
    (out / "reports").mkdir(parents=True, exist_ok=True)
    (out / "issuers").mkdir(parents=True, exist_ok=True)
    plotly = _plotly()
    if plotly is None:
        log.warning("plotly is not installed: the archive is written without plots "
                    "(pip install 'gisnlp[view]' to add them)")
    else:
        js = out / PLOTLY_FILE
        if not js.exists():
            write_atomic(js, plotly[2]())
    env = _env()
    rows: list[ReportRow] = []
    pages: list[Path] = []
    used: set[str] = set()
    skipped: list[str] = []
    for report in reports:
        name = safe_name(report.doc_id)
        while name in used:
            name = safe_name(name + "+")
        used.add(name)
        href = f"reports/{name}.html"
        try:
            row = summarize(report, href)
            html = render_report(report, back_href="../index.html", issuer_href="../" + issuer_page(row.issuer))
        except Exception as e:  # one odd report must not lose the archive
            log.warning("%s: not rendered (%s: %s)", report.doc_id, type(e).__name__, e)
            skipped.append(report.doc_id)
            continue
        rows.append(row)
        if report.doc_id in pair_docs:
            texts[report.doc_id] = report.text or ""
        page = out / href
        write_atomic(page, html)
        pages.append(page)
    by_issuer: dict[str, list[ReportRow]] = defaultdict(list)
    for r in rows:
        by_issuer[r.issuer].append(r)
    issuers = sorted(by_issuer, key=lambda i: (i == UNKNOWN_ISSUER, i))
    series: dict[str, list[dict]] = defaultdict(list)
    issuer_of = {r.doc_id: r.issuer for r in rows}
    for row in series_checks:
        if not isinstance(row, dict):
            continue
        # rows name their reports (doc_a, doc_b); their "issuer" may be a normalised series key
        owners = {issuer_of[d] for d in (row.get("doc_a"), row.get("doc_b")) if d in issuer_of}
        if not owners and row.get("issuer") in by_issuer:
            owners = {row["issuer"]}
        for iss in owners:
            series[iss].append(row)
    href_of = {r.doc_id: "../" + r.href for r in rows}
    pairs = pair_pages(comparisons, texts, issuer_of, out)
    pages.extend(p.path for ps in pairs.values() for p in ps)
    for iss in issuers:
        irows = sorted(by_issuer[iss], key=lambda r: (r.year or 0, r.doc_id))
        checks = sorted(series.get(iss, []), key=lambda c: (c.get("status") != "fail", str(c.get("year_b", ""))))
        html = env.get_template("issuer.html.j2").render(
            series_checks=checks, href_of=href_of, pairs=pairs.get(iss, []),
            trends=metric_trends({r.year: r.values for r in irows if r.year is not None}),
            series_failed=sum(1 for c in checks if c.get("status") == "fail"),
            title=f"{iss} — {title}", issuer=iss, rows=irows, figures=issuer_figures(irows, plotly),
            plotly_src="../" + PLOTLY_FILE if plotly else None, root="../", domains=report_domains(Report("", "")))
        page = out / issuer_page(iss)
        write_atomic(page, html)
        pages.append(page)
    years = sorted({r.year for r in rows if r.year is not None})
    grid = {iss: {y: [r for r in by_issuer[iss] if r.year == y] for y in years} for iss in issuers}
    undated = {iss: [r for r in by_issuer[iss] if r.year is None] for iss in issuers}
    coverage = coverage_figure(sorted(rows, key=lambda r: (r.issuer == UNKNOWN_ISSUER, r.issuer, r.year or 0)), plotly)
    html = env.get_template("index.html.j2").render(
        title=title, rows=sorted(rows, key=lambda r: (r.issuer == UNKNOWN_ISSUER, r.issuer, r.year or 0, r.doc_id)),
        issuers=issuers,
        issuer_href={i: issuer_page(i) for i in issuers}, years=years,
        series_failed={i: sum(1 for c in series.get(i, []) if c.get("status") == "fail") for i in issuers}, grid=grid, undated=undated,
        coverage=coverage, plotly_src=PLOTLY_FILE if plotly else None, root="",
        domains=report_domains(Report("", "")),
        totals={"reports": len(rows), "issuers": len(issuers), "failed": sum(r.failed for r in rows),
                "with_failed": sum(1 for r in rows if r.failed), "facts": sum(r.facts for r in rows),
                "partial": sum(1 for r in rows if r.partial)}, skipped=skipped)
    index = out / "index.html"
    write_atomic(index, html)
    pages.insert(0, index)
    return SiteSummary(out, len(rows), len(issuers), sum(r.failed for r in rows), pages, plotly is not None,
                       skipped)
