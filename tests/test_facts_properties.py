"""Property tests: random numbers rendered in Arabic, Chinese and mixed forms parse back."""
from __future__ import annotations

import cn2an
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gisnlp.facts.numbers import parse_number
from gisnlp.pipeline import load

STEPS = ["normalize", "structure", "metadata", "tables", "segment", "facts"]
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

# (context before, measure word, context after) of realistic sentences
FRAMES = [
    ("全年共主动公开政府信息", "条", "。"),
    ("本年度收到政府信息公开申请", "件", ",均已按期答复。"),
    ("组织召开新闻发布会", "场", "。"),
    ("公开重大建设项目信息", "项", ",覆盖全部区级部门。"),
    ("累计参加培训的工作人员达", "人次", "。"),
]
QUALIFIERS = [("", None, ""), ("近", "nearly", ""), ("超过", "over", ""), ("约", "about", ""),
              ("", "over", "余"), ("不少于", "at_least", "")]


@pytest.fixture(scope="module")
def nlp():
    return load(steps=STEPS, strict=True)


def chinese(n: int) -> str:
    """Chinese rendering by cn2an (an independent implementation); 两 for a leading 二."""
    s = cn2an.an2cn(n)
    return "两" + s[1:] if s.startswith("二") and (len(s) == 1 or s[1] in "百千万亿") else s


def the_fact(nlp, text):
    r = nlp(text)
    assert len(r.facts) == 1, (text, [(f.text, f.value) for f in r.facts])
    f = r.facts[0]
    assert r.text[f.start:f.end] == f.text
    return f


@SETTINGS
@given(n=st.integers(min_value=2, max_value=99_999_999), frame=st.sampled_from(FRAMES))
def test_chinese_numerals_round_trip(nlp, n, frame):
    before, unit, after = frame
    f = the_fact(nlp, f"{before}{chinese(n)}{unit}{after}")
    assert f.value == n and f.unit == unit


@SETTINGS
@given(n=st.integers(min_value=0, max_value=10**9), frame=st.sampled_from(FRAMES),
       sep=st.sampled_from(["", ",", " ", "\u2009"]), space=st.booleans(), fullwidth=st.booleans())
def test_arabic_numbers_round_trip(nlp, n, frame, sep, space, fullwidth):
    before, unit, after = frame
    s = f"{n:,}".replace(",", sep)        # 1,234,567 / 1 234 567 / 1234567
    if fullwidth:
        s = s.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789,"})
    sp = " " if space else ""
    f = the_fact(nlp, f"{before}{sp}{s}{sp}{unit}{after}")
    assert f.value == n and f.unit == unit


@SETTINGS
@given(n=st.integers(min_value=10, max_value=10**7), frame=st.sampled_from(FRAMES),
       space=st.sampled_from([" ", "\u2009", "\u202f"]))
def test_letter_spaced_digits_read_as_one_number(nlp, n, frame, space):
    """Letter-spaced PDF or HTML text prints every digit apart (1 2 0 6 条): one number, never its last digit."""
    before, unit, after = frame
    f = the_fact(nlp, f"{before} {space.join(str(n))} {unit}{after}")
    assert f.value == n and f.unit == unit


@SETTINGS
@given(whole=st.integers(min_value=1, max_value=9999), tenth=st.integers(min_value=0, max_value=9),
       big=st.sampled_from([("万", 10_000), ("亿", 100_000_000)]), frame=st.sampled_from(FRAMES))
def test_mixed_forms_round_trip(nlp, whole, tenth, big, frame):
    before, unit, after = frame
    word, mult = big
    f = the_fact(nlp, f"{before}{whole}.{tenth}{word}{unit}{after}")
    assert f.value == (whole * 10 + tenth) * mult // 10
    assert f.unit == unit


@SETTINGS
@given(n=st.integers(min_value=11, max_value=99_999), frame=st.sampled_from(FRAMES),
       qual=st.sampled_from(QUALIFIERS), form=st.sampled_from(["arabic", "chinese"]))
def test_qualified_numbers(nlp, n, frame, qual, form):
    before, unit, after = frame
    pre, approx, post = qual
    num = str(n) if form == "arabic" else chinese(n)
    f = the_fact(nlp, f"{before}{pre}{num}{post}{unit}{after}")
    assert f.value == n
    assert f.approx == approx
    assert f.text == f"{pre}{num}{post}{unit}"


@SETTINGS
@given(n=st.integers(min_value=100, max_value=99_999), cut=st.integers(min_value=1, max_value=4),
       frame=st.sampled_from(FRAMES))
def test_number_wrapped_over_a_line_break(nlp, n, cut, frame):
    before, unit, after = frame
    digits = str(n)
    cut = min(cut, len(digits) - 1)
    text = f"本年度各级行政机关按照要求{before}{digits[:cut]}\n{digits[cut:]}{unit}{after}"
    f = the_fact(nlp, text)
    assert f.value == n and f.unit == unit


@SETTINGS
@given(pct=st.decimals(min_value=0, max_value=100, places=2), verb=st.sampled_from(
    [("增长", "up"), ("下降", "down"), ("上升", "up"), ("减少", "down")]))
def test_percent_changes(nlp, pct, verb):
    word, direction = verb
    f = the_fact(nlp, f"申请量比上年{word}{pct}%。")
    assert f.value == pytest.approx(float(pct))
    assert (f.unit, f.kind, f.direction) == ("%", "change", direction)


@given(n=st.integers(min_value=0, max_value=10**12))
def test_parse_number_inverts_cn2an(n):
    assert parse_number(cn2an.an2cn(n)) == n


def _url_mask_whole_text(text: str) -> bytearray:
    """The web-address mask computed by scanning the whole text (the reference)."""
    from gisnlp.facts.candidates import _URL, _URL_HINTS
    mask = bytearray(len(text) + 1)
    if any(k in text for k in _URL_HINTS):
        for m in _URL.finditer(text):
            mask[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    return mask


URLISH = st.lists(st.sampled_from(["www.", ".gov", ".cn", "http://", "https://", ".edu", "@", ".com", "a", "b9",
                                   "-", "_", ".", "/", ":", "?", "=", "12345", "政府", "，", " ", "\n"]),
                  max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(URLISH)
def test_web_address_mask_scans_only_ascii_runs_but_equals_the_whole_scan(text):
    from gisnlp.facts.candidates import Scan
    assert Scan(text).blocked == _url_mask_whole_text(text)
