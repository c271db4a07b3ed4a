"""The house rules of ARCHITECTURE.md that a machine can check."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN_IN_SCORING = {"flask", "sqlalchemy", "flask_sqlalchemy", "models", "evalsys"}


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


SCORING_FILES = sorted((ROOT / "scoring").rglob("*.py"))


@pytest.mark.parametrize("path", SCORING_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_scoring_stays_pure(path):
    bad = _imported_roots(path) & FORBIDDEN_IN_SCORING
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}; scoring/ must stay pure"


def test_the_purity_check_catches_a_forbidden_import(tmp_path):
    sample = tmp_path / "bad.py"
    sample.write_text("import numpy\nfrom flask import g\nfrom models.unit import Unit\n")
    assert _imported_roots(sample) & FORBIDDEN_IN_SCORING == {"flask", "models"}


@pytest.mark.parametrize("path", sorted((ROOT / "models").glob("*.py")),
                         ids=lambda p: p.name)
def test_models_import_nothing_from_the_app_or_scoring(path):
    assert not _imported_roots(path) & {"evalsys", "scoring"}


def test_no_module_grows_past_400_lines():
    long = [f"{p.relative_to(ROOT)} ({n})" for folder in ("evalsys", "models", "scoring")
            for p in (ROOT / folder).rglob("*.py")
            if (n := len(p.read_text().splitlines())) > 400]
    assert not long, f"split these by responsibility: {long}"
