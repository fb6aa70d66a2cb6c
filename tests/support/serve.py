"""A built folder served on 127.0.0.1, as a reader's browser fetches it: Debrief's own ``serve_folder``."""

from generator.commands.browser import serve_folder as served

__all__ = ["served"]
