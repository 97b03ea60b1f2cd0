from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.store import ResultsStore
from tests.fixtures.store.builders import Fixture, build


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ResultsStore]:
    """An empty store of its own."""
    with ResultsStore.open(tmp_path / "results.db") as opened:
        yield opened


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Fixture:
    """The known fixture database, built once; tests only read it."""
    return build(tmp_path_factory.mktemp("store") / "results.db")


@pytest.fixture
def fixture_store(fixture_db: Fixture) -> Iterator[ResultsStore]:
    with ResultsStore.open(fixture_db.path) as opened:
        yield opened
