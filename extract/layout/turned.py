"""Words printed turned a quarter (a narrow header label Word prints vertically) → one word
each, placed like any other: its box is the label's box, its text read in reading order.

A turned label comes as several words (one per syllable, "Thẩm", "định") stacked along the
column, and a long one wraps into several vertical lines side by side. Words are marked
turned by `upright` False and read bottom to top ("btt") unless `direction` says "ttb".
"""

from __future__ import annotations

from collections.abc import Sequence

from extract.layout.page import Word
from extract.layout.wrap import rejoin_lines

SAME_LINE = 0.5  # share of a glyph's height: turned words whose x0 differ less share a vertical line


def is_turned(word: Word) -> bool:
    return word.get("upright", True) is False


def upright_words(words: Sequence[Word]) -> list[Word]:
    """The page's words with each turned label merged into one upright word."""
    turned = [w for w in words if is_turned(w)]
    if not turned:
        return list(words)
    return [w for w in words if not is_turned(w)] + [merge_label(label) for label in turned_labels(turned)]


def turned_labels(words: Sequence[Word]) -> list[list[Word]]:
    """Turned words grouped into labels: words overlapping along the column whose vertical lines
    stand side by side (closer than a glyph's height)."""
    labels: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w["x0"], w["top"])):
        height = word["x1"] - word["x0"]  # a turned glyph's height runs along x
        home = next(
            (label for label in labels
             if word["x0"] - max(w["x1"] for w in label) < SAME_LINE * height
             and min(word["bottom"], max(w["bottom"] for w in label)) - max(word["top"], min(w["top"] for w in label))
             > -height),
            None,
        )
        if home is None:
            labels.append([word])
        else:
            home.append(word)
    return labels


def merge_label(words: Sequence[Word]) -> Word:
    """One word for a turned label: its vertical lines left to right, each read along its direction."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w["x0"]):
        height = word["x1"] - word["x0"]
        if lines and word["x0"] - lines[-1][0]["x0"] < SAME_LINE * height:
            lines[-1].append(word)
        else:
            lines.append([word])
    downward = words[0].get("direction") == "ttb"
    texts = [" ".join(w["text"] for w in sorted(line, key=lambda w: w["top"] if downward else -w["bottom"]))
             for line in lines]
    if downward:
        texts.reverse()  # top-to-bottom text starts at its rightmost line; bottom-to-top at its leftmost
    return {
        "text": rejoin_lines(texts),
        "x0": min(w["x0"] for w in words),
        "x1": max(w["x1"] for w in words),
        "top": min(w["top"] for w in words),
        "bottom": max(w["bottom"] for w in words),
        "upright": True,
        "turned": True,
    }
