"""The render stage: computed figures into Markdown pages and chart specs, one SiteSpec per site."""

from .base import Page, SiteSpec, md_escape, note_html
from .sites import client_site, portfolio_group, portfolio_groups, portfolio_site, portfolio_site_of

__all__ = ["Page", "SiteSpec", "client_site", "md_escape", "note_html", "portfolio_group", "portfolio_groups",
           "portfolio_site", "portfolio_site_of"]
