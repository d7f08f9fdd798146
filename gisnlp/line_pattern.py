"""A pattern of alternatives searched in single lines, its ``^`` branches tried at the start only.

``re.search`` tries every branch of ``^a|^b|c`` at every position of the line,
although the anchored ones can only match at the start; on a head of 40 lines
that is most of the time spent finding page furniture. Split into the anchored
branches (matched at the start) and the others (searched), the answer is the
same: a line matches when one branch matches somewhere.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class LinePattern:
    """A compiled alternation for ``search``: its anchored branches, and the others."""

    at_start: Optional[re.Pattern]
    anywhere: Optional[re.Pattern]

    def search(self, line: str) -> bool:
        """Whether the pattern matches somewhere in ``line`` (one line: ``^`` is its start)."""
        return bool((self.at_start is not None and self.at_start.match(line))
                    or (self.anywhere is not None and self.anywhere.search(line)))


def line_pattern(pattern: str) -> LinePattern:
    """``pattern`` split into its top-level branches (the whole pattern searched as it is when it
    uses back-references or inline flags, whose meaning a split could change)."""
    branches = top_level_branches(pattern)
    if len(branches) == 1 or re.search(r"\\\d|\(\?P=|\(\?[aiLmsux]", pattern):
        return LinePattern(None, re.compile(pattern))
    at_start = [b[1:] for b in branches if b.startswith("^")]
    anywhere = [b for b in branches if not b.startswith("^")]
    return LinePattern(re.compile("|".join(f"(?:{b})" for b in at_start)) if at_start else None,
                       re.compile("|".join(f"(?:{b})" for b in anywhere)) if anywhere else None)


def top_level_branches(pattern: str) -> list[str]:
    """The alternatives of ``pattern`` split at the ``|`` outside brackets, character classes
    and escapes."""
    out, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            i += 1 + (pattern[i + 1:i + 2] == "^")
            if pattern[i:i + 1] == "]":          # a ] first in a class is a character
                i += 1
            continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out
