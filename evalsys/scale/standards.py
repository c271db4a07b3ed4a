"""Service standards (14 components each), maklumat and SOPs at scale.

Better units (latent quality) more often have a standard, further along its stages, with more
components done, a signed maklumat and approved SOPs covering their services. Dates lie before
the end of the newest period, so its coverage is measured on them.
"""

from datetime import date

import numpy as np
import pandas as pd

from models.standard import (
    COMPONENT_CODES,
    Maklumat,
    ServiceStandard,
    Sop,
    SopServiceType,
    StandardComponent,
)

from .bulk import BulkWriter, without_indexes
from .organisation import Organisation

END = np.datetime64(date(2025, 12, 31))
STAGES = ("draft", "consulted", "adopted", "published")


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def _days_before(rng, n: int, most: int) -> np.ndarray:
    return (END - rng.integers(30, most, n).astype("timedelta64[D]")).astype(object)


def write(writer: BulkWriter, rng, org: Organisation, echo) -> None:
    """Write standards with components, maklumat and SOPs linked to their services."""
    unit_of = np.repeat(np.arange(len(org.ids)), org.service_count)
    services = np.arange(org.service_start[0], org.service_start[0] + len(unit_of))
    q = org.quality[unit_of]
    has = rng.random(len(services)) < _sigmoid(1.2 * q + 0.8)
    stage = np.clip(np.rint(1.5 + 1.2 * q[has] + rng.normal(0, 0.8, has.sum())), 0, 3)
    first = writer.next_id(ServiceStandard.__table__)
    ids = np.arange(first, first + has.sum())
    adopted = _days_before(rng, len(ids), 900)
    writer.write(ServiceStandard.__table__, pd.DataFrame({
        "id": ids, "service_type_id": services[has],
        "status": np.asarray(STAGES, dtype=object)[stage.astype(int)],
        "consulted_on": np.where(stage >= 1, adopted, None),
        "adopted_on": np.where(stage >= 2, adopted, None),
        "published_on": np.where(stage >= 3, adopted, None),
        "last_evaluated_on": np.where(stage >= 2, _days_before(rng, len(ids), 500), None)}))
    done = rng.random((len(ids), len(COMPONENT_CODES))) < (0.6 + 0.35 * _sigmoid(q[has]))[:, None]
    table = StandardComponent.__table__
    rebuild = without_indexes(writer, table)
    first = writer.next_id(table)
    writer.write(table, pd.DataFrame({
        "id": np.arange(first, first + done.size), "standard_id": np.repeat(ids, done.shape[1]),
        "code": np.tile(np.asarray(COMPONENT_CODES, dtype=object), len(ids)),
        "is_done": done.ravel()}))
    rebuild()
    echo(f"service standards {len(ids):,} with {done.size:,} components")
    _maklumat_and_sops(writer, rng, org, unit_of, services)


def _maklumat_and_sops(writer: BulkWriter, rng, org: Organisation, unit_of, services) -> None:
    """A maklumat for most good units; one SOP per unit covering most of its services."""
    signs = rng.random(len(org.ids)) < _sigmoid(org.quality + 0.5)
    first = writer.next_id(Maklumat.__table__)
    writer.write(Maklumat.__table__, pd.DataFrame({
        "id": np.arange(first, first + signs.sum()), "unit_id": org.ids[signs],
        "signatory_name": "Kepala Unit", "signed_on": _days_before(rng, signs.sum(), 700)}))
    has_sop = rng.random(len(org.ids)) < _sigmoid(org.quality + 0.3)
    first = writer.next_id(Sop.__table__)
    sop_of_unit = np.full(len(org.ids), -1)
    sop_of_unit[has_sop] = np.arange(first, first + has_sop.sum())
    writer.write(Sop.__table__, pd.DataFrame({
        "id": sop_of_unit[has_sop], "unit_id": org.ids[has_sop], "number": "SOP-AP/001",
        "title": "SOP Pelayanan", "kind": "ap",
        "approved_on": _days_before(rng, has_sop.sum(), 800)}))
    linked = (sop_of_unit[unit_of] >= 0) & (rng.random(len(services)) < 0.8)
    writer.write(SopServiceType.__table__, pd.DataFrame({
        "sop_id": sop_of_unit[unit_of][linked], "service_type_id": services[linked]}))
