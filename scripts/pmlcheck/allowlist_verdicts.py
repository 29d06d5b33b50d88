"""Which built pages passed the HTML allow-list in an earlier build, kept so that a page whose
bytes have not changed is not walked again.

Why: a contributor rebuilds many times a day, and most built pages come out byte for byte as
they were; walking all of them again was a fifth of a warm build. A page passes the allow-list
or not depending only on its own bytes, its path under the site (scripts resolve against its
folder), the build's Policy and the allow-list's code. So a verdict is kept under a SHA-256 of
exactly those: the page's path and bytes, and a version made of the Policy and the source of
every module the walk runs (html_allowlist.py, allowlist_memo.py, the shared SVG lists, this
file and Python's own html.parser, with Python's version). A page is skipped only when that key
was recorded as passing; any other byte, path, rule or code is a new key, and the page is walked.

Only passes are kept (a page with findings is always walked, so its messages are its own). The
record is data only: a JSON list of hex digests under .cache/pml-guide, read only when it is a
plain file (no symbolic link), has exactly that shape and names this version; anything else is
an empty record, never an error. Each digest is an HMAC under a random key kept outside the
project (key_file(), in the user's own cache folder, readable by the user only), so a .cache/
folder that came from anywhere else (a copied checkout, a restored CI cache, a tampered file)
cannot vouch for a page: the allow-list stays the last guard against a tampered cache. Without
that key (a read-only home) nothing is kept. A fresh clone and CI start with no record, and
PML_GUIDE_NO_CACHE=1 (the benchmark's cold builds) reads none, so every page those publish is
walked.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import sys
import tempfile
from dataclasses import fields
from pathlib import Path

from pmlsources.environment import NO_CACHE

from pmlcheck import allowlist_memo, html_allowlist

_DIGEST = re.compile(r"[0-9a-f]{64}")
KEEP = 6  # version files kept (site, offline copy, print editions, preview; older code's are removed)


def key_file() -> Path:
    """Where this user's key is kept: the user's cache folder, outside every checkout."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pml-guide" / "allowlist-verdicts.key"


def secret(path: Path | None = None) -> bytes | None:
    """This user's key for the verdicts (made on first use), or None when it cannot be had safely
    (a link, a file others may read or write, a read-only home)."""
    path = path or key_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(os.urandom(32))
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        if path.is_symlink() or path.stat().st_mode & 0o077:
            return None
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == 32 else None


def _code() -> bytes:
    """The source of every module whose code decides a verdict."""
    import html.parser

    from pmlsources import markup

    modules = (html_allowlist, allowlist_memo, markup, html.parser, sys.modules[__name__])
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
        self.secret = secret() if folder else None
        self.path = folder / f"allowlist-{self.version[:20]}.json" if folder and self.secret else None
        self.known = self._read()
        self.passed: set[str] = set()

    def key(self, page: str, html: str) -> str:
        """The page's digest under this version and this user's key ("" when nothing is kept)."""
        if self.secret is None:
            return ""
        data = f"{self.version}\0{page}\0".encode() + html.encode("utf-8", "surrogatepass")
        return hmac.new(self.secret, data, hashlib.sha256).hexdigest()

    def _read(self) -> set[str]:
        """The recorded passes, or none: missing, unreadable, a link, another version or any other shape."""
        if self.path is None or os.environ.get(NO_CACHE) or self.path.is_symlink():
            return set()
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return set()
        passed = data.get("passed") if isinstance(data, dict) and data.get("version") == self.version else None
        if not isinstance(passed, list) or not all(isinstance(d, str) and _DIGEST.fullmatch(d) for d in passed):
            return set()
        return set(passed)

    def save(self) -> None:
        """Record this build's passes (those of pages it no longer builds are dropped). A record
        that cannot be written (read-only checkout) only makes the next build slower."""
        if self.path is None or self.passed == self.known:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"version": self.version, "passed": sorted(self.passed)}, out)
            os.replace(tmp, self.path)
            old = sorted(self.path.parent.glob("allowlist-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
            for stale in old[KEEP:]:
                stale.unlink()
        except OSError:
            pass
