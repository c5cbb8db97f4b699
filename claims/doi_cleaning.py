"""Junk that reference managers and scrapers glue onto DOIs, and the DOI without it.

Crossref's cited-reference metadata shows what goes wrong in the wild (Boente et al.
2021, "Cleaning DOIs from Crossref's cited references"): a second URL or a PubMed ID
pasted on, PNAS's ``/-/DCSupplemental``, a landing-page path (``/full``, ``/pdf``), an
access note (``>accessed 25``), a year in brackets, a query string or fragment,
``[doi]`` from a PubMed export, runs of dots from a table of contents, doubled dots or
underscores, and markup. Each rule here names a kind of junk, never a publisher's DOI,
so it applies to DOIs it has not seen; none of them can match inside a DOI that a
registration agency would issue.

``clean_doi`` takes the DOI as written (without ``doi:`` or a resolver) and returns
the DOI without the junk and what was removed, or ``None`` when there is none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Cleaning", "clean_doi"]


@dataclass(frozen=True)
class Cleaning:
    doi: str  # the DOI without the junk, in the case it was written
    reasons: tuple[str, ...]  # slugs, in the order they applied
    message: str


# Junk that ends the DOI: everything from the match to the end goes. (slug, pattern, what)
_CUTS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("glued-url", re.compile(
        r"[.,;:(\[]*(?:h?t{1,2}ps?:/{1,3}|www\.|(?:dx\.)?d[o0]i\.[o0]rg/)", re.I),
     "a second link is glued on"),
    ("glued-pmid", re.compile(r"[.,;(]?\s*pm(?:c?id|cid)\s*[:=#]?\s*(?:pmc)?\d+.*", re.I),
     "a PubMed ID is glued on"),
    ("supplement-path", re.compile(r"/-/dc[ -]?supplemental\b.*", re.I),
     "`/-/DCSupplemental` (the supplement's page) is not part of the DOI"),
    ("epub-note", re.compile(r"[.,;]?\s*[\[(]?\s*e-?pub\s*ahead\s*of\s*print\b.*", re.I),
     "an \"Epub ahead of print\" note is glued on"),
    ("online-note", re.compile(r"[.,;(]?\s*article\s*published\s*online.*", re.I),
     "an \"Article published online\" note is glued on"),
    ("doi-tag", re.compile(r"\s*\[doi\].*", re.I), "the `[doi]` tag is glued on"),
    ("landing-path", re.compile(
        r"/(?:meta|abstract|full|fulltext|epdf|pdf|pdfdirect|summary|references|suppinfo)"
        r"(?:[>)\]]\s*(?:last\s*)?accessed.*)?$", re.I),
     "a landing-page path (`/full`, `/pdf`, `/abstract`) is not part of the DOI"),
    ("access-note", re.compile(r"[.,;]?\s*[>)\]]\s*(?:last\s*)?accessed.*", re.I),
     "an access note is glued on"),
    ("glued-host", re.compile(
        r"(?<=[\d.,;])[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|org|net|edu|gov)(?=/|$).*",
        re.I),
     "a web address is glued on"),
    ("dot-run", re.compile(r"\.{3,}.*"), "a run of dots and the citation after it are glued on"),
    ("year", re.compile(r"[.,;]?\s*\(\s*(?:1[89]|20)\d\d\s*\)?$"), "a year is glued on"),
    ("query", re.compile(r"\?(?:.*=.*)?$"), "a query string is not part of the DOI"),
    ("trailing-junk", re.compile(r"[.,;:]*(?:\(\)|[(&<\[{])[.,;:(&<\[{)]*$"),
     "a stray bracket or ampersand ends the DOI"),
    ("fragment", re.compile(r"#.*"), "a fragment (`#...`) is not part of the DOI"),
)

# Junk inside the DOI: each match is replaced.
_SUBSTITUTIONS: tuple[tuple[str, re.Pattern[str], str, str], ...] = (
    ("markup", re.compile(r"<([a-z_][\w-]*)[^<>]*>[^<>]*</\1\s*>|</?[a-z_][\w-]*\s*/?>", re.I),
     "", "markup is inside the DOI"),
    ("doubled-underscore", re.compile(r"_{2,}"), "_", "an underscore is doubled"),
    ("doubled-dot", re.compile(r"(?<!\.)\.\.(?!\.)"), ".", "a dot is doubled"),
)

# What is left at the end once junk is cut: punctuation that joined the two.
_LEFTOVER = re.compile(r"[\s.,;:<>&(\[-]+$")
_PREFIX = re.compile(r"^10\.\d{4,9}(?:\.\d+)*/")


def clean_doi(written: str) -> Cleaning | None:
    """The DOI without glued-on junk, or ``None`` when there is none to remove.

    Only the suffix is searched (the registrant prefix ``10.NNNN/`` is never junk) and
    nothing is removed that would leave an empty suffix.
    """
    prefix = _PREFIX.match(written)
    if prefix is None and not (written.startswith("10") and "/" in written):
        return None
    # A broken prefix ("10..1126/") is validation's business: only the suffix is cleaned.
    head = prefix.end() if prefix else written.index("/") + 1
    doi = written
    reasons: list[str] = []
    messages: list[str] = []
    for slug, pattern, replacement, what in _SUBSTITUTIONS:
        fixed = doi[:head] + pattern.sub(replacement, doi[head:])
        if fixed != doi:
            doi = fixed
            reasons.append(slug)
            messages.append(what)
    cut = _earliest_cut(doi, head)
    while cut is not None:
        at, slug, what = cut
        kept = _LEFTOVER.sub("", doi[:at])
        if len(kept) <= head:
            break
        doi = kept
        reasons.append(slug)
        messages.append(what)
        cut = _earliest_cut(doi, head)
    if doi == written:
        return None
    return Cleaning(doi, tuple(reasons), "; ".join(messages))


def _earliest_cut(doi: str, head: int) -> tuple[int, str, str] | None:
    best: tuple[int, str, str] | None = None
    for slug, pattern, what in _CUTS:
        m = pattern.search(doi, head)
        if m is not None and m.start() >= head and (best is None or m.start() < best[0]):
            best = (m.start(), slug, what)
    return best
