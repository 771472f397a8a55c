"""Misread or misprint, OCR words and the table grid — without Tesseract."""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np

from cchc_audit.compute.maxima_misreads import maximum_readings, review_maxima, with_maximum
from cchc_audit.compute.misreads import alternative_readings, review_misreads
from cchc_audit.extract.domain.model import Cell, Row
from cchc_audit.extract.scan.unruled import with_equals
from cchc_audit.extract.scan.vocabulary import header_symbols, snap_label, snap_text, strip_strays, vote
from cchc_audit.extract.scan.grid import find_grids
from cchc_audit.extract.scan.ocr import balanced
from cchc_audit.extract.text.tables import text_to_extraction
from fixtures.decisions import injected_errors_decision, render_text
from cchc_audit.flows.pipeline import audit_table, choose_rules, AuditOptions

from conftest import as_tuples


def scanned_table(cells=None):
    """The injected-errors decision's table as if read by OCR, some cells read as given:
    {(row, column index): (text, confidence, alternatives)}."""
    extraction, _ = text_to_extraction(render_text(injected_errors_decision()))
    table = replace(extraction.tables[0], reader="tesseract")
    rows = []
    for row in table.rows:
        located = list(row.cells)
        for (number, index), (text, confidence, alternatives) in (cells or {}).items():
            if number == row.number:
                located[index] = replace(located[index], text=text, confidence=confidence, alternatives=alternatives)
        rows.append(Row(row.number, tuple(c if c.confidence is not None else replace(c, confidence=96.0)
                                          for c in located)))
    return replace(table, rows=tuple(rows)), choose_rules(AuditOptions(), extraction.metadata)


def reviewed(table, rules):
    result, findings = audit_table(table, rules)
    audit = lambda changed: audit_table(changed, rules)  # noqa: E731
    table, result, findings = review_maxima(table, result, findings, audit)
    return review_misreads(table, result, findings, audit)[1]


def misread_maximum(table, index: int, text: str):
    """The table with one area's header maximum read as `text`."""
    return with_maximum(table, [table.columns[index]], text)


INJECTED = [
    ("total-mismatch", 3, "Tổng điểm", None, "78,9", "77,90"),
    ("rank-mismatch", 8, "Xếp hạng", None, "6", "8"),
    ("class-mismatch", 6, "Phân loại", None, "Tốt", "Khá"),
]


def test_clean_reading_keeps_every_publication_error():
    table, rules = scanned_table()
    assert as_tuples(reviewed(table, rules)) == INJECTED


def test_an_unsure_misread_part_becomes_a_disagreement_with_both_readings():
    # Row 1's first area printed "9", read "8" with little confidence: its total no longer adds up.
    table, rules = scanned_table({(1, 2): ("8", 41.0, ())})
    findings = reviewed(table, rules)
    assert as_tuples(findings) == [
        ("extraction-disagreement", 1, "Công tác chỉ đạo, điều hành cải cách hành chính", None, "8", "9")
    ] + INJECTED
    assert "total-mismatch" in findings[0].message("en") and "41/100" in findings[0].message("en")


def test_a_dropped_comma_above_the_maximum_is_a_misread_even_when_ocr_was_sure():
    table, rules = scanned_table({(2, 3): ("959", 95.0, ())})  # printed 9,59, maximum 10
    assert as_tuples(reviewed(table, rules))[0] == (
        "extraction-disagreement", 2, "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật", None, "959", "9,59")


def test_a_sure_reading_is_not_second_guessed():
    # Read "8" for "9" at 96/100 with no other reading offered: the error stands, said to come from OCR.
    table, rules = scanned_table({(1, 2): ("8", 96.0, ())})
    findings = reviewed(table, rules)
    assert [(f.code.value, f.row) for f in findings][:1] == [("total-mismatch", 1)]
    assert "read by OCR, 96/100 sure" in findings[0].message("en")


def test_a_rank_is_read_only_as_ocr_offered():
    table, rules = scanned_table({(8, 11): ("6", 40.0, ())})  # the injected wrong rank, read unsure
    assert ("rank-mismatch", 8) in [(f.code.value, f.row) for f in reviewed(table, rules)]
    column = table.columns[11]
    assert alternative_readings(Cell("6", confidence=40.0), column) == []
    assert alternative_readings(Cell("6", confidence=40.0, alternatives=("8",)), column) == ["8"]


def test_readings_vote_and_words_snap_to_the_header_vocabulary():
    assert vote([("7,5", 90.0), ("7,9", 80.0), ("7,5", 70.0)]) == ("7,5", 46.7, ("7,9",))
    assert vote([("", None), ("", 10.0)]) == ("", None, ())
    assert snap_text(strip_strays("Tống điểm (Tấi đa.100 điểm) |")) == "Tổng điểm (Tối đa 100 điểm)"
    assert snap_text("Xến hạng") == "Xếp hạng" and snap_text("Tự chãấm") == "Tự chấm"
    assert snap_text("Tên xã, phường") == "Tên xã, phường"  # "phường" is not "phương"


def test_grid_of_a_drawn_table_with_merged_header_cells():
    image = np.full((400, 900), 255, np.uint8)
    for y in (50, 110, 150, 200, 250, 300):
        cv2.line(image, (50, y), (850, y), 0, 2)
    for x in (50, 150, 450, 650, 850):
        top = 50 if x in (50, 150, 450, 850) else 110  # 450–850 is one cell over two columns on top
        cv2.line(image, (x, top), (x, 300), 0, 2)
    cv2.line(image, (450, 50), (450, 300), 0, 2)
    [grid] = find_grids(image, 200)
    assert (grid.rows, grid.columns) == (5, 4)
    merged = grid.cell_at(0, 2)
    assert grid.cell_at(0, 3) == merged and (merged.column, merged.last_column) == (2, 3)
    assert grid.cell_at(1, 2) != grid.cell_at(1, 3)


def test_a_reading_that_only_brings_a_total_within_rounding_does_not_explain_it_away():
    # Row 3's total was typed 78,9 for 77,90. Reading its "9,06" as "9,96" brings the sum to
    # 78,80, within the rounding of the parts but not equal: the publication error stands.
    table, rules = scanned_table({(3, 2): ("9,06", 71.0, ("9,96",))})
    assert as_tuples(reviewed(table, rules)) == INJECTED


def test_a_column_formula_keeps_its_equals_sign_or_gets_back_the_one_ocr_lost():
    assert with_equals("(3)(4)+(5)") == "(3)=(4)+(5)" and with_equals("(5) (3) + (4)") == "(5)=(3) + (4)"
    assert [with_equals(t) for t in ("(3)=(4)+(5)", "(3) (4)", "(3)(4)", "(3)(4)x(5)")] == [
        "(3)=(4)+(5)", "(3) (4)", "(3)(4)", "(3)(4)x(5)"]
    assert header_symbols("(5)=(3)+(4)") == "(5)=(3)+(4)"


def test_ocr_header_symbols_dropped_and_split_labels_snapped():
    assert header_symbols("Cải cách chế độ công vụ (Tối đa 6.5 điểm) ˆ") == "Cải cách chế độ công vụ (Tối đa 6.5 điểm)"
    assert header_symbols("Tổng điểm » (100%)") == "Tổng điểm (100%)"
    assert snap_label("Thấ mỉ định") == "Thẩm định" and snap_label("Tự chấm m") == "Tự chấm"
    assert snap_label("Tên xã, phường") == "Tên xã, phường" and snap_label("S T T") == "S T T"


def test_a_misread_header_maximum_is_a_disagreement_not_a_maxima_sum_mismatch():
    # "Công tác chỉ đạo…" printed (Tối đa 13 điểm), read "18": only "13" makes the maxima add up to 100.
    table, rules = scanned_table()
    findings = reviewed(misread_maximum(table, 2, "18"), rules)
    assert as_tuples(findings) == [
        ("extraction-disagreement", None, "Công tác chỉ đạo, điều hành cải cách hành chính", None, "18", "13")
    ] + INJECTED
    assert "maxima-sum-mismatch" in findings[0].message("en") and "read by OCR" in findings[0].message("en")


def test_a_maximum_two_readings_could_explain_stays_a_disagreement_naming_both():
    # (Tối đa 10 điểm) read "19": "10" for the area, or "109" for the total, would add up.
    table, rules = scanned_table()
    findings = reviewed(misread_maximum(table, 3, "19"), rules)
    assert [(f.code.value, f.published, f.expected) for f in findings][:1] == [
        ("extraction-disagreement", "19, 100", "10, 109")]
    assert as_tuples(findings)[1:] == INJECTED


def test_a_maximum_no_reading_explains_stays_an_error_said_to_come_from_ocr():
    table, rules = scanned_table()
    findings = reviewed(misread_maximum(table, 2, "47"), rules)
    assert [f.code.value for f in findings][:1] == ["maxima-sum-mismatch"]
    assert "Header read by OCR" in findings[0].message("en") and "đọc bằng OCR" in findings[0].message("vi")
    assert {"6.5", "6,5", "68"} <= set(maximum_readings("65")) and "65" in maximum_readings("6.5")


def test_a_review_cut_short_keeps_its_errors_saying_they_may_be_misreads(monkeypatch):
    monkeypatch.setattr("cchc_audit.compute.misreads.MAX_TRIALS", 0)
    table, rules = scanned_table({(1, 2): ("8", 41.0, ())})
    findings = reviewed(table, rules)
    assert as_tuples(findings)[0][:2] == ("total-mismatch", 1)
    assert "too many errors to try every other reading" in findings[0].message("en")


def test_a_reading_ocr_offered_beats_a_guessed_digit_that_clears_as_much():
    # Row 1's first area printed "9", read "8" with "9" offered; its "15" was read unsure, and
    # guessing "16" there would clear the same total too. OCR's own reading decides.
    table, rules = scanned_table({(1, 2): ("8", 95.0, ("9",)), (1, 8): ("15", 60.0, ())})
    assert as_tuples(reviewed(table, rules)) == [
        ("extraction-disagreement", 1, "Công tác chỉ đạo, điều hành cải cách hành chính", None, "8", "9")
    ] + INJECTED


def test_two_guessed_digits_that_clear_as_much_leave_the_error_standing():
    table, rules = scanned_table({(1, 2): ("8", 60.0, ()), (1, 8): ("15", 60.0, ())})
    findings = reviewed(table, rules)
    assert [(f.code.value, f.row) for f in findings][:1] == [("total-mismatch", 1)]
    assert "read by OCR" in findings[0].message("en")


def test_a_label_split_into_its_own_letters_is_snapped():
    assert snap_label("Thã m định") == "Thẩm định" and snap_label("Thẩm định") == "Thẩm định"


def test_the_review_is_bounded_by_a_count_of_trials_never_by_the_clock(monkeypatch):
    # Every figure of three rows read unsure: many readings to try. The review re-audits at
    # most MAX_TRIALS tables, and its findings do not depend on how long that takes.
    import cchc_audit.compute.misreads as misreads

    unsure = {(row, index): ("8", 41.0, ()) for row in (1, 2, 3) for index in range(2, 9)}
    table, rules = scanned_table(unsure)
    result, findings = audit_table(table, rules)
    calls = []

    def audit(changed):
        calls.append(1)
        return audit_table(changed, rules)

    monkeypatch.setattr(misreads, "MAX_TRIALS", 25)
    assert not hasattr(misreads, "time") and not hasattr(misreads, "MAX_SECONDS")
    bounded = review_misreads(table, result, findings, audit)[1]
    assert len(calls) == 25
    assert any("too many errors to try every other reading" in f.message("en") for f in bounded)
    calls.clear()
    assert as_tuples(review_misreads(table, result, findings, audit)[1]) == as_tuples(bounded)


def test_a_dash_between_words_is_printed_a_dash_standing_elsewhere_is_a_speck():
    assert strip_strays("Sở Lao động - Thương binh và Xã hội") == "Sở Lao động - Thương binh và Xã hội"
    assert strip_strays("Sở Lao động – Thương binh |") == "Sở Lao động – Thương binh"
    assert strip_strays("- Tổng điểm -") == "Tổng điểm"
    assert strip_strays("12 - 5") == "12 5"


def test_a_header_reading_with_a_bracket_lost_is_not_balanced():
    assert balanced("Cải cách thể chế (10,5 điểm)") and balanced("Tổng điểm")
    assert not balanced("Cải cách tài chính công q0 điểm)")
    assert not balanced("CCHC 1.5)") and not balanced("Tổng điểm (100") and not balanced(")(")


def test_a_mark_only_the_ink_showed_is_tried_as_the_page_pass_read_it():
    # Row 1's "15" (Hiện đại hóa) read "1,5" at 96/100: the ink showed a speck where a mark
    # would stand, the page pass read "15". That reading is tried, and no guessed digit.
    column = scanned_table()[0].columns[8]
    assert alternative_readings(Cell("1,5", confidence=96.0, alternatives=("15",)), column) == ["15"]
    table, rules = scanned_table({(1, 8): ("1,5", 96.0, ("15",))})
    assert as_tuples(reviewed(table, rules)) == [
        ("extraction-disagreement", 1, "Hiện đại hóa hành chính", None, "1,5", "15")
    ] + INJECTED


def test_a_maximum_left_in_doubt_does_not_keep_a_misread_figure_an_error():
    # The header's "19" stays a disagreement (two readings add up); a trial audit raises its
    # error again, which must not count against row 1's "8" read for "9".
    table, rules = scanned_table({(1, 2): ("8", 41.0, ())})
    findings = reviewed(misread_maximum(table, 3, "19"), rules)
    assert [(f.code.value, f.row, f.published, f.expected) for f in findings][:2] == [
        ("extraction-disagreement", 1, "8", "9"), ("extraction-disagreement", None, "19, 100", "10, 109")]
    assert as_tuples(findings)[2:] == INJECTED


def test_an_unreadable_figure_is_tried_without_the_specks_read_beside_it():
    # A dot of dust beside row 2's rank read "„": the rank unreadable, yet no publication error.
    table, rules = scanned_table()
    rank, score = table.columns[11], table.columns[2]
    assert alternative_readings(Cell("h 2", confidence=95.0), rank) == ["2"]
    assert alternative_readings(Cell("82/37", confidence=90.0), score) == ["82,37"]  # a sign where the mark stands
    assert alternative_readings(Cell("82/37", confidence=90.0), rank) == []  # a rank has no mark
    assert alternative_readings(Cell("1 2", confidence=90.0), rank) == []  # two figures: which one, OCR cannot say
    printed = table.rows[1].cells[11].text
    table, rules = scanned_table({(2, 11): (f"{printed} „", 95.0, ())})
    assert as_tuples(reviewed(table, rules)) == [
        ("extraction-disagreement", 2, "Xếp hạng", None, f"{printed} „", printed)
    ] + INJECTED


def test_a_class_ocr_read_empty_or_garbled_is_an_unsure_reading_never_an_error():
    # Row 2's class read as nothing (a wrapped "Xuất sắc" lost) and row 4's as specks: OCR cannot
    # vouch for either, so each is a warning sending the reader to the scan.
    table, rules = scanned_table({(2, 12): ("", 0.0, ()), (4, 12): ("sắc", 35.0, ())})
    findings = reviewed(table, rules)
    unsure = [f for f in findings if f.code == "unsure-reading"]
    assert as_tuples(unsure) == [
        ("unsure-reading", 2, "Phân loại", None, "", None),
        ("unsure-reading", 4, "Phân loại", None, "sắc", None),
    ]
    assert all(f.severity == "warning" for f in unsure)
    assert not [f for f in findings if f.code in ("missing-value", "unreadable-value")]
    assert "empty by OCR" in unsure[0].message("en") and '"sắc" by OCR, not a class' in unsure[1].message("en")


def test_a_maximum_read_without_its_thin_leading_one_is_among_the_readings_tried():
    assert "12" in maximum_readings("2") and "21" in maximum_readings("2")
    assert "15" in maximum_readings("5") and "1" not in maximum_readings("1")
