"""Views of the surveys feature."""

from . import bp  # noqa: F401
