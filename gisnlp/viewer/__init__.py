"""Static HTML views of reports: one page per report, a site per archive.

    from gisnlp.viewer import render_report, write_report, build_site
    write_report(gisnlp.analyze("report.pdf"), "report.html")
    build_site(gisnlp.io.iter_reports("tagged/"), "site/")
"""
from .archive import build_site
from .render import render_report, write_report

__all__ = ["render_report", "write_report", "build_site"]
