"""The tantivy side of the index: the binding, the schema and the field names.

Text fields hold jieba tokens joined by spaces (the analyzer runs in Python and
tantivy only splits on whitespace); keyword fields are raw; year and value are
numeric fast fields (so are the reuse rates against the issuer's report of the year
before, ``REUSE_FIELDS``); ``payload`` stores the whole unit record hits are rebuilt from.
"""
from __future__ import annotations

from ..errors import GisnlpError

WS = "gisnlp_ws"              # name the whitespace analyzer is registered under
INT_MIN, INT_MAX = -(2 ** 62), 2 ** 62     # open range ends (older tantivy wants both bounds)
KEYWORD_FIELDS = ("id", "doc_id", "type", "kind", "level", "doc_type", "template", "domains", "unit",
                  "cell_keys", "failing_keys", "issuer_kw", "metric_kw")
TEXT_FIELDS = ("body", "body_bi", "heading", "issuer_t", "metric_t", "title_t")
# Reuse rates against the issuer's previous report (gisnlp.compare, comparisons.jsonl), when known.
REUSE_FIELDS = ("reuse", "reuse_text", "reuse_tables")
# facet name -> fast field
FACET_FIELDS = {"domain": "domains", "year": "year", "level": "level", "type": "type", "kind": "kind",
                "unit": "unit", "metric": "metric_kw", "issuer": "issuer_kw", "doc": "doc_id",
                "doctype": "doc_type", "template": "template"}


def tantivy():
    """The tantivy module, or a one-line error saying how to install it."""
    try:
        import tantivy as tv
    except ImportError:
        raise GisnlpError("the search index needs the tantivy package",
                          "pip install 'gisnlp[search]' (or pip install tantivy)") from None
    return tv


def build_schema():
    """The tantivy schema every gisnlp index is created with."""
    tv = tantivy()
    sb = tv.SchemaBuilder()
    for name in KEYWORD_FIELDS:
        sb.add_text_field(name, tokenizer_name="raw", fast=name not in ("id", "cell_keys", "failing_keys"),
                          index_option="basic")
    for name in TEXT_FIELDS:
        sb.add_text_field(name, tokenizer_name=WS)
    sb.add_integer_field("year", indexed=True, fast=True)
    sb.add_integer_field("n_failing", indexed=True, fast=True)
    for name in ("value",) + REUSE_FIELDS:
        sb.add_float_field(name, indexed=True, fast=True)
    sb.add_bytes_field("payload", stored=True, indexed=False)
    return sb.build()


def register_analyzer(idx) -> None:
    """Register the whitespace analyzer the text fields use on an opened tantivy index."""
    tv = tantivy()
    idx.register_tokenizer(WS, tv.TextAnalyzerBuilder(tv.Tokenizer.whitespace()).build())
