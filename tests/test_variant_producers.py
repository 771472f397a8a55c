"""The held-out producers of the layout variants: a workbook printed by LibreOffice Calc, HTML
printed by Chromium. They print the same plan and truth as the tuning producers, are never
drawn by a seed, and every printed cell reaches the PDF's text as the truth has it.

None of these tests audits anything. The PDF tests skip, naming the program, where it is absent.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pdfplumber
import pytest
from openpyxl import load_workbook

from fixtures.variants.calc_pdf import figures_of, typed, variant_to_xlsx
from fixtures.variants.dimensions import DIMENSIONS, HELD_OUT, HELD_OUT_PRODUCERS, choose
from fixtures.variants.generate import generate
from fixtures.variants.html_pdf import variant_to_html
from fixtures.variants.layout import plan
from fixtures.variants.truth import truth_of
from fixtures.variants.variant import make_variant

from conftest import needs, needs_fonts

SEEDS = (HELD_OUT, HELD_OUT + 3, HELD_OUT + 12, 5)  # index-only over pages; paired 3 rows; two tables; blocks


def _figures(block_rows, columns) -> set[str]:
    """The cells that never wrap: figures, ranks, row numbers."""
    keep = [i for i, c in enumerate(columns) if c["role"] not in ("unit", "class", "note")]
    return {row[i] for row in block_rows for i in keep if row[i]}


def test_held_out_producers_are_never_drawn():
    assert not set(HELD_OUT_PRODUCERS) & set(DIMENSIONS["producer"])
    seeds = list(range(240)) + list(range(HELD_OUT, HELD_OUT + 60))
    assert {choose(seed)["producer"] for seed in seeds} == set(DIMENSIONS["producer"])


@pytest.mark.parametrize("producer", HELD_OUT_PRODUCERS)
def test_same_content_and_truth_as_the_tuning_producers(producer):
    for seed in SEEDS:
        tuned, held = make_variant(seed), make_variant(seed, {"producer": producer})
        assert held.content == tuned.content
        assert held.findings == tuned.findings
        assert truth_of(held, held.dims)["tables"] == truth_of(tuned, tuned.dims)["tables"]


def test_typed_figures_print_as_the_cells():
    assert typed("15,17", "area", "number") == (15.17, "[$-42A]0.00")
    assert typed("85,50", "index", "number") == (85.5, "[$-42A]0.00")
    assert typed("7", "rank", "number") == (7, "[$-42A]0")
    assert typed("01", "row-number", "number") == (1, "00")
    assert typed("3.", "row-number", "number") == ("3.", None)
    assert typed("15,17", "area", "text") == ("15,17", None)
    assert typed("Khá", "class", "number") == ("Khá", None)
    assert {figures_of(seed) for seed in range(40)} == {"text", "number"}


@needs_fonts
@pytest.mark.parametrize("seed", SEEDS)
def test_workbook_follows_the_plan(seed, tmp_path):
    variant = make_variant(seed, {"producer": "calc"})
    layout = plan(variant.content, variant.dims)
    path, dims = variant_to_xlsx(variant, tmp_path / "v.xlsx")
    assert dims["producer"] == "calc" and dims["figures"] == figures_of(seed)
    sheet = load_workbook(path)["Phụ lục"]
    assert sheet.page_setup.orientation == ("landscape" if layout.size[0] > layout.size[1] else "portrait")
    assert len(sheet.row_breaks.brk) == len(layout.pages) - 1
    spans = {(c.rows, c.cols) for c in layout.shape.header if c.rows > 1 or c.cols > 1}
    merged = {(r.max_row - r.min_row + 1, r.max_col - r.min_col + 1) for r in sheet.merged_cells.ranges}
    assert spans <= merged
    repeated = not variant.content.separate and len(layout.pages) > 1 and all(p[0].header for p in layout.pages[1:])
    assert bool(sheet.print_title_rows) == repeated
    texts = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None and isinstance(c.value, str)}
    numbers = {c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, (int, float))}
    for block in variant.content.blocks:
        for row in block.rows:
            for text, col in zip(row, variant.content.columns):
                value, _ = typed(text, col.role, dims["figures"])
                assert not text or (value in numbers if not isinstance(value, str) else value in texts), (text, col.name)


class _Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.spans, self.texts, self.theads = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "thead":
            self.theads += 1
        if tag == "th":
            self.spans.append((int(attrs.get("rowspan", 1)), int(attrs.get("colspan", 1))))

    def handle_data(self, data):
        self.texts.append(data)


@needs_fonts
@pytest.mark.parametrize("seed", SEEDS)
def test_html_follows_the_plan(seed):
    variant = make_variant(seed, {"producer": "html"})
    layout = plan(variant.content, variant.dims)
    page, dims = variant_to_html(variant)
    assert dims["producer"] == "html"
    cells = _Cells()
    cells.feed(page)
    header = sorted((c.rows, c.cols) for c in layout.shape.header)
    pieces_with_header = sum(p.header for pieces in layout.pages for p in pieces)
    assert cells.theads in (0, 1)
    assert sorted(cells.spans) == sorted(header * (1 if cells.theads else pieces_with_header))
    assert _figures([r for b in variant.content.blocks for r in b.rows],
                    [{"role": c.role} for c in variant.content.columns]) <= set(cells.texts)


def _printed(path) -> set[str]:
    with pdfplumber.open(path) as pdf:
        return {w["text"] for page in pdf.pages[1:] for w in page.extract_words(use_text_flow=True)}


@needs_fonts
@pytest.mark.parametrize("producer", [
    pytest.param("calc", marks=needs("libreoffice-calc-nogui", "libreoffice-writer-nogui")),  # Calc, by soffice
    pytest.param("html", marks=needs("chromium"))])
def test_every_figure_reaches_the_pdf(producer, tmp_path):
    # text figures and a header repeated over pages; formatted figures, blocks, "01" row numbers,
    # the last row alone; formatted figures under a running header
    paths = generate([HELD_OUT, HELD_OUT + 7, HELD_OUT + 12], tmp_path, overrides={"producer": producer})
    for path in paths:
        truth = json.loads(path.with_name(path.stem + ".truth.json").read_text(encoding="utf-8"))
        assert truth["dimensions"]["producer"] == producer
        assert int(truth["dimensions"]["pages"]) >= 1
        words = _printed(path)
        for table in truth["tables"]:
            missing = _figures(table["rows"], table["columns"]) - words
            assert not missing, (path.name, sorted(missing)[:5])
