"""Sources files, listing pages and careful fetching, against a real local HTTP server."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_audit.flows.fetch import FetchError, Fetched, Unchanged, Validators, fetch_candidate, source_to_candidates
from cchc_audit.flows.sources import (
    Candidate,
    FetchSettings,
    FolderSource,
    ListingSource,
    SourcesError,
    UrlListSource,
    listing_to_candidates,
    load_config,
)
from sweep_support import Route, decision_bytes


EXAMPLE = """
[fetch]
timeout = 5
max_bytes = 1000000
retries = 2
retry_delay = 0.5

[[source]]
name = "local"
kind = "folder"
path = "decisions"
glob = "**/*.txt"

[[source]]
name = "ministry"
kind = "urls"
urls = ["https://sonoivu.example.gov.vn/files/qd-1.pdf"]

[[source]]
name = "listing"
kind = "listing"
url = "https://sonoivu.example.gov.vn/van-ban"
pattern = "cchc"
hosts = ["files.example.gov.vn"]
"""


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_sources_file_names_folders_urls_and_listings(tmp_path):
    config = load_config(write_config(tmp_path, EXAMPLE))
    assert config.fetch == FetchSettings(timeout=5, max_bytes=1000000, retries=2, retry_delay=0.5)
    assert config.fetch.retry_delays == [0.5, 1.0]
    folder, urls, listing = config.sources
    assert folder == FolderSource(name="local", path=tmp_path / "decisions", glob="**/*.txt")
    assert urls.allowed_hosts == {"sonoivu.example.gov.vn"}
    assert listing.allowed_hosts == {"sonoivu.example.gov.vn", "files.example.gov.vn"}


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ('[[source]]\nname = "x"\nkind = "ftp"\n', "kind must be folder, urls or listing"),
        ('[[source]]\nname = "x"\nkind = "urls"\nurls = ["file:///etc/passwd"]\n', "only http(s) URLs"),
        ('[[source]]\nname = "x"\nkind = "listing"\n', "missing key 'url'"),
        ('[[source]]\nname = "x"\nkind = "urls"\nurls = []\n[[source]]\nname = "x"\nkind = "urls"\nurls = []\n',
         "source names must be unique: x"),
        ("[fetch]\nretries = -1\n[[source]]\nkind = \"urls\"\nurls = []\n", "cannot be negative"),
        ("", "no [[source]] table"),
        ("[[source]\n", "Expected"),
    ],
)
def test_a_wrong_sources_file_is_one_clear_error(tmp_path, text, detail):
    with pytest.raises(SourcesError) as raised:
        load_config(write_config(tmp_path, text))
    assert detail in raised.value.message("en")
    assert "tệp nguồn không hợp lệ" in raised.value.message("vi")


def test_a_listing_page_yields_matching_document_links_on_allowed_hosts_only():
    page = b"""<html><body>
      <a href="/files/QD-chi-so-CCHC-2023.pdf">Quyet dinh 2023</a>
      <a href="files/bang%20xep%20hang.docx">Chi so CCHC xa phuong</a>
      <a href="https://files.example.gov.vn/a/cchc-2022.TXT#page=2">2022</a>
      <a href="https://elsewhere.example.com/cchc-2021.pdf">mirror</a>
      <a href="/files/thong-bao-hop.pdf">Thong bao hop</a>
      <a href="/files/cchc-index.html">CCHC page</a>
      <a href="mailto:cchc@example.gov.vn">mail</a>
      <a href="/files/QD-chi-so-CCHC-2023.pdf">again</a>
    </body></html>"""
    source = ListingSource(name="l", url="https://sonoivu.example.gov.vn/van-ban/", pattern="cchc",
                           hosts=frozenset({"files.example.gov.vn"}))
    found = [c.location for c in listing_to_candidates(source, page)]
    assert found == [
        "https://sonoivu.example.gov.vn/files/QD-chi-so-CCHC-2023.pdf",
        "https://sonoivu.example.gov.vn/van-ban/files/bang%20xep%20hang.docx",
        "https://files.example.gov.vn/a/cchc-2022.TXT",
    ]


def settings(**changes) -> FetchSettings:
    return FetchSettings(**({"timeout": 2.0, "retries": 0, "retry_delay": 0.0, "max_bytes": 200_000} | changes))


def candidate(server, path: str) -> Candidate:
    return Candidate(source="test", location=server.url(path), hosts=frozenset({"127.0.0.1"}))


def test_an_unchanged_remote_file_costs_one_304(decision_server):
    decision_server.routes["/a.txt"] = Route(body=decision_bytes(1))
    first = fetch_candidate(candidate(decision_server, "/a.txt"), settings())
    assert isinstance(first, Fetched) and first.validators.etag
    again = fetch_candidate(candidate(decision_server, "/a.txt"), settings(), first.validators)
    assert again == Unchanged(candidate(decision_server, "/a.txt"))
    assert decision_server.sent == {("/a.txt", 200): 1, ("/a.txt", 304): 1}


@pytest.mark.parametrize(
    ("route", "message", "retryable"),
    [
        (Route(status=500), "the server answered HTTP 500", True),
        (Route(status=404), "the server answered HTTP 404", False),
        (Route(body=b"x" * 200_001), "file too large (200001 bytes, at most 200000)", False),
        (Route(body=b"late", delay=1.0), "the server timed out", True),
    ],
)
def test_fetch_failures_say_whether_a_retry_may_help(decision_server, route, message, retryable):
    decision_server.routes["/d.txt"] = route
    with pytest.raises(FetchError) as raised:
        fetch_candidate(candidate(decision_server, "/d.txt"), settings(timeout=0.3))
    assert raised.value.message("en").endswith(message)
    assert raised.value.retryable is retryable


def test_only_the_hosts_the_source_names_are_fetched(decision_server):
    decision_server.routes["/moved.txt"] = Route(status=302, location=decision_server.url("/a.txt").replace("127.0.0.1", "localhost"))
    with pytest.raises(FetchError, match="host localhost is not one the source names"):
        fetch_candidate(candidate(decision_server, "/moved.txt"), settings())
    foreign = Candidate(source="test", location="http://example.org/a.pdf", hosts=frozenset({"127.0.0.1"}))
    with pytest.raises(FetchError, match="host example.org is not one the source names"):
        fetch_candidate(foreign, settings())
    assert ("/a.txt", 200) not in decision_server.sent


def test_a_redirect_within_the_allowed_hosts_is_followed(decision_server):
    decision_server.routes["/a.txt"] = Route(body=decision_bytes(2))
    decision_server.routes["/old.txt"] = Route(status=301, location="/a.txt")
    fetched = fetch_candidate(candidate(decision_server, "/old.txt"), settings())
    assert fetched.data == decision_bytes(2)


def test_a_local_file_is_read_again_only_when_its_size_or_time_changes(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(decision_bytes(3))
    local = Candidate(source="folder", location=str(path))
    first = fetch_candidate(local, settings())
    assert fetch_candidate(local, settings(), first.validators) == Unchanged(local)
    path.write_bytes(decision_bytes(4))
    assert isinstance(fetch_candidate(local, settings(), first.validators), Fetched)
    assert isinstance(fetch_candidate(local, settings(), Validators()), Fetched)


def test_sources_become_candidates(tmp_path, decision_server):
    (tmp_path / "sub").mkdir()
    for name in ("b.txt", "sub/a.txt", "c.pdf"):
        (tmp_path / name).write_text("x")
    folder = FolderSource(name="f", path=tmp_path, glob="**/*.txt")
    assert [Path(c.location).name for c in source_to_candidates(folder, settings())] == ["b.txt", "a.txt"]
    urls = UrlListSource(name="u", urls=(decision_server.url("/x.pdf"),))
    assert source_to_candidates(urls, settings())[0].hosts == {"127.0.0.1"}
    decision_server.routes["/list"] = Route(body=b'<a href="/docs/cchc.pdf">x</a>', content_type="text/html")
    listing = ListingSource(name="l", url=decision_server.url("/list"))
    assert [c.location for c in source_to_candidates(listing, settings())] == [decision_server.url("/docs/cchc.pdf")]
    with pytest.raises(SourcesError, match="no such folder"):
        source_to_candidates(FolderSource(name="gone", path=tmp_path / "gone"), settings())
