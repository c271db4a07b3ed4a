"""The one error type of backup and restore: its message is shown to the operator as is."""


class BackupError(Exception):
    """A backup could not be written or an archive was refused; nothing was changed."""
