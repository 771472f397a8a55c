"""An audit's outcome: the document, its tables with recomputed values, its findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from cchc_audit.extract.domain.findings import Finding, Scorer, Severity
from cchc_audit.extract.domain.model import Metadata, Table

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class TableResult:
    """One audited table and the figures recomputed for it."""

    table: Table
    sums: dict[tuple[int, Scorer | None], Decimal] = field(default_factory=dict)
    basis: dict[int, Decimal] = field(default_factory=dict)
    ranks: dict[int, int] = field(default_factory=dict)
    classes: dict[int, str] = field(default_factory=dict)
    ties: str | None = None
    maxima: dict[int, Decimal] = field(default_factory=dict)
    # Without a rule set: (class, lowest, highest figure) as the document's own classes imply.
    implied_bands: tuple[tuple[str, Decimal, Decimal], ...] = ()


@dataclass(frozen=True)
class AuditReport:
    source: str
    sha256: str | None
    status: str
    findings: tuple[Finding, ...] = ()
    metadata: Metadata | None = None
    tables: tuple[TableResult, ...] = ()
    reader: str | None = None
    cross_check: str | None = None  # the second reader that questioned the first, if any
    rules: str | None = None
    rules_assumed: bool = False
    error_vi: str | None = None
    error_en: str | None = None

    def error(self, lang: str = "vi") -> str | None:
        return self.error_en if lang == "en" else self.error_vi

    @property
    def summary(self) -> dict[str, int]:
        counts = {"errors": 0, "warnings": 0, "info": 0}
        key = {Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.INFO: "info"}
        for finding in self.findings:
            counts[key[finding.severity]] += 1
        return counts

    @property
    def valid(self) -> bool:
        return self.status == "ok" and self.summary["errors"] == 0

    @property
    def exit_code(self) -> int:
        """0: no error finding; 1: discrepancies; 2: unreadable or no ranking table."""
        if self.status != "ok":
            return 2
        return 0 if self.valid else 1
