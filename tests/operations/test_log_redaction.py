"""The OAuth callback's code and state never reach a log line through Django's logging (gunicorn's side is run for
real in tests/deploy/test_production_commands.py)."""

from __future__ import annotations

import io
import json
import logging

import pytest

from meetadmin.log_redaction import redact

CALLBACK = "/accounts/google/login/callback/"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (f"GET {CALLBACK}?code=4/abc&state=xyz HTTP/1.1", f"GET {CALLBACK}?[redacted] HTTP/1.1"),
        (f"<WSGIRequest: GET '{CALLBACK}?error=access_denied&state=s'>", f"<WSGIRequest: GET '{CALLBACK}?[redacted]'>"),
        ("https://meet.example.org/anything/?x=1&code=abc next", "https://meet.example.org/anything/?[redacted] next"),
        ("/accounts/google/login/?process=login", "/accounts/google/login/?process=login"),
        ("/?q=alice&page=2", "/?q=alice&page=2"),
        ("/audit/?postcode=1", "/audit/?postcode=1"),
        ("no address here?", "no address here?"),
    ],
)
def test_redact(text, shown):
    assert redact(text) == shown


@pytest.mark.django_db
def test_djangos_lines_for_a_failed_callback_carry_neither_code_nor_state(client):
    (console,) = [handler for handler in logging.getLogger().handlers if handler.get_name() == "console"]
    written = io.StringIO()
    previous = console.setStream(written)  # the configured handler, with its filters, writing where we can read
    try:
        client.get(f"{CALLBACK}?code=c0de-SECRET&state=st4te-SECRET")
        client.get("/no-such-page/?code=c0de-SECRET-404")
        logging.getLogger("meetadmin.test").warning("went to %s", f"{CALLBACK}?code=c0de-SECRET-args")
    finally:
        console.setStream(previous)
    text = written.getvalue()
    assert "SECRET" not in text
    records = [json.loads(line) for line in text.splitlines()]
    requests = [record["request"] for record in records if record["logger"] == "django.request"]
    assert f"GET {CALLBACK}?[redacted]" in requests
    assert "GET /no-such-page/?[redacted]" in requests
    assert f"went to {CALLBACK}?[redacted]" in [record["message"] for record in records]
