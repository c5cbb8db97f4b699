"""Byline lines: who wrote and who reviewed a page, whether that is a person, and the date
the line carries.

Pages write bylines in many ways: "By Jane Doe | May 19, 2026", "Written by Tom Okafor,
RN · 12 January 2026", "Medically reviewed by Dr. Priya Shah, MD", "Posted on July 2,
2025 by Sam Ortiz", "By the Healthwise Team | ...". A byline is a short block (or a line
of one) that opens with a role label, or a label after a separator (``|``, ``·``, ``—``).
A team, desk or organisation named as the author is an author, but not a person, and
readers cannot judge its qualifications: the provenance checks say so.

A date in a byline line with no label of its own ("| May 19, 2026") is the page's
publication date, or its review date when it follows the reviewer's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from checks.detectors.dates import DateMention, scan_date
from claims.attribution import REPORTED_SPEECH

if TYPE_CHECKING:
    from claims.model import Article, Block

BYLINE_MAX = 200  # a byline line, not a paragraph of prose

_CREDENTIAL = re.compile(
    r"^(?:Dr\.?|M\.?D\.?|D\.?O\.?|Ph\.?\s?D\.?|Pharm\.?\s?D\.?|R\.?N\.?|R\.?D\.?N?\.?|L\.?D\.?N?|"
    r"N\.?P\.?|PA-C|M\.?P\.?H\.?|M\.?Sc?\.?|B\.?Sc?\.?|B\.?S\.?N\.?|M\.?S\.?N\.?|MBBS|MBChB|BDS|"
    r"DDS|DMD|DNB|DPT|D\.?C\.?|PsyD|LCSW|LPC|CDCES|CDE|IBCLC|FACP|FACC|FAAP|FRCP|MRCP|MRCGP|"
    r"APRN|FNP(?:-BC)?|DrPH|ScD|CNS|CSCS|B\.?\s?Pharm\.?|M\.?\s?Pharm\.?|BAMS|BHMS|MA|MSW|MPhil|"
    r"MCh|MS|DM|DNP|CRNP|OTR/?L|ATC|CPT|RPh|CCC-SLP|AuD|OD|DVM|MBA)$",
    re.I,
)
CREDENTIAL_SPLIT = re.compile(r"\s*[,;/]\s*|\s+and\s+")

# What makes a named author a team or an organisation rather than a person.
ORGANISATION_WORDS = (
    "team", "staff", "editors", "editorial team", "editorial staff", "editorial board",
    "editorial", "contributors", "writers", "desk", "newsroom", "department", "dept",
    "board", "clinic", "hospital", "foundation", "association", "society", "institute",
    "council", "trust", "service", "services", "pharmacy", "centre", "center", "group",
    "network", "agency", "authority", "ministry", "college", "university", "inc", "ltd",
    "llc", "limited", "company", "corporation", "media", "news", "press", "magazine",
    "journal", "health", "experts", "panel", "committee", "unit", "labs", "crew", "studio",
)
# Words that stand where a name should ("By Admin", "By Hearing Writer"): a role, not an
# author anyone can be held to.
PLACEHOLDER_WORDS = ("writer", "author", "admin", "administrator", "editor", "contributor",
                     "guest", "user", "webmaster", "moderator", "blogger", "owner")
_ORG_WORD = r"(?i:" + "|".join(
    re.escape(w).replace(r"\ ", r"\s+") for w in sorted(ORGANISATION_WORDS, key=len, reverse=True)
) + r")\b\.?"
_CAPITAL = r"(?:[A-Z0-9][\w&'’.-]*|&|of|and|for)"
# Named words, then at most two plain ones ("the HealthPoint clinical team").
_PLAIN = r"(?!(?:the|and|a|an|of|our|my|his|her|their|this|that)\b)[a-z]+"
_ORG = rf"(?:{_CAPITAL}\s+){{0,5}}(?:{_PLAIN}\s+){{0,2}}{_ORG_WORD}"
_NAME = (r"(?:(?:Dr|Prof|Mr|Mrs|Ms|Mx|Miss)\.?\s+)?[A-Z][\w'’.-]+"
         r"(?:\s+(?:[a-z]{1,3}\s+)?[A-Z][\w'’.-]+){1,3}")
_SEPARATORS = "|·•—–\n"
# A byline opens its line, follows a separator, or follows the date or time it is stamped
# with ("2022-11-11 09:19 By : Jane Doe").
_START = rf"(?:^|(?<=[{_SEPARATORS}])|(?<=\d\s))\s*"
_LABEL_END = r"\s*[:\-–]?\s*"
_WHO = rf"(?:(?i:the)\s+)?(?P<who>{_ORG}|{_NAME})(?P<rest>[^{_SEPARATORS}]*)"
_PATTERNS = (
    ("author", re.compile(
        _START + r"(?i:(?:written|authored|reported|words|story|text|compiled|created|"
        r"prepared|answered|answer|response)\s+by|authors?|by)" + _LABEL_END + _WHO)),
    # "This is an article by ...", "This article was written by ...".
    ("author", re.compile(
        _START + r"(?i:(?:this\s+(?:is\s+)?)?(?:an?\s+)?(?:article|post|blog\s+post|piece|"
        r"guide|page|column|story|review)\s+(?:was\s+|is\s+)?(?:written\s+)?by)\s+" + _WHO)),
    # "Posted on July 2, 2025 by Sam Ortiz": the role label follows the date.
    ("author", re.compile(
        _START + r"(?i:posted|published|written|updated|created)\b[^" + _SEPARATORS
        + r"]{0,40}?\s(?i:by)\s+" + _WHO)),
    ("reviewer", re.compile(
        _START + r"(?i:(?:medically|clinically|expert|professionally|fact[-\s]checked\s+and)"
        r"\s+reviewed\s+by|reviewed\s+by|(?:medical\s+|clinical\s+)?reviewer)"
        + _LABEL_END + _WHO)),
)
_ORG_RE = re.compile(rf"^(?:(?i:the)\s+)?{_ORG}$")
# An expert's name line with no label: "Ajay Pillai, MD, Director of Sleep Medicine".
_NAME_LINE = re.compile(rf"^\s*(?P<who>{_NAME})\s*,\s*(?P<cred>[A-Za-z.]{{2,10}})\b")
_NAME_LINE_MAX = 160
_NAME_LINE_BLOCKS = 12


@dataclass(frozen=True)
class Byline:
    role: str  # "author" | "reviewer"
    name: str
    credentials: tuple[str, ...]
    person: bool  # False: a team, desk or organisation
    start: int  # source span of the name
    end: int
    dates: tuple[DateMention, ...] = field(default=())
    placeholder: bool = False  # "By Admin": a role where the name should be, no author


def split_credentials(text: str) -> tuple[str, tuple[str, ...]]:
    """'Dr. Jane Doe, MD, MPH' -> ('Dr. Jane Doe', ('Dr.', 'MD', 'MPH'))."""
    parts = [p for p in CREDENTIAL_SPLIT.split(text.strip()) if p]
    if not parts:
        return "", ()
    name, creds = parts[0], [p for p in parts[1:] if _credential(p)]
    words = name.split()
    while len(words) > 1 and _credential(words[-1]):
        creds.insert(0, words.pop())
    if words and words[0].rstrip(".").lower() in ("dr", "prof"):
        creds.insert(0, words[0])
    return " ".join(words), tuple(creds)


def _credential(token: str) -> bool:
    token = token.strip(" ()")
    return bool(token) and all(_CREDENTIAL.match(t) for t in re.split(r"\s*\(|\)\s*|\s+", token)
                               if t) and any(c.isupper() for c in token)


def is_placeholder(name: str) -> bool:
    """Whether the 'name' is a role standing in for one ("Admin", "Hearing Writer")."""
    words = name.lower().replace(".", " ").split()
    return bool(words) and words[-1] in PLACEHOLDER_WORDS


def is_organisation(name: str) -> bool:
    """Whether a named author is a team, desk or organisation ("the Healthwise Team")."""
    return bool(_ORG_RE.match(name.strip()))


def find_bylines(article: Article, order: str = "auto") -> list[Byline]:
    """Every byline in the article's short blocks, in order, with the dates they carry
    (all-numeric dates read in the policy's ``order``)."""
    from claims.model import BlockKind

    out: list[Byline] = []
    # Headings are searched too: plain-text readers take a short byline line for one.
    for index, block in enumerate(article.blocks):
        if block.kind in (BlockKind.CODE, BlockKind.FRONT_MATTER, BlockKind.REFERENCE,
                          BlockKind.BLOCKQUOTE) or len(block.text) > BYLINE_MAX:
            continue
        # A bare "Name, MD" line is the author's only near the top of the article itself
        # (not in a sidebar of the site's experts).
        name_lines = index < _NAME_LINE_BLOCKS and block.kind != BlockKind.BOILERPLATE
        out.extend(_block_bylines(block, order, name_lines))
    if article.format == "html" and not any(b.role == "author" for b in out):
        out.extend(_markup_bylines(article, order))
    return out


# An element the page marks as its author: class or itemprop "author" / "byline", or
# rel="author" ("<span class="author">Grace Mbeki-Lund</span>").
_AUTHOR_ELEMENT = re.compile(
    r"<(?P<tag>[a-z][a-z0-9]*)\b[^<>]*?\b(?:class|itemprop|rel)\s*=\s*[\"'][^\"']*?"
    r"\b(?:author|byline|author-name|contributor)\b[^\"']*[\"'][^<>]*>(?P<inner>[^<>]{2,80}?)"
    r"</(?P=tag)\s*>",
    re.I,
)


def _markup_bylines(article: Article, order: str) -> list[Byline]:
    """The author an HTML page marks in its markup, with the date beside it."""
    for m in _AUTHOR_ELEMENT.finditer(article.text):
        raw = m.group("inner")
        text = re.sub(r"^\s*(?i:by)\s+", "", raw).strip()
        if not text or not (_ORG_RE.match(text) or re.fullmatch(_NAME + r"(?:\s*,.*)?", text)):
            continue
        organisation = is_organisation(text)
        name, creds = (text, ()) if organisation else split_credentials(text)
        if not name or is_placeholder(name):
            continue
        start = m.start("inner") + raw.index(text)
        block = next((b for b in article.blocks if b.start <= start < b.end), None)
        dates: list[DateMention] = []
        if block is not None and len(block.text) <= BYLINE_MAX:
            dates = _dates(block, 0, len(block.text), "published", order)
        return [Byline("author", name, creds, not organisation, start, start + len(text),
                       tuple(dates))]
    return []


def _block_bylines(block: Block, order: str, name_lines: bool = True) -> list[Byline]:
    text = block.text
    found: list[tuple[int, int, str, str, tuple[str, ...], bool]] = []
    for role, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(s <= m.start("who") < e for s, e, *_ in found):
                continue
            who, rest = m.group("who"), m.group("rest")
            organisation = is_organisation(who)
            if organisation:
                name, creds = who.strip().rstrip("."), ()
            else:
                cred_text = re.split(r"\s(?:on|in)\s", rest, maxsplit=1)[0]
                name, creds = split_credentials(who + cred_text)
            if name:
                found.append((m.start("who"), m.start("who") + len(who.rstrip(". ")), role,
                              name, creds, not organisation))
    if not found and name_lines:
        found.extend(_name_line(text))
    found.sort()
    bylines = []
    for i, (start, end, role, name, creds, person) in enumerate(found):
        limit = found[i + 1][0] if i + 1 < len(found) else len(text)
        kind = "reviewed" if role == "reviewer" else "published"
        dates = _dates(block, end, limit, kind, order)
        if i == 0 and not dates:  # "2022-11-11 09:19 By Jane Doe": stamped before the name
            dates = _dates(block, 0, start, kind, order)
        s, e = block.projection.source_span(start, end)
        placeholder = is_placeholder(name)
        bylines.append(Byline(role, name, creds, person and not placeholder, s, e, tuple(dates),
                              placeholder))
    return bylines


def _name_line(text: str) -> list[tuple[int, int, str, str, tuple[str, ...], bool]]:
    """A short line that opens with a person's name and a credential: the author's line."""
    if len(text) > _NAME_LINE_MAX or REPORTED_SPEECH.search(text):
        return []
    m = _NAME_LINE.match(text)
    if m is None or not _credential(m.group("cred")) or is_organisation(m.group("who")) \
            or _credential(m.group("who")):
        return []
    name, creds = split_credentials(text[m.start("who"):m.end("cred")])
    return [(m.start("who"), m.end("who"), "author", name, creds, True)] if name else []


_WORD_START = re.compile(r"(?<![\w/.-])(?=[\w])")
_DATE_LABEL = re.compile(r"(?i:updated|modified|revised|edited|reviewed|published|posted|"
                         r"date)\b[^|·•—–\n]{0,12}$")


def _dates(block: Block, start: int, end: int, kind: str, order: str) -> list[DateMention]:
    """Unlabelled dates in a byline from ``start`` to ``end``: a labelled one ("Updated
    May 2") is read by the labelled-date reader, with its own kind."""
    text = block.text
    out: list[DateMention] = []
    for m in _WORD_START.finditer(text, start, end):
        reading = scan_date(text, m.start(), order)
        if reading is None or not reading.candidates:
            continue
        if _DATE_LABEL.search(text[max(start, m.start() - 30):m.start()]):
            continue
        s, e = block.projection.source_span(m.start(), m.start() + len(reading.text))
        out.append(DateMention(kind, s, e, reading, "page", "byline"))
        break
    return out
