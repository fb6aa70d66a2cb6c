"""A page model as JSON: what the page shows, with the models it refers to named, not copied whole."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from ...models import Campaign, Client, Meeting, Survey


def plain(value: Any) -> Any:
    """The model as JSON data: dataclasses and pydantic models as objects, decimals and dates as text.

    A campaign, client, meeting or survey is named by its slug and title: its source
    files are not the page's figures (and a metrics table would dwarf them).
    """
    if isinstance(value, Client):
        return {"client": value.slug, "name": value.spec.name}
    if isinstance(value, Campaign):
        return {"campaign": value.slug, "name": value.spec.name}
    if isinstance(value, Meeting):
        return {"meeting": value.slug, "type": value.spec.type, "title": value.spec.title, "date": value.spec.date.isoformat()}
    if isinstance(value, Survey):
        return {"survey": value.slug, "kind": value.spec.kind, "date": value.spec.date.isoformat()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        for name in dir(type(value)):  # derived figures too (a change's delta, a week's dates)
            if isinstance(getattr(type(value), name, None), property) and not name.startswith("_"):
                derived = getattr(value, name)
                if type(derived) is not type(value):  # a week's previous week is not part of it
                    data[name] = plain(derived)
        return data
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def model_json(model: Any) -> str:
    return json.dumps(plain(model), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
