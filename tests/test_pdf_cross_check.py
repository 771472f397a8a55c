"""camelot's second opinion: disagreements are warnings at the cell, never publication errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cchc_audit.extract.pdf.cross_check import compare_rows
from cchc_audit.extract.domain.findings import Severity
from cchc_audit.extract.source import load_source
from cchc_audit.extract.pdf.reader import pdf_to_extraction
from cchc_audit.flows.cli import main
from cchc_audit.flows.pipeline import AuditOptions, audit_source

SEED = Path(__file__).parent.parent / "fixtures" / "pdf" / "seed-ruled.pdf"


def test_a_cell_read_differently_is_one_warning_at_that_cell():
    extraction, _ = pdf_to_extraction(load_source(SEED))
    table = extraction.tables[0]
    theirs = [[cell.text for cell in row.cells] for row in table.rows]
    theirs[1][3] = "15,71"
    findings = compare_rows(table, theirs)
    assert [(f.code.value, f.row, f.column, f.scorer.value, f.published, f.expected) for f in findings] == [
        ("extraction-disagreement", 2, "Công tác chỉ đạo, điều hành CCHC", "appraised", "15,17", "15,71")
    ]
    [finding] = findings
    assert finding.severity == Severity.WARNING
    assert (finding.page, finding.bbox) == (2, table.rows[1].cells[3].bbox)
    assert finding.detail("other_reader") == "camelot"
    assert "camelot" in finding.message("en")


def test_a_row_camelot_missed_is_questioned_at_its_unit():
    extraction, _ = pdf_to_extraction(load_source(SEED))
    table = extraction.tables[0]
    theirs = [[cell.text for cell in row.cells] for row in table.rows[:-1]]
    assert [(f.row, f.column, f.expected) for f in compare_rows(table, theirs)] == [(8, "Tên đơn vị", "")]


def test_camelot_agrees_on_the_seed_and_the_report_says_so():
    report = audit_source(str(SEED), AuditOptions(cross_check=True))
    assert report.cross_check == "camelot" and report.reader == "pdfplumber"
    assert not [f for f in report.findings if f.code.value == "extraction-disagreement"]


def test_cross_check_is_off_by_default_in_check(capsys):
    assert main(["check", str(SEED), "--format", "json"]) == 1
    assert '"cross_check": null' in capsys.readouterr().out


def test_check_imports_neither_camelot_nor_prefect():
    code = (
        "import sys; from cchc_audit.flows.cli import main; main(['check', %r, '--format', 'json']); "
        "print(sorted(m for m in ('camelot', 'prefect', 'cv2') if m in sys.modules))" % str(SEED)
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=SEED.parents[2])
    assert out.stdout.strip().splitlines()[-1] == "[]"
