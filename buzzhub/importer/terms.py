"""Source taxonomies (tags, topics, categories) onto the hub's controlled categories, the rest as tags."""
from __future__ import annotations

import yaml

from ..article import slugify
from .model import Item, UsageError

TERM_KEYS = ("categories", "category", "topics", "tags", "tag", "keywords")
MAX_CATEGORIES = 3


def load_category_map(path: str, categories: list[str]) -> dict[str, str | None]:
    """YAML `source term: Hub category` (null drops the term); keys match case- and punctuation-blind."""
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8-sig") as fh:
            data = yaml.safe_load(fh)
    except OSError as err:
        raise UsageError(f"{path}: cannot be read: {err.strerror}")
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        raise UsageError(f"{path}: invalid YAML: {str(err).splitlines()[0]}")
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UsageError(f"{path}: must be a mapping of 'source term: hub category'")
    out: dict[str, str | None] = {}
    for term, cat in data.items():
        if cat is not None and cat not in categories:
            raise UsageError(f"{path}: '{term}' maps to '{cat}', which is not a category in mkdocs.yml "
                             f"(choose from {', '.join(categories)})")
        out[slugify(str(term))] = cat
    return out


def source_terms(item: Item, flavor: str) -> list[str]:
    """Every term in source order; Jekyll reads a plain string as space-separated words."""
    terms: list[str] = list(item.category_dirs)
    for key in TERM_KEYS:
        if key not in item.doc.meta:
            continue
        item.used.add(key)
        value = item.doc.meta[key]
        if isinstance(value, str):
            value = value.split() if flavor == "jekyll" else [value]
        if isinstance(value, list):
            terms += [str(v).strip() for v in value if v is not None and str(v).strip()]
    return terms


def map_terms(item: Item, terms: list[str], catmap: dict, categories: list[str], default: str) -> None:
    by_slug = {slugify(c): c for c in categories}
    cats, tags, seen = [], [], set()
    for term in terms:
        key = slugify(term)
        if not key or key in seen:
            continue
        seen.add(key)
        if key in catmap:
            if catmap[key] is None:
                item.note(f"categories: term '{term}' dropped (mapped to null)")
            elif catmap[key] not in cats:
                cats.append(catmap[key])
        elif key in by_slug:
            if by_slug[key] not in cats:
                cats.append(by_slug[key])
        else:
            tags.append(term)
    if len(cats) > MAX_CATEGORIES:
        item.note(f"categories: kept the first {MAX_CATEGORIES} of {', '.join(cats)} (the hub allows 1-3)")
        cats = cats[:MAX_CATEGORIES]
    if not cats:
        cats = [default]
        item.note(f"categories: no source term maps to a hub category; used the default '{default}'")
    if tags:
        item.meta["tags"] = tags
    item.meta["categories"] = cats
