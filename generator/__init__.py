"""Debrief: campaign data and meeting notes in git, one static report site per client."""

__version__ = "0.1.0"
