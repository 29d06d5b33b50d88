#!/usr/bin/env python3
"""The one front door: set up what is missing, then build, check, serve, test or release.

Why: a new contributor should need one command, not a page of set-up steps, and the README,
CONTRIBUTING.md and every CI workflow should run the same commands a person runs.

    python3 scripts/dev.py build   # build the site into site/ (--out DIR for elsewhere)
    python3 scripts/dev.py check   # every content check, without building (files or --changed BASE)
    python3 scripts/dev.py serve   # preview at http://127.0.0.1:8000/pml-guide/ (--addr HOST:PORT)
    python3 scripts/dev.py test    # run every test, on every core (what CI runs; extra arguments go to pytest)
    python3 scripts/dev.py offline # build the offline zips into dist/ (English and Spanish; --language es: one)
    python3 scripts/dev.py pdf     # build the printable PDF into dist/
    python3 scripts/dev.py bench   # measure build time and page weight (scripts/benchmark.py)
    python3 scripts/dev.py review-due  # pages due for review within 30 days (--release: fail if overdue)
    python3 scripts/dev.py release 2027.01 --summary "..."  # maintainers: gather the waiting changes
    python3 scripts/dev.py lock    # maintainers: regenerate the hashed lock files after a pin change

Each creates .venv and installs the pinned packages only when they are missing or the lock
files changed, so a second run starts at once. Packages come from requirements-lock.txt and
requirements-test-lock.txt, which pin every package, transitive ones included, with their
hashes (pip --require-hashes); requirements.txt and requirements-test.txt are what people edit.
`test` and `pdf` also need Debian's chromium (and `test` npm's axe-core, installed into
node_modules): as root it installs chromium with apt-get; otherwise it prints the exact command
to run. Uses only the standard library.
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
from pmlsources.environment import CHROMIUM, build_env  # standard library only; scripts/ is on sys.path as dev.py's own folder

VENV = ROOT / ".venv"
PY = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
# What people edit -> what pip installs (every package with its hashes), per set of packages.
LOCKS = {"site": ("requirements.txt", "requirements-lock.txt"),
         "test": ("requirements-test.txt", "requirements-test-lock.txt")}
PIP_TOOLS = "pip-tools==7.4.1"  # only for `lock`, in its own environment under .cache/


def say(msg: str) -> None:
    print(f"[dev] {msg}", flush=True)


def run(cmd: list[str], **kw) -> None:
    result = subprocess.run(cmd, cwd=ROOT, **kw)
    if result.returncode != 0:
        sys.exit(f"[dev] failed ({result.returncode}): {' '.join(map(str, cmd))}")


def ensure_python() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036  # dev.py runs under whatever python3 a newcomer has
        sys.exit("[dev] PML Guide needs Python 3.11 or newer; this is "
                 f"{sys.version.split()[0]}. Install python3.11 (or newer) and run this again with it.")


def ensure_venv(packages: str) -> None:
    """Create .venv and install the ``packages`` lock file when missing or changed (a hash stamp decides)."""
    lock = ROOT / LOCKS[packages][1]
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()[:16]
    stamp = VENV / f".installed-{lock.name}-{digest}"
    if stamp.exists() and PY.exists():
        return ensure_project()
    if not PY.exists():
        say("creating the virtual environment .venv")
        run([sys.executable, "-m", "venv", str(VENV)])
    say(f"installing the pinned, hash-checked packages from {lock.name} (first run only)")
    run([str(PY), "-m", "pip", "install", "--disable-pip-version-check", "-q", "--require-hashes", "-r", str(lock)])
    for old in VENV.glob(f".installed-{lock.name}-*"):
        old.unlink()
    stamp.touch()
    ensure_project()


def ensure_project() -> None:
    """Install the project's own code (scripts/: sources, checks, rendering, the pml-guide MkDocs
    plugin) into .venv in editable mode, so MkDocs finds the plugin by its entry point
    (pyproject.toml) and an edit under scripts/ needs no reinstall. Redone when pyproject.toml
    changes or the checkout it points at is gone; a throwaway copy of the site's sources that
    shares .venv (the tests' copies have no pyproject.toml) leaves the install as it is."""
    if not (ROOT / "pyproject.toml").is_file():
        return
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    stamp = VENV / f".installed-project-{digest}"
    pth = next(VENV.glob("lib/python*/site-packages/__editable__.pml_guide_build-*.pth"), None)
    points_at = Path(pth.read_text(encoding="utf-8").strip()) if pth else None
    if stamp.exists() and points_at is not None and (points_at / "pmlplugin").is_dir():
        return
    say("installing the project's own build code (scripts/) in editable mode")
    run([str(PY), "-m", "pip", "install", "--disable-pip-version-check", "-q", "--no-deps", "--no-build-isolation",
         "--editable", str(ROOT)])
    for old in VENV.glob(".installed-project-*"):
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
    sys.exit(f"[dev] this needs Debian's chromium at {CHROMIUM}.\n"
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


def python(script: str, *args: str) -> int:
    """Run one of scripts/ with the project's Python and the build environment."""
    return subprocess.call([str(PY), str(ROOT / "scripts" / script), *args], cwd=ROOT, env=build_env())


def config_file(rest: list[str], default: str = "mkdocs.yml") -> str:
    """The configuration a MkDocs command line names (-f/--config-file), or ``default``."""
    for i, arg in enumerate(rest):
        if arg in ("-f", "--config-file") and i + 1 < len(rest):
            return rest[i + 1]
        if arg.startswith(("--config-file=", "-f")) and len(arg) > 2 and arg != "-f":
            return arg.split("=", 1)[1] if "=" in arg else arg[2:]
    return default


def gate_config(name: str) -> None:
    """Read ``name`` (and what it INHERITs) with a safe loader before MkDocs does: MkDocs' own
    loader runs Python tags and reads any environment variable (scripts/check_config.py)."""
    code = subprocess.call([str(PY), str(ROOT / "scripts" / "check_config.py"), name], cwd=ROOT, env=build_env())
    if code != 0:
        sys.exit(code)


def build(args) -> int:
    ensure_venv("site")
    gate_config(config_file(args.rest))
    return subprocess.call([str(PY), "-m", "mkdocs", "build", "--strict", "-d", str(args.out), *args.rest],
                           cwd=ROOT, env=build_env())


def check(args) -> int:
    ensure_venv("site")
    return python("check_all.py", *args.rest)


def serve(args) -> int:
    """scripts/serve.py: the site as published, rebuilt on every save; it prints its address."""
    ensure_venv("site")
    gate_config("mkdocs.yml")
    child = subprocess.Popen([str(PY), str(ROOT / "scripts" / "serve.py"), "--addr", args.addr], cwd=ROOT, env=build_env())
    try:
        return child.wait()
    except KeyboardInterrupt:  # let serve.py stop cleanly (it removes its folder), however the signal came
        child.terminate()
        try:
            return child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            return 1


def parallel(rest: list[str]) -> list[str]:
    """pytest-xdist's options unless the caller chose (-n, -p no:xdist): a worker per core, 2 to 4,
    each given the next test as it finishes one (the slow ones are handed out first, conftest.py)."""
    if any(a.startswith(("-n", "--numprocesses", "--dist")) for a in rest) or "no:xdist" in rest:
        return []
    return ["-n", str(max(2, min(4, os.cpu_count() or 2))), "--dist", "load"]


def test(args) -> int:
    ensure_venv("site")  # the tests build with `dev.py build/offline/pdf`, which check this set too
    ensure_venv("test")
    ensure_chromium()
    ensure_node_packages()
    code = subprocess.call([str(PY), "-m", "pytest", *parallel(args.rest), *args.rest], cwd=ROOT, env=build_env())
    if code == 5:
        print("[dev] pytest collected no tests: that is a failure, not a pass.", file=sys.stderr)
        return 1
    return code


def offline(args) -> int:
    ensure_venv("site")
    gate_config("mkdocs.offline.yml")
    return python("build_offline.py", *args.rest)


def pdf(args) -> int:
    ensure_venv("test")
    ensure_chromium()
    gate_config("mkdocs.print.yml")
    return python("build_pdf.py", *args.rest)


def bench(args) -> int:
    ensure_venv("site")
    gate_config("mkdocs.yml")
    if "--lighthouse" in args.rest:
        ensure_chromium()
    return python("benchmark.py", *args.rest)


def review_due(args) -> int:
    ensure_venv("site")
    return python("review_due.py", *args.rest)


def release(args) -> int:
    ensure_venv("site")
    return python("release.py", *args.rest)


def lock(args) -> int:
    """Regenerate both lock files from the edited requirement files, with PyPI's hashes."""
    tools = ROOT / ".cache" / "lock-venv"
    if not (tools / "bin" / "pip-compile").exists():
        run([sys.executable, "-m", "venv", str(tools)])
        run([str(tools / "bin" / "python"), "-m", "pip", "install", "-q", PIP_TOOLS])
    # PyPI itself, whatever this machine's pip is set to use; the files' header names this command.
    env = dict(os.environ, PIP_CONFIG_FILE=os.devnull, CUSTOM_COMPILE_COMMAND="python3 scripts/dev.py lock")
    env.pop("PIP_FIND_LINKS", None)
    for source, target in LOCKS.values():
        say(f"{source} -> {target}")
        run([str(tools / "bin" / "pip-compile"), "-q", "--generate-hashes", "--allow-unsafe", "--strip-extras",
             "--no-emit-index-url", "--no-emit-find-links", "--index-url", "https://pypi.org/simple",
             "-o", target, source], env=env)
    return 0


COMMANDS = {
    "build": (build, "set up, then build the site with --strict (into site/, or --out DIR)"),
    "check": (check, "set up, then run every content check without building (scripts/check_all.py)"),
    "serve": (serve, "set up, then preview the site on localhost, rebuilt on every save (--addr)"),
    "test": (test, "set up, then run the whole test suite (extra arguments go to pytest)"),
    "offline": (offline, "set up, then build dist/pml-guide-offline-<version>.zip and guia-lmp-sin-conexion-<version>.zip"),
    "pdf": (pdf, "set up, then build dist/pml-guide-<version>.pdf (--language es: dist/guia-lmp-<version>.pdf)"),
    "bench": (bench, "set up, then run scripts/benchmark.py (extra arguments go to it)"),
    "review-due": (review_due, "set up, then list pages due for review (scripts/review_due.py)"),
    "release": (release, "gather docs/_data/next-release/ into a new release (scripts/release.py VERSION --summary)"),
    "lock": (lock, "regenerate requirements-lock.txt and requirements-test-lock.txt (with hashes)"),
}

OWN_OPTIONS = ("build", "serve", "lock")  # the others pass every argument on (pytest, check_all.py, ...)


def main(argv=None) -> int:
    ensure_python()
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    sub = p.add_subparsers(dest="command", required=True)
    for name, (func, text) in COMMANDS.items():  # --help of a command that hands on its arguments is its tool's
        sub.add_parser(name, help=text, add_help=name in OWN_OPTIONS).set_defaults(func=func)
    sub.choices["serve"].add_argument("--addr", default="127.0.0.1:8000", help="address:port (default 127.0.0.1:8000)")
    sub.choices["build"].add_argument("--out", type=Path, default=ROOT / "site", help="where to build (default site/)")
    args, rest = p.parse_known_args(argv)  # anything dev.py does not know goes to the tool it runs
    if rest and args.command in ("serve", "lock"):
        p.error(f"unrecognized arguments: {' '.join(rest)}")
    args.rest = rest
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
