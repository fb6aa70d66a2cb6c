"""Templates only loop and format: every figure, count, order and choice comes from a page model."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment, nodes

TEMPLATES = Path(__file__).resolve().parent.parent / "generator" / "templates"
ARITHMETIC = (nodes.Add, nodes.Sub, nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Mod, nodes.Pow, nodes.Neg)
ORDERING = {"lt", "gt", "lteq", "gteq"}
COMPUTING_FILTERS = {
    "sum", "selectattr", "rejectattr", "select", "reject", "min", "max", "round", "abs", "length", "count",
    "sort", "dictsort", "reverse", "groupby", "unique", "batch", "slice", "first", "last", "int", "float",
}
ORDERING_TESTS = {"gt", "lt", "ge", "le", "greaterthan", "lessthan", "divisibleby", "odd", "even"}


def computations(source: str) -> list[str]:
    """What a template computes instead of formatting: each as a short description with its line."""
    tree = Environment(extensions=["jinja2.ext.i18n"]).parse(source)
    found = []
    for node in tree.find_all(nodes.Node):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ARITHMETIC):
            found.append(f"line {line}: arithmetic ({type(node).__name__})")
        elif isinstance(node, nodes.Compare) and any(op.op in ORDERING for op in node.ops):
            found.append(f"line {line}: a comparison of figures")
        elif isinstance(node, nodes.Compare) and any(isinstance(side, nodes.Const) and isinstance(side.value, (int, float))
                                                     and not isinstance(side.value, bool)
                                                     for side in (node.expr, *(op.expr for op in node.ops))):
            found.append(f"line {line}: a figure compared with a number")
        elif isinstance(node, nodes.Filter) and node.name in COMPUTING_FILTERS:
            found.append(f"line {line}: the |{node.name} filter")
        elif isinstance(node, nodes.Test) and node.name in ORDERING_TESTS:
            found.append(f"line {line}: the '{node.name}' test")
        elif isinstance(node, nodes.For) and node.test is not None:
            found.append(f"line {line}: a loop that filters (for ... if)")
        elif isinstance(node, nodes.Const) and isinstance(node.value, str) and not node.value.endswith(".j2") and any(
                part in node.value for part in ("../", ".md", ".html")):
            found.append(f"line {line}: a path literal {node.value!r} (ask the layout: link, href)")
        elif isinstance(node, nodes.TemplateData) and any(part in node.data for part in ("../", ".md)", '.html"')):
            found.append(f"line {line}: a path written into the page (ask the layout: link, href)")
        elif isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr) and node.node.attr in ("count", "index"):
            found.append(f"line {line}: .{node.node.attr}() counts in the template")
    return found


@pytest.mark.parametrize("template", sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.j2")))
def test_template_only_loops_and_formats(template):
    assert computations((TEMPLATES / template).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("source, found", [
    ("{{ a - b }}", "arithmetic (Sub)"),
    ("{{ (x / y)|money }}", "arithmetic (Div)"),
    ("{% if h.overage > 0 %}x{% endif %}", "a comparison of figures"),
    ("{{ t.days_late == 0 }}", "a figure compared with a number"),
    ("{{ items|selectattr('state', 'equalto', 'done')|list|length }}", "the |selectattr filter"),
    ("{{ rows|sum(attribute='hours') }}", "the |sum filter"),
    ("{% for k in kpis if k.status == 'met' %}{% endfor %}", "a loop that filters"),
    ("[x](../meetings/{{ slug }}.md)", "a path written into the page"),
    ("{{ d.count('overdue') }}", ".count() counts"),
])
def test_the_check_finds_each_kind_of_computation(source, found):
    assert any(found in problem for problem in computations(source)), computations(source)


def test_formatting_and_choices_pass():
    assert computations('{{ k.actual|kpi(unit) }}{% if row.kind == "spend" %}{{ _("Spend") }}{% endif %}{% for r in rows %}{{ loop.index }}{% endfor %}') == []
