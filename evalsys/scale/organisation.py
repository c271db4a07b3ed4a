"""The organisation at scale: one pemda, kecamatan and sector OPDs, N service units.

Shares of unit types follow a province's mix (villages and kelurahan dominate, then schools
and other UPTs, puskesmas, kecamatan offices, a few hospitals and licensing offices). Every
kecamatan is an OPD holding its office and its villages; sector units are spread over
"wilayah" (kabupaten-sized areas of about 15 kecamatan), each with its own sector OPDs.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from models import ServiceType, Unit

from ..demo.organisation import SERVICES
from .bulk import BulkWriter, allocate

# (unit type, share of service units)
TYPE_SHARES = (("desa", 0.36), ("kelurahan", 0.12), ("kecamatan", 0.07), ("puskesmas", 0.12),
               ("rsud", 0.01), ("disdukcapil", 0.02), ("dpmptsp", 0.01), ("mpp", 0.005),
               ("samsat", 0.005), ("upt", 0.28))
# Sector OPDs of each wilayah: code, name, OPD type, the unit types it holds.
SECTORS = (("DINKES", "Dinas Kesehatan", "dinas", ("puskesmas", "rsud")),
           ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "disdukcapil",
            ("disdukcapil",)),
           ("DPMPTSP", "Dinas Penanaman Modal dan PTSP", "dpmptsp", ("dpmptsp", "mpp")),
           ("BAPENDA", "Badan Pendapatan Daerah", "badan", ("samsat",)),
           ("DISDIK", "Dinas Pendidikan", "dinas", ("upt",)))
SAMSAT_SERVICES = ["Pengesahan STNK tahunan", "Pembayaran PKB", "Balik nama kendaraan"]
UPT_NAMES = ("UPT SD Negeri", "UPT SD Negeri", "UPT SMP Negeri", "UPT Perpustakaan",
             "UPT Laboratorium Lingkungan", "UPT Pengujian Kendaraan Bermotor")
PREFIXES = ("Suka", "Sumber", "Mekar", "Karang", "Tanjung", "Wono", "Ci", "Pasir", "Kedung",
            "Tegal", "Sindang", "Gunung", "Banjar", "Jati", "Lebak", "Mulya", "Harja", "Tirta",
            "Bumi", "Sido")
SUFFIXES = ("maju", "rejo", "sari", "jaya", "asri", "mulya", "harjo", "wangi", "laya", "makmur",
            "agung", "indah", "baru", "luhur", "rahayu", "mukti", "raharja", "kencana")
TIMEZONES = (("WIB", 0.7), ("WITA", 0.2), ("WIT", 0.1))


@dataclass
class Organisation:
    """Service units as parallel arrays (row i = one unit) plus their services."""

    ids: np.ndarray
    types: np.ndarray
    quality: np.ndarray
    timezones: np.ndarray
    service_start: np.ndarray  # first service_type id of each unit
    service_count: np.ndarray


def place_name(i: int) -> str:
    """Return a deterministic Indonesian-sounding place name for number i."""
    base = PREFIXES[i % len(PREFIXES)] + SUFFIXES[(i // len(PREFIXES)) % len(SUFFIXES)]
    round_ = i // (len(PREFIXES) * len(SUFFIXES))
    return base if round_ == 0 else f"{base} {round_ + 1}"


def type_counts(n_units: int) -> dict[str, int]:
    """Return how many service units of each type make up n_units (at least one kecamatan)."""
    counts = allocate(np.array([s for _, s in TYPE_SHARES]), n_units)
    found = dict(zip([t for t, _ in TYPE_SHARES], counts.tolist(), strict=True))
    if found["kecamatan"] == 0 and n_units > 0:
        found["kecamatan"], found["desa"] = 1, found["desa"] - 1
    return found


def _unit(uid, code, name, level, kind, parent, tz) -> dict:
    return {"id": uid, "code": code, "name": name, "level": level, "unit_type": kind,
            "parent_id": parent, "timezone": tz, "is_active": True}


def _kecamatan_rows(rng, counts: dict, first_id: int, root: int, wilayah_tz) -> list[dict]:
    """Kecamatan OPDs with their office and villages (kelurahan and desa) under them."""
    n_kec = counts["kecamatan"]
    villages = ["kelurahan"] * counts["kelurahan"] + ["desa"] * counts["desa"]
    rng.shuffle(villages)
    rows, uid = [], first_id
    opd_ids = list(range(uid, uid + n_kec))
    uid += n_kec
    for k, opd in enumerate(opd_ids):
        tz, name = wilayah_tz[k // 15], place_name(k)
        rows.append(_unit(opd, f"KEC-{k + 1:05d}", f"Kecamatan {name}", "opd", "kecamatan",
                          root, tz))
        rows.append(_unit(uid, f"KEC-{k + 1:05d}-KANTOR", f"Kantor Kecamatan {name}", "unit",
                          "kecamatan", opd, tz))
        uid += 1
    for v, kind in enumerate(villages):
        k = v % n_kec
        rows.append(_unit(uid, f"{kind[:3].upper()}-{v + 1:06d}",
                          f"{kind.title()} {place_name(n_kec + v)}", "unit", kind,
                          opd_ids[k], wilayah_tz[k // 15]))
        uid += 1
    return rows


def _sector_rows(rng, counts: dict, first_id: int, root: int, wilayah_tz) -> list[dict]:
    """Sector OPDs per wilayah and their units, spread round-robin over the wilayah."""
    rows, uid, n_w = [], first_id, len(wilayah_tz)
    for code, name, kind, held in SECTORS:
        opd_ids = list(range(uid, uid + n_w))
        uid += n_w
        rows += [_unit(o, f"{code}-W{w + 1:03d}", f"{name} Wilayah {w + 1}", "opd", kind, root,
                       wilayah_tz[w]) for w, o in enumerate(opd_ids)]
        for utype in held:
            for i in range(counts[utype]):
                w = i % n_w
                label = (f"{UPT_NAMES[i % len(UPT_NAMES)]} {i // len(UPT_NAMES) + 1}"
                         if utype == "upt" else f"{utype.upper()} {place_name(i)}")
                rows.append(_unit(uid, f"{utype[:3].upper()}-{i + 1:06d}", label, "unit", utype,
                                  opd_ids[w], wilayah_tz[w]))
                uid += 1
    return rows


def build(writer: BulkWriter, rng: np.random.Generator, n_units: int) -> Organisation:
    """Write the pemda, OPDs, service units and their service types."""
    counts = type_counts(n_units)
    root = writer.next_id(Unit.__table__)
    n_wilayah = max(1, -(-counts["kecamatan"] // 15))
    tz = [str(t) for t in rng.choice([t for t, _ in TIMEZONES], size=n_wilayah,
                                      p=[s for _, s in TIMEZONES])]
    rows = [_unit(root, "PROV-SKALA", "Pemerintah Provinsi Skala", "pemda", "pemda", None,
                  "WIB")]
    rows += _kecamatan_rows(rng, counts, root + 1, root, tz)
    rows += _sector_rows(rng, counts, root + len(rows), root, tz)
    units = pd.DataFrame(rows)
    writer.write(Unit.__table__, units)
    service = units[units["level"] == "unit"].reset_index(drop=True)
    return _services(writer, rng, service)


def _services(writer: BulkWriter, rng, service: pd.DataFrame) -> Organisation:
    """Write the service types of every service unit (SERVICES of the demo, by type)."""
    lists = [SAMSAT_SERVICES if t == "samsat" else SERVICES.get(t, SERVICES["upt"])
             for t in service["unit_type"]]
    count = np.array([len(s) for s in lists], dtype=np.int64)
    first = writer.next_id(ServiceType.__table__)
    start = first + np.concatenate([[0], np.cumsum(count)[:-1]])
    writer.write(ServiceType.__table__, pd.DataFrame({
        "id": np.arange(first, first + count.sum()),
        "unit_id": np.repeat(service["id"].to_numpy(), count),
        "code": [f"L{i + 1:02d}" for s in lists for i in range(len(s))],
        "name": [name for s in lists for name in s], "is_active": True}))
    return Organisation(ids=service["id"].to_numpy(), types=service["unit_type"].to_numpy(),
                        quality=rng.normal(0, 1, len(service)),
                        timezones=service["timezone"].to_numpy(), service_start=start,
                        service_count=count)
