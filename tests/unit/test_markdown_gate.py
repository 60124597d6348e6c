"""buzzhub/markdown_gate.py: inline patterns skipped where they cannot match give the same HTML, faster."""
from __future__ import annotations

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from buzzhub.markdown_gate import BLOCK_NEEDS, NEEDS, InlineGate, _Gated

# The hub's own extensions (mkdocs.yml), plus fenced_code, which MkDocs always adds.
EXTENSIONS = ["admonition", "attr_list", "footnotes", "md_in_html", "tables", "toc", "fenced_code"]
CONFIGS = {"toc": {"permalink": False}}


def html(text: str, gate: bool) -> str:
    exts = EXTENSIONS + ([InlineGate()] if gate else [])
    return markdown.Markdown(extensions=exts, extension_configs=CONFIGS).convert(text)


CASES = [
    "Plain prose with no markup at all, only words, numbers 1,234 and $5 and 7% of it.",
    "A [link](https://example.com/a?b=1&c=2) and [a reference][ref] and [short].\n\n[ref]: /r/\n[short]: /s/",
    "An ![image](/i.png \"t\") and ![ref image][img] and ![img].\n\n[img]: /img.png",
    "`code with [brackets] and *stars*` and ``double `tick` code`` and \\`escaped\\` ticks.",
    "Escapes: \\*not em\\* \\[not link\\] \\_x\\_ \\\\ backslash.",
    "*em* **strong** ***both*** _em_ __strong__ snake_case_word and 2 * 3 * 4 and a_b.",
    "Footnote here[^1] and [^missing].\n\n[^1]: The note, with *em* and a [link](/x/).",
    "<https://example.com/auto> and <someone@example.com> and <span class=\"x\">inline html</span>.",
    "Entities &amp; &copy; &#169; &#xA9; &bogus and a bare & ampersand < less > greater.",
    "Hard  \nline break and a soft\nline break.",
    "<!-- a comment --> <?php echo 1 ?> <![CDATA[ x ]]> <br/>",
    "# Heading with *em* and [link](/h/)\n\n| a | *b* |\n|:-:|--|\n| [c](/c/) | `d` |",
    "!!! note \"Title with *em*\"\n    Admonition body with [link](/n/) and &amp;.",
    "Attribute list on a paragraph.\n{: .lead #intro }\n\n[link with attrs](/a/){: .btn }",
    "<div markdown=\"1\">\n*em inside html* and [l](/l/)\n</div>",
    "Unicode: café — “quotes” — naïve ünïcode ✓ and emoji 🚀 with *em*.",
    "```python\nx = [1, 2]  # [not a link] *not em*\n```\n\nAfter the fence: *em*.",
    "> A quote with *em*\n> > and a nested one\n\nNot a quote: 3 > 2.",
    "Setext title\n============\n\nSub\n---\n\n# Hash title #\n\n####### seven is text\n\nC# and F# are languages.",
    "Rules:\n\n---\n\n* * *\n\n___\n\nA co-founder - and a dash -- here.",
    "See [the doc][d] and [^n].\n\n[d]: https://example.com/d \"Title\"\n[^n]: A note.\n    Indented more.",
    "~~~\nfenced with tildes [x](y)\n~~~\n\n    indented code *x*\n\nText.",
    "!!! warning\n    No title, *em*.\n\n!!!not an admonition\n\n1. one\n2. two [l](/l/)\n\n- a\n- b",
]


@pytest.mark.parametrize("text", CASES)
def test_same_html_with_and_without_the_gate(text):
    assert html(text, gate=True) == html(text, gate=False)


# Text built from Markdown's own significant characters, so every pattern and its needle get exercised.
_PIECES = st.sampled_from(["[", "]", "(", ")", "!", "*", "_", "`", "\\", "<", ">", "&", ";", "#", "^", ":",
                           "@", " ", "  \n", "\n", "\n\n", "a", "word", "x1", "http://h/p", "amp", "/", "\"", "=",
                           "-", "|", "{", "}", ".", "    ", "> ", "# ", "---", "!!! note", "```", "~~~", "]: ",
                           "[^1]: ", "1. ", "- ", "\n===\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_same_html_on_generated_markdown(text):
    assert html(text, gate=True) == html(text, gate=False)


def test_every_pattern_of_the_table_is_gated():
    """If a Markdown upgrade changes a pattern, the gate leaves it alone (safe) and this test says so:
    update NEEDS with the new expression and the characters it cannot match without."""
    md = markdown.Markdown(extensions=EXTENSIONS + [InlineGate()])
    ungated = [name for name in NEEDS if not isinstance(md.inlinePatterns[name].compiled_re, _Gated)]
    registries = {"parser.blockprocessors": md.parser.blockprocessors, "preprocessors": md.preprocessors}
    ungated += [name for where, name, attr in BLOCK_NEEDS if not isinstance(getattr(registries[where][name], attr), _Gated)]
    assert ungated == []


def test_a_pattern_another_extension_replaced_is_always_tried():
    class MyLink(markdown.extensions.Extension):
        def extendMarkdown(self, md):
            md.inlinePatterns.register(markdown.inlinepatterns.SimpleTagInlineProcessor(r"()\+\+(.+?)\+\+", "ins"),
                                       "link", 160)

    md = markdown.Markdown(extensions=[MyLink(), InlineGate()])
    assert not isinstance(md.inlinePatterns["link"].compiled_re, _Gated)
    # an ungated pattern may match anything: no text skips the pattern loop then
    assert md.convert("++inserted++") == "<p><ins>inserted</ins></p>"


def test_a_pattern_added_after_the_gate_still_runs_on_plain_text():
    class Ins(markdown.extensions.Extension):
        def extendMarkdown(self, md):
            md.inlinePatterns.register(markdown.inlinepatterns.SimpleTagInlineProcessor(r"()\+\+(.+?)\+\+", "ins"),
                                       "ins", 5)

    md = markdown.Markdown(extensions=EXTENSIONS + [InlineGate(), Ins()])
    assert md.convert("plain ++inserted++ text") == "<p>plain <ins>inserted</ins> text</p>"


def test_text_without_any_needle_skips_the_pattern_loop():
    md = markdown.Markdown(extensions=EXTENSIONS + [InlineGate()])
    assert "_InlineProcessor__handleInline" in vars(md.treeprocessors["inline"])


def test_the_gate_skips_patterns_whose_character_is_absent():
    ran = []

    class Counting:
        def __init__(self, name, regex):
            self.name, self.regex = name, regex

        def finditer(self, text, pos=0):
            ran.append(self.name)
            return self.regex.finditer(text, pos)

    md = markdown.Markdown(extensions=EXTENSIONS + [InlineGate()])
    for name in NEEDS:
        gated = md.inlinePatterns[name].compiled_re
        gated.regex = Counting(name, gated.regex)
    assert md.convert("Only words here, and one *emphasis*.") == "<p>Only words here, and one <em>emphasis</em>.</p>"
    assert set(ran) == {"em_strong"}     # the other 14 regexes never ran on this paragraph
