"""Evidence files: checked by name, extension, magic bytes and size; stored outside the web root.

A file is stored under ``UPLOAD_DIR/standards/`` with a random server-side name; the name the
user gave is kept (sanitised by ``secure_filename``) only for display. A name carrying a path
(``../``, an absolute path, a backslash, a drive letter) or a NUL byte is refused outright rather
than cleaned, because a client that sends one is not a browser uploading a document.
"""

import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from flask import Response, abort, current_app, send_file
from werkzeug.utils import secure_filename

from ..errors import DomainError

#: Per-file limit; stricter than the request limit MAX_CONTENT_LENGTH (20 MB).
MAX_FILE_BYTES = 10 * 1024 * 1024
#: extension → (content type, magic bytes the file must start with)
ALLOWED = {
    "pdf": ("application/pdf", b"%PDF-"),
    "jpg": ("image/jpeg", b"\xff\xd8\xff"),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n"),
}
SUBDIR = "standards"
_STORED = re.compile(r"^[0-9a-f]{32}\.(pdf|jpg|png)$")


class UploadRejected(DomainError):
    """The file was refused; the message says why, in Indonesian."""


@dataclass(frozen=True)
class StoredFile:
    """What was written: the random name on disk, the display name, type and size."""

    stored_name: str
    original_name: str
    content_type: str
    size_bytes: int


def clean_name(raw: str | None) -> str:
    """Return a safe display name, refusing names that carry a path or control characters."""
    name = (raw or "").strip()
    if not name:
        raise UploadRejected("Berkas tidak bernama.")
    if "\x00" in name or any(ord(ch) < 32 for ch in name):
        raise UploadRejected("Nama berkas mengandung karakter terlarang.")
    if "/" in name or "\\" in name or name.startswith(".") or re.match(r"^[A-Za-z]:", name):
        raise UploadRejected("Nama berkas tidak boleh memuat folder atau jalur (../, /, \\).")
    safe = secure_filename(name)
    if not safe or "." not in safe:
        raise UploadRejected("Nama berkas tidak valid.")
    return safe[:200]


def check(raw_name: str | None, head: bytes, size: int) -> tuple[str, str, str]:
    """Validate name, extension, magic bytes and size; return (name, extension, content type)."""
    name = clean_name(raw_name)
    ext = name.rsplit(".", 1)[1].lower()
    if ext not in ALLOWED:
        raise UploadRejected("Jenis berkas tidak diizinkan; unggah PDF, JPG atau PNG.")
    content_type, magic = ALLOWED[ext]
    if size == 0:
        raise UploadRejected("Berkas kosong.")
    if size > MAX_FILE_BYTES:
        raise UploadRejected(
            f"Berkas terlalu besar ({size / 1048576:.1f} MB); maksimum "
            f"{MAX_FILE_BYTES / 1048576:g} MB.")
    if not head.startswith(magic):
        raise UploadRejected(
            f"Isi berkas bukan {ext.upper()} yang sah (ekstensi tidak sesuai isi).")
    return name, ("jpg" if ext == "jpeg" else ext), content_type


def upload_dir() -> Path:
    """Return (and create) the folder evidence files live in."""
    folder = Path(current_app.config["UPLOAD_DIR"]) / SUBDIR
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save(stream: IO[bytes], raw_name: str | None, folder: Path | None = None) -> StoredFile:
    """Check an uploaded stream and write it under a random name; return what was stored.

    `folder` is where another feature keeps its files (default: the standards folder).
    """
    data = stream.read(MAX_FILE_BYTES + 1)
    name, ext, content_type = check(raw_name, data[:16], len(data))
    stored = f"{secrets.token_hex(16)}.{ext}"
    ((folder or upload_dir()) / stored).write_bytes(data)
    return StoredFile(stored, name, content_type, len(data))


def path_of(stored_name: str | None, folder: Path | None = None) -> Path:
    """Return the file of a stored name, refusing anything that is not one of ours."""
    if not _STORED.match(stored_name or ""):
        raise UploadRejected("Nama berkas tersimpan tidak valid.")
    folder = (folder or upload_dir()).resolve()
    path = (folder / stored_name).resolve()
    if path.parent != folder:
        raise UploadRejected("Nama berkas tersimpan tidak valid.")
    return path


def remove(stored_name: str | None, folder: Path | None = None) -> None:
    """Delete a stored file if it is still there; a name that is not ours deletes nothing."""
    if _STORED.match(stored_name or ""):
        path_of(stored_name, folder).unlink(missing_ok=True)


def send_stored(record, folder: Path | None = None) -> Response:
    """Serve a record's stored file (stored_name, content_type, original_name) or 404."""
    try:  # a link-only record has no stored name: 404
        path = path_of(record.stored_name, folder)
    except UploadRejected:
        abort(404)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=record.content_type, download_name=record.original_name,
                         as_attachment=False, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response
