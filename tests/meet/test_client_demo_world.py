"""The demo Workspace read end to end through the client, as the demo's workers will read it.

Every record parsed from the seeded world must leave nothing in `extra`: anything there is a field our records do
not model (or the emulator invented), which this test catches before a user does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from meet_client import MeetClient, delegated_credentials

DEMO_KEY = Path(__file__).resolve().parents[2] / "google_emulator" / "seeds" / "demo-service-account.json"


@pytest.fixture
def alice_by_delegation(emulator, control):
    control.seed_builtin("demo")
    credentials = delegated_credentials(
        json.loads(DEMO_KEY.read_text()), subject="alice@example.com", token_uri=f"{emulator.url}/token"
    )
    with MeetClient(credentials, base_url=emulator.url) as client:
        yield client


def assert_fully_modelled(record):
    assert dict(record.extra) == {}, f"{type(record).__name__} has unmodelled fields {dict(record.extra)}"


def test_every_conference_record_of_alice_and_everything_under_it_parses(alice_by_delegation):
    meet = alice_by_delegation
    records = list(meet.list_conference_records(page_size=1))
    assert len(records) >= 3  # one running, two past (demo seed)
    assert [record.start_time for record in records] == sorted((r.start_time for r in records), reverse=True)
    assert sum(record.is_active for record in records) >= 1
    seen = {"participants": 0, "recordings": 0, "transcripts": 0, "smart notes": 0}
    for record in records:
        assert_fully_modelled(record)
        for participant in meet.list_participants(record, page_size=2):
            assert_fully_modelled(participant)
            assert participant.display_name
            seen["participants"] += 1
        for recording in meet.list_recordings(record, page_size=1):
            assert_fully_modelled(recording)
            seen["recordings"] += 1
        for transcript in meet.list_transcripts(record, page_size=1):
            assert_fully_modelled(transcript)
            seen["transcripts"] += 1
        for note in meet.list_smart_notes(record, page_size=1):
            assert_fully_modelled(note)
            seen["smart notes"] += 1
    assert all(count > 0 for count in seen.values()), seen


def test_alices_running_conference_has_dave_a_guest_and_a_caller(alice_by_delegation):
    meet = alice_by_delegation
    (running,) = [record for record in meet.list_conference_records(filter="end_time IS NULL")]
    space = meet.get_space(running.space)
    assert_fully_modelled(space)
    assert space.active_conference.conference_record == running.name
    people = list(meet.list_participants(running, filter="latest_end_time IS NULL"))
    kinds = sorted("user" if p.signedin_user else "guest" if p.anonymous_user else "phone" for p in people)
    assert kinds == ["guest", "phone", "user"]
