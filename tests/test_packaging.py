"""The installed distribution adds one top-level name, cchc_audit, and carries all it needs.

(Declared dependencies: tests/test_setup.py.)
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "cchc_audit"
SOURCES = ("extract", "validate", "compute", "report", "flows")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    """The wheel built from the committed files of this checkout (offline, no build isolation)."""
    tree = tmp_path_factory.mktemp("tree")
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file() and (name.startswith(SOURCES) or "/" not in name):
            target = tree / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(out), str(tree)], check=True, capture_output=True)
    (built,) = out.glob("*.whl")
    return zipfile.ZipFile(built)


def test_the_wheel_adds_exactly_one_top_level_name(wheel):
    names = {name.split("/")[0] for name in wheel.namelist()}
    assert {name for name in names if not name.endswith(".dist-info")} == {PACKAGE}
    top_level = [name for name in wheel.namelist() if name.endswith(".dist-info/top_level.txt")]
    if top_level:
        assert wheel.read(top_level[0]).decode().split() == [PACKAGE]


def test_the_wheel_carries_every_module_rule_set_and_template(wheel):
    names = set(wheel.namelist())
    expected = {f"{PACKAGE}/{path.relative_to(ROOT).as_posix()}"
                for source in SOURCES for path in (ROOT / source).rglob("*")
                if path.is_file() and path.suffix in {".py", ".toml", ".j2"} and "__pycache__" not in path.parts}
    assert expected and expected <= names
    entry_points = next(name for name in names if name.endswith(".dist-info/entry_points.txt"))
    assert f"cchc-audit = {PACKAGE}.flows.cli:main" in wheel.read(entry_points).decode()
