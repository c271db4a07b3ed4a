"""Demo records for the workforce feature: positions, ABK tasks, a roster, WISN inputs.

Staff numbers are drawn around each unit × position's ABK need, wider for units of poor
latent quality, so some units are short and others in surplus. Desa units get no roster:
perangkat desa are not ASN and have no NIP.
"""

import math
from datetime import date, timedelta

from sqlalchemy import insert

from models import db
from models.workforce import Position, Staff, WisnInput, WorkloadTask

from ..workforce.staffing import refresh_staffing

# code, name, kind, health cadre (WISN category)
POSITIONS = (
    ("KASI", "Kepala Seksi Pelayanan", "struktural", None),
    ("PU", "Pengadministrasi Umum", "pelaksana", None),
    ("PD", "Pengolah Data", "pelaksana", None),
    ("OLO", "Operator Layanan Operasional", "pelaksana", None),
    ("PPZ", "Pengelola Perizinan", "pelaksana", None),
    ("AK", "Analis Kebijakan", "fungsional", None),
    ("PRAKOM", "Pranata Komputer", "fungsional", None),
    ("ARS", "Arsiparis", "fungsional", None),
    ("ADB", "Administrator Database Kependudukan", "fungsional", None),
    ("DOK", "Dokter", "fungsional", "dokter"),
    ("PRW", "Perawat", "fungsional", "perawat"),
    ("BDN", "Bidan", "fungsional", "bidan"),
    ("APT", "Apoteker", "fungsional", "apoteker"),
    ("PLK", "Pranata Laboratorium Kesehatan", "fungsional", "pranata_laboratorium"),
    ("PRM", "Perekam Medis", "fungsional", "perekam_medis"),
)
_ADM = [("PU", "Agenda surat masuk", "surat", 2400, 10), ("PU", "Distribusi surat", "surat",
                                                             2400, 5),
        ("PD", "Laporan bulanan", "laporan", 12, 600),
        ("KASI", "Pengendalian dan supervisi pelayanan", "laporan", 12, 2400)]
# unit type → (position, uraian tugas, satuan hasil, volume per year, norma waktu in minutes)
TASKS = {
    "kelurahan": [("KASI", "Verifikasi dan penandatanganan surat keterangan", "surat", 6000, 6),
                  ("PU", "Penerimaan dan pemeriksaan berkas permohonan", "berkas", 6000, 12),
                  ("PU", "Pembuatan surat keterangan (domisili, SKTM, usaha)", "surat", 5000,
                   15),
                  ("PD", "Pemutakhiran data penduduk kelurahan", "data", 5000, 8), *_ADM],
    "kecamatan": [("KASI", "Verifikasi rekomendasi PBG dan legalisasi", "dokumen", 2400, 20),
                  ("PU", "Legalisasi dokumen", "dokumen", 6000, 10),
                  ("PU", "Surat keterangan ahli waris", "surat", 800, 60),
                  ("AK", "Telaahan staf dan kajian kebijakan", "kajian", 12, 4800),
                  ("PRAKOM", "Pemeliharaan jaringan dan aplikasi", "kegiatan", 480, 120),
                  ("PD", "Rekapitulasi data layanan", "rekap", 4000, 10),
                  ("ARS", "Penataan arsip dinamis", "berkas", 4000, 15), *_ADM],
    "puskesmas": [("DOK", "Pemeriksaan pasien poli umum", "kunjungan", 24000, 10),
                  ("DOK", "Pelayanan gawat darurat dan tindakan", "tindakan", 2400, 20),
                  ("PRW", "Asuhan keperawatan poli umum", "kunjungan", 24000, 12),
                  ("PRW", "Imunisasi di puskesmas dan posyandu", "suntikan", 9000, 10),
                  ("PRW", "Kunjungan rumah perawatan kesehatan masyarakat", "kunjungan", 900,
                   60),
                  ("BDN", "Pemeriksaan kehamilan (ANC K1–K6)", "kunjungan", 7200, 20),
                  ("BDN", "Pertolongan persalinan", "persalinan", 450, 240),
                  ("BDN", "Pelayanan KB", "akseptor", 4500, 15),
                  ("BDN", "Pemeriksaan bayi dan balita (MTBS)", "kunjungan", 6000, 15),
                  ("APT", "Pelayanan resep dan informasi obat", "resep", 30000, 4),
                  ("PLK", "Pemeriksaan laboratorium sederhana", "sampel", 9000, 12),
                  ("PRM", "Pendaftaran dan rekam medis", "berkas", 33000, 3),
                  ("PU", "Administrasi umum dan kepegawaian", "dokumen", 4000, 15),
                  ("PD", "Pelaporan SIMPUS dan SP2TP", "laporan", 48, 1200)],
    "rsud": [("DOK", "Pemeriksaan pasien rawat jalan", "kunjungan", 60000, 10),
             ("DOK", "Visite pasien rawat inap", "visite", 30000, 10),
             ("DOK", "Pelayanan instalasi gawat darurat", "pasien", 15000, 20),
             ("PRW", "Asuhan keperawatan rawat inap", "hari rawat", 45000, 60),
             ("PRW", "Asuhan keperawatan IGD", "pasien", 15000, 40),
             ("PRW", "Asuhan keperawatan rawat jalan", "kunjungan", 60000, 8),
             ("BDN", "Pertolongan persalinan", "persalinan", 1500, 240),
             ("BDN", "Asuhan nifas", "pasien", 1500, 120),
             ("APT", "Pelayanan resep dan informasi obat", "resep", 90000, 5),
             ("PLK", "Pemeriksaan laboratorium klinik", "sampel", 50000, 12),
             ("PRM", "Pengelolaan rekam medis", "berkas", 100000, 6),
             ("PRAKOM", "Pemeliharaan SIMRS", "kegiatan", 480, 120),
             ("PU", "Administrasi umum dan kepegawaian", "dokumen", 6000, 15),
             ("PD", "Pelaporan RL/SIRS", "laporan", 120, 480)],
    "disdukcapil": [("OLO", "Perekaman KTP-el", "perekaman", 12000, 10),
                    ("OLO", "Pencetakan KTP-el", "keping", 12000, 3),
                    ("OLO", "Penerbitan Kartu Keluarga", "dokumen", 9000, 12),
                    ("OLO", "Penerbitan akta kelahiran", "akta", 6000, 15),
                    ("ADB", "Pemeliharaan database SIAK", "kegiatan", 250, 240),
                    ("ADB", "Verifikasi data ganda", "data", 3000, 10),
                    ("KASI", "Penandatanganan dokumen elektronik", "dokumen", 27000, 1),
                    ("KASI", "Pengendalian dan supervisi pelayanan", "laporan", 12, 2400),
                    ("PU", "Agenda dan arsip surat", "surat", 4000, 12)],
    "dpmptsp": [("PPZ", "Verifikasi permohonan perizinan berusaha (OSS RBA)", "permohonan",
                 5000, 30),
                ("PPZ", "Penerbitan izin dan PBG", "izin", 1500, 45),
                ("OLO", "Pelayanan front office", "pengunjung", 12000, 10),
                ("AK", "Kajian regulasi perizinan", "kajian", 12, 4800),
                ("PRAKOM", "Pengelolaan aplikasi perizinan", "kegiatan", 480, 120),
                ("KASI", "Penandatanganan izin", "izin", 6500, 3),
                ("KASI", "Pengendalian dan supervisi pelayanan", "laporan", 12, 2400)],
    "mpp": [("OLO", "Layanan informasi dan antrean", "pengunjung", 40000, 5),
            ("PU", "Administrasi gerai layanan", "dokumen", 3000, 15),
            ("PRAKOM", "Pemeliharaan sistem antrean dan jaringan", "kegiatan", 480, 90)],
    "upt": [("KASI", "Verifikasi dan penandatanganan layanan", "dokumen", 1500, 10),
            ("KASI", "Pengendalian dan supervisi pelayanan", "laporan", 12, 2400),
            ("OLO", "Penerimaan permohonan layanan", "permohonan", 3000, 15),
            ("PU", "Administrasi umum dan surat", "dokumen", 3000, 15),
            ("PD", "Pengolahan data dan laporan", "laporan", 12, 3600),
            ("ARS", "Penataan arsip", "berkas", 3000, 15)],
}
SIZE = {"DINKES-RSUD": 1.2, "DINKES-RSUD-PRATAMA": 0.35, "DISDUKCAPIL-LAYANAN": 2.5}
# Puskesmas volumes above are for a catchment of ~30,000; the demo's are larger on average.
TYPE_SIZE = {"puskesmas": 1.4}
SOURCES = ("Register layanan 2024", "Laporan tahunan 2024", "Aplikasi SIMPUS/SIAK 2024",
           "Observasi norma waktu 2025")
# How staffing leans by unit type (log scale): kelurahan and kecamatan tend to carry surplus
# clerks, facilities tend to be short of clinical staff.
BIAS = {"kelurahan": 0.2, "kecamatan": 0.15, "upt": 0.1, "puskesmas": -0.12, "rsud": -0.08}
REFERENCE = date(2025, 12, 31)  # the roster's "today" in the demo, so the demo is stable
FIRST = {"L": ("Agus", "Budi", "Dedi", "Eko", "Fajar", "Hendra", "Imam", "Joko", "Rudi",
               "Teguh", "Wahyu", "Yusuf", "Arif", "Bambang", "Dimas", "Rizky", "Andi", "Ilham"),
         "P": ("Ani", "Dewi", "Fitri", "Indah", "Lestari", "Maya", "Nur", "Ratna", "Rina",
               "Sari", "Siti", "Tri", "Wulan", "Yuni", "Putri", "Ayu", "Dian", "Rahma")}
LAST = {"L": ("Santoso", "Wibowo", "Saputra", "Hidayat", "Setiawan", "Kusuma", "Pratama",
              "Nugroho", "Hakim", "Maulana", "Siregar", "Nasution", "Gunawan", "Harahap"),
        "P": ("Rahmawati", "Lestari", "Suryani", "Permata", "Utami", "Susanti", "Kusumawati",
              "Wulandari", "Siregar", "Nasution", "Simanjuntak", "Hidayati", "Pertiwi")}
TITLES = {"DOK": ("dr. ", ""), "PRW": ("", ", S.Kep., Ns."), "BDN": ("", ", A.Md.Keb."),
          "APT": ("apt. ", ", S.Farm."), "PLK": ("", ", A.Md.AK."), "PRM": ("", ", A.Md.RMIK"),
          "PRAKOM": ("", ", S.Kom."), "AK": ("", ", S.AP."), "KASI": ("", ", S.Sos.")}
SKILLS = {"DOK": ["PONED", "ATLS", "USG dasar"], "PRW": ["BTCLS", "PPGD", "Perawatan luka"],
          "BDN": ["APN", "PONED", "Konseling KB"], "APT": ["Farmasi klinik"],
          "PLK": ["Pemantapan mutu laboratorium"], "PRM": ["Koding ICD-10"],
          "PRAKOM": ["Jaringan komputer", "Administrasi server"], "ADB": ["Database SIAK"],
          "PPZ": ["OSS RBA"], "AK": ["Analisis kebijakan", "Penulisan policy brief"],
          "ARS": ["Pengelolaan arsip dinamis"]}
PROTECTION = {"DOK": "Dokter penanggung jawab PONED; satu-satunya bersertifikat ATLS",
              "BDN": "Satu-satunya bidan bersertifikat APN dan PONED di unit",
              "PRAKOM": "Pengelola tunggal server dan aplikasi layanan",
              "ADB": "Administrator database SIAK bersertifikat Ditjen Dukcapil",
              "PLK": "Penanggung jawab mutu laboratorium menjelang akreditasi",
              "PRW": "Perawat bersertifikat BTCLS satu-satunya di IGD"}
_TASK_TYPES = {"kelurahan", "kecamatan", "puskesmas", "rsud", "disdukcapil", "dpmptsp", "mpp",
               "upt"}


def _nip(rng, position: str, taken: set[str], retired: bool = False
         ) -> tuple[str, date, date, str]:
    """Draw a consistent NIP: birth date, TMT CPNS after age 22, gender digit, serial."""
    gender = "P" if position == "BDN" or (position == "PRW" and rng.random() < 0.7) \
        else rng.choice("LP")
    first, span = (date(1964, 1, 1), 4) if retired else (date(1968, 1, 1), 30)
    birth = first + timedelta(days=rng.randrange(span * 365))
    year = min(2024, birth.year + rng.randint(22, 33))
    appointed = date(year, rng.choice((1, 2, 3, 4, 12)), 1)
    while True:
        nip = (f"{birth:%Y%m%d}{appointed:%Y%m}{'1' if gender == 'L' else '2'}"
               f"{rng.randint(1, 999):03d}")
        if nip not in taken:
            taken.add(nip)
            return nip, birth, appointed, gender


def _person(rng, unit_id: int, position: str, position_id: int, taken: set[str],
            status: str = "aktif") -> dict:
    """Return one staff row for a bulk insert."""
    nip, birth, appointed, gender = _nip(rng, position, taken, status == "pensiun")
    years = rng.choices((1, 3.5, 7, 12), weights=(35, 40, 19, 6))[0] * rng.uniform(0.3, 1.4)
    post_since = max(appointed, REFERENCE - timedelta(days=int(years * 365)))
    pre, post = TITLES.get(position, ("", ""))
    name = f"{pre}{rng.choice(FIRST[gender])} {rng.choice(LAST[gender])}{post}"
    skills = rng.sample(SKILLS.get(position, ["Pelayanan prima"]),
                        k=min(2, len(SKILLS.get(position, ["x"]))))
    certificates = (["STR", "SIP"] if position in PROTECTION and position != "PRAKOM" else []) \
        + ([f"Sertifikat {skills[0]}"] if rng.random() < 0.4 else [])
    return {"nip": nip, "name": name, "unit_id": unit_id, "position_id": position_id,
            "post_since": post_since, "birth_date": birth, "appointed_on": appointed,
            "gender": gender, "skills": skills, "certificates": certificates,
            "is_protected": False, "protected_reason": None, "status": status}


def _existing(rng, need: float, position: str, lean: float, quality: float) -> int:
    """Draw how many hold the post: around the need, wider and off-centre for poor units."""
    if position == "KASI":
        return 1  # a structural post has exactly one holder
    spread = 0.1 + 0.2 * max(0.0, 0.6 - quality)
    factor = math.exp(rng.gauss(lean, spread))
    return max(0, round(need * factor + rng.uniform(-0.3, 0.3)))


def _volume(rng, volume: float, size: float) -> float:
    """Scale a task's yearly volume to the unit, rounded as registers report it."""
    value = volume * size * rng.uniform(0.85, 1.15)
    return float(round(value, -1) if value >= 200 else max(1, round(value)))


def _unit_rows(rng, unit, quality: float, positions: dict, taken: set[str]
               ) -> tuple[list[dict], list[dict]]:
    """Return the task rows and staff rows of one unit (built in memory, inserted in bulk)."""
    kind = unit.unit_type
    size = SIZE.get(unit.code, rng.uniform(0.7, 1.4) * TYPE_SIZE.get(kind, 1.0))
    # A poor unit leans one way: short of staff or carrying a surplus.
    lean = BIAS.get(kind, 0.0) + rng.choice((-1, 1)) * 0.25 * min(1.6, max(0.0, -quality))
    tasks, staff, need = [], [], {}
    for code, description, output, volume, norm in TASKS[kind]:
        value = _volume(rng, volume, size)
        tasks.append({"unit_id": unit.id, "position_id": positions[code].id,
                      "description": description, "output_unit": output,
                      "volume_per_year": value, "norm_minutes": float(norm),
                      "source": rng.choice(SOURCES)})
        need[code] = need.get(code, 0.0) + value * norm / 75_000
    for code, needed in need.items():
        for _ in range(_existing(rng, needed, code, lean, quality)):
            status = "cuti" if rng.random() < 0.04 else "aktif"
            staff.append(_person(rng, unit.id, code, positions[code].id, taken, status))
        if rng.random() < 0.06:  # moved out or retired: on the roster, not counted
            status = rng.choice(("mutasi", "pensiun"))
            staff.append(_person(rng, unit.id, code, positions[code].id, taken, status))
    if kind in ("kelurahan", "upt") and rng.random() < 0.3:  # a post with no workload at all
        staff.append(_person(rng, unit.id, "AK", positions["AK"].id, taken))
    return tasks, staff


def _protect(rng, staff: list[dict], codes: dict[int, str]) -> None:
    """Protect a few certified staff from rotation, at most one per unit and position."""
    seen = set()
    for row in staff:
        code, key = codes[row["position_id"]], (row["unit_id"], row["position_id"])
        if code in PROTECTION and key not in seen and row["status"] == "aktif" \
                and rng.random() < 0.12:
            seen.add(key)
            row.update(is_protected=True, protected_reason=PROTECTION[code],
                       certificates=[*row["certificates"], f"Sertifikat {row['skills'][0]}"])


def _wisn(rng, units, positions: dict, tasks: list[dict]) -> list[WisnInput]:
    """Return WISN inputs for doctors, nurses and midwives of every puskesmas and RSUD."""
    by_key: dict[tuple[int, int], list[dict]] = {}
    for t in tasks:
        by_key.setdefault((t["unit_id"], t["position_id"]), []).append(t)
    inputs = []
    for unit in units:
        if unit.unit_type not in ("puskesmas", "rsud"):
            continue
        for code in ("DOK", "PRW", "BDN"):
            rows = by_key.get((unit.id, positions[code].id), [])
            individual = [{"name": "Koordinator program atau kepala ruang", "hours": 240.0,
                           "staff": 1.0}]
            if unit.unit_type == "puskesmas":
                individual.append({"name": "Pengelola program UKM", "hours": 120.0,
                                   "staff": 2.0})
            inputs.append(WisnInput(
                unit_id=unit.id, position_id=positions[code].id, working_days=260,
                public_holidays=rng.choice((16, 17)), annual_leave=12, sick_leave=6,
                other_leave=5, hours_per_day=7.5, individual=individual,
                activities=[{"name": t["description"], "workload": t["volume_per_year"],
                             "unit_minutes": t["norm_minutes"]} for t in rows],
                support=[{"name": "Rapat, pencatatan dan pelaporan",
                          "percent": float(rng.choice((8, 10, 12))), "hours": 0.0},
                         {"name": "Pertemuan dan pelatihan rutin", "percent": 0.0,
                          "hours": 40.0}]))
    return inputs


def seed(ctx) -> None:
    """Add positions, ABK tasks, ~800 staff and WISN inputs; compute staffing indicators.

    Indicators are written for open periods only: store_computed refuses locked ones, and a
    closed period's staffing cannot be rebuilt from today's roster anyway.
    """
    positions = {code: Position(code=code, name=name, kind=kind,
                                is_health_cadre=category is not None, wisn_category=category)
                 for code, name, kind, category in POSITIONS}
    db.session.add_all(positions.values())
    db.session.flush()
    tasks, staff, taken = [], [], set()
    for unit in ctx.units:
        if unit.unit_type in _TASK_TYPES:
            unit_tasks, unit_staff = _unit_rows(ctx.rng, unit, ctx.quality[unit.id], positions,
                                                taken)
            tasks += unit_tasks
            staff += unit_staff
    _protect(ctx.rng, staff, {p.id: code for code, p in positions.items()})
    db.session.execute(insert(WorkloadTask), tasks)
    db.session.execute(insert(Staff), staff)
    db.session.add_all(_wisn(ctx.rng, ctx.units, positions, tasks))
    db.session.flush()
    refresh_staffing()
