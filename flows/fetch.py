"""Read what the sources describe: local files and http(s) documents, carefully.

Only http(s) is fetched, only from the hosts the source names (redirects included),
within a size cap and a time limit. ETag and Last-Modified make an unchanged remote
file cost one 304; size and modification time do the same for local files. Retrying
is the caller's business (Prefect task retries): `FetchError.retryable` says whether a
retry may help.
"""

from __future__ import annotations

import hashlib
import time
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import httpx

from cchc_audit.extract.domain.errors import BilingualError

from cchc_audit.flows.sources import (
    Candidate,
    FetchSettings,
    FolderSource,
    ListingSource,
    Source,
    folder_to_candidates,
    host_of,
    is_url,
    listing_to_candidates,
    urls_to_candidates,
)
from cchc_audit.flows.version import pipeline_version

MAX_REDIRECTS = 5
RETRYABLE_STATUS = {408, 425, 429, 500, 502, 503, 504}


@dataclass(frozen=True)
class Validators:
    """What tells an unchanged file without downloading it again."""

    etag: str | None = None
    last_modified: str | None = None

    @property
    def empty(self) -> bool:
        return self.etag is None and self.last_modified is None


@dataclass(frozen=True)
class Fetched:
    """A candidate's bytes, their digest, and the validators to send next time."""

    candidate: Candidate
    data: bytes
    sha256: str
    validators: Validators


@dataclass(frozen=True)
class Unchanged:
    """The candidate still holds what it held when it was last audited."""

    candidate: Candidate


class FetchError(BilingualError):
    """A candidate that could not be read now; `retryable` if trying again may help."""

    def __init__(self, location: str, message_vi: str, message_en: str, retryable: bool = False) -> None:
        super().__init__(f"{location}: {message_vi}", f"{location}: {message_en}")
        self.location = location
        self.retryable = retryable


def new_client(settings: FetchSettings) -> httpx.Client:
    return httpx.Client(
        timeout=httpx.Timeout(settings.timeout),
        follow_redirects=False,
        headers={"User-Agent": f"cchc-audit/{pipeline_version()}"},
    )


def check_allowed(url: str, hosts: frozenset[str]) -> None:
    if not is_url(url):
        raise FetchError(url, "chỉ tải qua http(s)", "only http(s) is fetched")
    if host_of(url) not in hosts:
        raise FetchError(url, f"máy chủ {host_of(url)} không thuộc nguồn", f"host {host_of(url)} is not one the source names")


def conditional_headers(known: Validators | None) -> dict[str, str]:
    headers = {}
    if known and known.etag:
        headers["If-None-Match"] = known.etag
    if known and known.last_modified:
        headers["If-Modified-Since"] = known.last_modified
    return headers


def read_body(url: str, response: httpx.Response, settings: FetchSettings, started: float) -> bytes:
    """The response body, refused past the size cap or the total time limit."""
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > settings.max_bytes:
        raise FetchError(url, f"tệp quá lớn ({declared} byte, tối đa {settings.max_bytes})",
                         f"file too large ({declared} bytes, at most {settings.max_bytes})")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > settings.max_bytes:
            raise FetchError(url, f"tệp quá lớn (hơn {settings.max_bytes} byte)",
                             f"file too large (more than {settings.max_bytes} bytes)")
        if time.monotonic() - started > settings.total_timeout:
            raise FetchError(url, "tải quá lâu", "download took too long", retryable=True)
        chunks.append(chunk)
    return b"".join(chunks)


def get_url(url: str, hosts: frozenset[str], settings: FetchSettings, client: httpx.Client,
            known: Validators | None = None) -> tuple[httpx.Response, bytes | None, str]:
    """GET an allowed URL, following redirects only to allowed hosts; body None when 304."""
    started = time.monotonic()
    headers = conditional_headers(known)
    for _ in range(MAX_REDIRECTS + 1):
        check_allowed(url, hosts)
        try:
            with client.stream("GET", url, headers=headers) as response:
                if response.has_redirect_location:
                    url = urljoin(url, response.headers.get("location", ""))
                    continue
                if response.status_code == 304:
                    return response, None, url
                if response.status_code >= 400:
                    retryable = response.status_code in RETRYABLE_STATUS
                    raise FetchError(url, f"máy chủ trả lời HTTP {response.status_code}",
                                     f"the server answered HTTP {response.status_code}", retryable)
                return response, read_body(url, response, settings, started), url
        except httpx.TimeoutException:
            raise FetchError(url, "hết thời gian chờ máy chủ", "the server timed out", retryable=True) from None
        except httpx.TransportError as error:
            raise FetchError(url, f"lỗi kết nối ({error})", f"connection failed ({error})", retryable=True) from None
    raise FetchError(url, "quá nhiều lần chuyển hướng", "too many redirects")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch_url(candidate: Candidate, settings: FetchSettings, client: httpx.Client,
              known: Validators | None = None) -> Fetched | Unchanged:
    response, body, _ = get_url(candidate.location, candidate.hosts, settings, client, known)
    if body is None:
        return Unchanged(candidate)
    validators = Validators(response.headers.get("etag"), response.headers.get("last-modified"))
    return Fetched(candidate=candidate, data=body, sha256=digest(body), validators=validators)


def file_validators(path: Path) -> Validators:
    stat = path.stat()
    return Validators(etag=f"{stat.st_size}-{stat.st_mtime_ns}")


def fetch_file(candidate: Candidate, settings: FetchSettings, known: Validators | None = None) -> Fetched | Unchanged:
    path = Path(candidate.location)
    try:
        validators = file_validators(path)
        if known is not None and not known.empty and known == validators:
            return Unchanged(candidate)
        if path.stat().st_size > settings.max_bytes:
            raise FetchError(candidate.location, f"tệp quá lớn (tối đa {settings.max_bytes} byte)",
                             f"file too large (at most {settings.max_bytes} bytes)")
        data = path.read_bytes()
    except OSError as error:
        raise FetchError(candidate.location, f"không đọc được ({error.strerror})",
                         f"cannot read ({error.strerror})") from None
    return Fetched(candidate=candidate, data=data, sha256=digest(data), validators=validators)


def fetch_candidate(candidate: Candidate, settings: FetchSettings, known: Validators | None = None,
                    client: httpx.Client | None = None) -> Fetched | Unchanged:
    """Read one candidate, or say it is unchanged since `known` was recorded."""
    if not candidate.is_url:
        return fetch_file(candidate, settings, known)
    if client is not None:
        return fetch_url(candidate, settings, client, known)
    with new_client(settings) as own:
        return fetch_url(candidate, settings, own, known)


def source_to_candidates(source: Source, settings: FetchSettings, client: httpx.Client | None = None) -> list[Candidate]:
    """Every candidate a source holds now (a listing page is fetched and its links followed)."""
    if isinstance(source, FolderSource):
        return folder_to_candidates(source)
    if not isinstance(source, ListingSource):
        return urls_to_candidates(source)
    with new_client(settings) if client is None else nullcontext(client) as active:
        _, page, final_url = get_url(source.url, source.allowed_hosts, settings, active)
    return listing_to_candidates(source, page or b"", final_url)


def fetch_document_bytes(url: str, settings: FetchSettings | None = None) -> bytes:
    """One document named by URL on the command line: only its own host, the usual limits."""
    settings = settings or FetchSettings()
    with new_client(settings) as client:
        _, body, _ = get_url(url, frozenset({host_of(url)}), settings, client)
    return body or b""
