"""The audit store, on a SQLite file and on PostgreSQL: exactly once, all or nothing, queryable."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from cchc_audit.flows.fetch import Validators
from cchc_audit.flows.store import AuditRecord, AuditStore, audits, documents, findings, sightings


SHA = "a" * 64


def report(status: str = "ok", codes: tuple[str, ...] = ("total-mismatch", "rank-mismatch"),
           unit: str = "UBND xã Nông Thượng", issuer: str = "ỦY BAN NHÂN DÂN THÀNH PHỐ BẮC KẠN") -> dict:
    """The parts of a JSON report (DESIGN.md) that the store keeps."""
    return {
        "schema_version": 1,
        "status": status,
        "document": {"issuer": issuer, "number": "12/QĐ-UBND", "year": 2023},
        "findings": [
            {"code": code, "severity": "error", "table": 0, "row": 2, "unit": unit, "column": "Tổng điểm",
             "scorer": "appraised", "published": "80,5", "expected": "81"}
            for code in codes
        ],
        "summary": {"errors": len(codes), "warnings": 0, "info": 0},
    }


def record(sha: str = SHA, location: str = "https://example.gov.vn/a.pdf", body: dict | None = None) -> AuditRecord:
    return AuditRecord(sha256=sha, kind="pdf", size=10, source="listing", location=location,
                       validators=Validators(etag='"v1"'), report=body or report())


def count(store: AuditStore, table) -> int:
    with store.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def test_a_document_is_audited_once_per_pipeline_version(store_url):
    store = AuditStore(store_url, "1.0+r1")
    assert not store.is_audited(SHA)
    assert store.record_audit(record()) is True
    assert store.record_audit(record(location="https://mirror.example.gov.vn/a.pdf")) is False
    assert store.is_audited(SHA)
    assert (count(store, audits), count(store, findings), count(store, sightings)) == (1, 2, 2)
    later = AuditStore(store_url, "1.1+r1")
    assert not later.is_audited(SHA)
    assert later.record_audit(record()) is True
    assert count(later, audits) == 2
    assert later.consistency_problems() == []


def test_a_failing_write_leaves_nothing_behind(store_url):
    store = AuditStore(store_url, "1.0+r1")
    broken = report()
    broken["findings"].append({"severity": "error"})  # no code: the findings insert fails mid-transaction
    with pytest.raises(KeyError):
        store.record_audit(record(body=broken))
    assert [count(store, t) for t in (documents, audits, findings, sightings)] == [0, 0, 0, 0]
    assert store.known_validators("https://example.gov.vn/a.pdf") is None


def test_findings_are_queryable_by_code_unit_issuer_and_year(store_url):
    store = AuditStore(store_url, "1.0+r1")
    store.record_audit(record())
    store.record_audit(record(sha="b" * 64, body=report(codes=("class-mismatch",), unit="UBND phường Sông Cầu",
                                                        issuer="ỦY BAN NHÂN DÂN TỈNH BẮC KẠN")))
    assert [f["code"] for f in store.find(code="rank-mismatch")] == ["rank-mismatch"]
    assert [f["code"] for f in store.find(unit="Sông Cầu")] == ["class-mismatch"]
    assert [f["sha256"][0] for f in store.find(issuer="TỈNH BẮC KẠN")] == ["b"]
    assert len(store.find(year=2023)) == 3 and store.find(year=2022) == []
    assert [a["sha256"][0] for a in store.history(code="class-mismatch")] == ["b"]
    assert [a["sha256"][0] for a in store.history(issuer="THÀNH PHỐ")] == ["a"]


def test_validators_are_offered_only_for_what_is_audited(store_url):
    store = AuditStore(store_url, "1.0+r1")
    location = "https://example.gov.vn/a.pdf"
    store.record_seen(SHA, "pdf", 10, "listing", location, Validators(etag='"v1"'))
    assert store.known_validators(location) is None
    store.record_audit(record())
    assert store.known_validators(location) == Validators(etag='"v1"')
    assert AuditStore(store_url, "2.0+r1").known_validators(location) is None


def test_failures_are_counted_kept_and_resolved_by_a_later_audit(store_url):
    store = AuditStore(store_url, "1.0+r1")
    location = "https://example.gov.vn/a.pdf"
    store.record_failure("listing", location, "fetch", "máy chủ trả lời HTTP 500", "the server answered HTTP 500")
    store.record_failure("listing", location, "fetch", "hết thời gian chờ máy chủ", "the server timed out")
    [failure] = store.pending_failures()
    assert (failure.location, failure.attempts, failure.message_en) == (location, 2, "the server timed out")
    store.record_audit(record(location=location))
    assert store.pending_failures() == []


def test_concurrent_writers_of_one_document_record_one_audit(store_url):
    stores = [AuditStore(store_url, "1.0+r1") for _ in range(4)]
    results: list[bool] = []
    threads = [threading.Thread(target=lambda s=s, i=i: results.append(s.record_audit(record(location=f"/p{i}"))))
               for i, s in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
    assert (count(stores[0], audits), count(stores[0], sightings)) == (1, 4)
    assert stores[0].consistency_problems() == []
