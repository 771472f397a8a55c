"""The JSON report of DESIGN.md (schema_version 1)."""

from __future__ import annotations

import json
from decimal import Decimal

from cchc_audit.extract.domain.findings import Finding
from cchc_audit.extract.domain.numbers import format_number
from cchc_audit.report.model import SCHEMA_VERSION, AuditReport, TableResult
from cchc_audit.validate.frame import Unreadable, cell_value

FINDING_FIELDS = (
    "code", "severity", "table", "row", "unit", "column", "scorer",
    "published", "expected", "message", "page", "bbox", "line",
)


def finding_to_dict(finding: Finding, lang: str = "vi") -> dict:
    return {
        "code": finding.code.value,
        "severity": finding.severity.value,
        "table": finding.table,
        "row": finding.row,
        "unit": finding.unit,
        "column": finding.column,
        "scorer": finding.scorer.value if finding.scorer else None,
        "published": finding.published,
        "expected": finding.expected,
        "message": finding.message(lang),
        "page": finding.page,
        "bbox": list(finding.bbox) if finding.bbox else None,
        "line": finding.line,
        "rows": list(finding.rows) or None,
        "compared": None
        if finding.compared_page is None
        else {"page": finding.compared_page, "bbox": list(finding.compared_bbox) if finding.compared_bbox else None},
    }


def _number(value: Decimal | None) -> str | None:
    """A figure for the report; exact quotients are shown to 4 decimals."""
    if value is None:
        return None
    if -value.as_tuple().exponent > 4:
        return format_number(value, 4)
    return format_number(value)


def table_to_dict(result: TableResult) -> dict:
    table = result.table
    rows = []
    for row in table.rows:
        cells = {}
        for column in table.columns:
            value = cell_value(column, row.cell(column).text)
            cells[column.key] = {
                "text": row.cell(column).text,
                "readable": not isinstance(value, Unreadable),
            }
        sums = {
            (scorer.value if scorer else "total"): format_number(total)
            for (number, scorer), total in result.sums.items()
            if number == row.number
        }
        rows.append(
            {
                "row": row.number,
                "line": row.cells[0].line if row.cells else None,
                "page": row.cells[0].page if row.cells else None,
                "cells": cells,
                "recomputed": {
                    "totals": sums,
                    "basis": _number(result.basis.get(row.number)),
                    "maximum": _number(result.maxima.get(row.number)),
                    "rank": result.ranks.get(row.number),
                    "class": result.classes.get(row.number),
                },
            }
        )
    return {
        "index": table.index,
        "title": table.title,
        "reader": table.reader,
        "ties": result.ties,
        "columns": [
            {
                "key": c.key,
                "role": c.role.value,
                "role_source": c.role_source.value,
                "name": c.name,
                "header": c.header,
                "scorer": c.scorer.value if c.scorer else None,
                "maximum": _number(c.maximum),
            }
            for c in table.columns
        ],
        "maxima": {c.key: _number(c.maximum) for c in table.columns if c.maximum is not None},
        "implied_bands": [
            {"class": name, "lowest": _number(low), "highest": _number(high)} for name, low, high in result.implied_bands
        ],
        "footer": [{c.key: row.cell(c).text for c in table.columns} for row in table.footer],
        "rows": rows,
    }


def report_to_dict(report: AuditReport, lang: str = "vi", reviews=None) -> dict:
    """The JSON report; with `reviews` (a sequence of `report.reviews.Review`, possibly empty)
    each finding also carries its `fingerprint` and `review`, and a `reviews` section
    gives the progress and the stale reviews."""
    metadata = report.metadata
    data = {
        "schema_version": SCHEMA_VERSION,
        "source": report.source,
        "sha256": report.sha256,
        "status": report.status,
        "error": report.error(lang),
        "reader": report.reader,
        "cross_check": report.cross_check,
        "rules": report.rules,
        "rules_assumed": report.rules_assumed,
        "document": None
        if metadata is None
        else {
            "issuer": metadata.issuer,
            "number": metadata.number,
            "date": metadata.date,
            "place": metadata.place,
            "year": metadata.index_year or metadata.year,
            "title": metadata.title,
            "level": metadata.level,
        },
        "tables": [table_to_dict(t) for t in report.tables],
        "findings": [finding_to_dict(f, lang) for f in report.findings],
        "summary": report.summary,
    }
    if reviews is not None:
        from cchc_audit.report.reviews import reviews_section

        reviews_section(report, data, reviews, lang)
    return data


def report_to_json(report: AuditReport, lang: str = "vi", reviews=None) -> str:
    return json.dumps(report_to_dict(report, lang, reviews), ensure_ascii=False, indent=2)


def reports_to_json(reports: list[AuditReport], lang: str = "vi") -> str:
    if len(reports) == 1:
        return report_to_json(reports[0], lang)
    return json.dumps([report_to_dict(r, lang) for r in reports], ensure_ascii=False, indent=2)

