"""The vocabulary of header labels: what a label says about its column, in folded words.

Real decisions head their columns in many ways: the unit column by the kind of place it lists
("Huyện, thị xã, thành phố", "Xã, phường, thị trấn", "Sở, ban, ngành", "UBND cấp huyện",
"Đơn vị được đánh giá"), the rank "Xếp hạng", "Thứ hạng", "Hạng", "Vị thứ", the index "Chỉ số
CCHC (%)", "Tỷ lệ (%)"; maxima are stated as "(Tối đa 21.5 điểm)", "(14,5)", "(max 14.5)".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from collections.abc import Sequence
from decimal import Decimal

from cchc_audit.extract.domain.findings import Scorer
from cchc_audit.extract.domain.model import Role
from cchc_audit.extract.domain.numbers import parse_number
from cchc_audit.extract.domain.text import fold, normalise_text, squash

ROW_NUMBER_KEYS = {"stt", "tt", "sott", "sothutu", "thutu", "so"}
# A unit column is headed by the kind of place or body it lists ("Huyện, thị xã, thành phố",
# "Xã, phường, thị trấn", "Sở, ban, ngành", "UBND cấp huyện", "Cơ quan, đơn vị được đánh giá"):
# every word of the label is one of these, and at least one is a kind of place or body.
_PLACE_WORDS = (
    "uy ban nhan dan", "ubnd", "don vi hanh chinh", "don vi", "co quan", "dia phuong", "dia ban", "thi xa",
    "thanh pho", "thi tran", "huyen", "quan", "xa", "phuong", "so", "ban", "nganh", "tinh", "tp", "tx", "tt",
)
_FILLER_WORDS = (
    "duoc danh gia", "duoc tham dinh", "duoc xep hang", "chuyen mon", "truc thuoc", "thuoc", "ten", "cac", "cap",
    "va", "khoi", "hanh chinh", "nha nuoc", "chu quan",
)
_UNIT_WORDS = re.compile(r"\b(" + "|".join(w.replace(" ", r"\s") for w in _PLACE_WORDS + _FILLER_WORDS) + r")\b")
# What is left of a sub-label once these are taken away tells whether it names something of
# its own (an area) or only says who scored or what is counted ("Điểm tự chấm", "Điểm đạt").
_SCORER_WORDS = re.compile(
    r"\b(diem|so|tu cham|tu danh gia|tham dinh|danh gia|dat duoc|dat|duoc|ket qua|cua|hoi dong|doan)\b"
)
_MAX_PATTERNS = (
    re.compile(r"toi\s*da\s*:?\s*(\d+(?:[.,]\d+)?)"),
    re.compile(r"max\.?\s*:?\s*(\d+(?:[.,]\d+)?)"),
    re.compile(r"\(\s*(\d+(?:[.,]\d+)?)\s*(?:diem|d)?\s*\)"),
)
_PARENTHESES = re.compile(r"\s*\([^)]*\)")
_TRAILING_MAX = re.compile(r"\s*[-–:]?\s*(t[ốo]i\s*đa|max)\b.*$", re.IGNORECASE)


@dataclass(frozen=True)
class Label:
    role: Role | None
    scorer: Scorer | None
    rank_and_class: bool = False


def header_maximum(text: str) -> tuple[Decimal, str] | None:
    """The maximum points a header states: "(Tối đa 21.5 điểm)", "(14,5)", "(max 14.5)"."""
    key = fold(text)
    for pattern in _MAX_PATTERNS:
        if match := pattern.search(key):
            number = parse_number(match[1])
            if number is not None:
                return number.value, match[1]
    return None


_TOKEN = re.compile(r"\d{1,2}|[a-z]")
_SUM = re.compile(r"[\s()]*(\d{1,2}|[a-z])[\s()]*([+\-x×*/:][\s()]*(\d{1,2}|[a-z])[\s()]*)*")


def column_number(text: str) -> tuple[tuple[int | None, ...], tuple[int, ...]] | None:
    """The column numbers a cell of a column-number row prints (two when two cells ran into
    one), and the columns its formula adds: "(1)" → ((1,), ()), "B" → ((None,), ()),
    "(5) (6)" → ((5, 6), ()), "(5)=(3)+(4)", "5 = 3 + 4", "5 (=3+4)" → ((5,), (3, 4)).
    None when the text is not one."""
    head, equals, formula = text.lower().partition("=")
    tokens = re.findall(r"[^\s()]+", head)
    if not tokens or not all(_TOKEN.fullmatch(t) for t in tokens):
        return None
    terms: tuple[int, ...] = ()
    if equals:
        if not _SUM.fullmatch(formula):
            return None
        if not re.search(r"[\-x×*/:]", formula):  # a sum names the total's parts; other formulas do not
            terms = tuple(int(t) for t in re.findall(r"\d{1,2}", formula))
    return tuple(int(t) if t.isdigit() else None for t in tokens), terms


def is_column_number_row(cells: Sequence[str]) -> bool:
    """The "(1) (2) (3) …" row that numbers a table's columns; in a row of six numbers or more,
    one in four may be misread ("Œ)" for "(1)", "(1)" for "(11)") when the others count on."""
    filled = [c for c in cells if c]
    if len(filled) < 3:
        return False
    parsed = [column_number(c) for c in filled]
    # each printed number in its place: a cell that is none holds one place
    places = [number for found in parsed for number in (found[0] if found else (False,))]
    numbers = [n for n in places if n is not None and n is not False]
    if all(parsed) and all(b == a + 1 for a, b in zip(numbers, numbers[1:])):
        return True
    offsets = Counter(n - place for place, n in enumerate(places) if n is not None and n is not False)
    specks = all(found or (reads_as_nothing(c) and not re.search(r"\d[.,]\d", c)) for c, found in zip(filled, parsed))
    if len(places) < 6 or not offsets or not specks:  # a name or a figure is no misread column number
        return False
    fits = offsets.most_common(1)[0][1] + sum(1 for n in places if n is None)
    return fits >= 4 and (len(places) - fits) * 4 <= len(places)


def area_name(text: str) -> str:
    """An area's name without its stated maximum."""
    name = _PARENTHESES.sub("", normalise_text(text))
    name = _TRAILING_MAX.sub("", name)
    return normalise_text(name.strip(" :-–"))


def classify(text: str) -> Label:
    """What a header label says about its column."""
    key = fold(text)
    bare = _PARENTHESES.sub("", key).strip()
    squashed = squash(bare)
    scorer = _scorer(key)
    if not key:
        return Label(None, None)
    if squashed in ROW_NUMBER_KEYS:
        return Label(Role.ROW_NUMBER, None)
    if "ghi chu" in key or "so voi" in key or "nam truoc" in key or ("tang" in key.split() and "giam" in key.split()):
        return Label(Role.NOTE, None)
    if is_unit_label(bare):
        return Label(Role.UNIT, None)
    words = bare.split()
    ranks = any(w in key for w in ("xep hang", "thu hang", "xep thu", "vi thu")) or words[:1] == ["hang"]
    classes = "phan loai" in key or "xep loai" in key
    if ranks and classes:
        return Label(Role.RANK, scorer, rank_and_class=True)
    if ranks:
        return Label(Role.RANK, None)
    if classes:
        return Label(Role.CLASS, None)
    if "par index" in key or ("chi so" in key and "tong" not in key) or "ty le" in key or "ti le" in key:
        return Label(Role.INDEX, None)
    if bare.startswith(("diem toi da", "tong diem toi da", "toi da", "so diem toi da", "diem chuan")):
        return Label(Role.MAXIMUM, None)
    if key.startswith("tong") or "tong diem" in key or "tong so diem" in key or "tong cong" in key or bare == "cong":
        return Label(Role.TOTAL, scorer)
    if "dieu tra" in key or "xhh" in squashed or "xa hoi hoc" in key or "khao sat" in key:
        return Label(Role.SURVEY, None)
    if scorer is not None and squash(bare) in ("tucham", "tudanhgia", "thamdinh", "diemtucham", "diemthamdinh"):
        return Label(None, scorer)
    return Label(Role.AREA, scorer)


def is_unit_label(key: str) -> bool:
    """A folded label that names the kind of units listed: "xa, phuong, thi tran"."""
    if key.startswith("ten "):
        return True
    if not any(re.search(rf"\b{word}\b", key) for word in _PLACE_WORDS):
        return False
    rest = _UNIT_WORDS.sub(" ", key)
    return not re.sub(r"[\s,;/&.\-–]+", "", rest)


def names_something(label: str) -> bool:
    """Whether a sub-label names a thing of its own, not only a scorer or a kind of figure."""
    key = _PARENTHESES.sub("", fold(label))
    return bool(re.sub(r"[^a-z]", "", _SCORER_WORDS.sub(" ", key)))


def _scorer(key: str) -> Scorer | None:
    if "tu cham" in key or "tu danh gia" in key:
        return Scorer.SELF
    if "tham dinh" in key:
        return Scorer.APPRAISED
    return None


_AREA_WORDS = (
    "cai cach", "cong tac", "chi dao", "xay dung", "hien dai", "tac dong", "linh vuc", "thu tuc", "the che",
    "to chuc", "cong vu", "tai chinh", "chinh quyen", "danh gia", "tham dinh", "diem", "thuc hien", "ket qua",
)


def looks_like_area(name: str) -> bool:
    key = fold(name)
    return any(word in key for word in _AREA_WORDS)


# Labels a narrow column prints whole and alone (folded, brackets aside): the row number, the
# rank, the class, the index, the total, the survey, a scorer, a note.
_NARROW_LABELS = frozenset((
    "stt", "tt", "so tt", "so thu tu", "thu tu",
    "xep hang", "thu hang", "hang", "vi thu", "xep thu",
    "phan loai", "xep loai",
    "chi so", "chi so cchc", "chi so par index", "par index", "ty le", "ti le",
    "tong", "tong diem", "tong so diem", "tong cong",
    "xhh", "dtxhh", "diem xhh", "dieu tra xhh",
    "tu cham", "tu danh gia", "tham dinh", "diem tu cham", "diem tham dinh",
    "ghi chu",
))


def narrow_label(text: str) -> str | None:
    """One whole label of a narrow column read from little ink (printed upright, tiny): the
    text, a lone letter at either end set aside (a speck, or a letter of the next column's
    label: "ì TT"), when it is one of the labels such columns print; else None. Two labels
    read as one ("Xếp hạng Phân loại") are none of them."""
    words = normalise_text(text).split()
    start = 1 if len(words) > 1 and _lone_letter(words[0]) else 0
    end = len(words) - 1 if len(words) - start > 1 and _lone_letter(words[-1]) else len(words)
    for kept in (words, words[start:end]):
        if _bare_words(" ".join(kept)) in _NARROW_LABELS:
            return " ".join(kept)
    return None


def _lone_letter(word: str) -> bool:
    return len(word) == 1 and word.isalpha()


def _bare_words(text: str) -> str:
    """The folded words of a label, brackets, figures and marks aside: "Tỷ lệ (%)" → "ty le"."""
    return " ".join(re.sub(r"[^a-z]", " ", _PARENTHESES.sub("", fold(text))).split())


def reads_as_nothing(text: str) -> bool:
    """A label that says nothing: blank, column numbers only ("(4)"), or the specks OCR made
    of ink it could not read ("S) S 85 ø", "b", "ối", "#4", "E / Œ)"): no word of three letters,
    nor two words of two ("Mã số" says something)."""
    words = [len(run) for run in re.findall(r"[^\W\d_]+", text)]
    return column_number(text) is not None or (max(words, default=0) < 3 and words.count(2) < 2)
