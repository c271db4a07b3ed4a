"""The default proposal rules as data, each with its legal basis, and their versions.

Legal-basis texts paraphrase ../shared/docs/METHODOLOGY.md and keep its article numbers and
certainty marks ([P] primary text read, [R] reliable reproduction, [S] single secondary source,
[U] unverified). A rule's parameters are read by ``scoring.proposals``; an admin edits them,
and every edit is stored as a new version (the old one stays, inactive, for the record).
"""

from __future__ import annotations

import copy
from typing import Any

from sqlalchemy import func, select

from models import User, db
from models.proposal import ProposalRule
from scoring.proposals import BREACHES

from ..errors import InvalidValue

_WARNING_FIRST = (" Teguran tertulis kepada kepala unit diusulkan sebagai langkah pertama; "
                  "teguran tertulis adalah hukuman disiplin ringan menurut PP 94/2021 Pasal 8 "
                  "[P] (METHODOLOGY §7.2), dan sanksi bagi penyelenggara dijatuhkan oleh "
                  "atasan yang bertanggung jawab atas pelayanan (UU 25/2009 Pasal 57) [P].")
_COMMON = {"min_coverage": 0.8}

DEFAULT_RULES: tuple[dict[str, Any], ...] = (
    {"code": "reward_top_group", "kind": "reward",
     "name": "Penghargaan: unit terbaik dalam kelompok sejenis",
     "legal_basis": (
         "Penghargaan Unit Penyelenggara Pelayanan Publik Kategori Pelayanan Prima bagi "
         "predikat A menurut praktik KemenPANRB (METHODOLOGY §2.6) [R]; peran serta masyarakat "
         "dalam pemberian penghargaan melalui pemantauan, evaluasi dan pemeringkatan, PP 96/2012 "
         "Pasal 41 huruf d dan Pasal 44 [P] (§7.3). Syarat mutu pelayanan A pada IKM menurut "
         "PermenPANRB 14/2017 (§1.5) [R]."),
     "params": {**_COMMON, "top_share": 0.10, "top_count": 3, "min_group_size": 4,
                "ikm_grades": ["A"], "min_sla_pct": 90.0}},
    {"code": "coaching_low_performance", "kind": "coaching",
     "name": "Pembinaan: kuartil terbawah, mutu IKM C/D, atau SLA pengaduan rendah",
     "legal_basis": (
         "Tidak ditemukan ketentuan nasional yang menjatuhkan sanksi atas nilai evaluasi yang "
         "rendah; unit bernilai rendah menerima pembinaan berupa rekomendasi perbaikan dan "
         "pendampingan yang wajib ditindaklanjuti (METHODOLOGY §2.6) [S]. Hasil SKM wajib "
         "ditindaklanjuti dengan rencana tindak lanjut (§1.7) [R]; mutu pelayanan C dan D "
         "menurut PermenPANRB 14/2017 (§1.5) [R]."),
     "params": {**_COMMON, "bottom_share": 0.25, "min_group_size": 4,
                "ikm_grades": ["C", "D"], "min_sla_pct": 70.0}},
    {"code": "warning_service_standard", "kind": "warning",
     "name": "Teguran tertulis: standar pelayanan belum ditetapkan",
     "legal_basis": (
         "UU 25/2009 Pasal 20 ayat (1): penyelenggara wajib menyusun dan menetapkan standar "
         "pelayanan; pelanggarannya diancam pemberhentian dengan hormat tidak atas permintaan "
         "sendiri (Pasal 54 ayat (8)) [P] (METHODOLOGY §7.1). PP 96/2012 Pasal 49: sanksi atas "
         "tahapan penyusunan, dan pemberhentian dengan hormat bila standar tidak ditetapkan sama "
         "sekali (Pasal 22 ayat (1)) [P] (§4.2)." + _WARNING_FIRST),
     "params": {**_COMMON, "breach": "no_service_standard", "min_share": 1.0}},
    {"code": "warning_maklumat", "kind": "warning",
     "name": "Teguran tertulis: maklumat pelayanan belum ada",
     "legal_basis": (
         "UU 25/2009 Pasal 22: penyelenggara wajib menyusun dan menetapkan maklumat pelayanan; "
         "pelanggarannya diancam pembebasan dari jabatan (Pasal 54 ayat (7)) [P] (METHODOLOGY "
         "§7.1). PP 96/2012 Pasal 30: maklumat wajib dan dipublikasikan paling lambat 7 hari "
         "kerja setelah standar ditetapkan; Pasal 49: pembebasan dari jabatan karena melanggar "
         "Pasal 30 ayat (1) [P] (§4.2)." + _WARNING_FIRST),
     "params": {**_COMMON, "breach": "no_maklumat"}},
    {"code": "warning_complaint_response", "kind": "warning",
     "name": "Teguran tertulis: pengaduan tidak ditanggapi dalam 14 hari",
     "legal_basis": (
         "UU 25/2009 Pasal 44 ayat (3): penyelenggara wajib menanggapi pengaduan paling lambat "
         "14 hari sejak pengaduan diterima, dihitung dalam hari kalender [P] (METHODOLOGY §3.1); "
         "pelanggarannya diancam penurunan gaji sebesar satu kali kenaikan gaji berkala untuk "
         "paling lama 1 tahun (Pasal 54 ayat (5)) [P] (§7.1)." + _WARNING_FIRST),
     "params": {**_COMMON, "breach": "complaint_overdue", "min_count": 1}},
    {"code": "warning_complaint_channel", "kind": "warning",
     "name": "Teguran tertulis: sarana pengaduan belum tersedia",
     "legal_basis": (
         "UU 25/2009 Pasal 36 ayat (1) dan (4): penyelenggara wajib menyediakan sarana pengaduan "
         "serta mengumumkan nama dan alamat penanggung jawab pengaduan; pelanggarannya dikenai "
         "teguran tertulis, lalu pembebasan dari jabatan bila tidak diperbaiki dalam 3 bulan "
         "(Pasal 54 ayat (4)) [P] (METHODOLOGY §3.1, §7.1)." + _WARNING_FIRST),
     "params": {**_COMMON, "breach": "no_complaint_channel"}},
    {"code": "escalation_pasal54", "kind": "escalation",
     "name": "Eskalasi sanksi UU 25/2009 Pasal 54 bila pelanggaran berlanjut",
     "legal_basis": (
         "UU 25/2009 Pasal 54 [P] (METHODOLOGY §7.1): teguran tertulis, lalu pembebasan dari "
         "jabatan bila tidak diperbaiki dalam 3 bulan (ayat (2) dan (4)); penurunan gaji "
         "(ayat (5)); pembebasan dari jabatan (ayat (7)); pemberhentian dengan hormat tidak atas "
         "permintaan sendiri (ayat (8)); dijatuhkan oleh atasan penyelenggara (Pasal 57) [P]. "
         "Untuk ayat (5), (7) dan (8) undang-undang tidak menyebut jeda perbaikan; jeda 3 bulan "
         "setelah teguran adalah kebijakan yang dapat diubah [U]."),
     "params": {**_COMMON, "steps": {
         "no_complaint_channel": [
             {"code": "teguran_tertulis", "after_months": 0, "article": "Pasal 54 ayat (4)"},
             {"code": "pembebasan_dari_jabatan", "after_months": 3,
              "article": "Pasal 54 ayat (4)"}],
         "complaint_overdue": [
             {"code": "teguran_tertulis", "after_months": 0, "article": "Pasal 54 ayat (5)"},
             {"code": "penurunan_gaji", "after_months": 3, "article": "Pasal 54 ayat (5)"}],
         "no_maklumat": [
             {"code": "teguran_tertulis", "after_months": 0, "article": "Pasal 54 ayat (7)"},
             {"code": "pembebasan_dari_jabatan", "after_months": 3,
              "article": "Pasal 54 ayat (7)"}],
         "no_service_standard": [
             {"code": "teguran_tertulis", "after_months": 0, "article": "Pasal 54 ayat (8)"},
             {"code": "pemberhentian_dengan_hormat", "after_months": 3,
              "article": "Pasal 54 ayat (8)"}]},
         "default_steps": [
             {"code": "teguran_tertulis", "after_months": 0, "article": "Pasal 54 ayat (2)"},
             {"code": "pembebasan_dari_jabatan", "after_months": 3,
              "article": "Pasal 54 ayat (2)"}]}},
    {"code": "reassignment_workload", "kind": "reassignment",
     "name": "Mutasi pegawai dari unit yang kelebihan ke unit yang kekurangan (ABK)",
     "legal_basis": (
         "Kebutuhan pegawai per jabatan dihitung dengan Analisis Beban Kerja menurut PermenPANRB "
         "1/2020 (METHODOLOGY §6.1). Rotasi PNS lazim dikutip paling cepat 2 tahun dan paling "
         "lama 5 tahun pada jabatan yang sama (PP 11/2017 jo. PP 17/2020; §7.4) [U] — belum "
         "terverifikasi, karena itu masa minimal di jabatan adalah parameter kebijakan. Pegawai "
         "bersertifikat atau berkeahlian langka yang dilindungi tidak diusulkan untuk mutasi."),
     "params": {"min_months_in_post": 24, "max_moves": 50, "cross_opd_allowed": True,
                "cross_opd_cost": 1.0, "compatible": {}}},
)
DEFAULTS_BY_CODE = {rule["code"]: rule for rule in DEFAULT_RULES}


def ensure_default_rules(user: User | None = None) -> int:
    """Insert version 1 of every default rule missing from the table; return how many."""
    present = set(db.session.scalars(select(ProposalRule.code).distinct()))
    added = 0
    for rule in DEFAULT_RULES:
        if rule["code"] in present:
            continue
        db.session.add(ProposalRule(code=rule["code"], version=1, kind=rule["kind"],
                                    name=rule["name"], legal_basis=rule["legal_basis"],
                                    params=copy.deepcopy(rule["params"]), is_active=True,
                                    created_by_id=user.id if user else None))
        added += 1
    db.session.flush()
    return added


def active_rules() -> list[ProposalRule]:
    """Return the active version of every rule, in the default order (others last, by code)."""
    order = {code: i for i, code in enumerate(DEFAULTS_BY_CODE)}
    rows = db.session.scalars(select(ProposalRule).where(ProposalRule.is_active.is_(True)))
    return sorted(rows, key=lambda r: (order.get(r.code, len(order)), r.code))


def as_engine_rule(rule: ProposalRule) -> dict[str, Any]:
    """Return the dict ``scoring.proposals.evaluate`` reads."""
    return {"code": rule.code, "kind": rule.kind, "params": rule.params,
            "legal_basis": rule.legal_basis}


def validate_params(rule: ProposalRule, params: dict[str, Any]) -> None:
    """Refuse parameters a rule does not know, or of the wrong type (Indonesian message)."""
    if not isinstance(params, dict):
        raise InvalidValue("Parameter aturan harus berupa objek JSON.")
    reference = DEFAULTS_BY_CODE.get(rule.code, {}).get("params") or rule.params
    if unknown := sorted(set(params) - set(reference)):
        raise InvalidValue(f"Parameter tidak dikenal untuk aturan {rule.code}: "
                           f"{', '.join(unknown)}.")
    for key, value in params.items():
        expected = reference[key]
        if isinstance(expected, int | float) and not isinstance(expected, bool):
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise InvalidValue(f"Parameter {key} harus berupa angka tidak negatif.")
        elif not isinstance(value, type(expected)):
            raise InvalidValue(f"Parameter {key} harus bertipe {type(expected).__name__}.")
    if "min_coverage" in params and params["min_coverage"] > 1:
        raise InvalidValue("Ambang kelengkapan data (min_coverage) harus antara 0 dan 1.")
    if rule.kind == "warning" and params.get("breach") not in BREACHES:
        raise InvalidValue("Jenis pelanggaran (breach) tidak dikenal.")


def save_rule_version(rule: ProposalRule, params: dict[str, Any],
                      user: User | None) -> ProposalRule:
    """Store an edited rule as its next version and deactivate every older version.

    Parameters missing from ``params`` keep the current value; the new version starts with the
    same name and legal basis (the caller may change them before the flush it makes).
    """
    merged = {**copy.deepcopy(rule.params), **params}
    validate_params(rule, merged)
    latest = db.session.scalar(select(func.max(ProposalRule.version))
                               .where(ProposalRule.code == rule.code)) or rule.version
    for old in db.session.scalars(select(ProposalRule).where(
            ProposalRule.code == rule.code, ProposalRule.is_active.is_(True))):
        old.is_active = False
    new = ProposalRule(code=rule.code, version=latest + 1, kind=rule.kind, name=rule.name,
                       legal_basis=rule.legal_basis, params=merged, is_active=True,
                       created_by_id=user.id if user else None)
    db.session.add(new)
    db.session.flush()
    return new
