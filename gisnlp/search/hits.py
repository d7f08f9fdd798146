"""Search results: the ``Hit`` dataclass and how one is rebuilt from a stored unit record."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from .snippet import make_snippet, mark


@dataclass
class Hit:
    """One search result: a report, a segment (paragraph) or a fact."""

    type: str                       # report | segment | fact
    doc_id: str
    score: float
    snippet: str                    # original text around the best match
    highlights: list[tuple[int, int]] = field(default_factory=list)   # spans in ``snippet``
    snippet_start: int = 0          # offset of the snippet in the report text
    start: int = 0                  # the unit's span in the report text
    end: int = 0
    id: str = ""
    year: Optional[int] = None
    issuer: str = ""
    level: str = ""
    title: str = ""
    kind: str = ""
    domains: list[str] = field(default_factory=list)
    heading_path: list[str] = field(default_factory=list)
    metric: str = ""
    value: Optional[float] = None
    unit: str = ""
    cells: list[str] = field(default_factory=list)
    fact_text: str = ""
    failing_checks: list[str] = field(default_factory=list)

    def marked(self, open_: str = "【", close: str = "】") -> str:
        """The snippet with matches wrapped in markers."""
        return mark(self.snippet, self.highlights, open_, close)


def make_hit(u: dict, score: float, needles: list[list[str]], width: int, substring: bool = False) -> Hit:
    """A ``Hit`` from a stored unit record, its snippet cut around the query's words.

    A fact's snippet always shows the fact itself marked (plus any query words).
    """
    text = u.get("text") or ""
    if u["type"] == "fact":
        fs, fe = u.get("fact_start", u["start"]) - u["start"], u.get("fact_end", u["end"]) - u["start"]
        snippet, marks, off = make_snippet(text, needles, width, substring) if needles else (text[:width], [], 0)
        if not (off <= fs and fe <= off + len(snippet)):
            off = max(0, fs - width // 3)
            snippet = text[off:off + width].replace("\n", " ")
            marks = []
        marks = sorted(set(marks) | {(fs - off, fe - off)})
    else:
        snippet, marks, off = make_snippet(text, needles, width, substring)
    return Hit(type=u["type"], doc_id=u["doc_id"], score=float(score), snippet=snippet, highlights=marks,
               snippet_start=u["start"] + off, start=u["start"], end=u["end"], id=u["id"], year=u.get("year"),
               issuer=u.get("issuer") or "", level=u.get("level") or "", title=u.get("title") or "",
               kind=u.get("kind") or "", domains=list(u.get("domains") or []),
               heading_path=list(u.get("heading_path") or []), metric=u.get("metric") or "",
               value=u.get("value"), unit=u.get("unit") or "", cells=list(u.get("cells") or []),
               fact_text=u.get("fact_text") or "", failing_checks=list(u.get("failing_checks") or []))
