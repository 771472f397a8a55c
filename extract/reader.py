"""Pick the reader for a document's kind."""

from __future__ import annotations

from cchc_audit.extract.domain.model import Document, Extraction, Kind
from cchc_audit.extract.source import SourceError
from cchc_audit.extract.roles.assemble import UnplacedColumn
from cchc_audit.extract.text.tables import text_to_extraction


def document_to_extraction(document: Document) -> tuple[Extraction, tuple[UnplacedColumn, ...]]:
    """Metadata and ranking tables of a document, whatever its kind."""
    if document.kind == Kind.TEXT:
        return text_to_extraction(document.text or "")
    if document.kind == Kind.PDF:
        from cchc_audit.extract.pdf.reader import pdf_to_extraction  # pdfplumber loads only for PDFs

        return pdf_to_extraction(document)
    if document.kind == Kind.DOCX:
        from cchc_audit.extract.word.docx import docx_to_extraction  # python-docx loads only for Word files

        return docx_to_extraction(document)
    raise SourceError(
        f"{document.source}: chưa hỗ trợ định dạng {document.kind.value.upper()}",
        f"{document.source}: {document.kind.value.upper()} documents are not supported yet",
    )
