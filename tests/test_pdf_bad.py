"""PDFs that cannot be audited exit 2 with one clear line, quickly."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from flows.cli import main

BAD = Path(__file__).parent.parent / "fixtures" / "pdf" / "bad"

CASES = [
    ("truncated.pdf", "damaged or malformed PDF"),
    ("random-bytes.pdf", "damaged or malformed PDF"),
    ("encrypted.pdf", "encrypted with a password"),
    ("zero-pages.pdf", "has no pages"),
    ("scanned.pdf", "page 1 is scanned at too low a resolution (50 dpi, 150 or more needed)"),
    ("no-table.pdf", "No PAR Index ranking table was found"),
]


@pytest.mark.parametrize(("name", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_pdf_exits_2_with_one_line(name, message, capsys):
    started = time.monotonic()
    code = main(["check", str(BAD / name), "--lang", "en"])
    elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("Error: ") and message in err
    assert "Traceback" not in err
    assert elapsed < 10


def test_messages_are_vietnamese_by_default(capsys):
    assert main(["check", str(BAD / "scanned.pdf")]) == 2
    assert "độ phân giải quá thấp" in capsys.readouterr().err


def test_every_bad_fixture_is_tested():
    assert sorted(p.name for p in BAD.glob("*.pdf")) == sorted(name for name, _ in CASES)
