"""Backup and restore: one archive with every table, the uploaded files and a manifest.

``flask --app evalsys backup`` writes a ``.tar.gz`` holding

- ``manifest.json`` — format, app version, alembic revision, tables with their columns and
  row counts, and the size and SHA-256 of every other member;
- ``data/<table>.jsonl`` — one JSON array per row, in the manifest's column order, for every
  table of ``db.metadata`` in dependency order (read in one snapshot transaction);
- ``files/<root>/...`` — the uploaded files (``UPLOAD_DIR``; ``INNOVATION_UPLOAD_DIR`` too
  when it is set outside ``UPLOAD_DIR``).

``flask --app evalsys restore FILE`` checks all of it before touching anything, then replaces
the data in one transaction and swaps the upload folders in only when the load succeeded.
"""

from .errors import BackupError
from .restore import RestoreReport, restore_backup
from .snapshot import BackupReport, create_backup

__all__ = ["BackupError", "BackupReport", "RestoreReport", "create_backup", "restore_backup"]
