"""Dashboard speed and freshness: no per-unit queries, and a cache that never shows stale data."""

import pytest
from sqlalchemy import event, select

from evalsys.dashboard import cache
from evalsys.rankings import operations
from models import IndicatorValue, db
from models.target import IndicatorTarget
from tests.conftest import login
from tests.web.test_dashboard import build_world, card, values_of


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


class StatementCounter:
    """Count the SQL statements the engine runs while the block is open."""

    def __enter__(self):
        self.count = 0
        event.listen(db.engine, "before_cursor_execute", self._seen)
        return self

    def _seen(self, *args):
        self.count += 1

    def __exit__(self, *exc):
        event.remove(db.engine, "before_cursor_execute", self._seen)


def _add_units(n, start, period_runs, make_unit, make_value, indicators, parent):
    """Add n puskesmas with values in both periods, then re-run and publish both periods."""
    for i in range(start, start + n):
        unit = make_unit(code=f"X-{i:03d}", name=f"Puskesmas {i:03d}", parent=parent)
        for code, period in period_runs.items():
            for ind, value in values_of(1 + (i * 7 + len(code)) % 6).items():
                make_value(unit, period, indicators[ind], value, "submitted")
    for period in period_runs.values():
        operations.mark_official(operations.run_scheme(
            operations.ensure_default_scheme(), period, None))
    db.session.commit()


def _cold_statements(client, url) -> int:
    cache.clear()
    with StatementCounter() as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_query_count_does_not_grow_with_the_number_of_units(
        client, make_unit, make_period, make_indicator, make_value, make_user):
    w = build_world(make_unit, make_period, make_indicator, make_value)
    login(client, make_user("leader"))
    period = w.periods["2025-S2"].id
    urls = [f"/dashboard/?period={period}", f"/dashboard/?period={period}&targets=1&type=puskesmas",
            f"/dashboard/league.json?period={period}&targets=1"]
    small = [_cold_statements(client, url) for url in urls]
    _add_units(44, 0, w.periods, make_unit, make_value, w.indicators, w.health)
    big = [_cold_statements(client, url) for url in urls]
    assert client.get(f"/dashboard/league.json?period={period}").get_json()["count"] == 50
    assert big == small
    assert max(big) <= 25  # one query per widget, a fixed number whatever the kabupaten's size


def test_top_and_bottom_ten_of_fifty(client, make_unit, make_period, make_indicator,
                                     make_value, make_user):
    w = build_world(make_unit, make_period, make_indicator, make_value)
    login(client, make_user("leader"))
    _add_units(44, 0, w.periods, make_unit, make_value, w.indicators, w.health)
    rows = client.get(f"/dashboard/league.json?period={w.periods['2025-S2'].id}&view=ends"
                      ).get_json()["rows"]
    assert [r["rank"] for r in rows] == list(range(1, 11)) + list(range(41, 51))
    page = client.get(f"/dashboard/?period={w.periods['2025-S2'].id}&view=ends")
    assert page.get_data(as_text=True).count("<tr data-unit=") == 20


@pytest.fixture
def world(client, make_unit, make_period, make_indicator, make_value, make_user):
    w = build_world(make_unit, make_period, make_indicator, make_value)
    login(client, make_user("leader"))
    return w


def _ikm_card(client, w) -> str:
    body = client.get(f"/dashboard/?period={w.periods['2025-S2'].id}").get_data(as_text=True)
    start = body.index('id="card-ikm"')
    return body[start:start + 400]


def test_a_repeated_request_is_served_from_the_cache(client, world):
    url = f"/dashboard/?period={world.periods['2025-S2'].id}"
    cold = _cold_statements(client, url)
    with StatementCounter() as warm:
        assert client.get(url).status_code == 200
    assert cache.stats["hits"] >= 3  # base, league, charts (and the rendered table)
    assert warm.count < cold


def _ikm_of(w, letter) -> IndicatorValue:
    return db.session.scalar(select(IndicatorValue).where(
        IndicatorValue.unit_id == w.units[letter].id,
        IndicatorValue.period_id == w.periods["2025-S2"].id,
        IndicatorValue.indicator_id == w.indicators["ikm"].id))


def test_a_changed_or_deleted_value_shows_at_once(client, world):
    assert "77,50" in _ikm_card(client, world)
    _ikm_of(world, "A").value = 91.0  # 85 → 91: the mean rises by 1
    db.session.commit()
    assert "78,50" in _ikm_card(client, world)
    db.session.delete(_ikm_of(world, "F"))  # 65 leaves: (471 − 65) / 5 = 81.2
    db.session.commit()
    assert "81,20" in _ikm_card(client, world)
    # Payloads of the older data are dropped at once, not kept until they age out.
    assert len({key[1] for key in cache._entries}) == 1


def test_a_new_official_run_changes_the_league(client, world, make_value):
    url = f"/dashboard/league.json?period={world.periods['2025-S2'].id}"
    assert client.get(url).get_json()["rows"][0]["code"] == "U-D"
    best = values_of(10)  # F becomes the best unit on every indicator
    for row in db.session.scalars(select(IndicatorValue).where(
            IndicatorValue.unit_id == world.units["F"].id,
            IndicatorValue.period_id == world.periods["2025-S2"].id)):
        row.value = best[next(c for c, i in world.indicators.items() if i.id == row.indicator_id)]
    db.session.commit()
    assert client.get(url).get_json()["rows"][0]["code"] == "U-D"  # values alone: same run
    new = operations.run_scheme(operations.ensure_default_scheme(), world.periods["2025-S2"],
                                None)
    operations.mark_official(new)
    db.session.commit()
    data = client.get(url).get_json()
    assert data["run"]["id"] == new.id and data["rows"][0]["code"] == "U-F"
    operations.mark_official(db.session.get(type(new), world.runs["2025-S2"].id))
    db.session.commit()  # the old run is official again: no new run id, still a new page
    assert client.get(url).get_json()["rows"][0]["code"] == "U-D"


def test_a_new_target_shows_at_once(client, world):
    url = f"/dashboard/?period={world.periods['2025-S2'].id}"
    assert "Target" not in card_text(client.get(url), "sp_coverage_pct")
    db.session.add(IndicatorTarget(indicator_id=world.indicators["sp_coverage_pct"].id,
                                   year=2025, target=50.0, source_document="Renstra"))
    db.session.commit()
    assert "Target 50,0 · capaian 130,0%" in card_text(client.get(url), "sp_coverage_pct")


def card_text(response, key: str) -> str:
    return card(response.get_data(as_text=True), key)
