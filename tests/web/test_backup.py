"""Backup and restore: a full round trip, the refusals, and all-or-nothing restores."""

import hashlib
import io
import json
import math
import shutil
import tarfile
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from uuid import uuid4

import pytest
import sqlalchemy as sa
from sqlalchemy import JSON, func, null, select, text

from evalsys import audit
from evalsys.backup import create_backup, load, snapshot
from evalsys.backup import files as backup_files
from evalsys.backup.codec import decoders, row_encoder
from evalsys.backup_cli import init_app
from evalsys.innovations import uploads as innovation_uploads
from evalsys.standards import uploads
from models import Unit, db
from models.complaint import Complaint, ComplaintEvent
from models.scoring import ScoreRun, ScoringScheme, UnitScore
from models.standard import StandardEvidence
from models.survey import Questionnaire, SurveyResponse
from tests.conftest import fresh_app

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
WIB = timezone(timedelta(hours=7))


@pytest.fixture
def setup(app, tmp_path, monkeypatch, make_unit, make_user, make_period, make_indicator,
          make_value):
    """Register the commands, build a varied dataset in tmp_path and back it up."""
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    init_app(app)
    # Tiny batches: streaming, batching and held-back self-references cross batch edges.
    monkeypatch.setattr(snapshot, "BATCH_ROWS", 2)
    monkeypatch.setattr(load, "BATCH_ROWS", 2)
    _dataset(make_unit, make_user, make_period, make_indicator, make_value)
    runner = app.test_cli_runner()
    return runner, tmp_path, take_backup(runner, tmp_path)


def _dataset(make_unit, make_user, make_period, make_indicator, make_value):
    """Units (one pointing at a later parent), users, values, surveys, complaints, runs, files."""
    child = make_unit(name="Puskesmas Ñusantara — 東")
    parent = make_unit(code="OPD-LATE", name="Dinas Baru", level="opd", unit_type="dinas")
    child.parent = parent  # a parent with a higher id: loaded after its child
    admin = make_user("admin", units=[child])
    make_user("evaluator", units=[child, parent])
    period = make_period()
    indicator = make_indicator(code="ikm")
    value = make_value(child, period, indicator, value=0.1 + 0.2)
    value.provenance = {"source": "survey", "n": 12, "ids": [1, 2], "note": "ünïcode ✓"}
    other = make_value(parent, period, make_indicator(), value=None)
    other.provenance = null()  # SQL NULL, distinct from the JSON null of a None provenance
    audit.record("login", "user", admin.id, {"ip": "127.0.0.1"})
    questionnaire = Questionnaire(period=period, title="SKM 2025")
    complaint = Complaint(unit=child, tracking_number="ADU-1", channel="web", subject="Lambat",
                          received_at=datetime(2025, 2, 3, 8, 0), events=[
                              ComplaintEvent(status=status, at=datetime(2025, 2, 3, 8, hour))
                              for hour, status in ((8, "diterima"), (9, "diproses"),
                                                   (23, "selesai"))])
    db.session.add_all([questionnaire, complaint])
    db.session.flush()
    db.session.add_all([SurveyResponse(
        unit_id=child.id, period_id=period.id, questionnaire_id=questionnaire.id,
        channel="online", u1=4, u2=3, extra=extra, suggestion="Antrian \"panjang\"\n;=1+1",
        submitted_at=datetime(2025, 3, 1, 9, 30, tzinfo=WIB)) for extra in (None, {"u10": 4})])
    _scores(period, child, parent)
    stored = uploads.save(io.BytesIO(PDF), "SK Standar.pdf")
    db.session.add(StandardEvidence(unit_id=child.id, kind="sk", original_name="SK.pdf",
                                    stored_name=stored.stored_name, size_bytes=stored.size_bytes,
                                    content_type=stored.content_type))
    innovation_uploads.save(io.BytesIO(PNG), "foto.png")
    db.session.commit()


def _scores(period, child, parent):
    """A scheme and a run with JSON specs; unit scores with odd floats."""
    spec = {"nodes": [{"code": "ikm", "weight": 0.5}], "samples": 1000, "seed": None}
    run = ScoreRun(scheme=ScoringScheme(name="IKP", spec=spec), period_id=period.id, spec=spec,
                   inputs={"ikm": [1.5]}, code_version="0.1.0", status="done",
                   started_at=datetime(2025, 6, 1, 1, 2, 3, 456789, tzinfo=UTC),
                   finished_at=datetime(2025, 6, 1, 8, 3, tzinfo=WIB))
    db.session.add(run)
    db.session.flush()
    db.session.add_all([
        UnitScore(run_id=run.id, unit_id=child.id, score=1e-300, rank_median=math.inf,
                  rank_p05=-math.inf, rank_p95=math.nan, coverage=None, nodes={"ikm": 71.25},
                  contributions={}),
        UnitScore(run_id=run.id, unit_id=parent.id, score=-0.0, nodes={}, contributions={}),
    ])


def _norm(value):
    """Make NaN equal NaN (aware datetimes already compare as instants)."""
    return "NaN" if isinstance(value, float) and math.isnan(value) else value


def db_state() -> dict:
    """Every row of every table, JSON columns with their SQL-NULL flag, in key order."""
    state = {}
    for table in db.metadata.sorted_tables:
        flags = [c.is_(None).label(f"{c.name}_is_sql_null") for c in table.columns
                 if isinstance(c.type, JSON)]
        rows = db.session.execute(select(table, *flags).order_by(*table.primary_key.columns))
        state[table.name] = [tuple(_norm(v) for v in row) for row in rows]
    db.session.remove()
    return state


def both(tmp_path: Path) -> tuple[dict, dict]:
    """Return (db_state(), file_state()): everything a restore could change."""
    return db_state(), file_state(tmp_path)


def assert_unchanged(tmp_path: Path, expected: tuple[dict, dict]) -> None:
    """Check the database and the files are exactly as captured by both()."""
    state = db_state()
    assert list(state) == list(expected[0])
    for name, rows in expected[0].items():  # table by table: readable failures
        assert state[name] == rows, name
    assert file_state(tmp_path) == expected[1]


def file_state(tmp_path: Path) -> dict:
    """Every file under tmp_path (uploads and anything a bad archive might drop) by name."""
    return {p.relative_to(tmp_path).as_posix(): p.read_bytes()
            for p in sorted(tmp_path.rglob("*")) if p.is_file() and p.suffix != ".gz"}


def run(runner, *args):
    """Invoke a command with the test's own session closed first."""
    db.session.remove()
    return runner.invoke(args=list(args))


def take_backup(runner, tmp_path) -> Path:
    result = run(runner, "backup", "-o", str(tmp_path / "backup.tar.gz"))
    assert result.exit_code == 0, result.output
    return tmp_path / "backup.tar.gz"


def wipe(tmp_path):
    """Empty every table and delete the upload folder."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()
    shutil.rmtree(tmp_path / "uploads")


def change_things(tmp_path):
    """Alter data and files after a backup, as a day of use would."""
    db.session.execute(ComplaintEvent.__table__.delete().where(ComplaintEvent.status == "selesai"))
    db.session.add(Unit(code="NEW", name="Unit Baru", level="opd", unit_type="dinas"))
    db.session.commit()
    evidence = next((tmp_path / "uploads" / "standards").iterdir())
    evidence.write_bytes(PDF + b"edited")
    (tmp_path / "uploads" / "standards" / "extra.pdf").write_bytes(PDF)


def rebuild(source: Path, target: Path, edit) -> Path:
    """Rewrite an archive: ``edit(manifest, members, links)`` mutates, the manifest goes first."""
    with tarfile.open(source, "r:gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    manifest, links = json.loads(members.pop("manifest.json")), {}
    edit(manifest, members, links)
    with tarfile.open(target, "w:gz") as tar:
        for name, data in [("manifest.json", json.dumps(manifest).encode()), *members.items()]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for name, link in links.items():
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, link
            tar.addfile(info)
    return target


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        return json.loads(tar.extractfile("manifest.json").read())


def reseal(manifest, members):
    """Recompute size and checksum of every member, as a careful forger would."""
    manifest["members"] = {name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                           for name, data in members.items()}


def test_manifest_records_version_revision_counts_and_checksums(setup, app):
    runner, tmp_path, archive = setup
    with tarfile.open(archive, "r:gz") as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
        for name, expected in manifest["members"].items():
            data = tar.extractfile(name).read()
            assert (len(data), hashlib.sha256(data).hexdigest()) == \
                (expected["size"], expected["sha256"])
    assert names[0] == "manifest.json" and len(names) == len(manifest["members"]) + 1
    assert manifest["app_version"] == app.config["VERSION"]
    assert manifest["alembic_revision"] is None  # db.create_all(): no alembic_version table
    assert datetime.fromisoformat(manifest["created_at"]).tzinfo is not None
    counts = {t["name"]: t["rows"] for t in manifest["tables"]}
    assert [t["name"] for t in manifest["tables"]] == [t.name for t in db.metadata.sorted_tables]
    assert counts["unit"] == 3 and counts["complaint_event"] == 3 and counts["user_unit"] == 3
    assert counts["audit_event"] > 0 and manifest["upload_roots"] == {"uploads": 2}
    again = run(runner, "backup", "-o", str(archive))  # an existing file is never overwritten
    assert again.exit_code != 0 and "already exists" in again.output


def test_round_trip_into_an_emptied_database(setup):
    runner, tmp_path, archive = setup
    before = both(tmp_path)
    # JSON columns hold both SQL NULL (flag True) and JSON null (None, flag False).
    assert {row[-1] for row in before[0]["indicator_value"]} == {False, True}
    assert (None, False) in [(row[6], row[-2]) for row in before[0]["audit_event"]]  # "before"
    wipe(tmp_path)
    assert db_state()["unit"] == []

    result = run(runner, "restore", str(archive))
    assert result.exit_code == 0, result.output
    assert "complaint_event" in result.output and "uploads 2" in result.output
    assert_unchanged(tmp_path, before)
    # Sequences follow the restored ids (PostgreSQL): a new row gets a fresh id.
    db.session.add(Unit(code="AFTER", name="Setelah", level="opd", unit_type="dinas"))
    db.session.commit()
    assert db.session.scalar(select(Unit.id).where(Unit.code == "AFTER")) > 3


def test_non_empty_database_needs_force(setup):
    runner, tmp_path, archive = setup
    before = both(tmp_path)
    change_things(tmp_path)
    changed = both(tmp_path)

    refused = run(runner, "restore", str(archive))
    assert refused.exit_code != 0 and "--force" in refused.output
    assert_unchanged(tmp_path, changed)

    result = run(runner, "restore", str(archive), "--force")
    assert result.exit_code == 0, result.output
    assert_unchanged(tmp_path, before)


def _traversal(name):
    def edit(manifest, members, links):
        members[name] = b"owned"
        reseal(manifest, members)
    return edit


def _symlink(manifest, members, links):
    links["files/uploads/standards/passwd"] = "/etc/passwd"
    manifest["members"]["files/uploads/standards/passwd"] = {"size": 0, "sha256": "0" * 64}


def _duplicate_late_row(manifest, members, links):
    lines = members["data/complaint_event.jsonl"].splitlines(keepends=True)
    members["data/complaint_event.jsonl"] = b"".join(lines + lines[:1])  # same primary key
    next(t for t in manifest["tables"] if t["name"] == "complaint_event")["rows"] += 1
    reseal(manifest, members)


@pytest.mark.parametrize("edit, message", [
    (lambda manifest, members, links: members.update(
        {"data/unit.jsonl": members["data/unit.jsonl"].replace(b"Baru", b"Lama")}),
     "checksum mismatch for data/unit.jsonl"),
    (lambda manifest, members, links: manifest.update(alembic_revision="0ad31ec08cc4"),
     "alembic revision 0ad31ec08cc4"),
    (lambda manifest, members, links: members.pop("data/complaint.jsonl"), "lacks 1 member"),
    (lambda manifest, members, links: members.update({"files/uploads/x.pdf": PDF}),
     "not listed in the manifest"),
    (_traversal("../evil.txt"), "unsafe member name '../evil.txt'"),
    (_traversal("/tmp/evil.txt"), "unsafe member name '/tmp/evil.txt'"),
    (_traversal("files/uploads/../../evil.txt"), "unsafe member name"),
    (_traversal("files/uploads/..\\..\\evil.txt"), "unsafe member name"),
    (_traversal("files/elsewhere/evil.txt"), "unexpected archive member"),
    (_symlink, "link or special file"),
    (_duplicate_late_row, "while loading table complaint_event"),  # fails late: rolled back
], ids=["checksum", "revision", "missing", "unlisted", "dotdot", "absolute", "nested-dotdot",
        "backslash", "unknown-root", "symlink", "failing-load"])
def test_bad_archives_and_failing_loads_change_nothing(setup, edit, message):
    runner, tmp_path, archive = setup
    change_things(tmp_path)
    changed = both(tmp_path)
    bad = rebuild(archive, tmp_path / "bad.tar.gz", edit)

    result = run(runner, "restore", str(bad), "--force")
    assert result.exit_code != 0
    assert message in result.output, result.output
    assert_unchanged(tmp_path, changed)
    assert not (tmp_path.parent / "evil.txt").exists()
    assert {p.name for p in tmp_path.iterdir()} == {"backup.tar.gz", "bad.tar.gz", "uploads"}


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2], lambda data: data[:40] + bytes(64) + data[104:],
    lambda data: b"not a gzip file at all"], ids=["truncated", "zeroed", "garbage"])
def test_damaged_archives_are_refused(setup, damage):
    runner, tmp_path, archive = setup
    wipe(tmp_path)
    bad = tmp_path / "damaged.tar.gz"
    bad.write_bytes(damage(archive.read_bytes()))
    result = run(runner, "restore", str(bad))
    assert result.exit_code != 0 and "corrupt or truncated" in result.output, result.output
    assert db_state()["unit"] == [] and not (tmp_path / "uploads").exists()


def test_revision_is_compared_with_the_alembic_version_table(setup):
    runner, tmp_path, plain = setup
    version = sa.Table("alembic_version", sa.MetaData(), sa.Column("version_num", sa.String(32)))
    version.create(db.engine)
    try:
        with db.engine.begin() as conn:
            conn.execute(version.insert().values(version_num="dbdce41bc99e"))
        refused = run(runner, "restore", str(plain), "--force")
        assert refused.exit_code != 0 and "none (db.create_all)" in refused.output
        migrated = tmp_path / "migrated.tar.gz"
        assert run(runner, "backup", "-o", str(migrated)).exit_code == 0
        assert manifest_of(migrated)["alembic_revision"] == "dbdce41bc99e"
        result = run(runner, "restore", str(migrated), "--force")
        assert result.exit_code == 0, result.output
    finally:
        version.drop(db.engine)


def test_a_failure_after_the_folder_swap_puts_everything_back(setup, monkeypatch):
    runner, tmp_path, archive = setup
    change_things(tmp_path)
    changed = both(tmp_path)
    swap = backup_files.FolderSwap.apply

    def swap_then_fail(self):
        swap(self)
        raise RuntimeError("disk vanished")

    monkeypatch.setattr(backup_files.FolderSwap, "apply", swap_then_fail)
    result = run(runner, "restore", str(archive), "--force")
    assert isinstance(result.exception, RuntimeError)
    assert_unchanged(tmp_path, changed)
    assert {p.name for p in tmp_path.iterdir()} == {"backup.tar.gz", "uploads"}


def test_values_survive_the_codec():
    types = [sa.Integer, sa.DateTime(timezone=True), sa.DateTime, sa.Date, sa.Float, sa.Float,
             sa.LargeBinary, sa.Numeric(10, 2), sa.Uuid, JSON]
    table = sa.Table("sample", sa.MetaData(),
                     *(sa.Column(f"c{i}", kind, primary_key=not i) for i, kind in enumerate(types)))
    key = uuid4()
    row = (1, datetime(2025, 1, 1, 7, tzinfo=WIB), datetime(2025, 1, 1, 7), date(2025, 1, 31),
           math.inf, math.nan, b"\x00\xff", Decimal("12.50"), key, "null")
    values = json.loads(row_encoder(table)(row))
    assert values[1] == "2025-01-01T00:00:00+00:00" and values[4:6] == ["Infinity", "NaN"]
    parsers = decoders(table, [c.name for c in table.columns])
    decoded = [parse(v) for parse, v in zip(parsers, values, strict=True)]
    assert decoded[:5] == [1, datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 1, 7),
                           date(2025, 1, 31), math.inf]
    assert math.isnan(decoded[5]) and decoded[6:9] == [b"\x00\xff", Decimal("12.50"), key]
    assert decoded[9] is JSON.NULL and parsers[9](None).__class__.__name__ == "Null"


@pytest.fixture
def file_app(database_url, tmp_path):
    """An app on PostgreSQL, or on an SQLite file in WAL mode (where readers keep a snapshot)."""
    sqlite = database_url.startswith("sqlite")
    url = f"sqlite:///{tmp_path / 'snap.db'}" if sqlite else database_url
    with fresh_app(url, UPLOAD_DIR=str(tmp_path / "uploads")) as app:
        if sqlite:
            db.session.execute(text("PRAGMA journal_mode=WAL"))
        yield app


def test_backup_reads_one_snapshot_while_others_write(file_app, tmp_path, monkeypatch):
    db.session.add(Unit(code="A", name="Sebelum", level="opd", unit_type="dinas"))
    db.session.commit()
    copy_root = snapshot._copy_root

    def copy_while_someone_writes(*args):
        # The snapshot is taken; a commit by another connection must not reach the archive.
        with db.engine.begin() as other:
            other.execute(Unit.__table__.insert().values(code="B", name="Sesudah", level="opd",
                                                         unit_type="dinas"))
        return copy_root(*args)

    monkeypatch.setattr(snapshot, "_copy_root", copy_while_someone_writes)
    report = create_backup(tmp_path / "snap.tar.gz")
    with tarfile.open(report.path, "r:gz") as tar:
        units = tar.extractfile("data/unit.jsonl").read().decode()
    assert "Sebelum" in units and "Sesudah" not in units
    assert next(t["rows"] for t in manifest_of(report.path)["tables"] if t["name"] == "unit") == 1
    assert db.session.scalar(select(func.count()).select_from(Unit)) == 2
