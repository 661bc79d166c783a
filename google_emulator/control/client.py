"""`EmulatorControl`: a small client of the emulator's control surface, for tests and the demo.

Every method is one real HTTP call to `/_emulator/...`; see docs/emulator.md for the routes it uses.
"""

from __future__ import annotations

from typing import Any

import requests


class EmulatorControlError(RuntimeError):
    pass


class EmulatorControl:
    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()

    def _call(self, method: str, route: str, body: Any = None, params: dict[str, Any] | None = None) -> Any:
        response = self.session.request(
            method, f"{self.base_url}/_emulator/{route}", json=body, params=params, timeout=self.timeout
        )
        if response.status_code >= 400:
            raise EmulatorControlError(f"{method} /_emulator/{route}: {response.status_code} {response.text}")
        return response.json()

    # --- the world ---
    def reset(self) -> None:
        self._call("POST", "reset")

    def seed(self, doc: dict[str, Any]) -> dict[str, Any]:
        return self._call("POST", "seed", doc)

    def seed_builtin(self, name: str) -> dict[str, Any]:
        return self._call("POST", "seed", params={"name": name})

    def state(self) -> dict[str, Any]:
        return self._call("GET", "state")

    # --- identities ---
    def users(self) -> list[dict[str, Any]]:
        return self._call("GET", "users")

    def add_user(
        self,
        email: str,
        display_name: str | None = None,
        hosted_domain: str | None = None,
        email_verified: bool | None = None,
        is_admin: bool | None = None,
    ) -> dict[str, Any]:
        """hosted_domain: None keeps the default (the e-mail's domain, none for gmail.com), "" makes no `hd`;
        is_admin: a Workspace administrator, who may read the Reports API's audit log."""
        body: dict[str, Any] = {"email": email, "displayName": display_name, "isAdmin": is_admin}
        if hosted_domain is not None:
            body["hostedDomain"] = hosted_domain
        if email_verified is not None:
            body["emailVerified"] = email_verified
        return self._call("POST", "users", body)

    def recreate_user(self, email: str, user_id: str | None = None) -> dict[str, Any]:
        """Delete the account at `email` and make a new one there: a new `sub`, the old tokens revoked."""
        return self._call("POST", "users/recreate", {"email": email, "id": user_id})

    def add_oauth_client(
        self, client_id: str, client_secret: str, project: str, redirect_uris: Any = ()
    ) -> dict[str, Any]:
        return self._call(
            "POST",
            "oauth-clients",
            {
                "clientId": client_id,
                "clientSecret": client_secret,
                "project": project,
                "redirectUris": list(redirect_uris),
            },
        )

    def add_service_account(
        self,
        email: str,
        project: str,
        delegated_domain: str | None = None,
        delegated_scopes: Any = (),
        disabled: bool = False,
    ) -> dict[str, Any]:
        return self._call(
            "POST",
            "service-accounts",
            {
                "email": email,
                "project": project,
                "delegatedDomain": delegated_domain,
                "delegatedScopes": list(delegated_scopes),
                "disabled": disabled,
            },
        )

    def token(self, email: str, client_id: str, scopes: list[str]) -> dict[str, Any]:
        return self._call("POST", "tokens", {"email": email, "clientId": client_id, "scopes": list(scopes)})

    def revoke(self, token: str) -> None:
        self._call("POST", "tokens/revoke", {"token": token})

    def expire_token(self, access_token: str) -> None:
        self._call("POST", "tokens/expire", {"accessToken": access_token})

    # --- spaces and conferences ---
    def add_space(
        self,
        owner: str,
        project: str,
        config: dict[str, Any] | None = None,
        space_id: str | None = None,
        code: str | None = None,
        meeting_uri: str | None = None,
    ) -> dict[str, Any]:
        body = {"owner": owner, "project": project, "config": config or {}, "id": space_id, "code": code}
        return self._call("POST", "spaces", {**body, "meetingUri": meeting_uri})

    def spaces(self) -> list[dict[str, Any]]:
        return self._call("GET", "spaces")

    def start_conference(self, space: str, participants: list[dict[str, Any]]) -> dict[str, Any]:
        return self._call("POST", "conferences", {"space": space, "participants": participants})

    def join(self, space: str, participant: dict[str, Any]) -> dict[str, Any]:
        return self._call("POST", "conferences/join", {"space": space, "participant": participant})

    def leave(self, space: str, participant: dict[str, Any]) -> None:
        self._call("POST", "conferences/leave", {"space": space, "participant": participant})

    def end_conference(self, space: str) -> bool:
        return self._call("POST", "conferences/end", {"space": space})["ended"]

    def add_recording(self, space_or_record: str, **fields: Any) -> dict[str, Any]:
        return self._call("POST", "artifacts", {"target": space_or_record, "kind": "recordings", "fields": fields})

    def add_transcript(
        self, space_or_record: str, entries: list[dict[str, Any]] | None = None, **fields: Any
    ) -> dict[str, Any]:
        return self._call(
            "POST",
            "artifacts",
            {"target": space_or_record, "kind": "transcripts", "fields": fields, "entries": entries or []},
        )

    def add_smart_note(self, space_or_record: str, **fields: Any) -> dict[str, Any]:
        return self._call("POST", "artifacts", {"target": space_or_record, "kind": "smartNotes", "fields": fields})

    def reassign_code(self, code: str, to_space: str) -> dict[str, Any]:
        return self._call("POST", "codes/reassign", {"code": code, "toSpace": to_space})

    def expire_code(self, space: str) -> dict[str, Any]:
        return self._call("POST", "codes/expire", {"space": space})

    def advance_clock(self, seconds: float) -> str:
        return self._call("POST", "clock/advance", {"seconds": seconds})["now"]

    def now(self) -> str:
        return self._call("GET", "clock")["now"]

    # --- faults, quotas, the call log ---
    def fault(self, method: str, status: int | None = None, count: int = 1, delay: float | None = None) -> None:
        self._call("POST", "faults", {"method": method, "status": status, "count": count, "delay": delay})

    def faults(self) -> list[dict[str, Any]]:
        """The faults not yet used up (a fault is gone once its last call has taken it)."""
        return self._call("GET", "faults")

    def clear_faults(self) -> None:
        self._call("DELETE", "faults")

    def set_quotas(self, **per_minute_limits: int) -> dict[str, int]:
        return self._call("POST", "quotas", per_minute_limits)

    def set_switches(self, **switches: Any) -> dict[str, Any]:
        """Picks the emulator's answer where Google's is undocumented (google_emulator/core/switches.py)."""
        return self._call("POST", "switches", switches)

    def switches(self) -> dict[str, Any]:
        return self._call("GET", "switches")

    # --- the Reports API's audit log ---
    def reports_settings(self) -> dict[str, Any]:
        return self._call("GET", "reports/settings")

    def set_reports_settings(self, **settings: Any) -> dict[str, Any]:
        """`lagSeconds`, `queriesPerMinutePerUser`, `filteredQueriesPerMinute` (any subset)."""
        return self._call("POST", "reports/settings", settings)

    def reports_activities(self) -> list[dict[str, Any]]:
        """Every activity in the log, shown or not yet (each with `visibleAt`), newest first."""
        return self._call("GET", "reports/activities")

    def add_reports_activities(self, activities: list[dict[str, Any]]) -> int:
        """Test-only: writes raw activities into the log (see google_emulator/control/reports.py)."""
        return self._call("POST", "reports/activities", {"activities": activities})["added"]

    def calls(self, method: str | None = None) -> list[dict[str, Any]]:
        return self._call("GET", "calls", params={"method": method} if method else None)

    def clear_calls(self) -> None:
        self._call("DELETE", "calls")

    # --- the Workspace Events API (docs/emulator.md, "Workspace Events API") ---
    def delete_space(self, space: str) -> dict[str, Any]:
        return self._call("POST", "spaces/delete", {"space": space})

    def published(self, event_type: str | None = None, topic: str | None = None) -> list[dict[str, Any]]:
        """What the emulated APIs published, oldest first; `event_type` keeps one CloudEvents type (`ce-type`)."""
        params = {key: value for key, value in (("type", event_type), ("topic", topic)) if value}
        return self._call("GET", "published", params=params)

    def clear_published(self) -> None:
        self._call("DELETE", "published")

    def event_subscriptions(self) -> list[dict[str, Any]]:
        return self._call("GET", "events/subscriptions")

    # --- Pub/Sub: what was published and delivered, and the delivery faults ---
    def publish(self, topic: str, data: str = "", attributes: dict[str, str] | None = None) -> str | None:
        """Publishes as the emulated APIs do (through `world.publishing`); the message id, None when dropped."""
        return self._call("POST", "publish", {"topic": topic, "data": data, "attributes": attributes or {}})[
            "messageId"
        ]

    def deliveries(self) -> list[dict[str, Any]]:
        return self._call("GET", "deliveries")

    def delivery_fault(
        self,
        kind: str,
        count: int = 1,
        topic: str | None = None,
        attributes: dict[str, str] | None = None,
        seconds: float | None = None,
        copies: int | None = None,
    ) -> dict[str, Any]:
        """kind: drop, duplicate (`copies`), delay (`seconds`) or reorder (held at most `seconds`)."""
        body: dict[str, Any] = {"kind": kind, "count": count}
        optional = {"topic": topic, "attributes": attributes, "seconds": seconds, "copies": copies}
        body.update({key: value for key, value in optional.items() if value is not None})
        return self._call("POST", "delivery-faults", body)

    def delivery_faults(self) -> list[dict[str, Any]]:
        return self._call("GET", "delivery-faults")

    def clear_delivery_faults(self) -> None:
        self._call("DELETE", "delivery-faults")

    def pubsub(self) -> dict[str, Any]:
        """Topics and subscriptions with their backlogs, and where published messages go."""
        return self._call("GET", "pubsub")
