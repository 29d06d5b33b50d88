"""Editorial working notes never reach readers: pmlcheck.working_notes finds them, located, with a fix."""
from __future__ import annotations


import pytest

from pmlcheck import seen, working_notes

PAGE = """---
title: A page
description: What the guideline says.
audience: clinicians
---

Intro line with nothing to report.
{line}
Last line.
"""


def problems_for(line: str):
    return working_notes.find(PAGE.format(line=line), "docs/clinicians/x.md")


@pytest.mark.parametrize("line, words", [
    ("Its date was checked on a stored copy of the page [@x].", "stored copy"),
    ("No recommendation was visible in the stored copies [@x].", "stored copies"),
    ("We could not check the full table [@x].", "We could not check"),
    ("The authors could not be confirmed.", "could not be confirmed"),
    ("Its wording could not be fully checked [@x].", "could not be fully checked"),
    ("| Criterion | Not confirmed |", "Not confirmed"),
    ("| Criterion | None seen |", "None seen"),
    ("Revision date not visible in the copy checked [@x].", "in the copy checked"),
    ("Its revision date was not visible [@x].", "date was not visible"),
    ("Where a guideline's wording or date could not be seen, we say so.", "date could not be seen"),
    ("This figure is unverified.", "unverified"),
    ("FLAG: pages not seen.", "FLAG:"),
    ("Survival was better [citation needed].", "[citation needed]"),
])
def test_each_working_phrase_is_found_at_its_line_with_a_fix(line, words):
    found = problems_for(line)
    assert len(found) == 1, found
    problem = found[0]
    assert problem.line == 8 and problem.path == "docs/clinicians/x.md"
    assert f'"{words}"' in problem.message
    assert len(problem.fix) > 40


@pytest.mark.parametrize("line", [
    "PML was not confirmed by a brain biopsy in this patient [@x].",
    "The lesion was not visible on CT but showed on MRI [@x].",
    "The virus was not found in the spinal fluid [@x].",
    "The published table is not reproduced here yet; see the original guideline.",
    "We did not find a trusted source that answers this question directly.",
])
def test_medical_and_reader_wording_is_not_taken_for_a_working_note(line):
    assert problems_for(line) == []


def test_front_matter_description_is_checked_because_search_results_show_it():
    text = PAGE.format(line="Fine.").replace("What the guideline says.", "Where its content could not be seen.")
    found = working_notes.find(text, "p.md")
    assert [p.line for p in found] == [3]


def test_code_comments_and_snippet_lines_are_not_reader_text():
    text = PAGE.format(line="<!-- stored copy: FLAG -->\n```\nNot confirmed\n```\n--8<-- \"warnings/x.md\"")
    assert working_notes.find(text, "p.md") == []


def test_several_notes_on_one_line_make_one_problem_naming_each():
    found = problems_for("Date not visible in the stored copy [@x].")
    assert len(found) == 1
    assert '"stored copy"' in found[0].message and '"not visible in the stored copy"' in found[0].message


def test_about_pages_are_the_editorial_record_and_are_left_alone(tmp_path):
    docs = tmp_path / "docs"
    (docs / "about").mkdir(parents=True)
    (docs / "patients").mkdir()
    note = PAGE.format(line="We checked a stored copy of each source.")
    (docs / "about" / "editorial-policy.md").write_text(note, encoding="utf-8")
    (docs / "patients" / "a.md").write_text(note, encoding="utf-8")
    (docs / "index.md").write_text(note, encoding="utf-8")
    pages = sorted(docs.rglob("*.md"))
    found = working_notes.check_files(pages, docs=docs, root=tmp_path) + seen.working_notes_in(pages, tmp_path, docs)
    assert sorted(p.path for p in found) == ["docs/index.md", "docs/patients/a.md"]


def test_problem_reads_as_file_line_message_and_fix():
    text = str(problems_for("None seen.")[0])
    assert text.startswith("docs/clinicians/x.md:8: ") and "\n    fix: " in text
