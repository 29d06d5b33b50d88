"""The code's rooms import only downward, and no module imports itself round a circle.

Why: issue 26 re-cut scripts/ into four rooms (README, "How the build works"): pmlsources loads
and validates the inputs; pmlcheck (checks) and pmlrender (rendering) read sources and never each
other; pmlplugin, the MkDocs adapter, sits on top. A check that imported a renderer, or a source
that imported a check, would quietly rebuild the tangle; this says where, at the line.
"""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

RANK = {"pmlsources": 0, "pmlcheck": 1, "pmlrender": 1, "pmlplugin": 2}


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of the project's own rooms in ``path``, functions included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            found += [(node.lineno, n) for n in names if n.split(".")[0] in RANK]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] in RANK]
        elif isinstance(node, ast.ImportFrom) and node.level:
            found.append((node.lineno, "relative import"))
    return found


def modules() -> dict[str, Path]:
    return {f"{room}.{p.stem}": p for room in RANK for p in sorted((ROOT / "scripts" / room).glob("*.py"))
            if p.stem != "__init__"}


def test_every_import_runs_down_a_room_or_stays_in_its_own():
    wrong = []
    for name, path in modules().items():
        room = name.split(".")[0]
        for line, target in imports(path):
            if target == "relative import":
                wrong.append(f"{path.relative_to(ROOT)}:{line}: a relative import; name the room (from {room}.x import ...)")
                continue
            other = target.split(".")[0]
            if other != room and RANK[other] >= RANK[room]:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {room} imports {target}, which is not below it")
    assert not wrong, "\n".join(wrong)


def test_no_module_imports_itself_round_a_circle():
    known = modules()
    graph = {name: {t for _line, t in imports(path) if t in known} - {name} for name, path in known.items()}
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> list[str] | None:
        state[name] = 1
        for nxt in sorted(graph[name]):
            if state.get(nxt) == 1:
                return trail + [name, nxt]
            if nxt not in state and (found := visit(nxt, trail + [name])):
                return found
        state[name] = 2
        return None

    for name in sorted(graph):
        if name not in state:
            circle = visit(name, [])
            assert circle is None, "a circle of imports: " + " -> ".join(circle)


def test_the_check_can_see_a_wrong_import(tmp_path, monkeypatch):
    """The two rules above fail on a planted upward import and on a planted circle."""
    scripts = tmp_path / "scripts"
    for room in RANK:
        (scripts / room).mkdir(parents=True)
    (scripts / "pmlsources" / "a.py").write_text("from pmlcheck import b\n")
    (scripts / "pmlcheck" / "b.py").write_text("from pmlcheck import c\n")
    (scripts / "pmlcheck" / "c.py").write_text("from pmlcheck.b import x\n")
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path)
    for rule, needle in ((test_every_import_runs_down_a_room_or_stays_in_its_own, "not below it"),
                         (test_no_module_imports_itself_round_a_circle, "a circle of imports")):
        try:
            rule()
        except AssertionError as e:
            assert needle in str(e)
        else:
            raise AssertionError(f"{rule.__name__} passed a planted fault")
