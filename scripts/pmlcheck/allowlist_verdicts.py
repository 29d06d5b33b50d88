"""Which built pages passed the HTML allow-list in an earlier build, kept so that a page whose
bytes have not changed is not walked again.

Why: a contributor rebuilds many times a day, and most built pages come out byte for byte as
they were; walking all of them again was a fifth of a warm build. A page passes the allow-list
or not depending only on its own bytes, its path under the site (scripts resolve against its
folder), the build's Policy and the allow-list's code. So a verdict is kept under a SHA-256 of
exactly those: the page's path and bytes, and a version made of the Policy and the source of
every module the walk runs (html_allowlist.py, allowlist_memo.py, html_tokens.py, the shared SVG
lists, this file and Python's own html.parser, with Python's version). A page is skipped only when that key
was recorded as passing; any other byte, path, rule or code is a new key, and the page is walked.

Only passes are kept (a page with findings is always walked, so its messages are its own). The
record is data only, a JSON list of hex digests under .cache/pml-guide, signed with this user's
key (pmlsources/localcache.py), so a .cache/ folder from anywhere else vouches for nothing and
the allow-list stays the last guard against a tampered cache. A fresh clone and CI start with no
record, and PML_GUIDE_NO_CACHE=1 (the benchmark's cold builds) reads none, so every page those
publish is walked.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import fields
from pathlib import Path

from pmlsources import localcache

from pmlcheck import allowlist_memo, html_allowlist, html_tokens

_DIGEST = re.compile(r"[0-9a-f]{64}")


def _code() -> bytes:
    """The source of every module whose code decides a verdict."""
    import html.parser

    from pmlsources import markup

    modules = (html_allowlist, allowlist_memo, html_tokens, markup, html.parser, sys.modules[__name__])
    return b"".join(Path(m.__file__ or "").read_bytes() for m in modules) + sys.version.encode()


def version(policy: html_allowlist.Policy) -> str:
    """The allow-list's code and ``policy``, as one digest: a verdict holds only under it."""
    rules = {f.name: getattr(policy, f.name) for f in fields(policy)}
    rules["script_files"] = sorted(rules["script_files"])
    rules["inline_scripts"] = sorted(rules["inline_scripts"])
    rules["script_file_patterns"] = [p.pattern for p in rules["script_file_patterns"]]
    return hashlib.sha256(_code() + json.dumps(rules, sort_keys=True).encode()).hexdigest()


class Verdicts:
    """The passes recorded for one version; ``folder`` None keeps nothing (a plain check)."""

    def __init__(self, policy: html_allowlist.Policy, folder: Path | None):
        self.policy, self.version = policy, version(policy)
        self.secret = localcache.secret() if folder else None
        self.path = folder / f"allowlist-{self.version[:20]}.json" if folder and self.secret else None
        self.known = self._read()
        self.passed: set[str] = set()

    def key(self, page: str, html: str) -> str:
        """The page's digest under this version ("" when nothing is kept)."""
        if self.path is None:
            return ""
        return hashlib.sha256(f"{self.version}\0{page}\0".encode() + html.encode("utf-8", "surrogatepass")).hexdigest()

    def _read(self) -> set[str]:
        """The recorded passes, or none: missing, unsigned, another version or any other shape."""
        data = localcache.read_signed(self.path, self.secret) if self.path else None
        passed = data.get("passed") if isinstance(data, dict) and data.get("version") == self.version else None
        if not isinstance(passed, list) or not all(isinstance(d, str) and _DIGEST.fullmatch(d) for d in passed):
            return set()
        return set(passed)

    def save(self) -> None:
        """Record this build's passes (those of pages it no longer builds are dropped)."""
        if self.path is not None and self.passed != self.known:
            localcache.write_signed(self.path, {"version": self.version, "passed": sorted(self.passed)}, self.secret)
