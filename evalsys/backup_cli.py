"""Command-line backup and restore: `flask --app evalsys backup [-o FILE]`, `restore FILE`."""

from datetime import UTC, datetime
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from .backup import BackupError, create_backup, restore_backup


def init_app(app: Flask) -> None:
    """Register the backup and restore commands on the app."""
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)


def default_name() -> Path:
    """Return ``evalsys-backup-YYYYMMDD-HHMMSS.tar.gz`` in the current folder (UTC time)."""
    return Path(f"evalsys-backup-{datetime.now(UTC):%Y%m%d-%H%M%S}.tar.gz")


@click.command("backup")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Archive to write (default: evalsys-backup-<UTC time>.tar.gz here).")
@with_appcontext
def backup_command(output: Path | None) -> None:
    """Write one archive with a consistent snapshot of all data and uploaded files."""
    output = output or default_name()
    if output.exists():
        raise click.ClickException(f"{output} already exists; choose another name with -o.")
    try:
        report = create_backup(output)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backup written: {report.path} ({report.size_bytes / 1048576:.1f} MB): "
               f"{report.rows} rows in {report.tables} tables, {report.files} uploaded files.")


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True,
              help="Replace the data of a database that is not empty (everything in it).")
@with_appcontext
def restore_command(archive: Path, force: bool) -> None:
    """Replace all data and uploaded files with a backup's (checked before anything changes)."""
    try:
        report = restore_backup(archive, force=force)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    manifest = report.manifest
    click.echo(f"Restored {archive} (taken {manifest['created_at']}, "
               f"version {manifest['app_version']}):")
    for table, count in report.rows.items():
        if count:
            click.echo(f"  {table:<24} {count:>10} rows")
    empty = sum(1 for count in report.rows.values() if not count)
    click.echo(f"  {sum(report.rows.values())} rows in {len(report.rows)} tables "
               f"({empty} empty); files: " +
               ", ".join(f"{name} {count}" for name, count in report.files.items()))
