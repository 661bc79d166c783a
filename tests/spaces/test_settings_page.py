"""Changing a space's settings: only what changed is sent, and a change that resets others is confirmed first."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import Role, role_grant
from spaces.models import Operation, Space
from tests.spaces.world import PROJECT, as_google_sees_it, person, seed_document, settled, sign_in

MODERATED = {
    "accessType": "TRUSTED",
    "moderation": "ON",
    "moderationRestrictions": {"chatRestriction": "HOSTS_ONLY", "presentRestriction": "HOSTS_ONLY"},
}


def form_data(**changes) -> dict[str, str]:
    data = {
        "access_type": "TRUSTED",
        "moderation": "ON",
        "chat_restriction": "HOSTS_ONLY",
        "present_restriction": "HOSTS_ONLY",
    }
    data.update(changes)
    return data


@pytest.fixture
def space(db):
    return Space.objects.create(
        name="spaces/AliceHere001",
        owner_email="alice@example.com",
        made_by_meetadmin=True,
        config=MODERATED,
        access_type="TRUSTED",
        moderation="ON",
    )


@pytest.mark.django_db
def test_the_form_shows_the_current_settings_grouped_as_google_groups_them(client, space):
    client.force_login(person("alice@example.com"))
    page = client.get(reverse("spaces:space_settings", args=["AliceHere001"])).content.decode()
    for legend in ("Access", "Host management", "Artifacts", "Attendance report"):
        assert f"<legend>{legend}</legend>" in page
    assert '<option value="HOSTS_ONLY" selected>' in page


@pytest.mark.django_db
def test_only_what_changed_is_queued(client, space):
    client.force_login(person("alice@example.com"))
    response = client.post(reverse("spaces:space_settings", args=["AliceHere001"]), form_data(access_type="RESTRICTED"))
    assert response.status_code == 302
    operation = Operation.objects.get()
    assert operation.params["updateMask"] == ["config.accessType"]
    assert operation.config_before == MODERATED


@pytest.mark.django_db
def test_turning_moderation_off_warns_before_anything_is_sent(client, space):
    client.force_login(person("alice@example.com"))
    url = reverse("spaces:space_settings", args=["AliceHere001"])
    warned = client.post(url, form_data(moderation="OFF"))
    assert warned.status_code == 422
    assert "reset who can chat, react and present" in warned.content.decode()
    assert Operation.objects.count() == 0
    client.post(url, {**form_data(moderation="OFF"), "confirm_reset": "on"})
    assert Operation.objects.get().params["updateMask"] == ["config.moderation"]


@pytest.mark.django_db
def test_unchanged_settings_are_not_sent_and_helpdesk_may_not_edit(client, space):
    alice = person("alice@example.com")
    client.force_login(alice)
    unchanged = client.post(reverse("spaces:space_settings", args=["AliceHere001"]), form_data())
    assert "already the space&#x27;s settings" in unchanged.content.decode()
    bob = person("bob@example.com")
    role_grant(user=bob, role=Role.HELPDESK)
    client.force_login(bob)
    assert client.get(reverse("spaces:space_settings", args=["AliceHere001"])).status_code == 403
    assert Operation.objects.count() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("celery_worker")
def test_a_settings_change_reaches_google_and_the_cache(client, control):
    control.seed(
        seed_document(
            spaces=[{"id": "AliceHere001", "owner": "alice@example.com", "project": PROJECT, "config": MODERATED}]
        )
    )
    alice = sign_in(control, "alice@example.com")
    Space.objects.create(name="spaces/AliceHere001", owner_email=alice.email, config=MODERATED)
    client.force_login(alice)
    client.post(
        reverse("spaces:space_settings", args=["AliceHere001"]),
        form_data(access_type="OPEN", auto_recording_generation="ON"),
    )
    operation = settled(Operation.objects.get())
    assert operation.state == Operation.State.SUCCEEDED, operation.result_message
    # In the form's words (found in the demo walk-through: it said "accessType").
    assert operation.result_message == "Settings changed: who can join, record automatically."
    google = as_google_sees_it(control, "alice@example.com", "spaces/AliceHere001")["config"]
    assert google["accessType"] == "OPEN"
    assert google["artifactConfig"]["recordingConfig"]["autoRecordingGeneration"] == "ON"
    assert google["moderationRestrictions"]["chatRestriction"] == "HOSTS_ONLY"  # untouched
    assert Space.objects.get(pk="spaces/AliceHere001").access_type == "OPEN"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("celery_worker")
def test_a_change_to_a_space_already_unmoderated_does_not_claim_a_reset(client, control):
    # Found in the demo walk-through: changing who can join of a space whose moderation was off said "Host management
    # is off, so Google reset who can chat, react and present", though nothing of that was touched.
    unmoderated = {"accessType": "TRUSTED", "moderation": "OFF"}
    control.seed(
        seed_document(
            spaces=[{"id": "AliceHere001", "owner": "alice@example.com", "project": PROJECT, "config": unmoderated}]
        )
    )
    alice = sign_in(control, "alice@example.com")
    Space.objects.create(name="spaces/AliceHere001", owner_email=alice.email, config=unmoderated)
    client.force_login(alice)
    client.post(
        reverse("spaces:space_settings", args=["AliceHere001"]),
        {"access_type": "OPEN", "moderation": "OFF"},
    )
    operation = settled(Operation.objects.get())
    assert operation.state == Operation.State.SUCCEEDED, operation.result_message
    assert operation.result_message == "Settings changed: who can join."
