"""Give each column of a ranking table a role from its header text, and from its cells where
the text does not tell.

The header is one to three rows of cells. A group label ("Cải cách thể chế (Tối đa
10.5 điểm)") spans the cells to its right that are empty above a sub-label ("Tự chấm",
"Thẩm định"). Roles come from folded Vietnamese keywords, never from positions; a
sub-label that names something wins over its group label ("Điểm thẩm định các lĩnh vực"
over each area's own name). Where a label is blank or unknown, the column's cells may
tell its role (`extract.roles.content`); a column neither settles is not guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from cchc_audit.extract.domain.classes import is_class_text
from cchc_audit.extract.domain.model import ROLE_LABELS, Column, Role, RoleSource
from cchc_audit.extract.domain.numbers import parse_row_number
from cchc_audit.extract.domain.text import distance, normalise_text, squash
from cchc_audit.extract.roles.content import Unsettled, content_columns, is_text_column, unit_rows
from cchc_audit.extract.roles.labels import (
    ROW_NUMBER_KEYS,
    area_name,
    classify,
    column_number,
    header_maximum,
    is_column_number_row,
    looks_like_area,
    names_something,
)


class HeaderError(Exception):
    """A header column whose role cannot be told; names the column."""

    def __init__(self, column: int, header: str) -> None:
        super().__init__(header)
        self.column = column
        self.header = header


def spread_groups(rows: Sequence[Sequence[str]]) -> list[list[str]]:
    """Copy each group label over the empty cells it spans in the rows above the last: those
    with sub-labels under them, as under the group label's own cell."""
    width = max(len(row) for row in rows)
    grid = [[normalise_text(cell) for cell in row] + [""] * (width - len(row)) for row in rows]
    for r in range(len(grid) - 1):
        below = grid[r + 1 :]
        for c in range(1, width):
            if grid[r][c] or not grid[r][c - 1]:
                continue
            spans = any(_sub_label(row[c]) for row in below) and any(_sub_label(row[c - 1]) for row in below)
            if spans:
                grid[r][c] = grid[r][c - 1]
    return grid


def _sub_label(cell: str) -> bool:
    """A label under a group label; a column's number ("(6)") is none, and spans nothing."""
    return bool(cell) and not column_number(cell)


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
    numbered = numbered_columns(grid[0]) if len(grid) == 1 and is_column_number_row(grid[0]) else None
    stacks = [_numbers_left_out(_distinct(row[index] for row in grid)) for index in range(width)]
    bottoms = Counter(stack[-1] for stack in stacks if len(stack) > 1)
    repeated = {label for label, count in bottoms.items() if count > 1}  # "Tự chấm", "Điểm đạt" under each area
    for index in range(width):
        labels = stacks[index]
        values = [normalise_text(row[index]) for row in data_rows if index < len(row)]
        cells = tuple(normalise_text(row[index]) if index < len(row) else "" for row in figures)
        if numbered is not None:  # a header of column numbers only: its formula, then the cells, tell
            if index in numbered:
                settled.append(numbered[index])
            elif labels or any(values):
                unsettled.append(Unsettled(index, " / ".join(labels), cells))
            continue
        if not labels:
            if any(values):
                unsettled.append(Unsettled(index, "", cells))
            continue
        if not settled and not unsettled and _slipped_row_number(labels, values):
            settled.append(Column(index=index, role=Role.ROW_NUMBER, header=" / ".join(labels),
                                  name=ROLE_LABELS[Role.ROW_NUMBER]))
            continue
        column = _column(index, labels, values, repeated)
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
    columns = _own_area_names(_one_scorer(sorted(settled, key=lambda c: c.index)), grid)
    stray = _stray_area(columns)
    if stray is not None:
        raise HeaderError(stray.index, stray.header)
    return tuple(columns)


def _stray_area(columns: Sequence[Column]) -> Column | None:
    """An area column no header read whole gives (a scan's header whose labels slid into the
    wrong columns): one scored by nobody among areas that name their scorer. The totals
    would add the wrong columns: its table is not audited."""
    areas = [c for c in columns if c.role == Role.AREA]
    if not any(c.scorer is not None for c in areas):
        return None
    return next((c for c in areas if c.scorer is None), None)


def numbered_columns(cells: Sequence[str]) -> dict[int, Column]:
    """From a header of column numbers only, the total and its parts its formula names:
    "(5)=(3)+(4)" makes column 5 the total of areas 3 and 4 (named "Cột (3)", "Cột (4)")."""
    at = {number: index for index, cell in enumerate(cells) if cell for number in (column_number(cell) or ((),))[0]}
    found: dict[int, Column] = {}
    for index, cell in enumerate(cells):
        parsed = column_number(cell) if cell else None
        if not parsed or not parsed[1] or any(term not in at for term in parsed[1]):
            continue
        found[index] = Column(index=index, role=Role.TOTAL, header=cell, name=ROLE_LABELS[Role.TOTAL])
        for term in parsed[1]:
            part = at[term]
            found[part] = Column(index=part, role=Role.AREA, header=cells[part], name=f"Cột ({term})")
        break
    return found


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
        letters == key or (len(key) >= 3 and distance(letters, key) <= 1) for key in ROW_NUMBER_KEYS
    ):
        return False
    filled = [v for v in values if v]
    numbers = [int(n.value) for v in filled if (n := parse_row_number(v)) is not None]
    if len(numbers) < 3 or len(numbers) * 10 < len(filled) * 9 or numbers[0] != 1:
        return False
    return all(b == a + 1 or b == 1 for a, b in zip(numbers, numbers[1:]))


_UNSCORED = (Role.ROW_NUMBER, Role.UNIT, Role.INDEX, Role.RANK, Role.CLASS, Role.MAXIMUM, Role.NOTE)


def _numbers_left_out(labels: list[str]) -> list[str]:
    """A column's labels without the column number left under them ("(3)"), when the row of
    column numbers was read too garbled to be told as one: a number under labels that state
    their maximum ("Điểm thẩm định (65)"), or that name a column no maximum belongs to
    ("Chỉ số CCHC (%)"), is no maximum. Under any other label it may be one, and stays."""
    if len(labels) < 2 or not column_number(labels[-1]):
        return labels
    above = labels[:-1]
    if any(header_maximum(label) for label in above) or classify(above[-1]).role in _UNSCORED:
        return above
    return labels


def _distinct(labels) -> list[str]:
    out: list[str] = []
    for label in labels:
        if label and (not out or out[-1] != label):
            out.append(label)
    return out


def _column(index: int, labels: list[str], values: list[str], repeated: set[str] = frozenset()) -> Column | None:
    """The column its labels describe, or None when they do not tell its role.

    A sub-label names its area when it says something of its own ("Cải cách thể chế"), or when
    it stands under one column only ("Điểm đánh giá, thẩm định" under "Kết quả đánh giá");
    a sub-label repeated under every area ("Điểm đạt", "Kết quả") leaves the group's name."""
    umbrella = None
    if len(labels) > 2 and classify(labels[0]).role in (Role.AREA, Role.INDEX, None):
        umbrella = classify(labels[0]).scorer  # "Kết quả chấm điểm các lĩnh vực" over areas over scorers
        labels = labels[1:]
    header = " / ".join(labels)
    group, sub = labels[0], labels[-1]
    top = classify(group)
    low = classify(sub) if len(labels) > 1 else top
    role, scorer = top.role, top.scorer or umbrella
    if len(labels) > 1:
        scorer = low.scorer or scorer
        if top.role in (Role.AREA, Role.INDEX, None) and (
            low.role == Role.AREA and (names_something(sub) or sub not in repeated)
            or low.role is None and sub not in repeated and not names_something(group)
        ):
            # the sub-label names the area; the group only gathers ("Kết quả đánh giá" over
            # "Điểm thẩm định (65)": a group naming nothing of its own leaves its one column the sub-label)
            role, group = Role.AREA, sub
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
    if role == Role.AREA and not (name and (maximum or scorer or looks_like_area(name) or _holds_maxima(values))):
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


def _weak_area(column: Column, values: Sequence[str]) -> bool:
    """An area told only by a word of its label, with no maximum or scorer, over words."""
    return (column.role == Role.AREA and column.maximum is None and column.scorer is None
            and not _holds_maxima(values) and is_text_column(values))


def _holds_maxima(values: Sequence[str]) -> bool:
    return any("/" in v for v in values)


def _mostly_classes(values: Sequence[str]) -> bool:
    filled = [v for v in values if v]
    return bool(filled) and sum(is_class_text(v) for v in filled) * 2 > len(filled)


def is_ranking_header(columns: Sequence[Column]) -> bool:
    """A ranking table names its units and has at least one score, rank or class column."""
    roles = {c.role for c in columns}
    return Role.UNIT in roles and bool(roles & {Role.AREA, Role.TOTAL, Role.RANK, Role.INDEX})
