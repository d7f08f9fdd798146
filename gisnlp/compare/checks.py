"""Cross-year checks of a comparison, each with its arithmetic.

* ``year.carry.<column>`` and ``year.prev_items.<row>``: the carry-over identities,
  computed by ``gisnlp.link.series.compare_pair`` (the one implementation, also
  used by ``audit_series`` and ``gisnlp tag``);
* ``claim.change``: each change claim of NEW recomputed (``claims``);
* ``copy.problems``: 存在的主要问题及改进情况 reused from the year before.
"""
from __future__ import annotations

from typing import Iterable, Optional

from ..report import Report
from .model import CheckResult, Claim, Passage, SectionPair
from .settings import Settings

PROBLEMS = "problems"


def carry_checks(old: Report, new: Report, rows: Optional[Iterable[dict]] = None) -> list[CheckResult]:
    """Carry-over checks of OLD → NEW (``rows``: already computed ``compare_pair`` rows, if any)."""
    if rows is None:
        from ..link.series import compare_pair, normalize_issuer   # the link rules load only when needed
        key = normalize_issuer(new.meta.issuer) or normalize_issuer(old.meta.issuer)
        rows = compare_pair(key, old, new)
    return [CheckResult(r["rule"], r["status"], r["detail"], list(r.get("cells") or [])) for r in rows]


def claim_checks(claims: list[Claim]) -> list[CheckResult]:
    """One ``claim.change`` check per claim that could be recomputed or failed to be."""
    return [CheckResult("claim.change", c.status, f"{c.text}: {c.detail}",
                        c.basis.split("+") if c.basis and not c.basis.startswith("metric") else [])
            for c in claims]


def _excerpt(text: str, p: Passage, width: int = 24) -> str:
    s = " ".join((text or "")[p.new_start:p.new_end].split())
    return s if len(s) <= width else s[:width] + "…"


def problems_check(section: Optional[SectionPair], passages: list[Passage], new_text: str,
                   settings: Settings) -> CheckResult:
    """Fail when NEW's 存在的主要问题及改进情况 repeats OLD's above ``problems_copied``."""
    if section is None or section.status != "both" or section.reuse is None:
        missing = "either year" if section is None else {"old_only": "the new report",
                                                          "new_only": "the old report"}.get(section.status,
                                                                                            "the new report")
        return CheckResult("copy.problems", "unknown",
                           f"存在的主要问题及改进情况: not found in {missing} (or it holds only template wording)")
    own = [p for p in passages if p.section == PROBLEMS]
    where = "; ".join(f"NEW {p.new_start}-{p.new_end} = OLD {p.old_start}-{p.old_end} “{_excerpt(new_text, p)}”"
                      for p in own[:5])
    more = f" and {len(own) - 5} more" if len(own) > 5 else ""
    share = f"{section.reuse:.0%} of its text ({section.reused_chars} of {section.chars_new} characters)"
    if section.reuse >= settings.problems_copied:
        return CheckResult("copy.problems", "fail",
                           f"存在的主要问题及改进情况 repeats last year's: {share} in {len(own)} passage(s): "
                           f"{where}{more}")
    return CheckResult("copy.problems", "pass", f"存在的主要问题及改进情况 reused {share}, below "
                       f"{settings.problems_copied:.0%}" + (f": {where}{more}" if own else ""))
