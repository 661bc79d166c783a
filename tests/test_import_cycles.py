"""No module of meetadmin's own imports itself round a circle, counting imports inside functions.

An import hidden in a function body still ties two modules together (it only moves the failure from import time
to the first call); the Operation engine was one such circle (docs/architecture.md). grimp reads every import
statement, at module level or not, so the check sees what a reader sees. `make lint` runs this file too.
"""

from __future__ import annotations

import sys
from pathlib import Path

import grimp

APPLICATION = ("accounts", "spaces", "meetadmin", "embedded")  # not tests, not google_emulator (its own package)
REPO = Path(__file__).resolve().parents[1]


def import_cycles(*packages: str) -> list[list[str]]:
    """Each set of modules that import one another round a circle (Tarjan's strongly connected components), with
    one circle through it spelled out, shortest first."""
    graph = grimp.build_graph(*packages, cache_dir=None)
    imports = {module: sorted(graph.find_modules_directly_imported_by(module)) for module in graph.modules}
    order: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []
    for start in sorted(imports):
        if start in order:
            continue
        # Iterative, so a long chain of imports cannot exhaust Python's recursion limit.
        work = [(start, iter(imports[start]))]
        order[start] = lowest[start] = len(order)
        stack.append(start)
        while work:
            module, pending = work[-1]
            for imported in pending:
                if imported not in order:
                    order[imported] = lowest[imported] = len(order)
                    stack.append(imported)
                    work.append((imported, iter(imports.get(imported, ()))))
                    break
                if imported in stack:
                    lowest[module] = min(lowest[module], order[imported])
            else:
                work.pop()
                if work:
                    lowest[work[-1][0]] = min(lowest[work[-1][0]], lowest[module])
                if lowest[module] == order[module]:
                    component = stack[stack.index(module) :]
                    del stack[stack.index(module) :]
                    if len(component) > 1 or module in imports[module]:
                        found.append(_one_circle(graph, sorted(component)))
    return sorted(found, key=len)


def _one_circle(graph, component: list[str]) -> list[str]:
    """The shortest circle through the component's first module (alphabetically), as module names."""
    first = component[0]
    circles = []
    for other in component[1:] or [first]:
        there = graph.find_shortest_chain(importer=first, imported=other) if other != first else (first,)
        back = graph.find_shortest_chain(importer=other, imported=first) if other != first else (first, first)
        circles.append([*there, *back[1:]])
    return min(circles, key=len)


def test_no_module_of_ours_imports_itself_round_a_circle(monkeypatch):
    monkeypatch.syspath_prepend(str(REPO))
    cycles = import_cycles(*APPLICATION)
    assert cycles == [], "import cycles: " + "; ".join(" -> ".join(cycle) for cycle in cycles)


def test_an_import_inside_a_function_closes_a_circle(tmp_path, monkeypatch):
    """The check itself can fail: a circle closed only by an import in a function body is found."""
    package = tmp_path / "circled"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "services.py").write_text("from circled.tasks import run\n")
    (package / "tasks.py").write_text("def run():\n    from circled import services\n    return services\n")
    (package / "alone.py").write_text("import circled.tasks\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert import_cycles("circled") == [["circled.services", "circled.tasks", "circled.services"]]


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    cycles = import_cycles(*APPLICATION)
    for cycle in cycles:
        print("import cycle:", " -> ".join(cycle), file=sys.stderr)
    sys.exit(1 if cycles else 0)
