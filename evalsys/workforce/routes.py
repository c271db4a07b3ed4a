"""Views of the workforce feature."""

from . import bp  # noqa: F401
