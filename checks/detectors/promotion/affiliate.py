"""Affiliate links: links that pay the publisher when the reader buys.

Recognised by short-link hosts (amzn.to), affiliate networks, tracking parameters
(``tag=``, ``ref=``, ``aff=``, ``utm_medium=affiliate``) and redirect paths
(``/go/``, ``/recommends/``), and campaign-tagged (``utm_campaign``) links to shops.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from checks.detectors.promotion.lexicon import Lazy
from claims.model import Article, BlockKind

_SHORT_HOSTS = Lazy(r"(?:^|\.)(?:amzn\.to|amzn\.com|a\.co|go\.skimresources\.com"
                          r"|shareasale\.com|awin1\.com|click\.linksynergy\.com|rstyle\.me"
                          r"|anrdoezrs\.net|jdoqocy\.com|tkqlhce\.com|dpbolvw\.net|kqzyfj\.com"
                          r"|prf\.hn|pntra\.com|avantlink\.com|hop\.clickbank\.net|shop-links\.co"
                          r"|howl\.me|shopstyle\.it|go\.magik\.ly|fave\.co|linksynergy\.com)$",
                          re.IGNORECASE)
_PARAMS = frozenset({"tag", "ref", "aff", "affid", "aff_id", "affiliate", "affiliate_id",
                     "partner", "partnerid", "clickid", "irclickid", "subid", "sub_id",
                     "ranmid", "ranEAID", "linkcode", "ascsubtag"})
_PATHS = Lazy(r"/(?:go|recommends|refer|out|visit|aff|affiliate)/", re.IGNORECASE)
_SHOPLIKE = Lazy(r"shop|store|buy|order|cart|checkout|product|amazon|walmart|ebay"
                       r"|iherb|etsy", re.IGNORECASE)
_BARE_URL = Lazy(r"https?://[^\s<>\"')\]]+")
_SKIPPED = frozenset({BlockKind.REFERENCE, BlockKind.DISCLAIMER, BlockKind.CODE,
                      BlockKind.FRONT_MATTER})


@dataclass(frozen=True)
class AffiliateLink:
    start: int  # source offsets of the URL
    end: int
    url: str
    why: str
    boilerplate: bool


# Link text that asks the reader to buy: with it, a bare ``ref=`` is a referral to a shop.
_BUY_TEXT = Lazy(r"\b(?:buy|shop|order|check\s+(?:the\s+)?price|see\s+(?:the\s+)?price|get\s+it"
                       r"|get\s+\d+%|deal|add\s+to\s+(?:cart|basket))\b", re.IGNORECASE)


def classify(url: str, text: str = "") -> str | None:
    """Why a URL is an affiliate link, or None (``text``: the link's text, if any)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if not host:
        return None
    if _SHORT_HOSTS.search(host):
        return f"{host} is an affiliate or tracking short link"
    params = {k.lower(): v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
    lowered = {p.lower() for p in _PARAMS}
    hit = sorted(k for k in params if k in lowered)
    if hit and (hit != ["ref"] or _SHOPLIKE.search(host + parts.path)
                or _BUY_TEXT.search(text)):
        return f"it carries the affiliate parameter '{hit[0]}='"
    if params.get("utm_medium", "").lower() in ("affiliate", "affiliates", "partner"):
        return "it is tagged utm_medium=" + params["utm_medium"]
    if _PATHS.search(parts.path):
        return "it goes through a redirect path used for affiliate links"
    if "utm_campaign" in params and _SHOPLIKE.search(host + parts.path):
        return "it is a campaign-tagged link to a shop"
    return None


def find_cached(article: Article, memo: dict[str, Any]) -> list[AffiliateLink]:
    """:func:`find`, once per article per lint run (HL306 and the disclosure checks share it)."""
    found = memo.get("promotion.affiliate")
    if found is None or found[0] is not article:
        found = memo["promotion.affiliate"] = (article, find(article))
    return found[1]


def find(article: Article) -> list[AffiliateLink]:
    out: list[AffiliateLink] = []
    seen: set[tuple[int, int]] = set()
    text = article.text
    for block in article.blocks:
        if block.kind in _SKIPPED:
            continue
        boilerplate = block.kind is BlockKind.BOILERPLATE
        for link in block.links:
            why = classify(link.url, link.text)
            if why and (link.url_start, link.url_end) not in seen:
                seen.add((link.url_start, link.url_end))
                start, end = ((link.url_start, link.url_end) if link.url_end > link.url_start
                              else (link.start, link.end))
                out.append(AffiliateLink(start, end, link.url, why, boilerplate))
        for m in _BARE_URL.finditer(text, block.start, block.end):
            url = m.group().rstrip(".,;:")
            span = (m.start(), m.start() + len(url))
            if span in seen or any(link.url_start <= span[0] < max(link.url_end, link.url_start + 1)
                                   for link in block.links):
                continue
            why = classify(url)
            if why:
                seen.add(span)
                out.append(AffiliateLink(span[0], span[1], url, why, boilerplate))
    return out
