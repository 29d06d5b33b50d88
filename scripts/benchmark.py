#!/usr/bin/env python3
"""Measure build time and page weight of PML Guide, and print a table (and JSON).

Why: readers use phones on poor connections, and contributors rebuild many times a day. These
numbers are reported, not asserted: shared machines are noisy, so the script quotes medians of
builds (each a new process) and ratios rather than single timings.

It measures:
  1. the real site: median of --runs `mkdocs build --strict` runs (each a new process) of the
     full build cold (nothing read from .cache/, as a fresh clone or CI builds) and warm, and
     of bare Material on the same pages and configuration (BARE_CONFIG: a configuration file
     that inherits mkdocs.yml and switches off the project's plugin and mkdocs-bibtex), and their ratios (cold first): what the project's machinery costs, in wall
     seconds and in CPU seconds (which move less with other work on a shared machine);
  2. a synthetic site (the real pages plus N generated pages citing a 1,000-entry .bib, built in
     a temporary directory) at --scale sizes: time per page and how it grows, full and bare;
  3. for each built page: compressed (gzip) bytes of the HTML alone, and of a first visit (HTML
     plus the CSS, JavaScript and fonts it loads); the search index; the offline zip if built;
  4. with --lighthouse: Lighthouse (npm, pinned below; installed into .cache/ on first use)
     driving Debian's chromium, mobile profile, against the site served with gzip and cache
     headers (scripts/static_server.py): the four category scores of the home page and three
     content pages, median of --lighthouse-runs runs (with total blocking time, largest
     contentful paint and cumulative layout shift).
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
from pmlsources.environment import CHROMIUM, NO_CACHE, build_env

LIGHTHOUSE = "lighthouse@12.8.2"  # the last release that runs on Debian 12's Node.js 20
LIGHTHOUSE_PAGES = ["", "patients/what-is-pml/", "medicines/natalizumab/", "clinicians/management/"]
ENV = build_env()
# The baseline: the same pages, theme and configuration, with the project's machinery switched
# off (MkDocs' INHERIT merges the plugins mapping; `enabled: false` leaves a plugin unloaded).
BARE_CONFIG = """# The benchmark's baseline: bare Material on the same pages (written by scripts/benchmark.py)
INHERIT: mkdocs.yml
# Without the project's plugin, {repo_url} links and generated files are missing: warnings, not errors, here.
strict: false
plugins:
  bibtex:
    enabled: false
  pml-guide:
    enabled: false
"""
# Generated pages are not in the navigation; say so without editing mkdocs.yml.
SCALE_CONFIG = """# The synthetic site's configuration (written by scripts/benchmark.py)
INHERIT: mkdocs.yml
validation:
  omitted_files: info
"""
CONFIGS = {"full": "mkdocs.yml", "bare": "mkdocs.bare.yml"}
# A build as a fresh clone (CI) makes it: no .cache/ read (formatted references).
COLD_ENV = {NO_CACHE: "1"}


def build(project: Path, config: str = "mkdocs.yml", cold: bool = False) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one build in a new process. CPU seconds (user + system of
    the child) hardly move with other work on a shared machine; wall seconds do."""
    site = Path(tempfile.mkdtemp(prefix="pml-bench-site-"))
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", str(site)],
                            cwd=project, capture_output=True, text=True, env={**ENV, **COLD_ENV} if cold else ENV)
    elapsed, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    shutil.rmtree(site, ignore_errors=True)
    if result.returncode != 0:
        sys.exit(f"build failed in {project} ({config}):\n{result.stdout}{result.stderr}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def copy_project(dest: Path) -> Path:
    from pmlsources.pages import copy_site_sources

    copy_site_sources(dest)
    (dest / CONFIGS["bare"]).write_text(BARE_CONFIG)
    return dest


def medians(project: Path, runs: int, configs: dict[str, str] = CONFIGS) -> dict:
    """Median build times (wall and CPU) of the full build cold (PML_GUIDE_NO_CACHE=1: nothing read
    from .cache/, as on a fresh clone or CI) and warm, and of bare Material; the first build of
    each (which fills .cache/) is left out of the medians."""
    setups = {"cold": (configs["full"], True), **{name: (c, False) for name, c in configs.items()}}
    first = {name: build(project, c, cold) for name, (c, cold) in setups.items()}
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in setups}
    loads = [os.getloadavg()[0]]
    for _ in range(runs):  # interleaved, so drift in machine load hits every configuration alike
        for name, (c, cold) in setups.items():
            times[name].append(build(project, c, cold))
        loads.append(os.getloadavg()[0])
    out: dict[str, Any] = {f"{name}_s": statistics.median(wall for wall, _cpu in t) for name, t in times.items()}
    out.update({f"{name}_cpu_s": statistics.median(cpu for _wall, cpu in t) for name, t in times.items()})
    out.update(first_full_s=first["full"][0], runs=runs, ratio=out["full_s"] / out["bare_s"],
               cpu_ratio=out["full_cpu_s"] / out["bare_cpu_s"], cold_ratio=out["cold_s"] / out["bare_s"],
               cold_cpu_ratio=out["cold_cpu_s"] / out["bare_cpu_s"], load=[round(x, 1) for x in loads])
    return out


def synthetic(project: Path, pages: int, entries: int = 1000) -> None:
    """Add `pages` generated pages, each citing 10 of `entries` synthetic references."""
    with open(project / "bibliography.bib", "a", encoding="utf-8") as bib:
        for i in range(entries):
            bib.write(f"\n@article{{synthetic{i:04d}entry,\n  author = {{Author, Alex and Writer, Sam}},\n"
                      f"  title = {{A synthetic study number {i} of the {{JC}} virus}},\n  journal = {{Journal of Tests}},\n"
                      f"  year = {{2020}},\n  volume = {{{i % 50 + 1}}},\n  pages = {{{i}--{i + 9}}},\n"
                      f"  doi = {{10.9999/synthetic.{i}}},\n  uncited = {{synthetic benchmark entry}}\n}}\n")
    folder = project / "docs" / "clinicians" / "generated"
    folder.mkdir(parents=True)
    for p in range(pages):
        keys = "; ".join(f"@synthetic{(p * 10 + k) % entries:04d}entry" for k in range(10))
        body = "\n".join(f"Sentence {k} about PML and the JC virus in the white matter [@synthetic{(p * 10 + k) % entries:04d}entry]."
                         for k in range(10))
        (folder / f"page-{p:04d}.md").write_text(
            "---\ntitle: Generated page\ndescription: A generated page for the build benchmark.\naudience: clinicians\n"
            "last_reviewed: 2026-11-22\nnext_review: 2027-11-22\nreview_status: draft\n---\n\n"
            f"## Section\n\n{body}\n\nAll of them together [{keys}].\n", encoding="utf-8")
    (project / "mkdocs.scale.yml").write_text(SCALE_CONFIG + _real_nav(project))
    _list_for_the_checks(project, pages)
    (project / "mkdocs.scale-bare.yml").write_text(BARE_CONFIG.replace("INHERIT: mkdocs.yml", "INHERIT: mkdocs.scale.yml"))


def _real_nav(project: Path) -> str:
    """The real site's nav block of mkdocs.yml (from `nav:` to the end or the next top-level key)."""
    match = re.search(r"^nav:\n(?:[ #].*\n|\n)*", (project / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    return match.group(0) if match else ""


def _list_for_the_checks(project: Path, pages: int) -> None:
    """The project's checks refuse a page mkdocs.yml's nav does not list (pmlcheck/shape.py), so
    the copy's mkdocs.yml lists the generated pages; mkdocs.scale.yml restates the real nav, so
    the built site keeps them out of the menu, as the benchmark has always measured (400 entries
    in every page's menu would triple bare Material's time and hide the project's cost)."""
    config = project / "mkdocs.yml"
    text, anchor = config.read_text(encoding="utf-8"), "      - clinicians/guidelines.md\n"
    listed = "".join(f"          - clinicians/generated/page-{p:04d}.md\n" for p in range(pages))
    config.write_text(text.replace(anchor, f"{anchor}      - Generated:\n{listed}", 1), encoding="utf-8")


def first_visit_bytes(site: Path) -> list[dict]:
    """gzip bytes of each page's HTML, and of the HTML plus every CSS/JS/font file it loads."""
    cache: dict[Path, int] = {}

    def gz(path: Path) -> int:
        if path not in cache:
            cache[path] = len(gzip.compress(path.read_bytes(), 9))
        return cache[path]

    rows = []
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assets = re.findall(r'<(?:script[^>]*\ssrc|link[^>]*rel="(?:stylesheet|icon|preload)"[^>]*\shref)="([^"]+)"', html)
        assets += re.findall(r'<link[^>]*\shref="([^"]+)"[^>]*rel="stylesheet"', html)
        # Relative addresses, or (on 404.html) absolute ones under the site's base path.
        files = {(site / a.split("?")[0][a.index("assets/"):]).resolve() if a.startswith("/") and "assets/" in a
                 else (page.parent / a.split("?")[0]).resolve() for a in assets if "://" not in a}
        css_fonts = set()
        for f in files:
            if f.suffix == ".css" and f.exists():
                for url in re.findall(r"url\(['\"]?([^'\")]+\.(?:woff2?|ttf|otf))", f.read_text(errors="ignore")):
                    css_fonts.add((f.parent / url).resolve())
        total = gz(page) + sum(gz(f) for f in files | css_fonts if f.exists())
        rows.append({"page": str(page.relative_to(site)), "html_gz": gz(page), "first_visit_gz": total})
    return rows


def lighthouse(site: Path, runs: int) -> dict:
    prefix = ROOT / ".cache" / "lighthouse"
    binary = prefix / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        print(f"installing {LIGHTHOUSE} into {prefix} (first use only)")
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", str(prefix), LIGHTHOUSE],
                       check=True)
    import static_server

    server, url = static_server.start(site)
    flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync"
    results = {}
    try:
        for path in LIGHTHOUSE_PAGES:
            scores: dict[str, list] = {}
            for _ in range(runs):
                out = subprocess.run([str(binary), url + path, "--quiet", "--output=json", "--output-path=stdout",
                                      f"--chrome-path={CHROMIUM}", f"--chrome-flags={flags}", "--form-factor=mobile",
                                      "--only-categories=performance,accessibility,best-practices,seo"],
                                     capture_output=True, text=True)
                data = json.loads(out.stdout)
                for key, cat in data["categories"].items():
                    scores.setdefault(key, []).append(round(100 * cat["score"]))
                scores.setdefault("tbt_ms", []).append(round(data["audits"]["total-blocking-time"]["numericValue"]))
                scores.setdefault("lcp_ms", []).append(round(data["audits"]["largest-contentful-paint"]["numericValue"]))
                scores.setdefault("cls", []).append(round(data["audits"]["cumulative-layout-shift"]["numericValue"], 4))
            results[path or "/"] = {k: statistics.median(v) for k, v in scores.items()}
    finally:
        server.shutdown()
    return results


def _print_cpu(m: dict) -> None:
    print(f"    CPU seconds (steadier on a shared machine): cold {m['cold_cpu_s']:.2f}, warm {m['full_cpu_s']:.2f}, "
          f"bare {m['bare_cpu_s']:.2f}; ratio cold {m['cold_cpu_ratio']:.2f}, warm {m['cpu_ratio']:.2f}; "
          f"load average before and after each round {m['load']}")


def measure_real(tmp: Path, runs: int) -> tuple[Path, dict]:
    real = copy_project(tmp / "real")
    pages = len(list((real / "docs").rglob("*.md"))) - len(list((real / "docs" / "_includes").rglob("*.md")))
    r = {"pages": pages, **medians(real, runs)}
    print(f"real site, {pages} pages, median of {runs} builds: cold (no cache, as a fresh clone) {r['cold_s']:.2f} s, "
          f"bare Material {r['bare_s']:.2f} s, ratio {r['cold_ratio']:.2f}; warm (.cache/ filled) {r['full_s']:.2f} s, "
          f"ratio {r['ratio']:.2f}")
    _print_cpu(r)
    return real, r


def measure_scale(tmp: Path, n: int, real_pages: int, runs: int) -> dict:
    project = copy_project(tmp / f"scale-{n}")
    synthetic(project, n)
    m = medians(project, runs, {"full": "mkdocs.scale.yml", "bare": "mkdocs.scale-bare.yml"})
    total = real_pages + n
    entries = 1000 + len(re.findall(r"^@", (ROOT / "bibliography.bib").read_text(), re.M))
    row = {"generated_pages": n, "total_pages": total, "bib_entries": entries, **m,
           "ms_per_page_full": 1000 * m["full_s"] / total, "ms_per_page_bare": 1000 * m["bare_s"] / total}
    print(f"synthetic +{n} pages ({total} total, {entries} entries), median of {runs}: cold (no cache) {m['cold_s']:.2f} s "
          f"({1000 * m['cold_s'] / total:.1f} ms/page), bare {m['bare_s']:.2f} s ({row['ms_per_page_bare']:.1f} ms/page), "
          f"ratio {m['cold_ratio']:.2f}; warm {m['full_s']:.2f} s ({row['ms_per_page_full']:.1f} ms/page), ratio {m['ratio']:.2f}")
    _print_cpu(m)
    shutil.rmtree(project)
    return row


def measure_weight(real: Path, site: Path) -> dict:
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=real, env=ENV, check=True)
    rows = first_visit_bytes(site)
    indexes = {"search_index": site / "search" / "search_index.json", "search_index_es": site / "es" / "search" / "search_index.json"}
    return {"pages": rows, **{key: {"bytes": index.stat().st_size, "gz": len(gzip.compress(index.read_bytes(), 9))}
                              for key, index in indexes.items() if index.exists()},
            "max_first_visit_gz": max(r["first_visit_gz"] for r in rows), "max_html_gz": max(r["html_gz"] for r in rows)}


def print_weight(report: dict, lighthouse_runs: int) -> None:
    rows = report["pages"]
    print(f"\n{'first visit (gz)':>17}  {'HTML (gz)':>9}  page")
    for row in sorted(rows, key=lambda r: -r["first_visit_gz"])[:12]:
        print(f"{row['first_visit_gz'] / 1024:>14.1f} KB  {row['html_gz'] / 1024:>6.1f} KB  {row['page']}")
    print(f"... {len(rows)} pages; largest first visit {report['max_first_visit_gz'] / 1024:.1f} KB, "
          f"largest HTML {report['max_html_gz'] / 1024:.1f} KB")
    for key, name in (("search_index", "search index"), ("search_index_es", "Spanish search index")):
        if key in report:
            print(f"{name}: {report[key]['bytes'] / 1024:.1f} KB ({report[key]['gz'] / 1024:.1f} KB gz)")
    for path, scores in report.get("lighthouse", {}).items():
        print(f"lighthouse (mobile, median of {lighthouse_runs}) {path}: performance {scores['performance']}, "
              f"accessibility {scores['accessibility']}, best practices {scores['best-practices']}, SEO {scores['seo']} "
              f"(TBT {scores['tbt_ms']} ms, LCP {scores['lcp_ms']} ms, CLS {scores.get('cls', '?')})")
    if "offline_zip" in report:
        print(f"offline zip: {report['offline_zip']['file']} {report['offline_zip']['bytes'] / 1e6:.2f} MB")


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=5, help="builds per configuration and size, after one first build that fills the caches (median reported; default 5)")
    p.add_argument("--scale", type=int, nargs="*", default=[100, 400, 1000],
                   help="synthetic page counts (default 100 400 1000; none to skip)")
    p.add_argument("--lighthouse", action="store_true", help="also run Lighthouse (mobile) on four pages")
    p.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page (median reported)")
    p.add_argument("--json", type=Path, default=ROOT / "dist" / "benchmark.json", help="where to write the JSON")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    report: dict = {"python": sys.version.split()[0], "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="pml-bench-") as tmp:
        real, report["real"] = measure_real(Path(tmp), args.runs)
        report["scale"] = [measure_scale(Path(tmp), n, report["real"]["pages"], args.runs) for n in args.scale]
        report.update(measure_weight(real, Path(tmp) / "site"))
        if args.lighthouse:
            report["lighthouse"] = lighthouse(Path(tmp) / "site", args.lighthouse_runs)
    zips = sorted((ROOT / "dist").glob("pml-guide-offline-*.zip"))
    if zips:
        report["offline_zip"] = {"file": zips[-1].name, "bytes": zips[-1].stat().st_size}
    print_weight(report, args.lighthouse_runs)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2))
    print(f"\nJSON written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
