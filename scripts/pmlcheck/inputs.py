"""The repository as untrusted input: symbolic links, committed caches, snippet includes.

Why: a pull request can carry more than text. A committed symbolic link makes the build read
any file on the machine that builds it (the CI runner's secrets included); a file forced into
.cache/ with `git add -f` is read back by the build as if the build had written it; and a
snippet line (`--8<-- "..."`) could include any file the snippet extension can reach, such as
.git/config, where actions/checkout may keep a token. pymdownx.snippets is configured (in
mkdocs.yml) to read only docs/_includes and CONTRIBUTING.md; these checks say, with the file and
the line, what a page asks for that it may not have, before the extension fails with a traceback.
"""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path, PurePosixPath

from . import textsafe
from .problems import Problem, rel

SKIP_DIRS = {".git", ".venv", "venv", "node_modules", ".cache", "site", "dist", "__pycache__", ".pytest_cache"}
INCLUDES = PurePosixPath("docs/_includes")
EXTRA_SNIPPETS = ("CONTRIBUTING.md",)  # single files a page may include (about/contributing.md)
REQUIRED_INCLUDES = ("disclaimer.md",)  # rendered into every page by the template (pmlbuild/site.py)
# A snippet line: `--8<-- "name"` (also single-quoted or bare); `;--8<--` is an escaped, literal line.
_SNIPPET = re.compile(r"^(\s*)(?<!;)--8<--\s+(['\"]?)([^'\"\s]+)\2\s*$")
_BLOCK = re.compile(r"^\s*--8<--\s*$")


def symlinks(root: Path) -> list[Problem]:
    """Every symbolic link in the project (outside tool folders such as .git and .venv)."""
    problems = []
    for folder, dirs, files in os.walk(root):  # os.walk does not follow links: linked folders are in `dirs`
        # A tool folder (.venv, node_modules) may be a link to a shared one: it is never published.
        linked = [d for d in dirs if d not in SKIP_DIRS and (Path(folder) / d).is_symlink()]
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and d not in linked)
        for name in sorted(files + linked):
            path = Path(folder) / name
            if path.is_symlink():
                problems.append(Problem(str(path.relative_to(root)), None, "this is a symbolic link.",
                                        "replace it with the file itself (git rm the link, add a copy): links can make "
                                        "the build publish files from outside the project."))
    return problems


def tracked_cache(root: Path) -> list[Problem]:
    """Files under .cache/ that git tracks (only the build may write there)."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--", ".cache"], cwd=root, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return []
    if out.returncode != 0:  # not a git checkout (a test copy, a downloaded archive): nothing tracked
        return []
    return [Problem(name, None, "a file under .cache/ is committed to git.",
                    f"remove it with `git rm --cached {name}`: only the build writes .cache/, and it reads what is "
                    "there as its own output.")
            for name in out.stdout.decode("utf-8", "replace").split("\0") if name]


def snippet_lines(text: str) -> list[tuple[int, str]]:
    """(line number, requested name) for each snippet include in ``text``."""
    found, in_block = [], False
    for number, line in enumerate(text.split("\n"), start=1):
        if _BLOCK.match(line):
            in_block = not in_block
            continue
        if in_block and line.strip() and not line.strip().startswith(";"):
            found.append((number, line.strip().strip("'\"")))
            continue
        match = _SNIPPET.match(line)
        if match:
            found.append((number, match.group(3)))
    return found


def _resolve(name: str, root: Path) -> Path | None:
    """The file a snippet name may include, or None if it is not one it may include."""
    for candidate in (name, re.sub(r"(:[\w-]*){1,2}$", "", name)):  # "file.md:section" or "file.md:1:5"
        posix = PurePosixPath(candidate)
        if posix.is_absolute() or ".." in posix.parts or "\\" in candidate:
            return None
        if candidate in EXTRA_SNIPPETS:
            return root / candidate
        path = root / INCLUDES / posix
        if path.is_file():
            return path
    return None


def snippets(paths: list[Path], root: Path) -> list[Problem]:
    """Each snippet in ``paths`` (and, in turn, in the files they include) names an existing,
    ordinary file under docs/_includes (or one of EXTRA_SNIPPETS)."""
    problems, queue, seen = [], list(paths), set()
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        text, _ = textsafe.read(path, root)
        for number, name in snippet_lines(text or ""):
            target = _resolve(name, root)
            if target is None or not target.is_file() or target.is_symlink():
                problems.append(Problem(rel(path, root), number, f"the snippet '{name}' is not a file under docs/_includes/.",
                                        "include only shared text kept in docs/_includes/ (for example "
                                        "--8<-- \"warnings/emergency.md\"); check the spelling of the name."))
            else:
                queue.append(target)
    return sorted(problems, key=lambda p: (p.path, p.line or 0))


def shared_snippets(docs: Path, root: Path) -> list[Path]:
    """The files pages may include (Markdown under docs/_includes, and EXTRA_SNIPPETS), checked like pages."""
    found = sorted((docs / "_includes").rglob("*.md")) if (docs / "_includes").is_dir() else []
    return found + [root / name for name in EXTRA_SNIPPETS if (root / name).exists()]


def check_repository(root: Path, pages: list[Path], docs: Path) -> list[Problem]:
    """Everything here, plus size, encoding and invisible characters of pages and snippets."""
    required = [docs / "_includes" / name for name in REQUIRED_INCLUDES]
    problems = symlinks(root) + tracked_cache(root) + textsafe.check_files(
        [*pages, *shared_snippets(docs, root), *(p for p in required if p not in shared_snippets(docs, root))], root)
    return problems or snippets(pages, root)
