"""Demo records for the surveys feature."""


def seed(ctx) -> None:
    """Add this feature's demo records (filled in by the feature)."""
