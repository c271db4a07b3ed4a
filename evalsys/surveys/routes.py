"""Views of the surveys feature, one module per page family (each registers on bp)."""

from . import (  # noqa: F401  (importing registers the views)
    views_entry,
    views_import,
    views_public,
    views_questionnaire,
    views_results,
)
