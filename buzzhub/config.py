"""The hub's settings, declared and validated like mkdocs' config_options.

They live in mkdocs.yml under `extra: buzzhub:` so templates can read them too.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Callable

from .problems import Problem
from .related.model import OPTIONS as RELATED_OPTIONS


@dataclass(frozen=True)
class Opt:
    kind: type | tuple
    default: Any
    check: Callable[[Any], str | None] = lambda v: None  # returns a message when invalid
    help: str = ""


def _positive(v):
    return None if v > 0 else "must be greater than 0"


def _unit(v):
    return None if 0 <= v <= 1 else "must be between 0 and 1"


def _nonneg(v):
    return None if v >= 0 else "must be 0 or more"


def _one_of(*choices):
    return lambda v: None if v in choices else f"must be one of: {', '.join(choices)}"


def _categories(v):
    if not v or not all(isinstance(c, str) and c.strip() for c in v):
        return "must be a non-empty list of category names"
    if len(set(v)) != len(v):
        return "lists a category twice"
    from .article import slugify   # each category gets a page at category/<slug>/: slugs must be distinct
    by_slug: dict[str, str] = {}
    for c in v:
        slug = slugify(c)
        if not slug:
            return f"category {c!r} has no letters or digits to make its URL from"
        if slug in by_slug:
            return f"categories {by_slug[slug]!r} and {c!r} would share the page category/{slug}/"
        by_slug[slug] = c
    return None


SCHEMA: dict[str, Any] = {
    "categories": Opt(list, ["Models", "Policy", "Industry", "Research", "Security", "Hardware", "Health",
                             "Products"], _categories, "the controlled category list"),
    "authors_file": Opt(str, "data/authors.yml"),
    "entities_dir": Opt(str, "data/entities"),
    "description_max": Opt(int, 300, _positive, "characters allowed in a description"),
    "per_page": Opt(int, 20, _positive, "story cards on the first page of a listing"),
    # Later pages and month archives list one-line rows: cards on every page made listings ~40 % of
    # the output at 10,000 stories (buzzhub/listings.py browse()).
    "archive_per_page": Opt(int, 200, _positive, "one-line rows per later listing page and per month archive page"),
    "home_latest": Opt(int, 12, _positive),
    "words_per_minute": Opt(int, 230, _positive),
    "search": Opt(str, "pagefind", _one_of("pagefind", "material"),
                  "pagefind (static index, scales to news archives) or material (built-in, small sites)"),
    # Pagefind holds ~200 KB per page while indexing: shards bound the build's peak memory.
    "search_shard_size": Opt(int, 3000, _positive, "pages per Pagefind index shard (merged in the browser)"),
    # Trust model (README): contributors' raw HTML is cleaned unless the maintainers opt out.
    "raw_html": Opt(str, "sanitize", _one_of("allow", "sanitize"),
                    "sanitize: article bodies keep a safe HTML subset (buzzhub/sanitize.py); allow: as written"),
    "entities": {
        "min_salience": Opt((int, float), 0.15, _unit, "entities below this salience are not shown"),
        "max_chips": Opt(int, 8, _positive),
        "per_page": Opt(int, 20, _positive),
        # Later pages list older stories as one-line rows: an entity named in thousands of stories
        # would otherwise add hundreds of full listing pages (~40 KB each) per entity.
        "archive_per_page": Opt(int, 200, _positive, "stories per entity page after the first (compact rows)"),
    },
    "related": RELATED_OPTIONS,  # declared next to the ranker that uses them
    "feeds": {
        "items": Opt(int, 20, _positive),
        "full_content": Opt(bool, True),
    },
    "social_cards": Opt(bool, True, help="draw a 1200x630 PNG per article for link previews (Pillow)"),
    "subscribe": {  # provider-specific rules and the secret guard live in buzzhub/subscribe.py
        "provider": Opt(str, "", help="buttondown | mailchimp | kit | listmonk | generic; empty: feed links only"),
        "username": Opt(str, "", help="buttondown"),
        "action": Opt(str, "", help="mailchimp: the embed form's action URL; generic: where to POST"),
        "form_id": Opt((int, str), "", help="kit"),
        "url": Opt(str, "", help="listmonk: the instance's root URL"),
        "list_uuid": Opt(str, "", help="listmonk"),
        "email_field": Opt(str, "email", help="generic: name of the e-mail field"),
        "extra_fields": Opt(dict, {}, help="generic: hidden fields sent along, name -> value"),
        "fetch_mode": Opt(str, "", help="cors | no-cors; empty: the provider's default"),
        "heading": Opt(str, "Get the newsletter"),
        "consent": Opt(str, "We use your address only to send you the newsletter; unsubscribe with one click."),
        "privacy_url": Opt(str, "about/", help="site path or absolute URL of the privacy notice"),
    },
}


_KIND_NAMES = {int: "a whole number", str: "text", list: "a list", bool: "true or false", dict: "a mapping"}


def _validate(schema: dict, given: Any, where: str, problems: list, path: str) -> dict:
    out: dict = {}
    if given is None:
        given = {}
    if not isinstance(given, dict):
        problems.append(Problem(path, 1, where, "must be a mapping"))
        given = {}
    for key in given:
        if key not in schema:
            hint = difflib.get_close_matches(str(key), schema, n=1)
            problems.append(Problem(path, 1, f"{where}.{key}", "unknown setting"
                                    + (f"; did you mean '{hint[0]}'?" if hint else "")))
    for key, opt in schema.items():
        name = f"{where}.{key}"
        if isinstance(opt, dict):
            out[key] = _validate(opt, given.get(key), name, problems, path)
            continue
        value = given.get(key, opt.default)
        if isinstance(value, bool) and opt.kind is not bool or not isinstance(value, opt.kind):
            want = _KIND_NAMES.get(opt.kind, "number")
            problems.append(Problem(path, 1, name, f"must be {want}, got {value!r}"))
            value = opt.default
        elif (msg := opt.check(value)):
            problems.append(Problem(path, 1, name, msg))
            value = opt.default
        out[key] = value
    return out


def load_settings(extra_buzzhub: Any, path: str = "mkdocs.yml") -> tuple[dict, list[Problem]]:
    from . import subscribe
    problems: list[Problem] = []
    if isinstance(extra_buzzhub, dict) and "subscribe" in extra_buzzhub:  # secrets first: never echo them
        clean, problems = subscribe.check_secrets(extra_buzzhub["subscribe"], "extra.buzzhub.subscribe", path)
        extra_buzzhub = {**extra_buzzhub, "subscribe": clean}
    settings = _validate(SCHEMA, extra_buzzhub, "extra.buzzhub", problems, path)
    problems += subscribe.check(settings["subscribe"], "extra.buzzhub.subscribe", path)
    return settings, _with_lines(problems, path)


def _with_lines(problems: list[Problem], path: str) -> list[Problem]:
    """Point each settings problem at its line in mkdocs.yml (line 1 when the key is absent)."""
    if not problems:
        return problems
    import yaml
    try:
        with open(path, encoding="utf-8") as fh:
            root = yaml.compose(fh, _permissive_loader())
    except (OSError, yaml.YAMLError):  # MkDocs reports these itself; we only lose line numbers
        return problems
    return [Problem(p.path, _line_of(root, p.field), p.field, p.message) for p in problems]


def _line_of(node, dotted: str) -> int:
    import yaml
    line = 1
    for part in dotted.split("."):
        if not isinstance(node, yaml.MappingNode):
            break
        pair = next(((k, v) for k, v in node.value if getattr(k, "value", None) == part), None)
        if pair is None:
            break
        line, node = pair[0].start_mark.line + 1, pair[1]
    return line


def _permissive_loader():
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    return Loader


def read_mkdocs_yml(path: str) -> dict:
    """mkdocs.yml without MkDocs: unknown tags such as !!python/name are read as null."""
    import yaml
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, _permissive_loader()) or {}
