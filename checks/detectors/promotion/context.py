"""Whether a phrase is the article's own promotion, or the article reporting on it.

"There is no evidence that vitamin D is a miracle cure" uses the phrase to debunk
it; "be wary of products that promise instant relief" warns about it; a quotation
reports someone else's words; a yes/no question asks rather than asserts. A small
ConText-style scope does the work: a trigger before the match in the same clause
(or a verdict after it) puts the match out of the article's own voice.
"""

from __future__ import annotations

import re
from functools import cache

from checks.detectors.promotion.lexicon import Lazy, words

NEGATED = "negated"
REPORTED = "reported"
QUOTED = "quoted"
QUESTION = "question"
LICENSED = "licensed use"

# A medicine's licensed use in the words of its leaflet: "a topical painkiller for the
# relief of backache", "for the temporary relief of nasal congestion". The regulator
# approved that wording; it is no sales claim of the page's own.
_LICENSED_BEFORE = Lazy(r"\bfor\s+the\s+(?:(?:short-term|temporary|symptomatic|local)\s+)?$",
                        re.IGNORECASE)
_LICENSED_AFTER = Lazy(r"^\s+of\b", re.IGNORECASE)

# Clause boundaries: a trigger does not reach across these.
_BOUNDARY = Lazy(r";|:\s|,?\s+(?:but|however|whereas|although|though|yet|while)\b"
                       r"|\.\s|\s-\s")

# Triggers before the match (in its clause), each with the words it cannot match
# without: a trigger is compiled only when one of its words is in the clause.
_BEFORE: tuple[tuple[tuple[str, ...], str], ...] = (
    (("no ",), r"\bno\s+(?:[\w-]+\s+)?(?:evidence|proof|research|data|studies|trials?|basis)\b"),
    (("no ", "nothing", "none"),
     r"(?:^|[:;,]\s*)\W*(?:no\s+[\w-]+(?:\s+[\w-]+)?|nothing|none\s+of\s+(?:them|these|those))"
     r"\s+(?:is|are|can|will|does|do|has|have|works?)\b"),
    (("little",), r"\blittle\s+(?:or\s+no\s+)?(?:evidence|proof|research)\b"),
    (("not",), r"\bnot\s+(?:been\s+)?(?:proven|shown|supported|demonstrated|established)\b"),
    (("claim", "promis", "purport", "alleg", "suppos", "so-called", "touted", "hyped", "billed",
      "pitched"),
     r"\b(?:claims?|claimed|claiming|promis(?:e|es|ed|ing)|purport(?:s|ed|ing)?|allege[sd]?"
     r"|supposed(?:ly)?|so-called|touted|hyped|billed|pitched)\b"),
    (("advertis", "market", "promot", "sell", "sold", "label", "brand", "tout", "pitch"),
     r"\b(?:advertis|market|promot|sell|sold|label|brand|tout|pitch)\w*\b.{0,80}?\b(?:as|like)\b"),
    (("ad", "marketer", "seller", "vendor", "manufacturer", "website", "label", "packaging",
      "press release", "commercial"),
     r"\b(?:advert|advertisement|ad|ads|adverts|marketer|seller|vendor|manufacturer|website"
     r"|label|packaging|press release|commercial|infomercial)s?\b.{0,40}?"
     r"\b(?:say|says|said|claim|claims|promise|promises|call|calls|called|describe[sd]?"
     r"|use|uses|relies?|rely|tell|tells)\b"),
    (("beware", "wary", "sceptical", "skeptical", "cautious", "careful", "watch out",
      "look out", "steer clear", "suspicious", "believe", "trust", "fall for"),
     r"\b(?:beware|be\s+wary|be\s+(?:sceptical|skeptical|cautious|careful)|watch\s+out"
     r"|look\s+out|steer\s+clear|be\s+suspicious|don'?t\s+(?:believe|trust|fall\s+for))\b"),
    (("red", "warning", "tip", "scam", "fraud", "quack", "snake", "hoax", "myth", "misconcept",
      "misleading", "bogus", "debunk"),
     r"\b(?:red[- ]flags?|warning\s+signs?|tip-?offs?|scams?|fraud\w*|quack\w*|snake\s+oil|hoax"
     r"|myths?|misconception|misleading|bogus|debunk\w*)\b"),
    (("idea", "notion", "belief", "claim", "promise", "myth", "suggestion"),
     r"\bthe\s+(?:idea|notion|belief|claim|promise|myth|suggestion)\s+that\b"),
    (("fda", "ftc", "regulator", "authorities", "asa", "mhra", "tga"),
     r"\b(?:fda|ftc|regulators?|authorities|asa|mhra|tga)\b[^.;]{0,40}?\b(?:warn\w*|su(?:ed|es)"
     r"|cit(?:ed|es)|charg\w+|fin(?:ed|es)|act\w*\s+against|ban\w*)\b"),
    (("phrase", "word", "term", "language", "wording"),
     r"\b(?:phrases?|words?|terms?|language|wording)\s+(?:like|such\s+as)\b"),
    (("testimonial", "stories", "anecdote", "review"),
     r"\b(?:testimonials?|stories|anecdotes|reviews)\s+(?:like|such\s+as)\b"),
    (("avoid",), r"\bavoid\s+(?:products?|supplements?|anything|sellers?|sites?|ads?)\b"),
)
# Verdicts after the match ("... is a myth").
_AFTER: tuple[tuple[tuple[str, ...], str], ...] = (
    (("myth", "false", "untrue", "not true", "unproven", "unfounded", "misleading", "scam",
      "nonsense", "bogus", "overstated", "exaggerated", "supported", "backed", "wishful"),
     r"^.{0,60}?\b(?:is|are|was|were|remains?)\s+(?:a\s+|an\s+|just\s+a\s+|largely\s+"
     r"|mostly\s+)?(?:myth|false|untrue|not\s+true|unproven|unfounded|misleading|a\s+scam"
     r"|nonsense|bogus|overstated|exaggerated|not\s+supported|unsupported|not\s+backed"
     r"|wishful)\b"),
    (("exist", "work", "hold up"),
     r"^.{0,60}?\b(?:does\s+not|doesn't|do\s+not|don't)\s+(?:exist|work|hold\s+up)\b"),
    (("debunk", "disproven", "refuted"),
     r"^.{0,60}?\b(?:has|have)\s+(?:been\s+)?(?:debunked|disproven|refuted)\b"),
)

# A reputation the page reports ("has been touted as", "is hailed as"): the distance of a
# reporter, but on a seller's page the seller's own boast about what it sells.
_REPUTATION = Lazy(r"\b(?:touted|hailed|heralded|billed)\s+as\b", re.IGNORECASE)

_NEGATORS = words(
    "no not never without neither nor none nothing hardly cannot can't isn't aren't wasn't "
    "weren't don't doesn't didn't won't wouldn't shouldn't couldn't nobody"
)
_AUXILIARIES = words(
    "is are was were can could does do did will would should has have had may might "
    "isn't aren't doesn't don't can't won't"
)
_SECTION = Lazy(
    r"\b(?:scams?|fraud\w*|quack\w*|red[- ]flags?|warning\s+signs?|myths?|misleading"
    r"|too\s+good\s+to\s+be\s+true|spot(?:ting)?\s+(?:a\s+)?(?:fake|scam|bogus)"
    r"|marketing\s+(?:vs\.?|versus)\s+evidence|claims?\s+to\s+(?:avoid|watch))\b",
    re.IGNORECASE)
_WORD = Lazy(r"[A-Za-z']+")


@cache
def _triggers(which: str) -> tuple[tuple[tuple[str, ...], Lazy], ...]:
    table = _BEFORE if which == "before" else _AFTER
    return tuple((words_, Lazy(p, re.IGNORECASE)) for words_, p in table)


def _any_trigger(which: str, text: str) -> bool:
    low = text.lower()
    return any(any(w in low for w in words_) and pattern.search(text)
               for words_, pattern in _triggers(which))


def clause(text: str, a: int, b: int) -> tuple[int, int]:
    """The clause of ``text`` around ``[a, b)``: between boundaries before and after it."""
    start = 0
    for m in _BOUNDARY.finditer(text, 0, a):
        start = m.end()
    end = len(text)
    m = _BOUNDARY.search(text, b)
    if m is not None:
        end = m.start()
    return start, end


def negated(text: str, a: int, start: int = 0, window: int = 3) -> bool:
    """A negator among the few words just before offset ``a`` ("is not a miracle cure")."""
    words = _WORD.findall(text[max(start, a - 60):a])
    return any(w.lower() in _NEGATORS for w in words[-window:])


def is_question(text: str) -> bool:
    """A yes/no question ("Is turmeric a miracle cure?") asks; it does not assert."""
    stripped = text.strip()
    if not stripped.endswith("?"):
        return False
    first = _WORD.match(stripped.lstrip("\"'(*"))
    return bool(first) and first.group().lower() in _AUXILIARIES


def reporting_section(heading: str) -> bool:
    """A section about scams or myths reports promotional language rather than using it."""
    return bool(_SECTION.search(heading))


def why_not_own(text: str, a: int, b: int, *, quoted: bool = False,
                section: str = "", negation: bool = True, seller: bool = False) -> str | None:
    """Why a match at ``[a, b)`` of a unit's normalised text is not the article's own claim.

    ``seller``: the page sells what it writes about, so a reputation it reports ("turmeric
    has been touted as ...") is its own praise. Returns None when the article itself says it.
    """
    if quoted:
        return QUOTED
    if is_question(text):
        return QUESTION
    start, end = clause(text, a, b)
    if negation and negated(text, a, start):
        return NEGATED
    before = text[start:a]
    if seller:
        before = _REPUTATION.sub(lambda m: " " * len(m.group()), before)
    if _any_trigger("before", before):
        return REPORTED
    if _any_trigger("after", text[b:end]):
        return REPORTED
    if section and reporting_section(section):
        return REPORTED
    if _LICENSED_BEFORE.search(text, start, a) and _LICENSED_AFTER.match(text[b:]):
        return LICENSED
    return None
