"""Check that analyze's output is unchanged on the seeds, the corpus and examples/.

A refactor must not change what gisnlp emits. This script analyses every input
in ``../shared/seeds``, ``../shared/corpus/files`` and ``examples/`` and
compares a SHA-256 digest of each top-level JSON field (meta, tables, facts,
segments, checks, ...) with the digests stored in
``scripts/outputs_digest.json``. It prints, per document, which fields
changed, so a change meant for one step can be seen to touch only that step.

    python3 scripts/check_outputs.py            # compare; exit 1 on any change
    python3 scripts/check_outputs.py --update   # store the current digests
    python3 scripts/check_outputs.py --show r0015 --field tables   # print a field

Inputs absent on this machine (no ../shared) are skipped and said so.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DIGESTS = Path(__file__).with_name("outputs_digest.json")
FORMATS = {".txt", ".md", ".html", ".htm", ".docx", ".pdf", ".doc", ".xlsx", ".xls"}


def inputs() -> list[Path]:
    """Every document the digest covers, in a fixed order."""
    found = []
    for folder in (SHARED / "seeds", SHARED / "corpus" / "files", ROOT / "examples"):
        if folder.is_dir():
            found += sorted(p for p in folder.iterdir() if p.suffix.lower() in FORMATS)
    return found


def key_of(path: Path) -> str:
    """A stable key: the folder it came from and the file name."""
    return f"{path.parent.name}/{path.name}"


def field_digests(report_dict: dict) -> dict[str, str]:
    """SHA-256 of each top-level field, serialised canonically."""
    out = {}
    source = report_dict.get("source")
    if isinstance(source, dict) and source.get("path"):
        # the absolute path depends on the checkout; keep only the file name
        report_dict = {**report_dict, "source": {**source, "path": Path(source["path"]).name}}
    for name, value in sorted(report_dict.items()):
        blob = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        out[name] = hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]
    return out


def analyse_all(paths: list[Path]) -> dict[str, dict]:
    """Run the default pipeline on each path; a failure is recorded, not raised."""
    sys.path.insert(0, str(ROOT))
    import gisnlp
    nlp = gisnlp.load()
    results = {}
    for p in paths:
        try:
            results[key_of(p)] = nlp(p).to_dict()
        except gisnlp.GisnlpError as e:
            results[key_of(p)] = {"error": str(e)}
    return results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--update", action="store_true", help="store the current digests")
    ap.add_argument("--show", help="print one document's output (substring of its key)")
    ap.add_argument("--field", help="with --show: only this top-level field")
    args = ap.parse_args(argv)

    paths = inputs()
    if not (SHARED / "seeds").is_dir():
        print(f"note: {SHARED} is absent; only examples/ are checked")
    if args.show:
        paths = [p for p in paths if args.show in key_of(p)]
        for key, d in analyse_all(paths).items():
            print(f"== {key}")
            print(json.dumps(d.get(args.field) if args.field else d, ensure_ascii=False, indent=1))
        return 0

    current = {k: field_digests(d) for k, d in analyse_all(paths).items()}
    if args.update:
        DIGESTS.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"stored digests of {len(current)} documents in {DIGESTS.name}")
        return 0
    if not DIGESTS.exists():
        print(f"no {DIGESTS.name} yet: run with --update first")
        return 1
    stored = json.loads(DIGESTS.read_text(encoding="utf-8"))
    changed = 0
    for key, fields in current.items():
        if key not in stored:
            print(f"{key}: not in the stored digests")
            continue
        diff = sorted(f for f in set(fields) | set(stored[key]) if fields.get(f) != stored[key].get(f))
        if diff:
            changed += 1
            print(f"{key}: changed {', '.join(diff)}")
    print(f"{len(current)} documents, {changed} changed")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
