"""Colour contrast (WCAG 2): a client's brand colour made readable as text on a page's backgrounds."""

from __future__ import annotations

LIGHT_BOX = "#F5F5F5"
"""The lightest palette's grey box background (Material's code background): the darkest a link sits on."""
DARK_BOX = "#272A35"
"""The dark palette's grey box background: the lightest a link sits on there."""
TEXT_CONTRAST = 4.5
"""WCAG AA for normal-size text."""


def _channels(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def luminance(color: str) -> float:
    """Relative luminance of an sRGB ``#RRGGBB`` (or ``#RGB``) colour."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = map(linear, _channels(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours, from 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_on(color: str, background: str, ratio: float = TEXT_CONTRAST) -> str:
    """``color`` itself if it reads on ``background``, else the nearest mix of it toward black or white that does."""
    if contrast(color, background) >= ratio:
        return color.upper()
    toward = (0, 0, 0) if luminance(background) > 0.18 else (255, 255, 255)
    channels = _channels(color)
    for step in range(1, 101):
        share = step / 100
        mixed = "#" + "".join(f"{round(c + (t - c) * share):02X}" for c, t in zip(channels, toward))
        if contrast(mixed, background) >= ratio:
            return mixed
    return "#000000" if toward == (0, 0, 0) else "#FFFFFF"
