"""One sweep as plain steps: discover candidates, fetch them, audit what is new, record it.

The Prefect flow in `flows/sweep.py` calls these same steps as tasks (with Prefect's
retries and task runners); `run_sweep` here chains them with a thread pool and a plain
retry loop, for tests and for machines without a Prefect server. Nothing here imports
Prefect.

Counts of a sweep: `new` documents this pipeline version had not audited, of which
`audited` were recorded now; `failed` places that could not be fetched or audited (kept
in the store and tried again by the next sweep); `skipped` places unchanged or holding a
document audited already.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from extract.source import SourceError, bytes_to_document, sniff_kind
from flows.fetch import FetchError, Fetched, Unchanged, fetch_candidate, source_to_candidates
from flows.pipeline import AuditOptions, audit_document, failed_report
from flows.sources import Candidate, FetchSettings, ListingSource, SourcesError, SweepConfig, UrlListSource
from flows.store import AuditRecord, AuditStore
from report.json_report import report_to_dict, report_to_json

AUDITED, SKIPPED, FAILED = "audited", "skipped", "failed"


@dataclass(frozen=True)
class Outcome:
    """What became of one place in a sweep."""

    source: str
    location: str
    result: str
    sha256: str | None = None
    status: str | None = None
    errors: int = 0
    warnings: int = 0
    message: str | None = None
    new: bool = False
    findings: tuple[dict, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        if self.result not in (AUDITED, SKIPPED, FAILED):
            raise ValueError(f"unknown result {self.result!r}")


@dataclass(frozen=True)
class SweepSummary:
    outcomes: tuple[Outcome, ...] = ()

    def count(self, result: str) -> int:
        return sum(1 for o in self.outcomes if o.result == result)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "new": sum(1 for o in self.outcomes if o.new),
            "audited": self.count(AUDITED),
            "failed": self.count(FAILED),
            "skipped": self.count(SKIPPED),
        }

    def line(self) -> str:
        counts = self.counts
        return f"new {counts['new']}, audited {counts['audited']}, failed {counts['failed']}, skipped {counts['skipped']}"

    def to_dict(self) -> dict:
        return self.counts | {
            "documents": [
                {"source": o.source, "location": o.location, "result": o.result, "sha256": o.sha256,
                 "status": o.status, "errors": o.errors, "warnings": o.warnings, "message": o.message}
                for o in self.outcomes
            ]
        }


@dataclass(frozen=True)
class Discovery:
    candidates: tuple[Candidate, ...]
    failures: tuple[Outcome, ...] = ()


def hosts_of_source(config: SweepConfig, name: str) -> frozenset[str] | None:
    """The hosts a configured source allows (None when it is no longer configured)."""
    for source in config.sources:
        if source.name == name:
            return source.allowed_hosts if isinstance(source, ListingSource | UrlListSource) else frozenset()
    return None


def retry_candidates(config: SweepConfig, store: AuditStore, found: Iterable[Candidate]) -> list[Candidate]:
    """Places that failed before and are not among those found now: they are tried again."""
    seen = {c.location for c in found}
    listed = {s.url for s in config.sources if isinstance(s, ListingSource)}
    again = []
    for failure in store.pending_failures():
        hosts = hosts_of_source(config, failure.source)
        if hosts is None or failure.location in seen or failure.location in listed:
            continue
        seen.add(failure.location)
        again.append(Candidate(source=failure.source, location=failure.location, hosts=hosts))
    return again


def failure_outcome(store: AuditStore, candidate: Candidate, stage: str, error) -> Outcome:
    """Record a failure so the next sweep tries again, and say so."""
    store.record_failure(candidate.source, candidate.location, stage, error.message("vi"), error.message("en"))
    return Outcome(source=candidate.source, location=candidate.location, result=FAILED, message=error.message("en"))


class UnexpectedError:
    """An exception nobody planned for, in the shape of the library's errors."""

    def __init__(self, error: BaseException) -> None:
        self.text = f"{type(error).__name__}: {error}"

    def message(self, lang: str = "vi") -> str:
        return self.text


def fetched_to_outcome_if_known(store: AuditStore, fetched: Fetched | Unchanged) -> Outcome | None:
    """A skip when the place is unchanged or holds a document audited already; None when it is new."""
    candidate = fetched.candidate
    if isinstance(fetched, Unchanged):
        store.record_unchanged(candidate.source, candidate.location)
        return Outcome(source=candidate.source, location=candidate.location, result=SKIPPED)
    if store.is_audited(fetched.sha256):
        kind = sniffed_kind(fetched)
        store.record_seen(fetched.sha256, kind, len(fetched.data), candidate.source, candidate.location,
                          fetched.validators)
        return Outcome(source=candidate.source, location=candidate.location, result=SKIPPED, sha256=fetched.sha256)
    return None


def sniffed_kind(fetched: Fetched) -> str | None:
    kind = sniff_kind(fetched.data)
    return kind.value if kind else None


def write_report(directory: Path, sha256: str, text: str) -> Path:
    """Write `<sha256>.json` atomically: a crash leaves the old file or the new one, never half."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{sha256}.json"
    partial = directory / f".{sha256}.{os.getpid()}.partial"
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
    return path


def audit_fetched(fetched: Fetched, store: AuditStore, options: AuditOptions, reports: Path | None,
                  lang: str = "vi") -> Outcome:
    """Audit a new document, write its report, and record both in one transaction."""
    candidate = fetched.candidate
    started = time.perf_counter()
    try:
        document = bytes_to_document(candidate.location, fetched.data)
    except SourceError as error:
        report = failed_report(candidate.location, error, fetched.sha256)
        kind = None
    else:
        report = audit_document(document, options)
        kind = document.kind.value
    as_dict = report_to_dict(report, lang)
    if reports is not None:
        write_report(reports, fetched.sha256, report_to_json(report, lang) + "\n")
    record = AuditRecord(
        sha256=fetched.sha256, kind=kind, size=len(fetched.data), source=candidate.source,
        location=candidate.location, validators=fetched.validators, report=as_dict,
        seconds=time.perf_counter() - started, content=fetched.data,
    )
    recorded = store.record_audit(record)
    return Outcome(
        source=candidate.source, location=candidate.location, result=AUDITED if recorded else SKIPPED,
        sha256=fetched.sha256, status=report.status, errors=report.summary["errors"],
        warnings=report.summary["warnings"], message=report.error("en"), new=recorded,
        findings=tuple(finding_row(f) for f in as_dict["findings"]) if recorded else (),
    )


def finding_row(finding: dict) -> dict:
    """A finding as one row of the sweep's findings table."""
    return {key: finding[key] for key in ("code", "severity", "row", "unit", "column", "published", "expected")}


def audit_or_record_failure(fetched: Fetched, store: AuditStore, options: AuditOptions, reports: Path | None,
                            lang: str = "vi") -> Outcome:
    try:
        return audit_fetched(fetched, store, options, reports, lang)
    except Exception as error:  # a bug or a lost database must not lose the document
        outcome = failure_outcome(store, fetched.candidate, "audit", UnexpectedError(error))
        return Outcome(source=outcome.source, location=outcome.location, result=FAILED, sha256=fetched.sha256,
                       message=outcome.message, new=True)


def with_retries(step: Callable[[], object], settings: FetchSettings):
    """Call `step`, again after each transient `FetchError`, waiting longer each time."""
    for delay in [*settings.retry_delays, None]:
        try:
            return step()
        except FetchError as error:
            if not error.retryable or delay is None:
                raise
            time.sleep(delay)
    raise AssertionError("unreachable")


def discover(config: SweepConfig, store: AuditStore) -> Discovery:
    """Every candidate of every source, plus earlier failures; a source that fails is recorded."""
    found: list[Candidate] = []
    failed: list[Outcome] = []
    for source in config.sources:
        place = Candidate(source=source.name, location=source.place)
        try:
            found += with_retries(lambda: source_to_candidates(source, config.fetch), config.fetch)
        except (FetchError, SourcesError) as error:
            failed.append(failure_outcome(store, place, "discover", error))
        else:
            store.resolve_failure(place.location)
    return Discovery(candidates=tuple(found + retry_candidates(config, store, found)), failures=tuple(failed))


def fetch_new(candidate: Candidate, config: SweepConfig, store: AuditStore) -> Fetched | Outcome:
    """The candidate's bytes when they are new; otherwise the outcome (skipped or failed)."""
    try:
        known = store.known_validators(candidate.location)
        fetched = with_retries(lambda: fetch_candidate(candidate, config.fetch, known), config.fetch)
    except FetchError as error:
        return failure_outcome(store, candidate, "fetch", error)
    return fetched_to_outcome_if_known(store, fetched) or fetched


def run_sweep(config: SweepConfig, store: AuditStore, options: AuditOptions = AuditOptions(),
              reports: Path | None = None, workers: int = 1, lang: str = "vi",
              progress: Callable[[Outcome], None] | None = None) -> SweepSummary:
    """One pass without Prefect: every place fetched and every new document audited by `workers` threads."""
    discovery = discover(config, store)
    outcomes = list(discovery.failures)

    def handle(candidate: Candidate) -> Outcome:
        step = fetch_new(candidate, config, store)
        outcome = step if isinstance(step, Outcome) else audit_or_record_failure(step, store, options, reports, lang)
        if progress:
            progress(outcome)
        return outcome

    with ThreadPoolExecutor(max_workers=workers) as pool:
        outcomes += pool.map(handle, discovery.candidates)
    return SweepSummary(outcomes=tuple(outcomes))
