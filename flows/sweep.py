"""The scheduled flow: look at every source, audit what is new, keep the result, publish it.

The pass is `flows.sweep_pass.sweep`, the same one `cchc-audit sweep` runs in-process;
here its steps are tasks (`TaskSteps`): fetching carries Prefect retries with exponential
backoff (for transient failures only), each new document is one task run named with its
sha256, and documents are audited concurrently by the flow's task runner (threads by
default; processes or a Dask cluster by option). The audit store makes a rerun after a
crash audit nothing twice.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.futures import PrefectFuture, as_completed
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

from cchc_audit.flows.fetch import FetchError, Fetched, Validators, fetch_candidate, source_to_candidates
from cchc_audit.flows.pipeline import AuditOptions
from cchc_audit.flows.sources import Candidate, FetchSettings, Source, SourcesError, load_config
from cchc_audit.flows.store import open_store
from cchc_audit.flows.sweep_pass import (
    DEFAULT_REPORTS,
    FAILED,
    Outcome,
    SweepSummary,
    audit_or_record_failure,
    print_progress,
    sweep,
)
from cchc_audit.flows.version import pipeline_version


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
def audit_task(fetched: Fetched, store_url: str | None, version: str, options: AuditOptions,
               reports: str, lang: str) -> Outcome:
    return audit_or_record_failure(fetched, open_store(store_url, version), options, Path(reports), lang)


def with_fetch_retries(task_, settings: FetchSettings, name: str):
    if not settings.retries:
        return task_.with_options(task_run_name=name)
    return task_.with_options(task_run_name=name, retries=settings.retries,
                              retry_delay_seconds=settings.retry_delays, retry_condition_fn=transient_only)


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


@dataclass(frozen=True)
class TaskSteps:
    """The sweep's steps as Prefect tasks, run by the flow's task runner."""

    settings: FetchSettings
    store_url: str | None
    version: str
    options: AuditOptions
    reports: str
    lang: str

    def discover(self, source: Source) -> PrefectFuture:
        return with_fetch_retries(discover_source_task, self.settings, f"discover-{source.name}").submit(
            source, self.settings)

    def fetch(self, candidate: Candidate, known: Validators | None) -> PrefectFuture:
        return with_fetch_retries(fetch_task, self.settings, f"fetch-{short(candidate.location)}").submit(
            candidate, self.settings, known)

    def audit(self, fetched: Fetched) -> PrefectFuture:
        return audit_task.with_options(task_run_name=f"audit-{fetched.sha256}").submit(
            fetched, self.store_url, self.version, self.options, self.reports, self.lang)

    def finished(self, handles: list[PrefectFuture]) -> Iterator[tuple[PrefectFuture, object]]:
        for future in as_completed(handles):
            yield future, future.result(raise_on_failure=False)


@flow(name="audit-new-decisions", task_runner=task_runner_from_environment())
def audit_new_decisions(sources: str, store: str | None = None, reports: str | None = None,
                        rules: str | None = None, lang: str = "vi", progress: bool = False,
                        cross_check: bool = True) -> dict:
    """Audit every decision the sources hold that this pipeline version has not audited yet.

    PDF tables are read a second time with camelot unless `cross_check` is off.
    """
    config = load_config(sources)
    version = pipeline_version()
    folder = str(Path(reports).expanduser() if reports else DEFAULT_REPORTS.expanduser())
    steps = TaskSteps(config.fetch, store, version, AuditOptions(rules=rules, cross_check=cross_check), folder, lang)
    summary = sweep(config, open_store(store, version), steps, print_progress if progress else None)
    create_markdown_artifact(summary_markdown(summary, sources), key="cchc-sweep-summary",
                             description="PAR Index sweep: counts, audited documents and failures")
    table = findings_table(summary)
    if table:
        create_table_artifact(table, key="cchc-sweep-findings", description="Findings of the documents audited")
    return summary.to_dict()
