"""Cross-validation fits of a slow model run ahead, in parallel, and read back from disk
(scripts/eval_domains.py ``--jobs``/``--store``; not run time).

A leave-one-place-out run of a slow model (``e5ft``: minutes per fit on one core) asks
``Fits.without(places)`` for a few dozen models; each is only ever used to predict the
labelled examples and the held-out reports of the places it left out. ``precompute``
fits every one of them (``crossval.fits_needed``) in worker processes of one torch
thread each and stores those probabilities, one file per fit; ``StoredFits`` then
answers ``without(places)`` with a ``StoredModel`` that looks the rows up — the same
numbers as fitting in process, and the nested protocol unchanged.
"""
from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import numpy as np

from . import crossval as CV
from .features import views_of
from .step import narrative_indexes

ALL_DATA = "all"          # subfolder of the store holding the model fitted on every example


def view_key(view) -> str:
    """What identifies a view's probabilities: its text, heading path and kind."""
    return json.dumps([view.text, list(view.path), view.kind], ensure_ascii=False)


def fit_file(store: Path, places) -> Path:
    """The file of the fit without ``places``."""
    name = "+".join(sorted(places)) or ALL_DATA
    return Path(store) / f"fit-{hashlib.md5(name.encode('utf-8')).hexdigest()[:12]}.npz"


def views_to_predict(fits: CV.Fits, docs: list, places) -> list:
    """The views the fit without ``places`` is asked about: the labelled examples of those
    places and the narrative segments of their held-out reports."""
    views = [e.view for p in places for e in fits.labelled(p)]
    for d in docs:
        if d.place in places:
            views += views_of(d.report, narrative_indexes(d.report))
    return list({view_key(v): v for v in views}.values())


_JOB: dict = {}           # what the forked workers read: fits, docs, store


def _fit_one(places: frozenset) -> tuple:
    """Worker: fit without ``places``, store its probabilities (and, for the all-data fit,
    the model itself when it can ``save`` into a folder); (places, seconds)."""
    import sys
    if "torch" in sys.modules:                   # one thread per worker (the machine is shared)
        sys.modules["torch"].set_num_threads(1)
    fits, docs, store = _JOB["fits"], _JOB["docs"], _JOB["store"]
    t0 = time.time()
    model = fits.without(places)
    fits.models.pop(frozenset(places), None)
    seconds = time.time() - t0
    views = views_to_predict(fits, docs, places)
    P = model.predict_proba(views) if views else np.zeros((0, len(fits.labels)))
    np.savez_compressed(fit_file(store, places), P=P.astype(np.float32),
                        keys=np.array([view_key(v) for v in views], dtype=object),
                        places=np.array(sorted(places)), seconds=seconds)
    if not places and hasattr(model, "save"):
        model.save(Path(store) / ALL_DATA)
    return places, seconds


def precompute(fits: CV.Fits, docs: list, keys: list, store: Path, jobs: int = 1, log=print) -> dict:
    """Fit (in ``jobs`` forked processes) every ``keys`` set not stored yet; {places: seconds}."""
    import multiprocessing as mp
    store = Path(store)
    store.mkdir(parents=True, exist_ok=True)
    todo = [k for k in keys if not fit_file(store, k).exists()]
    _JOB.update(fits=fits, docs=docs, store=store)
    times = {}
    t0 = time.time()
    with mp.get_context("fork").Pool(max(1, jobs)) as pool:
        for places, seconds in pool.imap_unordered(_fit_one, todo):
            times[places] = seconds
            if log:
                log(f"  fit without {'+'.join(sorted(places)) or 'nothing'}: {seconds:.0f}s "
                    f"({len(times)}/{len(todo)}, {time.time() - t0:.0f}s)")
    return times


class StoredModel:
    """A stored fit: ``predict_proba(views)`` looks up the probabilities it was asked for."""

    def __init__(self, labels: list[str], path: Path):
        self.labels = list(labels)
        self.thresholds = {lab: 0.5 for lab in self.labels}
        with np.load(path, allow_pickle=True) as f:
            self.rows = {k: i for i, k in enumerate(f["keys"].tolist())}
            self.P = f["P"].astype(np.float64)
            self.seconds = float(f["seconds"])

    def predict_proba(self, views) -> np.ndarray:
        """[n, labels]: the stored rows of ``views`` (KeyError for a view it was not asked about)."""
        if not views:
            return np.zeros((0, self.P.shape[1]))
        return self.P[[self.rows[view_key(v)] for v in views]].copy()


class StoredFits(CV.Fits):
    """``Fits`` answered from a store written by ``precompute``."""

    def __init__(self, store: Path, examples: list, labels: list[str], place_of: dict, reader=None):
        super().__init__(None, examples, labels, place_of)
        self.store = Path(store)
        self.reader = reader

    def fitted_on_all(self):
        """The model fitted on every example, read from the store with ``reader`` (what is shipped)."""
        return self.reader(self.store / ALL_DATA)

    def without(self, places) -> StoredModel:
        """The stored fit without ``places``."""
        key = frozenset(places)
        if key not in self.models:
            self.models[key] = StoredModel(self.labels, fit_file(self.store, key))
        return self.models[key]

    def seconds(self) -> dict:
        """{places: fit seconds} of the fits read so far."""
        return {k: m.seconds for k, m in self.models.items()}


class CombinedFits(CV.Fits):
    """The fits of a model made of members: ``without(places)`` is ``make`` of each member's
    fit without ``places`` (a hybrid shares its members' fits, stored or not)."""

    def __init__(self, make, *members: CV.Fits):
        first = members[0]
        super().__init__(make, first.examples, first.labels, first.place_of)
        self.members = members

    def without(self, places):
        """The combined model of the members' fits without ``places``."""
        key = frozenset(places)
        if key not in self.models:
            self.models[key] = self.make_model(*[f.without(places) for f in self.members])
        return self.models[key]
