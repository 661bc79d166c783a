"""Which e-mail addresses meetadmin takes: Django's validator, without its localhost allowlist, within RFC 5321."""

from __future__ import annotations

import pytest

from accounts.email_addresses import is_email_address


@pytest.mark.parametrize(
    "address",
    ["alice@example.com", "o'brien@example.com", "a+tag@example.com", "x" * 64 + "@example.com", "alice@exämple.com"],
)
def test_addresses_of_the_usual_forms_are_taken(address):
    assert is_email_address(address)


@pytest.mark.parametrize(
    "address",
    [
        # The regular expression meetadmin used before took each of these; Django's validator does not.
        "alice..smith@example.com",
        "al(ice@example.com",
        ".alice@example.com",
        "alice@example..com",
        "alice@-example.com",
        "ü@example.com",
        # Django alone takes these: its allowlist has localhost, and it does not count the local part.
        "dave@localhost",
        "x" * 65 + "@example.com",
        # And neither ever took these.
        "bob@nowhere",
        "a\x00b@example.com",
        "x@" + "e" * 250 + ".com",
        "",
    ],
    ids=repr,
)
def test_malformed_addresses_are_refused(address):
    assert not is_email_address(address)
