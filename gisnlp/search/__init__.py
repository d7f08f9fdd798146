"""Search over analysed reports: an embedded tantivy index and an Elasticsearch bulk export.

    from gisnlp.search import Index
    idx = Index("idx"); idx.add(gisnlp.io.iter_report_dicts("out/"))
    idx.search("依申请公开", domain="applications", year=2023)   # -> list[Hit]
"""
from .index import Hit, Index, IndexStats
from .query import ParsedQuery, parse

__all__ = ["Index", "Hit", "IndexStats", "parse", "ParsedQuery"]
