"""`cchc-audit sweep`, `serve` and `history`: scheduled audits from the command line.

`sweep` runs its pass in this process when no Prefect server is configured (threads), and
as a flow run otherwise; `serve` always needs Prefect (a temporary server when none is
configured, announced on stderr). `history` reads the store alone.
Exit codes: 0 the command did its work; 1 some places failed (recorded, tried again by
the next sweep); 2 the command could not run (one `Error: …` line).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

RUNNERS = ("threads", "processes", "dask")


def add_sweep_commands(commands) -> None:
    """Add the scheduled-audit subcommands to the `cchc-audit` parser."""

    def store_option(command: argparse.ArgumentParser) -> None:
        command.add_argument("--store", metavar="URL",
                             help="audit store: a SQLAlchemy URL or a SQLite file "
                                  "(default: $CCHC_AUDIT_STORE or ~/.local/share/cchc-audit/audits.db)")
        command.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of messages (default: vi)")

    def flow_options(command: argparse.ArgumentParser) -> None:
        command.add_argument("sources", metavar="SOURCES.toml", help="the sources file (folders, URLs, listing pages)")
        store_option(command)
        command.add_argument("--reports", metavar="DIR",
                             help="folder for the JSON reports (default: ~/.local/share/cchc-audit/reports)")
        command.add_argument("--rules", metavar="NAME|FILE", help="class rule set: a bundled name or a TOML file")
        command.add_argument("--task-runner", choices=RUNNERS, default="threads",
                             help="how documents are audited concurrently (default: threads)")
        command.add_argument("--workers", type=int, default=4, metavar="N",
                             help="documents audited at once (default: 4)")
        command.add_argument("--dask-address", metavar="ADDRESS",
                             help="with --task-runner dask: the scheduler of an existing Dask cluster")
        command.add_argument("--cross-check", action=argparse.BooleanOptionalAction, default=True,
                             help="read PDF tables again with camelot and warn where the readers disagree "
                                  "(default: on)")

    sweep = commands.add_parser("sweep", help="audit what is new in the sources now (one pass of the scheduled flow)")
    flow_options(sweep)
    sweep.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    sweep.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                       help="one line per document on stderr (default: when stderr is a terminal)")
    sweep.set_defaults(handler=sweep_command)

    serve = commands.add_parser("serve", help="serve the scheduled sweep as a Prefect deployment")
    flow_options(serve)
    serve.add_argument("--cron", default="0 6 * * *", help='when to sweep (default: "0 6 * * *", 06:00 daily)')
    serve.add_argument("--name", default="daily-sweep", help="deployment name (default: daily-sweep)")
    serve.add_argument("--work-pool", metavar="POOL",
                       help="register the deployment on this work pool (its workers run the sweeps) "
                            "instead of serving it from this process")
    serve.set_defaults(handler=serve_command)

    history = commands.add_parser("history", help="list past audits (or failures) from the audit store")
    store_option(history)
    history.add_argument("--limit", type=int, default=50, metavar="N", help="at most N audits (default: 50)")
    history.add_argument("--issuer", help="only audits of decisions whose issuer contains this text")
    history.add_argument("--year", type=int, help="only audits of decisions of this index year")
    history.add_argument("--code", help="only audits with a finding of this code")
    history.add_argument("--failures", action="store_true", help="list places that failed and will be retried")
    history.add_argument("--format", choices=("table", "json"), default="table", help="output format (default: table)")
    history.set_defaults(handler=history_command)


def fail(error: BaseException, lang: str) -> int:
    """Print one `Error: …` line (never a traceback) and return exit code 2."""
    if os.environ.get("CCHC_AUDIT_DEBUG"):
        raise error
    message = error.message(lang) if hasattr(error, "message") else f"{type(error).__name__}: {error}"
    print(f"Error: {message}", file=sys.stderr)
    return 2


def flow_parameters(args) -> dict:
    """The flow's parameters from the command line (checked: the sources file must load)."""
    from cchc_audit.flows.sources import load_config

    sources = str(Path(args.sources).expanduser().resolve())
    load_config(sources)
    if args.rules:
        from cchc_audit.compute.rules import find_rules

        find_rules(args.rules)
    reports = str(Path(args.reports).expanduser().resolve()) if args.reports else None
    return {"sources": sources, "store": args.store, "reports": reports, "rules": args.rules, "lang": args.lang,
            "cross_check": args.cross_check}


def sweeps_in_process(task_runner: str, api_url: str | None) -> bool:
    """A one-off sweep with threads and no Prefect server configured needs no server: it runs
    the same pass in this process. Processes, Dask, or a configured server make it a flow run."""
    return task_runner == "threads" and not api_url


def sweep_here(parameters: dict, workers: int, progress: bool) -> dict:
    """The sweep's pass in this process, on `workers` threads, with the flow's parameters."""
    from cchc_audit.flows.pipeline import AuditOptions
    from cchc_audit.flows.sources import load_config
    from cchc_audit.flows.store import open_store
    from cchc_audit.flows.sweep_pass import DEFAULT_REPORTS, print_progress, run_sweep
    from cchc_audit.flows.version import pipeline_version

    reports = Path(parameters["reports"]) if parameters["reports"] else DEFAULT_REPORTS.expanduser()
    options = AuditOptions(rules=parameters["rules"], cross_check=parameters["cross_check"])
    store = open_store(parameters["store"], pipeline_version())
    summary = run_sweep(load_config(parameters["sources"]), store, options, reports, workers, parameters["lang"],
                        print_progress if progress else None)
    return summary.to_dict()


def sweep_command(args) -> int:
    try:
        parameters = flow_parameters(args)
        progress = sys.stderr.isatty() if args.progress is None else args.progress
        from cchc_audit.flows.prefect_api import prefect_api_url

        if sweeps_in_process(args.task_runner, prefect_api_url()):
            result = sweep_here(parameters, args.workers, progress)
        else:
            from cchc_audit.flows.prefect_api import prefect_server
            from cchc_audit.flows.sweep import audit_new_decisions, task_runner_for

            runner = task_runner_for(args.task_runner, args.workers, args.dask_address)
            with prefect_server(args.lang):
                result = audit_new_decisions.with_options(task_runner=runner)(**parameters, progress=progress)
    except Exception as error:
        return fail(error, args.lang)
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(f"new {result['new']}, audited {result['audited']}, failed {result['failed']}, skipped {result['skipped']}")
    return 1 if result["failed"] else 0


def serve_command(args) -> int:
    try:
        parameters = flow_parameters(args)
        from cchc_audit.flows.prefect_api import prefect_server
        from cchc_audit.flows.sweep import audit_new_decisions, task_runner_for

        runner = task_runner_for(args.task_runner, args.workers, args.dask_address)
        flow = audit_new_decisions.with_options(task_runner=runner)
        with prefect_server(args.lang):
            serve_flow(flow, args, parameters)
    except Exception as error:
        return fail(error, args.lang)
    return 0


def serve_flow(flow, args, parameters: dict) -> None:
    """Register the deployment on a work pool, or serve it from this process until stopped."""
    if args.work_pool:
        from prefect.types.entrypoint import EntrypointType

        deployment = flow.to_deployment(name=args.name, cron=args.cron, parameters=parameters,
                                        work_pool_name=args.work_pool, entrypoint_type=EntrypointType.MODULE_PATH)
        deployment_id = deployment.apply()
        print(f"deployment audit-new-decisions/{args.name} ({deployment_id}) on work pool {args.work_pool}")
    else:
        flow.serve(name=args.name, cron=args.cron, parameters=parameters)


def history_command(args) -> int:
    try:
        from cchc_audit.flows.store import AuditStore
        from cchc_audit.flows.version import pipeline_version

        store = AuditStore(args.store, pipeline_version())
        if args.failures:
            rows = [
                {"last_failed": f.last_failed, "attempts": f.attempts, "stage": f.stage, "source": f.source,
                 "location": f.location, "message": f.message_en if args.lang == "en" else f.message_vi}
                for f in store.pending_failures()
            ]
        else:
            rows = store.history(limit=args.limit, issuer=args.issuer, year=args.year, code=args.code)
        store.close()
    except Exception as error:
        return fail(error, args.lang)
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    elif args.failures:
        print_rows(rows, ("last_failed", "attempts", "stage", "location", "message"))
    else:
        print_rows(rows, ("audited_at", "status", "errors", "warnings", "info", "year", "issuer", "location", "sha256"))
    return 0


def cell(key: str, value) -> str:
    if value is None:
        return ""
    if key in ("audited_at", "last_failed"):
        return value.strftime("%Y-%m-%d %H:%M")
    if key == "sha256":
        return value[:12]
    return str(value)


def print_rows(rows: list[dict], keys: tuple[str, ...]) -> None:
    table = [list(keys)] + [[cell(k, row[k]) for k in keys] for row in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(keys))]
    for line in table:
        print("  ".join(text.ljust(width) for text, width in zip(line, widths)).rstrip())
