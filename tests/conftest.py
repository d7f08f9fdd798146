"""Shared fixtures. Tests that need ../shared skip with a reason when it is absent."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__import__("os").environ.get("GISNLP_SHARED", ROOT.parent / "shared"))


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"needs {path} (the project's shared data folder, not part of a fresh clone)")
    return path


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return _need(SHARED)


@pytest.fixture(scope="session")
def seeds_dir(shared_dir) -> Path:
    return _need(shared_dir / "seeds")


@pytest.fixture(scope="session")
def corpus_dir(shared_dir) -> Path:
    return _need(shared_dir / "corpus")


@pytest.fixture(scope="session")
def gold_dir(shared_dir) -> Path:
    return _need(shared_dir / "gold")


@pytest.fixture(scope="session")
def nlp():
    import gisnlp
    return gisnlp.load()
