"""The document's title: a line (or adjacent short lines) of the head, a 标题: field, or the
container's title (HTML <title>, PDF info), never page furniture or a body sentence."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..normalize import _converter, _traditional_pattern
from ..structure import HEADING_PATTERNS
from .cues import cues
from .names import is_body

# A space between two CJK characters. Spaces come one at a time here (``_squeeze`` ran first),
# and a pattern that opens with the space lets ``re`` jump from space to space.
_CJK_SPACE = re.compile(r" (?<=[\u4e00-\u9fff] )(?=[\u4e00-\u9fff])")


@dataclass
class TitleBlock:
    """The title and the short lines around it (a letterhead above, a body or year line below)."""

    title: str = ""
    index: int = -1                               # index of the title line among the candidates
    around: list[str] = field(default_factory=list)


def clean_line(text: str) -> str:
    """A candidate title line: markup and 标题: prefixes gone, 政 府 信 息 spacing closed,
    traditional characters converted (short lines are not converted by the normaliser)."""
    text = cues().title_label.sub("", text.lstrip("#*> \t")).strip("*# \t")
    text = _squeeze(text)
    if " " in text:                                  # the spaces between CJK characters
        text = _CJK_SPACE.sub("", text)
    if len(text) <= 200 and _traditional_pattern().search(text):
        converted = _converter().convert(text)
        text = converted if len(converted) == len(text) else text
    return text


def _squeeze(text: str) -> str:
    """Every run of whitespace as one space (``re.sub(r"\\s+", " ", text)``, at ``str.split`` speed:
    both know whitespace as ``str.isspace`` does)."""
    words = text.split()
    out = " ".join(words)
    if words and text[0].isspace():
        out = " " + out
    if text[-1:].isspace():
        out += " "
    return out


def find_title(lines: list[str], furniture: set[int] = frozenset(), limit: int = None) -> TitleBlock:
    """The title among the first ``limit`` non-furniture lines (already cleaned), with the
    short lines around it; an empty block if no line names the document."""
    limit = limit or cues().title_lines
    cand = [t for i, t in enumerate(lines) if i not in furniture][:limit]
    for i, t in enumerate(cand):
        title = _title_of_line(t, cand[i + 1] if i + 1 < len(cand) else "")
        if not title:
            continue
        around = [x for x in cand[max(0, i - 3):i] + cand[i + 1:i + 4] if len(x) <= 40]
        return TitleBlock(_with_body_line(title, cand, i), i, around)
    return TitleBlock()


def _title_of_line(t: str, nxt: str) -> str:
    """The title a line holds ('' if none): the whole line, the head of a flattened page that
    runs into its first paragraph, or the line joined to a short next line (…工作 / 年度报告)."""
    c = cues()
    hint = c.title_hint.search(t)
    weak = c.disclosure.search(t)
    if not (hint or (weak and len(t) <= 40)) or c.furniture_line.search(t[:20]) \
            or any(p.match(t) for _, p in HEADING_PATTERNS) or c.sentence_lead.match(t):
        return ""
    if hint:
        before = t[:hint.end()]
        if re.search(r"[，,。；;]", before) or hint.start() > 45 or (before.find("《") > 0 and before.count("《") > before.count("》") and "印发" not in before):
            return ""                            # a body sentence that mentions or cites a report
        if len(t) > 60:
            return t[:hint.end()]                # a flattened page: the title runs into the text
        return "" if "。" in t or len(t) > 80 else t
    if not re.search(r"[，,。；;]", t) and c.title_kind.search(t):
        return t                                 # 某区政府信息公开指南: a title of another kind
    if "。" in t or not nxt or len(nxt) > 20 or not c.title_hint.search(t + nxt):
        return ""
    return t + nxt                               # 2024年…政府信息公开工作 / 年度报告


def _with_body_line(title: str, cand: list[str], i: int) -> str:
    """The title with the body line printed just above or below it when the title leaves the
    body out: 上海市静安区人民政府 / 2020 年…报告; 关于2022年度…的报告 / 某县人民政府."""
    bare = title.replace(" ", "")
    prev = _issuing_body_line(cand[max(0, i - 3):i])
    if prev and is_body(prev, 30) and re.match(r"^(\d|关于|" + cues().disclosure.pattern + ")", bare):
        return prev + title
    nxt = cand[i + 1].replace(" ", "") if i + 1 < len(cand) else ""
    if re.match(r"^(关于|" + cues().disclosure.pattern + ")", bare) and is_body(nxt, 30) \
            and not cues().title_hint.search(nxt):
        return nxt + title
    return title


def _issuing_body_line(before: list[str]) -> str:
    """The line naming the body just above a title, skipping document numbers
    (沪府办〔2021〕21号), year lines and the 文件 of a letterhead (某某人民政府办公厅文件)."""
    for line in reversed(before):
        line = line.replace(" ", "")
        if cues().doc_number.search(line) or cues().year_line.match(line):
            continue
        return re.sub(r"文件$", "", line)
    return ""


def is_year_line(line: str) -> bool:
    """True for a line that only names a year: （二〇二二年度）, 2023年."""
    return bool(cues().year_line.match(line.replace(" ", "")))


def container_parts(title: str | None) -> tuple[str, list[str]]:
    """An HTML <title> or PDF title split into its meaningful part and the rest (site names):
    '2021年某区政府信息公开工作年度报告_某区人民政府网' -> ('2021年…报告', ['某区人民政府网'])."""
    if not title:
        return "", []
    parts = [p.strip() for p in cues().container_split.split(title) if p.strip()]
    c = cues()
    for i, p in enumerate(parts):
        if c.title_hint.search(p) or c.title_not_report.search(p):
            return p, parts[:i] + parts[i + 1:]
    return (parts[0], parts[1:]) if parts else ("", [])
