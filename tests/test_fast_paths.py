"""The shortcuts taken for speed give what the plain definitions give.

Each test draws strings from the pieces the shortcut is about (labels, colons,
dashes, markers, brackets, line breaks) and compares the shortcut with the
definition it replaces, written out here the slow way.
"""
import re
from itertools import islice

from hypothesis import given, settings
from hypothesis import strategies as st

from gisnlp.metadata.cues import cues
from gisnlp.metadata.furniture import _two_fields
from gisnlp.metadata.names import _after_cjk
from gisnlp.metadata.title import _squeeze
from gisnlp.structure import HEADING_PATTERNS, match_heading, split_lines
from gisnlp.tables import tokens
from gisnlp.tables.align import align
from gisnlp.tables.tokens import LABEL, _bracket_depths, _note_only, _scan_with_placeholders, tokenize_cell


def _text(pieces, max_size=12):
    """Strings made of ``pieces``."""
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


FIELDS = ["来源", "信息来源", "发布时间", "分享", "分享到", "文号", ":", "：", " ", "\u3000", "|", "｜", "\n",
          "某区人民政府", "2024-01-20", "x"]


@settings(max_examples=200, deadline=None)
@given(_text(FIELDS))
def test_two_fields_is_two_field_matches(line):
    assert _two_fields(line) == (next(islice(cues().furniture_field.finditer(line), 1, None), None) is not None)


@settings(max_examples=150, deadline=None)
@given(_text([" ", "\t", "\u3000", "\xa0", "\n", "中", "a", "b c"]))
def test_squeeze_is_whitespace_runs_as_one_space(text):
    assert _squeeze(text) == re.sub(r"\s+", " ", text)


@settings(max_examples=150, deadline=None)
@given(_text(["市", "洪泽区", "淮安", "，", " ", "a", "市洪泽区"], 16))
def test_after_cjk_is_the_lookbehind_search(text):
    needle = "市洪泽区"
    found = [m.start() for m in re.finditer(r"(?<=[\u4e00-\u9fff])" + re.escape(needle), text)]
    assert list(_after_cjk(text, needle)) == found


@settings(max_examples=150, deadline=None)
@given(_text(["第", "一", "二", "十", "部分", "、", "．", ":", " ", "总体情况", "其他事项", "存在问题", "x"]))
def test_part_headings_inside_a_line_as_with_an_optional_marker(line):
    c = cues()
    words = "|".join(f"(?P<p{i}>{p})" for i, (_, _, p) in enumerate(c.parts))
    plain = re.compile(rf"第?[一二三四五六七八九十]{{1,2}}(?:部分)?\s*[、.．:：]\s*(?:{words})")
    got = [(m.span(), m.lastgroup) for m in c.part_headings.after_marker.finditer(line)]
    assert got == [(m.span(), m.lastgroup) for m in plain.finditer(line)]


@settings(max_examples=150, deadline=None)
@given(_text(["a", "中", " ", "\t", "\r", "\n", "\r\n", "\x0b", "\x1c", "\u2028", "\u3000"], 15))
def test_split_lines_strips_each_line(text):
    lines, pos = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            start = pos + len(body) - len(body.lstrip())
            lines.append((start, start + len(stripped), stripped))
        pos += len(raw)
    assert [(l.start, l.end, l.text) for l in split_lines(text)] == lines


@settings(max_examples=150, deadline=None)
@given(_text(["第", "一", "十", "部分", "、", ".", "(", ")", " ", "1", "12", "*", "#", "总体情况", "。"], 8))
def test_match_heading_needs_one_of_its_markers(line):
    clean = line.lstrip("*#> ").strip()
    if not any(p.match(clean) for _, p in HEADING_PATTERNS):
        assert match_heading(line) is None


@settings(max_examples=150, deadline=None)
@given(_text(["(", ")", "x", " ", "(("], 20))
def test_bracket_depths_counts_open_brackets(cell):
    depth, want = 0, []
    for ch in cell:
        want.append(depth)
        depth = depth + 1 if ch == "(" else max(0, depth - 1) if ch == ")" else depth
    assert _bracket_depths(cell) == want


CELL = ["1", "23", "0", "-", "—", "/", "+", ".", ",", " ", "\t", "(", ")", "第", "年", "件", "万元", "其他", "１", "——"]


@settings(max_examples=200, deadline=None)
@given(_text(CELL, 6))
def test_tokenize_cell_shortcuts_give_the_general_reading(text):
    def key(toks):
        return [(t.kind, t.text, t.start, t.end) for t in toks]
    s = text.strip()
    if not s or tokens._placeholder().match(s):
        return
    general = [t for t in _scan_with_placeholders(text, 5) if t.kind != LABEL or not _note_only(t.text)]
    assert key(tokenize_cell(text, 5)) == key(general)


def _align_plain(cands, plausible, row_ids, optional):
    """The alignment table filled cell by cell, as the module docstring states it."""
    m, n = len(cands), len(row_ids)
    score = [[0.0] * (n + 1) for _ in range(m + 1)]
    back = [[None] * (n + 1) for _ in range(m + 1)]
    for i in range(1, m + 1):
        drop = -1.0 if plausible[i - 1] else 0.0
        score[i][0], back[i][0] = score[i - 1][0] + drop, "g"
        c = dict(cands[i - 1])
        for j in range(1, n + 1):
            best, arg = score[i][j - 1], "r"
            if score[i - 1][j] + drop > best:
                best, arg = score[i - 1][j] + drop, "g"
            if plausible[i - 1]:
                rid = row_ids[j - 1]
                gain = (c[rid] if c.get(rid) is not None else 0.05) if c else (0.2 if rid in optional else 0.3)
                if score[i - 1][j - 1] + gain > best:
                    best, arg = score[i - 1][j - 1] + gain, "t"
            score[i][j], back[i][j] = best, arg
    out, i, j = [], m, n
    while i > 0 or j > 0:
        step = back[i][j] if i and j else ("g" if i else "r")
        if step == "t":
            c = dict(cands[i - 1])
            out.append((i - 1, row_ids[j - 1], c.get(row_ids[j - 1], 0.3) if c else 0.5))
            i, j = i - 1, j - 1
        elif step == "g":
            i -= 1
        else:
            j -= 1
    return out[::-1]


ROWS = [f"r{k}" for k in range(8)]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.lists(st.tuples(st.sampled_from(ROWS), st.sampled_from([0.3, 0.8, 1.0])), max_size=2),
                          st.booleans()), max_size=8),
       st.lists(st.sampled_from(ROWS), max_size=6, unique=True))
def test_align_is_the_plain_dynamic_programme(groups, row_ids):
    cands, plausible = [g for g, _ in groups], [p for _, p in groups]
    optional = set(row_ids[:1])
    assert align(cands, plausible, row_ids, optional) == _align_plain(cands, plausible, row_ids, optional)
