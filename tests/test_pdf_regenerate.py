"""The fixture script still prints a decision from Word to PDF that reads back exactly."""

from cchc_audit.extract.source import load_source
from cchc_audit.extract.pdf.reader import pdf_to_extraction
from fixtures.build_pdf import Typeset, build
from fixtures.decisions import seed_decision, table_cells

from conftest import needs


@needs("libreoffice-writer-nogui", "fonts-liberation2")  # Times New Roman is printed in Liberation Serif
def test_seed_typeset_again_reads_back(tmp_path):
    [pdf] = build([Typeset(seed_decision(), ruled=True)], tmp_path)
    extraction, _ = pdf_to_extraction(load_source(pdf))
    header, body = table_cells(seed_decision())
    assert [[c.text for c in row.cells] for row in extraction.tables[0].rows] == body
