"""Pure computation for evalsys: numpy, pandas, scipy and scikit-learn only.

Nothing here imports Flask, SQLAlchemy, ``models`` or ``evalsys``, reads files or
looks at the clock; ``tests/test_architecture.py`` enforces it.
"""
