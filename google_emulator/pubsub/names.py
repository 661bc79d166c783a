"""Resource names as pubsub.v1.json's `Topic.name` and `Subscription.name` define them: `projects/{project}/topics/
{topic}`, the id starting with a letter, 3 to 255 of `[A-Za-z0-9-_.~+%]`, not starting with "goog"."""

from __future__ import annotations

import re

from google_emulator.pubsub.errors import PubSubError, invalid_argument

_ID = r"(?!goog)[A-Za-z][A-Za-z0-9\-_.~+%]{2,254}"
_PROJECT = re.compile(r"projects/([^/]+)")
_TOPIC = re.compile(rf"projects/([^/]+)/topics/({_ID})")
_SUBSCRIPTION = re.compile(rf"projects/([^/]+)/subscriptions/({_ID})")

# What a subscription's `topic` becomes when its topic is deleted (Subscription.topic in pubsub.v1.json).
DELETED_TOPIC = "_deleted-topic_"


def _bad_name(name: str) -> PubSubError:
    return invalid_argument(
        f"Invalid resource name given (name={name}). Refer to "
        "https://cloud.google.com/pubsub/docs/pubsub-basics#resource_names for more information."
    )


def check_project(name: str) -> str:
    if not _PROJECT.fullmatch(name):
        raise _bad_name(name)
    return name


def check_topic(name: str) -> str:
    if not _TOPIC.fullmatch(name):
        raise _bad_name(name)
    return name


def check_subscription(name: str) -> str:
    if not _SUBSCRIPTION.fullmatch(name):
        raise _bad_name(name)
    return name


def project_of(name: str) -> str:
    return "/".join(name.split("/")[:2])


def short_id(name: str) -> str:
    return name.rsplit("/", 1)[-1]
