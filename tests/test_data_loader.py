"""The one loader of project data (scripts/pmlsources/data.py): YAML 1.2 values, the line of every
node through `line_of`, and hostile files refused with the file, the line and the fix."""
import datetime as dt
import random
import time

import pytest

from pmlsources import data
from pmlsources.data import line_of

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]


def _one(text: str, path: str = "x.yml"):
    value, problems = data.load(text, path)
    assert value is None and len(problems) == 1, problems
    return problems[0]


def test_yaml_1_2_values_stay_what_they_say():
    value, problems = data.load("a: yes\nb: no\nc: on\nd: off\ne: 2026-01-01\nf: true\ng: 017\n"
                                "h: 0o17\ni: 1.5\nj: ~\nk: '2026-01-01'\nl: 2012\n", "x.yml")
    assert problems == []
    assert value == {"a": "yes", "b": "no", "c": "on", "d": "off", "e": "2026-01-01", "f": True, "g": 17,
                     "h": 15, "i": 1.5, "j": None, "k": "2026-01-01", "l": 2012}
    assert all(type(v) in (str, int, float, bool, type(None)) for v in value.values())  # plain values, no wrappers


def test_line_of_every_mapping_list_key_and_item():
    text = "# a comment\nrows:\n  - id: one\n    cells: [a, b]\n  -\n    id: two\n    why: >-\n      folded\n      text\nend: 1\n"
    value, problems = data.load(text, "x.yml")
    assert problems == []
    rows = value["rows"]
    assert (line_of(value), line_of(value, "rows"), line_of(value, "end")) == (2, 2, 10)
    assert (line_of(rows), line_of(rows, 0), line_of(rows, 1), line_of(rows, -1)) == (3, 3, 6, 6)
    assert (line_of(rows[0], "cells"), line_of(rows[0]["cells"], 1), line_of(rows[1], "why")) == (4, 4, 7)
    assert rows[1]["why"] == "folded text"
    # what the loader did not read has no line, and a wrong key or index is no line, not an error
    assert line_of(value, "nope") is None and line_of(rows, 2) is None and line_of(rows, "0") is None
    assert line_of({"a": 1}, "a") is None and line_of("text") is None and line_of(value, ["unhashable"]) is None


def test_each_caller_gets_its_own_copy_with_its_lines():
    first, _ = data.load("a: [1]\n", "x.yml")
    first["a"].append(2)
    again, _ = data.load("a: [1]\n", "x.yml")
    assert again == {"a": [1]} and line_of(again, "a") == 1 and line_of(again["a"], 0) == 1


def test_billion_laughs_is_refused_at_the_first_anchor_at_once():
    lol = 'a: &a ["lol"]\n' + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n"
                                       for i in range(9))
    started = time.perf_counter()
    problem = _one(lol)
    assert time.perf_counter() - started < 5  # generous: it stops before anything is built
    assert problem.line == 1 and "anchor" in problem.message and "in full" in problem.fix
    assert _one("a: 1\nb: *x\n").line == 2  # an alias to nothing is refused the same way


def test_duplicate_keys_are_refused_with_both_lines_also_in_two_unicode_spellings():
    problem = _one("a: 1\nb: 2\na: 3\n")
    assert problem.line == 3 and "first on line 1" in problem.message and "second" in problem.fix
    assert "twice" in _one("caf\u00e9: 1\ncafe\u0301: 2\n").message
    assert "twice" in _one("- x: 1\n  x: 2\n").message  # inside a list item too


def test_tab_indentation_gets_the_line_and_a_fix_about_tabs():
    problem = _one("a:\n\t- 1\n")
    assert problem.line == 2 and "not valid YAML" in problem.message and "spaces, not tabs" in problem.fix


@pytest.mark.parametrize("text", ["a: !!python/object:os.system x\n", "a: !!python/object/apply:os.system [ls]\n",
                                  "a: !!python/name:os.system\n", "a: !custom x\n", "a: !!binary aGk=\n",
                                  "a: !!set {x, y}\n", "<<: {a: 1}\n"])
def test_tags_beyond_plain_values_are_refused(text):
    problem = _one(text)
    assert problem.line == 1 and "tag" in problem.message and "plain values" in problem.fix


def test_a_yaml_1_1_directive_two_documents_and_deep_nesting_are_refused():
    assert "directive" in _one("%YAML 1.1\n---\na: yes\n").message
    assert "more than one" in _one("a: 1\n---\nb: 2\n").message
    deep = _one("a: " + "[" * 60 + "]" * 60 + "\n")
    assert deep.line == 1 and "nested" in deep.message
    assert "list or a mapping" in _one("? [a]\n: 1\n").message
    assert "not valid" in _one("a: !!int twelve\n").message


def test_invisible_characters_in_the_text_or_written_as_escapes_are_refused():
    assert _one("a: 1\nb\u200b: 2\n").line == 2
    escaped = _one('a: 1\nb: "x\\u202ey"\n')
    assert escaped.line == 2 and "right-to-left override" in escaped.message


def test_a_10_mb_file_is_refused_by_size_before_parsing(tmp_path):
    started = time.perf_counter()
    assert "over 200,000 bytes" in _one("a: " + "x" * 10_000_000 + "\n").message
    big = tmp_path / "big.yml"
    big.write_bytes(b"a: [" + b"1, " * 3_500_000 + b"1]\n")
    value, [problem] = data.read(big, tmp_path)
    assert value is None and problem.path == "big.yml" and "limit" in problem.message
    assert time.perf_counter() - started < 5  # generous: refused by size, never parsed


def test_read_refuses_bad_utf8_and_names_the_file_as_asked(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_bytes(b"a: 1\nb: caf\xe9\n")
    value, [problem] = data.read(bad, tmp_path)
    assert value is None and (problem.path, problem.line) == ("bad.yml", 2) and "UTF-8" in problem.message
    _, [shown] = data.read(bad, tmp_path, shown="docs/_data/bad.yml")
    assert shown.path == "docs/_data/bad.yml"
    _, [missing] = data.read(tmp_path / "none.yml", tmp_path)
    assert "does not exist" in missing.message
    good = tmp_path / "good.yml"
    good.write_text("- a\n- b\n", encoding="utf-8")
    assert data.read(good, tmp_path) == (["a", "b"], [])


def test_the_project_data_files_load_without_problems():
    for file in [ROOT / "glossary.yml", ROOT / "glossary.es.yml", *sorted((ROOT / "docs" / "_data").glob("*.yml"))]:
        value, problems = data.read(file, ROOT)
        assert problems == [] and value is not None and line_of(value) is not None, file


def test_mangled_data_never_raises_and_every_problem_is_located():
    """Random cuts, swaps and insertions of hostile characters into glossary.yml: each result is
    either data or located problems, never an exception."""
    text = (ROOT / "glossary.yml").read_text(encoding="utf-8")[:6000]
    rng = random.Random(26)
    pieces = [":", "- ", "\t", "&a ", "*a", "!!python/object:x ", "[", "{", "'", '"', "\n  ", "? ", "%YAML 1.1\n", "---\n"]
    for _ in range(150):
        at = rng.randrange(len(text))
        mangled = text[:at] + rng.choice(pieces) + text[at + rng.randrange(0, 40):]
        value, problems = data.load(mangled, "glossary.yml")
        assert (value is None) == bool(problems)
        assert all(p.path == "glossary.yml" and p.line and p.fix for p in problems), problems


# ---------------------------------------------------------------- the callers: one way to a line

def _data_file(tmp_path, name, text):
    folder = tmp_path / "docs" / "_data"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return tmp_path / "docs"


def test_markup_in_any_data_string_is_located_on_its_own_line(tmp_path):
    from pmlcheck import inputs

    docs = _data_file(tmp_path, "x.yml", "rows:\n  - id: a\n    label: fine\n  - id: b\n    label: >-\n"
                                         "      folded <b>bold</b>\n    words: [ok, '&lt;i&gt;']\n  - '<k>': v\n")
    found = inputs.data_strings(docs, tmp_path)
    assert [(p.path, p.line) for p in found] == [("docs/_data/x.yml", 5), ("docs/_data/x.yml", 7), ("docs/_data/x.yml", 8)]
    assert all("contains markup" in p.message for p in found)


def test_release_dates_are_read_from_their_text_quoted_or_not(tmp_path):
    from pmlsources import changedata as changes

    docs = _data_file(tmp_path, "changes.yml", "")
    (docs / "a.md").write_text("# A\n", encoding="utf-8")
    release = ('  - version: "{v}"\n    date: {d}\n    summary: S.\n    changes:\n'
               '      - {{kind: correction, pages: [a.md], text: T.}}\n')
    for date, expected in [("2026-11-02", dt.date(2026, 11, 2)), ('"2026-11-02"', dt.date(2026, 11, 2))]:
        (docs / "_data" / "changes.yml").write_text("releases:\n" + release.format(v="2026.11", d=date), encoding="utf-8")
        releases, problems = changes.load(tmp_path)
        assert problems == [] and releases[0].date == expected
    for date in ["2026-13-45", "2026-11", "20261102", "no"]:
        (docs / "_data" / "changes.yml").write_text("# the changelog\nreleases:\n" + release.format(v="2026.11", d=date),
                                                    encoding="utf-8")
        _releases, [problem] = changes.load(tmp_path)
        assert problem.line == 3 and "does not match the version" in problem.message, date


def test_a_hostile_languages_file_gives_no_languages_not_a_traceback(tmp_path):
    from pmlrender import language

    docs = _data_file(tmp_path, "languages.yml", "es: &a {name: Español}\nfr: *a\n")
    assert language.load(docs) == {}
    _data_file(tmp_path, "languages.yml", "es: {name: Español, site_name: Guía}\nno: {name: Norsk}\n")
    assert sorted(language.load(docs)) == ["es", "no"]  # YAML 1.2: the key `no` is Norwegian, not false


def test_risk_rows_keep_bare_yes_and_no_as_words_and_figures_are_located(tmp_path):
    from pmlsources import figuredata as figures
    from pmlsources import riskdata

    docs = _data_file(tmp_path, "natalizumab-risk.yml",
                      "estimates:\n  - id: a\n    label: A\n    per_1000: 1\n    antibody: any\n"
                      "    prior_immunosuppressant: yes\n    source: k\n    source_date: 2012-01-20\n"
                      "  - id: b\n    label: B\n    per_1000: 1\n    antibody: any\n"
                      "    prior_immunosuppressant: true\n    source: k\n    source_date: 2012\n")
    data, [problem] = riskdata.load(tmp_path, {"k"})
    assert data.row("a")["prior_immunosuppressant"] == "yes" and data.row("a")["source_date"] == "2012-01-20"
    assert problem.line == 9 and "'prior_immunosuppressant' is True" in problem.message
    _data_file(tmp_path, "figures.yml", "figures:\n  - id: one\n    caption: C.\n    steps: [a]\n\n  - id: Two\n    caption: C.\n")
    _known, [bad] = figures.load(docs)
    assert bad.line == 6 and "figure 2" in bad.message
