"""The build's page checks (suite.check_pages), not run again when nothing they could read has
changed since they last all passed.

Why: the page checks were the largest step of a warm build (a second at 460 pages), and a
rebuild with no change reads exactly what the last one read. They read the project's files
(pages, snippets, data, configuration, the .bib, the glossaries, the code itself), which files
git tracks under .cache/, the date (review dates) and the installed packages (the reading-ease
formulas). So the key is a SHA-256 of all of that: every file and folder of the project outside
inputs.SKIP_DIRS, by path, kind, permission bits and content (tests and notes too: more than the
checks read, never less); the page list; the output of `git ls-files -- .cache`; today's date;
Python's version and the names (with versions) of the installed distributions. A project with a
symbolic link, or whose docs/ is not inside it, is never recorded (the checks refuse links, and
a link's target could change unseen).

Only a run with no problem at all is kept, as that one key (results with a problem are always
computed, so they name their files and lines); any change is a new key, and every check runs.
The record is data only, signed with this user's key (pmlsources/localcache.py), so a .cache/
from elsewhere vouches for nothing; PML_GUIDE_NO_CACHE=1 and fresh clones read none.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
import sys
from pathlib import Path

from pmlsources import localcache, shape

from pmlcheck import inputs, suite


def tree_digest(root: Path) -> bytes | None:
    """Every file and folder under ``root`` outside inputs.SKIP_DIRS (path, kind, mode, content), or
    None when one is a symbolic link."""
    digest = hashlib.sha256()
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in inputs.SKIP_DIRS)
        for name in [*dirs, *sorted(files)]:
            path = Path(folder) / name
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                return None
            digest.update(f"{path.relative_to(root).as_posix()}\0{info.st_mode:o}\0".encode())
            if stat.S_ISREG(info.st_mode):
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.digest()


def _packages() -> bytes:
    """The installed distributions' names and versions (their .dist-info folders) on sys.path."""
    names = []
    for entry in sys.path:
        try:
            names += [n for n in os.listdir(entry or ".") if n.endswith((".dist-info", ".egg-info", ".egg-link", ".pth"))]
        except OSError:
            continue
    return "\0".join(sorted(names)).encode()


def key(root: Path, docs: Path, pages: list[Path], rendered: bool) -> str | None:
    """The digest of everything the page checks could read for this run, or None (see the module)."""
    if not docs.resolve().is_relative_to(root.resolve()):
        return None
    tree = tree_digest(root)
    if tree is None:
        return None
    cached = "\0".join(p.message + p.path for p in inputs.tracked_cache(root))
    run = "\0".join([str(root), str(docs), *sorted(map(str, pages)), str(rendered), dt.date.today().isoformat(),
                     sys.version, cached])
    return hashlib.sha256(tree + run.encode() + _packages()).hexdigest()


def check_pages(pages: list[Path], bib, all_pages: list[Path] | None, docs: Path, root: Path,
                rendered: bool = True) -> list[tuple[str, list]]:
    """suite.check_pages over the whole site (``all_pages`` is ``pages``), or nothing to report when
    this exact key passed before."""
    digest = key(root, docs, pages, rendered) if all_pages == pages else None
    secret = localcache.secret() if digest else None
    path = root / ".cache" / "pml-guide" / "suite-passed.json"
    if digest and secret and localcache.read_signed(path, secret) == {"passed": digest}:
        shape.clear_paths()  # as suite.check_pages does: a new run reads where pages are afresh
        return []
    results = suite.check_pages(pages, bib, all_pages=all_pages, docs=docs, root=root, rendered=rendered)
    if digest and secret and not any(found for _what, found in results):
        localcache.write_signed(path, {"passed": digest}, secret)
    return results
