"""The MkDocs configuration files (mkdocs*.yml), read safely before MkDocs reads them.

Why: MkDocs loads its configuration with a YAML loader that runs Python tags, so a pull request
that adds `extra: {x: !!python/object/apply:os.system [...]}` ran a command on the machine that
built it before any check, and `copyright: !ENV [HOME, none]` printed the build machine's home
folder in every footer. The front door (scripts/dev.py build, serve, offline, pdf, bench) and the
release builders read each configuration file, and every file it INHERITs, with PyYAML's safe
loader first and refuse, with the file, the line and the fix:

- any tag but MkDocs' own `!relative` (which only names a folder) and `!ENV` with a variable on
  the short list below (the build date the release builders set);
- anchors and aliases (a few hundred bytes of them grow to gigabytes), and nesting over 20 levels;
- an INHERIT that leaves the project folder or names a missing file.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from pmlsources import textsafe
from pmlsources.problems import Problem, rel

ALLOWED_ENV = ("PML_GUIDE_BUILD_DATE",)  # set by scripts/build_offline.py and build_pdf.py, never a secret
MAX_DEPTH = 20


class _Refused(Exception):
    def __init__(self, mark, message: str, fix: str):
        super().__init__(message)
        self.line = mark.line + 1 if mark else None
        self.message, self.fix = message, fix


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader plus the two tags MkDocs' configuration may use here."""


def _relative(loader: _Loader, node: yaml.Node) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise _Refused(node.start_mark, "!relative takes one folder, such as $config_dir/docs/_includes.",
                       "write it as `!relative $config_dir/<folder>`.")
    return loader.construct_scalar(node)


def _env(loader: _Loader, node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
    elif isinstance(node, yaml.SequenceNode):
        items = [loader.construct_object(n) for n in node.value]
        names = items[:-1] if len(items) > 1 else items
    else:
        names = [None]  # type: ignore[list-item]  # a mapping: refused below, as no name is allowed
    for name in names:
        if name not in ALLOWED_ENV:
            raise _Refused(node.start_mark, f"!ENV reads the variable {name!r}, which is not on the allowed list.",
                           f"write the value itself; !ENV may read only {', '.join(ALLOWED_ENV)} (a build's environment "
                           "holds secrets, and whatever it reads is published on every page).")
    return ""


_Loader.add_constructor("!relative", _relative)
_Loader.add_constructor("!ENV", _env)


def _events(text: str) -> None:
    """Anchors, aliases and deep nesting, refused before anything is built from the events."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(event.start_mark, "the configuration uses an anchor (&name) or an alias (*name).",
                           "write the value out in full.")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(event.start_mark, f"the configuration is nested more than {MAX_DEPTH} levels deep.",
                               "flatten it.")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _load(path: Path, root: Path) -> tuple[object, list[Problem]]:
    text, problems = textsafe.read(path, root)
    if text is None:
        return None, problems
    shown = rel(path, root)
    try:
        _events(text)
        return yaml.load(text, Loader=_Loader), []
    except _Refused as exc:
        return None, [Problem(shown, exc.line, exc.message, exc.fix)]
    except yaml.constructor.ConstructorError as exc:
        mark, found = exc.problem_mark, re.search(r"'([^']*)'", str(getattr(exc, "problem", "") or exc))
        tag = found.group(1).replace("tag:yaml.org,2002:", "!!") if found else "here"
        return None, [Problem(shown, mark.line + 1 if mark else None,
                              f"the tag {tag} is not allowed in a configuration file.",
                              "remove it: Python tags (!!python/...) run code on the machine that builds the site; "
                              "only !relative and !ENV (for the build date) are allowed.")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, [Problem(shown, mark.line + 1 if mark else None,
                              f"this is not valid YAML ({getattr(exc, 'problem', None) or exc}).",
                              "check the indentation and the quotes on that line.")]


def check(path: Path, root: Path) -> list[Problem]:
    """``path`` and every configuration it INHERITs, read safely."""
    seen: set[Path] = set()
    while True:
        path = path.resolve()
        if path in seen:
            return [Problem(rel(path, root), None, "the configuration INHERITs itself.", "remove the loop.")]
        seen.add(path)
        data, problems = _load(path, root)
        if problems or not isinstance(data, dict) or "INHERIT" not in data:
            return problems
        parent = (path.parent / str(data["INHERIT"])).resolve()
        if not parent.is_relative_to(root.resolve()) or not parent.is_file():
            return [Problem(rel(path, root), None, f"INHERIT names {data['INHERIT']!r}, which is not a file of the project.",
                            "inherit mkdocs.yml or another configuration file in the project folder.")]
        path = parent
