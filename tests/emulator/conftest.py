"""Fixtures of the emulator's own tests."""

from __future__ import annotations

import pytest

from tests.support.conformance_seed import ConformanceSeed, seed_conformance


@pytest.fixture
def conformance_seed(emulator, control) -> ConformanceSeed:
    """The conformance world (tests/support/conformance_seed.py), seeded afresh for each test."""
    return seed_conformance(emulator, control)
