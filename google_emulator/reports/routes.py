"""The Reports API's route: `GET /admin/reports/v1/activity/users/{userKey}/applications/{applicationName}`.

Around `handlers.activities_list` it does what Google's front end does: injected faults (method
`reports.activities.list`), the caller from the access token, the answer as JSON (`prettyPrint=false`: compact),
and one call-log entry per call. Query parameters the method does not know are ignored, as the method's
description says the API does.
"""

from __future__ import annotations

import re
import time
import traceback
from typing import Any

from werkzeug.wrappers import Request, Response

from google_emulator.core.errors import ApiError
from google_emulator.core.http import Route, bearer_token, json_response
from google_emulator.reports import discovery, errors
from google_emulator.reports.handlers import Query, activities_list
from google_emulator.world import World

_PATH = re.compile(discovery.PATH_PATTERN)


def activities_endpoint(world: World, request: Request) -> Response:
    found = _PATH.fullmatch(request.path)
    if found is None:  # never: the route's pattern is the same expression
        return json_response(404, ApiError(404, "NOT_FOUND", "Method not found.").body())
    entry: dict[str, Any] = {
        "receivedAt": time.time(),
        "method": discovery.METHOD_ID,
        "resource": f"{found['userKey']}/{found['applicationName']}",
        "user": None,
        "client": None,
        "project": None,
    }
    headers: dict[str, str] = {}
    with world.lock:
        fault = world.faults.take(discovery.METHOD_ID)
    if fault and fault.delay:
        time.sleep(fault.delay)
    try:
        with world.lock:
            token = bearer_token(request)
            caller = world.caller(token) if token else None
            if caller:
                entry.update(user=caller.label, client=caller.client_id, project=caller.project)
            if fault and fault.error():
                entry["fault"] = True
                raise fault.error()
            if caller is None:
                raise errors.login_required() if token is None else errors.invalid_credentials()
            query = Query(found["userKey"], found["applicationName"], dict(request.args))
            body, status = activities_list(world, caller, query), 200
    except ApiError as error:
        status, body = error.http_status, error.body()
        if status == 401:
            invalid = ', error="invalid_token"' if bearer_token(request) else ""
            headers = {"WWW-Authenticate": f'Bearer realm="https://accounts.google.com/"{invalid}'}
    except Exception:  # a bug of the emulator: answer as Google's backend would, and say where it broke
        traceback.print_exc()
        status, body = 500, ApiError(500, "INTERNAL", "Internal error encountered.").body()
    entry["status"] = status
    if status >= 400:
        entry["error"] = body["error"]["status"]
    world.log_call(entry)
    compact = request.args.get("prettyPrint", "true").lower() == "false"
    return json_response(status, body, headers, compact)


# Reading the log writes what ended since into it (the harvest), so a read changes the world.
ROUTES = (Route("GET", discovery.PATH_PATTERN, activities_endpoint, reads_change_world=True),)
