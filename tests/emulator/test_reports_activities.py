"""The Reports API's Meet activities over HTTP: written from the emulator's conferences, late, kept 180 days,
read only by an administrator with the audit scope, filtered and paged as Google's reference says."""

from __future__ import annotations

import pytest

from google_emulator.control.client import EmulatorControlError
from tests.support.reports_log import (
    ADMIN,
    AUDIT,
    GUEST,
    LAG_SECONDS,
    OTHER_OWNER,
    OWNER,
    admin_token,
    items,
    list_activities,
    parameters,
    reader,
    reports_error,
    workspace,
)


def test_a_participant_who_leaves_is_logged_only_after_the_lag(emulator, control):
    space = workspace(control)
    read = reader(emulator.url, control)
    control.join(space, {"email": GUEST})
    control.join(space, {"anonymous": "Visitor"})
    control.join(space, {"phone": "+1 555-0100"})
    control.advance_clock(600)
    control.leave(space, {"email": GUEST})

    assert items(read(eventName="call_ended")) == []
    control.advance_clock(LAG_SECONDS - 60)
    assert items(read()) == [], "still inside the 30-minute lag"
    control.advance_clock(61)

    (left,) = items(read(eventName="call_ended"))
    found = parameters(left)
    assert left["id"]["applicationName"] == "meet"
    assert left["id"]["customerId"].startswith("C")
    assert left["actor"]["email"] == GUEST
    assert left["actor"]["profileId"]
    assert left["events"][0]["type"] == "call"
    assert left["events"][0]["name"] == "call_ended"
    assert found["meeting_code"] == "abc-mnop-xyz"
    assert found["organizer_email"] == OWNER
    assert (found["identifier"], found["identifier_type"], found["is_external"]) == (GUEST, "email_address", False)
    assert found["device_type"] == "web"
    assert found["display_name"]
    assert found["duration_seconds"] == "600"

    # The two still in the call are not in the log; once the call ends they are, after the lag again.
    control.end_conference(space)
    assert len(items(read())) == 1
    control.advance_clock(LAG_SECONDS)
    by_device = {parameters(a)["device_type"]: parameters(a) for a in items(read())}
    assert by_device["pstn_in"]["identifier_type"] == "phone_number"
    assert by_device["pstn_in"]["identifier"] == "+1 555-0100"
    anonymous = [parameters(a) for a in items(read()) if "identifier" not in parameters(a)]
    assert [(p["display_name"], p["is_external"]) for p in anonymous] == [("Visitor", True)]


def test_the_lag_is_a_control_setting(emulator, control):
    space = workspace(control)
    read = reader(emulator.url, control)
    control.set_reports_settings(lagSeconds=0)
    control.start_conference(space, [{"email": GUEST}])
    control.end_conference(space)
    assert len(items(read())) == 1
    assert control.reports_settings()["lagSeconds"] == 0


def test_activities_are_gone_after_180_days(emulator, control):
    space = workspace(control)
    read = reader(emulator.url, control)
    control.start_conference(space, [{"email": GUEST}])
    control.end_conference(space)
    control.add_reports_activities(
        [{"time": {"daysAgo": 179}, "actor": {"email": GUEST}, "parameters": {"meeting_code": "old-code-xyz"}}]
    )
    control.advance_clock(LAG_SECONDS)
    assert len(items(read())) == 2
    control.advance_clock(2 * 86400)
    (left,) = items(read())
    assert parameters(left)["meeting_code"] == "abc-mnop-xyz"
    control.advance_clock(179 * 86400)
    assert items(read()) == []
    assert control.reports_activities() == []


def test_a_reused_meeting_code_names_another_organizer_and_conference_over_time(emulator, control):
    first = workspace(control, code="reu-sedc-ode")
    second = control.add_space(OTHER_OWNER, "reports-tests")["name"]
    read = reader(emulator.url, control)
    control.start_conference(first, [{"email": GUEST}])
    control.end_conference(first)
    control.advance_clock(3600)
    control.reassign_code("reu-sedc-ode", second)
    control.start_conference(second, [{"email": GUEST}])
    control.end_conference(second)
    control.advance_clock(LAG_SECONDS)

    newest, oldest = items(read(filters="meeting_code==reu-sedc-ode"))
    assert parameters(newest)["organizer_email"] == OTHER_OWNER
    assert parameters(oldest)["organizer_email"] == OWNER
    assert parameters(newest)["conference_id"] != parameters(oldest)["conference_id"]
    assert newest["id"]["time"] > oldest["id"]["time"]


def test_an_organizer_outside_the_workspace_comes_from_an_added_activity(emulator, control):
    read = reader(emulator.url, control)
    control.add_reports_activities(
        [
            {
                "time": {"hoursAgo": 2},
                "actor": {"email": GUEST},
                "parameters": {
                    "meeting_code": "ext-erna-lor",
                    "organizer_email": "boss@partner.test",
                    "is_external": False,
                },
            }
        ]
    )
    (activity,) = items(read(filters="meeting_code==ext-erna-lor"))
    assert parameters(activity)["organizer_email"] == "boss@partner.test"


def test_only_an_administrator_with_the_audit_scope_reads_the_log(emulator, control):
    workspace(control)
    reports_error(list_activities(emulator.url, None), 401, "required")
    reports_error(list_activities(emulator.url, "ya29.not-a-token"), 401, "authError")
    not_admin = control.token(OWNER, "reports-tests.apps.googleusercontent.com", [AUDIT])["access_token"]
    error = reports_error(list_activities(emulator.url, not_admin), 401, "authError")
    assert error["message"] == "Access denied. You are not authorized to read activity records."
    without_scope = admin_token(control, scopes=("https://www.googleapis.com/auth/meetings.space.readonly",))
    error = reports_error(list_activities(emulator.url, without_scope), 403, "insufficientPermissions")
    assert error["message"] == "Request had insufficient authentication scopes."
    assert items(list_activities(emulator.url, admin_token(control))) == []
    # An administrator reads their own Workspace's log, not another's.
    reports_error(list_activities(emulator.url, admin_token(control), customerId="C0another"), 401, "authError")
    assert list_activities(emulator.url, admin_token(control), customerId="my_customer").status_code == 200


def test_bad_parameters_are_refused_as_google_refuses_them(emulator, control):
    read = reader(emulator.url, control)
    reports_error(read(filters="meeting_code"), 400, "invalidParameter")
    for size in ("0", "1001", "many"):
        reports_error(read(maxResults=size), 400, "invalidParameter")
    reports_error(read(startTime="yesterday"), 400, "invalidParameter")
    error = reports_error(
        read(startTime="2026-01-02T00:00:00Z", endTime="2026-01-01T00:00:00Z"),
        400,
        "invalid",
    )
    assert error["message"] == "Invalid request: Start time is after end time."
    reports_error(read(startTime="2999-01-01T00:00:00Z"), 400, "invalid")
    reports_error(read(application="bogus"), 400, "invalidParameter")
    reports_error(read(user_key="nobody@example.com"), 404, "notFound")
    # Another application's log is empty here; an unknown query parameter is ignored, as the reference says.
    assert items(read(application="drive")) == []
    assert read(notAParameter="x").status_code == 200


def test_filters_compare_each_parameter_as_its_type(emulator, control):
    space = workspace(control)
    read = reader(emulator.url, control)
    control.set_reports_settings(lagSeconds=0)
    control.join(space, {"email": GUEST})
    control.join(space, {"email": "erin@otherco.test"})
    control.advance_clock(120)
    control.leave(space, {"email": GUEST})
    control.advance_clock(600)
    control.end_conference(space)

    def who(**params):
        return sorted(parameters(a)["identifier"] for a in items(read(**params)))

    assert who(filters="is_external==true") == ["erin@otherco.test"]
    assert who(filters="duration_seconds>=600") == ["erin@otherco.test"]
    assert who(filters="duration_seconds<600") == [GUEST]
    assert who(filters=f"identifier<>{GUEST},organizer_email=={OWNER}") == ["erin@otherco.test"]
    assert who(filters="duration_seconds>100,duration_seconds<=120") == [GUEST]
    assert who(filters="no_such_parameter==1") == [], "a parameter the event does not have: an empty report"
    assert who(eventName="presentation_started") == []
    assert who(user_key=GUEST) == [GUEST]


def test_paging_through_with_max_results(emulator, control):
    read = reader(emulator.url, control)
    control.add_reports_activities(
        [
            {"time": {"minutesAgo": 60 + n}, "actor": {"email": ADMIN}, "parameters": {"duration_seconds": n}}
            for n in range(25)
        ]
    )
    seen, page_token, pages = [], None, 0
    while True:
        params = {"maxResults": 10, **({"pageToken": page_token} if page_token else {})}
        response = read(**params)
        body = response.json()
        seen += items(response)
        pages += 1
        page_token = body.get("nextPageToken")
        if not page_token:
            break
        # A token belongs to the query that gave it.
        reports_error(
            read(maxResults=10, pageToken=page_token, eventName="x"),
            400,
            "invalidParameter",
        )
    assert pages == 3
    assert [int(parameters(a)["duration_seconds"]) for a in seen] == list(range(25)), "newest first, each once"
    reports_error(read(pageToken="forged"), 400, "invalidParameter")


def test_the_reports_quota_answers_503_beyond_the_filtered_queries_per_minute(emulator, control):
    read = reader(emulator.url, control)
    control.set_reports_settings(filteredQueriesPerMinute=2)
    for _ in range(2):
        assert read(eventName="call_ended").status_code == 200
    reports_error(read(eventName="call_ended"), 503, "rateLimitExceeded")
    assert read().status_code == 200, "an unfiltered query is not a filtered one"
    control.advance_clock(61)
    assert read(eventName="call_ended").status_code == 200
    calls = control.calls(method="reports.activities.list")
    assert [call["status"] for call in calls].count(503) == 1


def test_a_page_token_keeps_its_place_while_the_log_grows(emulator, control):
    # A backfill pages through a window while calls keep ending: later pages neither repeat nor skip.
    read = reader(emulator.url, control)
    control.add_reports_activities(
        [
            {"time": {"hoursAgo": 2, "minutesAgo": n}, "actor": {"email": ADMIN}, "parameters": {"n": n}}
            for n in range(6)
        ]
    )
    first = read(maxResults=3)
    assert [parameters(a)["n"] for a in items(first)] == ["0", "1", "2"]
    control.add_reports_activities(
        [
            {"time": {"minutesAgo": 5}, "actor": {"email": ADMIN}, "parameters": {"n": "newer"}},
            {"time": {"hoursAgo": 3}, "actor": {"email": ADMIN}, "parameters": {"n": "older"}},
        ]
    )
    rest = items(read(maxResults=10, pageToken=first.json()["nextPageToken"]))
    assert [parameters(a)["n"] for a in rest] == ["3", "4", "5", "older"]


def test_the_control_routes_refuse_what_they_cannot_use(emulator, control):
    with pytest.raises(EmulatorControlError, match="400"):
        control.set_reports_settings(lagSeconds=-1)
    with pytest.raises(EmulatorControlError, match="400"):
        control.set_reports_settings(lagMinutes=5)
    with pytest.raises(EmulatorControlError, match="400"):
        control.add_reports_activities([{"actor": {"email": ADMIN}}])
    with pytest.raises(EmulatorControlError, match="400"):
        control.add_reports_activities([{"time": {"minutesAgo": 1}, "actor": {}, "parameters": {}}])
    with pytest.raises(EmulatorControlError, match="400"):
        control.add_reports_activities(
            [{"time": {"minutesAgo": 1}, "actor": {"email": ADMIN}, "parameters": {"x": [1]}}]
        )
    assert control.reports_activities() == []


def test_an_expired_code_stays_in_the_activities_written_while_it_was_the_spaces(emulator, control):
    space = workspace(control, code="old-code-abc")
    read = reader(emulator.url, control)
    control.set_reports_settings(lagSeconds=0)
    control.start_conference(space, [{"email": GUEST}])
    control.end_conference(space)
    control.advance_clock(60)
    fresh = control.expire_code(space)["meetingCode"]
    control.start_conference(space, [{"email": GUEST}])
    control.end_conference(space)
    assert [parameters(a)["meeting_code"] for a in items(read())] == [fresh, "old-code-abc"]
    assert len(items(read(filters="meeting_code==old-code-abc"))) == 1
