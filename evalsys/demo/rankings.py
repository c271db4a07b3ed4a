"""Demo score runs: the default scheme on every demo period, each marked official."""

from ..rankings import operations


def seed(ctx) -> None:
    """Run the default scheme on each period so the league table has a history to show."""
    scheme = operations.ensure_default_scheme(ctx.users.get("admin"))
    for period in ctx.periods:
        run = operations.run_scheme(scheme, period, ctx.users.get("pimpinan"))
        operations.mark_official(run)
