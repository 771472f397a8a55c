"""Words printed turned a quarter (a narrow header label Word prints vertically) → one word
per label, placed like any other: its box is the label's box, its text read in reading order.

A turned label comes as several words (one per syllable, "Thẩm", "định") stacked along the
column, and a long one wraps into several vertical lines side by side, as short as the row
is tall. Which words make one label is told by the cell (ruled tables) or the column (word
alignment) they stand in. Words are marked turned by `upright` False and read bottom to top
("btt") unless `direction` says "ttb".
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

from cchc_audit.extract.layout.page import Word
from cchc_audit.extract.layout.wrap import rejoin_lines

SAME_LINE = 0.5  # share of a glyph's height: turned words whose x0 differ less share a vertical line


def is_turned(word: Word) -> bool:
    return word.get("upright", True) is False


def upright_words(words: Sequence[Word], place: Callable[[Word], Hashable]) -> list[Word]:
    """The words with the turned ones merged into one upright word per place (`place` tells
    a word's cell or column: labels side by side in narrow columns can stand closer to each
    other than the lines of one label)."""
    turned: dict[Hashable, list[Word]] = {}
    out = []
    for word in words:
        if is_turned(word):
            turned.setdefault(place(word), []).append(word)
        else:
            out.append(word)
    return out + [merge_label(label) for label in turned.values()]


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
