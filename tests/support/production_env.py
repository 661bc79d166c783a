"""The environment of a production deployment, as .env.example asks an operator to fill it in."""

from __future__ import annotations

import os

from meetadmin.checks import GOOGLE_ENDPOINT_SETTINGS

# The variables the test run sets for itself (tests/services.py) that a production .env would not.
TEST_RUN_ONLY = (
    "GOOGLE_EMULATOR_URL",
    *GOOGLE_ENDPOINT_SETTINGS,
    "SECURE_COOKIES",
    "STATIC_MANIFEST",
    "DEBUG",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # the browser tests' Playwright loop
)

PRODUCTION_VALUES = {
    "SECRET_KEY": "pR0d-" + "9f3KqL2vX8mZ1wT6yB4nC7hJ5sD0gA" * 2,
    "ALLOWED_HOSTS": "meet.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://meet.example.org",
    "ALLOWED_WORKSPACE_DOMAINS": "example.org",
    "GOOGLE_CLIENT_ID": "1234567890-abc.apps.googleusercontent.com",
    "GOOGLE_CLIENT_SECRET": "GOCSPX-a-real-looking-secret",
    "GOOGLE_CLOUD_PROJECT": "meetadmin-prod",
    "TOKEN_ENCRYPTION_KEYS": "kL8ZsG8qOQF0vC4QfNQ0qgk3V2xG6w3mRk9P9QoJ0YU=",
    "TRUSTED_PROXY_COUNT": "1",
}


def production_environment(**overrides: str) -> dict[str, str]:
    """This process's environment less the test run's own Google and HTTP switches, plus production values."""
    env = {name: value for name, value in os.environ.items() if name not in TEST_RUN_ONLY}
    return {**env, **PRODUCTION_VALUES, **overrides}
