"""The layers point down only: cluster, shell, tutorial and viz never import Flask or the web/store layers."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "webapp"
FORBIDDEN = {
    "cluster": ("flask", "jinja2", "webapp.web", "webapp.store", "webapp.shell", "webapp.tutorial", "webapp.viz",
                "werkzeug", "htmx_flask", "redis", "sqlite3", "socket", "subprocess", "random", "requests"),
    "shell": ("flask", "jinja2", "webapp.web", "webapp.store", "webapp.tutorial", "webapp.viz", "werkzeug",
              "htmx_flask", "redis", "sqlite3", "socket", "subprocess", "random", "requests"),
    "tutorial": ("flask", "jinja2", "webapp.web", "webapp.store", "werkzeug", "htmx_flask", "socket", "subprocess"),
    "viz": ("flask", "jinja2", "webapp.web", "webapp.store", "werkzeug", "htmx_flask"),
}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_point_down(layer):
    bad = []
    for path in sorted((ROOT / layer).rglob("*.py")):
        for name in _imports(path):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[layer]):
                bad.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not bad, "\n".join(bad)


def test_the_checker_sees_a_violation(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text("import flask\nfrom webapp.web import app\n")
    assert {"flask", "webapp.web"} <= _imports(sample)
