"""What changed, the feed, structured data, citing the guide and review due dates (issue 19).

Unit tests on the plain functions; the built-site tests further down read the built HTML."""
import datetime as dt
import re
import json
import xml.etree.ElementTree as ET
from pathlib import Path


from pmlrender import changes, jsonld


from pmlsources import changedata
from pmlcheck import review_due

ROOT = Path(__file__).resolve().parents[1]
ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_changelog_is_valid_and_citation_cff_names_its_newest_version():
    releases, problems = changedata.load(ROOT)
    assert problems == []
    assert changedata.current_version(releases) == releases[0].version
    assert changedata.citation_problems(ROOT, releases) == []


def _write(tmp_path, text):
    (tmp_path / "docs" / "_data").mkdir(parents=True)
    (tmp_path / "docs" / "a.md").write_text("# A\n")
    (tmp_path / changedata.CHANGES).write_text(text)
    return tmp_path


def test_changelog_mistakes_are_located(tmp_path):
    root = _write(tmp_path, "releases:\n"
                  "  - version: \"2026.12\"\n    date: 2026-11-02\n    summary: S.\n    changes:\n"
                  "      - kind: rumour\n        pages: [a.md, missing.md]\n        text: T <b>.\n")
    _releases, problems = changedata.load(root)
    messages = " ".join(p.message for p in problems)
    assert "does not match the version" in messages
    assert "'rumour' is not known" in messages
    assert "'missing.md' does not exist" in messages
    assert "contains '<'" in messages
    assert all(p.path == "docs/_data/changes.yml" and p.line == 2 for p in problems)


def test_changelog_refuses_aliases_and_wrong_order(tmp_path):
    _releases, [alias] = changedata.load(_write(tmp_path, "releases: &a [1]\nx: *a\n"))
    assert "alias" in alias.message
    release = "  - version: \"{v}\"\n    date: {d}\n    summary: S.\n    changes:\n      - {{kind: correction, pages: [a.md], text: T.}}\n"
    (tmp_path / changedata.CHANGES).write_text("releases:\n" + release.format(v="2026.10", d="2026-10-01")
                                            + release.format(v="2026.11", d="2026-11-01"))
    _releases, problems = changedata.load(tmp_path)
    assert [p.message for p in problems] == ["the releases are not in order, newest first."]


def test_changes_waiting_for_a_release_are_located_and_listed_first(tmp_path):
    root = _write(tmp_path, "releases: []\n")
    folder = root / changedata.UPCOMING
    folder.mkdir()
    (folder / "good.yml").write_text("kind: clarified\npages: [a.md]\ntext: Clearer words.\n")
    (folder / "bad.yml").write_text("kind: clarified\npages: [gone.md]\ntext: T.\n")
    (folder / "notes.txt").write_text("a note\n")
    waiting, problems = changedata.load_upcoming(root)
    assert [(f.name, c.text) for f, c in waiting] == [("bad.yml", "T."), ("good.yml", "Clearer words.")]
    assert [(p.path, p.line, p.message) for p in problems] == [
        ("docs/_data/next-release/bad.yml", 1, "the page 'gone.md' does not exist under docs/."),
        ("docs/_data/next-release/notes.txt", None, "only .yml files belong in the next-release folder.")]
    release = changedata.Release("2026.12", dt.date(2026, 12, 5), "S.", (changedata.Change("safety", "Old.", ("a.md",)),))
    text = changes.page_markdown([release], "about/changes.md", {"a.md": "A"}, (waiting[1][1],))
    assert text.index("## Since the last release {#next-release}") < text.index("- **Clearer:** Clearer words. ([A](../a.md))") \
        < text.index("## Version 2026.12") < text.index("- **Safety:** Old.")
    for n in range(changedata.MAX_UPCOMING + 1):
        (folder / f"x{n}.yml").write_text("kind: clarified\ntext: T.\n")
    flooded, [problem] = changedata.load_upcoming(root)
    assert flooded == [] and "files wait for the next release" in problem.message


def test_citation_cff_out_of_step_is_reported(tmp_path):
    releases, _ = changedata.load(ROOT)
    (tmp_path / "CITATION.cff").write_text('cff-version: 1.2.0\nversion: "2000.01"\ndate-released: "2000-01-01"\n')
    [problem] = changedata.citation_problems(tmp_path, releases)
    assert problem.path == "CITATION.cff" and releases[0].version in problem.fix


def test_the_feed_is_atom_with_every_required_element():
    releases, _ = changedata.load(ROOT)
    feed = ET.fromstring(changes.atom(releases, "https://example.org/guide/", "about/changes/"))
    assert feed.tag == ATOM + "feed"
    for name in ("id", "title", "updated", "author"):
        assert feed.find(ATOM + name) is not None, name
    assert feed.find(ATOM + "link[@rel='self']").get("href") == "https://example.org/guide/feed.xml"
    entries = feed.findall(ATOM + "entry")
    assert [e.find(ATOM + "title").text for e in entries] == [f"PML Guide {r.version}" for r in releases]
    for entry, release in zip(entries, releases, strict=True):
        assert entry.find(ATOM + "id").text.endswith("#" + release.anchor)
        assert entry.find(ATOM + "updated").text == f"{release.date.isoformat()}T00:00:00Z"
        assert entry.find(ATOM + "link").get("href").startswith("https://example.org/guide/about/changes/")


def test_json_ld_comes_from_front_matter_and_cannot_end_its_script_block():
    meta = {"title": "A </script><script>alert(1)</script>", "description": "D & E", "audience": "clinicians",
            "last_reviewed": dt.date(2026, 11, 22), "review_status": "draft"}
    data = jsonld.medical_web_page(meta, "https://x.org/p/", "PML Guide", "https://x.org/", "2026.11")
    assert data["@type"] == "MedicalWebPage" and data["lastReviewed"] == "2026-11-22"
    assert data["audience"]["audienceType"] == "Clinician" and data["isPartOf"]["version"] == "2026.11"
    assert "reviewedBy" not in data
    body = jsonld.script_body(data)
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body) == data


def test_review_due_lists_soon_and_overdue_pages_and_a_release_refuses_only_overdue(tmp_path):
    def page(name, date):
        path = tmp_path / name
        path.write_text(f"---\ntitle: {name}\nnext_review: {date}\n---\n# {name}\n")
        return path

    pages = [page("late.md", "2026-11-01"), page("soon.md", "2026-12-10"), page("fine.md", "2027-06-01")]
    today = dt.date(2026, 11, 30)
    due = review_due.due(pages, today, tmp_path)
    assert [(d.path, d.overdue(today)) for d in due] == [("late.md", True), ("soon.md", False)]
    assert "overdue since 1 November 2026" in review_due.notice(due, today)
    [problem] = review_due.release_problems(pages, today, tmp_path)
    assert problem.path == "late.md" and "next_review" in problem.fix


def test_cite_line_and_page_values_name_the_page_its_changes_and_version():
    from pmlrender import trust

    releases, _ = changedata.load(ROOT)
    meta = {"title": "What is PML?", "description": "D.", "audience": "patients", "last_reviewed": dt.date(2026, 11, 22)}
    values = trust.page_values(meta, "medicines/natalizumab.md", "https://x.org/n/", "../../about/changes/", releases,
                               "PML Guide", "https://x.org/")
    version = releases[0].version
    assert values["pml_cite"] == (f"PML Guide contributors. What is PML? PML Guide, version {version}; "
                                  "page last reviewed 22 November 2026. https://x.org/n/")
    touched = [r for r in releases if any("medicines/natalizumab.md" in c.pages for c in r.changes)]
    assert [v["url"] for v in values["pml_changes"]] == [f"../../about/changes/#{r.anchor}" for r in touched]
    assert json.loads(values["pml_jsonld"])["isPartOf"]["version"] == version
    assert trust.page_values({}, "x.md", "u", "l", releases, "n", "s") == {}


def test_an_overdue_page_is_only_a_notice_in_a_build_but_stops_a_release(project_copy, tmp_path):
    import subprocess
    import sys

    from conftest import ENV, mkdocs_build

    page = project_copy / "docs" / "patients" / "iris.md"
    text = re.sub(r"(?m)^last_reviewed: .*$", "last_reviewed: 2025-01-01", page.read_text())
    page.write_text(re.sub(r"(?m)^next_review: .*$", "next_review: 2026-01-01", text))
    build = mkdocs_build(project_copy, tmp_path / "site")
    assert build.returncode == 0, build.stdout + build.stderr
    assert "patients/iris.md" in build.stderr and "overdue since 1 January 2026" in build.stderr
    release = subprocess.run([sys.executable, str(project_copy / "scripts" / "build_offline.py"), "--out", str(tmp_path / "dist")],
                             capture_output=True, text=True, env=ENV, timeout=300)
    assert release.returncode != 0 and not (tmp_path / "dist").exists()
    assert "docs/patients/iris.md: the page's review was due on 1 January 2026" in release.stderr
    assert "Traceback" not in release.stderr


def test_a_release_refuses_a_version_that_is_not_the_guides(tmp_path):
    import subprocess
    import sys

    from conftest import ENV, VERSION

    release = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_offline.py"), "--version", "1999.01",
                              "--out", str(tmp_path)], capture_output=True, text=True, env=ENV, timeout=120)
    assert release.returncode != 0 and f"not the guide's version, {VERSION}" in release.stderr


def test_every_page_shows_the_version_and_content_pages_carry_json_ld_and_their_changes(built_site, site_pages):
    from pmlsources.pages import content_pages, front_matter

    releases, _ = changedata.load(ROOT)
    version = releases[0].version
    for rel, html in site_pages.items():
        assert f"PML Guide version {version}" in html, rel
    docs = ROOT / "docs"
    for path in content_pages(docs):
        src = path.relative_to(docs).as_posix()
        out = "index.html" if src == "index.md" else (src[:-3].removesuffix("/index") + "/index.html").lstrip("/")
        html = site_pages[out]
        meta = front_matter(path)
        [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        data = json.loads(block)
        assert data["lastReviewed"] == str(meta["last_reviewed"]) and data["name"] == meta["title"], src
        assert "reviewedBy" not in data and data["isPartOf"]["version"] == version
        cite = "Cómo citar esta página:" if src.startswith("es/") else "Cite this page:"  # the Spanish edition's words
        assert cite in html and f"version {version}" in html
        touched = {r.anchor for r, _c in changes.changes_for(releases, src)}
        listed = re.search(r'class="pml-page-changes">(.*?)</p>', html, re.S)
        assert set(re.findall(r'href="[^"]*#(v[\d-]+)"', listed.group(1) if listed else "")) == touched, src
    feed = ET.parse(built_site["dir"] / "feed.xml").getroot()
    assert feed.tag == ATOM + "feed" and len(feed.findall(ATOM + "entry")) == len(releases)


def test_citation_cff_is_valid_by_the_citation_file_format_schema():
    import subprocess
    import sys

    cffconvert = Path(sys.executable).parent / "cffconvert"  # installed from requirements-test.txt
    result = subprocess.run([str(cffconvert), "--validate", "-i", str(ROOT / "CITATION.cff")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
