"""gisnlp: Chinese government information-disclosure reports -> structured, checked data.

    import gisnlp
    report = gisnlp.analyze("report.pdf")      # or bytes, or the text itself
    report.meta.year, report.cells, report.facts, report.failed_checks()
    nlp = gisnlp.load(disable=["domains"])     # a pipeline of named steps
    gisnlp.compare(old, new).reuse             # year-over-year comparison of two reports
"""
from .compare import Comparison, compare
from .errors import GisnlpError, InputError, PipelineError
from .pipeline import DEFAULT_STEPS, Pipeline, analyze, load, registry
from .report import Cell, Check, Fact, Meta, Report, Segment

__version__ = "0.1.0"
__all__ = ["analyze", "load", "Pipeline", "registry", "DEFAULT_STEPS", "Report", "Meta", "Cell",
           "Fact", "Segment", "Check", "GisnlpError", "InputError", "PipelineError", "__version__",
           "compare", "Comparison"]
