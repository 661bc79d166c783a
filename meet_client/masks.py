"""The one place that builds a space patch's `updateMask`.

A patch sends the wanted SpaceConfig and a mask naming exactly the leaves that change. A path in the mask but
absent from the body resets that field to its default, so the mask must never name a field we do not mean to
touch, and a field set to its `*_UNSPECIFIED` value is the same as an absent one (proto3 cannot tell them apart).
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterator
from typing import Any

from .json_codec import EXTRA, json_key
from .records import Moderation, SpaceConfig

CONFIG = "config"
MODERATION = "config.moderation"
MODERATION_RESTRICTIONS = "config.moderationRestrictions"


def config_leaves(config: SpaceConfig | None) -> dict[str, str]:
    """Every set leaf of a SpaceConfig by its camelCase path (`config.moderationRestrictions.chatRestriction`).

    Unset and `*_UNSPECIFIED` leaves are left out: to Google both mean "the default".
    """
    return {path: value for path, value in _leaves(config, CONFIG, SpaceConfig) if value is not None}


def space_config_update_mask(current: SpaceConfig | None, wanted: SpaceConfig) -> list[str]:
    """The leaf paths that differ between `current` and `wanted`, in a stable order.

    Turning moderation OFF makes Google reset the moderation restrictions to their defaults, so when `wanted`
    has moderation OFF its restrictions are not sent at all: they could not stick. Callers that show the result
    should say the restrictions were reset.
    """
    before = dict(_leaves(current, CONFIG, SpaceConfig))
    after = dict(_leaves(wanted, CONFIG, SpaceConfig))
    moderation_off = after.get(MODERATION) == Moderation.OFF.value
    changed = []
    for path in after:
        if moderation_off and path.startswith(MODERATION_RESTRICTIONS + "."):
            continue
        if before.get(path) != after[path]:
            changed.append(path)
    return changed


def resets_moderation_restrictions(wanted: SpaceConfig) -> bool:
    """Whether Google will reset the restrictions when `wanted` is applied (moderation OFF)."""
    return wanted.moderation == Moderation.OFF


def _leaves(record: Any, prefix: str, record_type: type | None = None) -> Iterator[tuple[str, str | None]]:
    """(path, value) for every leaf the schema has, value None when unset; walks the dataclass types."""
    record_type = record_type or type(record)
    hints = typing.get_type_hints(record_type)
    for field in dataclasses.fields(record_type):
        if field.name == EXTRA:
            continue
        path = f"{prefix}.{json_key(field)}"
        nested_type = _record_type(hints[field.name])
        value = getattr(record, field.name) if record is not None else None
        if nested_type is not None:
            yield from _leaves(value, path, nested_type)
        else:
            yield path, _leaf_value(value)


def _record_type(hint: Any) -> type | None:
    for member in typing.get_args(hint) or (hint,):
        if dataclasses.is_dataclass(member):
            return member
    return None


def _leaf_value(value: Any) -> str | None:
    if value is None:
        return None
    text = str(getattr(value, "value", value))
    return None if text.endswith("_UNSPECIFIED") else text
