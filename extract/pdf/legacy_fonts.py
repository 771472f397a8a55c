"""Text typed in legacy Vietnamese fonts (TCVN3 ".VnTime", VNI "VNI-Times") read as Unicode.

Before Unicode, Vietnamese was typed in 8-bit fonts whose glyphs sit at the codes of
Windows-1252 letters: a PDF's text layer then reads "Céng hßa X· héi" for "Cộng hòa Xã hội".
The font's name tells the encoding; each character's code (its Windows-1252 byte, or N in
"(cid:N)") is looked up in that encoding's table, written out below from the standards.
TCVN3 encodes one precomposed letter per byte and sets capitals in separate fonts whose
names end in "H" (".VnTimeH"); VNI follows a base letter with a byte for its marks. VPS
fonts are recognised but not decoded: their pages are read by OCR instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from enum import StrEnum
from functools import lru_cache


class Legacy(StrEnum):
    TCVN3 = "tcvn3"
    VNI = "vni"
    VPS = "vps"


ACUTE, GRAVE, HOOK, TILDE, DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
CIRCUMFLEX, BREVE = "\u0302", "\u0306"
TONES = (ACUTE, GRAVE, HOOK, TILDE, DOT)

# TCVN3 (TCVN 5712:1993, VN3): per vowel, its own byte (None: ASCII) and the bytes of its
# five tones in the order acute, grave, hook, tilde, dot below.
_TCVN3_VOWELS = {
    "a": (None, (0xB8, 0xB5, 0xB6, 0xB7, 0xB9)),
    "ă": (0xA8, (0xBE, 0xBB, 0xBC, 0xBD, 0xC6)),
    "â": (0xA9, (0xCA, 0xC7, 0xC8, 0xC9, 0xCB)),
    "e": (None, (0xD0, 0xCC, 0xCE, 0xCF, 0xD1)),
    "ê": (0xAA, (0xD5, 0xD2, 0xD3, 0xD4, 0xD6)),
    "i": (None, (0xDD, 0xD7, 0xD8, 0xDC, 0xDE)),
    "o": (None, (0xE3, 0xDF, 0xE1, 0xE2, 0xE4)),
    "ô": (0xAB, (0xE8, 0xE5, 0xE6, 0xE7, 0xE9)),
    "ơ": (0xAC, (0xED, 0xEA, 0xEB, 0xEC, 0xEE)),
    "u": (None, (0xF3, 0xEF, 0xF1, 0xF2, 0xF4)),
    "ư": (0xAD, (0xF8, 0xF5, 0xF6, 0xF7, 0xF9)),
    "y": (None, (0xFD, 0xFA, 0xFB, 0xFC, 0xFE)),
}
_TCVN3_OTHERS = {0xAE: "đ", 0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ"}


def _tcvn3_table() -> dict[int, str]:
    table = dict(_TCVN3_OTHERS)
    for vowel, (own, toned) in _TCVN3_VOWELS.items():
        if own is not None:
            table[own] = vowel
        for code, tone in zip(toned, TONES):
            table[code] = unicodedata.normalize("NFC", vowel + tone)
    return table


TCVN3 = _tcvn3_table()

# VNI Windows: letters of their own, and bytes that add marks to the letter before them;
# capitals use the upper-case byte of the same mark.
_VNI_LETTERS = {
    0xF4: "ơ", 0xD4: "Ơ", 0xF6: "ư", 0xD6: "Ư", 0xF1: "đ", 0xD1: "Đ",
    0xED: "í", 0xCD: "Í", 0xEC: "ì", 0xCC: "Ì", 0xE6: "ỉ", 0xC6: "Ỉ", 0xF3: "ĩ", 0xD3: "Ĩ", 0xF2: "ị", 0xD2: "Ị",
    0xEE: "ỵ", 0xCE: "Ỵ",
}
_VNI_MARKS = {
    0xF9: ACUTE, 0xF8: GRAVE, 0xFB: HOOK, 0xF5: TILDE, 0xEF: DOT,
    0xE2: CIRCUMFLEX, 0xE1: CIRCUMFLEX + ACUTE, 0xE0: CIRCUMFLEX + GRAVE, 0xE5: CIRCUMFLEX + HOOK,
    0xE3: CIRCUMFLEX + TILDE, 0xE4: CIRCUMFLEX + DOT,
    0xEA: BREVE, 0xE9: BREVE + ACUTE, 0xE8: BREVE + GRAVE, 0xFA: BREVE + HOOK, 0xFC: BREVE + TILDE, 0xEB: BREVE + DOT,
}
VNI = dict(_VNI_LETTERS)
for _code, _marks in _VNI_MARKS.items():
    VNI[_code] = _marks
    VNI[_code - 0x20] = _marks  # the capital's mark byte: "AÙ" is "Á"

_SUBSET = re.compile(r"^[A-Z]{6}\+")
_STYLE = re.compile(r"(?:[,\-]?(?:bold|italic|oblique|regular|bolditalic|psmt|mt))+$", re.IGNORECASE)
_CID = re.compile(r"^\(cid:(\d+)\)$")


@lru_cache(maxsize=256)  # asked once per character; a page has a few fonts
def font_encoding(fontname: str) -> tuple[Legacy, bool] | None:
    """The legacy encoding a PDF font name announces, and whether it is a capitals-only font."""
    name = _SUBSET.sub("", fontname or "").strip()
    base = _STYLE.sub("", name.split(",")[0])
    key = base.lower()
    if key.startswith(".vn") or (key.startswith("vn") and not key.startswith("vni")):
        return Legacy.TCVN3, base.endswith("H")
    if key.startswith(("vni-", "vni ", "vni_")):
        return Legacy.VNI, False
    if key.startswith("vps"):
        return Legacy.VPS, False
    return None


def char_code(text: str) -> int | None:
    """The byte a legacy font drew for one PDF character: its Windows-1252 code, or the CID."""
    if match := _CID.match(text):
        return int(match[1])
    if len(text) != 1:
        return None
    try:
        return text.encode("cp1252")[0]
    except UnicodeEncodeError:
        return ord(text) if ord(text) < 256 else None


def decode_char(text: str, encoding: Legacy, capitals: bool = False) -> str:
    """One character of a legacy font as Unicode (marks of VNI as combining characters)."""
    code = char_code(text)
    table = TCVN3 if encoding == Legacy.TCVN3 else VNI if encoding == Legacy.VNI else {}
    if code is None:
        decoded = text
    elif code in table:
        decoded = table[code]
    else:
        decoded = chr(code) if code < 128 else text
    return decoded.upper() if capitals else decoded


def decode_text(text: str, encoding: Legacy, capitals: bool = False) -> str:
    """A legacy-font string as NFC Unicode ("Céng hßa X· héi" → "Cộng hòa Xã hội")."""
    return unicodedata.normalize("NFC", "".join(decode_char(c, encoding, capitals) for c in text))


def decode_page_chars(chars: Sequence[dict]) -> set[Legacy]:
    """Decode, in place, the text of every character set in a TCVN3 or VNI font; the
    encodings found (VPS among them when a font is VPS, left as it is)."""
    found: set[Legacy] = set()
    for char in chars:
        known = font_encoding(char.get("fontname", ""))
        if known is None:
            continue
        encoding, capitals = known
        found.add(encoding)
        if encoding != Legacy.VPS:
            char["text"] = decode_char(char["text"], encoding, capitals)
    return found


def undecodable(chars: Sequence[dict]) -> bool:
    """Most of the page is set in a legacy font this module cannot decode (VPS): read it by OCR."""
    visible = [c for c in chars if c["text"].strip()]
    vps = sum(1 for c in visible if (font_encoding(c.get("fontname", "")) or (None,))[0] == Legacy.VPS)
    return bool(visible) and vps > 0.3 * len(visible)



def garbled(chars: Sequence[dict]) -> bool:
    """A text layer that cannot be read: most of its characters are unmapped glyphs "(cid:N)"."""
    visible = [c for c in chars if c["text"].strip()]
    if len(visible) < 20:
        return False
    unmapped = sum(1 for c in visible if _CID.match(c["text"]))
    return unmapped > 0.3 * len(visible)
