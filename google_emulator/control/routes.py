"""The control surface's routes, under `/_emulator/`, and the status page at `/_emulator/` itself.

Every control route takes a JSON body (or none) and answers JSON; its handler in `handlers.py` gets the world, the
body and the query and runs under the world lock.
"""

from __future__ import annotations

import re
import traceback
from typing import Any

from werkzeug.wrappers import Request, Response

from google_emulator.control import handlers, reports
from google_emulator.control.status_page import render_status_page
from google_emulator.core.errors import ApiError, invalid_argument
from google_emulator.core.http import ANY, Handler, Route, json_response
from google_emulator.world import World


def _answer(handler: handlers.Handler) -> Handler:
    def endpoint(world: World, request: Request) -> Response:
        try:
            body = request.get_json(force=True, silent=False) if request.get_data() else {}
        except Exception:  # any undecodable body is the caller's mistake
            return json_response(400, invalid_argument("The body is not JSON.").body())
        query = dict(request.args)
        query["_base_url"] = request.host_url.rstrip("/")
        try:
            with world.lock:
                return json_response(200, handler(world, body or {}, query))
        except ApiError as error:
            return json_response(error.http_status, error.body())
        except (KeyError, TypeError, ValueError) as error:
            return json_response(400, invalid_argument(f"Bad control request: {error!r}").body())
        except Exception as error:
            traceback.print_exc()
            return json_response(500, ApiError(500, "INTERNAL", f"The emulator failed: {error!r}").body())

    return endpoint


def _route(method: str, name: str, handler: handlers.Handler) -> Route:
    # `/_emulator/faults/` and `/_emulator//faults` reach `faults` too.
    return Route(method, rf"/_emulator/+{re.escape(name)}/*", _answer(handler))


def _no_route(world: World, request: Request) -> Response:
    def missing(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
        raise ApiError(404, "NOT_FOUND", f"No control route {request.method} {request.path}.")

    return _answer(missing)(world, request)


def status_page(world: World, request: Request) -> Response:
    with world.lock:
        return Response(render_status_page(world), content_type="text/html; charset=utf-8")


ROUTES = (
    Route("GET", r"/_emulator/?", status_page),
    _route("POST", "reset", handlers.reset),
    _route("POST", "seed", handlers.seed),
    _route("POST", "users", handlers.add_user),
    _route("GET", "users", handlers.list_users),
    _route("POST", "users/recreate", handlers.recreate_user),
    _route("POST", "oauth-clients", handlers.add_oauth_client),
    _route("POST", "service-accounts", handlers.add_service_account),
    _route("POST", "tokens", handlers.issue_token),
    _route("POST", "tokens/revoke", handlers.revoke_token),
    _route("POST", "tokens/expire", handlers.expire_token),
    _route("POST", "spaces", handlers.add_space),
    _route("GET", "spaces", handlers.list_spaces),
    _route("POST", "conferences", handlers.start_conference),
    _route("POST", "conferences/join", handlers.join),
    _route("POST", "conferences/leave", handlers.leave),
    _route("POST", "conferences/end", handlers.end_conference),
    _route("POST", "artifacts", handlers.add_artifact),
    _route("POST", "codes/reassign", handlers.reassign_code),
    _route("POST", "codes/expire", handlers.expire_code),
    _route("GET", "clock", handlers.get_clock),
    _route("POST", "clock/advance", handlers.advance_clock),
    _route("GET", "faults", handlers.list_faults),
    _route("POST", "faults", handlers.add_fault),
    _route("DELETE", "faults", handlers.clear_faults),
    _route("GET", "quotas", handlers.get_quotas),
    _route("POST", "quotas", handlers.set_quotas),
    _route("GET", "switches", handlers.get_switches),
    _route("POST", "switches", handlers.set_switches),
    _route("GET", "calls", handlers.list_calls),
    _route("DELETE", "calls", handlers.clear_calls),
    _route("GET", "state", handlers.get_state),
    _route("GET", "reports/settings", reports.get_settings),
    _route("POST", "reports/settings", reports.set_settings),
    _route("GET", "reports/activities", reports.list_activities),
    _route("POST", "reports/activities", reports.add_activities),
    _route("POST", "spaces/delete", handlers.delete_space),
    _route("GET", "published", handlers.published),
    _route("DELETE", "published", handlers.clear_published),
    _route("GET", "events/subscriptions", handlers.events_subscriptions),
    Route(ANY, r"/_emulator/.*", _no_route),
)
