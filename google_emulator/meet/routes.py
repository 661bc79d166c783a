"""The Meet REST API's one route: every `/v2/...` call is matched against the discovery document's methods.

The endpoint does what Google's front end does around a method: injected faults, the caller from the access token,
query parameters checked against the method's, the body parsed, the answer rendered in the dialect asked for and cut
down to `fields`; and it writes one call-log entry per call.
"""

from __future__ import annotations

import json
import time
import traceback
from typing import Any

from werkzeug.wrappers import Request, Response

from google_emulator.core.discovery import query_parameters
from google_emulator.core.errors import ApiError, invalid_argument
from google_emulator.core.http import ANY, Route, bearer_token, json_response
from google_emulator.core.world import Caller
from google_emulator.meet import discovery, handlers
from google_emulator.meet.access import unauthenticated
from google_emulator.meet.partial import check_selection, parse_fields, select
from google_emulator.world import World

# Query parameters every Google API accepts besides the method's own (discovery "parameters").
SYSTEM_PARAMETERS = frozenset(discovery.DOCUMENT["parameters"])


def wants_int_enums(query: dict[str, str]) -> bool:
    """Google's generated REST clients ask `$alt=json;enum-encoding=int`; discovery clients `alt=json`."""
    alt = query.get("$alt")
    if alt is not None:
        kind, *options = [part.strip() for part in alt.split(";")]
        if kind != "json" or any(option not in ("enum-encoding=int", "enum-encoding=string") for option in options):
            raise invalid_argument(f"Unsupported $alt: {alt!r}.")
        return "enum-encoding=int" in options
    if query.get("alt", "json") != "json":
        raise invalid_argument(f"Unsupported alt: {query['alt']!r}; this API answers JSON.")
    return False


def meet_endpoint(world: World, request: Request) -> Response:
    method = discovery.match(request.method, request.path)
    if method is None:
        return json_response(404, ApiError(404, "NOT_FOUND", "Method not found.").body())
    resource = request.path[len("/v2/") :].split(":", 1)[0]
    entry: dict[str, Any] = {
        # Wall-clock arrival (not the emulated clock), so a benchmark can time a click to Google's receipt.
        "receivedAt": time.time(),
        "method": method.id,
        "resource": resource,
        "user": None,
        "client": None,
        "project": None,
    }
    headers: dict[str, str] = {}
    with world.lock:
        fault = world.faults.take(method.id)
    if fault and fault.delay:
        time.sleep(fault.delay)
    try:
        with world.lock:
            caller = _caller(world, request)
            if caller:
                entry.update(user=caller.label, client=caller.client_id, project=caller.project)
            if fault and fault.error():
                entry["fault"] = True
                raise fault.error()
            query = query_parameters(method, request.args, SYSTEM_PARAMETERS)
            enums_as_int = wants_int_enums(query)
            if caller is None:
                raise unauthenticated(
                    method, "CREDENTIALS_MISSING" if not bearer_token(request) else "ACCESS_TOKEN_EXPIRED"
                )
            call = handlers.Call(world, caller, method, resource, query, _body(request, method))
            result = handlers.handle(call)
            body = discovery.render(method.response_schema, result, enums_as_int) if method.response_schema else {}
            if query.get("fields") and method.response_schema:
                selection = parse_fields(query["fields"])
                check_selection(selection, method.response_schema)
                body = select(body, selection)
            status = 200
    except ApiError as error:
        status, body = error.http_status, error.body()
        headers = _auth_headers(error, method)
    except Exception:  # a bug of the emulator: answer as Google's backend would, and say where it broke
        traceback.print_exc()
        status, body = 500, ApiError(500, "INTERNAL", "Internal error encountered.").body()
    entry["status"] = status
    if status >= 400:
        entry["error"] = body["error"]["status"]
    world.log_call(entry)
    compact = request.args.get("prettyPrint", "true").lower() == "false"
    return json_response(status, body, headers, compact)


def _caller(world: World, request: Request) -> Caller | None:
    token = bearer_token(request)
    return world.caller(token) if token else None


def _body(request: Request, method: discovery.Method) -> Any:
    data = request.get_data()
    if method.request_schema is None or not data.strip():
        return None
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise invalid_argument("Invalid JSON payload received. Unexpected token.") from None


def _auth_headers(error: ApiError, method: discovery.Method) -> dict[str, str]:
    reasons = {detail.get("reason") for detail in error.details}
    if error.http_status == 401:
        # RFC 6750 section 3.1, as Google answers: no error code when no token was sent, else invalid_token.
        if "CREDENTIALS_MISSING" in reasons:
            return {"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"'}
        return {"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"'}
    if "ACCESS_TOKEN_SCOPE_INSUFFICIENT" in reasons:
        return {
            "WWW-Authenticate": 'Bearer realm="https://accounts.google.com/", error="insufficient_scope", '
            f'scope="{" ".join(method.scopes)}"'
        }
    return {}


ROUTES = (Route(ANY, r"/v2/.*", meet_endpoint, reads_change_world=True),)
