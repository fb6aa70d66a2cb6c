"""What may never reach a client's own site, made a property of the types.

Alerts and the agency's track record (other clients' campaigns) are for staff. Their
values subclass ``InternalOnly``. An internal page that shows them has a page model of
its own (``InternalCampaignPage`` beside ``CampaignPage``), so the model of a client's
page has no field that could hold one. ``refuse_internal`` checks that by the types,
once per class, before a client-site page is rendered: a slip in wiring fails the build
instead of publishing.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache


class InternalOnly:
    """Marker base of every value meant for the internal sites only."""


class InternalLeak(TypeError):
    """A client-site page was to be made from a model that can hold internal values."""


def _can_hold(annotation: object, seen: frozenset[type]) -> bool:
    if isinstance(annotation, type):
        if issubclass(annotation, InternalOnly):
            return True
        if not dataclasses.is_dataclass(annotation) or annotation in seen:
            return False
        hints = typing.get_type_hints(annotation)
        return any(_can_hold(hints[f.name], seen | {annotation}) for f in dataclasses.fields(annotation))
    if annotation is typing.Any:
        return True  # anything could hide behind it: page models do not use it
    if isinstance(annotation, (types.UnionType, types.GenericAlias)) or typing.get_origin(annotation) is not None:
        return any(_can_hold(arg, seen) for arg in typing.get_args(annotation) if not isinstance(arg, (str, int)))
    return False


@cache
def can_hold_internal(model_type: type) -> bool:
    """Whether a value of this page-model type could hold an ``InternalOnly`` value, by its field annotations."""
    return _can_hold(model_type, frozenset())


def refuse_internal(model: object, where: str) -> None:
    """Raise unless ``model``'s type keeps internal values out (a client site's page must)."""
    if model is not None and can_hold_internal(type(model)):
        raise InternalLeak(f"{where}: a client's site cannot be made from {type(model).__name__}, which holds internal values")
