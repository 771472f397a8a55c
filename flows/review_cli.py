"""`cchc-audit review` and `cchc-audit report`: reviewers' decisions and reports from the store.

A DOCUMENT is a local file (audited now, and recorded in the store if it is new) or the
SHA-256 (6 or more leading hex digits) of a document in the store, re-audited from the
bytes the store keeps. Prefect is never imported here.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

REPORT_FORMATS = ("html", "markdown", "csv", "json")


def add_review_commands(commands) -> None:
    def common(command: argparse.ArgumentParser) -> None:
        command.add_argument("--store", metavar="URL",
                             help="audit store: a SQLAlchemy URL or a SQLite file "
                                  "(default: $CCHC_AUDIT_STORE or ~/.local/share/cchc-audit/audits.db)")
        command.add_argument("--rules", metavar="NAME|FILE", help="class rule set: a bundled name or a TOML file")
        command.add_argument("--lang", choices=("vi", "en"), default="vi", help="language (default: vi)")

    review = commands.add_parser("review", help="record a reviewer's decision on one finding")
    review.add_argument("document", metavar="DOCUMENT", help="a decision file, or a stored document's SHA-256 prefix")
    review.add_argument("finding", metavar="FINDING",
                        help="the finding's number in the report (1, 2, …) or its fingerprint prefix")
    decision = review.add_mutually_exclusive_group(required=True)
    decision.add_argument("--confirm", dest="decision", action="store_const", const="confirm",
                          help="the document really has this error")
    decision.add_argument("--dismiss", dest="decision", action="store_const", const="dismiss",
                          help="not the document's error (a reading error)")
    decision.add_argument("--follow-up", dest="decision", action="store_const", const="follow-up",
                          help="needs follow-up")
    review.add_argument("--note", default="", help="why (kept with the decision)")
    review.add_argument("--who", help="reviewer (default: $CCHC_AUDIT_REVIEWER or the login name)")
    common(review)
    review.set_defaults(handler=review_command)

    report = commands.add_parser("report", help="write reports of stored or local documents, with their reviews")
    report.add_argument("document", nargs="?", metavar="DOCUMENT",
                        help="a decision file, or a stored document's SHA-256 prefix")
    report.add_argument("--all", action="store_true", help="every document in the store, with an index page")
    report.add_argument("--format", choices=REPORT_FORMATS, default="html", help="report format (default: html)")
    report.add_argument("--output", metavar="DIR", required=True, help="folder to write the reports into")
    common(report)
    report.set_defaults(handler=report_command)


def _store(args):
    from cchc_audit.flows.store import open_store
    from cchc_audit.flows.version import pipeline_version

    return open_store(args.store, pipeline_version())


def _options(args):
    from cchc_audit.flows.pipeline import AuditOptions

    return AuditOptions(rules=args.rules)


def load_audit(store, document: str, options):
    """(sha256, AuditReport, bytes) of a local file or a stored document; a new file is recorded."""
    from cchc_audit.extract.source import bytes_to_document, load_source
    from cchc_audit.flows.fetch import Validators
    from cchc_audit.flows.pipeline import audit_document
    from cchc_audit.flows.store import AuditRecord
    from cchc_audit.report.json_report import report_to_dict

    path = Path(document)
    if path.is_file():
        loaded = load_source(path)
        location = str(path.resolve())
    else:
        sha256 = store.resolve_document(document)
        content, location = store.document_content(sha256)
        if content is None and location and Path(location).is_file():
            content = Path(location).read_bytes()
        if content is None:
            raise LookupError(f"the store does not keep the bytes of {sha256[:12]} and {location} cannot be read")
        loaded = bytes_to_document(location or sha256, content)
    report = audit_document(loaded, options)
    # Recorded once per pipeline version, like a sweep's audit: a new version re-audits.
    store.record_audit(
        AuditRecord(
            sha256=loaded.sha256, kind=loaded.kind.value, size=len(loaded.data), source="cli",
            location=location or loaded.sha256, validators=Validators(None, None),
            report=report_to_dict(report), content=loaded.data,
        )
    )
    return loaded.sha256, report, loaded.data


def stored_reviews(store, sha256: str) -> list:
    from cchc_audit.report.reviews import review_from_dict

    return [review_from_dict(row) for row in store.reviews_of(sha256)]


def review_command(args) -> int:
    from cchc_audit.report.reviews import DECISION_LABELS, Decision, new_review, resolve_finding, review_to_dict
    from cchc_audit.flows.sweep_cli import fail

    try:
        store = _store(args)
        sha256, report, _ = load_audit(store, args.document, _options(args))
        if report.status != "ok":
            raise LookupError(report.error(args.lang))
        finding = resolve_finding(sha256, report.findings, args.finding)
        review = new_review(sha256, finding, args.decision, args.note, who=args.who, when=datetime.now(UTC))
        store.record_review(sha256, review_to_dict(review))
    except Exception as error:
        return fail(error, args.lang)
    label = DECISION_LABELS[args.lang][Decision(args.decision)]
    number = report.findings.index(finding) + 1
    print(f"{sha256[:12]} #{number} {finding.code.value}: {label} — {review.who} ({review.fingerprint[:10]})")
    return 0


def render_report(report, fmt: str, lang: str, content: bytes | None, reviews) -> str:
    from cchc_audit.report.flat import report_to_markdown, reports_to_csv
    from cchc_audit.report.json_report import report_to_json

    if fmt == "html":
        from cchc_audit.flows.cli import render_html

        return render_html(report, lang, data=content, reviews=reviews)
    if fmt == "json":
        return report_to_json(report, lang, reviews=reviews) + "\n"
    if fmt == "csv":
        return reports_to_csv([report], lang)
    return report_to_markdown(report, lang)


def report_command(args) -> int:
    from cchc_audit.flows.cli import EXTENSIONS
    from cchc_audit.flows.sweep_cli import fail

    if bool(args.all) == bool(args.document):
        return fail(ValueError("give either DOCUMENT or --all"), args.lang)
    try:
        store = _store(args)
        options = _options(args)
        folder = Path(args.output)
        folder.mkdir(parents=True, exist_ok=True)
        targets = [row["sha256"] for row in store.audited_documents()] if args.all else [args.document]
        entries = []
        for number, target in enumerate(targets, start=1):
            if args.all and sys.stderr.isatty():
                print(f"\r[{number}/{len(targets)}] {target[:12]}", end="", file=sys.stderr, flush=True)
            sha256, report, content = load_audit(store, target, options)
            reviews = stored_reviews(store, sha256)
            path = folder / f"{sha256[:12]}.{EXTENSIONS[args.format]}"
            path.write_text(render_report(report, args.format, args.lang, content, reviews), encoding="utf-8")
            print(path)
            if args.format == "html":
                from cchc_audit.report.index_page import report_to_entry

                entries.append(report_to_entry(report, path.name, reviews))
        if args.all and args.format == "html":
            from cchc_audit.report.index_page import index_to_html

            index = folder / "index.html"
            index.write_text(index_to_html(entries, args.lang), encoding="utf-8")
            print(index)
    except Exception as error:
        return fail(error, args.lang)
    return 0
