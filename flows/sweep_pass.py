"""One sweep as plain steps: discover candidates, fetch them, audit what is new, record it.

`sweep` is the one pass: it hands each step to a `StepRunner` and turns what the steps
return into outcomes in the store. `run_sweep` runs the steps on a pool of threads in this
process, with a plain retry loop (what `cchc-audit sweep` does when no Prefect server is
configured); the Prefect flow in `flows/sweep.py` runs the same steps as tasks, with
Prefect's retries and task runners. Nothing here imports Prefect.

Counts of a sweep: `new` documents this pipeline version had not audited, of which
`audited` were recorded now; `failed` places that could not be fetched or audited (kept
in the store and tried again by the next sweep); `skipped` places unchanged or holding a
document audited already.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Hashable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from cchc_audit.extract.source import SourceError, bytes_to_document, sniff_kind
from cchc_audit.flows.fetch import FetchError, Fetched, Unchanged, Validators, fetch_candidate, source_to_candidates
from cchc_audit.flows.pipeline import AuditOptions, audit_document, failed_report
from cchc_audit.flows.sources import (
    Candidate, FetchSettings, ListingSource, Source, SourcesError, SweepConfig, UrlListSource,
)
from cchc_audit.flows.store import DEFAULT_PATH, AuditRecord, AuditStore
from cchc_audit.report.json_report import report_to_dict, report_to_json

AUDITED, SKIPPED, FAILED = "audited", "skipped", "failed"
BATCH = 64
DEFAULT_REPORTS = DEFAULT_PATH.parent / "reports"


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


class StepRunner(Protocol):
    """Where a sweep's steps run: a pool of threads here (`ThreadSteps`), Prefect tasks in
    `flows/sweep.py`. Each method starts a step and returns a handle to wait on."""

    def discover(self, source: Source) -> Hashable: ...

    def fetch(self, candidate: Candidate, known: Validators | None) -> Hashable: ...

    def audit(self, fetched: Fetched) -> Hashable: ...

    def finished(self, handles: list[Hashable]) -> Iterator[tuple[Hashable, object]]:
        """Each handle as its step finishes, with the step's value or the exception it raised."""
        ...


@dataclass(frozen=True)
class ThreadSteps:
    """The steps on a pool of threads in this process; a transient fetch failure is tried again."""

    pool: ThreadPoolExecutor
    settings: FetchSettings
    store: AuditStore
    options: AuditOptions
    reports: Path | None
    lang: str = "vi"

    def discover(self, source: Source) -> Future:
        return self.pool.submit(with_retries, lambda: source_to_candidates(source, self.settings), self.settings)

    def fetch(self, candidate: Candidate, known: Validators | None) -> Future:
        return self.pool.submit(with_retries, lambda: fetch_candidate(candidate, self.settings, known), self.settings)

    def audit(self, fetched: Fetched) -> Future:
        return self.pool.submit(audit_or_record_failure, fetched, self.store, self.options, self.reports, self.lang)

    def finished(self, handles: list[Future]) -> Iterator[tuple[Future, object]]:
        for future in as_completed(handles):
            error = future.exception()
            yield future, future.result() if error is None else error


def step_value(value: object) -> object:
    """A step's value; what it raised, as an error with a message (`FetchError`, `SourcesError`,
    or an `UnexpectedError` naming any other exception)."""
    if not isinstance(value, BaseException):
        return value
    return value if isinstance(value, FetchError | SourcesError) else UnexpectedError(value)


def is_error(value: object) -> bool:
    return isinstance(value, FetchError | SourcesError | UnexpectedError)


def discover_candidates(config: SweepConfig, store: AuditStore, steps: StepRunner) -> tuple[list[Candidate], list[Outcome]]:
    """Every source's candidates, in the sources' order, and earlier failures to try again;
    a source that fails is recorded."""
    handles = {steps.discover(source): source for source in config.sources}
    found = {handle: step_value(value) for handle, value in steps.finished(list(handles))}
    candidates: list[Candidate] = []
    failed: list[Outcome] = []
    for handle, source in handles.items():
        if is_error(found[handle]):
            place = Candidate(source=source.name, location=source.place)
            failed.append(failure_outcome(store, place, "discover", found[handle]))
        else:
            candidates += found[handle]
            store.resolve_failure(source.place)
    return candidates + retry_candidates(config, store, candidates), failed


def fetched_to_step(value: object, candidate: Candidate, store: AuditStore, auditing: set[str]) -> Outcome | Fetched:
    """What a finished fetch means: a failure, a skip, or a new document to audit."""
    fetched = step_value(value)
    if is_error(fetched):
        return failure_outcome(store, candidate, "fetch", fetched)
    outcome = fetched_to_outcome_if_known(store, fetched)
    if outcome is None and fetched.sha256 in auditing:  # the same bytes at two places in one sweep
        store.record_seen(fetched.sha256, sniffed_kind(fetched), len(fetched.data), candidate.source,
                          candidate.location, fetched.validators)
        outcome = Outcome(candidate.source, candidate.location, SKIPPED, sha256=fetched.sha256)
    return outcome or fetched


def sweep(config: SweepConfig, store: AuditStore, steps: StepRunner,
          progress: Callable[[int, int, Outcome], None] | None = None) -> SweepSummary:
    """One pass: every place fetched, every new document audited once, each outcome recorded.

    Candidates go in batches, which bound the bytes held in memory; `progress` hears of
    each outcome with the count done and the count of candidates.
    """
    candidates, outcomes = discover_candidates(config, store, steps)

    def done(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if progress:
            progress(len(outcomes), len(candidates), outcome)

    auditing: set[str] = set()
    for start in range(0, len(candidates), BATCH):
        batch = candidates[start:start + BATCH]
        fetches = {steps.fetch(c, store.known_validators(c.location)): c for c in batch}
        audits: dict[Hashable, Fetched] = {}
        for handle, value in steps.finished(list(fetches)):
            step = fetched_to_step(value, fetches[handle], store, auditing)
            if isinstance(step, Outcome):
                done(step)
                continue
            auditing.add(step.sha256)
            audits[steps.audit(step)] = step
        for handle, value in steps.finished(list(audits)):
            outcome = step_value(value)
            if is_error(outcome):  # the step itself crashed (a killed process): the next sweep retries
                outcome = failure_outcome(store, audits[handle].candidate, "audit", outcome)
            done(outcome)
    return SweepSummary(outcomes=tuple(outcomes))


def print_progress(done: int, total: int, outcome: Outcome) -> None:
    """One line per place on stderr."""
    print(f"[{done}/{total}] {outcome.result}: {outcome.location}", file=sys.stderr, flush=True)


def run_sweep(config: SweepConfig, store: AuditStore, options: AuditOptions = AuditOptions(),
              reports: Path | None = None, workers: int = 1, lang: str = "vi",
              progress: Callable[[int, int, Outcome], None] | None = None) -> SweepSummary:
    """One pass in this process, without Prefect: the steps on `workers` threads."""
    if workers < 1:
        raise ValueError("workers must be at least 1")
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sweep(config, store, ThreadSteps(pool, config.fetch, store, options, reports, lang), progress)
