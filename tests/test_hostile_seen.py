"""Hostile input, round two (issue 27 item 4, issue 24 item 5): the checks judge what readers see.

Every case below changes a throwaway copy of the project the way the audit did (or a close
variant) to slip a number without a source, a hard page, an editors' note, a missing or hidden
never-stop warning, an instruction to stop a medicine, a look-alike glossary term, an invented
reviewer, a link in a reference or a search boost of infinity past the checks. Each must end in a
located refusal: the file, the line and a fix, with no traceback. The cases run through
`suite.check_all` (what `python3 scripts/dev.py check` runs, pages rendered as the build renders
them); a few also through a real `mkdocs build`, where the same checks read MkDocs' own HTML.
The time cases (a line of 150,000 "{", "[", "<a" ...) run in a subprocess with a time limit: the
limit bounds a hang, it is not a timing assertion.

`PML_SEEN_OBSERVE=<file.json>` records each case's outcome instead of asserting it (how the
before/after counts in the report were taken against the code before this work).
"""
from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable

import pytest

from conftest import ENV, PATIENT_PAGES, ROOT, assign_pages, batch_run, mkdocs_build, plant_apart
from pmlsources import shape

OBSERVE = os.environ.get("PML_SEEN_OBSERVE")
TREATMENT = "docs/patients/treatment.md"
PAGE = "docs/patients/what-is-pml.md"
INCLUDE = "warnings/never-stop-medicine.md"
KEY = "berger2013pml"
# The pages that must show the never-stop warning in the patients' words (pmlcheck/shape.py names
# them): a case that hides it there may go on any of them.
NEVER_STOP_PAGES = [str(page.relative_to(ROOT)) for page in sorted((ROOT / "docs").glob("*/*.md"))
                    if f'--8<-- "{INCLUDE}"' in page.read_text(encoding="utf-8")
                    and (page.parent.name in shape.NEVER_STOP_SECTIONS or f"{page.parent.name}/{page.name}" in shape.NEVER_STOP_PAGES)]
HARD_LINE = ("Notwithstanding multitudinous epidemiological considerations, immunocompromised individuals "
        "experiencing progressive neurological deterioration necessitate comprehensive multidisciplinary "
        "neuroradiological evaluation, cerebrospinal fluid polymerase chain reaction quantification, "
        "histopathological confirmation and longitudinal immunological reconstitution monitoring.")
HARD = "\n".join([HARD_LINE] * 30)  # thirty lines of it: the page's grade goes far above 8


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def on_page(text: str) -> Callable[[Path, str], None]:
    return lambda p, page: append(p / page, "\n" + text + "\n")


def wrap_include(before: str, after: str = "", indent: str = "") -> Callable[[Path, str], None]:
    line = f'--8<-- "{INCLUDE}"'
    return lambda p, page: edit(p / page, line, f"{before}\n\n{indent}{line}\n\n{after}")


def snippet(name: str, text: str) -> Callable[[Path, str], None]:
    def change(p: Path, page: str) -> None:
        (p / "docs/_includes" / name).write_text(text + "\n", encoding="utf-8")
        append(p / page, f'\n--8<-- "{name}"\n')
    return change


def nav_about_page_in_patients(body: str) -> Callable[[Path, str], None]:
    def change(p: Path, page: str) -> None:
        (p / "docs/about/notes.md").write_text(
            "---\ntitle: Notes\ndescription: Notes.\naudience: everyone\nlast_reviewed: 2026-11-30\n"
            "next_review: 2027-11-30\nreview_status: draft\n---\n\n" + body + "\n", encoding="utf-8")
        edit(p / "mkdocs.yml", "      - patients/faq.md\n", "      - patients/faq.md\n      - about/notes.md\n")
    return change


def glossary(yaml_text: str) -> Callable[[Path, str], None]:
    return lambda p, page: append(p / "glossary.yml", "\n" + yaml_text.rstrip() + "\n")


def front(old: str, new: str) -> Callable[[Path, str], None]:
    return lambda p, page: edit(p / page, old, new)


def status(lines: str) -> Callable[[Path, str], None]:
    """Replace the page's review_status line with ``lines``."""
    def change(p: Path, page: str) -> None:
        import re

        path = p / page
        path.write_text(re.sub(r"^review_status: .*$", lines, path.read_text(encoding="utf-8"), count=1, flags=re.M),
                        encoding="utf-8")
    return change


def bib_field(field: str, value: str) -> Callable[[Path, str], None]:
    def change(p: Path, page: str) -> None:
        path = p / "bibliography.bib"
        text = path.read_text(encoding="utf-8")
        start = text.index("@article{" + KEY + ",")
        end = text.index("\n}", start)
        path.write_text(text[:end] + f",\n  {field} = {{{value}}}" + text[end:], encoding="utf-8")
    return change


@dataclass
class Case:
    change: Callable[[Path, str], None]  # fn(project copy, the page checked)
    file: str | None    # the file the refusal must name (None: the page checked)
    words: str          # words the message must contain
    page: str | list | None = None  # the page checked: this one, one of these, or (None) any patients' page
    line: bool = True   # the refusal names a line


CASES = {
    # The never-stop warning: required, visible, pinned, in the reader's voice.
    "never-stop removed from patients/treatment": Case(front(f'--8<-- "{INCLUDE}"', ""), None, "never-stop", TREATMENT),
    "never-stop removed from medicines/natalizumab": Case(front(f'--8<-- "{INCLUDE}"', ""),
                                                          "docs/medicines/natalizumab.md", "never-stop",
                                                          "docs/medicines/natalizumab.md"),
    "never-stop in <div hidden markdown>": Case(wrap_include("<div hidden markdown>", "</div>"), None, "never-stop", NEVER_STOP_PAGES),
    "never-stop in a collapsed ??? block": Case(wrap_include('??? note "Medicines"', "", "    "), None, "never-stop", NEVER_STOP_PAGES),
    "never-stop in a print-only block": Case(wrap_include('<div class="pml-print-only" markdown>', "</div>"),
                                             None, "never-stop", NEVER_STOP_PAGES),
    "never-stop in a visually hidden block": Case(wrap_include('<div class="pml-visually-hidden" markdown>', "</div>"),
                                                  None, "never-stop", NEVER_STOP_PAGES),
    "never-stop in a class the theme hides": Case(wrap_include('<div class="md-toggle" markdown>', "</div>"),
                                                  None, "never-stop", NEVER_STOP_PAGES),
    "never-stop in an unknown wrapper": Case(wrap_include('<div class="pml-anything" markdown>', "</div>"),
                                             None, "never-stop", NEVER_STOP_PAGES),
    "never-stop aria-hidden": Case(wrap_include('<div aria-hidden="true" markdown>', "</div>"), None, "never-stop", NEVER_STOP_PAGES),
    "never-stop include rewritten to advise stopping": Case(
        lambda p, page: edit(p / "docs/_includes" / INCLUDE, "keep taking your medicine", "stop taking your medicine"),
        "docs/_includes/warnings/never-stop-medicine.md", "pinned", TREATMENT),
    "never-stop include: one word changed": Case(
        lambda p, page: edit(p / "docs/_includes" / INCLUDE, "serious", "rare"),
        "docs/_includes/warnings/never-stop-medicine.md", "pinned", TREATMENT),
    "never-stop retyped with other words": Case(
        on_page('!!! note pml-medicine "Do not stop or change your medicine on your own"\n\n    It is fine to stop it.'),
        None, "does not show the words"),
    "clinician wording on a patient page": Case(on_page('--8<-- "warnings/never-stop-clinician.md"'), None, "written for clinicians"),
    "patient wording on a clinician page": Case(on_page(f'--8<-- "{INCLUDE}"'),
                                                "docs/clinicians/imaging.md", "written for patients", "docs/clinicians/imaging.md"),
    "patient trials wording on a clinician page": Case(
        front('--8<-- "warnings/trials-clinician.md"', '--8<-- "warnings/trials-talk-to-team.md"'),
        "docs/clinicians/management.md", "written for patients", "docs/clinicians/management.md"),
    # Instructions to stop, start or change a medicine.
    "Stop taking natalizumab now.": Case(on_page("Stop taking natalizumab now."), None, "tells readers what to do"),
    "instruction with look-alike letters": Case(on_page("St\u043ep taking natalizumab now."), None, "tells readers what to do"),
    "instruction in a list item": Case(on_page("- Stop your medicine if you feel unwell."), None, "tells readers what to do"),
    "you can stop your medicine": Case(on_page("You can stop your medicine when you feel better."), None, "tells readers what to do"),
    "safe to stop": Case(on_page("It is safe to stop natalizumab for a while."), None, "tells readers what to do"),
    "without talking to your doctor": Case(on_page("Change the dose without talking to your doctor."), None, "tells readers what to do"),
    "instruction in a snippet": Case(snippet("advice.md", "Stop taking rituximab today."), "docs/_includes/advice.md",
                                     "tells readers what to do"),
    # Numbers without a source readers can see.
    "number in a heading": Case(on_page("## 40 in 100 people die"), None, "40"),
    "number in a table header row": Case(on_page("| Risk 4 in 1,000 | Group |\n|---|---|\n| a | b |"), None, "1,000"),
    "number in an admonition title": Case(on_page('!!! note "4 in 10 people die"\n\n    Words.'), None, "4, 10"),
    "number after an HTML comment": Case(on_page("<!-- x --> About 40 in 100 people die."), None, "40"),
    "number hidden by an inline triple backtick": Case(on_page("```a``` b.\nAbout 40 in 100 people die.\n"), None, "40"),
    "number as character entities": Case(on_page("About &#52;&#48; in &#49;&#48;&#48; people die."), None, "40, 100"),
    "citation inside <span hidden>": Case(on_page(f"About 40 in 100 people die <span hidden>[@{KEY}]</span>."), None, "40"),
    "citation in a print-only span": Case(on_page(f'About 40 in 100 people die <span class="pml-print-only">[@{KEY}]</span>.'),
                                          None, "40"),
    "number in a snippet": Case(snippet("facts.md", "About 40 in 100 people die."), "docs/_includes/facts.md", "40"),
    "number in a collapsed block": Case(on_page('??? note "More"\n\n    About 40 in 100 people die.'), None, "40"),
    "citation mark written by hand": Case(on_page('A claim<sup id="fnref:x"><a class="footnote-ref" href="#fn:x">3</a></sup>.'),
                                          None, "cites no source"),
    "footnote that is not a source": Case(on_page("A claim [^note].\n\n[^note]: My own note."), None, "cites no source"),
    "folded-citation comment in a page": Case(on_page("<!--pml-cite-folded:1-->\n\nAbout 40 in 100 people die."), None,
                                              "pml-cite-folded"),
    "generated-block comment in a page": Case(on_page("<!-- pml-generated-begin -->\n\nAbout 40 in 100 people die."), None,
                                              "pml-generated-begin"),
    # Reading level.
    "hard text in a snippet": Case(snippet("hard.md", HARD), None, "reading grade", line=False),
    "hard text after <!-- -->": Case(on_page("\n".join("<!-- --> " + line for line in HARD.split("\n"))), None,
                                     "reading grade", line=False),
    "hard text behind the fence trick": Case(on_page("```a``` b.\n" + HARD), None, "reading grade", line=False),
    "hard text padded with hidden short sentences": Case(
        on_page("\n".join([HARD_LINE] * 8 + ["<span hidden>" + "We go home. " * 390 + "</span>"] * 15)), None, "reading grade",
        line=False),
    # Working notes.
    "working note with a soft hyphen": Case(on_page("We kept a sto\u00adred copy of the study."), None, "stored copy"),
    "working note with a Cyrillic o": Case(on_page("We kept a st\u043ered copy of the study."), None, "stored copy"),
    "working note in a snippet": Case(snippet("note.md", "None seen in the records."), "docs/_includes/note.md", "None seen"),
    # An About page listed among the patients' pages gets the patients' rules.
    "about page in the Patients nav: number": Case(nav_about_page_in_patients("About 40 in 100 people die."),
                                                   "docs/about/notes.md", "listed under", "docs/about/notes.md"),
    "about page in the Patients nav: working note": Case(nav_about_page_in_patients("We kept a stored copy."),
                                                         "docs/about/notes.md", "listed under", "docs/about/notes.md"),
    "about page in the Patients nav: grade": Case(nav_about_page_in_patients(HARD), "docs/about/notes.md", "reading grade",
                                                  "docs/about/notes.md", line=False),
    # Glossary, front matter, bibliography.
    "look-alike duplicate glossary term": Case(glossary("- term: my\u0435lin\n  definition: A coat."), "glossary.yml", "already"),
    "glossary alias stop": Case(glossary("- term: pause button\n  aliases: [stop]\n  definition: A button."), "glossary.yml",
                                "instruction word"),
    "glossary alias Stop": Case(glossary("- term: pause button\n  aliases: [Stop]\n  definition: A button."), "glossary.yml",
                                "instruction word"),
    "glossary definition advising": Case(glossary("- term: drug holiday\n  definition: Safe to do at any time without talking "
                                                  "to your doctor."), "glossary.yml", "tells readers"),
    "invented reviewer, clinically reviewed": Case(status("review_status: clinically-reviewed\n"
                                                          "clinical_reviewers: [Dr Ann Example]"), None, "CLINICAL_REVIEWERS"),
    "invented reviewer on a draft": Case(status("review_status: draft\nclinical_reviewers: [Dr A]"),
                                         None, "CLINICAL_REVIEWERS"),
    "search boost .inf": Case(status("review_status: draft\nsearch: {boost: .inf}"), None, "boost"),
    "search boost .nan": Case(status("review_status: draft\nsearch: {boost: .nan}"), None, "boost"),
    "search boost 1e9": Case(status("review_status: draft\nsearch: {boost: 1e9}"), None, "boost"),
    "search boost negative": Case(status("review_status: draft\nsearch: {boost: -1}"), None, "boost"),
    "\\href in a BibTeX title": Case(bib_field("note", "\\href{https://example.org}{Full text here}"), "bibliography.bib", "href"),
    "\\url in a BibTeX field": Case(bib_field("note", "\\url{https://example.org}"), "bibliography.bib", "url"),
    "address in a BibTeX note": Case(bib_field("note", "Full text at www.example.org"), "bibliography.bib", "web address"),
}
# Cases also built with MkDocs: the build checks MkDocs' own HTML (on_page_content) the same way.
BUILT = ["never-stop in <div hidden markdown>", "Stop taking natalizumab now.", "number in a heading",
         "citation mark written by hand", "search boost .inf", "citation inside <span hidden>"]

# Which cases share one run of the checks (or one build). Each case goes on a page of its own
# (conftest.assign_pages) and no two cases of a batch change the same file (conftest.plant_apart),
# so the file a message names says whose it is. check_all stops at a .bib problem (the glossary
# is still reported) and at a problem with the project's files; else it reports every page check.
# Each batch of the build holds cases the build reports at one step: the pages' sources
# (on_files) or what readers see on the rendered pages (on_env).
_SOURCES = [["\\href in a BibTeX title", "look-alike duplicate glossary term"],
            ["\\url in a BibTeX field", "glossary alias stop"],
            ["address in a BibTeX note", "glossary alias Stop"]]
_ALONE = ["never-stop include rewritten to advise stopping", "never-stop include: one word changed"]  # every page shows it
_NAV = ["about page in the Patients nav: number", "about page in the Patients nav: working note",
        "about page in the Patients nav: grade"]  # each adds docs/about/notes.md to mkdocs.yml's nav
_PAGES = [name for name in CASES if name not in [*sum(_SOURCES, []), *_ALONE, *_NAV]]
BATCHES = {
    **{f"sources-{n + 1}": cases for n, cases in enumerate(_SOURCES)},
    **{f"include-{n + 1}": [name] for n, name in enumerate(_ALONE)},
    **{f"pages-{n + 1}": _PAGES[n::4] + _NAV[n:n + 1] for n in range(4)},
}
BATCH_OF = {case: batch for batch, cases in BATCHES.items() for case in cases}
BUILT_BATCHES = {"sources": ["search boost .inf"],
                 "seen": ["never-stop in <div hidden markdown>", "Stop taking natalizumab now.", "number in a heading",
                          "citation inside <span hidden>", "citation mark written by hand"]}
BUILT_BATCH_OF = {case: batch for batch, cases in BUILT_BATCHES.items() for case in cases}


def check(project: Path, pages: list[str]) -> dict:
    """suite.check_all on ``pages`` of the copy, in a subprocess with a time limit:
    {"outcome": "hang" | "traceback" | "checked", "problems": [[what, path, line, message, fix], ...]}."""
    code = ("import sys, json; sys.path.insert(0, 'scripts'); from pathlib import Path; from pmlcheck import suite; "
            "root = Path('.').resolve(); "
            f"r = suite.check_all([root / p for p in {pages!r}], whole_site=False, root=root, docs=root / 'docs'); "
            "print(json.dumps([[w, p.path, p.line, p.message, p.fix] for w, found in r for p in found]))")
    try:
        run = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True, timeout=120, env=ENV)
    except subprocess.TimeoutExpired:
        return {"outcome": "hang"}
    if run.returncode != 0 or "Traceback" in run.stderr:
        return {"outcome": "traceback", "detail": run.stderr[-800:]}
    problems = [p for p in json.loads(run.stdout.strip().splitlines()[-1]) if p[0] != "project files" or ".venv" not in p[1]]
    return {"outcome": "checked", "problems": problems}


def judge(checked: dict, file: str, words: str, line: bool) -> dict:
    """Refused and located (``file``, a message with ``words``, a fix, a line where ``line``),
    refused without the file or line, passed, or what went wrong."""
    if checked["outcome"] != "checked":
        return checked
    problems = checked["problems"]
    mine = [p for p in problems if p[1] == file and words.lower() in (p[3] + p[4]).lower()]
    if mine and all(p[4] for p in mine) and (not line or any(p[2] for p in mine)):
        return {"outcome": "refused-located", "detail": mine[0]}
    if problems:
        return {"outcome": "refused-elsewhere" if not mine else "refused-unlocated", "detail": problems[:3]}
    return {"outcome": "passed"}


def outcome(project: Path, case: Case) -> dict:
    """One case already planted, checked on its own page (``case.page``, ``case.file``: strings)."""
    return judge(check(project, [case.page]), case.file, case.words, case.line)


def plant_batch(cases: list[str], project: Path) -> dict[str, str]:
    """Every case of a batch planted in one copy, each on its page: {case: page}."""
    pages = assign_pages({name: CASES[name].page for name in cases})
    plant_apart(project, {name: functools.partial(CASES[name].change, page=pages[name]) for name in cases})
    return pages


def check_batch(batch: str, project: Path, folder: Path) -> dict:
    pages = plant_batch(BATCHES[batch], project)
    return {"pages": pages, **check(project, list(dict.fromkeys(pages.values())))}


def build_batch(batch: str, project: Path, folder: Path) -> dict:
    pages = plant_batch(BUILT_BATCHES[batch], project)
    result = mkdocs_build(project, folder / "site")
    return {"pages": pages, "returncode": result.returncode, "log": result.stdout + result.stderr}


@pytest.fixture(scope="session")
def batches(tmp_path_factory):
    return {"checked": lambda batch: batch_run(tmp_path_factory, f"seen-{batch}", functools.partial(check_batch, batch)),
            "built": lambda batch: batch_run(tmp_path_factory, f"seen-built-{batch}", functools.partial(build_batch, batch))}


def _record(name: str, result: dict) -> None:
    path = Path(OBSERVE)
    data = json.loads(path.read_text()) if path.exists() else {}
    data[name] = result["outcome"]
    path.write_text(json.dumps(data, indent=1, sort_keys=True))


def test_every_case_is_in_one_batch():
    assert sorted(BATCH_OF) == sorted(CASES) and sum(map(len, BATCHES.values())) == len(CASES)
    assert sorted(BUILT_BATCH_OF) == sorted(BUILT)


@pytest.mark.parametrize("name", list(CASES))
def test_what_readers_see_is_checked(batches, name):
    case, run = CASES[name], batches["checked"](BATCH_OF[name])
    page = run["pages"][name]
    result = judge(run, case.file or page, case.words, case.line)
    if OBSERVE:
        _record(name, result)
        return
    assert result["outcome"] == "refused-located", f"{name} (on {page}, batch {BATCH_OF[name]}): {result}"


def test_the_copy_passes_before_any_change(project_copy):
    """The cases above fail because of their change, not because the copy fails anyway: every
    page a case may be checked on passes unchanged."""
    fixed = [case.page for case in CASES.values() if isinstance(case.page, str) and (ROOT / case.page).exists()]
    checked = check(project_copy, list(dict.fromkeys(PATIENT_PAGES + fixed + list(LONG_PAGES.values()))))
    assert checked == {"outcome": "checked", "problems": []}, checked


@pytest.mark.parametrize("name", BUILT)
def test_the_build_refuses_with_file_and_line(batches, name):
    case, run = CASES[name], batches["built"](BUILT_BATCH_OF[name])
    log, file = run["log"], case.file or run["pages"][name]
    if OBSERVE:
        _record("build: " + name, {"outcome": "passed" if run["returncode"] == 0 else
                                   "traceback" if "Traceback" in log else "refused-located"})
        return
    where = f"{name} (on {run['pages'][name]}, batch {BUILT_BATCH_OF[name]})"
    assert run["returncode"] != 0, f"{where}: built"
    assert "Traceback" not in log, log[-2000:]
    assert re.search(rf"^{re.escape(file)}:\d+: .*\n\s+fix: ", log, re.M), f"{where}: no located message naming {file}:\n{log[-3000:]}"


# ---- time: a line of 150,000 of one character is refused before any pattern runs, and every
# pattern the checks run is linear on lines just under the limit.

LONG = ["{", "[", "<a", "<a x", "@a", "![", "<!--", "x<!--", "](", "`", "<img", "{: on", "*_", "[^a]", "[@a ", "&#52;"]


# Each pattern on a page of its own, all of them checked in one run a batch (one copy, one
# subprocess with the time limit): a hang still fails every case of its batch.
LONG_PAGES = assign_pages({chars: PATIENT_PAGES + sorted(str(f.relative_to(ROOT)) for f in (ROOT / "docs" / "medicines").glob("*.md"))
                           for chars in LONG})


def _one_line_each(project: Path, folder: Path) -> dict:
    for chars, page in LONG_PAGES.items():
        append(project / page, "\n" + chars * (150_000 // len(chars)) + "\n")
    return check(project, list(LONG_PAGES.values()))


def _forty_lines_each(project: Path, folder: Path) -> dict:
    for chars, page in LONG_PAGES.items():
        line = (chars * (4_900 // len(chars)))[:4_900]
        append(project / page, "\n" + "\n\n".join([line] * 40) + "\n")
    return check(project, list(LONG_PAGES.values()))


@pytest.fixture(scope="session")
def long_lines(tmp_path_factory):
    return {"over": batch_run(tmp_path_factory, "seen-long-over", _one_line_each),
            "under": batch_run(tmp_path_factory, "seen-long-under", _forty_lines_each)}


@pytest.mark.parametrize("chars", LONG)
def test_a_line_of_150000_is_refused_within_a_bound(long_lines, chars):
    result = judge(long_lines["over"], LONG_PAGES[chars], "characters (limit", True)
    if OBSERVE:
        _record(f"150,000 x {chars!r}", result)
        return
    assert result["outcome"] == "refused-located", result


@pytest.mark.parametrize("chars", LONG)
def test_lines_under_the_limit_are_checked_within_a_bound(long_lines, chars):
    """Forty lines of 4,900 characters each: every check reads them (no pattern is quadratic)."""
    result = judge(long_lines["under"], LONG_PAGES[chars], "none", True)
    if OBSERVE:
        _record(f"40 lines x {chars!r}", result)
        return
    assert result["outcome"] not in ("hang", "traceback"), result


def test_every_safety_pattern_is_linear_on_150000_characters():
    """The safety rules alone, on the text the audit used, in a subprocess with a time limit."""
    code = ("import sys; sys.path.insert(0, 'scripts'); from pmlcheck import safety\n"
            f"for c in {LONG!r}:\n    safety.check_text(c * (150000 // len(c)), 'x.md')\nprint('done')")
    run = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[1], capture_output=True,
                         text=True, timeout=60)
    assert run.stdout.strip() == "done", run.stderr


# ---- the pieces, directly

def test_fold_maps_look_alikes_and_soft_hyphens():
    from pmlsources.lookalikes import fold, mixed_script_words

    assert fold("My\u0435lin") == fold("my\u00adelin") == "myelin"
    assert fold("N\u03bft confirmed", keep_case=True) == "Not confirmed"
    assert mixed_script_words("my\u0435lin sheath") == ["my\u0435lin"]
    assert mixed_script_words("\u03bc\u03b3 and myelin") == []  # Greek alone is not mixed


@pytest.mark.parametrize("sentence", [
    "Keep taking your medicine and talk to your team.", "Stopping a medicine can make the illness flare up.",
    "Change a natalizumab risk figure in the data file.", "Start here if you were just told.",
    "Your team may stop natalizumab if PML is suspected.", "Do not stop any treatment on your own.",
    "Double-click it to open the folder.",
])
def test_ordinary_sentences_are_not_instructions(sentence):
    from pmlcheck import never_stop

    assert never_stop.instruction(sentence) is None


def test_hidden_and_collapsed_content_in_the_reader():
    from pmlcheck import seen

    html = ('<p>Shown<sup id="fnref:a"><a class="footnote-ref" href="#fn:a">1</a></sup>.</p><p hidden>Gone 4.</p><details><summary>Open</summary><p>Folded 5.</p></details>'
            '<div class="admonition pml-medicine"><p>Box</p></div>'
            '<details><summary>x</summary><div class="admonition pml-medicine"><p>Box</p></div></details>')
    reader = seen.read(html, marks=frozenset({"fnref:a"}))
    texts = [b.text for b in seen.prose_blocks(reader)]
    assert "Gone 4." not in texts and "Folded 5." in texts and seen.CITE in texts[0]
    assert [b.shown for b in reader.boxes] == [True, False]


def test_only_the_marks_the_build_drew_count_as_citations():
    """A mark the build drew counts once; the same element written by hand (before or after it),
    a footnote's text and the build's comment written by hand are citations of nothing."""
    from pmlcheck import seen

    drawn = '<p>Claim 4<sup id="fnref:a"><a class="footnote-ref" href="#fn:a">1</a></sup>.</p>'
    assert seen.CITE in seen.prose_blocks(seen.read(drawn, marks=frozenset({"fnref:a"})))[0].text
    for html in (drawn, drawn + drawn, "<p>Claim 4 [^a].</p>", "<p>Claim 4<!--pml-cite-folded:1-->.</p>"):
        reader = seen.read(html, marks=frozenset() if html != drawn + drawn else frozenset({"fnref:a"}))
        assert reader.hand_marks, html
        assert seen.CITE not in seen.prose_blocks(reader)[-1].text, html


# --- the record of passes (pmlcheck/seen_record.py): only the exact page, with everything it reads unchanged ---

def _seen_project(tmp_path, monkeypatch):
    """A copy of the project's sources, this user's key in the test's own folder, and a counter of checks run."""
    from pmlcheck import seen
    from pmlsources.pages import copy_site_sources

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    monkeypatch.delenv("PML_GUIDE_NO_CACHE", raising=False)
    root = copy_site_sources(tmp_path / "project")
    checked: list[str] = []
    whole = seen.check_built
    monkeypatch.setattr(seen, "check_built", lambda html, *rest, **named: checked.append(html) or whole(html, *rest, **named))
    return root, checked


_PASSES = "<h2>What PML is</h2>\n<p>PML is an infection of the brain. Your care team looks after you.</p>\n"
_FAILS = "<p>PML is an infection of the brain.</p>\n<p>Stop taking your medicine now.</p>\n"


def _seen_record(root):
    from pmlcheck import seen, seen_record

    return seen_record.SeenRecord(root, root / "docs", seen.hiding_classes(root / "docs"))


def test_seen_record_reuses_only_a_pass_of_the_exact_page(tmp_path, monkeypatch):
    root, checked = _seen_project(tmp_path, monkeypatch)
    page = str(root / "docs" / "patients" / "diagnosis.md")
    record = _seen_record(root)
    first = record.check_built(_PASSES, page)
    assert not first.problems and first.grade_text and record.check_built(_FAILS, page).problems
    record.save()
    again = _seen_record(root)
    reused = again.check_built(_PASSES, page)
    assert (reused.problems, reused.grade_text, reused.grade_path) == ([], first.grade_text, first.grade_path)
    assert checked == [_PASSES, _FAILS]  # the pass came from the record
    assert again.check_built(_FAILS, page).problems and checked[-1] == _FAILS  # a failure is checked again
    changed = _PASSES.replace("brain.", "brain. About 1 in 100 people get it.")
    assert again.check_built(changed, page).problems and checked[-1] == changed  # one change: checked, and refused
    elsewhere = str(root / "docs" / "about" / "index.md")  # the same HTML on another page (other rules): checked
    again.check_built(_PASSES, elsewhere)
    assert checked[-1] == _PASSES and len(checked) == 5
    again.save()
    warning = root / "docs" / "_includes" / "warnings" / "never-stop-medicine.md"
    warning.write_text(warning.read_text() + "\nOther words.\n")  # a snippet the checks read: every page checked again
    _seen_record(root).check_built(_PASSES, page)
    assert len(checked) == 6


def test_seen_record_from_anywhere_else_vouches_for_nothing(tmp_path, monkeypatch):
    import hashlib

    from pmlsources import localcache

    root, checked = _seen_project(tmp_path, monkeypatch)
    page = str(root / "docs" / "patients" / "diagnosis.md")
    record = _seen_record(root)
    record.check_built(_PASSES, page)
    [key] = record.passed
    hostile = {"base": record.base, "pages": {key: ["words", ""]}}
    forged = hashlib.sha256(b"x").hexdigest().encode() + b"\n" + json.dumps(hostile).encode()
    for raw in (json.dumps(hostile).encode(), forged):
        record.path.parent.mkdir(parents=True, exist_ok=True)
        record.path.write_bytes(raw)
        assert _seen_record(root).known == {}
    localcache.write_signed(record.path, hostile, localcache.secret())
    assert _seen_record(root).known == {key: ["words", ""]}  # the control: this user's own record is read
    localcache.write_signed(record.path, {"base": record.base, "pages": {key: ["words", 3]}}, localcache.secret())
    assert _seen_record(root).known == {}
    monkeypatch.setenv("PML_GUIDE_NO_CACHE", "1")
    assert _seen_record(root).known == {}
