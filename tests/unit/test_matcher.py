"""The entity tagger: surface matching, skipped Markdown, ambiguity, Unicode, salience, overrides."""
from __future__ import annotations

import json
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from buzzhub.cli import main
from buzzhub.entities.cache import TagCache
from buzzhub.entities.mask import mask_markdown
from buzzhub.entities.matcher import Tagger, apply_overrides
from buzzhub.entities.registry import load_registry

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "entities"


@pytest.fixture(scope="module")
def registry():
    reg, problems = load_registry(FIXTURE)
    assert problems == []
    return reg


@pytest.fixture(scope="module")
def tagger(registry):
    return Tagger(registry)


def article(body: str, title: str = "A plain headline") -> tuple[str, int, str, int]:
    front = f'---\ntitle: "{title}"\ndescription: "Google and Apple named in the front matter"\n---\n'
    text = front + body
    return text, len(front), title, text.index(title)


def tag(tagger, body, title="A plain headline"):
    return tagger.tag(*article(body, title))


def ids(tagger, body, title="A plain headline") -> set[str]:
    return {t.id for t in tag(tagger, body, title)}


CASES = [
    # (rule, body, must include, must not include)
    ("possessive", "Shares of Microsoft's partner rose.", {"microsoft"}, set()),
    ("curly possessive", "Reporters said Hyundai’s robots are strong.", {"hyundai"}, set()),
    ("longest: AWS", "Amazon Web Services said it would grow.", {"aws"}, {"amazon"}),
    ("longest: DeepMind", "Staff at Google DeepMind published.", {"google_deepmind"}, {"google"}),
    ("longest: Claude Code", "A rival to Claude Code appeared.", {"claude_code"}, {"claude"}),
    ("longest: X-energy", "The X-energy reactor was approved.", {"x_energy"}, {"x_platform"}),
    ("fenced code", "```\nGoogle\n```\nNothing here.", set(), {"google"}),
    ("tilde fence", "~~~python\nAnthropic()\n~~~\n", set(), {"anthropic"}),
    ("indented code", "Intro line.\n\n    Google = 1\n\nDone.", set(), {"google"}),
    ("inline code", "Call `Google` here.", set(), {"google"}),
    ("bare URL", "See https://example.com/Google/Anthropic for more.", set(), {"google", "anthropic"}),
    ("autolink", "Read <https://example.com/Google>.", set(), {"google"}),
    ("link target", "[a link](https://example.com/Anthropic) and [Google](https://x.test).",
     {"google"}, {"anthropic"}),
    ("reference definition", "Text [ref].\n\n[ref]: https://example.com \"Anthropic\"\n", set(), {"anthropic"}),
    ("HTML attribute", '<span title="Anthropic">plain</span> and <b>Google</b>', {"google"}, {"anthropic"}),
    ("HTML comment", "<!-- Anthropic is secret -->Visible text.", set(), {"anthropic"}),
    ("front matter is not read", "Nothing to see.", set(), {"google", "apple"}),
    ("lower-case common word", "They compared apples to oranges while moving the cursor.", set(), {"apple", "cursor"}),
    ("ambiguous, sentence-initial, alone", "Meta plans a new model.", set(), {"meta"}),
    ("ambiguous, same-entity safe alias", "Meta plans a new model. Meta Platforms confirmed it.", {"meta"}, set()),
    ("ambiguous, mid-sentence capital", "The deal with Meta was signed.", {"meta"}, set()),
    ("ambiguous, parent corroborates", "Claude is improving. Anthropic said so.", {"claude", "anthropic"}, set()),
    ("ambiguous, child corroborates parent", "Amazon grew. AWS led the growth.", {"amazon", "aws"}, set()),
    ("ambiguous, context string", "NEO walks around. The humanoid is slow.", {"neo"}, set()),
    ("all-caps ambiguous needs support", "NEO walks around.", set(), {"neo"}),
    ("named after its maker", "DeepSeek released R1 in January.", {"deepseek", "deepseek_r1"}, set()),
    ("longer unknown name before", "Tourists love the Big Apple in spring.", set(), {"apple"}),
    ("longer unknown name after", "NASA flew Project Gemini and the Apple Vision headset.", set(), {"gemini", "apple"}),
    ("X of Name", "He visited the Library of Congress and the University of Washington.", set(),
     {"us_government", "washington_state"}),
    ("hyphen: common compound", "New Meta-analyses show little.", set(), {"meta"}),
    ("hyphen: compound modifier", "It sells Arm-based chips to the Hyundai-owned firm.", {"arm", "hyundai"}, set()),
    ("sentence-initial noun phrase", "Cursor position, recent edits and files are sent. Anysphere said so.",
     {"anysphere"}, {"cursor"}),
    ("sentence-initial apposition", "Cursor, an AI-first editor, is popular.", {"cursor"}, set()),
    ("single letter as a variable", "Twitter grew X percent.", {"x_platform"}, set()),
    ("owned by a known name", "Rules bind Google's NEO too.", {"neo"}, set()),
    ("single letter as a name", "Posts on X spread. Twitter was renamed.", {"x_platform"}, set()),
    ("shared alias, neither backed", "Amazon shares rose.", set(), {"amazon", "amazon_basin"}),
    ("shared alias, safe sibling form", "Fires in the Amazon rainforest spread.", {"amazon_basin"}, {"amazon"}),
    ("shared alias, sentence words", "Loggers near the Amazon worry scientists who study the river.",
     {"amazon_basin"}, {"amazon"}),
    ("shared alias, list neighbours", "Deals by Google, Amazon and Anthropic closed.", {"amazon"}, {"amazon_basin"}),
    ("metonym backed by its entity", "The federal government agreed; Washington, which said little, signed.",
     {"us_government"}, {"washington_state"}),
    ("city with its state", "The summit met in Washington, DC last week.", set(),
     {"us_government", "washington_state"}),
    ("Unicode name", "Dragoș Tudorache spoke in Brussels.", {"dragos_tudorache"}, set()),
    ("surname alone needs the full name", "Later Tudorache added more.", set(), {"dragos_tudorache"}),
    ("Polish letters", "Aleksander Mądry said so. Later Mądry added more.", {"aleksander_madry"}, set()),
    ("CJK without spaces", "由深度求索开发的模型很便宜。", {"deepseek"}, set()),
    ("no accent folding", "The architect Antoni Gaudí designed it; Gaudí also drew.", {"antoni_gaudi"}, {"gaudi"}),
    ("quoted word", 'The word "Gemini" is Latin for twins.', set(), {"gemini"}),
    ("one sense per story", "The prize went to Ana Figure in May. Judges praised Figure for it.", set(),
     {"figure_ai"}),
    ("Name of Capitalised", "Critics called it the Apple of Discord.", set(), {"apple"}),
    ("capital after a sentence-initial word", "Rival Gemini trailed.", set(), {"gemini"}),
    ("function word before is no name", "The Gemini launch impressed analysts.", {"gemini"}, set()),
    ("quoted speech starts a sentence", 'He said, "Figure it out," and left.', set(), {"figure_ai"}),
    ("colon starts a sentence", "One rule: Figure out the cost first.", set(), {"figure_ai"}),
]


@pytest.mark.parametrize("rule,body,present,absent", CASES, ids=[c[0] for c in CASES])
def test_rules(tagger, rule, body, present, absent):
    found = ids(tagger, body)
    assert present <= found, f"{rule}: missing {present - found}"
    assert not (absent & found), f"{rule}: unexpected {absent & found}"


@pytest.mark.parametrize("rule,body,_present,_absent", CASES, ids=[c[0] for c in CASES])
def test_offsets_point_at_the_text(tagger, rule, body, _present, _absent):
    text, body_offset, title, title_offset = article(body)
    for ent in tagger.tag(text, body_offset, title, title_offset):
        for m in ent.mentions:
            assert text[m.start:m.end] == m.text
            assert m.start >= body_offset or title_offset <= m.start < title_offset + len(title)


def test_possessive_is_not_part_of_the_mention(tagger):
    [ms] = [t for t in tag(tagger, "Shares of Microsoft's partner rose.") if t.id == "microsoft"]
    assert [m.text for m in ms.mentions] == ["Microsoft"]


def test_only_the_name_use_is_a_mention(tagger):
    body = "Cursor position, recent edits and files are sent. Developers like Cursor from Anysphere."
    text, off, title, toff = article(body)
    [cur] = [t for t in tagger.tag(text, off, title, toff) if t.id == "cursor"]
    assert [m.start for m in cur.mentions] == [text.index("Cursor from")]


def test_a_first_name_makes_a_different_person(tagger):
    body = "Dragoș Tudorache spoke. Ana Tudorache, a cousin, did not."
    text, off, title, toff = article(body)
    [ent] = [t for t in tagger.tag(text, off, title, toff) if t.id == "dragos_tudorache"]
    assert [m.start for m in ent.mentions] == [text.index("Dragoș")]


def test_nfd_text_gets_nfc_matches_with_original_offsets(tagger):
    body = unicodedata.normalize("NFD", "Then Dragoș Tudorache spoke.")
    text, off, title, toff = article(body)
    [ent] = [t for t in tagger.tag(text, off, title, toff) if t.id == "dragos_tudorache"]
    [m] = ent.mentions
    assert text[m.start:m.end] == m.text
    assert unicodedata.normalize("NFC", m.text) == "Dragoș Tudorache"


def test_title_mentions_have_offsets_and_weigh_most(tagger):
    text, off, title, toff = article("Google said little. Google said more.", title="Anthropic raises money")
    tagged = tagger.tag(text, off, title, toff)
    assert tagged[0].id == "anthropic" and tagged[0].salience == 1.0
    [m] = tagged[0].mentions
    assert toff <= m.start and text[m.start:m.end] == "Anthropic"
    assert all(0.0 <= t.salience <= 1.0 for t in tagged)


def test_title_without_offset_still_counts(tagger):
    text, off, title, _ = article("Google said little.", title="Anthropic raises money")
    tagged = tagger.tag(text, off, title, None)
    assert tagged[0].id == "anthropic" and tagged[0].mentions == ()


def test_lead_and_frequency_raise_salience(tagger):
    body = "Anthropic spoke first.\n\nLater Google, Google and Google spoke. Apple Inc. spoke once."
    sal = {t.id: t.salience for t in tag(tagger, body)}
    assert sal["google"] > sal["apple"]
    assert sal["anthropic"] > sal["apple"]


def test_sorted_by_salience_then_id_and_deterministic(tagger):
    body = "Apple Inc. and Google and Anthropic and Microsoft met. AWS too."
    first = tag(tagger, body)
    assert first == tag(tagger, body) == Tagger(tagger.registry).tag(*article(body))
    keys = [(-t.salience, t.id) for t in first]
    assert keys == sorted(keys)


def test_overrides_add_and_exclude(tagger, registry):
    tagged = tag(tagger, "Google and Microsoft met.")
    out = apply_overrides(tagged, add=["anthropic", "no_such_id"], exclude=["google"], registry=registry)
    got = {t.id: t for t in out}
    assert "google" not in got and "microsoft" in got
    assert got["anthropic"].salience == 1.0 and got["anthropic"].mentions == ()
    assert "no_such_id" not in got
    assert out[0].id == "anthropic"


def test_mask_keeps_length_and_newlines():
    body = "a `b` <i x='y'>c</i>\n```\nd\n```\nhttps://e.test/f <!-- g -->\n"
    masked = mask_markdown(body)
    assert len(masked) == len(body)
    assert [i for i, c in enumerate(body) if c == "\n"] == [i for i, c in enumerate(masked) if c == "\n"]


def test_hostile_markup_stays_fast(tagger):
    body = ("` < <a b=' [x]( " * 20000) + "Google"
    started = time.perf_counter()
    tag(tagger, body)
    assert time.perf_counter() - started < 10


def test_cache_memory_and_disk(tagger, registry, tmp_path):
    text, off, title, toff = article("Google and Anthropic met.")
    cache = TagCache(registry, str(tmp_path))
    first = cache.tag(tagger, text, off, title, toff)
    assert cache.get(text) == first
    assert TagCache(registry, str(tmp_path)).get(text) == first  # read back from disk
    assert TagCache(registry).get(text) is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["Google", "Amazon", "Meta", "X", "Claude Code", "Dragoș Tudorache",
                                 "深度求索", "the", "a", ",", ".", "'s", "-", "`", "\n\n", "https://a.test/x",
                                 "<b>", "</b>", "Cursor", "apple", "Arm-based", " "]), max_size=40))
def test_any_text_gives_valid_offsets(tagger, words):
    body = " ".join(words)
    text, off, title, toff = article(body)
    for ent in tagger.tag(text, off, title, toff):
        assert 0.0 <= ent.salience <= 1.0
        for m in ent.mentions:
            assert text[m.start:m.end] == m.text and m.text


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_cli_tag_json(tmp_path, capsys):
    good = write(tmp_path / "good.md", '---\ntitle: "Anthropic and Google"\nentities: [meta]\n---\nAWS grew.\n')
    assert main(["tag", "--registry", str(FIXTURE), "--format", "json", str(tmp_path)]) == 0
    out = json.loads(capsys.readouterr().out)
    [art] = out["articles"]
    assert art["path"] == good and art["title"] == "Anthropic and Google"
    got = {e["id"] for e in art["entities"]}
    assert {"anthropic", "google", "aws", "meta"} <= got
    ent = art["entities"][0]
    assert set(ent) == {"id", "name", "type", "wikidata", "salience", "mentions"}


def test_cli_tag_reports_bad_files_but_prints_good_ones(tmp_path, capsys):
    write(tmp_path / "a.md", '---\ntitle: "Google"\nentities: [nope]\n---\nText.\n')
    write(tmp_path / "b.md", "---\ntitle: [unclosed\n---\nText.\n")
    code = main(["tag", "--registry", str(FIXTURE), "--format", "json", str(tmp_path)])
    out = capsys.readouterr()
    assert code == 1
    assert [a["title"] for a in json.loads(out.out)["articles"]] == ["Google"]
    assert "a.md:3: entities: no entity has the id 'nope'" in out.err
    assert "b.md:" in out.err and "front matter: invalid YAML" in out.err


def test_cli_tag_bad_registry_exits_2(tmp_path, capsys):
    reg = write(tmp_path / "reg.yaml", "- id: Bad Id\n  name: X\n  type: company\n  description: d\n")
    art = write(tmp_path / "a.md", '---\ntitle: "Google"\n---\nText.\n')
    assert main(["tag", "--registry", reg, art]) == 2
    assert "reg.yaml:1: id:" in capsys.readouterr().err
