"""How our modules import one another, checked on every import statement, inside functions too (grimp reads them
all): no module imports itself round a circle, and the layers of docs/architecture.md hold (views → services and
selectors → the Operation engine → the Meet client, each importing only downwards; the Meet client imports no
Django; the emulator imports nothing of meetadmin). `make lint` runs this file as a script.

An import hidden in a function body still ties two modules together (it only moves the failure from import time
to the first call); the Operation engine was one such circle.
"""

from __future__ import annotations

import sys
from pathlib import Path

import grimp

APPLICATION = (
    "accounts",
    "spaces",
    "meetadmin",
    "meet_client",
    "embedded",
)  # not tests, not google_emulator (its own package)
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


# Highest first. A name stands for the module and everything under it.
LAYERS = (
    ("spaces.views", "accounts.views", "monitoring.views"),  # packages: one module per page or group of pages
    ("spaces.services", "spaces.selectors", "monitoring.system_status"),
    ("spaces.operations",),
    ("meet_client",),
)
# Beat's work is written as services that live beside the engine they keep going: it may call services.
ABOVE_ITS_LAYER = {"spaces.operations.upkeep"}


def _graph_with_the_emulator():
    return grimp.build_graph(*APPLICATION, "google_emulator", cache_dir=None, include_external_packages=True)


def _members(graph, names: tuple[str, ...], exempt: set[str]) -> set[str]:
    return {module for module in graph.modules if module.startswith(names) and module not in exempt}


def layer_violations(graph=None, layers=LAYERS, exempt=ABOVE_ITS_LAYER) -> list[str]:
    """Each import chain from a lower layer up into a higher one, as `a -> b -> c`."""
    graph = graph or _graph_with_the_emulator()
    found = []
    for lower_index, lower in enumerate(layers):
        lower_modules = _members(graph, lower, exempt)
        if not lower_modules:
            found.append(f"the layer {lower} names no module: update LAYERS to the code")
        for higher in layers[:lower_index]:
            for importer in sorted(lower_modules):
                for imported in sorted(_members(graph, higher, exempt)):
                    chain = graph.find_shortest_chain(importer=importer, imported=imported)
                    if chain:
                        found.append(" -> ".join(chain))
    return found


def forbidden_imports() -> list[str]:
    """The Meet client reaches Django or our other code; the emulator reaches meetadmin's code."""
    graph = _graph_with_the_emulator()
    meet = {module for module in graph.modules if module.startswith("meet_client")}
    emulator = {module for module in graph.modules if module.startswith("google_emulator")}
    found = []
    for module in sorted(meet):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported.split(".")[0] in ("django", *APPLICATION) and imported not in meet:
                found.append(f"{module} -> {imported}")
    for module in sorted(emulator):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported.split(".")[0] in APPLICATION:
                found.append(f"{module} -> {imported}")
    return found


def _package(root: Path, name: str, modules: dict[str, str], monkeypatch) -> None:
    """A throwaway package of `modules` (name: source) under `root`, importable for the test."""
    (root / name).mkdir()
    for module, source in {"__init__": "", **modules}.items():
        (root / name / f"{module}.py").write_text(source)
    monkeypatch.syspath_prepend(str(root))


def test_no_module_of_ours_imports_itself_round_a_circle(monkeypatch):
    monkeypatch.syspath_prepend(str(REPO))
    cycles = import_cycles(*APPLICATION)
    assert cycles == [], "import cycles: " + "; ".join(" -> ".join(cycle) for cycle in cycles)


def test_an_import_inside_a_function_closes_a_circle(tmp_path, monkeypatch):
    """The check itself can fail: a circle closed only by an import in a function body is found."""
    _package(
        tmp_path,
        "circled",
        {
            "services": "from circled.tasks import run\n",
            "tasks": "def run():\n    from circled import services\n    return services\n",
            "alone": "import circled.tasks\n",
        },
        monkeypatch,
    )
    assert import_cycles("circled") == [["circled.services", "circled.tasks", "circled.services"]]


def test_each_layer_imports_only_the_layers_below_it(monkeypatch):
    monkeypatch.syspath_prepend(str(REPO))
    assert layer_violations() == []


def test_the_meet_client_imports_no_django_and_the_emulator_nothing_of_ours(monkeypatch):
    monkeypatch.syspath_prepend(str(REPO))
    assert forbidden_imports() == []


def test_an_import_upwards_inside_a_function_is_found(tmp_path, monkeypatch):
    """The check itself can fail: a lower layer reaching a higher one through a third module, in a function body."""
    _package(
        tmp_path,
        "layered",
        {
            "views": "from layered import engine\n",
            "helpers": "def shown():\n    from layered import views\n    return views\n",
            "engine": "from layered import helpers\n",
        },
        monkeypatch,
    )
    graph = grimp.build_graph("layered", cache_dir=None)
    layers = (("layered.views",), ("layered.engine",))
    assert layer_violations(graph, layers, exempt=set()) == ["layered.engine -> layered.helpers -> layered.views"]


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    problems = [f"import cycle: {' -> '.join(cycle)}" for cycle in import_cycles(*APPLICATION)]
    problems += [f"import against the layers: {chain}" for chain in layer_violations() + forbidden_imports()]
    for problem in problems:
        print(problem, file=sys.stderr)
    sys.exit(1 if problems else 0)
