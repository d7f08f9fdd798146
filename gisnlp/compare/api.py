"""``compare(old, new)``, the public entry point, cheap to import.

``import gisnlp`` re-exports ``compare`` and must stay light (no rapidfuzz, no
numpy, none of the comparison's steps): they load with ``engine`` on the first call.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Optional, Union

from .model import Comparison
from .settings import Settings

if TYPE_CHECKING:
    from .mandated import WordingFilter


def compare(old, new, settings: Union[None, dict, Settings] = None, common: Optional["WordingFilter"] = None,
            carry_rows: Optional[Iterable[dict]] = None) -> Comparison:
    """Compare report ``old`` (the year before) with ``new``.

    ``old``/``new``: ``Report`` objects, report dicts (``Report.to_dict``), paths of
    analysed JSON, or documents (analysed first). ``settings`` overrides values of
    ``compare.yaml``; ``common`` flags archive-wide common wording
    (``CommonWording``); ``carry_rows`` are ``link.series.compare_pair`` rows already
    computed for this pair (``gisnlp tag`` passes them so they are not computed twice).
    Returns a ``Comparison``; never raises on odd pairs (other issuer, other years,
    other template, no text): it says so in ``notes``.
    """
    from .engine import compare_reports
    return compare_reports(old, new, settings=settings, common=common, carry_rows=carry_rows)
