"""The wiring (werkdruk/wegwijzer.py) and the one-way dependencies between the apps."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse

from projects.steps import STEPS
from projects.wiring import facts, wiring
from werkdruk.wegwijzer import WIRING

ROOT = Path(__file__).resolve().parent.parent
# Each app, and the apps it may import: projects <- surveys <- actionplans <- evaluation.
MAY_IMPORT = {
    "projects": set(),
    "surveys": {"projects"},
    "actionplans": {"projects", "surveys"},
    "evaluation": {"projects", "surveys", "actionplans"},
    "spending": {"projects", "surveys", "actionplans"},
}


def imported_apps(app: str) -> dict[str, set[str]]:
    """Per module of the app (migrations aside), the other apps it imports."""
    found = {}
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = (names & (set(MAY_IMPORT) | {"werkdruk"})) - {app}
    return found


@pytest.mark.parametrize("app", sorted(MAY_IMPORT))
def test_an_app_imports_only_the_apps_it_builds_on(app):
    wrong = {module: apps - MAY_IMPORT[app] for module, apps in imported_apps(app).items() if apps - MAY_IMPORT[app]}
    assert wrong == {}


def test_the_settings_name_the_wiring_module():
    assert wiring() is WIRING


def test_every_step_has_a_function_that_tells_its_status():
    assert {step.number for step in STEPS} == set(WIRING.steps)
    assert all(WIRING.steps[step.number] for step in STEPS)


def test_two_apps_may_not_use_one_fact_name():
    with pytest.raises(ValueError, match="ap_top"):
        facts({"ap_top": lambda: None}, {"ap_top": lambda: None})


def test_every_tab_names_a_page_of_that_school():
    for section in WIRING.sections:
        assert "/scholen/een-school/" in reverse(section.url_name, kwargs={"school": "een-school"}), section.key
