"""Command-line tasks: `flask --app evalsys seed-demo`, `create-user`, `export …`, `backup`,
`restore`."""

import click
from flask import Flask, current_app

from models import User, db

from .demo.seed import DEMO_PASSWORD, DEMO_USERS, database_is_empty, seed_demo


def init_app(app: Flask) -> None:
    """Register the commands on the app."""
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(create_user_command)
    from .backup_cli import init_app as init_backup
    from .reports.cli import init_app as init_export
    from .scale_cli import init_app as init_scale

    init_export(app)
    init_backup(app)
    init_scale(app)


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has units.")
def seed_demo_command(if_empty: bool) -> None:
    """Load the demo Kabupaten Contoh (deterministic)."""
    if not database_is_empty():
        if if_empty:
            click.echo("Database already has data; demo not loaded.")
            _print_logins()
            return
        raise click.ClickException("The database already has units; use a fresh database.")
    ctx = seed_demo()
    db.session.commit()
    click.echo(f"Demo loaded: {len(ctx.units)} units, {len(ctx.periods)} periods.")
    _print_logins()


def _print_logins() -> None:
    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for username, full_name, role in DEMO_USERS:
        click.echo(f"  {username:<11} {role:<9} {full_name}")


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(["admin", "evaluator", "leader", "viewer"]),
              default="admin")
@click.option("--name", "full_name", default=None)
@click.password_option()
def create_user_command(username: str, role: str, full_name: str | None, password: str) -> None:
    """Create a user (e.g. the first admin of a production install)."""
    user = User(username=username.lower(), full_name=full_name or username, role=role)
    user.set_password(password, current_app.config["PASSWORD_HASH_METHOD"])
    db.session.add(user)
    db.session.commit()
    click.echo(f"User {user.username} ({role}) created.")
