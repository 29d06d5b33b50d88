"""Bad input fails the build with a message that names the file, the line and the fix,
and the failed build changes nothing under docs/. One test per class of mistake."""
from __future__ import annotations

import re

import pytest

from conftest import mkdocs_build, tree_digest

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


def first_key(p):
    return re.search(r"\[@([\w-]+)", (p / PAGE).read_text()).group(1)


CASES = {
    # name: (how to break the copy, regex the build output must contain)
    "missing front-matter field": (
        lambda p: replace_line(p / PAGE, r"^description:.*\n", ""),
        r"docs/patients/what-is-pml\.md:1: the front matter has no 'description'.*\n\s+fix: add a line 'description: \.\.\.'"),
    "no front matter at all": (
        lambda p: (p / PAGE).write_text((p / PAGE).read_text().split("---", 2)[2]),
        r"docs/patients/what-is-pml\.md:1: the page has no front matter.*\n\s+fix: start the file with this block"),
    "invalid date": (
        lambda p: replace_line(p / PAGE, r"^last_reviewed:.*$", "last_reviewed: 2026-13-45"),
        r"docs/patients/what-is-pml\.md:\d+: 'last_reviewed: 2026-13-45' is not a real date.*\n\s+fix: write the date as YYYY-MM-DD"),
    "next review before last review": (
        lambda p: replace_line(p / PAGE, r"^next_review:.*$", "next_review: 2020-01-01"),
        r"docs/patients/what-is-pml\.md:\d+: next_review 2020-01-01 is not after last_reviewed.*\n\s+fix: set next_review after"),
    "unknown audience": (
        lambda p: replace_line(p / PAGE, r"^audience:.*$", "audience: kids"),
        r"docs/patients/what-is-pml\.md:\d+: unknown audience 'kids'\.\n\s+fix: write one of: 'patients'"),
    "unknown citation key": (
        lambda p: edit(p / PAGE, "[@" + first_key(p), "[@" + first_key(p) + "x"),
        r"docs/patients/what-is-pml\.md:\d+: unknown citation key '[\w-]+x'.*\n\s+fix: did you mean \[@[\w-]+\]\?"),
    "malformed BibTeX": (
        # the first title field (a comment above an entry may say "title" too)
        lambda p: replace_line(p / "bibliography.bib", r"^(\s+title\s*=)", r"\1 {"),
        r"bibliography\.bib:\d+: the file is not valid BibTeX in entry '[\w-]+' \(which starts at line \d+\).*\n\s+fix: check that entry's braces"),
    "duplicate BibTeX key": (
        lambda p: append(p / "bibliography.bib", "\n@article{berger2013pml,\n  title = {Copy},\n  year = {2013}\n}\n"),
        r"bibliography\.bib:\d+: the key 'berger2013pml' is used twice \(first at line \d+\)\.\n\s+fix: keep one entry per source"),
    "article without DOI or PMID": (
        lambda p: append(p / "bibliography.bib", "\n@article{nobody2020nothing,\n  author = {Nobody, A.},\n  title = {Nothing},\n"
                                                   "  journal = {J},\n  year = {2020}\n}\n"),
        r"bibliography\.bib:\d+: article 'nobody2020nothing' has no doi or pmid.*\n\s+fix: add doi"),
    "uncited bibliography entry": (
        lambda p: append(p / "bibliography.bib", "\n@article{nobody2020nothing,\n  author = {Nobody, A.},\n  title = {Nothing},\n"
                                                   "  journal = {J},\n  year = {2020},\n  doi = {10.1/x}\n}\n"),
        r"bibliography\.bib:\d+: entry 'nobody2020nothing' is not cited on any page\.\n\s+fix: cite it"),
    "duplicate glossary term": (
        lambda p: append(p / "glossary.yml", "\n- term: Myelin\n  definition: A second, different definition.\n"),
        r"glossary\.yml:\d+: 'Myelin' is already in the glossary \(as 'myelin', line \d+\)\.\n\s+fix: keep one entry per term"),
    "empty glossary definition": (
        lambda p: append(p / "glossary.yml", "\n- term: zzz empty term\n  definition: ''\n"),
        r"glossary\.yml:\d+: the term 'zzz empty term' has an empty definition\.\n\s+fix: write one or two short"),
    "glossary read-more to a missing page": (
        lambda p: append(p / "glossary.yml", "\n- term: zzz term\n  definition: Words.\n  read_more: patients/nope.md\n"),
        r"glossary\.yml:\d+: 'zzz term' has read_more 'patients/nope\.md', which is not a page\.\n\s+fix: give the page's path"),
    "broken internal link": (
        lambda p: append(p / PAGE, "\nSee [the missing page](symptom.md).\n"),
        r"docs/patients/what-is-pml\.md:\d+: the link 'symptom\.md' points to a page that does not exist\.\n\s+fix: did you mean 'symptoms\.md'\?"),
    "broken anchor": (
        lambda p: append(p / PAGE, "\nSee [a section](symptoms.md#no-such-section).\n"),
        r"docs/patients/what-is-pml\.md:\d+: the link 'symptoms\.md#no-such-section' points to a section that is not on 'patients/symptoms\.md'\.\n\s+fix: "),
    "script tag": (
        lambda p: append(p / PAGE, "\n<script>alert(1)</script>\n"),
        r"docs/patients/what-is-pml\.md:\d+: the page contains a <script> tag\.\n\s+fix: remove it"),
    "inline event handler": (
        lambda p: append(p / PAGE, '\n<span onclick="x()">hi</span>\n'),
        r"docs/patients/what-is-pml\.md:\d+: the page contains an inline event handler.*\n\s+fix: remove the attribute"),
    "iframe": (
        lambda p: append(p / PAGE, '\n<iframe src="https://example.org"></iframe>\n'),
        r"docs/patients/what-is-pml\.md:\d+: the page contains an <iframe>\.\n\s+fix: link to the page instead"),
    "http link": (
        lambda p: append(p / PAGE, "\nSee [this](http://example.org).\n"),
        r"docs/patients/what-is-pml\.md:\d+: the page contains an http:// link\.\n\s+fix: use the https:// address"),
    "number without a citation": (
        lambda p: append(p / PAGE, "\nAbout 7 in 10 people recover fully.\n"),
        r"docs/patients/what-is-pml\.md:\d+: this sentence states 7, 10 with no source.*\n\s+fix: add the source in the same sentence"),
    "editorial working note shown to readers": (
        lambda p: append(p / PAGE, "\nIts date was not visible in the stored copy.\n"),
        r"docs/patients/what-is-pml\.md:\d+: a note about the stored copy .*\"stored copy\".*\n\s+fix: tell readers in plain words what is missing"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_fails_with_located_message(project_copy, tmp_path, case):
    breaker, expected = CASES[case]
    breaker(project_copy)
    before = tree_digest(project_copy / "docs")
    bib_before = (project_copy / "bibliography.bib").read_bytes()
    result = mkdocs_build(project_copy, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"the build passed despite: {case}\n{output}"
    assert re.search(expected, output), f"message for '{case}' not found. Build output:\n{output}"
    assert "Traceback" not in output, f"'{case}' produced a traceback instead of a message:\n{output}"
    assert tree_digest(project_copy / "docs") == before, "the failed build changed files under docs/"
    assert (project_copy / "bibliography.bib").read_bytes() == bib_before


def test_unbroken_copy_builds(project_copy, tmp_path):
    """The control: the same copy, unbroken, builds (so the failures above are the breakages)."""
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
