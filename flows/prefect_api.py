"""Which Prefect server a command talks to: the configured one, or a temporary one it starts.

With no `PREFECT_API_URL` configured, Prefect starts a temporary server: another Python
process that imports Prefect and creates its database before it answers. On a loaded
2-core machine that takes longer than Prefect's default wait of 20 s, so the commands
that need a server wait up to `STARTUP_TIMEOUT` seconds and say on stderr why they pause.
A one-off `sweep` with threads needs no server at all (`flows.sweep_pass.run_sweep`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

STARTUP_TIMEOUT = 180  # seconds: the temporary server's start-up on a loaded 2-core machine

NOTICE = {
    "vi": "Đang khởi động máy chủ Prefect tạm thời (chưa cấu hình PREFECT_API_URL): một tiến trình mới "
          "nạp Prefect và tạo cơ sở dữ liệu, trên máy bận có thể mất đến một phút.",
    "en": "Starting a temporary Prefect server (no PREFECT_API_URL configured): a new process loads Prefect "
          "and creates its database, which can take up to a minute on a busy machine.",
}


def may_name_an_api(environ: Mapping[str, str], folder: Path) -> bool:
    """Whether anything Prefect reads its settings from could name an API URL: the environment,
    the profiles file, or settings files in the working folder. When nothing could, a sweep
    knows it has no server without loading Prefect (a second or more of a short sweep)."""
    if "PREFECT_API_URL" in environ:
        return True
    home = Path(environ.get("PREFECT_HOME") or "~/.prefect").expanduser()
    profiles = Path(environ.get("PREFECT_PROFILES_PATH") or home / "profiles.toml").expanduser()
    return (mentions(profiles, "PREFECT_API_URL") or (folder / ".env").is_file()
            or (folder / "prefect.toml").is_file() or mentions(folder / "pyproject.toml", "tool.prefect"))


def mentions(path: Path, text: str) -> bool:
    try:
        return text in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def prefect_api_url() -> str | None:
    """The Prefect API this process is configured to use (environment, profile or settings files)."""
    if "prefect.settings" not in sys.modules and not may_name_an_api(os.environ, Path.cwd()):
        return None
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


def startup_timeout(current: int, default: int) -> int:
    """How long to wait for a temporary server: ours, unless someone set Prefect's own value."""
    return STARTUP_TIMEOUT if current == default else current


@contextmanager
def prefect_server(lang: str = "vi", stream: TextIO | None = None) -> Iterator[None]:
    """Run Prefect work inside: when no server is configured, say that a temporary one starts
    and give it `STARTUP_TIMEOUT` seconds to answer."""
    from prefect.settings import PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS as TIMEOUT
    from prefect.settings import temporary_settings

    if prefect_api_url():
        yield
        return
    print(NOTICE[lang], file=stream or sys.stderr, flush=True)
    with temporary_settings(updates={TIMEOUT: startup_timeout(TIMEOUT.value(), TIMEOUT.default())}):
        yield
