"""Classes from a rule set's bands, and class order against the totals without one."""

from __future__ import annotations

from bisect import bisect_right
from decimal import Decimal

import pandas as pd

from cchc_audit.compute.rules import RuleSet
from cchc_audit.extract.domain.classes import class_rank
from cchc_audit.extract.domain.findings import Code, Finding
from cchc_audit.extract.domain.model import Role, Table
from cchc_audit.extract.domain.numbers import format_number
from cchc_audit.extract.domain.cells import cell_finding


def published_classes(table: Table, frame: pd.DataFrame) -> dict[int, str]:
    column = table.first(Role.CLASS)
    if column is None:
        return {}
    return {row: value for row, value in frame[column.key].items() if isinstance(value, str)}


def recompute_classes(
    table: Table, frame: pd.DataFrame, basis: dict[int, Decimal], rules: RuleSet | None
) -> tuple[dict[int, str], list[Finding]]:
    """Expected classes by the rule set, and a `class-mismatch` for each that differs."""
    column = table.first(Role.CLASS)
    published = published_classes(table, frame)
    if column is None or rules is None or not published:
        return {}, []
    if any(class_rank(name) is None or class_rank(name)[0] != rules.vocabulary for name in published.values()):
        return {}, []  # the document uses another vocabulary: the rule set does not apply
    expected: dict[int, str] = {}
    findings = []
    for row, value in basis.items():
        band = rules.classify(value)
        expected[row] = band.name
        if row in published and published[row] != band.name:
            findings.append(
                cell_finding(
                    Code.CLASS_MISMATCH,
                    table,
                    row,
                    column,
                    expected=band.name,
                    details=(("basis", format_number(value)), ("rules", rules.name), ("band", rules.band_text(band))),
                )
            )
    return expected, findings


def class_order_findings(
    table: Table, frame: pd.DataFrame, basis: dict[int, Decimal], already: set[int]
) -> list[Finding]:
    """Units whose class is out of order with their totals, blaming as few as possible.

    Rows are sorted by total, highest first; the longest run whose classes never get
    better keeps its classes, and each other row is a `class-order-violation`. Rows
    already flagged by `class-mismatch` are left out.
    """
    column = table.first(Role.CLASS)
    published = published_classes(table, frame)
    ranked = [
        (basis[row], class_rank(name)[1], row)
        for row, name in published.items()
        if row in basis and row not in already and class_rank(name) is not None
    ]
    if column is None or len(ranked) < 2 or len({class_rank(published[r])[0] for _, _, r in ranked}) > 1:
        return []
    ranked.sort(key=lambda item: (-item[0], item[1]))
    kept = _longest_non_decreasing([position for _, position, _ in ranked])
    findings = []
    for index, (value, position, row) in enumerate(ranked):
        if index in kept:
            continue
        others = [(v, r) for v, p, r in ranked if (v < value and p < position) or (v > value and p > position)]
        lower = "; ".join(f"{published[r]} ({format_number(v)})" for v, r in others[:3])
        findings.append(
            cell_finding(
                Code.CLASS_ORDER_VIOLATION,
                table,
                row,
                column,
                details=(("basis", format_number(value)), ("others", lower)),
            )
        )
    findings.sort(key=lambda f: f.row)
    return findings


def _longest_non_decreasing(values: list[int]) -> set[int]:
    """Indices of one longest non-decreasing subsequence (classes only get worse down the list)."""
    tails: list[int] = []
    tail_index: list[int] = []
    parent = [-1] * len(values)
    for i, value in enumerate(values):
        k = bisect_right(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_index.append(i)
        else:
            tails[k] = value
            tail_index[k] = i
        parent[i] = tail_index[k - 1] if k else -1
    kept: set[int] = set()
    i = tail_index[-1] if tail_index else -1
    while i >= 0:
        kept.add(i)
        i = parent[i]
    return kept


def implied_bands(table: Table, frame: pd.DataFrame, basis: dict[int, Decimal]) -> list[tuple[str, Decimal, Decimal]]:
    """For each class the document uses, the lowest and highest figure of its units, best class first."""
    seen: dict[str, list[Decimal]] = {}
    for row, name in published_classes(table, frame).items():
        if row in basis:
            seen.setdefault(name, []).append(basis[row])
    ordered = sorted(seen, key=lambda name: (class_rank(name) or ("", 99))[1])
    return [(name, min(seen[name]), max(seen[name])) for name in ordered]
