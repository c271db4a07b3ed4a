"""The leadership dashboard: headline cards, league table, filters, arrows and its JSON.

The world: six units in two OPDs over two semesters. Every indicator rises with a unit's
"quality", so the ranks are known by construction: A>B>C>D>E>F in 2025-S1 and D>A>B>C>E>F in
2025-S2 (D climbs three places, A, B and C each drop one).
"""

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from evalsys.dashboard import cache
from evalsys.rankings import operations
from models import IndicatorValue, db
from models.target import IndicatorTarget
from tests.conftest import login

QUALITY = {"2025-S1": dict(zip("ABCDEF", (6, 5, 4, 3, 2, 1), strict=True)),
           "2025-S2": dict(zip("ABCDEF", (5, 4, 3, 6, 2, 1), strict=True))}
TYPES = {"A": "puskesmas", "B": "puskesmas", "C": "puskesmas", "D": "kelurahan",
         "E": "kelurahan", "F": "kelurahan"}


def values_of(q: int) -> dict[str, float]:
    """Indicator values of a unit of quality q (higher is better everywhere but shortage)."""
    return {"ikm": 60.0 + 5 * q, "sla_resolution_pct": 40.0 + 8 * q,
            "sp_coverage_pct": 30.0 + 10 * q, "staff_shortage": float(7 - q)}


def build_world(make_unit, make_period, make_indicator, make_value):
    """Create the six units, two periods, counted values, one draft and both official runs."""
    indicators = {
        "ikm": make_indicator(code="ikm", min_value=25, max_value=100),
        "sla_resolution_pct": make_indicator(code="sla_resolution_pct"),
        "sp_coverage_pct": make_indicator(code="sp_coverage_pct"),
        "staff_shortage": make_indicator(code="staff_shortage", max_value=1000, direction=-1),
    }
    health = make_unit(code="DINKES", name="Dinas Kesehatan", level="opd", unit_type="dinas")
    kec = make_unit(code="KEC", name="Kecamatan Sukamaju", level="opd", unit_type="kecamatan")
    units = {c: make_unit(code=f"U-{c}", name=f"Unit {c}", unit_type=TYPES[c],
                          parent=health if TYPES[c] == "puskesmas" else kec) for c in "ABCDEF"}
    periods = {"2025-S1": make_period(number=1), "2025-S2": make_period(number=2)}
    runs = {}
    for code, period in periods.items():
        for letter, unit in units.items():
            for ind, value in values_of(QUALITY[code][letter]).items():
                make_value(unit, period, indicators[ind], value,
                           "approved" if letter in "AB" else "submitted")
        runs[code] = operations.run_scheme(operations.ensure_default_scheme(), period, None)
        operations.mark_official(runs[code])
    # A draft is still being typed: it must not move any figure.
    draft = make_unit(code="U-G", name="Unit G", unit_type="puskesmas", parent=health)
    make_value(draft, periods["2025-S2"], indicators["ikm"], 25.0, "draft")
    db.session.add_all([
        IndicatorTarget(indicator_id=indicators["ikm"].id, year=2025, target=80.0,
                        source_document="RPJMD 2021–2026"),
        IndicatorTarget(indicator_id=indicators["ikm"].id, year=2025, target=95.0,
                        unit_id=units["D"].id, source_document="Renstra Kecamatan")])
    db.session.commit()
    return SimpleNamespace(units=units, periods=periods, runs=runs, indicators=indicators,
                           health=health, kec=kec)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(make_unit, make_period, make_indicator, make_value, make_user, client):
    w = build_world(make_unit, make_period, make_indicator, make_value)
    login(client, make_user("leader"))
    return w


def league(client, w, **args) -> dict:
    response = client.get("/dashboard/league.json",
                          query_string={"period": w.periods["2025-S2"].id, **args})
    assert response.status_code == 200
    return response.get_json()


def card(html: str, key: str) -> str:
    match = re.search(rf'id="card-{key}">(.*?)</div>', html, re.S)
    assert match, f"no card {key}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1)))


def test_cards_show_averages_changes_grade_and_target(client, world):
    html = client.get(f"/dashboard/?period={world.periods['2025-S2'].id}").get_data(as_text=True)
    # IKM: S2 qualities 5,4,3,6,2,1 → mean 60 + 5 × 3.5 = 77.5 (the draft 25 is ignored);
    # S1 has the same qualities in another order, so no change; grade B (76.61–88.30).
    ikm = card(html, "ikm")
    assert "77,50" in ikm and "Mutu B · Baik" in ikm and "tetap" in ikm
    assert "Target 80,00" in ikm and "capaian 96,9%" in ikm  # 77.5 / 80
    units = card(html, "units")
    assert "6" in units and "diberi peringkat" in units
    # Staff shortage is a total: Σ (7 − q) over six units = 42 − 21 = 21 pegawai.
    assert "21 pegawai" in card(html, "staff_shortage")
    assert "jumlah dari 6 unit" in card(html, "staff_shortage")


def test_cards_show_the_change_since_the_previous_period(client, world, make_value):
    row = db.session.scalar(select(IndicatorValue).where(
        IndicatorValue.unit_id == world.units["A"].id,
        IndicatorValue.period_id == world.periods["2025-S2"].id,
        IndicatorValue.indicator_id == world.indicators["sp_coverage_pct"].id))
    row.value += 12.0  # the S2 mean rises by 2 points
    db.session.commit()
    html = client.get(f"/dashboard/?period={world.periods['2025-S2'].id}").get_data(as_text=True)
    coverage = card(html, "sp_coverage_pct")
    assert "67,0%" in coverage and "naik 2,0 poin" in coverage and "sebelumnya 65,0" in coverage


def test_league_ranks_changes_and_threshold_arrow(client, world):
    data = league(client, world)
    assert [r["code"] for r in data["rows"]] == ["U-D", "U-A", "U-B", "U-C", "U-E", "U-F"]
    assert [r["rank"] for r in data["rows"]] == [1, 2, 3, 4, 5, 6]
    by_code = {r["code"]: r for r in data["rows"]}
    assert by_code["U-D"]["change"] == 3 and by_code["U-D"]["arrow"] == "up"
    assert by_code["U-A"]["change"] == -1 and by_code["U-A"]["arrow"] == "same"  # < 2 places
    assert by_code["U-F"]["arrow"] == "same" and by_code["U-F"]["change"] == 0
    strict = {r["code"]: r for r in league(client, world, gap=1)["rows"]}
    assert strict["U-A"]["arrow"] == "down"
    lax = {r["code"]: r for r in league(client, world, gap=4)["rows"]}
    assert lax["U-D"]["arrow"] == "same"


def test_league_rows_carry_band_interval_opd_and_coverage(client, world):
    top = league(client, world)["rows"][0]
    assert top["score"] == pytest.approx(100.0) and top["band"] == "A"
    assert top["band_label"] == "Sangat baik"
    assert top["opd"] == "Kecamatan Sukamaju" and top["type"] == "kelurahan"
    assert top["p05"] <= 1 <= top["p95"] and top["interval"] == [top["p05"], top["p95"]]
    assert top["coverage"] == pytest.approx(1.0)
    bottom = league(client, world)["rows"][-1]
    assert bottom["score"] == pytest.approx(0.0) and bottom["band"] == "E"


def test_filters_peer_group_opd_and_search(client, world):
    assert [r["code"] for r in league(client, world, type="puskesmas")["rows"]] == \
        ["U-A", "U-B", "U-C"]
    assert {r["code"] for r in league(client, world, opd=world.kec.id)["rows"]} == \
        {"U-D", "U-E", "U-F"}
    assert [r["code"] for r in league(client, world, q="unit e")["rows"]] == ["U-E"]
    assert [r["code"] for r in league(client, world, q="u-b")["rows"]] == ["U-B"]


def test_filter_below_and_above_the_average(client, world):
    data = league(client, world)
    mean = data["average"]
    above = league(client, world, avg="above")["rows"]
    below = league(client, world, avg="below")["rows"]
    assert above and below
    assert all(r["score"] > mean for r in above) and all(r["score"] < mean for r in below)
    assert len(above) + len(below) == 6


def test_sort_by_change_and_by_name_server_side(client, world):
    rising = [r["code"] for r in league(client, world, sort="change", dir="desc")["rows"]]
    assert rising[0] == "U-D" and set(rising[-3:]) == {"U-A", "U-B", "U-C"}
    names = [r["name"] for r in league(client, world, sort="name", dir="desc")["rows"]]
    assert names == sorted(names, reverse=True)
    html = client.get(f"/dashboard/?period={world.periods['2025-S2'].id}&sort=change&dir=desc")
    body = html.get_data(as_text=True)
    assert body.index('data-unit="U-D"') < body.index('data-unit="U-A"')
    assert 'aria-sort="descending"' in body


def test_league_page_shows_arrow_band_text_and_unit_link(client, world):
    run = world.runs["2025-S2"]
    body = client.get(f"/dashboard/?period={world.periods['2025-S2'].id}").get_data(as_text=True)
    row = re.search(r'<tr data-unit="U-D">(.*?)</tr>', body, re.S).group(1)
    assert "▲ 3" in row and "A · Sangat baik" in row
    assert f'/rankings/runs/{run.id}/units/{world.units["D"].id}' in row
    assert "/quality/" in body and "Cara membaca pita skor" in body
    for chart in ("contributions", "heatmap", "trend", "intervals", "scatter"):
        assert f'id="chart-{chart}"' in body


def test_target_column_uses_the_most_specific_target(client, world):
    rows = {r["code"]: r for r in league(client, world, targets=1)["rows"]}
    assert rows["U-D"]["target"] == 95.0 and rows["U-D"]["ikm"] == 90.0
    assert rows["U-D"]["target_pct"] == pytest.approx(100 * 90 / 95)
    assert rows["U-A"]["target"] == 80.0 and rows["U-A"]["target_pct"] == pytest.approx(106.25)
    assert "target" not in league(client, world)["rows"][0]
    ranked = [r["code"] for r in league(client, world, targets=1, sort="target",
                                        dir="desc")["rows"]]
    assert ranked[0] == "U-A"  # 85 / 80 is the best achievement


def test_a_chosen_run_and_unknown_ones(client, world):
    old = world.runs["2025-S1"]
    data = client.get(f"/dashboard/league.json?run={old.id}").get_json()
    assert data["period"]["code"] == "2025-S1"
    assert [r["code"] for r in data["rows"]][:1] == ["U-A"]
    assert client.get("/dashboard/?run=999999").status_code == 404
    assert client.get("/dashboard/league.json?period=999999").status_code == 404


def test_a_period_without_a_run_still_shows_its_cards(client, world, make_period):
    empty = make_period(number=1, year=2026)
    body = client.get(f"/dashboard/?period={empty.id}").get_data(as_text=True)
    assert "belum ada perhitungan peringkat" in body
    assert 'id="card-ikm"' in body and 'id="league"' not in body


def test_leader_home_leads_to_the_dashboard(client, world):
    body = client.get("/").get_data(as_text=True)
    assert 'id="open-dashboard"' in body and 'href="/dashboard/"' in body


def test_every_signed_in_role_reads_the_dashboard(app, world, make_user):
    viewer = app.test_client()
    login(viewer, make_user("viewer"))
    assert viewer.get("/dashboard/").status_code == 200
    assert app.test_client().get("/dashboard/").status_code in (302, 401)


def test_unknown_indicator_in_scatter_does_not_break_the_page(client, world):
    response = client.get(f"/dashboard/?period={world.periods['2025-S2'].id}&x=nope&y=ikm")
    assert response.status_code == 200
    assert "Belum ada unit dengan kedua nilai" in response.get_data(as_text=True)



def test_long_tables_are_paged_on_the_page_and_in_json(client, world, monkeypatch):
    from evalsys.dashboard import league as league_module

    monkeypatch.setattr(league_module, "PER_PAGE", 4)
    second = league(client, world, page=2)
    assert second["total"] == 6 and second["pages"] == 2 and second["page"] == 2
    assert [r["rank"] for r in second["rows"]] == [5, 6]
    assert league(client, world, all=1)["count"] == 6
    body = client.get(f"/dashboard/?period={world.periods['2025-S2'].id}&page=2")
    html = body.get_data(as_text=True)
    assert html.count("<tr data-unit=") == 2 and 'data-complete="0"' in html
    assert "Halaman 2 dari 2" in html
