"""Only verified accounts of the allowed Workspace domains get in, judged by the ID token's `hd` claim."""

from __future__ import annotations

import pytest

from accounts.sign_in_domains import refusal_reason

ALLOWED = ["example.com", "example.org"]


@pytest.mark.parametrize(
    ("claims", "refused_because"),
    [
        ({"email": "alice@example.com", "email_verified": True, "hd": "example.com"}, None),
        ({"email": "alice@example.org", "email_verified": True, "hd": "EXAMPLE.ORG"}, None),
        # A secondary domain of an allowed Workspace carries that Workspace's hd.
        ({"email": "alice@example-alias.net", "email_verified": True, "hd": "example.com"}, None),
        ({"email": "alice@example.com", "email_verified": "true", "hd": "example.com"}, None),
        ({"email": "mallory@example.com", "email_verified": True}, "personal Google account"),
        ({"email": "mallory@example.com", "email_verified": True, "hd": ""}, "personal Google account"),
        ({"email": "mallory@example.com", "email_verified": True, "hd": "evil.test"}, "Workspace evil.test"),
        ({"email": "erin@otherco.test", "email_verified": True, "hd": "otherco.test"}, "Workspace otherco.test"),
        ({"email": "alice@example.com", "email_verified": False, "hd": "example.com"}, "not verified"),
        ({"email": "alice@example.com", "hd": "example.com"}, "not verified"),
        ({"email_verified": True, "hd": "example.com"}, "did not share an e-mail"),
    ],
)
def test_refusal_reason(claims, refused_because):
    reason = refusal_reason(claims, ALLOWED)
    if refused_because is None:
        assert reason is None
    else:
        assert refused_because in reason


def test_nobody_gets_in_when_no_domain_is_allowed():
    claims = {"email": "alice@example.com", "email_verified": True, "hd": "example.com"}
    assert "no allowed Workspace domain" in refusal_reason(claims, [])
