"""Does the registry's record describe the paper the reference states?

Tolerant where citations legitimately differ: subtitles, case, punctuation,
HTML in titles, a "RETRACTED:" prefix, abbreviated journal names, PubMed's
"Family AB" authors, and +-1 year between print and online publication. A
*mismatch* means the identifier points at a different paper (title and author
or year disagree); a *discrepancy* is a detail to correct.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from checks.resolve.model import Work
from checks.resolve.parse import clean_text

TITLE_MATCH = 88.0
TITLE_DIFFERENT = 55.0
NAME_MATCH = 85.0
_STOP = frozenset({"of", "the", "and", "&", "for", "in", "on", "a", "an", "de", "la", "le"})


def fold(text: str) -> str:
    """Lower-case, accents and punctuation removed, whitespace collapsed."""
    text = unicodedata.normalize("NFKD", clean_text(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _strip_flags(title: str) -> str:
    return re.sub(r"^\s*(retracted|withdrawn|expression of concern)\s*[:.\-]\s*", "", title,
                  flags=re.IGNORECASE)


def _main_part(title: str) -> str:
    return re.split(r"\s*[:?.]\s+|\s+[-–—]\s+", title, maxsplit=1)[0]


def title_score(cited: str, work: Work) -> float:
    """0-100: how well the cited title matches the registered one (subtitles optional)."""
    if not cited or not work.title:
        return 100.0
    registered = _strip_flags(clean_text(work.title))
    cited = _strip_flags(clean_text(cited))
    forms = {registered}
    if work.subtitle:
        forms.add(f"{registered}: {work.subtitle}")
    best = 0.0
    a_full = fold(cited)
    for form in forms:
        b_full = fold(form)
        best = max(best, fuzz.ratio(a_full, b_full))
        a_main, b_main = fold(_main_part(cited)), fold(_main_part(form))
        if len(a_main) >= 15 and len(b_main) >= 15:
            best = max(best, fuzz.ratio(a_main, b_main) - 2)
            # A subtitle on one side only: the shorter must be the start of the longer.
            short, long_ = sorted((a_full, b_full), key=len)
            if len(short) >= 20 and long_.startswith(short):
                best = max(best, 95.0)
        if len(b_full) >= 25 and b_full in a_full:  # the reference parser took extra text
            best = max(best, 92.0)
    return best


def family_name(stated: str) -> str:
    """The family name of an author as a reference states it.

    'Swash, M.' -> Swash; 'Scalfani VF' -> Scalfani; 'M. Swash' -> Swash;
    'De Carvalho, M.' -> De Carvalho.
    """
    text = clean_text(stated).strip().rstrip(".,;")
    text = re.sub(r"\b(et al|and|&)\b\.?", "", text, flags=re.IGNORECASE).strip()
    if "," in text:
        return text.split(",", 1)[0].strip()
    m = re.match(r"^(.*?)\s+([A-Z]{1,4}|(?:[A-Z]\.?-?\s?){1,4})$", text)
    if m:
        return m.group(1).strip()
    tokens = text.split()
    if len(tokens) >= 2 and re.fullmatch(r"(?:[A-Z]\.?-?)+", tokens[0]):
        return " ".join(tokens[1:])
    return tokens[-1] if tokens else ""


def _name_ok(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return False
    if fa == fb or fuzz.ratio(fa, fb) >= NAME_MATCH:
        return True
    # Compound names: 'van engelen' vs 'engelen', 'de carvalho' vs 'carvalho'.
    ta, tb = fa.split(), fb.split()
    return ta[-1] == tb[-1] and len(ta[-1]) >= 4


def journal_ok(cited: str, work: Work) -> bool | None:
    """None when there is nothing to compare."""
    if not cited or not work.journals:
        return None
    a = _content(fold(cited))
    for journal in work.journals:
        b = _content(fold(journal))
        if not b:
            continue
        if a == b or fuzz.ratio(a, b) >= 90:
            return True
        if _abbreviates(a, b) or _abbreviates(b, a):
            return True
        main = _content(fold(_main_part(clean_text(journal))))  # "Sports Health: A ..." etc.
        if main and len(main) >= 6 and (a == main or (a.startswith(main + " ")
                                        and len(b) >= len(a))):
            return True
    return False


def _content(folded: str) -> str:
    return " ".join(t for t in folded.split() if t not in _STOP)


def _abbreviates(short: str, full: str) -> bool:
    """'eur j neurol' abbreviates 'european journal of neurology'."""
    s = [t for t in short.split() if t not in _STOP]
    f = [t for t in full.split() if t not in _STOP]
    if not s or len(s) != len(f):
        return False
    return all(b.startswith(a) or (len(a) >= 3 and a[0] == b[0] and _ordered_in(a, b))
               for a, b in zip(s, f, strict=True))


def _ordered_in(a: str, b: str) -> bool:
    it = iter(b)
    return all(ch in it for ch in a)


@dataclass
class FieldCheck:
    name: str  # title | author | year | journal
    cited: str
    registered: str
    ok: bool
    score: float | None = None


@dataclass
class Comparison:
    verdict: str  # "match" | "discrepancy" | "mismatch" | "unknown"
    fields: list[FieldCheck] = field(default_factory=list)

    @property
    def problems(self) -> list[FieldCheck]:
        return [f for f in self.fields if not f.ok]


def _usable_title(title: str) -> bool:
    """A stated title worth comparing: real words, not a URL a parser mistook for one."""
    if not title or "://" in title or title.lower().startswith(("www.", "doi:")):
        return False
    return len(re.findall(r"[^\W\d_]{2,}", title)) >= 2


def compare(title: str, authors: list[str], year: int | None, journal: str,
            work: Work) -> Comparison:
    """Compare stated metadata with a registry record, field by field."""
    fields: list[FieldCheck] = []
    t_score: float | None = None
    if not _usable_title(title):
        title = ""
    if title and work.title:
        t_score = title_score(title, work)
        fields.append(FieldCheck("title", title, work.title, t_score >= TITLE_MATCH, t_score))
    author_ok: bool | None = None
    if authors and work.authors:
        first = family_name(authors[0])
        if first:
            registered = work.authors[0].family
            author_ok = _name_ok(first, registered)
            anywhere = author_ok or any(_name_ok(first, a.family) for a in work.authors[:12])
            fields.append(FieldCheck("author", first, registered, anywhere))
            author_ok = anywhere
    year_ok: bool | None = None
    if year and work.years:
        year_ok = any(abs(year - y) <= 1 for y in work.years)
        fields.append(FieldCheck("year", str(year), "/".join(map(str, work.years)), year_ok))
    j_ok = journal_ok(journal, work)
    if j_ok is not None:
        fields.append(FieldCheck("journal", journal, work.journals[0], j_ok))
    if not fields:
        return Comparison("unknown", fields)
    # A different paper: the title disagrees and so does the first author or the year.
    if t_score is not None and t_score < TITLE_DIFFERENT and (author_ok is False
                                                             or year_ok is False):
        return Comparison("mismatch", fields)
    if t_score is None and author_ok is False and year_ok is False and j_ok is False:
        return Comparison("mismatch", fields)
    if any(not f.ok for f in fields):
        return Comparison("discrepancy", fields)
    return Comparison("match", fields)


def clearly_best(items: list[dict], title: str, authors: list[str], year: int | None,
                 ratio: float = 1.3) -> dict | None:
    """The top bibliographic hit, only if it clearly beats the runner-up and matches."""
    if not items or not title or not authors:
        return None
    top = items[0]
    if len(items) > 1 and items[1]["score"] > 0 and top["score"] < ratio * items[1]["score"]:
        return None
    work: Work = top["work"]
    comparison = compare(title, authors, year, "", work)
    checks = {f.name: f for f in comparison.fields}
    if "title" not in checks or "author" not in checks:
        return None
    if not all(f.ok for f in comparison.fields):
        return None
    if (checks["title"].score or 0) < 93:
        return None
    return top
