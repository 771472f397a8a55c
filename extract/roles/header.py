"""Give each column of a ranking table a role from its header text alone.

The header is one to three rows of cells. A group label ("Cải cách thể chế (Tối đa
10.5 điểm)") spans the cells to its right that are empty above a sub-label ("Tự chấm",
"Thẩm định"). Roles come from folded Vietnamese keywords, never from positions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from extract.domain.classes import is_class_text
from extract.domain.findings import Scorer
from extract.domain.model import ROLE_LABELS, Column, Role
from extract.domain.numbers import parse_number
from extract.domain.text import distance, fold, normalise_text, squash

_ROW_NUMBER_KEYS = {"stt", "tt", "sott", "sothutu", "thutu", "so"}
_UNIT_KEYS = {"don vi", "co quan", "co quan, don vi", "dia phuong", "don vi, dia phuong", "co quan/don vi"}
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
    ranks = "xep hang" in key or "thu hang" in key
    classes = "phan loai" in key or "xep loai" in key
    if ranks and classes:
        return _Label(Role.RANK, scorer, rank_and_class=True)
    if ranks:
        return _Label(Role.RANK, None)
    if classes:
        return _Label(Role.CLASS, None)
    if "par index" in key or ("chi so" in key and "tong" not in key):
        return _Label(Role.INDEX, None)
    if bare in ("diem toi da", "tong diem toi da", "toi da", "so diem toi da") or bare.startswith("diem toi da cua"):
        return _Label(Role.MAXIMUM, None)
    if key.startswith("tong") or "tong diem" in key or "tong so diem" in key or "tong cong" in key:
        return _Label(Role.TOTAL, scorer)
    if "dieu tra" in key or "xhh" in squashed or "xa hoi hoc" in key:
        return _Label(Role.SURVEY, None)
    if bare.startswith("ten ") or bare in _UNIT_KEYS:
        return _Label(Role.UNIT, None)
    if scorer is not None and squash(bare) in ("tucham", "tudanhgia", "thamdinh", "diemtucham", "diemthamdinh"):
        return _Label(None, scorer)
    return _Label(Role.AREA, scorer)


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

    Raises HeaderError naming the first column that cannot be placed.
    """
    grid = spread_groups(header_rows)
    width = len(grid[0])
    columns: list[Column] = []
    for index in range(width):
        labels = _distinct(row[index] for row in grid)
        values = [normalise_text(row[index]) for row in data_rows if index < len(row)]
        if not labels:
            if any(values):
                raise HeaderError(index, f"#{index + 1}")
            continue
        if not columns and _slipped_row_number(labels, values):
            columns.append(Column(index=index, role=Role.ROW_NUMBER, header=" / ".join(labels),
                                  name=ROLE_LABELS[Role.ROW_NUMBER]))
            continue
        columns.append(_column(index, labels, values))
    return tuple(columns)


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
    numbers = [int(v) for v in filled if v.isdigit()]
    if len(numbers) < 3 or len(numbers) * 10 < len(filled) * 9 or numbers[0] != 1:
        return False
    return all(b == a + 1 or b == 1 for a, b in zip(numbers, numbers[1:]))


def _distinct(labels) -> list[str]:
    out: list[str] = []
    for label in labels:
        if label and (not out or out[-1] != label):
            out.append(label)
    return out


def _column(index: int, labels: list[str], values: list[str]) -> Column:
    header = " / ".join(labels)
    group, sub = labels[0], labels[-1]
    top = classify(group)
    low = classify(sub) if len(labels) > 1 else top
    role, scorer = top.role, top.scorer
    if len(labels) > 1:
        scorer = low.scorer or top.scorer
        if low.role not in (None, Role.AREA):
            role = low.role
            if low.role in (Role.TOTAL, Role.SURVEY, Role.INDEX, Role.RANK, Role.CLASS, Role.MAXIMUM):
                group = sub
    if role is None and len(labels) == 1 and scorer is not None:
        role, scorer = Role.AREA, None  # "Điểm thẩm định (65)": a component of the total
    if top.rank_and_class and (len(labels) == 1 or low.role in (None, Role.AREA) or low.rank_and_class):
        # "Kết quả xếp hạng và phân loại" over mislabelled sub-headers: the cells decide.
        role = Role.CLASS if _mostly_classes(values) else Role.RANK
        scorer = None
    if role is None:
        raise HeaderError(index, header)
    if role in (Role.RANK, Role.CLASS, Role.ROW_NUMBER, Role.UNIT, Role.INDEX, Role.MAXIMUM, Role.NOTE):
        scorer = None
    maximum = header_maximum(group) or header_maximum(sub) if role in (Role.AREA, Role.TOTAL, Role.SURVEY) else None
    name = area_name(group) if role == Role.AREA else ROLE_LABELS[role]
    if role == Role.AREA and not (name and (maximum or scorer or _looks_like_area(name) or _holds_maxima(values))):
        raise HeaderError(index, header)
    return Column(
        index=index,
        role=role,
        header=header,
        name=name,
        scorer=scorer,
        maximum=maximum[0] if maximum else None,
        maximum_text=maximum[1] if maximum else None,
    )


_AREA_WORDS = (
    "cai cach", "cong tac", "chi dao", "xay dung", "hien dai", "tac dong", "linh vuc", "thu tuc", "the che",
    "to chuc", "cong vu", "tai chinh", "chinh quyen", "danh gia", "tham dinh", "diem", "thuc hien", "ket qua",
)


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
