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
    return _link_with(Linker(rules or load_rules(), mismatch=mismatch), report, shares)


def _link_with(linker: Linker, report: Report, shares: bool) -> list[Decision]:
    """:func:`link_report` with a linker made once (the step reuses it across reports)."""
    report.checks = [c for c in report.checks if not c.rule.startswith(_LINK_CHECKS)]
    contexts = linker.contexts(report)
    decisions = linker.link(report, contexts)
    if shares:
        report.checks.extend(audit_shares(report, contexts, linker.rules))
    return decisions


def make_link(rules: str = "cell_links.yaml", mismatch: bool = True, shares: bool = True):
    """Step factory: link facts to cells and audit mismatches and shares.

    ``rules``: a rules file under gisnlp/data; ``mismatch``: add
    ``link.mismatch.*`` checks; ``shares``: add ``link.share.*`` checks.
    """
    linker = Linker(load_rules(rules), mismatch=mismatch)

    def link_step(report: Report) -> Report:
        """Link the report's facts (a report without facts is left as it is)."""
        if report.facts:
            _link_with(linker, report, shares)
        return report
    return link_step
