"""Pub/Sub's part of the control surface, under `/_emulator/`: what was delivered, a publish as the
emulated APIs do it, the delivery faults, and a look at topics and subscriptions. Pub/Sub's own API is gRPC, on its
own port (`service.py`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from werkzeug.wrappers import Request, Response

from google_emulator.core.errors import ApiError, invalid_argument
from google_emulator.core.http import Route, json_response
from google_emulator.pubsub.delivery_faults import parse_fault
from google_emulator.world import World

Handler = Callable[[World, dict[str, Any]], Any]


def _answer(handler: Handler) -> Callable[[World, Request], Response]:
    def endpoint(world: World, request: Request) -> Response:
        try:
            body = request.get_json(force=True, silent=False) if request.get_data() else {}
        except Exception:  # any undecodable body is the caller's mistake
            return json_response(400, invalid_argument("The body is not JSON.").body())
        if not isinstance(body, dict):
            return json_response(400, invalid_argument("The body must be a JSON object.").body())
        try:
            return json_response(200, handler(world, body))
        except ApiError as error:
            return json_response(error.http_status, error.body())
        except (KeyError, TypeError, ValueError) as error:
            return json_response(400, invalid_argument(f"Bad control request: {error}").body())

    return endpoint


def _route(method: str, name: str, handler: Handler) -> Route:
    return Route(method, rf"/_emulator/+{re.escape(name)}/*", _answer(handler))


def publish(world: World, body: dict[str, Any]) -> Any:
    topic, data, attributes = body.get("topic"), body.get("data", ""), body.get("attributes") or {}
    if not isinstance(topic, str) or not topic:
        raise invalid_argument("'topic' is required: projects/{project}/topics/{topic}.")
    if not isinstance(data, str) or not isinstance(attributes, dict):
        raise invalid_argument("'data' must be text and 'attributes' an object of strings.")
    message_id = world.publishing.publish(topic, data.encode(), {str(k): str(v) for k, v in attributes.items()})
    return {"messageId": message_id}


def deliveries(world: World, body: dict[str, Any]) -> Any:
    return list(world.delivery.log)


def list_faults(world: World, body: dict[str, Any]) -> Any:
    return world.delivery.faults.public()


def add_fault(world: World, body: dict[str, Any]) -> Any:
    return world.delivery.faults.add(parse_fault(body)).public()


def clear_faults(world: World, body: dict[str, Any]) -> Any:
    world.delivery.faults.clear()
    return {}


def overview(world: World, body: dict[str, Any]) -> Any:
    return {"deliveringTo": world.delivery.target, **world.pubsub.overview()}


ROUTES = (
    _route("POST", "publish", publish),
    _route("GET", "deliveries", deliveries),
    _route("GET", "delivery-faults", list_faults),
    _route("POST", "delivery-faults", add_fault),
    _route("DELETE", "delivery-faults", clear_faults),
    _route("GET", "pubsub", overview),
)
