"""The scheduled flow: look at every source, audit what is new, keep the result, publish it.

Each step is a plain function of `flows/sweep_pass.py`; here they become tasks: fetching
carries Prefect retries with exponential backoff (for transient failures only), each
new document is one task run named with its sha256, and documents are audited
concurrently by the flow's task runner (threads by default; processes or a Dask
cluster by option). The audit store makes a rerun after a crash audit nothing twice.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.futures import PrefectFuture, as_completed
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

from flows.fetch import FetchError, Fetched, fetch_candidate, source_to_candidates
from flows.pipeline import AuditOptions
from flows.sources import Candidate, FetchSettings, Source, SourcesError, SweepConfig, load_config
from flows.store import DEFAULT_PATH, AuditStore, open_store
from flows.sweep_pass import (
    FAILED,
    SKIPPED,
    Outcome,
    SweepSummary,
    UnexpectedError,
    audit_or_record_failure,
    failure_outcome,
    fetched_to_outcome_if_known,
    retry_candidates,
)
from flows.version import pipeline_version

DEFAULT_REPORTS = DEFAULT_PATH.parent / "reports"
BATCH = 64


def transient_only(task_, task_run, state) -> bool:
    """Prefect retry condition: retry a fetch only when trying again may help."""
    error = state.result(raise_on_failure=False)
    return isinstance(error, FetchError) and error.retryable


@task(name="discover-source")
def discover_source_task(source: Source, settings: FetchSettings) -> list[Candidate]:
    return source_to_candidates(source, settings)


@task(name="fetch")
def fetch_task(candidate: Candidate, settings: FetchSettings, known):
    return fetch_candidate(candidate, settings, known)


@task(name="audit")
def audit_task(fetched: Fetched, store_url: str | None, version: str, rules: str | None,
               reports: str, lang: str, cross_check: bool = True) -> Outcome:
    store = open_store(store_url, version)
    options = AuditOptions(rules=rules, cross_check=cross_check)
    return audit_or_record_failure(fetched, store, options, Path(reports), lang)


def with_fetch_retries(task_, settings: FetchSettings, name: str):
    if not settings.retries:
        return task_.with_options(task_run_name=name)
    return task_.with_options(task_run_name=name, retries=settings.retries,
                              retry_delay_seconds=settings.retry_delays, retry_condition_fn=transient_only)


def outcome_of(future: PrefectFuture):
    """A task run's value, or its exception as an error with a message when it failed."""
    value = future.result(raise_on_failure=False)
    if not isinstance(value, BaseException):
        return value
    return value if isinstance(value, FetchError | SourcesError) else UnexpectedError(value)


def is_error(value) -> bool:
    return isinstance(value, FetchError | SourcesError | UnexpectedError)


def short(location: str) -> str:
    return location.rstrip("/").rsplit("/", 1)[-1][:60] or location[:60]


def summary_markdown(summary: SweepSummary, sources: str) -> str:
    counts = summary.counts
    lines = [
        f"# Sweep of `{sources}`",
        "",
        f"Pipeline version `{pipeline_version()}`.",
        "",
        "| new | audited | failed | skipped |",
        "|---:|---:|---:|---:|",
        f"| {counts['new']} | {counts['audited']} | {counts['failed']} | {counts['skipped']} |",
    ]
    audited = [o for o in summary.outcomes if o.result == "audited"]
    if audited:
        lines += ["", "## Audited", "", "| document | status | errors | warnings |", "|---|---|---:|---:|"]
        lines += [f"| `{short(o.location)}` | {o.status} | {o.errors} | {o.warnings} |" for o in audited]
    failed = [o for o in summary.outcomes if o.result == FAILED]
    if failed:
        lines += ["", "## Failed (tried again next sweep)", ""]
        lines += [f"- `{o.location}`: {o.message}" for o in failed]
    return "\n".join(lines) + "\n"


def findings_table(summary: SweepSummary) -> list[dict]:
    return [
        {"document": short(o.location), "sha256": (o.sha256 or "")[:12]} | finding
        for o in summary.outcomes
        for finding in o.findings
    ]


def report_progress(enabled: bool, done: int, total: int, outcome: Outcome) -> None:
    if enabled:
        print(f"[{done}/{total}] {outcome.result}: {outcome.location}", file=sys.stderr, flush=True)


def task_runner_for(kind: str = "threads", workers: int = 4, address: str | None = None) -> TaskRunner:
    """The task runner that audits documents concurrently: threads, processes, or a Dask cluster."""
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if kind == "threads":
        return ThreadPoolTaskRunner(max_workers=workers)
    if kind == "processes":
        return ProcessPoolTaskRunner(max_workers=workers)
    if kind == "dask":
        try:
            from prefect_dask import DaskTaskRunner
        except ImportError:
            raise SourcesError(
                "cần gói prefect-dask: pip install 'cchc-audit[dask]'",
                "the dask task runner needs prefect-dask: pip install 'cchc-audit[dask]'",
            ) from None
        if address:
            return DaskTaskRunner(address=address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1})
    raise ValueError("task runner must be threads, processes or dask")


def task_runner_from_environment() -> TaskRunner:
    """The runner of a deployment's flow runs: workers choose it with environment variables."""
    return task_runner_for(
        os.environ.get("CCHC_AUDIT_TASK_RUNNER", "threads"),
        int(os.environ.get("CCHC_AUDIT_WORKERS", "4")),
        os.environ.get("CCHC_AUDIT_DASK_ADDRESS"),
    )


def discover_candidates(config: SweepConfig, audit_store: AuditStore) -> tuple[list[Candidate], list[Outcome]]:
    """Every source's candidates (one task run each) and earlier failures; failed sources are recorded."""
    settings = config.fetch
    futures = [with_fetch_retries(discover_source_task, settings, f"discover-{s.name}").submit(s, settings)
               for s in config.sources]
    candidates: list[Candidate] = []
    failed: list[Outcome] = []
    for source, future in zip(config.sources, futures):
        found = outcome_of(future)
        if is_error(found):
            place = Candidate(source=source.name, location=source.place)
            failed.append(failure_outcome(audit_store, place, "discover", found))
        else:
            candidates += found
            audit_store.resolve_failure(source.place)
    return candidates + retry_candidates(config, audit_store, candidates), failed


def fetched_to_outcome(future: PrefectFuture, candidate: Candidate, audit_store: AuditStore,
                       auditing: set[str]) -> Outcome | Fetched:
    """What a finished fetch means: a failure, a skip, or a new document to audit."""
    fetched = outcome_of(future)
    if is_error(fetched):
        return failure_outcome(audit_store, candidate, "fetch", fetched)
    outcome = fetched_to_outcome_if_known(audit_store, fetched)
    if outcome is None and fetched.sha256 in auditing:  # the same bytes at two places in one sweep
        audit_store.record_seen(fetched.sha256, None, len(fetched.data), candidate.source, candidate.location,
                                fetched.validators)
        outcome = Outcome(candidate.source, candidate.location, SKIPPED, sha256=fetched.sha256)
    return outcome or fetched


@flow(name="audit-new-decisions", task_runner=task_runner_from_environment())
def audit_new_decisions(sources: str, store: str | None = None, reports: str | None = None,
                        rules: str | None = None, lang: str = "vi", progress: bool = False,
                        cross_check: bool = True) -> dict:
    """Audit every decision the sources hold that this pipeline version has not audited yet.

    PDF tables are read a second time with camelot unless `cross_check` is off.
    """
    config = load_config(sources)
    version = pipeline_version()
    audit_store = open_store(store, version)
    folder = str(Path(reports).expanduser() if reports else DEFAULT_REPORTS.expanduser())
    candidates, outcomes = discover_candidates(config, audit_store)

    def done(outcome: Outcome) -> None:
        outcomes.append(outcome)
        report_progress(progress, len(outcomes), len(candidates), outcome)

    auditing: set[str] = set()
    for start in range(0, len(candidates), BATCH):  # batches bound the bytes held in memory
        fetches = {
            with_fetch_retries(fetch_task, config.fetch, f"fetch-{short(c.location)}").submit(
                c, config.fetch, audit_store.known_validators(c.location)
            ): c
            for c in candidates[start:start + BATCH]
        }
        audits: dict[PrefectFuture, Fetched] = {}
        for future in as_completed(list(fetches)):
            step = fetched_to_outcome(future, fetches[future], audit_store, auditing)
            if isinstance(step, Outcome):
                done(step)
                continue
            auditing.add(step.sha256)
            submitted = audit_task.with_options(task_run_name=f"audit-{step.sha256}").submit(
                step, store, version, rules, folder, lang, cross_check
            )
            audits[submitted] = step
        for future in as_completed(list(audits)):
            outcome = outcome_of(future)
            if is_error(outcome):  # the task itself crashed (a killed process): the next sweep retries
                outcome = failure_outcome(audit_store, audits[future].candidate, "audit", outcome)
            done(outcome)

    summary = SweepSummary(outcomes=tuple(outcomes))
    create_markdown_artifact(summary_markdown(summary, sources), key="cchc-sweep-summary",
                             description="PAR Index sweep: counts, audited documents and failures")
    table = findings_table(summary)
    if table:
        create_table_artifact(table, key="cchc-sweep-findings", description="Findings of the documents audited")
    return summary.to_dict()
