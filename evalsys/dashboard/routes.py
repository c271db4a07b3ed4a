"""Views of dashboard."""

from . import bp  # noqa: F401
