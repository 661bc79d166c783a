"""The Workspace Events API's route: every `/v1/subscriptions...` and `/v1/operations/...` call, matched against the
discovery document, as `https://workspaceevents.googleapis.com/v1/...`.

As Meet's endpoint does: injected faults (`/_emulator/faults` with a method id such as
`workspaceevents.subscriptions.create`), the caller from the access token, the method's scopes, query parameters
checked, the answer in the dialect asked for, one call-log entry per call.
"""

from __future__ import annotations

import json
import time
import traceback
from typing import Any

from werkzeug.wrappers import Request, Response

from google_emulator.core.discovery import query_parameters
from google_emulator.core.errors import ApiError, invalid_argument, permission_denied
from google_emulator.core.http import ANY, Route, bearer_token, json_response
from google_emulator.core.world import Caller
from google_emulator.events import discovery, handlers
from google_emulator.world import World

SERVICE = "workspaceevents.googleapis.com"


def _error_info(reason: str) -> dict[str, Any]:
    return {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": reason,
        "domain": "googleapis.com",
        "metadata": {"service": SERVICE},
    }


def _caller(world: World, request: Request) -> Caller:
    token = bearer_token(request)
    caller = world.caller(token) if token else None
    if caller is None:
        reason = "CREDENTIALS_MISSING" if not token else "ACCESS_TOKEN_EXPIRED"
        words = "is missing required" if not token else "had invalid"
        raise ApiError(
            401,
            "UNAUTHENTICATED",
            f"Request {words} authentication credential{'' if not token else 's'}. Expected OAuth 2 access token, "
            "login cookie or other valid authentication credential. See "
            "https://developers.google.com/identity/sign-in/web/devconsole-project.",
            [_error_info(reason)],
        )
    return caller


def _int_enums(query: dict[str, str]) -> bool:
    return "enum-encoding=int" in query.get("$alt", "")


def _body(request: Request, method: discovery.Method) -> dict[str, Any]:
    data = request.get_data()
    if method.request_schema is None or not data.strip():
        return {}
    try:
        body = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise invalid_argument("Invalid JSON payload received. Unexpected token.") from None
    if not isinstance(body, dict):
        raise invalid_argument("Invalid JSON payload received. Expected an object.")
    return body


def events_endpoint(world: World, request: Request) -> Response:
    method = discovery.match(request.method, request.path)
    if method is None:
        return json_response(404, ApiError(404, "NOT_FOUND", "Method not found.").body())
    resource = request.path[len("/v1/") :].split(":", 1)[0]
    name = "" if resource == "subscriptions" else resource
    entry: dict[str, Any] = {"method": method.id, "resource": name, "user": None, "client": None, "project": None}
    with world.lock:
        fault = world.faults.take(method.id)
    if fault and fault.delay:
        time.sleep(fault.delay)
    headers: dict[str, str] = {}
    try:
        with world.lock:
            if fault and fault.error():
                entry["fault"] = True
                raise fault.error()
            caller = _caller(world, request)
            entry.update(user=caller.label, client=caller.client_id, project=caller.project)
            query = query_parameters(method, request.args, discovery.SYSTEM_PARAMETERS)
            if not set(method.scopes) & caller.scopes or not caller.scopes & discovery.MEET_SCOPES:
                headers = {
                    "WWW-Authenticate": 'Bearer realm="https://accounts.google.com/", error="insufficient_scope"'
                }
                raise ApiError(
                    403,
                    "PERMISSION_DENIED",
                    "Request had insufficient authentication scopes.",
                    [_error_info("ACCESS_TOKEN_SCOPE_INSUFFICIENT")],
                )
            if caller.user is None:
                raise permission_denied("The caller does not have permission")
            call = handlers.Call(world, caller, method, name, query, _body(request, method))
            result = handlers.HANDLERS[method.id](call)
            status, body = 200, discovery.render(method.response_schema, result, _int_enums(query))
    except ApiError as error:
        status, body = error.http_status, error.body()
    except Exception:  # a bug of the emulator: answer as Google's backend would
        traceback.print_exc()
        status, body = 500, ApiError(500, "INTERNAL", "Internal error encountered.").body()
    entry["status"] = status
    if status >= 400:
        entry["error"] = body["error"]["status"]
    world.log_call(entry)
    return json_response(status, body, headers, request.args.get("prettyPrint", "true").lower() == "false")


# Reads change the world too: every call first brings subscriptions to the emulated now (expiry, reminders).
ROUTES = (Route(ANY, r"/v1/(subscriptions|operations)(/.*)?", events_endpoint, reads_change_world=True),)
