"""``gisnlp compare OLD NEW --out DIR``: compare two reports and write JSON, HTML and Word."""
from __future__ import annotations

import sys
from pathlib import Path

FORMATS = ("json", "html", "docx")


def _formats(value: str) -> list[str]:
    from ..errors import GisnlpError
    out = [f.strip().lower() for f in value.split(",") if f.strip()]
    bad = [f for f in out if f not in FORMATS]
    if bad or not out:
        raise GisnlpError(f"unknown --format {', '.join(bad) or value!r}", "use any of json,html,docx")
    return out


def _run(args) -> int:
    """Run ``gisnlp compare``: both reports read (or analysed), compared, written in each format asked."""
    from ..io import write_atomic
    from .engine import compare_reports
    from .loading import as_report
    formats = _formats(args.format)
    old, new = as_report(args.old), as_report(args.new)
    settings = {"sentence_similarity": args.threshold} if args.threshold is not None else None
    common = None
    if args.archive:
        from ..io import iter_report_dicts
        from .common import CommonWording
        common = CommonWording(settings=settings).fit(iter_report_dicts(args.archive))
        print(f"  common wording: {len(common)} sentences written by {common.min_issuers}+ of "
              f"{common.issuers_} issuers in {args.archive}", file=sys.stderr)
    c = compare_reports(old, new, settings=settings, common=common)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{old.doc_id}__{new.doc_id}"
    written = []
    if "json" in formats:
        write_atomic(out / f"{stem}.json", c.to_json() + "\n")
        written.append(out / f"{stem}.json")
    if "html" in formats:
        from .page import write_comparison_html
        written.append(write_comparison_html(c, old, new, out / f"{stem}.html"))
    if "docx" in formats:
        from .word import write_comparison_docx
        written.append(write_comparison_docx(c, old, new, out / f"{stem}.docx"))
    pct = lambda v: "—" if v is None else f"{v:.0%}"   # noqa: E731
    print(f"{old.doc_id} ({old.meta.year}) → {new.doc_id} ({new.meta.year}): text {pct(c.reuse['text'])}, "
          f"tables {pct(c.reuse['tables'])}, overall {pct(c.reuse['overall'])}; "
          f"{len(c.failed_checks())} failed checks")
    for n in c.notes:
        print(f"  note: {n}")
    for w in written:
        print(f"  wrote {w}", file=sys.stderr)
    return 0


def register(subparsers) -> None:
    """Add the ``compare`` command to the ``gisnlp`` parser."""
    p = subparsers.add_parser(
        "compare", help="compare a report with the previous year's: reuse, changes, carry-overs",
        description="Compare OLD (the year before) with NEW. Each is a document (analysed first) or the JSON "
                    "`gisnlp analyze` wrote. Writes OUT/<old>__<new>.json|.html|.docx and prints the reuse "
                    "rates. Different issuers, years or templates are compared all the same, with a note.")
    p.add_argument("old", metavar="OLD", help="the earlier report: document or report JSON")
    p.add_argument("new", metavar="NEW", help="the later report: document or report JSON")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--format", default="json,html,docx", help="comma-separated: json, html, docx (default all)")
    p.add_argument("--threshold", type=float, default=None, metavar="0-100",
                   help="sentence similarity that counts as reuse (default from compare.yaml: 80)")
    p.add_argument("--archive", metavar="DIR",
                   help="an archive (`gisnlp tag` output) to learn common wording from: sentences that many "
                        "issuers write are discounted like the template's (needs datasketch)")
    p.set_defaults(func=_run)
