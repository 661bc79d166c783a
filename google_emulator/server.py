"""The emulator's WSGI application and a helper to run it on a local port in a background thread.

URL layout, as Google's: Meet REST under `/v2/...` (so a client's base URL is the emulator's URL, exactly like
`https://meet.googleapis.com`), the Workspace Events API under `/v1/subscriptions` and `/v1/operations`, OAuth
under `/token` and `/revoke` and the sign-in under `/o/oauth2/...`, the control surface under `/_emulator/`. Each
API package declares its own `ROUTES`; this module only composes them.
"""

from __future__ import annotations

import threading
from typing import Any

from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from google_emulator.control.routes import ROUTES as CONTROL_ROUTES
from google_emulator.core.errors import ApiError
from google_emulator.core.http import Route, find_route, json_response
from google_emulator.events.routes import ROUTES as EVENTS_ROUTES
from google_emulator.meet.routes import ROUTES as MEET_ROUTES
from google_emulator.oauth.routes import ROUTES as OAUTH_ROUTES
from google_emulator.pubsub.routes import ROUTES as PUBSUB_ROUTES
from google_emulator.pubsub.service import PubSubServer
from google_emulator.reports.routes import ROUTES as REPORTS_ROUTES
from google_emulator.seeding import apply_seed, builtin_seed
from google_emulator.world import World

# Every emulated API's routes, tried in order (their paths do not overlap; Pub/Sub's control routes come before the
# control surface's answer for any other `/_emulator/` path); a new API adds its `ROUTES` here.
ROUTES: tuple[Route, ...] = (
    *MEET_ROUTES,
    *REPORTS_ROUTES,
    *EVENTS_ROUTES,
    *OAUTH_ROUTES,
    *PUBSUB_ROUTES,
    *CONTROL_ROUTES,
)


class EmulatorApp:
    def __init__(self, world: World) -> None:
        self.world = world

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        response = self.dispatch(request)
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        route = find_route(ROUTES, request.method, request.path)
        if route is None:
            return json_response(404, ApiError(404, "NOT_FOUND", f"No such endpoint: {request.path}").body())
        # Time-driven events (a subscription's reminders and expiry, a file generated later) and suspensions are
        # settled before a call reads the world and after it changed it (a revoked grant, a clock advanced).
        self.world.catch_up()
        response = route.handler(self.world, request)
        self.world.catch_up()
        if request.method != "GET" or route.reads_change_world:
            self.world.save()
        return response


class _KeepAliveHandler(WSGIRequestHandler):
    # Google keeps connections open between calls; Werkzeug's default HTTP/1.0 would make every call a new
    # connection (and a new server thread), which is not what a client of Google pays for.
    protocol_version = "HTTP/1.1"


class _QuietHandler(_KeepAliveHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


# How often time-driven events are looked for between requests (the emulated clock also moves with real time).
TICK_SECONDS = 1.0


class RunningEmulator:
    """An emulator serving on a local port; `.url` has no trailing slash. Use as a context manager or `.stop()`.

    With a Pub/Sub port, Pub/Sub's gRPC API is served too: `.pubsub_address` is its `host:port`, what
    `PUBSUB_EMULATOR_HOST` should say (None without one)."""

    def __init__(
        self, world: World, host: str, port: int, log_requests: bool = False, pubsub_port: int | None = None
    ) -> None:
        self.world = world
        self.app = EmulatorApp(world)
        handler = _KeepAliveHandler if log_requests else _QuietHandler
        self._server = make_server(host, port, self.app, threaded=True, request_handler=handler)
        self.host = host
        self.port = self._server.server_port
        self.url = f"http://{host}:{self.port}"
        self.pubsub: PubSubServer | None = None
        if pubsub_port is not None:
            try:
                self.pubsub = PubSubServer(world.pubsub, host, pubsub_port)
            except Exception:
                self._server.server_close()
                raise
        self.pubsub_address = self.pubsub.address if self.pubsub else None
        self._thread = threading.Thread(target=self._server.serve_forever, name="google-emulator", daemon=True)
        self._thread.start()
        self._stopping = threading.Event()
        self._ticker = threading.Thread(target=self._tick, name="google-emulator-clock", daemon=True)
        self._ticker.start()

    def _tick(self) -> None:
        # Time passes without requests too: a recording's file is generated a minute after the call ends, and a
        # subscriber waiting on its topic must hear of it even if nobody calls the emulator meanwhile.
        while not self._stopping.wait(TICK_SECONDS):
            if self.world.catch_up():
                self.world.save()

    def stop(self) -> None:
        self._stopping.set()
        self._ticker.join(timeout=5)
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        if self.pubsub is not None:
            self.pubsub.stop()
        self.world.delivery.close()

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
    pubsub_port: int | None = None,
    pubsub_emulator_host: str | None = None,
) -> RunningEmulator:
    """Serves an emulator in a background thread (port 0: a free port). See `build_world` for seed and state.

    `pubsub_port`: also serve Pub/Sub's gRPC API there (0: a free port; None: not at all). `pubsub_emulator_host`:
    deliver what the emulated APIs publish to Google's own Pub/Sub emulator at that `host:port` instead of ours.
    """
    world = build_world(seed, state_file)
    if quotas:
        world.quotas.configure(quotas)
    world.delivery.use_google_emulator(pubsub_emulator_host)
    return RunningEmulator(world, host, port, log_requests, pubsub_port)
