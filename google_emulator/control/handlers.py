"""The control surface under `/_emulator/`: seed the world, mint tokens, run conferences, inject faults.

Local only and unauthenticated, like moto's or fake-gcs-server's: it is how tests and the demo drive "Google".
Every route answers JSON (the index page answers HTML); errors are `{"error": {"code", "message", "status"}}`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from google_emulator.core.clock import rfc3339
from google_emulator.core.errors import invalid_argument, not_found
from google_emulator.meet.conference_times import moment
from google_emulator.meet.discovery import SCOPE_CREATED, SCOPE_READONLY, SCOPE_SETTINGS, parse_body
from google_emulator.meet.spaces import check_code_format
from google_emulator.oauth.token import BEARER
from google_emulator.seeding import apply_seed, builtin_seed
from google_emulator.world import World

Handler = Callable[[World, dict[str, Any], dict[str, str]], Any]


def _required(body: dict[str, Any], key: str) -> Any:
    if key not in body or body[key] in (None, ""):
        raise invalid_argument(f"{key!r} is required.")
    return body[key]


def _space(world: World, name: str) -> Any:
    space = world.space_by_name(name) or world.spaces.by_id_or_code(name.removeprefix("spaces/"))
    if space is None:
        raise not_found(f"No space {name!r}.")
    return space


def _space_or_record(world: World, target: str) -> str:
    """Artifacts go to a record (`conferenceRecords/...`) or a space, named by id or meeting code."""
    return target if target.startswith("conferenceRecords/") else _space(world, target).name


def reset(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    world.reset()
    return {}


def seed(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    document = builtin_seed(query["name"]) if "name" in query else body
    if query.get("reset", "false").lower() == "true":
        world.reset()
    return apply_seed(world, document)


def add_user(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    # "hostedDomain": null or "" makes a consumer account (no `hd` in its ID tokens); absent keeps the default.
    hosted_domain = "" if "hostedDomain" in body and not body["hostedDomain"] else body.get("hostedDomain")
    return world.directory.add_user(
        _required(body, "email"),
        body.get("displayName"),
        body.get("id"),
        hosted_domain=hosted_domain,
        email_verified=body.get("emailVerified"),
        is_admin=_optional_bool(body, "isAdmin"),
    ).public()


def _optional_bool(body: dict[str, Any], key: str) -> bool | None:
    if body.get(key) is None:
        return None
    if not isinstance(body[key], bool):
        raise invalid_argument(f"{key!r} is true or false, not {body[key]!r}.")
    return body[key]


def list_users(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    return [user.public() for user in world.directory.users.values()]


def recreate_user(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    email = _required(body, "email")
    if world.directory.user(email) is None:
        raise not_found(f"No user {email!r}.")
    try:
        user = world.directory.recreate_user(email, body.get("id"))
    except ValueError as error:
        raise invalid_argument(str(error)) from None
    return user.public()


def add_oauth_client(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    client = world.directory.add_client(
        _required(body, "clientId"), _required(body, "clientSecret"), _required(body, "project")
    )
    client.redirect_uris = list(body.get("redirectUris") or [])
    return {
        "clientId": client.client_id,
        "clientSecret": client.client_secret,
        "project": client.project,
        "redirectUris": client.redirect_uris,
    }


def add_service_account(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    email, project = _required(body, "email"), _required(body, "project")
    account, private_pem = world.directory.add_service_account(email, project)
    if body.get("delegatedDomain"):
        account.delegations[body["delegatedDomain"].lower()] = list(body.get("delegatedScopes") or [])
    account.disabled = bool(body.get("disabled"))
    # A delegation narrowed or a key disabled may take away what a subscription was authorised with.
    world.directory.revocations += 1
    return {
        "type": "service_account",
        "project_id": project,
        "private_key_id": account.private_key_id,
        "private_key": private_pem,
        "client_email": account.email,
        "client_id": account.client_id,
        "token_uri": query["_base_url"] + "/token",
    }


def issue_token(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    email, client_id = _required(body, "email"), _required(body, "clientId")
    scopes = body.get("scopes")
    if scopes is None:
        scopes = [SCOPE_CREATED, SCOPE_READONLY, SCOPE_SETTINGS]
    user = world.directory.user(email) or world.directory.add_user(email)
    client = world.directory.add_client(client_id)
    access, refresh = world.directory.issue(
        user=user.email,
        client_id=client.client_id,
        project=client.project,
        scopes=list(scopes),
        now=world.now(),
        with_refresh=True,
    )
    return {
        "access_token": access.value,
        "refresh_token": refresh.value,
        "expires_in": 3599,
        "token_type": BEARER,
        "scope": " ".join(scopes),
        "client_id": client.client_id,
        "client_secret": client.client_secret,
        "project": client.project,
        "user": user.resource_name,
    }


def revoke_token(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    return {"revoked": world.directory.revoke(_required(body, "token"))}


def expire_token(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    token = world.directory.tokens.get(_required(body, "accessToken"))
    if token is None or token.kind != "access":
        raise not_found("No such access token.")
    token.expires_at = world.now()
    return {"expiresAt": rfc3339(token.expires_at)}


def add_space(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    owner = world.directory.user(_required(body, "owner")) or world.directory.add_user(body["owner"])
    if body.get("code"):
        check_code_format(body["code"])
    space = world.spaces.create(
        owner=owner.email,
        project=_required(body, "project"),
        config=parse_body("SpaceConfig", body.get("config") or {}, "space.config"),
        now=world.now(),
        space_id=body.get("id"),
        code=body.get("code"),
        meeting_uri=str(body.get("meetingUri") or ""),
    )
    return _space_summary(world, space)


def _space_summary(world: World, space: Any) -> dict[str, Any]:
    return {
        "name": space.name,
        "meetingCode": space.code,
        "meetingUri": space.meeting_uri,
        "owner": space.owner,
        "project": space.project,
        "codeLastUsed": rfc3339(space.code_last_used),
        "activeConference": world.conferences.active_record_name(space.name),
        "members": [member.resource() for member in space.members],
    }


def list_spaces(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    return [_space_summary(world, space) for space in world.spaces.spaces.values()]


def start_conference(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    space = _space(world, _required(body, "space"))
    participants = [world.resolve_participant(spec) for spec in body.get("participants", [])]
    start = moment(body["startTime"], world.now()) if body.get("startTime") else None
    world.spaces.touch_code(space, world.now())
    return world.conferences.start(space.name, participants, start, meeting_code=space.code)


def join(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    space = _space(world, _required(body, "space"))
    world.spaces.touch_code(space, world.now())
    return world.conferences.join(
        space.name, world.resolve_participant(_required(body, "participant")), meeting_code=space.code
    )


def leave(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    space = _space(world, _required(body, "space"))
    world.conferences.leave(space.name, world.resolve_participant(_required(body, "participant")))
    return {}


def end_conference(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    space = _space(world, _required(body, "space"))
    return {"ended": world.conferences.end(space.name)}


def add_artifact(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    target = _space_or_record(world, _required(body, "target"))
    kind = _required(body, "kind")
    artifact = world.conferences.add_artifact(target, kind, body.get("fields") or {})
    if kind == "transcripts" and body.get("entries"):
        entries = [dict(entry) for entry in body["entries"]]
        for entry in entries:
            if isinstance(entry.get("participant"), dict) and "email" in entry["participant"]:
                entry["participant"] = world.resolve_participant(entry["participant"])
        artifact = dict(artifact, entries=world.conferences.add_entries(artifact["name"], entries))
    return artifact


def reassign_code(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    code = _required(body, "code")
    check_code_format(code)
    receiver = _space(world, _required(body, "toSpace"))
    return _space_summary(world, world.spaces.reassign_code(code, receiver.space_id, world.now()))


def expire_code(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    space = _space(world, _required(body, "space"))
    old = space.code
    world.spaces.give_fresh_code(space, world.now())
    return dict(_space_summary(world, space), expiredCode=old)


def advance_clock(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    return {"now": rfc3339(world.clock.advance(float(_required(body, "seconds"))))}


def get_clock(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    return {"now": rfc3339(world.now()), "offsetSeconds": world.clock.offset_seconds}


def add_fault(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    status, delay = body.get("status"), body.get("delay")
    if status is None and delay is None:
        raise invalid_argument("A fault needs a status, a delay, or both.")
    try:
        fault = world.faults.add(_required(body, "method"), status, int(body.get("count", 1)), delay)
    except ValueError as error:
        raise invalid_argument(str(error)) from None
    return fault.public()


def clear_faults(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    world.faults.clear()
    return {}


def list_faults(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    return [fault.public() for fault in world.faults.pending]


def set_quotas(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    try:
        world.quotas.configure(body)
    except (ValueError, TypeError) as error:
        raise invalid_argument(str(error)) from None
    world.quotas.reset_usage()
    return dict(world.quotas.limits)


def get_quotas(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    return dict(world.quotas.limits)


def set_switches(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    try:
        world.switches.configure(body)
    except ValueError as error:
        raise invalid_argument(str(error)) from None
    return dict(world.switches.values)


def get_switches(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    return dict(world.switches.values)


def list_calls(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    method = query.get("method")
    return [call for call in world.calls if method is None or call["method"] == method]


def clear_calls(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    world.calls.clear()
    return {}


def get_state(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    return world.to_state()


def delete_space(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    space = _space(world, _required(body, "space"))
    world.conferences.end(space.name)
    world.spaces.remove(space.space_id)
    return {"deleted": space.name}


# --- the Workspace Events API's side: what was published, and the subscriptions ---


def published(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    """What the emulated APIs published (the publishing log, core/publishing.py), oldest first; `?type=` keeps one
    CloudEvents type, `?topic=` one topic."""
    kind, topic = query.get("type"), query.get("topic")
    return [
        message
        for message in world.publishing.log
        if (kind is None or message["attributes"].get("ce-type") == kind)
        and (topic is None or message["topic"] == topic)
    ]


def clear_published(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    world.publishing.log.clear()
    return {}


def events_subscriptions(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    return [subscription.resource() for subscription in world.events.subscriptions.values()]
