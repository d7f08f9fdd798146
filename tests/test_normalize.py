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


# --- control characters (NUL, C0, DEL, C1) -----------------------------------------

CONTROLS = st.sampled_from(["\x00", "\x01", "\x07", "\x08", "\x0e", "\x1b", "\x1f", "\x7f", "\x80", "\x9f"])
LINE_BREAKS = st.sampled_from(["\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029"])
WITH_CONTROLS = st.lists(st.one_of(PIECES, CONTROLS, LINE_BREAKS), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(WITH_CONTROLS, st.sampled_from([None, True, False]))
def test_control_characters_are_dropped_and_the_map_stays_exact(original, convert):
    norm = normalize(original, convert=convert)
    assert not any(ord(ch) < 32 and ch not in "\t\n\r" for ch in norm.text)
    assert not any(0x7F <= ord(ch) <= 0x9F or ch in "\u2028\u2029" for ch in norm.text)
    assert len(norm.orig) == len(norm.text) + 1 and norm.orig[-1] == len(original)
    for i, ch in enumerate(norm.text):
        j = norm.to_orig(i)
        src = original[j]
        assert not (ord(src) < 32 and src not in "\t\n\r\x0b\x0c\x1c\x1d\x1e"), (i, repr(src))
        if src in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029":
            assert ch == "\n"
        else:
            allowed = _possible(src)
            assert ch in allowed or "*" in allowed
    for i in range(len(norm.text)):       # offsets of later characters never move
        s, e = norm.span_to_orig(i, i + 1)
        assert e == s + 1 and norm.from_orig(s) == i


def test_nul_in_a_sentence_leaves_facts_and_offsets_exact():
    import gisnlp
    original = "全年主动公开政府信息\x00 3615\x00 条，受理申请\x07120件。"
    report = gisnlp.load(steps=["normalize", "structure", "segment", "facts"])(original, doc_id="n")
    assert "\x00" not in report.norm.text and "\x07" not in report.norm.text
    assert [(f.value, original[f.start:f.end]) for f in report.facts] == [(3615, "3615\x00 条"), (120, "120件")]


def test_line_breaking_controls_become_line_breaks():
    norm = normalize("一、总体情况\x0c二、主动公开\u2028三、依申请公开")
    assert norm.text == "一、总体情况\n二、主动公开\n三、依申请公开"


def _reference_normalize(original: str, convert):
    """The character-by-character normaliser the fast one must equal (no conversion)."""
    import re
    from gisnlp.normalize import _DELETED
    deleted = bytearray(len(original))
    for m in re.compile(_DELETED.pattern).finditer(original):
        deleted[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    kept = [(i, _fold_char(ch)) for i, ch in enumerate(original) if not deleted[i]]
    return "".join(ch for _, ch in kept), [i for i, _ in kept] + [len(original)]


@settings(max_examples=300, deadline=None)
@given(WITH_CONTROLS)
def test_fast_normaliser_equals_the_character_loop(original):
    norm = normalize(original, convert=False)
    text, orig = _reference_normalize(original, False)
    assert norm.text == text and list(norm.orig) == orig


def test_converter_reports_its_backend():
    from gisnlp.normalize import converter_backend
    assert converter_backend() in ("opencc-python-reimplemented",) or converter_backend().startswith("opencc (C++")
    assert _converter().convert("政府信息公開") == "政府信息公开"


def _table_converter():
    import pytest
    from gisnlp.normalize import _TableConverter
    conv = _converter()
    if not isinstance(conv, _TableConverter):
        pytest.skip("the C++ opencc binding is installed: no table converter in front of it")
    return conv


# Phrases of the pure-Python converter's dictionary (乾坤, 一目瞭然), characters with
# several values (乾, 開), its separators, traditional text and line breaks.
T2S_PIECES = st.sampled_from([
    "乾坤", "乾", "開", "一目瞭然", "瞭解", "不瞭解", "乾隆", "乾燥", "頭髮", "發展", "後臺", "政府信息公開",
    "年度報告", "，", "。", "-", "—", "（", "）", " ", "\u3000", "\n", "\t", "\r\n", "\u2028", "有序", "鍾繇",
    "情有獨鍾", "么麼", "里程", "ａ", "1", "申請",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(T2S_PIECES, st.text(max_size=3)), max_size=30).map("".join))
def test_table_converter_equals_the_converter_it_wraps(text):
    conv = _table_converter()
    assert conv.convert(text) == conv.conv.convert(text)


def test_table_converter_on_whole_reports(seeds_dir, corpus_dir):
    conv = _table_converter()
    texts = [p.read_text(encoding="utf-8") for d in (seeds_dir, corpus_dir / "files") for p in sorted(d.iterdir())
             if p.suffix in (".txt", ".md")]
    assert len(texts) > 5
    for text in texts + ["\n".join(texts)]:
        assert conv.convert(text) == conv.conv.convert(text)


GLOSSED = st.lists(st.sampled_from(["根據", "(jù)", "規", "(guī)", "(abc)", "(ǎ)", "(", ")", "<!--[if x]-->",
                                    "<!--[endif]-->", "<", "\u200b", "\x00", "a", " ", "政", "(lǜ"]),
                   max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(GLOSSED)
def test_deleted_spans_equal_a_plain_scan_with_the_lookbehind_first(original):
    import re
    from gisnlp.normalize import _DELETE, _PINYIN_GLOSS, _deleted_spans
    head = "\\((?<=[\\u4e00-\\u9fff]\\()"
    assert _PINYIN_GLOSS.pattern.startswith(head)
    plain = re.compile("(?<=[\\u4e00-\\u9fff])\\(" + _PINYIN_GLOSS.pattern[len(head):] + "|" + _DELETE.pattern)
    assert _deleted_spans(original) == [m.span() for m in plain.finditer(original)]
