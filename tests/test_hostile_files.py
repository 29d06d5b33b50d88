"""Hostile input, round two (issue 27, items 1-3 and 5): files that are not pages, snippets and
data as untrusted text, the configuration, and what the offline and print policies allow.

Each case plants its input in a throwaway copy of the project, with the other cases of its batch
(BATCHES: each on a page or in a file of its own), and the copy is built the way the front door
does (scripts/check_config.py, then `mkdocs build --strict`), with a time bound. Like the
first matrix (tests/test_hostile_input.py, whose machinery this reuses) each case must end in a
refusal that names the file (and line, where there is one), or in a build whose pages Chromium
loads with no console output, dialog, navigation or request to another host. `safe` cases also
say what must be in the built page (`shows`): an aligned column renders, a list starts at 3.

`PML_MATRIX_OBSERVE=<file.json>` records each case's outcome instead of asserting it (how the
audit's categories were counted before and after this work).
"""
from __future__ import annotations

import functools
import json
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import ENV, ROOT, assign_pages, batch_run, plant_apart
from test_bad_input import append, edit
import test_hostile_input
from test_hostile_input import OBSERVE, PAGE, SECRET, git_secret, in_chromium, js, leaked_secret, reached, summary

L = r":\d+: "
BOUND = 240  # seconds: a build still running then is a hang (the audit's 10 x 8 snippets ran past 240 s)


def write(p: Path, name: str, text: str) -> None:
    (p / name).parent.mkdir(parents=True, exist_ok=True)
    (p / name).write_text(text, encoding="utf-8")


def include(p: Path, page: str, line: str) -> None:
    append(p / page, f"\n{line}\n")


def nested_snippets(p: Path, page: str, width: int = 10, depth: int = 8) -> None:
    """``width`` includes of the next file on each of ``depth`` levels: width ** depth copies."""
    for level in range(depth):
        body = f"Level {level} words.\n" + (f'\n--8<-- "bomb/l{level + 1}.md"\n' * width if level < depth - 1 else "")
        write(p, f"docs/_includes/bomb/l{level}.md", body)
    include(p, page, '--8<-- "bomb/l0.md"')


SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">\n'


@dataclass
class Case:
    what: str
    plant: object                    # fn(project copy, marker, page)
    expect: str                      # "refuse" or "safe"
    located: str = ""                # regex the refusal must contain ({page}: the page the case was planted on)
    pages: list = field(default_factory=lambda: ["{page}"])  # what Chromium opens (a planted file by its own address)
    shows: str = ""                  # regex the first built page must contain (safe cases)
    on_page: bool = False            # planted on a patients' page of its own (conftest.assign_pages)


def on_page(what: str, line: str, expect: str = "refuse", **more) -> Case:
    """A case that adds ``line`` to a patients' page (with its marker for {m}): refused naming that page and line."""
    return Case(what, lambda p, m, page: include(p, page, line.replace("{m}", m)), expect,
                "{page}" + L if expect == "refuse" else "", on_page=True, **more)


CASES: dict[str, Case] = {
    # --- item 1: every published file ---
    ".htm page with a script": Case("file type", lambda p, m, page: write(p, "docs/patients/info.htm", f"<p>x</p><script>{js(m)}</script>"), "refuse", "docs/patients/info.htm", pages=["patients/info.htm"]),
    ".xhtml asset with a script": Case("file type", lambda p, m, page: write(p, "docs/assets/info.xhtml", f'<html xmlns="http://www.w3.org/1999/xhtml"><script>{js(m)}</script></html>'), "refuse", "docs/assets/info.xhtml", pages=["assets/info.xhtml"]),
    ".html file under docs": Case("file type", lambda p, m, page: write(p, "docs/about/old.html", f"<script>{js(m)}</script>"), "refuse", "docs/about/old.html", pages=["about/old.html"]),
    "script file outside assets/js": Case("file type", lambda p, m, page: write(p, "docs/patients/what-is-pml/assets/js/pml-guide.min.js", js(m)), "refuse", "docs/patients/what-is-pml/assets/js/pml-guide.min.js"),
    "SVG no page names, with a script": Case("svg file", lambda p, m, page: write(p, "docs/assets/figures/unused.svg", SVG_HEAD + f"<script>{js(m)}</script></svg>"), "refuse", "docs/assets/figures/unused.svg:2: ", pages=["assets/figures/unused.svg"]),
    "SVG with an event handler": Case("svg file", lambda p, m, page: write(p, "docs/patients/x.svg", SVG_HEAD + f'<rect width="1" height="1"\n onload="{js(m)}"/></svg>'), "refuse", "docs/patients/x.svg" + L, pages=["patients/x.svg"]),
    "SVG with an XHTML script in another namespace": Case("svg file", lambda p, m, page: write(p, "docs/assets/figures/ns.svg", SVG_HEAD + f'<h:script xmlns:h="http://www.w3.org/1999/xhtml">{js(m)}</h:script></svg>'), "refuse", "docs/assets/figures/ns.svg:2: ", pages=["assets/figures/ns.svg"]),
    "SVG with an xlink link": Case("svg file", lambda p, m, page: write(p, "docs/assets/figures/ln.svg", SVG_HEAD.replace(">", ' xmlns:x="http://www.w3.org/1999/xlink">', 1) + f'<a x:href="javascript:{js(m)}"><text>x</text></a></svg>'), "refuse", "docs/assets/figures/ln.svg:2: ", pages=["assets/figures/ln.svg"]),
    "SVG with an entity bomb": Case("svg file", lambda p, m, page: write(p, "docs/assets/figures/bomb.svg", '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n' + SVG_HEAD + "<text>&b;</text></svg>"), "refuse", "docs/assets/figures/bomb.svg:1: ", pages=["assets/figures/bomb.svg"]),
    "comment <!--> hides a script": on_page("parser", '<!--><span>{m}</span><script src="../../assets/js/pml-guide.min.js"></script>-->'),
    "comment <!---> hides a refresh": on_page("parser", '<!---><meta http-equiv="refresh" content="0;url=https://{m}.invalid/">-->'),
    "comment closed by --!>": on_page("parser", '<!-- note --!><img src="https://{m}.invalid/t.png" alt="x"> -->'),
    "CDATA section in a page": on_page("parser", "<![CDATA[ x><b>{m}</b> ]]>"),
    "</article> then a theme script": on_page("article", '</article><script src="../../assets/js/pml-guide.min.js"></script><article>'),
    "</article> then a planted script beside the page": on_page("article", '</article>\n<script src="assets/js/pml-guide.min.js"></script>'),
    "</div></div> leaving the article": on_page("article", "</div></div></div>\n<p>{m}</p>"),
    "script address that climbs above the page": on_page("article", '<script src="../../../assets/js/pml-guide.min.js"></script>'),
    r"image from \\host\share": on_page("address", '<img src="\\\\{m}.invalid\\share\\x.png" alt="x">'),
    "image above the site's folder": on_page("address", '<img src="../../../../../../../../etc/pml-secret.png" alt="x">'),
    "frame of a local file": on_page("address", '<iframe src="file:///etc/hostname"></iframe>'),
    # On an About page: the citation check reads the 3 of start="3" as a number on a reader's page.
    "numbered list starting at 3 renders": Case("renders", lambda p, m, page: append(p / "docs/about/funding.md", '\n<ol start="3">\n<li>Third step.</li>\n</ol>\n'), "safe", pages=["about/funding/"], shows=r'<ol start="3">'),
    "aligned table column renders": on_page("renders", "\n| Left | Middle |\n|:-----|:------:|\n| a | b |\n", "safe", shows=r'<th align="center">Middle</th>'),
    # --- item 2: snippets and data ---
    "snippet .txt with <!--> and a script": Case("snippet", lambda p, m, page: (write(p, "docs/_includes/note.txt", '<!--><script src="../../assets/js/extra.js"></script>-->\n'), write(p, "docs/assets/js/extra.js", js(m)), include(p, page, '--8<-- "note.txt"')), "refuse", "{page}" + L, on_page=True),
    "snippet .txt with a meta refresh": Case("snippet", lambda p, m, page: (write(p, "docs/_includes/go.txt", f'<meta http-equiv="refresh" content="0;url=https://{m}.invalid/">\n'), include(p, page, '--8<-- "go.txt"')), "refuse", "{page}" + L, on_page=True),
    "-8<- marker reads .git/config": Case("snippet", lambda p, m, page: (git_secret(p), include(p, page, '-8<- ".git/config"')), "refuse", "{page}" + L, on_page=True),
    "---8<--- marker climbs out": on_page("snippet", '---8<--- "../../mkdocs.yml"'),
    "block-form snippet of .git/config": Case("snippet", lambda p, m, page: (git_secret(p), include(p, page, "--8<--\n.git/config\n--8<--")), "refuse", "{page}" + L, on_page=True),
    "snippets 10 x 8 deep": Case("snippet", lambda p, m, page: nested_snippets(p, page), "refuse", "{page}" + L, on_page=True),
    "risk label closes the article": Case("data", lambda p, m, page: edit(p / "docs/_data/natalizumab-risk.yml", "label: No antibodies to the JC virus\n", f'label: "No antibodies </article><script src=\\"assets/js/pml-guide.min.js\\"></script> {m}"\n'), "refuse", "docs/_data/natalizumab-risk.yml" + L, pages=["medicines/natalizumab/"]),
    "risk note with entity-encoded markup": Case("data", lambda p, m, page: edit(p / "docs/_data/natalizumab-risk.yml", "note: This mixes people", f"note: '&lt;img src=x onerror={m}&gt;' This mixes people"), "refuse", "docs/_data/natalizumab-risk.yml" + L, pages=["medicines/natalizumab/"]),
    "changelog text with an entity": Case("data", lambda p, m, page: edit(p / "docs/_data/changes.yml", "text: Support and charities", f"text: '&#60;b&#62;{m}' Support and charities"), "refuse", "docs/_data/changes.yml" + L, pages=["about/changes/"]),
    "figure caption with markup": Case("data", lambda p, m, page: edit(p / "docs/_data/figures.yml", 'caption: "How PML happens, step by step."', f"caption: '<b onmouseover=\"{js(m)}\">How PML happens</b>'"), "refuse", "docs/_data/figures.yml" + L),
    # --- item 3: the configuration ---
    "mkdocs.yml Python tag": Case("config", lambda p, m, page: append(p / "mkdocs.yml", f'\nextra_x: !!python/object/apply:os.system ["touch {p}/python-tag-ran"]\n'), "refuse", "mkdocs.yml" + L),
    "mkdocs.yml !ENV puts a secret in the footer": Case("config", lambda p, m, page: edit(p / "mkdocs.yml", "copyright: >-\n  Content: CC BY 4.0. Code: MIT. No ads, no tracking, no cookies.", "copyright: !ENV [PML_LEAK_PROBE, none]"), "refuse", "mkdocs.yml" + L),
    "mkdocs.yml !ENV HOME": Case("config", lambda p, m, page: append(p / "mkdocs.yml", "\nextra_home: !ENV [HOME, none]\n"), "refuse", "mkdocs.yml" + L),
    "mkdocs.yml alias bomb": Case("config", lambda p, m, page: append(p / "mkdocs.yml", "\nextra_y: &a [x, x, x, x, x, x, x, x]\nextra_z: [*a, *a, *a, *a, *a, *a, *a, *a]\n"), "refuse", "mkdocs.yml" + L),
}


def marker(case: str) -> str:
    n = list(CASES).index(case)
    return "pmlfile" + chr(97 + n // 26) + chr(97 + n % 26)


def front_door_build(project: Path, site: Path) -> tuple[str, bool]:
    """(log, hung): what `python3 scripts/dev.py build` runs, in ``project``, within BOUND seconds."""
    steps = [[sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)]]
    if (project / "scripts" / "check_config.py").exists():  # the code before this work had no gate
        steps.insert(0, [sys.executable, str(project / "scripts" / "check_config.py"), "mkdocs.yml"])
    log = ""
    for cmd in steps:
        try:
            result = subprocess.run(cmd, cwd=project, capture_output=True, text=True, timeout=BOUND,
                                    env=dict(ENV, PML_LEAK_PROBE=SECRET))  # what a build machine's secret would be
        except subprocess.TimeoutExpired:
            return log + f"\nHANG: still running after {BOUND} s", True
        log += result.stdout + result.stderr
        if result.returncode != 0:
            return log + "\nEXIT 1", False
    return log, False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def built_url(page: str) -> str:
    """Where docs/patients/x.md is built: patients/x/."""
    return page.removeprefix("docs/").removesuffix(".md") + "/"


def in_the_build(site: Path, case: Case, mark: str, page: str | None, browser) -> dict:
    """What a built case reaches: the HTML, Chromium (its pages loaded, tooltips opened), what it shows."""
    pages = [address.replace("{page}", built_url(page or PAGE)) for address in case.pages]
    info = {"reached": reached(site, mark), "secret": leaked_secret(site)}
    test_hostile_input.PORT = free_port()  # its fixed port may be taken by the first matrix running beside this one
    info["console"], info["foreign"] = in_chromium(browser, site, pages, mark)
    first = (site / pages[0] / "index.html").read_text(encoding="utf-8") if case.shows else ""
    info["shows"] = not case.shows or re.search(case.shows, first) is not None
    return info


def with_reference_cache(project: Path) -> Path:
    """The main tree's formatted-reference cache (JSON, data only) in a copy, so that a build need not run pandoc."""
    source = ROOT / ".cache" / "pml-guide"
    for cached in source.glob("references-*.json") if source.is_dir() else []:
        (project / ".cache" / "pml-guide").mkdir(parents=True, exist_ok=True)
        (project / ".cache" / "pml-guide" / cached.name).write_bytes(cached.read_bytes())
    return project


# The cases in batches, as in tests/test_hostile_input.py: every case of a batch is planted in one
# copy, a case that goes on a page on a patients' page of its own (conftest.assign_pages), no two
# in the same file (conftest.plant_apart), and the copy is built once by the front door. A batch
# holds only cases the build reports at the same step (check_config.py; then the hook's steps: the
# configuration and data, the source files, the snippets, the built HTML), and only cases whose
# expected message names a file no other case of the batch names: each case's test finds its own
# file (and line) in the batch's output, and fails by name if it is missing. The configuration
# cases all name mkdocs.yml, so each is alone; so is each case of the same data file.
BATCHES = {
    "published files": [".htm page with a script", ".xhtml asset with a script", ".html file under docs",
                        "script file outside assets/js", "SVG no page names, with a script", "SVG with an event handler",
                        "SVG with an XHTML script in another namespace", "SVG with an xlink link", "SVG with an entity bomb"],
    "page markup": ["comment <!--> hides a script", "comment <!---> hides a refresh", "comment closed by --!>",
                    "</article> then a theme script", "</article> then a planted script beside the page",
                    "script address that climbs above the page", "frame of a local file"],
    "snippets": ["snippet .txt with <!--> and a script", "snippet .txt with a meta refresh", "-8<- marker reads .git/config",
                 "---8<--- marker climbs out", "block-form snippet of .git/config"],
    "data-1": ["risk label closes the article", "changelog text with an entity", "figure caption with markup"],
    "later": ["CDATA section in a page", "</div></div> leaving the article", r"image from \\host\share",
              "image above the site's folder"],
    "data-2": ["risk note with entity-encoded markup"],
    "snippet bomb": ["snippets 10 x 8 deep"],  # bounded only once every snippet is found
    "renders": ["numbered list starting at 3 renders", "aligned table column renders"],
    **{f"config-{n + 1}": [case] for n, case in enumerate(c for c in CASES if CASES[c].what == "config")},
}
BATCH_OF = {case: batch for batch, cases in BATCHES.items() for case in cases}


def build_batch(batch: str, browser, project: Path, folder: Path) -> dict:
    """Plant, build once by the front door, and for a build that passed, what each case reaches."""
    with_reference_cache(project)
    cases = BATCHES[batch]
    pages = assign_pages({case: None for case in cases if CASES[case].on_page})
    plant_apart(project, {case: functools.partial(CASES[case].plant, m=marker(case), page=pages.get(case))
                          for case in cases}, may_share=(".git/config",))
    start = time.perf_counter()
    log, hung = front_door_build(project, folder / "site")
    built = not hung and "\nEXIT 1" not in log
    return {"pages": pages, "log": log, "hung": hung, "built": built, "seconds": round(time.perf_counter() - start, 1),
            "code_ran_in_build": any(project.glob("*-ran")),
            "cases": {case: in_the_build(folder / "site", CASES[case], marker(case), pages.get(case), browser)
                      for case in cases} if built else {}}


@pytest.fixture(scope="session")
def file_batch(tmp_path_factory, browser):
    return lambda batch: batch_run(tmp_path_factory, f"files-{batch}", functools.partial(build_batch, batch, browser))


def case_outcome(run: dict, case: str) -> dict:
    """One case's outcome in its batch's build, as summary() reads it (test_hostile_input)."""
    spec, log = CASES[case], run["log"]
    info = {"hung": run["hung"], "built": run["built"], "log": log, "code_ran_in_build": run["code_ran_in_build"],
            "traceback": "Traceback (most recent call last)" in log, **run["cases"].get(case, {})}
    if not run["built"]:
        located = spec.located.replace("{page}", re.escape(run["pages"].get(case, "")))
        info["located"] = bool(spec.located) and re.search(located, log) is not None
    return info


def test_every_case_is_in_one_batch_and_a_shared_file_names_no_case():
    assert sorted(BATCH_OF) == sorted(CASES) and sum(map(len, BATCHES.values())) == len(CASES)
    for batch, cases in BATCHES.items():
        named = [CASES[c].located for c in cases if CASES[c].located and "{page}" not in CASES[c].located]
        assert len(named) == len(set(named)), f"batch {batch}: two cases' refusals name the same file"


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_file(file_batch, case):
    spec, run = CASES[case], file_batch(BATCH_OF[case])
    info = case_outcome(run, case)
    word = "hang" if info["hung"] else summary(info)
    where = f"{case} (batch {BATCH_OF[case]}" + (f", on {run['pages'][case]})" if case in run["pages"] else ")")
    if OBSERVE:
        with open(OBSERVE, "a", encoding="utf-8") as out:
            detail = re.findall(r"^\S+:\d+: .*$|^\S+: .*(?:not allowed|may not|refused).*$", info["log"], re.M)[:1]
            out.write(json.dumps({"case": case, "input": spec.what, "outcome": word, "seconds": run["seconds"],
                                  "batch": BATCH_OF[case], "detail": detail}) + "\n")
        return
    assert not info["hung"], f"{where}: the build was still running after {BOUND} s"
    assert not info["traceback"], f"{where}: a traceback instead of a message:\n{info['log'][-3000:]}"
    if spec.expect == "refuse":
        assert not info["built"], f"{where}: the build passed; outcome {word}"
        named = spec.located.replace("{page}", run["pages"].get(case, "{page}"))
        assert info["located"], f"{where}: the refusal does not name {named!r}:\n{info['log'][-6000:]}"
    else:
        assert info["built"], f"{where}: the build failed:\n{info['log'][-3000:]}"
        assert word == "built, safe", f"{where}: {word}: {info}"
        assert info["shows"], f"{where}: the built page does not contain {spec.shows!r}"
    assert not info["code_ran_in_build"], f"{where}: the configuration ran code"


def test_matrix_covers_each_reproduction_kind():
    kinds = {c.what for c in CASES.values()}
    assert {"file type", "svg file", "parser", "article", "address", "renders", "snippet", "data", "config"} <= kinds


# --- the pieces, directly --------------------------------------------------------------------

def test_offline_and_print_policies_name_no_file_scheme_for_scripts_images_or_frames():
    from pmlrender import csp

    for offline, print_edition in ((True, False), (True, True), (False, False)):
        rules = csp.directives("https://example.org/guide/", offline=offline, print_edition=print_edition)
        for name in ("default-src", "script-src", "img-src", "frame-src", "child-src", "worker-src", "connect-src"):
            assert "file:" not in rules[name], (offline, print_edition, name, rules[name])
        assert rules["frame-src"] == rules["child-src"] == "'none'"


@pytest.mark.parametrize("value", ["\\\\host\\share\\x.png", "\\\\host/x.png", "/\\host/x.png", "file:///etc/x.png",
                                   "../../../x.png", "..\\..\\..\\x.png"])
def test_unc_and_above_root_addresses_are_refused(value):
    from pmlcheck import html_allowlist

    rules = html_allowlist.Policy(script_files=set())
    found = html_allowlist.check_html(f'<article><img src="{value}" alt=""></article>', rules, "a/index.html")
    assert [f for f in found if "<img src>" in f.message], value


def test_script_addresses_resolve_against_the_page_and_match_exactly():
    from pmlcheck import html_allowlist

    rules = html_allowlist.Policy(script_files={"assets/js/pml-guide.min.js"}, site_url="https://example.org/guide/")

    def ok(src, page="patients/a/index.html"):
        found = html_allowlist.check_html(f'<head><script src="{src}"></script></head>', rules, page)
        return not [f for f in found if "Content-Security-Policy" not in f.message]

    assert ok("../../assets/js/pml-guide.min.js") and ok("/guide/assets/js/pml-guide.min.js")
    assert ok("assets/js/pml-guide.min.js", page="index.html")
    for bad in ("assets/js/pml-guide.min.js", "../../../assets/js/pml-guide.min.js", "../../assets/js/pml-guide.min.js?x",
                "../../assets/js/pml-guide.min.js#x", "/assets/js/pml-guide.min.js", "../../assets/js/x/../pml-guide.min.jsx"):
        assert not ok(bad), bad


def test_the_theme_may_hold_drawing_until_read_and_a_page_may_not():
    """overrides/main.html's <link rel=expect blocking=render>: allowed in the theme's head, only
    with blocking="render"; a page's own markup may carry no link at all."""
    from pmlcheck import html_allowlist

    rules = html_allowlist.Policy(script_files=set())
    expect = '<link rel="expect" href="#pml-page-info" blocking="{}">'
    assert not html_allowlist.check_html(f"<head>{expect.format('render')}</head>", rules)
    [wrong] = html_allowlist.check_html(f"<head>{expect.format('parser')}</head>", rules)
    assert "blocking must be render" in wrong.message
    assert html_allowlist.check_html(f"<article><p>a</p>{expect.format('render')}</article>", rules)
    # the id it waits for is the theme's box's: a heading "PML page info" may not take it
    [taken] = html_allowlist.check_html('<article><h2 id="pml-page-info">PML page info</h2>'
                                        '<aside id="pml-page-info" class="pml-page-info"></aside></article>', rules)
    assert taken.message.startswith('<h2 id="pml-page-info">') and "choose another heading" in taken.fix


def test_served_origin_is_the_sites_own_only_when_given():
    from pmlcheck import html_allowlist

    link = '<head><link rel="canonical" href="http://127.0.0.1:8000/guide/a/"></head>'
    assert html_allowlist.check_html(link, html_allowlist.Policy(script_files=set()))
    assert not html_allowlist.check_html(link, html_allowlist.Policy(script_files=set(), served_origin="http://127.0.0.1:8000"))
    assert html_allowlist.check_html(link.replace("8000", "8001"),
                                     html_allowlist.Policy(script_files=set(), served_origin="http://127.0.0.1:8000"))


@pytest.mark.parametrize("html", ["<!-->", "<!--->", "<!-- a --!>", "<![CDATA[x]]>", "<?php x ?>", "</ p>", "<!x>"])
def test_markup_parsers_disagree_on_is_refused_with_its_line(html):
    from pmlcheck import html_allowlist

    [finding] = html_allowlist.divergent(f"<p>a</p>\n<p>{html}</p>")
    assert finding.line == 2


def test_divergent_markup_is_found_as_the_one_pattern_found_it():
    """divergent searches with two patterns (the one starting with "<" is found faster): on markup
    where the forms touch, overlap or repeat, it finds what the single alternation it replaced
    found, at the same places, in the same order."""
    import itertools
    import re

    from pmlcheck import html_allowlist

    one = re.compile(r"<!--->|<!-->|--!>|<!\[|<!(?!--|doctype\b)|<\?|</(?![a-z])", re.IGNORECASE)
    pieces = ["<!--", "-->", "--!>", "<!-->", "<!--->", "<!", "<![", "<?", "</", "</ ", "</p>", "<!DOCTYPE", "-", "!", ">",
              "<", "\n", "a"]
    for parts in itertools.product(pieces, repeat=3):
        html = "".join(parts)
        want = [(html.count("\n", 0, m.start()) + 1, m.group(0)) for m in one.finditer(html)]
        assert [(f.line, f.needle) for f in html_allowlist.divergent(html)] == want, html


def test_every_built_html_like_file_needs_the_builds_policy(tmp_path):
    from pmlcheck import html_allowlist

    rules = html_allowlist.Policy(script_files=set(), csp="default-src 'self'")
    head = '<html><head><meta http-equiv="Content-Security-Policy" content="{}"></head><body><article><p>x</p></article></body></html>'
    (tmp_path / "a.htm").write_text(head.format("default-src 'self'"))
    (tmp_path / "b.xhtml").write_text("<html><body><p>x</p></body></html>")
    (tmp_path / "c.html").write_text(head.format("default-src *"))
    problems = html_allowlist.check_site(tmp_path, rules)
    assert sorted({p.path for p in problems}) == ["b.xhtml", "c.html"]


def test_snippet_markers_are_read_as_pymdownx_reads_them():
    from pymdownx.snippets import SnippetPreprocessor

    from pmlcheck import inputs

    text = '-8<- "a.md"\n---8<--- \'b.md\'\n;--8<-- "c.md"\n--8<--\nd.md\n;e.md\n--8<--\n  --8<-- "f.txt"\n'
    assert inputs.snippet_lines(text) == [(1, "a.md"), (2, "b.md"), (5, "d.md"), (8, "f.txt")]
    for line, _name in inputs.snippet_lines(text):
        row = text.split("\n")[line - 1]
        assert SnippetPreprocessor.RE_ALL_SNIPPETS.match(row) or line == 5, row


def test_snippet_expansion_is_bounded_and_located(tmp_path):
    from pmlcheck import inputs

    for level in range(8):
        body = "words\n" + (f'--8<-- "l{level + 1}.md"\n' * 10 if level < 7 else "x" * 100)
        (tmp_path / "docs" / "_includes").mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / "_includes" / f"l{level}.md").write_text(body)
    page = tmp_path / "docs" / "p.md"
    page.write_text('Intro.\n\n--8<-- "l0.md"\n')
    start = time.perf_counter()
    [problem] = inputs.snippets([page], tmp_path)
    assert (problem.path, problem.line) == ("docs/p.md", 3) and "grows past" in problem.message
    assert time.perf_counter() - start < 30  # a bound against a hang, not a timing claim (the build took minutes)


def test_configuration_tags_are_refused_with_their_line(tmp_path):
    from pmlsources import configsafe

    (tmp_path / "mkdocs.yml").write_text("site_name: x\nmarkdown_extensions:\n  - pymdownx.snippets:\n"
                                         "      base_path: [!relative $config_dir/docs]\n")
    assert configsafe.check(tmp_path / "mkdocs.yml", tmp_path) == []
    (tmp_path / "child.yml").write_text("INHERIT: mkdocs.yml\nextra:\n  built: !ENV [PML_GUIDE_BUILD_DATE, x]\n")
    assert configsafe.check(tmp_path / "child.yml", tmp_path) == []
    for text, line in [("a: 1\nb: !!python/name:os.system\n", 2), ("a: !ENV HOME\n", 1), ("a:\n  - !ENV [GITHUB_TOKEN, x]\n", 2),
                       ("a: !!python/object/apply:os.system [id]\n", 1), ("a: &x [1]\nb: *x\n", 1)]:
        (tmp_path / "bad.yml").write_text(text)
        [problem] = configsafe.check(tmp_path / "bad.yml", tmp_path)
        assert problem.line == line, (text, problem)
    (tmp_path / "child.yml").write_text("INHERIT: bad.yml\n")
    assert configsafe.check(tmp_path / "child.yml", tmp_path)[0].path == "bad.yml"
    (tmp_path / "child.yml").write_text("INHERIT: ../outside.yml\n")
    assert "not a file of the project" in configsafe.check(tmp_path / "child.yml", tmp_path)[0].message


# --- the allow-list's memo (pmlcheck/allowlist_memo.py): what it finds is what a whole walk finds ---

_MEMO_PAGE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta http-equiv="Content-Security-Policy" content="default-src 'self'">
    <script src="../../assets/js/pml-guide.min.js"></script>
    <script src="../x.js"></script>
    <script type="application/ld+json">
      {"a": [1,
       2]}
    </script>
    <title>Page</title>
  </head>
  <body>
    <nav class="md-nav">
      <ul>
        <li class="md-nav__item"><a href="../../a/">A</a></li>
        <li class="md-nav__item"><a href="../../b/"
            title="B">B</a></li>
      </ul>
    </nav>
    <main><article>
      <p>Text with <abbr title="a term">TERM</abbr> and <a href="https://example.org/">a link</a>.</p>
      <svg viewBox="0 0 10 10"><rect x="1" y="1" width="2" height="2"></rect></svg>
      <script type="application/ld+json">{"a": 1}</script>
    </article></main>
  </body>
</html>
"""
_MEMO_TOKENS = ["<", ">", "\n", "<!--", "-->", '"', "'", "=", "</", "<script>", "</script>", "</script\n>", "&amp;", "/",
                '<a href="../../../x">', "<p>", "</p>\n", "</li>\n", "</article>", "<article>", "<svg>", "</svg>\n",
                " style=", " onclick=", '<script src="../x.js">', "<style>", "<![CDATA[", "<!", "<?", '<a title="x\n',
                "\n>", "<img src=x\n", "</div>\n", "\t", "\r", "<div/>", "<title>"]


def _memo_findings(found):
    return [(f.line, f.message, f.needle) for f in found]


def test_allowlist_memo_finds_what_a_whole_walk_finds():
    """Seeded random damage to a page, walked whole and through one memo shared by every
    variant and folder: the same findings, at the same lines (a hit is a result, never a guess)."""
    import random

    from pmlcheck import allowlist_memo, html_allowlist

    rules = html_allowlist.Policy(script_files={"assets/js/pml-guide.min.js", "a/x.js"}, csp="default-src 'self'")
    memo, rng, checked = allowlist_memo.Memo(rules), random.Random(22), 0
    folders = ["a/b/index.html", "a/c/index.html", "c/b/index.html", "index.html", "a/b/c/index.html", ""]
    for _ in range(300):
        page = _MEMO_PAGE
        for _ in range(rng.randrange(0, 6)):
            at = rng.randrange(len(page) + 1)
            page = page[:at] + rng.choice(_MEMO_TOKENS) + page[at:]
        for where in rng.sample(folders, 3):  # the same damage met again in another folder, and at another depth
            whole = _memo_findings(html_allowlist.check_html(page, rules, where))
            assert _memo_findings(html_allowlist.check_html(page, rules, where, memo)) == whole, (where, page)
            checked += bool(whole)
    assert checked > 300 and len(memo.lines) > 100  # the damage was found, and the memo was used


def test_allowlist_memo_keys_script_addresses_by_the_pages_folder():
    from pmlcheck import allowlist_memo, html_allowlist

    rules = html_allowlist.Policy(script_files={"assets/js/pml-guide.min.js", "patients/x.js"}, csp="default-src 'self'")
    memo = allowlist_memo.Memo(rules)
    allowed = html_allowlist.check_html(_MEMO_PAGE, rules, "patients/a/index.html", memo)
    assert allowed == []
    for page in ("other/a/index.html", "patients/index.html", "patients/a/b/index.html"):  # the same text, other folders
        found = html_allowlist.check_html(_MEMO_PAGE, rules, page, memo)
        assert [f.line for f in found if "<script src=" in f.message] == ([7] if page.startswith("other") else [6, 7]), page
    climbing = _MEMO_PAGE.replace("../../b/", "../../../b/")
    def above(page):
        return [f.line for f in html_allowlist.check_html(climbing, rules, page, memo) if "above the site" in f.message]

    assert above("a/b/c/index.html") == [] and above("a/b/index.html") == [18] and above("x/y/z/index.html") == []


def test_allowlist_memo_keeps_every_field_of_the_checker_as_state():
    """A field added to the checker must be added to the memo's state (allowlist_memo.STATE)."""
    from pmlcheck import allowlist_memo, html_allowlist

    checker = html_allowlist._Checker(html_allowlist.Policy(script_files=set()), "a/index.html")
    checker.feed(_MEMO_PAGE)
    assert allowlist_memo.state_fields(checker) == set(allowlist_memo.STATE)


def test_markup_html_parser_gives_up_on_is_a_finding_not_a_traceback():
    from pmlcheck import allowlist_memo, html_allowlist

    rules = html_allowlist.Policy(script_files=set())
    for memo in (None, allowlist_memo.Memo(rules)):
        found = html_allowlist.check_html("<article>\n<p><![CDAT x</p>\n</article>", rules, "", memo)
        assert any("cannot read" in f.message for f in found)


def test_allowlist_memo_walks_a_page_whole_past_a_very_long_unfinished_tag():
    """Past allowlist_memo.LIMIT or LINES of unfinished text (a comment or script over many lines) the
    page is walked whole, with the same findings and no quadratic re-reading."""
    from pmlcheck import allowlist_memo, html_allowlist

    rules = html_allowlist.Policy(script_files=set())
    long = "<article>\n<!-- " + "words\n" * (allowlist_memo.LIMIT // 6 + 10) + "-->\n<p onclick=x>a</p>\n</article>\n"
    memo = allowlist_memo.Memo(rules)
    found = _memo_findings(html_allowlist.check_html(long, rules, "", memo))
    assert found == _memo_findings(html_allowlist.check_html(long, rules, ""))
    assert [line for line, message, _ in found if "event handler" in message] == [long.count("\n") - 1]


# --- the allow-list's record of passes (pmlcheck/allowlist_verdicts.py): only the exact bytes that passed ---

_GOOD = ('<html><head><meta http-equiv="Content-Security-Policy" content="default-src \'self\'"></head>'
         '<body><article><p>x</p></article></body></html>')


def _verdicts_site(tmp_path, monkeypatch):
    """A site of two pages, this user's key in a folder of the test's own, and a walk counter."""
    from pmlcheck import html_allowlist

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    monkeypatch.delenv("PML_GUIDE_NO_CACHE", raising=False)
    site = tmp_path / "site"
    write(site, "a/index.html", _GOOD)
    write(site, "b/index.html", _GOOD.replace("<p>x</p>", "<p onclick=x>x</p>"))
    walked: list[str] = []
    whole = html_allowlist.check_html
    monkeypatch.setattr(html_allowlist, "check_html", lambda html, rules, page="", memo=None: walked.append(page) or whole(html, rules, page, memo))
    return site, html_allowlist.Policy(script_files=set(), csp="default-src 'self'"), walked


def _check_with_verdicts(site, rules, folder):
    from pmlcheck import allowlist_verdicts, html_allowlist

    verdicts = allowlist_verdicts.Verdicts(rules, folder)
    problems = html_allowlist.check_site(site, rules, verdicts=verdicts)
    verdicts.save()
    return sorted({p.path for p in problems})


def test_allowlist_verdicts_skip_only_the_exact_bytes_that_passed(tmp_path, monkeypatch):
    site, rules, walked = _verdicts_site(tmp_path, monkeypatch)
    folder = tmp_path / ".cache"
    assert _check_with_verdicts(site, rules, folder) == ["b/index.html"] and walked == ["a/index.html", "b/index.html"]
    walked.clear()
    assert _check_with_verdicts(site, rules, folder) == ["b/index.html"] and walked == ["b/index.html"]  # a failure is walked again
    write(site, "a/index.html", _GOOD.replace("<p>x</p>", "<p>x</p><p style=x>y</p>"))  # one change: walked, and refused
    walked.clear()
    assert _check_with_verdicts(site, rules, folder) == ["a/index.html", "b/index.html"] and walked == ["a/index.html", "b/index.html"]
    write(site, "a/index.html", _GOOD)
    write(site, "c/index.html", _GOOD)  # the same bytes at another path are another page
    walked.clear()
    _check_with_verdicts(site, rules, folder)
    assert walked == ["a/index.html", "b/index.html", "c/index.html"]
    walked.clear()
    other = html_allowlist_policy(csp="default-src 'none'")  # another policy: nothing recorded holds
    assert _check_with_verdicts(site, other, folder) == ["a/index.html", "b/index.html", "c/index.html"]
    assert walked == ["a/index.html", "b/index.html", "c/index.html"]


def html_allowlist_policy(**rules):
    from pmlcheck import html_allowlist

    return html_allowlist.Policy(script_files=set(), **rules)


def test_allowlist_verdicts_version_covers_every_module_the_walk_imports():
    """A verdict holds only under the code that reached it: every module of the project (and
    html.parser) that the allow-list or its memo imports is part of the version's digest."""
    import html.parser
    import inspect

    from pmlcheck import allowlist_memo, allowlist_verdicts, html_allowlist

    code = allowlist_verdicts._code()
    used = {value for module in (html_allowlist, allowlist_memo) for value in vars(module).values() if inspect.ismodule(value)}
    used |= {inspect.getmodule(value) for module in (html_allowlist, allowlist_memo) for value in vars(module).values()
             if inspect.isclass(value) or inspect.isfunction(value)}
    ours = {m for m in used if m is not None and m.__name__.split(".")[0] in ("pmlcheck", "pmlsources")} | {html.parser}
    assert {m.__name__ for m in ours} >= {"pmlcheck.html_tokens", "pmlcheck.html_allowlist"}
    for module in ours:
        if module.__name__ != "pmlsources.problems":  # the messages' shape, not a verdict
            assert Path(module.__file__).read_bytes() in code, module.__name__


def test_allowlist_verdicts_from_anywhere_else_vouch_for_nothing(tmp_path, monkeypatch):
    """A record not signed with this user's key (forged, copied from elsewhere, cut short, a link,
    another version or shape) is no record: the hostile page is walked and refused; no key, no record."""
    import hmac
    import os

    from pmlcheck import allowlist_verdicts
    from pmlsources import localcache

    site, rules, walked = _verdicts_site(tmp_path, monkeypatch)
    folder = tmp_path / ".cache"
    verdicts = allowlist_verdicts.Verdicts(rules, folder)
    assert verdicts.path is not None
    vouch = verdicts.key("b/index.html", (site / "b/index.html").read_text())  # the hostile page, as if it had passed
    right = json.dumps({"version": verdicts.version, "passed": [vouch]}).encode()
    other_key = hmac.new(b"k" * 32, right, "sha256").hexdigest().encode()
    for record in (right, b"\n" + right, other_key + b"\n" + right):
        verdicts.path.parent.mkdir(parents=True, exist_ok=True)
        verdicts.path.write_bytes(record)
        walked.clear()
        assert _check_with_verdicts(site, rules, folder) == ["b/index.html"] and "b/index.html" in walked, record
    for data in ({"version": "x", "passed": [vouch]}, {"passed": [vouch]}, [vouch], {"version": verdicts.version, "passed": [vouch, 1]}):
        localcache.write_signed(verdicts.path, data, localcache.secret())
        assert allowlist_verdicts.Verdicts(rules, folder).known == set(), data
    localcache.write_signed(tmp_path / "elsewhere.json", {"version": verdicts.version, "passed": [vouch]}, localcache.secret())
    verdicts.path.unlink()
    verdicts.path.symlink_to(tmp_path / "elsewhere.json")
    assert allowlist_verdicts.Verdicts(rules, folder).known == set()
    verdicts.path.unlink()
    (tmp_path / "elsewhere.json").rename(verdicts.path)
    assert allowlist_verdicts.Verdicts(rules, folder).known == {vouch}  # the control: this user's own record is read
    monkeypatch.setenv("PML_GUIDE_NO_CACHE", "1")
    assert allowlist_verdicts.Verdicts(rules, folder).known == set()
    monkeypatch.delenv("PML_GUIDE_NO_CACHE")
    os.chmod(localcache.key_file(), 0o644)  # a key others may read is no key
    assert localcache.secret() is None and allowlist_verdicts.Verdicts(rules, folder).known == set()
    assert allowlist_verdicts.Verdicts(rules, folder).key("a", "b") == ""


# --- the record of a passing run of the page checks (pmlcheck/suite_record.py): nothing they read changed ---

def test_suite_record_skips_the_checks_only_when_nothing_changed(tmp_path, monkeypatch):
    import os

    from pmlcheck import suite, suite_record
    from pmlsources import localcache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    monkeypatch.delenv("PML_GUIDE_NO_CACHE", raising=False)
    root = tmp_path / "project"
    write(root, "docs/index.md", "# Home\n")
    write(root, "tests/notes.txt", "x")
    pages, docs, runs, answer = [root / "docs" / "index.md"], root / "docs", [], {"problems": []}
    monkeypatch.setattr(suite, "check_pages", lambda *a, **k: runs.append(1) or [("links", list(answer["problems"]))])

    def check():
        return suite_record.check_pages(pages, None, all_pages=pages, docs=docs, root=root, rendered=False)

    assert check() == [("links", [])] and len(runs) == 1
    assert check() == [] and len(runs) == 1  # nothing changed: nothing to report, and nothing run
    for change in (lambda: write(root, "docs/index.md", "# Home!\n"), lambda: write(root, "tests/new.txt", ""),
                   lambda: os.chmod(root / "tests" / "notes.txt", 0o600), lambda: (root / "tests" / "empty").mkdir()):
        change()
        before = len(runs)
        check()
        assert len(runs) == before + 1  # any change to the project: every check runs again
        assert check() == [] and len(runs) == before + 1
    answer["problems"] = ["a problem"]
    write(root, "docs/index.md", "# Broken\n")
    assert check() == check() == [("links", ["a problem"])] and len(runs) == 7  # a failure is never kept
    answer["problems"] = []
    (root / "docs" / "linked.md").symlink_to(root / "docs" / "index.md")
    check(), check()
    assert len(runs) == 9  # a link anywhere: nothing kept
    (root / "docs" / "linked.md").unlink()
    check()
    assert check() == [] and len(runs) == 10
    record = root / ".cache" / "pml-guide" / "suite-passed.json"
    passed = localcache.read_signed(record, localcache.secret())
    record.write_text(json.dumps(passed))  # the same words, unsigned (from elsewhere): no record
    check()
    assert len(runs) == 11
    monkeypatch.setenv("PML_GUIDE_NO_CACHE", "1")
    check()
    assert len(runs) == 12
