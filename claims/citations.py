"""In-text citations: markers, footnotes, author-year, source links and bare identifiers.

Citations are found in the raw source of each prose block (so their offsets are exact and
HTML ``<sup>`` markup is visible), assigned to the sentence that carries them, and linked
to reference-list entries: markers and footnotes by label, author-year citations by first
author's surname and year, links and identifiers by the identifier they share with an
entry. A marker written right after a sentence's period ("...bones.[1]") belongs to that
sentence, not the next.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from claims.identifiers import find_identifiers, normalize_url
from claims.model import Article, Block, Citation, Identifier, Reference, Sentence
from claims.references import normalize_label, surname_key
from claims.spans import DisjointSpans

_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_TABLE = str.maketrans(_SUPERSCRIPT_DIGITS + "⁻", "0123456789-")

_MARKER = re.compile(
    r"\[\^(?P<footnote>[^\]\s]{1,40})\]"
    r"|(?<![^\s>])\[(?P<defn>\d{1,4})\]:(?=\s)"  # a footnote definition, not a marker
    r"|\[(?P<numbers>\d{1,4}(?:\s*[,;\u2013\u2014-]\s*\d{1,4}){0,20})\]"
)
_SUPERSCRIPT = re.compile(rf"[{_SUPERSCRIPT_DIGITS}]+(?:[,⁻\u2013-][{_SUPERSCRIPT_DIGITS}]+)*")
_SUP_TAG = re.compile(r"<sup\b[^>]*>(?P<inner>.*?)</sup>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_HREF = re.compile(r"""href\s*=\s*["']?(#[^"'\s>]+)""", re.IGNORECASE)
_NAME = r"(?:(?:[Vv]an|[Dd]e|[Vv]on|[Dd]el|[Dd]a)\s)?[A-Z][\w'’-]+"
_AUTHORS = rf"{_NAME}(?:\s+et\s+al\.?|(?:,\s*{_NAME})*,?\s*(?:&|and)\s*{_NAME})?"
_YEAR = r"(?:1[89]|20)\d{2}[a-z]?"
# A group or body as author, in parentheses only: "(World Health Organization, 2021)",
# "(Collaborative Group on Hormonal Factors in Breast Cancer, 2019)".
# Dates in parentheses ("(Updated March, 2019)") are not authors; the comma is required.
_CORPORATE = (r"(?!(?:Updated|Published|Posted|Reviewed|Revised|Accessed|Retrieved|Last)\b)"
              r"[A-Z][\w'’-]+(?:\s+(?:(?:of|on|in|for|and|the|&)\s+)*[A-Z][\w'’()-]+){1,9}"
              # the kind of document the body issued: "(British Association of
              # Dermatologists guideline, 2014)"
              r"(?:\s+(?:guidelines?|guidance|report|position\s+statement|statement"
              r"|consensus(?:\s+statement)?|recommendations?|factsheet|fact\s+sheet))?(?=,)")
# The journal or database between the authors and the year: "(Gazzard et al., Lancet 2019)",
# "(Smith and Jones, BMJ, 2020)"; a month is a date's, not a venue ("(Reviewed, March 2019)").
_VENUE = (r"(?!(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b)"
          r"[A-Z][\w.&'’-]*(?:\s+(?:of|and|&|[A-Z][\w.&'’-]*)){0,6}")
# A journal named with the date, as newspaper columns cite: "(JAMA, Nov. 24, 2010)",
# "(New England Journal of Medicine, online, Oct. 3, 2018)", "(Sleep, 2019)".
_JOURNAL_WORDS = (
    "Journal", "JAMA", "BMJ", "Lancet", "NEJM", "Annals", "Pediatrics", "Paediatrics",
    "Circulation", "Nature", "Science", "Reports", "Review", "Reviews", "Proceedings",
    "Archives", "Medicine", "Neurology", "Cochrane", "PLOS", "PLoS", "Rheumatology",
    "Rheumatism", "Arthritis", "Nutrients", "Nutrition", "Gut", "Thorax", "Brain", "Sleep",
    "Cancer", "Diabetes", "Obesity", "Hypertension", "Gastroenterology", "Dermatology",
    "Psychiatry", "Cell", "Heart", "Stroke", "Epidemiology", "Allergy", "Oncology",
    "Pharmacology", "Therapeutics", "Pain")
_JOURNAL_DATED = re.compile(
    r"(?:[A-Z][\w&.'’-]*\s+(?:(?:of|on|and|&|for|in|the)\s+)*){0,8}"
    r"(?:" + "|".join(_JOURNAL_WORDS) + r")(?:\s+[A-Z][\w&.'’-]*){0,4}"
    r",[^()]{0,40}?\b(?:1[89]|20)\d{2}[a-z]?")
# Parentheses that hold a year: the candidates for "(Author, 2019; Other et al., 2020)".
_PAREN_WITH_YEAR = re.compile(r"\(([^()]{2,300}?\b(?:1[89]|20)\d{2}[a-z]?)\)")
# What every narrative citation ("Smith et al. (2019)") ends with: a cheap scan (it opens
# with a literal) that spares most blocks the narrative pattern, which tries every capital.
_YEAR_IN_PARENS = re.compile(r"\((?:1[89]|20)\d{2}[a-z]?\)")
# A cheap test before the full identifier scan: every DOI, PMID, PMCID and URL form has one.
_IDENTIFIER_HINTS = ("10.", "doi", "pmid", "pmc", "pubmed", "http", "hxxp", "www.", "tps:",
                     "tp:")
_SUPERSCRIPT_SET = frozenset(_SUPERSCRIPT_DIGITS)
_RANGE = re.compile(r"(\d+)\s*[\u2013\u2014-]\s*(\d+)")

# Links that are not sources: commerce, social media, contact, the site's own pages.
_NOT_SOURCE_HOSTS = (
    "amazon.", "amzn.to", "ebay.", "etsy.", "shopify.", "facebook.com", "fb.com",
    "twitter.com", "x.com", "instagram.com", "pinterest.", "tiktok.com", "linkedin.com",
    "wa.me", "t.me", "bit.ly",
)
_NOT_SOURCE_PATHS = re.compile(
    r"/(?:cart|basket|checkout|shop|store|product|products|buy|order|subscribe|signup|"
    r"sign-up|login|account|contact)(?:/|$|\?)", re.IGNORECASE)
_AFFILIATE = re.compile(r"[?&](?:tag|aff|affiliate|ref|utm_source|utm_medium)=", re.IGNORECASE)


def find_citations(article: Article) -> list[Citation]:
    """Every citation in the article's prose, in source order, each with its sentence."""
    by_block: dict[int, list[Sentence]] = {}
    for sentence in article.sentences:
        by_block.setdefault(id(sentence.block), []).append(sentence)
    citations: list[Citation] = []
    for block in article.blocks:
        if not block.kind.is_prose:
            continue
        found = sorted(_in_block(article, block), key=lambda c: (c.start, c.end))
        sentences = by_block.get(id(block), [])
        starts = [s.start for s in sentences]
        for citation in found:
            citation.sentence = _sentence_for(article, sentences, citation.start, starts)
        citations.extend(found)
    citations.extend(_flattened_markers(article, citations))
    return citations


# A footnote number that scraping glued to the sentence it cites: "...than men1.",
# "...and vitamin D.2" (the superscript lost its markup). Read as one only on a page that
# does it again and again, so a lone "omega3." or a dose is never taken for one.
_FLATTENED = re.compile(r"(?:(?<=[a-z]{2})|(?<=[A-Za-z)][.!?]))(?P<number>[1-9]\d?)"
                        r"(?:[.!?][\"”’)]?)?\s*$")
# A source's number in round brackets at the end of a sentence, as pages whose reference
# list is numbered write it when their markup is lost: "... in your gut (1).", "(2, 3)".
_PAREN_NUMBER = re.compile(r"\s\((?P<number>[1-9]\d?(?:\s*[,\u2013-]\s*[1-9]\d?)*)\)"
                           r"[.!?]?[\"”’]?\s*$")
_FLATTENED_REPEATS = 3


def _flattened_markers(article: Article, found: list[Citation]) -> list[Citation]:
    """Footnote numbers glued to sentence ends, or in round brackets there, when at least
    ``_FLATTENED_REPEATS`` sentences of the page end so; none on a page with fewer."""
    carrying = {id(c.sentence) for c in found if c.sentence is not None}
    hits: list[Citation] = []
    for sentence in article.sentences:
        if id(sentence) in carrying or not sentence.block.kind.is_prose:
            continue
        text = article.text[sentence.start:sentence.end]
        last = text.rstrip()[-4:]
        if not any(ch.isdigit() for ch in last):
            continue
        m = _FLATTENED.search(text) or _PAREN_NUMBER.search(text)
        if m is None:
            continue
        start = sentence.start + m.start("number")
        end = sentence.start + m.end("number")
        citation = Citation("marker", start, end, m.group("number"), _expand(m.group("number")))
        citation.sentence = sentence
        hits.append(citation)
    return hits if len(hits) >= _FLATTENED_REPEATS else []


def _in_block(article: Article, block: Block) -> Iterator[Citation]:
    text = article.text[block.start:block.end]
    offset = block.start
    taken = DisjointSpans()
    free = taken.free

    low = text.lower()
    # Cheap character tests first: most prose blocks cite nothing.
    has_bracket = "[" in text
    sup_tags = _SUP_TAG.finditer(text) if "<sup" in low else ()
    for m in sup_tags:
        inner = _TAG.sub("", m.group("inner")).strip()
        labels = _expand(inner.translate(_SUPER_TABLE))
        if labels:
            taken.append((m.start(), m.end()))
            href = _HREF.search(m.group("inner"))
            yield Citation("marker", offset + m.start(), offset + m.end(), m.group(), labels,
                           url=href.group(1) if href else "")
    for m in _MARKER.finditer(text) if has_bracket else ():
        if not free(m.start(), m.end()):
            continue
        taken.append((m.start(), m.end()))
        if m.group("defn") is not None and _line_start(text, m.start()):
            continue
        if m.group("defn") is not None:
            yield Citation("marker", offset + m.start(), offset + m.end() - 1, m.group()[:-1],
                           [normalize_label(m.group("defn"))])
            continue
        if m.group("footnote") is not None:
            yield Citation("footnote", offset + m.start(), offset + m.end(), m.group(),
                           [normalize_label(m.group("footnote"))])
        else:
            yield Citation("marker", offset + m.start(), offset + m.end(), m.group(),
                           _expand(m.group("numbers")))
    for m in _SUPERSCRIPT.finditer(text) if not _SUPERSCRIPT_SET.isdisjoint(text) else ():
        if free(m.start(), m.end()):
            taken.append((m.start(), m.end()))
            yield Citation("marker", offset + m.start(), offset + m.end(), m.group(),
                           _expand(m.group().translate(_SUPER_TABLE)))
    years = ("(" in text) and ("19" in text or "20" in text)
    for m in _PAREN_WITH_YEAR.finditer(text) if years else ():
        labels = _author_year_labels(m.group(1))
        journal = not labels and _JOURNAL_DATED.fullmatch(m.group(1).strip()) is not None
        if not (labels or journal) or not free(m.start(), m.end()):
            continue
        taken.append((m.start(), m.end()))
        if journal:  # "(JAMA, Nov. 24, 2010)": a journal and its date, as columns cite
            yield Citation("journal", offset + m.start(), offset + m.end(), m.group())
            continue
        yield Citation("author_year", offset + m.start(), offset + m.end(), m.group(), labels)
    narrative = years and _YEAR_IN_PARENS.search(text) is not None
    for m in _patterns().narrative.finditer(text) if narrative else ():
        if free(m.start(), m.end()):
            taken.append((m.start(), m.end()))
            yield Citation("author_year", offset + m.start(), offset + m.end(), m.group(),
                           [_author_year_label(m.group("authors"), m.group("year"))])
    link_spans: list[tuple[int, int]] = []
    for link in block.links:
        link_spans.append((link.start, link.end))
        link_spans.append((link.url_start, link.url_end))
        if is_source_link(link.url):
            yield Citation("link", link.start, link.end, article.text[link.start:link.end],
                           url=link.url)
    if not any(k in low for k in _IDENTIFIER_HINTS):
        return
    for ident in find_identifiers(text, offset):
        if any(s < ident.end and ident.start < e for s, e in link_spans):
            continue
        if not free(ident.start - offset, ident.end - offset):
            continue
        if ident.kind == "url" and not is_source_link(ident.value):
            continue
        yield Citation("identifier", ident.start, ident.end, ident.value,
                       [f"{ident.kind}:{(ident.normalized or ident.value).lower()}"],
                       url=ident.normalized if ident.kind == "url" else "")


def _line_start(text: str, pos: int) -> bool:
    return not text[text.rfind("\n", 0, pos) + 1:pos].strip()


def is_source_link(url: str) -> bool:
    """Whether a link can stand as a source: an absolute web address that is not a shop,
    social-media, contact or affiliate link."""
    url = url.strip()
    if not url or url.startswith(("#", "/", "mailto:", "tel:", "javascript:", "?")):
        return False
    normal = normalize_url(url)
    if not normal:
        return False
    try:
        parts = urlsplit(normal)
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    if not host or any(h in host for h in _NOT_SOURCE_HOSTS):
        return False
    return not (_NOT_SOURCE_PATHS.search(parts.path) or _AFFILIATE.search(normal))


def _expand(spec: str) -> list[str]:
    """'1, 3' -> ['1', '3']; '2-4' / '2–4' -> ['2', '3', '4'] (ranges capped at 50)."""
    labels: list[str] = []
    for part in re.split(r"[,;]", spec):
        part = part.strip()
        if not part:
            continue
        m = _RANGE.fullmatch(part)
        if m:
            lo, hi = int(m.group(1)), int(m.group(2))
            if lo <= hi <= lo + 50:
                labels.extend(str(n) for n in range(lo, hi + 1))
                continue
        if part.isdigit():
            labels.append(normalize_label(part))
    return labels


def _author_year_label(authors: str, year: str) -> str:
    return f"{' '.join(authors.split())} {year}"


class _Patterns:
    """Author-year patterns, compiled on first use (they cost milliseconds to compile)."""

    def __init__(self) -> None:
        self.one = re.compile(
            rf"^(?:see\s+|e\.g\.,?\s+)?(?P<authors>{_AUTHORS}|{_CORPORATE})(?:,\s*{_VENUE})?,?\s+"
            rf"(?P<year>{_YEAR})"
            r"(?:,\s*(?:p|pp)\.\s*\d+(?:[-–]\d+)?)?$")
        self.narrative = re.compile(rf"(?P<authors>{_AUTHORS})\s+\((?P<year>{_YEAR})\)")


_PATTERNS: _Patterns | None = None


def _patterns() -> _Patterns:
    global _PATTERNS
    if _PATTERNS is None:
        _PATTERNS = _Patterns()
    return _PATTERNS


def _author_year_labels(inside: str) -> list[str]:
    """'Smith et al., 2019; Jones, 2020' -> ['Smith et al. 2019', 'Jones 2020'];
    [] unless every part is an author-year citation."""
    labels: list[str] = []
    for part in inside.split(";"):
        m = _patterns().one.match(part.strip())
        if m is None:
            return []
        labels.append(_author_year_label(m.group("authors"), m.group("year")))
    return labels


def _sentence_for(article: Article, sentences: list[Sentence], offset: int,
                  starts: list[int]) -> Sentence | None:
    """The sentence that carries a citation at ``offset``.

    Inside a sentence: that sentence, unless the citation opens it right after the previous
    sentence's final punctuation ("...bones.[1] Next"), when it belongs to the previous
    one. Between sentences: the one before.
    """
    if not sentences:
        return None
    i = bisect.bisect_right(starts, offset) - 1
    if i < 0:
        return sentences[0]
    sentence = sentences[i]
    if offset == sentence.start and i > 0:
        gap = article.text[sentences[i - 1].end:offset]
        if not gap.strip() or gap.strip() in {".", "!", "?"}:
            return sentences[i - 1]
    return sentence


def link_citations(citations: Iterable[Citation], references: list[Reference]) -> None:
    """Attach to each citation the reference entries it points at."""
    by_label: dict[str, list[Reference]] = {}
    by_anchor: dict[str, Reference] = {}
    by_identifier: dict[tuple[str, str], Reference] = {}
    for ref in references:
        if ref.label:
            by_label.setdefault(ref.label, []).append(ref)
        anchor = ref.block.data.get("id") if ref.block is not None else None
        if anchor:
            by_anchor.setdefault(f"#{anchor}", ref)
        for ident in ref.identifiers:
            for key in _identifier_keys(ident):
                by_identifier.setdefault(key, ref)
    for citation in citations:
        found: list[Reference] = []
        if citation.kind in ("marker", "footnote"):
            anchored = by_anchor.get(citation.url) if citation.url.startswith("#") else None
            if anchored is not None:
                found.append(anchored)
            else:
                for label in citation.labels:
                    found.extend(by_label.get(label, ()))
        elif citation.kind == "author_year":
            for label in citation.labels:
                ref = match_author_year(label, references)
                if ref is not None:
                    found.append(ref)
        elif citation.kind == "identifier":
            for label in citation.labels:
                kind, _, value = label.partition(":")
                ref = by_identifier.get((kind, value.rstrip("/")))
                if ref is not None:
                    found.append(ref)
        else:
            for ident in find_identifiers(citation.url):
                for key in _identifier_keys(ident):
                    ref = by_identifier.get(key)
                    if ref is not None:
                        found.append(ref)
                        break
        unique: dict[int, Reference] = {}
        for ref in found:
            unique.setdefault(id(ref), ref)
        citation.references = list(unique.values())


def _identifier_keys(ident: Identifier) -> list[tuple[str, str]]:
    value = ident.normalized or ident.value
    keys = [(ident.kind, value.lower().rstrip("/"))]
    return keys


def match_author_year(label: str, references: list[Reference]) -> Reference | None:
    """The entry an author-year label ('Gangwisch et al. 2006') points at, if any."""
    m = re.match(r"^(?P<authors>.+?)\s+(?P<year>\d{4})(?P<suffix>[a-z]?)$", label)
    if not m:
        return None
    year = int(m.group("year"))
    first = re.split(r"\s+(?:et\s+al\.?|&|and)\s*|,", m.group("authors"))[0]
    key = surname_key(first)
    if not key:
        return None
    candidates = [r for r in references if r.year == year and r.authors]
    for ref in candidates:
        if surname_key(ref.authors[0]) == key:
            return ref
    for ref in candidates:
        author = surname_key(ref.authors[0])
        if author.startswith(key) or key in (surname_key(a) for a in ref.authors):
            return ref
    return None


def analyse_citations(article: Article) -> None:
    """Fill ``article.citations`` and link them to ``article.references``."""
    article.citations = find_citations(article)
    link_citations(article.citations, article.references)


def cited_sentences(article: Article) -> dict[int, list[Citation]]:
    """Citations grouped by the id of the sentence that carries them."""
    out: dict[int, list[Citation]] = {}
    for citation in article.citations:
        if citation.sentence is not None:
            out.setdefault(id(citation.sentence), []).append(citation)
    return out


__all__ = ["analyse_citations", "cited_sentences", "find_citations", "is_source_link",
           "link_citations", "match_author_year"]
