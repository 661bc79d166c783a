"""The Meet REST API v2 handlers: one function per discovery method, called under the world lock.

Each handler gets a `Call` (who, which method, the resource name from the path, query, parsed body) and returns the
response resource with enum names; the server renders it in the asked dialect through the discovery schemas.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from google_emulator.core.errors import ApiError, failed_precondition, invalid_argument, permission_denied
from google_emulator.core.world import Caller
from google_emulator.meet import access
from google_emulator.meet.discovery import Method, parse_body
from google_emulator.meet.masks import ALL_FIELDS, apply_mask, parse_mask, updatable_leaf_paths
from google_emulator.meet.pagination import paginate
from google_emulator.meet.partial import parse_fields
from google_emulator.meet.spaces import DEFAULT_CONFIG, SPARSE_DEFAULT_CONFIG, SpaceRecord, effective_config
from google_emulator.world import World

BATCH_LIMIT = 500
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class Call:
    world: World
    caller: Caller
    method: Method
    resource: str  # `spaces/X`, `conferenceRecords/R/participants`, ... the path after /v2/ without `:verb`
    query: dict[str, str]
    raw_body: Any = None
    body: dict[str, Any] = field(default_factory=dict)

    def param(self, name: str) -> str | None:
        return self.query.get(name)


def check_name(call: Call, parameter: str, value: str) -> None:
    """A resource name in the path must match the discovery pattern: a malformed one is 400 INVALID_ARGUMENT."""
    pattern = call.method.parameters.get(parameter, {}).get("pattern")
    if pattern and not re.match(pattern, value):
        raise invalid_argument(f"Invalid resource name: {value!r}.")
    if len(value.split("/")[-1]) > 128:
        raise invalid_argument(f"Invalid resource name: {value!r}.")


# --- spaces ----------------------------------------------------------------------------------------------------


def space_resource(call: Call, space: SpaceRecord) -> dict[str, Any]:
    """The Space as this caller may see it: owners get config, owners and people in the call the conference."""
    resource: dict[str, Any] = {"name": space.name, "meetingUri": space.meeting_uri, "meetingCode": space.code}
    owner = access.is_owner(call.caller, space)
    if owner:
        sparse = call.world.switches["freshSpaceConfig"] == "SPARSE"
        resource["config"] = effective_config(space.config, SPARSE_DEFAULT_CONFIG if sparse else DEFAULT_CONFIG)
    active = call.world.conferences.active_record_name(space.name)
    if active and (owner or _in_call(call, space)):
        resource["activeConference"] = {"conferenceRecord": active}
    return resource


def _in_call(call: Call, space: SpaceRecord) -> bool:
    user = call.caller.user
    return user is not None and user.resource_name in call.world.conferences.active_participant_user_ids(space.name)


def _space_by_id(call: Call, name: str) -> SpaceRecord:
    """A space named by its id (patch, end, members): an alias or a space out of reach is 403 like a missing one.

    Google resolves `spaces/{space}` here as an id only; a meeting code is simply not an id of any space, so it is
    answered as a space that might not exist (403), never as a malformed name (400): the name *is* well formed.
    """
    space = call.world.space_by_name(name)
    if space is None or not access.reaches(call.caller, call.method, space):
        raise permission_denied()
    return space


def _owned_space(call: Call, name: str) -> SpaceRecord:
    space = _space_by_id(call, name)
    if not access.is_owner(call.caller, space):
        raise permission_denied()
    return space


def spaces_get(call: Call) -> dict[str, Any]:
    check_name(call, "name", call.resource)
    space = call.world.spaces.by_id_or_code(call.resource.removeprefix("spaces/"))
    if space is None or not access.reaches(call.caller, call.method, space):
        raise permission_denied()
    return space_resource(call, space)


def spaces_create(call: Call) -> dict[str, Any]:
    body = parse_body("Space", call.raw_body if call.raw_body is not None else {}, "space")
    space = call.world.spaces.create(
        owner=call.caller.user.email,
        project=call.caller.project,
        config=body.get("config", {}),
        now=call.world.now(),
    )
    return space_resource(call, space)


def spaces_patch(call: Call) -> dict[str, Any]:
    check_name(call, "name", call.resource)
    body = parse_body("Space", call.raw_body if call.raw_body is not None else {}, "space")
    paths = parse_mask(call.param("updateMask"), "Space")
    space = _owned_space(call, call.resource)
    if paths is None:
        paths = updatable_leaf_paths(body, "Space")
    updated = apply_mask({"config": space.config}, body, paths, "Space")
    config = updated.get("config", {})
    if config.get("moderation") == "OFF" and _touches(paths, "config.moderation"):
        # Google: when moderation is turned OFF, the restrictions are reset to their defaults.
        config.pop("moderationRestrictions", None)
    space.config = config
    return space_resource(call, space)


def _touches(paths: list[str], path: str) -> bool:
    return any(p in (ALL_FIELDS, path) or path.startswith(p + ".") for p in paths)


def spaces_end_active_conference(call: Call) -> dict[str, Any]:
    check_name(call, "name", call.resource)
    parse_body("EndActiveConferenceRequest", call.raw_body if call.raw_body is not None else {}, "")
    space = _owned_space(call, call.resource)
    if not call.world.conferences.end(space.name):
        raise failed_precondition("There is no active conference in the space.")
    return {}


# --- members ---------------------------------------------------------------------------------------------------


def _member_space(call: Call, member_name: str) -> SpaceRecord:
    return _owned_space(call, "/".join(member_name.split("/")[:2]))


def members_create(call: Call) -> dict[str, Any]:
    check_name(call, "parent", call.resource.removesuffix("/members"))
    body = parse_body("Member", call.raw_body if call.raw_body is not None else {}, "member")
    space = _owned_space(call, call.resource.removesuffix("/members"))
    email = body.get("email", "")
    if not email:
        raise invalid_argument("Member email is required.")
    if not _EMAIL.match(email):
        raise invalid_argument(f"Invalid member email: {email!r}.")
    existing = next((member for member in space.members if member.email.lower() == email.lower()), None)
    if existing is not None and call.world.switches["duplicateMember"] == "RETURN_EXISTING":
        return existing.resource()
    return call.world.spaces.add_member(space, email, body.get("role", "ROLE_UNSPECIFIED")).resource()


def members_get(call: Call) -> dict[str, Any]:
    check_name(call, "name", call.resource)
    space = _member_space(call, call.resource)
    return call.world.spaces.member(space, call.resource).resource()


def members_list(call: Call) -> dict[str, Any]:
    parent = call.resource.removesuffix("/members")
    check_name(call, "parent", parent)
    space = _owned_space(call, parent)
    members = [member.resource() for member in space.members]
    page, next_token = paginate(
        call.world.paginator,
        call.method,
        f"{call.method.id}|{parent}",
        members,
        call.param("pageSize"),
        call.param("pageToken"),
    )
    return {"members": page, "nextPageToken": next_token}


def _patched_member(current: dict[str, Any], body: dict[str, Any], paths: list[str] | None) -> dict[str, Any]:
    if paths is None:
        paths = updatable_leaf_paths(body, "Member")
    updated = apply_mask(current, body, paths, "Member")
    if not updated.get("email"):
        raise invalid_argument("Member email is required.")
    return updated


def members_patch(call: Call) -> dict[str, Any]:
    check_name(call, "name", call.resource)
    body = parse_body("Member", call.raw_body if call.raw_body is not None else {}, "member")
    paths = parse_mask(call.param("updateMask"), "Member")
    space = _member_space(call, call.resource)
    member = call.world.spaces.member(space, call.resource)
    updated = _patched_member(member.resource(), body, paths)
    member.email, member.role = updated["email"], updated.get("role", "ROLE_UNSPECIFIED")
    return member.resource()


def members_delete(call: Call) -> dict[str, Any]:
    check_name(call, "name", call.resource)
    space = _member_space(call, call.resource)
    call.world.spaces.remove_member(space, call.resource)
    return {}


def members_batch_update(call: Call) -> dict[str, Any]:
    parent = call.resource.removesuffix("/members")
    check_name(call, "parent", parent)
    body = parse_body("BatchUpdateMembersRequest", call.raw_body if call.raw_body is not None else {}, "")
    space = _owned_space(call, parent)
    requests = body.get("requests", [])
    if not requests:
        raise invalid_argument("requests must not be empty.")
    if len(requests) > BATCH_LIMIT:
        raise invalid_argument(f"At most {BATCH_LIMIT} members can be modified in a batch.")
    top_mask = body.get("updateMask")
    top_paths = parse_mask(top_mask, "Member")
    planned = []
    for index, request in enumerate(requests):
        child_mask = request.get("updateMask")
        if child_mask is not None and top_mask is None:
            raise invalid_argument(f"requests[{index}].update_mask is set but the top-level update_mask is not.")
        if child_mask is not None and parse_mask(child_mask, "Member") != top_paths:
            raise invalid_argument(f"requests[{index}].update_mask differs from the top-level update_mask.")
        member_body = request.get("member") or {}
        name = member_body.get("name", "")
        if not name.startswith(parent + "/members/"):
            raise invalid_argument(f"requests[{index}].member.name must be a member of {parent}.")
        member = call.world.spaces.member(space, name)
        # Both masks absent: every field is taken from the request, unset ones cleared (Google's scenario 1).
        paths = top_paths if top_paths is not None else [ALL_FIELDS]
        planned.append((member, _patched_member(member.resource(), member_body, paths)))
    for member, updated in planned:
        member.email, member.role = updated["email"], updated.get("role", "ROLE_UNSPECIFIED")
    return {"members": [member.resource() for member, _ in planned]}


# --- conference records ----------------------------------------------------------------------------------------


def _may_see(call: Call) -> Callable[[str, str], bool]:
    """Google shows a record to the space's owner and to signed-in people who took part; with only
    `meetings.space.created`, only records of the app's own spaces."""

    def may_see(space_name: str, record_name: str) -> bool:
        space = call.world.space_by_name(space_name)
        if space is None or not access.reaches(call.caller, call.method, space):
            return False
        if access.is_owner(call.caller, space):
            return True
        user = call.caller.user
        return user is not None and user.resource_name in call.world.conferences.participant_user_ids(record_name)

    return may_see


def _visible_record(call: Call, name: str) -> str:
    """Checks the caller may see the conference record a sub-resource belongs to; returns the record's name."""
    record = "/".join(name.split("/")[:2])
    call.world.conferences.get_record(record, _may_see(call))
    return record


def _page(call: Call, items: list[dict[str, Any]], field_name: str, scope: str) -> dict[str, Any]:
    page, next_token = paginate(
        call.world.paginator,
        call.method,
        f"{call.method.id}|{scope}",
        items,
        call.param("pageSize"),
        call.param("pageToken"),
    )
    return {field_name: page, "nextPageToken": next_token}


def records_list(call: Call) -> dict[str, Any]:
    filter_text = call.param("filter") or None
    records = call.world.conferences.list_records(filter_text, _may_see(call))
    return _page(call, records, "conferenceRecords", f"{filter_text}|{call.caller.label}|{call.caller.project}")


def records_get(call: Call) -> dict[str, Any]:
    check_name(call, "name", call.resource)
    return call.world.conferences.get_record(call.resource, _may_see(call))


def participants_list(call: Call) -> dict[str, Any]:
    parent = call.resource.removesuffix("/participants")
    check_name(call, "parent", parent)
    _visible_record(call, parent)
    filter_text = call.param("filter") or None
    items = call.world.conferences.list_participants(parent, filter_text)
    response = _page(call, items, "participants", f"{parent}|{filter_text}")
    if "totalSize" in parse_fields(call.param("fields") or "totalSize_not_asked"):
        # Google fills totalSize only when the `fields` mask asks for it (it costs a count).
        response["totalSize"] = len(items)
    return response


def participants_get(call: Call) -> dict[str, Any]:
    check_name(call, "name", call.resource)
    _visible_record(call, call.resource)
    return call.world.conferences.get_participant(call.resource)


def sessions_list(call: Call) -> dict[str, Any]:
    parent = call.resource.removesuffix("/participantSessions")
    check_name(call, "parent", parent)
    _visible_record(call, parent)
    filter_text = call.param("filter") or None
    items = call.world.conferences.list_sessions(parent, filter_text)
    return _page(call, items, "participantSessions", f"{parent}|{filter_text}")


def sessions_get(call: Call) -> dict[str, Any]:
    check_name(call, "name", call.resource)
    _visible_record(call, call.resource)
    return call.world.conferences.get_session(call.resource)


def _artifacts_list(kind: str) -> Callable[[Call], dict[str, Any]]:
    def handler(call: Call) -> dict[str, Any]:
        parent = call.resource.removesuffix(f"/{kind}")
        check_name(call, "parent", parent)
        _visible_record(call, parent)
        return _page(call, call.world.conferences.list_artifacts(parent, kind), kind, parent)

    return handler


def artifacts_get(call: Call) -> dict[str, Any]:
    check_name(call, "name", call.resource)
    _visible_record(call, call.resource)
    return call.world.conferences.get_artifact(call.resource)


def entries_list(call: Call) -> dict[str, Any]:
    parent = call.resource.removesuffix("/entries")
    check_name(call, "parent", parent)
    _visible_record(call, parent)
    return _page(call, call.world.conferences.list_entries(parent), "transcriptEntries", parent)


def entries_get(call: Call) -> dict[str, Any]:
    check_name(call, "name", call.resource)
    _visible_record(call, call.resource)
    return call.world.conferences.get_entry(call.resource)


HANDLERS: dict[str, Callable[[Call], dict[str, Any]]] = {
    "meet.spaces.get": spaces_get,
    "meet.spaces.create": spaces_create,
    "meet.spaces.patch": spaces_patch,
    "meet.spaces.endActiveConference": spaces_end_active_conference,
    "meet.spaces.members.create": members_create,
    "meet.spaces.members.get": members_get,
    "meet.spaces.members.list": members_list,
    "meet.spaces.members.patch": members_patch,
    "meet.spaces.members.delete": members_delete,
    "meet.spaces.members.batchUpdate": members_batch_update,
    "meet.conferenceRecords.list": records_list,
    "meet.conferenceRecords.get": records_get,
    "meet.conferenceRecords.participants.list": participants_list,
    "meet.conferenceRecords.participants.get": participants_get,
    "meet.conferenceRecords.participants.participantSessions.list": sessions_list,
    "meet.conferenceRecords.participants.participantSessions.get": sessions_get,
    "meet.conferenceRecords.recordings.list": _artifacts_list("recordings"),
    "meet.conferenceRecords.recordings.get": artifacts_get,
    "meet.conferenceRecords.transcripts.list": _artifacts_list("transcripts"),
    "meet.conferenceRecords.transcripts.get": artifacts_get,
    "meet.conferenceRecords.smartNotes.list": _artifacts_list("smartNotes"),
    "meet.conferenceRecords.smartNotes.get": artifacts_get,
    "meet.conferenceRecords.transcripts.entries.list": entries_list,
    "meet.conferenceRecords.transcripts.entries.get": entries_get,
}


def quota_kind(method: Method) -> str:
    """Meet counts space creations apart from other writes (its "Create space requests" quota)."""
    if method.id == "meet.spaces.create":
        return "creates"
    return "reads" if method.is_read else "writes"


def handle(call: Call) -> dict[str, Any]:
    """Checks scopes and the caller, charges the quota, then runs the method's handler."""
    access.check_scopes(call.caller, call.method)
    call.world.quotas.charge(
        quota_kind(call.method),
        call.caller.label or "",
        call.caller.project,
        call.world.now(),
        retry_info=call.world.switches["quotaRetryInfo"],
    )
    access.check_signed_in(call.caller)
    call.world.spaces.expire_stale_codes(call.world.now())
    handler = HANDLERS.get(call.method.id)
    if handler is None:
        raise ApiError(501, "UNIMPLEMENTED", f"{call.method.id} is not implemented by the emulator.")
    return handler(call)
