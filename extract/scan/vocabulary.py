"""What OCR text should say: the words of ranking-table headers, and votes between readings.

Tesseract's Vietnamese model confuses tone marks in small bold type ("Thẩm" read "Thấm",
"Tổng" read "Tống"). A header's words come from a small vocabulary, so a word whose
letters match exactly one vocabulary word but whose marks differ is taken as that word;
the raw reading is kept as an alternative. Figures are never corrected this way: for them
several readings vote, and the losers are kept as alternatives.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from collections.abc import Callable, Sequence

from cchc_audit.extract.domain.text import distance, fold, normalise_text, squash


# Words printed in the headers and class cells of PAR Index tables.
HEADER_WORDS = """
STT Số TT Tên đơn vị cơ quan địa phương Tổng điểm số đạt được Tối đa Tự chấm đánh giá Thẩm định
Điểm thẩm định Xếp hạng Thứ hạng Phân loại Xếp loại Kết quả xếp hạng và phân loại Ghi chú
Chỉ số CCHC Điều tra xã hội học Công tác chỉ đạo điều hành cải cách hành chính Cải cách thể chế
thủ tục tổ chức bộ máy nhà nước chế độ công vụ tài chính công Xây dựng phát triển chính quyền
điện tử số Hiện đại hóa hành chính Tác động của văn bản quy phạm pháp luật nâng cao chất lượng
đội ngũ cán bộ công chức viên chức thực hiện Lĩnh vực thành phần
Xuất sắc Tốt Khá Trung bình Yếu Kém Nhóm
xã phường thị trấn huyện thành phố tỉnh sở ban ngành
""".split()

# Phrases of two or more words, matched with one letter's slack ("Xến hạng", "Tấi đa").
HEADER_PHRASES = (
    "Tối đa", "Tổng điểm", "Tự chấm", "Thẩm định", "Xếp hạng", "Phân loại", "Tên đơn vị", "Số TT", "Chỉ số",
    "Tự đánh giá", "Điểm thẩm định", "Thứ hạng", "Xếp loại", "Ghi chú", "Xuất sắc", "Trung bình",
    "Kết quả", "Cải cách", "hành chính",
)

# Whole labels a header cell may hold alone, matched with slack for OCR's split or doubled
# letters ("Thấ mỉ định", "Tự chấm m").
HEADER_LABELS = (
    "Tự chấm", "Thẩm định", "Tự đánh giá", "Điểm thẩm định", "Điểm tự chấm", "Xếp hạng", "Thứ hạng",
    "Phân loại", "Xếp loại", "Tên đơn vị", "Ghi chú", "Tổng điểm",
)
HEADER_PUNCTUATION = set(" ()[],.;/%:-–+=")  # marks a header may print beside letters and digits ("(5)=(3)+(4)")

_LEXICON: dict[str, set[str]] = {}
for _word in HEADER_WORDS:
    _LEXICON.setdefault(fold(_word), set()).update({_word, _word.lower(), _word.upper()})

_STRAY_EDGE = re.compile(r"^[\s|_'‘’`\"“”:;~^.,=—–-]+|[\s|_'‘’`\"“”:;~^.,=—–-]+$")
_STRAY_TOKEN = re.compile(r"(?<!\S)[|_'‘’`\"“”:;~^.,=—–-]+(?!\S)")
_DASH_BETWEEN_WORDS = re.compile(r"(?<=[^\W\d_]) ([-–]) (?=[^\W\d_])")  # "Lao động - Thương binh"
_KEPT_DASH = {"-": "\ue000", "–": "\ue001"}  # a dash between words held aside while specks go
_MARK_BETWEEN = re.compile(r"(?<=[^\W\d_])[.,](?=\w)|(?<=\d)[.,](?=[^\W\d_])|(?<!\S)[.,](?=[^\W\d_])")
_NEVER_PRINTED = str.maketrans("", "", "|_`~^\"“”‘’'")  # marks no table cell holds
_TRAILING_BAR = re.compile(r"\s+[l|]$")


def _collapse(word: str) -> str:
    """A word with doubled vowels read for one ("chãấm", "Thấẩm") reduced to one of them."""
    out = ""
    for letter in word:
        if out and fold(out[-1]) == fold(letter) and fold(letter) in "aeiouy" and out[-1] != letter:
            continue
        out += letter
    return out


def snap_word(word: str) -> str:
    """A word as the vocabulary spells it, when its letters name exactly one vocabulary word."""
    if fold(word) not in _LEXICON:
        word = _collapse(word) if fold(_collapse(word)) in _LEXICON else word
    spellings = _LEXICON.get(fold(word))
    if not spellings or word in spellings:
        return word
    bases = {s.lower() for s in spellings}
    if len(bases) != 1:
        return word
    base = bases.pop()
    if word.isupper():
        return base.upper()
    if word[:1].isupper():
        return base[:1].upper() + base[1:]
    return base


def _styled(phrase: str, like: str) -> str:
    if like.isupper():
        return phrase.upper()
    return phrase[:1].upper() + phrase[1:] if like[:1].isupper() else phrase[:1].lower() + phrase[1:]


_fold = lru_cache(maxsize=8192)(fold)  # the same few header words are folded again and again


def snap_phrases(text: str) -> str:
    """Known header phrases spelt right where OCR is one letter off ("Xến hạng" → "Xếp hạng")."""
    words = text.split(" ")
    for phrase in HEADER_PHRASES:
        size = len(phrase.split())
        key = fold(phrase)
        for start in range(len(words) - size + 1):
            window = words[start : start + size]
            core = [w.strip("().,:;") for w in window]
            if not all(core) or " ".join(core) == phrase:
                continue
            folded = _fold(" ".join(core))
            if folded == key or (len(key) >= 6 and abs(len(folded) - len(key)) <= 1 and distance(folded, key) <= 1):
                replaced = _styled(phrase, core[0]).split()
                for offset, (word, new) in enumerate(zip(window, replaced)):
                    words[start + offset] = word.replace(core[offset], new, 1)
    return " ".join(words)


def snap_text(text: str) -> str:
    """Header or class text with known phrases and words spelt as the vocabulary spells them."""
    tokens = re.split(r"(\W+)", snap_phrases(text))
    return "".join(snap_word(t) if t and t[0].isalpha() else t for t in tokens)


def header_symbols(text: str) -> str:
    """Header text without symbols no Vietnamese header prints ("ˆ", "®", "»"): only Latin
    letters (with their Vietnamese marks), digits and ordinary punctuation are kept."""
    kept = "".join(ch for ch in normalise_text(text) if _printable_in_header(ch))
    return normalise_text(_STRAY_EDGE.sub("", normalise_text(kept)))


def _printable_in_header(letter: str) -> bool:
    if letter.isdigit() or letter in HEADER_PUNCTUATION:
        return True
    return unicodedata.category(letter) in ("Lu", "Ll") and "LATIN" in unicodedata.name(letter, "")


_SQUASHED_LABELS = tuple((squash(label), label) for label in HEADER_LABELS)


def snap_label(text: str) -> str:
    """A header cell holding one known label, spelt right even when OCR split or doubled a
    letter ("Thấ mỉ định", "Thã m định" → "Thẩm định"): one slip in ten letters, and one label alone that close."""
    key = squash(text)
    if not key or len(key) > 20:
        return text
    slack = max(1, len(key) // 10)
    # A label whose length alone is further than the slack can be neither taken nor tied.
    close = [(distance(key, squashed), label) for squashed, label in _SQUASHED_LABELS if abs(len(squashed) - len(key)) <= slack]
    if not close:
        return text
    best = min(d for d, _ in close)
    found = [label for d, label in close if d == best]
    if best > slack or len(found) != 1 or len(key) < 5:
        return text
    if best == 0 and fold(text) == fold(found[0]):
        return text  # spelt right, or only its marks differ: the words themselves are snapped
    return _styled(found[0], text.strip())


def known_header(text: str) -> tuple[bool, bool]:
    """Whether a header cell's reading, once snapped, is one known label ("Thẩm định"); and
    whether every word of it is a vocabulary word (figures and marks aside)."""
    snapped = snap_label(snap_text(header_symbols(text)))
    words = re.findall(r"[^\W\d_]+", snapped)
    return snapped in HEADER_LABELS, bool(words) and all(fold(w) in _LEXICON for w in words)


def strip_strays(text: str) -> str:
    """A text cell without the specks OCR reads as marks: at its ends, standing alone between
    words, or glued between a word and a figure ("đa.10"); a trailing "l" or "|" is a rule.
    A dash between two words ("Sở Lao động - Thương binh và Xã hội") is printed, and kept."""
    text = _DASH_BETWEEN_WORDS.sub(lambda m: f" {_KEPT_DASH[m[1]]} ", normalise_text(text))
    text = _STRAY_TOKEN.sub(" ", text.translate(_NEVER_PRINTED))
    text = _MARK_BETWEEN.sub(" ", text)
    text = _TRAILING_BAR.sub("", normalise_text(text))
    text = normalise_text(_STRAY_EDGE.sub("", text))
    return text.translate({ord(held): dash for dash, held in _KEPT_DASH.items()})


def vote(readings: Sequence[tuple[str, float | None]],
         plausible: Callable[[str], bool] | None = None) -> tuple[str, float | None, tuple[str, ...]]:
    """The reading the passes back most, each pass weighing as much as it was sure (blank
    readings do not vote, readings the ink makes implausible weigh half), how sure the passes
    were of it — lowered by the share that disagreed — and the other readings, most backed first."""
    weights: dict[str, float] = {}
    for text, confidence in readings:
        if text:
            weight = 1 + (50 if confidence is None else confidence)
            weights[text] = weights.get(text, 0.0) + (weight if plausible is None or plausible(text) else weight / 2)
    if not weights:
        return "", None, ()
    ranked = sorted(weights, key=lambda text: -weights[text])
    best = ranked[0]
    confidences = [c for text, c in readings if text == best and c is not None]
    confidence = min(confidences) if confidences else None
    share = sum(1 for text, _ in readings if text == best) / len(readings)
    if confidence is not None and share < 1:
        confidence = round(confidence * share, 1)
    return best, confidence, tuple(ranked[1:])
