"""What may never reach a client's own site, made a property of the types.

Alerts and the agency's history (other clients' campaigns) are for staff. Their
values subclass ``InternalOnly``; a page model of a client's site subclasses
``ClientSafe``, which refuses to be built holding one, however deeply nested. So a
slip in wiring a page fails the build of that page instead of publishing it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping


class InternalOnly:
    """Marker base of every value meant for the internal sites only."""


class InternalLeak(TypeError):
    """A client-site page model was given a value meant for the internal sites only."""


def internal_values(value: object, path: str = "") -> Iterator[str]:
    """Where inside ``value`` (dataclasses, mappings, sequences) an ``InternalOnly`` value sits."""
    if isinstance(value, InternalOnly):
        yield path or "."
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from internal_values(getattr(value, item.name), f"{path}.{item.name}")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from internal_values(item, f"{path}[{key!r}]")
    elif isinstance(value, (list, tuple, set, frozenset)):
        for index, item in enumerate(value):
            yield from internal_values(item, f"{path}[{index}]")


class ClientSafe:
    """Base of a client-site page model (a dataclass): building one that holds internal values raises."""

    def __post_init__(self) -> None:
        found = list(internal_values(self))
        if found:
            raise InternalLeak(f"{type(self).__name__} is shown on a client's site but holds internal values at {', '.join(found)}")
