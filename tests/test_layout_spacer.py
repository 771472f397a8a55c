"""Gaps inside an unruled table's header band: a blank spacer row between the header and its
body is crossed when it is up to four body rows tall, not from further up; the labels above a
row of column numbers may stand as far from it as the header from the body."""

from __future__ import annotations

from cchc_audit.extract.layout.unruled import lowest, numbers_line, spacing, words_to_grids
from cchc_audit.extract.layout.words import Line
from cchc_audit.extract.layout.words import words_to_lines


def word(text: str, x0: float, top: float, width: float | None = None, height: float = 8.0) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + (width if width is not None else 4.0 * len(text)),
            "top": top, "bottom": top + height}


def body(first_top: float, pitch: float = 12.0) -> list[dict]:
    """Four unit rows, `pitch` points apart: a row number, a name and four figures."""
    words = []
    for index, figures in enumerate((("9,5", "8", "7,25", "24,75"), ("9", "7,5", "7", "23,5"),
                                     ("8", "7", "6,5", "21,5"), ("7", "6", "6", "19"))):
        top = first_top + index * pitch
        words += [word(str(index + 1), 40, top), word("UBND", 60, top), word(f"xã {'ABCD'[index]}", 78, top)]
        words += [word(text, 200 + 50 * column, top) for column, text in enumerate(figures)]
    return words


def header(top: float) -> list[dict]:
    return [word("STT", 38, top), word("Tên", 60, top), word("đơn", 76, top), word("vị", 92, top),
            word("Thể", 196, top), word("chế", 212, top), word("Tổ", 246, top), word("chức", 258, top),
            word("Công", 296, top), word("vụ", 316, top), word("Tổng", 346, top), word("điểm", 366, top)]


def test_the_joint_allows_a_spacer_row_up_to_four_body_rows_tall():
    lines = words_to_lines(body(200))
    inner, joint = spacing(lines, ["unit"] * len(lines), (0, len(lines) - 1))
    assert inner == 6.4  # the least: 0.8 × the lines' height (1.25 × the 4 points between them is less)
    assert joint == 6.4 + 4 * 12.0


def test_a_header_three_body_rows_above_its_body_is_read_as_its_header():
    grids = words_to_grids(header(200 - 8 - 3 * 12) + body(200), 1)
    assert len(grids) == 1
    assert grids[0].rows[0].cells == ("STT", "Tên đơn vị", "Thể chế", "Tổ chức", "Công vụ", "Tổng điểm")
    assert [row.cells[0] for row in grids[0].rows[1:]] == ["1", "2", "3", "4"]


def test_a_line_five_body_rows_above_the_body_is_not_its_header():
    grids = words_to_grids(header(200 - 8 - 5 * 12) + body(200), 1)
    assert [row.cells[0] for row in grids[0].rows] == ["1", "2", "3", "4"]


def numbers(top: float) -> list[dict]:
    return [word("(1)", 40, top), word("(2)", 70, top), word("(3)", 200, top), word("(4)", 250, top),
            word("(5)", 300, top), word("(6)=(3)+(4)+(5)", 340, top, 40)]


def test_a_row_of_column_numbers_is_told_from_other_lines():
    assert numbers_line(Line(tuple(numbers(100))))
    assert not numbers_line(Line((word("(Tối", 200, 100), word("đa", 220, 100), word("10)", 232, 100))))
    assert not numbers_line(Line((word("(1)", 40, 100), word("(2)", 70, 100))))  # two are no row


def test_labels_centred_well_above_a_row_of_column_numbers_are_its_header():
    # 20 points between the labels and the column numbers: more than lines of one header row stand apart.
    grids = words_to_grids(header(200 - 12 - 20 - 8) + numbers(200 - 12) + body(200), 1)
    assert grids[0].rows[0].cells == ("STT", "Tên đơn vị", "Thể chế", "Tổ chức", "Công vụ", "Tổng điểm")
    assert grids[0].rows[1].cells == ("(1)", "(2)", "(3)", "(4)", "(5)", "(6)=(3)+(4)+(5)")


def test_a_header_line_is_as_far_from_the_lines_above_as_from_the_lowest_of_them():
    # A label printed turned in the header's last column reaches below the labels' line that
    # starts after it; the sub-labels' line under them stands close to the turned label's foot.
    turned = {**word("Hạng", 400, 160, width=8, height=26), "upright": False, "direction": "btt"}
    subs = [word("(1)", 40, 188), word("(2)", 70, 188), word("Tự", 200, 188), word("chấm", 250, 188)]
    lines = words_to_lines([turned, *header(170), *subs])
    assert lowest(lines[:2]) == 186  # the turned label's foot, not the labels' line (178)
    [grid] = words_to_grids([turned, *header(170), *subs, *body(200)], 1)
    assert grid.rows[0].cells[:3] == ("STT", "Tên đơn vị", "Thể chế")  # the labels' line kept in the header
    assert "Hạng" in grid.rows[0].cells[-1]
