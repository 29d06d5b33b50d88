"""The CI workflows: least privilege, pinned actions, and the one front door (scripts/dev.py).

Why: a workflow runs with the repository's token on untrusted pull requests; an action named by
a tag can be moved to other code by whoever controls the tag. These rules are easy to lose in
an edit, so they are tested rather than remembered.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONS = sorted((ROOT / ".github" / "actions").glob("*/action.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")


def steps(doc: dict) -> list[dict]:
    if "runs" in doc:
        return doc["runs"].get("steps", [])
    return [s for job in doc["jobs"].values() for s in job.get("steps", [])]


def uses_lines(path: Path) -> list[str]:
    return [line.split("uses:", 1)[1].strip() for line in path.read_text().splitlines()
            if re.match(r"^\s*-?\s*uses:", line)]


def test_there_are_workflows_and_a_shared_setup_action():
    assert {p.name for p in WORKFLOWS} >= {"pull-request.yml", "deploy.yml", "release.yml", "link-check.yml"}
    assert [p.parent.name for p in ACTIONS] == ["setup"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_grants_nothing_by_default_and_each_job_the_least(path):
    doc = yaml.safe_load(path.read_text())
    assert doc["permissions"] == {}, "write `permissions: {}` at the top; give each job what it needs"
    for name, job in doc["jobs"].items():
        assert "permissions" in job, f"job {name} says which permissions it needs"
        assert isinstance(job.get("timeout-minutes"), int), f"job {name} has a timeout-minutes"
        assert all(v in ("read", "write") for v in job["permissions"].values())


@pytest.mark.parametrize("path", WORKFLOWS + ACTIONS, ids=lambda p: p.parent.name + "/" + p.name)
def test_every_action_is_pinned_to_a_full_commit_sha(path):
    for target in uses_lines(path):
        assert target.startswith("./") or PINNED.match(target), \
            f"{path.name}: '{target}' must be owner/repo@<40-hex commit> # vX.Y.Z"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkout_keeps_no_credentials_and_the_setup_is_shared(path):
    doc = yaml.safe_load(path.read_text())
    found = steps(doc)
    checkouts = [s for s in found if str(s.get("uses", "")).startswith("actions/checkout@")]
    assert checkouts and all(s.get("with", {}).get("persist-credentials") is False for s in checkouts)
    assert not any(str(s.get("uses", "")).startswith(("actions/cache@", "actions/setup-python@")) for s in found), \
        "use ./.github/actions/setup instead of copying the cache and Python steps"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_run_the_front_door_only(path):
    runs = [s["run"] for s in steps(yaml.safe_load(path.read_text())) if "run" in s]
    for run in runs:
        assert ".venv/bin" not in run and "pip install" not in run and "mkdocs " not in run, run
        for line in run.splitlines():
            if "python" in line:
                assert "scripts/dev.py" in line, f"{path.name}: run `python3 scripts/dev.py ...`, not: {line}"
        assert "${{" not in run, "pass event values through env:, never into the script text"
