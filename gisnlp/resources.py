"""Access to the package's data files (template labels, lexicons) and models."""
from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
# Models ship in the repository's top-level models/; a wheel install puts the
# default ones under <prefix>/share/gisnlp/models. GISNLP_MODELS overrides.
_CANDIDATE_MODEL_DIRS = (
    Path(__file__).resolve().parent.parent / "models",          # a source checkout / editable install
    Path(sys.prefix) / "share" / "gisnlp" / "models",           # a wheel install (setup.cfg data_files)
)


def data_path(name: str) -> Path:
    """Path of a file under gisnlp/data."""
    return DATA_DIR / name


def models_dir() -> Path:
    """Where the domain models are: $GISNLP_MODELS, the checkout's models/, or the install's."""
    env = os.environ.get("GISNLP_MODELS")
    if env:
        return Path(env)
    for d in _CANDIDATE_MODEL_DIRS:
        if d.is_dir() and any(d.iterdir()):
            return d
    return _CANDIDATE_MODEL_DIRS[-1]


@lru_cache(maxsize=None)
def load_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a data file."""
    with open(data_path(name), encoding="utf-8") as f:
        return tuple(l.rstrip("\n") for l in f if l.strip() and not l.startswith("#"))


@lru_cache(maxsize=None)
def load_yaml(name: str):
    """A YAML data file under gisnlp/data, parsed once (cached).

    libyaml's C loader is used when PyYAML was built with it (about 10× faster
    than the pure-Python one, same result on safe YAML).
    """
    import yaml
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(data_path(name), encoding="utf-8") as f:
        return yaml.load(f, Loader=loader)
