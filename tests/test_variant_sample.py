"""The committed layout variants: each PDF reads back as printed and gives exactly its findings.

Each `fixtures/variant_sample/<name>.pdf` carries `<name>.truth.json`, written by the
generator (`python -m fixtures.variants.build`) with plain arithmetic, never by the code
under test. Columns are aligned by role and name, cells compared after NFC and whitespace
normalisation (`fixtures.variants.compare`). The `control-*` files are the plainest prints,
which today's readers handle.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES

from fixtures.variants.compare import compare, finding_tuple
from cchc_audit.flows.pipeline import audit_source
from cchc_audit.report.json_report import report_to_dict

SAMPLE = FIXTURES / "variant_sample"
PDFS = sorted(SAMPLE.glob("*.pdf"))
# Variants not read exactly yet, each with what goes wrong (expected to fail, strictly).
PENDING = dict(
    line.split(maxsplit=1)
    for line in (Path(__file__).parent / "variant_sample_pending.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)
CASES = [pytest.param(p, marks=pytest.mark.xfail(reason=PENDING[p.stem], strict=True)) if p.stem in PENDING else p
         for p in PDFS]


def test_the_sample_is_there():
    assert len(PDFS) >= 40
    assert all(p.with_name(p.stem + ".truth.json").exists() for p in PDFS)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in PDFS])
def test_variant_reads_as_printed_with_its_findings(path):
    truth = json.loads(path.with_name(path.stem + ".truth.json").read_text(encoding="utf-8"))
    report = report_to_dict(audit_source(str(path)), lang="en")
    verdict = compare(report, truth)
    assert verdict.cell_diffs == []
    got = sorted((finding_tuple(f) for f in report["findings"]), key=str)
    assert got == sorted((finding_tuple(f) for f in truth["findings"]), key=str)
