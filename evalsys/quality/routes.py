"""Views of quality."""

from . import bp  # noqa: F401
