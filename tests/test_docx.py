"""Word decisions: the same tables and findings as their text twins; broken files exit 2."""

from __future__ import annotations

import json
import zipfile

import pytest
from conftest import FIXTURES, SEED, as_tuples

from cchc_audit.extract.source import load_source
from cchc_audit.flows.cli import main
from cchc_audit.flows.pipeline import audit_source

WORD = sorted((FIXTURES / "docx").glob("*.docx"))
TWINS = {"seed": SEED} | {p.stem: FIXTURES / "text" / f"{p.stem}.txt" for p in WORD if p.stem != "seed"}


def rows_of(report):
    return [[[c.text for c in row.cells] for row in result.table.rows] for result in report.tables]


@pytest.mark.parametrize("path", WORD, ids=lambda p: p.stem)
def test_word_decision_matches_its_expected_findings_and_its_text_twin(path):
    expected = json.loads(path.with_name(f"{path.stem}.expected.json").read_text(encoding="utf-8"))
    report = audit_source(str(path))
    assert (report.status, report.reader) == ("ok", "python-docx")
    found = as_tuples(report.findings)
    if "tables" in expected:
        found = [(f.code.value, f.table, *rest) for f, (_, *rest) in zip(report.findings, found)]
        assert [[t.table.title, len(t.table.rows)] for t in report.tables] == [
            [t["title"], t["rows"]] for t in expected["tables"]
        ]
    assert [list(f) for f in found] == expected["findings"]
    twin = audit_source(str(TWINS[path.stem]))
    assert rows_of(report) == rows_of(twin)
    assert as_tuples(report.findings) == as_tuples(twin.findings)


def test_word_metadata_comes_from_the_masthead_table():
    metadata = audit_source(str(FIXTURES / "docx" / "seed.docx")).metadata
    assert (metadata.issuer, metadata.number_text, metadata.month, metadata.year) == (
        "ỦY BAN NHÂN DÂN THÀNH PHỐ BẮC KẠN", "Số: /QĐ-UBND", 12, 2023,
    )


def test_a_docx_named_txt_is_still_read_as_word(tmp_path):
    renamed = tmp_path / "quyet-dinh.txt"
    renamed.write_bytes((FIXTURES / "docx" / "seed.docx").read_bytes())
    assert load_source(renamed).kind.value == "docx"
    assert audit_source(str(renamed)).summary == {"errors": 7, "warnings": 2, "info": 4}


def test_broken_word_file_exits_2_with_one_line(tmp_path, capsys):
    broken = tmp_path / "broken.docx"
    data = (FIXTURES / "docx" / "seed.docx").read_bytes()
    broken.write_bytes(data[: len(data) // 2])
    no_table = tmp_path / "no-table.docx"
    with zipfile.ZipFile(FIXTURES / "docx" / "seed.docx") as source, zipfile.ZipFile(no_table, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "word/document.xml":
                content = content[: content.index(b"<w:tbl>")] + content[content.rindex(b"</w:tbl>") + 8:]
            target.writestr(item, content)
    for path, message in ((broken, "broken Word file"), (no_table, "No PAR Index ranking table")):
        assert main(["check", str(path), "--lang", "en"]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and message in err[0], err
