"""Where decisions appear: the sources a user lists in a TOML file, and the candidates they hold.

A sources file names folders (with a glob), lists of document URLs, and listing pages
whose links to decision files are followed:

    [fetch]
    timeout = 30            # seconds to connect or to wait for the next bytes
    max_bytes = 52428800    # larger files are refused
    retries = 3             # further attempts after a transient failure (5xx, timeout)
    retry_delay = 2         # seconds before the first retry, doubled for each next one

    [[source]]
    name = "local"
    kind = "folder"
    path = "/srv/decisions"
    glob = "**/*.pdf"

    [[source]]
    name = "listing"
    kind = "listing"
    url = "https://sonoivu.example.gov.vn/van-ban"
    pattern = "chi-so-cai-cach|CCHC"
    hosts = ["files.example.gov.vn"]

Nothing here touches the network: `flows/fetch.py` reads what these describe.
"""

from __future__ import annotations

from cchc_audit.extract.domain.errors import BilingualError

import re
import tomllib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

DOCUMENT_EXTENSIONS = (".pdf", ".txt", ".doc", ".docx")
SCHEMES = ("http", "https")


class SourcesError(BilingualError):
    """A sources file that cannot be used (printed as one `Error: …` line)."""


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def is_url(location: str) -> bool:
    return urlsplit(location).scheme.lower() in SCHEMES


@dataclass(frozen=True)
class FetchSettings:
    """How patient and how generous fetching is."""

    timeout: float = 30.0
    total_timeout: float = 300.0
    max_bytes: int = 50 * 1024 * 1024
    retries: int = 3
    retry_delay: float = 2.0

    def __post_init__(self) -> None:
        if self.timeout <= 0 or self.total_timeout <= 0:
            raise ValueError("timeouts must be positive")
        if self.max_bytes <= 0:
            raise ValueError("max_bytes must be positive")
        if self.retries < 0 or self.retry_delay < 0:
            raise ValueError("retries and retry_delay cannot be negative")

    @property
    def retry_delays(self) -> list[float]:
        """Exponential backoff: retry_delay, twice that, four times that, …"""
        return [self.retry_delay * 2**attempt for attempt in range(self.retries)]


@dataclass(frozen=True)
class Candidate:
    """One place a decision may be: a local path or an http(s) URL, and the hosts it may lead to."""

    source: str
    location: str
    hosts: frozenset[str] = frozenset()

    @property
    def is_url(self) -> bool:
        return is_url(self.location)


@dataclass(frozen=True)
class FolderSource:
    name: str
    path: Path
    glob: str = "*.txt"

    @property
    def place(self) -> str:
        return str(self.path)

    def __post_init__(self) -> None:
        if not self.glob or Path(self.glob).is_absolute():
            raise ValueError(f"{self.name}: glob must be a relative pattern")


@dataclass(frozen=True)
class UrlListSource:
    name: str
    urls: tuple[str, ...]
    hosts: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        for url in self.urls:
            check_url(self.name, url)

    @property
    def allowed_hosts(self) -> frozenset[str]:
        return self.hosts | {host_of(url) for url in self.urls}

    @property
    def place(self) -> str:
        return self.urls[0] if self.urls else self.name


@dataclass(frozen=True)
class ListingSource:
    name: str
    url: str
    pattern: str = ""
    hosts: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        check_url(self.name, self.url)
        re.compile(self.pattern)

    @property
    def allowed_hosts(self) -> frozenset[str]:
        return self.hosts | {host_of(self.url)}

    @property
    def place(self) -> str:
        return self.url


Source = FolderSource | UrlListSource | ListingSource


@dataclass(frozen=True)
class SweepConfig:
    """Everything a sources file says."""

    sources: tuple[Source, ...]
    fetch: FetchSettings = field(default_factory=FetchSettings)

    def __post_init__(self) -> None:
        names = [source.name for source in self.sources]
        duplicated = sorted({name for name in names if names.count(name) > 1})
        if duplicated:
            raise ValueError(f"source names must be unique: {', '.join(duplicated)}")


def check_url(name: str, url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        raise ValueError(f"{name}: only http(s) URLs with a host are fetched, not {url!r}")


def table_to_source(entry: dict, index: int, folder: Path) -> Source:
    """One `[[source]]` table; relative folder paths are read from the sources file's folder."""
    name = str(entry.get("name") or f"source-{index}")
    kind = entry.get("kind")
    hosts = frozenset(str(h).lower() for h in entry.get("hosts", ()))
    if kind == "folder":
        path = Path(str(entry["path"])).expanduser()
        return FolderSource(name=name, path=path if path.is_absolute() else folder / path,
                            glob=str(entry.get("glob", "*.txt")))
    if kind == "urls":
        return UrlListSource(name=name, urls=tuple(str(u) for u in entry["urls"]), hosts=hosts)
    if kind == "listing":
        return ListingSource(name=name, url=str(entry["url"]), pattern=str(entry.get("pattern", "")), hosts=hosts)
    raise ValueError(f"{name}: kind must be folder, urls or listing, not {kind!r}")


def text_to_config(text: str, folder: Path = Path(".")) -> SweepConfig:
    data = tomllib.loads(text)
    fetch = FetchSettings(**data.get("fetch", {}))
    entries = data.get("source", [])
    if not isinstance(entries, list) or not entries:
        raise ValueError("no [[source]] table")
    sources = tuple(table_to_source(entry, index, folder) for index, entry in enumerate(entries, start=1))
    return SweepConfig(sources=sources, fetch=fetch)


def load_config(path: str | Path) -> SweepConfig:
    """Read a sources file; any mistake in it becomes a `SourcesError`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SourcesError(f"{path}: không đọc được tệp nguồn ({error.strerror})",
                           f"{path}: cannot read the sources file ({error.strerror})") from None
    try:
        return text_to_config(text, path.resolve().parent)
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError, re.error) as error:
        detail = f"missing key {error}" if isinstance(error, KeyError) else str(error)
        raise SourcesError(f"{path}: tệp nguồn không hợp lệ: {detail}",
                           f"{path}: invalid sources file: {detail}") from None


def folder_to_candidates(source: FolderSource) -> list[Candidate]:
    if not source.path.is_dir():
        raise SourcesError(f"{source.name}: không có thư mục {source.path}",
                           f"{source.name}: no such folder {source.path}")
    paths = sorted(p for p in source.path.glob(source.glob) if p.is_file())
    return [Candidate(source=source.name, location=str(p.resolve())) for p in paths]


def urls_to_candidates(source: UrlListSource) -> list[Candidate]:
    return [Candidate(source=source.name, location=url, hosts=source.allowed_hosts) for url in source.urls]


class _LinkCollector(HTMLParser):
    """(href, link text) of every `<a>` in a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self._open: list[list] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            self._open.append([href, ""])

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            href, text = self._open.pop()
            if href:
                self.links.append((href.strip(), " ".join(text.split())))


def is_document_link(url: str) -> bool:
    suffix = PurePosixPath(unquote(urlsplit(url).path)).suffix.lower()
    return suffix in DOCUMENT_EXTENSIONS


def listing_to_candidates(source: ListingSource, page: bytes, page_url: str | None = None) -> list[Candidate]:
    """Links of a listing page to decision files on allowed hosts whose URL or text matches the pattern."""
    collector = _LinkCollector()
    collector.feed(page.decode("utf-8", errors="replace"))
    pattern = re.compile(source.pattern, re.IGNORECASE)
    allowed = source.allowed_hosts
    found: list[Candidate] = []
    seen: set[str] = set()
    for href, text in collector.links:
        url = urljoin(page_url or source.url, href).split("#", 1)[0]
        if not is_url(url) or host_of(url) not in allowed or not is_document_link(url):
            continue
        if source.pattern and not (pattern.search(unquote(url)) or pattern.search(text)):
            continue
        if url not in seen:
            seen.add(url)
            found.append(Candidate(source=source.name, location=url, hosts=allowed))
    return found
