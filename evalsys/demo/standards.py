"""Demo records for the standards feature: standards in every stage, maklumat and SOPs.

Better units (ctx.quality) have more complete, adopted, published and recently evaluated
standards; weaker ones leave gaps: no standard, drafts, incomplete components, adoption without
consultation, late drafts or maklumat, short comment windows, overdue evaluations. Dates lie
before the end of the last demo period (2025-12-31), so the coverage of each open period is
computed as of its end; locked periods keep no coverage values (store_computed refuses them).
"""

from datetime import date, timedelta

from sqlalchemy import insert, select

from models import Indicator, ServiceType, db
from models.standard import (
    COMPONENT_CODES,
    MAKLUMAT_TEXT,
    Maklumat,
    ServiceStandard,
    Sop,
    SopServiceType,
    SopStep,
    StandardComponent,
)
from scoring.calendar import add_working_days, working_calendar

from ..standards.coverage import compute_coverage, ensure_indicators

END = date(2025, 12, 31)
CALENDAR = working_calendar(range(2019, 2027))
HEALTH = ("puskesmas", "rsud")
HEADS = ("dr. Ratna Wulandari", "Drs. Bambang Setiadi, M.Si.", "Hj. Siti Aminah, S.Sos.",
         "Agus Prasetyo, S.STP., M.AP.", "dr. Hendra Gunawan, M.Kes.", "Dewi Lestari, S.E.",
         "Ir. Yohanes Sitompul", "Nur Hidayati, S.Kep., Ns.", "Made Suarjana, S.H.",
         "Rahmat Hidayat, S.IP.")
TEXTS = {
    "dasar_hukum": "1. UU 25/2009 tentang Pelayanan Publik\n2. PP 96/2012 tentang Pelaksanaan "
                   "UU 25/2009\n3. PermenPANRB 15/2014 tentang Pedoman Standar Pelayanan",
    "persyaratan": "1. Formulir permohonan\n2. Fotokopi KTP-el\n3. Fotokopi Kartu Keluarga",
    "prosedur": "1. Pemohon mengambil nomor antrean\n2. Petugas memeriksa kelengkapan berkas\n"
                "3. Berkas diverifikasi dan diproses\n4. Produk layanan diserahkan",
    "waktu": "3 (tiga) hari kerja sejak berkas dinyatakan lengkap",
    "biaya": "Tidak dipungut biaya",
    "produk": "{service}",
    "sarana": "Ruang tunggu, loket pelayanan, toilet, kursi roda, ruang laktasi, area parkir",
    "kompetensi": "Pendidikan minimal SMA/sederajat; memahami standar pelayanan; mampu "
                  "mengoperasikan komputer",
    "pengawasan": "Atasan langsung secara berjenjang dan Inspektorat Kabupaten Contoh",
    "pengaduan": "SP4N-LAPOR! (www.lapor.go.id, SMS 1708), kotak saran, WhatsApp pengaduan "
                 "0812-3456-7890, langsung kepada petugas pengaduan",
    "jumlah_pelaksana": "4 (empat) orang",
    "jaminan_pelayanan": "Pelayanan diberikan sesuai standar pelayanan yang telah ditetapkan",
    "jaminan_keamanan": "Kerahasiaan data pemohon dijamin; pelayanan bebas pungutan liar",
    "evaluasi_kinerja": "Evaluasi kinerja pelaksana setiap 6 bulan melalui SKM dan rapat evaluasi",
}
HEALTH_TEXTS = {
    "dasar_hukum": "1. UU 17/2023 tentang Kesehatan\n2. Permenkes 43/2019 tentang Puskesmas\n"
                   "3. PermenPANRB 15/2014 tentang Pedoman Standar Pelayanan",
    "persyaratan": "1. KTP-el atau Kartu Keluarga\n2. Kartu JKN-KIS (peserta BPJS Kesehatan)\n"
                   "3. Surat rujukan (bila ada)",
    "waktu": "Pendaftaran 5 menit; pemeriksaan 15–30 menit",
    "biaya": "Peserta JKN tidak dipungut biaya; umum sesuai Perda Kabupaten Contoh 5/2023",
    "produk": "Layanan {service} dan resep/obat",
}
# activity, actor, is a decision, "Tidak" goes back by, kelengkapan, waktu, output
ADMIN_STEPS = (
    ("Mengajukan permohonan dan menyerahkan berkas persyaratan", "Pemohon", False, 0,
     "Formulir dan berkas persyaratan", "5 menit", "Berkas permohonan"),
    ("Menerima dan memeriksa kelengkapan berkas", "Petugas loket", True, 1,
     "Daftar periksa persyaratan", "10 menit", "Berkas lengkap"),
    ("Mencatat permohonan dalam register", "Petugas loket", False, 0, "Aplikasi/buku register",
     "5 menit", "Nomor register"),
    ("Memverifikasi data dan menyiapkan konsep dokumen", "Operator", False, 0,
     "Aplikasi layanan", "30 menit", "Konsep dokumen"),
    ("Memeriksa dan memaraf konsep", "Kepala Seksi", True, 1, "Konsep dokumen", "15 menit",
     "Konsep diparaf"),
    ("Menandatangani dokumen", "Kepala Unit", False, 0, "Konsep diparaf", "1 hari kerja",
     "Dokumen sah"),
    ("Menyerahkan dokumen dan meminta pengisian SKM", "Petugas loket", False, 0, "Tanda terima",
     "5 menit", "Dokumen diserahkan"),
    ("Menerima dokumen", "Pemohon", False, 0, "–", "–", "Dokumen diterima"),
)
HEALTH_STEPS = (
    ("Mengambil nomor antrean dan mendaftar", "Pasien", False, 0, "KTP-el/kartu JKN",
     "5 menit", "Nomor antrean"),
    ("Memeriksa kepesertaan dan rekam medis", "Petugas pendaftaran", True, 1,
     "Kartu JKN, rekam medis", "5 menit", "Data pasien terverifikasi"),
    ("Mengukur tanda vital dan anamnesis", "Perawat", False, 0, "Tensimeter, termometer",
     "10 menit", "Catatan tanda vital"),
    ("Memeriksa dan menegakkan diagnosis", "Dokter", False, 0, "Rekam medis", "15 menit",
     "Diagnosis dan resep"),
    ("Menyiapkan obat dan memberi informasi", "Apoteker", False, 0, "Resep", "15 menit",
     "Obat diserahkan"),
    ("Menerima obat dan mengisi survei kepuasan", "Pasien", False, 0, "Formulir SKM",
     "5 menit", "Layanan selesai"),
)


def component_text(code: str, service: str, unit_type: str) -> str:
    """Return a plausible component text for a service of a unit type."""
    texts = HEALTH_TEXTS if unit_type in HEALTH else {}
    return texts.get(code, TEXTS[code]).replace("{service}", service)


def sop_steps(rng, unit_type: str) -> list[dict]:
    """Draw 4–8 procedure rows (first and last always kept, order preserved)."""
    pool = HEALTH_STEPS if unit_type in HEALTH else ADMIN_STEPS
    middle = sorted(rng.sample(range(1, len(pool) - 1), min(len(pool) - 2, rng.randint(2, 6))))
    chosen = [0, *middle, len(pool) - 1]
    steps = []
    for number, index in enumerate(chosen, start=1):
        activity, actor, decision, back, kelengkapan, waktu, output = pool[index]
        decision = decision and number > 1
        steps.append({"activity": activity, "actor": actor, "is_decision": decision,
                      "no_goto": max(1, number - back) if decision else None,
                      "requirements": kelengkapan, "duration": waktu, "output": output})
    return steps


def _wd(day: date, n: int) -> date:
    return add_working_days(day, n, CALENDAR)


def _p(base: float, quality: float, slope: float) -> float:
    """Return a probability that rises with quality, kept in 3–97 %."""
    return min(0.97, max(0.03, base + slope * quality))


def _stage(ctx, q: float) -> str | None:
    """Draw a service's stage (None: no standard at all)."""
    if ctx.rng.random() > _p(0.8, q, 0.12):
        return None
    roll = ctx.rng.random() + 0.18 * q
    return ("draft" if roll < 0.15 else "consulted" if roll < 0.27
            else "adopted" if roll < 0.5 else "published")


def _dates(ctx, q: float, stage: str) -> dict:
    """Draw the stage dates of one standard, with some PP 96/2012 limits missed."""
    rng, d = ctx.rng, {}
    if stage == "draft":
        return d
    adopted = END - timedelta(days=rng.randint(40, 1500 - int(250 * max(q, 0))))
    consulted = (END - timedelta(days=rng.randint(10, 80)) if stage == "consulted"
                 else adopted - timedelta(days=rng.randint(30, 70)))
    if stage == "consulted" or rng.random() < _p(0.85, q, 0.08):
        d["consulted_on"] = _wd(consulted, 0)
        d["consultation_ref"] = f"BA/{rng.randint(10, 99)}/{consulted.year}"
        d["consultation_participants"] = ("Perwakilan pengguna layanan, tokoh masyarakat, "
                                          "akademisi, LSM pemerhati pelayanan publik")
        if stage != "consulted" or rng.random() < 0.6:
            d["draft_published_on"] = _wd(d["consulted_on"], rng.choice((2, 3, 4, 5, 5, 7, 9)))
            d["comments_closed_on"] = _wd(d["draft_published_on"], rng.choice((7, 7, 8, 5)))
    if stage in ("adopted", "published"):
        d["adopted_on"] = _wd(adopted, 0)
        d["sk_number"] = f"{rng.randint(100, 899)}/SK/{adopted.year}"
        if stage == "published":
            d["published_on"] = min(END, d["adopted_on"] + timedelta(days=rng.randint(2, 40)))
            d["channels"] = ["sippn", "papan_informasi"] + rng.sample(
                ["website", "media_sosial", "brosur", "aplikasi"], rng.randint(0, 3))
        if rng.random() < _p(0.55, q, 0.25):
            d["last_evaluated_on"] = END - timedelta(days=rng.randint(20, 420))
        if rng.random() < _p(0.35, q, 0.2):
            d["last_reviewed_on"] = END - timedelta(days=rng.randint(60, 1300))
        for key in ("last_evaluated_on", "last_reviewed_on"):
            if key in d and d[key] < d["adopted_on"]:
                d[key] = min(END, d["adopted_on"] + timedelta(days=rng.randint(30, 200)))
    return d


def _done(ctx, q: float, stage: str) -> set[str]:
    """Draw which components are done: drafts are partial, most adopted ones complete."""
    if stage == "draft":
        return set(ctx.rng.sample(COMPONENT_CODES, ctx.rng.randint(3, 12)))
    if ctx.rng.random() < _p(0.8, q, 0.1):
        return set(COMPONENT_CODES)
    return set(ctx.rng.sample(COMPONENT_CODES, ctx.rng.randint(10, 13)))


def _seed_standards(ctx, services: dict[int, list[ServiceType]]) -> dict[int, date]:
    """Add standards and components; return each unit's first adoption date."""
    adopted: dict[int, date] = {}
    made: list[tuple[ServiceStandard, set[str], ServiceType]] = []
    for unit in ctx.units:
        q = ctx.quality[unit.id]
        for service in services.get(unit.id, []):
            stage = _stage(ctx, q)
            if stage is None:
                continue
            standard = ServiceStandard(service_type_id=service.id, status=stage,
                                       **_dates(ctx, q, stage))
            made.append((standard, _done(ctx, q, stage), service))
            if standard.adopted_on:
                adopted[unit.id] = min(adopted.get(unit.id, END), standard.adopted_on)
    db.session.add_all([m[0] for m in made])
    db.session.flush()
    rows = [{"standard_id": standard.id, "code": code, "is_done": code in done,
             "text": component_text(code, service.name, unit_type)
             if code in done or ctx.rng.random() < 0.3 else None}
            for standard, done, service in made
            for unit_type in [service.unit.unit_type] for code in COMPONENT_CODES]
    db.session.execute(insert(StandardComponent), rows)
    return adopted


def _seed_maklumat(ctx, adopted: dict[int, date]) -> None:
    """Give most units a maklumat, some published later than 7 working days."""
    for unit in ctx.units:
        q = ctx.quality[unit.id]
        if ctx.rng.random() > _p(0.8, q, 0.12):
            continue
        first = adopted.get(unit.id, END - timedelta(days=ctx.rng.randint(100, 700)))
        signed = _wd(first, ctx.rng.choice((0, 1, 2, 3, 5, 6, 9, 14)))
        published = None if ctx.rng.random() < 0.12 else min(END, signed + timedelta(
            days=ctx.rng.randint(0, 6)))
        db.session.add(Maklumat(
            unit_id=unit.id, text=MAKLUMAT_TEXT, signatory_name=ctx.rng.choice(HEADS),
            signatory_position=f"Kepala {unit.name}", signed_on=min(END, signed),
            published_on=published, channels=["papan_informasi", "website"] if published else []))


def _seed_sops(ctx, services: dict[int, list[ServiceType]]) -> None:
    """Add SOPs with 4–8 steps for a quality-driven subset of services."""
    for unit in ctx.units:
        q = ctx.quality[unit.id]
        for number, service in enumerate(services.get(unit.id, []), start=1):
            if ctx.rng.random() > _p(0.45, q, 0.2):
                continue
            approved = None if ctx.rng.random() < 0.12 else END - timedelta(
                days=ctx.rng.randint(30, 1200))
            sop = Sop(unit_id=unit.id, number=f"SOP/{unit.code}/{number:02d}",
                      title=f"Pelayanan {service.name}", kind="ap", approved_on=approved,
                      effective_on=approved, approved_by=f"Kepala {unit.name}",
                      legal_basis="UU 25/2009; PP 96/2012; PermenPANRB 35/2012",
                      qualifications="Memahami standar pelayanan; mampu mengoperasikan komputer",
                      equipment="Komputer, printer, aplikasi layanan, buku register",
                      warning="Bila tidak dilaksanakan, pelayanan tertunda dan pengguna dirugikan",
                      records="Register layanan dan arsip digital")
            sop.steps = [SopStep(position=i, **step) for i, step in enumerate(
                sop_steps(ctx.rng, unit.unit_type), start=1)]
            sop.links = [SopServiceType(service_type_id=service.id)]
            db.session.add(sop)


def seed(ctx) -> None:
    """Add this feature's demo records, then compute coverage for the open periods."""
    services: dict[int, list[ServiceType]] = {}
    for service in db.session.scalars(select(ServiceType).order_by(ServiceType.id)):
        services.setdefault(service.unit_id, []).append(service)
    adopted = _seed_standards(ctx, services)
    _seed_maklumat(ctx, adopted)
    _seed_sops(ctx, services)
    db.session.flush()
    ensure_indicators()
    for period in ctx.periods:
        if not period.is_locked:
            compute_coverage(period, on=period.end_date)
    ctx.indicators.update({i.code: i for i in db.session.scalars(
        select(Indicator).where(Indicator.source == "computed"))
        if i.code not in ctx.indicators})
