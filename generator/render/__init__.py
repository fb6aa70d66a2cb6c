"""The render stage: computed figures into Markdown pages and chart specs, one SiteSpec per site."""

from .base import Page, SiteSpec, md_escape, note_html
from .sites import client_site, portfolio_site

__all__ = ["Page", "SiteSpec", "client_site", "md_escape", "note_html", "portfolio_site"]
