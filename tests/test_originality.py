"""Pages are written fresh: no run of 8 or more words is shared with the seed texts the project
started from (../shared/seeds, present beside the checkout in CI). Facts carry over; sentences do not."""
from __future__ import annotations

import re

import pytest

from conftest import ROOT
from pmlsources.pages import content_pages

SEEDS = ROOT.parent / "shared" / "seeds"
N = 8


def shingles(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9%]+", text.lower())
    return {" ".join(words[i:i + N]) for i in range(len(words) - N + 1)}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed texts are not beside this checkout")
def test_no_page_reuses_a_seed_sentence():
    seeds = set().union(*(shingles(p.read_text(errors="ignore")) for p in SEEDS.glob("*.txt")))
    assert len(seeds) > 1000
    shared = {}
    for page in content_pages() + [ROOT / "glossary.yml", ROOT / "CONTRIBUTING.md"]:
        runs = shingles(page.read_text(encoding="utf-8")) & seeds
        if runs:
            shared[str(page.relative_to(ROOT))] = sorted(runs)[:3]
    assert not shared, f"text shared word for word with the seeds (rewrite it): {shared}"
