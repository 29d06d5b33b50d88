"""Every command README.md and CONTRIBUTING.md give a contributor, run as a contributor runs it.

Why: `python3 scripts/dev.py serve`, the first command of the README, was broken while the whole
suite passed, because no test ran it. Here the preview is started in a throwaway copy of the
project on a free port and used as a newcomer uses it: open the home page and a content page,
edit a page, the glossary and the bibliography and see the edits served (the open page reloads
by itself), break a citation and read the located message while the server keeps running, fix it
and see the page again. The other commands run here cheaply (`check`, `check --changed`,
`review-due`, `test`, `--help` of `bench` and of every single check); `build`, `offline` and `pdf`
are what tests/conftest.py builds the shared site variants with, so every test that uses those
runs them. test_every_documented_command_is_run fails when the README or CONTRIBUTING names a
command that nothing here or there runs.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ENV, ROOT, dev

DEV = ["python3", "scripts/dev.py"]
# The commands the README and CONTRIBUTING.md name, and where each is run.
RUN_BY_CONFTEST = {"build": "built_site", "offline": "offline_copy", "pdf": "pdf_file"}
RUN_HERE = {"serve", "check", "review-due", "test", "bench", "release", "--help"}
NOT_RUN = {"lock": "needs the package index and rewrites the lock files; its output is checked by "
                   "every install (pip --require-hashes)"}
SINGLE_CHECKS = ["check_frontmatter.py", "check_citations.py", "check_bibliography.py", "check_glossary.py",
                 "check_links.py", "check_safety.py", "reading_level.py", "check_config.py"]
PAGE = "docs/patients/what-is-pml.md"
KEY = "cortese2021progressive"


def documented_commands() -> tuple[set[str], set[str]]:
    """(dev.py commands, scripts/*.py command lines) named in README.md and CONTRIBUTING.md."""
    text = (ROOT / "README.md").read_text(encoding="utf-8") + (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    commands = set(re.findall(r"python3 scripts/dev\.py ([\w-]+)", text))
    scripts = {name for name in re.findall(r"`(?:python3 )?(?:scripts/)?(\w+\.py)\b", text)
               if (ROOT / "scripts" / name).is_file() and name != "dev.py"}
    return commands, scripts


def test_every_documented_command_is_run():
    commands, scripts = documented_commands()
    assert {"serve", "test", "check", "build"} <= commands, "the README's commands were not found"
    unrun = commands - set(RUN_BY_CONFTEST) - RUN_HERE - set(NOT_RUN)
    assert not unrun, f"README/CONTRIBUTING name `dev.py {sorted(unrun)}`, which no test runs: add it here"
    untested = scripts - set(SINGLE_CHECKS) - {"function_lengths.py"}  # that one: tests/test_code_rules.py
    assert not untested, f"README/CONTRIBUTING name {sorted(untested)}, which no test runs: add it to SINGLE_CHECKS"
    from dev import COMMANDS  # scripts/ is on the path (conftest.py)

    assert set(COMMANDS) == set(RUN_BY_CONFTEST) | (RUN_HERE - {"--help"}) | set(NOT_RUN), \
        "dev.py has a command this file does not know: run it in a test"


def test_dev_help_lists_every_command():
    from dev import COMMANDS

    result = dev("--help", timeout=60)
    assert result.returncode == 0, result.stderr
    for name in COMMANDS:
        assert re.search(rf"^\s+{re.escape(name)}\s", result.stdout, re.M), f"`dev.py --help` does not list {name}"


def test_dev_check_passes_on_the_project():
    result = dev("check", timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "page(s) checked" in result.stdout


def test_dev_review_due_and_bench_help():
    due = dev("review-due", timeout=120)
    assert due.returncode == 0 and "review" in due.stdout.lower(), due.stdout + due.stderr
    bench = dev("bench", "--help", timeout=120)
    assert bench.returncode == 0 and "--lighthouse" in bench.stdout, bench.stdout + bench.stderr


def test_dev_test_passes_its_arguments_to_pytest_and_fails_when_nothing_runs():
    env = {k: v for k, v in ENV.items() if not k.startswith("PYTEST")}  # not this run's worker
    result = subprocess.run([sys.executable, "scripts/dev.py", "test", "tests/test_foundation.py", "-k", "no_such_test_name",
                             "-n", "0", "-p", "no:cacheprovider"], cwd=ROOT, capture_output=True, text=True, env=env,
                            timeout=240)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "collected no tests: that is a failure" in result.stderr


def test_plain_mkdocs_serve_names_the_command_that_works():
    """`mkdocs serve` gives every page an http:// address the published site's checks refuse: it
    stops at once and says to run `dev.py serve`, instead of listing one refusal per page."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = subprocess.run([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=ROOT,
                            capture_output=True, text=True, env=ENV, timeout=120)
    assert result.returncode != 0
    assert "python3 scripts/dev.py serve" in result.stderr + result.stdout and "Traceback" not in result.stderr


@pytest.mark.parametrize("script", SINGLE_CHECKS)
def test_each_single_check_has_help_and_passes_on_the_project(script):
    command = [sys.executable, str(ROOT / "scripts" / script)]
    shown = subprocess.run([*command, "--help"], capture_output=True, text=True, env=ENV, timeout=60)
    assert shown.returncode == 0 and shown.stdout.startswith("usage:"), shown.stdout + shown.stderr
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=ENV, timeout=120)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stdout + result.stderr


def test_a_single_check_run_with_the_plain_python3_uses_the_project_environment(tmp_path):
    """CONTRIBUTING says `python3 scripts/reading_level.py`: a python3 without the project's
    packages (the interpreter the .venv was made from) runs it in .venv, with no traceback; in
    a clone with no .venv yet, it says how to make one."""
    plain = getattr(sys, "_base_executable", sys.executable)
    missing = subprocess.run([plain, "-c", "import pybtex"], capture_output=True, timeout=60)
    if missing.returncode == 0:
        pytest.skip("this python3 has the project's packages itself")
    env = {k: v for k, v in ENV.items() if k != "PML_GUIDE_REEXEC"}
    result = subprocess.run([plain, "scripts/check_citations.py"], cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0 and "citations: no problems found." in result.stdout, result.stdout + result.stderr
    clone = tmp_path / "clone"
    shutil.copytree(ROOT / "scripts", clone / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    fresh = subprocess.run([plain, "scripts/check_citations.py"], cwd=clone, capture_output=True, text=True, env=env, timeout=60)
    assert fresh.returncode == 1 and "Traceback" not in fresh.stderr, fresh.stderr
    assert "fix: run `python3 scripts/dev.py check` once (it creates .venv)" in fresh.stderr, fresh.stderr
    # ... and the front door itself, which makes .venv, starts there (a fresh clone's first command).
    door = subprocess.run([plain, "scripts/dev.py", "--help"], cwd=clone, capture_output=True, text=True, env=env, timeout=60)
    assert door.returncode == 0 and "usage: dev.py" in door.stdout, door.stdout + door.stderr


# --- a throwaway clone: check --changed, and the preview ------------------------------------------

def clone_like(project: Path) -> Path:
    """The copy of the sources (project_copy) plus what a clone has beside them: the requirement
    files and the set-up environment (.venv, linked, so dev.py installs nothing)."""
    for name in ("README.md", "requirements.txt", "requirements-lock.txt", "requirements-test.txt",
                 "requirements-test-lock.txt", ".gitignore"):
        shutil.copy2(ROOT / name, project / name)
    (project / ".venv").symlink_to((ROOT / ".venv").resolve(), target_is_directory=True)
    return project


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=project,
                   check=True, capture_output=True, timeout=60)


def test_dev_release_gathers_the_waiting_changes_or_writes_nothing(project_copy):
    """CONTRIBUTING's release command: the files in docs/_data/next-release/ become a release at the
    top of changes.yml with CITATION.cff in step; a broken file, or nothing waiting, writes nothing."""
    from pmlsources import changedata

    project = clone_like(project_copy)
    shutil.copy2(ROOT / "CITATION.cff", project / "CITATION.cff")
    waiting = project / changedata.UPCOMING
    waiting.mkdir(parents=True, exist_ok=True)
    for already in waiting.iterdir():  # the project's own changes waiting for a release: not this test's
        already.unlink()
    command = [sys.executable, "scripts/dev.py", "release", "2099.01", "--date", "2099-01-15",
               "--summary", 'One "plain" sentence.']
    run = lambda: subprocess.run(command, cwd=project, capture_output=True, text=True, env=ENV, timeout=180)  # noqa: E731
    empty = run()
    assert empty.returncode == 1 and "nothing waits" in empty.stderr, empty.stdout + empty.stderr
    (waiting / "a-outlook.yml").write_text("kind: correction\npages: [patients/outlook.md]\ntext: A figure is clearer.\n")
    (waiting / "b-typo.yml").write_text("kind: corection\npages: [patients/iris.md]\ntext: Words.\n")
    before = {p: p.read_bytes() for p in (project / changedata.CHANGES, project / "CITATION.cff")}
    broken = run()
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "docs/_data/next-release/b-typo.yml:1: the kind 'corection' is not known." in broken.stderr, broken.stderr
    assert {p: p.read_bytes() for p in before} == before and len(list(waiting.iterdir())) == 2
    (waiting / "b-typo.yml").write_text("kind: new-figure\npages: [patients/iris.md]\ntext: A new picture.\n")
    done = run()
    assert done.returncode == 0, done.stdout + done.stderr
    releases, problems = changedata.load(project)
    assert problems == [] and changedata.citation_problems(project, releases) == []
    newest = releases[0]
    assert (newest.version, newest.date.isoformat(), newest.summary) == ("2099.01", "2099-01-15", 'One "plain" sentence.')
    assert [(c.kind, c.pages, c.text) for c in newest.changes] == [
        ("correction", ("patients/outlook.md",), "A figure is clearer."), ("new-figure", ("patients/iris.md",), "A new picture.")]
    assert releases[1:] == changedata.load(ROOT)[0] and list(waiting.iterdir()) == []


def test_dev_check_changed_checks_only_the_pages_a_branch_changed(project_copy):
    project = clone_like(project_copy)
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "start")
    page = project / PAGE
    page.write_text(page.read_text(encoding="utf-8").replace(f"[@{KEY}]", "[@nosuchkey2099]", 1), encoding="utf-8")
    command = [sys.executable, "scripts/dev.py", "check", "--changed", "HEAD"]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, env=ENV, timeout=180)
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(rf"{PAGE}:\d+: unknown citation key 'nosuchkey2099'", result.stdout), result.stdout
    assert "1 page(s) checked" in result.stdout, "--changed checked more than the changed page"
    git(project, "checkout", "-q", "--", PAGE)
    clean = subprocess.run(command, cwd=project, capture_output=True, text=True, env=ENV, timeout=180)
    assert clean.returncode == 0 and "0 page(s) checked" in clean.stdout, clean.stdout + clean.stderr


class Preview:
    """`python3 scripts/dev.py serve --addr 127.0.0.1:PORT` in ``project``; its output collected."""

    def __init__(self, project: Path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/pml-guide/"
        self.lines: list[str] = []
        self.process = subprocess.Popen([sys.executable, "scripts/dev.py", "serve", "--addr", f"127.0.0.1:{self.port}"],
                                        cwd=project, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, start_new_session=True)
        self.reader = threading.Thread(target=lambda: self.lines.extend(self.process.stdout), daemon=True)
        self.reader.start()

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def get(self, path: str = "") -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as r:
                return r.status, r.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace")
        except OSError as e:  # not listening yet
            return 0, str(e)

    def wait_for(self, what: str, condition, seconds: float = 240):
        """Poll ``condition()`` until it returns something true; fail with the server's output."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the server stopped ({self.process.returncode}):\n{self.output}"
            found = condition()
            if found:
                return found
            time.sleep(0.5)
        pytest.fail(f"waited {seconds} s for {what}; the server printed:\n{self.output[-4000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=20)
        self.reader.join(timeout=10)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer contains {old!r}: update this test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def served_page(preview: Preview, path: str, needle: str):
    status, html = preview.get(path)
    return html if status == 200 and needle in html else None


def stopped_page(preview: Preview):
    status, html = preview.get("patients/what-is-pml/")
    return html if status == 404 and "The build stopped" in html else None


def open_and_watch(browser, preview: Preview):
    """The content page open in Chromium, as a contributor keeps it open while editing."""
    context = browser.new_context()
    page = context.new_page()
    messages = []
    page.on("console", lambda m: messages.append(m.text))
    page.goto(preview.url + "patients/what-is-pml/", wait_until="load", timeout=60000)
    preview.wait_for("the page's live-reload script", lambda: "Enabled live reload" in messages, 60)
    return context, page, messages


@pytest.mark.slow
def test_serve_previews_edits_and_survives_a_broken_citation(project_copy, browser):
    project = clone_like(project_copy)
    preview = Preview(project)
    context = None
    try:
        preview.wait_for("the home page", lambda: served_page(preview, "", "PML Guide"))
        assert f"PML Guide preview: {preview.url}" in preview.output, "serve does not print its address"
        watched = re.search(r"Watching paths for changes: (.*)", preview.output).group(1)
        assert "'bibliography.bib'" in watched and "'glossary.yml'" in watched and "'docs'" in watched, watched
        html = served_page(preview, "patients/what-is-pml/", "What is PML")
        assert html and '<link rel="canonical" href="https://' in html, "the preview is not the published page"
        context, page, messages = open_and_watch(browser, preview)

        # A page, the glossary and the bibliography edited: each shows.
        edit(project / PAGE, "title: What is PML?", "title: What is PML? (edited)")
        edit(project / "glossary.yml", "makes and looks after myelin", "makes and cares for myelin")
        edit(project / "bibliography.bib", "the spectrum of {JC} virus-related disease", "the range of {JC} virus disease")
        preview.wait_for("the edited page", lambda: served_page(preview, "patients/what-is-pml/", "What is PML? (edited)"))
        assert "the range of JC virus disease" in served_page(preview, "patients/what-is-pml/", "(edited)")
        assert served_page(preview, "reference/glossary/", "makes and cares for myelin")
        preview.wait_for("the open page to reload by itself", lambda: "(edited)" in page.title(), 60)
        assert not [m for m in messages if "Content Security Policy" in m], messages

        # The project's own code edited (a renderer): the next rebuild uses it, with no restart.
        edit(project / "scripts" / "pmlrender" / "reference_lists.py", '"sources": "Sources"',
             '"sources": "Sources (renderer edited)"')
        preview.wait_for("the renderer's edit", lambda: served_page(preview, "patients/what-is-pml/",
                                                                  "Sources (renderer edited)"))

        # A broken citation: the located message, and the server keeps running.
        edit(project / PAGE, f"[@{KEY}]", "[@nosuchkey2099]")
        preview.wait_for("the located message", lambda: re.search(
            rf"{PAGE}:\d+: unknown citation key 'nosuchkey2099'", preview.output))
        shown = preview.wait_for("the page that says why the build stopped", lambda: stopped_page(preview), 60)
        assert "unknown citation key" in shown and "Traceback" not in preview.output, preview.output[-3000:]

        # Fixed: the page is back.
        edit(project / PAGE, "[@nosuchkey2099]", f"[@{KEY}]")
        preview.wait_for("the page again", lambda: served_page(preview, "patients/what-is-pml/", "(edited)"))
    finally:
        if context is not None:
            context.close()
        preview.stop()
    assert "Shutting down" in preview.output, "serve did not stop cleanly on SIGTERM"
