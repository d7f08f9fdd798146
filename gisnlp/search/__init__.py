"""Search over analysed reports: an embedded tantivy index and an Elasticsearch bulk export.

    import gisnlp.io
    from gisnlp.search import Index
    idx = Index("idx"); idx.add(gisnlp.io.iter_report_dicts("out/"))
    idx.search("依申请公开", domain="applications", year=2023)   # -> list[Hit]

Modules: ``index`` (the index's lifecycle: open, add, atomic rebuild, writer lock),
``translate`` (query -> tantivy query), ``documents`` (report -> index documents),
``hits`` (results), ``query`` (the query language), ``units`` (report -> units),
``analyzer`` (Chinese words), ``snippet`` (highlights), ``export_es`` (Elasticsearch).
"""
from .documents import PreparedReport, prepare_report
from .hits import Hit
from .index import Index, IndexStats
from .query import ParsedQuery, parse

__all__ = ["Index", "Hit", "IndexStats", "parse", "ParsedQuery", "prepare_report", "PreparedReport"]
