"""Records a build keeps for the next one on this machine, as data only, and readable only when
this user's own builds wrote them.

Why: a warm rebuild may skip a check on input that has not changed, but only on the word of a
record this user's builds wrote. A .cache/ folder can come from elsewhere (a copied checkout, a
restored CI cache, a tampered file), so every record is signed with an HMAC under a random key
kept outside the project (key_file(): the user's own cache folder, readable by the user only).
A record that is missing, unsigned, signed with another key, a symbolic link or not JSON is no
record, never an error; PML_GUIDE_NO_CACHE=1 reads none; without a safe key nothing is kept.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pmlsources.environment import NO_CACHE


def key_file() -> Path:
    """Where this user's key is kept: the user's cache folder, outside every checkout."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pml-guide" / "build-records.key"


def secret(path: Path | None = None) -> bytes | None:
    """This user's key (made on first use), or None when it cannot be had safely (a link, a file
    others may read or write, a read-only home)."""
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


def code_digest(*files: Path) -> bytes:
    """The bytes of ``files`` (source or data a record depends on), as one digest; a missing file counts as empty."""
    digest = hashlib.sha256()
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            data = b""
        digest.update(str(path).encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.digest()


def read_signed(path: Path, key: bytes | None) -> Any:
    """The JSON a build of this user signed at ``path``, or None."""
    if key is None or os.environ.get(NO_CACHE) or path.is_symlink():
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    mac, _, body = raw.partition(b"\n")
    if not hmac.compare_digest(mac, hmac.new(key, body, hashlib.sha256).hexdigest().encode()):
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


def write_signed(path: Path, data: Any, key: bytes | None, keep: int = 6) -> None:
    """Write ``data`` signed, through a temporary file and a rename; keep the ``keep`` newest
    records of the same kind (name up to its last '-'). A record that cannot be written only
    makes the next build slower."""
    if key is None:
        return
    body = json.dumps(data).encode()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "wb") as out:
            out.write(hmac.new(key, body, hashlib.sha256).hexdigest().encode() + b"\n" + body)
        os.replace(tmp, path)
        kind = path.name.rsplit("-", 1)[0]
        old = sorted(path.parent.glob(f"{kind}-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[keep:]:
            stale.unlink()
    except OSError:
        pass
