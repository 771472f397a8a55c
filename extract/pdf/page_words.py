"""A pdfplumber page → the layout engine's input: positioned words, rulings and shading.

Words turned a quarter (upright False: a narrow label printed vertically) are read in their
own direction and marked with it; the engine merges them into one word per label once it
knows their cells or columns (`extract.layout.turned`). A page stored
with /Rotate 90 or 270 has its characters turned back by pdfplumber, but its word grouping
then follows the stored orientation; such pages are read in the order their text was
written, which is the reading order for the tools that write them.
"""

from __future__ import annotations

from pdfplumber.utils import extract_words

from cchc_audit.extract.domain.types import BBox, PageNo
from cchc_audit.extract.layout.page import PageWords, Ruling, Word

THIN = 2.0  # points: a filled box thinner than this is a rule, not shading
LINE_TOLERANCE = 1.5  # points: glyphs whose tops differ more are on different lines (cells side by side
# centre their lines at different heights; 3, pdfplumber's default, mixes their letters)
WORD_TOLERANCE = 1.5  # points: glyphs further apart are different words even with no space between
# (a word's glyphs touch; neighbouring cells' texts may stand 2 to 3 points apart, tight padding)


def page_to_words(page, clean, number: PageNo) -> PageWords:
    """The page's words (from `clean`, its de-duplicated characters) with its rules and shading."""
    turned = page.rotation % 180 == 90
    straight = [c for c in clean.chars if is_upright(c)]
    upright = extract_words(straight, keep_blank_chars=False, use_text_flow=turned, y_tolerance=LINE_TOLERANCE,
                            x_tolerance=WORD_TOLERANCE)
    chars = [dict(c, upright=False) for c in clean.chars if not is_upright(c)]
    rotated: list[Word] = []
    for direction, wanted in (("btt", lambda b: b > 0), ("ttb", lambda b: b <= 0)):
        these = [c for c in chars if wanted(c["matrix"][1])]
        if these:
            found = extract_words(these, char_dir_rotated=direction, line_dir_rotated="ltr")
            rotated += [dict(w, direction=direction) for w in found]
    width, height = (page.height, page.width) if turned else (page.width, page.height)
    rulings, shading = page_rulings(page)
    return PageWords(
        number=number,
        width=float(width),
        height=float(height),
        words=tuple(upright + rotated),
        rulings=tuple(rulings),
        shading=tuple(shading),
        source="pdf",
    )


def is_upright(char: dict) -> bool:
    """Whether a glyph is drawn upright, from its matrix (on a page turned by /Rotate,
    pdfplumber turns the matrices back but may leave `upright` as stored)."""
    a, b = char["matrix"][0], char["matrix"][1]
    return abs(a) >= abs(b)


def page_rulings(page) -> tuple[list[Ruling], list[BBox]]:
    """Drawn lines and thin boxes as rulings; wider filled boxes as shading."""
    rulings = [Ruling(float(e["x0"]), float(e["top"]), float(e["x1"]), float(e["bottom"])) for e in page.lines]
    shading: list[BBox] = []
    for rect in page.rects:
        box = (float(rect["x0"]), float(rect["top"]), float(rect["x1"]), float(rect["bottom"]))
        if min(box[2] - box[0], box[3] - box[1]) < THIN:
            rulings.append(Ruling(*box))
        elif rect.get("fill"):
            shading.append(box)
    return rulings, shading
