"""API download of an innovation's competition dossier, on the JSON API's blueprint (/api/v1)."""

from flask import abort

from ..api import bp
from .routes_items import BUILDERS, download_dossier


@bp.get("/innovations/<int:innovation_id>/dossier.<kind>")
def innovation_dossier(innovation_id: int, kind: str):
    """Return the dossier as pdf, docx or zip (the same builders as the page)."""
    if kind not in BUILDERS:
        abort(404, description=f"Format tidak dikenal; pilih {', '.join(BUILDERS)}.")
    return download_dossier(innovation_id, kind)
