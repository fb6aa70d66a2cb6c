"""axe-core, run on a page open in the browser: the serious and critical accessibility violations."""

from __future__ import annotations

from .tools import PROJECT_ROOT

AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page, one line per rule and element."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {' '.join(node['target'])}: "
        + "; ".join(check["message"] for check in node["any"] + node["all"] + node["none"])
        for violation in result["violations"] if violation["impact"] in ("serious", "critical")
        for node in violation["nodes"]
    ]
