"""The emulator's layout holds: it stands alone, its core knows no API, APIs do not import one another, and every
API's routes are served.

Imports are read from the source (ast), inside functions too, so that a lazy import cannot hide a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import google_emulator
from google_emulator.core.http import Route
from google_emulator.server import ROUTES

PACKAGE = Path(google_emulator.__file__).parent
REPO_ROOT = PACKAGE.parent
API_PACKAGES = sorted(
    path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists() and path.name != "core"
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) for every import in the file, relative ones resolved."""
    found: list[tuple[str, list[str]]] = []
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            found.append((module, [alias.name for alias in node.names]))
    return found


def _imported(path: Path) -> list[str]:
    """Every dotted name the file imports: `from a import b` counts as `a` and `a.b`, since `b` may be a module."""
    return [name for module, names in _imports(path) for name in [module, *(f"{module}.{n}" for n in names)]]


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(f"{package}.")


def _emulator_modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _project_packages() -> set[str]:
    """The repository's own top-level packages and modules besides the emulator (meetadmin, spaces, tests...)."""
    names = {path.name for path in REPO_ROOT.iterdir() if path.is_dir() and (path / "__init__.py").exists()}
    names |= {path.stem for path in REPO_ROOT.glob("*.py")}
    return names - {"google_emulator"}


def test_the_emulator_imports_nothing_of_the_project():
    project = _project_packages()
    assert {"meetadmin", "spaces", "accounts", "tests"} <= project
    offending = [
        f"{_module_name(path)} imports {module}"
        for path in _emulator_modules()
        for module, _names in _imports(path)
        if module.split(".")[0] in project
    ]
    assert offending == []


def test_the_core_imports_no_api_package():
    apis = {f"google_emulator.{name}" for name in API_PACKAGES} | {"google_emulator.world", "google_emulator.server"}
    offending = [
        f"{_module_name(path)} imports {imported}"
        for path in sorted((PACKAGE / "core").rglob("*.py"))
        for imported in _imported(path)
        if any(_within(imported, api) for api in apis)
    ]
    assert offending == []


def test_no_module_imports_another_modules_private_names():
    offending = [
        f"{_module_name(path)} imports {name} from {module}"
        for path in _emulator_modules()
        for module, names in _imports(path)
        for name in names
        if module.startswith("google_emulator") and name.startswith("_") and name != "__future__"
    ]
    assert offending == []


def test_every_api_package_declares_its_routes_and_the_server_serves_them():
    assert {"control", "meet", "oauth", "pubsub"} <= set(API_PACKAGES)
    for name in API_PACKAGES:
        routes = __import__(f"google_emulator.{name}.routes", fromlist=["ROUTES"]).ROUTES
        assert routes, name
        assert all(isinstance(route, Route) for route in routes), name
        assert set(routes) <= set(ROUTES), f"{name}'s routes are not composed into the server"


def test_an_api_package_imports_no_other_api_package_but_the_control_surface_drives_them_all():
    offending = [
        f"{_module_name(path)} imports {imported}"
        for name in API_PACKAGES
        if name != "control"
        for path in sorted((PACKAGE / name).rglob("*.py"))
        for imported in _imported(path)
        for other in API_PACKAGES
        if other != name and _within(imported, f"google_emulator.{other}")
    ]
    assert offending == []
