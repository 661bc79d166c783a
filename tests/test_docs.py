"""The README and docs/ say only what is true of this repository: every setting the settings module reads is in the
README's table with the default it really has, every `make` target and `manage.py` command they name exists, every
relative link and heading anchor resolves, every path of the README's Layout exists, the README's sections keep their
order, and docs/README.md indexes every document. (.env.example's half of the settings is
tests/deploy/test_compose_file.py; its scanner is reused here.)"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.core.management import get_commands

from tests.support.settings_names import settings_read

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
DOCS = sorted((REPO / "docs").glob("*.md"))
MARKDOWN = [README, *DOCS]
BACKTICKED = re.compile(r"`([^`]+)`")


def section(text: str, heading: str) -> str:
    """The body of the `## heading` section, up to the next `## `."""
    start = text.index(f"\n## {heading}\n") + len(heading) + 5
    end = text.find("\n## ", start)
    return text[start : end if end != -1 else len(text)]


def settings_table() -> dict[str, str]:
    """Each variable of the README's Settings table, mapped to its row's default cell."""
    rows: dict[str, str] = {}
    for line in section(README.read_text(), "Settings").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[0].startswith("`"):
            continue
        for name in BACKTICKED.findall(cells[0]):
            rows[name] = cells[1]
    return rows


def literal_defaults() -> dict[str, object]:
    """`env.<type>("NAME", default=...)` in settings.py whose default is a plain value (or arithmetic on numbers);
    defaults computed from other settings are left to the table's words."""
    defaults: dict[str, object] = {}
    tree = ast.parse((REPO / "meetadmin" / "settings.py").read_text())
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "env"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            continue
        default = next((kw.value for kw in node.keywords if kw.arg == "default"), None)
        if default is None:
            continue
        try:
            value = ast.literal_eval(default)
        except ValueError:
            if not all(isinstance(n, (ast.BinOp, ast.Constant, ast.operator)) for n in ast.walk(default)):
                continue
            value = eval(compile(ast.Expression(default), "<default>", "eval"))  # noqa: S307  # nosec B307 - numbers only
        if value in ("", [], {}):
            continue  # the table says "empty" or "none" in words
        defaults[node.args[0].value] = value
    return defaults


def as_written(value: object) -> str:
    """A default as the README writes it: true/false, 20 not 20.0, lists comma-joined."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}" if value < 1e6 else str(int(value))
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    return str(value)


def test_the_readme_settings_table_names_every_variable_the_settings_module_reads():
    read = settings_read()
    assert len(read) > 40  # the scanner found the settings
    assert read - set(settings_table()) == set()


def test_the_readme_settings_table_shows_each_plain_default_as_the_settings_module_has_it():
    table = settings_table()
    defaults = literal_defaults()
    assert {"SESSION_IDLE_SECONDS", "MEET_READ_TIMEOUT", "ALLOWED_HOSTS", "RATE_LIMITS"} <= set(defaults)
    wrong = {
        name: (as_written(value), table[name])
        for name, value in defaults.items()
        if as_written(value) not in BACKTICKED.findall(table[name])
    }
    assert wrong == {}


def test_every_variable_in_the_readme_table_is_read_by_some_code():
    ours = [REPO / "docker-compose.yml", *REPO.glob("*.py")] + [
        path
        for folder in REPO.iterdir()
        if folder.is_dir() and not folder.name.startswith(".") and folder.name != "var"
        for pattern in ("**/*.py", "**/*.sh")
        for path in folder.glob(pattern)
    ]
    code = "\n".join(path.read_text() for path in ours if path != Path(__file__))
    unread = {name for name in settings_table() if f'"{name}"' not in code and "${" + name not in code}
    assert unread == set()


def makefile_targets() -> set[str]:
    return set(re.findall(r"^([a-z][a-z0-9-]*):", (REPO / "Makefile").read_text(), flags=re.MULTILINE))


@pytest.mark.parametrize("document", MARKDOWN, ids=lambda path: path.name)
def test_every_make_target_a_document_names_exists(document):
    named = set(re.findall(r"`make ([a-z][a-z0-9-]*)", document.read_text()))
    assert named - makefile_targets() == set()


def test_the_readme_names_the_make_targets_of_its_quick_start():
    assert {"demo", "test"} <= set(re.findall(r"`make ([a-z][a-z0-9-]*)`", README.read_text()))


@pytest.mark.parametrize("document", MARKDOWN, ids=lambda path: path.name)
def test_every_manage_py_command_a_document_names_exists(document):
    named = set(re.findall(r"manage\.py ([a-z_]+)", document.read_text()))
    assert named - set(get_commands()) == set()


def test_the_quick_start_is_exactly_make_demo_and_make_test():
    block = re.search(r"```\n(.*?)```", section(README.read_text(), "Quick start"), flags=re.DOTALL)
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines()]
    assert commands == ["make demo", "make test"]


LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
ANCHOR_LINK = re.compile(r"\]\(#([^)\s]+)\)")


@pytest.mark.parametrize("document", MARKDOWN, ids=lambda path: path.name)
def test_every_relative_link_resolves(document):
    targets = [target for target in LINK.findall(document.read_text()) if "://" not in target]
    missing = [target for target in targets if not (document.parent / target).exists()]
    assert missing == []


def anchors(text: str) -> set[str]:
    """The ids GitHub gives a document's headings: lower case, punctuation dropped, spaces as hyphens."""
    headings = re.findall(r"^#+ (.+)$", re.sub(r"```.*?```", "", text, flags=re.DOTALL), flags=re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-") for heading in headings}


@pytest.mark.parametrize("document", MARKDOWN, ids=lambda path: path.name)
def test_every_link_within_a_document_names_one_of_its_headings(document):
    text = document.read_text()
    assert set(ANCHOR_LINK.findall(text)) - anchors(text) == set()


def test_the_docs_index_links_every_document_with_a_line_on_what_it_is_for():
    index = (REPO / "docs" / "README.md").read_text()
    for document in DOCS:
        if document.name == "README.md":
            continue
        line = next((line for line in index.splitlines() if f"]({document.name})" in line), None)
        assert line is not None, f"docs/README.md does not link {document.name}"
        assert len(line.split(")", 1)[1].strip(" :-–—")) > 20, f"say what {document.name} is for"


def test_the_readme_links_the_docs_index_and_the_deployment_guide():
    targets = LINK.findall(README.read_text())
    assert "docs/README.md" in targets
    assert "docs/deploy.md" in targets
    if (REPO / "docs" / "benchmarks.md").exists():
        assert "docs/benchmarks.md" in targets


def test_the_readme_reads_in_a_newcomers_order():
    """What it is, how to run it, what it looks like, where things are, how to configure, operate and deploy it, then
    the emulator and the benchmarks."""
    headings = re.findall(r"^## (.+)$", README.read_text(), flags=re.MULTILINE)
    wanted = ["Quick start", "Screenshots", "Layout", "Settings", "Operations", "Deploying", "The Google emulator"]
    if (REPO / "docs" / "benchmarks.md").exists():
        wanted.append("Benchmarks")
    positions = [next(i for i, heading in enumerate(headings) if heading.startswith(name)) for name in wanted]
    assert positions == sorted(positions), headings


def test_every_path_the_readme_layout_names_exists():
    """The Layout table's first column names folders and files; its second names files inside them."""
    missing = []
    for line in section(README.read_text(), "Layout").splitlines():
        cells = line.split("|")
        if len(cells) < 4 or not cells[1].strip().startswith("`"):
            continue
        places = BACKTICKED.findall(cells[1])
        missing += [place for place in places if not (REPO / place).exists()]
        for name in re.findall(r"`([\w/]+\.(?:py|md|yml|sh|html|css|js))`", cells[2]):
            if not any((REPO / place / name).exists() for place in ["", *places]):
                missing.append(f"{name} in {places}")
    assert missing == []


def test_every_setting_the_deployment_guide_names_is_in_the_readme_table_or_the_settings_module():
    from django.conf import settings

    text = (REPO / "docs" / "deploy.md").read_text()
    named = set(re.findall(r"`([A-Z][A-Z0-9_]{2,})(?:=[^`]*)?`", text)) - {"INFO"}  # LOG_LEVEL's default, a value
    assert len(named) > 30  # the scan found them
    unknown = {name for name in named - set(settings_table()) if not hasattr(settings, name)}
    assert unknown == set()
