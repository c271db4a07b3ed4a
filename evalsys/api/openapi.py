"""The OpenAPI 3.1 description of /api/v1, kept beside the routes it describes."""

_ERROR = {"$ref": "#/components/schemas/Error"}


def _list_of(schema: str) -> dict:
    return {"type": "object", "properties": {
        "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{schema}"}},
        "page": {"type": "integer"}, "pages": {"type": "integer"}, "total": {"type": "integer"}}}


def _get(summary: str, schema: dict, params: tuple[str, ...] = ()) -> dict:
    return {"get": {
        "summary": summary,
        "parameters": [{"name": p, "in": "query", "required": False,
                        "schema": {"type": "string"}} for p in params],
        "responses": {"200": {"description": "OK", "content": {"application/json": {
            "schema": schema}}},
            "400": {"description": "Parameter tidak sah (NUL, bilangan di luar rentang)",
                    "content": {"application/json": {"schema": _ERROR}}},
            "401": {"description": "Belum masuk", "content": {"application/json": {
                "schema": _ERROR}}}}}}


_PAGING = ("page", "per_page")


def _file(summary: str, media_type: str, *path_params: tuple[str, str]) -> dict:
    """A download: path parameters (name, type) and the file's media type."""
    return {"get": {
        "summary": summary,
        "parameters": [{"name": name, "in": "path", "required": True, "schema": {"type": kind}}
                       for name, kind in path_params],
        "responses": {"200": {"description": "Berkas", "content": {media_type: {
            "schema": {"type": "string", "format": "binary"}}}},
            "404": {"description": "Tidak ada", "content": {"application/json": {
                "schema": _ERROR}}}}}}


_RUN = ("run_id", "integer")
_DOWNLOADS = {
    "/runs/{run_id}/report.pdf": _file("Laporan peringkat (PDF)", "application/pdf", _RUN),
    "/runs/{run_id}/report.xlsx": _file(
        "Buku kerja peringkat (XLSX)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _RUN),
    "/runs/{run_id}/{table}.csv": _file("Tabel scores, indicators atau aggregates (CSV)",
                                        "text/csv", _RUN, ("table", "string")),
    "/runs/{run_id}/units/{unit_id}/card.pdf": _file(
        "Rapor satu unit (PDF)", "application/pdf", _RUN, ("unit_id", "integer")),
    "/innovations/{innovation_id}/dossier.{kind}": _file(
        "Dokumen proposal inovasi: kind = pdf, docx atau zip", "application/octet-stream",
        ("innovation_id", "integer"), ("kind", "string")),
}

OPENAPI: dict = {
    "openapi": "3.1.0",
    "info": {"title": "evalsys API", "version": "0.1.0",
             "description": "Unit, periode, indikator dan nilai indikator. Autentikasi: sesi "
                            "peramban atau header `Authorization: Bearer <token>`."},
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"},
                            "session": {"type": "apiKey", "in": "cookie", "name": "session"}},
        "schemas": {
            "Error": {"type": "object", "required": ["error", "message"], "properties": {
                "error": {"type": "string"}, "message": {"type": "string"}}},
            "Unit": {"type": "object", "properties": {
                "id": {"type": "integer"}, "code": {"type": "string"}, "name": {"type": "string"},
                "level": {"type": "string"}, "unit_type": {"type": "string"},
                "parent_id": {"type": ["integer", "null"]}, "timezone": {"type": "string"},
                "is_active": {"type": "boolean"}}},
            "Period": {"type": "object", "properties": {
                "id": {"type": "integer"}, "code": {"type": "string"}, "kind": {"type": "string"},
                "year": {"type": "integer"}, "number": {"type": "integer"},
                "start_date": {"type": "string", "format": "date"},
                "end_date": {"type": "string", "format": "date"},
                "is_locked": {"type": "boolean"}}},
            "Indicator": {"type": "object", "properties": {
                "id": {"type": "integer"}, "code": {"type": "string"},
                "name_id": {"type": "string"}, "name_en": {"type": "string"},
                "direction": {"type": "integer", "enum": [1, -1]},
                "unit_of_measure": {"type": "string"}, "source": {"type": "string"},
                "min_value": {"type": ["number", "null"]},
                "max_value": {"type": ["number", "null"]},
                "legal_basis": {"type": ["string", "null"]}}},
            "IndicatorValue": {"type": "object", "properties": {
                "id": {"type": "integer"}, "unit_id": {"type": "integer"},
                "period_id": {"type": "integer"}, "indicator_id": {"type": "integer"},
                "value": {"type": ["number", "null"]},
                "status": {"type": "string", "enum": ["draft", "submitted", "approved"]},
                "version": {"type": "integer"}, "provenance": {"type": ["object", "null"]},
                "comment": {"type": ["string", "null"]}}},
            "ValueWrite": {"type": "object", "required": ["unit_id", "period_id", "indicator"],
                           "properties": {
                               "unit_id": {"type": "integer"}, "period_id": {"type": "integer"},
                               "indicator": {"type": "string", "description": "indicator code"},
                               "value": {"type": ["number", "string", "null"]},
                               "version": {"type": "integer", "description":
                                           "the version read; a stale one is refused"},
                               "submit": {"type": "boolean"}}},
        },
    },
    "security": [{"bearer": []}, {"session": []}],
    "paths": {
        "/units": _get("Daftar unit", _list_of("Unit"), ("opd", "type", "q", "inactive") + _PAGING),
        "/units/{unit_id}": {"get": {
            "summary": "Satu unit",
            "parameters": [{"name": "unit_id", "in": "path", "required": True,
                            "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "OK", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Unit"}}}},
                "404": {"description": "Tidak ada", "content": {"application/json": {
                    "schema": _ERROR}}}}}},
        "/periods": _get("Daftar periode", _list_of("Period"), _PAGING),
        "/runs/{run_id}/scores": {"get": {
            "summary": "Tabel peringkat satu perhitungan",
            "parameters": [{"name": "run_id", "in": "path", "required": True,
                            "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "OK", "content": {"application/json": {
                "schema": {"type": "object"}}}},
                "404": {"description": "Tidak ada", "content": {"application/json": {
                    "schema": _ERROR}}}}}},
        "/units/{unit_id}/explanation": {"get": {
            "summary": "Mengapa unit berada di peringkatnya",
            "parameters": [{"name": "unit_id", "in": "path", "required": True,
                            "schema": {"type": "integer"}},
                           {"name": "run", "in": "query", "required": False,
                            "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "OK", "content": {"application/json": {
                "schema": {"type": "object"}}}},
                "400": {"description": "Parameter tidak sah", "content": {"application/json": {
                    "schema": _ERROR}}},
                "404": {"description": "Tidak ada", "content": {"application/json": {
                    "schema": _ERROR}}}}}},
        "/indicators": _get("Katalog indikator", _list_of("Indicator"), _PAGING),
        "/values": {
            **_get("Nilai indikator", _list_of("IndicatorValue"),
                   ("period", "unit", "indicator", "status") + _PAGING),
            "post": {
                "summary": "Isi atau ubah satu nilai (evaluator dalam lingkupnya, admin)",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/ValueWrite"}}}},
                "responses": {
                    "200": {"description": "Tersimpan", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/IndicatorValue"}}}},
                    **{code: {"description": text, "content": {"application/json": {
                        "schema": _ERROR}}} for code, text in (
                        ("400", "Bukan JSON"), ("403", "Di luar lingkup"),
                        ("404", "Tidak ditemukan"),
                        ("409", "Periode terkunci, atau nilai diubah pengguna lain"),
                        ("422", "Nilai tidak valid"))}}}},
        **_DOWNLOADS,
    },
}
