"""Fixtures of the scheduled-audit tests (a pytest plugin loaded by conftest.py).

PostgreSQL comes from `CCHC_TEST_POSTGRES_URL` or from a throwaway cluster started here;
its tests are skipped, with the reason (or the Debian package to install), only when neither
is possible.
"""

from __future__ import annotations

import os

import pytest

from sweep_support import DecisionServer, fresh_postgres, start_throwaway_postgres


@pytest.fixture
def decision_server():
    server = DecisionServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture(scope="session")
def postgres_url():
    url = os.environ.get("CCHC_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    url, reason, stop = start_throwaway_postgres()
    if url is None:
        from conftest import skip_without

        skip_without("postgresql")  # not installed: the line names the package
        pytest.skip(f"PostgreSQL unavailable: {reason}")
    yield url
    stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """Every store test runs on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "audits.db")
    return fresh_postgres(request.getfixturevalue("postgres_url"))
