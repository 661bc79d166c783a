"""Fixtures of the sign-in tests: a browser on the host Google may send codes back to, and one trip through
Google's sign-in. Each test module seeds its own `google` world."""

from __future__ import annotations

import pytest

from tests.support.signing_in import DASHBOARD_HOST, SignIn


@pytest.fixture
def browser(client):
    client.defaults["HTTP_HOST"] = DASHBOARD_HOST
    return client


@pytest.fixture
def sign_in(browser, emulator, google):
    return SignIn(browser, emulator)
