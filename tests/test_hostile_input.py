"""Hostile input (issue 17): a pull request is untrusted, so nothing in it may run in a reader's
browser, leak a secret or crash the build.

The matrix plants a marker in every kind of input (page Markdown and raw HTML, attribute lists,
front matter, glossary, BibTeX, snippets, caches, symbolic links, sizes, encodings) in a throwaway
copy of the project and builds it. Each case must end in ONE of:

- a refusal that names the file (and line, where there is one) and says how to fix it, with no
  Python traceback; or
- a built site in which the marker reaches no executable or leaking place: no <script>, event
  handler or script address carries it, no secret is published, and loading the page in Chromium
  (hovering its tooltips) prints nothing to the console and requests nothing from another host.

Cases marked `refuse` must be refused, cases marked `safe` must build: what the guide's own
checks promise. `PML_MATRIX_OBSERVE=<file.json>` records each case's outcome instead of asserting
it (how the matrix was measured against the code before this work).

The second half tests the pieces directly: the fixed list of theme scripts recomputed from the
installed templates, the HTML allow-list on safe and hostile SVG, the caches and the loaders.
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import re
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import ROOT, assign_pages, batch_run, mkdocs_build, plant_apart
from test_bad_input import append, edit, replace_line

PAGE = "docs/patients/what-is-pml.md"
BUILT = "patients/what-is-pml/"
GLOSSARY_PAGE = "reference/glossary/"
BIB_PAGE = "reference/bibliography/"
SECRET = "pmlsecretvalue"
PORT = 0  # the port Chromium loads a built copy from (0: any free one)
OBSERVE = os.environ.get("PML_MATRIX_OBSERVE")


def js(mark: str) -> str:
    """A payload that, if it ever runs, shows in the console and asks another host for a file."""
    return f"console.log('{mark}');fetch('https://{mark}.invalid/')"


def bib_entry(key: str, title: str) -> str:
    return f"\n@article{{{key},\n  author = {{Nobody, A.}},\n  title = {{{title}}},\n  journal = {{J}},\n  year = {{2020}},\n  doi = {{10.1000/x}}\n}}\n"


def cite_on_page(p: Path, page: str, key: str) -> None:
    append(p / page, f"\nOne study looked at this [@{key}].\n")


def replace_bib_field(p: Path, key: str, field_name: str, value: str) -> None:
    text = (p / "bibliography.bib").read_text(encoding="utf-8")
    start = text.index("@article{" + key + ",")
    end = text.index("\n}", start)
    entry = text[start:end] + "\n"
    new = re.sub(rf"(\n\s*{field_name}\s*=\s*)\{{.*?\}}(,?)\n", lambda m: f"{m.group(1)}{{{value}}}{m.group(2)}\n", entry, count=1)
    if new == entry:
        new = entry.rstrip("\n") + f",\n  {field_name} = {{{value}}}\n"
    new = new.rstrip("\n")
    (p / "bibliography.bib").write_text(text[:start] + new + text[end:], encoding="utf-8")


def front(p: Path, page: str, key: str, new: str) -> None:
    """The page's front-matter line ``key: ...`` replaced by ``new``."""
    replace_line(p / page, rf"^{key}:.*$", new)


def after_front(p: Path, page: str, key: str, new: str) -> None:
    """``new`` added after the page's front-matter line ``key: ...``."""
    replace_line(p / page, rf"^({key}:.*)$", r"\1\n" + new)


def glossary_item(p: Path, yaml_text: str) -> None:
    append(p / "glossary.yml", "\n" + yaml_text.rstrip() + "\n")


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def include(p: Path, page: str, name: str) -> None:
    append(p / page, f'\n--8<-- "{name}"\n')


def git_secret(p: Path) -> None:
    (p / ".git").mkdir(exist_ok=True)
    (p / ".git" / "config").write_text(f"[http]\n\textraheader = AUTHORIZATION: basic {SECRET}\n")


def symlinked_include(p: Path, page: str) -> None:
    (p / "secret.txt").write_text(f"The token is {SECRET}.\n")
    os.symlink(p / "secret.txt", p / "docs" / "_includes" / "leak.md")
    include(p, page, "leak.md")


def symlinked_page(p: Path) -> None:
    (p / "secret-page.txt").write_text(f"---\ntitle: x\n---\nThe token is {SECRET}.\n")
    os.symlink(p / "secret-page.txt", p / "docs" / "patients" / "leak.md")


def tracked_cache(p: Path) -> None:
    write_bytes(p / ".cache" / "pml-guide" / "notes.json", b"{}")
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t")
    for cmd in (["git", "init", "-q"], ["git", "add", "-f", ".cache/pml-guide/notes.json"]):
        subprocess.run(cmd, cwd=p, check=True, capture_output=True, env=env)


def evil_pickle(target: Path) -> bytes:
    """A pickle that, when loaded, creates ``target``: proof that reading a cache ran code."""
    return (b"cos\nsystem\n(S'touch " + str(target).encode() + b"'\ntR.")


def tamper_caches(p: Path, mark: str) -> None:
    """After one real build: every cache file replaced by hostile content of its own format."""
    cache = p / ".cache" / "pml-guide"
    for old in cache.glob("bibliography-*"):
        digest = old.name.split("-", 1)[1].split(".")[0]
        write_bytes(cache / f"bibliography-{digest}.pickle", evil_pickle(p / "pickle-ran"))
        if old.suffix == ".json":
            blob = json.loads(old.read_text())
            for entry in blob["entries"]:
                entry[2] = [[k, f"<img src=x onerror=\"{js(mark)}\">" if k == "title" else v] for k, v in entry[2]]
            old.write_text(json.dumps(blob))
    for old in cache.glob("references-*.json"):
        blob = json.loads(old.read_text())
        blob["html"] = {k: f"<img src=x onerror=\"{js(mark)}\">{v}" for k, v in blob["html"].items()}
        blob["markdown"] = {k: f"<img src=x onerror=\"{js(mark)}\">{v}" for k, v in blob["markdown"].items()}
        old.write_text(json.dumps(blob))


def corrupt_caches(p: Path) -> None:
    for old in (p / ".cache" / "pml-guide").glob("*"):
        old.write_bytes(b"\x80not json{{{")


def cache_dir_is_a_file(p: Path) -> None:
    """What a read-only cache looks like to the build (the tests run as root, so chmod would not)."""
    import shutil

    shutil.rmtree(p / ".cache", ignore_errors=True)
    (p / ".cache").mkdir()
    (p / ".cache" / "pml-guide").write_text("not a folder")


@dataclass
class Case:
    what: str                       # the input class
    plant: object                   # fn(project copy, marker, the page it goes on)
    expect: str                     # "refuse" or "safe"
    located: str = ""               # regex the refusal must contain (file and, where there is one, line)
    pages: list = field(default_factory=lambda: [BUILT])
    prebuild: bool = False          # build once before planting (the cache cases)


L = r":\d+: "  # a line number in a located message
CASES: dict[str, Case] = {
    # --- page Markdown and raw HTML ---
    "script tag": Case("page", lambda p, m, page: append(p / page, f"\n<script>{js(m)}</script>\n"), "refuse", "{page}" + L),
    "event handler on the next line": Case("page", lambda p, m, page: append(p / page, f'\n<span class="x"\n  onmouseover="{js(m)}">hover</span>\n'), "refuse", "{page}" + L),
    "img onerror": Case("page", lambda p, m, page: append(p / page, f'\n<img src="x.png" onerror="{js(m)}">\n'), "refuse", "{page}" + L),
    "details ontoggle": Case("page", lambda p, m, page: append(p / page, f'\n<details open ontoggle="{js(m)}"><summary>s</summary>t</details>\n'), "refuse", "{page}" + L),
    "attribute list handler": Case("attr_list", lambda p, m, page: append(p / page, f'\nA paragraph.\n{{: onclick="{js(m)}" }}\n'), "refuse", "{page}" + L),
    "attribute list href": Case("attr_list", lambda p, m, page: append(p / page, f'\n[A link](symptoms.md){{: href="javascript:{js(m)}" }}\n'), "refuse", "{page}" + L),
    "attribute list style": Case("attr_list", lambda p, m, page: append(p / page, '\nA paragraph.\n{: style="background:url(https://evil.invalid/t.png)" }\n'), "refuse", "{page}" + L),
    "entity-encoded javascript link": Case("page", lambda p, m, page: append(p / page, f"\n[Click](&#106;avascript:{js(m)})\n"), "refuse", "{page}" + L),
    "javascript link with a tab": Case("page", lambda p, m, page: append(p / page, f'\n<a href="java&#9;script:{js(m)}">x</a>\n'), "refuse", "{page}" + L),
    "javascript autolink": Case("page", lambda p, m, page: append(p / page, f"\n<javascript:{js(m)}>\n"), "refuse", "{page}" + L),
    "data URL link": Case("page", lambda p, m, page: append(p / page, "\n[Click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)\n"), "refuse", "{page}" + L),
    "vbscript link": Case("page", lambda p, m, page: append(p / page, f'\n<a href="VBScript:msgbox(\'{m}\')">x</a>\n'), "refuse", "{page}" + L),
    "meta refresh": Case("page", lambda p, m, page: append(p / page, f'\n<meta http-equiv="refresh" content="0;url=https://{m}.invalid/">\n'), "refuse", "{page}" + L),
    "style element": Case("page", lambda p, m, page: append(p / page, f"\n<style>body{{background:url(https://{m}.invalid/t.png)}}</style>\n"), "refuse", "{page}" + L),
    "form": Case("page", lambda p, m, page: append(p / page, f'\n<form action="https://{m}.invalid/"><input name="q"></form>\n'), "refuse", "{page}" + L),
    "base element": Case("page", lambda p, m, page: append(p / page, f'\n<base href="https://{m}.invalid/">\n'), "refuse", "{page}" + L),
    "iframe srcdoc": Case("page", lambda p, m, page: append(p / page, f'\n<iframe srcdoc="<script>{js(m)}</script>"></iframe>\n'), "refuse", "{page}" + L),
    "object and embed": Case("page", lambda p, m, page: append(p / page, f'\n<object data="https://{m}.invalid/x.swf"></object><embed src="x.swf">\n'), "refuse", "{page}" + L),
    "third-party image": Case("page", lambda p, m, page: append(p / page, f"\n![Tracker](https://{m}.invalid/t.png)\n"), "refuse", "{page}" + L),
    "protocol-relative image": Case("page", lambda p, m, page: append(p / page, f'\n<img src="//{m}.invalid/t.png" alt="t">\n'), "refuse", "{page}" + L),
    "protocol-relative link": Case("page", lambda p, m, page: append(p / page, f'\n<a href="//{m}.invalid/">Read more</a>\n'), "refuse", "{page}"),
    "stylesheet link": Case("page", lambda p, m, page: append(p / page, f'\n<link rel="stylesheet" href="https://{m}.invalid/x.css">\n'), "refuse", "{page}" + L),
    "inline style attribute": Case("page", lambda p, m, page: append(p / page, '\n<span style="position:fixed;top:0">Fake warning</span>\n'), "refuse", "{page}" + L),
    "link title with markup": Case("page", lambda p, m, page: append(p / page, f'\nSee [the symptoms](symptoms.md "<b>{m}</b>").\n'), "refuse", "{page}"),
    "svg with script": Case("svg", lambda p, m, page: append(p / page, f'\n<svg viewBox="0 0 1 1"><script>{js(m)}</script></svg>\n'), "refuse", "{page}" + L),
    "svg foreignObject": Case("svg", lambda p, m, page: append(p / page, f'\n<svg viewBox="0 0 1 1"><foreignObject><iframe src="https://{m}.invalid/"></iframe></foreignObject></svg>\n'), "refuse", "{page}" + L),
    "svg link to javascript": Case("svg", lambda p, m, page: append(p / page, f'\n<svg viewBox="0 0 1 1"><a xlink:href="javascript:{js(m)}"><text>x</text></a></svg>\n'), "refuse", "{page}" + L),
    "escaped markup stays text": Case("page", lambda p, m, page: append(p / page, f"\nYou may see &lt;script&gt;{m}&lt;/script&gt; written as text.\n"), "safe"),
    # --- front matter ---
    "front matter alias bomb": Case("front matter", lambda p, m, page: after_front(p, page, "review_status", "hide: &a [x, x, x, x, x, x, x, x, x]\nsearch: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nclinical_reviewers: [*b, *b, *b, *b, *b, *b, *b, *b, *b]"), "refuse", "{page}" + L),
    "front matter duplicate key": Case("front matter", lambda p, m, page: after_front(p, page, "review_status", "title: Another title"), "refuse", "{page}" + L),
    "front matter list where text belongs": Case("front matter", lambda p, m, page: front(p, page, "audience", "audience: [patients]"), "refuse", "{page}" + L),
    "front matter title with markup": Case("front matter", lambda p, m, page: front(p, page, "title", f"title: '<img src=x onerror=\"{js(m)}\">'"), "refuse", "{page}" + L),
    "front matter description breaking out": Case("front matter", lambda p, m, page: replace_line(p / page, r"^description:.*$", f"description: 'x\" http-equiv=\"refresh\" content=\"0;url=https://{m}.invalid/'"), "refuse", "{page}" + L),
    "front matter zero-width character": Case("encoding", lambda p, m, page: front(p, page, "audience", "audience\u200b: patients\naudience: patients"), "refuse", "{page}" + L),
    # --- glossary ---
    "glossary term with markup": Case("glossary", lambda p, m, page: glossary_item(p, f"- term: '<b onmouseover=\"{js(m)}\">x</b>'\n  definition: A word."), "refuse", "glossary.yml" + L),
    "glossary alias with markup": Case("glossary", lambda p, m, page: edit(p / "glossary.yml", "- term: myelin\n", f"- term: myelin\n  aliases: ['<img src=x onerror=\"{js(m)}\">']\n"), "refuse", "glossary.yml" + L),
    "glossary pronunciation with markup": Case("glossary", lambda p, m, page: edit(p / "glossary.yml", "pronunciation: MY-uh-lin", f"pronunciation: '<i>{m}</i>'"), "refuse", "glossary.yml" + L),
    "glossary definition with entities": Case("glossary", lambda p, m, page: edit(p / "glossary.yml", "The fatty coating that wraps", f"&lt;img src=x onerror={m}&gt; The fatty coating that wraps"), "refuse", "glossary.yml" + L),
    "glossary read_more to javascript": Case("glossary", lambda p, m, page: edit(p / "glossary.yml", "  read_more: patients/what-is-pml.md\n\n", f"  read_more: 'javascript:{js(m)}'\n\n", 1), "refuse", "glossary.yml" + L),
    "glossary sources not keys": Case("glossary", lambda p, m, page: edit(p / "glossary.yml", "- term: myelin\n", "- term: myelin\n  sources: ['a] <script>x</script> [b']\n"), "refuse", "glossary.yml" + L),
    "glossary definition of the wrong type": Case("glossary", lambda p, m, page: glossary_item(p, "- term: zzword\n  definition: [one, two]"), "refuse", "glossary.yml" + L),
    "glossary zero-width duplicate": Case("encoding", lambda p, m, page: glossary_item(p, "- term: \"myelin\u200b\"\n  definition: A second definition."), "refuse", "glossary.yml" + L),
    "glossary composed and decomposed duplicate": Case("encoding", lambda p, m, page: glossary_item(p, "- term: \"Guillain-Barr\u00e9\"\n  definition: One.\n- term: \"Guillain-Barre\u0301\"\n  definition: Two."), "refuse", "glossary.yml" + L),
    "glossary alias bomb": Case("glossary", lambda p, m, page: glossary_item(p, "- term: zzbomb\n  definition: A word.\n  aliases: &a [x, x, x, x, x, x, x, x]\n- term: zzbomb2\n  definition: A word.\n  aliases: [*a, *a, *a, *a, *a, *a, *a, *a]"), "refuse", "glossary.yml" + L),
    # --- BibTeX ---
    "bibtex @string doubling chain": Case("bibtex", lambda p, m, page: append(p / "bibliography.bib", '\n@string{s0 = "xxxxxxxx"}\n' + "".join(f"@string{{s{i + 1} = s{i} # s{i}}}\n" for i in range(22)) + "@misc{zzz, title = s22, author = {A}, year = {2020}, url = {https://example.org/}}\n"), "refuse", "bibliography.bib" + L),
    "bibtex crossref loop": Case("bibtex", lambda p, m, page: (append(p / "bibliography.bib", "\n@article{zza2020x, author = {A, B}, title = {T}, journal = {J}, year = {2020}, doi = {10.1000/a}, crossref = {zzb2020x}}\n@article{zzb2020x, author = {A, B}, title = {T}, journal = {J}, year = {2020}, doi = {10.1000/b}, crossref = {zza2020x}}\n"), cite_on_page(p, page, "zza2020x"), cite_on_page(p, page, "zzb2020x")), "refuse", "bibliography.bib" + L),
    "bibtex url to javascript": Case("bibtex", lambda p, m, page: replace_bib_field(p, "cortese2021progressive", "url", f"javascript:{js(m)}"), "refuse", "bibliography.bib" + L),
    "bibtex pmid with a link": Case("bibtex", lambda p, m, page: replace_bib_field(p, "cortese2021progressive", "pmid", f"1) [x](javascript:{js(m)}"), "refuse", "bibliography.bib" + L),
    "bibtex title with a script": Case("bibtex", lambda p, m, page: replace_bib_field(p, "cortese2021progressive", "title", f"<script>{js(m)}</script>"), "refuse", "bibliography.bib" + L),
    "bibtex note with html": Case("bibtex", lambda p, m, page: replace_bib_field(p, "cortese2021progressive", "note", f"<img src=x onerror=\"{js(m)}\">"), "refuse", "bibliography.bib" + L),
    "bibtex doi with a quote": Case("bibtex", lambda p, m, page: replace_bib_field(p, "cortese2021progressive", "doi", f'10.1/x" onmouseover="{m}'), "refuse", "bibliography.bib" + L),
    "bibtex TeX-escaped markup stays text": Case("bibtex", lambda p, m, page: replace_bib_field(p, "cortese2021progressive", "title", f"Progressive {{\\textless}}script{{\\textgreater}}{m}{{\\textless}}/script{{\\textgreater}} disease"), "safe", pages=[BUILT, BIB_PAGE]),
    # --- snippets and symbolic links ---
    "snippet of .git/config": Case("include", lambda p, m, page: (git_secret(p), include(p, page, ".git/config")), "refuse", "{page}" + L),
    "snippet outside the includes": Case("include", lambda p, m, page: include(p, page, "../mkdocs.yml"), "refuse", "{page}" + L),
    "snippet that does not exist": Case("include", lambda p, m, page: include(p, page, "warnings/no-such-warning.md"), "refuse", "{page}" + L),
    "script inside an included file": Case("include", lambda p, m, page: edit(p / "docs/_includes/warnings/never-stop-medicine.md", "\n", f"\n<script>{js(m)}</script>\n", 1), "refuse", "docs/_includes/warnings/never-stop-medicine.md" + L),
    "symlinked snippet": Case("symlink", lambda p, m, page: symlinked_include(p, page), "refuse", "docs/_includes/leak.md"),
    "symlinked page": Case("symlink", lambda p, m, page: symlinked_page(p), "refuse", "docs/patients/leak.md"),
    # --- caches ---
    "cache committed to git": Case("cache", lambda p, m, page: tracked_cache(p), "refuse", r"\.cache/pml-guide/notes\.json"),
    "tampered caches (pickle, JSON, HTML)": Case("cache", lambda p, m, page: tamper_caches(p, m), "safe", prebuild=True, pages=[BUILT, BIB_PAGE]),
    "corrupt caches": Case("cache", lambda p, m, page: corrupt_caches(p), "safe", prebuild=True),
    "cache folder cannot be written": Case("cache", lambda p, m, page: cache_dir_is_a_file(p), "safe"),
    # --- sizes and encodings ---
    "page over the size limit": Case("size", lambda p, m, page: append(p / page, "\nWords. " * 160_000), "refuse", "{page}"),
    "page that is not UTF-8": Case("encoding", lambda p, m, page: write_bytes(p / page, (p / page).read_bytes() + b"\nCaf\xe9 au lait.\n"), "refuse", "{page}" + L),
    "glossary that is not UTF-8": Case("encoding", lambda p, m, page: write_bytes(p / "glossary.yml", (p / "glossary.yml").read_bytes() + b"\n# \xff\xfe\n"), "refuse", "glossary.yml" + L),
    "bibliography that is not UTF-8": Case("encoding", lambda p, m, page: write_bytes(p / "bibliography.bib", (p / "bibliography.bib").read_bytes() + b"\n% \xc3\x28\n"), "refuse", "bibliography.bib" + L),
    "right-to-left override in a page": Case("encoding", lambda p, m, page: append(p / page, "\nTake the dose \u202eylno enin\u202c as told.\n"), "refuse", "{page}" + L),
}


def marker(case: str) -> str:
    """A marker unique to the case, letters only (a digit would trip the uncited-number check)."""
    n = list(CASES).index(case)
    return "pmlmark" + chr(97 + n // 26) + chr(97 + n % 26)


# --- what "reaches an executable or leaking place" means, on the built HTML ---------------

_DANGER = [
    r"<script\b[^>]*>[^<]*{m}",                               # inside a script
    r"\son[a-z]+\s*=\s*[\"']?[^\"'>]*{m}",                    # inside an event handler
    r"(?:href|src|action|data|srcdoc)\s*=\s*[\"']?\s*(?:javascript|vbscript|data):[^\"'>]*{m}",  # a script address
    r"<(?:iframe|object|embed|form|base|meta|link|style)\b[^>]*{m}",  # an element that loads or redirects
    r"https?://{m}\.invalid",                                 # an address on another host
]


def reached(site: Path, mark: str) -> list[str]:
    found = []
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8", errors="replace")
        if mark in text:
            found += [f"{path.relative_to(site)}: {pat}" for pat in _DANGER if re.search(pat.format(m=mark), text, re.I)]
    return found


def leaked_secret(site: Path) -> list[str]:
    return [str(p.relative_to(site)) for p in site.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def in_chromium(browser, site: Path, pages: list[str], mark: str) -> tuple[list[str], list[str]]:
    """(console lines, requests to other hosts) while each page loads and its tooltips open."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    console, foreign = [], []
    context = browser.new_context()
    try:
        page = context.new_page()
        page.on("console", lambda m: console.append(m.text))
        page.on("pageerror", lambda e: console.append(str(e)))
        page.on("dialog", lambda d: (console.append("dialog: " + d.message), d.dismiss()))
        page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith((base, "data:", "blob:")) else None)
        for path in pages:
            page.goto(base + path, wait_until="load")
            titled = page.locator("article [title]")
            for i in range(min(titled.count(), 25)):
                try:
                    titled.nth(i).hover(timeout=500)
                except Exception:  # hidden or detached: nothing to show
                    pass
            page.wait_for_timeout(300)
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    return [c for c in console if mark in c or "Content Security Policy" in c], [u for u in foreign if mark in u]


def in_the_build(site: Path, case: Case, mark: str, browser) -> dict:
    """What a case that built reaches: the HTML (its marker, the secret) and Chromium (its pages)."""
    info = {"reached": reached(site, mark), "secret": leaked_secret(site)}
    info["console"], info["foreign"] = in_chromium(browser, site, case.pages, mark)
    return info


def summary(info: dict) -> str:
    """One word for the outcome: what the audit counted (refused, reached HTML, traceback, ran)."""
    if info["traceback"]:
        return "traceback"
    if not info["built"]:
        return "refused, located" if info["located"] else "refused, not located"
    ran = [c for c in info["console"] if "Content Security Policy" not in c and "Refused" not in c]
    if ran or info["code_ran_in_build"]:
        return "script ran"
    if info["foreign"] or info["secret"]:
        return "leaked (request or secret)"
    if info["reached"] or info["console"]:
        return "reached HTML (blocked by the policy)" if info["console"] else "reached HTML"
    return "built, safe"


def with_caches(project: Path, built: dict | None = None) -> None:
    """The main tree's formatted-reference cache (JSON, data only) in a copy, so that cases which
    leave the bibliography alone need not run pandoc again; with ``built`` (conftest.clean_copy_build:
    one real build of an unchanged copy, shared), every cache that build wrote, for the cases that
    plant on them (prebuild): the caches are keyed by content, so the copy reads them."""
    source = ROOT / ".cache" / "pml-guide"
    for cached in source.glob("references-*.json") if source.is_dir() else []:
        write_bytes(project / ".cache" / "pml-guide" / cached.name, cached.read_bytes())
    if built is None:
        return
    assert built["returncode"] == 0, "test set-up: the unbroken copy did not build\n" + built["log"]
    for cached in (built["project"] / ".cache" / "pml-guide").iterdir():
        write_bytes(project / ".cache" / "pml-guide" / cached.name, cached.read_bytes())
    caches = sorted(c.name for c in (project / ".cache" / "pml-guide").iterdir())
    assert {c.split("-")[0] for c in caches} >= {"references", "allowlist", "seen"}, f"test set-up: no cache to plant on: {caches}"


# The refusals, in batches: every case of a batch is planted in one copy, each on a patients' page
# of its own (conftest.assign_pages) and no two in the same file (conftest.plant_apart), and the
# copy is built once; each case's test finds its own file (and line) in that build's output, and
# fails by name if it is missing. A batch holds only cases the build reports at the same step: the
# hook stops at the first step that finds a problem, reporting every problem of that step, and the
# steps are: the bibliography and the glossary (on_config); then in on_files unclosed markup and
# long lines, else symbolic links, tracked caches, size and encoding, else snippets, else every
# other source check; what readers see (on_env); the built HTML's allow-list (on_post_build).
# A BibTeX or glossary case's message names only the file, so each is in a batch of its own file.
_BIB = ["bibtex @string doubling chain", "bibtex crossref loop", "bibtex url to javascript", "bibtex pmid with a link",
        "bibtex title with a script", "bibtex note with html", "bibtex doi with a quote", "bibliography that is not UTF-8"]
_GLOSSARY = ["glossary term with markup", "glossary alias with markup", "glossary pronunciation with markup",
             "glossary definition with entities", "glossary read_more to javascript", "glossary sources not keys",
             "glossary definition of the wrong type", "glossary zero-width duplicate",
             "glossary composed and decomposed duplicate", "glossary alias bomb", "glossary that is not UTF-8"]
_PAGE_SOURCES = ["script tag", "event handler on the next line", "img onerror", "details ontoggle", "attribute list handler",
                 "attribute list href", "attribute list style", "entity-encoded javascript link", "javascript link with a tab",
                 "javascript autolink", "data URL link", "vbscript link", "meta refresh", "style element", "form",
                 "base element", "iframe srcdoc", "object and embed", "third-party image", "protocol-relative image",
                 "stylesheet link", "inline style attribute", "svg with script", "svg foreignObject", "svg link to javascript",
                 "front matter alias bomb", "front matter duplicate key", "front matter list where text belongs",
                 "front matter title with markup", "front matter description breaking out", "script inside an included file"]
BATCHES = {  # strict=False: fewer bibtex cases than glossary ones; the rest go alone, on the next line
    **{f"sources-{n + 1}": [bib, glossary] for n, (bib, glossary) in enumerate(zip(_BIB, _GLOSSARY, strict=False))},
    **{f"sources-{n + 1}": [glossary] for n, glossary in enumerate(_GLOSSARY) if n >= len(_BIB)},
    "files": ["symlinked snippet", "symlinked page", "cache committed to git", "page over the size limit",
              "page that is not UTF-8", "right-to-left override in a page", "front matter zero-width character"],
    "snippets": ["snippet of .git/config", "snippet outside the includes", "snippet that does not exist"],
    **{f"pages-{n + 1}": _PAGE_SOURCES[n::3] for n in range(3)},
    "built HTML": ["protocol-relative link", "link title with markup"],
}
BATCH_OF = {case: batch for batch, cases in BATCHES.items() for case in cases}
REFUSED = [name for name, case in CASES.items() if case.expect == "refuse"]
SAFE = [name for name, case in CASES.items() if case.expect == "safe"]


def build_batch(batch: str, project: Path, folder: Path) -> dict:
    pages = assign_pages({case: None for case in BATCHES[batch]})
    plant_apart(project, {case: functools.partial(CASES[case].plant, m=marker(case), page=pages[case])
                          for case in BATCHES[batch]})
    result = mkdocs_build(project, folder / "site")
    return {"pages": pages, "built": result.returncode == 0, "log": result.stdout + result.stderr}


@pytest.fixture(scope="session")
def refused_batch(tmp_path_factory):
    return lambda batch: batch_run(tmp_path_factory, f"hostile-{batch}", functools.partial(build_batch, batch))


def test_every_refusal_is_in_one_batch():
    assert sorted(BATCH_OF) == sorted(REFUSED) and sum(map(len, BATCHES.values())) == len(REFUSED)


@pytest.mark.parametrize("case", REFUSED)
def test_hostile_input_is_refused(refused_batch, case):
    run, spec = refused_batch(BATCH_OF[case]), CASES[case]
    log, page = run["log"], run["pages"][case]
    located = re.search(spec.located.replace("{page}", re.escape(page)), log) is not None
    if OBSERVE:
        with open(OBSERVE, "a", encoding="utf-8") as out:
            outcome = ("traceback" if "Traceback (most recent call last)" in log else "built" if run["built"]
                       else "refused, located" if located else "refused, not located")
            out.write(json.dumps({"case": case, "input": spec.what, "outcome": outcome, "batch": BATCH_OF[case]}) + "\n")
        return
    where = f"{case} (on {page}, batch {BATCH_OF[case]})"
    assert "Traceback (most recent call last)" not in log, f"{where}: a traceback instead of a message:\n{log[-3000:]}"
    assert not run["built"], f"{where}: the build passed"
    assert located, f"{where}: the refusal does not name {spec.located.format(page=page)!r}:\n{log[-6000:]}"


# The cases that must build safely, in batches too: each case reads what its own marker reached and
# loads its own pages. A case on the caches is never beside another on the caches, nor beside a
# change to the bibliography (the caches' names would change, and nothing would read the planted ones).
SAFE_BATCHES = {
    "safe-1": ["escaped markup stays text", "corrupt caches"],
    "safe-2": ["bibtex TeX-escaped markup stays text", "cache folder cannot be written"],
    "safe-3": ["tampered caches (pickle, JSON, HTML)"],
}
SAFE_BATCH_OF = {case: batch for batch, cases in SAFE_BATCHES.items() for case in cases}


def build_safe_batch(batch: str, browser, clean, project: Path, folder: Path) -> dict:
    """Plant the batch's cases (on the caches of one real build if a case needs them), build once,
    and what each case reaches."""
    cases = SAFE_BATCHES[batch]
    with_caches(project, clean() if any(CASES[c].prebuild for c in cases) else None)
    plant_apart(project, {case: functools.partial(CASES[case].plant, m=marker(case), page=PAGE) for case in cases})
    result = mkdocs_build(project, folder / "site")
    log = result.stdout + result.stderr
    return {"built": result.returncode == 0, "traceback": "Traceback (most recent call last)" in log, "log": log[-3000:],
            "code_ran_in_build": (project / "pickle-ran").exists(),
            "cases": {case: in_the_build(folder / "site", CASES[case], marker(case), browser) for case in cases}
            if result.returncode == 0 else {}}


@pytest.fixture(scope="session")
def safe_batch(tmp_path_factory, browser, request):
    clean = functools.partial(request.getfixturevalue, "clean_copy_build")
    return lambda batch: batch_run(tmp_path_factory, f"hostile-{batch}", functools.partial(build_safe_batch, batch, browser, clean))


def test_every_safe_case_is_in_one_batch():
    assert sorted(SAFE_BATCH_OF) == sorted(SAFE) and sum(map(len, SAFE_BATCHES.values())) == len(SAFE)
    for cases in SAFE_BATCHES.values():
        assert sum(CASES[c].what == "cache" for c in cases) <= 1
        assert not any(CASES[c].prebuild for c in cases) or not any(CASES[c].what == "bibtex" for c in cases)


@pytest.mark.parametrize("case", SAFE)
def test_hostile_input(safe_batch, case):
    spec, run = CASES[case], safe_batch(SAFE_BATCH_OF[case])
    info = {k: run[k] for k in ("built", "traceback", "log", "code_ran_in_build")} | run["cases"].get(case, {})
    info["case"], info["input"], info["outcome"] = case, spec.what, summary(info)
    where = f"{case} (batch {SAFE_BATCH_OF[case]})"
    if OBSERVE:
        with open(OBSERVE, "a", encoding="utf-8") as out:
            detail = re.findall(r"^(?:ERROR|Error|\w+Error).*$|^\S+:\d+: .*$", info["log"], re.M)[:2]
            out.write(json.dumps({**{k: info[k] for k in ("case", "input", "outcome")}, "detail": detail}) + "\n")
        return
    assert not info["traceback"], f"{where}: a traceback instead of a message:\n{info['log']}"
    assert info["built"], f"{where}: the build failed:\n{info['log']}"
    assert info["outcome"] == "built, safe", f"{where}: {info['outcome']}: {info}"


def test_matrix_covers_every_input_and_at_least_forty_cases():
    kinds = {c.what for c in CASES.values()}
    assert len(CASES) >= 40
    assert {"page", "attr_list", "svg", "front matter", "glossary", "bibtex", "include", "symlink", "cache", "size",
            "encoding"} <= kinds


# --- the pieces, tested directly ------------------------------------------------------------

def test_fixed_theme_scripts_match_the_installed_templates():
    """material_inline_scripts.json is what Material (and the vendored search shim, and the
    print-site plugin) write today; after an upgrade this fails until the list is regenerated
    and reviewed (python scripts/pmlrender/theme_scripts.py)."""
    from pmlrender import theme_scripts

    assert theme_scripts.extract() == theme_scripts.pinned()
    bodies = theme_scripts.bodies("https://example.org/guide/")
    assert any("__md_scope=new URL(\"../..\",location)" in b for b in bodies)
    assert any("__md_scope=new URL(\"/guide/\",location)" in b for b in bodies)  # the 404 page
    assert not any("generate_toc" in b for b in bodies) and any("generate_toc" in b for b in
                                                                 theme_scripts.bodies(None, print_edition=True))


SAFE_SVG = ('<figure><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 20" role="img" aria-labelledby="t d" '
            'focusable="false"><title id="t">Four in 1,000</title><desc id="d">Squares</desc>'
            '<g class="icons"><rect x="0" y="0" width="4" height="4" rx="1" fill="#c00" fill-opacity="0.5"/>'
            '<circle cx="8" cy="2" r="2" stroke="#000" stroke-width="0.5" stroke-dasharray="1 1"/>'
            '<line x1="0" y1="10" x2="20" y2="10" stroke="#000" stroke-linecap="round" stroke-linejoin="round"/>'
            '<path d="M0 0h5v5h-5z" fill-rule="evenodd"/><text x="30" y="10" text-anchor="middle" font-size="6" '
            'font-weight="700">4 <tspan>in</tspan> 1,000</text></g></svg><figcaption>About 4 in 1,000.</figcaption></figure>')
HOSTILE_SVG = {
    "style attribute": '<svg><rect style="fill:red"/></svg>',
    "style element": "<svg><style>rect{fill:red}</style></svg>",
    "script": "<svg><script>alert(1)</script></svg>",
    "foreignObject": "<svg><foreignObject><p>x</p></foreignObject></svg>",
    "link": '<svg><a href="https://example.org/"><text>x</text></a></svg>',
    "use href": '<svg><use href="#x"/></svg>',
    "xlink:href": '<svg><image xlink:href="https://example.org/x.png"/></svg>',
    "event handler": '<svg><rect onclick="alert(1)"/></svg>',
    "remote marker": '<svg><line marker-end="url(https://example.org/m.svg#m)"/></svg>',
    "marker nothing draws": '<svg><defs><marker id="m"><path d="M0 0"/></marker></defs></svg>',
    "transform nothing draws": '<svg><g transform="translate(1 1)"><rect/></g></svg>',
    "animate": '<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>',
}


def _findings(html, **policy):
    from pmlcheck import html_allowlist

    return html_allowlist.check_html(f"<article>{html}</article>", html_allowlist.Policy(script_files=set(), **policy))


def test_allow_list_accepts_the_safe_svg_the_pictures_use():
    assert _findings(SAFE_SVG) == []


@pytest.mark.parametrize("what", list(HOSTILE_SVG))
def test_allow_list_refuses_hostile_svg(what):
    assert _findings(HOSTILE_SVG[what]), what


@pytest.mark.parametrize("html", [
    '<a href="&#106;avascript:alert(1)">x</a>', '<a href=" java\tscript:x">x</a>', '<a href="data:text/html,x">x</a>',
    '<a href="http://example.org/">x</a>', '<img src="https://example.org/t.png" alt="">', '<img src="//e.org/t.png">',
    '<abbr title="&lt;img src=x onerror=alert(1)&gt;">x</abbr>', '<p onclick="x">x</p>', '<span style="color:red">x</span>',
    "<iframe></iframe>", "<form></form>", "<base href='/'>", '<meta http-equiv="refresh" content="0">', "<style></style>",
    '<link rel="stylesheet" href="x.css">', "<script>alert(1)</script>", '<script src="assets/js/evil.js"></script>',
])
def test_allow_list_refuses_hostile_html(html):
    assert _findings(html), html


def test_json_ld_blocks_are_allowed_only_as_json_without_a_closing_tag():
    from pmlcheck import html_allowlist

    rules = html_allowlist.Policy(script_files=set())
    ok = '<head><script type="application/ld+json">{"@type": "MedicalWebPage", "name": "PML \\u003c/b"}</script></head>'
    assert html_allowlist.check_html(ok, rules) == []
    for bad in ('{"a": "</script><script>alert(1)//"}', "alert(1)", '{"a": "</b>"}'):
        assert html_allowlist.check_html(f'<head><script type="application/ld+json">{bad}</script></head>', rules), bad
    in_content = '<article><script type="application/ld+json">{"name": "x"}</script></article>'
    assert html_allowlist.check_html(in_content, rules) == []
    assert html_allowlist.check_html(in_content.replace("application/ld+json", "text/javascript"), rules)


def test_theme_inline_script_passes_and_a_copy_with_one_byte_changed_does_not():
    from pmlrender import theme_scripts
    from pmlcheck import html_allowlist

    bodies = theme_scripts.bodies(None)
    rules = html_allowlist.Policy(script_files=set(), inline_scripts=bodies)
    palette = next(b for b in bodies if b.startswith("var palette"))
    assert html_allowlist.check_html(f"<body><script>{palette}</script></body>", rules) == []
    assert html_allowlist.check_html(f"<body><script>{palette};alert(1)</script></body>", rules)


def test_the_bibliography_is_never_read_from_a_cache(tmp_path, monkeypatch):
    """The parsed .bib is not kept on disk: no file is written, and a planted one (JSON with a
    script in a title, a pickle that runs code) is never read."""
    from pmlsources import bibliography

    monkeypatch.delenv("PML_GUIDE_NO_CACHE", raising=False)
    (tmp_path / "bibliography.bib").write_text(bib_entry("smith2020x", "A title"), encoding="utf-8")
    bib, problems = bibliography.load(tmp_path / "bibliography.bib", root=tmp_path)
    assert problems == [] and list(bib.entries) == ["smith2020x"]
    cache = tmp_path / ".cache" / "pml-guide"
    assert not list(cache.glob("bibliography-*"))
    cache.mkdir(parents=True)
    text = (tmp_path / "bibliography.bib").read_text(encoding="utf-8")
    import hashlib

    digest = hashlib.sha256(text.encode()).hexdigest()[:20]
    (cache / f"bibliography-{digest}.pickle").write_bytes(evil_pickle(tmp_path / "ran"))
    (cache / f"bibliography-{digest}.json").write_text(json.dumps(
        {"version": 1, "entries": [["smith2020x", "article", [["title", "<script>alert(1)</script>"]], {}]]}))
    bib, problems = bibliography.load(tmp_path / "bibliography.bib", root=tmp_path)
    assert problems == [] and bib.entries["smith2020x"].fields["title"] == "A title"
    assert not (tmp_path / "ran").exists()


def test_references_cache_written_by_hand_is_a_miss(tmp_path):
    from pmlcheck import html_allowlist
    from pmlrender import references

    path = tmp_path / "references-x.json"
    references.write_cache(path, {"a": "A. *J*. <https://doi.org/10.1/x>"}, {"a": 'A. <em>J</em>. <a href="https://doi.org/10.1/x">x</a>'})
    assert references.read_cache(path, html_allowlist.inline_html_allowed)[0] == {"a": "A. *J*. <https://doi.org/10.1/x>"}
    references.write_cache(path, {"a": "A."}, {"a": '<img src=x onerror="alert(1)">A.'})
    assert references.read_cache(path, html_allowlist.inline_html_allowed) == ({}, {})
    path.write_text("{not json")
    assert references.read_cache(path, html_allowlist.inline_html_allowed) == ({}, {})
    (tmp_path / "file").write_text("a file where the cache folder should be")
    references.write_cache(tmp_path / "file" / "references-x.json", {}, {})  # no error: the next build formats again
    assert references.read_cache(tmp_path / "file" / "references-x.json", html_allowlist.inline_html_allowed) == ({}, {})


@pytest.mark.parametrize("name, payload, line", [
    ("zero-width space", "a\nb\u200bc\n", 2), ("right-to-left override", "x\u202eevil\n", 1),
    ("control character", "ok\n\x07\n", 2), ("left-to-right isolate", "\n\n\u2066x\u2069\n", 3),
])
def test_invisible_characters_are_refused_with_their_line(name, payload, line):
    from pmlsources import textsafe

    [problem] = textsafe.check(payload, "p.md")
    assert problem.line == line and "invisible" in problem.message


def test_bad_utf8_and_size_are_located_messages(tmp_path):
    from pmlsources import textsafe

    (tmp_path / "p.md").write_bytes(b"one\ntwo \xe9\n")
    _, [bad] = textsafe.read(tmp_path / "p.md", tmp_path)
    assert (bad.path, bad.line) == ("p.md", 2) and "UTF-8" in bad.message
    (tmp_path / "big.md").write_bytes(b"x" * (textsafe.MAX_BYTES + 1))
    _, [big] = textsafe.read(tmp_path / "big.md", tmp_path)
    assert "limit" in big.message
    text, problems = textsafe.read(tmp_path / "missing.md", tmp_path)
    assert text is None and "does not exist" in problems[0].message
    (tmp_path / "nfc.md").write_text("cafe\u0301", encoding="utf-8")
    assert textsafe.read(tmp_path / "nfc.md", tmp_path)[0] == "caf\u00e9"


def test_yaml_deep_nesting_and_invisible_keys_are_refused():
    from pmlsources import yamlsafe

    _, [deep] = yamlsafe.load("a: " + "[" * 50 + "]" * 50 + "\n", "x.yml")
    assert "nested" in deep.message
    _, [zw] = yamlsafe.load("a: 1\na\u200b: 2\n", "x.yml", first_line=5)
    assert zw.line == 6 and "invisible" in zw.message
    data, problems = yamlsafe.load("k: cafe\u0301\n", "x.yml")
    assert problems == [] and data == {"k": "caf\u00e9"}


def test_snippets_only_from_the_includes_and_symlinks_refused(tmp_path):
    from pmlcheck import inputs

    (tmp_path / "docs" / "_includes" / "warnings").mkdir(parents=True)
    (tmp_path / "docs" / "_includes" / "warnings" / "w.md").write_text("Warning.\n")
    page = tmp_path / "docs" / "p.md"
    page.write_text('a\n--8<-- "warnings/w.md"\n--8<-- ".git/config"\n;--8<-- "literal.md"\n--8<-- "../x.md"\n')
    problems = inputs.snippets([page], tmp_path)
    assert [(p.path, p.line) for p in problems] == [("docs/p.md", 3), ("docs/p.md", 5)]
    os.symlink("/etc/hostname", tmp_path / "docs" / "_includes" / "link.md")
    assert [p.path for p in inputs.symlinks(tmp_path)] == ["docs/_includes/link.md"]
    os.symlink(tmp_path / "docs", tmp_path / ".venv")  # a worktree's shared virtual environment: not reported
    os.symlink(tmp_path / "docs", tmp_path / "linked-docs")
    assert sorted(p.path for p in inputs.symlinks(tmp_path)) == ["docs/_includes/link.md", "linked-docs"]
    page.write_text('--8<-- "link.md"\n')
    assert inputs.snippets([page], tmp_path)[0].line == 1


def test_front_matter_types_and_markup_are_refused_not_tracebacks():
    from pmlcheck import frontmatter

    good = ("---\ntitle: T\ndescription: D.\naudience: patients\nlast_reviewed: 2026-11-22\nnext_review: 2027-11-22\n"
            "review_status: draft\n---\nx\n")
    assert frontmatter.check_text(good, "p.md", "patients") == []
    for old, new, line in [("audience: patients", "audience: [patients]", 4), ("title: T", "title: {a: 1}", 2),
                           ("title: T", "title: T <b>", 2), ("description: D.", "description: 'a\" b'", 3),
                           ("title: T", "title: " + "x" * 100, 2), ("review_status: draft", "review_status: 7", 7)]:
        [problem] = frontmatter.check_text(good.replace(old, new), "p.md", "patients")
        assert problem.line == line, (new, problem)


def test_glossary_fields_are_validated_each_with_its_line(tmp_path):
    from pmlsources import glossary

    (tmp_path / "docs" / "patients").mkdir(parents=True)
    (tmp_path / "docs" / "patients" / "a.md").write_text("x")
    good = "- term: myelin\n  aliases: [myelin sheath]\n  pronunciation: MY-uh-lin\n  definition: A coating.\n  read_more: patients/a.md\n"
    path = tmp_path / "glossary.yml"
    path.write_text(good)
    terms, problems = glossary.load(path, tmp_path / "docs", root=tmp_path)
    assert problems == [] and terms[0].aliases == ["myelin sheath"]
    for bad in ["- term: '<b>x</b>'\n  definition: A.\n", "- term: x\n  definition: A &amp; B.\n",
                "- term: x\n  aliases: x\n  definition: A.\n", "- term: x\n  pronunciation: '<i>'\n  definition: A.\n",
                "- term: x\n  definition: A.\n  read_more: ../../etc/passwd.md\n", "- term: x\n  definition: A.\n  sources: ['<x>']\n",
                "- term: 12\n  definition: A.\n", "- term: x\n  definition: [a]\n"]:
        path.write_text(good + bad)
        _, problems = glossary.load(path, tmp_path / "docs", root=tmp_path)
        assert len(problems) == 1 and problems[0].line == 6, (bad, problems)
