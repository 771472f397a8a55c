"""Give a column its role from its cells, where its header label does not settle one.

Only four roles can be told from cells alone, and only when the cells leave no doubt:

- the row number (STT): the leftmost column, its label lost (blank, only a column number, or
  specks a scan made of it), counting 1, 2, 3 … (restarting at 1 per block);
- the unit: the one column of mostly distinct names;
- the class: a column of a class vocabulary ("Xuất sắc", "Tốt" …; "Nhóm A" …);
- the rank: whole numbers forming the ranks of the rows (1..n, ties shared), just right of a
  total or an index, or right of every score column of a table whose row numbers are told
  already, so that it cannot be a row number.

Content never overrides a clear label: it fills the gaps a lost or unknown label leaves. A
wrong role would accuse people falsely, so a column that fits none of these stays unplaced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cchc_audit.extract.domain.classes import is_class_text
from cchc_audit.extract.domain.model import ROLE_LABELS, Column, Role, RoleSource
from cchc_audit.extract.domain.numbers import parse_number, parse_row_number, parse_score
from cchc_audit.extract.domain.text import fold
from cchc_audit.extract.roles.labels import reads_as_nothing

FILLED_SHARE = 0.9  # the share of rows a column must fill, and of its cells that must fit
MIN_ROWS = 3


@dataclass(frozen=True)
class Unsettled:
    """A header column whose label (blank or unknown) does not tell its role, with its cells."""

    index: int
    header: str
    values: tuple[str, ...]
    # The roles its cells may give it (an area label over words may only be a class), and
    # the column its label gave it, kept when its cells give none.
    allowed: frozenset[Role] = frozenset((Role.ROW_NUMBER, Role.UNIT, Role.CLASS, Role.RANK))
    fallback: Column | None = None


def unit_rows(rows: Sequence[Sequence[str]]) -> list[Sequence[str]]:
    """The rows that hold figures (units and footers), not titles or repeated headers."""
    return [row for row in rows if sum(1 for cell in row if parse_number(cell) is not None) >= 2]


def _filled(values: Sequence[str]) -> list[str] | None:
    """The non-empty cells, when they fill enough rows to judge the column by."""
    filled = [v for v in values if v]
    if len(filled) < MIN_ROWS or len(filled) < FILLED_SHARE * len(values):
        return None
    return filled


def _mostly(filled: Sequence[str], test) -> bool:
    return sum(1 for v in filled if test(v)) >= FILLED_SHARE * len(filled)


def is_row_sequence(values: Sequence[str]) -> bool:
    """1, 2, 3 … ("1.", "01", "1)" alike), restarting at 1 where a new block begins; a slip or
    two (what `row-number-sequence` reports) does not hide what the column is."""
    filled = _filled(values)
    if filled is None:
        return False
    numbers = [parse_row_number(v) for v in filled]
    if any(n is None for n in numbers) or numbers[0].value != 1:
        return False
    steps = [b.value == a.value + 1 or b.value == 1 for a, b in zip(numbers, numbers[1:])]
    return sum(steps) >= FILLED_SHARE * len(steps)


def is_rank_sequence(values: Sequence[str]) -> bool:
    """Whole numbers that are the ranks of the n rows: each within 1..n, rank 1 given, and
    mostly distinct (equal totals share a rank; a mistyped rank is what the audit reports)."""
    filled = _filled(values)
    if filled is None:
        return False
    numbers = [parse_row_number(v) for v in filled]
    if any(n is None for n in numbers):
        return False
    ranks = [int(n.value) for n in numbers]
    return 1 in ranks and all(1 <= r <= len(ranks) for r in ranks) and len(set(ranks)) >= 0.7 * len(ranks)


def is_class_column(values: Sequence[str]) -> bool:
    filled = _filled(values)
    return filled is not None and _mostly(filled, is_class_text)


def is_name_column(values: Sequence[str]) -> bool:
    """Text, not figures nor classes, and mostly different from row to row."""
    filled = _filled(values)
    if filled is None:
        return False

    def is_name(text: str) -> bool:
        return (parse_score(text) is None and parse_row_number(text) is None and not is_class_text(text)
                and sum(ch.isalpha() for ch in text) >= 3)

    distinct = {fold(v) for v in filled}
    return _mostly(filled, is_name) and len(distinct) >= FILLED_SHARE * len(filled)


def is_text_column(values: Sequence[str]) -> bool:
    """Cells that are mostly not figures: no score column holds them."""
    filled = [v for v in values if v]
    return bool(filled) and not _mostly(filled, lambda v: parse_score(v) is not None)


_SCORES = (Role.AREA, Role.TOTAL, Role.SURVEY, Role.INDEX)


def _right_of_scores(index: int, settled: Sequence[Column]) -> bool:
    """Whether a column stands right of every score column, a total or index among them (a
    table printing its total before its parts: "Tổng điểm | Điểm đánh giá | Điều tra XHH")."""
    scores = [c for c in settled if c.role in _SCORES]
    return (any(c.role in (Role.TOTAL, Role.INDEX) for c in scores)
            and all(c.index < index for c in scores))


def content_columns(unsettled: Sequence[Unsettled], settled: Sequence[Column]) -> list[Column]:
    """Columns whose cells tell their role, or their label's fallback; the others are left
    out (the caller names them)."""
    have = {c.role for c in settled}
    leftmost = min((c.index for c in settled), default=None)
    names = [u for u in unsettled if is_name_column(u.values)]
    found: list[Column] = []
    for column in unsettled:
        before = [c for c in settled if c.index < column.index]
        after_figure = bool(before) and max(before, key=lambda c: c.index).role in (Role.TOTAL, Role.INDEX)
        after_scores = Role.ROW_NUMBER in have and _right_of_scores(column.index, settled)
        candidates = (
            (Role.ROW_NUMBER, column is unsettled[0] and reads_as_nothing(column.header)
             and (leftmost is None or column.index < leftmost) and is_row_sequence(column.values)),
            (Role.UNIT, names == [column]),
            (Role.CLASS, is_class_column(column.values)),
            (Role.RANK, (after_figure or after_scores) and is_rank_sequence(column.values)),
        )
        role = next((r for r, fits in candidates if fits and r in column.allowed and r not in have), None)
        if role is None:
            if column.fallback is not None:
                found.append(column.fallback)
            continue
        have.add(role)
        found.append(Column(index=column.index, role=role, header=column.header, name=ROLE_LABELS[role],
                            role_source=RoleSource.CONTENT))
    return found
