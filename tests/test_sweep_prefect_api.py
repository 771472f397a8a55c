"""When commands need a Prefect server: a one-off sweep runs in-process, the others announce a
temporary server and give it time to start on a busy machine."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cchc_audit.flows.prefect_api import NOTICE, STARTUP_TIMEOUT, may_name_an_api, prefect_server, startup_timeout
from cchc_audit.flows.sweep_cli import sweeps_in_process

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed" / "000_c0db76a65c12b58c.txt"


@pytest.mark.parametrize(
    ("runner", "api_url", "in_process"),
    [
        ("threads", None, True),
        ("threads", "http://prefect-host:4200/api", False),
        ("processes", None, False),
        ("dask", None, False),
    ],
)
def test_only_a_threaded_sweep_with_no_server_configured_runs_in_process(runner, api_url, in_process):
    assert sweeps_in_process(runner, api_url) is in_process


def test_prefect_is_loaded_only_when_something_could_name_its_api(tmp_path):
    home, folder = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    folder.mkdir()
    environ = {"PREFECT_HOME": str(home)}
    assert may_name_an_api(environ, folder) is False
    (folder / "pyproject.toml").write_text('[project]\ndependencies = ["prefect"]\n', encoding="utf-8")
    assert may_name_an_api(environ, folder) is False
    assert may_name_an_api(environ | {"PREFECT_API_URL": ""}, folder) is True
    (home / "profiles.toml").write_text('[profiles.work]\nPREFECT_API_URL = "http://h:4200/api"\n', encoding="utf-8")
    assert may_name_an_api(environ, folder) is True
    assert may_name_an_api({"PREFECT_PROFILES_PATH": str(tmp_path / "none.toml"), "PREFECT_HOME": str(home)},
                           folder) is False
    for name, text in [("prefect.toml", "[api]\n"), (".env", "X=1\n"), ("pyproject.toml", "[tool.prefect]\n")]:
        other = tmp_path / name.strip(".")
        other.mkdir()
        (other / name).write_text(text, encoding="utf-8")
        assert may_name_an_api({"PREFECT_HOME": str(tmp_path / "nowhere")}, other) is True, name


def test_the_temporary_server_gets_our_timeout_unless_prefects_own_was_set():
    assert startup_timeout(20, 20) == STARTUP_TIMEOUT == 180
    assert startup_timeout(45, 20) == 45


def test_a_temporary_server_is_announced_and_given_time():
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, temporary_settings

    said = io.StringIO()
    with temporary_settings(restore_defaults={PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS}):
        with prefect_server("en", said):
            assert PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value() == 180
        assert PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value() == 20
    assert said.getvalue() == NOTICE["en"] + "\n"
    assert NOTICE["vi"].startswith("Đang khởi động máy chủ Prefect tạm thời")


def test_a_configured_server_is_used_quietly():
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, temporary_settings

    said = io.StringIO()
    with temporary_settings(updates={PREFECT_API_URL: "http://prefect-host:4200/api"},
                            restore_defaults={PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS}):
        with prefect_server("vi", said):
            assert PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value() == 20
    assert said.getvalue() == ""


def test_run_without_a_server_starts_prefects_temporary_one_with_our_timeout(monkeypatch, capsys):
    """Prefect's own start-up code sees the timeout (the server itself is not started here)."""
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, temporary_settings

    from cchc_audit.flows.cli import main

    waits = []

    def start(self, timeout=None):
        waits.append(timeout or PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())
        raise RuntimeError("no server in this test")

    monkeypatch.setattr(SubprocessASGIServer, "start", start)
    with temporary_settings(restore_defaults={PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS}):
        assert main(["run", str(SEED), "--lang", "en"]) == 2
    assert waits and set(waits) == {180}
    err = capsys.readouterr().err
    assert err.startswith(NOTICE["en"] + "\n")
    assert err.splitlines()[-1] == "Error: RuntimeError: no server in this test"
