"""`cchc-audit`: audit decisions from the command line.

`check` runs the plain pipeline with no server and without importing Prefect;
`run` sends the same audit through the Prefect flow. Library errors become one
`Error: …` line and exit code 2; discrepancies give exit code 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

FORMATS = ("table", "json", "markdown", "csv", "html")
EXTENSIONS = {"table": "txt", "json": "json", "markdown": "md", "csv": "csv", "html": "html"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cchc-audit",
        description="Recompute and check the figures of PAR Index (Chỉ số CCHC) decisions.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def output_options(command: argparse.ArgumentParser) -> None:
        command.add_argument("--format", choices=FORMATS, default="table", help="report format (default: table)")
        command.add_argument("--output", metavar="DIR", help="write one report file per source into DIR")
        command.add_argument("--rules", metavar="NAME|FILE", help="class rule set: a bundled name or a TOML file")
        command.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of messages (default: vi)")
        command.add_argument(
            "--cross-check", action=argparse.BooleanOptionalAction, default=None,
            help="read PDF tables again with camelot and warn where the readers disagree "
            "(default: off for check, on for run)",
        )

    check = commands.add_parser("check", help="audit local decisions now, without any server")
    check.add_argument("sources", nargs="+", metavar="SOURCE", help="decision files (text or PDF) or http(s) URLs")
    output_options(check)

    run = commands.add_parser("run", help="audit one decision through the Prefect flow (recorded as a flow run)")
    run.add_argument("sources", nargs=1, metavar="SOURCE")
    output_options(run)

    # Scheduled audits (issue 5): sweep, serve, history; each sets its own `handler`.
    from cchc_audit.flows.sweep_cli import add_sweep_commands

    add_sweep_commands(commands)
    # Reviews and reports from the store (issue 6).
    from cchc_audit.flows.review_cli import add_review_commands

    add_review_commands(commands)
    return parser


def render(reports, fmt: str, lang: str) -> str:
    from cchc_audit.report.flat import report_to_markdown, report_to_table, reports_to_csv
    from cchc_audit.report.json_report import reports_to_json

    ok = [r for r in reports if r.status == "ok"]
    if fmt == "html":
        return "\n".join(render_html(r, lang) for r in reports)
    if fmt == "json":
        return reports_to_json(reports, lang) + "\n"
    if fmt == "csv":
        return reports_to_csv(ok, lang)
    if fmt == "markdown":
        return "\n".join(report_to_markdown(r, lang) for r in ok)
    return "\n".join(report_to_table(r, lang) for r in ok)


def render_html(report, lang: str, data: bytes | None = None, reviews=None) -> str:
    """The HTML report; for a PDF source, with pictures of the questioned cells."""
    from cchc_audit.report.html import report_to_html

    pictures = None
    path = Path(report.source)
    if data is None and report.status == "ok" and path.is_file():
        data = path.read_bytes()
    if report.status == "ok" and data is not None and data.lstrip()[:5] == b"%PDF-":
        from cchc_audit.report.pictures import finding_pictures

        pictures = finding_pictures(report, data)
    return report_to_html(report, lang, pictures=pictures, reviews=reviews)


def write_outputs(reports, fmt: str, lang: str, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for report in reports:
        path = directory / f"{Path(report.source).stem}.{EXTENSIONS[fmt]}"
        path.write_text(render([report], fmt, lang), encoding="utf-8")
        written.append(path)
    return written


def audit_one(source: str, options):
    """One source's report; a failure of the tool itself fails that source only, not the batch."""
    from cchc_audit.extract.source import SourceError
    from cchc_audit.flows.pipeline import audit_source, failed_report

    try:
        return audit_source(source, options)
    except Exception as error:
        if os.environ.get("CCHC_AUDIT_DEBUG"):
            raise
        detail = f"{type(error).__name__}: {error}"
        return failed_report(
            source,
            SourceError(
                f"{source}: lỗi nội bộ của công cụ ({detail}); hãy báo lỗi kèm tệp này",
                f"{source}: internal error ({detail}); please report it with this file",
            ),
        )


def audit_all(args) -> list:
    from cchc_audit.flows.pipeline import AuditOptions

    cross = args.cross_check if args.cross_check is not None else args.command == "run"
    options = AuditOptions(rules=args.rules, cross_check=cross)
    if args.command == "run":
        from cchc_audit.flows.audit import audit_document_flow
        from cchc_audit.flows.prefect_api import prefect_server

        with prefect_server(args.lang):
            return [audit_document_flow(source, rules=args.rules, cross_check=cross) for source in args.sources]
    reports = []
    show_progress = len(args.sources) > 3 and sys.stderr.isatty()
    for number, source in enumerate(args.sources, start=1):
        if show_progress:
            print(f"\r[{number}/{len(args.sources)}] {source}"[:120].ljust(120), end="", file=sys.stderr, flush=True)
        reports.append(audit_one(source, options))
    if show_progress:
        print(file=sys.stderr)
    return reports


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if hasattr(args, "handler"):
        return args.handler(args)
    lang = args.lang
    if args.format == "html" and len(args.sources) > 1 and not args.output:
        print("Error: --format html writes one page per source: add --output DIR", file=sys.stderr)
        return 2
    try:
        if args.rules:
            from cchc_audit.compute.rules import find_rules

            find_rules(args.rules)
        reports = audit_all(args)
    except Exception as error:  # one readable line, never a traceback
        if os.environ.get("CCHC_AUDIT_DEBUG"):
            raise
        from cchc_audit.compute.rules import RulesError
        from cchc_audit.extract.domain.errors import BilingualError

        if isinstance(error, BilingualError):
            text = error.message(lang)
        else:
            text = f"{error}" if isinstance(error, RulesError) else f"{type(error).__name__}: {error}"
        print(f"Error: {text}", file=sys.stderr)
        return 2
    for report in reports:
        if report.status != "ok":
            print(f"Error: {report.error(lang)}", file=sys.stderr)
    if args.output:
        for path in write_outputs(reports, args.format, lang, Path(args.output)):
            print(path)
    else:
        text = render(reports, args.format, lang)
        if text.strip():
            sys.stdout.write(text)
    return max(report.exit_code for report in reports)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
