"""Tables told apart by their numbering (extract/roles/continuity.py) and ranks that go on
from another page (compute/ranks.ranked_on_from): no unit is accused for a cut the reader made."""

from __future__ import annotations

from dataclasses import replace

from conftest import as_tuples

from cchc_audit.compute.ranks import ranked_on_from, recompute_ranks, unread_ranked_rows
from cchc_audit.compute.totals import recompute_totals
from cchc_audit.extract.domain.model import Role
from cchc_audit.extract.roles.continuity import join_continued, mend_numbering, split_restarted
from cchc_audit.extract.text.tables import text_to_tables
from cchc_audit.validate.frame import table_to_frame

HEADER = "STT\tTên đơn vị\tThể chế (Tối đa 10 điểm)\tThủ tục (Tối đa 20 điểm)\tTổng điểm\tXếp hạng"
ROWS = [
    "1\tXã A\t9\t18\t27\t1",
    "2\tXã B\t8\t17\t25\t2",
    "3\tXã C\t8\t16\t24\t3",
    "4\tXã D\t7\t15\t22\t4",
    "5\tXã E\t6\t14\t20\t5",
]


def table_of(rows):
    return text_to_tables("\n".join([HEADER, *rows])).tables[0]


def cut(table, at):
    first = replace(table, rows=table.rows[:at])
    second = replace(table, index=2, rows=tuple(replace(r, number=n) for n, r in enumerate(table.rows[at:], 1)))
    return first, second


def units(table):
    unit = table.first(Role.UNIT)
    return [(row.number, row.cell(unit).text) for row in table.rows]


def test_a_table_numbered_on_across_a_cut_is_joined():
    joined = join_continued(cut(table_of(ROWS), 3))
    assert len(joined) == 1
    assert units(joined[0]) == [(1, "Xã A"), (2, "Xã B"), (3, "Xã C"), (4, "Xã D"), (5, "Xã E")]


def test_a_second_table_ranked_from_one_is_not_joined():
    rows = [*ROWS[:3], "4\tXã D\t7\t15\t22\t1", "5\tXã E\t6\t14\t20\t2"]
    assert [t.index for t in join_continued(cut(table_of(rows), 3))] == [1, 2]


def test_a_table_whose_numbering_starts_again_is_split():
    rows = [*ROWS[:2], "1\tXã C\t8\t16\t24\t1", "2\tXã D\t7\t15\t22\t2", "3\tXã E\t6\t14\t20\t3"]
    parts = split_restarted([table_of(rows)])
    assert [(t.index, units(t)) for t in parts] == [
        (1, [(1, "Xã A"), (2, "Xã B")]),
        (2, [(1, "Xã C"), (2, "Xã D"), (3, "Xã E")]),
    ]


def test_a_mistyped_row_number_one_does_not_split_a_table():
    rows = [*ROWS[:2], "1\tXã C\t8\t16\t24\t3", *ROWS[3:]]
    assert len(mend_numbering([table_of(rows)])) == 1


def test_ranks_going_on_from_elsewhere_are_checked_within_the_part():
    assert ranked_on_from([13, 14, 15], 3) == 12
    assert ranked_on_from([1, 2, 3], 3) == 0
    assert ranked_on_from([], 0) == 0
    rows = [
        "13\tXã M\t9\t18\t27\t13",
        "14\tXã N\t8\t17\t25\t15",  # a real mistake inside the part: 14th, not 15th
        "15\tXã O\t8\t16\t24\t15",
    ]
    table = table_of(rows)
    frame = table_to_frame(table)
    totals = recompute_totals(table, frame)
    _, findings, _ = recompute_ranks(table, frame, totals.basis)
    assert as_tuples(findings) == [("rank-mismatch", 2, "Xếp hạng", None, "15", "14")]



def test_a_table_whose_numbering_starts_again_after_a_row_of_noise_is_split():
    # A scan reads a line between two tables as a row numbering nothing ("0,0", no unit).
    rows = [*ROWS[:2], "0,0\t\t\t\t\t", "1\tXã C\t8\t16\t24\t1", "2\tXã D\t7\t15\t22\t2", "3\tXã E\t6\t14\t20\t3"]
    table = table_of(rows)
    assert len(table.rows) == 6
    parts = split_restarted([table])
    assert [(t.index, units(t)) for t in parts] == [
        (1, [(1, "Xã A"), (2, "Xã B"), (3, "")]),
        (2, [(1, "Xã C"), (2, "Xã D"), (3, "Xã E")]),
    ]


def test_a_line_of_figures_outside_every_table_is_told_from_a_sentence():
    from cchc_audit.extract.pdf.reader import is_figure_line

    assert is_figure_line("01 Sở Xây dựng 90,49 64,24 25 1".split())
    assert not is_figure_line("1. Giao Sở Nội vụ tổng hợp kết quả năm 2023 của 15 đơn vị.".split())
    assert not is_figure_line("1. Công bố Chỉ số CCHC năm 2023 của 8 phường, xã".split())
    assert not is_figure_line("12 15 17 19".split())
    assert is_figure_line("3 UBND xã Yên Thịnh 71,5 70 Trung bình".split()) is False
    assert is_figure_line("3 UBND xã Yên Thịnh 71,5 70,25 3 Trung bình".split())


def test_ranks_below_a_row_the_reader_lost_are_not_called_wrong():
    # A scan lost the row numbered 3 (reported as rows-not-audited): the rows read rank 1, 2, 4, 5
    # as printed, right if the lost row stood third. A rank wrong whatever the lost row held (8th
    # of six) is still an error.
    rows = [ROWS[0], ROWS[1], "4\tXã D\t7\t15\t22\t4", "5\tXã E\t6\t14\t20\t5", "6\tXã F\t5\t13\t18\t8"]
    table = table_of(rows)
    frame = table_to_frame(table)
    _, findings, _ = recompute_ranks(table, frame, recompute_totals(table, frame).basis)
    assert as_tuples(findings) == [("rank-mismatch", 5, "Xếp hạng", None, "8", "5")]
    assert unread_ranked_rows(table, frame, [1, 2, 4, 5, 8], 5) == 1


def test_ranks_below_a_row_with_no_total_to_rank_by_are_not_called_wrong():
    # Row 2's total and one part cannot be read: it may stand anywhere, so the units after it
    # (printed 3, 4, 5, ranked 2, 3, 4 among the rows read) are not accused; a rank wrong
    # wherever row 2 stands (9th of five) still is.
    rows = [ROWS[0], "2\tXã B\t8\t1?\t2?\t2", *ROWS[2:4], "5\tXã E\t6\t14\t20\t9"]
    table = table_of(rows)
    frame = table_to_frame(table)
    basis = recompute_totals(table, frame).basis
    assert sorted(basis) == [1, 3, 4, 5]
    _, findings, _ = recompute_ranks(table, frame, basis)
    assert as_tuples(findings) == [("rank-mismatch", 5, "Xếp hạng", None, "9", "4")]


def test_a_rank_too_high_with_every_row_read_is_still_an_error():
    rows = [*ROWS[:4], "5\tXã E\t6\t14\t20\t6"]
    table = table_of(rows)
    frame = table_to_frame(table)
    _, findings, _ = recompute_ranks(table, frame, recompute_totals(table, frame).basis)
    assert as_tuples(findings) == [("rank-mismatch", 5, "Xếp hạng", None, "6", "5")]
    assert unread_ranked_rows(table, frame, [1, 2, 3, 4, 6], 5) == 0
