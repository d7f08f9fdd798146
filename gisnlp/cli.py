"""Command line: ``gisnlp analyze | tag | index | search | export | view``.

Each command lives with the module that does the work (``register(subparsers)``
adds its parser); this file only dispatches and turns errors into one line.
"""
from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from pathlib import Path

from .errors import GisnlpError

DOMAIN_MODEL_HELP = ("domain classifier by name (default: auto, the one named in models/domains_manifest.json; "
                     "an unknown name is refused with the list of valid ones)")

# module that registers each group of commands
COMMAND_MODULES = ("gisnlp.batch.cli", "gisnlp.search.cli", "gisnlp.viewer.cli")


def _analyze(args) -> int:
    from .pipeline import load
    nlp = load(strict=args.debug,
               config={"domains": {"model": args.domain_model}} if args.domain_model else None)
    out = Path(args.out) if args.out else None
    if out:
        out.mkdir(parents=True, exist_ok=True)
    failed = 0
    jsonl = None
    if args.format == "jsonl":
        jsonl = open(out / "reports.jsonl", "w", encoding="utf-8") if out else sys.stdout
    for src in args.files:
        try:
            if src == "-":
                report = nlp(sys.stdin.buffer.read(), doc_id="stdin")
            else:
                report = nlp(src)
        except GisnlpError as e:
            failed += 1
            print(f"gisnlp: {src}: {e}", file=sys.stderr)
            continue
        except Exception as e:  # never lose the rest of the batch
            if args.debug:
                raise
            failed += 1
            print(f"gisnlp: {src}: internal error {type(e).__name__}: {e} (rerun with --debug for a traceback)",
                  file=sys.stderr)
            continue
        for w in report.meta.warnings:
            logging.getLogger("gisnlp").info("%s: %s", src, w)
        if jsonl is not None:
            jsonl.write(json.dumps(report.to_dict(include_text=not args.no_text), ensure_ascii=False) + "\n")
        elif out:
            (out / f"{report.doc_id}.json").write_text(report.to_json(include_text=not args.no_text),
                                                      encoding="utf-8")
        else:
            sys.stdout.write(report.to_json(include_text=not args.no_text) + "\n")
    if jsonl is not None and jsonl is not sys.stdout:
        jsonl.close()
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="gisnlp", description="Read Chinese government information-disclosure "
                                "annual reports into structured, checked, searchable data.")
    p.add_argument("--debug", action="store_true", help="show tracebacks and stop on the first step error")
    p.add_argument("-v", "--verbose", action="store_true", help="log warnings for each document")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    a = sub.add_parser("analyze", help="analyse documents into per-document JSON")
    a.add_argument("files", nargs="+", help="txt, md, html, docx or pdf files; - reads standard input")
    a.add_argument("--out", help="output folder (DIR/<doc_id>.json); standard output if omitted")
    a.add_argument("--format", choices=("json", "jsonl"), default="json")
    a.add_argument("--no-text", action="store_true", help="leave the document text out of the JSON")
    a.add_argument("--domain-model", metavar="NAME", help=DOMAIN_MODEL_HELP)
    a.set_defaults(func=_analyze)
    for mod in COMMAND_MODULES:
        try:
            importlib.import_module(mod).register(sub)
        except ImportError:
            pass
    return p


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="gisnlp: %(message)s")
    try:
        return args.func(args)
    except GisnlpError as e:
        if args.debug:
            raise
        print(f"gisnlp: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("gisnlp: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into head/less that closed early
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
