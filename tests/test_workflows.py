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


def _job_steps(doc: dict) -> dict[str, list[dict]]:
    return {name: job.get("steps", []) for name, job in doc["jobs"].items()}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_sudo_only_installs_debian_packages(path):
    """Pull requests (and every other job) run the repository's code as the runner's ordinary
    user: `sudo python3 scripts/dev.py test` let a request run its own code as root."""
    for run in [s["run"] for s in steps(yaml.safe_load(path.read_text())) if "run" in s]:
        for line in run.splitlines():
            if re.search(r"\bsudo\b", line):
                assert re.fullmatch(r"\s*sudo (?:DEBIAN_FRONTEND=noninteractive )?apt-get (?:update|install)\b[^;&|`$]*",
                                    line), f"{path.name}: only `sudo apt-get update/install` may run as root: {line}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_jobs_that_hold_a_write_token_run_no_repository_code(path):
    """A job granted any write permission checks nothing out and runs no script or local action
    of the repository: repository code runs in a read-only job that hands its files on."""
    doc = yaml.safe_load(path.read_text())
    for name, job in doc["jobs"].items():
        if not any(v == "write" for k, v in job.get("permissions", {}).items() if k != "id-token"):
            continue
        for step in job.get("steps", []):
            uses, run = str(step.get("uses", "")), str(step.get("run", ""))
            assert not uses.startswith(("actions/checkout@", "./")), f"{path.name}/{name}: {uses} in a job with a write token"
            assert not re.search(r"scripts/|python|\.venv|npm |make |bash \.|sh \.", run), \
                f"{path.name}/{name}: runs repository code with a write token: {run}"


def test_release_prints_the_pdf_without_root_and_publishes_from_a_separate_job():
    doc = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text())
    runs = [s.get("run", "") for s in doc["jobs"]["build"]["steps"]]
    assert any("scripts/dev.py pdf" in r and "sudo" not in r for r in runs)
    assert doc["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert doc["jobs"]["publish"]["needs"] == "build"


def test_pip_downloads_are_cached_by_the_shared_setup():
    doc = yaml.safe_load((ROOT / ".github" / "actions" / "setup" / "action.yml").read_text())
    caches = [s["with"] for s in doc["runs"]["steps"] if str(s.get("uses", "")).startswith("actions/cache@")]
    assert any(c["path"] == "~/.cache/pip" and "requirements-lock.txt" in c["key"] for c in caches)


def _codeowners_regex(pattern: str) -> re.Pattern:
    """A CODEOWNERS (gitignore-style) pattern as a regular expression over a repository path."""
    anchored = pattern.startswith("/")
    body = re.escape(pattern.strip("/")).replace(r"\*\*/", "\1").replace(r"\*\*", "\0").replace(r"\*", "[^/]*")
    body = body.replace("\1", "(?:.*/)?").replace("\0", ".*")  # a/**/b matches a/b too
    return re.compile(("" if anchored else "(?:.*/)?") + body + r"(?:/.*)?$")


def code_owners(path: str) -> list[str]:
    """The owners CODEOWNERS gives ``path`` (the last matching line wins; [] if none or ownerless)."""
    owners: list[str] = []
    for line in (ROOT / ".github" / "CODEOWNERS").read_text().splitlines():
        parts = line.split("#", 1)[0].split()
        if parts and _codeowners_regex(parts[0]).match(path):
            owners = parts[1:]
    return owners


OWNED = [".github/workflows/pull-request.yml", ".github/CODEOWNERS", ".github/actions/setup/action.yml", ".ci/run",
         "scripts/dev.py", "scripts/pmlcheck/html_allowlist.py", "tests/conftest.py", "pytest.ini", "mkdocs.yml",
         "mkdocs.offline.yml", "mkdocs.print.yml", "overrides/main.html", "requirements.txt", "requirements-lock.txt",
         "requirements-test.txt", "requirements-test-lock.txt", "package.json", "package-lock.json", "pyproject.toml",
         "docs/assets/js/pml-guide.js", "docs/assets/css/pml-guide.css", "docs/assets/vendor/iframe-worker-shim.js",
         "docs/_includes/warnings/never-stop-medicine.md", "docs/_includes/print-cover.tpl", "docs/_data/changes.yml",
         "docs/assets/figures/how-pml-happens.svg", "docs/assets/favicon.svg", "docs/patients/info.htm",
         "docs/assets/info.xhtml", "docs/patients/picture.png"]
NOT_OWNED = ["docs/patients/what-is-pml.md", "docs/index.md", "docs/medicines/natalizumab.md"]


@pytest.mark.parametrize("path", OWNED)
def test_codeowners_require_a_maintainer_for_what_runs_builds_or_installs(path):
    assert code_owners(path), f"{path} needs a code owner in .github/CODEOWNERS"


@pytest.mark.parametrize("path", NOT_OWNED)
def test_codeowners_leave_ordinary_pages_to_any_reviewer(path):
    assert code_owners(path) == [], path


def test_codeowners_matcher_reads_patterns_as_github_does():
    assert _codeowners_regex("/docs/**/*.md").match("docs/b.md") and _codeowners_regex("/docs/**/*.md").match("docs/a/b.md") and not _codeowners_regex("/docs/**/*.md").match("docs/a/b.svg")
    assert _codeowners_regex("/scripts/").match("scripts/x/y.py") and not _codeowners_regex("/scripts/").match("xscripts/y.py")
    assert _codeowners_regex("/mkdocs*.yml").match("mkdocs.print.yml") and not _codeowners_regex("/mkdocs*.yml").match("docs/mkdocs.yml")
