"""Front matter from contributors, read safely: no aliases, no duplicate keys, located messages.

Why: MkDocs reads a page's front matter with PyYAML, so the checks read it with PyYAML too (the
project's data files have their own loader, pmlsources/data.py). PyYAML's safe loader still
expands aliases (a few hundred bytes of `&a [*a, *a, ...]` can grow to gigabytes) and lets the
second of two equal keys silently win. Every page's front matter goes through `load`, which
refuses both with the file, the line and the fix, and never raises; `key_lines` gives each
field's line. It also refuses text over a size limit and invisible or direction-changing
characters (pmlsources/textsafe.py), and returns every string normalised to NFC, so two keys that
look the same are the same.
"""
from __future__ import annotations

import copy
import unicodedata
from functools import lru_cache

import yaml
from yaml.constructor import SafeConstructor

from pmlsources import textsafe
# libyaml's C loader when PyYAML has it (the PyPI wheels do): about ten times faster.
try:
    from yaml import CSafeLoader as YamlLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as YamlLoader  # type: ignore[assignment]
from pmlsources.problems import Problem

MAX_YAML_BYTES = 200_000  # front matter is a few lines
MAX_DEPTH = 20  # nesting deeper than this is refused before PyYAML recurses into it


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


def _line(event: yaml.Event) -> int:
    return event.start_mark.line + 1 if event.start_mark else 1


def _refuse_aliases_and_depth(text: str) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=YamlLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(_line(event), "the YAML uses an anchor (&name) or an alias (*name).",
                           "write the value out in full: anchors and aliases are not allowed in this project.")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(_line(event), f"the YAML is nested more than {MAX_DEPTH} levels deep.",
                               "flatten it: no data file in this project needs more than a few levels.")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


@lru_cache(maxsize=4096)  # asked by the front-matter check and the search-words check of each page
def _key_lines(text: str, first_line: int) -> dict[str, int]:
    try:
        node = yaml.compose(text, Loader=YamlLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): first_line + key.start_mark.line for key, _value in node.value}


def key_lines(text: str, first_line: int = 1) -> dict[str, int]:
    """The line of each top-level key of ``text`` (front matter starting on ``first_line``), so a
    message can point at a field; {} when it is not a mapping. Read as MkDocs reads it (PyYAML);
    data files have their lines from pmlsources/data.py instead."""
    return dict(_key_lines(text, first_line))


def _nfc(value):
    """Every string of ``value`` (keys included) normalised to NFC."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    return value


def load(text: str, path: str, first_line: int = 1, limit: int = MAX_YAML_BYTES) -> tuple[object, list[Problem]]:
    """Parse ``text`` (from ``path``; its first line is ``first_line`` of that file).

    Returns (data, []) or (None, [problem])."""
    if len(text.encode("utf-8", "surrogatepass")) > limit:
        return None, [Problem(path, first_line, f"the YAML is over {limit:,} bytes.",
                              "shorten it: no data file or front matter in this project needs that much.")]
    return copy.deepcopy(_parsed(text, path, first_line))  # each caller gets its own copy to change


@lru_cache(maxsize=4096)  # the same text is read by several checks (a page's front matter by three)
def _parsed(text: str, path: str, first_line: int) -> tuple[object, list[Problem]]:
    """``load`` past the size limit: a pure function of its arguments, so kept by their exact value."""
    offset = first_line - 1
    invisible = textsafe.check(text, path, first_line)
    if invisible:
        return None, invisible
    try:
        _refuse_aliases_and_depth(text)
        return _nfc(yaml.load(text, Loader=_Loader)), []
    except _Refused as exc:
        return None, [Problem(path, exc.line + offset, exc.message.replace("{first}", str(exc.first + offset)), exc.fix)]
    except RecursionError:
        return None, [Problem(path, first_line, "the YAML is nested too deeply to read.",
                              "flatten it: no data file in this project needs more than a few levels.")]
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. a date such as 2026-13-45, a list as a key
        return None, [Problem(path, first_line, f"a value in the YAML is not valid ({exc}).",
                              "check dates are real YYYY-MM-DD dates and that keys are plain words.")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Problem(path, (mark.line + 1 + offset) if mark else None, f"this is not valid YAML ({what}).",
                              "check the indentation and quote any text that contains a colon or starts with a symbol.")]
