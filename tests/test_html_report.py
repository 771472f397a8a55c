"""The HTML report, read back with html.parser: highlighted cells, findings, languages, pictures."""

from __future__ import annotations

import base64
import io
from dataclasses import replace

import pdfplumber
import pytest
from conftest import FIXTURES, SEED
from html_helpers import parse_html, questioned_cells, rectangle_pdf

from cchc_audit.flows.cli import main
from cchc_audit.flows.pipeline import audit_source
from cchc_audit.report.html import report_to_html
from cchc_audit.report.pictures import crop_cell, finding_pictures, finding_regions


@pytest.fixture(scope="module")
def seed_report():
    return audit_source(str(SEED))


@pytest.fixture(scope="module")
def seed_page(seed_report):
    return parse_html(report_to_html(seed_report))


def test_seed_highlights_exactly_the_questioned_cells(seed_page):
    # Areas "tổ chức bộ máy" (c8 self, c9 appraised) and "chế độ công vụ" (c10, c11): every
    # score of the 8 rows exceeds the stated 6,5, and the group labels stating it are questioned.
    misprinted = {f"t1-r{row}-c{column}" for row in range(1, 9) for column in (8, 9, 10, 11)}
    above_max = {f"t1-r{row}-c14" for row in (2, 3, 5, 6, 7)}  # e-government, self-assessed, > 21,5
    headers = {"t1-h-c8", "t1-h-c10"}
    appraisal_only = {"t1-r7-c13"}  # tài chính công appraised 7 > self 4: info, nowhere else questioned
    cells = questioned_cells(seed_page)
    assert set(cells) == misprinted | above_max | headers | appraisal_only
    assert {key for key, severity in cells.items() if severity != "error"} == appraisal_only
    assert cells["t1-r7-c13"] == "info"


def test_seed_cells_link_to_their_findings_and_back(seed_page, seed_report):
    findings = seed_page.find_all("li", cls="finding")
    by_number = {int(item.attrs["data-number"]): item for item in findings}
    for key in questioned_cells(seed_page):
        cell = seed_page.find(data_cell=key)
        refs = [int(a.attrs["href"].removeprefix("#f-")) for a in cell.find_all("a")]
        assert refs, key
        for number in refs:
            assert key in by_number[number].attrs["data-cells"].split()
            assert seed_report.findings[number - 1].message("vi") in cell.attrs["title"]
    for item in findings:
        for key in item.attrs["data-cells"].split():
            assert seed_page.find(id=f"cell-{key}") is not None, key
    # Row 1, appraised "chế độ công vụ": the misprinted maximum (4) and the appraisal above self (10).
    assert [a.text() for a in seed_page.find(data_cell="t1-r1-c11").find_all("a")] == ["[4]", "[10]"]


def test_seed_findings_list_with_published_and_expected(seed_page, seed_report):
    items = seed_page.find_all("li", cls="finding")
    assert [(i.attrs["data-code"], i.attrs["data-severity"]) for i in items] == [
        (f.code.value, f.severity.value) for f in seed_report.findings
    ]
    assert len(items) == 13
    values = [
        (
            i.find("dd", cls="published").text() if i.find("dd", cls="published") else None,
            i.find("dd", cls="expected").text() if i.find("dd", cls="expected") else None,
        )
        for i in items
    ]
    assert values == [
        ("Số: /QĐ-UBND", None),
        ("TP. Bắc Kạn, ngày tháng 12 năm 2023", None),
        ("6,5", None),
        ("6,5", None),
        ("21,52", None), ("22,5", None), ("22,5", None), ("22,5", None), ("22,5", None),
        ("9", "10"), ("7", "9"), ("9", "10"), ("4", "7"),
    ]
    # The table-level findings list their rows and the values above the maximum.
    misprinted = items[2]
    assert misprinted.attrs["data-cells"].split()[:1] == ["t1-h-c8"]
    steps = misprinted.find("table", cls="steps").text()
    assert "Dòng 1: 9; Dòng 2: 7; Dòng 3: 7" in steps and "16/16" in steps
    # Document-level findings mark the metadata they question.
    flagged = [dd.attrs["data-findings"] for dd in seed_page.find("dl", id="metadata").find_all("dd", cls="flagged")]
    assert flagged == ["1", "2"]


def test_summary_counts_by_severity_and_code(seed_page):
    badges = {b.attrs["data-severity"]: b.find("b").text() for b in seed_page.find_all("div", cls="badge")
              if "data-severity" in b.attrs}
    assert badges == {"error": "7", "warning": "2", "info": "4"}
    codes = {tr.attrs["data-code"]: tr.find_all("td")[-1].text() for tr in seed_page.find_all("tr")
             if "data-code" in tr.attrs}
    assert codes == {"max-likely-misprinted": "2", "score-above-max": "5", "missing-decision-number": "1",
                     "missing-signing-date": "1", "appraised-above-self": "4"}


def test_recomputed_columns_beside_the_published_ones(seed_page):
    row = seed_page.find("tr", data_row="2")
    recomputed = [td.text() for td in row.find_all("td", cls="recomputed")]
    assert recomputed == ["92,52", "89,77", "2", "Tốt"]  # totals self, appraised; rank; class


def test_english_and_vietnamese(seed_report):
    vi = parse_html(report_to_html(seed_report))
    en = parse_html(report_to_html(seed_report, lang="en"))
    assert vi.find("html").attrs["lang"] == "vi" and en.find("html").attrs["lang"] == "en"
    assert vi.find("section", id="findings").find("h2").text() == "Phát hiện (13)"
    assert en.find("section", id="findings").find("h2").text() == "Findings (13)"
    message = en.find("li", id="f-5").find("p", cls="message").text()
    assert message == seed_report.findings[4].message("en")
    assert "above its maximum of 21,5" in message


def test_page_is_self_contained(seed_page):
    for element in seed_page.iter():
        for name in ("src", "href"):
            value = element.attrs.get(name, "")
            assert not value or value.startswith(("#", "data:")), value
    assert seed_page.find("link") is None
    assert "@media print" in seed_page.find("style").text()


def test_total_mismatch_shows_the_parts_summed():
    report = audit_source(str(FIXTURES / "text" / "layout-blocks-wrong-total-15.txt"))
    page = parse_html(report_to_html(report, lang="en"))
    item = page.find("li", data_code="total-mismatch")
    cells = [td.text() for td in item.find("table", cls="steps").find_all("td")]
    parts = cells[:14:2], cells[1:14:2]
    assert parts[1] == ["16,54", "7,3", "24,01", "5,17", "4,37", "7,38", "14,65"]
    assert cells[14:] == ["Sum of the parts", "79,42", "Published", "80,92", "Difference", "1,5"]
    assert item.attrs["data-cells"] == "t2-r2-c9"
    assert questioned_cells(page) == {"t2-r2-c9": "error"}
    assert len(item.attrs["data-context"].split()) == 7


def test_rank_finding_shows_neighbours_in_rank_order():
    report = audit_source(str(FIXTURES / "text" / "layout-row-order-swapped-8.txt"))
    page = parse_html(report_to_html(report))
    item = page.find_all("li", data_code="rank-mismatch")[0]
    rows = item.find("table", cls="neighbours").find_all("tr")[1:]
    figures = [float(tr.find_all("td")[2].text().replace(",", ".")) for tr in rows]
    assert figures == sorted(figures, reverse=True)
    questioned = [tr.find_all("td")[0].text() for tr in rows if "questioned" in tr.classes]
    assert questioned == [str(report.findings[-2].row)]


def test_average_finding_highlights_the_footer_cell():
    report = audit_source(str(FIXTURES / "text" / "layout-group-letters-errors-9.txt"))
    cells = questioned_cells(parse_html(report_to_html(report)))
    assert cells == {"t1-f1-c10": "error", "t1-r6-c12": "error"}


def test_crop_cell_renders_the_box_with_a_margin():
    from PIL import Image

    pdf = rectangle_pdf(400, 500, (100, 200, 200, 230))
    with pdfplumber.open(io.BytesIO(pdf)) as document:  # the boxes the PDF reader will give
        rect = document.pages[0].rects[0]
        assert (rect["x0"], rect["top"], rect["x1"], rect["bottom"]) == (100, 200, 200, 230)
    image = Image.open(io.BytesIO(crop_cell(pdf, 1, (100, 200, 200, 230), scale=2, margin=6))).convert("L")
    assert image.size == (224, 84)  # (100 + 2 × 6) × 2 by (30 + 2 × 6) × 2
    assert image.getpixel((112, 42)) < 40 and image.getpixel((3, 3)) > 215
    with pytest.raises(ValueError):
        crop_cell(pdf, 2, (100, 200, 200, 230))


def test_pdf_finding_embeds_the_picture_of_its_cell(seed_report):
    box = (100.0, 200.0, 200.0, 230.0)
    findings = list(seed_report.findings)
    findings[4] = replace(findings[4], page=1, bbox=box, line=None)  # as the PDF reader will place it
    report = replace(seed_report, findings=tuple(findings))
    pictures = finding_pictures(report, rectangle_pdf(400, 500, box))
    assert set(pictures) == {4}
    page = parse_html(report_to_html(report, pictures=pictures))
    images = {item.attrs["data-number"]: item.find("img") for item in page.find_all("li", cls="finding")}
    assert [n for n, img in images.items() if img is not None] == ["5"]
    source = images["5"].attrs["src"]
    assert source.startswith("data:image/png;base64,")
    png = base64.b64decode(source.removeprefix("data:image/png;base64,"))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert "trang 1" in page.find("li", id="f-5").find("span", cls="where").text()


def test_table_level_finding_pictures_the_union_of_its_cells(seed_report):
    result = seed_report.tables[0]
    rows = tuple(
        replace(row, cells=tuple(
            replace(cell, page=1, bbox=(20.0 * i, 10.0 * row.number, 20.0 * i + 18, 10.0 * row.number + 9))
            for i, cell in enumerate(row.cells)
        ))
        for row in result.table.rows
    )
    table = replace(result.table, rows=rows)
    report = replace(seed_report, tables=(replace(result, table=table),))
    regions = finding_regions(report)
    assert regions[2] == (1, (160.0, 10.0, 198.0, 89.0))  # columns 8–9, rows 1–8
    assert regions[4] == (1, (280.0, 20.0, 298.0, 29.0))  # row 2, column 14
    assert 0 not in regions  # the blank decision number has no place on a page


def test_check_writes_html(tmp_path, capsys):
    assert main(["check", str(SEED), "--format", "html", "--output", str(tmp_path), "--lang", "en"]) == 1
    path = tmp_path / f"{SEED.stem}.html"
    assert capsys.readouterr().out.strip() == str(path)
    page = parse_html(path.read_text(encoding="utf-8"))
    assert len(page.find_all("li", cls="finding")) == 13
    assert page.find("html").attrs["lang"] == "en"


def test_check_html_of_several_sources_needs_a_directory(capsys):
    assert main(["check", str(SEED), str(SEED), "--format", "html"]) == 2
    assert capsys.readouterr().err.startswith("Error: ")


def test_class_finding_shows_the_band_and_its_neighbours(tmp_path, seed_text):
    source = tmp_path / "lop-sai.txt"  # row 2 (89,77 points) published one band too low
    source.write_text(seed_text.replace("89,77\t2\tTốt", "89,77\t2\tKhá"), encoding="utf-8")
    page = parse_html(report_to_html(audit_source(str(source)), lang="en"))
    item = page.find("li", data_code="class-mismatch")
    assert item.attrs["data-cells"] == "t1-r2-c19"
    steps = [[td.text() for td in tr.find_all("td")] for tr in item.find("table", cls="steps").find_all("tr")]
    assert steps == [["Ranking figure (recomputed)", "89,77"], ["Rule set", "bac-kan-2023"],
                     ["Band applied", "Tốt: ≥ 80 < 90"]]
    neighbours = [[td.text() for td in tr.find_all("td")] for tr in item.find("table", cls="neighbours").find_all("tr")]
    assert [(n[0], n[5], n[6]) for n in neighbours[1:]] == [
        ("1", "Xuất sắc", "Xuất sắc"), ("2", "Khá", "Tốt"), ("3", "Tốt", "Tốt"), ("4", "Tốt", "Tốt"),
    ]


def test_index_finding_shows_total_over_maximum():
    report = audit_source(str(FIXTURES / "text" / "layout-survey-index-wrong-10.txt"))
    item = parse_html(report_to_html(report)).find("li", data_code="index-mismatch")
    steps = [[td.text() for td in tr.find_all("td")] for tr in item.find("table", cls="steps").find_all("tr")]
    assert steps == [["Tổng điểm", "84,96"], ["Điểm tối đa của đơn vị", "100"],
                     ["Chỉ số = tổng ÷ tối đa × 100", "84,96 ÷ 100 × 100 = 84,96"]]
    assert (item.find("dd", cls="published").text(), item.find("dd", cls="expected").text()) == ("85,96", "84,96")


def test_unreadable_document_gets_a_page_with_its_error(tmp_path):
    source = tmp_path / "khong-co-bang.txt"
    source.write_text("Quyết định không kèm bảng xếp hạng.\n", encoding="utf-8")
    page = parse_html(report_to_html(audit_source(str(source))))
    assert "Không tìm thấy bảng xếp hạng" in page.find("p", id="error").text()
    assert [i.attrs["data-code"] for i in page.find_all("li", cls="finding")][:1] == ["no-ranking-table"]
    assert questioned_cells(page) == {}
