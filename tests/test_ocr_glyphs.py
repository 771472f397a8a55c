"""The ink of a cell read without Tesseract: digits and decimal marks, letters printed apart."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from cchc_audit.extract.scan.glyphs import figure_ink, without_mark, word_by_ink
from cchc_audit.extract.scan.vocabulary import vote
from cchc_audit.extract.scan.image import ink


def drawn(text: str, spacing: int = 0) -> np.ndarray:
    """`text` drawn in black on white, one character at a time, `spacing` pixels apart."""
    image = np.full((70, 40 + 40 * len(text) + spacing * len(text)), 255, np.uint8)
    x = 20
    for letter in text:
        cv2.putText(image, letter, (x, 50), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 2, cv2.LINE_AA)
        (width, _), _ = cv2.getTextSize(letter, cv2.FONT_HERSHEY_SIMPLEX, 1.2, 2)
        x += width + 2 + spacing
    return image


@pytest.mark.parametrize(("printed", "digits", "expected"), [
    ("4,5", "45", "4,5"), ("13,25", "1325", "13,25"), ("76,1", "761", "76,1"), ("45", "45", "45"),
    ("7,25", "75", "7,5"),  # OCR lost a digit: the mark goes where the ink puts it
])
def test_the_decimal_mark_is_found_in_the_ink_and_put_back(printed, digits, expected):
    glyphs = figure_ink(drawn(printed))
    assert glyphs is not None and (glyphs.mark is not None) == ("," in printed)
    assert glyphs.digits == len(printed.replace(",", ""))
    assert glyphs.place_mark(digits, ",") == expected


def test_a_figure_without_its_mark_is_one_run_of_digits():
    image = drawn("4,5")
    glyphs = figure_ink(image)
    closed = without_mark(image, glyphs)
    assert closed.shape[1] < image.shape[1]
    again = figure_ink(closed)
    assert again.mark is None and again.digits == 2


def test_capitals_printed_apart_stay_apart():
    apart, together = drawn("ST", spacing=14), drawn("ST", spacing=-4)
    assert word_by_ink("ST", ink(apart)) == "S T"
    assert word_by_ink("ST", ink(together)) == "ST"
    assert word_by_ink("St", ink(apart)) == "St"  # only capitals


def test_votes_weigh_by_confidence_and_by_what_the_ink_allows():
    assert vote([("7,5", 90.0), ("7,9", 20.0), ("7,9", 5.0)])[0] == "7,5"
    assert vote([("7,5", 60.0), ("75", 80.0)], lambda text: "," in text)[0] == "7,5"


def test_a_full_stop_after_the_last_digit_is_seen_in_the_ink():
    assert figure_ink(drawn("12.")).stop and figure_ink(drawn("1.")).stop
    assert not figure_ink(drawn("12")).stop
    assert not figure_ink(drawn("4,5")).stop  # a decimal mark stands between digits
    assert not figure_ink(drawn("12'")).stop  # a mark high on the line is no full stop
