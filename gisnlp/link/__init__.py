"""Link narrative facts to table cells and audit narrative vs tables vs other years.

Pipeline step ``link`` (``make_link``): sets ``Fact.cell`` / ``Fact.cells``,
settles ambiguous flattened rows the narrative confirms, and adds
``link.mismatch.*`` and ``link.share.*`` checks. ``audit_series`` compares one
issuer's consecutive reports (carry-over and item counts). Modules:

    rules.py      cell_links.yaml compiled: targets, contexts, share denominators
    context.py    where a fact sits: clause, sentence, heading path
    agreement.py  does a figure agree with a table value (rounding, 约/近/余)
    linker.py     fact -> row/group -> cells, mismatch checks
    respective.py figures listed "respectively" (…分别为45件、3件) read item by item
    settle.py     ambiguous flattened rows settled by a narrative figure
    shares.py     stated shares recomputed from the linked cells
    series.py     one issuer's reports year against year
    step.py       the pipeline step
"""
from .agreement import agrees, compact_id
from .linker import Decision, Linker
from .rules import RuleSet, build_rules, load_rules
from .series import audit_series, compare_pair, group_series, normalize_issuer
from .shares import audit_shares
from .step import link_report, make_link

__all__ = ["make_link", "link_report", "audit_series", "audit_shares", "compare_pair",
           "group_series", "normalize_issuer", "Linker", "Decision", "RuleSet", "build_rules",
           "load_rules", "agrees", "compact_id"]
