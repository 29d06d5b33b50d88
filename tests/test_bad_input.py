"""Bad input fails the build with a message that names the file, the line and the fix,
and the failed build changes nothing under docs/. One test per class of mistake.

The cases are built in batches (BATCHES): every case of a batch is planted in one throwaway copy,
each on a page of its own (or in its own file), and the copy is built once; each case's test then
finds its own located message in that build's output. A batch holds only cases the build reports
at the same step (the hook reports every problem of a step, then stops), and no two cases of a
batch change the same file (conftest.plant_apart refuses that)."""
from __future__ import annotations

import functools
import re

import pytest

from conftest import assign_pages, batch_run, mkdocs_build, plant_apart, tree_digest

PAGE = "docs/patients/what-is-pml.md"


def edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not found in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def replace_line(path, pattern, new):
    text = path.read_text(encoding="utf-8")
    out, n = re.subn(pattern, new, text, count=1, flags=re.MULTILINE)
    assert n == 1, f"test set-up: {pattern!r} not found in {path}"
    path.write_text(out, encoding="utf-8")


def append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def first_key(p, page):
    return re.search(r"\[@([\w-]+)", (p / page).read_text()).group(1)


CASES = {
    # name: (how to break the copy on a page, regex the build output must contain; {page}: that page)
    "missing front-matter field": (
        lambda p, page: replace_line(p / page, r"^description:.*\n", ""),
        r"{page}:1: the front matter has no 'description'.*\n\s+fix: add a line 'description: \.\.\.'"),
    "no front matter at all": (
        lambda p, page: (p / page).write_text((p / page).read_text().split("---", 2)[2]),
        r"{page}:1: the page has no front matter.*\n\s+fix: start the file with this block"),
    "invalid date": (
        lambda p, page: replace_line(p / page, r"^last_reviewed:.*$", "last_reviewed: 2026-13-45"),
        r"{page}:\d+: 'last_reviewed: 2026-13-45' is not a real date.*\n\s+fix: write the date as YYYY-MM-DD"),
    "next review before last review": (
        lambda p, page: replace_line(p / page, r"^next_review:.*$", "next_review: 2020-01-01"),
        r"{page}:\d+: next_review 2020-01-01 is not after last_reviewed.*\n\s+fix: set next_review after"),
    "unknown audience": (
        lambda p, page: replace_line(p / page, r"^audience:.*$", "audience: kids"),
        r"{page}:\d+: unknown audience 'kids'\.\n\s+fix: write one of: 'patients'"),
    "unknown citation key": (
        lambda p, page: edit(p / page, "[@" + first_key(p, page), "[@" + first_key(p, page) + "x"),
        r"{page}:\d+: unknown citation key '[\w-]+x'.*\n\s+fix: did you mean \[@[\w-]+\]\?"),
    "malformed BibTeX": (
        # the first title field (a comment above an entry may say "title" too)
        lambda p, page: replace_line(p / "bibliography.bib", r"^(\s+title\s*=)", r"\1 {"),
        r"bibliography\.bib:\d+: the file is not valid BibTeX in entry '[\w-]+' \(which starts at line \d+\).*\n\s+fix: check that entry's braces"),
    "duplicate BibTeX key": (
        lambda p, page: append(p / "bibliography.bib", "\n@article{berger2013pml,\n  title = {Copy},\n  year = {2013}\n}\n"),
        r"bibliography\.bib:\d+: the key 'berger2013pml' is used twice \(first at line \d+\)\.\n\s+fix: keep one entry per source"),
    "article without DOI or PMID": (
        lambda p, page: append(p / "bibliography.bib", "\n@article{nobody2020nothing,\n  author = {Nobody, A.},\n  title = {Nothing},\n"
                                                   "  journal = {J},\n  year = {2020}\n}\n"),
        r"bibliography\.bib:\d+: article 'nobody2020nothing' has no doi or pmid.*\n\s+fix: add doi"),
    "uncited bibliography entry": (
        lambda p, page: append(p / "bibliography.bib", "\n@article{nobody2020nothing,\n  author = {Nobody, A.},\n  title = {Nothing},\n"
                                                   "  journal = {J},\n  year = {2020},\n  doi = {10.1/x}\n}\n"),
        r"bibliography\.bib:\d+: entry 'nobody2020nothing' is not cited on any page\.\n\s+fix: cite it"),
    "duplicate glossary term": (
        lambda p, page: append(p / "glossary.yml", "\n- term: Myelin\n  definition: A second, different definition.\n"),
        r"glossary\.yml:\d+: 'Myelin' is already in the glossary \(as 'myelin', line \d+\)\.\n\s+fix: keep one entry per term"),
    "empty glossary definition": (
        lambda p, page: append(p / "glossary.yml", "\n- term: zzz empty term\n  definition: ''\n"),
        r"glossary\.yml:\d+: the term 'zzz empty term' has an empty definition\.\n\s+fix: write one or two short"),
    "glossary read-more to a missing page": (
        lambda p, page: append(p / "glossary.yml", "\n- term: zzz term\n  definition: Words.\n  read_more: patients/nope.md\n"),
        r"glossary\.yml:\d+: 'zzz term' has read_more 'patients/nope\.md', which is not a page\.\n\s+fix: give the page's path"),
    "broken internal link": (
        lambda p, page: append(p / page, "\nSee [the missing page](symptom.md).\n"),
        r"{page}:\d+: the link 'symptom\.md' points to a page that does not exist\.\n\s+fix: did you mean 'symptoms\.md'\?"),
    "broken anchor": (
        lambda p, page: append(p / page, "\nSee [a section](symptoms.md#no-such-section).\n"),
        r"{page}:\d+: the link 'symptoms\.md#no-such-section' points to a section that is not on 'patients/symptoms\.md'\.\n\s+fix: "),
    "script tag": (
        lambda p, page: append(p / page, "\n<script>alert(1)</script>\n"),
        r"{page}:\d+: the page contains a <script> tag\.\n\s+fix: remove it"),
    "inline event handler": (
        lambda p, page: append(p / page, '\n<span onclick="x()">hi</span>\n'),
        r"{page}:\d+: the page contains an inline event handler.*\n\s+fix: remove the attribute"),
    "iframe": (
        lambda p, page: append(p / page, '\n<iframe src="https://example.org"></iframe>\n'),
        r"{page}:\d+: the page contains an <iframe>\.\n\s+fix: link to the page instead"),
    "http link": (
        lambda p, page: append(p / page, "\nSee [this](http://example.org).\n"),
        r"{page}:\d+: the page contains an http:// link\.\n\s+fix: use the https:// address"),
    "number without a citation": (
        lambda p, page: append(p / page, "\nAbout 7 in 10 people recover fully.\n"),
        r"{page}:\d+: this sentence states 7, 10 with no source.*\n\s+fix: add the source in the same sentence"),
    "editorial working note shown to readers": (
        lambda p, page: append(p / page, "\nIts date was not visible in the stored copy.\n"),
        r"{page}:\d+: a note about the stored copy .*\"stored copy\".*\n\s+fix: tell readers in plain words what is missing"),
}


# Which cases share a build. The hook reports at four steps, each stopping the build with every
# problem it found: the bibliography and the glossary (on_config: within the .bib, a duplicate key
# stops before parsing and a parse error before the entry checks), the pages' sources (on_files),
# what readers see on the rendered pages (on_env) and the built HTML (on_post_build).
BATCHES = {
    "bib-keys": ["duplicate BibTeX key"],
    "bib-parse": ["malformed BibTeX"],
    "sources": ["article without DOI or PMID", "duplicate glossary term", "empty glossary definition",
                "glossary read-more to a missing page"],
    "pages": ["missing front-matter field", "no front matter at all", "invalid date", "next review before last review",
              "unknown audience", "unknown citation key", "uncited bibliography entry", "broken internal link",
              "broken anchor", "script tag", "inline event handler", "iframe", "http link"],
    "seen": ["number without a citation", "editorial working note shown to readers"],
}
BATCH_OF = {case: batch for batch, cases in BATCHES.items() for case in cases}


def build_batch(batch: str, project, folder) -> dict:
    """Every case of ``batch`` planted on its own page of one copy, which is then built once."""
    pages = assign_pages({case: None for case in BATCHES[batch]})
    plant_apart(project, {case: functools.partial(CASES[case][0], page=pages[case]) for case in BATCHES[batch]},
                may_share=("glossary.yml",))  # each glossary case's message names its own term
    before, bib_before = tree_digest(project / "docs"), (project / "bibliography.bib").read_bytes()
    result = mkdocs_build(project, folder / "site")
    return {"pages": pages, "returncode": result.returncode, "output": result.stdout + result.stderr,
            "docs unchanged": tree_digest(project / "docs") == before,
            "bib unchanged": (project / "bibliography.bib").read_bytes() == bib_before}


@pytest.fixture(scope="session")
def batch_result(tmp_path_factory):
    return lambda batch: batch_run(tmp_path_factory, f"bad-input-{batch}",
                                   functools.partial(build_batch, batch))


def test_every_case_is_in_one_batch():
    assert sorted(BATCH_OF) == sorted(CASES) and sum(map(len, BATCHES.values())) == len(CASES)


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_fails_with_located_message(batch_result, case):
    run = batch_result(BATCH_OF[case])
    output, expected = run["output"], CASES[case][1].replace("{page}", re.escape(run["pages"][case]))
    assert run["returncode"] != 0, f"the build passed despite: {case}\n{output}"
    assert re.search(expected, output), f"message for '{case}' (on {run['pages'][case]}) not found. Build output:\n{output}"
    assert "Traceback" not in output, f"'{case}' (batch {BATCH_OF[case]}) produced a traceback instead of a message:\n{output}"
    assert run["docs unchanged"], "the failed build changed files under docs/"
    assert run["bib unchanged"]


def test_unbroken_copy_builds(clean_copy_build):
    """The control: the same copy, unbroken, builds (so the failures above are the breakages)."""
    assert clean_copy_build["returncode"] == 0, clean_copy_build["log"]
