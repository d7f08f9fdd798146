"""Commands ``gisnlp index``, ``gisnlp search`` and ``gisnlp export``."""
from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from ..errors import InputError
from .query import LEVELS

DEFAULT_INDEX = "gisnlp-index"


def _index(args) -> int:
    """Run ``gisnlp index``: add (or, with --rebuild, swap in a fresh index of) the inputs; --remove deletes."""
    from itertools import chain
    from ..compare.pairs import with_reuse
    from ..io import iter_report_dicts
    from .index import MANIFEST, Index
    path = Path(args.index)
    if args.rebuild and path.exists() and not (path / MANIFEST).exists() and any(path.iterdir()):
        raise InputError(f"{path} is not a gisnlp index", "refusing to replace it; give another --index folder")
    if args.rebuild and not args.inputs:
        raise InputError("--rebuild needs the reports to index", "give OUT_OF_TAG folders or files")
    idx = Index(path)
    if args.remove:
        if not idx.exists:
            raise InputError(f"no index at {path}", "nothing to remove from")
        idx.remove(args.remove)
        print(f"removed {len(args.remove)} report(s); index {path} holds {len(idx)} reports", file=sys.stderr)
    if not args.inputs:
        if not args.remove:
            raise InputError("nothing to index", "give OUT_OF_TAG folders or files, or --remove DOC_ID")
        return 0
    _require_reports(args.inputs)        # a missing or report-less input is refused before anything is written
    reports = chain.from_iterable(with_reuse(iter_report_dicts(src), src) for src in args.inputs)
    total = idx.add(reports, workers=args.workers, rebuild=args.rebuild)
    skipped = f", {total.skipped} skipped (see warnings)" if total.skipped else ""
    print(f"indexed {total.reports} reports ({total.replaced} replaced{skipped}), {total.segments} segments, "
          f"{total.facts} facts in {total.seconds:.1f} s; index {path} holds {len(idx)} reports", file=sys.stderr)
    return 1 if total.skipped else 0


def _require_reports(inputs) -> None:
    """Refuse an input that does not exist or holds no report JSON (a folder of documents, say)."""
    from ..io import iter_report_dicts
    for src in inputs:
        if not Path(src).exists():
            raise InputError(f"no such file or folder: {src}", "give the --out folder of `gisnlp tag` or `gisnlp analyze`")
        if next(iter_report_dicts(src), None) is None:
            raise InputError(f"{src} holds no report JSON", "this command reads what `gisnlp tag` or "
                             f"`gisnlp analyze --out` wrote: run `gisnlp tag {src} --out OUT` first")


def _search(args) -> int:
    try:
        return _search_inner(args)
    except BrokenPipeError:              # `gisnlp search ... | head`
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _search_inner(args) -> int:
    from .index import Index
    idx = Index(args.index)
    if not idx.exists:
        raise InputError(f"no index at {args.index}", "build one first: gisnlp index OUT_OF_TAG --index DIR")
    filters = dict(type=args.unit, domain=args.domain, year=args.year, issuer=args.issuer, level=args.level,
                   metric=args.metric, min_value=args.min_value, max_value=args.max_value,
                   failing_check=True if args.failing_check == "" else args.failing_check, cell=args.cell)
    filters = {k: v for k, v in filters.items() if v not in (None, [], False)}
    if args.facets:
        for name in args.facets.split(","):
            counts = idx.facets(args.query, name.strip(), match=args.match, **filters)
            if args.json:
                sys.stdout.write(json.dumps({"facet": name.strip(), "counts": counts}, ensure_ascii=False) + "\n")
            else:
                print(f"{name.strip()}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        return 0
    hits = idx.search(args.query, limit=args.limit, sort=args.sort, match=args.match, **filters)
    total = idx.count(args.query, match=args.match, **filters)
    if args.json:
        for h in hits:
            sys.stdout.write(json.dumps(asdict(h), ensure_ascii=False) + "\n")
        return 0
    color = sys.stdout.isatty()
    on, off = ("\033[1;31m", "\033[0m") if color else ("【", "】")
    print(f"{total} match{'es' if total != 1 else ''}" + (f", showing {len(hits)}" if total > len(hits) else ""))
    if not total:
        print(f"gisnlp: nothing in the {len(idx)} report(s) of {args.index} matches (try fewer words, "
              "--match substring to find parts of words, or fewer filters)", file=sys.stderr)
    for n, h in enumerate(hits, 1):
        where = " > ".join(h.heading_path[-2:])
        head = f"{n}. [{h.type}] {h.doc_id} {h.year or ''} {h.issuer} @{h.start}-{h.end}  score {h.score:.2f}"
        if h.type == "fact":
            head += f"  {h.metric or '?'} = {h.value:g}{h.unit}" + (f" -> {','.join(h.cells)}" if h.cells else "")
        if h.domains:
            head += "  {" + ",".join(h.domains) + "}"
        if h.failing_checks:
            head += f"  failing: {','.join(h.failing_checks[:3])}" + ("..." if len(h.failing_checks) > 3 else "")
        print(head)
        if where:
            print(f"   in: {where}")
        print(f"   {h.marked(on, off)}")
    return 0


def _export(args) -> int:
    from ..errors import GisnlpError
    from .export_es import export_bulk, load_bulk
    if args.address and args.to == "opensearch":
        raise GisnlpError("--address loads with the elasticsearch client, which refuses OpenSearch",
                          "export without --address and run `ES=URL sh OUT/load.sh` (curl works for both)")
    _require_reports(args.inputs)
    res = export_bulk(args.inputs, args.out, prefix=args.prefix, max_bytes=int(args.max_mb * 1024 * 1024),
                      analyzer=args.analyzer)
    print(f"wrote {res.actions} documents ({res.reports} reports) in {len(res.files)} bulk file(s) and "
          f"{res.template} to {args.out}", file=sys.stderr)
    if args.address:
        n = load_bulk(args.out, args.address, api_key=args.api_key)
        print(f"sent {n} documents to {args.address}", file=sys.stderr)
    return 0


def _domain_ids() -> list[str]:
    """The domain ids of gisnlp/data/domains.yaml (listed in ``search --help``)."""
    from ..domains.labels import domain_table
    return list(domain_table())


def register(sub) -> None:
    """Add the ``index``, ``search`` and ``export`` commands to the ``gisnlp`` parser."""
    p = sub.add_parser("index", help="build or update the embedded search index from tagged reports")
    p.add_argument("inputs", nargs="*", metavar="OUT_OF_TAG",
                   help="folder (or .jsonl/.json) written by `gisnlp tag` or `gisnlp analyze --out`")
    p.add_argument("--index", default=DEFAULT_INDEX, help=f"index folder (default {DEFAULT_INDEX})")
    p.add_argument("--rebuild", action="store_true", help="build a new index from the inputs alone and swap it in when complete (searches meanwhile see the old one)")
    p.add_argument("--jobs", "-j", "--workers", dest="workers", type=int, default=1,
                   help="processes that tokenize (default 1; --workers is the older name)")
    p.add_argument("--remove", action="append", metavar="DOC_ID", help="delete a report's units (repeatable)")
    p.set_defaults(func=_index)

    s = sub.add_parser("search", help="search the index: paragraphs, facts or reports",
                       description="QUERY: words (jieba tokens; several = phrase), \"phrases\", -exclude, A OR B, "
                       "and field:value filters such as domain:education year:>=2021 metric:政府信息公开申请 "
                       "value:>1000 check:fail. An empty QUERY with filters lists what matches.")
    s.add_argument("query", nargs="?", default="", help="the query (quote it in the shell)")
    s.add_argument("--index", default=DEFAULT_INDEX, help=f"index folder (default {DEFAULT_INDEX})")
    s.add_argument("--unit", choices=("segment", "fact", "report"), help="what to return (default: all)")
    s.add_argument("--domain", action="append", metavar="ID",
                   help="disclosure domain (repeat = any of): " + ", ".join(_domain_ids()))
    s.add_argument("--year", help="2023, 2021-2023 or >=2021")
    s.add_argument("--issuer", help="issuer contains these words, e.g. 静安区 (=NAME for exactly it)")
    s.add_argument("--level", action="append", help="issuer level (repeat = any of): " + ", ".join(LEVELS))
    s.add_argument("--metric", help="fact metric contains these words, e.g. 政府信息公开申请 (=政府信息公开申请 for exactly it)")
    s.add_argument("--cell", action="append", help="linked table cell id or prefix, e.g. t3.new")
    s.add_argument("--min-value", type=float, help="fact value at least this")
    s.add_argument("--max-value", type=float, help="fact value at most this")
    s.add_argument("--failing-check", nargs="?", const="", metavar="RULE",
                   help="only reports with a failing check (optionally a rule id or prefix, e.g. t3.balance)")
    s.add_argument("--match", choices=("word", "substring"), default="word",
                   help="word: jieba words, 教育 does not find 教育局 (default); substring: any 2+ characters")
    s.add_argument("--sort", choices=("score", "value", "year", "doc"), default="score",
                   help="order of the hits (default score; value and year from the largest)")
    s.add_argument("--limit", type=int, default=10, help="hits to show (default 10)")
    s.add_argument("--facets", metavar="FIELDS", help="print counts instead of hits, e.g. domain,year,level "
                   "(also type, kind, unit, metric, issuer, doc); they count every unit that matches: "
                   "add --unit report to count reports")
    s.add_argument("--json", action="store_true", help="one JSON hit per line")
    s.set_defaults(func=_search)

    e = sub.add_parser("export", help="write Elasticsearch/OpenSearch bulk NDJSON and an index template")
    e.add_argument("inputs", nargs="+", metavar="OUT_OF_TAG",
                   help="folder (or .jsonl/.json) written by `gisnlp tag` or `gisnlp analyze --out`")
    e.add_argument("--to", choices=("elasticsearch", "opensearch"), default="elasticsearch",
                   help="target of the bulk files (default elasticsearch)")
    e.add_argument("--out", required=True, help="output folder")
    e.add_argument("--prefix", default="gisnlp", help="index name prefix (default gisnlp: gisnlp-segments, ...)")
    e.add_argument("--analyzer", default="smartcn", choices=("smartcn", "ik_smart", "ik_max_word", "cjk", "standard"),
                   help="Chinese analyzer of text fields (smartcn and ik need the cluster plugin; cjk is built in)")
    e.add_argument("--max-mb", type=float, default=10.0, help="size cap of each bulk file in MiB (default 10)")
    e.add_argument("--address", help="also load into this cluster, e.g. http://localhost:9200 "
                   "(needs the elasticsearch package)")
    e.add_argument("--api-key", help="API key for --address")
    e.set_defaults(func=_export)
