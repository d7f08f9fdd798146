"""Page-by-page progress of OCR, for a caller that shows it (``gisnlp analyze`` on a terminal).

OCR takes seconds a page; a terminal user should see that work goes on. The library stays
quiet: a page is announced only to a listener set with ``listening`` (for the current thread
or task), never printed.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator, Optional

Listener = Callable[[int, int], None]          # (page number, pages in the document)
_listener: ContextVar[Optional[Listener]] = ContextVar("gisnlp_ocr_listener", default=None)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Call ``listener(number, total)`` before each page OCR reads inside the ``with`` block."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)


def page_started(number: int, total: int) -> None:
    """OCR starts reading page ``number`` of ``total``: tell the listener, if one is set."""
    listener = _listener.get()
    if listener is not None:
        listener(number, total)
