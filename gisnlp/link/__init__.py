"""Link narrative facts to table cells and audit narrative vs tables vs other years.

Pipeline step ``link`` (``make_link``): sets ``Fact.cell`` / ``Fact.cells``,
settles ambiguous flattened rows the narrative confirms, and adds
``link.mismatch.*`` and ``link.share.*`` checks. ``audit_series`` compares one
issuer's consecutive reports (carry-over and item counts).
"""
from __future__ import annotations

from ..report import Report
from .audit import audit_shares
from .linker import Decision, Linker, agrees, compact_id
from .rules import RuleSet, build_rules, load_rules
from .series import audit_series, compare_pair, group_series, normalize_issuer

__all__ = ["make_link", "link_report", "audit_series", "audit_shares", "compare_pair",
           "group_series", "normalize_issuer", "Linker", "Decision", "RuleSet", "build_rules",
           "load_rules", "agrees", "compact_id"]


def link_report(report: Report, rules: RuleSet | None = None, mismatch: bool = True,
                shares: bool = True) -> list[Decision]:
    """Link ``report.facts`` in place, add the audit checks; return the per-fact decisions."""
    rules = rules or load_rules()
    report.checks = [c for c in report.checks if not c.rule.startswith(("link.mismatch.", "link.share."))]
    linker = Linker(rules, mismatch=mismatch)
    decisions = linker.link(report)
    if shares:
        report.checks.extend(audit_shares(report, linker.contexts, rules))
    return decisions


def make_link(rules: str = "cell_links.yaml", mismatch: bool = True, shares: bool = True):
    """Step factory: link facts to cells (rules file under gisnlp/data), audit mismatches and shares."""
    ruleset = load_rules(rules)

    def link_step(report: Report) -> Report:
        if report.facts:
            link_report(report, ruleset, mismatch=mismatch, shares=shares)
        return report
    return link_step
