"""Pure computation for evalsys: numpy, pandas, scipy, scikit-learn and holidays only.

Nothing here imports Flask, SQLAlchemy, ``models`` or ``evalsys``, reads files or
looks at the clock; ``tests/test_architecture.py`` enforces it.
"""
