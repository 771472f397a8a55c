"""A narrow column's header label printed turned a quarter, read again turned upright."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from cchc_audit.extract.scan.image import PageImage
from cchc_audit.extract.scan.ocr import TURNED_MOST, read_turned
from cchc_audit.extract.scan.words import Reading

from conftest import TESSERACT, needs

needs_tesseract = needs(*TESSERACT, "fonts-dejavu-core")  # the labels are drawn in DejaVu Sans
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
DPI = 200


def label_crop(text: str, turn: int) -> np.ndarray:
    """A header label as printed at `DPI` in 10-point type, turned `turn` quarters counter-clockwise."""
    font = ImageFont.truetype(FONT, round(10 * DPI / 72))
    left, top, right, bottom = font.getbbox(text)
    picture = Image.new("L", (right - left + 4, bottom - top + 4), 255)
    ImageDraw.Draw(picture).text((2 - left, 2 - top), text, font=font, fill=0)
    return np.ascontiguousarray(np.rot90(np.asarray(picture), turn))


def page() -> PageImage:
    return PageImage(pixels=np.full((10, 10), 255, np.uint8), dpi=DPI, skew=0.0)


@needs_tesseract
@pytest.mark.parametrize("turn", [1, -1])
def test_a_label_printed_turned_either_way_is_read_upright(turn):
    crops = {(0, 5): label_crop("Xếp hạng", turn)}
    found = read_turned(page(), crops, {(0, 5): Reading("F", 40.0)})
    assert found[(0, 5)].text == "Xếp hạng" and found[(0, 5)].alternatives == ("F",)


@needs_tesseract
def test_a_label_read_upright_or_printed_wide_is_not_read_turned():
    crops = {(0, 1): label_crop("Xếp hạng", 1), (0, 2): label_crop("Xếp hạng", 0)}
    readings = {(0, 1): Reading("Xếp hạng", 90.0), (0, 2): Reading("F", 40.0)}
    assert read_turned(page(), crops, readings) == {}


@needs_tesseract
def test_turned_ink_that_names_no_label_keeps_its_reading():
    crops = {(0, 3): label_crop("Qwz Jkv", 1)}
    assert read_turned(page(), crops, {(0, 3): Reading("F", 40.0)}) == {}


@needs_tesseract
def test_no_more_than_a_bounded_number_of_cells_are_read_turned():
    crops = {(0, c): label_crop("Xếp hạng", 1) for c in range(TURNED_MOST + 2)}
    found = read_turned(page(), crops, {key: Reading("F", 40.0) for key in crops})
    assert sorted(found) == [(0, c) for c in range(TURNED_MOST)]


@needs_tesseract
def test_a_turned_reading_in_header_words_only_is_kept_in_a_ruled_cell_alone():
    crops = {(0, 0): label_crop("Tổng số", 1)}
    readings = {(0, 0): Reading("ưu", 40.0)}
    assert read_turned(page(), crops, readings, ruled=True)[(0, 0)].text == "Tổng số"
    assert read_turned(page(), crops, readings) == {}


@needs_tesseract
@pytest.mark.parametrize("label", ["STT", "TT", "Chỉ số CCHC", "Tỷ lệ (%)", "Hạng"])
def test_a_narrow_columns_whole_label_turned_is_kept_in_a_cell_of_guessed_box(label):
    crops = {(0, 4): label_crop(label, 1)}
    found = read_turned(page(), crops, {(0, 4): Reading("b", 30.0)})
    assert found[(0, 4)].text == label and found[(0, 4)].alternatives == ("b",)


@needs_tesseract
def test_a_lone_letter_of_a_neighbours_ink_beside_a_turned_label_is_set_aside():
    crops = {(0, 0): label_crop("K   TT", 1)}
    found = read_turned(page(), crops, {(0, 0): Reading("ì", 30.0)})
    assert found[(0, 0)].text == "TT" and found[(0, 0)].alternatives == ("ì",)
