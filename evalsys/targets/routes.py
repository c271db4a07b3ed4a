"""Views of targets."""

from . import bp  # noqa: F401
