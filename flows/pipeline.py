"""The audit as plain functions: source → document → tables → findings → report.

The command line calls `audit_source` directly; the Prefect flow in `flows/audit.py`
calls the same steps as tasks. Nothing here imports Prefect.
"""

from __future__ import annotations

from dataclasses import dataclass

from decimal import Decimal

from cchc_audit.compute.averages import check_averages
from cchc_audit.compute.classes import class_order_findings, implied_bands, recompute_classes
from cchc_audit.compute.compare import appraised_above_self
from cchc_audit.compute.coverage import table_not_checked
from cchc_audit.compute.index import check_index, index_values, published_index, unit_maxima
from cchc_audit.compute.maxima_misreads import review_maxima
from cchc_audit.compute.misreads import review_misreads
from cchc_audit.compute.ranks import Ties, recompute_ranks
from cchc_audit.compute.rules import RuleSet, find_rules, rules_for
from cchc_audit.compute.totals import explain_commas, recompute_totals
from cchc_audit.extract.domain.findings import Code, Finding
from cchc_audit.extract.domain.model import OCR_READER, Document, Extraction, Kind, Metadata, Role, Table
from cchc_audit.extract.domain.numbers import Number
from cchc_audit.extract.domain.text import fold
from cchc_audit.extract.reader import document_to_extraction
from cchc_audit.extract.source import SourceError, bytes_to_document, load_source
from cchc_audit.extract.roles.assemble import UnplacedColumn
from cchc_audit.report.evidence import locate_findings
from cchc_audit.report.model import AuditReport, TableResult
from cchc_audit.validate.checks import validate_table
from cchc_audit.validate.document import metadata_findings
from cchc_audit.validate.frame import table_to_frame
from cchc_audit.validate.unaudited import ranked_elsewhere, unaudited_findings


@dataclass(frozen=True)
class AuditOptions:
    """How to audit: which rule set (None: the decision's province picks one), and whether
    a second reader (camelot) reads a PDF's tables again to question our reading."""

    rules: str | None = None
    cross_check: bool = False

    def __post_init__(self) -> None:
        if self.rules is not None and not self.rules.strip():
            raise ValueError("rules must be a rule set name or a path")


def choose_rules(options: AuditOptions, metadata: Metadata) -> RuleSet | None:
    if options.rules:
        return find_rules(options.rules)
    return rules_for(metadata.issuer, metadata.place, metadata.index_year or metadata.year)


def tie_break_values(table: Table, frame, rules: RuleSet | None) -> dict[int, tuple[Decimal, ...]] | None:
    """The figures a rule set orders equal totals by, per row."""
    if rules is None or not rules.tie_break:
        return None
    columns = []
    for name in rules.tie_break:
        matching = [c for c in table.columns if c.is_score and fold(c.name) == fold(name)]
        matching.sort(key=lambda c: c.scorer != table.counted_scorer)
        if matching:
            columns.append(matching[0])
    return {
        row: tuple(v.value if isinstance(v := frame.at[row, c.key], Number) else Decimal(0) for c in columns)
        for row in frame.index
    }


def audit_table(table: Table, rules: RuleSet | None) -> tuple[TableResult, list[Finding]]:
    """Validate one table and reconcile its figures; ranks and classes follow recomputed totals.

    The ranking figure is the index when the table prints one (units may have maxima
    below 100), else the total; a rule set's bands apply to points or to the index.
    """
    frame = table_to_frame(table)
    structural = validate_table(table, frame)
    totals = recompute_totals(table, frame)
    structural = explain_commas(structural, totals.commas)
    maxima = unit_maxima(table, frame)
    # A table printing the index but no scores ranks and classes by the index as printed.
    indices = index_values(totals.basis, maxima) if totals.basis else published_index(table, frame)
    rank_basis = indices if table.first(Role.INDEX) is not None else totals.basis
    fixed_ties = Ties(rules.ties) if rules is not None and rules.ties != "document" else None
    ranks, rank_findings, ties = recompute_ranks(
        table, frame, rank_basis, fixed_ties, tie_break_values(table, frame, rules)
    )
    class_basis = indices if (rules is not None and rules.basis == "percent") or not totals.basis else totals.basis
    classes, class_findings = recompute_classes(table, frame, class_basis, rules)
    order = class_order_findings(table, frame, rank_basis, {f.row for f in class_findings})
    findings = (
        table_not_checked(table, frame, totals, rank_basis, ranks, classes)
        + structural
        + totals.findings
        + check_index(table, frame, totals.basis, maxima)
        + check_averages(table, frame)
        + rank_findings
        + class_findings
        + order
        + appraised_above_self(table, frame)
    )
    result = TableResult(
        table=table,
        sums=totals.sums,
        basis=rank_basis,
        ranks=ranks,
        classes=classes,
        ties=(fixed_ties or ties).value if (fixed_ties or ties) else None,
        maxima=maxima,
        implied_bands=tuple(implied_bands(table, frame, rank_basis)) if rules is None else (),
    )
    return result, findings


def no_table_finding(unplaced: tuple[UnplacedColumn, ...]) -> Finding:
    if unplaced:
        first = unplaced[0]
        return Finding(code=Code.UNPLACED_COLUMN, column=first.header, line=first.line)
    return Finding(code=Code.NO_RANKING_TABLE)


def audit_extraction(document: Document, extraction: Extraction, unplaced, options: AuditOptions) -> AuditReport:
    """Every finding for an extracted document."""
    metadata = extraction.metadata
    document_findings = locate_findings(metadata_findings(metadata), extraction)
    left_out = locate_findings(unaudited_findings(extraction.unaudited), extraction)
    if not extraction.tables:
        finding = no_table_finding(unplaced)
        return AuditReport(
            source=document.source,
            sha256=document.sha256,
            status="failed",
            findings=(finding, *document_findings, *left_out),
            metadata=metadata,
            reader=extraction.reader,
            error_vi=f"{document.source}: {finding.message('vi')}",
            error_en=f"{document.source}: {finding.message('en')}",
        )
    rules = choose_rules(options, metadata)
    results = []
    findings = list(document_findings)
    for table in extraction.tables:
        result, table_findings = audit_table(table, rules)
        if table.reader == OCR_READER:  # misread or misprint: the arithmetic decides
            table, result, table_findings = review_maxima(
                table, result, table_findings, lambda changed: audit_table(changed, rules)
            )
            result, table_findings = review_misreads(
                table, result, table_findings, lambda changed: audit_table(changed, rules)
            )
        results.append(result)
        findings.extend(table_findings)
    findings.extend(Finding(code=Code.UNPLACED_COLUMN, column=u.header, line=u.line, page=u.page) for u in unplaced)
    findings.extend(unaudited_findings(extraction.unaudited))
    findings.extend(unaudited_findings(ranked_elsewhere(extraction.tables)))
    cross_checked = None
    if options.cross_check and document.kind == Kind.PDF:
        from cchc_audit.extract.pdf.cross_check import OTHER_READER, cross_check

        findings.extend(cross_check(document, extraction))
        cross_checked = OTHER_READER
    findings = locate_findings(findings, extraction)
    return AuditReport(
        source=document.source,
        sha256=document.sha256,
        status="ok",
        findings=tuple(findings),
        metadata=metadata,
        tables=tuple(results),
        reader=extraction.reader,
        rules=rules.name if rules else None,
        rules_assumed=rules.assumed if rules else False,
        cross_check=cross_checked,
    )


def failed_report(source: str, error: SourceError, sha256: str | None = None) -> AuditReport:
    return AuditReport(
        source=source, sha256=sha256, status="failed", error_vi=error.message("vi"), error_en=error.message("en")
    )


def audit_document(document: Document, options: AuditOptions = AuditOptions()) -> AuditReport:
    try:
        extraction, unplaced = document_to_extraction(document)
    except SourceError as error:
        return failed_report(document.source, error, document.sha256)
    return audit_extraction(document, extraction, unplaced, options)


def audit_source(source: str, options: AuditOptions = AuditOptions()) -> AuditReport:
    """Load and audit one local file or http(s) URL; unreadable input becomes a failed report."""
    try:
        document = load_url(source) if source.startswith(("http://", "https://")) else load_source(source)
    except SourceError as error:
        return failed_report(source, error)
    return audit_document(document, options)


def load_url(url: str) -> Document:
    """A document fetched from its URL (httpx is imported only for URLs)."""
    from cchc_audit.flows.fetch import FetchError, fetch_document_bytes

    try:
        data = fetch_document_bytes(url)
    except FetchError as error:
        raise SourceError(error.message_vi, error.message_en) from None
    return bytes_to_document(url, data)
