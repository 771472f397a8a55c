"""Issue 10: an unruled header's words → header rows, over the columns the body's figures give."""

from __future__ import annotations

import pytest

from cchc_audit.extract.layout.words import Line, blocks_to_header, column_pieces, header_blocks, label_segments, words_to_lines

SIZE = 8.0
# Five columns: STT, a name, three figures; each range from the middle of one gap to the next.
RANGES = [(float("-inf"), 60.0), (60.0, 200.0), (200.0, 260.0), (260.0, 300.0), (300.0, float("inf"))]


def word(text: str, x0: float, top: float) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 0.5 * SIZE * len(text), "top": top, "bottom": top + SIZE}


def header(*words: dict) -> list[tuple[str, ...]]:
    lines = words_to_lines(words)
    blocks = header_blocks(lines, RANGES, gap=0.6 * SIZE, leading=0.8 * SIZE)
    return [row.cells for row in blocks_to_header(blocks, len(RANGES), page=1)]


# "KẾT QUẢ ĐÁNH GIÁ" (64 points wide) over the middle figure column only, its own label right
# under it (less than a line apart): a label over all three, not the column's first line.
OVER_THE_MIDDLE = (
    [word("KẾT QUẢ ĐÁNH GIÁ", 250, 40), word("STT", 20, 52), word("Đơn vị", 100, 52),
     word("Tổng", 210, 52), word("Thẩm định", 263, 50), word("Khảo sát", 304, 52)],
    [("STT", "Đơn vị", "KẾT QUẢ ĐÁNH GIÁ", "", ""), ("", "", "Tổng", "Thẩm định", "Khảo sát")],
)
# A short group label inside one column's range, a line and more above that column's label,
# which stands level with its neighbours' labels: a row above it, never one text with it.
APART_ABOVE = (
    [word("Điểm", 272, 30), word("STT", 20, 60), word("Đơn vị", 100, 60),
     word("Thể chế", 210, 60), word("Thủ tục", 266, 60), word("Công vụ", 306, 60)],
    [("STT", "Đơn vị", "Thể chế", "Điểm", "Công vụ"), ("", "", "", "Thủ tục", "")],
)
# A word under one label only, lower than every other label (the first unit's wrapped class,
# a label's last line set apart): not a sub-label of its own.
STRAY_BELOW = (
    [word("STT", 20, 30), word("Đơn vị", 100, 30), word("Thể chế", 210, 30), word("Thủ tục", 266, 30),
     word("Xếp", 306, 30), word("loại", 306, 48)],
    [("STT", "Đơn vị", "Thể chế", "Thủ tục", "Xếp loại")],
)

# A label's maximum on its last line, right above its column's number: the label's, not a piece
# of the number ("(5)=(3)" over "+(4)" is one).
MAXIMUM_OVER_NUMBER = (
    [word("STT", 20, 30), word("Đơn vị", 100, 30), word("Thể chế", 210, 30), word("Thủ tục", 266, 30),
     word("(13)", 268, 44), word("Công vụ", 306, 30),
     word("(1)", 20, 58), word("(2)", 100, 58), word("(3)", 210, 58), word("(4)", 268, 58), word("(5)", 306, 58)],
    [("STT", "Đơn vị", "Thể chế", "Thủ tục (13)", "Công vụ"), ("(1)", "(2)", "(3)", "(4)", "(5)")],
)
FORMULA_WRAPPED = (
    [word("STT", 20, 30), word("Đơn vị", 100, 30), word("Thể chế", 210, 30), word("Thủ tục", 266, 30),
     word("Tổng", 306, 30), word("(1)", 20, 58), word("(2)", 100, 58), word("(3)", 210, 58), word("(4)", 268, 58),
     word("(5)=(3)", 306, 44), word("+(4)", 310, 58)],
    [("STT", "Đơn vị", "Thể chế", "Thủ tục", "Tổng"), ("(1)", "(2)", "(3)", "(4)", "(5)=(3)+(4)")],
)

# A group label in capitals less than a line above a column's own label in sentence case,
# inside that column's range: a label over it; capitals wrapped onto a second line are not.
CAPITALS_OVER = (
    [word("KẾT QUẢ", 266, 40), word("STT", 20, 54), word("Đơn vị", 100, 54), word("Tổng", 210, 54),
     word("Trực tiếp", 264, 50), word("Khảo sát", 304, 54)],
    [("STT", "Đơn vị", "Tổng", "KẾT QUẢ", "Khảo sát"), ("", "", "", "Trực tiếp", "")],
)
CAPITALS_WRAPPED = (
    [word("STT", 20, 40), word("Đơn vị", 100, 40), word("Tổng", 210, 40), word("KẾT QUẢ", 266, 40),
     word("GIÁ", 270, 48), word("Khảo sát", 304, 40)],
    [("STT", "Đơn vị", "Tổng", "KẾT QUẢ GIÁ", "Khảo sát")],
)

# Two narrow columns' labels, each centred in its column, their first lines 4 points apart (as
# close as two words of one label): one label per column, each over its own second line.
CLOSE_NEIGHBOURS = (
    [word("STT", 20, 40), word("Đơn vị", 100, 40), word("Cải cách", 226, 40), word("Cải cách", 262, 40),
     word("thể chế", 228, 49), word("công vụ", 264, 49), word("Tổng", 306, 40)],
    [("STT", "Đơn vị", "Cải cách thể chế", "Cải cách công vụ", "Tổng")],
)
# A group label centred over two columns, its words close on either side of their edge, over
# each column's own label: one label over both, not two first lines.
GROUP_OVER_TWO = (
    [word("STT", 20, 46), word("Đơn vị", 100, 46), word("Điểm", 232, 40), word("thẩm định", 252, 40),
     word("Thể chế", 216, 52), word("Thủ tục", 266, 52), word("Tổng", 306, 46)],
    [("STT", "Đơn vị", "Điểm thẩm định", "", "Tổng"), ("", "", "Thể chế", "Thủ tục", "")],
)
# A group label over two lines, each line's words parted at the columns' edge alike: its lines
# bear each other out, no label of a column alone does; it stays one label.
GROUP_LINES_ALIKE = (
    [word("STT", 20, 46), word("Đơn vị", 100, 46), word("hành", 244, 40), word("CCHC", 264, 40),
     word("(10,", 244, 49), word("điểm)", 262, 49), word("Thể chế", 216, 61), word("Thủ tục", 266, 61),
     word("Tổng", 306, 46)],
    [("STT", "Đơn vị", "hành CCHC (10, điểm)", "", "Tổng"), ("", "", "Thể chế", "Thủ tục", "")],
)

# Two columns' lines joined on two lines in a row: the upper pair stands under lines of their
# own, the lower pair under the upper pair once that is cut.
CLOSE_TWO_LINES = (
    [word("STT", 20, 40), word("Đơn vị", 100, 40), word("Cải cách", 228, 40), word("Thể", 274, 40),
     word("thủ tục", 230, 49), word("chính công", 260, 49), word("(Tối 14)", 228, 58), word("(Tối 10)", 264, 58),
     word("Tổng", 306, 40)],
    [("STT", "Đơn vị", "Cải cách thủ tục (Tối 14)", "Thể chính công (Tối 10)", "Tổng")],
)

# A label's line 2 points wider than its narrow column's range on each side, centred under the
# line above it: that column's, not a group label over its neighbours.
WIDE_LINE = (
    [word("STT", 20, 40), word("Đơn vị", 100, 40), word("Thể chế", 210, 40), word("Cải cách", 264, 40),
     word("hành chính,", 258, 49), word("Tổng", 306, 40)],
    [("STT", "Đơn vị", "Thể chế", "Cải cách hành chính,", "Tổng")],
)


@pytest.mark.parametrize("words, rows", [OVER_THE_MIDDLE, APART_ABOVE, STRAY_BELOW, MAXIMUM_OVER_NUMBER, FORMULA_WRAPPED,
                                         CAPITALS_OVER, CAPITALS_WRAPPED, CLOSE_NEIGHBOURS, GROUP_OVER_TWO,
                                         GROUP_LINES_ALIKE, CLOSE_TWO_LINES, WIDE_LINE],
                         ids=["group-over-the-middle", "group-apart-above", "stray-line-below", "maximum-over-number",
                              "formula-wrapped", "capitals-over", "capitals-wrapped", "close-neighbours",
                              "group-over-two", "group-lines-alike", "close-two-lines",
                              "wide-line"])
def test_group_labels_and_stray_lines_in_the_header_band(words, rows):
    assert header(*words) == rows


def test_a_segment_is_cut_where_neighbouring_words_stand_over_different_columns():
    segment = Line((word("Cải", 226, 40), word("cách", 242, 40), word("Cải", 262, 40), word("cách", 278, 40)))
    assert [piece.text for piece in column_pieces(segment, RANGES)] == ["Cải cách", "Cải cách"]
    assert [piece.text for piece in column_pieces(Line((word("Tổng điểm", 306, 40),)), RANGES)] == ["Tổng điểm"]


def test_neighbouring_group_labels_standing_close_are_cut_at_their_groups_edge():
    # Two pairs of columns (a self-assessed and an appraised score under each area), each area's
    # label centred over its pair and wrapped, its first line 2 points from the next area's.
    pairs = [(200.0, 230.0), (230.0, 260.0), (260.0, 290.0), (290.0, 320.0)]
    words = [word("Cải", 201, 40), word("cách", 215, 40), word("thể", 233, 40), word("chế", 247, 40),
             word("Cải", 261, 40), word("cách", 275, 40), word("thủ", 293, 40), word("tục", 307, 40),
             word("hành", 211, 49), word("chính", 229, 49), word("hành", 271, 49), word("chính", 289, 49)]
    lines = words_to_lines(words)
    labels = label_segments(lines, pairs, gap=0.6 * SIZE, leading=0.8 * SIZE)
    assert [[label.text for label in line] for line in labels] == [
        ["Cải cách thể chế", "Cải cách thủ tục"], ["hành chính", "hành chính"]]


def test_a_group_label_is_cut_from_its_neighbour_when_its_wrapped_line_stands_over_fewer_columns():
    # "Chính quyền số" 2 points from "Tổng điểm (100", each centred over its pair of columns;
    # the second's wrapped "điểm)" stands over the first column of its pair only (figures aligned
    # right leave their label's room on their left).
    pairs = [(200.0, 230.0), (230.0, 260.0), (260.0, 290.0), (290.0, 320.0)]
    words = [word("Chính", 204, 40), word("quyền", 226, 40), word("số", 248, 40),
             word("Tổng", 258, 40), word("điểm", 276, 40), word("(100", 294, 40),
             word("(20", 213, 49), word("điểm)", 227, 49), word("điểm)", 274, 49)]
    lines = words_to_lines(words)
    labels = label_segments(lines, pairs, gap=0.6 * SIZE, leading=0.8 * SIZE)
    assert [[label.text for label in line] for line in labels] == [
        ["Chính quyền số", "Tổng điểm (100"], ["(20 điểm)", "điểm)"]]
