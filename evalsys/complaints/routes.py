"""Views of the complaints feature."""

from . import bp  # noqa: F401
