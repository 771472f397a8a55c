"""Point every finding at the cells a reviewer should look at.

Cell findings already carry their cell's page and bbox (PDF) or line (text). This adds
what the checks cannot know: where a decision-level finding's text line stands in a PDF,
the header cell of a table-level finding, and the cell a questioned figure is judged
against — the counted total for a rank, class or index, the header's maximum for a
score above it, the self-assessed score for an appraisal above it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from cchc_audit.extract.domain.findings import Code, Finding, Scorer
from cchc_audit.extract.domain.model import Cell, Column, Extraction, Role, Table

_AGAINST_TOTAL = {Code.RANK_MISMATCH, Code.CLASS_MISMATCH, Code.CLASS_ORDER_VIOLATION, Code.INDEX_MISMATCH}


def locate_findings(findings: Sequence[Finding], extraction: Extraction) -> list[Finding]:
    tables = {table.index: table for table in extraction.tables}
    out = []
    for finding in findings:
        if finding.page is None and finding.line is not None and finding.line in extraction.places:
            page, bbox = extraction.places[finding.line]
            finding = finding.located(page, bbox, None)
        table = tables.get(finding.table) if finding.table is not None else None
        if table is not None:
            finding = _in_table(finding, table)
        out.append(finding)
    return out


def _in_table(finding: Finding, table: Table) -> Finding:
    column = _column(table, finding.column, finding.scorer)
    header = _header_cell(table, column)
    if finding.row is None:
        if finding.bbox is None and header is not None and header.page is not None:
            return replace(finding, page=header.page, bbox=header.bbox, line=finding.line if header.line is None else header.line)
        return finding
    compared = _compared_cell(finding, table, column, header)
    if compared is None or compared.page is None:
        return finding
    return replace(finding, compared_page=compared.page, compared_bbox=compared.bbox)


def _column(table: Table, name: str | None, scorer: Scorer | None) -> Column | None:
    matches = [c for c in table.columns if c.name == name]
    return next((c for c in matches if c.scorer == scorer), matches[0] if matches else None)


def _header_cell(table: Table, column: Column | None) -> Cell | None:
    if column is None or column.index >= len(table.header_cells):
        return None
    return table.header_cells[column.index]


def _compared_cell(finding: Finding, table: Table, column: Column | None, header: Cell | None) -> Cell | None:
    row = table.rows[finding.row - 1] if 0 < finding.row <= len(table.rows) else None
    if row is None:
        return None
    if finding.code in _AGAINST_TOTAL:
        total = next((c for c in table.by_role(Role.TOTAL) if c.scorer == table.counted_scorer), None)
        return row.cell(total) if total else None
    if finding.code == Code.SCORE_ABOVE_MAX:
        return header
    if finding.code == Code.APPRAISED_ABOVE_SELF:
        own = _column(table, finding.column, Scorer.SELF)
        return row.cell(own) if own else None
    if finding.code == Code.DUPLICATE_UNIT and column is not None:
        first = int(finding.detail("first_row", "0"))
        return table.rows[first - 1].cell(column) if 0 < first <= len(table.rows) else None
    return None
