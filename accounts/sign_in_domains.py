"""Who may sign in: verified addresses of the allowed Google Workspace domains, judged by the ID token's claims.

allauth does not look at `hd`; this does, on the claims of the ID token that came back from Google's token
endpoint. An address that merely ends in an allowed domain proves nothing: only the `hd` claim, which Google sets
from the account's Workspace, does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def refusal_reason(claims: Mapping[str, Any], allowed_domains: Iterable[str]) -> str | None:
    """None when these ID token claims may sign in, else a sentence for the person that says why not."""
    allowed = sorted({domain.strip().lower() for domain in allowed_domains if domain.strip()})
    email = str(claims.get("email") or "")
    if not allowed:
        return "meetadmin has no allowed Workspace domain configured yet, so nobody can sign in."
    if not email:
        return "Google did not share an e-mail address for this account."
    if claims.get("email_verified") not in (True, "true"):
        return f"Google has not verified the address {email}."
    hosted_domain = claims.get("hd")
    names = ", ".join(allowed)
    if not hosted_domain:
        return f"{email} is a personal Google account. Sign in with your Workspace account ({names})."
    if str(hosted_domain).lower() not in allowed:
        return f"{email} belongs to the Workspace {hosted_domain}, which may not use this meetadmin ({names})."
    return None
