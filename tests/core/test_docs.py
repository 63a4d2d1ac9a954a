"""docs/architecture.md matches the code where it can be checked: the direction of imports between
the apps, and the table of services (every declared service is in it, and nothing else is)."""

import ast
import importlib
import re
from pathlib import Path

from django.apps import apps

from organizations.access import SERVICES

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
# The order of docs/architecture.md, "Apps and the direction of imports".
ORDER = [
    "khoagiao",
    "organizations",
    "outgoing",
    "directives",
    "agreements",
    "meetings",
    "assignments",
    "notices",
    "reports",
    "signatures",
    "api",
]
# Modules of the project package that sit on top of every app.
PROJECT_LEVEL = {"urls", "views", "admin", "two_factor", "celery", "wsgi", "asgi", "apps"}


def _module_level_imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:  # module level only: imports inside functions are the allowed way up
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def _app_of(path):
    return path.relative_to(ROOT).parts[0]


def test_apps_import_only_the_apps_before_them():
    wrong = []
    for app in ORDER:
        for path in (ROOT / app).rglob("*.py"):
            parts = path.relative_to(ROOT / app).parts
            if "migrations" in parts or (app == "khoagiao" and parts[0].removesuffix(".py") in PROJECT_LEVEL):
                continue
            allowed = set(ORDER[: ORDER.index(app) + 1])
            for name in _module_level_imports(path):
                top = name.split(".")[0]
                if top in ORDER and top not in allowed:
                    wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not wrong, "imports against the direction of docs/architecture.md:\n" + "\n".join(wrong)


def test_the_table_of_services_lists_every_service():
    for config in apps.get_app_configs():
        try:
            importlib.import_module(f"{config.name}.services")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.services":
                raise
    section = DOC.split("## Services", 1)[1].split("\n## ", 1)[0]
    listed = set()
    for row in re.findall(r"^\| (`[^|]+) \|", section, flags=re.M):
        names = re.findall(r"`([\w.]+)`", row)
        module = names[0].rsplit(".", 1)[0]
        listed |= {names[0]} | {f"{module}.{name}" for name in names[1:]}
    missing = sorted(set(SERVICES) - listed)
    stale = sorted(listed - set(SERVICES))
    assert not missing, f"services missing from docs/architecture.md: {missing}"
    assert not stale, f"docs/architecture.md lists what is not a service: {stale}"


def test_nothing_in_the_repository_points_outside_it_for_its_documentation():
    """Someone who clones the repository has none of the workplace's notes beside it: docs/ is where
    comments point."""
    outside = re.compile(r"\.\./shared|(?:DOMAIN|RELIABILITY|ARCHITECTURE|STACK-NOTES|STYLE)\.md")
    skip = {".git", ".venv", "var", "node_modules", "__pycache__", "locale"}
    found = []
    for path in ROOT.rglob("*"):
        if skip.intersection(path.relative_to(ROOT).parts) or not path.is_file():
            continue
        if path.suffix in {".mo", ".png", ".pdf", ".xlsx", ".docx", ".ttf", ".woff2", ".ico"}:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        found += [f"{path.relative_to(ROOT)}: {m.group()}" for m in outside.finditer(text)]
    assert found == []
