"""IPP categories and Ombudsman zones against METHODOLOGY.md's tables and examples."""

import pytest

from scoring.grades import grade_ipp, ombudsman_zone


@pytest.mark.parametrize(("value", "code"), [
    (4.50, "A-"), (4.51, "A"), (1.00, "F"), (1.01, "E"),  # Appendix B, IPP-3
    (3.9248, "B"),  # IPP-2: 3.9248 → 3.92 → B (Baik)
    (5.0, "A"), (0.0, "F"), (3.505, "B"), (3.504, "B-"),  # half-up at the boundary
])
def test_ipp_categories(value, code):
    assert grade_ipp(value).code == code


def test_ipp_labels():
    assert grade_ipp(4.6).label == "Pelayanan Prima"
    assert grade_ipp(2.2).label == "Cukup (Dengan Catatan)"


@pytest.mark.parametrize(("value", "zone"), [
    (90.54, "hijau"),  # Pemprov Sumut, Zona Hijau
    (58.99, "kuning"), (58.03, "kuning"),  # Kendari, Baubau: Zona Kuning
    (81.00, "hijau"), (80.99, "kuning"), (51.00, "kuning"), (50.99, "merah"), (0, "merah"),
])
def test_ombudsman_zones(value, zone):
    assert ombudsman_zone(value).code == zone


def test_nan_and_below_scale_are_refused():
    with pytest.raises(ValueError):
        grade_ipp(float("nan"))
    with pytest.raises(ValueError):
        ombudsman_zone(-1)
