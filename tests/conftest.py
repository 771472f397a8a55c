"""Shared test helpers: fixture paths and findings as comparable tuples."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

pytest_plugins = ["sweep_fixtures"]

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED = FIXTURES / "seed" / "000_c0db76a65c12b58c.txt"


def as_tuples(findings) -> list[tuple]:
    """(code, row, column, scorer, published, expected) for each finding, in report order."""
    return [
        (f.code.value, f.row, f.column, f.scorer.value if f.scorer else None, f.published, f.expected)
        for f in findings
    ]


def expected_findings(path: Path) -> list[tuple]:
    """The findings a fixture's `<name>.expected.json` beside it lists, as tuples."""
    return [tuple(f) for f in json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))["findings"]]


def errors_of(findings) -> list[tuple]:
    return as_tuples([f for f in findings if f.severity.value == "error"])


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def prefect_harness():
    """One Prefect test server for the whole session (it takes seconds to start)."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
