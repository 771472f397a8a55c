"""Load a local source into a `Document`, refusing what cannot be read."""

from __future__ import annotations

import hashlib
from pathlib import Path

from cchc_audit.extract.domain.errors import BilingualError
from cchc_audit.extract.domain.model import Document, Kind

MAX_BYTES = 50 * 1024 * 1024


class SourceError(BilingualError):
    """An input that cannot be audited at all (the CLI prints it as one line)."""


def sniff_kind(data: bytes) -> Kind | None:
    """Tell a document's kind from its bytes, whatever its name says."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        return Kind.PDF
    if data.startswith(b"PK\x03\x04") and b"word/" in data[:65536]:
        return Kind.DOCX
    if b"\x00" in data[:8192]:
        return None
    return Kind.TEXT


def bytes_to_document(source: str, data: bytes) -> Document:
    """Wrap raw bytes as a document; text must be UTF-8."""
    if not data.strip():
        raise SourceError(f"{source}: tệp rỗng", f"{source}: the file is empty")
    kind = sniff_kind(data)
    sha = hashlib.sha256(data).hexdigest()
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise SourceError(
            f"{source}: tệp Word 97-2003 (.doc) chưa đọc được; hãy lưu thành .docx hoặc in ra PDF",
            f"{source}: Word 97-2003 (.doc) files are not read; save it as .docx or print it to PDF",
        )
    if kind is None:
        raise SourceError(
            f"{source}: tệp nhị phân, không phải văn bản, PDF hay Word",
            f"{source}: binary file, not text, PDF or Word",
        )
    if kind is not Kind.TEXT:
        return Document(source=source, data=data, sha256=sha, kind=kind)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(
            f"{source}: không phải văn bản UTF-8 (byte lỗi ở vị trí {error.start})",
            f"{source}: not UTF-8 text (bad byte at offset {error.start})",
        ) from None
    return Document(source=source, data=data, sha256=sha, kind=kind, text=text)


def load_source(source: str | Path) -> Document:
    """Read a local file into a document."""
    path = Path(source)
    name = str(source)
    if not path.exists():
        raise SourceError(f"{name}: không tìm thấy tệp", f"{name}: no such file")
    if path.is_dir():
        raise SourceError(f"{name}: là thư mục, không phải tệp", f"{name}: is a directory, not a file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise SourceError(
            f"{name}: tệp quá lớn ({size} byte, tối đa {MAX_BYTES})",
            f"{name}: file too large ({size} bytes, at most {MAX_BYTES})",
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"{name}: không đọc được ({error.strerror})", f"{name}: cannot read ({error.strerror})") from None
    return bytes_to_document(name, data)
