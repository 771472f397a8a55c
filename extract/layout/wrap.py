"""Rejoin the lines of a wrapped cell: a space where Word broke at a space, none inside a word.

A narrow column wraps "Thẩm định" as "Thẩ / m / định" and "STT" as "ST / T". Vietnamese
is written one syllable per word, so a fragment that cannot stand as a syllable ("m",
"ST", "nh") was cut from its neighbour when the two together still begin a syllable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cchc_audit.extract.domain.text import fold, normalise_text

_INITIALS = "ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdghklmnprstvx]"
_FINALS = "ng|nh|ch|[cmnpt]"
_SYLLABLE = re.compile(rf"^(?:{_INITIALS})?[aeiouy]{{1,3}}(?:{_FINALS})?$")
# Any beginning of a syllable: part of an initial, or an initial, vowels and part of a final.
_SYLLABLE_START = re.compile(rf"^(?:(?:{_INITIALS}|q)|(?:{_INITIALS})?[aeiouy]{{1,3}}(?:{_FINALS}|n|c)?)$")
_NUMBER_CUT = re.compile(r"\d[.,]?$")
_ABBREVIATION = re.compile(r"^[BCDĐGHKLMNPQRSTVX]+$")


def is_syllable(word: str) -> bool:
    return bool(_SYLLABLE.match(fold(word)))


def cut_inside_word(before: str, after: str) -> bool:
    """Whether a line ending in `before` and the next starting with `after` split one word."""
    if not before or not after:
        return False
    if _NUMBER_CUT.search(before) and (after[0].isdigit() or after[:2].strip(".,").isdigit()):
        return True  # a number has no space to break at
    if not (before[-1].isalpha() and after[0].isalpha()):
        return False
    head = fold(before.split()[-1])
    tail = fold(after.split()[0])
    if not head.isalpha() or not tail.isalpha():
        return False
    if _ABBREVIATION.match(before.split()[-1]) and len(head) >= 2 and _ABBREVIATION.match(after.split()[0]) and len(tail) <= 2:
        return True  # "ST" + "T", "ĐTX" + "HH": an upper-case abbreviation cut short
    if is_syllable(head) and is_syllable(tail):
        return False
    return bool(_SYLLABLE_START.match(head + tail))


def rejoin_lines(lines: Iterable[str]) -> str:
    """One cell's lines as one string, wrapped words mended."""
    text = ""
    for line in lines:
        line = normalise_text(line)
        if not line:
            continue
        if text and not cut_inside_word(_last_word(text), line):
            text += " "
        text += line
    return text


def _last_word(text: str) -> str:
    return text.rsplit(" ", 1)[-1]
