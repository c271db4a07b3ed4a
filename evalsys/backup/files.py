"""Upload folders: which ones a backup holds, and swapping restored copies into place.

A restore writes each folder's files into a fresh sibling folder (same file system, so the
swap is a rename). Only after the data loaded are the live folders renamed aside and the
staged ones renamed in; if the commit then fails the swap is undone, and the old folders are
deleted only once the commit succeeded.
"""

import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from flask import current_app

from .errors import BackupError


def upload_roots() -> dict[str, Path]:
    """Return the folders of uploaded files by archive name ("uploads", maybe one more)."""
    uploads = Path(current_app.config["UPLOAD_DIR"]).resolve()
    roots = {"uploads": uploads}
    own = current_app.config.get("INNOVATION_UPLOAD_DIR")
    if own:
        path = Path(own).resolve()
        if path != uploads and uploads not in path.parents:
            roots["innovation_uploads"] = path
    return roots


def iter_files(root: Path) -> Iterator[tuple[str, Path]]:
    """Yield (relative POSIX name, path) of every regular file under root; links skipped."""
    if not root.is_dir():
        return
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


def check_roots(archived: list[str], roots: dict[str, Path]) -> None:
    """Refuse an archive whose upload folders do not match this configuration's."""
    if sorted(archived) != sorted(roots):
        raise BackupError(
            f"The backup holds the upload folders {sorted(archived)} but this configuration "
            f"has {sorted(roots)}; set INNOVATION_UPLOAD_DIR as it was when the backup was "
            "taken.")


def make_staging(roots: dict[str, Path]) -> dict[str, Path]:
    """Create an empty staging folder beside every upload folder."""
    staged = {}
    for name, root in roots.items():
        root.parent.mkdir(parents=True, exist_ok=True)
        staged[name] = Path(tempfile.mkdtemp(prefix=f".{root.name}.restore-", dir=root.parent))
    return staged


def remove_staging(staged: dict[str, Path]) -> None:
    """Delete staging folders left by a refused or failed restore."""
    for path in staged.values():
        shutil.rmtree(path, ignore_errors=True)


class FolderSwap:
    """Rename staged folders into place, remembering how to undo it."""

    def __init__(self, staged: dict[str, Path], roots: dict[str, Path]) -> None:
        """Prepare to put ``staged[name]`` in place of ``roots[name]``."""
        self.staged, self.roots = staged, roots
        self.done: list[tuple[str, Path | None]] = []

    def apply(self) -> None:
        """Move every live folder aside and its staged copy in; undo all on any failure."""
        try:
            for name, root in self.roots.items():
                aside = None
                if root.exists():
                    aside = root.with_name(f".{root.name}.old-{secrets.token_hex(4)}")
                    root.rename(aside)
                self.done.append((name, aside))
                self.staged[name].rename(root)
        except OSError as exc:
            self.undo()
            raise BackupError(f"Could not put the restored files in place: {exc}") from exc

    def undo(self) -> None:
        """Put the old folders back (the staged copies return to their staging names)."""
        for name, aside in reversed(self.done):
            root = self.roots[name]
            if root.exists() and not self.staged[name].exists():
                root.rename(self.staged[name])
            if aside is not None:
                aside.rename(root)
        self.done.clear()

    def finish(self) -> None:
        """Delete the old folders once the restored data is committed."""
        for _name, aside in self.done:
            if aside is not None:
                shutil.rmtree(aside, ignore_errors=True)
        self.done.clear()
