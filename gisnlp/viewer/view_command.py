"""``gisnlp view``: a report page, or a static site for an archive of reports."""
from __future__ import annotations

import sys
from pathlib import Path

from ..errors import InputError


def _is_archive(path: Path) -> bool:
    return path.is_dir() or path.suffix == ".jsonl"


def _is_report_json(path: Path) -> bool:
    return path.suffix == ".json"


def iter_inputs(paths, on_error=None):
    """Reports from report JSON / JSONL / tagged folders, analysing anything else as a document.

    A document that cannot be read raises its error with the file named, or, given
    ``on_error``, is handed to it (``on_error(error)``) and skipped.
    """
    from ..errors import GisnlpError
    from ..inputs import about
    from ..io import iter_report_dicts, iter_reports
    from ..report import Report
    nlp = None
    for p in paths:
        path = Path(p)
        if not path.exists():
            raise InputError(f"no such file or folder: {path}",
                             "give a document, a report JSON, or the --out folder of `gisnlp tag`")
        if path.is_dir() and (path / "reports.jsonl").is_file():
            # a `gisnlp tag` folder: its other .jsonl files are not reports
            yield from iter_reports(path / "reports.jsonl")
        elif _is_archive(path) or _is_report_json(path):
            for d in iter_report_dicts(path):
                if isinstance(d, dict) and "doc_id" in d and "meta" in d:
                    yield Report.from_dict(d)
        else:
            if nlp is None:
                from ..pipeline import load
                nlp = load()
            try:
                report = nlp(path)
            except GisnlpError as e:
                if on_error is None:
                    raise about(e, path) from None
                on_error(about(e, path))
                continue
            yield report


def read_series_checks(paths) -> list[dict]:
    """Cross-year checks written by `gisnlp tag` (OUT/series_checks.jsonl) in any input folder."""
    from ..io import read_jsonl_dicts
    rows = []
    for p in paths:
        p = Path(p)
        f = (p if p.is_dir() else p.parent) / "series_checks.jsonl"
        if p.is_dir() or p.name == "reports.jsonl":
            rows.extend(read_jsonl_dicts(f))
    return rows


def _view(args) -> int:
    """Run ``gisnlp view``: one page for one report, else a site; a missing Jinja2 is one line, first."""
    import importlib.util
    if importlib.util.find_spec("jinja2") is None:    # before any report is read: one line, not one per report
        raise InputError("`gisnlp view` needs Jinja2", "pip install 'gisnlp[view]'")
    from .archive import build_site
    from .render import write_report
    inputs = [Path(p) for p in args.inputs]
    single = len(inputs) == 1 and not _is_archive(inputs[0])
    out = Path(args.out) if args.out else None
    if single and (out is None or out.suffix.lower() in (".html", ".htm")):
        reports = list(iter_inputs(inputs))
        if len(reports) != 1:
            raise InputError(f"{inputs[0]} holds {len(reports)} reports, not one",
                             "give --out a folder to build an archive site instead")
        report = reports[0]
        path = write_report(report, out or Path(f"{report.doc_id}.html"))
        print(f"gisnlp: wrote {path}", file=sys.stderr)
        return 0
    if out is None:
        out = Path("site")
    if out.suffix.lower() in (".html", ".htm"):
        raise InputError(f"--out {out} is a file but the input holds several reports",
                         "give --out a folder (index.html and a page per report are written there)")
    from ..compare.pairs import read_comparisons
    comparisons = [c for p in inputs if p.is_dir() or p.name == "reports.jsonl"
                   for c in read_comparisons(p if p.is_dir() else p.parent)]
    unread = []

    def skip(e) -> None:
        """A document that cannot be read: one line, and the site is built from the others."""
        unread.append(e)
        print(f"gisnlp: {e}", file=sys.stderr)
    summary = build_site(iter_inputs(inputs, on_error=skip), out, title=args.title,
                         series_checks=read_series_checks(inputs), comparisons=comparisons)
    if summary.reports == 0:
        raise InputError(f"no reports found in {', '.join(map(str, inputs))}",
                         "give report JSON files or the --out folder of `gisnlp tag` / `gisnlp analyze`")
    print(f"gisnlp: wrote {out / 'index.html'} ({_count(summary.reports, 'report')}, "
          f"{_count(summary.issuers, 'issuer')}, {_count(summary.failed_checks, 'failed check')}{'' if summary.plots else ', no plots: plotly missing'}"
          f"{f', {len(summary.skipped)} not rendered' if summary.skipped else ''})", file=sys.stderr)
    return 1 if unread else 0


def _count(n: int, noun: str) -> str:
    """``1 report``, ``2 reports``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def register(subparsers) -> None:
    """Add the ``view`` command to the ``gisnlp`` parser."""
    v = subparsers.add_parser(
        "view", help="render a report, or an archive of reports, as static HTML",
        description="One input document or report JSON -> one self-contained HTML page (--out FILE.html). "
                    "A folder written by `gisnlp tag` / `gisnlp analyze --out`, a .jsonl, or several inputs "
                    "-> a static site (--out DIR: index.html, a page per issuer and per report).")
    v.add_argument("inputs", nargs="+", metavar="REPORT",
                   help="a document (analysed first), a report .json, a reports .jsonl, or a folder of them")
    v.add_argument("--out", help="FILE.html for one report (default <doc_id>.html); DIR for an archive (default site/)")
    v.add_argument("--title", default="gisnlp archive", help="title of the archive index page")
    v.set_defaults(func=_view)
