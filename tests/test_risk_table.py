"""The natalizumab risk data file and the table generated from it (pmlsources.riskdata, pmlrender.risk)."""
from pathlib import Path

import pytest

from pmlrender import generated, risk
from pmlsources import riskdata

REPO = Path(__file__).resolve().parents[1]

GOOD = """\
estimates:
  - id: pooled
    label: Everyone in one study
    per_1000: 4.19
    cases: 156
    people: 37249
    antibody: any
    prior_immunosuppressant: any
    source: key-a
    source_date: 2017-11
  - id: negative
    label: No antibodies
    per_1000: 0.11
    interval: [0, 0.59]
    antibody: negative
    prior_immunosuppressant: no
    source: key-b
    source_date: 2012-01-20
by_time:
  - id: by-index
    label: Antibodies found, by index
    cells: [unchecked, none, overall]
    why: Not given here yet [@key-a].
  - id: negative-by-time
    label: No antibodies
    cells: [negative, unchecked, unchecked]
    why: One figure only [@key-b].
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / riskdata.DATA_FILE
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return tmp_path


def test_good_file_loads_and_bare_words_and_dates_stay_text(tmp_path):
    data, problems = riskdata.load(_write(tmp_path, GOOD), {"key-a", "key-b"})
    assert problems == []
    assert [r["id"] for r in data.estimates] == ["pooled", "negative"]
    negative = data.row("negative")
    assert negative["prior_immunosuppressant"] == "no"  # YAML 1.2 (pmlsources/data.py): the bare `no` is the word
    assert negative["source_date"] == "2012-01-20"  # and the bare date is its text


@pytest.mark.parametrize("old, new, line, words", [
    ("per_1000: 4.19", "per_1000: about four", 2, "'per_1000'"),
    ("interval: [0, 0.59]", "interval: [0.2, 0.59]", 11, "outside its interval"),
    ("source: key-b", "source: key-z", 11, "not in bibliography.bib"),
    ("source_date: 2017-11", "source_date: Nov 2017", 2, "source_date"),
    ("antibody: negative", "antibody: maybe", 11, "'antibody'"),
    ("  - id: negative", "  - id: pooled", 11, "used twice"),
    ("    cases: 156", "    cases: 156\n    casess: 3", 2, "'casess' is not known"),
    ("    why: Not given here yet [@key-a].\n", "", 20, "'why' is missing"),
    ("cells: [unchecked, none, overall]", "cells: [unchecked, none]", 20, "'cells'"),
    ("cells: [negative, unchecked, unchecked]", "cells: [negativ, unchecked, unchecked]", 24, "neither an estimate id"),
    ("cells: [unchecked, none, overall]", "cells: [unchecked, none, 3]", 20, "49-72 months"),
])
def test_each_bad_row_is_reported_on_its_own_line(tmp_path, old, new, line, words):
    data, problems = riskdata.load(_write(tmp_path, GOOD.replace(old, new)), {"key-a", "key-b"})
    assert any(p.line == line and words in p.message for p in problems), problems
    assert all(p.path.endswith("natalizumab-risk.yml") and p.fix for p in problems)
    bad_ids = {r["id"] for r in data.estimates + data.by_time}
    assert len(bad_ids) < 4  # the bad row is left out of what gets drawn


def test_unsafe_or_broken_yaml_is_a_located_problem_not_a_traceback(tmp_path):
    _, problems = riskdata.load(_write(tmp_path, GOOD + "estimates: []\n"))
    assert problems and "twice" in problems[0].message
    _, problems = riskdata.load(_write(tmp_path / "b", "rows:\n  - id: x\n"))
    assert problems[0].line == 1 and "estimates" in problems[0].message + problems[0].fix


def test_by_time_that_is_not_a_list_is_located_and_draws_nothing(tmp_path):
    text = GOOD[:GOOD.index("by_time:")] + "by_time: 3\n"
    data, problems = riskdata.load(_write(tmp_path, text), {"key-a", "key-b"})
    assert [(p.line, "'by_time' is not a list" in p.message) for p in problems] == [(1, True)]
    assert data.by_time == [] and risk.by_time_markdown(data).count("\n| ") == 0


@pytest.mark.parametrize("per_1000, below, expected", [
    (4.19, False, "about 4 in 1,000 (about 1 in 240)"),
    (11, False, "about 11 in 1,000 (about 1 in 90)"),
    (25, False, "about 25 in 1,000 (about 1 in 40)"),
    (500, False, "about 500 in 1,000 (about 1 in 2)"),
    (4.6, False, "about 4.6 in 1,000 (about 1 in 220)"),
    (0.07, True, "fewer than 0.07 in 1,000 (fewer than 1 in 14,000)"),
    (0.11, False, "about 0.11 in 1,000 (about 1 in 9,100)"),
])
def test_natural_frequencies(per_1000, below, expected):
    assert risk.natural_frequency(per_1000, below) == expected


def test_dates_in_words():
    assert [risk.date_words(d) for d in ("2012-01-20", "2017-11", "2014")] == \
        ["20 January 2012", "November 2017", "2014"]


def test_table_cites_every_row_with_its_date(tmp_path):
    data, _ = riskdata.load(_write(tmp_path, GOOD))
    table = risk.table_markdown(data).split("\n")
    assert len(table) == 2 + 2
    pooled, negative = table[2:]
    assert "156 got PML, about 4 in 1,000" in pooled and "37,249 people [@key-a]" in pooled
    assert pooled.count("[@key-a]") == 2 and "published November 2017 [@key-a]" in pooled
    assert "likely between 0 and 0.59 in 1,000" in negative and "20 January 2012 [@key-b]" in negative


def test_by_time_table_gives_each_cell_a_figure_or_says_why_not(tmp_path):
    data, _ = riskdata.load(_write(tmp_path, GOOD))
    text = risk.by_time_markdown(data)
    table = [line for line in text.split("\n") if line.startswith("| ")]
    assert table[0].startswith("| Group | Up to 2 years | 2 to 4 years | 4 to 6 years |")
    by_index, negative = table[1:]
    assert by_index == ("| Antibodies found, by index | Published, not shown here | None published "
                        "| One figure for any time |")
    assert "About 0.11 in 1,000, published 20 January 2012 [@key-b]" in negative
    # each group's note is kept, folded under the table, with its citation
    assert f'??? note "{risk.NOTES_TITLE}"' in text
    assert "    - **Antibodies found, by index:** Not given here yet [@key-a]." in text


def test_a_cell_naming_a_broken_estimate_shows_no_number(tmp_path):
    data, problems = riskdata.load(_write(tmp_path, GOOD.replace("per_1000: 0.11", "per_1000: lots")), {"key-a", "key-b"})
    assert problems and data.row("negative") is None
    row = next(r for r in data.by_time if r["id"] == "negative-by-time")
    assert risk.by_time_cell(row["cells"][0], data) == "No figure given here"


def _body_rows(markdown: str) -> list[str]:
    """The body rows of the one Markdown table in a generated block (not its header or rule)."""
    rows = [line for line in markdown.splitlines() if line.startswith("| ")]
    return rows[1:]


def test_the_block_is_registered_and_draws_the_real_data_file():
    blocks = generated.registered()
    assert "natalizumab-risk-table" in blocks
    ctx = generated.Context(root=REPO, docs=REPO / "docs", page="medicines/natalizumab.md")
    text = generated.expand("<!-- generated: natalizumab-risk-table -->\n", ctx)
    data, problems = riskdata.load(REPO)
    assert problems == []
    for row in data.estimates:
        assert f"[@{row['source']}]" in text
    assert len(_body_rows(text)) == len(data.estimates)
    by_time = generated.expand("<!-- generated: natalizumab-risk-by-time -->\n", ctx)
    assert len(_body_rows(by_time)) == len(data.by_time)
    for row in data.by_time:
        assert len(row["cells"]) == len(riskdata.BANDS)


# ---------------------------------------------------------------- the page on a phone

PHONE = {"width": 390, "height": 844}
MAX_SCREENS = 12  # issue 24: the page, before its references, fits in fewer than 12 phone screens


def test_on_a_phone_the_page_answers_risk_and_checks_first_and_stays_short(browser, site_server):
    """At 390 x 844 the "In short" box (what is my risk, what checks do I need) starts on the first
    screen and links to both answers; the article up to its reference list is under 12 screens
    with every fold closed; the by-time table and the icon array are shown, not folded away."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(site_server + "medicines/natalizumab/", wait_until="load", timeout=30000)
        summary = page.locator(".md-content .admonition.abstract").first
        box = summary.bounding_box()
        assert box and box["y"] < PHONE["height"], "the 'In short' box is not on the first screen"
        hrefs = summary.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert "#how-big-is-the-risk" in hrefs and "#checks-for-each-group" in hrefs, hrefs
        screens = page.evaluate("""() => { const a = document.querySelector('article');
            const refs = a.querySelector('div.footnote');
            return ((refs ? refs.getBoundingClientRect().top : a.getBoundingClientRect().bottom)
                    - a.getBoundingClientRect().top) / innerHeight; }""")
        assert screens < MAX_SCREENS, f"the page is {screens:.1f} phone screens before its references"
        for shown in ("table:has-text('Up to 2 years')", "figure.pml-icon-array"):
            element = page.locator(shown).first
            assert element.is_visible() and not element.evaluate("e => !!e.closest('details')"), shown
    finally:
        context.close()
