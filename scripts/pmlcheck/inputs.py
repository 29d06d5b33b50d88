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

from pmlsources import textsafe
from pmlsources.problems import Problem, rel

SKIP_DIRS = {".git", ".venv", "venv", "node_modules", ".cache", "site", "dist", "__pycache__", ".pytest_cache"}
INCLUDES = PurePosixPath("docs/_includes")
EXTRA_SNIPPETS = ("CONTRIBUTING.md",)  # single files a page may include (about/contributing.md)
REQUIRED_INCLUDES = ("disclaimer.md",)  # rendered into every page by the template (pmlrender/site.py)
# pymdownx.snippets' own marker (13.x: RE_ALL_SNIPPETS): any run of dashes around `8<` (`-8<-`,
# `--8<--`, `---8<---`), inline with a quoted name or alone on a line to open and close a block
# whose lines are names; `;` before the marker makes the line literal. Bare names are read too
# (a superset: the checks must see at least every include the extension makes).
_SNIPPET = re.compile(r"^[ \t]*(?P<escape>;*)(?:-+8<-+[ \t]+(?P<name>\"(?:\\\"|[^\"\n\r])+?\"|'(?:\\'|[^'\n\r])+?'|\S+)"
                      r"|(?P<block>-+8<-+))[ \t]*\r?$")
MAX_EXPANDED = 1_000_000  # a page with every snippet expanded (the largest today: about 60 KB)
DATA = PurePosixPath("docs/_data")


def symlinks(root: Path) -> list[Problem]:
    """Every symbolic link in the project (outside tool folders such as .git and .venv)."""
    problems = []
    for folder, dirs, files in os.walk(root):  # os.walk does not follow links: linked folders are in `dirs`
        # A tool folder that is itself a link (a shared .venv) is skipped like the folder.
        linked = [d for d in dirs if (Path(folder) / d).is_symlink() and d not in SKIP_DIRS]
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
    """(line number, requested name) for each snippet include in ``text``, as pymdownx.snippets reads them."""
    found, in_block = [], False
    for number, line in enumerate(text.split("\n"), start=1):
        match = _SNIPPET.match(line)
        if match and match.group("escape"):
            continue
        if match and match.group("block"):
            in_block = not in_block
            continue
        if match and not in_block:
            found.append((number, match.group("name").strip().strip("'\"").strip()))
        elif in_block and line.strip() and not line.strip().startswith(";"):
            found.append((number, line.strip().strip("'\"").strip()))
    return found


def _resolve(name: str, root: Path) -> Path | None:
    """The file a snippet name may include, or None if it is not one it may include (only
    Markdown files: every one is checked like a page)."""
    for candidate in (name, re.sub(r"(:[\w-]*){1,2}$", "", name)):  # "file.md:section" or "file.md:1:5"
        posix = PurePosixPath(candidate)
        if posix.is_absolute() or ".." in posix.parts or "\\" in candidate or posix.suffix != ".md":
            continue
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
                problems.append(Problem(rel(path, root), number, f"the snippet '{name}' is not a Markdown file under docs/_includes/.",
                                        "include only shared Markdown (.md) kept in docs/_includes/ (for example "
                                        "--8<-- \"warnings/emergency.md\"); check the spelling of the name."))
            else:
                queue.append(target)
    return sorted(problems, key=lambda p: (p.path, p.line or 0)) or expansion(paths, root)


def _expanded(path: Path, root: Path, memo: dict[Path, int], chain: tuple[Path, ...] = ()) -> int:
    """Characters ``path`` grows to with its snippets expanded (at most MAX_EXPANDED + 1): each
    file counted once however often it is reached, so ten includes of ten includes cost ten reads."""
    if path in chain:  # pymdownx.snippets skips a file already being included
        return 0
    if path not in memo:
        text = textsafe.read(path, root)[0] or ""
        total = len(text)
        for _number, name in snippet_lines(text):
            target = _resolve(name, root)
            total += _expanded(target, root, memo, (*chain, path)) if target else 0
            if total > MAX_EXPANDED:
                break
        memo[path] = min(total, MAX_EXPANDED + 1)
    return memo[path]


def expansion(paths: list[Path], root: Path) -> list[Problem]:
    """Pages (or includes) that grow past MAX_EXPANDED characters once their snippets are
    expanded, located at the include line that adds the most."""
    memo: dict[Path, int] = {}
    problems = []
    for path in paths:
        if _expanded(path, root, memo) <= MAX_EXPANDED:
            continue
        text = textsafe.read(path, root)[0] or ""
        sizes = [(_expanded(t, root, memo, (path,)) if (t := _resolve(name, root)) else 0, number, name)
                 for number, name in snippet_lines(text)]
        size, number, name = max(sizes, default=(0, None, ""))
        problems.append(Problem(rel(path, root), number, f"with its snippets expanded this page grows past "
                                f"{MAX_EXPANDED:,} characters ('{name}' alone adds {size:,}).",
                                "include each shared text once; snippets that include each other over and over "
                                "multiply (ten includes of ten includes are a hundred copies)."))
    return problems


# What docs/ may hold, by folder and file type: MkDocs publishes every file under docs/ as it is
# (a .htm or .xhtml file with a script, an SVG no page names), so anything else is refused.
IMAGES = {".png", ".jpg", ".jpeg", ".webp", ".avif"}
PUBLISHED = {  # folder (first parts of the path under docs/) -> suffixes allowed there
    ("_includes",): {".md"}, ("_data",): {".yml"}, ("assets", "css"): {".css"}, ("assets", "js"): {".js"},
    ("assets", "vendor"): {".js", ".txt"},
}
EXACT = {"_includes/print-cover.tpl", "_includes/es/print-cover.tpl"}  # mkdocs-print-site-plugin's cover template (mkdocs.print.yml)


def _publishable(relative: PurePosixPath) -> bool:
    if relative.as_posix() in EXACT:
        return True
    for folder, suffixes in PUBLISHED.items():
        if relative.parts[:len(folder)] == folder:
            return relative.suffix in suffixes
    if relative.suffix in IMAGES:
        return relative.parts[0] == "assets"
    return relative.suffix in (".md", ".svg") and not any(part.startswith(".") for part in relative.parts)


def published_files(docs: Path, root: Path) -> list[Problem]:
    """Every file under docs/ is of a type the site may publish from where it stands."""
    problems = []
    for path in sorted(p for p in docs.rglob("*") if p.is_file() or p.is_symlink()):
        relative = PurePosixPath(path.relative_to(docs).as_posix())
        if not _publishable(relative):
            problems.append(Problem(rel(path, root), None, f"a '{relative.suffix or relative.name}' file may not "
                                    f"stand in docs/{relative.parent.as_posix()}/: MkDocs would publish it as it is.",
                                    "pages are Markdown (.md); pictures are .svg (checked) or .png/.jpg/.webp/.avif "
                                    "under docs/assets/; scripts and styles live only in docs/assets/js, css and vendor "
                                    "(a maintainer's change). Remove the file or convert it."))
    return problems


def svg_files(docs: Path, root: Path) -> list[Problem]:
    """Every .svg under docs/, named by a page or not: opened by its own address it runs as a
    document of the site, so it may hold only the shapes and text the page allow-list allows."""
    from pmlcheck import svgfile

    problems = []
    for path in sorted(docs.rglob("*.svg")):
        text, unreadable = textsafe.read(path, root)
        problems += unreadable or svgfile.check(text or "", rel(path, root))
    return problems


def data_strings(docs: Path, root: Path) -> list[Problem]:
    """Every string in docs/_data/**/*.yml (changes.yml and next-release/ included): plain text, no markup or entities.
    The writers escape what they write too (pmlrender/risk.py, changes.py); this says where."""
    from pmlsources import data as datafile

    problems = []
    for path in sorted((docs / "_data").rglob("*.yml")) if (docs / "_data").is_dir() else []:
        data, unreadable = datafile.read(path, root)
        if unreadable:
            continue  # unreadable or invalid YAML: reported, located, by the file's own loader
        problems += [Problem(rel(path, root), line, f"the text {value[:60]!r} contains markup ({found.group(0)}).",
                             "write plain words: < followed by a letter, </, <!, and &name; or &#...; are not "
                             "allowed in data files (the pages show this text as it is).")
                     for line, value in datafile.strings(data) if (found := textsafe.MARKUP.search(value))]
    return problems


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


def check_published(docs: Path, root: Path) -> list[Problem]:
    """What docs/ would publish besides the pages: file types, every SVG, the data files' text."""
    return published_files(docs, root) + svg_files(docs, root) + data_strings(docs, root)
