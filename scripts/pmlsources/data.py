"""The project's data files (glossary.yml, glossary.es.yml, docs/_data/*.yml) read by one loader
that knows the line of every value.

Why: a check must point a contributor at the line of a mistake, and parsed data has no lines.
Each reader used to find its lines its own way (counting "- " lines with a regular expression, a
second PyYAML pass), and each patched YAML 1.1 its own way (`no` read as false, 2012-01-20 read
as a date). Here ruamel.yaml reads YAML 1.2, so yes/no/on/off stay words and a date stays the
text it is (the caller reads it as a date if it wants one), and every mapping and list comes back
as a `Map` or a `Seq`: a dict or a list that remembers its lines. `line_of` is the one way to
find a line: of a mapping or list, of a key, or of a list item (a scalar's line is the line of
its key or item).

Everything is untrusted and refused with the file, the line and the fix, never a traceback:
anchors and aliases (a few hundred bytes of `&a [*a, *a]` grow to gigabytes), duplicate keys
(YAML would silently keep the second; keys are compared in NFC, so two spellings of the same
word are the same key), tags other than plain values (`!!python/object` and friends), a `%YAML`
directive (it would switch the file back to YAML 1.1), nesting deeper than MAX_DEPTH, text over
MAX_DATA_BYTES, and through `read` the size, encoding and invisible-character guards of
textsafe. Strings come back normalised to NFC.

Front matter is not read here: MkDocs reads it with PyYAML, and its checks do the same
(pmlcheck/yamlsafe.py), so a page is read the way the site reads it.
"""
from __future__ import annotations

import copy
import unicodedata
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import AliasEvent, DocumentStartEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pmlsources import textsafe
from pmlsources.problems import Problem, rel

MAX_DATA_BYTES = 200_000  # glossary.yml, the largest data file, is about 30 KB
MAX_DEPTH = 20  # no data file needs more than a few levels
_CORE = "tag:yaml.org,2002:"
_VALUES = {"str", "int", "float", "bool", "null", "timestamp"}  # the scalar tags a data file may use
_FLAT_FIX = "flatten it: no data file in this project needs more than a few levels."
_YAML_FIX = "check the indentation and quote any text that contains a colon or starts with a symbol."


class Map(dict):
    """A YAML mapping: a dict that knows its own line and the line of each of its keys."""

    def __init__(self, line: int | None = None) -> None:
        super().__init__()
        self.line = line
        self.lines: dict[Any, int] = {}


class Seq(list):
    """A YAML list: a list that knows its own line and the line of each of its items."""

    def __init__(self, items: list, line: int | None = None, lines: list[int] | None = None) -> None:
        super().__init__(items)
        self.line = line
        self.lines = lines or []


def line_of(node: object, key: object = None) -> int | None:
    """The line (1-based) of ``node`` (a Map or Seq from `load`), or of its key ``key`` (a Map)
    or of its item number ``key`` (a Seq); None for anything `load` did not read."""
    if not isinstance(node, (Map, Seq)):
        return None
    if key is None:
        return node.line
    if isinstance(node, Seq):
        if isinstance(key, int) and not isinstance(key, bool) and -len(node.lines) <= key < len(node.lines):
            return node.lines[key]
        return None
    try:
        return node.lines.get(key)
    except TypeError:  # an unhashable key asked for
        return None


def strings(node: object) -> list[tuple[int | None, str]]:
    """Every string of loaded data, keys included, with its line (a key's line for a key and its
    value, an item's line for a list item), in the order of the file."""
    found: list[tuple[int | None, str]] = []
    pairs = (list(node.items()) if isinstance(node, dict) else list(enumerate(node)) if isinstance(node, list) else [])
    for key, value in pairs:
        line = line_of(node, key)
        if isinstance(node, dict) and isinstance(key, str):
            found.append((line, key))
        found += [(line, value)] if isinstance(value, str) else strings(value)
    return found


class _Refused(Exception):
    def __init__(self, line: int | None, message: str, fix: str) -> None:
        super().__init__(message)
        self.line, self.message, self.fix = line, message, fix


def _line(thing: Any) -> int | None:
    mark = getattr(thing, "start_mark", None)
    return mark.line + 1 if mark is not None else None


class _Composer(Composer):
    """ruamel.yaml's composer, refusing anchors, aliases, directives and deep nesting as it goes
    (before anything is built, so an alias bomb never grows)."""

    def compose_document(self) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, DocumentStartEvent) and (event.version or event.tags):
            raise _Refused(1, "the file starts with a % directive (such as %YAML 1.1).",
                           "delete the directive: data files are read as YAML 1.2, with no directives.")
        return super().compose_document()

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(_line(event), "the YAML uses an anchor (&name) or an alias (*name).",
                           "write the value out in full: anchors and aliases are not allowed in this project.")
        if self.depth >= MAX_DEPTH:
            raise _Refused(_line(event), f"the YAML is nested more than {MAX_DEPTH} levels deep.", _FLAT_FIX)
        return super().compose_node(parent, index)


def _tag(node: Node) -> str:
    """The node's tag, core tags shortened as a file writes them (!!str)."""
    tag = str(node.tag or "")
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


def _refuse_tag(node: Node) -> None:
    shown = _tag(node)
    raise _Refused(_line(node), f"the YAML uses the tag {shown}, which this project does not read.",
                   "write plain values only (text, numbers, true or false, lists, mappings); "
                   "put text in quotes if it starts with ! or is <<.")


def _scalar(node: ScalarNode, loader: YAML) -> Any:
    kind = _tag(node).removeprefix("!!")
    if kind not in _VALUES:
        _refuse_tag(node)
    if kind in ("str", "timestamp"):  # a date stays its text: the caller reads it as a date
        hidden = textsafe.check(node.value, "", _line(node) or 1)  # "\u200b" written as an escape
        if hidden:
            raise _Refused(hidden[0].line, hidden[0].message.replace("the line contains", "a value contains"), hidden[0].fix)
        return unicodedata.normalize("NFC", node.value)
    return loader.constructor.construct_object(node, deep=True)


def _build(node: Node, loader: YAML) -> Any:
    """Python values from a composed node: str, int, float, bool, None, Seq and Map."""
    if isinstance(node, ScalarNode):
        return _scalar(node, loader)
    if isinstance(node, SequenceNode) and _tag(node) == "!!seq":
        return Seq([_build(item, loader) for item in node.value], _line(node), [_line(item) or 0 for item in node.value])
    if not (isinstance(node, MappingNode) and _tag(node) == "!!map"):
        _refuse_tag(node)
    out = Map(_line(node))
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            raise _Refused(_line(key_node), "a key is a list or a mapping.",
                           "write each key as a plain word followed by a colon.")
        key, line = _scalar(key_node, loader), _line(key_node) or 0
        if key in out.lines:
            raise _Refused(line, f"the key '{key}' appears twice (first on line {out.lines[key]}).",
                           "keep one of the two; YAML would silently use the second.")
        out[key], out.lines[key] = _build(value_node, loader), line
    return out


def load(text: str, path: str, limit: int = MAX_DATA_BYTES) -> tuple[Any, list[Problem]]:
    """Parse the data file ``text`` (shown as ``path``): (data, []) or (None, [located problem]).
    Never raises. An empty file gives None."""
    if len(text.encode("utf-8", "surrogatepass")) > limit:
        return None, [Problem(path, 1, f"the YAML is over {limit:,} bytes.",
                              "shorten it: no data file in this project needs that much.")]
    return copy.deepcopy(_parsed(text, path))  # each caller gets its own copy to change


def read(file: Path, root: Path | None = None, shown: str | None = None,
         limit: int = MAX_DATA_BYTES) -> tuple[Any, list[Problem]]:
    """Read and parse the data file ``file``, shown as ``shown`` (default: relative to ``root``)."""
    text, problems = textsafe.read(file, root)
    if text is None:
        return None, [replace(p, path=shown) for p in problems] if shown else problems
    return load(text, shown or rel(file, root), limit)


@lru_cache(maxsize=64)  # the same file is read by a check and a renderer: parse it once per text
def _parsed(text: str, path: str) -> tuple[Any, list[Problem]]:
    invisible = textsafe.check(text, path)
    if invisible:
        return None, invisible
    loader = YAML(typ="safe", pure=True)
    loader.Composer = _Composer
    try:
        return _build_document(loader, text), []
    except _Refused as exc:
        return None, [Problem(path, exc.line, exc.message, exc.fix)]
    except RecursionError:
        return None, [Problem(path, 1, "the YAML is nested too deeply to read.", _FLAT_FIX)]
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. !!int "twelve"
        return None, [Problem(path, 1, f"a value in the YAML is not valid ({exc}).",
                              "check numbers are plain numbers and that keys are plain words.")]
    except YAMLError as exc:
        return None, [_not_yaml(exc, text, path)]


def _build_document(loader: YAML, text: str) -> Any:
    node = loader.compose(text)
    return None if node is None else _build(node, loader)


def _not_yaml(exc: YAMLError, text: str, path: str) -> Problem:
    """A located problem for ruamel.yaml's own error (a syntax error, two documents, a bad character)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    if line is None and isinstance(getattr(exc, "position", None), int):  # a ReaderError: a character offset
        line = text.count("\n", 0, exc.position) + 1  # type: ignore[attr-defined]
    what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if "another document" in what:
        return Problem(path, line, "the file holds more than one YAML document.",
                       "delete the '---' line and merge the two parts: a data file is one document.")
    if "'\\t'" in what:
        return Problem(path, line, f"this is not valid YAML ({what}).",
                       "indent with spaces, not tabs (set your editor to insert spaces for the Tab key).")
    return Problem(path, line, f"this is not valid YAML ({what}).", _YAML_FIX)
