#!/usr/bin/env python3
"""Check that PML Guide pages carry no script, event handler, iframe or http:// link.

Pages are rendered as HTML for patients: nothing in a page may run code, embed third-party
content or send a reader over an unencrypted link. The same check runs inside `mkdocs build`.
"""
import sys

from pmlcheck import cli, safety

if __name__ == "__main__":
    sys.exit(cli.main(__doc__, "content safety", safety.check_files))
