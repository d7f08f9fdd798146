"""What the body of a document shows, whatever its title says: which of the template's six
parts it has, how many of the template's table labels, whether it reads like a work plan or
an older (pre-2019) report, whether it follows another disclosure rule than the 条例 (then the
national template's parts are not its parts), and how its text ends."""
from __future__ import annotations

from dataclasses import dataclass, field

from .cues import cues


@dataclass
class BodyEvidence:
    """Body evidence for doc_type, template and truncation (see the module docstring)."""

    parts: dict[str, int] = field(default_factory=dict)   # numeral -> offset of its heading
    table_labels: int = 0
    plan_cues: bool = False
    old_report: bool = False
    other_rule: bool = False      # cites another disclosure rule (高等学校信息公开办法 …), never the 条例
    last_line: str = ""

    @property
    def full_report(self) -> bool:
        """Enough of the template's parts or tables to be an annual report without a title."""
        c = cues()
        return len(self.parts) >= c.min_parts or self.table_labels >= c.min_table_labels


def body_evidence(lines, text: str, head: str, last_line: str = "") -> BodyEvidence:
    """Scan the lines (part headings), the normalised text (table labels, older-report words)
    and its head (plan cues)."""
    c = cues()
    ev = BodyEvidence(last_line=last_line)
    for i, at in c.part_headings.find(lines).items():
        ev.parts[c.parts[i][0]] = at
    ev.table_labels = sum(1 for k in c.table_labels if k in text)
    ev.plan_cues = bool(c.issues_plan.search(head) or c.plan_body.search(head))
    ev.other_rule = not c.government_rule.search(text) and bool(c.other_rules.search(text))
    ev.old_report = all(k in text for k in c.old_report_words) and bool(c.old_report_phrase.search(text))
    return ev
