"""Year-over-year comparison of two reports of an issuer: what changed, what was copied,
what does not carry over.

    import gisnlp
    c = gisnlp.compare("2022.pdf", "2023.pdf")       # Reports, report dicts, JSON or documents
    c.reuse                                          # {"text": 0.42, "tables": 0.84, "overall": 0.63}
    [(s.label, s.reuse) for s in c.sections]; c.failed_checks(); c.to_json()

The JSON contract and the definitions are in ``gisnlp/compare/README.md``.
"""
from .api import compare
from .common import CommonWording
from .model import (CellChange, CheckResult, Claim, Comparison, FactChange, ParagraphDiff, Passage, SectionPair,
                    Side, SubsectionPair, WordChange)
from .settings import Settings

__all__ = ["compare", "Comparison", "Settings", "CommonWording", "Side", "SectionPair", "SubsectionPair", "Passage",
           "ParagraphDiff", "WordChange", "CellChange", "FactChange", "Claim", "CheckResult"]
