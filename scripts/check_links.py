#!/usr/bin/env python3
"""Check links between PML Guide pages: the page exists and the #section is on it.

Names the line and suggests the closest page or heading. MkDocs checks the same in the build,
but without the line or a suggestion.
"""
import sys

from pmlcheck import cli, links

if __name__ == "__main__":
    sys.exit(cli.main(__doc__, "links", links.check_files))
