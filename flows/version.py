"""Which pipeline produced an audit: the package version and the audit logic's revision.

A document is audited once per pipeline version. Bump `AUDIT_REVISION` when the audit's
results change without a new package version, so the next sweep audits everything again.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

AUDIT_REVISION = 1


def pipeline_version() -> str:
    try:
        package = version("cchc-audit")
    except PackageNotFoundError:  # running from a source tree that was never installed
        package = "0+unknown"
    return f"{package}+r{AUDIT_REVISION}"
