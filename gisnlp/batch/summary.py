"""The run summary of ``gisnlp tag``: what was tagged, what failed and why, how fast.

Everything except the ``run`` section is derived from the output files, so it is
identical on reruns; ``run`` describes this invocation (throughput, memory).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Optional

from ..link.series import normalize_issuer


class SummaryBuilder:
    """Accumulates per-document facts while the final files are written."""

    def __init__(self):
        """Start with nothing counted."""
        self.found = 0
        self.ok = 0
        self.failures: list[dict] = []
        self.not_reports: list[dict] = []
        self.partial: list[dict] = []
        self.checks_total = 0
        self.failed_by_rule: Counter = Counter()
        self.failed_per_report: dict[str, list[str]] = {}
        self.by_format: Counter = Counter()
        self.by_year: Counter = Counter()
        self.issuers: set = set()

    def add_ok(self, d: dict) -> None:
        """Count one tagged report (its dict as written to reports.jsonl)."""
        self.found += 1
        self.ok += 1
        meta, doc_id = d.get("meta") or {}, d.get("doc_id")
        path = (d.get("source") or {}).get("path")
        self.by_format[(d.get("source") or {}).get("format") or "?"] += 1
        self.by_year[str(meta.get("year"))] += 1
        if meta.get("issuer"):            # name variants of one issuer count once (as the viewer does)
            self.issuers.add(normalize_issuer(meta["issuer"]) or meta["issuer"])
        if meta.get("doc_type") != "annual_report":
            self.not_reports.append({"doc_id": doc_id, "path": path, "doc_type": meta.get("doc_type"),
                                     "reason": f"read as {meta.get('doc_type')!r}, not an annual report"})
        if meta.get("partial"):
            self.partial.append({"doc_id": doc_id, "path": path, "warnings": list(meta.get("warnings") or [])})
        checks = d.get("checks") or []
        self.checks_total += len(checks)
        failed = sorted({c.get("rule") for c in checks if c.get("status") == "fail"})
        if failed:
            self.failed_per_report[doc_id] = failed
            self.failed_by_rule.update(failed)

    def add_failure(self, job, reason: str) -> None:
        """Count one document that could not be tagged, with the reason shown to the user."""
        self.found += 1
        self.failures.append({"doc_id": job.doc_id, "path": job.key, "sha256": job.sha256 or None,
                              "reason": reason})

    def sorted_failures(self) -> list[dict]:
        """The failures in doc_id order (as failures.jsonl lists them)."""
        return sorted(self.failures, key=lambda f: f["doc_id"])

    def build(self, series: dict, run: Optional[dict] = None, dropped_rows: list = ()) -> dict:
        """The summary dict written to summary.json."""
        return {
            "documents": {"found": self.found, "tagged": self.ok, "failed": len(self.failures),
                          "partial": len(self.partial), "not_reports": len(self.not_reports),
                          "issuers": len(self.issuers),
                          "by_format": dict(sorted(self.by_format.items())),
                          "by_year": dict(sorted(self.by_year.items()))},
            "failures": self.sorted_failures(),
            "not_reports": sorted(self.not_reports, key=lambda f: f["doc_id"]),
            "partial": sorted(self.partial, key=lambda f: f["doc_id"]),
            "checks": {"total": self.checks_total,
                       "failed": sum(len(v) for v in self.failed_per_report.values()),
                       "reports_with_failures": len(self.failed_per_report),
                       "failed_by_rule": dict(sorted(self.failed_by_rule.items())),
                       "failed_per_report": dict(sorted(self.failed_per_report.items()))},
            "series_checks": series,
            "parquet_rows_dropped": list(dropped_rows),
            "run": run or {},
        }


def run_stats(results: list, elapsed: float, engine: str, workers: int, skipped: int,
              recovered_bytes: int) -> dict:
    """Throughput, per-step time and peak memory per worker process of this invocation."""
    tagged = len(results)
    steps: dict[str, float] = defaultdict(float)
    rss: dict[int, float] = {}
    doc_seconds = cpu = 0.0
    for r in results:
        doc_seconds += r.seconds
        cpu += r.cpu_seconds
        for k, v in (r.timings or {}).items():
            steps[k] += v
        if r.pid:
            rss[r.pid] = max(rss.get(r.pid, 0.0), r.max_rss_mb)
    ok = [r for r in results if r.status == "ok"]
    return {
        "engine": engine, "workers": workers, "elapsed_s": round(elapsed, 3),
        "processed": tagged, "skipped_already_done": skipped, "recovered_bytes": recovered_bytes,
        "docs_per_s": round(tagged / elapsed, 2) if elapsed > 0 else None,
        "docs_per_s_per_worker": round(tagged / elapsed / max(workers, 1), 2) if elapsed > 0 else None,
        "mean_doc_s": round(doc_seconds / tagged, 5) if tagged else None,
        "mean_doc_cpu_s": round(cpu / tagged, 5) if tagged else None,
        "docs_per_cpu_s": round(tagged / cpu, 2) if cpu > 0 else None,
        "step_s_mean": {k: round(v / max(len(ok), 1), 5) for k, v in sorted(steps.items(), key=lambda kv: -kv[1])},
        "peak_rss_mb_per_worker": {str(p): round(v, 1) for p, v in sorted(rss.items())},
    }


def format_summary(s: dict, out: str) -> str:
    """A few lines for people: counts, failures with reasons, checks, speed."""
    d, c, run = s["documents"], s["checks"], s.get("run") or {}
    lines = [f"gisnlp tag: {d['tagged']} of {d['found']} documents tagged, {d['failed']} failed"
             + (f", {d['partial']} partial" if d["partial"] else "")
             + (f", {d['not_reports']} not {'a report' if d['not_reports'] == 1 else 'reports'}"
                if d["not_reports"] else "") + f" -> {out}"]
    if run:
        speed = f"{run['docs_per_s']} docs/s on {run['workers']} {run['engine']} worker(s)" \
            if run.get("processed") else "nothing new to tag"
        lines.append(f"  this run: {run['processed']} processed, {run['skipped_already_done']} already done, "
                     f"{run['elapsed_s']} s, {speed}")
    for f in s["failures"][:20]:
        lines.append(f"  FAILED {f['path']}: {f['reason']}")
    if len(s["failures"]) > 20:
        lines.append(f"  ... {len(s['failures']) - 20} more in failures.jsonl")
    for f in s["not_reports"][:10]:
        lines.append(f"  note   {f['path']}: {f['reason']}")
    lines.append(f"  checks: {c['failed']} failed of {c['total']} in {c['reports_with_failures']} reports"
                 + "".join(f"; {r} x{n}" for r, n in sorted(c["failed_by_rule"].items(), key=lambda kv: -kv[1])[:5]))
    lines.append("  " + format_series(s["series_checks"]))
    if s["series_checks"].get("comparisons"):
        sc = s["series_checks"]
        lines.append(f"  year-over-year comparisons: {sc['comparisons']} pair{'s' if sc['comparisons'] != 1 else ''} "
                     "in comparisons.jsonl"
                     + (f", {sc['comparison_errors']} could not be compared" if sc.get("comparison_errors") else ""))
    return "\n".join(lines)


def format_series(sc: dict) -> str:
    """One line on the cross-year checks, saying how many could not be checked at all."""
    if not sc.get("total"):
        return f"cross-year checks: none ({sc.get('series', 0)} issuer series with two or more years)"
    unknown = sc.get("unknown", sc["total"] - sc["failed"] - sc.get("passed", 0))
    passed = sc.get("passed", sc["total"] - sc["failed"] - unknown)
    line = f"cross-year checks over {sc['series']} issuer series: {sc['failed']} failed, {passed} passed"
    if unknown:
        line += f", {unknown} could not be checked (years not consecutive or figures missing; see series_checks.jsonl)"
    return line
