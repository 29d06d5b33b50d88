"""The shared building blocks: the safe YAML loader and the generated-block registry."""
import pytest

from pmlcheck import blocks
from pmlrender import generated
from pmlsources import marks, yamlsafe


def test_yaml_refuses_aliases_and_duplicate_keys_with_the_line():
    assert yamlsafe.load("a: 1\nb: [1, 2]\n", "x.yml") == ({"a": 1, "b": [1, 2]}, [])
    _, [alias] = yamlsafe.load("a: &x [1]\nb: *x\n", "x.yml")
    assert (alias.path, alias.line) == ("x.yml", 1) and "alias" in alias.message
    _, [dup] = yamlsafe.load("a: 1\nb: 2\na: 3\n", "x.yml", first_line=2)
    assert dup.line == 4 and "first on line 2" in dup.message
    _, [nfc] = yamlsafe.load("caf\u00e9: 1\ncafe\u0301: 2\n", "x.yml")  # the same word, composed and decomposed
    assert "twice" in nfc.message
    _, [bad] = yamlsafe.load("a: [\n", "x.yml")
    assert bad.line == 2 and "not valid YAML" in bad.message


def test_generated_blocks_expand_and_unknown_markers_are_located(tmp_path, monkeypatch):
    generated.registered()  # the real blocks first, so the test's own block stays in a copy of the registry
    monkeypatch.setattr(generated, "_BLOCKS", dict(generated._BLOCKS))
    monkeypatch.setattr(generated, "BLOCK_NAMES", marks.BLOCK_NAMES | {"test-echo"})
    monkeypatch.setattr(blocks, "BLOCK_NAMES", marks.BLOCK_NAMES | {"test-echo"})

    @generated.block("test-echo")
    def echo(ctx, arg):
        return f"echo {arg} on {ctx.page}"

    ctx = generated.Context(root=tmp_path, docs=tmp_path, page="a.md")
    text = "Intro\n<!-- generated: test-echo 4 in 1000 -->\nEnd\n"
    # the block between the markers the checks read as generated (pmlrender/generated.py BEGIN, END)
    assert generated.expand(text, ctx) == (f"Intro\n<!-- {generated.BEGIN} -->\n\necho 4 in 1000 on a.md\n\n"
                                           f"<!-- {generated.END} -->\nEnd\n")
    [problem] = blocks.unknown_blocks("x\n\n<!-- generated: no-such-block -->\n", "a.md")
    assert problem.line == 3 and "no-such-block" in problem.message
    assert blocks.unknown_blocks(text, "a.md") == []


def test_every_block_a_page_may_name_is_drawn_and_no_other():
    """The checks know the block names from pmlsources (they never import the renderers); the
    registry of renderers must hold exactly those, and refuses a block not listed there."""
    assert set(generated.registered()) == set(marks.BLOCK_NAMES)
    with pytest.raises(ValueError, match="BLOCK_NAMES"):
        generated.block("not-listed")
