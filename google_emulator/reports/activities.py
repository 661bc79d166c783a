"""The Meet audit log: activities as the Reports API keeps them, and how the emulator's conferences write them.

Google writes one `call_ended` activity per endpoint that leaves a call (Meet's "Call event" type, `type=call`).
Here every participant session that has ended in the emulator's conferences becomes one, gathered from the
conference store the first time the log is read after it ended (`harvest`), so that the log needs nothing from
the Meet API but the sessions it already keeps. An activity shows only once the log's lag has passed since it
happened, and is gone 180 days after. Raw activities can also be added (`add`), for what the emulator's conferences
cannot produce (an organizer outside the Workspace, months of backfill).

Pure state, no locking (the World holds the lock), no HTTP.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from google_emulator.core.clock import parse_rfc3339, rfc3339

RETENTION = timedelta(days=180)
DEFAULT_LAG = timedelta(minutes=30)
MEET = "meet"
CALL_ENDED = "call_ended"
CALL = "call"
# Google's placeholder profile id for an actor who is no user of the Workspace (Activity.actor.profileId).
PLACEHOLDER_PROFILE_ID = "105250506097979753968"
SIGNED_IN, ANONYMOUS, PHONE = "signedinUser", "anonymousUser", "phoneUser"


def customer_id(domain: str) -> str:
    """A stable stand-in for the Workspace account's customer id (`C` and a few letters and digits)."""
    digest = int(hashlib.sha256(domain.lower().encode()).hexdigest(), 16)
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    for _ in range(8):
        digest, index = divmod(digest, len(alphabet))
        text += alphabet[index]
    return "C0" + text


def unique_qualifier(source: str) -> str:
    """Google's int64 `id.uniqueQualifier`, stable for one source (a participant session, an added activity)."""
    return str(int(hashlib.sha256(source.encode()).hexdigest(), 16) % 2**63)


def parameter(name: str, value: str | int | bool) -> dict[str, Any]:
    """An event parameter as Google writes it: text in `value`, numbers in `intValue` (a string), `boolValue`."""
    if isinstance(value, bool):
        return {"name": name, "boolValue": value}
    if isinstance(value, int):
        return {"name": name, "intValue": str(value)}
    return {"name": name, "value": str(value)}


def _domain(email: str | None) -> str | None:
    return email.rsplit("@", 1)[-1].lower() if email and "@" in email else None


@dataclass
class Activity:
    source: str  # "session:{id}" for a harvested session, "added:{n}" for an added activity
    time: datetime
    customer: str
    actor: dict[str, Any]
    event_name: str
    event_type: str
    parameters: list[dict[str, Any]]
    application: str = MEET
    unique: str = field(default="")

    def __post_init__(self) -> None:
        if not self.unique:
            self.unique = unique_qualifier(self.source)

    @property
    def order(self) -> tuple[datetime, int]:
        return self.time, int(self.unique)

    def parameters_by_name(self) -> dict[str, dict[str, Any]]:
        return {item["name"]: item for item in self.parameters}

    def concerns(self, user_key: str) -> bool:
        """`userKey` is an address or a profile id: the actor's."""
        email = str(self.actor.get("email", "")).lower()
        return user_key.lower() == email or user_key == self.actor.get("profileId")

    def resource(self) -> dict[str, Any]:
        identity = {
            "time": rfc3339(self.time)[:-4] + "Z",  # milliseconds, as Google writes them
            "uniqueQualifier": self.unique,
            "applicationName": self.application,
            "customerId": self.customer,
        }
        etag = hashlib.sha256(f"{self.source}|{self.unique}".encode()).hexdigest()[:27]
        return {
            "kind": "admin#reports#activity",
            "id": identity,
            "etag": f'"{etag}"',
            "actor": dict(self.actor),
            "events": [{"type": self.event_type, "name": self.event_name, "parameters": list(self.parameters)}],
        }

    def to_state(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "time": rfc3339(self.time),
            "customer": self.customer,
            "actor": self.actor,
            "eventName": self.event_name,
            "eventType": self.event_type,
            "parameters": self.parameters,
            "application": self.application,
            "unique": self.unique,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Activity:
        return cls(
            source=state["source"],
            time=parse_rfc3339(state["time"]),
            customer=state["customer"],
            actor=state["actor"],
            event_name=state["eventName"],
            event_type=state["eventType"],
            parameters=state["parameters"],
            application=state["application"],
            unique=state["unique"],
        )


# Who a user is, for the activity's actor: (email) -> (profile id, domain) or None for no such user.
UserLookup = Callable[[str], "tuple[str, str] | None"]


def call_ended(ending: dict[str, Any], organizer: str | None, user_of: UserLookup) -> Activity:
    """The `call_ended` activity of one ended participant session (`ConferenceStore.ended_sessions` gives them).

    Its parameters are the ones Google documents for the event; the emulator's participants map to them so:
    a signed-in person is identified by address (`email_address`), on the `web`; a phone participant by its number
    (`phone_number`), `pstn_in`; an anonymous guest has no identifier, on the `web`. `is_external`: a person of
    another domain than the organizer's, and every anonymous guest.
    """
    kind, email, name = ending["kind"], ending.get("email"), ending.get("displayName") or ""
    organizer_domain = _domain(organizer)
    found = user_of(email) if kind == SIGNED_IN and email else None
    parameters = [parameter("meeting_code", ending["meetingCode"])] if ending.get("meetingCode") else []
    parameters.append(parameter("conference_id", ending["recordId"]))
    if organizer:
        parameters.append(parameter("organizer_email", organizer))
    parameters.append(parameter("endpoint_id", ending["sessionId"]))
    if kind == SIGNED_IN and email:
        parameters += [parameter("identifier", email), parameter("identifier_type", "email_address")]
        external = _domain(email) != organizer_domain
        device = "web"
    elif kind == PHONE:
        parameters += [parameter("identifier", name), parameter("identifier_type", "phone_number")]
        external, device = False, "pstn_in"
    else:
        external, device = True, "web"
    if name:
        parameters.append(parameter("display_name", name))
    seconds = max(int((ending["end"] - ending["start"]).total_seconds()), 0)
    parameters += [
        parameter("device_type", device),
        parameter("is_external", external),
        parameter("duration_seconds", seconds),
    ]
    if found:
        actor: dict[str, Any] = {"callerType": "USER", "email": email, "profileId": found[0]}
    else:
        actor = {"callerType": "USER", "profileId": PLACEHOLDER_PROFILE_ID}
        if kind == SIGNED_IN and email:
            actor["email"] = email
    # The organizer's Workspace keeps the log of its meetings (an organizer unknown to it: the participant's).
    domain = organizer_domain or _domain(email) or ""
    return Activity(
        source=f"session:{ending['sessionId']}",
        time=ending["end"],
        customer=customer_id(domain),
        actor=actor,
        event_name=CALL_ENDED,
        event_type=CALL,
        parameters=parameters,
    )


class ActivityStore:
    """The audit log: activities by source, the lag before one shows, the page-token key."""

    def __init__(self, page_key: bytes, lag: timedelta = DEFAULT_LAG) -> None:
        self.page_key = page_key
        self.lag = lag
        self._activities: dict[str, Activity] = {}
        self._added = 0

    def harvest(
        self,
        endings: Iterable[dict[str, Any]],
        organizer_of: Callable[[str], str | None],
        user_of: UserLookup,
        now: datetime,
    ) -> None:
        """Writes a `call_ended` for every ended session not logged yet (and not already past retention)."""
        for ending in endings:
            source = f"session:{ending['sessionId']}"
            if source in self._activities or ending["end"] < now - RETENTION:
                continue
            self._activities[source] = call_ended(ending, organizer_of(ending["space"]), user_of)

    def add(
        self,
        *,
        time: datetime,
        domain: str,
        actor: dict[str, Any],
        parameters: dict[str, str | int | bool],
        event_name: str = CALL_ENDED,
        event_type: str = CALL,
        application: str = MEET,
    ) -> Activity:
        self._added += 1
        activity = Activity(
            source=f"added:{self._added}",
            time=time,
            customer=customer_id(domain),
            actor=actor,
            event_name=event_name,
            event_type=event_type,
            parameters=[parameter(name, value) for name, value in parameters.items()],
            application=application,
        )
        self._activities[activity.source] = activity
        return activity

    def visible(self, now: datetime) -> list[Activity]:
        """What the Reports API shows now, newest first: past the lag, within retention."""
        self.prune(now)
        shown = [activity for activity in self._activities.values() if activity.time + self.lag <= now]
        return sorted(shown, key=lambda activity: activity.order, reverse=True)

    def all(self) -> list[Activity]:
        return sorted(self._activities.values(), key=lambda activity: activity.order, reverse=True)

    def prune(self, now: datetime) -> None:
        for source in [s for s, activity in self._activities.items() if activity.time < now - RETENTION]:
            del self._activities[source]

    def to_state(self) -> dict[str, Any]:
        return {
            "pageTokenKey": self.page_key.hex(),
            "lagSeconds": self.lag.total_seconds(),
            "added": self._added,
            "activities": [activity.to_state() for activity in self._activities.values()],
        }

    @classmethod
    def from_state(cls, state: dict[str, Any], page_key: bytes) -> ActivityStore:
        key = bytes.fromhex(state["pageTokenKey"]) if state.get("pageTokenKey") else page_key
        store = cls(key, timedelta(seconds=state.get("lagSeconds", DEFAULT_LAG.total_seconds())))
        store._added = state.get("added", 0)
        for activity_state in state.get("activities", []):
            activity = Activity.from_state(activity_state)
            store._activities[activity.source] = activity
        return store
