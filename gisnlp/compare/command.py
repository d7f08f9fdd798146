"""``gisnlp compare OLD NEW [--out DIR]``: compare two reports and write JSON, HTML and Word
(without ``--out``: print a summary)."""
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
    old, new = _side(as_report, args.old), _side(as_report, args.new)
    settings = {"sentence_similarity": args.threshold} if args.threshold is not None else None
    common = None
    if args.archive:
        from ..io import iter_report_dicts
        from .common import CommonWording
        common = CommonWording(settings=settings).fit(iter_report_dicts(args.archive))
        print(f"  common wording: {len(common)} sentences written by {common.min_issuers}+ of "
              f"{common.issuers_} issuers in {args.archive}", file=sys.stderr)
    c = compare_reports(old, new, settings=settings, common=common)
    if not args.out:
        _print_summary(c, old, new)
        print("  (no files written: give --out DIR for the JSON, HTML and Word versions)", file=sys.stderr)
        return 0
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
    _print_headline(c, old, new)
    for w in written:
        print(f"  wrote {w}", file=sys.stderr)
    return 0


def _side(as_report, path: str):
    """One side of the comparison as a report; an error names the file it is about."""
    from ..errors import GisnlpError
    from ..inputs import about
    try:
        return as_report(path)
    except GisnlpError as e:
        raise about(e, path) from None


def _pct(v) -> str:
    return "—" if v is None else f"{v:.0%}"


def _print_headline(c, old, new) -> None:
    """The reuse rates, the count of failed checks and the comparison's notes."""
    print(f"{old.doc_id} ({old.meta.year}) → {new.doc_id} ({new.meta.year}): text {_pct(c.reuse['text'])}, "
          f"tables {_pct(c.reuse['tables'])}, overall {_pct(c.reuse['overall'])}; "
          f"{len(c.failed_checks())} failed check{'' if len(c.failed_checks()) == 1 else 's'}")
    for n in c.notes:
        print(f"  note: {n}")


def _print_summary(c, old, new, top: int = 8) -> None:
    """What a reader wants first when no files are asked for: the headline, each part's reuse,
    the cells that moved most, the facts that changed, and every failed check with its reason."""
    _print_headline(c, old, new)
    summary = c.to_dict()["summary"]
    parts = summary.get("top_sections") or []
    if parts:
        print("parts (share of this year's text reused from last year's):")
        for p in parts:
            print(f"  {p['label']}: {_pct(p['reuse'])} of {p['chars_new']} characters")
    for key, title in (("only_in_old", "parts dropped this year"), ("only_in_new", "parts new this year")):
        if summary.get(key):
            print(f"{title}: " + ", ".join(str(x.get("label", x) if isinstance(x, dict) else x) for x in summary[key]))
    cells = (summary.get("key_cells") or [])[:top]
    if cells:
        print("table cells that changed most:")
        for x in cells:
            change = f"{x['pct']:+.0f}%" if x.get("pct") is not None else f"{x['change']:+g}"
            print(f"  {x['label']}: {x['old']:g} → {x['new']:g} ({change}){'  abrupt' if x.get('abrupt') else ''}")
    facts = (summary.get("key_facts") or [])[:top]
    if facts:
        print("narrative figures that changed:")
        for x in facts:
            print(f"  {x['metric']} ({x['unit']}): {x['old']:g} → {x['new']:g}")
    failed = c.failed_checks()
    if failed:
        print("failed checks:")
        for ch in failed:
            print(f"  {ch.rule}: {ch.detail}")


def register(subparsers) -> None:
    """Add the ``compare`` command to the ``gisnlp`` parser."""
    p = subparsers.add_parser(
        "compare", help="compare a report with the previous year's: reuse, changes, carry-overs",
        description="Compare OLD (the year before) with NEW. Each is a document (analysed first) or the JSON "
                    "`gisnlp analyze` wrote. Writes OUT/<old>__<new>.json|.html|.docx and prints the reuse "
                    "rates. Different issuers, years or templates are compared all the same, with a note.")
    p.add_argument("old", metavar="OLD", help="the earlier report: document or report JSON")
    p.add_argument("new", metavar="NEW", help="the later report: document or report JSON")
    p.add_argument("--out", help="output folder (without it: a summary is printed and no file written)")
    p.add_argument("--format", default="json,html,docx", help="comma-separated: json, html, docx (default all)")
    p.add_argument("--threshold", type=float, default=None, metavar="0-100",
                   help="sentence similarity that counts as reuse (default from compare.yaml: 80)")
    p.add_argument("--archive", metavar="DIR",
                   help="an archive (`gisnlp tag` output) to learn common wording from: sentences that many "
                        "issuers write are discounted like the template's (needs datasketch)")
    p.set_defaults(func=_run)
