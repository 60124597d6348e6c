"""Subscribe settings (and the secret guard), feed URL rewriting, JSON-LD entity split, social cards."""
from __future__ import annotations

import datetime as dt
import os
from types import SimpleNamespace

import pytest

from buzzhub import cards, feeds, seo, subscribe
from buzzhub.config import load_settings


def settings_with(sub):
    return load_settings({"subscribe": sub})


def messages(problems):
    return [f"{p.field}: {p.message}" for p in problems]


# ---- subscribe settings

@pytest.mark.parametrize("sub,action,email,hidden,honeypot", [
    ({"provider": "buttondown", "username": "aibuzz"},
     "https://buttondown.com/api/emails/embed-subscribe/aibuzz", "email", [("embed", "1")], "bh-website"),
    ({"provider": "mailchimp", "action": "https://example.us21.list-manage.com/subscribe/post?u=abc123&id=def456"},
     "https://example.us21.list-manage.com/subscribe/post?u=abc123&id=def456", "EMAIL", [], "b_abc123_def456"),
    ({"provider": "kit", "form_id": 1234567},
     "https://app.kit.com/forms/1234567/subscriptions", "email_address", [], "bh-website"),
    ({"provider": "listmonk", "url": "https://lists.example.org/", "list_uuid": "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"},
     "https://lists.example.org/subscription/form", "email", [("l", "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0")], "nonce"),
    ({"provider": "generic", "action": "https://forms.example.org/join", "email_field": "addr",
      "extra_fields": {"list": "news", "source": "site"}},
     "https://forms.example.org/join", "addr", [("list", "news"), ("source", "site")], "bh-website"),
])
def test_each_provider_gives_a_form(sub, action, email, hidden, honeypot):
    s, problems = settings_with(sub)
    assert problems == []
    spec = subscribe.form_spec(s["subscribe"])
    assert (spec["action"], spec["email_field"], spec["hidden"], spec["honeypot"]) == (action, email, hidden, honeypot)
    assert spec["mode"] == ("cors" if sub["provider"] == "generic" else "no-cors")


def test_no_provider_no_form_and_defaults():
    s, problems = load_settings({})
    assert problems == [] and subscribe.form_spec(s["subscribe"]) is None
    assert s["social_cards"] is True and s["subscribe"]["privacy_url"] == "about/"


@pytest.mark.parametrize("sub,expected", [
    ({"provider": "buttondown"}, "subscribe.username: is required for provider 'buttondown'"),
    ({"provider": "substack"}, "subscribe.provider: must be one of"),
    ({"provider": "kit", "form_id": "abc"}, "subscribe.form_id: must be the numeric form id"),
    ({"provider": "mailchimp", "action": "https://evil.example/subscribe/post?u=1&id=2"}, "subscribe.action: must be the form action"),
    ({"provider": "listmonk", "url": "http://lists.example.org", "list_uuid": "nope"}, "subscribe.url: must be an absolute https"),
    ({"provider": "generic", "action": "http://forms.example.org/"}, "subscribe.action: must be an absolute https"),
    ({"provider": "generic", "action": "https://f.example/", "fetch_mode": "jsonp"}, "subscribe.fetch_mode: must be cors or no-cors"),
    ({"provider": "generic", "action": "https://f.example/", "extra_fields": {"a b": "x"}}, "subscribe.extra_fields: 'a b'"),
    ({"provider": "buttondown", "username": "x", "colour": "red"}, "subscribe.colour: unknown setting"),
])
def test_invalid_subscribe_settings(sub, expected):
    _, problems = settings_with(sub)
    assert any(expected in m for m in messages(problems)), messages(problems)


def test_http_action_allowed_for_loopback_only():
    _, problems = settings_with({"provider": "generic", "action": "http://127.0.0.1:8025/subscribe"})
    assert problems == []


@pytest.mark.parametrize("sub,field", [
    ({"provider": "buttondown", "username": "x", "api_key": "whatever"}, "subscribe.api_key"),
    ({"provider": "buttondown", "username": "x", "token": "abc"}, "subscribe.token"),
    ({"provider": "mailchimp", "action": "https://a.us1.list-manage.com/subscribe/post?u=1&id=2",
      "secret": "s"}, "subscribe.secret"),
    ({"provider": "generic", "action": "https://f.example/", "extra_fields": {"password": "hunter2"}},
     "subscribe.extra_fields.password"),
    ({"provider": "generic", "action": "https://f.example/", "extra_fields": {"list": "sk_live_4eC39HqLyjWDarjtT1zdp7dc"}},
     "subscribe.extra_fields.list"),
    ({"provider": "buttondown", "username": "0123456789abcdef0123456789abcdef"}, "subscribe.username"),
    ({"provider": "generic", "action": "https://f.example/?access_token=abc"}, "subscribe.action"),
    ({"provider": "generic", "action": "https://f.example/",
      "extra_fields": {"x": "dGhpcyBpcyBhIHNlY3JldCBrZXkgdmFsdWUgb2YgbGVuZ3Ro"}}, "subscribe.extra_fields.x"),
])
def test_secrets_are_refused_without_being_echoed(sub, field):
    _, problems = settings_with(sub)
    hits = [p for p in problems if p.field == f"extra.buzzhub.{field}"]
    assert hits and "secret" in hits[0].message
    for p in problems:
        for value in ("hunter2", "sk_live", "whatever", "0123456789abcdef"):
            assert value not in p.message


def test_uuid_is_not_mistaken_for_a_secret():
    _, problems = settings_with({"provider": "listmonk", "url": "https://l.example",
                                 "list_uuid": "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"})
    assert problems == []


# ---- feeds

def test_absolutize_resolves_relative_links_and_images():
    body = ('<p><a href="../other/">x</a> <img src="../../assets/a&amp;b.png" alt=""> '
            "<a href='#fn1'>1</a> <a href=\"https://e.org/?a=1&amp;b=2\">e</a> <a href=\"mailto:x@y.z\">m</a></p>")
    out = feeds.absolutize(body, "https://s.example/hub/articles/one/")
    assert 'href="https://s.example/hub/articles/other/"' in out
    assert 'src="https://s.example/hub/assets/a&amp;b.png"' in out
    assert "href='https://s.example/hub/articles/one/#fn1'" in out
    assert 'href="https://e.org/?a=1&amp;b=2"' in out and 'href="mailto:x@y.z"' in out


def test_page_feeds_for_category_and_entity_pages():
    cat = SimpleNamespace(kind="category", subject="Policy", base="category/policy/")
    ent = SimpleNamespace(kind="entity", subject=SimpleNamespace(entity=SimpleNamespace(name="Meta")),
                          base="entities/meta/")
    assert [f["name"] for f in feeds.page_feeds({"listing": cat}, "Hub")] == ["Hub", "Policy"]
    own = feeds.page_feeds({"listing": ent}, "Hub")[-1]
    assert [link["href"] for link in own["links"]] == ["entities/meta/feed.xml", "entities/meta/atom.xml",
                                                       "entities/meta/feed.json"]
    assert len(feeds.page_feeds({"home": {}}, "Hub")) == 1


# ---- JSON-LD entities

def _ent(eid, salience, wikidata=None, type_="company"):
    return SimpleNamespace(id=eid, name=eid.title(), type=type_, wikidata=wikidata, salience=salience)


def test_about_is_the_most_salient_mentions_the_rest():
    tagged = [_ent("c", 0.2), _ent("a", 1.0, "Q1"), _ent("b", 0.6, type_="person"), _ent("d", 0.5, type_="law")]
    about, mentions = seo.split_entities(tagged)
    assert [e.id for e in about] == ["a", "b", "d"] and [e.id for e in mentions] == ["c"]
    assert seo.entity_thing(about[0]) == {"@type": "Corporation", "name": "A",
                                          "sameAs": "https://www.wikidata.org/entity/Q1"}
    assert seo.entity_thing(about[1]) == {"@type": "Person", "name": "B"}
    assert seo.entity_thing(_ent("x", 1, type_="unknown"))["@type"] == "Thing"


def test_canonical_prefers_front_matter():
    art = SimpleNamespace(canonical_url="https://elsewhere.example/x")
    assert seo.canonical("https://s.example/hub/", "articles/x/", art) == "https://elsewhere.example/x"
    assert seo.canonical("https://s.example/hub/", "articles/x/") == "https://s.example/hub/articles/x/"
    assert seo.absolute("", "articles/x/") == "/articles/x/"


# ---- social cards

def test_card_is_deterministic_and_cached(tmp_path):
    a = cards.draw_card("AI Buzz Hub", "Policy", "Ünïcode & <tags> — a headline " * 6, "4 November 2024")
    assert a == cards.draw_card("AI Buzz Hub", "Policy", "Ünïcode & <tags> — a headline " * 6, "4 November 2024")
    first = cards.cached_card(str(tmp_path), "Hub", "Policy", "Title", "1 May 2024")
    stamp = (tmp_path / first).stat().st_mtime_ns
    assert cards.cached_card(str(tmp_path), "Hub", "Policy", "Title", "1 May 2024") == first
    assert (tmp_path / first).stat().st_mtime_ns == stamp          # not redrawn


def test_card_is_a_small_four_colour_png():
    from io import BytesIO

    from PIL import Image
    data = cards.draw_card("AI Buzz Hub", "Policy", "International Mathematical Olympiad says hiring software "
                           "is on track after long talks with regulators in Brussels", "3 January 2025")
    img = Image.open(BytesIO(data))
    assert img.size == (1200, 630) and img.mode == "P" and len(img.getcolors()) <= 4
    assert len(data) < 10_000          # a long four-line headline; 32 quantized colours took ~18 KB


def test_long_titles_wrap_and_end_with_an_ellipsis():
    from PIL import Image, ImageDraw
    d = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    font = cards._font(54, True)
    lines = cards.wrap(d, "word " * 80, font, 1040, 4)
    assert len(lines) == 4 and lines[-1].endswith("…")
    assert all(d.textlength(line, font=font) <= 1040 for line in lines)
    assert cards.wrap(d, "Short title", font, 1040, 4) == ["Short title"]


def test_write_cards_names_files_by_slug(tmp_path):
    art = SimpleNamespace(slug="one", categories=("Models",), title="One",
                          date=dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc))
    n = cards.write_cards([art], {"name": "Hub", "description": "News"}, str(tmp_path / "site"),
                          str(tmp_path / "cache"), lambda d: d.isoformat())
    assert n == 2
    assert (tmp_path / "site/assets/cards/one.png").exists() and (tmp_path / "site/assets/social-card.png").exists()


def test_many_new_cards_are_drawn_by_two_processes_with_the_same_bytes(tmp_path, monkeypatch):
    arts = [SimpleNamespace(slug=f"s{i}", categories=("Models",), title=f"Story {i}",
                            date=dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc)) for i in range(6)]
    site = {"name": "Hub", "description": "News"}
    monkeypatch.setattr(cards, "PARALLEL_MIN", 10**9)
    cards.write_cards(arts, site, str(tmp_path / "one"), str(tmp_path / "one-cache"), lambda d: d.isoformat())
    monkeypatch.setattr(cards, "PARALLEL_MIN", 2)     # split between this process and a forked one
    cards.write_cards(arts, site, str(tmp_path / "two"), str(tmp_path / "two-cache"), lambda d: d.isoformat())
    for i in range(6):
        rel = f"assets/cards/s{i}.png"
        assert (tmp_path / "one" / rel).read_bytes() == (tmp_path / "two" / rel).read_bytes()
    assert sorted(os.listdir(tmp_path / "one-cache")) == sorted(os.listdir(tmp_path / "two-cache"))
