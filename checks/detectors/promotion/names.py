"""Product names made of ordinary words, read from a page's rankings and repetitions.

Affiliate lists name products with ordinary capitalised words ("Quiet Harbor Magnesium
Glycinate", "Natural Vitality Calm", "Ease Magnesium") that the distinctive-word product
finder misses. Here a name is a run of two to six capitalised words that:

- an award line or a ranked slot crowns ("Best overall: X", "2. X - Best budget",
  "1. X - Editor's Choice"), or
- the page writes twice, with a product noun or form in it (capsules, gummies, powder,
  oil, a dose in mg) or at least once in the middle of a sentence (a proper name, not a
  title-cased opener).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from checks.detectors.promotion.document import BODY, PromoDoc, Unit, per_document
from checks.detectors.promotion.lexicon import Lazy, product_noun

CAP = r"(?:Dr\.\s?)?[A-Z][\w'\u2019&+-]*"
NAME = rf"{CAP}(?:[ ](?:{CAP}|\d[\w.%]*|&)){{1,5}}"
_AWARD = (r"(?i:(?:best|top)(?:\s+[\w-]+){0,5}?|(?:our\s+)?(?:top\s+)?pick|our\s+favou?rite"
          r"|editor['\u2019]?s['\u2019]?\s+(?:choice|pick)|(?:first\s+|second\s+)?runner[- ]up"
          r"|winner|best\s+overall|best\s+value|close\s+second|most\s+[\w-]+)")
# What may follow the crowned name on a summary line: its price or size ("Best budget:
# Dreamfield Foam — $549 (queen)").
_PRICE_TAIL = (r"(?:\s*[\u2013\u2014|,-]\s*(?:from\s+)?[$\u00a3\u20ac]\s?\d[\d,.]*"
               r"(?:\s*\([\w\s-]{1,20}\))?)?")
# "Best overall: Name", "1. Best budget - Name"
_AWARD_FIRST = Lazy(rf"^\s*(?:\d{{1,2}}[.)]\s*)?(?:{_AWARD})\s*[:\u2013\u2014-]\s*(?P<name>{NAME})"
                    rf"{_PRICE_TAIL}\s*[.!]?\s*$")
# "2. Name - Best budget", "Name (our favourite)"
_AWARD_LAST = Lazy(rf"^\s*(?:\d{{1,2}}[.)]\s*)?(?P<name>{NAME})\s*(?:[:\u2013\u2014-]|\()\s*"
                   rf"(?:{_AWARD})(?i:\s+(?:for|with)\s+[\w\s-]{{1,30}})?\s*\)?\s*[.!]?\s*$")
# An award alone on its line, as scraped cards and badges print it ("Editor's Choice",
# "Best for Side Sleepers", "Top Pick"), over or under the name it crowns.
_BARE_AWARD = Lazy(r"^[\s*#]*(?:best\s+(?:overall|value|budget|premium|luxury|splurge|buy"
                   r"|for\s+[\w\s-]{3,30}|[\w-]+\s+(?:pick|option|choice))|top\s+(?:pick|choice|rated)"
                   r"|editor['\u2019]?s['\u2019]?\s+(?:choice|pick)|(?:our|staff)\s+(?:top\s+)?pick"
                   r"|runner[- ]up|award\s+winner)[\s*.!]*$", re.IGNORECASE)
_NAME_LINE = Lazy(rf"^[\s*#]*(?:\d{{1,2}}[.)]\s*)?(?P<name>{NAME}){_PRICE_TAIL}[\s*.]*$")
CAPITALISED_RUN = Lazy(NAME)
_RANKING = Lazy(r"\b(?:\d+\s+best|best\s+[\w-]+(?:\s+[\w-]+)?\s+(?:for|of|in|to)\b|top\s+\d+"
               r"|best\s+[\w-]+\s+[\w-]+s\b)", re.IGNORECASE)
_POSSESSIVE = Lazy(r"['\u2019]s?(?=\s|$)")
_LOWER_WORD = Lazy(r"(?<![\w-])[a-z][\w-]*")
# What may stand before a name alone in its slot: a rank ("3.", "#2") and emphasis.
_SLOT = Lazy(r"^[\s*#]*(?:\d{1,2}[.)]?)?[\s*]*$")
# A product form or a dose inside a name: "Easy Motion Joint Gummies", "Glucosamine 1500 mg".
_FORM = Lazy(r"^(?:\d+\s*(?:mg|mcg|iu|g|ml)|\d+b)$", re.IGNORECASE)
# Words that open a run without being part of a name.
OPENERS = frozenset(
    {"the", "a", "an", "our", "my", "your", "this", "that", "these", "those", "best", "top",
     "how", "what", "why", "when", "which", "who", "if", "for", "with", "and", "or", "but",
     "in", "on", "at", "by", "to", "of", "from", "is", "are", "it", "we", "you", "i",
     "buy", "shop", "try", "get", "check", "see", "read", "meet", "introducing"})


@dataclass(frozen=True)
class Names:
    """The award lines with the names they crown, and every name the page writes as a
    product's."""

    awards: list[tuple[str, Unit]]
    known: set[str]
    slotted: set[str]  # crowned, written with a product form, or alone in a list slot


# Words of a ranking's own labels ("Editor's Choice", "Brand Summary", "Close Second"):
# a run made of them alone names no product.
_LABEL_WORDS = frozenset(
    {"brand", "brands", "summary", "review", "reviews", "guide", "overview", "comparison",
     "choice", "choices", "pick", "picks", "editor's", "editors'", "editor", "editors",
     "close", "second", "first", "third", "runner-up", "winner", "list", "quick", "full",
     "overall", "verdict", "bottom", "line", "product", "products", "top", "best"})


def clean_name(run: str) -> str:
    """The run less the words that open it without naming ("Our", "The"); '' when fewer
    than two words are left or all of them are a ranking's label words."""
    words = run.split()
    while words and words[0].lower().strip("'\u2019") in OPENERS:
        words = words[1:]
    if all(w.lower().replace("\u2019", "'").strip(":") in _LABEL_WORDS for w in words):
        return ""
    return " ".join(words) if len(words) >= 2 else ""


def award(unit: Unit) -> str:
    """The name an award line crowns ("Best value: Ease Daily Magnesium"), or ''."""
    if unit.view.block.kind.value not in ("heading", "list_item", "paragraph", "table_cell"):
        return ""
    text = unit.norm.replace("*", "")
    if len(text.split()) > 14:
        return ""
    m = _AWARD_FIRST.match(text) or _AWARD_LAST.match(text)
    return clean_name(m.group("name")) if m else ""


def bare_award(unit: Unit) -> bool:
    """Whether the unit is an award alone on its line ("Editor's Choice", "Best Budget")."""
    return bool(_BARE_AWARD.match(unit.norm))


def _bare_award(doc: PromoDoc, unit: Unit) -> str:
    """The name a bare award line crowns: the line just under it, or else just over it,
    when that line is a name alone ("Editor's Choice" / "Lumbar Haven Hybrid"). Table
    cells are left out: a comparison table's verdict column labels every row."""
    if unit.view.block.kind.value not in ("heading", "list_item", "paragraph") or \
            not bare_award(unit):
        return ""
    for other in (unit.index + 1, unit.index - 1):
        if 0 <= other < len(doc.units) and doc.units[other].where == BODY:
            m = _NAME_LINE.match(doc.units[other].norm)
            if m and not _BARE_AWARD.match(doc.units[other].norm):
                name = clean_name(m.group("name"))
                if name:
                    return name
    return ""


def _product_like(name: str) -> bool:
    """A product noun or form after the name's first word ("... Joint Gummies", "... 30B")."""
    return any(product_noun(w.lower()) or _FORM.match(w) for w in name.split()[1:])


@per_document("listed-names")
def listed(doc: PromoDoc) -> Names:
    """The page's award lines and the names it writes as a product's (see the module)."""
    awards: list[tuple[str, Unit]] = []
    crowned: set[str] = set()
    runs: Counter[str] = Counter()
    proper: set[str] = set()  # written mid-sentence: a name, not a title-cased opener
    slots: set[str] = set()  # a heading or list item that is just the name ("3. X")
    for unit in doc.units:
        if unit.where != BODY or unit.view.quoted:
            continue
        name = award(unit) or _bare_award(doc, unit)
        if name:
            awards.append((name, unit))
            crowned.add(name)
        for m in CAPITALISED_RUN.finditer(unit.norm):
            name = clean_name(m.group())
            if not name:
                continue
            runs[name] += 1
            if (unit.is_heading or unit.view.block.kind.value == "list_item") and \
                    _SLOT.match(unit.norm[:m.start()]) and not unit.norm[m.end():].strip(" .*"):
                slots.add(name)
            if not unit.is_heading and unit.norm[:m.start()].strip() and \
                    unit.norm[:m.start()].rstrip()[-1] not in ".:!?\"'":
                proper.add(name)
    known = crowned | {n for n, count in runs.items() if count >= 2 and (
        n in proper or _product_like(n))}
    # "Quiet Harbor" names "Quiet Harbor Magnesium Glycinate" once the full name is known.
    known |= {stem(n) for n in known
              if n.split()[1].lower() not in OPENERS and not product_noun(n.split()[1])}
    lower = _lower_case_words(doc)
    in_slots = {n for n in slots if runs[n] >= 2 and _brand_like(n, lower)}
    known |= in_slots
    # "Fish Oil" written as a heading is a category, not a name: a product's name has a
    # word of its own
    slotted = crowned | in_slots | {n for n in known
                                    if _product_like(n) and _brand_like(n, lower)}
    title = _title(doc)
    if slotted or _RANKING.search(title):
        # on a page that ranks products, a proper name it writes twice is one of them
        # ("Natural Vitality Calm"), unless the title names it: the site's, not a product
        slotted |= {n for n in known if n in proper and runs[n] >= 2 and _brand_like(n, lower)
                    and n not in title and not any(n != o and n in o for o in known)}
    return Names(awards, known, slotted)


def _title(doc: PromoDoc) -> str:
    """The page's first line or heading: its title ("14 Best Magnesium Supplements - SI
    Showcase"), where a ranking says it ranks and the site gives its name."""
    return next((u.norm for u in doc.units if u.where == BODY), "")


@per_document("lower-case-words")
def _lower_case_words(doc: PromoDoc) -> set[str]:
    return set(_LOWER_WORD.findall(doc.text))


def brand_like(doc: PromoDoc, name: str) -> bool:
    """Whether a word of ``name`` is one the page never writes in lower case."""
    return _brand_like(name, _lower_case_words(doc))


def pattern_of(name: str) -> str:
    """A regular expression for ``name`` that also finds it written possessively
    ("BIOptimizers' Magnesium Breakthrough")."""
    return r"(?:'s?)?\s+".join(re.escape(w) for w in name.split())


def _brand_like(name: str, lower: set[str]) -> bool:
    """A word of the name the page never writes in lower case ("Ridge", not "Side")."""
    return any(w[:1].isupper() and w.lower() not in lower
               for w in re.findall(r"[\w-]+", name))


def stem(name: str) -> str:
    """The name's first two words ("Quiet Harbor"; "Petal & Pine" with its ampersand)."""
    words = name.split()
    return " ".join(words[:3] if len(words) > 2 and words[1] == "&" else words[:2])


def inside_name(doc: PromoDoc, unit: Unit, a: int, b: int) -> bool:
    """Whether ``[a, b)`` of the unit lies inside a name the page writes as a product's."""
    known = listed(doc).known
    if not known:
        return False
    for m in CAPITALISED_RUN.finditer(unit.norm):
        if m.start() <= a and b <= m.end():
            name = _POSSESSIVE.sub("", clean_name(m.group()))
            return bool(name) and any(k in name for k in known)
        if m.start() > a:
            break
    return False
