"""`flask --app evalsys generate-scale`: province/national-scale synthetic data."""

import time

import click
from flask import Flask

from models import db

from .scale import NotEmpty, Size, generate


def init_app(app: Flask) -> None:
    """Register the command on the app."""
    app.cli.add_command(generate_scale_command)


@click.command("generate-scale")
@click.option("--units", default=25_000, show_default=True, help="Service units.")
@click.option("--responses", default=10_000_000, show_default=True, help="SKM responses.")
@click.option("--complaints", default=2_000_000, show_default=True,
              help="Complaints (each with its status events).")
@click.option("--staff", default=300_000, show_default=True, help="Staff on the roster.")
@click.option("--periods", default=4, show_default=True, help="Semesters, the newest open.")
@click.option("--seed", default=1, show_default=True, help="Random seed (same seed, same data).")
@click.option("--password", default="evalsys-scale", show_default=True,
              help="Password of the users admin and pimpinan (leader).")
def generate_scale_command(units: int, responses: int, complaints: int, staff: int,
                           periods: int, seed: int, password: str) -> None:
    """Fill an EMPTY database with scale data; refuses one that already has units."""
    if min(units, periods) < 1 or min(responses, complaints, staff) < 0:
        raise click.BadParameter("units and periods must be ≥ 1, other counts ≥ 0.")
    size = Size(units=units, responses=responses, complaints=complaints, staff=staff,
                periods=periods, seed=seed, password=password)
    start = time.perf_counter()
    try:
        rows = generate(size, echo=click.echo)
    except NotEmpty as error:
        db.session.rollback()
        message = f"{error} Use a fresh database (nothing was changed)."
        raise click.ClickException(message) from error
    db.session.commit()
    click.echo(f"Committed in {time.perf_counter() - start:.1f} s. Rows written:")
    for table, count in sorted(rows.items()):
        click.echo(f"  {table:<22} {count:>12,}")
    click.echo("Logins: admin (admin), pimpinan (leader) with the --password given.")
