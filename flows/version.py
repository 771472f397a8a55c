"""Which pipeline produced an audit: the package version and a digest of the audit logic.

A document is audited once per pipeline version. The version names the package release and a
digest of every file that decides findings: the readers (`extract/`), the schemas
(`validate/`), the recomputation and its bundled rule sets (`compute/`), and the step that wires
them (`flows/pipeline.py`). Change any of them and the next sweep audits every document again;
nobody has to remember to bump a number.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

# Relative to the folder that holds the packages: a checkout's root, or the installed package.
AUDIT_LOGIC = ("extract", "validate", "compute", "flows/pipeline.py")
DIGEST_LENGTH = 12
SKIPPED_PARTS = frozenset({"__pycache__"})
SKIPPED_SUFFIXES = frozenset({".pyc", ".pyo"})


def logic_files(root: Path, parts: tuple[str, ...] = AUDIT_LOGIC) -> list[Path]:
    """Every file of the audit logic under `root`, in a fixed order."""
    found: list[Path] = []
    for part in parts:
        path = root / part
        candidates = sorted(path.rglob("*")) if path.is_dir() else [path]
        found.extend(candidate for candidate in candidates if _counts(candidate, root))
    return sorted(found, key=lambda file: file.relative_to(root).as_posix())


def _counts(path: Path, root: Path) -> bool:
    relative = path.relative_to(root)
    return (path.is_file() and path.suffix not in SKIPPED_SUFFIXES
            and not SKIPPED_PARTS.intersection(relative.parts))


def logic_digest(root: Path, parts: tuple[str, ...] = AUDIT_LOGIC) -> str:
    """A digest of the audit logic's file names and bytes: it changes when any of them does."""
    digest = hashlib.sha256()
    for file in logic_files(root, parts):
        name = file.relative_to(root).as_posix().encode()
        content = file.read_bytes()
        digest.update(len(name).to_bytes(4, "big") + name)
        digest.update(len(content).to_bytes(8, "big") + content)
    return digest.hexdigest()[:DIGEST_LENGTH]


@cache
def installed_logic_digest() -> str:
    """The digest of the audit logic this process runs (computed once)."""
    return logic_digest(Path(__file__).resolve().parent.parent)


def pipeline_version() -> str:
    try:
        package = version("cchc-audit")
    except PackageNotFoundError:  # running from a source tree that was never installed
        package = "0+unknown"
    separator = "." if "+" in package else "+"
    return f"{package}{separator}{installed_logic_digest()}"
