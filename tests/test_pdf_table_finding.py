"""Born-digital PDFs whose ranking table a reader can miss altogether (issue 10): each is found,
read back cell for cell as one table, with exactly its expected findings."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, as_tuples, expected_findings
from test_pdf_geometry import audited

from cchc_audit.extract.domain.model import Cell
from cchc_audit.extract.layout.engine import header_extents, stack_grids
from cchc_audit.extract.layout.score import grids_to_score, opens_with_units, repeats
from cchc_audit.extract.layout.unruled import is_data_line, words_to_grids
from cchc_audit.extract.layout.words import Grid, Line, boundaries, column_spans, header_blocks, is_numbering
from cchc_audit.extract.pdf.reader import read_pages, stacks_rows
from cchc_audit.extract.roles.assemble import TextRow, is_title_row
from cchc_audit.extract.source import load_source
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
def test_every_unit_row_reads_back_cell_for_cell(path):
    _, body = printed_cells(CASES[path.stem].geometry)
    units = [row for row in body if not is_title_row(row)]
    read = [[cell.text for cell in row.cells] for result in audited(path).tables for row in result.table.rows]
    assert read == units
    assert len(audited(path).tables) == 1 + sum(1 for row in body[1:] if is_title_row(row))


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


def located_row(cells: list[tuple[str, float, float]], top: float, bottom: float) -> TextRow:
    """A row of (text, x0, x1) cells between `top` and `bottom` on page 1."""
    located = tuple(Cell(text, page=1, bbox=(x0, top, x1, bottom)) for text, x0, x1 in cells)
    return TextRow(line=None, cells=tuple(c.text for c in located), located=located)


HEADER_GRID = Grid(page=1, ruled=True, bbox=(30, 100, 330, 140), rows=(
    located_row([("STT", 30, 50), ("Tên đơn vị", 50, 150), ("Kết quả", 150, 330), ("", 150, 330), ("", 150, 330)],
                100, 120),
    located_row([("", 30, 50), ("", 50, 150), ("Chỉ số CCHC (%)", 150, 230), ("Xếp hạng", 230, 280),
                 ("Phân loại", 280, 330)], 120, 140),
))


def body_grid(top: float) -> Grid:
    title = located_row([("I. CÁC SỞ, BAN, NGÀNH", 34, 140)] + [("", 150, 330)] * 4, top, top + 10)
    unit = located_row([("1", 34, 40), ("Sở Tài chính", 52, 110), ("91,20", 180, 200), ("1", 252, 256),
                        ("Xuất sắc", 290, 320)], top + 12, top + 22)
    return Grid(page=1, ruled=False, bbox=(34, top, 320, top + 22), rows=(title, unit))


def test_a_header_grid_takes_the_body_below_it_even_when_a_block_title_starts_it():
    [grid] = stack_grids([HEADER_GRID, body_grid(145)])
    assert [row.cells for row in grid.rows[2:]] == [
        ("I. CÁC SỞ, BAN, NGÀNH", "", "", "", ""), ("1", "Sở Tài chính", "91,20", "1", "Xuất sắc")]
    assert grid.bbox == (30, 100, 330, 167)


def test_a_body_far_below_a_header_grid_stands_alone():
    assert len(stack_grids([HEADER_GRID, body_grid(300)])) == 2


def test_a_header_column_s_extent_is_its_narrowest_cell_not_the_group_label_over_it():
    assert header_extents(HEADER_GRID) == [(30, 50), (50, 150), (150, 230), (230, 280), (280, 330)]


def test_row_numbers_are_a_column_of_their_own_even_close_to_the_names():
    # "1 Sở Tài chính" with 4 points between number and name: closer than two cells usually stand.
    lines = [line_at(top, [("1", 40), ("Sở", 49), ("Tài", 60), ("chính", 75), ("91,20", 200), ("1", 260)])
             for top in (100, 112)]
    assert column_spans(lines, 4.5) == [(40, 45), (49, 100), (200, 225), (260, 265)]


def line_at(top: float, words: list[tuple[str, float]]) -> Line:
    return Line(tuple({"text": text, "x0": x0, "x1": x0 + 5 * len(text), "top": top, "bottom": top + 8}
                      for text, x0 in words))


def test_a_repeated_header_is_read_without_the_running_line_close_above_it():
    # Both readings of page 2 hold every row; the one whose header repeats page 1's is chosen.
    pages = list(read_pages(load_source(FOLDER / "running-line-over-repeated-header.pdf")))
    [first], [second] = (page.grids for page in pages)
    assert [row.cells for row in second.rows[:2]] == [row.cells for row in first.rows[:2]] == [
        ("STT", "Tên đơn vị", "Chỉ số CCHC (%)", "Xếp hạng", "Phân loại"), ("(1)", "(2)", "(3)", "(4)", "(5)")]


def test_a_header_repeats_the_previous_page_s_only_row_for_row():
    header = [TextRow(line=None, cells=("STT", "Tên đơn vị", "Xếp hạng")), TextRow(line=None, cells=("(1)", "(2)", "(3)"))]
    unit = TextRow(line=None, cells=("6", "UBND huyện Na Rì", "6,5", "6"))
    running = TextRow(line=None, cells=("", "", "Phụ lục I - Chỉ số CCHC năm 2023"))
    assert repeats([*header, unit], header)
    assert not repeats([running, *header, unit], header)
    assert not repeats([header[0], unit], header)


def test_a_maximum_just_above_the_column_numbers_stays_with_its_label():
    # "Điểm thẩm định" / "(65)" over "(3)" in its column: "(65)" is the label's, not a number piece;
    # "(5)=(3)+" over "(4)" in a column whose number is not printed whole is one number.
    lines = [line_at(100, [("Điểm", 120), ("thẩm", 143)]), line_at(109, [("định", 120)]),
             line_at(118, [("(65)", 120), ("(5)=(3)+", 200)]),
             line_at(127, [("(1)", 20), ("(2)", 60), ("(3)", 120), ("(6)", 260)]), line_at(136, [("(4)", 200)])]
    ranges = boundaries([(20, 35), (60, 75), (120, 170), (200, 240), (260, 275)])
    blocks = header_blocks(lines, ranges, 4.5, 12.0)
    assert [(b.text, b.numbers) for b in blocks] == [
        ("Điểm thẩm định (65)", False), ("(5)=(3)+(4)", True), ("(1)", True), ("(2)", True), ("(3)", True),
        ("(6)", True)]


def page_words(rows: list[tuple[float, list[tuple[str, float]]]]) -> list[dict]:
    """Words of 8 points, 5 points a letter, from (top, [(text, x0), …]) lines."""
    return [{"text": text, "x0": x0, "x1": x0 + 5 * len(text), "top": top, "bottom": top + 8}
            for top, words in rows for text, x0 in words]


LABELS = [("STT", 40), ("Tên", 70), ("đơn", 88), ("vị", 106), ("Chỉ", 200), ("số", 218), ("CCHC", 231),
          ("Xếp", 330), ("hạng", 348), ("Phân", 420), ("loại", 443)]
NUMBERS = [("(1)", 40), ("(2)", 80), ("(3)", 215), ("(4)", 340), ("(5)", 430)]


def test_a_lone_row_keeps_its_header_rows_as_far_apart_as_the_header_from_the_row():
    # The last row alone on its page, "Trung bình" wrapped around its line: the header's labels
    # stand 8 points above its numbers, the numbers 7 points above the row.
    words = page_words([(40, LABELS), (56, NUMBERS), (71, [("Trung", 425)]),
                        (75, [("8", 40), ("UBND", 70), ("huyện", 93), ("Ngân", 121), ("Sơn", 144), ("55,90", 200),
                              ("8", 340)]),
                        (79, [("bình", 427)])])
    [grid] = words_to_grids(words, 2)
    assert [row.cells for row in grid.rows] == [
        ("STT", "Tên đơn vị", "Chỉ số CCHC", "Xếp hạng", "Phân loại"), ("(1)", "(2)", "(3)", "(4)", "(5)"),
        ("8", "UBND huyện Ngân Sơn", "55,90", "8", "Trung bình")]


def test_the_last_row_keeps_the_end_of_its_wrapped_class_standing_out_of_the_body():
    # "bình", centred under "Trung", ends further right than any other class ("Tốt") ends.
    row = [("UBND", 70), ("huyện", 93), ("Na", 121), ("Rì", 134)]
    words = page_words([(40, LABELS), (56, NUMBERS), (75, [("7", 40), *row, ("81,5", 200), ("1", 340), ("Tốt", 430)]),
                        (91, [("Trung", 425)]), (95, [("8", 40), *row, ("55,9", 200), ("2", 340)]),
                        (99, [("bình", 428)])])
    [grid] = words_to_grids(words, 1)
    assert grid.rows[-1].cells == ("8", "UBND huyện Na Rì", "55,9", "2", "Trung bình")


def test_a_header_grid_takes_its_body_across_a_blank_spacer_row_but_not_across_text():
    # 30 points between the header grid and its body: three of the body's rows, nothing printed.
    assert len(stack_grids([HEADER_GRID, body_grid(170)])) == 1
    heading = {"text": "II.", "x0": 40, "x1": 52, "top": 150, "bottom": 158}
    assert len(stack_grids([HEADER_GRID, body_grid(170)], [heading])) == 2


def test_a_page_that_opens_with_a_block_title_over_units_is_scored_under_the_previous_header():
    header = [TextRow(line=None, cells=("STT", "Tên đơn vị", "Chỉ số CCHC (%)", "Xếp hạng"))]
    title = TextRow(line=None, cells=("II. KHỐI XÃ", "", "", ""))
    unit = TextRow(line=None, cells=("1", "UBND xã Hải Lý", "92,91", "1"))
    assert opens_with_units([title, unit]) and not opens_with_units([*header, unit])
    grid = Grid(page=3, rows=(title, unit), bbox=(40, 45, 800, 100), ruled=False)
    score = grids_to_score([grid], header)
    assert (score.tables, score.rows, score.lost) == (1, 1, 0)


def test_a_row_of_column_numbers_ocr_garbled_in_places_is_still_one():
    # "(11)" read "(1)", "(3)" read "@)", "(9)" read "9": most numbers still rise one by one.
    garbled = "@) (2) @) 4) 6) (@) 0) (8) 9 (0 (1) (12) (l3) (14 (15) (16) (17) (18 (19 (20) (21) (22) (23) (24)"
    assert is_numbering(garbled.split())
    assert is_numbering("(1) (2) (3)".split())
    assert not is_numbering("(13) (10) (14)".split())  # maxima wrapped onto one line
    assert not is_numbering("(10) (13) (14) (16) (10) (14) (100)".split())
    assert not is_numbering("(1) (5) (2) (6) (3)".split())  # the rising run holds too few of them


def test_a_maximum_above_a_column_number_ocr_garbled_stays_with_its_label():
    # "(35)" ends "Điều tra XHH"; OCR read the column's number below it as "&": still a number's
    # place, so "(35)" is no piece of a column number wrapped.
    lines = [line_at(100, [("Điều", 120), ("tra", 143)]), line_at(109, [("XHH", 125)]),
             line_at(118, [("(35)", 125)]),
             line_at(130, [("(1)", 20), ("(2)", 60), ("&", 128), ("(4)", 200), ("(5)", 260)])]
    ranges = boundaries([(20, 35), (60, 75), (120, 170), (200, 240), (260, 275)])
    blocks = header_blocks(lines, ranges, 4.5, 12.0)
    assert [(b.text, b.numbers) for b in blocks] == [
        ("Điều tra XHH (35)", False), ("(1)", True), ("(2)", True), ("&", True), ("(4)", True), ("(5)", True)]


def test_a_ruled_row_whose_cells_print_figures_one_under_another_holds_several_units():
    # Rules between the columns only: each cell holds a line per unit.
    assert stacks_rows([["1.", "2."], ["Sở Tư pháp", "Sở Y tế"], ["10", "10,96"], ["7,84", "7,5"]])
    # One unit's row: its name wrapped, a figure over its unit, a label wrapped over lines.
    assert not stacks_rows([["1."], ["Sở Lao động -", "Thương binh và Xã hội"], ["15,5", "điểm"], ["7,84"]])
    assert not stacks_rows([["STT"], ["Cải cách", "thể chế", "(Tối đa 8", "điểm)"], ["Tổng điểm", "(100)"]])
    # One cell of figures stacked is not enough (a cell printing two scores, "9,5" over "(8,5)").
    assert not stacks_rows([["1."], ["Sở Y tế"], ["9,5", "8,5"], ["7,84"]])
