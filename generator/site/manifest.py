"""The manifest of an output (``.debrief-manifest.json``): each site's fingerprints, and which sites are stale."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import outputs

MANIFEST_NAME = outputs.MANIFEST_NAME
MANIFEST_VERSION = 2


@dataclass(frozen=True)
class Manifest:
    """The last build of an output folder: each site's fingerprints and timings, and build notes."""

    sites: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def read(cls, out: Path) -> Manifest:
        """The output's manifest; an unreadable or foreign one is as good as none (everything is rebuilt)."""
        try:
            data = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
            if data.get("version") == MANIFEST_VERSION:
                return cls(dict(data["sites"]), dict(data.get("notes", {})))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass
        return cls()

    def write(self, out: Path) -> None:
        data = {"version": MANIFEST_VERSION, "sites": self.sites, "notes": self.notes}
        (out / MANIFEST_NAME).write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")


@dataclass(frozen=True)
class Plan:
    """Which of the wanted sites must be made again, measured against the previous output."""

    out: Path
    inputs: dict[str, str]
    """Site id -> input fingerprint, for every site this build is about."""
    stale: tuple[str, ...]
    previous: Manifest
    reusable: dict[str, str]
    """Stale site id -> output fingerprint of the site still in the output: not built again if it comes out the same."""


def plan(out: Path, inputs: dict[str, str], force: bool = False) -> Plan:
    """A site is stale when forced, when its inputs changed, or when its folder is gone."""
    previous = Manifest.read(out)
    stale = tuple(
        site_id for site_id in sorted(inputs)
        if force
        or previous.sites.get(site_id, {}).get("inputs") != inputs[site_id]
        or not (out / site_id / "index.html").is_file()
    )
    reusable = {
        site_id: previous.sites[site_id]["output"] for site_id in stale
        if not force and site_id in previous.sites and (out / site_id / "index.html").is_file()
    }
    return Plan(out, inputs, stale, previous, reusable)
