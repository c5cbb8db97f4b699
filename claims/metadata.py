"""Article metadata read the same way by every check: the page's content type.

The content type (article, news, supplement, product, food) decides which rules
apply to a page — label rules for supplements, review cycles for news — so the
policy and the promotion checks must agree on it. This module is the one place
that reads it from front matter.

Key order (the first one that yields a value wins):

1. ``content_type``, ``content-type``, ``contentType`` — explicit: any value is taken.
2. ``type`` — only when its value names a known content type, since static-site
   generators use ``type`` for layouts ("post", "page") that say nothing about
   the content.

``category`` is not read: it names a site section ("Supplements", "Nutrition")
that editorial reviews sit in too, and treating it as the page type would put
supplement-label rules on them.

Normalisation: surrounding space dropped, lower-cased, runs of spaces,
underscores and hyphens become one hyphen ("Dietary_Supplement" ->
"dietary-supplement"), then common synonyms map to the canonical type
("dietary-supplement", "supplements" -> "supplement").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

CONTENT_TYPES = ("article", "news", "supplement", "product", "food")
EXPLICIT_KEYS = ("content_type", "content-type", "contentType")
TYPE_KEY = "type"

_SEPARATORS = re.compile(r"[\s_\-]+")
_SYNONYMS = {
    "supplements": "supplement",
    "dietary-supplement": "supplement",
    "dietary-supplements": "supplement",
    "food-supplement": "supplement",
    "food-supplements": "supplement",
    "nutritional-supplement": "supplement",
    "nutraceutical": "supplement",
    "nutraceuticals": "supplement",
    "foods": "food",
    "products": "product",
    "articles": "article",
    "news-article": "news",
}


def normalise_content_type(value: str) -> str:
    """The canonical spelling of a written content type ('Dietary supplement' -> 'supplement')."""
    norm = _SEPARATORS.sub("-", value.strip().lower()).strip("-")
    return _SYNONYMS.get(norm, norm)


def content_type(meta: Mapping[str, Any], known: Iterable[str] = CONTENT_TYPES) -> str:
    """The page's declared content type, normalised; '' when it declares none.

    ``known`` adds the site's own types (a policy's ``content-types`` tables) to
    the values that ``type:`` may carry; the explicit keys accept any value.
    """
    for key in EXPLICIT_KEYS:
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return normalise_content_type(value)
    value = meta.get(TYPE_KEY)
    if isinstance(value, str) and value.strip():
        norm = normalise_content_type(value)
        allowed = {*CONTENT_TYPES, *(normalise_content_type(k) for k in known)}
        if norm in allowed:
            return norm
    return ""
