"""Client logos: an SVG is kept to what draws (an allow-list), a raster image must be what its name says.

A logo is published on every page of a client's site and can be opened on its
own, from disk or any web server, where an SVG's ``<script>`` or ``onload`` would
run in the site's origin and an ``<image>``, ``@import`` or ``url()`` would load
from another host. So an SVG is rebuilt from the elements and attributes that
only draw, with references to its own ids only (``#gradient``); anything else is
left out and named in a warning. Pure functions: bytes in, bytes out.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, quoteattr
from dataclasses import dataclass, field

MAX_LOGO_BYTES = 1024 * 1024
"""A logo is copied into every site of its client and loaded with every page."""
MAX_DEPTH = 64
SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
RASTER_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".webp": (b"RIFF",),
}
ELEMENTS = frozenset("""
    svg g defs symbol use title desc path rect circle ellipse line polyline polygon text tspan textPath
    linearGradient radialGradient stop clipPath mask pattern marker filter style
    feBlend feColorMatrix feComponentTransfer feComposite feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR
    feGaussianBlur feMerge feMergeNode feMorphology feOffset
""".split())
UNWRAPPED = frozenset({"a", "switch"})
"""Elements left out while their content stays: a link around a drawing keeps the drawing."""
ATTRIBUTES = frozenset("""
    id class viewBox width height x y x1 y1 x2 y2 cx cy r rx ry fx fy fr d points pathLength transform version
    preserveAspectRatio fill fill-opacity fill-rule stroke stroke-width stroke-linecap stroke-linejoin
    stroke-miterlimit stroke-dasharray stroke-dashoffset stroke-opacity opacity clip-path clip-rule mask filter
    color display visibility overflow paint-order vector-effect shape-rendering text-rendering image-rendering
    color-interpolation color-interpolation-filters font-family font-size font-weight font-style font-variant
    font-stretch text-anchor dominant-baseline alignment-baseline baseline-shift letter-spacing word-spacing
    text-decoration writing-mode direction textLength lengthAdjust startOffset dx dy rotate
    offset stop-color stop-opacity gradientUnits gradientTransform spreadMethod
    patternUnits patternContentUnits patternTransform clipPathUnits maskUnits maskContentUnits
    markerWidth markerHeight refX refY orient markerUnits marker-start marker-mid marker-end
    filterUnits primitiveUnits stdDeviation in in2 result mode operator k1 k2 k3 k4 values type
    tableValues slope intercept amplitude exponent radius flood-color flood-opacity lighting-color
    style href
""".split())
FUNCTIONS = frozenset({"url", "rgb", "rgba", "hsl", "hsla", "matrix", "translate", "scale", "rotate", "skewx", "skewy",
                       "calc", "min", "max"})
FUNCTION = re.compile(r"([A-Za-z-]+)\s*\(")
URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)
LOCAL_REFERENCE = re.compile(r"#[A-Za-z_][\w.:-]*")
CSS_RULE = re.compile(r"\s*([^{}]+?)\s*\{([^{}]*)\}\s*")
CSS_SELECTOR = re.compile(r"[\w\s.#,>+~*:()-]+")


class LogoRejected(ValueError):
    """A logo file that cannot be used at all; the message says why."""


@dataclass
class Cleaned:
    """The logo to publish and what was left out of it."""

    data: bytes
    removed: list[str] = field(default_factory=list)


def clean_logo(data: bytes, suffix: str) -> Cleaned:
    """The logo ready to publish (read with the ``MAX_LOGO_BYTES`` cap); raises LogoRejected for one not what its name says."""
    suffix = suffix.lower()
    if suffix == ".svg":
        return clean_svg(data)
    signatures = RASTER_SIGNATURES[suffix]
    if not data.startswith(signatures) or (suffix == ".webp" and data[8:12] != b"WEBP"):
        raise LogoRejected(f"the logo is not a {suffix[1:].upper()} image, whatever its name says: export it again")
    return Cleaned(data)


def clean_svg(data: bytes) -> Cleaned:
    """The SVG rebuilt from drawing elements and attributes only."""
    if re.search(rb"<!(DOCTYPE|ENTITY)", data, re.I):
        raise LogoRejected("the SVG declares a DOCTYPE or entities, which a logo does not need: export it as plain SVG")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise LogoRejected(f"the logo is not valid SVG (line {exc.position[0]}: {exc.msg}): export it again") from None
    if root.tag != f"{{{SVG}}}svg":
        raise LogoRejected("the logo's outermost element is not an SVG <svg> element: export it as SVG")
    removed: list[str] = []
    cleaned = ET.Element(root.tag)
    _copy(root, cleaned, removed, 0)
    return Cleaned(('<?xml version="1.0" encoding="UTF-8"?>\n' + _serialised(cleaned, top=True)).encode("utf-8"), removed)


def _serialised(element: ET.Element, top: bool = False) -> str:
    """The element as SVG text: every element is in the SVG namespace, declared once at the top."""
    name = _local(element.tag)
    attributes = ([f"xmlns={quoteattr(SVG)}"] if top else []) + [
        f"{'xml:space' if key == f'{{{XML}}}space' else key}={quoteattr(value)}" for key, value in element.attrib.items()
    ]
    opening = " ".join([name, *attributes])
    inner = escape(element.text or "") + "".join(_serialised(child) + escape(child.tail or "") for child in element)
    return f"<{opening}>{inner}</{name}>" if inner else f"<{opening}/>"


def _copy(source: ET.Element, target: ET.Element, removed: list[str], depth: int) -> None:
    """Copy the allowed attributes and text of ``source`` onto ``target``, then its allowed content."""
    for name, value in source.attrib.items():
        kept = _attribute(name, value)
        if kept is not None:
            target.set(*kept)
        elif not name.startswith("{") or name.startswith((f"{{{XLINK}}}", f"{{{XML}}}")):  # not an editor's own notes
            removed.append(f"the attribute {_local(name)}")
    local = _local(source.tag)
    if local == "style":
        target.text = _style_sheet(source.text or "", removed)
    elif local in ("text", "tspan", "textPath", "title", "desc"):
        target.text = source.text
    _copy_content(source, target, removed, depth)


def _copy_content(source: ET.Element, target: ET.Element, removed: list[str], depth: int) -> None:
    if depth > MAX_DEPTH:
        raise LogoRejected(f"the SVG is nested more than {MAX_DEPTH} levels deep: simplify it")
    for child in source:
        in_svg = isinstance(child.tag, str) and child.tag.startswith(f"{{{SVG}}}")
        local = _local(child.tag) if in_svg else None
        if local in ELEMENTS:
            copy = ET.SubElement(target, child.tag)
            _copy(child, copy, removed, depth + 1)
            copy.tail = child.tail
        elif local in UNWRAPPED:
            removed.append(f"the element <{local}> (not what it holds)")
            _copy_content(child, target, removed, depth + 1)
        elif in_svg or (isinstance(child.tag, str) and not child.tag.startswith("{")):
            removed.append(f"the element <{_local(child.tag)}>")


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _attribute(name: str, value: str) -> tuple[str, str] | None:
    """The attribute as it may stay (``xlink:href`` becomes ``href``), or None."""
    if name == f"{{{XLINK}}}href":
        name = "href"
    elif name == f"{{{XML}}}space":
        return name, value if value in ("default", "preserve") else "default"
    if name not in ATTRIBUTES:
        return None
    if name == "href":
        return (name, value) if LOCAL_REFERENCE.fullmatch(value.strip()) else None
    if name == "style":
        declarations = _declarations(value)
        return (name, declarations) if declarations else None
    return (name, value) if _safe_value(value) else None


def _safe_value(value: str) -> bool:
    """A value that only draws: no escape, no markup, no function but colours, transforms and local ``url(#id)``."""
    if any(char in value for char in "\\<>@&{}") or any(ord(char) < 32 and char not in "\t\n\r" for char in value):
        return False
    if any(match.group(1).lower() not in FUNCTIONS for match in FUNCTION.finditer(value)):
        return False
    return all(LOCAL_REFERENCE.fullmatch(match.group(2).strip()) for match in URL.finditer(value))


def _declarations(style: str) -> str:
    """The CSS declarations ``property: value`` whose property is a drawing attribute and whose value is safe."""
    kept = []
    for declaration in style.split(";"):
        prop, colon, value = declaration.partition(":")
        prop, value = prop.strip().lower(), value.strip()
        if colon and prop in ATTRIBUTES and prop not in ("href", "style") and value and _safe_value(value):
            kept.append(f"{prop}: {value}")
    return "; ".join(kept)


def _style_sheet(text: str, removed: list[str]) -> str:
    """A ``<style>`` of plain rules (``.cls-1 { fill: #fff }``), each kept to safe declarations; anything else goes."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    rules, end = [], 0
    for match in CSS_RULE.finditer(text):
        if match.start() != end or not CSS_SELECTOR.fullmatch(match.group(1)):
            break
        end = match.end()
        declarations = _declarations(match.group(2))
        if declarations:
            rules.append(f"{match.group(1)} {{ {declarations} }}")
    if text[end:].strip() or len(rules) < len(CSS_RULE.findall(text)):
        removed.append("parts of the style sheet")
    return "\n".join(rules)
