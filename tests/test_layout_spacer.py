"""A blank spacer row between an unruled header and its body: the header is read across it
when it is up to four body rows tall, and not from further up."""

from __future__ import annotations

from extract.layout.unruled import spacing, words_to_grids
from extract.layout.words import words_to_lines


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
