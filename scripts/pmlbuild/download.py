"""The Download page's two files: links to the newest release's PDF and offline zip, with sizes.

Why: the page linked only to the repository's releases page, where a lay reader may take
"Source code (zip)", with no file names or sizes (issue 24). The page now names the two files of
the guide's version (the newest release in docs/_data/changes.yml) and links each file itself,
at the address GitHub gives a release's files (built from repo_url, so it never goes stale).

Sizes are only shown when the build is told them, never guessed: the environment variable
PML_GUIDE_RELEASE_FILES names either the folder holding the built files (the release workflow
builds the zip and the PDF into dist/ first) or a JSON file listing a published release's files
(`gh release view --json assets`, which the deploy workflow writes). Without it, or when the
files of this version are not there yet, the page says the size is shown once the release is
published.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from pmlbuild import changes, generated

SOURCE = "PML_GUIDE_RELEASE_FILES"
PDF = "pml-guide-{version}.pdf"
ZIP = "pml-guide-offline-{version}.zip"


def file_names(version: str) -> tuple[str, str]:
    """(PDF, zip) file names of ``version``, as scripts/build_pdf.py and build_offline.py write them."""
    return PDF.format(version=version), ZIP.format(version=version)


def sizes(source: str | None, names: tuple[str, ...], root: Path) -> dict[str, int]:
    """Byte sizes of ``names`` found in ``source`` (a folder or a `gh release view --json assets`
    file, relative to ``root``); a name not found, or an unreadable source, has no size."""
    if not source:
        return {}
    path = Path(source) if Path(source).is_absolute() else root / source
    if path.is_dir():
        return {name: (path / name).stat().st_size for name in names if (path / name).is_file()}
    try:
        assets = json.loads(path.read_text(encoding="utf-8")).get("assets", [])
        found = {a.get("name"): a.get("size") for a in assets if isinstance(a, dict)}
    except (OSError, ValueError, AttributeError):
        return {}
    return {name: found[name] for name in names if isinstance(found.get(name), int) and found[name] > 0}


def size_text(size: int | None, version: str) -> str:
    """"4.2 MB" (decimal megabytes, as phones and computers show file sizes), or what to expect."""
    if not size:
        return f"its size is shown here once version {version} is published"
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1_000_000:.1f} MB"


def asset_url(version: str, name: str) -> str:
    """The address of a release's file (`{repo_url}` is filled in by the hook from mkdocs.yml)."""
    return f"{{repo_url}}/releases/download/{version}/{name}"


@generated.block("download-files")
def download_files(ctx: generated.Context, arg: str = "") -> str:
    """The two files of the guide's version, each with its size and what it is for."""
    releases = ctx.extra.get("releases") or []
    version = changes.current_version(releases)
    pdf, zipped = file_names(version)
    known = sizes(os.environ.get(SOURCE), (pdf, zipped), ctx.root)
    when = f", dated {releases[0].date.day} {releases[0].date:%B %Y}" if releases else ""
    return "\n".join([
        f"The newest version of the guide is **{version}**{when}.",
        "",
        f"- **On a phone: the PDF.** [Download {pdf}]({asset_url(version, pdf)}) (PDF file, {size_text(known.get(pdf), version)}).",
        "  Open it in your phone's files or books app.",
        f"- **On a computer without internet: the zip file.** [Download {zipped}]({asset_url(version, zipped)}) "
        f"(zip file, {size_text(known.get(zipped), version)}).",
        "  Unzip it, then open **index.html** in the new folder.",
        "",
        "Older versions are on the [releases page]({repo_url}/releases).",
        'There, choose the files named above, not "Source code": that is for people who work on the guide.',
    ])
