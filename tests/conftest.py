"""Shared test helpers: fixture paths, findings as comparable tuples, and the `needs` marker
that skips a test when a Debian package it needs is missing."""

from __future__ import annotations

import glob
import json
import os
import shutil
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

pytest_plugins = ["sweep_fixtures"]

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED = FIXTURES / "seed" / "000_c0db76a65c12b58c.txt"
SYSTEM_PACKAGES = ROOT / "system-packages.txt"
TESSERACT = ("tesseract-ocr", "tesseract-ocr-vie", "tesseract-ocr-eng")
FONTS = ("fonts-dejavu-core", "fonts-liberation2")  # the faces fixtures/ draws PDFs in


def pytest_configure(config):
    config.addinivalue_line("markers", "needs(*packages): the Debian packages (system-packages.txt) the test needs")


def folded_skips(reasons) -> list[str]:
    """One summary line per skip reason, with how many tests it skipped (most first)."""
    counts = Counter(reason.removeprefix("Skipped: ") for reason in reasons)
    return [f"SKIPPED [{count}] {reason}" for reason, count in sorted(counts.items(), key=lambda c: (-c[1], c[0]))]


def pytest_terminal_summary(terminalreporter):
    """Skips folded by reason alone (pytest's -rs gives a line per test): one line per missing package."""
    skipped = terminalreporter.stats.get("skipped", [])
    lines = folded_skips(r.longrepr[2] for r in skipped if isinstance(r.longrepr, tuple))
    if lines:
        terminalreporter.write_sep("=", "skipped")
        for line in lines:
            terminalreporter.write_line(line)


def system_packages(listing: str) -> dict[str, tuple[str, ...]]:
    """Each package of a system-packages.txt listing, with the alternatives that show it is here."""
    rows = (line.split() for line in listing.splitlines() if line.strip() and not line.lstrip().startswith("#"))
    return {row[0]: tuple(row[1].split("|")) for row in rows}


def present(provides: str) -> bool:
    """Whether a program is on PATH, or (a path, which may hold wildcards) a file exists."""
    return bool(glob.glob(provides)) if "/" in provides else shutil.which(provides) is not None


@cache
def missing(*packages: str) -> tuple[str, ...]:
    """Those of `packages` that are not here (by what each provides, not by dpkg: PATH may hide them)."""
    listed = system_packages(SYSTEM_PACKAGES.read_text(encoding="utf-8"))
    return tuple(name for name in packages if not any(present(p) for p in listed[name]))


def skip_reason(absent: tuple[str, ...]) -> str:
    names = " ".join(absent)
    return f"needs Debian package{'s' if len(absent) > 1 else ''} {names} (apt-get install {names})"


def skip_without(*packages: str) -> None:
    """Skip the test when one of `packages` is missing, in one line naming those missing."""
    absent = missing(*packages)
    if absent:
        pytest.skip(skip_reason(absent))


@pytest.fixture(autouse=True)
def _needed_packages(request):
    for marker in request.node.iter_markers("needs"):
        skip_without(*marker.args)


def needs(*packages: str) -> pytest.MarkDecorator:
    """Mark a test (or, as `pytestmark`, a module) as needing these Debian packages."""
    return pytest.mark.needs(*packages)


needs_tesseract = needs(*TESSERACT)
needs_fonts = needs(*FONTS)


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
