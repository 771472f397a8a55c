"""Compare the two scorers: where the appraisal raised a self-assessed score."""

from __future__ import annotations

import pandas as pd

from cchc_audit.extract.domain.findings import Code, Finding, Scorer
from cchc_audit.extract.domain.model import Role, Table
from cchc_audit.extract.domain.numbers import Number
from cchc_audit.extract.domain.cells import cell_finding


def appraised_above_self(table: Table, frame: pd.DataFrame) -> list[Finding]:
    """An info finding for each area where the appraised score is above the self-assessed one."""
    pairs = []
    for column in table.by_role(Role.AREA):
        if column.scorer != Scorer.APPRAISED:
            continue
        own = next((c for c in table.by_role(Role.AREA) if c.name == column.name and c.scorer == Scorer.SELF), None)
        if own is not None:
            pairs.append((own, column))
    findings = []
    for row in frame.index:
        for own, appraised in pairs:
            mine, theirs = frame.at[row, own.key], frame.at[row, appraised.key]
            if isinstance(mine, Number) and isinstance(theirs, Number) and theirs.value > mine.value:
                findings.append(
                    cell_finding(Code.APPRAISED_ABOVE_SELF, table, row, appraised, published=mine.text, expected=theirs.text)
                )
    return findings
