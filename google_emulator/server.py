"""The emulator's WSGI application and a helper to run it on a local port in a background thread.

URL layout, as Google's: Meet REST under `/v2/...` (so a client's base URL is the emulator's URL, exactly like
`https://meet.googleapis.com`), OAuth under `/token` and `/revoke`, the control surface under `/_emulator/`.
"""

from __future__ import annotations

import json
import threading
import time
import traceback
from typing import Any

from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from google_emulator import discovery, meet_api, signin
from google_emulator.access import unauthenticated
from google_emulator.control_api import dispatch as control_dispatch
from google_emulator.errors import ApiError, invalid_argument
from google_emulator.oauth import OAuthEndpoint, oauth_fault_body, revoke_endpoint, token_endpoint
from google_emulator.partial import check_selection, parse_fields, select
from google_emulator.seeding import apply_seed, builtin_seed
from google_emulator.status_page import render_status_page
from google_emulator.world import Caller, World

# Query parameters every Google API accepts besides the method's own (discovery "parameters").
SYSTEM_PARAMETERS = set(discovery.DOCUMENT["parameters"])


def _json(status: int, body: Any, headers: dict[str, str] | None = None, compact: bool = False) -> Response:
    text = json.dumps(body, separators=(",", ":")) if compact else json.dumps(body, indent=2) + "\n"
    return Response(text, status=status, headers=headers or {}, content_type="application/json; charset=UTF-8")


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


def _query(method: discovery.Method, request: Request) -> dict[str, str]:
    """The query, snake_case names folded to camelCase; an unknown parameter is refused as Google refuses it."""
    query: dict[str, str] = {}
    path_params = {name for name, p in method.parameters.items() if p.get("location") == "path"}
    allowed = {name for name in method.parameters if name not in path_params}
    for name, value in request.args.items():
        key = discovery.camel_case(name) if discovery.camel_case(name) in allowed else name
        if key not in allowed and key not in SYSTEM_PARAMETERS and not key.startswith("$"):
            raise invalid_argument(
                f'Invalid JSON payload received. Unknown name "{name}": Cannot bind query parameter. '
                f"Field '{name}' could not be found in request message."
            )
        query[key] = value
    return query


class EmulatorApp:
    def __init__(self, world: World) -> None:
        self.world = world

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        response = self.dispatch(request)
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        path = request.path
        if path.startswith("/v2/"):
            response = self.meet(request)
        elif signin.is_code_exchange(request):
            response = self.oauth(request, "oauth2.token", signin.exchange_code)
        elif signin.handles(request):
            response = signin.dispatch(self.world, request)
        elif path == "/token" and request.method == "POST":
            response = self.oauth(request, "oauth2.token", token_endpoint)
        elif path == "/revoke" and request.method == "POST":
            response = self.oauth(request, "oauth2.revoke", revoke_endpoint)
        elif path in ("/_emulator", "/_emulator/") and request.method == "GET":
            with self.world.lock:
                return Response(render_status_page(self.world), content_type="text/html; charset=utf-8")
        elif path.startswith("/_emulator/"):
            response = self.control(request)
        else:
            return _json(404, ApiError(404, "NOT_FOUND", f"No such endpoint: {path}").body())
        if request.method != "GET" or path.startswith("/v2/"):
            self.world.save()
        return response

    # --- OAuth ---
    def oauth(self, request: Request, method_id: str, endpoint: OAuthEndpoint) -> Response:
        """Runs a token or revocation request, with faults and a call-log entry like any API call."""
        with self.world.lock:
            fault = self.world.faults.take(method_id)
        if fault and fault.delay:
            time.sleep(fault.delay)
        if fault and fault.status:
            status, body = fault.status, oauth_fault_body(fault.status)
        else:
            try:
                status, body = endpoint(self.world, request)
            except Exception:  # a bug of the emulator: answer as Google's token service would when it fails
                traceback.print_exc()
                status, body = 500, oauth_fault_body(500)
        entry = {
            "method": method_id,
            "resource": request.form.get("grant_type") or "token",
            "status": status,
            "user": None,
            "client": request.form.get("client_id"),
            "project": None,
        }
        if fault:
            entry["fault"] = True
        if status >= 400:
            entry["error"] = body.get("error")
        self.world.log_call(entry)
        return _json(status, body)

    # --- control surface ---
    def control(self, request: Request) -> Response:
        try:
            body = request.get_json(force=True, silent=False) if request.get_data() else {}
        except Exception:  # any undecodable body is the caller's mistake
            return _json(400, invalid_argument("The body is not JSON.").body())
        query = dict(request.args)
        query["_base_url"] = request.host_url.rstrip("/")
        try:
            return _json(
                200, control_dispatch(self.world, request.method, request.path[len("/_emulator/") :], body or {}, query)
            )
        except ApiError as error:
            return _json(error.http_status, error.body())
        except (KeyError, TypeError, ValueError) as error:
            return _json(400, invalid_argument(f"Bad control request: {error!r}").body())
        except Exception as error:
            traceback.print_exc()
            return _json(500, ApiError(500, "INTERNAL", f"The emulator failed: {error!r}").body())

    # --- Meet REST API ---
    def meet(self, request: Request) -> Response:
        world = self.world
        method = discovery.match(request.method, request.path)
        if method is None:
            return _json(404, ApiError(404, "NOT_FOUND", "Method not found.").body())
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
                caller = self._caller(request)
                if caller:
                    entry.update(user=caller.label, client=caller.client_id, project=caller.project)
                if fault and fault.error():
                    entry["fault"] = True
                    raise fault.error()
                query = _query(method, request)
                enums_as_int = wants_int_enums(query)
                if caller is None:
                    raise unauthenticated(
                        method, "CREDENTIALS_MISSING" if not self._token(request) else "ACCESS_TOKEN_EXPIRED"
                    )
                call = meet_api.Call(world, caller, method, resource, query, self._body(request, method))
                result = meet_api.handle(call)
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
        return _json(status, body, headers, compact)

    @staticmethod
    def _token(request: Request) -> str | None:
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            return header[7:].strip()
        return request.args.get("access_token") or request.args.get("oauth_token")

    def _caller(self, request: Request) -> Caller | None:
        token = self._token(request)
        return self.world.caller(token) if token else None

    @staticmethod
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


class _KeepAliveHandler(WSGIRequestHandler):
    # Google keeps connections open between calls; Werkzeug's default HTTP/1.0 would make every call a new
    # connection (and a new server thread), which is not what a client of Google pays for.
    protocol_version = "HTTP/1.1"


class _QuietHandler(_KeepAliveHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


class RunningEmulator:
    """An emulator serving on a local port; `.url` has no trailing slash. Use as a context manager or `.stop()`."""

    def __init__(self, world: World, host: str, port: int, log_requests: bool = False) -> None:
        self.world = world
        self.app = EmulatorApp(world)
        handler = _KeepAliveHandler if log_requests else _QuietHandler
        self._server = make_server(host, port, self.app, threaded=True, request_handler=handler)
        self.host = host
        self.port = self._server.server_port
        self.url = f"http://{host}:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="google-emulator", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> RunningEmulator:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def build_world(seed: str | dict[str, Any] = "empty", state_file: str | None = None) -> World:
    """A world from the state file if it exists, else from the seed (a built-in name or a seed document)."""
    world = World(state_file)
    if not world.load():
        apply_seed(world, builtin_seed(seed) if isinstance(seed, str) else seed)
        world.save()
    return world


def start(
    seed: str | dict[str, Any] = "empty",
    host: str = "127.0.0.1",
    port: int = 0,
    state_file: str | None = None,
    quotas: dict[str, int] | None = None,
    log_requests: bool = False,
) -> RunningEmulator:
    """Serves an emulator in a background thread (port 0: a free port). See `build_world` for seed and state."""
    world = build_world(seed, state_file)
    if quotas:
        world.quotas.configure(quotas)
    return RunningEmulator(world, host, port, log_requests)
