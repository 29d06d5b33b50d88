"""Sources: every input of PML Guide loaded and validated once; checks and renderers read these, and this room imports neither.

The rooms of scripts/, from the ground up: pmlsources (pages, front matter, YAML data, the
bibliography, the glossary, located problems), then pmlcheck (checks) and pmlrender (what the
build writes into pages), which read sources and never each other, then pmlplugin (the MkDocs
plugin, the one adapter onto MkDocs) and the command lines on top.
"""

import os as _os
import sys as _sys
from pathlib import Path as _Path


def _run_in_project_environment() -> None:
    """A single-check command (`python3 scripts/check_citations.py`) started with a python3 that
    lacks the project's packages runs itself again with the project's .venv (made by
    `python3 scripts/dev.py ...`), or says how to make it, instead of ending in a traceback.
    Only for a script under scripts/ run directly; imports from the build and the tests are
    already inside the environment and are left alone."""
    root = _Path(__file__).resolve().parents[2]
    script = _Path(_sys.argv[0]).resolve() if _sys.argv and _sys.argv[0] else None
    venv = root / ".venv"
    python = venv / ("Scripts/python.exe" if _os.name == "nt" else "bin/python")
    if script is None or script.parent != root / "scripts" or _os.environ.get("PML_GUIDE_REEXEC"):
        return
    if script.name == "dev.py":  # the front door runs under any python3 and makes .venv itself
        return
    import importlib.util

    if all(importlib.util.find_spec(name) for name in ("yaml", "pybtex", "markdown", "textstat")):
        return  # this python3 has the packages (the project's .venv, or another environment that has them)
    if not python.exists():
        _sys.exit(f"{script.name} needs the project's packages, which are not set up yet.\n"
                  "    fix: run `python3 scripts/dev.py check` once (it creates .venv), then run this command again.")
    _os.environ["PML_GUIDE_REEXEC"] = "1"
    _os.execv(str(python), [str(python), *_sys.argv])


_run_in_project_environment()
