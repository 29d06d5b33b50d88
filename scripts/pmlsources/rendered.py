"""Pages rendered as the build renders them, for `dev.py check` (which runs no MkDocs).

Why: the checks of what readers see (pmlcheck/seen.py) read rendered HTML. In the build they get
the HTML MkDocs produced; `python3 scripts/dev.py check` and the single-check commands build
nothing, so this runs Python-Markdown once per page with the extensions and settings mkdocs.yml
gives MkDocs (snippets included), read with yaml.compose (no tag of the file is run: `!relative
$config_dir` is the one tag understood, as MkDocs understands it; an extension configured with any
other tag is left out here, and the configuration check reports it). Citations stay as [@key] text,
which seen.py counts as a mark where readers would see it; generated blocks stay unexpanded (the
build checks them with everything else).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from pmlsources.pages import split_front_matter


def _value(node, root: Path, budget: list[int]):
    """A composed YAML node as plain Python, with `!relative $config_dir/...` resolved."""
    budget[0] -= 1
    if budget[0] < 0:
        raise ValueError("too many nodes")
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "!relative":
            return str(node.value).replace("$config_dir", str(root))
        if node.tag.startswith("!"):
            raise ValueError(f"tag {node.tag}")
        return yaml.safe_load(yaml.serialize(node)) if node.tag != "tag:yaml.org,2002:str" else str(node.value)
    if isinstance(node, yaml.SequenceNode):
        return [_value(child, root, budget) for child in node.value]
    if isinstance(node, yaml.MappingNode):
        return {str(k.value): _value(v, root, budget) for k, v in node.value}
    raise ValueError("unknown node")


@lru_cache(maxsize=4)
def extensions(root: Path) -> tuple[list, dict]:
    """(extension names, their configuration) from ``root``/mkdocs.yml, as MkDocs passes them."""
    try:
        node = yaml.compose((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return [], {}
    listed = next((v for k, v in node.value if k.value == "markdown_extensions"), None) \
        if isinstance(node, yaml.MappingNode) else None
    names, configs = [], {}
    for item in listed.value if isinstance(listed, yaml.SequenceNode) else []:
        try:
            value = _value(item, root, [2000])
        except ValueError:
            continue
        if isinstance(value, str):
            names.append(value)
        elif isinstance(value, dict) and len(value) == 1:
            name, config = next(iter(value.items()))
            names.append(name)
            configs[name] = config if isinstance(config, dict) else {}
    return names, configs


@lru_cache(maxsize=4)
def renderer(root: Path):
    """A Python-Markdown instance configured as the site's (page_html resets it between pages)."""
    import markdown

    names, configs = extensions(root)
    return markdown.Markdown(extensions=names, extension_configs=configs)


def page_html(md, text: str) -> str:
    """One page's body as HTML (front matter removed, as MkDocs removes it)."""
    _front, body, _first = split_front_matter(text)
    md.reset()
    return md.convert(body)
