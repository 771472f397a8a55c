"""The set-up: every third-party module the code imports is a declared dependency; the Debian
packages are listed once, installed when missing, and their tests skipped, naming them, without."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions

from conftest import FONTS, ROOT, SYSTEM_PACKAGES, TESSERACT, folded_skips, present, skip_reason, system_packages

PACKAGES = ("extract", "validate", "compute", "report", "flows")
OWN = (*PACKAGES, "cchc_audit", "fixtures", "tests", "benchmarks")


def imported_modules(folders) -> set[str]:
    """The top-level names that the modules under `folders` import (relative imports left out)."""
    names = set()
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names.add(node.module.split(".")[0])
    return names


def requirement_name(requirement: str) -> str:
    """A requirement's distribution name, normalised as PyPI does ("python-docx>=1.1" -> "python-docx")."""
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement).group()).lower()


def declared(project: dict, extras: tuple[str, ...] = ()) -> set[str]:
    requirements = project["dependencies"] + [r for extra in extras for r in project["optional-dependencies"][extra]]
    return {requirement_name(r) for r in requirements}


def undeclared_imports(folders, declared_names: set[str]) -> dict[str, list[str]]:
    """Each imported third-party module whose distributions are all undeclared, with those distributions."""
    distributions = packages_distributions()
    beside = {path.stem for folder in folders for path in (ROOT / folder).glob("*.py")}  # tests' helpers
    third_party = imported_modules(folders) - set(sys.stdlib_module_names) - set(OWN) - beside
    # a module not installed here (an extra's) counts under its own name ("prefect_dask")
    return {
        module: sorted(distributions.get(module, ["(not installed)"]))
        for module in sorted(third_party)
        if not {requirement_name(d) for d in distributions.get(module, [module])} & declared_names
    }


def test_requirement_names_are_normalised():
    assert [requirement_name(r) for r in ["python-docx>=1.1,<2", "pdfminer.six>=2025", "psycopg[binary]>=3.1"]] == [
        "python-docx", "pdfminer-six", "psycopg"]


def test_every_imported_distribution_is_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    # prefect_dask is imported only when the sweep is asked for Dask workers: the `dask` extra
    assert undeclared_imports(PACKAGES, declared(project, ("dask",))) == {}
    assert undeclared_imports(("tests", "fixtures", "benchmarks"), declared(project, ("dask", "dev"))) == {}


def test_an_undeclared_import_is_named():
    assert undeclared_imports(("extract",), {"pdfplumber"})["cv2"] == ["opencv-python-headless"]


def test_a_listing_gives_each_package_what_shows_it_is_here():
    listing = "# package  provides  for\n\npostgresql   pg_ctl|/usr/lib/postgresql/*/bin/pg_ctl   the store\n  gs x y\n"
    assert system_packages(listing) == {"postgresql": ("pg_ctl", "/usr/lib/postgresql/*/bin/pg_ctl"), "gs": ("x",)}


def test_every_listed_package_says_what_shows_it_and_what_it_is_for():
    rows = [line.split(maxsplit=2) for line in SYSTEM_PACKAGES.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    assert [row[0] for row in rows if len(row) < 3] == []
    assert set(TESSERACT + FONTS) <= {row[0] for row in rows}


def test_a_program_is_looked_for_on_path_and_a_file_by_its_pattern(tmp_path, monkeypatch):
    program = tmp_path / "bin" / "tesseract"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    (tmp_path / "5" / "tessdata").mkdir(parents=True)
    (tmp_path / "5" / "tessdata" / "vie.traineddata").write_bytes(b"")
    monkeypatch.setenv("PATH", str(program.parent))
    assert [present("tesseract"), present("soffice")] == [True, False]
    assert [present(f"{tmp_path}/*/tessdata/vie.traineddata"), present(f"{tmp_path}/*/tessdata/eng.traineddata")] == [
        True, False]


def test_a_skip_names_the_missing_packages():
    assert skip_reason(("chromium",)) == "needs Debian package chromium (apt-get install chromium)"
    assert skip_reason(("tesseract-ocr", "tesseract-ocr-vie")) == (
        "needs Debian packages tesseract-ocr tesseract-ocr-vie (apt-get install tesseract-ocr tesseract-ocr-vie)")


def test_skips_fold_into_one_line_per_reason():
    reasons = ["Skipped: needs Debian package chromium (…)", "Skipped: no area", "Skipped: needs Debian package chromium (…)"]
    assert folded_skips(reasons) == ["SKIPPED [2] needs Debian package chromium (…)", "SKIPPED [1] no area"]


def run_installer(tmp_path, not_installed: str, **environment) -> tuple[subprocess.CompletedProcess, list[str]]:
    """.ci/system-packages.sh with dpkg-query, apt-get and id faked: `not_installed` packages
    are missing, the user is root; (the run, the apt-get calls)."""
    fakes = tmp_path / "fakes"
    fakes.mkdir(exist_ok=True)
    calls = tmp_path / "apt-get.calls"
    scripts = {
        "dpkg-query": 'for p in "${@:3}"; do case " $NOT_INSTALLED " in *" $p "*) ;; *) echo "$p ii ";; esac; done',
        "apt-get": f'echo "$*" >> {calls}',
        "id": "echo 0",
    }
    for name, body in scripts.items():
        (fakes / name).write_text(f"#!/usr/bin/env bash\n{body}\n")
        (fakes / name).chmod(0o755)
    env = {**os.environ, "PATH": f"{fakes}:{os.environ['PATH']}", "NOT_INSTALLED": not_installed, **environment}
    if "CCHC_NO_APT" not in environment:
        env.pop("CCHC_NO_APT", None)
    run = subprocess.run(["bash", str(ROOT / ".ci" / "system-packages.sh")], capture_output=True, text=True, env=env,
                         timeout=60)
    return run, calls.read_text().splitlines() if calls.exists() else []


def test_nothing_is_installed_or_said_when_nothing_is_missing(tmp_path):
    run, calls = run_installer(tmp_path, "")
    assert (run.returncode, run.stdout, run.stderr, calls) == (0, "", "", [])


def test_only_the_missing_packages_are_installed_after_one_update(tmp_path):
    run, calls = run_installer(tmp_path, "chromium ghostscript")
    assert (run.returncode, run.stderr) == (0, "Installing Debian packages: chromium ghostscript\n")
    assert calls == ["update -qq", "install -y -qq --no-install-recommends chromium ghostscript"]


def test_without_apt_the_missing_packages_are_named_in_one_line(tmp_path):
    run, calls = run_installer(tmp_path, "chromium", CCHC_NO_APT="1")
    assert (run.returncode, run.stderr, calls) == (
        0, "Debian packages not installed (tests needing them are skipped): chromium\n", [])
