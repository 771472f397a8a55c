"""The audit store: documents, where they were seen, their audits and findings, and failures.

SQLAlchemy Core over SQLite (a file, by default `~/.local/share/cchc-audit/audits.db`) or
PostgreSQL (by URL). A document is known by its sha256; it is audited at most once per
pipeline version (a unique constraint), and its audit row, findings, sighting and the
validators of the place it was read from are written in one transaction: a document is
either fully recorded with its report or not at all.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy import (
    JSON,
    LargeBinary,
    Column,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    create_engine,
    event,
    func,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from cchc_audit.flows.fetch import Validators

DEFAULT_PATH = Path("~/.local/share/cchc-audit/audits.db")

metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("kind", String(8)),
    Column("size", Integer, nullable=False),
    Column("first_seen", DateTime(timezone=True), nullable=False),
    Column("content", LargeBinary),  # the bytes, so reports and reviews can re-audit without the source
)

sightings = Table(
    "sightings", metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), ForeignKey("documents.sha256"), nullable=False),
    Column("source", String(200), nullable=False),
    Column("location", Text, nullable=False),
    Column("first_seen", DateTime(timezone=True), nullable=False),
    Column("last_seen", DateTime(timezone=True), nullable=False),
    UniqueConstraint("sha256", "location", name="one_sighting_per_place"),
)

locations = Table(
    "locations", metadata,
    Column("location", Text, primary_key=True),
    Column("source", String(200), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("checked_at", DateTime(timezone=True), nullable=False),
)

audits = Table(
    "audits", metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), ForeignKey("documents.sha256"), nullable=False),
    Column("pipeline_version", String(64), nullable=False),
    Column("status", String(8), nullable=False),
    Column("source", String(200), nullable=False),
    Column("location", Text, nullable=False),
    Column("issuer", Text),
    Column("number", Text),
    Column("year", Integer),
    Column("errors", Integer, nullable=False),
    Column("warnings", Integer, nullable=False),
    Column("info", Integer, nullable=False),
    Column("report", JSON, nullable=False),
    Column("seconds", Float),
    Column("audited_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("sha256", "pipeline_version", name="one_audit_per_version"),
)

findings = Table(
    "findings", metadata,
    Column("id", Integer, primary_key=True),
    Column("audit_id", Integer, ForeignKey("audits.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(40), nullable=False),
    Column("severity", String(8), nullable=False),
    Column("table_index", Integer),
    Column("row", Integer),
    Column("unit", Text),
    Column("column", Text),
    Column("scorer", String(12)),
    Column("published", Text),
    Column("expected", Text),
    Index("findings_by_code", "code"),
    Index("findings_by_unit", "unit"),
)

failures = Table(
    "failures", metadata,
    Column("id", Integer, primary_key=True),
    Column("source", String(200), nullable=False),
    Column("location", Text, nullable=False, unique=True),
    Column("stage", String(12), nullable=False),
    Column("message_vi", Text, nullable=False),
    Column("message_en", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("first_failed", DateTime(timezone=True), nullable=False),
    Column("last_failed", DateTime(timezone=True), nullable=False),
    Column("resolved_at", DateTime(timezone=True)),
)

reviews = Table(
    "reviews", metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), ForeignKey("documents.sha256"), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("decision", String(12), nullable=False),
    Column("note", Text, nullable=False),
    Column("who", Text, nullable=False),
    Column("reviewed_at", DateTime(timezone=True), nullable=False),
    Index("reviews_by_document", "sha256"),
)

Index("audits_by_issuer_year", audits.c.issuer, audits.c.year)


def now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive times: they were stored in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def default_store_url() -> str:
    configured = os.environ.get("CCHC_AUDIT_STORE")
    return configured or f"sqlite:///{DEFAULT_PATH.expanduser()}"


def normalise_url(url_or_path: str | None) -> str:
    """A SQLAlchemy URL; a plain path means a SQLite file."""
    if not url_or_path:
        return default_store_url()
    if "://" in url_or_path:
        if url_or_path.startswith("postgresql://"):
            return "postgresql+psycopg://" + url_or_path.removeprefix("postgresql://")
        return url_or_path
    return f"sqlite:///{Path(url_or_path).expanduser().resolve()}"


def _sqlite_serialised(engine: Engine) -> None:
    """SQLite: WAL, a busy timeout, and BEGIN IMMEDIATE so writers queue instead of failing."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


@dataclass(frozen=True)
class AuditRecord:
    """One document's audit outcome, ready to be stored."""

    sha256: str
    kind: str | None
    size: int
    source: str
    location: str
    validators: Validators
    report: dict
    seconds: float | None = None
    content: bytes | None = None

    def __post_init__(self) -> None:
        if len(self.sha256) != 64:
            raise ValueError("sha256 must be 64 hex digits")
        if self.report.get("status") not in ("ok", "failed"):
            raise ValueError("report status must be ok or failed")


@dataclass(frozen=True)
class Failure:
    source: str
    location: str
    stage: str
    message_vi: str
    message_en: str
    attempts: int
    last_failed: datetime


class AuditStore:
    """Reads and transactional writes of audits for one pipeline version."""

    def __init__(self, url: str | None, pipeline_version: str) -> None:
        self.url = normalise_url(url)
        self.pipeline_version = pipeline_version
        if self.url.startswith("sqlite:///"):
            Path(self.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            self.engine = create_engine(self.url)
            _sqlite_serialised(self.engine)
        else:
            self.engine = create_engine(self.url, pool_pre_ping=True)
        metadata.create_all(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def _insert(self, table: Table):
        """An INSERT that can say ON CONFLICT, in this database's dialect."""
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        return dialect.insert(table)

    # Reading

    def is_audited(self, sha256: str) -> bool:
        query = select(audits.c.id).where(audits.c.sha256 == sha256,
                                          audits.c.pipeline_version == self.pipeline_version)
        with self.engine.connect() as connection:
            return connection.execute(query).first() is not None

    def known_validators(self, location: str) -> Validators | None:
        """The validators of a place, only when what it held then is audited with this version."""
        query = (
            select(locations.c.etag, locations.c.last_modified)
            .join(audits, and_(audits.c.sha256 == locations.c.sha256,
                               audits.c.pipeline_version == self.pipeline_version))
            .where(locations.c.location == location)
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return Validators(row.etag, row.last_modified) if row else None

    def pending_failures(self) -> list[Failure]:
        """Places whose last attempt failed and that no later audit has resolved."""
        query = select(failures).where(failures.c.resolved_at.is_(None)).order_by(failures.c.id)
        with self.engine.connect() as connection:
            return [
                Failure(r.source, r.location, r.stage, r.message_vi, r.message_en, r.attempts, r.last_failed)
                for r in connection.execute(query)
            ]

    def audit_count(self) -> int:
        with self.engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(audits)).scalar_one()

    def history(self, limit: int = 50, issuer: str | None = None, year: int | None = None,
                code: str | None = None, all_versions: bool = True) -> list[dict]:
        """Past audits, newest first, optionally those of an issuer, a year or with a finding code."""
        query = select(
            audits.c.id, audits.c.sha256, audits.c.pipeline_version, audits.c.status, audits.c.source,
            audits.c.location, audits.c.issuer, audits.c.number, audits.c.year, audits.c.errors,
            audits.c.warnings, audits.c.info, audits.c.audited_at,
        )
        if not all_versions:
            query = query.where(audits.c.pipeline_version == self.pipeline_version)
        if issuer:
            query = query.where(audits.c.issuer.ilike(f"%{issuer}%"))
        if year:
            query = query.where(audits.c.year == year)
        if code:
            query = query.where(audits.c.id.in_(select(findings.c.audit_id).where(findings.c.code == code)))
        query = query.order_by(audits.c.audited_at.desc(), audits.c.id.desc()).limit(limit)
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def find(self, code: str | None = None, unit: str | None = None, issuer: str | None = None,
             year: int | None = None) -> list[dict]:
        """Findings of this pipeline version's audits, by code, unit (substring), issuer and year."""
        query = (
            select(findings.c.code, findings.c.severity, findings.c.row, findings.c.unit, findings.c.column,
                   findings.c.published, findings.c.expected, audits.c.sha256, audits.c.issuer, audits.c.year,
                   audits.c.location)
            .join(audits, audits.c.id == findings.c.audit_id)
            .where(audits.c.pipeline_version == self.pipeline_version)
        )
        if code:
            query = query.where(findings.c.code == code)
        if unit:
            query = query.where(findings.c.unit.ilike(f"%{unit}%"))
        if issuer:
            query = query.where(audits.c.issuer.ilike(f"%{issuer}%"))
        if year:
            query = query.where(audits.c.year == year)
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query.order_by(findings.c.id))]

    def resolve_document(self, prefix: str) -> str:
        """The full SHA-256 of the one stored document whose SHA-256 starts with `prefix`."""
        key = prefix.strip().lower()
        if len(key) < 6 or any(c not in "0123456789abcdef" for c in key):
            raise LookupError(f"not a document SHA-256 (6 or more hex digits): {prefix!r}")
        query = select(documents.c.sha256).where(documents.c.sha256.like(f"{key}%")).limit(2)
        with self.engine.connect() as connection:
            found = [row.sha256 for row in connection.execute(query)]
        if len(found) != 1:
            raise LookupError(f"{'no' if not found else 'more than one'} stored document starts with {key}")
        return found[0]

    def document_content(self, sha256: str) -> tuple[bytes | None, str | None]:
        """A stored document's bytes (None if not kept) and the last place it was audited from."""
        with self.engine.connect() as connection:
            content = connection.execute(select(documents.c.content).where(documents.c.sha256 == sha256)).scalar()
            location = connection.execute(
                select(audits.c.location).where(audits.c.sha256 == sha256).order_by(audits.c.id.desc()).limit(1)
            ).scalar()
        return content, location

    def audited_documents(self) -> list[dict]:
        """Each audited document once, with its latest audit's summary (newest first)."""
        latest = select(func.max(audits.c.id)).group_by(audits.c.sha256)
        query = (
            select(audits.c.sha256, audits.c.location, audits.c.issuer, audits.c.year, audits.c.audited_at)
            .where(audits.c.id.in_(latest))
            .order_by(audits.c.audited_at.desc(), audits.c.id.desc())
        )
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def reviews_of(self, sha256: str) -> list[dict]:
        """Every review recorded for a document, oldest first."""
        query = select(reviews).where(reviews.c.sha256 == sha256).order_by(reviews.c.id)
        with self.engine.connect() as connection:
            return [
                {"fingerprint": r.fingerprint, "decision": r.decision, "note": r.note, "who": r.who,
                 "when": _aware(r.reviewed_at).isoformat()}
                for r in connection.execute(query)
            ]

    # Writing, each in one transaction

    def record_review(self, sha256: str, review: dict) -> None:
        """Keep one reviewer's decision; earlier ones stay (the latest wins when shown)."""
        with self.engine.begin() as connection:
            connection.execute(
                reviews.insert().values(
                    sha256=sha256, fingerprint=review["fingerprint"], decision=review["decision"],
                    note=review["note"], who=review["who"], reviewed_at=datetime.fromisoformat(review["when"]),
                )
            )

    def record_audit(self, record: AuditRecord) -> bool:
        """Store a document's audit with its findings; False when this version had audited it already.

        Either way the place it was seen is recorded. Nothing is written if anything fails.
        """
        stamp = now()
        report = record.report
        document = report.get("document") or {}
        with self.engine.begin() as connection:
            connection.execute(
                self._insert(documents)
                .values(sha256=record.sha256, kind=record.kind, size=record.size, first_seen=stamp,
                        content=record.content)
                .on_conflict_do_nothing(index_elements=["sha256"])
            )
            inserted = connection.execute(
                self._insert(audits)
                .values(
                    sha256=record.sha256, pipeline_version=self.pipeline_version, status=report["status"],
                    source=record.source, location=record.location, issuer=document.get("issuer"),
                    number=document.get("number"), year=document.get("year"),
                    errors=report["summary"]["errors"], warnings=report["summary"]["warnings"],
                    info=report["summary"]["info"], report=report, seconds=record.seconds, audited_at=stamp,
                )
                .on_conflict_do_nothing(index_elements=["sha256", "pipeline_version"])
                .returning(audits.c.id)
            ).first()
            if inserted is not None and report["findings"]:
                connection.execute(findings.insert(), [finding_row(inserted.id, f) for f in report["findings"]])
            self._record_sighting(connection, record.sha256, record.source, record.location,
                                  record.validators, stamp)
        return inserted is not None

    def record_unchanged(self, source: str, location: str) -> None:
        """A place checked and found unchanged: refresh when it was seen."""
        stamp = now()
        with self.engine.begin() as connection:
            sha = connection.execute(select(locations.c.sha256).where(locations.c.location == location)).scalar()
            if sha is None:
                return
            connection.execute(update(locations).where(locations.c.location == location).values(checked_at=stamp))
            connection.execute(
                update(sightings)
                .where(sightings.c.sha256 == sha, sightings.c.location == location)
                .values(last_seen=stamp)
            )

    def record_seen(self, sha256: str, kind: str | None, size: int, source: str, location: str,
                    validators: Validators) -> None:
        """A place holding a document this version has audited already."""
        stamp = now()
        with self.engine.begin() as connection:
            connection.execute(
                self._insert(documents)
                .values(sha256=sha256, kind=kind, size=size, first_seen=stamp)
                .on_conflict_do_nothing(index_elements=["sha256"])
            )
            self._record_sighting(connection, sha256, source, location, validators, stamp)

    def _record_sighting(self, connection, sha256: str, source: str, location: str,
                         validators: Validators, stamp: datetime) -> None:
        statement = self._insert(sightings).values(
            sha256=sha256, source=source, location=location, first_seen=stamp, last_seen=stamp
        )
        connection.execute(
            statement.on_conflict_do_update(index_elements=["sha256", "location"], set_={"last_seen": stamp})
        )
        statement = self._insert(locations).values(
            location=location, source=source, sha256=sha256, etag=validators.etag,
            last_modified=validators.last_modified, checked_at=stamp,
        )
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=["location"],
                set_={"source": source, "sha256": sha256, "etag": validators.etag,
                      "last_modified": validators.last_modified, "checked_at": stamp},
            )
        )
        connection.execute(
            update(failures)
            .where(failures.c.location == location, failures.c.resolved_at.is_(None))
            .values(resolved_at=stamp)
        )

    def record_failure(self, source: str, location: str, stage: str, message_vi: str, message_en: str) -> None:
        """A place that could not be fetched or audited this time; the next sweep tries it again."""
        stamp = now()
        statement = self._insert(failures).values(
            source=source, location=location, stage=stage, message_vi=message_vi, message_en=message_en,
            attempts=1, first_failed=stamp, last_failed=stamp,
        )
        with self.engine.begin() as connection:
            connection.execute(
                statement.on_conflict_do_update(
                    index_elements=["location"],
                    set_={
                        "source": source, "stage": stage, "message_vi": message_vi, "message_en": message_en,
                        "attempts": failures.c.attempts + 1, "last_failed": stamp, "resolved_at": None,
                    },
                )
            )

    def resolve_failure(self, location: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                update(failures)
                .where(failures.c.location == location, failures.c.resolved_at.is_(None))
                .values(resolved_at=now())
            )

    def consistency_problems(self) -> list[str]:
        """What would betray a half-written document: every check should find nothing."""
        problems = []
        with self.engine.connect() as connection:
            duplicated = connection.execute(
                select(audits.c.sha256, audits.c.pipeline_version)
                .group_by(audits.c.sha256, audits.c.pipeline_version)
                .having(func.count() > 1)
            ).all()
            problems += [f"audited twice: {sha}" for sha, _ in duplicated]
            for audit_id, expected in connection.execute(select(audits.c.id, audits.c.report)):
                report = expected if isinstance(expected, dict) else json.loads(expected)
                stored = connection.execute(
                    select(func.count()).select_from(findings).where(findings.c.audit_id == audit_id)
                ).scalar_one()
                if stored != len(report["findings"]):
                    problems.append(f"audit {audit_id}: {stored} findings stored, {len(report['findings'])} reported")
            unseen = connection.execute(
                select(audits.c.sha256).where(~audits.c.sha256.in_(select(sightings.c.sha256)))
            ).all()
            problems += [f"audited but never seen: {sha}" for (sha,) in unseen]
        return problems


def finding_row(audit_id: int, finding: dict) -> dict:
    return {
        "audit_id": audit_id, "code": finding["code"], "severity": finding["severity"],
        "table_index": finding.get("table"), "row": finding.get("row"), "unit": finding.get("unit"),
        "column": finding.get("column"), "scorer": finding.get("scorer"),
        "published": finding.get("published"), "expected": finding.get("expected"),
    }


@lru_cache(maxsize=8)
def open_store(url: str | None, pipeline_version: str) -> AuditStore:
    """One store per URL and version in a process (engines pool their connections)."""
    return AuditStore(url, pipeline_version)
