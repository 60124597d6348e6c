"""Newsletter sign-up: per-provider checks and the form the template renders.

Only *public* identifiers ever belong in mkdocs.yml: the site is static and every value ends up in
the HTML. `check_secrets` refuses anything that looks like an API key before it can be published.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlsplit

from .problems import Problem

PROVIDERS = ("buttondown", "mailchimp", "kit", "listmonk", "generic")
FETCH_MODES = ("cors", "no-cors")

_SECRET_KEY_RE = re.compile(r"key|token|secret|passw(or)?d|credential|auth", re.I)
# Shapes of real credentials: vendor prefixes, long hex digests, long base64/base64url blobs.
_SECRET_VALUE_RES = (
    re.compile(r"^(sk|rk|pk_live|sk_live|api|key|xox[abpr]|ghp|gho|glpat)[-_][A-Za-z0-9_-]{8,}$", re.I),
    re.compile(r"^[0-9a-f]{32,}$", re.I),
    re.compile(r"^[A-Za-z0-9+/_-]{32,}={0,2}$"),
    re.compile(r"^[0-9a-f]{32}-us[0-9]{1,2}$", re.I),       # Mailchimp API key
)
_UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_NAME_RE = re.compile(r"^[A-Za-z0-9_.\-\[\]]+$")  # a form field name that needs no escaping thought
_LOOPBACK = ("127.0.0.1", "localhost", "::1")
_REQUIRED = {"buttondown": ("username",), "mailchimp": ("action",), "kit": ("form_id",),
             "listmonk": ("url", "list_uuid"), "generic": ("action",)}


def _looks_secret(value) -> bool:
    if not isinstance(value, str) or _UUID_RE.match(value):
        return False
    return any(r.match(value.strip()) for r in _SECRET_VALUE_RES)


def check_secrets(raw, where: str, path: str) -> tuple[dict, list[Problem]]:
    """Drop secret-looking keys/values from the raw `subscribe` mapping, with one problem each."""
    if not isinstance(raw, dict):
        return raw, []
    problems, clean = [], {}
    for key, value in raw.items():
        name = f"{where}.{key}"
        if _SECRET_KEY_RE.search(str(key)):
            problems.append(Problem(path, 1, name, "looks like a secret (API key, token or password); the site "
                                    "is public, so only public form identifiers belong here. Remove it."))
            continue
        if isinstance(value, dict):
            value, more = check_secrets(value, name, path)
            problems += more
        elif _looks_secret(value) or _secret_in_url(value):
            problems.append(Problem(path, 1, name, "looks like a secret (API key or token); the site is public, "
                                    "so only public form identifiers belong here. Remove it."))
            continue
        clean[key] = value
    return clean, problems


def _secret_in_url(value) -> bool:
    if not isinstance(value, str) or "://" not in value:
        return False
    query = parse_qs(urlsplit(value).query)
    return any(_SECRET_KEY_RE.search(k) or any(_looks_secret(v) for v in vs) for k, vs in query.items())


def _https(url: str, allow_loopback_http: bool = False) -> str | None:
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return None
    if allow_loopback_http and parts.scheme == "http" and parts.hostname in _LOOPBACK:
        return None
    return "must be an absolute https:// URL" + (" (http is allowed for 127.0.0.1 only)" if allow_loopback_http else "")


def _check_provider(s: dict) -> list[tuple[str, str]]:
    """(option, message) pairs for one validated `subscribe` mapping."""
    p = s["provider"]
    out = [(k, f"is required for provider '{p}'") for k in _REQUIRED.get(p, ()) if s[k] in ("", None)]
    if out:
        return out
    if p == "buttondown" and not re.match(r"^[A-Za-z0-9_-]+$", s["username"]):
        out.append(("username", "must be your Buttondown username (letters, digits, - and _)"))
    elif p == "kit" and not re.match(r"^[0-9]+$", str(s["form_id"])):
        out.append(("form_id", "must be the numeric form id from the Kit embed code"))
    elif p == "mailchimp":
        parts = urlsplit(s["action"])
        q = parse_qs(parts.query)
        if _https(s["action"]) or not (parts.hostname or "").endswith(".list-manage.com") \
                or "/subscribe/post" not in parts.path or not q.get("u") or not q.get("id"):
            out.append(("action", "must be the form action of your Mailchimp embed code, "
                                  "https://<dc>.list-manage.com/subscribe/post?u=...&id=..."))
    elif p == "listmonk":
        if (msg := _https(s["url"])):
            out.append(("url", msg))
        if not _UUID_RE.match(s["list_uuid"]):
            out.append(("list_uuid", "must be the list's UUID (Lists → the list → UUID)"))
    elif p == "generic":
        if (msg := _https(s["action"], allow_loopback_http=True)):
            out.append(("action", msg))
        if not _NAME_RE.match(s["email_field"]):
            out.append(("email_field", "must be a plain form field name"))
        bad = [k for k, v in s["extra_fields"].items() if not _NAME_RE.match(str(k)) or not isinstance(v, str)]
        if bad:
            out.append(("extra_fields", f"'{bad[0]}' must map a plain field name to text"))
    if s["fetch_mode"] not in ("",) + FETCH_MODES:
        out.append(("fetch_mode", "must be cors or no-cors"))
    return out


def check(settings: dict, where: str, path: str) -> list[Problem]:
    if settings["provider"] and settings["provider"] not in PROVIDERS:
        return [Problem(path, 1, f"{where}.provider", f"must be one of {', '.join(PROVIDERS)} (or left out)")]
    if not settings["provider"]:
        return []
    return [Problem(path, 1, f"{where}.{k}", m) for k, m in _check_provider(settings)]


def form_spec(s: dict) -> dict | None:
    """What subscribe.html needs: action, field names, hidden fields, honeypot, fetch mode."""
    p = s.get("provider")
    if not p:
        return None
    spec = {"provider": p, "email_field": "email", "hidden": [], "honeypot": "bh-website",
            "mode": "no-cors"}   # hosted providers send no CORS headers: an opaque reply means "sent"
    if p == "buttondown":
        spec["action"] = "https://buttondown.com/api/emails/embed-subscribe/" + quote(s["username"], safe="")
        spec["hidden"] = [("embed", "1")]
    elif p == "mailchimp":
        q = parse_qs(urlsplit(s["action"]).query)
        spec.update(action=s["action"], email_field="EMAIL",
                    honeypot=f"b_{q['u'][0]}_{q['id'][0]}")   # Mailchimp's own bot trap: must stay empty
    elif p == "kit":
        spec.update(action=f"https://app.kit.com/forms/{s['form_id']}/subscriptions", email_field="email_address")
    elif p == "listmonk":
        spec.update(action=s["url"].rstrip("/") + "/subscription/form", hidden=[("l", s["list_uuid"])],
                    honeypot="nonce")   # listmonk rejects a submission whose nonce is filled in
    else:
        spec.update(action=s["action"], email_field=s["email_field"], mode="cors",
                    hidden=sorted(s["extra_fields"].items()))
    if s.get("fetch_mode"):
        spec["mode"] = s["fetch_mode"]
    return spec
