"""Changing a space's settings: only what changed is sent, and a change that resets others is confirmed first."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from accounts.roles import Role
from spaces import services
from spaces.forms import SpaceSettingsForm
from spaces.models import Operation, Space
from spaces.permissions import Action, decide
from tests.support.google_operations import google_operations
from tests.support.settings_form import MODERATED, form_data
from tests.support.settled_operation import settled
from tests.support.signed_in_people import person, sign_in
from tests.support.space_at_google import as_google_sees_it
from tests.support.workspace_seed import PROJECT, seed_document


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


def _alice_signed_in(client, control, *, at_google: dict, cached: dict) -> str:
    """alice, signed in with a real grant, and her space AliceHere001 with settings `at_google` at Google and
    `cached` in meetadmin's cache; returns its settings form's address."""
    control.seed(
        seed_document(
            spaces=[{"id": "AliceHere001", "owner": "alice@example.com", "project": PROJECT, "config": at_google}]
        )
    )
    alice = sign_in(control, "alice@example.com")
    Space.objects.create(name="spaces/AliceHere001", owner_email=alice.email, config=cached)
    client.force_login(alice)
    return reverse("spaces:space_settings", args=["AliceHere001"])


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
    operation = google_operations().get()
    assert operation.params["updateMask"] == ["config.accessType"]
    assert operation.config_before == MODERATED


@pytest.mark.django_db
def test_turning_moderation_off_warns_before_anything_is_sent(client, space):
    client.force_login(person("alice@example.com"))
    url = reverse("spaces:space_settings", args=["AliceHere001"])
    warned = client.post(url, form_data(moderation="OFF"))
    assert warned.status_code == 422
    assert "reset who can chat, react and present" in warned.content.decode()
    assert google_operations().count() == 0
    client.post(url, {**form_data(moderation="OFF"), "confirm_reset": "on"})
    assert google_operations().get().params["updateMask"] == ["config.moderation"]


@pytest.mark.django_db
def test_unchanged_settings_are_not_sent_and_helpdesk_may_not_edit(client, space):
    alice = person("alice@example.com")
    client.force_login(alice)
    unchanged = client.post(reverse("spaces:space_settings", args=["AliceHere001"]), form_data())
    assert "already the space&#x27;s settings" in unchanged.content.decode()
    bob = person("bob@example.com", role=Role.HELPDESK)
    client.force_login(bob)
    assert client.get(reverse("spaces:space_settings", args=["AliceHere001"])).status_code == 403
    assert google_operations().count() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("celery_worker")
def test_a_settings_change_reaches_google_and_the_cache(client, control):
    url = _alice_signed_in(client, control, at_google=MODERATED, cached=MODERATED)
    client.post(url, form_data(access_type="OPEN", auto_recording_generation="ON"))
    operation = settled(google_operations().get())
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
    client.post(
        _alice_signed_in(client, control, at_google=unmoderated, cached=unmoderated),
        {"access_type": "OPEN", "moderation": "OFF", "loaded": json.dumps(SpaceSettingsForm.initial_from(unmoderated))},
    )
    operation = settled(google_operations().get())
    assert operation.state == Operation.State.SUCCEEDED, operation.result_message
    assert operation.result_message == "Settings changed: who can join."


@pytest.mark.django_db
def test_a_form_loaded_before_someone_elses_change_sends_only_its_own_change(client, space):
    """carol (IT admin) made it Restricted after alice opened the form; alice changed only recording."""
    Space.objects.filter(pk=space.pk).update(config={**MODERATED, "accessType": "RESTRICTED"})
    client.force_login(person("alice@example.com"))
    url = reverse("spaces:space_settings", args=["AliceHere001"])
    response = client.post(url, form_data(auto_recording_generation="ON"))  # access_type still shows TRUSTED
    assert response.status_code == 302
    operation = google_operations().get()
    assert operation.params["updateMask"] == ["config.artifactConfig.recordingConfig.autoRecordingGeneration"]


@pytest.mark.django_db
def test_a_change_to_a_field_that_moved_since_the_form_was_loaded_shows_both_values(client, space):
    Space.objects.filter(pk=space.pk).update(config={**MODERATED, "accessType": "RESTRICTED"})
    client.force_login(person("alice@example.com"))
    url = reverse("spaces:space_settings", args=["AliceHere001"])
    conflict = client.post(url, form_data(access_type="OPEN"))
    page = conflict.content.decode()
    assert conflict.status_code == 409
    assert "<td>who can join</td><td>Open</td><td>Restricted</td>" in page
    assert google_operations().count() == 0
    # Saving the form as shown again is the person's choice: now judged against the current value.
    loaded = json.loads(page.split('name="loaded" value="')[1].split('"')[0].replace("&quot;", '"'))
    assert loaded["access_type"] == "RESTRICTED"
    assert client.post(url, {**form_data(access_type="OPEN"), "loaded": json.dumps(loaded)}).status_code == 302
    assert google_operations().get().params["updateMask"] == ["config.accessType"]


@pytest.mark.django_db
def test_a_settings_form_without_its_loaded_values_is_refused_with_a_message(client, space):
    client.force_login(person("alice@example.com"))
    url = reverse("spaces:space_settings", args=["AliceHere001"])
    for loaded in (None, "not json", '{"nope": "x"}', '["a"]'):
        data = form_data(access_type="OPEN")
        data.pop("loaded") if loaded is None else data.update(loaded=loaded)
        response = client.post(url, data)
        assert response.status_code == 422
        assert "open the settings again" in response.content.decode()
    assert google_operations().count() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("celery_worker")
def test_the_worker_does_not_patch_a_field_google_shows_moved_since_the_form_was_loaded(client, control):
    """The cache had not seen carol's change yet; Google had: the worker's own read just before the patch."""
    restricted = {**MODERATED, "accessType": "RESTRICTED"}
    client.post(
        _alice_signed_in(client, control, at_google=restricted, cached=MODERATED), form_data(access_type="OPEN")
    )
    operation = settled(google_operations().get())
    assert (operation.state, operation.error_status) == (Operation.State.FAILED, "CONFLICT")
    assert "who can join is now Restricted at Google" in operation.result_message
    assert "you asked for Open" in operation.result_message
    assert "/spaces/AliceHere001/settings/" in operation.result_message
    assert control.calls(method="meet.spaces.patch") == []
    assert (
        as_google_sees_it(control, "alice@example.com", "spaces/AliceHere001")["config"]["accessType"] == "RESTRICTED"
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("celery_worker")
@pytest.mark.parametrize("shape", ["FULL", "SPARSE"])
def test_settings_work_whether_google_shows_every_field_or_only_some(client, control, shape):
    """Published answers show a fresh space's `accessType` and `entryPointAccess` only (the rest is a default of
    the user or the admin); the emulator's freshSpaceConfig switch answers either way, and nothing assumes a field."""
    control.seed(seed_document(spaces=[{"id": "AliceFresh01", "owner": "alice@example.com", "project": PROJECT}]))
    control.set_switches(freshSpaceConfig=shape)
    alice = sign_in(control, "alice@example.com")
    space = Space.objects.create(name="spaces/AliceFresh01", owner_email=alice.email, made_by_meetadmin=True)
    refreshed = settled(services.space_refresh(space=space, identity=decide(alice, space, Action.REFRESH).identity))
    assert refreshed.state == Operation.State.SUCCEEDED, refreshed.result_message
    cached = Space.objects.get(pk="spaces/AliceFresh01").config
    assert ("moderation" in cached) == (shape == "FULL")
    client.force_login(alice)
    url = reverse("spaces:space_settings", args=["AliceFresh01"])
    assert client.get(url).status_code == 200
    assert client.get(reverse("spaces:space", args=["AliceFresh01"])).status_code == 200
    loaded = SpaceSettingsForm.initial_from(cached)
    client.post(url, {**loaded, "loaded": json.dumps(loaded), "moderation": "ON"})
    changed = settled(Operation.objects.get(kind=Operation.Kind.PATCH))
    assert changed.state == Operation.State.SUCCEEDED, changed.result_message
    assert changed.result_message == "Settings changed: host management."
    assert as_google_sees_it(control, "alice@example.com", "spaces/AliceFresh01")["config"]["moderation"] == "ON"
