"""Born-digital layouts the readers once misread on fresh seeds: the first row's wrapped name
wider than every other name on its page, and a group label much narrower than its group."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from conftest import FIXTURES

from cchc_audit.extract.layout.engine import straddles
from cchc_audit.extract.layout.unruled import first_row_columns, words_to_grids
from cchc_audit.extract.layout.words import (
    Grid,
    Line,
    _Block,
    blocks_to_header,
    boundaries,
    cell_segments,
    column_spans,
    header_blocks,
    widen_groups,
    words_to_lines,
)
from fixtures.variants.compare import compare, finding_tuple
from cchc_audit.flows.pipeline import audit_source
from cchc_audit.report.json_report import report_to_dict

SAMPLE = FIXTURES / "variant_sample"


def word(text: str, x0: float, top: float, width: float | None = None, height: float = 8.0) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + (width if width is not None else 4.0 * len(text)),
            "top": top, "bottom": top + height}


def figures(top: float, texts: tuple[str, ...]) -> list[dict]:
    return [word(text, 200 + 50 * i, top, 16) for i, text in enumerate(texts)]


def test_a_first_row_whose_wrapped_name_is_the_widest_keeps_its_name_whole():
    # Row 11's name is centred on its data line over two lines, the first one wider than any
    # other name on the page: its last word ("dân") stands closer to the figures than any
    # name below does, but it is still the name's.
    first_line = [word(t, x, 95, w) for t, x, w in
                  (("Văn", 60, 14), ("phòng", 77, 22), ("Ủy", 102, 9), ("ban", 114, 13), ("nhân", 130, 18),
                   ("dân", 151, 14))]
    words = [
        *first_line,
        word("11.", 40, 100, 10), *figures(100, ("9,22", "7,24", "68,37", "11")),
        word("tỉnh", 60, 105, 15),
        word("12.", 40, 120, 10), word("Ban", 60, 120, 13), word("Dân", 76, 120, 13), word("tộc", 92, 120, 12),
        *figures(120, ("9", "7", "66,82", "12")),
        word("13.", 40, 140, 10), word("Sở", 60, 140, 9), word("Y", 72, 140, 4), word("tế", 79, 140, 7),
        *figures(140, ("9,05", "5,79", "64,55", "13")),
    ]
    [grid] = words_to_grids(words, 3)
    assert [row.cells for row in grid.rows] == [
        ("11.", "Văn phòng Ủy ban nhân dân tỉnh", "9,22", "7,24", "68,37", "11"),
        ("12.", "Ban Dân tộc", "9", "7", "66,82", "12"),
        ("13.", "Sở Y tế", "9,05", "5,79", "64,55", "13"),
    ]


def test_a_first_line_that_would_join_two_columns_leaves_the_columns_as_they_were():
    body = [Line((word("1.", 40, 100, 8), word("Sở", 60, 100, 9), word("9,5", 200, 100, 14), word("7", 250, 100, 5))),
            Line((word("2.", 40, 120, 8), word("Sở", 60, 120, 9), word("8", 200, 120, 5), word("6", 250, 120, 5)))]
    ranges = boundaries(column_spans(body, 4.8))
    joined = [Line((word("Văn", 60, 95, 14), word("phòng", 77, 95, 130)))]  # reaches over the first figures
    widest = [Line((word("Văn", 60, 95, 14), word("phòng", 77, 95, 60)))]
    assert first_row_columns(ranges, body, joined, 4.8) == ranges
    assert first_row_columns(ranges, body, [], 4.8) == ranges
    # Names and figures both aligned left: the cut stands just before the figures (half a gap).
    assert first_row_columns(ranges, body, widest, 4.8)[1][1] == pytest.approx(200 - 4.8 / 2)


def test_an_index_and_a_rank_set_closer_than_a_cell_gap_are_two_cells():
    # 13-point text: "95,18" and "1" stand 7.5 points apart (a word gap is 0.6 of the height,
    # 7.8), more than a space; two words of a name stand 3.3 apart.
    line = Line((word("1", 38, 236, 6.5, 13), word("UBND", 49, 236, 37, 13), word("xã", 89, 236, 12, 13),
                 word("95,18", 443, 236, 29.2, 13), word("1", 479.9, 236, 6.5, 13),
                 word("Xuất", 501.5, 236, 25, 13), word("sắc", 530, 236, 16.5, 13)))
    assert [s.text for s in cell_segments(line, 7.8)] == ["1", "UBND xã", "95,18", "1", "Xuất sắc"]


def test_a_figure_and_a_word_or_two_figures_a_space_apart_stay_one_cell():
    line = Line((word("1.", 38, 100, 8), word("Sở", 50, 100, 10), word("12,5", 200, 100, 16),
                 word("điểm", 218, 100, 18), word("7", 300, 100, 4), word("8,5", 306, 100, 12)))
    assert [s.text for s in cell_segments(line, 4.8)] == ["1.", "Sở", "12,5 điểm", "7 8,5"]


def block(text: str, span: tuple[int, ...], x0: float, top: float) -> _Block:
    return _Block(span, [Line((word(text, x0, top, 6.0 * len(text)),))])


def test_a_group_label_narrower_than_its_group_is_widened_over_the_labels_it_stands_over_in_part():
    # "Nhóm" stands over columns 3 and 4 only, the right half of area A's pair (2, 3) and the
    # left half of area B's (4, 5): it gathers both areas, and neither loses a column to it.
    blocks = [block("Nhóm", (3, 4), 230, 0), block("A (10)", (2, 3), 160, 12), block("B (10)", (4, 5), 260, 12),
              *(block(t, (c,), 150 + 50 * (c - 2), 24) for c, t in ((2, "TC"), (3, "TĐ"), (4, "TC"), (5, "TĐ")))]
    widen_groups(blocks)
    assert blocks[0].span == (2, 3, 4, 5)
    rows = blocks_to_header(blocks, 6, 2)
    assert [row.cells for row in rows] == [
        ("", "", "Nhóm", "", "", ""),
        ("", "", "A (10)", "", "B (10)", ""),
        ("", "", "TC", "TĐ", "TC", "TĐ"),
    ]


def test_a_group_label_over_whole_labels_keeps_its_span():
    blocks = [block("Nhóm", (2, 3, 4, 5), 200, 0), block("A (10)", (2, 3), 160, 12), block("B (10)", (4, 5), 260, 12),
              block("Tổng", (6,), 330, 12)]
    widen_groups(blocks)
    assert [b.span for b in blocks] == [(2, 3, 4, 5), (2, 3), (4, 5), (6,)]


def header_texts(words: list[dict], ranges: list[tuple[float, float]]) -> list[tuple[tuple[int, ...], str]]:
    return [(b.span, b.text) for b in header_blocks(words_to_lines(words), ranges, 4.8, 6.4)]


def test_a_wide_line_centred_over_one_column_with_nothing_beside_it_stays_a_group_label():
    ranges = [(float("-inf"), 100.0), (100.0, 160.0), (160.0, 185.0), (185.0, float("inf"))]
    words = [word("KẾT", 150, 100, 20), word("QUẢ", 172, 100, 23),
             word("Tổng", 120, 112, 20), word("Hạng", 163, 112, 19), word("Loại", 195, 112, 20)]
    assert header_texts(words, ranges)[0] == ((1, 2, 3), "KẾT QUẢ")


def test_the_last_line_of_a_group_label_in_capitals_stays_with_it_over_a_sub_label_centred_below():
    # "KẾT QUẢ ĐÁNH" wraps "GIÁ" onto a line centred over the middle column alone, right above
    # that column's own label "Điểm đánh giá": "GIÁ" ends the group label, not the sub-label.
    ranges = [(float("-inf"), 90.0), (90.0, 130.0), (130.0, 170.0), (170.0, 210.0), (210.0, float("inf"))]
    words = [word("KẾT", 100, 100, 20), word("QUẢ", 123, 100, 23), word("ĐÁNH", 149, 100, 51),
             word("GIÁ", 140, 110, 20), word("Điểm", 138, 121, 24), word("đánh", 130, 131, 20),
             word("giá", 153, 131, 17)]
    assert header_texts(words, ranges) == [((1, 2, 3), "KẾT QUẢ ĐÁNH GIÁ"), ((2,), "Điểm đánh giá")]


def class_row(top: float, number: str, name: str, index: str, rank: str, label: tuple[str, ...]) -> list[dict]:
    """A body row 6.5 points high whose class is centred on its data line, one line above and
    one below when it wraps, each touching the next."""
    names = [word(part, 133 + 20 * i, top, 18, 6.5) for i, part in enumerate(name.split())]
    words = [word(number, 81, top, 6, 6.5), *names, word(index, 626, top, 16, 6.5), word(rank, 733, top, 4, 6.5)]
    if len(label) == 1:
        return [*words, word(label[0], 789, top, 11, 6.5)]
    return [*words, word(label[0], 788, top - 3.7, 14, 6.5), word(label[1], 790, top + 3.6, 10, 6.5)]


def test_a_header_labels_last_line_touching_the_first_rows_wrapped_cell_stays_in_the_header():
    # "Phân / loại" centred on the header line, "loại" 2.7 points above "Xuất / sắc" centred on
    # row 1: the first row's class lines up with its data line without "loại", not with it.
    words = [
        word("Phân", 787, 59.0, 16, 6.5), word("STT", 78, 62.6, 12, 6.5), word("Tên", 340, 62.6, 12, 6.5),
        word("Chỉ", 608, 62.6, 10, 6.5), word("Hạng", 727, 62.6, 16, 6.5), word("loại", 789, 66.3, 11, 6.5),
        *class_row(79.2, "1.", "UBND xã A", "94,13", "1", ("Xuất", "sắc")),
        *class_row(95.7, "2.", "UBND xã B", "91,77", "2", ("Xuất", "sắc")),
        *class_row(108.7, "3.", "UBND xã C", "89,29", "3", ("Tốt",)),
        *class_row(121.7, "4.", "UBND xã D", "88,1", "4", ("Khá",)),
    ]
    [grid] = words_to_grids(words, 2)
    assert [row.cells for row in grid.rows] == [
        ("STT", "Tên", "Chỉ", "Hạng", "Phân loại"),
        ("1.", "UBND xã A", "94,13", "1", "Xuất sắc"),
        ("2.", "UBND xã B", "91,77", "2", "Xuất sắc"),
        ("3.", "UBND xã C", "89,29", "3", "Tốt"),
        ("4.", "UBND xã D", "88,1", "4", "Khá"),
    ]


def turned(text: str, x0: float, top: float, length: float) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 8, "top": top, "bottom": top + length, "upright": False,
            "direction": "btt"}


def test_a_header_of_labels_printed_turned_is_read_though_each_of_its_lines_is_one_piece():
    # "STT", "Chỉ số CCHC" and "Thứ hạng" printed turned, each a line of its own by its top, and
    # "Sở, ban, ngành" upright: one piece of text a line, as a running line would be, but a
    # header (a running line is never printed turned).
    words = [turned("hạng", 546, 76.8, 17), turned("CCHC", 522, 70, 23.6), turned("STT", 42, 86, 15),
             word("Sở,", 257, 89.9, 12), word("ban,", 272, 89.9, 16), word("ngành", 291, 89.9, 24),
             turned("số", 522, 95.6, 8), turned("Thứ", 546, 95.6, 14), turned("Chỉ", 522, 104.7, 12)]
    for row, (number, name, index) in enumerate((("1", "Sở Y tế", "93,2"), ("2", "Sở Tư pháp", "89"),
                                                 ("3", "Sở Nội vụ", "85,97"))):
        top = 134 + 30 * row
        words += [word(number, 43, top, 4), *(word(part, 80 + 27 * i, top, 24) for i, part in enumerate(name.split())),
                  word(index, 520, top, 16), word(str(row + 1), 548, top, 4)]
    [grid] = words_to_grids(words, 2)
    assert [row.cells for row in grid.rows] == [
        ("STT", "Sở, ban, ngành", "Chỉ số CCHC", "Thứ hạng"),
        ("1", "Sở Y tế", "93,2", "1"),
        ("2", "Sở Tư pháp", "89", "2"),
        ("3", "Sở Nội vụ", "85,97", "3"),
    ]


def test_a_grid_read_from_words_above_and_below_a_ruled_grid_straddles_it():
    ruled = Grid(page=3, rows=(), bbox=(36, 121, 559, 177), ruled=True)
    around = Grid(page=3, rows=(), bbox=(41, 14, 559, 307), ruled=False)
    below = Grid(page=3, rows=(), bbox=(41, 180, 559, 307), ruled=False)
    beside = Grid(page=3, rows=(), bbox=(600, 14, 800, 307), ruled=False)
    assert straddles([around, ruled])
    assert not straddles([below, ruled])
    assert not straddles([beside, ruled])
    assert not straddles([around, replace(ruled, ruled=False)])


@pytest.mark.parametrize(("name", "findings"), [
    # ReportLab, outer box only: "Văn phòng Ủy ban nhân dân / tỉnh" is row 11's name on the
    # page that goes on with the table (no false unreadable-value on "dân 9,22").
    ("v20162", [("class-order-violation", 1, 15, "Phân loại", None, "Khá", None)]),
    # Word, open-merged rulings, three header rows: "Điểm thẩm định các lĩnh vực" over the areas
    # names none of them, and "Cải cách thủ tục hành chính" keeps both its scorers.
    ("v20191", [("index-mismatch", 1, 8, "Chỉ số CCHC (%)", None, "65,82", "66,82")]),
    # ReportLab, no padding: "Phân / loại" touches row 1's "Xuất / sắc" and stays a label.
    ("v20081", []),
    # Word: "KẾT QUẢ ĐÁNH / GIÁ" over "Điểm đánh giá trực tiếp" (no area "GIÁ Điểm …").
    ("v20127", []),
    # ReportLab, unruled, turned page: "UBND cấp / huyện" touches row 1's wrapped name.
    ("v20193", []),
    # Word, unruled, 13 pt: the index and the rank 7.5 points apart are two columns.
    ("v20075", [("row-number-sequence", 1, 3, "STT", None, "2", "3")]),
    # ReportLab, ruled body rows under an unruled repeated header: the page's last row of block I
    # (a ruled grid between the header and block II's rows) is read in its place, not lost.
    ("v20152", [("row-number-sequence", 1, 7, "STT", None, "06", "7")]),
    # ReportLab, shaded rows, every header label turned but the units': the header is read.
    ("v20182", []),
])
def test_fresh_seed_layouts_read_as_printed_with_their_findings(name, findings):
    path = SAMPLE / f"{name}.pdf"
    truth = json.loads(path.with_name(f"{name}.truth.json").read_text(encoding="utf-8"))
    report = report_to_dict(audit_source(str(path)), lang="en")
    assert compare(report, truth).cell_diffs == []
    assert sorted(finding_tuple(f) for f in report["findings"]) == [finding_tuple(f) for f in findings]
