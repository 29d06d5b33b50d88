"""What changed, for readers: the changelog, each page's own changes, and the Atom feed.

Why: a health guide earns trust by showing its history. Contributors describe each clinically
meaningful change once, in plain words (pmlsources/changedata.py loads and validates them). From them the build writes the "What changed" page, the "Changes to this page" links
under each page's review stamp and an Atom feed (feed.xml) that clinicians and patient groups can
follow without any third-party service. The newest release's version is the guide's version,
shown on every page: it is set there and nowhere else.
"""
from __future__ import annotations

from xml.sax.saxutils import escape

from pmlsources.changedata import KINDS, Change, Release, load, load_upcoming
from pmlsources.dates import long_date

from pmlrender import generated

PAGE = "about/changes.md"      # the What changed page (inside docs/)
PAGE_URL = "about/changes/"    # its address on the published site, which the feed links to


def changes_for(releases: list[Release], page: str) -> list[tuple[Release, Change]]:
    """Every change that names ``page`` (its path inside docs/), newest first."""
    return [(r, c) for r in releases for c in r.changes if page in c.pages]


def _link(target: str, start: str) -> str:
    from posixpath import dirname, relpath

    return relpath(target, dirname(start) or ".")


def _change_line(c: Change, page: str, titles: dict[str, str]) -> str:
    pages = ", ".join(f"[{titles.get(p, p)}]({_link(p, page)})" for p in c.pages)
    return f"- **{KINDS[c.kind]}:** {escape(c.text)}" + (f" ({pages})" if pages else "")


def page_markdown(releases: list[Release], page: str, titles: dict[str, str], upcoming: tuple[Change, ...] = ()) -> str:
    """The "What changed" listing: changes not yet in a release first, then the releases, newest
    first, with links to the pages each change touched."""
    out = []
    if upcoming:
        out.append("## Since the last release {#next-release}\n\nThese changes are on the site now; "
                   "the next numbered release will include them.\n")
        out += [_change_line(c, page, titles) for c in upcoming] + [""]
    for r in releases:
        out.append(f"## Version {r.version}, {long_date(r.date)} {{#{r.anchor}}}\n\n{escape(r.summary)}\n")
        out += [_change_line(c, page, titles) for c in r.changes] + [""]
    return "\n".join(out)


def atom(releases: list[Release], site_url: str, changes_url: str) -> str:
    """An Atom 1.0 feed (RFC 4287) of the releases: one entry each, newest first."""
    site = site_url.rstrip("/") + "/"
    updated = f"{releases[0].date.isoformat()}T00:00:00Z" if releases else "1970-01-01T00:00:00Z"
    entries = []
    for r in releases:
        items = "".join(f"<li>{escape(KINDS[c.kind])}: {escape(c.text)}</li>" for c in r.changes)
        entries.append(
            f"  <entry>\n    <id>{escape(site + changes_url)}#{r.anchor}</id>\n"
            f"    <title>PML Guide {escape(r.version)}</title>\n"
            f"    <updated>{r.date.isoformat()}T00:00:00Z</updated>\n"
            f'    <link rel="alternate" type="text/html" href="{escape(site + changes_url)}#{r.anchor}"/>\n'
            f"    <summary>{escape(r.summary)}</summary>\n"
            f'    <content type="html">{escape(f"<p>{escape(r.summary)}</p><ul>{items}</ul>")}</content>\n  </entry>')
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
            f"  <id>{escape(site)}</id>\n  <title>PML Guide: what changed</title>\n  <updated>{updated}</updated>\n"
            f'  <link rel="self" type="application/atom+xml" href="{escape(site)}feed.xml"/>\n'
            f'  <link rel="alternate" type="text/html" href="{escape(site + changes_url)}"/>\n'
            "  <author><name>PML Guide contributors</name></author>\n" + "\n".join(entries) + "\n</feed>\n")


@generated.block("changelog")
def _changelog_block(ctx: generated.Context, _arg: str) -> str:
    from pmlsources.pages import front_matter

    releases = ctx.extra.get("releases")  # read once per build (on_config); problems are reported by the checks
    if releases is None:
        releases = load(ctx.root, ctx.docs)[0]
    upcoming = tuple(c for _file, c in load_upcoming(ctx.root, ctx.docs)[0])
    pages = {p for c in upcoming + tuple(c for r in releases for c in r.changes) for p in c.pages}
    titles = {p: str(front_matter(ctx.docs / p).get("title", p)) for p in pages if (ctx.docs / p).is_file()}
    return page_markdown(releases, ctx.page, titles, upcoming)
