"""Pictures of questioned cells, cropped from the PDF page they were printed on.

A cell's place is a `BBox` (x0, top, x1, bottom) in PDF points from the top-left corner
of the page's media box, as pdfplumber gives it; pages are 1-based. pypdfium2 renders
only the region around the box (plus a margin), so a crop costs milliseconds.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable

from cchc_audit.extract.domain.types import BBox, PageNo

MARGIN = 6.0  # points of page kept around a cell: enough to show its ruling


def crop_cell(pdf_bytes: bytes, page: PageNo, bbox: BBox, scale: float = 2, margin: float = MARGIN) -> bytes:
    """A PNG of `bbox` on `page` (1-based), rendered at `scale` × 72 dpi with `margin` points around it."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf_bytes)
    try:
        if not 1 <= page <= len(document):
            raise ValueError(f"page {page} is outside the document's {len(document)} pages")
        pdf_page = document[page - 1]
        pdf_page.set_rotation(0)  # bboxes are in the unrotated page's space
        media_left, _, _, media_top = pdf_page.get_mediabox()
        left, bottom, right, top = pdf_page.get_cropbox()
        x0, y0, x1, y1 = bbox
        # pdfplumber measures from the media box's top-left corner; pdfium renders the crop box.
        region_left = media_left + x0 - margin
        region_right = media_left + x1 + margin
        region_top = media_top - y0 + margin
        region_bottom = media_top - y1 - margin
        crop = (
            max(0.0, region_left - left),
            max(0.0, region_bottom - bottom),
            max(0.0, right - region_right),
            max(0.0, top - region_top),
        )
        if crop[0] + crop[2] >= right - left or crop[1] + crop[3] >= top - bottom:
            raise ValueError(f"bbox {bbox} is outside page {page}")
        bitmap = pdf_page.render(scale=scale, crop=crop)
        image = bitmap.to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue()
    finally:
        document.close()


def png_data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def union(boxes: Iterable[BBox]) -> BBox | None:
    boxes = list(boxes)
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def finding_regions(report) -> dict[int, tuple[PageNo, BBox]]:
    """For each finding (by its position in `report.findings`) the page region to picture.

    A finding's own bbox; else, for table-level findings, the union of the questioned
    cells' boxes when they stand on one page.
    """
    from cchc_audit.report.explain import finding_evidence

    boxes = cell_boxes(report)
    regions: dict[int, tuple[PageNo, BBox]] = {}
    for number, finding in enumerate(report.findings):
        if finding.page is not None and finding.bbox is not None:
            regions[number] = (finding.page, finding.bbox)
            continue
        placed = [boxes[key] for key in finding_evidence(report, finding).cells if key in boxes]
        pages = {page for page, _ in placed}
        if len(pages) == 1:
            regions[number] = (pages.pop(), union(box for _, box in placed))
    return regions


def cell_boxes(report) -> dict[str, tuple[PageNo, BBox]]:
    """Every located cell of every table, by the keys `report.explain` uses."""
    from cchc_audit.report.explain import cell_key, footer_key, header_key

    boxes = {}
    for result in report.tables:
        table = result.table
        for column in table.columns:
            if column.index < len(table.header_cells):
                cell = table.header_cells[column.index]
                if cell.page is not None and cell.bbox is not None:
                    boxes[header_key(table.index, column.index)] = (cell.page, cell.bbox)
        for rows, key in ((table.rows, None), (table.footer, "footer")):
            for position, row in enumerate(rows, start=1):
                for column in table.columns:
                    cell = row.cell(column)
                    if cell.page is None or cell.bbox is None:
                        continue
                    name = footer_key(table.index, position, column.index) if key else cell_key(
                        table.index, row.number, column.index
                    )
                    boxes[name] = (cell.page, cell.bbox)
    return boxes


def finding_pictures(report, pdf_bytes: bytes, scale: float = 2) -> dict[int, bytes]:
    """PNG pictures of the findings' regions, by finding position; regions that fail are skipped."""
    pictures = {}
    for number, (page, bbox) in finding_regions(report).items():
        try:
            pictures[number] = crop_cell(pdf_bytes, page, bbox, scale=scale)
        except ValueError:
            continue  # a box off the page says the reader erred; the finding still shows its figures
    return pictures

