"""The entity registry: YAML lists of canonical entities, validated with file lines.

`load_registry(path)` reads a directory of *.yaml / *.yml files (each a list of
entities) or one such file, and returns the usable entities plus every problem.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..problems import Problem

TYPES = ("company", "organization", "person", "model", "product",
         "government", "country", "place", "law", "event")
REQUIRED = ("id", "name", "type", "description")
LISTS = ("aliases", "ambiguous_aliases", "context")
OPTIONAL = ("parent", "wikidata", "url")
FIELDS = REQUIRED + LISTS + OPTIONAL
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
QID_RE = re.compile(r"^Q[1-9][0-9]*$")
DEFAULT_PATH = os.path.join("data", "entities")


def norm_form(text: str) -> str:
    """How surface forms are compared: NFC, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str
    description: str
    aliases: tuple[str, ...] = ()
    ambiguous_aliases: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    parent: str | None = None
    wikidata: str | None = None
    url: str | None = None
    path: str = ""
    line: int = 0

    def surface_forms(self) -> dict[str, bool]:
        """Every form this entity answers to -> True when it is ambiguous."""
        ambiguous = {norm_form(a) for a in self.ambiguous_aliases}
        forms = {norm_form(a): False for a in (self.name, *self.aliases)}
        forms.update(dict.fromkeys(ambiguous, True))
        forms.pop("", None)
        return forms

    def canonical(self) -> dict:
        return {k: getattr(self, k) for k in FIELDS}


class Registry:
    """Entities by id, with the parent/child graph and a content hash for caches."""

    def __init__(self, entities=()):
        self.by_id: dict[str, Entity] = {e.id: e for e in sorted(entities, key=lambda e: e.id)}
        self._children: dict[str, list[str]] = {}
        for e in self.by_id.values():
            if e.parent in self.by_id:
                self._children.setdefault(e.parent, []).append(e.id)
        blob = json.dumps([e.canonical() for e in self.by_id.values()], ensure_ascii=False, sort_keys=True)
        self.hash = hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def __len__(self) -> int:
        return len(self.by_id)

    def __iter__(self):
        return iter(self.by_id.values())

    def __contains__(self, eid) -> bool:
        return eid in self.by_id

    def get(self, eid: str) -> Entity | None:
        return self.by_id.get(eid)

    def children(self, eid: str) -> tuple[str, ...]:
        return tuple(self._children.get(eid, ()))

    def related(self, eid: str) -> set[str]:
        """Parent, children and siblings (same parent): their mentions corroborate each other."""
        e = self.by_id[eid]
        out = set(self.children(eid))
        if e.parent in self.by_id:
            out.add(e.parent)
            out.update(self.children(e.parent))
        out.discard(eid)
        return out


def load_registry(path: str | os.PathLike = DEFAULT_PATH) -> tuple[Registry, list[Problem]]:
    problems: list[Problem] = []
    files = _registry_files(str(path), problems)
    entities: list[Entity] = []
    for f in files:
        for node, loader in _entity_nodes(f, problems):
            ent = _build(f, node, loader, problems)
            if ent is not None:
                entities.append(ent)
    entities = _unique_ids(entities, problems)
    _check_aliases(entities, problems)
    entities = _check_parents(entities, problems)
    return Registry(entities), sorted(problems)


def _registry_files(path: str, problems: list[Problem]) -> list[str]:
    if os.path.isdir(path):
        files = sorted(str(p) for p in Path(path).iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        if not files:
            problems.append(Problem(path, 1, "registry", "no .yaml or .yml files in this directory"))
        return files
    if not os.path.exists(path):
        problems.append(Problem(path, 1, "registry", "no such file or directory"))
        return []
    return [path]


def _entity_nodes(path: str, problems: list[Problem]):
    """Yield (mapping node, loader) for each list item; YAML errors become problems."""
    try:
        text = Path(path).read_text(encoding="utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError) as err:
        problems.append(Problem(path, 1, "registry", f"cannot be read: {err}"))
        return
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        what = getattr(err, "problem", None) or str(err).splitlines()[0]
        problems.append(Problem(path, mark.line + 1 if mark else 1, "registry", f"invalid YAML: {what}"))
        loader.dispose()
        return
    if root is None:
        loader.dispose()
        return
    if not isinstance(root, yaml.SequenceNode):
        problems.append(Problem(path, root.start_mark.line + 1, "registry", "must be a YAML list of entities"))
    else:
        for item in root.value:
            if isinstance(item, yaml.MappingNode):
                yield item, loader
            else:
                problems.append(Problem(path, item.start_mark.line + 1, "entity", "must be a mapping of fields"))
    loader.dispose()


def _build(path: str, node, loader, problems: list[Problem]) -> Entity | None:
    line = node.start_mark.line + 1

    def bad(fld, msg):
        problems.append(Problem(path, line, fld, msg))

    data = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key in data:
            bad(key, "given twice in one entity; only one value can win")
        elif key not in FIELDS:
            bad(key, f"unknown field; expected one of {', '.join(FIELDS)}")
        else:
            try:
                data[key] = loader.construct_object(value_node, deep=True)
            except yaml.YAMLError as err:
                bad(key, f"invalid value: {getattr(err, 'problem', err)}")
    ok = _check_fields(data, bad)
    if not ok:
        return None
    lists = {k: tuple(data.get(k) or ()) for k in LISTS}
    return Entity(data["id"], data["name"], data["type"], data["description"], **lists,
                  parent=data.get("parent"), wikidata=data.get("wikidata"), url=data.get("url"),
                  path=path, line=line)


def _check_fields(data: dict, bad) -> bool:
    """Report every field problem; False when the entity cannot be used at all."""
    ok = True
    for key in REQUIRED:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            bad(key, "required text is missing or empty")
            ok = False
    if isinstance(data.get("id"), str) and not ID_RE.match(data["id"]):
        bad("id", f"'{data['id']}' must be lower-case letters, digits and underscores, starting with a letter or digit")
        ok = False
    if isinstance(data.get("type"), str) and data["type"] not in TYPES:
        bad("type", f"unknown type '{data['type']}'; expected one of {', '.join(TYPES)}")
        ok = False
    for key in LISTS:
        value = data.get(key)
        if value is not None and (not isinstance(value, list)
                                  or not all(isinstance(v, str) and v.strip() for v in value)):
            bad(key, "must be a list of non-empty texts")
            data[key] = [v for v in value if isinstance(v, str) and v.strip()] if isinstance(value, list) else []
    for key, pattern, hint in (("wikidata", QID_RE, "a Wikidata id like Q95"),
                               ("parent", ID_RE, "an entity id"),
                               ("url", re.compile(r"^https?://\S+$"), "an http(s) URL")):
        value = data.get(key)
        if value is not None and not (isinstance(value, str) and pattern.match(value)):
            bad(key, f"'{value}' is not {hint}")
            data[key] = None
    return ok


def _unique_ids(entities: list[Entity], problems: list[Problem]) -> list[Entity]:
    first: dict[str, Entity] = {}
    for e in entities:
        if e.id in first:
            f = first[e.id]
            problems.append(Problem(e.path, e.line, "id", f"duplicate id '{e.id}' (first given at {f.path}:{f.line})"))
        else:
            first[e.id] = e
    return list(first.values())


def _check_aliases(entities: list[Entity], problems: list[Problem]) -> None:
    """Two entities may share a form only if at most one of them claims it as safe."""
    safe_owner: dict[str, Entity] = {}
    for e in entities:
        both = {norm_form(a) for a in e.aliases} & {norm_form(a) for a in e.ambiguous_aliases}
        for form in sorted(both):
            problems.append(Problem(e.path, e.line, "ambiguous_aliases",
                                    f"'{form}' is listed both as a safe alias and as an ambiguous one"))
        for form, ambiguous in e.surface_forms().items():
            if ambiguous:
                continue
            other = safe_owner.setdefault(form, e)
            if other is not e:
                problems.append(Problem(e.path, e.line, "aliases",
                                        f"'{form}' is also a safe alias of '{other.id}' ({other.path}:{other.line}); "
                                        f"list it under ambiguous_aliases in both, or drop it from one"))


def _check_parents(entities: list[Entity], problems: list[Problem]) -> list[Entity]:
    """Unknown parents and cycles are reported and cut, so the graph is a forest."""
    by_id = {e.id: e for e in entities}
    out = []
    for e in entities:
        if e.parent is not None and e.parent not in by_id:
            problems.append(Problem(e.path, e.line, "parent", f"no entity has the id '{e.parent}'"))
            e = _without_parent(e)
        elif e.parent is not None and _in_cycle(e.id, by_id):
            problems.append(Problem(e.path, e.line, "parent",
                                    f"parent chain of '{e.id}' loops back to itself: {_cycle_text(e.id, by_id)}"))
            e = _without_parent(e)
        out.append(e)
    return out


def _without_parent(e: Entity) -> Entity:
    return Entity(**{**e.__dict__, "parent": None})


def _in_cycle(eid: str, by_id: dict[str, Entity]) -> bool:
    seen, cur = set(), by_id[eid].parent
    while cur in by_id and cur not in seen:
        if cur == eid:
            return True
        seen.add(cur)
        cur = by_id[cur].parent
    return False


def _cycle_text(eid: str, by_id: dict[str, Entity]) -> str:
    chain, cur = [eid], by_id[eid].parent
    while cur != eid:
        chain.append(cur)
        cur = by_id[cur].parent
    return " -> ".join(chain + [eid])
