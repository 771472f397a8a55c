"""The command line: exit codes, formats, one-line errors, no Prefect for `check`."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from conftest import FIXTURES, ROOT, SEED

from cchc_audit.flows.cli import main

CLEAN = FIXTURES / "text" / "clean-two-scorers-6.txt"


def test_check_seed_exits_1_and_lists_findings(capsys):
    assert main(["check", str(SEED)]) == 1
    out = capsys.readouterr().out
    assert "7 lỗi, 2 cảnh báo, 4 thông tin" in out
    assert "max-likely-misprinted" in out and "UBND phường Sông Cầu" in out


def test_check_clean_document_exits_0(capsys):
    assert main(["check", str(CLEAN), "--lang", "en"]) == 0
    assert "0 errors, 0 warnings, 0 info" in capsys.readouterr().out


def test_json_report_contract(capsys):
    assert main(["check", str(SEED), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["schema_version"] == 1
    assert report["status"] == "ok" and report["error"] is None
    assert len(report["sha256"]) == 64
    assert report["document"] == {
        "issuer": "ỦY BAN NHÂN DÂN THÀNH PHỐ BẮC KẠN", "number": None, "date": "2023-12-??",
        "place": "TP. Bắc Kạn", "year": 2023,
        "title": "Công bố Chỉ số Cải cách hành chính của Ủy ban nhân dân các xã, phường năm 2023",
        "level": "commune",
    }
    assert report["summary"] == {"errors": 7, "warnings": 2, "info": 4}
    first = report["findings"][4]
    assert {k: first[k] for k in ("code", "severity", "table", "row", "scorer", "published", "line")} == {
        "code": "score-above-max", "severity": "error", "table": 1, "row": 2, "scorer": "self",
        "published": "21,52", "line": 53,
    }
    assert set(first) >= {"unit", "column", "expected", "message", "page", "bbox"}
    table = report["tables"][0]
    assert len(table["rows"]) == 8 and len(table["columns"]) == 20
    assert table["rows"][1]["recomputed"] == {
        "totals": {"self": "92,52", "appraised": "89,77"}, "basis": "89,77", "maximum": "100", "rank": 2,
        "class": "Tốt",
    }


def test_csv_and_markdown(capsys):
    assert main(["check", str(SEED), "--format", "csv", "--lang", "en"]) == 1
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 13
    assert list(rows[0])[:4] == ["source", "code", "severity", "table"]
    assert rows[4]["message"].endswith("is 21,52, above its maximum of 21,5.")
    assert main(["check", str(SEED), "--format", "markdown"]) == 1
    markdown = capsys.readouterr().out
    assert markdown.startswith("# ") and "| error | `score-above-max` | 2 |" in markdown


def test_output_directory(tmp_path, capsys):
    assert main(["check", str(SEED), str(CLEAN), "--format", "json", "--output", str(tmp_path)]) == 1
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["000_c0db76a65c12b58c.json", "clean-two-scorers-6.json"]
    assert json.loads((tmp_path / "clean-two-scorers-6.json").read_text())["summary"]["errors"] == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "tệp nhị phân"),
        ("Quyết định không có bảng.\nĐiều 1. Công bố.".encode(), "Không tìm thấy bảng xếp hạng"),
        (b"Quy\xe1t \xf0\xe9nh", "không phải văn bản UTF-8"),
        (b"", "tệp rỗng"),
    ],
    ids=["binary", "no-table", "not-utf8", "empty"],
)
def test_bad_input_exits_2_with_one_line(tmp_path, capsys, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    assert main(["check", str(path)]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0]
    assert "Traceback" not in captured.err + captured.out


def test_unplaced_column_exits_2_naming_it(tmp_path, capsys):
    path = tmp_path / "odd.txt"
    path.write_text("STT\tTên đơn vị\t\tTổng điểm\n1\tA\t5\t5\n2\tB\t4\t4\n", encoding="utf-8")
    assert main(["check", str(path), "--lang", "en"]) == 2
    assert "column \"#3\"" in capsys.readouterr().err


def test_unknown_rules_exit_2(capsys):
    assert main(["check", str(SEED), "--rules", "nowhere-1999"]) == 2
    assert capsys.readouterr().err.startswith("Error: unknown rule set 'nowhere-1999'")


def test_explicit_rules_file(tmp_path, capsys):
    rules = tmp_path / "strict.toml"
    rules.write_text(
        'name = "strict"\nvocabulary = "quality"\n[[bands]]\nclass = "Xuất sắc"\nmin = "95"\n'
        '[[bands]]\nclass = "Tốt"\nmin = "85"\n[[bands]]\nclass = "Khá"\nmin = "0"\n',
        encoding="utf-8",
    )
    assert main(["check", str(SEED), "--rules", str(rules), "--format", "json"]) == 1
    codes = [(f["code"], f["row"]) for f in json.loads(capsys.readouterr().out)["findings"]]
    assert [c for c in codes if c[0] == "class-mismatch"] == [
        ("class-mismatch", 1), ("class-mismatch", 5), ("class-mismatch", 6), ("class-mismatch", 7),
    ]


def test_check_does_not_import_prefect_or_camelot():
    code = (
        "import sys; from cchc_audit.flows.cli import main; main(['check', %r, '--format', 'json']);"
        "print(sorted(m for m in ('prefect', 'camelot') if m in sys.modules))" % str(SEED)
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_console_script_entry_point():
    result = subprocess.run(
        [sys.executable, "-m", "cchc_audit.flows.cli", "check", str(SEED), "--format", "csv"], capture_output=True, cwd=ROOT
    )
    assert result.returncode == 1
    assert result.stdout.decode().count("\n") == 14


def test_check_a_url(decision_server, capsys):
    from sweep_support import Route

    decision_server.routes["/qd/seed.txt"] = Route(body=SEED.read_bytes())
    decision_server.routes["/qd/missing.txt"] = Route(status=404)
    assert main(["check", decision_server.url("/qd/seed.txt"), "--format", "csv"]) == 1
    assert capsys.readouterr().out.count("\n") == 14
    assert main(["check", decision_server.url("/qd/missing.txt")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "HTTP 404" in err[0]


def test_an_internal_error_fails_that_source_only(monkeypatch, capsys):
    from cchc_audit.flows import pipeline

    real = pipeline.audit_document

    def broken(document, options=None):
        if "clean" in document.source:
            raise ZeroDivisionError("division by zero")
        return real(document, options)

    monkeypatch.setattr(pipeline, "audit_document", broken)
    assert main(["check", str(CLEAN), str(SEED), "--format", "csv"]) == 2
    captured = capsys.readouterr()
    assert captured.out.count("\n") == 14  # the seed was still audited
    (line,) = captured.err.strip().splitlines()
    assert line.startswith("Error: ") and "lỗi nội bộ" in line and "ZeroDivisionError" in line


def test_cross_check_defaults_off_in_check_and_on_in_the_scheduled_flow():
    from cchc_audit.flows.cli import build_parser

    parser = build_parser()
    assert parser.parse_args(["check", "a.pdf"]).cross_check is None  # None: off for check, on for run
    assert parser.parse_args(["sweep", "s.toml"]).cross_check is True
    assert parser.parse_args(["serve", "s.toml", "--no-cross-check"]).cross_check is False
    import inspect

    from cchc_audit.flows.sweep import audit_new_decisions

    assert inspect.signature(audit_new_decisions.fn).parameters["cross_check"].default is True
