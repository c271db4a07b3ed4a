"""Views of innovations."""

from . import bp  # noqa: F401
