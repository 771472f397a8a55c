"""The Prefect flow that audits one document; each task calls a plain pipeline step."""

from __future__ import annotations

from prefect import flow, task

from cchc_audit.extract.domain.model import Document
from cchc_audit.extract.reader import document_to_extraction
from cchc_audit.extract.source import SourceError, load_source
from cchc_audit.flows.pipeline import AuditOptions, audit_extraction, failed_report
from cchc_audit.report.model import AuditReport


@task(name="load-document")
def load_document_task(source: str) -> Document:
    return load_source(source)


@task(name="extract-tables")
def extract_tables_task(document: Document):
    return document_to_extraction(document)


@task(name="audit-tables")
def audit_tables_task(document: Document, extracted, rules: str | None, cross_check: bool = True) -> AuditReport:
    extraction, unplaced = extracted
    return audit_extraction(document, extraction, unplaced, AuditOptions(rules=rules, cross_check=cross_check))


@flow(name="audit-document", log_prints=True)
def audit_document_flow(source: str, rules: str | None = None, cross_check: bool = True) -> AuditReport:
    """Audit one decision: load it, extract its tables, validate and recompute them."""
    try:
        document = load_document_task(source)
        extracted = extract_tables_task(document)
    except SourceError as error:
        return failed_report(source, error)
    return audit_tables_task(document, extracted, rules, cross_check)
