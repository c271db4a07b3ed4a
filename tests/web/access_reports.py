"""Access expectations for the reports feature's routes (merged by test_access_control.py).

Reports hold aggregate scores of units, no personal data: every signed-in user may read them
and start the ZIP of unit cards (a POST with a CSRF token).
"""

EXPECT: dict[tuple[str, str], str] = {
    ("reports.index", "GET"): "login",
    ("reports.ranking_pdf", "GET"): "login",
    ("reports.ranking_xlsx", "GET"): "login",
    ("reports.table_csv", "GET"): "login",
    ("reports.unit_card", "GET"): "login",
    ("reports.start_cards", "POST"): "login",
    ("reports.cards", "GET"): "login",
    ("reports.cards_zip", "GET"): "login",
    ("api.run_report_pdf", "GET"): "login",
    ("api.run_report_xlsx", "GET"): "login",
    ("api.run_table_csv", "GET"): "login",
    ("api.run_unit_card", "GET"): "login",
}
BODIES: dict[str, dict] = {}


def make_args(target_unit, period, users) -> dict:
    """The routes need only the run and unit of the walk's world, and a table name."""
    return {"table": "scores"}
