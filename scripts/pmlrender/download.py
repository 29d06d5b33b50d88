"""The Download pages' files: links to the newest release's PDF and offline zip, with sizes, in
the page's language (the English files on docs/reference/download.md, the Spanish edition's on
docs/es/reference/download.md), and the files' names, which the release builders use too.

Why: the page linked only to the repository's releases page, where a lay reader may take
"Source code (zip)", with no file names or sizes (issue 24). The page now names the two files of
the guide's version (the newest release in docs/_data/changes.yml) and links each file itself,
at the address GitHub gives a release's files (built from repo_url, so it never goes stale).
The Spanish edition has files of its own (issue 25): a Spanish PDF, and an offline zip that
opens in Spanish from its folder (decisions/0003-languages.md). Their names live here once:
scripts/build_pdf.py and scripts/build_offline.py write them, this page links them.

Sizes are only shown when the build is told them, never guessed: the environment variable
PML_GUIDE_RELEASE_FILES names either the folder holding the built files (the release workflow
builds the zips and the PDFs into dist/ first) or a JSON file listing a published release's files
(`gh release view --json assets`, which the deploy workflow writes). Without it, or when the
files of this version are not there yet, the page says the size is shown once the release is
published.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from pmlrender import generated, wording

from pmlsources import changedata
from pmlsources.dates import long_date, long_date_es

SOURCE = "PML_GUIDE_RELEASE_FILES"


@dataclass(frozen=True)
class Edition:
    """One language's downloads. The offline zip holds one folder, ``folder``; the reader opens
    ``start`` in it (the English: the site's own index.html; the Spanish: a start file beside the
    site's folder ``site``, which opens es/index.html)."""
    pdf: str
    zip: str
    folder: str
    start: str
    site: str = ""  # the site's folder inside ``folder`` ("": the site is ``folder`` itself)


EDITIONS = {
    "en": Edition("pml-guide-{version}.pdf", "pml-guide-offline-{version}.zip", "pml-guide-{version}", "index.html"),
    "es": Edition("guia-lmp-{version}.pdf", "guia-lmp-sin-conexion-{version}.zip", "guia-lmp-{version}", "inicio.html",
                  site="sitio"),
}
PDF = EDITIONS["en"].pdf
ZIP = EDITIONS["en"].zip


def file_names(version: str, language: str = "en") -> tuple[str, str]:
    """(PDF, zip) file names of ``version`` in ``language``, as scripts/build_pdf.py and
    build_offline.py write them."""
    edition = EDITIONS[language]
    return edition.pdf.format(version=version), edition.zip.format(version=version)


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
        found: dict = {a.get("name"): a.get("size") for a in assets if isinstance(a, dict)}
    except (OSError, ValueError, AttributeError):
        return {}
    return {name: found[name] for name in names if isinstance(found.get(name), int) and found[name] > 0}


def size_text(size: int | None, version: str, language: str = "en") -> str:
    """"4.2 MB" (decimal megabytes, as phones and computers show file sizes; "4,2 MB" in Spanish),
    or what to expect."""
    if not size:
        return WORDS[language]["pending"].format(version=version)
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{wording.number(round(size / 1_000_000, 1), language)} MB"  # the language's decimal mark


def asset_url(version: str, name: str) -> str:
    """The address of a release's file (`{repo_url}` is filled in by the plugin from mkdocs.yml)."""
    return f"{{repo_url}}/releases/download/{version}/{name}"


# The block's sentences in each language ({pdf}, {zip}: link and size; {start}: the file to open).
WORDS = {
    "en": {
        "pending": "its size is shown here once version {version} is published",
        "newest": "The newest version of the guide is **{version}**{when}.",
        "when": ", dated {date}",
        "pdf": "- **On a phone: the PDF.** [Download {name}]({url}) (PDF file, {size}).\n"
               "  Open it in your phone's files or books app.",
        "zip": "- **On a computer without internet: the zip file.** [Download {name}]({url}) (zip file, {size}).\n"
               "  Unzip it, then open **{start}** in the new folder.",
        "older": "Older versions are on the [releases page]({repo_url}/releases).\n"
                 'There, choose the files named above, not "Source code": that is for people who work on the guide.',
    },
    "es": {
        "pending": "su tamaño se mostrará aquí cuando se publique la versión {version}",
        "newest": "La versión más reciente de la guía es la **{version}**{when}.",
        "when": ", del {date}",
        "pdf": "- **En un teléfono: el PDF.** [Descargar {name}]({url}) (archivo PDF, {size}).\n"
               "  Ábralo con la aplicación de archivos o de libros de su teléfono.",
        "zip": "- **En una computadora sin internet: el archivo zip.** [Descargar {name}]({url}) (archivo zip, {size}).\n"
               "  Descomprímalo y luego abra **{start}** en la carpeta nueva.",
        "older": "Las versiones anteriores están en la [página de versiones (en inglés)]({repo_url}/releases).\n"
                 "Allí, elija los archivos con los nombres de arriba, no «Source code» (código fuente): "
                 "esos son para quienes trabajan en la guía.",
    },
}


@generated.block("download-files")
def download_files(ctx: generated.Context, arg: str = "") -> str:
    """The two files of the guide's version in the page's language, each with its size and
    what it is for."""
    language = cast(str, ctx.extra.get("language")) if ctx.extra.get("language") in EDITIONS else "en"  # a key of EDITIONS
    words = WORDS[language]
    releases = ctx.extra.get("releases") or []
    version = changedata.current_version(releases)
    pdf, zipped = file_names(version, language)
    known = sizes(os.environ.get(SOURCE), (pdf, zipped), ctx.root)
    date = (long_date_es if language == "es" else long_date)(releases[0].date) if releases else ""
    return "\n".join([
        words["newest"].format(version=version, when=words["when"].format(date=date) if date else ""),
        "",
        words["pdf"].format(name=pdf, url=asset_url(version, pdf), size=size_text(known.get(pdf), version, language)),
        words["zip"].format(name=zipped, url=asset_url(version, zipped), size=size_text(known.get(zipped), version, language),
                            start=EDITIONS[language].start),
        "",
        words["older"],
    ])
