"""Reading the dates a page states: front-matter values and scraped "Last updated on" lines.

Editors write dates in many ways ("2025-11-08", "08 Nov, 2025", "November 8, 2025",
"8th November 2025", "11/08/2025"). All-numeric dates whose day and month could
be swapped are ambiguous: the policy's ``date-order`` decides, and under
``auto`` they are reported instead of guessed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claims.model import Article

ORDERS = ("auto", "mdy", "dmy")
YEARS = (1900, 2100)  # outside this range a year is a typo

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_TIME = (r"(?:[T\s]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
         r"(?:\s*(?:Z|[+-]\d{2}:?\d{2}|[ap]\.?m\.?|UTC|GMT))?)?")

_FORMS = (
    ("iso", r"(?P<year>\d{4})-(?P<m>\d{1,2})-(?P<day>\d{1,2})"),
    ("ymd-slash", r"(?P<year>\d{4})[/.](?P<m>\d{1,2})[/.](?P<day>\d{1,2})"),
    ("day-month-year", _DAY + r"[\s-]+(?:of\s+)?" + _MONTH + r"[\s,-]+" + _YEAR),
    ("month-day-year", _MONTH + r"\s+" + _DAY + r"(?:\s*,\s*|\s+)" + _YEAR),
    ("month-year", _MONTH + r",?\s+" + _YEAR),
    ("numeric-month-year", r"(?P<m>0?[1-9]|1[0-2])/(?P<year>\d{4})"),
    ("numeric", r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"),
)


@functools.cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The date forms, compiled on first use (about 10 ms; front-matter dates that YAML
    already read as dates never need them)."""
    return tuple((name, re.compile(_WEEKDAY + pattern + _TIME, re.I)) for name, pattern in _FORMS)


_BOUNDARY = re.compile(r"(?!\w)")


@dataclass(frozen=True)
class DateReading:
    """What a piece of text says as a date: one date, several (ambiguous), or none."""

    text: str
    candidates: tuple[dt.date, ...] = ()
    precision: str = "day"  # "day" | "month"
    problem: str = ""

    @property
    def date(self) -> dt.date | None:
        """The date, when the text names exactly one."""
        return self.candidates[0] if len(self.candidates) == 1 else None

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1

    @property
    def latest(self) -> dt.date | None:
        return max(self.candidates) if self.candidates else None


def _numeric(m: re.Match[str], order: str, text: str) -> DateReading:
    a, b, y = int(m.group("a")), int(m.group("b")), m.group("y")
    year = int(y) if len(y) == 4 else 2000 + int(y)
    readings: list[dt.date] = []
    for month, day in ((a, b), (b, a)):
        with contextlib.suppress(ValueError):
            readings.append(dt.date(year, month, day))
    unique = tuple(dict.fromkeys(readings))
    if not unique:
        return DateReading(text, problem="no such day")
    if len(unique) == 1:
        return DateReading(text, unique)
    if order == "mdy":
        return DateReading(text, (dt.date(year, a, b),))
    if order == "dmy":
        return DateReading(text, (dt.date(year, b, a),))
    first, second = unique
    return DateReading(
        text, unique,
        problem=(f"ambiguous: {first:%d %B %Y} or {second:%d %B %Y}; write it as "
                 f"YYYY-MM-DD or set the policy's date-order to mdy or dmy"),
    )


def _from_match(name: str, m: re.Match[str], order: str) -> DateReading:
    reading = _read_match(name, m, order)
    if any(not YEARS[0] <= d.year <= YEARS[1] for d in reading.candidates):
        return DateReading(reading.text, problem="implausible year")
    return reading


def _read_match(name: str, m: re.Match[str], order: str) -> DateReading:
    text = m.group(0)
    if name == "numeric":
        return _numeric(m, order, text)
    year = int(m.group("year"))
    if name == "month-year":
        return DateReading(text, (dt.date(year, _MONTHS[m.group("mon").lower()], 1),), "month")
    if name == "numeric-month-year":
        return DateReading(text, (dt.date(year, int(m.group("m")), 1),), "month")
    month = int(m.group("m")) if name in ("iso", "ymd-slash") else _MONTHS[m.group("mon").lower()]
    try:
        return DateReading(text, (dt.date(year, month, int(m.group("day"))),))
    except ValueError:
        return DateReading(text, problem="no such day")


def scan_date(text: str, pos: int = 0, order: str = "auto") -> DateReading | None:
    """The date that starts at ``text[pos]``, if one does (the longest form wins)."""
    if not any(map(str.isdecimal, text[pos:])):
        return None  # every form has digits (``\d``); headings and labels mostly do not
    for name, pattern in _patterns():
        m = pattern.match(text, pos)
        if m and _BOUNDARY.match(text, m.end()):
            return _from_match(name, m, order)
    return None


def parse_date(value: Any, order: str = "auto") -> DateReading:
    """Read a front-matter value or a string that should be exactly one date."""
    if isinstance(value, dt.datetime):
        return DateReading(value.isoformat(), (value.date(),))
    if isinstance(value, dt.date):
        return DateReading(value.isoformat(), (value,))
    if not isinstance(value, str):
        return DateReading(repr(value), problem="not a date")
    text = value.strip()
    if not text:
        return DateReading(value, problem="empty")
    reading = scan_date(text, 0, order)
    if reading is None or len(reading.text) != len(text):
        return DateReading(value, problem="not a date in a recognised format (use YYYY-MM-DD)")
    return reading


# --- dates stated in the page itself --------------------------------------------------------

_LABELS = (
    ("updated", r"(?:last\s+)?(?:updated|modified|revised|edited)"),
    ("reviewed", r"(?:last\s+)?(?:medically\s+|fact[-\s]checked\s+and\s+)?reviewed"),
    ("published", r"(?:first\s+|originally\s+|date\s+)?(?:published|posted)"
                  r"|(?:publication\s+|release\s+)?date(?=\s*:)"
                  r"|embargoed\s+(?:for\s+release|until)"),
)
_LABEL_RE = re.compile(
    # A label opens its line or follows a separator; "last updated" and "last reviewed"
    # say what they are wherever they stand ("Health : Hearing Last Updated: Jul 11, 2015").
    r"(?:^|(?<=[|·•—–:\n])|(?<=\s)(?=last\s+(?:updated|modified|revised|reviewed)))\s*(?:"
    + "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _LABELS)
    + r")(?:\s+(?:on|at|in))?\s*(?:[:\-–]\s*)?",
    re.I,
)
# "This leaflet was revised in January 2025": the page says in a sentence when it changed.
_SENTENCE_LABEL_RE = re.compile(
    r"\b(?:leaflet|page|article|guide|information|content|factsheet|post)\s+(?:was|were)\s+"
    r"(?:last\s+|first\s+)?(?:(?P<updated>revised|updated|modified)|(?P<reviewed>reviewed)|"
    r"(?P<published>published|posted|written))(?:\s+(?:on|in))?\s*",
    re.I,
)
# Between a label and its date, a time and a weekday may stand ("Embargoed for release:
# 11 A.M. (ET), Monday, August 24, 2015").
_BEFORE_DATE = re.compile(
    r"(?:\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:\(?(?:ET|EST|EDT|PT|GMT|UTC|BST|CET)\)?)?"
    r"\s*[,;]?\s*)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\s*,?\s*)?",
    re.I,
)
# What every match of the label patterns holds, lower-cased (neither word list has an i, k or
# s, letters that IGNORECASE also matches in characters str.lower leaves alone): most lines
# have none, and the patterns, which may start at any character, are not run on them.
_LABEL_WORDS = ("ted", "mod", "rev", "publ", "date", "embargoed")  # updated, edited, posted
_SENTENCE_LABEL_WORDS = ("rev", "ted", "mod", "publ", "wr")  # revised, reviewed, written


def _label_matches(text: str) -> list[re.Match[str]]:
    """The matches of _LABEL_RE, then of _SENTENCE_LABEL_RE, in ``text``."""
    low = text.lower()
    labels = list(_LABEL_RE.finditer(text)) if any(w in low for w in _LABEL_WORDS) else []
    if any(w in low for w in _SENTENCE_LABEL_WORDS):
        labels += _SENTENCE_LABEL_RE.finditer(text)
    return labels


_ROLE_KINDS = {"updated-date": "updated", "published-date": "published",
               "reviewed-date": "reviewed"}  # block roles given by claims.roles
_LINE_MAX = 200  # a byline or date line, not a paragraph of prose
_LEADING_BLOCKS = 8  # an unlabelled date line counts as the publication date only near the top


@dataclass
class DateMention:
    """A date the article states, where it states it and what kind it is."""

    kind: str  # "published" | "updated" | "reviewed"
    start: int  # source span of the date value
    end: int
    reading: DateReading
    origin: str  # "front matter" | "page" | "page metadata"
    key: str = ""  # front-matter key, or the label as written


@dataclass
class StatedDates:
    mentions: list[DateMention] = field(default_factory=list)

    def of(self, *kinds: str) -> list[DateMention]:
        return [m for m in self.mentions if m.kind in kinds]

    def latest(self, *kinds: str) -> dt.date | None:
        """The most recent readable date of these kinds (ambiguous dates excluded)."""
        days = [m.reading.date for m in self.of(*kinds) if m.reading.date is not None]
        return max(days) if days else None


def page_dates(article: Article, order: str = "auto") -> list[DateMention]:
    """Dates on labelled lines ("Last updated on : 08 Nov, 2025") in the page's blocks."""
    from claims.model import BlockKind

    found: list[DateMention] = []
    for index, block in enumerate(article.blocks):
        if block.kind in (BlockKind.CODE, BlockKind.FRONT_MATTER) or len(block.text) > _LINE_MAX:
            continue
        text = block.text
        labelled = False
        for m in _label_matches(text):
            at = _BEFORE_DATE.match(text, m.end())
            reading = scan_date(text, m.end(), order) or \
                (scan_date(text, at.end(), order) if at and at.end() > m.end() else None)
            if reading is None:
                continue
            labelled = True
            kind = m.lastgroup or "published"
            begin = text.find(reading.text, m.end())
            start, end = block.projection.source_span(begin, begin + len(reading.text))
            if any((d.start, d.end) == (start, end) for d in found):
                continue  # "This leaflet was last revised in ...": one date, two labels
            found.append(DateMention(kind, start, end, reading, "page", m.group(0).strip(" :-–")))
        role = str(block.data.get("role", ""))
        if not labelled and role in _ROLE_KINDS:
            # The reader recognised a date line that no known format reads: say so.
            found.append(DateMention(_ROLE_KINDS[role], block.start, block.end,
                                     DateReading(text, problem="the date on this line is not in "
                                                 "a recognised format"), "page", role))
            continue
        if labelled or index >= _LEADING_BLOCKS:
            continue
        stripped = text.strip()
        if stripped and len(stripped) <= 40:
            reading = parse_date(stripped, order)
            if reading.candidates:
                lead = len(text) - len(text.lstrip())
                start, end = block.projection.source_span(lead, lead + len(stripped))
                found.append(DateMention("published", start, end, reading, "page"))
    return found


# --- dates stated in markup (HTML <meta> and <time datetime>) ------------------------------


def _inside(mention: DateMention, element: tuple[int, int]) -> bool:
    return element[0] <= mention.start and mention.end <= element[1]


def with_time_values(mentions: list[DateMention], article: Article,
                     order: str = "auto") -> list[DateMention]:
    """Visible dates wrapped in ``<time datetime>`` read from the machine value, which says
    the day unambiguously ("11/08/2025" shown, "2025-11-08" meant)."""
    times = [m for m in article.page_meta if m.source.startswith("time")]
    if not times:
        return mentions
    out = []
    for mention in mentions:
        meta = next((t for t in times if _inside(mention, t.element)), None)
        machine = parse_date(meta.value, order) if meta is not None else None
        if machine is not None and machine.date is not None:
            mention = replace(mention, reading=DateReading(
                mention.reading.text, machine.candidates, machine.precision))
        if meta is not None and meta.name and not mention.key:
            mention = replace(mention, kind=meta.name, key=meta.source)  # no visible label
        out.append(mention)
    return out


def markup_dates(article: Article, visible: list[DateMention],
                 order: str = "auto") -> list[DateMention]:
    """Dates that ``<meta>`` tags and labelled ``<time>`` elements state (``page_meta``),
    except those already read from the visible text they wrap."""
    found = []
    for meta in article.page_meta:
        if meta.name not in ("published", "updated", "reviewed"):
            continue
        if meta.source.startswith("time") and any(_inside(v, meta.element) for v in visible):
            continue
        found.append(DateMention(meta.name, meta.start, meta.end, parse_date(meta.value, order),
                                 "page metadata", meta.source))
    return found
