"""Views of reports."""

from . import bp  # noqa: F401
