"""YAML from contributors, read safely: no aliases, no duplicate keys, located messages.

Why: PyYAML's safe loader still expands aliases (a few hundred bytes of `&a [*a, *a, ...]` can
grow to gigabytes) and lets the second of two equal keys silently win. Every YAML file the
build reads (front matter, glossary.yml, docs/_data/*.yml) goes through `load`, which refuses
both with the file, the line and the fix, and never raises.
"""
from __future__ import annotations

import unicodedata

import yaml
from yaml.constructor import SafeConstructor

from .pages import YamlLoader
from .problems import Problem


class _Refused(Exception):
    def __init__(self, line: int, message: str, fix: str, first: int = 0):
        super().__init__(message)
        self.line, self.message, self.fix, self.first = line, message, fix, first


class _Loader(YamlLoader):
    """The project's YAML loader (libyaml's when present) with duplicate keys refused."""


def _mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict = {}
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=True)
        norm = unicodedata.normalize("NFC", key) if isinstance(key, str) else key
        try:
            duplicate = norm in seen
        except TypeError:  # an unhashable key (a list as a key): let the constructor say so
            break
        if duplicate:
            raise _Refused(key_node.start_mark.line + 1, f"the key '{key}' appears twice (first on line {{first}}).",
                           "keep one of the two; YAML would silently use the second.", first=seen[norm])
        seen[norm] = key_node.start_mark.line + 1
    return SafeConstructor.construct_mapping(loader, node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _refuse_aliases(text: str) -> None:
    for event in yaml.parse(text, Loader=YamlLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(event.start_mark.line + 1, "the YAML uses an anchor (&name) or an alias (*name).",
                           "write the value out in full: anchors and aliases are not allowed in this project.")


def load(text: str, path: str, first_line: int = 1) -> tuple[object, list[Problem]]:
    """Parse ``text`` (from ``path``; its first line is ``first_line`` of that file).

    Returns (data, []) or (None, [problem])."""
    offset = first_line - 1
    try:
        _refuse_aliases(text)
        return yaml.load(text, Loader=_Loader), []
    except _Refused as exc:
        return None, [Problem(path, exc.line + offset, exc.message.replace("{first}", str(exc.first + offset)), exc.fix)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Problem(path, (mark.line + 1 + offset) if mark else None, f"this is not valid YAML ({what}).",
                              "check the indentation and quote any text that contains a colon or starts with a symbol.")]
