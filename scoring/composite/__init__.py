"""Composite index engine (temporary init)."""
from .build import IndexResult, build_index
from .framework import Framework, framework_from_coinr, validate_framework
