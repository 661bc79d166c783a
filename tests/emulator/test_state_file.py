"""With a state file, the world survives a restart: users, apps, tokens, spaces, members, conferences, the clock."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import requests

from google_emulator.control.client import EmulatorControl
from google_emulator.server import start
from tests.support.meet_http import ALL_SCOPES, MEETADMIN, MeetHttp

REPO = Path(__file__).resolve().parents[2]


def test_the_world_survives_a_restart(tmp_path):
    state = tmp_path / "emulator.json"
    with start(seed="demo", state_file=str(state)) as first:
        control = EmulatorControl(first.url)
        token = control.token("alice@example.com", MEETADMIN, ALL_SCOPES)
        alice = MeetHttp(first.url, token["access_token"])
        created = alice.post("spaces", json={"config": {"accessType": "OPEN"}}).json()
        member = alice.post(f"{created['name']}/members", json={"email": "dave@example.com"}).json()
        record = control.start_conference(created["name"], [{"email": "dave@example.com"}])
        control.advance_clock(120)
        clock_before = control.now()
    assert state.exists()

    with start(seed="empty", state_file=str(state)) as second:
        alice = MeetHttp(second.url, token["access_token"])  # the token is still valid
        space = alice.get(created["name"]).json()
        assert space["meetingCode"] == created["meetingCode"]
        assert space["config"]["accessType"] == "OPEN"
        assert space["activeConference"]["conferenceRecord"] == record["name"]
        assert alice.get(member["name"]).json()["email"] == "dave@example.com"
        assert alice.get("spaces/AliceLive003").status_code == 200  # the demo seed, from the file
        assert EmulatorControl(second.url).now() >= clock_before


def test_the_state_file_is_json(tmp_path):
    state = tmp_path / "emulator.json"
    with start(seed="demo", state_file=str(state)):
        pass
    document = json.loads(state.read_text())
    assert {"directory", "spaces", "conferences", "clockOffsetSeconds"} <= set(document)


def test_the_command_line_serves_and_keeps_state(tmp_path):
    state = tmp_path / "cli-state.json"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "google_emulator",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--seed",
            "demo",
            "--state",
            str(state),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        url = line.split("serving on ")[1].split()[0]
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                response = requests.get(f"{url}/_emulator/spaces", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.05)
        names = {space["name"] for space in response.json()}
        assert "spaces/AliceLive003" in names
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert state.exists()


def test_each_change_is_saved_at_once(tmp_path):
    state = tmp_path / "emulator.json"
    with start(seed="demo", state_file=str(state)) as running:
        control = EmulatorControl(running.url)
        alice = MeetHttp(running.url, control.token("alice@example.com", MEETADMIN, ALL_SCOPES)["access_token"])
        alice.patch("spaces/AliceQuiet01", json={"config": {"accessType": "RESTRICTED"}})
        saved = json.loads(state.read_text())  # read while the emulator still runs
    quiet = next(s for s in saved["spaces"]["spaces"] if s["space_id"] == "AliceQuiet01")
    assert quiet["config"]["accessType"] == "RESTRICTED"


def test_a_seed_document_file_can_be_given_by_path(tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps({"spaces": [{"id": "FromFile0001", "owner": "zoe@example.com", "project": "p"}]}))
    with start(seed=str(seed)) as running:
        names = [space["name"] for space in EmulatorControl(running.url).spaces()]
    assert names == ["spaces/FromFile0001"]


def test_the_meet_audit_log_survives_a_restart(tmp_path):
    # Activities are history the emulator keeps (Google drops them only after 180 days), with their identity.
    state = tmp_path / "emulator.json"
    with start(seed="demo", state_file=str(state)) as first:
        control = EmulatorControl(first.url)
        control.set_reports_settings(lagSeconds=120, filteredQueriesPerMinute=7)
        control.add_reports_activities([{"time": {"hoursAgo": 1}, "actor": {"email": "dave@example.com"}}])
        before = control.reports_activities()
    with start(seed="empty", state_file=str(state)) as second:
        control = EmulatorControl(second.url)
        after = control.reports_activities()
        assert [a["id"] for a in after] == [a["id"] for a in before]
        assert len(after) == 8  # the seven sessions of the demo's past calls, and the one added
        assert control.reports_settings() == {
            "lagSeconds": 120,
            "queriesPerMinutePerUser": 2400,
            "filteredQueriesPerMinute": 7,
        }
