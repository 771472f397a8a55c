"""The pipeline version follows the code that decides findings."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from cchc_audit.flows.version import logic_digest, logic_files, pipeline_version

ROOT = Path(__file__).resolve().parent.parent


def copy_of_logic(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    for part in ("extract", "validate", "compute"):
        shutil.copytree(ROOT / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
    (root / "flows").mkdir()
    shutil.copy(ROOT / "flows" / "pipeline.py", root / "flows" / "pipeline.py")
    return root


def test_pipeline_version_names_the_package_and_a_digest_of_the_logic():
    assert re.fullmatch(r"\d+\.\d+\.\d+\+[0-9a-f]{12}", pipeline_version())
    assert pipeline_version().endswith("+" + logic_digest(ROOT))


def test_changing_a_compute_module_changes_the_version(tmp_path):
    root = copy_of_logic(tmp_path)
    before = logic_digest(root)
    assert before == logic_digest(ROOT)
    ranks = root / "compute" / "ranks.py"
    ranks.write_text(ranks.read_text(encoding="utf-8") + "\n# one more line\n", encoding="utf-8")
    assert logic_digest(root) != before


def test_bundled_rules_and_the_wiring_step_count_but_bytecode_and_reports_do_not(tmp_path):
    root = copy_of_logic(tmp_path)
    names = {file.relative_to(root).as_posix() for file in logic_files(root)}
    assert "flows/pipeline.py" in names
    assert any(name.startswith("compute/") and name.endswith(".toml") for name in names)
    before = logic_digest(root)
    (root / "compute" / "__pycache__").mkdir(exist_ok=True)
    (root / "compute" / "__pycache__" / "ranks.cpython-311.pyc").write_bytes(b"\0bytecode")
    (root / "report").mkdir()
    (root / "report" / "html.py").write_text("# the report does not decide findings\n", encoding="utf-8")
    assert logic_digest(root) == before
    rules = next(file for file in logic_files(root) if file.suffix == ".toml")
    rules.write_text(rules.read_text(encoding="utf-8").replace("90", "91", 1), encoding="utf-8")
    assert logic_digest(root) != before


def test_a_renamed_file_changes_the_version(tmp_path):
    root = copy_of_logic(tmp_path)
    before = logic_digest(root)
    (root / "compute" / "ranks.py").rename(root / "compute" / "ranking.py")
    assert logic_digest(root) != before
