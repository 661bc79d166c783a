"""Google's enum values in words people read: TRUSTED → Trusted, DO_NOT_GENERATE → Do not generate."""

from __future__ import annotations

from django import template

register = template.Library()

WORDS = {
    "HOSTS_ONLY": "Hosts only",
    "NO_RESTRICTION": "Everyone",
    "CREATOR_APP_ONLY": "Only the app that made it",
    "ALL": "All entry points",
    "ON": "On",
    "OFF": "Off",
}


@register.filter
def google_label(value: str | None, default: str = "Default") -> str:
    if not value or str(value).endswith("_UNSPECIFIED"):
        return default
    return WORDS.get(str(value), str(value).replace("_", " ").capitalize())
