"""Front matter validated as data: known keys, their aliases and the shape of their values.

Publishers keep many keys of their own (layout, image, slug), so an unknown key
is reported only when it is a near miss of a known one (``autor`` for
``author``) — unless the policy asks for strict front matter, or the key is
declared in the policy's ``front-matter-keys``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

# canonical key -> (kind, what it holds)
SCHEMA: dict[str, tuple[str, str]] = {
    "title": ("text", "the headline"),
    "description": ("text", "a one-sentence summary"),
    "author": ("person", "who wrote the article: a name, {name, credentials} or a list"),
    "author_credentials": ("credentials", "the author's qualifications, e.g. 'MD, MPH'"),
    "medical_reviewer": ("person", "who medically reviewed it: a name or {name, credentials}"),
    "reviewer_credentials": ("credentials", "the reviewer's qualifications"),
    "published": ("date", "first publication date, YYYY-MM-DD"),
    "updated": ("date", "last substantive update, YYYY-MM-DD"),
    "reviewed": ("date", "last medical review, YYYY-MM-DD"),
    "content_type": ("content_type", "article, news, supplement, product or food"),
    "disclaimer": ("text", "the medical disclaimer shown with the page"),
    "disclosure": ("text", "sponsorship / affiliate / own-product disclosure"),
    "sponsor": ("text", "who paid for the content"),
    "tags": ("text_list", "topics"),
    "categories": ("text_list", "sections"),
    "keywords": ("text_list", "search keywords"),
    "slug": ("text", "URL slug"),
    "canonical": ("text", "canonical URL"),
    "image": ("text", "lead image"),
    "lang": ("text", "language code"),
    "layout": ("text", "template"),
    "draft": ("bool", "true while unpublished"),
    "healthlint": ("mapping", "healthlint settings for this file, e.g. {ignore: [HL101]}"),
}
ALIASES: dict[str, str] = {
    "authors": "author",
    "writer": "author",
    "byline": "author",
    "credentials": "author_credentials",
    "reviewer": "medical_reviewer",
    "reviewed_by": "medical_reviewer",
    "medically_reviewed_by": "medical_reviewer",
    "date": "published",
    "date_published": "published",
    "publish_date": "published",
    "published_at": "published",
    "published_on": "published",
    "pubdate": "published",
    "last_updated": "updated",
    "updated_at": "updated",
    "updated_on": "updated",
    "date_modified": "updated",
    "modified": "updated",
    "lastmod": "updated",
    "last_modified": "updated",
    "last_reviewed": "reviewed",
    "reviewed_on": "reviewed",
    "date_reviewed": "reviewed",
    "published_date": "published",
    "updated_date": "updated",
    "modified_date": "updated",
    "review_date": "reviewed",
    "reviewed_date": "reviewed",
    "last_review": "reviewed",
    "sponsored_by": "sponsor",
    "medical_disclaimer": "disclaimer",
    "summary": "description",
    "tag": "tags",
    "category": "categories",
    "contentType": "content_type",
}
# Keys that static-site generators and CMSs use, accepted without being near misses.
COMMON_KEYS = frozenset({
    "images", "aliases", "url", "permalink", "type", "weight", "toc", "math", "comments",
    "series", "excerpt", "menu", "hidden", "featured", "thumbnail", "cover", "sitemap",
    "robots", "subtitle", "id", "locale", "translation_key", "expiry_date", "publish",
    "meta_title", "meta_description", "og_image", "template", "section", "order",
})
PERSON_KEYS = ("name", "credentials", "url", "bio", "affiliation", "title", "email", "image")


def canonical(key: str) -> str | None:
    """The canonical name of a front-matter key (``content-type`` -> ``content_type``)."""
    norm = str(key).replace("-", "_")
    if norm in SCHEMA:
        return norm
    return ALIASES.get(norm)


def lookup(meta: Mapping[str, Any], name: str) -> tuple[str, Any] | None:
    """The key actually used for canonical ``name`` and its value, if present."""
    for key, value in meta.items():
        if canonical(str(key)) == name:
            return str(key), value
    return None


@dataclass(frozen=True)
class SchemaProblem:
    key: str  # the top-level key whose key or value is at fault
    on_value: bool  # point at the value rather than the key
    message: str


_KNOWN = sorted({*SCHEMA, *ALIASES})


def _known_names() -> list[str]:
    return _KNOWN


def _close_matches(word: str, choices: Any, n: int = 3, cutoff: float = 0.6) -> list[str]:
    """difflib's suggestions, imported only when a value is wrong."""
    import difflib

    return difflib.get_close_matches(word, choices, n=n, cutoff=cutoff)


def _type_name(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "nothing"
    if isinstance(value, int | float):
        return "a number"
    return type(value).__name__


def _check_person(key: str, value: Any) -> Iterator[SchemaProblem]:
    items = value if isinstance(value, list) else [value]
    if not items:
        yield SchemaProblem(key, True, f"{key}: the list of people is empty")
    for item in items:
        if isinstance(item, str):
            if not item.strip():
                yield SchemaProblem(key, True, f"{key}: empty name")
        elif isinstance(item, Mapping):
            for sub in item:
                if str(sub) not in PERSON_KEYS:
                    close = _close_matches(str(sub), PERSON_KEYS, n=1, cutoff=0.7)
                    hint = f"; did you mean {close[0]!r}?" if close else \
                        f" (keys: {', '.join(PERSON_KEYS)})"
                    yield SchemaProblem(key, True, f"{key}: unknown key {sub!r}{hint}")
            name = item.get("name")
            if not isinstance(name, str) or not name.strip():
                yield SchemaProblem(key, True, f"{key}: a person needs a `name`")
        else:
            yield SchemaProblem(key, True,
                                f"{key}: expected a name or {{name, credentials}}, "
                                f"got {_type_name(item)}")


def _check_value(key: str, kind: str, value: Any, content_types: tuple[str, ...]
                 ) -> Iterator[SchemaProblem]:
    if kind == "text":
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            yield SchemaProblem(key, True, f"{key}: expected text, got {_type_name(value)}")
    elif kind == "text_list":
        if isinstance(value, list):
            if not all(isinstance(v, str | int | float) for v in value):
                yield SchemaProblem(key, True, f"{key}: expected a list of words")
        elif not isinstance(value, str):
            yield SchemaProblem(key, True, f"{key}: expected a list, got {_type_name(value)}")
    elif kind == "credentials":
        ok = isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(v, str) for v in value))
        if not ok:
            yield SchemaProblem(key, True, f"{key}: expected text such as 'MD, MPH', "
                                f"got {_type_name(value)}")
    elif kind == "person":
        yield from _check_person(key, value)
    elif kind == "date":
        if not isinstance(value, str | dt.date):
            yield SchemaProblem(key, True, f"{key}: expected a date such as 2025-11-08, "
                                f"got {_type_name(value)}")
    elif kind == "content_type":
        from claims.metadata import normalise_content_type

        known = {normalise_content_type(t) for t in content_types}
        if not isinstance(value, str) or normalise_content_type(value) not in known:
            close = _close_matches(str(value).strip().lower(), content_types, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            yield SchemaProblem(key, True, f"{key}: unknown content type {value!r}{hint} "
                                f"(one of: {', '.join(content_types)})")
    elif kind == "bool":
        if not isinstance(value, bool):
            yield SchemaProblem(key, True, f"{key}: expected true or false, got {value!r}")
    elif kind == "mapping" and not isinstance(value, Mapping):
        yield SchemaProblem(key, True, f"{key}: expected a mapping, got {_type_name(value)}")


def validate(meta: Mapping[str, Any], content_types: tuple[str, ...],
             extra_keys: tuple[str, ...] = (), strict: bool = False) -> list[SchemaProblem]:
    """Problems with the keys and values of parsed front matter, in key order."""
    problems: list[SchemaProblem] = []
    seen: dict[str, str] = {}
    extra = {k.replace("-", "_") for k in extra_keys}
    known = _known_names()
    for raw_key, value in meta.items():
        key = str(raw_key)
        name = canonical(key)
        if name is None:
            if key.replace("-", "_") in extra or key.lower().replace("-", "_") in COMMON_KEYS:
                continue
            lowered = key.lower().replace("-", "_")
            close = [lowered] if canonical(lowered) else \
                _close_matches(lowered, known, n=1, cutoff=0.8)
            if close:
                problems.append(SchemaProblem(
                    key, False, f"unknown front-matter key {key!r}; did you mean {close[0]!r}?"))
            elif strict:
                problems.append(SchemaProblem(
                    key, False, f"unknown front-matter key {key!r} (declare it in the policy's "
                                "front-matter-keys if the site uses it)"))
            continue
        if name in seen:
            problems.append(SchemaProblem(
                key, False, f"{key!r} repeats {seen[name]!r} (both mean {name!r}); keep one"))
            continue
        seen[name] = key
        problems.extend(_check_value(key, SCHEMA[name][0], value, content_types))
    return problems
