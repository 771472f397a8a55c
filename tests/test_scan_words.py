"""The whole-page OCR pass as positioned words: word boxes placed in a ruled grid's cells,
figures taken from the page pass or read again, and the page as `PageWords`."""

from __future__ import annotations

import numpy as np

from cchc_audit.extract.layout.page import PageWords
from cchc_audit.extract.domain.model import Cell
from cchc_audit.extract.layout.words import Grid
from cchc_audit.extract.roles.assemble import TextRow
from cchc_audit.extract.scan.figures import mark_in_doubt, page_digits, page_figure, with_stops
from cchc_audit.extract.scan.glyphs import FigureInk
from cchc_audit.extract.scan.grid import GridCell, ImageGrid
from cchc_audit.extract.scan.image import PageImage
from cchc_audit.extract.scan.ocr import grid_figures
from cchc_audit.extract.scan.tesseract import OcrWord
from cchc_audit.extract.scan.unruled import column_wide, merged_across, without_blank_rows
from cchc_audit.extract.scan.words import (
    Reading, line_words, ocr_to_page_words, outside, without_specks, without_strays, words_to_cells,
)


def two_by_two() -> ImageGrid:
    """A table at (100, 100)–(300, 200) px: a merged header over two columns, then a body row."""
    cells = (
        GridCell((102, 102, 298, 148), 0, 0, 0, 1),
        GridCell((102, 152, 198, 198), 1, 0, 1, 0),
        GridCell((202, 152, 298, 198), 1, 1, 1, 1),
    )
    return ImageGrid(box=(100, 100, 300, 200), rows=2, columns=2, cells=cells, lines=np.zeros((400, 400), np.uint8))


def word(text: str, box: tuple[int, int, int, int], confidence: float = 96.0, line: int = 1) -> OcrWord:
    return OcrWord(text, confidence, box, (1, 1, line))


def test_words_go_to_the_cell_their_middle_lies_in_in_reading_order():
    words = [
        word("định", (170, 110, 210, 130)), word("Thẩm", (120, 110, 160, 130)),
        word("15,17", (120, 165, 170, 185), line=2), word("Tốt", (220, 165, 250, 185), line=2),
        word("Số:", (10, 20, 40, 40), line=0),
    ]
    placed = words_to_cells(words, two_by_two())
    assert {key: [w.text for w in found] for key, found in placed.words.items()} == {
        (0, 0): ["Thẩm", "định"], (1, 0): ["15,17"], (1, 1): ["Tốt"],
    }
    assert placed.doubtful == frozenset()
    assert [w.text for w in outside(words, [two_by_two()])] == ["Số:"]


def test_a_word_reaching_into_the_next_cell_leaves_both_in_doubt():
    # "4,485,87": two figures read as one word across the blanked rule between them.
    placed = words_to_cells([word("4,485,87", (140, 165, 240, 185))], two_by_two())
    assert [w.text for w in placed.words[(1, 0)]] == ["4,485,87"]
    assert placed.doubtful == {(1, 0), (1, 1)}


def test_a_word_on_a_ruling_line_goes_to_the_nearest_cell_in_doubt():
    placed = words_to_cells([word("7", (195, 165, 203, 185))], two_by_two())
    assert list(placed.words) == [(1, 0)] and (1, 0) in placed.doubtful


def test_a_figure_stands_from_the_page_pass_only_when_sure_and_matching_its_ink():
    comma = FigureInk(left=2, right=2, mark=(20, 18, 23, 24), span=(0, 40), height=20)
    assert page_figure([word("1517", (0, 0, 40, 20))], comma, ",") == ("15,17", True)  # mark put back from the ink
    assert page_figure([word("15.17", (0, 0, 40, 20))], comma, ",") == ("15,17", True)
    assert page_figure([word("1517", (0, 0, 40, 20), confidence=80)], comma, ",") == ("15,17", False)  # unsure
    assert page_figure([word("151", (0, 0, 40, 20))], comma, ",") == ("15,1", False)  # a digit lost
    assert page_figure([word("151,7", (0, 0, 40, 20))], comma, ",") == ("15,17", False)  # its mark elsewhere
    plain = FigureInk(left=2, right=0, mark=None, span=(0, 20), height=20)
    assert page_figure([word("2,2", (0, 0, 20, 20))], plain, ",") == ("22", False)  # a mark the ink has not
    assert page_figure([word("-", (0, 0, 5, 20), 7.0), word("22_", (0, 0, 20, 20), 60.0)], plain, ",") == ("22", False)
    assert page_figure([word("và", (0, 0, 20, 20))], plain, ",") == ("", False)


def test_a_figure_without_a_mark_in_a_column_of_decimals_is_in_doubt():
    comma = FigureInk(left=1, right=1, mark=(10, 15, 12, 20), span=(0, 22), height=20)
    two = FigureInk(left=2, right=0, mark=None, span=(0, 22), height=20)
    one = FigureInk(left=1, right=0, mark=None, span=(0, 9), height=20)
    welded = FigureInk(left=1, right=0, mark=None, span=(0, 24), height=16)  # "42" as one blob
    glyphs = {(2, 3): comma, (3, 3): two, (4, 3): one, (5, 3): welded, (2, 4): two, (3, 4): two}
    assert mark_in_doubt(glyphs) == {(3, 3), (5, 3)}


def test_the_page_pass_as_positioned_words_in_points_with_its_rulings():
    image = PageImage(pixels=np.full((400, 300), 255, np.uint8), dpi=144, skew=0.0)  # 2 px a point
    horizontal = np.zeros((400, 300), np.uint8)
    horizontal[100:103, 20:280] = 255
    vertical = np.zeros((400, 300), np.uint8)
    vertical[100:300, 20:23] = 255
    words = [word("Tổng", (40, 60, 80, 84), 91.0), word("điểm", (90, 56, 130, 80), 88.0)]
    page = ocr_to_page_words(image, words, horizontal, vertical, 2)
    assert isinstance(page, PageWords) and page.source == "ocr" and page.number == 2
    assert (page.width, page.height) == (150.0, 200.0)
    assert [(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], w["confidence"]) for w in page.words] == [
        ("Tổng", 20.0, 40.0, 28.0, 42.0, 91.0), ("điểm", 45.0, 65.0, 28.0, 42.0, 88.0),  # one line, one top
    ]
    assert [(r.horizontal, r.x0, r.top, r.x1, r.bottom) for r in page.rulings] == [
        (True, 10.0, 50.0, 140.0, 51.5), (False, 10.0, 50.0, 11.5, 150.0),
    ]
    assert line_words(image, words) == list(page.words)


def test_a_scanned_page_without_a_ruled_table_is_read_by_the_layout_engine():
    from cchc_audit.extract.scan.ocr import ScannedPage
    from cchc_audit.extract.scan.pages import scanned_page_tables

    names = ("An", "Bình", "Cường", "Dũng", "Giang", "Hòa")
    rows = [("STT", "Tên đơn vị", "Thể chế", "Tài chính", "Tổng điểm", "Xếp hạng")] + [
        (str(n), f"UBND xã {name}", f"{50 - n},5", "40", f"{90 - n},5", str(n)) for n, name in enumerate(names, start=1)]
    columns = (40.0, 80.0, 220.0, 290.0, 360.0, 440.0)
    words = [{"text": "QUYẾT ĐỊNH", "x0": 200.0, "x1": 280.0, "top": 60.0, "bottom": 72.0, "confidence": 95.0}]
    for r, row in enumerate(rows):
        top = 120.0 + 20 * r
        for x, cell in zip(columns, row):
            for part in cell.split(" "):
                words.append({"text": part, "x0": x, "x1": x + 6 * len(part), "top": top, "bottom": top + 11,
                              "confidence": 95.0})
                x += 6 * len(part) + 4
    page = PageWords(number=1, width=595.0, height=842.0, words=tuple(words), source="ocr")
    blank = PageImage(pixels=np.full((1684, 1190), 255, np.uint8), dpi=144, skew=0.0)
    grids, around = scanned_page_tables(blank, ScannedPage(tables=(), words=tuple(words), page=page))
    assert [g.method for g in grids] == ["words"]
    assert [list(row.cells) for row in grids[0].rows] == [list(row) for row in rows]
    assert [w["text"] for w in around] == ["QUYẾT ĐỊNH"]


def test_a_cell_box_off_the_page_is_no_crop():
    from cchc_audit.extract.scan.crops import cell_crop

    image = PageImage(pixels=np.full((100, 100), 255, np.uint8), dpi=150, skew=0.0)
    lines = np.zeros((100, 100), np.uint8)
    assert cell_crop(image, lines, (120, 10, 180, 40)) is None
    assert cell_crop(image, lines, (10, 10, 60, 40)) is None  # blank


def test_a_title_merged_across_the_table_is_no_figure_of_the_numbered_column_it_starts_in():
    cells = (  # a header, a unit, a block's title across both columns, a unit
        GridCell((102, 102, 198, 148), 0, 0, 0, 0), GridCell((202, 102, 298, 148), 0, 1, 0, 1),
        GridCell((102, 152, 198, 198), 1, 0, 1, 0), GridCell((202, 152, 298, 198), 1, 1, 1, 1),
        GridCell((102, 202, 298, 248), 2, 0, 2, 1),
        GridCell((102, 252, 198, 298), 3, 0, 3, 0), GridCell((202, 252, 298, 298), 3, 1, 3, 1),
    )
    grid = ImageGrid(box=(100, 100, 300, 300), rows=4, columns=2, cells=cells, lines=np.zeros((400, 400), np.uint8))
    texts = [["STT", "Tổng điểm"], ["1", "15,17"], ["", ""], ["2", "14,2"]]
    figures, header_rows = grid_figures(grid, texts)
    assert (2, 0) not in figures and {(1, 0), (3, 0), (1, 1), (3, 1)} <= set(figures)
    assert header_rows == {0}



def test_a_speck_read_as_a_letter_or_sign_is_dropped_a_letter_and_a_printed_mark_stay():
    mask = np.zeros((60, 200), np.uint8)
    mask[10:30, 20:32] = 255  # a digit's ink, 20 px tall
    mask[25, 60] = 255  # a dot of dust, read "h" in a box as tall as the line
    mask[27:30, 100:103] = 255  # a full stop
    mask[12:30, 140:142] = 255  # a thin letter ("l"): tall ink, however narrow
    words = [word("2", (18, 8, 34, 32)), word("h", (59, 8, 61, 32), 3.0), word(".", (99, 26, 104, 31)),
             word("l", (139, 8, 143, 32)), word("„", (170, 8, 175, 32), 18.0)]
    assert [w.text for w in without_specks(words, mask)] == ["2", ".", "l"]
    assert without_specks([], mask) == []


def test_the_page_pass_digits_of_a_figure_leave_specks_beside_it_aside():
    assert page_digits([word("-", (0, 0, 5, 20), 7.0), word("22_", (0, 0, 20, 20), 60.0)]) == "22"
    assert page_digits([word("15.17", (0, 0, 40, 20))]) == "15.17"


def word_grid(rows) -> Grid:
    """A table the layout engine read from words: each row a list of (text, box or None)."""
    out = []
    for cells in rows:
        located = tuple(Cell(text, page=2, bbox=box) for text, box in cells)
        out.append(TextRow(line=None, cells=tuple(c.text for c in located), located=located))
    return Grid(page=2, rows=tuple(out), bbox=(0, 0, 300, 100), ruled=False)


def test_a_title_merged_across_the_columns_is_no_figure_and_a_figure_is_cut_as_wide_as_its_column():
    title = (10, 60, 200, 70)
    grid = word_grid([
        [("1", (10, 10, 14, 20)), ("12,5", (40, 10, 60, 20)), ("1", (80, 10, 84, 20))],
        [("VI)", (44, 30, 52, 40)), ("", (20, 30, 75, 40)), ("2", (80, 30, 84, 40))],  # "7,9" read narrower
        [("II. CÁC HUYỆN", title), ("", title), ("", title)],
    ])
    assert merged_across(grid) == {(2, 0), (2, 1), (2, 2)}
    figures = [(0, 1), (1, 0), (0, 0), (1, 2), (1, 1)]
    assert column_wide(grid, (1, 0), figures) == (10, 30, 52, 40)
    assert column_wide(grid, (0, 1), figures) == (40, 10, 60, 20)
    assert column_wide(grid, (1, 1), figures) == (20, 30, 75, 40)  # an empty cell's box: no figure's to widen
    assert column_wide(grid, (2, 1), figures) == title


def test_whole_numbers_get_back_the_full_stop_their_column_prints():
    stopped = FigureInk(left=1, right=0, mark=None, span=(0, 9), height=20, stop=True)
    plain = FigureInk(left=1, right=0, mark=None, span=(0, 9), height=20)
    readings = {(r, 0): Reading(str(r), 90.0) for r in range(2, 6)} | {(r, 3): Reading(str(r), 90.0) for r in range(2, 6)}
    glyphs = {(2, 0): stopped, (3, 0): stopped, (4, 0): plain, (5, 0): stopped,  # "1." "2." … one stop lost to blur
              (2, 3): plain, (3, 3): stopped, (4, 3): plain, (5, 3): plain}  # a speck after one rank is no stop
    out = with_stops(readings, glyphs)
    assert [out[(r, 0)].text for r in range(2, 6)] == ["2.", "3.", "4", "5."]
    assert [out[(r, 3)].text for r in range(2, 6)] == ["2", "3", "4", "5"]
    decimals = {(2, 1): Reading("4,5", 90.0), (3, 1): Reading("6,5", 90.0)}
    assert with_stops(decimals, {(2, 1): stopped, (3, 1): stopped}) == decimals  # only whole numbers


def test_a_comma_and_a_dash_between_words_of_a_name_stay_specks_go():
    words = [
        word("Văn", (249, 905, 288, 923)), word("hóa,", (296, 905, 336, 925)), word("Thể", (344, 904, 383, 923)),
        word("Lao", (250, 1254, 286, 1270), line=2), word("động", (294, 1253, 341, 1274), line=2),
        word("-", (349, 1262, 354, 1265), line=2), word("Thương", (362, 1253, 441, 1274), line=2),
        word("Tốt,", (500, 1254, 540, 1272), line=2), word("12,5", (700, 1254, 740, 1272), line=2),  # a column away
        word("xã", (250, 1300, 270, 1318), line=3), word("-", (276, 1308, 279, 1311), line=3),  # a speck, not a bar
        word("Hà", (285, 1300, 310, 1318), line=3), word("Lâu,", (316, 1300, 350, 1318), line=3),  # nothing follows
        word("7,5", (400, 1300, 430, 1318), line=4), word("-", (436, 1308, 444, 1311), line=4),
        word("8", (450, 1300, 460, 1318), line=4),  # between figures: no dash of a name
    ]
    assert [w.text for w in without_strays(words)] == [
        "Văn", "hóa,", "Thể", "Lao", "động", "-", "Thương", "Tốt", "12,5", "xã", "", "Hà", "Lâu", "7,5", "", "8",
    ]


def test_a_row_left_blank_once_its_specks_are_cleared_is_no_row():
    rows = [TextRow(1, ("", "", "")), TextRow(2, ("(1)", "(2)", "(3)=(4)+(5)")), TextRow(3, ("1.", "Sở Nội vụ", "83,1"))]
    assert [row.line for row in without_blank_rows(rows)] == [2, 3]
