"""Body cells of an unruled table: a row number kept apart from its name, and a wrapped cell
kept whole in its own row when the rows stand so close that one row's cell touches the next."""

from __future__ import annotations

import pytest

from cchc_audit.extract.layout.rows import first_row_top, line_owners, split_stack, stack_owners
from cchc_audit.extract.layout.turned import upright_words
from cchc_audit.extract.layout.words import (
    Line,
    alignment,
    boundaries,
    cell_segments,
    column_ranges,
    column_spans,
    split_segments,
    words_to_lines,
)


def word(text: str, x0: float, top: float, width: float | None = None, height: float = 8.0) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + (width if width is not None else 4.0 * len(text)),
            "top": top, "bottom": top + height}


def test_a_row_number_close_to_its_name_is_a_cell_of_its_own():
    # "10." ends 3.5 points before the name: as close as the name's own words stand.
    line = Line((word("10.", 40, 100, 10), word("Sở", 53.5, 100, 9), word("Y", 65.5, 100, 4),
                 word("tế", 72.5, 100, 7), word("11,8", 200, 100), word("73,41", 250, 100)))
    assert [s.text for s in cell_segments(line, 4.8)] == ["10.", "Sở Y tế", "11,8", "73,41"]


def test_a_number_that_begins_a_line_of_text_stays_with_it():
    # No figures on the line: a wrapped name whose next line begins with a number ("số 1").
    line = Line((word("1", 60, 100, 4), word("Hà", 67, 100, 8), word("Nội", 78, 100, 10)))
    assert [s.text for s in cell_segments(line, 4.8)] == ["1 Hà Nội"]


def test_the_number_column_stands_apart_from_the_names_column():
    lines = [
        Line((word("9.", 43, 100, 6), word("Sở", 53.5, 100, 9), word("Tư", 65.5, 100, 8), word("1,5", 200, 100),
              word("2", 250, 100), word("3", 300, 100))),
        Line((word("10.", 40, 120, 10), word("Sở", 53.5, 120, 9), word("Y", 65.5, 120, 4), word("1", 200, 120),
              word("2", 250, 120), word("3", 300, 120))),
    ]
    assert column_spans(lines, 4.8)[:2] == [(40, 50), (53.5, 73.5)]


def class_column(tops_and_texts) -> list[Line]:
    """Lines of a table of two columns, a figure (the data line) and a class, 8 points high."""
    words = [word(text, x, top) for top, x, text in tops_and_texts]
    return words_to_lines(words)


def test_centred_cells_that_touch_the_next_rows_are_cut_one_per_row():
    # Three rows 18 points apart; "Trung" / "bình" centred on rows 2 and 3 (above and below
    # their data line), each cell's last line 1 point from the next cell's first.
    lines = class_column([
        (100, 40, "1"), (100, 100, "Khá"),
        (113, 100, "Trung"), (118, 40, "2"), (122, 100, "bình"),
        (131, 100, "Trung"), (136, 40, "3"), (140, 100, "bình"),
    ])
    texts = [line.text for line in lines]
    assert texts == ["1 Khá", "Trung", "2", "bình", "Trung", "3", "bình"]
    marks = [0, 2, 5]
    ranges = boundaries(column_spans(lines, 4.8))
    owners = line_owners(lines, marks, ranges, top_aligned=True)
    by_row = {m: [lines[i].words[-1]["text"] for (i, c), o in sorted(owners.items()) if o == m and c == 1]
              for m in marks}
    assert by_row == {0: ["Khá"], 2: ["Trung", "bình"], 5: ["Trung", "bình"]}


def test_top_aligned_cells_shown_by_a_row_of_their_own_are_cut_at_their_first_line():
    # Row 1's name, alone, starts on its data line and wraps below it: the cells are top-aligned,
    # so rows 2 and 3 (touching) are cut where each name starts on its data line.
    lines = class_column([
        (100, 40, "1"), (100, 100, "Sở"), (109, 100, "Nội"),
        (140, 40, "2"), (140, 100, "Ban"), (149, 100, "Dân"), (158, 100, "Thanh"),
        (158, 40, "3"), (167, 100, "tra"),
    ])
    assert [line.text for line in lines] == ["1 Sở", "Nội", "2 Ban", "Dân", "3 Thanh", "tra"]
    ranges = boundaries(column_spans(lines, 4.8))
    owners = stack_owners(lines, [0, 2, 4], ranges, top_aligned=False)
    assert {i: o for (i, c), o in owners.items() if c == 1} == {0: 0, 1: 0, 2: 2, 3: 2, 4: 4, 5: 4}


def test_a_stack_is_cut_where_each_part_lines_up_with_its_row():
    lines = class_column([(100, 40, "1"), (95, 100, "Xuất"), (104, 100, "sắc"), (113, 100, "Khá"), (113, 40, "2")])
    # words_to_lines puts "Xuất" (95) and "1" (100) on different lines; the data lines are 1 and 3.
    texts = [line.text for line in lines]
    assert texts == ["Xuất", "1", "sắc", "2 Khá"]
    stack = [(0, 1), (2, 1), (3, 1)]
    cost, owners = split_stack(lines, stack, [1, 3], "centre")
    assert owners == {(0, 1): 1, (2, 1): 1, (3, 1): 3}
    assert cost < 1


def test_a_turned_label_over_the_first_row_stays_in_the_header():
    # "Phân" (the foot of "Phân loại" printed turned in the class column) touches row 1's class.
    turned = {**word("Phân", 100, 86, width=8, height=13), "upright": False}
    lines = words_to_lines([turned, word("1", 40, 100), word("5", 70, 100), word("Tốt", 100, 100),
                            word("2", 40, 109), word("4", 70, 109), word("Khá", 100, 109)])
    ranges = boundaries(column_spans(lines[1:], 4.8))
    assert first_row_top(lines, 1, 0, [1, 2], ranges) == 1
    upright = {**turned, "upright": True}
    lines = words_to_lines([upright, *[w for line in lines[1:] for w in line.words]])
    assert first_row_top(lines, 1, 0, [1, 2], ranges) == 0  # a cell wrapped above its row's line


def test_a_row_number_and_few_figures_with_the_name_wrapped_around_the_line_begin_a_unit():
    from cchc_audit.extract.layout.unruled import is_data_line

    line = Line((word("8.", 96, 197), word("77,14", 350, 197), word("8", 492, 197)))
    assert is_data_line(line)
    assert is_data_line(Line((word("3", 96, 100), word("UBND", 165, 100), word("86,5", 350, 100),
                              word("3", 492, 100), word("Tốt", 520, 100))))
    # A row number and one figure, or figures and words after them: no unit's line.
    assert not is_data_line(Line((word("8.", 96, 197), word("77,14", 350, 197))))
    assert not is_data_line(Line((word("2", 96, 197), word("12,5", 350, 197), word("8", 400, 197),
                                  word("điểm", 450, 197))))


def test_a_wrapped_name_read_as_ink_boxes_is_one_cell_centred_on_its_row():
    # OCR's boxes hold the ink alone: "UBND xã Trì" (no descender) ends 7.6 points above
    # "Quang" (no capital), more than half its own 9 points, though the two are a line apart
    # (16.6 points for 13-point type). They stack, centred on row 5's data line, and neither
    # goes to row 4, whose name ends two lines above.
    lines = words_to_lines([
        word("4", 70, 377.3, height=22.3), word("UBND", 122, 377.3, height=22.3), word("86,74", 240, 377.3, height=22.3),
        word("Xuân", 122, 394.2, height=11.9), word("Quang", 153, 394.2, height=11.9),
        word("UBND", 122, 430.2, height=9.0), word("xã", 150, 430.2, height=9.0), word("Trì", 162, 430.2, height=9.0),
        word("5", 70, 437.8, height=11.1), word("86,23", 240, 437.8, height=11.1),
        word("Quang", 122, 446.8, height=11.8),
    ])
    assert [line.text for line in lines] == ["4 UBND 86,74", "Xuân Quang", "UBND xã Trì", "5 86,23", "Quang"]
    ranges = boundaries(column_spans([lines[0], lines[3]], 4.8))
    owners = line_owners(lines, [0, 3], ranges, top_aligned=True)
    assert {i: o for (i, c), o in owners.items() if c == 1} == {0: 0, 1: 0, 2: 3, 4: 3}


def test_lines_a_row_apart_do_not_stack():
    from cchc_audit.extract.layout.rows import touching

    upper = Line((word("Quang", 122, 446.8, height=11.8),))
    assert touching(upper, Line((word("Phiệt", 122, 462.0, height=11.8),)))  # a line below: 15 points
    assert not touching(upper, Line((word("UBND", 122, 482.0, height=11.8),)), 12.0)  # the next row: 35 points
    # A line of ink no taller than the body's usual line is a line as tall as that.
    assert touching(Line((word("UBND", 122, 430.2, height=9.0),)), Line((word("Quang", 122, 446.8, height=9.0),)), 12.2)
    assert not touching(Line((word("UBND", 122, 430.2, height=9.0),)), Line((word("Quang", 122, 446.8, height=9.0),)))


def test_a_lone_first_line_right_above_a_row_without_a_name_on_its_line_is_that_rows():
    # Rows whose names OCR read on their data lines look top-aligned; row 9's name is centred
    # on its line, and OCR kept only its first line, right above the data line and far below
    # row 8's cell: it is row 9's, not the end of row 8's name.
    lines = words_to_lines([
        word("8", 70, 230.0, height=20.6), word("UBND", 122, 230.0, height=20.6), word("66,29", 240, 230.0, height=20.6),
        word("Phú", 122, 246.6, height=9.7),
        word("NHANG", 162, 282.6, height=9.0),
        word("9", 70, 290.5, height=12.3), word("65,33", 240, 290.5, height=12.3),
    ])
    assert [line.text for line in lines] == ["8 UBND 66,29", "Phú", "NHANG", "9 65,33"]
    ranges = boundaries(column_spans([lines[0], lines[3]], 4.8))
    owners = line_owners(lines, [0, 3], ranges, top_aligned=True)
    assert {i: o for (i, c), o in owners.items() if c == 1} == {0: 0, 1: 0, 2: 3}


def test_a_row_number_run_into_the_name_is_parted_from_it():
    from cchc_audit.extract.layout.unruled import unglue_row_number

    line = Line((word("02UBND", 40, 274, 60), word("xã", 103, 274), word("Mỹ", 114, 274), word("93,33", 397, 274),
                 word("2", 451, 274)))
    parted = unglue_row_number(line)
    assert [w["text"] for w in parted.words[:2]] == ["02", "UBND"]
    assert parted.words[0]["x1"] < parted.words[1]["x0"] - 1  # two cells, apart
    assert [s.text for s in cell_segments(parted, 4.8)][:2] == ["02", "UBND xã Mỹ"]
    # A year run into a word, or a number before a word on a line of text, stays as printed.
    text = Line((word("2024Quyết", 40, 100, 50), word("định", 95, 100)))
    assert unglue_row_number(text) is text



def test_a_box_drawn_round_two_lines_does_not_stretch_the_line_a_cell_is_measured_by():
    from cchc_audit.extract.layout.rows import touching

    # "Phiệt" ends row 5's name; row 6's data line below it, boxed with the first line of its
    # name (14.8 points tall), stands 15.5 points lower: a row further, not a line.
    assert not touching(Line((word("Phiệt", 242, 281.5, height=9.7),)), Line((word("Lam", 242, 297.0, height=14.8),)), 9.5)


def test_two_figures_read_as_one_word_do_not_join_their_columns():
    # OCR read "11" and "7,7" of row 2 as one word "117,7" reaching over the gap between
    # two columns every other row prints apart: the columns stay two.
    rows = [("1", "9,5", "8"), ("2", None, None), ("3", "10", "7,5"), ("4", "9", "6,5")]
    lines = []
    for index, (number, left, right) in enumerate(rows):
        top = 100 + 12 * index
        cells = [word(number, 40, top), *([word(left, 200, top, 16), word(right, 240, top, 16)] if left else
                                          [word("117,7", 202, top, 52)])]
        lines.append(Line(tuple(cells)))
    assert column_spans(lines, 4.8) == [(40, 44), (200, 216), (240, 256)]


def test_a_long_name_in_a_few_rows_still_widens_its_column():
    # Names are text: one reaching over where the next column's figures begin in other rows
    # still joins that column (the names' column is one), as before.
    lines = [Line((word(str(n), 40, 100 + 12 * n), word("Sở Nội vụ", 60, 100 + 12 * n, 40),
                   word("9,5", 110, 100 + 12 * n, 12))) for n in (1, 2, 3)]
    lines.append(Line((word("4", 40, 150), word("Văn phòng UBND tỉnh", 60, 150, 70), word("8", 140, 150, 4))))
    assert column_spans(lines, 4.8) == [(40, 44), (60, 130), (140, 144)]



def spreadsheet_lines() -> list[Line]:
    """Two rows as a spreadsheet prints them: names aligned left; an index (every value five
    characters wide) and a rank aligned right; a class."""
    return [
        Line((word("1", 40, 100, 4), word("Sở", 60, 100, 9), word("Nội", 72, 100, 12), word("vụ", 87, 100, 8),
              word("92,85", 200, 100, 20), word("1", 276, 100, 4), word("Tốt", 300, 100, 12))),
        Line((word("10", 40, 120, 8), word("Sở", 60, 120, 9), word("Y", 72, 120, 4), word("tế", 79, 120, 7),
              word("91,03", 200, 120, 20), word("10", 272, 120, 8), word("Khá", 300, 120, 12))),
    ]


def test_a_column_s_alignment_is_told_by_the_edge_its_cells_share():
    cells = [Line((word("1", 276, 100, 4),)), Line((word("10", 272, 120, 8),))]
    assert alignment(cells) == "right"
    assert alignment([Line((word("Tốt", 300, 100, 12),)), Line((word("Trung", 300, 120, 20),))]) == "left"
    assert alignment([Line((word("9,5", 200, 100, 12),)), Line((word("10", 202, 120, 8),))]) is None  # centred
    assert alignment([Line((word("92,85", 200, 100, 20),)), Line((word("91,03", 200, 120, 20),))]) is None
    assert alignment(cells[:1]) is None


def test_figures_aligned_right_are_cut_from_each_other_right_after_the_left_one():
    # The rank aligned right; the index, whose values are all as wide, aligned as the page's other
    # figures: the cut between them stands half a gap after the index, where the rank's cell begins
    # (its centred label stands over the room left of its figures). Row numbers and names both
    # aligned left: half a gap before the names. Names against the index: halfway.
    ranges = column_ranges(spreadsheet_lines(), 4.8)
    assert [b for _, b in ranges[:-1]] == [pytest.approx(60 - 2.4), pytest.approx((95 + 200) / 2),
                                           pytest.approx(220 + 2.4), 290.0]
    assert boundaries(column_spans(spreadsheet_lines(), 4.8))[3][0] == pytest.approx((220 + 272) / 2)


def test_a_rank_run_into_its_wide_class_does_not_join_the_rank_and_class_columns():
    # "3  Trung bình" stands closer than a cell gap; the other lines print rank and class apart.
    rows = ((100, "1", (word("Tốt", 300, 100, 12),)), (120, "2", (word("Khá", 300, 120, 12),)),
            (140, "3", (word("Trung", 283, 140, 20), word("bình", 306, 140, 16))))
    lines = [Line((word("1", 40, top, 4), word("Sở", 60, top, 9), word("81,5", 200, top, 16), word(rank, 276, top, 4),
                   *tail)) for top, rank, tail in rows]
    assert column_spans(lines, 4.8) == [(40, 44), (60, 69), (200, 216), (276, 280), (300, 312)]


def test_on_a_data_line_a_rank_is_cut_from_the_class_set_a_little_further_than_a_space():
    # "11" ends 6 points before "Trung bình" (a space is 0.4 of the 8-point height, 3.2).
    line = Line((word("11.", 40, 100, 10), word("Sở", 60, 100, 9), word("Y", 72, 100, 4), word("tế", 79, 100, 7),
                 word("63,57", 200, 100, 20), word("11", 272, 100, 8), word("Trung", 286, 100, 20),
                 word("bình", 309, 100, 16)))
    assert [s.text for s in cell_segments(line, 4.8)] == ["11.", "Sở Y tế", "63,57", "11", "Trung bình"]
    # Not on a line of text: "1 Hà Nội" (no figures), as far apart, stays whole.
    text = Line((word("1", 60, 100, 4), word("Hà", 68, 100, 8), word("Nội", 79, 100, 10)))
    assert [s.text for s in cell_segments(text, 4.8)] == ["1 Hà Nội"]


def test_words_ocr_read_do_not_tell_an_alignment():
    # The same rows as OCR reads them (each word with a confidence): boxes follow the ink, so the
    # cuts stay halfway between the columns.
    lines = [Line(tuple(dict(w, confidence=90.0) for w in line.words)) for line in spreadsheet_lines()]
    assert column_ranges(lines, 4.8) == boundaries(column_spans(lines, 4.8))


def test_a_turned_label_is_a_cell_of_its_own_however_close_to_its_neighbour():
    # "Hạng" printed turned in a narrow column, 4 points right of "Tổng điểm", level with it.
    turned = {**word("Hạng", 706, 123, width=6.5, height=19.5), "upright": False, "direction": "btt"}
    words = [word("Tổng", 664, 125, 18), word("điểm", 684, 125, 18), turned]
    [line] = words_to_lines(upright_words(words, lambda w: w["x0"] > 704))
    assert [s.text for s in split_segments(line, 4.8)] == ["Tổng điểm", "Hạng"]
    # Upright words as close stay one label.
    [plain] = words_to_lines([word("Tổng", 664, 125, 18), word("điểm", 684, 125, 18), word("Hạng", 706, 125, 18)])
    assert [s.text for s in split_segments(plain, 4.8)] == ["Tổng điểm Hạng"]


def test_a_line_numbered_as_a_block_is_a_title():
    from cchc_audit.extract.layout.unruled import is_numbered_title

    assert is_numbered_title(Line((word("II.", 51, 100), word("NHÓM", 62, 100), word("HAI", 90, 100))))
    assert is_numbered_title(Line((word("IV-", 51, 100), word("Khối", 70, 100), word("xã", 90, 100))))
    assert not is_numbered_title(Line((word("Phường", 51, 100), word("II.", 90, 100))))  # a name's wrapped end
    assert not is_numbered_title(Line((word("I.", 51, 100),)))


def test_a_block_title_set_against_the_names_and_touching_the_first_row_is_a_row_of_its_own():
    from cchc_audit.extract.layout.unruled import words_to_grids

    def unit(number: str, name: str, total: str, rank: str, top: float) -> list[dict]:
        return [word(number, 40, top), word("UBND", 52, top), word(name, 71, top),
                word("8,5", 200, top), word("9", 240, top), word(total, 280, top), word(rank, 330, top)]

    header = [word("TT", 40, 80), word("Tên", 52, 80), word("A", 200, 80), word("B", 240, 80),
              word("Tổng", 280, 80), word("Hạng", 330, 80)]
    # Lines 9 points apart (8 tall): the title's line touches the data line under it, and it
    # starts where the names do, as a spreadsheet sets a block's title in the name's cell.
    words = [*header,
             word("I.", 52, 100), word("NHÓM", 62, 100), word("MỘT", 80, 100),
             *unit("1.", "Hòa", "17,5", "1", 109), *unit("2.", "Bình", "16,5", "2", 118),
             word("II.", 52, 127), word("NHÓM", 64, 127), word("HAI", 82, 127),
             *unit("1.", "Yên", "15,5", "1", 136), *unit("2.", "Lạc", "14,5", "2", 145)]
    [grid] = words_to_grids(words, 1)
    assert [row.cells[:2] for row in grid.rows[1:]] == [
        ("I. NHÓM MỘT", ""), ("1.", "UBND Hòa"), ("2.", "UBND Bình"),
        ("II. NHÓM HAI", ""), ("1.", "UBND Yên"), ("2.", "UBND Lạc")]
