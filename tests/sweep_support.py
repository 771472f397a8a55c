"""Helpers of the scheduled-audit tests: a local HTTP server, generated decisions, PostgreSQL.

The HTTP server listens on 127.0.0.1 only. The fixtures built on these live in
`sweep_fixtures.py`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from fixtures.decisions import generated, render_text

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Route:
    """What the test server answers on one path."""

    body: bytes = b""
    status: int = 200
    etag: bool = True
    delay: float = 0.0
    location: str | None = None
    content_type: str = "text/plain; charset=utf-8"

    @property
    def tag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A client that gave up (timeout, size cap) is expected here, not worth a traceback."""


class DecisionServer:
    """A threaded HTTP server whose routes a test changes while it runs; it counts what it sent."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.sent: Counter[tuple[str, int]] = Counter()
        handler = self._handler()
        self.httpd = QuietServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                return None

            def do_GET(self) -> None:
                route = server.routes.get(self.path)
                if route is None:
                    return self._answer(404, b"not found")
                time.sleep(route.delay)
                if route.location:
                    server.sent[(self.path, route.status)] += 1  # counted before the client can see it
                    self.send_response(route.status)
                    self.send_header("Location", route.location)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                if route.status != 200:
                    return self._answer(route.status, b"server error")
                if route.etag and self.headers.get("If-None-Match") == route.tag:
                    server.sent[(self.path, 304)] += 1
                    self.send_response(304)
                    self.send_header("ETag", route.tag)
                    self.end_headers()
                    return None
                server.sent[(self.path, 200)] += 1
                self.send_response(200)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                if route.etag:
                    self.send_header("ETag", route.tag)
                self.end_headers()
                self.wfile.write(route.body)
                return None

            def _answer(self, status: int, body: bytes) -> None:
                server.sent[(self.path, status)] += 1
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler


def decision_bytes(index: int, units: int = 6) -> bytes:
    """A distinct, internally consistent text decision."""
    decision = generated(f"generated-{index:03d}", seed=1000 + index, units=units)
    return render_text(decision).encode("utf-8")


def write_decisions(folder: Path, count: int, units: int = 6, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(start, start + count):
        path = folder / f"decision-{index:03d}.txt"
        path.write_bytes(decision_bytes(index, units))
        paths.append(path)
    return paths


# PostgreSQL


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    return None


def start_throwaway_postgres() -> tuple[str | None, str, callable]:
    """(URL or None, why not, stop) for a PostgreSQL cluster in a temporary folder on 127.0.0.1."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        return None, "PostgreSQL server binaries (initdb, pg_ctl) are not installed", lambda: None
    folder = Path(tempfile.mkdtemp(prefix="cchc-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        if not shutil.which("runuser"):
            return None, "running as root without runuser to start PostgreSQL as another user", lambda: None
        shutil.chown(folder, "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", _free_port()
    try:
        subprocess.run([*run_as, initdb, "-D", str(data), "-U", "postgres", "-A", "trust", "--no-sync"],
                       check=True, capture_output=True, timeout=120)
        subprocess.run([*run_as, pg_ctl, "-D", str(data), "-l", str(folder / "log"), "-w", "-o",
                        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start"],
                       check=True, capture_output=True, timeout=120)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        return None, f"a throwaway PostgreSQL cluster could not start ({error})", lambda: None

    def stop() -> None:
        subprocess.run([*run_as, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)

    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", "", stop


def fresh_postgres(url: str) -> str:
    """Drop the store's tables so a test starts empty."""
    from sqlalchemy import create_engine

    from cchc_audit.flows.store import metadata, normalise_url

    engine = create_engine(normalise_url(url))
    metadata.drop_all(engine)
    engine.dispose()
    return url
