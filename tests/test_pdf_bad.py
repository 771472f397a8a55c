"""PDFs that cannot be audited exit 2 with one clear line, quickly."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_audit.flows.cli import main

from conftest import needs_tesseract

BAD = Path(__file__).parent.parent / "fixtures" / "pdf" / "bad"

CASES = [
    ("truncated.pdf", "damaged or malformed PDF"),
    ("random-bytes.pdf", "damaged or malformed PDF"),
    ("encrypted.pdf", "encrypted with a password"),
    ("zero-pages.pdf", "has no pages"),
    pytest.param("scanned.pdf", "page 1 is scanned at too low a resolution (50 dpi, 150 or more needed)",
                 marks=needs_tesseract),  # without OCR it is refused for that instead
    ("no-table.pdf", "No PAR Index ranking table was found"),
]


def name_of(case) -> str:
    return case.values[0] if hasattr(case, "values") else case[0]


@pytest.mark.parametrize(("name", "message"), CASES, ids=[name_of(c) for c in CASES])
def test_bad_pdf_exits_2_with_one_line(name, message, capsys):
    code = main(["check", str(BAD / name), "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("Error: ") and message in err
    assert "Traceback" not in err


@pytest.mark.parametrize(("name", "message"), [
    ("encrypted.pdf", "được mã hóa bằng mật khẩu"),
    pytest.param("scanned.pdf", "độ phân giải quá thấp", marks=needs_tesseract),
])
def test_messages_are_vietnamese_by_default(name, message, capsys):
    assert main(["check", str(BAD / name)]) == 2
    assert message in capsys.readouterr().err


def test_every_bad_fixture_is_tested():
    assert sorted(p.name for p in BAD.glob("*.pdf")) == sorted(name_of(c) for c in CASES)
