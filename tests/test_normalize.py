"""Normaliser: the offset map always lands on the character a normalised char came from."""
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from gisnlp.normalize import _converter, _fold_char, _traditional_chars, is_traditional, normalize

PIECES = st.sampled_from([
    "政府信息公开", "年度報告", "根據(jù)", "規(guī)定", "主動公開", "行政復(fù)議", "（一）", "２０２３年",
    "１２,０５１条", "：", "，", "\u200b", "\ufeff", "\u00ad", "\u3000", "\u00a0", "\n", "\r\n", " ",
    "⼀", "⽐", "Ａｂｃ", "(abc)", "<!--[if !supportLists]-->", "<!--[endif]-->", "35.6%", "乾隆", "乾燥",
    "頭髮", "發展", "里程", "後臺", "（ｊù）",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=40).map("".join)


def _possible(orig_char: str) -> set:
    folded = _fold_char(orig_char)
    out = {folded, _converter().convert(folded)}
    if folded in _traditional_chars():
        out.add("*")  # phrase-dependent conversion: any single character is allowed
    return out


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from([None, True, False]))
def test_every_kept_char_maps_back_to_its_source(original, convert):
    norm = normalize(original, convert=convert)
    assert len(norm.orig) == len(norm.text) + 1
    assert norm.orig[-1] == len(original)
    prev = -1
    for i, ch in enumerate(norm.text):
        j = norm.to_orig(i)
        assert prev < j < len(original)          # monotone, inside the input
        prev = j
        allowed = _possible(original[j])
        assert ch in allowed or "*" in allowed, (i, ch, original[j])


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_spans_and_from_orig_round_trip(original):
    norm = normalize(original)
    for i in range(len(norm.text)):
        s, e = norm.span_to_orig(i, i + 1)
        assert e == s + 1
        assert norm.from_orig(s) == i


def test_glosses_zero_width_and_comments_are_deleted():
    original = "根據(jù)\u200b《條例》<!--[if !supportLists]-->（一）１２３條規(guī)定"
    norm = normalize(original, convert=True)
    assert norm.text == "根据《条例》(一)123条规定"
    s, e = norm.span_to_orig(norm.text.index("123"), norm.text.index("123") + 3)
    assert original[s:e] == "１２３"


def test_ordinary_bracketed_latin_is_kept():
    assert normalize("网站(www)和(abc)").text == "网站(www)和(abc)"


def test_kangxi_radicals_fold_to_unified_characters():
    norm = normalize("⼀、总体情况 年报⽐对")
    assert norm.text == "一、总体情况 年报比对"
    assert all(len(unicodedata.normalize("NFKC", c)) == 1 for c in "⼀⽐")


def test_traditional_detection():
    assert is_traditional("二〇二三年上海市政府信息公開工作年度報告，主動公開、依申請公開、行政復議與訴訟情況。")
    assert not is_traditional("二〇二三年上海市政府信息公开工作年度报告，主动公开、依申请公开。")
