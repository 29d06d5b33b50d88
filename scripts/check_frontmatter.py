#!/usr/bin/env python3
"""Check the front matter of PML Guide pages.

Every page needs title, description (at most 160 characters), audience, last_reviewed,
next_review and review_status: the review stamp and the search description are built from them.
The same check runs inside `mkdocs build` (the pml-guide plugin, scripts/pmlplugin/) and in the tests.
"""
import sys

from pmlcheck import cli, frontmatter

if __name__ == "__main__":
    sys.exit(cli.main(__doc__, "front matter", frontmatter.check_files))
