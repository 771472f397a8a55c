"""The layout engine on positioned words alone, as the scan path will feed it (source "ocr")."""

from __future__ import annotations

from cchc_audit.extract.layout.engine import last_header, page_to_grids, page_to_readings, word_readings
from cchc_audit.extract.layout.words import Grid
from cchc_audit.extract.layout.page import PageWords
from cchc_audit.extract.layout.pages import is_running, running_key
from cchc_audit.extract.layout.turned import upright_words
from cchc_audit.extract.roles.assemble import TextRow, block_to_tables
from cchc_audit.extract.domain.model import Role

HEADER = ["STT", "Tên đơn vị", "Cải cách thể chế (Tối đa 30 điểm)", "Hiện đại hóa (Tối đa 70 điểm)",
          "Tổng điểm (Tối đa 100 điểm)", "Xếp hạng"]
ROWS = [["1", "UBND xã An Bình", "28,5", "61", "89,5", "1"],
        ["2", "UBND xã Tân Lập", "25", "60,25", "85,25", "2"],
        ["3", "UBND xã Hòa Phú", "20", "55", "75", "3"]]
LEFT = [40, 70, 200, 330, 460, 560]
WIDTH = [20, 120, 120, 120, 90, 60]


def word(text: str, x0: float, top: float, size: float = 8.0, **extra) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 0.5 * size * len(text), "top": top, "bottom": top + size, **extra}


def cell_words(text: str, column: int, top: float, width: float) -> list[dict]:
    """A cell's words, wrapped to its column like a typist's table, one line each 10 points."""
    words, line, x = [], 0, LEFT[column]
    for piece in text.split():
        length = 4.0 * len(piece)
        if x + length > LEFT[column] + width and x > LEFT[column]:
            line, x = line + 1, LEFT[column]
        words.append(word(piece, x, top + 10 * line))
        x += length + 4
    return words


def table_page(**options) -> PageWords:
    words = [word("KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA CÁC XÃ NĂM 2024 TRÊN ĐỊA BÀN HUYỆN", 60, 40)]
    for column, label in enumerate(HEADER):
        words += cell_words(label, column, 80, WIDTH[column])
    for index, row in enumerate(ROWS):
        for column, text in enumerate(row):
            words += cell_words(text, column, 140 + 24 * index, 400)
    return PageWords(number=1, width=842, height=595, words=tuple(words), source="ocr", **options)


def test_ocr_words_alone_make_a_ranking_table():
    reading = page_to_grids(table_page())
    assert reading.method == "words"
    [grid] = reading.grids
    [table], problem = block_to_tables(grid.rows, first_index=1)
    assert problem is None
    assert [c.role for c in table.columns] == [Role.ROW_NUMBER, Role.UNIT, Role.AREA, Role.AREA, Role.TOTAL, Role.RANK]
    assert [[c.text for c in row.cells] for row in table.rows] == ROWS
    assert [c.maximum for c in table.by_role(Role.AREA)] == [30, 70]


def test_every_reading_is_scored_and_a_whole_reading_earns_two_points_a_row():
    [reading] = page_to_readings(table_page())
    assert (reading.score.tables, reading.score.rows, reading.score.lost) == (1, 3, 0)
    assert reading.score.points == 6


def test_a_turned_label_becomes_one_word_read_bottom_to_top():
    # "Xếp hạng" turned a quarter left: its syllables stacked up the column, the first lowest.
    turned = [
        {"text": "hạng", "x0": 100, "x1": 108, "top": 50, "bottom": 68, "upright": False, "direction": "btt"},
        {"text": "Xếp", "x0": 100, "x1": 108, "top": 71, "bottom": 85, "upright": False, "direction": "btt"},
    ]
    [label] = upright_words(turned, lambda word: "one cell")
    assert (label["text"], label["top"], label["bottom"]) == ("Xếp hạng", 50, 85)


def test_a_running_line_is_known_by_its_repetition_or_by_saying_it_goes_on():
    running = frozenset({running_key("Phụ lục I - trang 2")})
    assert is_running("Phụ lục I - trang 3", running)
    assert is_running("Biểu kết quả (tiếp theo)", frozenset())
    assert not is_running("II. CÁC CƠ QUAN TRUNG ƯƠNG", running)


def test_a_later_page_whose_own_header_is_garbled_is_scored_under_the_header_before():
    from cchc_audit.extract.layout.score import grids_to_score
    from cchc_audit.extract.layout.words import Grid
    from cchc_audit.extract.roles.assemble import TextRow

    header = (TextRow(line=None, cells=tuple(HEADER)),)
    garbled = TextRow(line=None, cells=("STT", "Tên đơn vị", "Cải cách thể chế (Tối đa 30 điểm)", "eĐp E t%",
                                        "Tổng điểm (Tối đa 100 điểm)", "Xếp hạng"))
    body = tuple(TextRow(line=None, cells=tuple(row)) for row in ROWS)
    grid = Grid(page=3, rows=(garbled, *body), bbox=(40, 50, 620, 200), ruled=True)
    alone = grids_to_score([grid])
    assert (alone.tables, alone.rows, alone.lost) == (0, 0, 3)  # "eĐp E t%" holds nothing known
    under = grids_to_score([grid], header)
    assert (under.tables, under.rows, under.lost) == (1, 3, 0)


def test_a_header_is_nearly_repeated_only_cell_for_cell_with_few_cells_changed():
    from cchc_audit.extract.layout.score import nearly_repeats
    from cchc_audit.extract.roles.assemble import TextRow

    header = [TextRow(line=None, cells=tuple(HEADER))]
    one_garbled = [TextRow(line=None, cells=(*HEADER[:3], "eĐp E t%", *HEADER[4:]))]
    assert nearly_repeats(one_garbled, header)
    half_other = [TextRow(line=None, cells=(*HEADER[:3], "Chỉ số", "Hạng", "Phân loại"))]
    assert not nearly_repeats(half_other, header)
    assert not nearly_repeats([*one_garbled, *one_garbled], header)  # another shape


def continued_page(*lines: tuple[str, float, float]) -> PageWords:
    """The table's header printed again on a later page, under one-piece `lines` (text, x, top)."""
    words = [word(text, x, top) for text, x, top in lines]
    for column, label in enumerate(HEADER):
        words += cell_words(label, column, 80, WIDTH[column])
    for index, row in enumerate(ROWS):
        for column, text in enumerate(row):
            words += cell_words(text, column, 140 + 24 * index, 400)
    return PageWords(number=2, width=842, height=595, words=tuple(words), source="ocr")


def test_a_running_line_and_a_heading_over_a_repeated_header_are_both_left_out():
    header = last_header(page_to_grids(continued_page()).grids)
    page = continued_page(("Phụ lục I - Chỉ số CCHC năm 2024", 600, 50), ("KẾT QUẢ ĐÁNH GIÁ", 290, 68))
    [grid] = page_to_grids(page, header=header).grids
    assert [row.cells for row in grid.rows[:len(header)]] == [row.cells for row in header]
    assert [list(row.cells) for row in grid.rows[len(header):]] == ROWS


def test_two_top_lines_are_left_out_only_to_print_the_previous_header_again():
    page = continued_page(("Phụ lục I - Chỉ số CCHC năm 2024", 600, 50), ("KẾT QUẢ ĐÁNH GIÁ", 290, 68))
    assert len(word_readings(page)) == 2  # as found, and without the top line
    header = last_header(page_to_grids(continued_page()).grids)
    assert len(word_readings(page, header)) == 3


def test_the_header_a_page_hands_on_stops_above_its_first_block_title():
    rows = [TextRow(1, ("STT", "Tên đơn vị", "Tổng điểm")), TextRow(2, ("I. KHỐI SỞ", "", "")),
            TextRow(3, ("1", "Sở Nội vụ", "90,5"))]
    grid = Grid(page=1, rows=tuple(rows), bbox=(0, 0, 100, 100), ruled=False)
    assert [row.cells for row in last_header([grid])] == [("STT", "Tên đơn vị", "Tổng điểm")]


def boxed_row(texts: list[str], top: float) -> TextRow:
    from cchc_audit.extract.domain.model import Cell

    cells = tuple(Cell(text, page=1, bbox=(LEFT[i], top, LEFT[i] + WIDTH[i], top + 8)) for i, text in enumerate(texts))
    return TextRow(line=None, cells=tuple(texts), located=cells)


def test_units_read_from_words_across_a_ruled_grid_are_cut_there_each_block_under_its_header():
    from cchc_audit.extract.layout.engine import cut_at_ruled

    blank = [""] * (len(HEADER) - 1)
    words = Grid(page=1, ruled=False, bbox=(40, 100, 620, 300), rows=(
        boxed_row(["I. KHỐI XÃ", *blank], 100), boxed_row(ROWS[0], 150), boxed_row(ROWS[1], 160),
        boxed_row(["II. KHỐI THỊ TRẤN", *blank], 200), boxed_row(ROWS[2], 250)))
    first = Grid(page=1, ruled=True, bbox=(40, 110, 620, 140), rows=(boxed_row(HEADER, 110),))
    second = Grid(page=1, ruled=True, bbox=(40, 210, 620, 240), rows=(boxed_row(HEADER, 210),))
    cut = cut_at_ruled(words, [first, second])
    # The titles right above each header are left to head its table; the units go on under it.
    assert [[row.cells[0] for row in grid.rows] for grid in cut] == [["1", "2"], ["3"]]
    assert [grid.bbox[1] for grid in cut] == [150, 250]
    # A row ruled apart among them (no header) cuts them too, the titles above it kept; a ruled
    # grid beside them cuts nothing.
    units = Grid(page=1, ruled=True, bbox=(40, 170, 620, 180), rows=(boxed_row(ROWS[0], 170),))
    assert [[row.cells[0] for row in grid.rows] for grid in cut_at_ruled(words, [units])] == [
        ["I. KHỐI XÃ", "1", "2"], ["II. KHỐI THỊ TRẤN", "3"]]
    aside = Grid(page=1, ruled=True, bbox=(700, 210, 800, 240), rows=(boxed_row(HEADER, 210),))
    assert cut_at_ruled(words, [aside]) == [words]
