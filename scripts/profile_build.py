#!/usr/bin/env python3
"""Where a build's time goes: CPU seconds by step of one `mkdocs build`, full and bare Material.

Why: the benchmark (scripts/benchmark.py) says how much the project's machinery costs in all;
this says which step costs it, so work goes where the time is (issue 22). It builds the
benchmark's synthetic site (the real pages plus --pages generated ones citing a 1,000-entry
.bib) in a temporary folder, then builds it once with the project's configuration and once as
bare Material, each in a new process, timing every MkDocs event of every plugin and hook, the
Markdown rendering and theme templates, and the main functions the plugin calls (STEPS). CPU
seconds of this process (and, where pandoc runs, of its children); a step nested in another
is counted in both. Numbers for reports, never for tests.

    python3 scripts/profile_build.py --pages 400 [--cold]
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parents[1]
# The hook's main calls, as module.function (a step nested in another is counted in both).
STEPS = """pmlcheck.suite.check_sources pmlcheck.suite.check_pages pmlrender.references.start pmlrender.references.finish
pmlrender.generated.expand pmlcheck.seen.check_built pmlcheck.seen.read pmlcheck.working_notes.in_blocks
pmlrender.reference_lists._draw_run pmlrender.reference_lists._name_marks pmlrender.reference_pages.fill_bibliography pmlrender.tooltips.thin
pmlcheck.seen.results pmlrender.trust.page_values pmlrender.search.shape_index
pmlplugin.built_pages.check pmlcheck.suite_record.check_pages pmlcheck.html_allowlist.check_site""".split()


def _cpu() -> tuple[float, float]:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time(), children.ru_utime + children.ru_stime


def _timed(table: dict, label: str, fn):
    def timed(*args, **kwargs):
        own, children = _cpu()
        try:
            return fn(*args, **kwargs)
        finally:
            now_own, now_children = _cpu()
            table[label][0] += now_own - own + now_children - children
            table[label][1] += 1
    return timed


def _instrument(table: dict) -> None:
    """Time every event handler (by event and plugin), Markdown, the templates and STEPS."""
    import importlib

    from mkdocs import plugins
    from mkdocs.commands import build
    from mkdocs.structure import pages

    def run_event(self, name, item=None, **kwargs):  # MkDocs' own, with each handler timed
        pass_item = item is not None
        for method in self.events[name]:
            self._current_plugin = self._event_origins.get(method, "<unknown>")
            timed = _timed(table, f"event {name}: {self._current_plugin}", method)
            result = timed(item, **kwargs) if pass_item else timed(**kwargs)
            item = result if result is not None else item
        self._current_plugin = None
        return item

    # Patched in place for the profile only; mypy refuses assignments to methods.
    cast(Any, plugins.PluginCollection).run_event = run_event
    cast(Any, pages.Page).render = _timed(table, "Markdown (Page.render)", pages.Page.render)
    build._build_template = _timed(table, "theme templates (pages)", build._build_template)
    build._build_theme_template = _timed(table, "theme templates (others)", build._build_theme_template)
    for step in STEPS:
        module, name = step.rsplit(".", 1)
        loaded = importlib.import_module(module)
        setattr(loaded, name, _timed(table, step, getattr(loaded, name)))


def inner(config: str) -> None:
    """One build of ``config`` in this process (the working directory is the project); prints JSON."""
    from mkdocs.commands import build
    from mkdocs.config import load_config

    table: dict = defaultdict(lambda: [0.0, 0])
    own, children = _cpu()
    _instrument(table)
    cfg = load_config(config, site_dir=tempfile.mkdtemp(prefix="pml-profile-site-"))
    cfg.plugins.on_startup(command="build", dirty=False)
    build.build(cfg)
    now_own, now_children = _cpu()
    table["whole build (configuration included)"] = [now_own - own + now_children - children, 1]
    print(json.dumps(dict(table)))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pages", type=int, default=400, help="generated pages added to the real ones (default 400)")
    p.add_argument("--cold", action="store_true", help="nothing read from .cache/ (as a fresh clone or CI builds)")
    p.add_argument("--inner", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.inner:
        inner(args.inner)
        return 0
    import benchmark

    with tempfile.TemporaryDirectory(prefix="pml-profile-") as tmp:
        project = benchmark.copy_project(Path(tmp) / "site")
        benchmark.synthetic(project, args.pages)
        pages = len([p for p in (project / "docs").rglob("*.md") if "_includes" not in p.parts])
        runs = {}
        for name, config in (("first", "mkdocs.scale.yml"), ("full", "mkdocs.scale.yml"), ("bare", "mkdocs.scale-bare.yml")):
            env = {**benchmark.ENV, **(benchmark.COLD_ENV if args.cold and name == "full" else {})}
            out = subprocess.run([sys.executable, __file__, "--inner", config], cwd=project, env=env,
                                 capture_output=True, text=True, timeout=900)
            if out.returncode != 0:
                sys.exit(f"the {name} build failed:\n{out.stderr[-3000:]}")
            runs[name] = json.loads(out.stdout.strip().splitlines()[-1])
    _print(runs["full"], runs["bare"], pages, args.cold)
    return 0


def _print(full: dict, bare: dict, pages: int, cold: bool) -> None:
    print(f"{pages} pages, one build each ({'cold: no .cache/' if cold else 'warm: .cache/ filled by a first build'}); "
          "CPU seconds (own and children's), and ms per page")
    print(f"{'step':<62} {'full s':>7} {'ms/page':>8} {'bare s':>7}")
    for label, (seconds, _calls) in sorted(full.items(), key=lambda kv: -kv[1][0]):
        if seconds >= 0.005:
            print(f"{label[:62]:<62} {seconds:7.2f} {1000 * seconds / pages:8.2f} {bare.get(label, [0])[0]:7.2f}")


if __name__ == "__main__":
    sys.exit(main())
