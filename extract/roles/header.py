"""Give each column of a ranking table a role from its header text alone.

The header is one to three rows of cells. A group label ("Cải cách thể chế (Tối đa
10.5 điểm)") spans the cells to its right that are empty above a sub-label ("Tự chấm",
"Thẩm định"). Roles come from folded Vietnamese keywords, never from positions; a
sub-label that names something wins over its group label ("Điểm thẩm định các lĩnh vực"
over each area's own name). Where a label is blank or unknown, the column's cells may
tell its role (`extract.roles.content`); a column neither settles is not guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal

from extract.domain.classes import is_class_text
from extract.domain.findings import Scorer
from extract.domain.model import ROLE_LABELS, Column, Role, RoleSource
from extract.domain.numbers import parse_number, parse_row_number
from extract.domain.text import distance, fold, normalise_text, squash
from extract.roles.content import Unsettled, content_columns, is_text_column, unit_rows

_ROW_NUMBER_KEYS = {"stt", "tt", "sott", "sothutu", "thutu", "so"}
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


class HeaderError(Exception):
    """A header column whose role cannot be told; names the column."""

    def __init__(self, column: int, header: str) -> None:
        super().__init__(header)
        self.column = column
        self.header = header


@dataclass(frozen=True)
class _Label:
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


def area_name(text: str) -> str:
    """An area's name without its stated maximum."""
    name = _PARENTHESES.sub("", normalise_text(text))
    name = _TRAILING_MAX.sub("", name)
    return normalise_text(name.strip(" :-–"))


def classify(text: str) -> _Label:
    """What a header label says about its column."""
    key = fold(text)
    bare = _PARENTHESES.sub("", key).strip()
    squashed = squash(bare)
    scorer = _scorer(key)
    if not key:
        return _Label(None, None)
    if squashed in _ROW_NUMBER_KEYS:
        return _Label(Role.ROW_NUMBER, None)
    if "ghi chu" in key or "so voi" in key or "nam truoc" in key or ("tang" in key.split() and "giam" in key.split()):
        return _Label(Role.NOTE, None)
    if is_unit_label(bare):
        return _Label(Role.UNIT, None)
    words = bare.split()
    ranks = "xep hang" in key or "thu hang" in key or "xep thu" in key or words[:1] == ["hang"]
    classes = "phan loai" in key or "xep loai" in key
    if ranks and classes:
        return _Label(Role.RANK, scorer, rank_and_class=True)
    if ranks:
        return _Label(Role.RANK, None)
    if classes:
        return _Label(Role.CLASS, None)
    if "par index" in key or ("chi so" in key and "tong" not in key) or "ty le" in key or "ti le" in key:
        return _Label(Role.INDEX, None)
    if bare in ("diem toi da", "tong diem toi da", "toi da", "so diem toi da") or bare.startswith("diem toi da cua"):
        return _Label(Role.MAXIMUM, None)
    if key.startswith("tong") or "tong diem" in key or "tong so diem" in key or "tong cong" in key:
        return _Label(Role.TOTAL, scorer)
    if "dieu tra" in key or "xhh" in squashed or "xa hoi hoc" in key:
        return _Label(Role.SURVEY, None)
    if scorer is not None and squash(bare) in ("tucham", "tudanhgia", "thamdinh", "diemtucham", "diemthamdinh"):
        return _Label(None, scorer)
    return _Label(Role.AREA, scorer)


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


def spread_groups(rows: Sequence[Sequence[str]]) -> list[list[str]]:
    """Copy each group label over the empty cells it spans in the rows above the last."""
    width = max(len(row) for row in rows)
    grid = [[normalise_text(cell) for cell in row] + [""] * (width - len(row)) for row in rows]
    for r in range(len(grid) - 1):
        below = grid[r + 1 :]
        for c in range(1, width):
            if grid[r][c] or not grid[r][c - 1]:
                continue
            spans = any(row[c] for row in below) and any(row[c - 1] for row in below)
            if spans:
                grid[r][c] = grid[r][c - 1]
    return grid


def header_to_columns(
    header_rows: Sequence[Sequence[str]],
    data_rows: Sequence[Sequence[str]] = (),
) -> tuple[Column, ...]:
    """Columns with roles for a header; empty spacer columns are left out.

    Labels decide first; a column whose label is blank or unknown gets its role from its
    cells when they leave no doubt (`role_source` says which). Raises HeaderError naming
    the first column that neither settles.
    """
    grid = spread_groups(header_rows)
    width = len(grid[0])
    figures = unit_rows(data_rows)
    settled: list[Column] = []
    unsettled: list[Unsettled] = []
    for index in range(width):
        labels = _distinct(row[index] for row in grid)
        values = [normalise_text(row[index]) for row in data_rows if index < len(row)]
        cells = tuple(normalise_text(row[index]) if index < len(row) else "" for row in figures)
        if not labels:
            if any(values):
                unsettled.append(Unsettled(index, "", cells))
            continue
        if not settled and not unsettled and _slipped_row_number(labels, values):
            settled.append(Column(index=index, role=Role.ROW_NUMBER, header=" / ".join(labels),
                                  name=ROLE_LABELS[Role.ROW_NUMBER]))
            continue
        column = _column(index, labels, values)
        if column is None:
            unsettled.append(Unsettled(index, " / ".join(labels), cells))
        elif _weak_area(column, values):  # "Kết quả" over "Tốt", "Khá" …: its cells may say it is the class
            unsettled.append(Unsettled(index, column.header, cells, frozenset((Role.CLASS,)), column))
        else:
            settled.append(column)
    if unsettled:
        settled += content_columns(unsettled, settled)
        placed = {c.index for c in settled}
        left = next((u for u in unsettled if u.index not in placed), None)
        if left is not None:
            raise HeaderError(left.index, left.header or f"#{left.index + 1}")
    columns = sorted(settled, key=lambda c: c.index)
    return tuple(_own_area_names(_one_scorer(columns), grid))


def _one_scorer(columns: list[Column]) -> list[Column]:
    """A table scored once has no scorer: "Điểm thẩm định" over the areas and a plain "Tổng
    điểm" (or the other way round) must still add up, so one scorer named on some score
    columns only is dropped from all."""
    scores = [c for c in columns if c.role in (Role.AREA, Role.TOTAL)]
    named = {c.scorer for c in scores if c.scorer is not None}
    if len(named) != 1 or all(c.scorer is not None for c in scores):
        return columns
    return [replace(c, scorer=None) if c.role in (Role.AREA, Role.TOTAL, Role.SURVEY) else c for c in columns]


def _own_area_names(columns: list[Column], grid: Sequence[Sequence[str]]) -> list[Column]:
    """Areas of one scorer named alike by a sub-label ("Kết quả" under each area's name)
    take their group label's name instead, when that tells them apart."""
    areas = [c for c in columns if c.role == Role.AREA]
    seen = Counter((c.name, c.scorer) for c in areas)
    clashing = [c for c in areas if seen[(c.name, c.scorer)] > 1]
    if not clashing:
        return columns
    renamed = {c.index: area_name(_distinct(row[c.index] for row in grid)[0]) for c in clashing}
    if len({(renamed[c.index], c.scorer) for c in clashing}) < len(clashing):
        return columns  # no label tells them apart: the audit says the table is not checked
    return [replace(c, name=renamed[c.index]) if c.index in renamed else c for c in columns]


def _slipped_row_number(labels: list[str], values: Sequence[str]) -> bool:
    """The first column's short label misread ("ST T1", "5TT") over cells numbered 1, 2, 3 …

    A label one letter from a row-number key, once digits OCR glued to it are set aside,
    names the row numbers when the cells below count up from 1 (restarting at 1 per group).
    """
    if len(labels) != 1 or classify(labels[0]).role not in (None, Role.AREA):
        return False
    letters = re.sub(r"[^a-z]", "", squash(labels[0]).replace("5", "s"))
    if not 2 <= len(letters) <= 8 or not any(
        letters == key or (len(key) >= 3 and distance(letters, key) <= 1) for key in _ROW_NUMBER_KEYS
    ):
        return False
    filled = [v for v in values if v]
    numbers = [int(n.value) for v in filled if (n := parse_row_number(v)) is not None]
    if len(numbers) < 3 or len(numbers) * 10 < len(filled) * 9 or numbers[0] != 1:
        return False
    return all(b == a + 1 or b == 1 for a, b in zip(numbers, numbers[1:]))


def _distinct(labels) -> list[str]:
    out: list[str] = []
    for label in labels:
        if label and (not out or out[-1] != label):
            out.append(label)
    return out


def _column(index: int, labels: list[str], values: list[str]) -> Column | None:
    """The column its labels describe, or None when they do not tell its role."""
    if len(labels) > 2 and classify(labels[0]).role in (Role.AREA, Role.INDEX):
        umbrella = classify(labels[0]).scorer  # "Điểm thẩm định các lĩnh vực" over areas over scorers
        labels = labels[1:]
    else:
        umbrella = None
    header = " / ".join(labels)
    group, sub = labels[0], labels[-1]
    top = classify(group)
    low = classify(sub) if len(labels) > 1 else top
    role, scorer = top.role, top.scorer or umbrella
    if len(labels) > 1:
        scorer = low.scorer or scorer
        if low.role == Role.AREA and top.role in (Role.AREA, Role.INDEX) and names_something(sub):
            role, group = Role.AREA, sub  # the sub-label names the area; the group only gathers
        elif low.role not in (None, Role.AREA):
            role = low.role
            if low.role in (Role.TOTAL, Role.SURVEY, Role.INDEX, Role.RANK, Role.CLASS, Role.MAXIMUM):
                group = sub
    if role is None and len(labels) == 1 and scorer is not None:
        role, scorer = Role.AREA, None  # "Điểm thẩm định (65)": a component of the total
    source = RoleSource.HEADER
    if top.rank_and_class and (len(labels) == 1 or low.role in (None, Role.AREA) or low.rank_and_class):
        # "Kết quả xếp hạng và phân loại" over mislabelled sub-headers: the cells decide.
        role = Role.CLASS if _mostly_classes(values) else Role.RANK
        scorer, source = None, RoleSource.CONTENT
    if role is None:
        return None
    if role in (Role.RANK, Role.CLASS, Role.ROW_NUMBER, Role.UNIT, Role.INDEX, Role.MAXIMUM, Role.NOTE):
        scorer = None
    maximum = (header_maximum(group) or header_maximum(sub)) if role in (Role.AREA, Role.TOTAL, Role.SURVEY) else None
    name = area_name(group) if role == Role.AREA else ROLE_LABELS[role]
    if role == Role.AREA and not (name and (maximum or scorer or _looks_like_area(name) or _holds_maxima(values))):
        return None  # an unknown label
    return Column(
        index=index,
        role=role,
        header=header,
        name=name,
        scorer=scorer,
        maximum=maximum[0] if maximum else None,
        maximum_text=maximum[1] if maximum else None,
        role_source=source,
    )


_AREA_WORDS = (
    "cai cach", "cong tac", "chi dao", "xay dung", "hien dai", "tac dong", "linh vuc", "thu tuc", "the che",
    "to chuc", "cong vu", "tai chinh", "chinh quyen", "danh gia", "tham dinh", "diem", "thuc hien", "ket qua",
)


def _weak_area(column: Column, values: Sequence[str]) -> bool:
    """An area told only by a word of its label, with no maximum or scorer, over words."""
    return (column.role == Role.AREA and column.maximum is None and column.scorer is None
            and not _holds_maxima(values) and is_text_column(values))


def _looks_like_area(name: str) -> bool:
    key = fold(name)
    return any(word in key for word in _AREA_WORDS)


def _holds_maxima(values: Sequence[str]) -> bool:
    return any("/" in v for v in values)


def _mostly_classes(values: Sequence[str]) -> bool:
    filled = [v for v in values if v]
    return bool(filled) and sum(is_class_text(v) for v in filled) * 2 > len(filled)


def is_ranking_header(columns: Sequence[Column]) -> bool:
    """A ranking table names its units and has at least one score, rank or class column."""
    roles = {c.role for c in columns}
    return Role.UNIT in roles and bool(roles & {Role.AREA, Role.TOTAL, Role.RANK, Role.INDEX})
