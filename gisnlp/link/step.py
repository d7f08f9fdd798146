"""The ``link`` pipeline step: facts -> cells, mismatch and share checks.

``link_report`` runs the :class:`~gisnlp.link.linker.Linker` over one report
(settling ambiguous table rows on the way) and adds the share audit; the
facts' contexts are built once and shared by both.
"""
from __future__ import annotations

from typing import Optional

from ..report import Report
from .linker import Decision, Linker
from .rules import RuleSet, load_rules
from .shares import audit_shares

_LINK_CHECKS = ("link.mismatch.", "link.share.")


def link_report(report: Report, rules: Optional[RuleSet] = None, mismatch: bool = True,
                shares: bool = True) -> list[Decision]:
    """Link ``report.facts`` in place, add the audit checks; return the per-fact decisions.

    Checks of an earlier run of this step are replaced, so running it twice
    gives the same report.
    """
    rules = rules or load_rules()
    report.checks = [c for c in report.checks if not c.rule.startswith(_LINK_CHECKS)]
    linker = Linker(rules, mismatch=mismatch)
    contexts = linker.contexts(report)
    decisions = linker.link(report, contexts)
    if shares:
        report.checks.extend(audit_shares(report, contexts, rules))
    return decisions


def make_link(rules: str = "cell_links.yaml", mismatch: bool = True, shares: bool = True):
    """Step factory: link facts to cells and audit mismatches and shares.

    ``rules``: a rules file under gisnlp/data; ``mismatch``: add
    ``link.mismatch.*`` checks; ``shares``: add ``link.share.*`` checks.
    """
    ruleset = load_rules(rules)

    def link_step(report: Report) -> Report:
        """Link the report's facts (a report without facts is left as it is)."""
        if report.facts:
            link_report(report, ruleset, mismatch=mismatch, shares=shares)
        return report
    return link_step
