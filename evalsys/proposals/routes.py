"""Views of proposals."""

from . import bp  # noqa: F401
