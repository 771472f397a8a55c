"""The scanned page as an image before Tesseract reads it: grey paper made white, words
Tesseract joined across a gap parted, a figure's crop kept to its own line."""

from __future__ import annotations

import cv2
import numpy as np

from cchc_audit.extract.scan.crops import figure_line
from cchc_audit.extract.scan.image import flatten_background
from cchc_audit.extract.scan.tesseract import OcrWord
from cchc_audit.extract.scan.words import split_at_gaps

DPI = 200


def page_with_band(band: int) -> np.ndarray:
    """White paper with one shaded row (gray `band`) across it, text on the row and above it,
    a thin ruling line under the text above, and a comma after the shaded row's figure."""
    page = np.full((300, 600), 255, np.uint8)
    page[150:230] = band
    cv2.putText(page, "UBND xa 15", (20, 100), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 2, cv2.LINE_AA)
    cv2.putText(page, "UBND xa 15", (20, 200), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 2, cv2.LINE_AA)
    cv2.circle(page, (250, 203), 3, 0, -1)  # a decimal mark's dot
    page[118:120, 10:590] = 60  # a ruling line two pixels thick
    return cv2.GaussianBlur(page, (3, 3), 0)


def test_a_shaded_row_is_read_as_plain_paper_its_ink_kept():
    page = page_with_band(215)
    flat = flatten_background(page, DPI)
    band, on_band, on_paper = (slice(155, 225), slice(380, 590)), (slice(170, 205), slice(20, 240)), \
        (slice(70, 105), slice(20, 240))
    assert page[band].mean() < 220 and flat[band].min() >= 250  # the grey row is white paper now
    printed = (page[on_paper] < 128).sum()  # the same text on white paper
    assert printed > 0 and abs((flat[on_band] < 128).sum() - printed) <= 0.02 * printed  # its strokes as on paper
    assert flat[196:210, 244:256].min() < 60  # and so is the comma's dot
    assert np.array_equal(flat[:140], page[:140])  # the white paper above is untouched: text, rule


def test_white_paper_and_a_dark_fill_are_left_as_they_are():
    white = page_with_band(255)
    assert flatten_background(white, DPI) is white
    dark = page_with_band(60)  # white-on-black fills are no paper to whiten
    assert np.array_equal(flatten_background(dark, DPI)[150:230], dark[150:230])


def word(text: str, box: tuple[int, int, int, int]) -> OcrWord:
    return OcrWord(text, 80.0, box, (1, 1, 1))


def test_a_word_joined_across_a_gap_with_an_underscore_is_parted_at_the_gap():
    mask = np.zeros((40, 300), np.uint8)
    mask[10:30, 10:50] = 255  # "05"
    mask[10:30, 80:130] = 255  # "UBND", a column's gap after it
    mask[10:30, 133:180] = 255  # its letters a pixel or three apart
    parted = split_at_gaps([word("05_UBND", (10, 8, 180, 32)), word("xã", (190, 8, 220, 32))], mask)
    assert [(w.text, w.box) for w in parted] == [
        ("05", (10, 8, 50, 32)), ("UBND", (80, 8, 180, 32)), ("xã", (190, 8, 220, 32)),
    ]
    single = np.zeros((40, 300), np.uint8)
    single[10:30, 10:180] = 255  # ink without a gap: the word stays whole
    assert [w.text for w in split_at_gaps([word("05_UBND", (10, 8, 180, 32))], single)] == ["05_UBND"]


def test_a_figure_crop_loses_the_tops_of_the_next_row_it_took_in():
    crop = np.full((30, 40), 255, np.uint8)
    crop[0:15, 5:35] = 0  # the figure
    crop[17:19, 28:31] = 0  # its comma reaches no lower than this ... it is joined below
    crop[15:17, 28:31] = 0
    crop[26:30, 2:38] = 0  # the tops of the digits of the row below
    assert figure_line(crop).shape == (19, 40)
    two_lines = np.full((30, 40), 255, np.uint8)
    two_lines[0:12, :] = 0
    two_lines[16:28, :] = 0  # two lines as tall as each other: nothing to cut
    assert figure_line(two_lines).shape == (30, 40)
