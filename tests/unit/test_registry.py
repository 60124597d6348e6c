"""The entity registry: loading, every validation problem with its line, graph and hash."""
from __future__ import annotations

from pathlib import Path

import pytest

from buzzhub.cli import main
from buzzhub.entities.registry import load_registry

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "entities"

OK = """\
- id: alpha
  name: Alpha Labs
  type: company
  aliases: [Alpha]
  description: A lab.
"""


def load_text(tmp_path: Path, text: str):
    path = tmp_path / "registry.yaml"
    path.write_text(text, encoding="utf-8")
    return load_registry(path)


def test_fixture_registry_loads_clean():
    reg, problems = load_registry(FIXTURE)
    assert problems == []
    assert len(reg) == 29
    assert reg.by_id["google"].wikidata == "Q95"
    assert reg.get("nope") is None and "aws" in reg


def test_directory_and_single_file_agree(tmp_path):
    reg_dir, _ = load_registry(FIXTURE)
    merged = "\n".join(p.read_text(encoding="utf-8") for p in sorted(FIXTURE.glob("*.yaml")))
    reg_file, problems = load_text(tmp_path, merged)
    assert problems == []
    assert reg_dir.hash == reg_file.hash


def test_graph_children_and_related():
    reg, _ = load_registry(FIXTURE)
    assert set(reg.children("anthropic")) == {"claude", "claude_code"}
    assert reg.related("claude") == {"anthropic", "claude_code"}
    assert reg.related("anthropic") == {"claude", "claude_code"}


def test_name_is_a_safe_alias_unless_marked_ambiguous():
    reg, _ = load_registry(FIXTURE)
    assert reg.by_id["google"].surface_forms() == {"Google": False}
    assert reg.by_id["meta"].surface_forms() == {"Meta": True, "Meta Platforms": False}


def test_hash_is_stable_and_follows_content(tmp_path):
    a, _ = load_text(tmp_path, OK)
    b, _ = load_text(tmp_path, "# comment moves lines\n\n" + OK)
    c, _ = load_text(tmp_path, OK.replace("A lab.", "A bigger lab."))
    assert a.hash == b.hash != c.hash
    assert len(a.hash) == 64


def test_shared_alias_is_fine_when_at_most_one_claim_is_safe(tmp_path):
    text = OK + """\
- id: alpha_town
  name: Alpha Town
  type: place
  ambiguous_aliases: [Alpha]
  description: A town.
- id: beta
  name: Beta
  type: company
  ambiguous_aliases: [Beta]
  description: B.
- id: beta_river
  name: Beta River
  type: place
  ambiguous_aliases: [Beta]
  description: A river.
"""
    _, problems = load_text(tmp_path, text)
    assert problems == []


ERRORS = [
    # (name, YAML, line, field, words in the message)
    ("duplicate id", OK + OK.replace("Alpha Labs", "Other").replace("[Alpha]", "[]"), 6, "id", "duplicate id 'alpha'"),
    ("alias claimed twice", OK + "- id: beta\n  name: Beta\n  type: company\n  aliases: [Alpha]\n"
     "  description: B.\n", 6, "aliases", "also a safe alias of 'alpha'"),
    ("name collides with an alias", OK + "- id: beta\n  name: Alpha\n  type: company\n  description: B.\n",
     6, "aliases", "also a safe alias of 'alpha'"),
    ("alias both safe and ambiguous", "- id: a\n  name: A\n  type: company\n  aliases: [Aa]\n"
     "  ambiguous_aliases: [Aa]\n  description: d\n", 1, "ambiguous_aliases", "both as a safe alias"),
    ("unknown parent", "- id: a\n  name: A\n  type: company\n  parent: zed\n  description: d\n",
     1, "parent", "no entity has the id 'zed'"),
    ("parent cycle", "- id: a\n  name: A\n  type: company\n  parent: b\n  description: d\n"
     "- id: b\n  name: B\n  type: company\n  parent: a\n  description: d\n", 1, "parent", "a -> b -> a"),
    ("self parent", "- id: a\n  name: A\n  type: company\n  parent: a\n  description: d\n", 1, "parent", "loops"),
    ("malformed QID", "- id: a\n  name: A\n  type: company\n  wikidata: Q0123\n  description: d\n",
     1, "wikidata", "not a Wikidata id"),
    ("QID as a number", "- id: a\n  name: A\n  type: company\n  wikidata: 95\n  description: d\n",
     1, "wikidata", "not a Wikidata id"),
    ("missing description", "- id: a\n  name: A\n  type: company\n", 1, "description", "required"),
    ("empty description", "- id: a\n  name: A\n  type: company\n  description: ''\n", 1, "description", "required"),
    ("missing name", "- id: a\n  type: company\n  description: d\n", 1, "name", "required"),
    ("unknown type", "- id: a\n  name: A\n  type: startup\n  description: d\n", 1, "type", "unknown type 'startup'"),
    ("unknown key", "- id: a\n  name: A\n  type: company\n  description: d\n  alias: [B]\n",
     1, "alias", "unknown field"),
    ("key given twice", "- id: a\n  name: A\n  name: B\n  type: company\n  description: d\n", 1, "name", "twice"),
    ("bad id", "- id: Alpha-1\n  name: A\n  type: company\n  description: d\n", 1, "id", "lower-case"),
    ("aliases not a list", "- id: a\n  name: A\n  type: company\n  aliases: B\n  description: d\n",
     1, "aliases", "list of non-empty texts"),
    ("empty alias", "- id: a\n  name: A\n  type: company\n  aliases: ['']\n  description: d\n",
     1, "aliases", "list of non-empty texts"),
    ("bad url", "- id: a\n  name: A\n  type: company\n  url: example.com\n  description: d\n", 1, "url", "http"),
    ("not a list", "id: a\nname: A\n", 1, "registry", "YAML list"),
    ("item not a mapping", "- just text\n", 1, "entity", "mapping"),
    ("invalid YAML", "- id: a\n  name: [A\n", 3, "registry", "invalid YAML"),
]


@pytest.mark.parametrize("name,text,line,field,words", ERRORS, ids=[e[0] for e in ERRORS])
def test_each_problem_is_reported_with_its_line(tmp_path, name, text, line, field, words):
    _, problems = load_text(tmp_path, text)
    assert problems, name
    hit = [p for p in problems if p.field == field and words in p.message]
    assert hit, f"{name}: got {[str(p) for p in problems]}"
    assert hit[0].line == line
    assert hit[0].path.endswith("registry.yaml")


def test_entity_lines_count_from_the_file_top(tmp_path):
    _, problems = load_text(tmp_path, "# header\n\n" + OK + "\n- id: b\n  name: B\n  type: thing\n  description: d\n")
    [p] = problems
    assert (p.line, p.field) == (9, "type")


def test_good_entities_survive_bad_neighbours(tmp_path):
    reg, problems = load_text(tmp_path, OK + "- id: b\n  name: B\n  type: thing\n  description: d\n")
    assert "alpha" in reg and "b" not in reg and len(problems) == 1


def test_missing_path_and_empty_directory(tmp_path):
    _, problems = load_registry(tmp_path / "nope")
    assert problems[0].message == "no such file or directory"
    _, problems = load_registry(tmp_path)
    assert "no .yaml or .yml files" in problems[0].message


def test_empty_file_is_an_empty_registry(tmp_path):
    reg, problems = load_text(tmp_path, "# nothing yet\n")
    assert len(reg) == 0 and problems == []


def test_cli_entities_check(tmp_path, capsys):
    assert main(["entities", "check", "--registry", str(FIXTURE)]) == 0
    assert "ok: 29 entities" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: a\n  name: A\n  type: thing\n  description: d\n", encoding="utf-8")
    assert main(["entities", "check", "--registry", str(bad)]) == 1
    assert "bad.yaml:1: type: unknown type 'thing'" in capsys.readouterr().err


def test_cli_entities_suggest(tmp_path, capsys):
    for n in range(3):
        (tmp_path / f"a{n}.md").write_text(
            f'---\ntitle: "Story {n}"\n---\nInvestors backed Tahoe Energy Partners and Google on day {n}.\n',
            encoding="utf-8")
    assert main(["entities", "suggest", "--registry", str(FIXTURE), "--min-count", "3", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "3  Tahoe Energy Partners" in out
    assert "Google" not in out.split("e.g.")[0]
