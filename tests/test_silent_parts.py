"""A table cut by a page whose later part is read with fewer columns is joined, and a part of a
ranking that could not be joined is said (`rows-not-audited`), never passed silently."""

from __future__ import annotations

from conftest import FIXTURES, as_tuples

from cchc_audit.extract.domain.model import Cell
from cchc_audit.extract.layout.pages import block_rows, grids_to_blocks, repeats_header_words
from cchc_audit.extract.layout.words import Grid
from cchc_audit.extract.roles.assemble import TextRow
from cchc_audit.flows.pipeline import audit_source

# Column left edges of the first page: STT, unit, two areas, total, rank, class, note.
EDGES = (40, 70, 200, 240, 280, 320, 350, 400, 440)


def _row(page: int, top: float, texts, edges=EDGES) -> TextRow:
    cells = tuple(
        Cell(text, page=page, bbox=(edges[i], top, edges[i + 1], top + 10)) for i, text in enumerate(texts)
    )
    return TextRow(line=None, cells=tuple(texts), located=cells)


FIRST_HEADER = ("STT", "Tên đơn vị", "Thể chế (15)", "Thủ tục hành chính (25)", "Tổng điểm", "Xếp hạng",
                "Phân loại", "Ghi chú")


def _grids() -> list[Grid]:
    first = Grid(page=1, bbox=(40, 100, 440, 150), ruled=False, rows=(
        _row(1, 100, FIRST_HEADER),
        _row(1, 120, ("1", "Sở Tư pháp", "14", "20", "34", "1", "Tốt", "")),
        _row(1, 135, ("2", "Sở Y tế", "12", "19", "31", "2", "Khá", "Tăng 1 bậc")),
    ))
    # The later page's words cut into one column fewer: "Phân loại Ghi chú" in one cell, the
    # class column wider, the note column empty.
    edges = (40, 70, 200, 240, 280, 320, 350, 440)
    later = Grid(page=2, bbox=(40, 50, 440, 90), ruled=False, rows=(
        _row(2, 50, ("STT", "Tên đơn vị", "Thể chế (15)", "Thủ tục hành chính (25)", "Tổng điểm", "Xếp hạng",
                     "Phân loại Ghi chú"), edges),
        _row(2, 70, ("3", "Sở Nội vụ", "10", "15", "25", "3", "Khá"), edges),
    ))
    return [first, later]


def test_a_header_repeated_word_for_word_however_its_cells_are_cut():
    first = [FIRST_HEADER]
    assert repeats_header_words([("STT", "Tên đơn vị Thể chế (15)", "Thủ tục hành chính (25)", "Tổng điểm",
                                  "Xếp hạng", "Phân loại Ghi chú")], first)
    # Another table's header (other words), too few words, or figures: not a repeat.
    assert not repeats_header_words([("STT", "Tên đơn vị", "Cải cách tài chính công", "Tổng điểm")], first)
    assert not repeats_header_words([("STT", "Xếp hạng")], first)
    assert not repeats_header_words([("1", "Sở Tư pháp", "14", "20", "34", "1", "Tốt")], first)


def test_a_later_page_with_a_column_fewer_goes_on_with_the_table_under_its_columns():
    grids = _grids()
    [block] = grids_to_blocks(grids)
    rows = [row.cells for row in block_rows(block)]
    assert rows == [
        FIRST_HEADER,
        ("1", "Sở Tư pháp", "14", "20", "34", "1", "Tốt", ""),
        ("2", "Sở Y tế", "12", "19", "31", "2", "Khá", "Tăng 1 bậc"),
        ("3", "Sở Nội vụ", "10", "15", "25", "3", "Khá", ""),
    ]


def test_a_part_of_a_ranking_not_joined_is_said(tmp_path):
    source = (FIXTURES / "text" / "clean-single-scorer-12.txt").read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(source) if line.startswith("STT\t"))
    body = [line for line in source[header + 1:] if line.split("\t")[0] in {"8", "9", "10", "11", "12"}]
    path = tmp_path / "part-of-a-ranking.txt"
    path.write_text("\n".join(source[: header + 1] + body) + "\n", encoding="utf-8")
    report = audit_source(str(path))
    assert as_tuples(report.findings) == [
        ("rows-not-audited", None, None, None,
         "UBND xã Nguyễn Thị Minh Khai; UBND xã Quảng Khê; UBND xã Đồng Phúc; UBND xã Hoàng Trĩ; "
         + body[-1].split("\t")[1], None),
    ]
    assert "their ranks go on from rows not read with their table" in report.findings[0].message("en")


def test_a_row_read_whole_into_one_cell_is_said_not_lost():
    from cchc_audit.extract.domain.model import Omission, UnauditedRows
    from cchc_audit.extract.pdf.reader import is_crammed_row
    from cchc_audit.validate.unaudited import unaudited_findings

    crammed = ("8. UBND huyện Na Rì 10,8 14,14 54,17 8 Trung bình", "", "", "", "")
    assert is_crammed_row(crammed)
    assert not is_crammed_row(("I. Khối sở, ban, ngành", "", "", "", ""))  # a block title
    assert not is_crammed_row(("8", "UBND huyện Na Rì", "10,8", "54,17", "8"))  # a row in its cells
    row = tuple(Cell(text, page=3, bbox=(40 + 50 * i, 60, 90 + 50 * i, 70)) for i, text in enumerate(crammed))
    [finding] = unaudited_findings([UnauditedRows(Omission.CRAMMED_ROW, (row,))])
    assert (finding.code.value, finding.page, finding.published) == ("rows-not-audited", 3, crammed[0])
    assert "read into one cell" in finding.message("en")


def test_a_block_whose_heading_a_page_left_at_its_foot_goes_on_under_the_table_header():
    # "II. CÁC CƠ QUAN KHÁC" printed under the first block at the foot of page 1; the block's
    # units on page 2, under no header of their own (as `headed` gives it that heading).
    heading = "II. CÁC CƠ QUAN KHÁC"
    first = Grid(page=1, bbox=(40, 100, 440, 150), ruled=False, below=heading, rows=(
        _row(1, 100, FIRST_HEADER),
        _row(1, 120, ("1", "Sở Tư pháp", "14", "20", "34", "1", "Tốt", "")),
        _row(1, 135, ("2", "Sở Y tế", "12", "19", "31", "2", "Khá", "")),
    ))
    later = Grid(page=2, bbox=(40, 50, 440, 90), ruled=False, above=heading, rows=(
        _row(2, 50, ("1", "Ban Dân tộc", "10", "15", "25", "1", "Khá", "")),
    ))
    [block] = grids_to_blocks([first, later])
    assert [row.cells for row in block_rows(block)][3:] == [
        (heading, "", "", "", "", "", "", ""),
        ("1", "Ban Dân tộc", "10", "15", "25", "1", "Khá", ""),
    ]
    # A heading of its own over rows with no header, in the same columns: a block titled by it.
    other = Grid(page=2, bbox=(40, 50, 440, 90), ruled=False, above="Biểu 2", rows=later.rows)
    [block] = grids_to_blocks([first, other])
    assert [row.cells[:2] for row in block_rows(block)][3:] == [("Biểu 2", ""), ("1", "Ban Dân tộc")]
    # A narrower grid under it (another, smaller table's figures): a table apart.
    narrow = Grid(page=2, bbox=(40, 50, 240, 90), ruled=False, above="Biểu 2", rows=(
        _row(2, 50, ("1", "Ban Dân tộc", "10", "")),
    ))
    assert len(grids_to_blocks([first, narrow])) == 2


def test_labels_printed_again_at_a_page_top_are_no_rest_of_the_row_above():
    # Page 2 repeats part of the header, read apart: "Tổng điểm" stands under row 2's figures.
    first = _grids()[0]
    later = Grid(page=2, bbox=(40, 50, 440, 90), ruled=False, rows=(
        _row(2, 50, ("", "", "", "", "Tổng điểm", "", "", "")),
        _row(2, 70, ("3", "Sở Nội vụ", "10", "15", "25", "3", "Khá", "")),
    ))
    [block] = grids_to_blocks([first, later])
    assert [row.cells for row in block_rows(block)][2:] == [
        ("2", "Sở Y tế", "12", "19", "31", "2", "Khá", "Tăng 1 bậc"),
        ("3", "Sở Nội vụ", "10", "15", "25", "3", "Khá", ""),
    ]
    # The rest of a name broken by the page end goes on with its row.
    broken = Grid(page=2, bbox=(40, 50, 440, 90), ruled=False, rows=(
        _row(2, 50, ("", "và Đào tạo", "", "", "", "", "", "")),
        _row(2, 70, ("3", "Sở Nội vụ", "10", "15", "25", "3", "Khá", "")),
    ))
    [block] = grids_to_blocks([first, broken])
    assert [row.cells for row in block_rows(block)][2][1] == "Sở Y tế và Đào tạo"


def test_a_cell_goes_under_its_own_column_not_the_group_label_over_it():
    from cchc_audit.extract.layout.pages import to_columns

    # A group label's extent (436-495) over its two sub-columns; the second sub-column 465-495.
    extents = [(400.0, 430.0), (436.0, 495.0), (465.0, 495.0)]
    row = _row(3, 120, ("9,73", "5,8", "5,6"), edges=(400, 444, 473, 487))
    assert to_columns(row, extents).cells == ("9,73", "5,8", "5,6")


def test_a_row_read_into_one_cell_after_the_first_line_of_its_wrapped_class_is_still_a_unit_s_row():
    from cchc_audit.extract.roles.assemble import is_crammed_row

    # "Trung / bình" centred on the row wraps round its line: its first word comes first.
    assert is_crammed_row(("Trung 4 UBND huyện Chợ Đồn 8 6 58,4 4 bình", "", "", "", ""))
    # A row number far into the text, or one with no name after it, is no unit's row.
    assert not is_crammed_row(("Một hai ba bốn 4 UBND huyện A 8 6 58,4 4", "", "", "", ""))
    assert not is_crammed_row(("Nhóm 4 8 6 58,4 4", "", "", "", ""))


def test_a_reading_whose_ruled_box_reads_a_unit_s_line_into_one_cell_loses_that_unit():
    from cchc_audit.extract.layout.score import grids_to_score
    from cchc_audit.extract.layout.words import Grid
    from cchc_audit.extract.roles.assemble import TextRow

    header = ("STT", "Tên đơn vị", "Cải cách thể chế (30)", "Hiện đại hóa (70)", "Tổng điểm (100)", "Xếp hạng")
    rows = [("1", "UBND xã A", "28,5", "61", "89,5", "1"), ("2", "UBND xã B", "25", "60,25", "85,25", "2")]
    whole = Grid(page=1, rows=tuple(TextRow(None, r) for r in [header, *rows]), bbox=(0, 0, 100, 100), ruled=True)
    crammed = Grid(page=1, rows=tuple(TextRow(None, r) for r in [header, rows[0], (" ".join(rows[1]),) + ("",) * 5]),
                   bbox=(0, 0, 100, 100), ruled=True)
    assert (grids_to_score([whole]).lost, grids_to_score([crammed]).lost) == (0, 1)
    assert grids_to_score([crammed]).points < grids_to_score([whole]).points - 2
