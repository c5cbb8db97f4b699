"""Reference lists: entries, their labels, identifiers and the metadata they state.

An entry is one reference-list block, or one labelled line of a block that holds several
("[1] ...", "1. ...", "[^who]: ..."). Its label comes from the reader (ordered-list number,
footnote name) or from the label written at its start. Identifiers are found in the raw
source of the entry, so their offsets point at what was written. Authors, year, title and
journal are read from the entry's text for APA-like ("Swash, M., & Lee, K. (2018). Title.
Journal, 26(2).") and Vancouver/AMA-like ("Holick MF. Title. N Engl J Med. 2007;357:266.")
styles; an editor compares them with what the registry says.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator

from claims.identifiers import find_identifiers
from claims.model import Article, Block, BlockKind, Reference

# A label written at the start of an entry: [1], [^who]:, 1., 1), ^1
_LEADING_LABEL = re.compile(
    r"^[ \t]*(?:\[\^?(?P<bracket>[\w.-]{1,40})\]:?|(?P<number>\d{1,4})[.)](?=\s)"
    r"|\^(?P<caret>\d{1,4}))[ \t]*"
)
_YEAR = re.compile(r"(?<!\d)(1[89]\d{2}|20\d{2})(?!\d)")
_APA_YEAR = re.compile(r"\((?P<year>(?:1[89]|20)\d{2})[a-z]?(?:,[^)]{0,30})?\)|\((?P<nd>n\.d\.)\)")
_AUTHOR_SPLIT = re.compile(r",|&|\band\b")
_INITIALS = re.compile(r"^(?:[A-Z][a-z]?\.\s?-?\s?)+$")
_VANCOUVER_AUTHOR = re.compile(r"^(?P<surname>.+?)\s+(?P<initials>[A-Z]{1,4})$")
_SEGMENT_END = re.compile(r"(?<!\b[A-Z])[.?!](?:\s+|$)")
_VANCOUVER_LIST = re.compile(
    r"^\s*(?P<authors>(?:[^,.;()]+?\s[A-Z]{1,4},\s*)*[^,.;()]+?\s[A-Z]{1,4}(?:,\s*et al)?)"
    r"\.(?:\s+|$)"
)
_VOLUME_TAIL = re.compile(r"[\s,;]*(?:(?:1[89]|20)\d{2}\b.*|\d+\s*\(.*|\d+\s*[:;,].*)$")


# A journal's year and volume as Vancouver style opens them ("2014;36", "2012 ; 307"): the
# sentence splitter, the claim detector and the reference reader all know an entry by it.
YEAR_VOLUME = r"(?:1[89]|20)\d\d\s?;\s*\d"
# The year, volume and pages: "2014;36:104-113".
_JOURNAL_YEAR = re.compile(r"\b" + YEAR_VOLUME + r"\d*(?:\(\d+\))?:\s*[a-z]?\d+")


def is_numbered_vancouver_entry(text: str) -> bool:
    """A reference entry by its shape alone, where no heading says so: a label, a
    Vancouver author list and a journal's year, volume and pages ("[1] Ju H, Jones M.
    The prevalence ... Epidemiol Rev. 2014;36:104-113.")."""
    label = _LEADING_LABEL.match(text)
    if label is None or not _JOURNAL_YEAR.search(text):
        return False
    authors = _VANCOUVER_LIST.match(text[label.end():])
    return authors is not None and bool(_vancouver_authors(authors.group("authors")))


def parse_references(article: Article) -> list[Reference]:
    """Every entry of the article's reference-list blocks, in source order."""
    references: list[Reference] = []
    ordinals: dict[tuple[str, ...], int] = {}
    for block in article.blocks:
        if block.kind is not BlockKind.REFERENCE:
            continue
        number = _ordinal(block, ordinals)
        for ref in _entries(article, block):
            if not ref.label and number is not None:
                ref.label = str(number)
            references.append(ref)
    return references


def _ordinal(block: Block, ordinals: dict[tuple[str, ...], int]) -> int | None:
    """The number an HTML ``<ol>`` item shows (readers of other formats give it as data)."""
    ancestors = tuple(block.data.get("ancestors") or ())
    if block.data.get("tag") != "li" or not ancestors or not ancestors[-1].startswith("ol"):
        return None
    ordinals[ancestors] = ordinals.get(ancestors, 0) + 1
    return ordinals[ancestors]


_LINE_LABEL = re.compile(r"(?m)^[ \t]*(?:\[\^?[\w.-]{1,40}\]|\d{1,4}[.)]\s)")


def _entries(article: Article, block: Block) -> Iterator[Reference]:
    """One entry per labelled line of the block's source, or the whole block."""
    text = block.projection.text
    offsets = block.projection.offsets
    source = article.text[block.start:block.end]
    line_starts = [block.start + m.start() for m in _LINE_LABEL.finditer(source)]
    if len(line_starts) < 2:
        starts = [0]
    else:
        starts = sorted({bisect.bisect_left(offsets, s) for s in line_starts})
        if starts[0] != 0 and text[: starts[0]].strip():
            starts.insert(0, 0)
    for i, pstart in enumerate(starts):
        pend = starts[i + 1] if i + 1 < len(starts) else len(text)
        while pend > pstart and text[pend - 1].isspace():
            pend -= 1
        while pstart < pend and text[pstart].isspace():
            pstart += 1
        if pend <= pstart:
            continue
        yield _entry(article, block, pstart, pend, single=len(starts) == 1)


def _entry(article: Article, block: Block, pstart: int, pend: int, single: bool) -> Reference:
    projection = block.projection
    entry_text = projection.text[pstart:pend]
    if single:
        start, end = block.start, block.end
    else:
        start, end = projection.source_span(pstart, pend)
    label = ""
    if single:
        if block.data.get("footnote") is not None:
            label = str(block.data["footnote"])
        elif block.data.get("number") is not None:
            label = str(block.data["number"])
    m = _LEADING_LABEL.match(entry_text)
    if m:
        if not label:
            label = m.group("bracket") or m.group("number") or m.group("caret") or ""
        entry_text = entry_text[m.end():]
    elif not label:
        # The label may sit in the source before the projected text ("1. " of a list item).
        m = _LEADING_LABEL.match(article.text[start:end])
        if m:
            label = m.group("bracket") or m.group("number") or m.group("caret") or ""
    raw = article.text[start:end]
    identifiers = find_identifiers(raw, start)
    reference = Reference(label=normalize_label(label), start=start, end=end,
                          text=entry_text.strip(), identifiers=identifiers, block=block)
    _metadata(reference)
    return reference


def normalize_label(label: str) -> str:
    """'[^Who]' -> 'who', '01' -> '1': the form markers and entries are matched on."""
    label = label.strip().strip("[]:. ").lstrip("^").lower()
    if label.isdigit():
        return label.lstrip("0") or label
    return label


def _metadata(reference: Reference) -> None:
    """Authors, year, title and journal as the entry states them (best effort)."""
    text = _strip_identifiers(reference)
    apa = _APA_YEAR.search(text)
    if apa and apa.start() < len(text) * 0.6:
        authors_part = text[: apa.start()]
        reference.authors = _apa_authors(authors_part)
        if apa.group("year"):
            reference.year = int(apa.group("year"))
        segments = _segments(text[apa.end():])
        if segments:
            reference.title = segments[0]
        if len(segments) > 1:
            reference.journal = _journal(segments[1])
        return
    vancouver = _VANCOUVER_LIST.match(text)
    authors = _vancouver_authors(vancouver.group("authors")) if vancouver else []
    if authors:
        assert vancouver is not None
        reference.authors = authors
        rest = _segments(text[vancouver.end():])
    else:
        segments = _segments(text)
        if not segments:
            return
        first = segments[0]
        rest = segments[1:]
        if rest and not _YEAR.search(first):
            reference.authors = [first.strip(" .")]  # an organisation as author
        else:
            rest = segments
    # The year after the title (publication details) beats one inside the title.
    year = _YEAR.search(" ".join(rest[1:])) or _YEAR.search(" ".join(rest)) or _YEAR.search(text)
    if year:
        reference.year = int(year.group(1))
    if rest:
        reference.title = rest[0]
    if len(rest) > 1:
        reference.journal = _journal(rest[1])


def _strip_identifiers(reference: Reference) -> str:
    """The entry text without DOI/PMID/URL tails, which confuse the segmenting."""
    text = reference.text
    # URLs first: a doi.org link must go whole, not leave its "https://" behind as a title.
    text = re.sub(r"(?:https?://|www\.|(?<![\w.])(?:dx\.)?doi\.org/)\S+", " ", text)
    text = re.sub(r"\b(?:doi|DOI)(?:\s*:\s*|\s+)10\.\S+", " ", text)
    text = re.sub(r"\b(?:PMID|PMCID)\s*:?\s*\S+", " ", text)
    text = re.sub(r"\b(?:doi|DOI|URL|Link)\s*:(?=\s|$)", " ", text)  # a label left bare
    text = re.sub(r"\b(?:Available (?:at|from)|Retrieved from|Accessed)\b.*$", " ", text)
    return " ".join(text.split()).strip(" .")


def _segments(text: str) -> list[str]:
    """Split a citation into its period-separated parts, keeping initials and 'et al.' whole."""
    parts: list[str] = []
    last = 0
    for m in _SEGMENT_END.finditer(text):
        part = text[last:m.start() + (1 if text[m.start()] in "?!" else 0)].strip()
        if part:
            parts.append(part)
        last = m.end()
    tail = text[last:].strip(" .")
    if tail:
        parts.append(tail)
    return parts


def _apa_authors(part: str) -> list[str]:
    """'Swash, M., Czesnik, D., & De Carvalho, M.' -> ['Swash', 'Czesnik', 'De Carvalho']."""
    items = [i.strip() for i in _AUTHOR_SPLIT.split(part)]
    items = [i for i in items if i]
    found = [item for item, nxt in zip(items, [*items[1:], ""], strict=True)
             if _INITIALS.match(nxt) and not _INITIALS.match(item)
             and item.lower() not in {"et al", "et al."}]
    if found:
        return found
    part = part.strip(" ,.")
    return [part] if part else []


def _vancouver_authors(segment: str) -> list[str]:
    """'LeBoff MS, Chou SH, et al' -> ['LeBoff', 'Chou']; [] if it is not an author list."""
    items = [i.strip() for i in segment.split(",") if i.strip()]
    surnames: list[str] = []
    for item in items:
        if item.lower().rstrip(".") in {"et al", "and others"}:
            continue
        m = _VANCOUVER_AUTHOR.match(item)
        if not m:
            return []
        surnames.append(m.group("surname"))
    return surnames


def _journal(segment: str) -> str:
    return _VOLUME_TAIL.sub("", segment).strip(" .,;")


def surname_key(name: str) -> str:
    """Case- and accent-insensitive form of a surname for author-year matching."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z]", "", folded.lower())
