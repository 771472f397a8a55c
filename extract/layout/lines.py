"""A page's words that are not in a table → text lines for the decision's metadata, cut where
a wide gap parts two columns and mended where a sentence wraps."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cchc_audit.extract.domain.types import BBox, PageNo
from cchc_audit.extract.layout.words import Line, split_segments, word_gap, words_to_lines


@dataclass(frozen=True)
class TextLine:
    text: str
    page: PageNo
    bbox: BBox


def page_lines(words: Sequence[dict], page: PageNo) -> list[TextLine]:
    """Text lines, cut where a wide gap parts two columns (issuer | motto) and mended where a
    sentence wraps onto the next line (a title over two lines is one line)."""
    lines = words_to_lines(words)
    gap = max(3 * word_gap(lines), 12.0)
    paragraphs: list[list[Line]] = []
    for segment in sorted((s for line in lines for s in split_segments(line, gap)), key=lambda s: (s.top, s.x0)):
        owner = next((p for p in paragraphs if _carries_on(p[-1], segment)), None)
        if owner is None:
            paragraphs.append([segment])
        else:
            owner.append(segment)
    out = []
    for paragraph in paragraphs:
        box = (min(s.x0 for s in paragraph), paragraph[0].top, max(s.x1 for s in paragraph), paragraph[-1].bottom)
        out.append(TextLine(" ".join(s.text for s in paragraph), page, box))
    return out


def _carries_on(last: Line, segment: Line) -> bool:
    """A segment right below a line, as tall and over the same span, carries on its sentence.

    An upper-case line ("QUYẾT ĐỊNH") is a heading of its own, not the start of a sentence.
    """
    height = last.bottom - last.top
    below = 0 <= segment.top - last.bottom < 0.5 * height
    overlaps = min(last.x1, segment.x1) - max(last.x0, segment.x0) > 0
    same_size = abs((segment.bottom - segment.top) - height) < 1
    heading = last.text.isupper() and not segment.text.isupper()
    return below and overlaps and same_size and not heading
