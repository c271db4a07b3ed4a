"""Views of profiles."""

from . import bp  # noqa: F401
