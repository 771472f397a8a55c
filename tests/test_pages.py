"""Grids on successive pages, or one under another on a page, joined into one table
(`extract/layout/pages.py`): by their geometry and their header, never two tables run into one."""

from __future__ import annotations

from dataclasses import replace

from test_silent_parts import FIRST_HEADER, _row

from cchc_audit.extract.domain.model import Cell

from cchc_audit.extract.layout.pages import (
    best_header,
    block_rows,
    column_extents,
    fills_columns,
    fits_columns,
    goes_on,
    grids_to_blocks,
    header_words_only,
    is_header_debris,
    printed_again,
)
from cchc_audit.extract.layout.words import Grid
from cchc_audit.extract.roles.assemble import TextRow, block_to_tables

UNITS = (
    ("1", "Sở Tư pháp", "14", "20", "34", "1", "Tốt", ""),
    ("2", "Sở Y tế", "12", "19", "31", "2", "Khá", ""),
    ("3", "Sở Nội vụ", "10", "15", "25", "3", "Khá", ""),
    ("4", "Sở Xây dựng", "9", "14", "23", "4", "Trung bình", ""),
)


def _grid(page: int, top: float, rows, above: str | None = None, ruled: bool = False) -> Grid:
    placed = tuple(_row(page, top + 15 * i, texts) for i, texts in enumerate(rows))
    return Grid(page=page, rows=placed, bbox=(40, top, 440, top + 15 * len(rows)), ruled=ruled, above=above)


def test_a_grid_right_below_on_the_same_page_without_a_header_goes_on():
    # A page read as a ruled grid (the header and two rows) and, under it, the rest of its rows
    # from their words, with no text between them.
    upper = _grid(1, 100, (FIRST_HEADER, *UNITS[:2]), ruled=True)
    lower = _grid(1, 160, UNITS[2:])
    [block] = grids_to_blocks([upper, lower])
    assert [row.cells for row in block_rows(block)] == [FIRST_HEADER, *UNITS]
    # With its own header, or above the other one, it is a table of its own.
    assert goes_on([upper], _grid(1, 160, (FIRST_HEADER, *UNITS[2:]))) is None
    assert goes_on([lower], upper) is None


def test_a_line_made_of_bits_of_the_header_is_no_heading():
    header = [FIRST_HEADER, ("(1)", "(2)", "(3)", "(4)", "(5)=(3)+(4)", "(6)", "(7)", "(8)")]
    assert is_header_debris("Xếp hạ ng", header)  # a narrow label broken between letters
    assert is_header_debris("(1)", header)  # a column number left out of the grid
    assert is_header_debris("(5)=(3 )+(4)", header)
    assert not is_header_debris("II. Các cơ quan khác", header)  # a heading
    assert not is_header_debris("II. Tổng điểm", header)  # one that enumerates, whatever its words
    assert not is_header_debris("Khối huyện", header)


def test_a_later_page_under_bits_of_its_header_goes_on():
    first = _grid(1, 100, (FIRST_HEADER, *UNITS[:2]))
    # The labels of the later page read as a line above its grid; its header row left empty.
    later = _grid(2, 50, (("",) * 8, *UNITS[2:]), above="Tên đơn vị Xếp hạ ng Phân loại")
    [block] = grids_to_blocks([first, later])
    assert [row.cells for row in block_rows(block)] == [FIRST_HEADER, *UNITS]
    # Under a heading, a page printing its own header starts a table.
    assert len(grids_to_blocks([first, _grid(2, 50, (FIRST_HEADER, *UNITS[2:]), above="II. Khối huyện")])) == 2


def test_a_grid_without_a_header_under_a_heading_goes_on_as_a_titled_block():
    first = _grid(1, 100, (FIRST_HEADER, *UNITS[:2]))
    second = _grid(2, 50, (("1", *UNITS[2][1:5], "1", "Khá", ""), ("2", *UNITS[3][1:5], "2", "Trung bình", "")),
                   above="II. Các cơ quan khác")
    [block] = grids_to_blocks([first, second])
    tables = block_to_tables(block_rows(block), first_index=1, reader="pdfplumber/words").tables
    assert [(t.title, [row.cells[1].text for row in t.rows]) for t in tables] == [
        (None, ["Sở Tư pháp", "Sở Y tế"]),
        ("II. Các cơ quan khác", ["Sở Nội vụ", "Sở Xây dựng"]),
    ]


def test_a_body_read_with_more_columns_than_the_header_does_not_fit_under_it():
    # A header grid read with one column over the two areas' figures (a merged cell).
    merged = (40, 70, 240, 280, 320, 350, 440)
    labels = ("STT", "Tên đơn vị", "Điểm", "Tổng điểm", "Xếp hạng", "Phân loại")
    header = Grid(page=1, rows=(_row(1, 100, labels, merged),), bbox=(40, 100, 440, 110), ruled=True)
    body = _grid(1, 130, UNITS)
    assert not fits_columns(body, column_extents(header))  # "14" and "20" both under "Điểm"
    columns = column_extents(_grid(1, 100, (FIRST_HEADER, *UNITS[:1])))
    assert fits_columns(body, columns)
    # A stray piece (a page number read into the last row) crowding one row of four does not.
    last = body.rows[-1]
    stray = Cell("2", page=1, bbox=(210, 175, 215, 185))
    crowded = replace(last, cells=(*last.cells, "2"), located=(*last.located, stray))
    assert fits_columns(replace(body, rows=(*body.rows[:3], crowded)), columns)
    assert not fits_columns(replace(body, rows=(crowded,)), columns)


def test_the_rest_of_a_header_printed_again_is_not_mended_into_the_row_before():
    two_rows = (("STT", "Tên đơn vị", "Thể chế (15)", "Thủ tục hành chính (25)", "Tổng điểm", "", "Xếp hạng", ""),
                ("", "", "", "", "Tự chấm", "Thẩm định", "", ""))
    first = _grid(1, 100, (*two_rows, ("1", "Sở Tư pháp", "14", "20", "35", "34", "1", "")))
    # The later page's sub-labels read as a row of their own, shifted by a column.
    shifted = ("", "", "", "", "", "Tự chấm", "Thẩm định", "")
    later = _grid(2, 50, (two_rows[0], shifted, ("2", "Sở Y tế", "12", "19", "32", "31", "2", "")))
    [block] = grids_to_blocks([first, later])
    assert [row.cells[4:6] for row in block_rows(block)] == [two_rows[0][4:6], two_rows[1][4:6], ("35", "34"),
                                                              ("32", "31")]
    assert header_words_only(shifted, two_rows)
    assert not header_words_only(("", "hội và Hội đồng nhân dân tỉnh", "", "", "", "", "", ""), two_rows)
    assert not header_words_only(("2", "Sở Y tế", "12", "19", "32", "31", "2", ""), two_rows)
    assert printed_again(two_rows[0], two_rows) and printed_again(("",) * 8, two_rows)
    assert not printed_again(shifted[:5] + ("II. Khối huyện",) + shifted[6:], two_rows)


def test_a_smaller_table_of_figures_below_is_not_taken_for_the_rest_of_the_rows():
    table = _grid(1, 100, (FIRST_HEADER, *UNITS[:3]))
    # A count of units by class printed under the table, unruled and without a header.
    counts = _grid(1, 170, (("1", "Tốt", "", "", "", "", "1", ""), ("2", "Khá", "", "", "", "", "2", "")))
    assert goes_on([table], counts) is None
    assert goes_on([table], replace(counts, above="Tổng hợp theo phân loại")) is None
    rest = _grid(1, 170, UNITS[3:])
    assert not fills_columns(table, counts, column_extents(table))
    assert fills_columns(table, rest, column_extents(table))


def test_a_header_grid_over_a_body_read_without_its_group_label_places_the_body_under_its_columns():
    # A ruled header: "Kết quả" spans the two areas and the total; the body, read from its words,
    # has its row number and name in one cell and a block title spanning the table.
    top = _row(1, 100, ("STT", "Tên đơn vị", "Kết quả", "", "", "Xếp hạng", "Phân loại", "Ghi chú"))
    spanning = replace(top.located[2], bbox=(200, 100, 320, 110))
    header = Grid(page=1, bbox=(40, 100, 440, 130), ruled=True, rows=(
        replace(top, located=(*top.located[:2], spanning, *top.located[3:])),
        _row(1, 115, ("", "", "Thể chế (15)", "Thủ tục hành chính (25)", "Tổng điểm", "", "", "")),
    ))
    assert column_extents(header)[2:5] == [(200, 240), (240, 280), (280, 320)]  # not the group label's
    merged = (40, 200, 240, 280, 320, 350, 400, 440)
    title = TextRow(line=None, cells=("II. Khối huyện",) + ("",) * 6,
                    located=(Cell("II. Khối huyện", page=1, bbox=(40, 140, 440, 150)),) + (Cell(""),) * 6)
    body = Grid(page=1, bbox=(40, 140, 440, 175), ruled=False, rows=(
        title, _row(1, 155, ("3 Sở Nội vụ", "10", "15", "25", "3", "Khá", ""), merged)))
    [block] = grids_to_blocks([header, body])
    assert [row.cells for row in block_rows(block)][2:] == [
        ("II. Khối huyện", "", "", "", "", "", "", ""),
        ("", "3 Sở Nội vụ", "10", "15", "25", "3", "Khá", ""),
    ]


def test_a_table_over_pages_is_read_under_the_best_of_the_headers_its_pages_print():
    # The first page's header read with two labels in one cell (its total column left blank);
    # the next page prints the same header again, read cell for cell.
    misread = ("STT", "Tên đơn vị", "Thể chế (15)", "Thủ tục hành chính (25)", "", "Tổng điểm Xếp hạng",
               "Phân loại", "Ghi chú")
    first = _grid(1, 100, (misread, *UNITS[:2]))
    assert block_to_tables(list(first.rows), first_index=1).unplaced is not None  # alone, not audited
    [block] = grids_to_blocks([first, _grid(2, 50, (FIRST_HEADER, *UNITS[2:]))])
    assert [row.cells for row in best_header(block)] == [FIRST_HEADER]
    [table] = block_to_tables(block_rows(block), first_index=1).tables
    assert [c.name for c in table.columns][4:6] == ["Tổng điểm", "Xếp hạng"]
    assert [row.cells[4].text for row in table.rows] == ["34", "31", "25", "23"]
    # Printed with a block title, the first page's header stays (the title goes with it).
    titled_first = _grid(1, 100, (misread, ("I. Khối sở",) + ("",) * 7, *UNITS[:2]))
    [block] = grids_to_blocks([titled_first, _grid(2, 50, (FIRST_HEADER, *UNITS[2:]))])
    assert [row.cells for row in best_header(block)][0] == misread


def test_a_header_printed_again_as_a_grid_of_its_own_is_dropped_not_mended_into_the_last_row():
    # A browser repeats a table's head on each page; read as a ruled grid of its own, apart from
    # the body under it, with its first two labels in one cell (a rule between them not seen).
    two_rows = (FIRST_HEADER, ("", "", "Tự chấm", "Thẩm định", "", "", "", ""))
    first = _grid(1, 100, (*two_rows, *UNITS[:2]))
    merged = (40, 200, 240, 280, 320, 350, 400, 440)
    head = Grid(page=2, bbox=(40, 50, 440, 80), ruled=True, rows=(
        _row(2, 50, ("STT Tên đơn vị", *FIRST_HEADER[2:]), merged),
        _row(2, 65, ("", "Tự chấm", "Thẩm định", "", "", "", ""), merged),
    ))
    body = _grid(2, 85, UNITS[2:], ruled=True)
    [block] = grids_to_blocks([first, head, body])
    assert [row.cells for row in block_rows(block)] == [*two_rows, *UNITS]
