"""PML Guide's content checks, as plain functions over files.

Each module checks one thing (front matter, citations, glossary, content safety, reading level)
and knows nothing of MkDocs. Three thin adapters call the same functions:

- ``scripts/mkdocs_hooks.py`` makes ``mkdocs build`` fail on a problem;
- ``scripts/check_*.py`` and ``scripts/check_all.py`` let contributors run a check on its own;
- ``tests/`` call the functions directly.

Every check returns a list of :class:`Problem`; an empty list means the input is fine.

One module is build logic rather than a check, kept here for the same reason (plain functions
over strings, tested without MkDocs): ``reference_lists`` writes the numbered citations and
per-page reference lists and the Bibliography page's listing.
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
    import importlib.util

    if all(importlib.util.find_spec(name) for name in ("yaml", "pybtex", "markdown", "textstat")):
        return  # this python3 has the packages (the project's .venv, or another environment that has them)
    if not python.exists():
        _sys.exit(f"{script.name} needs the project's packages, which are not set up yet.\n"
                  "    fix: run `python3 scripts/dev.py check` once (it creates .venv), then run this command again.")
    _os.environ["PML_GUIDE_REEXEC"] = "1"
    _os.execv(str(python), [str(python), *_sys.argv])


_run_in_project_environment()
