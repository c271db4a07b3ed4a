"""Demo complaints: a few thousand, two years, realistic life cycles on the real calendar.

Histories are generated on each unit's working calendar (national holidays, cuti bersama, the
demo's local holiday, 6-day weeks for puskesmas), so complaints received just before Idul Fitri
2024 and 2025 wait out the cuti bersama like real ones. Units of better latent quality answer
faster. Everything is cut at DEMO_NOW (the end of 2025-S2), so the last weeks stay open.
The SLA indicators are then computed for every period; the locked 2024 semesters are unlocked
for that moment and locked again (the seeder plays the role of a complete history).
"""

import math
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert

from models import db
from models.complaint import Complaint, ComplaintEvent, HolidayAdjustment, UnitWorkWeek
from scoring.calendar import add_working_days, effective_received_date, working_days_between

from ..complaints import calendars
from ..complaints.computed import recompute_indicators
from .locks import opened

DEMO_NOW = datetime(2025, 12, 31, 15, 0)
START = date(2024, 1, 1)
STALL_FROM = datetime(2025, 9, 1)
# Complaints per unit over the two years, by unit type.
VOLUME = {"rsud": 250, "disdukcapil": 200, "mpp": 160, "dpmptsp": 130, "puskesmas": 95,
          "kecamatan": 60, "kelurahan": 45, "desa": 28, "upt": 60}
CHANNELS = (("sp4n_lapor", 32), ("whatsapp", 25), ("langsung", 18), ("telepon", 8),
            ("media_sosial", 7), ("kotak_saran", 5), ("email", 5))
KINDS = (("pengaduan", 70), ("aspirasi", 15), ("permintaan_informasi", 15))
SEVERITIES = (("ringan", 30), ("normatif", 45), ("tidak_berkadar_pengawasan", 20),
              ("berkadar_pengawasan", 5))
TARGETS = {"ringan": 2, "normatif": 5, "tidak_berkadar_pengawasan": 14, "berkadar_pengawasan": 60}
# Days just before Idul Fitri: 2024 (cuti 8, 9, 12, 15 Apr) and 2025 (cuti 28 Mar, 2–7 Apr).
LEBARAN_EVE = (date(2024, 4, 3), date(2024, 4, 4), date(2024, 4, 5),
               date(2025, 3, 25), date(2025, 3, 26), date(2025, 3, 27))


SUBJECTS = {
    "puskesmas": ["Antrean pendaftaran terlalu lama", "Obat tidak tersedia di apotek",
                  "Petugas kurang ramah", "Jadwal imunisasi berubah tanpa pemberitahuan",
                  "Hasil laboratorium terlambat", "Toilet ruang tunggu kotor"],
    "rsud": ["Antrean poli rawat jalan lebih dari 3 jam", "Tagihan BPJS ditolak",
             "Ruang rawat inap penuh", "Dokter spesialis tidak hadir sesuai jadwal",
             "Parkir rumah sakit semrawut", "Petugas IGD lambat menangani pasien"],
    "disdukcapil": ["KTP-el belum jadi setelah 2 bulan", "Blangko KTP-el habis",
                    "Antrean daring selalu penuh", "Salah cetak nama di Kartu Keluarga",
                    "Akta kelahiran belum terbit", "Pungutan di luar ketentuan"],
    "dpmptsp": ["Izin usaha belum terbit melewati SLA", "Persyaratan PBG tidak jelas",
                "Sistem OSS sering gangguan", "Petugas meminta berkas berulang"],
    "mpp": ["Loket layanan pajak tutup lebih awal", "Nomor antrean tidak dipanggil",
            "Pendingin ruangan mati", "Informasi layanan di papan tidak diperbarui"],
    "kecamatan": ["Rekomendasi PBG lama diproses", "Camat sulit ditemui",
                  "Legalisasi dokumen dipungut biaya"],
    "kelurahan": ["Surat domisili tertunda", "Kantor kelurahan tutup pada jam layanan",
                  "Pengantar KK tidak diproses"],
    "desa": ["Perangkat desa tidak ada di kantor", "Bantuan sosial tidak tepat sasaran",
             "Surat keterangan usaha ditarik biaya"],
    "upt": ["Jawaban permohonan informasi belum diberikan", "Layanan daring tidak bisa diakses",
            "Petugas tidak memberi tanda terima", "Waktu layanan tidak sesuai maklumat"],
}
NAMES = ("Siti Aminah", "Budi Santoso", "Dewi Lestari", "Agus Setiawan", "Rina Wulandari",
         "Joko Prasetyo", "Nur Hidayah", "Hendra Gunawan", "Maria Ulfa", "Yohanes Lado",
         "Made Suartana", "Fransiska Wea", "Ahmad Fauzi", "Sri Rahayu", "Teguh Wibowo")


def _pick(rng, table):
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


def seed(ctx) -> None:
    """Add complaints with histories, a local holiday and 6-day puskesmas; compute SLA values."""
    _calendar_setup(ctx)
    complaints, histories = _complaints(ctx)
    table = Complaint.__table__  # Core executemany: ten times faster than ORM bulk here
    ids = dict(db.session.execute(insert(table).returning(table.c.tracking_number, table.c.id),
                                  complaints).all())
    actor = {u.id: ctx.users["admin"].id for u in ctx.units}
    for username in ("evaluator", "evaluator2"):
        actor |= {u.id: ctx.users[username].id for u in ctx.users[username].units}
    events = [{"complaint_id": ids[c["tracking_number"]], "status": status, "at": at,
               "actor_user_id": actor[c["unit_id"]] if i else None, "note": note}
              for c, history in zip(complaints, histories, strict=True)
              for i, (status, at, note) in enumerate(history)]
    db.session.execute(insert(ComplaintEvent.__table__), events)
    _indicators(ctx)


def _calendar_setup(ctx) -> None:
    """A local holiday (Hari Jadi) and a 6-day week for every puskesmas."""
    for year in (2024, 2025):
        db.session.add(HolidayAdjustment(day=date(year, 9, 12), kind="add",
                                         name="Hari Jadi Kabupaten Contoh",
                                         note="Perbup Kabupaten Contoh (demo)"))
    db.session.add_all(UnitWorkWeek(unit_id=u.id, six_day=True) for u in ctx.units
                       if u.unit_type == "puskesmas")
    db.session.flush()
    calendars.forget()


def _complaints(ctx) -> tuple[list[dict], list[list]]:
    rng, rows, histories = ctx.rng, [], []
    cals = {six: calendars.calendar_for((2024, 2025, 2026), six) for six in (False, True)}
    six_day = calendars.inputs().six_day_units
    for unit in ctx.units:
        quality = ctx.quality[unit.id]
        count = round(VOLUME.get(unit.unit_type, 60) * math.exp(0.2 * rng.gauss(0, 1)
                                                               - 0.1 * quality))
        days = [START + timedelta(days=rng.randrange(731)) for _ in range(count)]
        days += [rng.choice(LEBARAN_EVE) for _ in range(max(1, count // 40))]
        for day in days:
            received = _received_at(rng, day)
            row = _row(rng, unit, received, len(rows))
            speed = math.exp(-0.45 * quality + rng.gauss(0, 0.35))
            histories.append(_history(rng, received, row["severity"], speed,
                                      cals[unit.id in six_day]))
            row["status"] = histories[-1][-1][0]
            rows.append(row)
    return rows, histories


def _received_at(rng, day: date) -> datetime:
    """Office hours mostly; a quarter after closing (WhatsApp and LAPOR! never close)."""
    hour = rng.choice((8, 9, 9, 10, 10, 11, 13, 14, 15, 15, 16, 17, 19, 21))
    at = datetime.combine(day, time(hour, rng.randrange(0, 60, 5)))
    return min(at, DEMO_NOW - timedelta(hours=1))


def _row(rng, unit, received: datetime, seq: int) -> dict:
    channel = _pick(rng, CHANNELS)
    confidential = rng.random() < 0.2
    prefix = "LPR" if channel == "sp4n_lapor" else "PGD"
    return {
        "unit_id": unit.id, "tracking_number": f"{prefix}-{received:%Y%m}-{seq + 1:05d}",
        "channel": channel, "kind": _pick(rng, KINDS), "severity": _pick(rng, SEVERITIES),
        "category": unit.unit_type, "received_at": received,
        "subject": rng.choice(SUBJECTS.get(unit.unit_type, SUBJECTS["upt"])),
        "description": None, "complainant_name": None if rng.random() < 0.1 else rng.choice(NAMES),
        "complainant_contact": f"08{rng.randrange(10**9, 10**10)}", "is_confidential": confidential,
        "source": "import" if channel == "sp4n_lapor" else "manual",
        "import_batch": "demo-lapor" if channel == "sp4n_lapor" else None,
    }


class _Clock:
    """The history of one complaint as it is written, cut at DEMO_NOW."""

    def __init__(self, rng, received: datetime, cal):
        self.rng, self.cal, self.at = rng, cal, received
        self.events = [("diterima", received, None)]

    def step(self, status: str, working_days: int, note: str | None = None) -> bool:
        """Add ``status`` that many working days after the last event; False once past now."""
        day = add_working_days(self.at.date(), working_days, self.cal)
        at = datetime.combine(day, time(self.rng.randint(8, 15), self.rng.randrange(0, 60, 5)))
        if at <= self.at:  # same day: a little later, or the next working morning
            at = self.at + timedelta(minutes=self.rng.randint(10, 120))
            if at.date() != self.at.date() or at.hour >= 16:
                day = add_working_days(self.at.date(), 1, self.cal)
                at = datetime.combine(day, time(self.rng.randint(8, 10), 5))
        if at > DEMO_NOW:
            return False
        self.events.append((status, at, note))
        self.at = at
        return True


def _history(rng, received: datetime, severity: str, speed: float, cal) -> list:
    clock = _Clock(rng, received, cal)
    path = rng.random()
    if path < 0.05:
        clock.step("bukan_wewenang", round(rng.expovariate(1 / (1.5 * speed))),
                   "Diteruskan ke instansi yang berwenang.")
        return clock.events
    if path < 0.07:
        if clock.step("perlu_kelengkapan", 1, "Mohon lengkapi identitas dan kronologi."):
            clock.step("diarsipkan", 22, "Tidak dilengkapi dalam 30 hari (UU 25/2009 Ps. 44).")
        return clock.events
    # Stalled complaints (never followed up) only in the last months: older ones got closed.
    _normal(rng, clock, severity, speed, stalled=path < 0.10 and received >= STALL_FROM)
    return clock.events


def _normal(rng, clock: _Clock, severity: str, speed: float, stalled: bool) -> None:
    day0 = effective_received_date(clock.at, clock.cal)
    if not clock.step("diverifikasi", min(12, round(rng.expovariate(1 / (1.1 * speed))))):
        return
    if rng.random() < 0.15:
        if not clock.step("perlu_kelengkapan", rng.randint(0, 1), "Menunggu bukti dari pelapor."):
            return
        if not clock.step("diverifikasi", rng.randint(2, 12), "Kelengkapan diterima."):
            return
    if not clock.step("didisposisikan", rng.randint(0, 1)) or stalled:
        return
    if not clock.step("ditindaklanjuti", min(20, round(rng.expovariate(1 / (1.8 * speed))))):
        return
    total = round(TARGETS[severity] * speed * rng.uniform(0.3, 1.15))
    due = add_working_days(day0, total, clock.cal)
    wait = working_days_between(clock.at.date(), due, clock.cal)
    if not clock.step("selesai", wait, "Ditindaklanjuti dan dijawab kepada pelapor."):
        return
    if rng.random() < 0.05 and clock.step("ditindaklanjuti", 2, "Pelapor belum puas."):
        clock.step("selesai", rng.randint(1, 5))
    if rng.random() < 0.8:
        clock.step("ditutup", rng.randint(1, 5))


def _indicators(ctx) -> None:
    """Compute the SLA indicators of every demo period, locked ones included."""
    db.session.flush()
    for period in ctx.periods:
        with opened(period):
            recompute_indicators(period)
