"""Open a Word file without trusting it: refuse what is not a .docx, holds macros, is locked, damaged or a bomb.

A .docx is a zip of XML parts. Everything the readers will see is read here
first, each part with a cap on the bytes it may expand to, whatever its header
claims, and put into a fresh zip in memory; mammoth and python-docx read only
that. Macros are never run: a document that carries them is refused before any
part is parsed.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from ..errors import LeafletError

MAX_FILE_BYTES = 100_000_000
"""A leaflet's Word file is rarely over 10 MB, pictures included."""
MAX_PICTURE_BYTES = 20_000_000
"""Far above any picture a printed leaflet needs (an A4 page at 300 dpi is about 25 MB unpacked, and a saved PNG less)."""
MAX_PART_BYTES = 25_000_000
"""Any other part: a leaflet's text is a few hundred kilobytes of XML."""
MAX_TOTAL_BYTES = 150_000_000
MAX_PARTS = 5_000

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_MACRO_TYPE = b"macroEnabled"
_WORD_TYPE = b"wordprocessingml.document.main+xml"


class WordFileError(LeafletError):
    """A file that is not imported, and what to do about it."""

    def __init__(self, path: Path, message: str, hint: str) -> None:
        super().__init__(f"{path}: {message} ({hint})", str(path))


def read_word_file(path: Path) -> io.BytesIO:
    """The checked parts of the Word file at ``path``, as a zip in memory; or :class:`WordFileError` saying why not."""
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            head = file.read(8)
            if head.startswith(_OLE):
                raise _locked_or_old(path, file.read(min(size, MAX_FILE_BYTES)))
    except OSError as error:
        raise WordFileError(path, f"cannot be read ({error.strerror})", "check the name and that you may open it") from None
    if size > MAX_FILE_BYTES:
        raise WordFileError(path, f"is {size / 1e6:.0f} MB, more than a leaflet's Word file should be",
                            "compress its pictures in Word (Picture Format, Compress Pictures) and save it again")
    if not head.startswith(_ZIP):
        raise WordFileError(path, f"is not a Word document ({_what(head)})", "open it in Word and save it as a Word Document (.docx)")
    try:
        return _repacked(path)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, OSError) as error:
        raise WordFileError(path, f"is damaged or incomplete and cannot be opened ({error})",
                            "copy it again from where it is kept, or open it in Word and save it again") from None


def _what(head: bytes) -> str:
    """What a file that is not a zip looks like, so the message can say."""
    for magic, kind in ((b"%PDF", "it is a PDF"), (b"{\\rtf", "it is a Rich Text file"), (b"<", "it is a web page or XML")):
        if head.startswith(magic):
            return kind
    return "it is not a zip package as .docx files are"


def _locked_or_old(path: Path, data: bytes) -> WordFileError:
    """An OLE compound file is either a password-protected .docx (its package encrypted inside) or a Word 97-2003 .doc."""
    if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
        return WordFileError(path, "is protected with a password, so it cannot be read",
                             "open it in Word, remove the password (File, Info, Protect Document) and save a copy")
    return WordFileError(path, "is an old Word 97-2003 document (.doc), not a .docx",
                         "open it in Word and save it as a Word Document (.docx)")


def _repacked(path: Path) -> io.BytesIO:
    with zipfile.ZipFile(path) as archive:
        entries = archive.infolist()
        names = {entry.filename for entry in entries}
        if len(entries) > MAX_PARTS:
            raise WordFileError(path, f"holds {len(entries)} parts, far more than a document has", "it is not a leaflet; check the file")
        if "mimetype" in names and b"opendocument" in archive.read("mimetype")[:100]:
            raise WordFileError(path, "is an OpenDocument file (.odt), not a Word document",
                                "open it in LibreOffice or Word and save it as a Word Document (.docx)")
        if "[Content_Types].xml" not in names:
            raise WordFileError(path, "is a zip file but not a Word document", "open it in Word and save it as a Word Document (.docx)")
        types = _bounded(archive, archive.getinfo("[Content_Types].xml"), MAX_PART_BYTES, path)
        if _MACRO_TYPE in types or any(name.lower().endswith("vbaproject.bin") for name in names):
            raise WordFileError(path, "contains macros, which are never run or imported",
                                "open it in Word and save it as a Word Document (.docx), which keeps the text and drops the macros")
        if _WORD_TYPE not in types:
            raise WordFileError(path, "is an Office file but not a Word document (perhaps a spreadsheet or slides)",
                                "import the Word document of the leaflet")
        for entry in entries:
            if _is_picture(entry.filename) and entry.file_size > MAX_PICTURE_BYTES:
                raise _big_picture(path, entry.filename, entry.file_size)
        total = 0
        repacked = io.BytesIO()
        with zipfile.ZipFile(repacked, "w", zipfile.ZIP_STORED) as clean:
            for entry in entries:
                if entry.is_dir():
                    continue
                limit = MAX_PICTURE_BYTES if _is_picture(entry.filename) else MAX_PART_BYTES
                data = _bounded(archive, entry, limit, path)
                if entry.filename.endswith((".xml", ".rels")) and b"<!DOCTYPE" in data.upper():
                    raise WordFileError(path, f"has a part ({entry.filename}) that declares an XML document type, which "
                                              "Word never writes and which can expand to far more than the file holds",
                                        "do not open it; ask whoever sent it for the leaflet again")
                total += len(data)
                if total > MAX_TOTAL_BYTES:
                    raise _bomb(path, f"its parts unpack to more than {MAX_TOTAL_BYTES / 1e6:.0f} MB")
                clean.writestr(entry.filename, data)
    repacked.seek(0)
    return repacked


def _is_picture(name: str) -> bool:
    return name.startswith("word/media/")


def _bounded(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, limit: int, path: Path) -> bytes:
    """A part's bytes, reading no more than ``limit`` whatever its header claims (zipfile checks the CRC at its end)."""
    with archive.open(entry) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        if _is_picture(entry.filename):
            raise _big_picture(path, entry.filename, max(entry.file_size, len(data)))
        raise _bomb(path, f"its part {entry.filename} unpacks to more than {limit / 1e6:.0f} MB "
                          f"from {entry.compress_size:,} bytes")
    return data


def _big_picture(path: Path, name: str, size: int) -> WordFileError:
    return WordFileError(path, f"has a picture ({name.removeprefix('word/media/')}) of {size / 1e6:.0f} MB, "
                               f"more than the {MAX_PICTURE_BYTES / 1e6:.0f} MB a leaflet picture may be",
                         "make the picture smaller in Word (Picture Format, Compress Pictures) and save it again")


def _bomb(path: Path, why: str) -> WordFileError:
    return WordFileError(path, f"is not a normal Word document: {why} (a 'zip bomb')",
                         "do not open it; ask whoever sent it for the leaflet again")
