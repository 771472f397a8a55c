"""Findings about the decision itself: blank number, incomplete date, years that disagree."""

from __future__ import annotations

from cchc_audit.extract.domain.findings import Code, Finding
from cchc_audit.extract.domain.model import Metadata


def metadata_findings(metadata: Metadata) -> list[Finding]:
    findings = []
    if metadata.number_text is not None and metadata.number is None:
        findings.append(
            Finding(code=Code.MISSING_DECISION_NUMBER, published=metadata.number_text, line=metadata.number_line)
        )
    if metadata.date_text is not None and (metadata.day is None or metadata.month is None):
        findings.append(
            Finding(code=Code.MISSING_SIGNING_DATE, published=metadata.date_text, line=metadata.date_line)
        )
    if metadata.index_year and metadata.table_year and metadata.index_year != metadata.table_year:
        findings.append(
            Finding(
                code=Code.YEAR_MISMATCH,
                published=str(metadata.table_year),
                expected=str(metadata.index_year),
            )
        )
    return findings
