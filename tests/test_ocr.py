"""Scanned decisions read by OCR: the same findings as their born-digital twins, misreads
said as misreads, and one clear line when a scan cannot be read. Needs Tesseract with its
Vietnamese model (Debian: tesseract-ocr tesseract-ocr-vie); skipped, with the reason, without."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache

import pytest

from cchc_audit.extract.source import load_source
from cchc_audit.flows.cli import main
from cchc_audit.flows.pipeline import audit_document

from conftest import FIXTURES, as_tuples, needs_tesseract

SCANS = FIXTURES / "scans"
# Two pages each: one at each resolution, one with injected publication errors.
CHECKED = ["seed-ruled-200dpi", "injected-errors-10-ruled-150dpi"]
# Three pages of a 45-row two-scorer annex at the lower resolution, whose header OCR misreads.
LONG = ["long-two-scorers-45-ruled-150dpi"]


@cache
def audited(slug: str):
    return audit_document(load_source(SCANS / f"{slug}.pdf"))


def expected(slug: str) -> dict:
    return json.loads((SCANS / f"{slug}.expected.json").read_text(encoding="utf-8"))


def read_by_ocr(slug: str):
    """A scan's report, read by OCR, and its findings as tuples, misreads said as such aside."""
    report = audited(slug)
    assert report.status == "ok" and report.reader == "tesseract"
    return report, [f for f in as_tuples(report.findings) if f[0] != "extraction-disagreement"]


def test_every_scan_has_its_expected_findings():
    scans = sorted(p.stem for p in SCANS.glob("*.pdf"))
    assert scans and scans == sorted(p.name.removesuffix(".expected.json") for p in SCANS.glob("*.expected.json"))


@needs_tesseract
@pytest.mark.parametrize("slug", CHECKED)
def test_scan_gives_the_findings_of_its_twin(slug):
    report = audited(slug)
    assert report.status == "ok" and report.reader == "tesseract"
    found = [f for f in as_tuples(report.findings) if f[0] != "extraction-disagreement"]
    assert found == [tuple(f) for f in expected(slug)["findings"]]


@needs_tesseract
@pytest.mark.parametrize("slug", LONG)
def test_long_scan_reports_every_error_of_its_twin_and_no_other(slug):
    report = audited(slug)
    errors = [f for f in as_tuples(report.findings) if f[0] != "extraction-disagreement"]
    assert errors == [tuple(f) for f in expected(slug)["findings"]]
    for finding in report.findings:  # a misread header or figure is said so, both readings shown
        if finding.code.value == "extraction-disagreement":
            assert finding.published != finding.expected and "OCR" in finding.message("en")


@needs_tesseract
@pytest.mark.parametrize("slug", CHECKED)
def test_misreads_show_both_readings_and_errors_say_they_came_from_ocr(slug):
    report = audited(slug)
    for finding in report.findings:
        if finding.code.value == "extraction-disagreement":
            assert finding.published and finding.expected and finding.published != finding.expected
            assert "OCR" in finding.message("en") and finding.page == 2 and finding.bbox is not None
        elif finding.severity.value == "error" and finding.row is not None:
            assert "read by OCR" in finding.message("en") and "đọc bằng OCR" in finding.message("vi")


@needs_tesseract
def test_a_ruled_scan_in_blocks_reads_each_block_under_its_title_and_only_the_wrong_total():
    slug = "layout-blocks-wrong-total-15-ruled-200dpi"
    report = audited(slug)
    assert [len(t.table.rows) for t in report.tables] == [6, 5, 4]
    found = [(code, f.table, *rest) for f, (code, *rest) in zip(report.findings, as_tuples(report.findings))
             if code != "extraction-disagreement"]
    assert found == [tuple(f) for f in expected(slug)["findings"]] == [
        ("total-mismatch", 2, 2, "Tổng điểm", None, "80,92", "79,42"),
    ]


@needs_tesseract
def test_a_two_page_scan_in_blocks_keeps_every_row_of_its_later_page_and_the_dash_of_a_name():
    # Page 3 goes on with the second block: read under the header page 2 ended with, its
    # ruled rows stand (a reading of its words alone lost the last row). A title row across
    # the table is no row of figures, and "Lao động - Thương binh" keeps its dash.
    slug = "v00000-200dpi"
    report = audited(slug)
    assert [len(t.table.rows) for t in report.tables] == [16, 5]
    assert [sorted({row.cells[0].page for row in t.table.rows}) for t in report.tables] == [[2], [2, 3]]
    assert report.tables[0].table.rows[1].cells[1].text == "Sở Lao động - Thương binh và Xã hội"
    found = [f for f in as_tuples(report.findings) if f[0] != "extraction-disagreement"]
    assert found == [tuple(f) for f in expected(slug)["findings"]] == []


@needs_tesseract
def test_injected_publication_errors_are_still_errors():
    errors = [(f.code.value, f.row) for f in audited("injected-errors-10-ruled-150dpi").findings
              if f.severity.value == "error"]
    assert errors == [("total-mismatch", 3), ("rank-mismatch", 8), ("class-mismatch", 6)]


@needs_tesseract
def test_cells_carry_confidence_and_place():
    table = audited("seed-ruled-200dpi").tables[0].table
    cells = [cell for row in table.rows for cell in row.cells if cell.text]
    assert all(cell.page == 2 and cell.bbox is not None for cell in cells)
    assert all(cell.confidence is not None and 0 <= cell.confidence <= 100 for cell in cells)
    # The bbox is on the page as published (skewed), inside its A4 landscape page.
    assert all(0 <= cell.bbox[0] < cell.bbox[2] <= 842 and 0 <= cell.bbox[1] < cell.bbox[3] <= 596 for cell in cells)


@needs_tesseract
def test_scan_without_a_table_exits_2_with_one_line(capsys):
    assert main(["check", str(SCANS / "bad" / "no-table-200dpi.pdf"), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "OCR found no ruled ranking table on page 1" in err


def test_without_tesseract_a_scan_exits_2_naming_the_packages(monkeypatch, capsys):
    monkeypatch.setattr("cchc_audit.extract.scan.tesseract.tesseract_problem", lambda: "the tesseract program is not installed "
                        "(Debian: tesseract-ocr tesseract-ocr-vie)")
    assert main(["check", str(SCANS / "seed-ruled-200dpi.pdf"), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "tesseract-ocr tesseract-ocr-vie" in err
    assert main(["check", str(SCANS / "seed-ruled-200dpi.pdf")]) == 2
    assert "cần cài tesseract-ocr và tesseract-ocr-vie" in capsys.readouterr().err


# A table without rules: the page pass's words read by the layout engine, its figures then
# checked against their ink and its header read again as a ruled table's are.
UNRULED = "clean-single-scorer-12-unruled-200dpi"


@needs_tesseract
def test_an_unruled_scan_is_read_by_the_layout_engine_with_every_row_and_figure():
    report = audited(UNRULED)
    assert report.status == "ok" and report.reader == "tesseract"
    assert as_tuples(report.findings) == [tuple(f) for f in expected(UNRULED)["findings"]]
    twin = audit_document(load_source(FIXTURES / "pdf" / "clean-single-scorer-12-unruled.pdf"))
    [scanned], [printed] = [t.table for t in report.tables], [t.table for t in twin.tables]
    figures = [i for i, c in enumerate(printed.columns) if c.is_score or c.role.value in ("rank", "row-number")]
    assert len(figures) == 11  # row numbers, eight areas, the total and the rank
    assert len(scanned.rows) == len(printed.rows) == 12
    assert [[row.cells[i].text for i in figures] for row in scanned.rows] == \
        [[row.cells[i].text for i in figures] for row in printed.rows]


@needs_tesseract
def test_a_speck_beside_a_rank_is_no_letter_of_it():
    # v00238 scanned: a dot of dust left of row 2's rank was read "h" (3/100) and stood as a
    # column of its own, joined to the rank as "h 2", unreadable. The rows the table's page
    # break leaves unread (its later rows stand under no header) are said so, nothing else.
    report = audited("v00238-200dpi")
    table = report.tables[0].table
    rank = next(c for c in table.columns if c.role.value == "rank")
    assert [row.cell(rank).text for row in table.rows[:3]] == ["1", "2", "3"]
    assert [f.code.value for f in report.findings] == ["rows-not-audited"]


@needs_tesseract
def test_figures_misread_on_a_scan_with_a_maximum_in_doubt_are_misreads_not_errors():
    # v00231 scanned (outer box only, self and appraised under each area): row 5's "7,9" was
    # read as a word narrower than printed ("VI)") and cut out without its ",9"; row 4's "10"
    # got a mark from a speck its box took in, once said to be a misread ("1,0"). Neither
    # accuses the unit: the first is read whole from its column's width, the second from its
    # own line of ink, the speck cut away with the band it stood in.
    slug = "v00231-200dpi"
    report = audited(slug)
    assert expected(slug)["findings"] == []
    assert [(f.code.value, f.severity.value, f.row, f.published, f.expected) for f in report.findings] == [
        ("extraction-disagreement", "warning", None, "11", "41, 71, 111, 17"),
    ]
    assert report.tables[0].table.rows[4].cells[4].text == "7,9"
    assert [(c.text, c.alternatives) for c in report.tables[0].table.rows[3].cells[4:6]] == [("10", ()), ("9,56", ())]


@needs_tesseract
def test_narrow_labels_printed_turned_a_quarter_are_read_and_the_table_audited():
    # narrow-labels-vertical scanned: "STT" and each area's "Tự chấm" / "Thẩm định" printed
    # turned 90° were read as specks ("ưu", "Ẹ Vũ C ° »"), and the table was refused with
    # unplaced-column; read turned upright, the scan gives its twin's findings.
    slug = "narrow-labels-vertical-200dpi"
    _, found = read_by_ocr(slug)
    assert found == [tuple(f) for f in expected(slug)["findings"]]
    assert ("score-above-max", 2, "Xây dựng và phát triển chính quyền điện tử, chính quyền số", "self", "21,52", None) in found


@needs_tesseract
def test_column_numbers_read_garbled_under_the_labels_leave_the_header_its_roles_and_maxima():
    # v00161 scanned: the row of column numbers read "() (2) (3)(4)+(5) (4) (6) (6)" was not told
    # as one, so "(4)" stood under "Điểm đánh giá trực tiếp (Tối đa 70 điểm)" as a label of its own
    # and the table was refused (unplaced-column); a number under a label stating its maximum is
    # no label, and the scan is read as printed, with no finding.
    slug = "v00161-200dpi"
    report = audited(slug)
    assert report.status == "ok" and report.reader == "tesseract"
    assert [f for f in as_tuples(report.findings) if f[0] != "extraction-disagreement"] == expected(slug)["findings"] == []
    table = report.tables[0].table
    assert [(c.role.value, c.maximum) for c in table.columns] == [
        ("row-number", None), ("unit", None), ("total", Decimal("100")), ("area", Decimal("70")),
        ("survey", Decimal("30")), ("rank", None),
    ]
    assert len(table.rows) == 10


@needs_tesseract
def test_a_header_left_as_column_numbers_whose_formula_lost_its_equals_sign_is_read_by_it():
    # v00133 scanned: the turned labels read as specks (a row of nothing once cleared), the
    # header was left as its column numbers, "(3)(4)+(5)" without its "=", the total printed
    # before its parts; the table was refused (unplaced-column "#3"). Read by its formula, with
    # the ranks told right of every score, the scan gives its twin's wrong total and nothing else.
    slug = "v00133-200dpi"
    report, found = read_by_ocr(slug)
    assert found == [("total-mismatch", 5, "Tổng điểm", None, "61,44", "60,19")]
    assert expected(slug)["findings"] == [["total-mismatch", 1, 5, "Tổng điểm", None, "61,44", "60,19"]]  # table 1
    table = report.tables[0].table
    assert [(c.role.value, c.name) for c in table.columns] == [
        ("row-number", "STT"), ("unit", "Tên đơn vị"), ("total", "Tổng điểm"), ("area", "Cột (4)"),
        ("area", "Cột (5)"), ("rank", "Xếp hạng"), ("class", "Phân loại"),
    ]
    assert len(table.rows) == 6
