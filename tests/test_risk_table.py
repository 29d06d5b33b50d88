"""The natalizumab risk data file and the table generated from it (pmlcheck.riskdata, pmlbuild.risk)."""
from pathlib import Path

import pytest

from pmlbuild import generated, risk
from pmlcheck import riskdata

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
not_published:
  - id: by-index
    label: Antibodies found, by index
    why: Not given here yet [@key-a].
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / riskdata.DATA_FILE
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return tmp_path


def test_good_file_loads_and_yaml_surprises_are_normalised(tmp_path):
    data, problems = riskdata.load(_write(tmp_path, GOOD), {"key-a", "key-b"})
    assert problems == []
    assert [r["id"] for r in data.estimates] == ["pooled", "negative"]
    negative = data.row("negative")
    assert negative["prior_immunosuppressant"] == "no"  # YAML read the bare `no` as False
    assert negative["source_date"] == "2012-01-20"  # YAML read the bare date as a date


@pytest.mark.parametrize("old, new, line, words", [
    ("per_1000: 4.19", "per_1000: about four", 2, "'per_1000'"),
    ("interval: [0, 0.59]", "interval: [0.2, 0.59]", 11, "outside its interval"),
    ("source: key-b", "source: key-z", 11, "not in bibliography.bib"),
    ("source_date: 2017-11", "source_date: Nov 2017", 2, "source_date"),
    ("antibody: negative", "antibody: maybe", 11, "'antibody'"),
    ("  - id: negative", "  - id: pooled", 11, "used twice"),
    ("    cases: 156", "    cases: 156\n    casess: 3", 2, "'casess' is not known"),
    ("    why: Not given here yet [@key-a].\n", "", 20, "'why' is missing"),
])
def test_each_bad_row_is_reported_on_its_own_line(tmp_path, old, new, line, words):
    data, problems = riskdata.load(_write(tmp_path, GOOD.replace(old, new)), {"key-a", "key-b"})
    assert any(p.line == line and words in p.message for p in problems), problems
    assert all(p.path.endswith("natalizumab-risk.yml") and p.fix for p in problems)
    bad_ids = {r["id"] for r in data.estimates + data.not_published}
    assert len(bad_ids) < 3  # the bad row is left out of what gets drawn


def test_unsafe_or_broken_yaml_is_a_located_problem_not_a_traceback(tmp_path):
    _, problems = riskdata.load(_write(tmp_path, GOOD + "estimates: []\n"))
    assert problems and "twice" in problems[0].message
    _, problems = riskdata.load(_write(tmp_path / "b", "rows:\n  - id: x\n"))
    assert problems[0].line == 1 and "estimates" in problems[0].message + problems[0].fix


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


def test_table_cites_every_row_and_names_the_missing_groups(tmp_path):
    data, _ = riskdata.load(_write(tmp_path, GOOD))
    table = risk.table_markdown(data).split("\n")
    assert len(table) == 2 + 3
    pooled, negative, missing = table[2:]
    assert "156 got PML, about 4 in 1,000" in pooled and "37,249 people [@key-a]" in pooled
    assert pooled.count("[@key-a]") == 3 and "Published November 2017" in pooled
    assert "between 0 and 0.59 in 1,000" in negative and "20 January 2012 [@key-b]" in negative
    assert missing.startswith("| Antibodies found, by index | No figure given here |")


def test_the_block_is_registered_and_draws_the_real_data_file():
    blocks = generated.registered()
    assert "natalizumab-risk-table" in blocks
    ctx = generated.Context(root=REPO, docs=REPO / "docs", page="medicines/natalizumab.md")
    text = generated.expand("<!-- generated: natalizumab-risk-table -->\n", ctx)
    data, problems = riskdata.load(REPO)
    assert problems == []
    for row in data.estimates:
        assert f"[@{row['source']}]" in text
    assert text.count("\n| ") == len(data.estimates) + len(data.not_published)
