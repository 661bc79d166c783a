"""404 and 403 pages in the site's style, saying what happened in plain words."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.support.signed_in_people import person

pytestmark = pytest.mark.django_db


def test_not_found_and_forbidden_pages_explain(client):
    client.force_login(person("alice@example.com"))
    missing = client.get("/spaces/NoSuchSpace1/")
    assert missing.status_code == 404
    assert "belongs to a space you cannot see" in missing.content.decode()
    forbidden = client.get(reverse("roles:list"))
    assert forbidden.status_code == 403
    assert "Only IT admins manage roles." in forbidden.content.decode()
