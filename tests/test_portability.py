"""The site builds the same on ProperDocs, the MkDocs 1.6 continuation (decisions/0001-platform.md).

Why: the decision record names ProperDocs as the first way forward when MkDocs 1.x or Material
stops being usable. That claim is only worth something while it is true, so every test run builds
the real site with `properdocs build --strict` and compares it, file by file, with the MkDocs build
the other tests read. The only difference allowed is the generator line in each page's head.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import ENV, ROOT

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): GENERATOR.sub(b"", p.read_bytes()) for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_properdocs_builds_the_same_site(built_site, tmp_path):
    command = ROOT / ".venv" / "bin" / "properdocs"
    if not command.exists():
        pytest.fail("properdocs is missing from .venv: run `python3 scripts/dev.py test`, which installs "
                    "requirements-test-lock.txt")
    out = tmp_path / "properdocs-site"
    result = subprocess.run([str(command), "build", "--strict", "-f", "mkdocs.yml", "-d", str(out)],
                            cwd=ROOT, capture_output=True, text=True, env=ENV, timeout=300)
    assert result.returncode == 0, f"properdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    theirs, ours = _files(out), _files(built_site["dir"])
    assert sorted(theirs) == sorted(ours), f"different files: {sorted(set(theirs) ^ set(ours))[:10]}"
    differ = [name for name in ours if ours[name] != theirs[name]]
    assert not differ, f"ProperDocs built these files differently from MkDocs: {differ[:10]}"
    assert b"ProperDocs" in (out / "index.html").read_bytes(), "the page was not built by ProperDocs"
