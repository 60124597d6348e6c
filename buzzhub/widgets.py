"""Per-page data for the share, subscribe and feed widgets and the head metadata.

One call from the hook's on_page_context; each part lives in its own module.
"""
from __future__ import annotations

from . import feeds, seo, subscribe


def page_extras(model, data: dict, page_url: str, page_title, page_description, site: dict) -> dict:
    """site: url, name, description, logo, language (plain values from mkdocs.yml)."""
    settings = data.get("settings") or {}
    return {"seo": seo.page_meta(model, data, page_url, page_title, page_description, site),
            "subscribe": subscribe.form_spec(settings.get("subscribe") or {}),
            "feeds": feeds.page_feeds(data, site["name"])}
