"""Issue 10: header roles from labels and from cells; no row and no table passed silently."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from conftest import FIXTURES, as_tuples

from cchc_audit.extract.domain.model import Cell, Omission, Role, RoleSource, UnauditedRows
from cchc_audit.extract.domain.numbers import parse_row_number
from cchc_audit.extract.roles.assemble import (
    Assembly,
    TextRow,
    block_to_tables,
    is_column_number_row,
    is_header_row,
    is_numbered_unit,
    is_repeated_header,
    is_sub_label_row,
)
from cchc_audit.extract.roles.content import is_class_column, is_name_column, is_rank_sequence, is_row_sequence
from cchc_audit.extract.roles.header import HeaderError, header_to_columns
from cchc_audit.extract.roles.labels import column_number, narrow_label, reads_as_nothing
from cchc_audit.extract.text.tables import text_to_tables
from cchc_audit.flows.cli import main
from cchc_audit.flows.pipeline import audit_source
from cchc_audit.report.json_report import report_to_dict
from cchc_audit.validate.unaudited import unaudited_findings

TEXT = FIXTURES / "text"
UNITS = ["UBND xã Nông Thượng", "UBND phường Sông Cầu", "UBND xã Dương Quang", "UBND phường Xuất Hóa"]


def body(*columns):
    """Rows from columns of cell texts."""
    return [list(row) for row in zip(*columns)]


def described(header, rows=()):
    return [(c.role.value, c.name, c.scorer.value if c.scorer else None, c.maximum, c.role_source.value)
            for c in header_to_columns(header, rows)]


# --- labels ------------------------------------------------------------------------------

@pytest.mark.parametrize("label", [
    "Huyện, thị xã, thành phố", "Huyện, thành phố", "Xã, phường, thị trấn", "Xã, thị trấn", "Sở, ban, ngành",
    "UBND cấp huyện", "Địa phương", "Đơn vị được đánh giá", "Phường, xã", "Cơ quan, đơn vị", "Các sở, ban, ngành",
    "Tên địa phương", "Quận, huyện", "UBND các xã, phường, thị trấn", "Cơ quan chuyên môn thuộc UBND tỉnh",
    "Đơn vị/Địa phương", "HUYỆN, THỊ XÃ, THÀNH PHỐ",
])
def test_a_unit_column_headed_by_the_kind_of_place(label):
    header = [["STT", label, "Cải cách thể chế (10)", "Tổng điểm", "Xếp hạng"]]
    assert [r[0] for r in described(header)] == ["row-number", "unit", "area", "total", "rank"]


@pytest.mark.parametrize("label, role", [
    ("Hạng", "rank"), ("Thứ hạng", "rank"), ("Vị thứ", "rank"), ("Xếp thứ", "rank"), ("Tỷ lệ (%)", "index"),
    ("Tỉ lệ %", "index"), ("Cộng", "total"), ("Điểm khảo sát (30)", "survey"), ("Điểm chuẩn", "maximum"),
])
def test_rank_index_and_other_labels(label, role):
    header = [["STT", "Tên đơn vị", "Cải cách thể chế (10)", "Tổng điểm", label]]
    assert described(header)[-1][0] == role


def test_a_group_label_with_chi_so_leaves_its_areas_areas():
    header = [["STT", "Tên đơn vị", "Điểm đạt được của các chỉ số thành phần", "", "Tổng điểm (20)", "Chỉ số CCHC (%)"],
              ["", "", "Cải cách thể chế (10)", "Cải cách thủ tục hành chính (10)", "", ""]]
    assert described(header) == [
        ("row-number", "STT", None, None, "header"),
        ("unit", "Tên đơn vị", None, None, "header"),
        ("area", "Cải cách thể chế", None, Decimal(10), "header"),
        ("area", "Cải cách thủ tục hành chính", None, Decimal(10), "header"),
        ("total", "Tổng điểm", None, Decimal(20), "header"),
        ("index", "Chỉ số CCHC (%)", None, None, "header"),
    ]


def test_a_group_label_shared_by_every_area_keeps_their_names_and_one_scorer_is_no_scorer():
    header = [["STT", "Tên đơn vị", "Điểm thẩm định các lĩnh vực (20)", "", "Tổng điểm"],
              ["", "", "Cải cách thể chế (10)", "Cải cách thủ tục hành chính (10)", ""]]
    assert [(r[0], r[1], r[2], r[3]) for r in described(header)][2:] == [
        ("area", "Cải cách thể chế", None, Decimal(10)),
        ("area", "Cải cách thủ tục hành chính", None, Decimal(10)),
        ("total", "Tổng điểm", None, None),
    ]


def test_scorer_groups_over_the_same_area_names():
    header = [["TT", "Đơn vị", "Điểm tự chấm", "", "Điểm thẩm định", "", "Tổng điểm tự chấm", "Tổng điểm thẩm định"],
              ["", "", "Cải cách thể chế", "Hiện đại hóa hành chính", "Cải cách thể chế", "Hiện đại hóa hành chính",
               "", ""]]
    assert [(r[0], r[1], r[2]) for r in described(header)][2:] == [
        ("area", "Cải cách thể chế", "self"), ("area", "Hiện đại hóa hành chính", "self"),
        ("area", "Cải cách thể chế", "appraised"), ("area", "Hiện đại hóa hành chính", "appraised"),
        ("total", "Tổng điểm", "self"), ("total", "Tổng điểm", "appraised"),
    ]


def test_three_header_rows_a_group_over_areas_over_scorers():
    header = [["STT", "Tên đơn vị", "Kết quả chấm điểm các lĩnh vực", "", "", "", "Tổng điểm (20)", ""],
              ["", "", "Cải cách thể chế (10)", "", "Hiện đại hóa hành chính (10)", "", "", ""],
              ["", "", "Tự chấm", "Thẩm định", "Tự chấm", "Thẩm định", "Tự chấm", "Thẩm định"]]
    assert [(r[0], r[1], r[2], r[3]) for r in described(header)][2:] == [
        ("area", "Cải cách thể chế", "self", Decimal(10)), ("area", "Cải cách thể chế", "appraised", Decimal(10)),
        ("area", "Hiện đại hóa hành chính", "self", Decimal(10)),
        ("area", "Hiện đại hóa hành chính", "appraised", Decimal(10)),
        ("total", "Tổng điểm", "self", Decimal(20)), ("total", "Tổng điểm", "appraised", Decimal(20)),
    ]


@pytest.mark.parametrize("label, name", [
    ("Điểm đánh giá, thẩm định (65)", "Điểm đánh giá, thẩm định"),
    # "Kết quả đánh giá" names nothing of its own: the column under it is "Điểm thẩm định".
    ("Điểm thẩm định (Tối đa 65 điểm)", "Điểm thẩm định"),
])
def test_an_umbrella_over_columns_of_their_own(label, name):
    header = [["STT", "Tên đơn vị", "KẾT QUẢ ĐÁNH GIÁ", "", "", "Xếp hạng"],
              ["", "", label, "Điểm điều tra XHH (35)", "Tổng điểm (100)", ""]]
    assert [(r[0], r[1], r[2], r[3]) for r in described(header)][2:5] == [
        ("area", name, None, Decimal(65)), ("survey", "Điều tra xã hội học", None, Decimal(35)),
        ("total", "Tổng điểm", None, Decimal(100)),
    ]


def test_a_group_label_naming_something_still_names_its_areas_by_their_own_labels():
    header = [["STT", "Tên đơn vị", "Cải cách thể chế (10)", "", "Tổng điểm"],
              ["", "", "Tự chấm", "Thẩm định", ""]]
    assert [(r[1], r[2]) for r in described(header)][2:4] == [("Cải cách thể chế", "self"),
                                                            ("Cải cách thể chế", "appraised")]


def test_one_label_under_a_group_label_is_a_header_row_not_a_block_title():
    above = [TextRow(None, ("STT", "Tên đơn vị", "KẾT QUẢ ĐÁNH GIÁ", "Tổng điểm (100)", "Xếp hạng"))]
    assert is_sub_label_row(("", "", "Điểm điều tra xã hội học (35)", "", ""), above)
    assert not is_sub_label_row(("I. KHỐI XÃ", "", "", "", ""), above)  # under the row number: a block title
    assert not is_sub_label_row(("", "", "(Tối đa 35 điểm)", "", ""), above)  # the end of the label above
    assert not is_sub_label_row(("", "", "Điểm điều tra", "Tổng", ""), above)  # two labels: not this case
    wrapped = [TextRow(None, ("STT", "Tên đơn vị", "Cải cách thể chế (Tối đa 30", "Tổng điểm", "Xếp hạng"))]
    assert not is_sub_label_row(("", "", "điểm)", "", ""), wrapped)  # the rest of the label above


def test_a_header_whose_only_sub_label_stands_under_a_group_keeps_it():
    rows = [TextRow(1, ("STT", "Tên đơn vị", "KẾT QUẢ ĐÁNH GIÁ", "Tổng điểm (100)", "Xếp hạng")),
            TextRow(2, ("", "", "Điểm điều tra xã hội học (35)", "", "")),
            *[TextRow(3 + i, (str(i + 1), UNITS[i], str(30 - i), str(90 - i), str(i + 1))) for i in range(3)]]
    [table], unplaced = block_to_tables(rows, first_index=1)
    assert unplaced is None and table.title is None
    assert [(c.role.value, c.name) for c in table.columns][2:4] == [("survey", "Điều tra xã hội học"),
                                                                 ("total", "Tổng điểm")]


def test_a_repeated_header_row_with_labels_read_a_row_higher_or_lower():
    first = [("STT", "Tên đơn vị", "Điểm thẩm định các lĩnh vực", "", "Tổng điểm", "Thứ hạng", "Xếp loại"),
             ("", "", "Thể chế (10)", "Thủ tục (20)", "", "", "")]
    assert is_repeated_header(("", "", "Thủ tục (20)", "", "", "Thứ hạng", "Xếp loại"), first)
    assert not is_repeated_header(("", "", "Thủ tục (20)", "", "", "", ""), first)  # one label: a title, maybe
    assert not is_repeated_header(("", "", "Thủ tục (20)", "", "", "Thứ hạng", "Trung"), first)


def test_a_repeated_header_read_with_its_column_numbers_run_into_its_labels():
    first = [("STT", "Tên đơn vị", "KẾT QUẢ ĐÁNH GIÁ", "", "", "Chỉ số CCHC", "Thứ hạng"),
             ("(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)")]
    later = ("(1)", "(2)", "Điểm thẩm định (65) (3)", "Điều tra XHH (35) (4)", "Tổng điểm (100) (5)", "(6)", "(7)")
    assert is_repeated_header(later, first)
    assert not is_repeated_header(("1", "UBND xã A", "60", "30", "90", "90,00", "1"), first)


def test_a_generic_sub_label_under_each_area_leaves_the_area_names():
    header = [["STT", "Tên đơn vị", "Cải cách thể chế (10)", "Hiện đại hóa hành chính (10)", "Tổng điểm"],
              ["", "", "Kết quả", "Kết quả", ""]]
    assert [r[1] for r in described(header)][2:4] == ["Cải cách thể chế", "Hiện đại hóa hành chính"]


@pytest.mark.parametrize("cells", [
    ["(1)", "(2)", "(3)", "(4)", "(5)=(3)+(4)"], ["1", "2", "3", "4", "5=3+4"], ["A", "B", "1", "2", "3 = 1 + 2"],
    ["(1)", "(2)", "(3)", "(4)", "(5) = (3) + (4)", "(6)"], ["", "", "(1)", "(2)", "(3)=(1)x(2)"],
    ["(1)", "(2)", "(3)", "(4)", "(5) (6)"],
])
def test_column_number_rows(cells):
    assert is_column_number_row(cells)


@pytest.mark.parametrize("text, read", [
    ("(1)", ((1,), ())), ("B", ((None,), ())), ("(5)=(3)+(4)", ((5,), (3, 4))), ("5 = 3 + 4", ((5,), (3, 4))),
    ("5 (=3+4)", ((5,), (3, 4))), ("(6)=(4)x(5)", ((6,), ())), ("(5) (6)", ((5, 6), ())), ("C=A+B", ((None,), ())),
    ("UBND", None), ("12,5", None), ("100", None), ("1.", None),
])
def test_column_numbers_and_their_formulas(text, read):
    assert column_number(text) == read


def test_a_header_of_column_numbers_only():
    rows = body(["1", "2", "3", "4"], UNITS, ["60", "55", "50", "45"], ["25", "25", "20", "20"], ["85", "80", "70", "65"],
                ["1", "2", "3", "4"])
    assert described([["(1)", "(2)", "(3)", "(4)", "(5)=(3)+(4)", "(6)"]], rows) == [
        ("row-number", "STT", None, None, "content"), ("unit", "Tên đơn vị", None, None, "content"),
        ("area", "Cột (3)", None, None, "header"), ("area", "Cột (4)", None, None, "header"),
        ("total", "Tổng điểm", None, None, "header"), ("rank", "Xếp hạng", None, None, "content"),
    ]
    with pytest.raises(HeaderError):  # without a formula nothing tells the scores apart
        header_to_columns([["1", "2", "3", "4", "5", "6"]], rows)


def test_a_column_number_row_is_no_maximum():
    rows = [TextRow(1, ("STT", "Tên đơn vị", "Điểm thẩm định", "Điểm điều tra xã hội học", "Tổng điểm")),
            TextRow(2, ("(1)", "(2)", "(3)", "(4)", "(5)=(3)+(4)")),
            TextRow(3, ("1", "UBND huyện Ba Bể", "60", "25", "85"))]
    [table], unplaced = block_to_tables(rows, first_index=1)
    assert unplaced is None
    assert [c.maximum for c in table.columns] == [None] * 5 and len(table.rows) == 1


@pytest.mark.parametrize("text, value", [("1.", 1), ("01", 1), ("1)", 1), ("(12)", 12), ("7", 7)])
def test_row_numbers_as_printed(text, value):
    assert parse_row_number(text).value == value


def test_row_numbers_printed_with_a_point_are_read():
    report = audit_source(str(TEXT / "header-row-numbers-dotted-8.txt"))
    assert report.summary["errors"] == 0 and report.tables[0].ranks  # ranked by row order


# --- roles from content --------------------------------------------------------------------

def test_content_predicates():
    assert is_row_sequence(["1.", "2.", "3.", "4."]) and is_row_sequence(["1", "2", "1", "2", "3"])
    assert not is_row_sequence(["3", "1", "2", "4"])
    assert is_rank_sequence(["2", "1", "2", "4"]) and is_rank_sequence(["1", "2", "2", "3"])
    assert is_rank_sequence(["1", "2", "3", "5", "5", "6", "7"])  # a mistyped rank is still a rank column
    assert not is_rank_sequence(["1", "1", "1", "2"]) and not is_rank_sequence(["1", "2", "9", "4"])
    assert is_class_column(["Tốt", "Khá", "Xuất sắc", "Trung bình"]) and not is_class_column(["Tốt", "5", "6", "7"])
    assert is_name_column(UNITS) and not is_name_column(["Tốt", "Khá", "Khá", "Tốt"])
    assert not is_name_column(["UBND xã A", "UBND xã A", "UBND xã A", "UBND xã B"])


def test_blank_labels_are_told_by_their_cells():
    header = [["", "", "Cải cách thể chế (10)", "Hiện đại hóa hành chính (10)", "Tổng điểm (20)", "", ""]]
    rows = body(["1", "2", "3", "4"], UNITS, ["9", "8", "7", "6"], ["9", "8", "7,5", "6"], ["18", "16", "14,5", "12"],
                ["1", "2", "3", "4"], ["Xuất sắc", "Tốt", "Khá", "Trung bình"])
    assert [(r[0], r[4]) for r in described(header, rows)] == [
        ("row-number", "content"), ("unit", "content"), ("area", "header"), ("area", "header"), ("total", "header"),
        ("rank", "content"), ("class", "content"),
    ]


def test_content_never_overrides_a_clear_label():
    header = [["STT", "Tên đơn vị", "Cải cách thể chế (10)", "Tổng điểm", "Ghi chú"]]
    rows = body(["1", "2", "3", "4"], UNITS, ["9", "8", "7", "6"], ["1", "2", "3", "4"], ["Tốt", "Khá", "Tốt", "Khá"])
    assert [(r[0], r[4]) for r in described(header, rows)][3:] == [("total", "header"), ("note", "header")]


def test_an_unknown_label_over_cells_that_tell_nothing_stays_unplaced():
    rows = body(["1", "2", "3", "4"], UNITS, ["07", "03", "11", "02"], ["9", "8", "7", "6"])
    with pytest.raises(HeaderError) as caught:
        header_to_columns([["STT", "Tên đơn vị", "Mã số", "Tổng điểm"]], rows)
    assert caught.value.header == "Mã số"


def test_a_rank_right_of_every_score_of_a_table_printing_its_total_first():
    # a header of column numbers only, the total before its parts: the ranks stand right of
    # every score column, with the row numbers told already
    rows = body(["1", "2", "3", "4"], UNITS, ["85", "80", "70", "65"], ["60", "55", "50", "45"],
                ["25", "25", "20", "20"], ["1", "2", "3", "4"])
    assert described([["(1)", "(2)", "(3)=(4)+(5)", "(4)", "(5)", "(6)"]], rows) == [
        ("row-number", "STT", None, None, "content"), ("unit", "Tên đơn vị", None, None, "content"),
        ("total", "Tổng điểm", None, None, "header"), ("area", "Cột (4)", None, None, "header"),
        ("area", "Cột (5)", None, None, "header"), ("rank", "Xếp hạng", None, None, "content"),
    ]
    without_numbers = body(UNITS, ["85", "80", "70", "65"], ["60", "55", "50", "45"], ["25", "25", "20", "20"],
                           ["1", "2", "3", "4"])
    with pytest.raises(HeaderError) as caught:  # no row numbers: the count may be them, not the ranks
        header_to_columns([["(1)", "(2)=(3)+(4)", "(3)", "(4)", "(5)"]], without_numbers)
    assert caught.value.header == "(5)"


def test_a_sequence_left_of_the_total_is_no_rank():
    rows = body(UNITS, ["1", "2", "3", "4"], ["9", "8", "7", "6"])
    with pytest.raises(HeaderError) as caught:
        header_to_columns([["Tên đơn vị", "", "Tổng điểm"]], rows)
    assert caught.value.header == "#2"


def test_an_area_word_over_classes_is_the_class_and_over_names_stays_an_area():
    rows = body(["1", "2", "3", "4"], UNITS, ["9", "8", "7", "6"], ["Tốt", "Khá", "Tốt", "Trung bình"])
    assert described([["STT", "Tên đơn vị", "Tổng điểm", "Kết quả"]], rows)[-1][::4] == ("class", "content")
    criteria = body(["1", "2", "3"], ["Cải cách thể chế", "Cải cách tài chính công", "Hiện đại hóa hành chính"],
                    ["10", "8", "21,5"])
    assert [r[0] for r in described([["STT", "Lĩnh vực", "Điểm tối đa"]], criteria)] == ["row-number", "area", "maximum"]


@pytest.mark.parametrize("label, under", [("S) S 85 ø", ""), ("b", ""), ("#4", ""), ("E", "Œ)"), ("Ẹ", "(1)"),
                                          ("()", ""), ("(4)", "")])
def test_a_scanned_label_read_as_specks_leaves_the_row_numbers_to_their_cells(label, under):
    header = [[label, "Tên đơn vị", "Cải cách thể chế (10)", "Tổng điểm (10)", "Xếp hạng"], [under, "", "", "", ""]]
    rows = body(["1", "2", "3", "4"], UNITS, ["9", "8", "7", "6"], ["9", "8", "7", "6"], ["1", "2", "3", "4"])
    assert described(header, rows)[0] == ("row-number", "STT", None, None, "content")


def test_a_label_of_words_over_a_count_is_not_taken_for_the_row_numbers():
    header = [["Mã số", "Tên đơn vị", "Cải cách thể chế (10)", "Tổng điểm (10)"]]
    rows = body(["1", "2", "3", "4"], UNITS, ["9", "8", "7", "6"], ["9", "8", "7", "6"])
    with pytest.raises(HeaderError) as caught:
        header_to_columns(header, rows)
    assert caught.value.header == "Mã số"


def test_labels_that_say_nothing():
    assert all(reads_as_nothing(t) for t in ("", "b", "ối", "q)", "#4", "S) S 85 ø", "E / Œ)", "(4)", "(5)=(3)+(4)"))
    assert not any(reads_as_nothing(t) for t in ("Hạng", "Tổn / U1100", "Mã số", "Tên đơn vị"))


@pytest.mark.parametrize("text, label", [
    ("TT", "TT"), ("ì TT", "TT"), ("N Xếp hạng", "Xếp hạng"), ("Chỉ số CCHC", "Chỉ số CCHC"),
    ("Tỷ lệ (%)", "Tỷ lệ (%)"), ("Tổng điểm (100)", "Tổng điểm (100)"), ("Hạng", "Hạng"),
    ("Xếp hạng Phân loại", None), ("hân loại", None), ("Q", None), ("Tổng số", None), ("Chỉ số CCHC Tổng điểm", None),
])
def test_a_narrow_columns_whole_label(text, label):
    assert narrow_label(text) == label


@pytest.mark.parametrize("cells", [
    ["Œ)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "(1)", "(12)"],
    ["q)", "(2)", "(3)", "4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "419)", "(12)"],
])
def test_a_column_number_row_with_a_number_or_two_misread(cells):
    assert is_column_number_row(cells)


@pytest.mark.parametrize("cells", [
    ["(12)", "(8)", "(20)", "(10)", "(15)", "(10)", "(25)"],  # the areas' maxima
    ["1", "UBND xã A", "3", "4", "5", "6"], ["1", "6,4", "3", "4", "5", "6"], ["Œ)", "(2)", "(3)", "(1)", "(5)"],
])
def test_a_row_of_maxima_names_or_figures_is_no_column_number_row(cells):
    assert not is_column_number_row(cells)


def test_a_column_number_left_under_a_label_is_no_part_of_it():
    """The row of column numbers read too garbled to be told ("(35) (4)", "(100) S))+ (4)")
    leaves each number under its label: under a label stating its maximum, or naming an
    unscored column, it is no label; under an area label without a maximum it may be one."""
    header = [["STT", "Tên đơn vị", "KẾT QUẢ ĐÁNH GIÁ", "", "Chỉ số CCHC (%)"],
              ["", "", "Điểm thẩm định (65)", "Tổng điểm (100)", ""],
              ["(1)", "(2)", "(3)", "(100) S))+ (4)", "(5)"]]
    rows = body(["1", "2", "3", "4"], UNITS, ["60", "55", "50", "45"], ["60", "55", "50", "45"],
                ["60,00", "55,00", "50,00", "45,00"])
    assert described(header, rows) == [
        ("row-number", "STT", None, None, "header"), ("unit", "Tên đơn vị", None, None, "header"),
        ("area", "Điểm thẩm định", None, Decimal("65"), "header"), ("total", "Tổng điểm", None, Decimal("100"), "header"),
        ("index", "Chỉ số CCHC (%)", None, None, "header"),
    ]
    with pytest.raises(HeaderError):  # "(3)" may be the maximum of "Cải cách thể chế": not guessed
        header_to_columns([["STT", "Tên đơn vị", "Cải cách thể chế", "Tổng điểm"], ["(1)", "(2)", "(3)", "(4"]], rows)


def test_a_group_label_spans_no_column_holding_only_its_number():
    header = [["STT", "Tên đơn vị", "Kết quả", "", "Xếp hạng"],
              ["", "", "Điểm thẩm định (60)", "Tổng điểm (60)", ""],
              ["(1)", "(2)", "(3)", "(4)=3", "(5)"]]
    rows = body(["1", "2", "3", "4"], UNITS, ["60", "55", "50", "45"], ["60", "55", "50", "45"], ["1", "2", "3", "4"])
    assert [r[:2] for r in described(header, rows)][2:] == [("area", "Điểm thẩm định"), ("total", "Tổng điểm"),
                                                             ("rank", "Xếp hạng")]


def test_an_area_scored_by_nobody_among_scored_areas_is_a_header_read_wrong():
    header = [["STT", "Tên đơn vị", "Cải cách thể chế (10)", "", "Xây dựng và tổ chức (10)", "Tổng điểm", ""],
              ["", "", "Tự chấm", "Thẩm định", "", "Tự chấm", "Thẩm định"]]
    rows = body(["1", "2", "3", "4"], UNITS, ["9", "8", "7", "6"], ["9", "8", "7", "6"], ["5", "5", "5", "5"],
                ["14", "13", "12", "11"], ["14", "13", "12", "11"])
    with pytest.raises(HeaderError) as caught:
        header_to_columns(header, rows)
    assert caught.value.header == "Xây dựng và tổ chức (10)"


def test_the_json_report_says_how_each_role_was_decided():
    data = report_to_dict(audit_source(str(TEXT / "header-lost-labels-errors-9.txt")))
    sources = [(c["role"], c["role_source"]) for c in data["tables"][0]["columns"]]
    assert sources[:2] == [("row-number", "header"), ("unit", "content")]
    assert sources[-3:] == [("total", "header"), ("rank", "content"), ("class", "content")]


# --- never pass silently ---------------------------------------------------------------------

def test_block_to_tables_returns_the_rows_it_leaves_out_and_still_unpacks_as_before():
    rows = [TextRow(1, ("1", "UBND xã A", "5", "6")), TextRow(2, ("2", "UBND xã B", "4", "5")),
            TextRow(3, ("STT", "Tên đơn vị", "Mã số", "Tổng điểm")), TextRow(4, ("1", "UBND xã C", "07", "5"))]
    assembly = block_to_tables(rows, first_index=1)
    assert isinstance(assembly, Assembly)
    tables, unplaced = assembly
    assert tables == () and unplaced.header == "Mã số"
    assert [(run.reason, [[c.text for c in row][1] for row in run.rows]) for run in assembly.unaudited] == [
        (Omission.NO_HEADER, ["UBND xã A", "UBND xã B"]), (Omission.UNPLACED_COLUMN, ["UBND xã C"]),
    ]


def test_another_header_inside_a_block_starts_another_table():
    rows = [TextRow(1, ("STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng")), TextRow(2, ("1", "UBND xã A", "90", "1")),
            TextRow(3, ("2", "UBND xã B", "80", "2")), TextRow(4, ("TT", "Sở, ban, ngành", "Điểm", "Hạng")),
            TextRow(5, ("1", "Sở Tư pháp", "85", "1")), TextRow(6, ("2", "Sở Y tế", "70", "2"))]
    tables, unplaced = block_to_tables(rows, first_index=1)
    assert [(t.index, [r.cells[1].text for r in t.rows]) for t in tables] == [
        (1, ["UBND xã A", "UBND xã B"]), (2, ["Sở Tư pháp", "Sở Y tế"]),
    ]
    assert not is_header_row(("", "UBND xã", "Trung", "")) and not is_header_row(("Tên đơn vị", "Tốt", "Khá"))


def test_a_header_of_column_numbers_that_tell_nothing_leaves_its_rows_without_a_header():
    rows = [TextRow(1, ("(1)", "(2)", "(3)", "(4)")), TextRow(2, ("1", "UBND xã A", "90", "85")),
            TextRow(3, ("2", "UBND xã B", "80", "75")), TextRow(4, ("3", "UBND xã C", "70", "65"))]
    assembly = block_to_tables(rows, first_index=1)
    assert (assembly.tables, assembly.unplaced) == ((), None)
    assert [(run.reason, len(run.rows)) for run in assembly.unaudited] == [(Omission.NO_HEADER, 3)]


def test_a_table_cut_by_a_line_of_text_is_one_table():
    found = text_to_tables((TEXT / "continued-after-running-line-errors-12.txt").read_text(encoding="utf-8"))
    assert [len(t.rows) for t in found.tables] == [12] and found.unaudited == ()


def test_rows_not_audited_name_their_lines_and_units():
    report = audit_source(str(TEXT / "rows-without-header-8.txt"))
    [finding] = [f for f in report.findings if f.code.value == "rows-not-audited"]
    assert (finding.line, finding.severity.value) == (27, "warning")
    assert finding.message("en").startswith("5 data rows (lines 27–31) are in no audited table (no table header above")


def test_rows_not_audited_on_a_pdf_page_carry_the_box_around_them():
    def row(page, top, name):
        return (Cell("1", page=page, bbox=(40, top, 60, top + 12)), Cell(name, page=page, bbox=(60, top, 200, top + 12)))

    run = UnauditedRows(Omission.NOT_RANKING, (row(2, 100, "UBND xã A"), row(2, 112, "UBND xã B"), row(3, 50, "UBND xã C")))
    found = unaudited_findings([run])
    assert [(f.page, f.bbox, f.published) for f in found] == [
        (2, (40, 100, 200, 124), "UBND xã A; UBND xã B"), (3, (40, 50, 200, 62), "UBND xã C"),
    ]
    assert found[0].message("vi").startswith("2 dòng số liệu (trang 2) không thuộc bảng nào được kiểm tra")


def test_a_table_nothing_could_be_checked_on_is_an_error_naming_why(capsys):
    path = TEXT / "table-not-checked-areas-only-errors-7.txt"
    report = audit_source(str(path))
    assert as_tuples(report.findings) == [("table-not-checked", None, None, None, None, None)]
    assert "there is no total column" in report.findings[0].message("en")
    assert main(["check", str(path)]) == 1


def test_the_shared_group_label_no_longer_passes_silently():
    clean = audit_source(str(TEXT / "header-shared-group-label-9.txt"))
    assert clean.findings == () and clean.tables[0].sums and clean.tables[0].ranks and clean.tables[0].classes
    wrong = audit_source(str(TEXT / "header-shared-group-label-errors-9.txt"))
    assert [f.code.value for f in wrong.findings] == ["total-mismatch", "class-mismatch"]
    assert json.loads(json.dumps(report_to_dict(wrong)))["summary"]["errors"] == 2


def test_a_document_with_no_ranking_table_still_lists_the_rows_it_read(tmp_path):
    path = tmp_path / "headless.txt"
    path.write_text("Kết quả\n1\tUBND xã A\t85,5\t1\n2\tUBND xã B\t80\t2\n", encoding="utf-8")
    report = audit_source(str(path))
    assert report.status == "failed"
    assert [f.code.value for f in report.findings] == ["no-ranking-table", "rows-not-audited"]


def test_role_source_defaults_to_header():
    assert header_to_columns([["STT", "Tên đơn vị", "Tổng điểm"]])[0].role_source == RoleSource.HEADER
    assert Role.UNIT.value == "unit"


def test_rows_of_a_unit_with_its_rank_run_into_its_class_are_reported_not_lost():
    # A page's rows read with the rank and the class in one cell: one figure each, so no data
    # row; with no header above them they are left out, said, not dropped.
    rows = [TextRow(1, ("11.", "UBND xã Xuân Phổ", "61,67", "11 Trung bình")),
            TextRow(2, ("12.", "UBND xã Cổ Đạm", "55,89", "12 Khá"))]
    assert is_numbered_unit(rows[0].cells)
    assert not is_numbered_unit(("(1)", "(2)", "(3)", "(4)"))
    assert not is_numbered_unit(("", "II. KHỐI HUYỆN", "", ""))
    found = block_to_tables(rows, first_index=1)
    assert found.tables == ()
    assert [(u.reason, [cells[1].text for cells in u.rows]) for u in found.unaudited] == [
        (Omission.NO_HEADER, ["UBND xã Xuân Phổ", "UBND xã Cổ Đạm"])]


def test_a_header_row_a_later_page_prints_again_otherwise_is_no_unit():
    from cchc_audit.extract.roles.assemble import TextRow, block_to_tables, is_label_row

    header = [("STT", "Tên đơn vị", "Thể chế (30)", "Hiện đại hóa (70)", "Tổng điểm (100)", "Xếp hạng", "Xếp loại")]
    rows = [("1", "UBND xã A", "28,5", "61", "89,5", "1", "Tốt"), ("2", "UBND xã B", "25", "60,25", "85,25", "2", "Khá")]
    # Page 2 prints a group label row the first page's header was read without.
    label = ("", "", "Điểm đạt được của các chỉ số thành phần", "", "Tổng điểm", "", "")
    block = [TextRow(None, r) for r in [*header, rows[0], label, rows[1]]]
    [table] = block_to_tables(block, first_index=1).tables
    assert [row.cells[1].text for row in table.rows] == ["UBND xã A", "UBND xã B"]
    columns = table.columns
    assert is_label_row(label, columns)
    assert not is_label_row(("", "", "", "", "", "", "Trung bình"), columns)  # a wrapped class
    assert not is_label_row(("", "", "28,5", "61", "89,5", "1", ""), columns)  # figures
    assert not is_label_row(("", "UBND xã C", "", "", "", "", ""), columns)  # a name
