"""The archive on disk: a gzip'd tar whose first member is ``manifest.json``.

Reading never calls ``tarfile.extract``: every member name is checked (relative, no ``..``,
no backslash or drive, listed in the manifest with the same size) and its bytes are copied,
hashed on the way, to a path this module computes. Links, devices and unlisted members are
refused, so a crafted archive cannot write outside the restore's own folders.
"""

import hashlib
import json
import re
import shutil
import tarfile
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO

from .errors import BackupError

MANIFEST = "manifest.json"
FORMAT = "evalsys-backup"
FORMAT_VERSION = 1
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
_CHUNK = 1024 * 1024
_UNREADABLE = (tarfile.TarError, EOFError, zlib.error, OSError, UnicodeDecodeError)


def copy_hashed(source: IO[bytes], target: Path) -> tuple[str, int]:
    """Copy a stream to a new file; return its SHA-256 (hex) and size."""
    digest, size = hashlib.sha256(), 0
    with target.open("wb") as out:
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return digest.hexdigest(), size


def write_archive(output: Path, manifest: dict, members: list[tuple[str, Path]]) -> None:
    """Write manifest and members to ``output`` atomically (a partial file never remains)."""
    partial = output.with_name(output.name + ".partial")
    try:
        with tarfile.open(partial, "w:gz") as tar:
            _add(tar, MANIFEST, json.dumps(manifest, indent=1).encode(), None)
            for name, path in members:
                with path.open("rb") as source:
                    _add(tar, name, source, path.stat().st_size)
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)


def _add(tar: tarfile.TarFile, name: str, data: bytes | IO[bytes], size: int | None) -> None:
    """Add one regular file member owned by nobody in particular."""
    info = tarfile.TarInfo(name)
    info.mode, info.mtime = 0o644, int(time.time())
    if isinstance(data, bytes):
        info.size = len(data)
        data = _BytesReader(data)
    else:
        info.size = size
    tar.addfile(info, data)


class _BytesReader:
    """The smallest file-like object tarfile.addfile needs."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.pos + size
        chunk, self.pos = self.data[self.pos:end], min(end, len(self.data))
        return chunk


def check_name(name: str) -> str:
    """Return a member name if it is a plain relative path, else refuse the archive."""
    parts = name.split("/")
    if (not name or "\\" in name or "\x00" in name or name.startswith("/")
            or re.match(r"^[A-Za-z]:", name) or any(p in ("", ".", "..") for p in parts)):
        raise BackupError(f"Refused: the archive has an unsafe member name {name!r} "
                          "(absolute path, '..' or backslash). Nothing was changed.")
    return name


@contextmanager
def open_archive(path: Path) -> Iterator[tuple[dict, Callable[[Callable], None]]]:
    """Yield the manifest and an ``extract(destination_of)`` function; refuse bad archives."""
    with ExitStack() as stack:
        with _unreadable_refused():
            tar = stack.enter_context(tarfile.open(path, "r:gz"))
            members = iter(tar)
            manifest = _read_manifest(tar, next(members, None))

        def extract(destination_of: Callable[[str], Path]) -> None:
            with _unreadable_refused():
                _extract(tar, members, manifest, destination_of)

        yield manifest, extract


@contextmanager
def _unreadable_refused() -> Iterator[None]:
    """Turn the many ways a damaged archive fails into one clear refusal."""
    try:
        yield
    except _UNREADABLE as exc:
        raise BackupError(f"Refused: the archive is corrupt or truncated, or could not be "
                          f"unpacked ({exc}). Nothing was changed.") from exc


def _read_manifest(tar: tarfile.TarFile, member: tarfile.TarInfo | None) -> dict:
    """Read and sanity-check the first member, which must be the manifest."""
    if member is None or member.name != MANIFEST or not member.isfile():
        raise BackupError("Refused: this is not an evalsys backup (no manifest.json first).")
    if member.size > MAX_MANIFEST_BYTES:
        raise BackupError("Refused: the manifest is implausibly large.")
    try:
        manifest = json.loads(tar.extractfile(member).read())
    except ValueError as exc:
        raise BackupError(f"Refused: the manifest is not valid JSON ({exc}).") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("Refused: this is not an evalsys backup (unknown manifest format).")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"Refused: backup format version {manifest.get('format_version')} "
                          f"is not supported (this version reads {FORMAT_VERSION}).")
    for name in manifest.get("members", {}):
        check_name(name)
    return manifest


def _extract(tar: tarfile.TarFile, members: Iterator[tarfile.TarInfo], manifest: dict,
             destination_of: Callable[[str], Path]) -> None:
    """Copy every listed member to its destination, checking names, sizes and checksums."""
    expected, seen = manifest["members"], set()
    for member in members:
        name = check_name(member.name)
        if member.isdir():
            continue
        if not member.isfile():
            raise BackupError(f"Refused: archive member {name} is a link or special file.")
        if name not in expected or name in seen:
            raise BackupError(f"Refused: archive member {name} is not listed in the manifest "
                              "(or appears twice).")
        if member.size != expected[name]["size"]:
            raise BackupError(f"Refused: {name} has the wrong size; the archive is damaged.")
        target = destination_of(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        with tar.extractfile(member) as source:
            digest, _size = copy_hashed(source, target)
        if digest != expected[name]["sha256"]:
            raise BackupError(f"Refused: checksum mismatch for {name}; the archive is damaged "
                              "or was altered. Nothing was changed.")
        seen.add(name)
    if missing := sorted(set(expected) - seen):
        raise BackupError(f"Refused: the archive lacks {len(missing)} member(s) listed in the "
                          f"manifest (e.g. {missing[0]}); it is truncated.")


def copy_file(source: Path, target: Path) -> tuple[str, int]:
    """Copy one file (hashing it) and keep its modification time."""
    with source.open("rb") as stream:
        result = copy_hashed(stream, target)
    shutil.copystat(source, target)
    return result
