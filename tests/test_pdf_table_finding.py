"""Born-digital PDFs whose ranking table a reader can miss altogether (issue 10): each is found,
read back cell for cell as one table, with exactly its expected findings."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, as_tuples, expected_findings
from test_pdf_geometry import audited

from extract.layout.unruled import is_data_line
from extract.layout.words import Line
from fixtures.build_table_finding import catalogue
from fixtures.geometry import printed_cells

FOLDER = FIXTURES / "pdf" / "table-finding"
PDFS = sorted(FOLDER.glob("*.pdf"))
CASES = {case.geometry.slug: case for case in catalogue()}


def test_every_case_has_a_committed_pdf():
    assert [p.stem for p in PDFS] == sorted(CASES)


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_findings_are_the_expected_ones(path):
    assert as_tuples(audited(path).findings) == expected_findings(path)


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_every_row_reads_back_cell_for_cell_in_one_table(path):
    _, body = printed_cells(CASES[path.stem].geometry)
    [result] = audited(path).tables
    assert [[cell.text for cell in row.cells] for row in result.table.rows] == body


def line(*texts: str) -> Line:
    words, x = [], 40.0
    for text in texts:
        words.append({"text": text, "x0": x, "x1": x + 5 * len(text), "top": 100.0, "bottom": 108.0})
        x += 5 * len(text) + 30
    return Line(tuple(words))


@pytest.mark.parametrize(("texts", "data"), [
    (("3", "UBND xã Hòa Phú", "86,5", "3", "Tốt"), True),  # a name, then an index, a rank, a class
    (("3.", "86,5", "3", "Tốt"), True),  # the name wrapped above and below its row's line
    (("03", "86,5", "3"), True),  # an index and a rank alone
    (("3.", "86,5", "3", "huyện"), False),  # text after the figures: a sentence, not a row
    (("3.", "86,5"), False),  # one figure says too little
    (("Điều", "86,5", "3", "4"), False),  # no row number first
])
def test_a_data_line_is_a_row_number_then_figures_with_or_without_its_name(texts, data):
    assert is_data_line(line(*texts)) is data
