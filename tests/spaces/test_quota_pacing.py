"""Quota pacing: a worker waits for a token instead of provoking 429s, and still uses the quota it has."""

from __future__ import annotations

import bisect
from datetime import datetime, timedelta

import pytest

from embedded.waiting import wait_for
from spaces import quota_buckets
from spaces.models import Operation, Space
from spaces.services import spaces_refresh_stale
from tests.support.signed_in_people import sign_in
from tests.support.worker_process import WorkerProcess
from tests.support.workspace_seed import PROJECT, seed_document

QUEUE = "pacing-tests"
SPACES = 1000
OWNERS = 20  # 50 spaces each: no owner nears Google's 600 reads per user per minute...
READS_PER_MINUTE = 1200  # ...but the project's read quota is lowered from 6,000 to this for the test


def test_a_bucket_never_allows_more_than_the_quota_in_any_minute(settings):
    settings.MEET_QUOTAS = {**settings.MEET_QUOTAS, "creates_per_user": 10}
    bucket = quota_buckets.buckets_for("alice@example.com", "create")[0]
    refill_per_ms, capacity = bucket.arguments(settings.MEET_QUOTA_MARGIN)
    assert capacity + refill_per_ms * 60_000 <= 10


def test_kind_of_method():
    assert quota_buckets.kind_of("meet.spaces.create") == "create"
    assert quota_buckets.kind_of("meet.spaces.get") == "read"
    assert quota_buckets.kind_of("meet.conferenceRecords.participants.list") == "read"
    assert quota_buckets.kind_of("meet.spaces.endActiveConference") == "write"
    assert quota_buckets.kind_of("meet.spaces.members.batchUpdate") == "write"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_paced_refresh_of_a_thousand_spaces_stays_within_the_quota(control, worker_env, settings):
    settings.INTERACTIVE_QUEUE = settings.BULK_QUEUE = QUEUE
    owners = [f"owner{number:02d}@example.com" for number in range(OWNERS)]
    document = seed_document(
        spaces=[
            {"id": f"Paced{number:07d}", "owner": owners[number % OWNERS], "project": PROJECT}
            for number in range(SPACES)
        ]
    )
    document["users"] += [{"email": email, "displayName": email} for email in owners]
    control.seed(document)
    control.set_quotas(reads_per_project=READS_PER_MINUTE)
    people = [sign_in(control, email) for email in owners]
    Space.objects.bulk_create(
        # made_by_checked: the one-time "made by meetadmin?" probe is not what this test measures.
        Space(name=f"spaces/Paced{number:07d}", owner_email=owners[number % OWNERS], made_by_checked=True)
        for number in range(SPACES)
    )
    worker = WorkerProcess(
        {**worker_env, "MEET_QUOTAS": f"reads_per_project={READS_PER_MINUTE}"}, concurrency=2, queues=QUEUE
    ).start()
    try:
        for person in people:
            spaces_refresh_stale(spaces=Space.objects.filter(owner_email=person.email), viewer=person)
        wait_for(
            lambda: not Operation.objects.filter(state__in=Operation.UNSETTLED).exists(),
            timeout=180,
            interval=0.5,
            what="every refresh to settle",
        )
    finally:
        worker.stop()
    assert Operation.objects.filter(state=Operation.State.SUCCEEDED).count() == SPACES
    gets = control.calls(method="meet.spaces.get")
    assert [call for call in gets if call["status"] == 429] == []
    assert len(gets) == SPACES
    times = sorted(datetime.fromisoformat(call["time"].replace("Z", "+00:00")) for call in gets)
    for index, start in enumerate(times):  # no sliding minute holds more calls than the quota
        in_window = bisect.bisect_left(times, start + timedelta(seconds=60)) - index
        assert in_window <= READS_PER_MINUTE
    seconds = (times[-1] - times[0]).total_seconds()
    per_minute = (len(times) - 1) / seconds * 60
    print(f"paced refresh: {len(times)} gets in {seconds:.1f}s = {per_minute:.0f}/min against {READS_PER_MINUTE}/min")
    assert per_minute <= READS_PER_MINUTE
