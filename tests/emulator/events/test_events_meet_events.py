"""Meet's events for the emulator's own conferences reach every matching active subscription's topic, as
CloudEvents in Pub/Sub messages, read here from the publishing log."""

from __future__ import annotations

from tests.support.events_http import (
    ENDED,
    JOINED,
    LEFT,
    SPACE_TARGET,
    STARTED,
    TOPIC,
    EventsHttp,
    published,
    subscription_body,
)
from tests.support.meet_http import CREATED, MEETADMIN, READONLY, MeetHttp

DAVE = {"email": "dave@example.com"}
ARTIFACT_EVENTS = [
    f"google.workspace.meet.{artifact}.v2.{action}"
    for artifact in ("recording", "transcript", "smartNote")
    for action in ("started", "ended", "fileGenerated")
]


def _space_target(space: str) -> str:
    return SPACE_TARGET + space.removeprefix("spaces/")


def test_a_call_in_alices_space_publishes_started_joined_left_ended_with_cloudevents_attributes(
    alice_events, events_world, control
):
    alice_events.create_ok(subscription_body(_space_target(events_world.alice_space)))

    record = control.join(events_world.alice_space, DAVE)["name"].split("/participants/")[0]
    control.leave(events_world.alice_space, DAVE)
    control.end_conference(events_world.alice_space)

    messages = published(control)
    assert [m["attributes"]["ce-type"] for m in messages] == [STARTED, JOINED, LEFT, ENDED]
    started, joined, left, ended = messages
    assert started["data"] == {"conferenceRecord": {"name": record}}
    assert ended["data"] == {"conferenceRecord": {"name": record}}
    session = joined["data"]["participantSession"]["name"]
    assert session.startswith(f"{record}/participants/")
    assert "/participantSessions/" in session
    assert left["data"] == joined["data"]
    for message in messages:
        attributes = message["attributes"]
        assert message["topic"] == TOPIC
        assert attributes["ce-source"] == "//meet.googleapis.com/" + events_world.alice_space
        assert attributes["ce-subject"] == "//meet.googleapis.com/" + next(iter(message["data"].values()))["name"]
        assert attributes["ce-specversion"] == "1.0"
        assert attributes["ce-datacontenttype"] == "application/json"
        assert attributes["ce-time"].endswith("Z")
    assert len({m["attributes"]["ce-id"] for m in messages}) == 4


def test_only_the_event_types_subscribed_are_published(alice_events, events_world, control):
    alice_events.create_ok(subscription_body(_space_target(events_world.alice_space), [JOINED]))

    control.join(events_world.alice_space, DAVE)
    control.end_conference(events_world.alice_space)

    assert [m["attributes"]["ce-type"] for m in published(control)] == [JOINED]


def test_a_user_subscription_hears_every_space_alice_owns_and_nobody_elses(alice_events, events_world, control):
    alice_events.create_ok(subscription_body(events_world.alice_target, [STARTED]))

    for space in (
        events_world.alice_space,
        events_world.alice_second_space,
        events_world.alice_other_app_space,
        events_world.charlie_space,
    ):
        control.join(space, DAVE)

    sources = [m["attributes"]["ce-source"] for m in published(control)]
    assert sources == [
        "//meet.googleapis.com/" + space
        for space in (events_world.alice_space, events_world.alice_second_space, events_world.alice_other_app_space)
    ]


def test_when_a_conference_ends_everyone_still_in_it_leaves_first(alice_events, events_world, control):
    alice_events.create_ok(subscription_body(_space_target(events_world.alice_space)))
    control.start_conference(events_world.alice_space, [DAVE, {"anonymous": "Guest"}])

    control.end_conference(events_world.alice_space)

    assert [m["attributes"]["ce-type"] for m in published(control)] == [STARTED, JOINED, JOINED, LEFT, LEFT, ENDED]


def test_recordings_transcripts_and_smart_notes_start_end_and_their_files_follow_a_minute_later(
    alice_events, events_world, control
):
    alice_events.create_ok(subscription_body(_space_target(events_world.alice_space), ARTIFACT_EVENTS))
    control.join(events_world.alice_space, DAVE)
    recording = control.add_recording(events_world.alice_space)["name"]
    transcript = control.add_transcript(events_world.alice_space)["name"]
    note = control.add_smart_note(events_world.alice_space)["name"]

    control.end_conference(events_world.alice_space)
    before_files = [m["attributes"]["ce-type"].rsplit(".", 1)[-1] for m in published(control)]
    control.advance_clock(61)

    assert before_files == ["started"] * 3 + ["ended"] * 3
    generated = published(control)[6:]
    assert sorted((m["attributes"]["ce-type"], next(iter(m["data"].values()))["name"]) for m in generated) == sorted(
        [
            ("google.workspace.meet.recording.v2.fileGenerated", recording),
            ("google.workspace.meet.transcript.v2.fileGenerated", transcript),
            ("google.workspace.meet.smartNote.v2.fileGenerated", note),
        ]
    )
    assert list(generated[0]["data"]) in (["recording"], ["transcript"], ["smartNote"])


def test_a_suspended_or_deleted_subscription_hears_nothing(emulator, alice_events, events_world, control):
    suspended = alice_events.create_ok(subscription_body(events_world.alice_target))
    deleted = alice_events.create_ok(subscription_body(_space_target(events_world.alice_space)))
    control.revoke(events_world.alice_token["refresh_token"])
    # Reconnecting lifts the cause, but a suspended subscription stays so until it is reactivated.
    reconnected = control.token("alice@example.com", MEETADMIN, [READONLY])
    EventsHttp(emulator.url, reconnected["access_token"]).request("DELETE", deleted["name"])
    control.clear_published()

    control.join(events_world.alice_space, DAVE)

    assert published(control) == []
    states = {s["name"]: s["state"] for s in control.event_subscriptions()}
    assert states == {suspended["name"]: "SUSPENDED"}


def test_ending_through_the_meet_api_publishes_the_end(emulator, alice_events, events_world, control):
    alice_events.create_ok(subscription_body(_space_target(events_world.alice_space), [ENDED]))
    control.join(events_world.alice_space, DAVE)
    meet = MeetHttp(emulator.url, control.token("alice@example.com", MEETADMIN, [CREATED])["access_token"])

    ended = meet.call("meet.spaces.endActiveConference", name=events_world.alice_space, body={})

    assert ended.status_code == 200, ended.text
    assert [m["attributes"]["ce-type"] for m in published(control)] == [ENDED]
