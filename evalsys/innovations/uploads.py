"""Innovation evidence files: the standards feature's checks and storage, in their own folder.

Name cleaning and the type/size/magic-byte checks are those of ``evalsys.standards.uploads``
(PDF, JPG, PNG up to 10 MB); only the folder differs: ``UPLOAD_DIR/innovations/``, or the
folder named by the optional setting ``INNOVATION_UPLOAD_DIR``.
"""

from pathlib import Path
from typing import IO

from flask import Response, current_app

from ..standards import uploads as base
from ..standards.uploads import StoredFile, UploadRejected

SUBDIR = "innovations"

__all__ = ["StoredFile", "UploadRejected", "path_of", "remove", "save", "send_stored"]


def upload_dir() -> Path:
    """Return (and create) the folder innovation evidence lives in."""
    own = current_app.config.get("INNOVATION_UPLOAD_DIR")
    folder = Path(own) if own else Path(current_app.config["UPLOAD_DIR"]) / SUBDIR
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save(stream: IO[bytes], raw_name: str | None) -> StoredFile:
    """Check an uploaded stream and store it in the innovations folder."""
    return base.save(stream, raw_name, upload_dir())


def path_of(stored_name: str | None) -> Path:
    """Return the file of a stored name, refusing anything that is not one of ours."""
    return base.path_of(stored_name, upload_dir())


def remove(stored_name: str | None) -> None:
    """Delete a stored file if it is still there."""
    base.remove(stored_name, upload_dir())


def send_stored(record) -> Response:
    """Serve an evidence record's file or 404."""
    return base.send_stored(record, upload_dir())
