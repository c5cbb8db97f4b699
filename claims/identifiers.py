"""Finding, normalising and validating DOIs, PMIDs, PMCIDs and URLs in text.

Offline and dependency-free: this runs in the pre-commit hook. Every identifier
carries the source span of what was written (trailing sentence punctuation and
unbalanced closing brackets excluded), so findings point at the exact characters.
Validation returns problems with a suggested fix when one is evident (a DOI
missing its ``10.``, Unicode dashes, a PMCID without ``PMC``, a URL without a
scheme); the network layer later confirms suggestions by resolving them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape as html_unescape
from urllib.parse import unquote, urlsplit

from claims.doi_cleaning import clean_doi
from claims.model import Identifier
from claims.spans import DisjointSpans

__all__ = [
    "IdentifierProblem",
    "doi_part",
    "find_identifiers",
    "is_valid_doi",
    "normalize_doi",
    "normalize_pmcid",
    "normalize_pmid",
    "normalize_url",
    "validate",
    "validate_doi",
    "validate_pmcid",
    "validate_pmid",
    "validate_url",
]

# Characters that look like a hyphen but are not one, and invisible characters
# that copy-paste from PDFs and CMS editors leaves inside identifiers.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_DASH_TABLE = {ord(c): "-" for c in _DASHES} | {ord(c): None for c in _INVISIBLE}

_TRAILING = ".,;:!?*'\u2019\u201d\"_~"
_ENTITY_END = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,6}|#x[0-9a-fA-F]{1,6})$")
_CLOSERS = {")": "(", "]": "[", "}": "{"}

# A DOI token: anything but whitespace, quotes, angle and square brackets (a
# Markdown link's text ends at ``]``). Backslash escapes (Markdown ``\_``) are kept.
_DOI_CHAR = (r"(?:\\[!-/:-@\[-`{-~]|[^\s\"<>\[\]{}\\\u201c\u201d\u00ab\u00bb]"
             r"|(?<=[./_-])[\u00a0\u2009\u200a\u202f](?=\w))")
_URL_CHAR = r"(?:\\[!-/:-@\[-`{-~]|[^\s\"<>\[\]{}|\\^`\u201c\u201d\u00ab\u00bb\x00-\x1f])"

# Schemes as typed, including the usual slips (htps, http//, https:/).
# Case-insensitive only where it must be: IGNORECASE on the big character classes
# makes the pattern slow to compile, and this module loads in every pre-commit run.
_URL_RE = re.compile(
    rf"(?<![\w/@.])(?:(?P<scheme>(?i:h?t{{1,3}}p{{1,2}}s?|hxxps?))(?P<sep>:/{{1,3}}|//|:\\\\)"
    rf"|(?P<www>(?i:www)\.)|(?P<doihost>(?i:(?:dx\.)?doi\.org)(?=/10\.)))"
    rf"(?P<host>\[[0-9A-Fa-f:.]+\])?{_URL_CHAR}+"
)
_DOI_LABEL_RE = re.compile(
    rf"(?<![\w/])(?:doi|DOI|Doi)\s*[:：]?\s*"
    rf"(?P<tok>(?P<again>(?:(?i:urn:)?(?i:doi)\s?:\s?)+)?\d{_DOI_CHAR}*/{_DOI_CHAR}+)"
)
_BARE_DOI_RE = re.compile(rf"(?<![\w/.])10\.\d{{3,9}}(?:\.\d+)*/{_DOI_CHAR}+")
_PMID_LABEL_RE = re.compile(
    r"(?<![\w/])(?:PMID|PubMed\s*ID)\s*[:#]?\s*(?P<tok>(?:PMC\s?)?\d[\w-]*)",
    re.IGNORECASE,
)
_PMCID_LABEL_RE = re.compile(r"(?<![\w/])PMCID\s*[:#]?\s*(?P<tok>(?:PMC\s?)?\d+)", re.IGNORECASE)
_BARE_PMC_RE = re.compile(r"(?<![\w/])PMC\s?\d{3,9}(?!\w)")

# Hosts that are read as links even when written without a scheme.
_SCHEMELESS_HOSTS = ("www.", "doi.org/", "dx.doi.org/")
_DOI_HOSTS = ("doi.org", "dx.doi.org", "www.doi.org", "hdl.handle.net")
_PUBMED_PATH_RE = re.compile(r"^/(?:pubmed/)?(?P<id>\d+)/?$")
_PMC_PATH_RE = re.compile(r"^/(?:pmc/)?articles/(?P<id>PMC\d+)/?", re.IGNORECASE)
_EUROPEPMC_RE = re.compile(r"^/(?:abstract|article)/(?P<src>(?i:med|pmc))/(?P<id>(?i:pmc)?\d+)/?")

VALID_DOI_RE = re.compile(r"^10\.\d{4,9}(?:\.\d+)*/\S+$")
_URN_PREFIX_RE = re.compile(r"^(?:urn:)?doi:\s*", re.IGNORECASE)
_RESOLVER_PREFIX_RE = re.compile(
    r"^(?:h?t{1,3}p{1,2}s?:/{0,3}|//)?(?:dx\.|www\.)?(?:doi\.org|hdl\.handle\.net)/",
    re.IGNORECASE,
)
_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")


@dataclass(frozen=True)
class IdentifierProblem:
    """Something wrong with an identifier as written.

    ``start``/``end`` are source offsets of the part to replace; ``replacement``
    is the corrected text for that span (``None`` when no fix is evident) and
    ``suggestion`` the corrected identifier in normal form (what to resolve).
    """

    kind: str
    reason: str  # a short slug: missing-doi-prefix, unicode-dash, no-scheme, ...
    message: str
    start: int
    end: int
    replacement: str | None = None
    suggestion: str | None = None


# --------------------------------------------------------------------- finding


def _trim(text: str, start: int, end: int) -> int:
    """New end after dropping sentence punctuation and unbalanced closing brackets."""
    while end > start:
        ch = text[end - 1]
        if ch in _TRAILING:
            if ch == "_" and end - 2 >= start and text[end - 2] == "\\":
                break
            if ch == ";" and _ENTITY_END.search(text, start, end - 1):
                break  # "&gt;" ends a character reference, not a sentence
            end -= 1
            continue
        opener = _CLOSERS.get(ch)
        if opener is not None:
            span = text[start:end]
            if span.count(ch) > span.count(opener):
                end -= 1
                continue
        break
    return end


# A link's target ends at the quote of an HTML attribute or the ")" of a Markdown link:
# punctuation before it is inside the link (which then does not resolve), not prose.
_TARGET_ENDS = ('"', "'")


def _link_end(text: str, start: int, end: int) -> int:
    """Where a link ends: trimmed like prose, unless it is a link's target, where trailing
    punctuation is part of what the browser requests (and of the finding)."""
    trimmed = _trim(text, start, end)
    if trimmed == end:
        return end
    if end < len(text) and text[end] in _TARGET_ENDS and start and text[start - 1] == text[end]:
        return end
    if text[start - 2:start] == "](":  # a Markdown link's destination runs to its ")"
        depth = 0
        for at in range(start, end):
            depth += {"(": 1, ")": -1}.get(text[at], 0)
            if depth < 0:
                return at if _trim(text, start, at) < at else trimmed
    return trimmed


# Junk glued onto a DOI with characters a DOI token stops at ("[doi]", "<br/>"): taken
# into the DOI's span so that validation reports it with the DOI it belongs to.
_GLUED_JUNK = re.compile(
    r"\[(?:doi|e-?pub\s*ahead\s*of\s*print)\](?:\.[a-z]{2,3}\b)?"
    rf"|(?:<[a-z_][\w-]*>[^<>\s]*</[a-z_][\w-]*>|<[a-z_][\w-]*\s*/?>){_DOI_CHAR}+",
    re.IGNORECASE,
)


def _glued_end(text: str, start: int, end: int) -> int:
    m = _GLUED_JUNK.match(text, end)
    return _trim(text, start, m.end()) if m else end


def _glued_to_doi(text: str, start: int) -> bool:
    """Whether a link starts right after a DOI with no space between (junk glued on)."""
    if not start or text[start - 1] not in ".,;:([" or text[start - 2:start] == "](":
        return False  # "[10.1000/xyz](https://doi.org/...)" is a Markdown link
    space = max(text.rfind(c, 0, start - 1) for c in " \t\n(") + 1
    return bool(re.search(r"10\.\d{4,9}[^/\s]*/", text[space:start]))


# Every pattern above needs one of these (in ASCII text, lower-cased): most blocks have none,
# and one substring scan is much cheaper than six regular-expression scans.
_TRIGGERS = (":/", "//", ":\\", "www.", "doi", "10.", "pmid", "pubmed", "pmc")


def _may_hold_identifier(text: str) -> bool:
    if not text.isascii():  # case-insensitive matching folds some non-ASCII letters
        return True
    low = text.lower()
    return any(t in low for t in _TRIGGERS)


class _Present:
    """Which of the patterns below can match a text, from substrings each match holds (in
    ASCII text, lower-cased where the pattern ignores case): a reference entry usually has a
    DOI and a PMID and no link, and each pattern left out is a scan of the text saved."""

    __slots__ = ("bare_doi", "bare_pmc", "doi_label", "pmcid_label", "pmid_label", "url")

    def __init__(self, text: str) -> None:
        if not text.isascii():  # IGNORECASE folds letters str.lower leaves (ſ, ı, K)
            self.url = self.doi_label = self.bare_doi = True
            self.pmcid_label = self.pmid_label = self.bare_pmc = True
            return
        low = text.lower()
        self.url = any(t in low for t in (":/", "//", ":\\", "www.", "doi.org"))
        self.doi_label = "doi" in low
        self.bare_doi = "10." in text
        self.pmcid_label = "pmcid" in low
        self.pmid_label = "pmid" in low or "pubmed" in low
        self.bare_pmc = "PMC" in text


def find_identifiers(text: str, offset: int = 0) -> list[Identifier]:
    """Every DOI, PMID, PMCID and URL in ``text``, in order of position.

    ``start``/``end`` are ``offset`` plus indices into ``text``. A DOI, PubMed
    or PMC link is one identifier of that kind (not also a URL). Malformed
    forms that are clearly meant as identifiers (a doi.org link without
    ``10.``, ``PMCID: 123``) are returned too, with their best normal form, so
    that :func:`validate` can report them.
    """
    found: list[Identifier] = []
    taken = DisjointSpans()
    if not _may_hold_identifier(text):
        return found
    present = _Present(text)

    def keep(kind: str, start: int, end: int, normalize: Callable[[str], str]) -> None:
        """``text[start:end]`` is an identifier of ``kind``; later passes skip its span."""
        written = text[start:end]
        found.append(Identifier(kind, written, offset + start, offset + end,
                                normalize(written)))
        taken.append((start, end))

    for m in _URL_RE.finditer(text) if present.url else ():
        start = m.start()
        if _glued_to_doi(text, start):
            continue  # "10.1000/xyz,http://...": the DOI's junk, reported with the DOI
        end = _link_end(text, start, m.end())
        ident = _classify_url(text[start:end], offset + start, offset + end)
        if ident is None:
            continue
        glued = _glued_end(text, start, end) if ident.kind == "doi" else end
        if glued != end:
            end = glued
            ident = _classify_url(text[start:end], offset + start, offset + end) or ident
        found.append(ident)
        taken.append((start, end))

    for m in _DOI_LABEL_RE.finditer(text) if present.doi_label else ():
        start = m.start("tok")
        if m["again"] and ":" in text[m.start():start]:
            start = m.start()  # "doi:doi:10...": the whole, so the repeated label is reported
        end = _glued_end(text, start, _trim(text, start, m.end("tok")))
        if taken.covered(start, end) or "/" not in text[start:end]:
            continue
        keep("doi", start, end, normalize_doi)

    for m in _BARE_DOI_RE.finditer(text) if present.bare_doi else ():
        start = m.start()
        end = _glued_end(text, start, _trim(text, start, m.end()))
        if not taken.covered(start, end):
            keep("doi", start, end, normalize_doi)

    for m in _PMCID_LABEL_RE.finditer(text) if present.pmcid_label else ():
        start, end = m.start("tok"), m.end("tok")
        if not taken.covered(start, end):
            keep("pmcid", start, end, normalize_pmcid)

    for m in _PMID_LABEL_RE.finditer(text) if present.pmid_label else ():
        start = m.start("tok")
        end = _trim(text, start, m.end("tok"))
        if taken.covered(start, end) or end <= start:
            continue
        keep("pmid", start, end, _labelled_pmid)

    for m in _BARE_PMC_RE.finditer(text) if present.bare_pmc else ():
        start, end = m.start(), m.end()
        if not taken.covered(start, end):
            keep("pmcid", start, end, normalize_pmcid)

    found.sort(key=lambda i: (i.start, i.end))
    return found


def _labelled_pmid(written: str) -> str:
    """"PMID: PMC123" stays a PMID with no normal form: validation names the mix-up."""
    return "" if written[:3].upper() == "PMC" else normalize_pmid(written)


def _classify_url(written: str, start: int, end: int) -> Identifier | None:
    """A URL as written becomes a DOI, PMID, PMCID or plain URL identifier."""
    url = normalize_url(written)
    if not url:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in _DOI_HOSTS:
        path = parts.path.lstrip("/")
        if not path or (host == "hdl.handle.net" and not path.startswith("10.")):
            return Identifier("url", written, start, end, url)
        return Identifier("doi", written, start, end, normalize_doi(path))
    if host in ("pubmed.ncbi.nlm.nih.gov", "www.ncbi.nlm.nih.gov", "ncbi.nlm.nih.gov"):
        path = parts.path
        if host != "pubmed.ncbi.nlm.nih.gov":
            pmc = _PMC_PATH_RE.match(path)
            if pmc:
                return Identifier("pmcid", written, start, end, normalize_pmcid(pmc["id"]))
            if not path.startswith("/pubmed/"):
                return Identifier("url", written, start, end, url)
        pm = _PUBMED_PATH_RE.match(path)
        if pm:
            return Identifier("pmid", written, start, end, normalize_pmid(pm["id"]))
    if host == "pmc.ncbi.nlm.nih.gov":
        pmc = _PMC_PATH_RE.match(parts.path)
        if pmc:
            return Identifier("pmcid", written, start, end, normalize_pmcid(pmc["id"]))
    if host in ("europepmc.org", "www.europepmc.org"):
        ep = _EUROPEPMC_RE.match(parts.path)
        if ep:
            if ep["src"].upper() == "MED":
                return Identifier("pmid", written, start, end, normalize_pmid(ep["id"]))
            return Identifier("pmcid", written, start, end, normalize_pmcid(ep["id"]))
    return Identifier("url", written, start, end, url)


# ----------------------------------------------------------------- normalising


def _unescape(text: str) -> str:
    # Every escape holds a backslash; most identifiers have none (a C-level scan says so).
    return _ESCAPE_RE.sub(r"\1", text) if "\\" in text else text


def _entities(text: str) -> str:
    """HTML character references decoded: in an attribute, ``&gt;`` is written for ``>``."""
    return html_unescape(text) if "&" in text and ";" in text else text


def doi_part(written: str) -> tuple[int, int]:
    """Where the DOI itself sits inside a written form (after ``doi:`` or a resolver URL)."""
    end = _trim(written, 0, len(written))
    start = 0
    m = _RESOLVER_PREFIX_RE.match(written)
    if m:
        start = m.end()
    m = _URN_PREFIX_RE.match(written[start:])
    if m:
        start += m.end()
    return start, end


def normalize_doi(text: str) -> str:
    """The DOI in normal form: no resolver or ``doi:`` prefix, decoded once, lower case.

    Returns the best-effort form even for malformed input (check with
    :func:`is_valid_doi`); ``""`` when nothing DOI-like remains.
    """
    text = _unescape(text.strip()).translate(_DASH_TABLE)
    start, end = doi_part(text)
    core = _entities(text[start:end])
    if "%" in core:
        core = unquote(core)
    core = core.translate(_DASH_TABLE).strip()
    core = core[: _trim(core, 0, len(core))]
    core = _URN_PREFIX_RE.sub("", core)
    core = re.sub(r"\s+", "", core)
    cleaning = clean_doi(core)
    return (cleaning.doi if cleaning else core).lower()


def is_valid_doi(normalized: str) -> bool:
    """Syntax only: ``10.`` + numeric registrant code + ``/`` + a non-empty suffix."""
    return bool(VALID_DOI_RE.match(normalized))


def normalize_pmid(text: str) -> str:
    """Digits without leading zeros; ``""`` unless the text is a number."""
    digits = _unescape(text).strip()
    if not digits.isdigit():
        return ""
    return digits.lstrip("0")


def normalize_pmcid(text: str) -> str:
    """``PMC`` followed by the digits, e.g. ``PMC3140110``."""
    digits = re.sub(r"\D", "", text)
    return f"PMC{digits.lstrip('0')}" if digits.strip("0") else ""


def normalize_url(text: str) -> str:
    """The URL to request: scheme fixed, host lower-cased, fragment dropped, escapes removed.

    ``""`` when no host can be read.
    """
    raw = _unescape(text.strip()).replace("&amp;", "&")
    m = re.match(r"^(?P<scheme>h?t{1,3}p{1,2}s?|hxxps?)(?::/{1,3}|//|:\\\\)", raw, re.IGNORECASE)
    if m:
        scheme = "https" if m["scheme"].lower().endswith("s") else "http"
        rest = raw[m.end():]
    elif raw.lower().startswith(_SCHEMELESS_HOSTS):
        scheme, rest = "https", raw
    else:
        return ""
    rest = rest.lstrip("/")
    try:
        parts = urlsplit(f"{scheme}://{rest}")
        host = parts.hostname
    except ValueError:
        return ""
    if not host:
        return ""
    netloc = parts.netloc
    at = netloc.rfind("@")
    userinfo, hostport = (netloc[: at + 1], netloc[at + 1:]) if at != -1 else ("", netloc)
    hostport = hostport.lower()
    path = parts.path or "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"{scheme}://{userinfo}{hostport}{path}{query}"


# ------------------------------------------------------------------ validating


def validate(identifier: Identifier) -> list[IdentifierProblem]:
    """Problems with one identifier as written, with source offsets."""
    kind = identifier.kind
    if kind == "doi":
        return validate_doi(identifier.value, identifier.start)
    if kind == "pmid":
        if _is_url(identifier.value):
            return []
        return validate_pmid(identifier.value, identifier.start)
    if kind == "pmcid":
        if _is_url(identifier.value):
            return []
        return validate_pmcid(identifier.value, identifier.start)
    if kind == "url":
        return validate_url(identifier.value, identifier.start)
    return []


def _is_url(value: str) -> bool:
    return bool(_URL_RE.match(value))


def validate_doi(written: str, offset: int = 0) -> list[IdentifierProblem]:
    """Problems with a DOI as written (bare, ``doi:``-labelled or a resolver link)."""
    problems: list[IdentifierProblem] = []
    start, end = doi_part(written)
    core_written = written[start:end]
    s, e = offset + start, offset + end
    if not core_written:
        return [IdentifierProblem("doi", "empty", "the DOI link has no DOI after the resolver",
                                  s, e)]
    if _URL_RE.match(written):
        problems.extend(p for p in validate_url(written, offset)
                        if p.reason in ("scheme", "separator"))

    if end < len(written):  # kept only inside a link's target: see find_identifiers
        problems.append(IdentifierProblem(
            "doi", "trailing-punctuation",
            f"the link ends in `{written[end:]}`, which is not part of the DOI, so the link "
            "does not resolve", e, offset + len(written), "",
            normalize_doi(core_written)))
    cleaned = _entities(_unescape(core_written))
    if "%" in cleaned:
        cleaned = unquote(cleaned)
    if _URN_PREFIX_RE.match(cleaned):  # "doi:" twice, or inside a resolver link
        m = _URN_PREFIX_RE.match(cleaned)
        assert m is not None
        cleaned = cleaned[m.end():]
        problems.append(IdentifierProblem(
            "doi", "doi-label-in-link",
            "the resolver link repeats the `doi:` label" if start > 4 else
            "the `doi:` label is written twice", s, e, cleaned, normalize_doi(cleaned)))
    odd = [c for c in cleaned if c in _DASHES or c in _INVISIBLE]
    if odd:
        fixed = cleaned.translate(_DASH_TABLE)
        names = ", ".join(sorted({f"U+{ord(c):04X}" for c in odd}))
        problems.append(IdentifierProblem(
            "doi", "unicode-dash",
            f"the DOI contains look-alike or invisible characters ({names}) that no "
            "resolver accepts", s, e, fixed, fixed.lower()))
        cleaned = fixed
    if any(c.isspace() for c in cleaned):
        fixed = re.sub(r"\s+", "", cleaned)
        problems.append(IdentifierProblem(
            "doi", "whitespace", "the DOI contains whitespace", s, e, fixed, fixed.lower()))
        cleaned = fixed
    cleaning = clean_doi(cleaned)
    if cleaning is not None:
        cleaned = cleaning.doi
        problems.append(IdentifierProblem(
            "doi", cleaning.reasons[0], cleaning.message, s, e, cleaned, cleaned.lower()))
    problems = _merged(problems, s, e)

    if VALID_DOI_RE.match(cleaned):
        return problems
    prefix_fix = _fix_prefix(cleaned)
    if prefix_fix is not None:
        reason, message, fixed = prefix_fix
        return [p for p in problems if p.reason in ("scheme", "separator")] + [
            IdentifierProblem("doi", reason, message, s, e, fixed,
                              fixed.lower() if fixed else None)]
    if "/" not in cleaned:
        message = "not a DOI: a DOI is a `10.` prefix, a slash and a suffix"
    elif cleaned.endswith("/"):
        message = "the DOI has a prefix but no suffix after the slash"
    else:
        message = "not a valid DOI: the prefix must be `10.` followed by a registrant number"
    return [p for p in problems if p.reason in ("scheme", "separator")] + [
        IdentifierProblem("doi", "malformed", message, s, e)]


def _merged(problems: list[IdentifierProblem], s: int, e: int) -> list[IdentifierProblem]:
    """Several repairs of the same DOI span become one problem whose fix applies them all
    (each alone would be an edit of the same characters, and only the last one right)."""
    same = [p for p in problems if (p.start, p.end) == (s, e) and p.replacement is not None]
    if len(same) < 2:
        return problems
    last = same[-1]
    merged = IdentifierProblem("doi", same[0].reason, "; ".join(p.message for p in same),
                               s, e, last.replacement, last.suggestion)
    return [p for p in problems if p not in same] + [merged]


def _fix_prefix(doi: str) -> tuple[str, str, str | None] | None:
    """An evident repair of a broken ``10.`` prefix (``None`` fix when it is ambiguous)."""
    m = re.match(r"^10[,;:](\d{4,9}(?:\.\d+)*/\S+)$", doi)
    if m:
        return ("broken-doi-prefix", "the DOI prefix must start with `10.` (the dot is mistyped)",
                f"10.{m.group(1)}")
    m = re.match(r"^10\.\s*\.(\d{4,9}/\S+)$", doi)
    if m:
        return ("broken-doi-prefix", "the DOI prefix has a doubled dot", f"10.{m.group(1)}")
    m = re.match(r"^(\d{4,9}(?:\.\d+)*)/\S+$", doi)
    if m and not doi.startswith("10."):
        if doi.startswith("10"):  # 10 + registrant without the dot, or registrant 10xxxx?
            return ("broken-doi-prefix",
                    "the DOI prefix must be `10.` followed by the registrant number (is a dot "
                    "missing after `10`, or the whole `10.`?)", None)
        return ("missing-doi-prefix",
                f"the DOI is missing its `10.` prefix (`{doi}` is not a DOI; `10.{doi}` is)",
                f"10.{doi}")
    return None


def validate_pmid(written: str, offset: int = 0) -> list[IdentifierProblem]:
    """A PMID is a positive whole number of at most eight digits."""
    value = _unescape(written).strip()
    s, e = offset, offset + len(written)
    if re.fullmatch(r"[1-9]\d{0,7}", value):
        return []
    if re.fullmatch(r"PMC\s?\d+", value, re.IGNORECASE):
        fixed = normalize_pmcid(value)
        return [IdentifierProblem(
            "pmid", "pmcid-as-pmid",
            f"`{value}` is a PubMed Central ID (PMCID), not a PMID; label it `PMCID: {fixed}`",
            s, e, fixed, fixed)]
    if re.fullmatch(r"0+\d*", value):
        fixed = value.lstrip("0")
        if fixed and len(fixed) <= 8:
            return [IdentifierProblem("pmid", "leading-zeros",
                                      "PMIDs are written without leading zeros",
                                      s, e, fixed, fixed)]
        return [IdentifierProblem("pmid", "malformed", "PMID 0 does not exist", s, e)]
    if re.fullmatch(r"\d+", value):
        return [IdentifierProblem(
            "pmid", "too-long",
            f"a PMID has at most 8 digits; `{value}` has {len(value)} (is it another ID?)",
            s, e)]
    lookalike = value.translate(str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"}))
    if re.fullmatch(r"[1-9]\d{0,7}", lookalike):
        return [IdentifierProblem(
            "pmid", "lookalike-letters",
            f"the PMID `{value}` contains letters that look like digits", s, e,
            lookalike, lookalike)]
    return [IdentifierProblem("pmid", "malformed",
                              f"`{value}` is not a PMID (a PMID is a number)", s, e)]


def validate_pmcid(written: str, offset: int = 0) -> list[IdentifierProblem]:
    """A PMCID is ``PMC`` followed directly by digits."""
    value = written.strip()
    s, e = offset, offset + len(written)
    if re.fullmatch(r"PMC[1-9]\d{0,9}", value):
        return []
    fixed = normalize_pmcid(value)
    if not fixed:
        return [IdentifierProblem("pmcid", "malformed", f"`{value}` is not a PMCID", s, e)]
    if value.isdigit():
        message = "a PMCID starts with `PMC`"
    else:
        message = "a PMCID is written `PMC` followed directly by its digits"
    return [IdentifierProblem("pmcid", "malformed-pmcid", message, s, e, fixed, fixed)]


def validate_url(written: str, offset: int = 0) -> list[IdentifierProblem]:
    """Scheme, separator, host and bracket balance of a URL as written."""
    problems: list[IdentifierProblem] = []
    m = re.match(r"^(?P<scheme>h?t{1,3}p{1,2}s?|hxxps?)(?P<sep>:/{1,3}|//|:\\\\)", written,
                 re.IGNORECASE)
    if m is None:
        if written.lower().startswith(_SCHEMELESS_HOSTS):
            problems.append(IdentifierProblem(
                "url", "no-scheme", "the link has no scheme; browsers and crawlers need "
                "`https://`", offset, offset, "https://", None))
        else:
            return [IdentifierProblem("url", "malformed", "not a web address", offset,
                                      offset + len(written))]
    else:
        scheme = m["scheme"]
        if scheme.lower() not in ("http", "https"):
            good = "https" if scheme.lower().endswith("s") else "http"
            problems.append(IdentifierProblem(
                "url", "scheme", f"the scheme `{scheme}` is misspelt; use `{good}`",
                offset + m.start("scheme"), offset + m.end("scheme"), good, None))
        if m["sep"] != "://":
            problems.append(IdentifierProblem(
                "url", "separator", f"the scheme must be followed by `://`, not `{m['sep']}`",
                offset + m.start("sep"), offset + m.end("sep"), "://", None))
    url = normalize_url(written)
    host = ""
    if url:
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            host = ""
    if not host:
        problems.append(IdentifierProblem("url", "no-host", "the link has no host name",
                                          offset, offset + len(written)))
    elif not _host_ok(host):
        problems.append(IdentifierProblem(
            "url", "bad-host", f"`{host}` is not a valid host name",
            offset, offset + len(written)))
    for opener, closer in (("(", ")"), ("[", "]")):
        if written.count(opener) > written.count(closer):
            problems.append(IdentifierProblem(
                "url", "unbalanced-bracket",
                f"the link has an unmatched `{opener}`; a closing `{closer}` may have been "
                "cut off or the link runs into the text", offset, offset + len(written)))
    return problems


_LABEL_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def _host_ok(host: str) -> bool:
    host = host.rstrip(".")
    if host.startswith("[") or re.fullmatch(r"[\d.]+", host) or ":" in host:
        return True  # IP literals are judged by the network layer, not here
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    labels = ascii_host.split(".")
    return len(labels) >= 2 and all(_LABEL_RE.match(label) for label in labels) and \
        not labels[-1].isdigit()
