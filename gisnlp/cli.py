"""Command line: ``gisnlp analyze | tag | index | search | export | view | compare``.

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
from typing import Optional

from . import __version__
from .errors import GisnlpError
from .inputs import display_name, missing, qualified_name, report_files, unique_ids, unreadable

DOMAIN_MODEL_HELP = ("domain classifier by name (default: auto, the one named in models/domains_manifest.json; "
                     "an unknown name is refused with the list of valid ones)")

# inputs that are not one document, and the command that reads them
_TAKES_OUTPUT = ("a JSON file, not a report document",
                 "the report JSON gisnlp writes is read by `gisnlp view`, `gisnlp compare` and `gisnlp index`")
_TAKES_ARCHIVE = ("an archive, not one document", "`gisnlp tag ARCHIVE --out OUT` reads every report in it")
# (a .zip is read as the report attachment it holds: readers/zip_attachment.py)
OTHER_COMMANDS_INPUTS = {".json": _TAKES_OUTPUT, ".jsonl": _TAKES_OUTPUT,
                         ".tar": _TAKES_ARCHIVE, ".tar.gz": _TAKES_ARCHIVE, ".tgz": _TAKES_ARCHIVE}

# module that registers each group of commands
COMMAND_MODULES = ("gisnlp.batch.tag_command", "gisnlp.search.search_commands", "gisnlp.viewer.view_command",
                   "gisnlp.compare.command")


def _analyze(args) -> int:
    """Run ``gisnlp analyze``: one JSON per input (unique doc ids), one summary line per document on stderr."""
    from .pipeline import load
    inputs = _analysis_inputs(args.files)
    if args.tables and len(inputs) != 1:
        raise GisnlpError("--tables goes with one report file", "analyse the reports one at a time")
    nlp = load(strict=args.debug,
               config={"domains": {"model": args.domain_model}} if args.domain_model else None)
    out = Path(args.out) if args.out else None
    if out:
        out.mkdir(parents=True, exist_ok=True)
    failed = 0
    jsonl = None
    if args.format == "jsonl" or (not out and len(inputs) > 1):   # several JSON documents on stdout: one a line
        jsonl = open(out / "reports.jsonl", "w", encoding="utf-8") if out else sys.stdout
    progress = _Lines(len(inputs), quiet=args.quiet)
    for src, doc_id, tables in inputs:
        shown = display_name(src)
        try:
            with progress.ocr_pages(shown):
                if src == "-":
                    report = nlp(_read_stdin(), doc_id="stdin")
                else:
                    _check_document(src)
                    report = nlp(Path(src), doc_id=doc_id, tables=args.tables or tables)
        except GisnlpError as e:
            failed += 1
            progress.write(f"gisnlp: {shown}: {e}")
            continue
        except OSError as e:              # no permission, a folder, an I/O error: the same line `tag` gives
            if args.debug:
                raise
            failed += 1
            progress.write(f"gisnlp: {shown}: {unreadable(e)}")
            continue
        except Exception as e:  # never lose the rest of the batch
            if args.debug:
                raise
            failed += 1
            progress.write(f"gisnlp: {shown}: internal error {type(e).__name__}: {e} (rerun with --debug for a traceback)")
            continue
        finally:
            progress.update()
        for w in report.meta.warnings:
            logging.getLogger("gisnlp").info("%s: %s", src, w)
        if jsonl is not None:
            jsonl.write(json.dumps(report.to_dict(include_text=not args.no_text), ensure_ascii=False) + "\n")
        elif out:
            (out / f"{report.doc_id}.json").write_text(report.to_json(include_text=not args.no_text),
                                                      encoding="utf-8")
        else:
            sys.stdout.write(report.to_json(include_text=not args.no_text) + "\n")
        if not args.quiet:
            progress.write(summary_line(report))
    progress.close()
    if jsonl is not None and jsonl is not sys.stdout:
        jsonl.close()
    return 1 if failed else 0


def _analysis_inputs(files: list[str]) -> list[tuple[str, Optional[str], Optional[str]]]:
    """(source, doc_id, tables) per distinct input, a folder giving the report files under it.

    ``doc_id`` None keeps the file name as the id; where two names collide (``a/report.txt
    b/report.txt``) each gets its path, so no output overwrites another. ``tables`` is a
    spreadsheet named like the report in its folder (``report.docx`` + ``report.xlsx``), read
    with it as ``gisnlp tag`` does, and not analysed on its own.
    """
    from .readers.pairing import pair_by_stem
    seen: dict[str, str] = {}
    for arg in files:
        found = report_files(arg) if arg != "-" and Path(arg).is_dir() else []
        for src in [str(f) for f in found] or [arg]:
            key = src if src == "-" else str(Path(src).absolute())
            seen.setdefault(key, src)        # the same file named twice is analysed once
    tables = pair_by_stem([k for k in seen if seen[k] != "-"])
    keys = [k for k in seen if k not in set(tables.values())]
    items = [("stdin", "stdin", k) if seen[k] == "-"
             else (display_name(Path(seen[k]).stem), qualified_name(seen[k]), k) for k in keys]
    ids = unique_ids(items)
    return [(seen[k], None if i == stem else i, tables.get(k)) for k, i, (stem, _, _) in zip(keys, ids, items)]


def _check_document(src: str) -> None:
    """Raise ``GisnlpError`` for a command-line input that is not one document to read: a name
    that matches no file (never analysed as text), a folder holding no report file, a JSON file
    or an archive (which other commands read)."""
    if not Path(src).exists():
        raise GisnlpError(missing(src))
    if Path(src).is_dir():
        raise GisnlpError("the folder holds no report file",
                          "gisnlp reads " + " ".join(_extensions()) + "; use `gisnlp tag` for archives")
    low = src.lower()
    other = next((v for k, v in OTHER_COMMANDS_INPUTS.items() if low.endswith(k)), None)
    if other is not None:
        raise GisnlpError(*other)


def _read_stdin() -> bytes:
    """Standard input, refused once it passes the size limit (not read to its end first)."""
    from .errors import InputError
    from .readers import MAX_BYTES
    if sys.stdin.isatty():
        print("gisnlp: reading a report from standard input (end it with Ctrl-D)", file=sys.stderr)
    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    if not data:
        raise InputError("standard input is empty", "pipe a report into it, e.g. `cat report.txt | gisnlp analyze -`")
    if len(data) > MAX_BYTES:
        raise InputError(f"standard input is over the {MAX_BYTES // (1024 * 1024)} MiB limit",
                         "split it, or raise GISNLP_MAX_BYTES if it really is one report")
    return data


def _extensions() -> list[str]:
    """The file extensions the readers handle."""
    from .readers import SUPPORTED_EXTENSIONS
    return list(SUPPORTED_EXTENSIONS)


def summary_line(report) -> str:
    """One line about an analysed document: id, type, year, issuer, cells, facts, failed checks."""
    m = report.meta
    what = m.summary() or "?"
    failed = report.failed_checks()
    line = (f"gisnlp: {report.doc_id}: {what}; {len(report.cells)} cells, {len(report.facts)} facts, "
            f"{len(failed)} failed check{'s' if len(failed) != 1 else ''}")
    if m.partial:
        line += " (partial: see the warnings in the JSON)"
    elif m.doc_type == "other":
        line += " (not recognised as a report: see the warnings in the JSON)"
    return line


class _Lines:
    """Progress of ``analyze`` on stderr: a tqdm bar on a terminal for many files, else plain lines."""

    MIN_FILES_FOR_BAR = 5

    def __init__(self, total: int, quiet: bool = False):
        """A bar when stderr is a terminal, tqdm is installed and there are enough files."""
        self.bar = None
        self.live = not quiet and sys.stderr.isatty()      # a terminal someone watches
        self.pending = False                                # an OCR status line waits to be cleared
        if self.live and total >= self.MIN_FILES_FOR_BAR:
            try:
                from tqdm import tqdm
                self.bar = tqdm(total=total, unit="doc", desc="gisnlp analyze", file=sys.stderr, leave=False)
            except ImportError:
                pass

    def write(self, line: str) -> None:
        """Print a line above the bar (or just print it)."""
        self._clear()
        if self.bar is not None:
            self.bar.write(line, file=sys.stderr)
        else:
            print(line, file=sys.stderr)

    def ocr_pages(self, shown: str):
        """A context in which each page OCR reads is announced on the terminal (OCR takes
        seconds a page); nothing when stderr is not a terminal or with -q."""
        from contextlib import nullcontext
        from .readers.ocr_progress import listening
        if not self.live:
            return nullcontext()

        def show(number: int, total: int) -> None:
            """Overwrite the status line (or the bar's postfix) with the page being read."""
            status = f"{shown}: reading page {number} of {total} by OCR"
            if self.bar is not None:
                self.bar.set_postfix_str(status)
            else:
                sys.stderr.write(f"\r\x1b[Kgisnlp: {status}")
                self.pending = True
        return listening(show)

    def _clear(self) -> None:
        """Erase the OCR status line, if one is shown."""
        if self.pending:
            sys.stderr.write("\r\x1b[K")
            self.pending = False

    def update(self) -> None:
        """One more document done."""
        self._clear()
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        """Remove the bar."""
        if self.bar is not None:
            self.bar.close()


def build_parser() -> argparse.ArgumentParser:
    """The ``gisnlp`` argument parser, with the commands of every registered module."""
    p = argparse.ArgumentParser(prog="gisnlp", description="Read Chinese government information-disclosure "
                                "annual reports into structured, checked, searchable data.",
                                epilog="Start with: gisnlp analyze REPORT.pdf --out out/  (one JSON per report in "
                                "out/; `gisnlp view out/ --out site/` shows them). `gisnlp COMMAND --help` for more.")
    _global_options(p, default=False)
    p.add_argument("--version", action="version", version=f"gisnlp {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    a = sub.add_parser("analyze", help="analyse documents into per-document JSON",
                       description="Analyse each FILE (a folder: the report files under it) into one JSON. "
                       "Exit status: 0 every input analysed, 1 some failed (one line each on standard error), "
                       "2 usage error.")
    a.add_argument("files", nargs="+", metavar="FILE",
                   help="txt, md, html, pdf, doc(x), wps, rtf, xls(x) or page images (OCR extra); a folder; "
                        "- reads standard input")
    a.add_argument("--out", help="output folder (DIR/<doc_id>.json); standard output if omitted "
                   "(several reports: one JSON a line)")
    a.add_argument("--format", choices=("json", "jsonl"), default="json",
                   help="json: one file per report (default); jsonl: all in DIR/reports.jsonl")
    a.add_argument("--no-text", action="store_true", help="leave the document text out of the JSON")
    a.add_argument("--tables", help="a file (.xlsx, .xls, ...) holding the report's tables; one FILE only")
    a.add_argument("-q", "--quiet", action="store_true", help="no summary line per document on standard error")
    a.add_argument("--domain-model", metavar="NAME", help=DOMAIN_MODEL_HELP)
    a.set_defaults(func=_analyze)
    for mod in COMMAND_MODULES:
        try:
            importlib.import_module(mod).register(sub)
        except ImportError:
            pass
    for command in sub.choices.values():   # `gisnlp analyze FILE --debug` works as `gisnlp --debug analyze FILE`
        _global_options(command, default=argparse.SUPPRESS)
    return p


def _global_options(parser: argparse.ArgumentParser, default) -> None:
    """``--debug`` and ``-v``, on the main parser (``default`` False) and after every command
    (``default`` SUPPRESS, so a command that is not given them keeps the main parser's value)."""
    parser.add_argument("--debug", action="store_true", default=default,
                        help="show tracebacks and stop on the first step error")
    parser.add_argument("-v", "--verbose", action="store_true", default=default,
                        help="log warnings for each document")


def main(argv=None) -> int:
    """Run the command line; returns the exit status (errors become one line on stderr)."""
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
    except OSError as e:     # --out is a file, a folder cannot be made, the disk is full: one line
        if args.debug:
            raise
        from .outputs import refused
        print(f"gisnlp: {refused(e)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
