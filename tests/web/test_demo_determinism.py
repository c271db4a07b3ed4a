"""Two loads of the demo give the same data, so screenshots and examples stay true."""

from sqlalchemy import select

from evalsys.demo.seed import seed_demo
from models import IndicatorValue, db


def test_demo_is_deterministic(app):
    def snapshot():
        return db.session.execute(select(IndicatorValue.value, IndicatorValue.status)
                                  .order_by(IndicatorValue.id)).all()

    seed_demo()
    db.session.commit()
    first = snapshot()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()
    seed_demo()
    db.session.commit()
    assert snapshot() == first
