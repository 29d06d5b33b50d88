"""Reading contributor files as text, safely: size, encoding and invisible characters.

Why: every file in a pull request is untrusted. A file that is not UTF-8 made the checks end
in a traceback; a multi-megabyte page or data file makes every later step slow; and invisible
characters (zero-width spaces, right-to-left overrides, control codes) let two keys look equal
while differing, or make a line display differently from what it says (the "Trojan Source"
trick). `read` and `check` refuse all of these with the file, the line and the fix, and never
raise; text that passes is returned normalised to NFC, so equal-looking words compare equal.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from pmlsources.problems import Problem, rel

MAX_BYTES = 1_000_000  # a page, data file or bibliography over 1 MB is refused (the largest today: 80 KB)

# C0 and C1 control codes except tab, line feed and carriage return; bidirectional embedding,
# override and isolate controls; zero-width and other invisible format characters; a BOM
# anywhere but at the very start.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")
_NAMES = {"\u200b": "zero-width space", "\u200c": "zero-width non-joiner", "\u200d": "zero-width joiner",
          "\u200e": "left-to-right mark", "\u200f": "right-to-left mark", "\u202e": "right-to-left override",
          "\u202d": "left-to-right override", "\ufeff": "byte-order mark / zero-width no-break space"}


def _name(char: str) -> str:
    return _NAMES.get(char) or unicodedata.name(char, f"control character U+{ord(char):04X}").lower()


def check(text: str, path: str, first_line: int = 1) -> list[Problem]:
    """Invisible or direction-changing characters in ``text``, one problem per line."""
    problems: list[Problem] = []
    body = text[1:] if text.startswith("\ufeff") else text
    for match in _INVISIBLE.finditer(body):
        line = body.count("\n", 0, match.start()) + first_line
        if problems and problems[-1].line == line:
            continue
        char = match.group(0)
        problems.append(Problem(path, line, f"the line contains an invisible character: {_name(char)} (U+{ord(char):04X}).",
                                "delete it (retype the text around it if your editor does not show it); invisible and "
                                "direction-changing characters are not allowed, because they hide what the text says."))
    return problems


def decode(data: bytes, path: str, limit: int = MAX_BYTES) -> tuple[str | None, list[Problem]]:
    """The bytes of a contributor file as NFC text, or None and the reason."""
    if len(data) > limit:
        return None, [Problem(path, None, f"the file is {len(data):,} bytes; the limit is {limit:,}.",
                              "split it into smaller pages or files; nothing in this guide needs a file this large.")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, [Problem(path, line, f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} at byte {exc.start}).",
                              "save the file as UTF-8 in your editor (in VS Code: 'Save with Encoding' > UTF-8).")]
    problems = check(text, path)
    if problems:
        return None, problems
    return unicodedata.normalize("NFC", text.removeprefix("\ufeff")), []


def read(path: Path, root: Path | None = None, limit: int = MAX_BYTES) -> tuple[str | None, list[Problem]]:
    """Read ``path``: (NFC text, []) or (None, [located problem]). Never raises."""
    if path.is_symlink():  # named as it stands, not as what it points to
        shown = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
        return None, [Problem(shown, None, "the file is a symbolic link.",
                              "replace the link with an ordinary file: links could publish files from outside the project.")]
    shown = rel(path, root)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(shown, None, "the file does not exist.", "create it, or correct the name that points to it.")]
    except OSError as exc:
        return None, [Problem(shown, None, f"the file could not be read ({exc.strerror or exc}).",
                              "check that it is an ordinary, readable file.")]
    return decode(data, shown, limit)


def check_files(paths: list[Path], root: Path | None = None) -> list[Problem]:
    """Every file of ``paths`` readable, UTF-8, within the size limit and free of invisible characters."""
    return [p for path in paths for p in read(path, root)[1]]


# Markup in a data string: a tag, a closing tag, a comment or declaration, or a character
# reference (&lt; &#60; &#x3c;), which would turn back into markup when written into a page.
MARKUP = re.compile(r"<[a-zA-Z/!?]|&(?:#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")

