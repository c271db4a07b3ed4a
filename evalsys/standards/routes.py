"""Views of the standards feature."""

from . import bp  # noqa: F401
