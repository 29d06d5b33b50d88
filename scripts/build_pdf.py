#!/usr/bin/env python3
"""Build the printable edition of PML Guide: dist/pml-guide-<version>.pdf (with --language es,
the Spanish edition: dist/guia-lmp-<version>.pdf).

Why: some readers want the guide on paper, for themselves or for a relative. mkdocs.print.yml
(inheriting the offline configuration) joins every page, in navigation order, into one page with
a cover (version, date, disclaimer) and a table of contents, internal links kept working;
headless Chromium then prints it to A4 with page numbers. The print page is checked against the
HTML allow-list like every page, and its Content-Security-Policy approves the theme's scripts and
mkdocs-print-site-plugin's one table-of-contents script only (pmlrender/csp.py). Chromium never
prints as root: started as root, Chromium runs as `nobody` (print_unprivileged). Needs Debian's chromium and the test
requirements (Playwright): `python3 scripts/dev.py pdf` sets both up and runs this.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pmlrender import download
from pmlsources.environment import CHROMIUM, build_env  # scripts/ is on the path: this file runs from it
from pmlsources.dates import long_date

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# print-site adds each page's title as a heading when the page has no <h1> of its own (ours
# never do: the title comes from front matter), and says so once per page. Any other warning fails.
EXPECTED_WARNING = re.compile(r"\[mkdocs-print-site\] '.*' file is missing a leading h1 tag")
NOBODY = 65534  # Debian's `nobody` user and `nogroup` group: Chromium runs as them when this starts as root
FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#555">PML Guide {version} · page '
          '<span class="pageNumber"></span> of <span class="totalPages"></span></div>')
# --language es: the Spanish edition (decisions/0003-languages.md), its configuration, file and footer.
# The files' names: pmlrender/download.py (the Download pages link them).
EDITIONS = {"en": ("mkdocs.print.yml", download.EDITIONS["en"].pdf, FOOTER),
            "es": ("mkdocs.print.es.yml", download.EDITIONS["es"].pdf,
                   FOOTER.replace("PML Guide", "Guía de la LMP").replace("· page", "· página").replace(" of ", " de "))}


def print_pdf(page_html: Path, target: Path, footer: str, endpoint: str = "") -> None:
    """Headless Chromium prints ``page_html`` (a file: page) to ``target``; with ``endpoint``, the
    Chromium already running there (started as an unprivileged user) does the printing."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = (pw.chromium.connect_over_cdp(endpoint, timeout=60_000) if endpoint
                   else pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS))
        page = browser.new_page()
        page.goto(page_html.as_uri(), wait_until="load", timeout=120_000)
        page.emulate_media(media="print", color_scheme="light")
        page.pdf(path=str(target), format="A4", print_background=True, display_header_footer=True,
                 header_template="<span></span>", footer_template=footer,
                 margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
        browser.close()


def _open_to_nobody(page_html: Path) -> None:
    """The temporary folders holding the built edition, readable by the printing user."""
    tmp = Path(tempfile.gettempdir()).resolve()
    for folder in (page_html.parent, *page_html.parent.parents):
        if folder.resolve() == tmp or not folder.resolve().is_relative_to(tmp):
            break
        folder.chmod(folder.stat().st_mode | 0o055)


def print_unprivileged(page_html: Path, target: Path, footer: str) -> None:
    """Print without root: the page is built from contributors' text and Chromium reads the file:
    addresses it names, so as root it could read (and print) any file of the machine. Started as
    root, Chromium runs as `nobody` (no supplementary groups, its own empty profile), reading
    only the built site and what any user may read; Playwright drives it over its debugging pipe."""
    if not (hasattr(os, "geteuid") and os.geteuid() == 0):
        print_pdf(page_html, target, footer)
        return
    _open_to_nobody(page_html)
    with tempfile.TemporaryDirectory(prefix="pml-pdf-profile-") as profile:
        os.chown(profile, NOBODY, NOBODY)
        chromium = subprocess.Popen([CHROMIUM, "--headless", *ARGS, "--remote-debugging-port=0", f"--user-data-dir={profile}",
                                     "about:blank"], user=NOBODY, group=NOBODY, extra_groups=[], stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
                                    env={"HOME": profile, "PATH": os.environ.get("PATH", "/usr/bin:/bin")})
        try:
            endpoint, deadline = "", time.monotonic() + 60
            assert chromium.stderr is not None  # stderr=subprocess.PIPE
            while not endpoint and time.monotonic() < deadline and chromium.poll() is None:
                found = re.search(r"DevTools listening on (ws://\S+)", chromium.stderr.readline())
                endpoint = found.group(1) if found else ""
            if not endpoint:
                sys.exit("Chromium did not start as the unprivileged user `nobody`; the PDF is never printed as root.")
            print_pdf(page_html, target, footer, endpoint)
        finally:
            _stop_all(chromium)


def _stop_all(chromium: subprocess.Popen) -> None:
    """Chromium and every process it started (its own session): its helpers go on writing to the
    profile for a moment after the first one ends, and removing the profile then failed ("Directory
    not empty", seen with three test workers on two cores). Waits until none is left (30 s at most)."""
    chromium.terminate()
    try:
        chromium.wait(timeout=30)
    except subprocess.TimeoutExpired:
        pass  # killed with the rest of its session below
    deadline = time.monotonic() + 30
    while _alive_in_group(chromium.pid) and time.monotonic() < deadline:
        try:
            os.killpg(chromium.pid, signal.SIGKILL)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    chromium.wait(timeout=30)


def _alive_in_group(group: int) -> bool:
    """Whether a process of ``group`` is still running."""
    return _running_in_group(group) > 0


def _running_in_group(group: int) -> int:
    """How many processes of ``group`` are running (zombies, which write nothing, do not count)."""
    running = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):  # a process that ended while the list was read
            continue
        running += fields[0] != "Z" and fields[2] == str(group)
    return running


def main(argv=None) -> int:
    from build_offline import gate_configuration, release_args

    args, version = release_args(__doc__, argv)
    config, name, footer = EDITIONS[args.language]
    gate_configuration(config)
    start = time.perf_counter()
    env = build_env(PML_GUIDE_BUILD_DATE=long_date(dt.date.today()))
    with tempfile.TemporaryDirectory(prefix="pml-print-") as tmp:
        site = Path(tmp) / "site"
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", config, "-d", str(site)],
                                cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
        log = result.stdout + result.stderr
        unexpected = [line for line in log.splitlines()
                      if re.match(r"(WARNING|ERROR)\b", line) and not EXPECTED_WARNING.search(line)]
        if result.returncode != 0 or unexpected:
            sys.exit("the print build failed:\n" + ("\n".join(unexpected) or log))
        if not Path(CHROMIUM).exists():
            sys.exit(f"the PDF needs Debian's chromium at {CHROMIUM}: run `python3 scripts/dev.py pdf`, "
                     "or install it with `sudo apt-get install chromium`.")
        args.out.mkdir(parents=True, exist_ok=True)
        target = args.out / name.format(version=version)
        print_unprivileged(site / "print_page.html", target, footer.format(version=version))
    print(f"built {target} ({target.stat().st_size / 1e6:.2f} MB) in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
