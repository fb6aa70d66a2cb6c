"""The whole build in one place: load and validate, compute and render, then build sites."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from . import render, site
from .compute.campaigns import default_as_of
from .models import Agency
from .problems import InvalidSource, Problem
from .validate import load_agency


@dataclass(frozen=True)
class Loaded:
    agency: Agency
    warnings: list[Problem]


def load(source: Path, strict: bool = False) -> Loaded:
    """Validated models of the whole source; raises InvalidSource listing every problem."""
    base, _ = site.base_config(source)
    language = (base.get("extra") or {}).get("language", "en")
    agency, report = load_agency(source, language)
    errors = report.errors + (report.warnings if strict else [])
    if errors:
        raise InvalidSource(errors)
    return Loaded(agency, sorted(report.warnings))


def as_of_dates(agency: Agency, as_of: dt.date | None) -> dict[str, dt.date]:
    """Each client's report date: the one given, else the client's last day with data."""
    return {c.slug: as_of or default_as_of(c) or dt.date(1970, 1, 1) for c in agency.clients}


def render_sites(agency: Agency, as_of: dict[str, dt.date], only: tuple[str, ...] = ()) -> list[render.SiteSpec]:
    """Every site's pages: per client its own site and its internal site, plus the portfolio."""
    specs = []
    for client in agency.clients:
        if only and client.slug not in only:
            continue
        specs.append(render.client_site(client.for_client_site(), as_of[client.slug], internal=False))
        specs.append(render.client_site(client, as_of[client.slug], internal=True))
    specs.append(render.portfolio_site(agency, as_of))
    return specs


def build(source: Path, out: Path, only: tuple[str, ...] = (), as_of: dt.date | None = None, strict: bool = False) -> Loaded:
    loaded = load(source, strict)
    unknown = [slug for slug in only if slug not in {c.slug for c in loaded.agency.clients}]
    if unknown:
        raise InvalidSource([Problem("campaigns", 0, f"no client '{slug}'") for slug in unknown])
    dates = as_of_dates(loaded.agency, as_of)
    specs = render_sites(loaded.agency, dates, only)
    site.build_all(specs, source, out, out.parent / ".debrief-work", keep_others=bool(only))
    return loaded
