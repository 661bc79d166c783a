"""Fixtures shared by the whole suite: the Google emulator, running in-process on a free port."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def emulator():
    """One emulator for the test run, served over real HTTP on 127.0.0.1."""
    from google_emulator.server import start

    with start(seed="empty") as running:
        yield running


@pytest.fixture
def control(emulator):
    """The emulator's control surface, with an empty world for each test."""
    from google_emulator.control import EmulatorControl

    control = EmulatorControl(emulator.url)
    control.reset()
    return control
