"""Access expectations for the workforce feature's routes (merged by test_access_control.py).

EXPECT maps (endpoint, method) to public / login / leader / admin / evaluator / scoped
(see test_access_control.py for what each means).
make_args creates this feature's records on the target unit and returns the URL arguments
its routes need; BODIES gives form or JSON bodies per endpoint.
"""

from datetime import date

from models import db
from models.workforce import Position, Staff, WisnInput, WorkloadTask

EXPECT: dict[tuple[str, str], str] = {
    ("workforce.index", "GET"): "login",
    ("workforce.recompute", "POST"): "leader",
    ("workforce.rotation", "GET"): "login",
    ("workforce.settings", "GET"): "admin",
    ("workforce.settings", "POST"): "admin",
    ("workforce.positions", "GET"): "login",
    ("workforce.position_new", "GET"): "admin",
    ("workforce.position_new", "POST"): "admin",
    ("workforce.position_edit", "GET"): "admin",
    ("workforce.position_edit", "POST"): "admin",
    ("workforce.staff_list", "GET"): "login",
    # Evaluators of any unit open the form; the unit list offers only their own units.
    ("workforce.staff_new", "GET"): "evaluator",
    ("workforce.staff_new", "POST"): "evaluator",
    ("workforce.staff_edit", "GET"): "scoped",
    ("workforce.staff_edit", "POST"): "scoped",
    # Rows for units outside the evaluator's scope are rejected row by row in the preview.
    ("workforce.staff_import", "GET"): "evaluator",
    ("workforce.staff_import", "POST"): "evaluator",
    ("workforce.import_template", "GET"): "evaluator",
    ("workforce.abk", "GET"): "login",
    ("workforce.abk_save", "POST"): "scoped",
    ("workforce.wisn_sheet", "GET"): "login",
    ("workforce.wisn_save", "POST"): "scoped",
}
BODIES: dict[str, dict] = {}

IMPORT_CSV = ("nip,nama,kode_unit,kode_jabatan,tmt_jabatan\n"
              "198703152010122002,Rina Lestari,TARGET,ACC-PRW,2020-01-02\n")


def make_args(target_unit, period, users) -> dict:
    """Create a position, a staff member, a task and WISN inputs on the target unit."""
    position = Position(code="ACC-PRW", name="Perawat", kind="fungsional",
                        is_health_cadre=True, wisn_category="perawat")
    db.session.add(position)
    db.session.flush()
    staff = Staff(nip="198503122010011003", name="Budi Santoso", position_id=position.id,
                  unit_id=target_unit.id, post_since=date(2015, 1, 1),
                  birth_date=date(1985, 3, 12), appointed_on=date(2010, 1, 1), gender="L",
                  skills=[], certificates=[], status="aktif")
    task = WorkloadTask(unit_id=target_unit.id, position_id=position.id,
                        description="Pelayanan poli umum", output_unit="kunjungan",
                        volume_per_year=6000, norm_minutes=10)
    wisn = WisnInput(unit_id=target_unit.id, position_id=position.id, working_days=260,
                     public_holidays=16, annual_leave=12, sick_leave=6, other_leave=5,
                     hours_per_day=7.5, activities=[{"name": "Poli", "workload": 6000,
                                                     "unit_minutes": 10}],
                     support=[], individual=[])
    db.session.add_all([staff, task, wisn])
    db.session.commit()
    _bodies(target_unit, position, staff, task)
    return {"staff_id": staff.id, "position_id": position.id}


def _bodies(unit, position, staff, task) -> None:
    """Fill BODIES with valid posts, so an allowed role really changes something."""
    staff_form = {"nip": "199001152015032001", "name": "Sari Dewi", "unit_id": unit.id,
                  "position_id": position.id, "post_since": "2019-05-01", "status": "aktif"}
    BODIES.update({
        "workforce.settings": {"data": {"effective_minutes": "75000", "rounding": "ceiling",
                                        "ej_table": "permendagri_2008",
                                        "rotation_years": "5"}},
        "workforce.position_new": {"data": {"code": "ACC-BDN", "name": "Bidan",
                                            "kind": "fungsional"}},
        "workforce.position_edit": {"data": {"code": "ACC-PRW", "name": "Perawat Terampil",
                                             "kind": "fungsional"}},
        "workforce.staff_new": {"data": staff_form},
        "workforce.staff_edit": {"data": dict(staff_form, nip=staff.nip, name="Budi S.")},
        "workforce.staff_import": {"data": {"filename": "pegawai.csv", "action": "preview",
                                            "content": _b64(IMPORT_CSV)}},
        "workforce.abk_save": {"data": {f"t{task.id}-description": "Pelayanan poli umum",
                                        f"t{task.id}-output_unit": "kunjungan",
                                        f"t{task.id}-volume": "7000",
                                        f"t{task.id}-norm": "10"}},
        "workforce.wisn_save": {"data": {"position_id": position.id, "working_days": "260",
                                         "public_holidays": "16", "annual_leave": "12",
                                         "sick_leave": "6", "other_leave": "5",
                                         "hours_per_day": "7,5", "a0-name": "Poli",
                                         "a0-workload": "6000", "a0-unit_minutes": "12"}},
    })


def _b64(text: str) -> str:
    import base64

    return base64.b64encode(text.encode()).decode()
