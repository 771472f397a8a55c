"""One Prefect test server for the whole session (it takes seconds to start).

Test modules that run flows load this plugin (`pytest_plugins = ["prefect_harness"]`)
and use its `prefect_harness` fixture.
"""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory):
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
