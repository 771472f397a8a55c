"""`review` and `report` through the audit store: decisions survive a re-audit, stale ones are shown."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser

from conftest import FIXTURES, SEED

from cchc_audit.flows.cli import main
from cchc_audit.flows.store import open_store

PDF = FIXTURES / "pdf" / "seed-ruled.pdf"


def store_args(tmp_path) -> list[str]:
    return ["--store", f"sqlite:///{tmp_path / 'audits.db'}"]


def test_review_is_recorded_and_shown_in_the_json_report(tmp_path, capsys):
    args = store_args(tmp_path)
    assert main(["review", str(SEED), "5", "--confirm", "--note", "21,52 > 21,5", "--who", "Thanh tra A", *args]) == 0
    assert "score-above-max" in capsys.readouterr().out
    assert main(["report", "25ebc1d46fa9", "--format", "json", "--output", str(tmp_path / "out"), *args]) == 0
    report = json.loads((tmp_path / "out" / "25ebc1d46fa9.json").read_text(encoding="utf-8"))
    reviewed = [(f["code"], f["row"], f["review"]["decision"], f["review"]["who"], f["review"]["note"])
                for f in report["findings"] if f.get("review")]
    assert reviewed == [("score-above-max", 2, "confirm", "Thanh tra A", "21,52 > 21,5")]
    assert (report["reviews"]["reviewed"], report["reviews"]["total"], report["reviews"]["stale"]) == (1, 13, [])


def test_review_survives_a_reaudit_by_a_new_pipeline_version(tmp_path, capsys, monkeypatch):
    args = store_args(tmp_path)
    copy = tmp_path / "seed.txt"
    shutil.copy(SEED, copy)
    assert main(["review", str(copy), "12", "--follow-up", "--who", "B", *args]) == 0
    assert main(["review", str(copy), "5", "--dismiss", "--who", "B", *args]) == 0
    monkeypatch.setattr("cchc_audit.flows.version.installed_logic_digest", lambda: "0new0logic0")  # new code audits it again
    out = tmp_path / "out"
    assert main(["report", "25ebc1d46f", "--format", "json", "--output", str(out), *args]) == 0
    report = json.loads((out / "25ebc1d46fa9.json").read_text(encoding="utf-8"))
    assert [(f["code"], f["row"], f["review"]["decision"]) for f in report["findings"] if f.get("review")] == [
        ("score-above-max", 2, "dismiss"), ("appraised-above-self", 7, "follow-up"),
    ]
    store = open_store(args[1], "any")
    assert (len(store.audited_documents()), store.audit_count()) == (1, 2)
    # Other bytes are another document: the reviews do not follow them.
    edited = tmp_path / "edited.txt"
    edited.write_text(copy.read_text(encoding="utf-8").replace("21,52", "21,5"), encoding="utf-8")
    assert main(["report", str(edited), "--format", "json", "--output", str(out), *args]) == 0
    (written,) = [p for p in out.glob("*.json") if not p.name.startswith("25ebc1")]
    assert json.loads(written.read_text(encoding="utf-8"))["reviews"]["reviewed"] == 0


def test_stale_review_is_reported(tmp_path, capsys):
    args = store_args(tmp_path)
    assert main(["review", str(SEED), "5", "--confirm", "--who", "A", *args]) == 0
    out = tmp_path / "out"
    # A class finding exists under a stricter rule set and goes away under the default one.
    rules = tmp_path / "r.toml"
    rules.write_text('name = "r"\nvocabulary = "quality"\n[[bands]]\nclass = "Xuất sắc"\nmin = "95"\n'
                     '[[bands]]\nclass = "Tốt"\nmin = "0"\n', encoding="utf-8")
    assert main(["report", str(SEED), "--rules", str(rules), "--format", "json", "--output", str(out), *args]) == 0
    findings = json.loads((out / "25ebc1d46fa9.json").read_text(encoding="utf-8"))["findings"]
    class_number = next(i for i, f in enumerate(findings, start=1) if f["code"] == "class-mismatch")
    assert main(["review", str(SEED), str(class_number), "--rules", str(rules), "--confirm", "--who", "A", *args]) == 0
    assert main(["report", str(SEED), "--format", "json", "--output", str(out), *args]) == 0  # default rules
    section = json.loads((out / "25ebc1d46fa9.json").read_text(encoding="utf-8"))["reviews"]
    assert section["reviewed"] == 1
    assert [s["decision"] for s in section["stale"]] == ["confirm"]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href", "").endswith(".html"):
            self.links.append(dict(attrs)["href"])


def test_report_all_writes_every_document_and_an_index(tmp_path, capsys):
    args = store_args(tmp_path)
    assert main(["review", str(SEED), "1", "--confirm", "--who", "A", *args]) == 0
    assert main(["review", str(PDF), "3", "--dismiss", "--who", "B", *args]) == 0
    out = tmp_path / "html"
    assert main(["report", "--all", "--output", str(out), *args]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["25ebc1d46fa9.html", "cf30fc144537.html", "index.html"]
    parser = _Links()
    parser.feed((out / "index.html").read_text(encoding="utf-8"))
    assert sorted(set(parser.links)) == ["25ebc1d46fa9.html", "cf30fc144537.html"]
    assert "data:image/png;base64," in (out / "cf30fc144537.html").read_text(encoding="utf-8")


def test_bad_review_calls_exit_2_with_one_line(tmp_path, capsys):
    args = store_args(tmp_path)
    assert main(["review", str(SEED), "99", "--confirm", *args]) == 2
    assert main(["review", "0000000000", "1", "--confirm", *args]) == 2
    assert main(["report", "--output", str(tmp_path), *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all(line.startswith("Error: ") for line in err)
