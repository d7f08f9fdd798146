"""The metadata step's data, loaded once: patterns (metadata.yaml), places (places.yaml),
bodies and level rules (issuers.yaml), county-level cities (county_level_cities.txt)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..resources import load_lines, load_yaml
from ..line_pattern import LinePattern, line_pattern


@dataclass(frozen=True)
class Cues:
    """Compiled patterns and thresholds of ``data/metadata.yaml`` (see the comments there)."""

    head_chars: int
    head_lines: int
    title_lines: int
    tail_lines: int
    line_chars: int
    furniture_field: re.Pattern          # every label: value pair in a furniture line
    field_label: re.Pattern              # a field's label and colon (furniture_field without the value)
    furniture_line: LinePattern          # ``search(line)`` -> bool
    furniture_start: LinePattern         # a label (索引号：…) at the start, or a furniture line
    publisher_labels: frozenset
    date_labels: frozenset
    title_label: re.Pattern
    breadcrumb_last: re.Pattern          # the last crumb of a breadcrumb line
    doc_number: re.Pattern
    year_line: re.Pattern
    container_split: re.Pattern
    disclosure: re.Pattern
    other_rules: re.Pattern              # 高等学校信息公开办法 … (not the 条例)
    government_rule: re.Pattern
    title_hint: re.Pattern               # 政府信息公开…年度报告 / 政务公开…工作要点
    title_kind: re.Pattern               # a short line ending with a kind of document (…指南)
    title_report: re.Pattern
    title_plan: re.Pattern
    title_not_report: re.Pattern
    title_other: re.Pattern
    issues_plan: re.Pattern
    sentence_lead: re.Pattern
    plan_body: re.Pattern
    old_report_words: tuple
    old_report_phrase: re.Pattern
    parts: tuple                         # ((numeral, label, words), ...) in template order
    part_headings: "PartHeadings"
    min_parts: int
    min_table_labels: int
    part_heading_chars: int
    table_labels: tuple
    template_2021: tuple
    template_2019: tuple
    template_parts: frozenset            # numerals of the parts only the template has
    template_citation: re.Pattern
    government_disclosure: re.Pattern
    compiled_by: tuple
    opening_subject: re.Pattern          # 2023年，某某局认真贯彻… (the opening sentence's subject)
    name_lead: re.Pattern
    name_stop: re.Pattern
    date_line: re.Pattern
    signature_chars: int
    site_suffix: re.Pattern
    report_period: re.Pattern
    future_after_year: re.Pattern
    sentence_end: re.Pattern


_NUMERALS = "一二三四五六七八九十"
_MARKER = rf"第?[{_NUMERALS}]{{1,2}}(?:部分)?\s*[、.．:：]"
# Parts numbered in brackets ((一)总体情况 … (六)其他需要报告的事项), at a line start only.
_PAREN_MARKER = rf"[(（]\s*[{_NUMERALS}]\s*[)）]"
# The same marker opening with a character class, so that a search inside a line jumps to the
# characters that can start one (``re`` finds no such first set behind an optional 第).
_MARKER_IN_LINE = rf"[第{_NUMERALS}](?:(?<=第)[{_NUMERALS}]{{1,2}}|(?<!第)[{_NUMERALS}]?)(?:部分)?\s*[、.．:：]"


@dataclass(frozen=True)
class PartHeadings:
    """The six parts' headings in one pass over the lines: at a line start (marker optional),
    or right after a marker inside a long line (a flattened page: … 六、其他需要报告的事项 …);
    never mid-sentence. Groups ``p0`` … ``p5`` name the part found."""

    at_start: re.Pattern
    after_marker: re.Pattern
    long_line: int

    def find(self, lines) -> dict[int, int]:
        """Part index -> offset (``Line.start``) of its first heading among ``lines``."""
        found: dict[int, int] = {}

        def note(h, start: int) -> None:
            part = int(h.lastgroup[1:])
            if part not in found:
                found[part] = start + h.start(h.lastgroup)

        at_start, after_marker, long_line = self.at_start.match, self.after_marker.finditer, self.long_line
        for line in lines:
            text = line.text
            m = at_start(text)
            if m:
                note(m, line.start)
            if len(text) > long_line:
                for h in after_marker(text):
                    note(h, line.start)
            if len(found) == 6:
                break
        return found


def _part_headings(parts, long_line: int) -> PartHeadings:
    """One pattern for all six parts' words (group p<i> per part), anchored two ways."""
    words = "|".join(f"(?P<p{i}>{p})" for i, (_, _, p) in enumerate(parts))
    return PartHeadings(re.compile(rf"[#*\s]*(?:(?:{_MARKER}|{_PAREN_MARKER})\s*)?(?:{words})"),
                        re.compile(rf"{_MARKER_IN_LINE}\s*(?:{words})"), long_line)


def _first_char_of(alternatives: str) -> str:
    """A lookahead for the first characters of ``a|b|c`` (plain words): tried before the
    alternatives themselves, it lets a failing position be left after one test, not one per word.
    Empty (no test) when an alternative is empty or holds pattern syntax."""
    words = alternatives.split("|")
    if any(not w or re.escape(w) != w for w in words):
        return ""
    return "(?=[" + "".join(sorted({w[0] for w in words})) + "])"


@lru_cache(maxsize=1)
def cues() -> Cues:
    """The compiled patterns of ``data/metadata.yaml``."""
    d = load_yaml("metadata.yaml")
    labels = d["furniture_labels"]
    disclosure = d["disclosure"]
    label_at_start = rf"^[\[【(（]?\s*(?:{labels})\s*[)）\]】]?\s*[:：]"
    return Cues(
        head_chars=d["head_chars"], head_lines=d["head_lines"], title_lines=d["title_lines"],
        tail_lines=d["tail_lines"], line_chars=d["line_chars"],
        furniture_field=re.compile(rf"({labels})\s*[:：]\s*(.*?)(?=\s*{_first_char_of(labels)}(?:{labels})\s*[:：]|\s*[|｜]|$)"),
        field_label=re.compile(rf"(?:{labels})\s*[:：]\s*"),
        furniture_line=line_pattern(d["furniture_lines"]),
        furniture_start=line_pattern(label_at_start + "|" + d["furniture_lines"]),
        publisher_labels=frozenset(d["publisher_labels"].split("|")),
        date_labels=frozenset(d["date_labels"].split("|")),
        title_label=re.compile(rf"^\s*(?:{d['title_labels']})\s*[:：]\s*", re.I),
        breadcrumb_last=re.compile(d["breadcrumb_last"]),
        doc_number=re.compile(d["doc_number"]), year_line=re.compile(d["year_line"]),
        container_split=re.compile(d["container_split"]),
        disclosure=re.compile(disclosure),
        other_rules=re.compile(d["other_rules"]), government_rule=re.compile(d["government_rule"]),
        title_hint=re.compile(rf"(?:{disclosure}).{{0,14}}?(?:{d['title_report']}|{d['title_plan']}|报告)"),
        title_kind=re.compile("(?:" + "|".join(d[k] for k in ("title_report", "title_plan", "title_other",
                                                                 "title_not_report")) + r")\s*[)）]?$"),
        title_report=re.compile(d["title_report"]),
        title_plan=re.compile(d["title_plan"]),
        title_not_report=re.compile(d["title_not_report"]),
        title_other=re.compile(d["title_other"]),
        issues_plan=re.compile(d["issues_plan"]),
        sentence_lead=re.compile(d["sentence_lead"]),
        plan_body=re.compile(d["plan_body"]),
        old_report_words=tuple(d["old_report_words"]),
        old_report_phrase=re.compile(d["old_report_phrase"]),
        parts=tuple((num, label, p) for num, label, p in d["parts"]),
        part_headings=_part_headings(d["parts"], d["part_heading_chars"]),
        min_parts=d["min_parts"], min_table_labels=d["min_table_labels"],
        part_heading_chars=d["part_heading_chars"],
        table_labels=tuple(d["table_labels"]),
        template_2021=tuple(d["template_2021"]), template_2019=tuple(d["template_2019"]),
        template_parts=frozenset(d["template_parts"]), template_citation=re.compile(d["template_citation"]),
        government_disclosure=re.compile(d["government_disclosure"]),
        compiled_by=tuple(re.compile(p) for p in d["compiled_by"]),
        opening_subject=re.compile(d["opening_subject"]),
        name_lead=re.compile(d["name_lead"]),
        name_stop=re.compile(d["name_stop"]),
        date_line=re.compile(d["date_line"]),
        signature_chars=d["signature_chars"],
        site_suffix=re.compile(d["site_suffix"]),
        report_period=re.compile(d["report_period"]),
        future_after_year=re.compile(d["future_after_year"]),
        sentence_end=re.compile(d["sentence_end"]),
    )


@lru_cache(maxsize=1)
def places() -> dict:
    """``data/places.yaml``: province-level names, abbreviations, area suffixes."""
    return load_yaml("places.yaml")


@dataclass(frozen=True)
class IssuerRules:
    """Compiled ``data/issuers.yaml``: body endings, office -> body, national and area patterns."""

    body_end: re.Pattern
    office_of_body: tuple
    national_prefix: re.Pattern
    national_body: tuple
    vertical_prefix: re.Pattern
    area_segment: re.Pattern
    not_area: re.Pattern


@lru_cache(maxsize=1)
def issuer_rules() -> IssuerRules:
    """The compiled rules of ``data/issuers.yaml``."""
    d = load_yaml("issuers.yaml")
    suffixes = sorted(d["body_suffixes"], key=len, reverse=True)
    return IssuerRules(
        body_end=re.compile("(?:" + "|".join(map(re.escape, suffixes)) + ")$"),
        office_of_body=tuple((re.compile(p), r) for p, r in d["office_of_body"]),
        national_prefix=re.compile("^(?:" + "|".join(map(re.escape, d["national_prefixes"])) + ")"),
        national_body=tuple(re.compile(p) for p in d["national_bodies"]),
        vertical_prefix=re.compile("^(?:" + "|".join(map(re.escape, d["vertical_prefixes"])) + ")"),
        area_segment=re.compile(d["area_segment"]),
        not_area=re.compile(d["not_area"]),
    )


@lru_cache(maxsize=1)
def county_level_cities() -> frozenset:
    """Names of county-level cities (县级市), whose government's level is county."""
    return frozenset(load_lines("county_level_cities.txt"))
