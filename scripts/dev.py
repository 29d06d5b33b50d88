#!/usr/bin/env python3
"""Set up what is missing, then serve the site or run the whole test suite.

Why: a new contributor should need two commands, not a page of set-up steps.

    python3 scripts/dev.py serve   # preview the site at http://127.0.0.1:8000
    python3 scripts/dev.py test    # run every test (what CI runs)
    python3 scripts/dev.py offline # build the offline zip into dist/
    python3 scripts/dev.py pdf     # build the printable PDF into dist/

Both create .venv and install the pinned packages only when they are missing or the
requirement files changed, so a second run starts at once. `test` also needs Debian's
chromium (and npm's axe-core, installed into node_modules): as root it installs chromium with
apt-get; otherwise it prints the exact command to run. Uses only the standard library.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
PY = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
CHROMIUM = "/usr/bin/chromium"


def say(msg: str) -> None:
    print(f"[dev] {msg}", flush=True)


def run(cmd: list[str], **kw) -> None:
    result = subprocess.run(cmd, cwd=ROOT, **kw)
    if result.returncode != 0:
        sys.exit(f"[dev] failed ({result.returncode}): {' '.join(map(str, cmd))}")


def ensure_python() -> None:
    if sys.version_info < (3, 11):
        sys.exit("[dev] PML Guide needs Python 3.11 or newer; this is "
                 f"{sys.version.split()[0]}. Install python3.11 (or newer) and run this again with it.")


def ensure_venv(requirements: str) -> None:
    """Create .venv and install `requirements` when missing or changed (a hash stamp decides)."""
    files = [ROOT / "requirements.txt", ROOT / requirements]
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()[:16]
    stamp = VENV / f".installed-{requirements}-{digest}"
    if stamp.exists() and PY.exists():
        return
    if not PY.exists():
        say("creating the virtual environment .venv")
        run([sys.executable, "-m", "venv", str(VENV)])
    say(f"installing pinned packages from {requirements} (first run only)")
    run([str(PY), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", str(ROOT / requirements)])
    for old in VENV.glob(f".installed-{requirements}-*"):
        old.unlink()
    stamp.touch()


def ensure_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        say("installing Debian's chromium with apt-get (first run only)")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run(["apt-get", "update", "-qq"], env=env)
        run(["apt-get", "install", "-y", "-qq", "chromium"], env=env, stdout=subprocess.DEVNULL)
        return
    sys.exit("[dev] the browser tests need Debian's chromium at /usr/bin/chromium.\n"
             "      Install it with:  sudo apt-get install chromium\n"
             "      then run this command again.")


def ensure_node_packages() -> None:
    """axe-core for the accessibility tests, pinned in package-lock.json."""
    if not (ROOT / "package.json").exists():
        return
    lock = ROOT / "package-lock.json"
    stamp = ROOT / "node_modules" / ".installed"
    if stamp.exists() and stamp.read_text() == hashlib.sha256(lock.read_bytes()).hexdigest():
        return
    if not shutil.which("npm"):
        sys.exit("[dev] the accessibility tests need Node.js and npm.\n"
                 "      Install them with:  sudo apt-get install nodejs npm\n"
                 "      then run this command again.")
    say("installing axe-core from the npm registry (first run only)")
    run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"])
    stamp.write_text(hashlib.sha256(lock.read_bytes()).hexdigest())


def serve(args) -> int:
    ensure_venv("requirements.txt")
    import re
    from urllib.parse import urlparse

    match = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(), re.MULTILINE)
    path = urlparse(match.group(1)).path if match else "/"
    say(f"serving PML Guide at http://{args.addr}{path} (Ctrl+C to stop)")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.call([str(PY), "-m", "mkdocs", "serve", "--strict", "-a", args.addr], cwd=ROOT, env=env)


def test(args) -> int:
    ensure_venv("requirements-test.txt")
    ensure_chromium()
    ensure_node_packages()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    code = subprocess.call([str(PY), "-m", "pytest", *args.pytest_args], cwd=ROOT, env=env)
    if code == 5:
        print("[dev] pytest collected no tests: that is a failure, not a pass.", file=sys.stderr)
        return 1
    return code


def offline(args) -> int:
    ensure_venv("requirements.txt")
    return subprocess.call([str(PY), str(ROOT / "scripts" / "build_offline.py"), *args.pytest_args], cwd=ROOT)


def pdf(args) -> int:
    ensure_venv("requirements-test.txt")
    ensure_chromium()
    return subprocess.call([str(PY), str(ROOT / "scripts" / "build_pdf.py"), *args.pytest_args], cwd=ROOT)


def main(argv=None) -> int:
    ensure_python()
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", help="set up, then serve the site on localhost")
    s.add_argument("--addr", default="127.0.0.1:8000", help="address:port to serve on (default 127.0.0.1:8000)")
    s.set_defaults(func=serve)
    t = sub.add_parser("test", help="set up, then run the whole test suite (extra arguments go to pytest)")
    t.set_defaults(func=test)
    o = sub.add_parser("offline", help="set up, then build dist/pml-guide-offline-<version>.zip")
    o.set_defaults(func=offline)
    d = sub.add_parser("pdf", help="set up, then build dist/pml-guide-<version>.pdf")
    d.set_defaults(func=pdf)
    args, extra = p.parse_known_args(argv)  # anything after `test` that dev.py does not know goes to pytest
    if extra and args.command == "serve":
        p.error(f"unrecognized arguments: {' '.join(extra)}")
    args.pytest_args = extra
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
