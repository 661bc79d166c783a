"""Deployment checks: `manage.py check --deploy` fails on settings that are only fit for the embedded demo."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

# Every setting that names where Google is; one of them left on a local emulator sends sign-in or Meet calls there.
GOOGLE_ENDPOINT_SETTINGS = (
    "MEET_API_URL",
    "GOOGLE_TOKEN_URI",
    "GOOGLE_AUTHORIZE_URL",
    "GOOGLE_CERTS_URL",
    "GOOGLE_USERINFO_URL",
    "GOOGLE_ID_TOKEN_ISSUER",
)


def _is_local(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


@register(Tags.security, deploy=True)
def check_production_settings(app_configs, **kwargs) -> list[Error]:
    errors: list[Error] = []
    if settings.SECRET_KEY == settings.DEMO_SECRET_KEY:
        errors.append(
            Error("SECRET_KEY is the demo key.", hint="Set SECRET_KEY to a long random value.", id="meetadmin.E001")
        )
    for name in GOOGLE_ENDPOINT_SETTINGS:
        if _is_local(getattr(settings, name)):
            errors.append(
                Error(
                    f"{name} points at a local Google emulator ({getattr(settings, name)}).",
                    hint="Unset it to use Google, or point it at Google's endpoint.",
                    id="meetadmin.E002",
                )
            )
    if settings.GOOGLE_EMULATOR_URL:
        errors.append(
            Error(
                "GOOGLE_EMULATOR_URL is set: the emulator is for the demo and tests only.",
                hint="Unset GOOGLE_EMULATOR_URL in production.",
                id="meetadmin.E003",
            )
        )
    if settings.TOKEN_ENCRYPTION_KEYS_ARE_DEMO:
        errors.append(
            Error(
                "TOKEN_ENCRYPTION_KEYS is not set: refresh tokens would be encrypted with a demo key.",
                hint="Set TOKEN_ENCRYPTION_KEYS to one or more Fernet keys.",
                id="meetadmin.E005",
            )
        )
    if not settings.ALLOWED_WORKSPACE_DOMAINS:
        errors.append(
            Error(
                "ALLOWED_WORKSPACE_DOMAINS is empty: nobody could sign in.",
                hint="Name your Google Workspace domain(s).",
                id="meetadmin.E006",
            )
        )
    # An .env line left as "NAME=" sets an empty value, not the default: sign-in would fail for everyone.
    if settings.GOOGLE_CLIENT_SECRET == settings.DEMO_CLIENT_SECRET:
        problem = "GOOGLE_CLIENT_SECRET is the emulator's demo secret."
    elif not (settings.GOOGLE_CLIENT_ID and settings.GOOGLE_CLIENT_SECRET):
        problem = "GOOGLE_CLIENT_ID or GOOGLE_CLIENT_SECRET is empty."
    else:
        problem = ""
    if problem:
        errors.append(
            Error(
                problem, hint="Set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET of your OAuth client.", id="meetadmin.E007"
            )
        )
    if settings.DEBUG:
        errors.append(Error("DEBUG is on.", hint="Set DEBUG=false in production.", id="meetadmin.E004"))
    return errors
