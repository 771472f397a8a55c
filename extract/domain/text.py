"""Text normalisation: NFC for display, a folded key for keyword matching."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# "Ð" (U+00D0, Icelandic eth) is typed for "Đ" (U+0110) in many decisions.
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111", "\u00a0": " "})


def normalise_text(text: str) -> str:
    """NFC-normalise, mend look-alike letters and collapse runs of whitespace."""
    text = unicodedata.normalize("NFC", text.translate(_LOOKALIKES))
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """A lower-case key without diacritics, for matching Vietnamese keywords.

    "Thẩm định" and "THAM  DINH" both fold to "tham dinh".
    """
    text = normalise_text(text).lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()


def squash(text: str) -> str:
    """The folded key without spaces or punctuation ("S T T" and "ST/T" give "stt")."""
    return re.sub(r"[^0-9a-z%]", "", fold(text))


def distance(a: str, b: str) -> int:
    """Levenshtein distance between two short strings."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]
