"""The metadata step: ``report.meta`` doc_type, year, issuer, level, government_level,
template, title and, for a report cut short, partial.

Split as spaCy components are: ``read_meta`` looks (pure, returns a ``MetaFound``),
``set_meta`` writes the fields and the warnings. Only the head (``head_lines`` lines) and
the tail (``tail_lines`` lines) of a document are read line by line; the whole text is only
searched for part headings, table labels and years, so the step stays linear in its length.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..report import Report
from .completeness import missing_parts, truncation_warning
from .cues import cues
from .doc_type import detect_doc_type, type_from_title
from .evidence import BodyEvidence, body_evidence
from .furniture import PageFacts, is_furniture, parse_date, scan
from .issuer import IssuerFound, detect_issuer
from .level import detect_level, government_level
from .template_version import detect_template
from .title import clean_line, container_parts, find_title, is_year_line
from .year import YearFound, detect_year


@dataclass
class MetaFound:
    """What ``read_meta`` found, with the evidence the warnings need."""

    title: Optional[str] = None
    doc_type: str = "other"
    year: YearFound = field(default_factory=YearFound)
    issuer: IssuerFound = field(default_factory=IssuerFound)
    level: Optional[str] = None
    government_level: Optional[str] = None
    template: Optional[str] = None
    missing: list[str] = field(default_factory=list)
    title_says_other: bool = False
    evidence: BodyEvidence = field(default_factory=BodyEvidence)
    page: PageFacts = field(default_factory=PageFacts)


def _head_and_tail(report: Report):
    """Cleaned head lines, their furniture, the non-furniture head text, the tail lines
    (trailing furniture dropped) and the date of the closing block, if any."""
    c = cues()
    lines = report.lines
    head = [clean_line(l.text[:c.line_chars]) for l in lines[:c.head_lines]]
    page = scan(head)
    head_text = "\n".join(t for i, t in enumerate(head) if i not in page.lines)[:c.head_chars]
    # a short document's tail lines are among its head lines, cleaned already
    tail = [head[i] if i < len(head) and len(lines[i].text) <= c.line_chars
            else clean_line(lines[i].text[-c.line_chars:]) for i in range(max(0, len(lines) - c.tail_lines), len(lines))]
    while tail and is_furniture(tail[-1]):
        tail.pop()
    dates = [d for d in (parse_date(t) for t in tail if c.date_line.match(t.replace(" ", ""))) if d]
    return head, page, head_text, tail, dates


def _declared_title(report: Report) -> str:
    """The container's title folded like the text (traditional -> simplified…)."""
    if not report.meta.title:
        return ""
    from ..normalize import normalize
    return normalize(report.meta.title).text


def read_meta(report: Report) -> MetaFound:
    """Find the metadata of a report whose text is normalised and split into lines."""
    text = report.norm.text
    head, page, head_text, tail, closing_dates = _head_and_tail(report)
    declared = _declared_title(report)
    container, site = container_parts(declared)
    if container and is_furniture(container):       # a breadcrumb <title> (首页 > 政务公开 > 年度报告)
        container = ""
    block = find_title(head, page.lines)
    c = cues()
    title = block.title or (page.title if page.title and c.title_hint.search(page.title) else "") \
        or (container if c.title_hint.search(container) else "")
    ev = body_evidence(report.lines, text, head_text, tail[-1] if tail else "")
    titles = [t for t in (title, container) if t]
    says_other = any(type_from_title(t, ev) == "other" for t in titles)
    doc_type = "other" if any(c.title_not_report.search(t) for t in titles) else detect_doc_type(titles, ev)
    year_titles = [title, *(l for l in block.around if is_year_line(l)), declared, page.title or ""]
    year = detect_year(year_titles, text, head_text, page.dates + closing_dates, doc_type)
    issuer = detect_issuer(title or container, block.around if block.title else [], head_text, tail, site,
                           page.publishers, text, doc_type)
    template = detect_template(text, year.year, doc_type, ev)
    missing = missing_parts(ev) if template in ("2019", "2021") and not ev.other_rule else []
    return MetaFound(title=title or page.title or container or None, doc_type=doc_type, year=year,
                     issuer=issuer, level=detect_level(issuer.name),
                     government_level=government_level(issuer.name), template=template,
                     missing=missing, title_says_other=says_other, evidence=ev, page=page)


def set_meta(report: Report, found: MetaFound) -> None:
    """Write ``found`` into ``report.meta`` with a warning for every guess and gap."""
    m = report.meta
    m.title, m.doc_type, m.year = found.title, found.doc_type, found.year.year
    m.issuer, m.level, m.government_level = found.issuer.name, found.level, found.government_level
    m.template = found.template
    if m.doc_type == "other":
        why = (f"its title {found.title!r} names another kind of document" if found.title_says_other else
               f"no report title, fewer than {cues().min_parts} of the template's six parts, no statistical tables")
        report.warn(f"not recognised as a disclosure annual report or work plan ({why}): tables and checks may be "
                    "empty; if it is a report, check that the whole document was read")
    elif not found.title and (m.issuer is None or m.year is None):
        report.warn("no title found: the document may be a fragment; the year or issuer it names could not be "
                    "read, so check meta.year and meta.issuer or analyse the complete document")
    if found.year.guess:
        report.warn(f"the text names no year: meta.year {m.year} is guessed from the page's date "
                    f"(the year before it for an annual report); check it against the report")
    if found.issuer.weak:
        report.warn(f"the text names no issuer: meta.issuer {m.issuer} comes from the page's "
                    f"{found.issuer.source}; check it against the report")
    if found.missing:
        report.warn(truncation_warning(found.missing, found.evidence), partial=True)


def make_metadata():
    """Step: fill ``report.meta`` (doc_type, year, issuer, level, government_level, template,
    title; partial for a cut report)."""
    def metadata_step(report: Report) -> Report:
        """Read the metadata of ``report`` and write it into ``report.meta``."""
        set_meta(report, read_meta(report))
        return report
    return metadata_step

