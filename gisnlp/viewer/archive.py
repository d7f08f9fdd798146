"""A static site for an archive of reports: index.html, a page per issuer, a page per report.

The index lists reports by issuer and year with their failed checks and domain coverage;
an issuer page plots the key template figures across years with plotly (plotly.js is
written once as ``plotly.min.js`` next to index.html, so the site opens offline), lists
every table metric across the years, and links the side-by-side page of each pair of
consecutive years (``pairs/*.html``, from the ``comparisons.jsonl`` of ``gisnlp tag``).
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from ..compare.trends import metric_trends
from ..io import write_atomic
from ..report import Report
from .table_layout import archive_plots, cell_value
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
    issuer_key: str = ""                # issuer_key(issuer): shared by the issuer's name variants
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
    """The page of an issuer key, relative to the site root."""
    return f"issuers/issuer-{hashlib.sha1(issuer.encode('utf-8')).hexdigest()[:10]}.html"


def summarize(report: Report, href: str) -> ReportRow:
    """What the index and issuer pages need of one report (its ``ReportRow``)."""
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
        issuer_key=issuer_key(meta.issuer),
        level=meta.level, doc_type=meta.doc_type, template=meta.template,
        chars=meta.chars or len(report.text or ""), facts=len(report.facts),
        linked=sum(1 for f in report.facts if f.cell or f.cells), cells=len(report.cells),
        checks=len(report.checks), failed=len(report.failed_checks()), partial=meta.partial,
        domain_share=shares, series=series, values={k: float(v) for k, v in values.items()},
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


def richest_by_year(rows: list[ReportRow]) -> dict[int, ReportRow]:
    """Year -> the report of that year with the most cells (then facts): the one an issuer's
    figures across years are drawn from."""
    by_year: dict[int, ReportRow] = {}
    for r in rows:
        if r.year is None:
            continue
        best = by_year.get(r.year)
        if best is None or (r.cells, r.facts) > (best.cells, best.facts):
            by_year[r.year] = r
    return by_year


def issuer_figures(rows: list[ReportRow], plotly) -> list[dict]:
    """One figure per ``archive_plots`` entry: the issuer's key figures across years."""
    if plotly is None:
        return []
    go, pio, _ = plotly
    by_year = richest_by_year(rows)
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


def pair_pages(comparisons: list[dict], texts: dict[str, str], key_of: dict[str, str],
               out: Path) -> dict[str, list[PairPage]]:
    """Write ``out/pairs/<old>__<new>.html`` for each comparison whose two reports were rendered
    (``key_of``: doc_id -> issuer key of the rendered reports); returns the pages per issuer key."""
    from ..compare.model import Comparison
    from ..compare.page import render_comparison
    by_issuer: dict[str, list[PairPage]] = defaultdict(list)
    for rec in comparisons:
        c = Comparison.from_dict(rec)
        if not all(d in key_of and d in texts for d in (c.old.doc_id, c.new.doc_id)):
            continue
        name = f"pairs/{safe_name(c.old.doc_id)}__{safe_name(c.new.doc_id)}.html"
        key = key_of[c.new.doc_id]
        try:
            html = render_comparison(c, Report(c.old.doc_id, texts[c.old.doc_id]),
                                     Report(c.new.doc_id, texts[c.new.doc_id]), back_href="../" + issuer_page(key))
        except Exception as e:  # one odd pair must not lose the archive
            log.warning("%s -> %s: comparison page not rendered (%s: %s)", c.old.doc_id, c.new.doc_id,
                        type(e).__name__, e)
            continue
        (out / "pairs").mkdir(parents=True, exist_ok=True)
        write_atomic(out / name, html)
        by_issuer[key].append(PairPage(out / name, "../" + name, c.old.doc_id, c.new.doc_id,
                                       f"{c.old.year} → {c.new.year}", c.reuse, len(c.failed_checks())))
    return by_issuer


def _keeping_texts(reports: Iterable[Report], wanted: set, texts: dict[str, str]) -> Iterable[Report]:
    """The reports, passed on as they stream, with the texts of those in ``wanted`` kept in ``texts``."""
    for report in reports:
        if report.doc_id in wanted:
            texts[report.doc_id] = report.text or ""
        yield report


def build_site(reports: Iterable[Report], out, title: str = "gisnlp archive",
               series_checks: Iterable[dict] = (), comparisons: Iterable[dict] = ()) -> SiteSummary:
    """Write ``out/index.html``, ``out/issuers/*.html``, ``out/reports/*.html`` and plotly.min.js.

    Reports are streamed: each page is written as soon as it is rendered and only
    its ``ReportRow`` is kept. Issuers are grouped with the link step's issuer key
    (``link.series.normalize_issuer``), as ``gisnlp tag`` groups its cross-year
    series, so both count the same issuers. ``series_checks`` are cross-year check
    rows (``series_checks.jsonl`` of ``gisnlp tag``); each issuer page lists its own.
    ``comparisons`` are the records of ``comparisons.jsonl``: each gets a side-by-side
    page ``pairs/*.html`` linked from its issuer page (only the texts of the reports
    they name are kept while the reports stream by).
    """
    comparisons = [c for c in comparisons if isinstance(c, dict) and not c.get("error")]
    wanted = {(c.get(side) or {}).get("doc_id") for c in comparisons for side in ("old", "new")}
    texts: dict[str, str] = {}
    out = Path(out)
    plotly = _prepare_site(out)
    rows, pages, skipped = _write_report_pages(_keeping_texts(reports, wanted, texts), out)
    groups = group_by_issuer(rows)
    series = _series_by_issuer(series_checks, rows, groups)
    pairs = pair_pages(comparisons, texts, {r.doc_id: r.issuer_key for r in rows}, out)
    pages += [p.path for g in groups for p in pairs.get(g.key, [])]
    pages += [_write_issuer_page(out, g, series.get(g.key, []), rows, title, plotly, pairs.get(g.key, []))
              for g in groups]
    pages.insert(0, _write_index(out, rows, groups, series, title, plotly, skipped))
    return SiteSummary(out, len(rows), known_issuers(groups), sum(r.failed for r in rows), pages, plotly is not None,
                       skipped)


@dataclass
class IssuerGroup:
    """The reports of one issuer (name variants across years share ``key``)."""

    key: str                            # issuer key: normalize_issuer(name), or the name itself
    name: str                           # the name shown: the most used one, else the latest
    rows: list[ReportRow]

    @property
    def href(self) -> str:
        """Page of this issuer, relative to the site root."""
        return issuer_page(self.key)


def issuer_key(issuer: Optional[str]) -> str:
    """The key reports of one issuer share (the link step's normaliser, as ``gisnlp tag`` uses)."""
    from ..link.series import normalize_issuer
    if not issuer:
        return UNKNOWN_ISSUER
    return normalize_issuer(issuer) or issuer


def group_by_issuer(rows: list[ReportRow]) -> list[IssuerGroup]:
    """Rows grouped by issuer key, sorted by the name shown (reports without an issuer last)."""
    by_key: dict[str, list[ReportRow]] = defaultdict(list)
    for r in rows:
        by_key[r.issuer_key].append(r)
    groups = []
    for key, members in by_key.items():
        uses = Counter(r.issuer for r in members)
        latest = {r.issuer: (r.year or 0) for r in sorted(members, key=lambda r: r.year or 0)}
        name = max(uses, key=lambda n: (uses[n], latest[n], n))
        groups.append(IssuerGroup(key, name, sorted(members, key=lambda r: (r.year or 0, r.doc_id))))
    return sorted(groups, key=lambda g: (g.key == UNKNOWN_ISSUER, g.name))


def known_issuers(groups: list[IssuerGroup]) -> int:
    """How many issuers the archive holds: reports whose issuer was not found are not one more
    (``gisnlp tag`` counts the same way)."""
    return sum(1 for g in groups if g.key != UNKNOWN_ISSUER)


def _prepare_site(out: Path):
    """Create the site's folders and write plotly.js once; returns the plotly modules or None."""
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
    return plotly


def _write_report_pages(reports: Iterable[Report], out: Path) -> tuple[list[ReportRow], list[Path], list[str]]:
    """One page per report under ``out/reports``; a report that fails to render is skipped, not fatal."""
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
            html = render_report(report, back_href="../index.html", issuer_href="../" + issuer_page(row.issuer_key))
        except Exception as e:  # one odd report must not lose the archive
            log.warning("%s: not rendered (%s: %s)", report.doc_id, type(e).__name__, e)
            skipped.append(report.doc_id)
            continue
        rows.append(row)
        page = out / href
        write_atomic(page, html)
        pages.append(page)
    return rows, pages, skipped


def _series_by_issuer(series_checks: Iterable[dict], rows: list[ReportRow],
                      groups: list[IssuerGroup]) -> dict[str, list[dict]]:
    """Cross-year check rows per issuer key: by the reports they name, else by their own issuer key."""
    key_of = {r.doc_id: r.issuer_key for r in rows}
    keys = {g.key for g in groups}
    series: dict[str, list[dict]] = defaultdict(list)
    for row in series_checks:
        if not isinstance(row, dict):
            continue
        owners = {key_of[d] for d in (row.get("doc_a"), row.get("doc_b")) if d in key_of}
        if not owners and row.get("issuer") in keys:
            owners = {row["issuer"]}
        for key in owners:
            series[key].append(row)
    return series


def _write_issuer_page(out: Path, group: IssuerGroup, checks: list[dict], rows: list[ReportRow], title: str,
                       plotly, pairs: Iterable[PairPage] = ()) -> Path:
    """The issuer page: its reports, key figures across years, its year-over-year comparisons
    (``pairs``), every table metric across years, its cross-year checks."""
    checks = sorted(checks, key=lambda c: (c.get("status") != "fail", str(c.get("year_b", ""))))
    trends = metric_trends({y: r.values for y, r in richest_by_year(group.rows).items()})
    html = _env().get_template("issuer.html.j2").render(
        series_checks=checks, href_of={r.doc_id: "../" + r.href for r in rows}, pairs=list(pairs), trends=trends,
        series_failed=sum(1 for c in checks if c.get("status") == "fail"),
        title=f"{group.name} — {title}", issuer=group.name, rows=group.rows,
        figures=issuer_figures(group.rows, plotly), plotly_src="../" + PLOTLY_FILE if plotly else None,
        root="../", domains=report_domains(Report("", "")))
    page = out / group.href
    write_atomic(page, html)
    return page


def _write_index(out: Path, rows: list[ReportRow], groups: list[IssuerGroup], series: dict[str, list[dict]],
                 title: str, plotly, skipped: list[str]) -> Path:
    """index.html: reports by issuer and year, domain coverage, every report with its checks."""
    years = sorted({r.year for r in rows if r.year is not None})
    names = [g.name for g in groups]
    grid = {g.name: {y: [r for r in g.rows if r.year == y] for y in years} for g in groups}
    undated = {g.name: [r for r in g.rows if r.year is None] for g in groups}
    order = {g.key: i for i, g in enumerate(groups)}
    ordered = sorted(rows, key=lambda r: (order[r.issuer_key], r.year or 0, r.doc_id))
    html = _env().get_template("index.html.j2").render(
        title=title, rows=ordered, issuers=names, issuer_href={g.name: g.href for g in groups}, years=years,
        series_failed={g.name: sum(1 for c in series.get(g.key, []) if c.get("status") == "fail")
                       for g in groups},
        grid=grid, undated=undated, coverage=coverage_figure(ordered, plotly),
        plotly_src=PLOTLY_FILE if plotly else None, root="", domains=report_domains(Report("", "")),
        totals={"reports": len(rows), "issuers": known_issuers(groups), "failed": sum(r.failed for r in rows),
                "with_failed": sum(1 for r in rows if r.failed), "facts": sum(r.facts for r in rows),
                "partial": sum(1 for r in rows if r.partial)}, skipped=skipped)
    index = out / "index.html"
    write_atomic(index, html)
    return index
