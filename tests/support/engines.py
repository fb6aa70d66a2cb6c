"""Tests that run once per engine: ``@by_engine`` (the ``engine`` fixture it parametrises is in conftest)."""

import pytest

from generator.site.engines import ENGINES

by_engine = pytest.mark.parametrize("engine", list(ENGINES), indirect=True)
"""Run a test once per engine. Each engine's sites are built once for all its tests, and every
fixture made from ``engine`` is made again when pytest moves on to the other engine."""
