"""The tools the project runs and the environment every build runs in, named once.

Why: the Chromium path and MkDocs' environment flags were written out in five places (the
developer script, the benchmark, the release builders, the test fixtures, the workflows); a
change to one was a change to find everywhere. Standard library only: scripts/dev.py imports
this before any package is installed.
"""
from __future__ import annotations

import os

# Debian's chromium: the PDF, the browser tests and Lighthouse drive it (Playwright's own
# browser download is never used).
CHROMIUM = "/usr/bin/chromium"
# MkDocs 1.6.1 prints a notice about MkDocs 2 on every build; it says nothing about this site.
BUILD_FLAGS = {"NO_MKDOCS_2_WARNING": "1"}
# Set to 1 to bypass .cache/pml-guide (formatted references).
NO_CACHE = "PML_GUIDE_NO_CACHE"


def build_env(**extra: str) -> dict[str, str]:
    """This process's environment plus the build flags (and ``extra``), for a child process."""
    return {**os.environ, **BUILD_FLAGS, **extra}
