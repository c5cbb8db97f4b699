"""Product and brand detection: which named products an article talks about, and where.

Without configuration a product is a name the text itself introduces as one:

- a distinctive capitalised word (a proper noun: capitalised mid-sentence or written
  in CamelCase, and never lower-case anywhere in the article) that is tied to a
  product noun at least once ("Hempvana Platinum Pain Relief Cream", "Hempvana's
  line of topicals", "GlucoSense One continuous glucose monitor"), marked ® or ™,
  or introduced with "our" ("our app, MigraTrack");
- and that recurs (two or more times), unless marked ® or ™ or owned with "our".

Configured brands (``brands``), the publisher (``publisher`` in configuration or
front matter) and front-matter ``brand``/``product``/``sponsor`` names are products
without any evidence. Mentions are then every occurrence of a product's name,
"our" + product noun, a definite "the cream" right after a product was named,
and a sentence-initial "it" whose previous sentence had the product as subject.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from checks.detectors.promotion import names
from checks.detectors.promotion.document import BOILERPLATE, PromoDoc, Unit, doc_for
from checks.detectors.promotion.lexicon import (
    COMMON_CAPITALISED,
    FUNCTION_WORDS,
    LEGAL_FORM,
    MINERAL_FORMS,
    PACKAGE_NOUNS,
    PRODUCT_NOUN_FORMS,
    SUPPLEMENT_INGREDIENTS,
    Lazy,
    product_noun,
)
from checks.detectors.promotion.tokens import MARKS, TOKEN, Token, words

if TYPE_CHECKING:
    from claims.model import Article

_SENTENCE_STOPS = ".!?:;\"(["
_FM_KEYS = ("brand", "brands", "product", "products", "sponsor", "sponsors", "publisher",
            "advertiser")
_COPYRIGHT = Lazy(
    r"(?:\u00a9|\(c\)|copyright)\s*(?:\d{4}(?:\s*-\s*\d{4})?\s*(?:-\s*)?)?"
    r"(?P<a>(?-i:[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,3}))"
    r"|(?:\d{4}\s*-\s*)(?P<b>(?-i:[A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*){0,2}))"
    r"\s*[|,.]?\s*all rights reserved",
    re.IGNORECASE)
_LEGAL_SUFFIX = Lazy(r"\s+(?:Health\s+)?" + LEGAL_FORM + r"\b.*$")
# "It ...", "In trials, it ...", "Customers say it ...": a pronoun subject of the sentence.
# Products a following "It"/"They" refers to even when they were not the previous
# sentence's subject: the page's own, and those the text introduced as products.
_PARAGRAPH_TOPICS = ("text", "publisher", "page", "front-matter", "configured")
_PRONOUN_SUBJECT = Lazy(r"^(?:[^,.;]{0,40},\s+|(?:[\w-]+\s+){1,4}(?:say|says|agree|report"
                              r"|swear)\s+(?:that\s+)?)?(?P<p>[Ii]t|[Tt]hey|[Tt]his|[Tt]hese)\s+"
                              r"(?!is\s+(?:important|possible|likely|unclear|not\s+clear|worth|"
                              r"best|a\s+good\s+idea)\b)")
_OUR = Lazy(r"\b[Oo]ur\b")
# "our X" or "our app, X" right before a name: the publisher introduces its own product.
_OWNED_BEFORE = Lazy(r"\b[Oo]ur\s+(?:[\w-]+\s+){0,2}$|\b[Oo]ur\s+(?:[\w-]+\s+){0,2}?[\w-]+,\s*$")
_DEFINITE = Lazy(r"\b(?:[Tt]he|[Tt]his|[Tt]hese|[Tt]hat|[Ee]ach|[Ee]very|[Yy]our)\b")
_NP_WORD = Lazy(r"\s+([\w-]+)")
_COPULA = Lazy(r"\s+(?:is|are|was|were)\s+(?:an?|the|our)\b")


@dataclass(frozen=True)
class Product:
    """A product (or brand) the article promotes or mentions."""

    key: str  # the distinctive word or configured name used to find mentions
    name: str  # the fullest name seen, for messages
    origin: str  # "text" | "configured" | "publisher" | "front-matter"
    evidence: str = ""


@dataclass(frozen=True)
class Mention:
    """Where a product is named (or referred back to) in a unit; offsets are unit-relative."""

    unit: Unit
    a: int
    b: int
    product: Product
    kind: str  # "name" | "our" | "anaphor" | "pronoun" | "page" (the page's own product)

    @property
    def text(self) -> str:
        return self.unit.text[self.a:self.b]

    @property
    def explicit(self) -> bool:
        return self.kind in ("name", "our")


@dataclass
class ProductIndex:
    products: list[Product] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    by_unit: dict[int, list[Mention]] = field(default_factory=dict)

    def in_unit(self, unit: Unit) -> list[Mention]:
        return self.by_unit.get(unit.index, [])

    def add(self, mention: Mention) -> None:
        for other in self.by_unit.get(mention.unit.index, []):
            if other.a < mention.b and mention.a < other.b:
                return  # already covered by an earlier (more explicit) mention
        self.mentions.append(mention)
        self.by_unit.setdefault(mention.unit.index, []).append(mention)


def _camel(word: str) -> bool:
    return any(c.isupper() for c in word[1:]) and any(c.islower() for c in word)


def _acronym(word: str) -> bool:
    return word.isupper() and len(word) <= 5


def _adjacent(text: str, left: Token, right: Token) -> bool:
    """Two tokens separated by a single space (or nothing before a mark)."""
    gap = text[left.end:right.start]
    return gap in (" ", "") or (right.text in MARKS and not gap.strip())


@dataclass
class _Candidate:
    word: str
    names: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    mid_sentence: bool = False
    marked: bool = False
    owned: bool = False


def _product_after(toks: list[Token], j: int, text: str, *, possessive: bool) -> str:
    """A product noun within a few content words after token ``j`` ("... pain relief creams")."""
    limit = 4 if possessive else 3
    k = j + 1
    steps = 0
    while k < len(toks) and steps < limit:
        tok = toks[k]
        if not _adjacent(text, toks[k - 1], tok):
            return ""
        word = tok.word.lower()
        if product_noun(word):
            return word
        if word == "of" and possessive and toks[k - 1].word.lower() in ("line", "range",
                                                                        "family", "collection"):
            k += 1
            steps += 1
            continue
        if word in FUNCTION_WORDS or (tok.text[:1].isupper() and not possessive):
            return ""
        k += 1
        steps += 1
    return ""


def _scan(doc: PromoDoc, brandlike: set[str], promising: set[str],
          named_mid: frozenset[str] = frozenset()) -> dict[str, _Candidate]:
    """Candidate brand words with the evidence that ties them to a product.

    ``brandlike`` holds the article's words that could name a brand (see :func:`_distinctive`),
    ``promising`` those of them that may become products (see :func:`_promising`): a unit
    with none of those yields no product, so it is skipped and its tokens are never made.
    Most promising words are names of people and places that nothing ties to a product, so
    the few units that can tie one (:func:`_may_tie`) are scanned first, and the article
    only for the words that found evidence there.
    """
    tied: dict[str, _Candidate] = {}
    camel = [word for word in promising if _camel(word)]
    for unit in _units_naming(doc, promising):
        if _may_tie(unit.norm, camel):
            _scan_unit(unit, brandlike, tied, named_mid)
    evidenced = {word for word, cand in tied.items() if cand.evidence and word in promising}
    candidates: dict[str, _Candidate] = {}
    for unit in _units_naming(doc, evidenced):
        _scan_unit(unit, brandlike, candidates, named_mid)
    return candidates


def _units_naming(doc: PromoDoc, names: set[str]) -> list[Unit]:
    """The units whose text contains one of ``names`` (a cheap superset of those naming one)."""
    if not names:
        return []
    return [unit for unit in doc.units if any(name in unit.norm for name in names)]


def _may_tie(text: str, camel: list[str]) -> bool:
    """Whether a unit has what :func:`_scan_unit` needs to tie a brand to a product: a mark,
    "our", a copula ("X is a ..."), a product noun, or a CamelCase brand (of ``camel``) with
    a supplement ingredient among its words."""
    if "\u00ae" in text or "\u2122" in text or _OUR.search(text) or _COPULA.search(text):
        return True
    tokens = words(text)
    if not PRODUCT_NOUN_FORMS.isdisjoint(map(str.lower, tokens)):
        return True
    return any(word in text for word in camel) and \
        not SUPPLEMENT_INGREDIENTS.isdisjoint(map(str.lower, tokens))


def _scan_unit(unit: Unit, brandlike: set[str], candidates: dict[str, _Candidate],
               named_mid: frozenset[str] = frozenset()) -> None:
    """Add the brand of each run of capitalised words of ``unit`` to ``candidates``
    (``named_mid``: brand-like words the article also writes mid-sentence)."""
    text = unit.norm
    toks = unit.words
    after = 0  # the first token after the last run
    # A run starts at an upper-case word (a mark is not upper-case), not inside another run.
    for i in [k for k, tok in enumerate(toks) if tok.text[:1].isupper()]:
        if i < after:
            continue
        j = _run_end(text, toks, i)
        after = j + 1
        run = toks[i:j + 1]
        if not any(t.word in brandlike for t in run):
            continue  # no brand here: spares the sentence-opener test below
        opens = i == 0 or _ends_sentence(text[:toks[i].start])
        # A capitalised sentence opener followed by more names ("Try Kneezen") is an
        # ordinary word, unless it is written like a brand (CamelCase).
        skip_first = opens and len(run) > 1 and run[1].text not in MARKS and not _camel(
            run[0].word)
        brand_at = next((k for k, t in enumerate(run)
                         if not (k == 0 and skip_first) and t.word in brandlike), None)
        if brand_at is None and run[0].word in named_mid:
            brand_at = 0  # "Daybreak Decongestant Nasal Spray", and "..., Daybreak is" elsewhere
        if brand_at is None:
            continue
        brand = run[brand_at]
        word = brand.word
        cand = candidates.setdefault(word, _Candidate(word))
        first = i + brand_at
        if not unit.is_heading:
            before = text[:brand.start]
            if first > 0 and not _ends_sentence(before) and before.strip():
                cand.mid_sentence = True
        marked = any(t.text in MARKS for t in run)
        name_toks = [t for t in run[brand_at:] if t.text not in MARKS]
        name = text[name_toks[0].start:name_toks[-1].end] if name_toks else word
        last = name_toks[-1] if name_toks else brand
        noun = ""
        ingredient = next((t.word.lower() for t in name_toks[1:]
                           if t.word.lower() in SUPPLEMENT_INGREDIENTS), "")
        if len(name_toks) > 1 and product_noun(last.word.lower()):
            noun = last.word.lower()
        elif ingredient and (_camel(word) or len(name_toks) > 2):
            # "FlexMag Magnesium + B6", "Calm Harbor Magnesium Glycinate": a supplement sold
            # by its brand
            noun = ingredient
        else:
            noun = _product_after(toks, j, text, possessive=last.possessive)
            if noun:
                name = text[name_toks[0].start:_noun_end(toks, j, noun)]
        if _OWNED_BEFORE.search(text, 0, brand.start):
            cand.owned = True
            cand.evidence.append("introduced with 'our'")
        if marked:
            cand.marked = True
            cand.evidence.append("marked \u00ae/\u2122")
        if noun:
            cand.evidence.append(f"named with the product noun '{noun}'")
            cand.names.append(name)
        else:
            copula = _COPULA.match(text, last.end)
            end = _noun_phrase(text, copula.end()) if copula else 0
            if end:
                noun = text[:end].split()[-1].lower()
                cand.evidence.append(f"called a '{noun}'")
                cand.names.append(name)


def _ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with a stop, colon, quote or bracket, and then only spaces."""
    tail = text.rstrip()
    return bool(tail) and tail[-1] in _SENTENCE_STOPS


def _run_end(text: str, toks: list[Token], i: int) -> int:
    """The last token of the run of capitalised words (and numbers) from token ``i``."""
    j = i
    while (j + 1 < len(toks) and not toks[j].possessive
           and _adjacent(text, toks[j], toks[j + 1])
           and (toks[j + 1].capitalised or toks[j + 1].text.isdigit())):
        j += 1
    return j


def _noun_end(toks: list[Token], j: int, noun: str) -> int:
    for tok in toks[j + 1:j + 7]:
        if tok.word.lower() == noun:
            return tok.end
    return toks[j].end


def _article_words(doc: PromoDoc) -> tuple[Counter[str], Counter[str]]:
    """How often each word occurs in the article, and how often as the first of its unit.

    One pass over the units joined by line breaks, which no token crosses: the same words
    as unit by unit, without a call (or a token object) per unit.
    """
    counts = Counter(words(doc.text))
    first = TOKEN.search
    firsts = Counter(m.group("word") for unit in doc.units if (m := first(unit.norm)))
    return counts, firsts


def _promising(doc: PromoDoc, counts: Counter[str], firsts: Counter[str],
               brandlike: set[str]) -> set[str]:
    """The brand-like words that may pass :func:`build_index`'s filter, read from words alone.

    The filter is :func:`_passes`; "seen mid-sentence" is read as appearing other than as a
    unit's first word, and "marked" or "owned" as appearing in a unit with a mark or the word
    "our": cheap overestimates, so no product is lost.
    """
    marked = [unit.norm for unit in doc.units if "\u00ae" in unit.norm or "\u2122" in unit.norm]
    owned = [unit.norm for unit in doc.units if _OUR.search(unit.norm)]

    def within(word: str, texts: list[str]) -> bool:
        return any(word in text for text in texts)

    return {word for word in brandlike
            if _passes(word, counts, mid_sentence=counts[word] > firsts[word],
                       marked=within(word, marked), owned=within(word, owned))}


def _passes(word: str, counts: Counter[str], *, mid_sentence: bool, marked: bool,
            owned: bool) -> bool:
    """The filter a text product passes: CamelCase, seen mid-sentence, marked or owned (a
    capitalised first word is just a sentence opening); and recurring unless marked or owned."""
    return ((mid_sentence or _camel(word) or marked or owned)
            and (counts[word] >= 2 or marked or owned))


_HONORIFIC = Lazy(r"\b(?:Dr|Mr|Mrs|Ms|Mx|Prof|Professor|Sir|Dame|Nurse)\.?\s+"
                  r"(?P<names>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")


def _people(doc: PromoDoc, brandlike: set[str]) -> set[str]:
    """Names written after a title ("Dr. Howard Keane"): people, so never brands, even in
    "Dr. Keane's formula"."""
    if not brandlike:
        return set()
    out: set[str] = set()
    for m in _HONORIFIC.finditer(doc.text):
        out.update(w.removesuffix("'s").removesuffix("’s") for w in m.group("names").split())
    return out & brandlike


def _distinctive(word: str, lowercase: set[str]) -> bool:
    """A word that can name a brand: not an ordinary word that happens to be capitalised."""
    if len(word) < 3 or not word[:1].isupper() or word.isdigit():
        return False
    low = word.lower()
    if low in COMMON_CAPITALISED or low in FUNCTION_WORDS or low in lowercase:
        return False
    if product_noun(low) or low in PACKAGE_NOUNS or low in MINERAL_FORMS:
        return False
    return not _acronym(word)


def _configured(doc: PromoDoc, brands: list[str], publisher: str) -> list[Product]:
    out: list[Product] = []
    for name in brands:
        if name.strip():
            out.append(Product(name.strip(), name.strip(), "configured", "configured brand"))
    data = doc.article.metadata
    for key in _FM_KEYS:
        value = data.get(key)
        values = value if isinstance(value, list) else [value]
        for v in values:
            if isinstance(v, str) and v.strip():
                origin = "publisher" if key == "publisher" else "front-matter"
                out.append(Product(v.strip(), v.strip(), origin, f"front matter '{key}'"))
    if publisher.strip():
        out.append(Product(publisher.strip(), publisher.strip(), "publisher",
                           "configured publisher"))
    from checks.detectors.promotion import seller

    site = seller.of(doc)
    out.extend(Product(name, name, "publisher", "the site's own name, in its chrome and body")
               for name in site.names)
    if site.title_product:
        out.append(Product(site.title_product, site.title_product, "page",
                           "the product a shop's page is titled with"))
    for unit in doc.units:
        low = unit.norm.lower()
        if unit.where != BOILERPLATE or not any(
                k in low for k in ("\u00a9", "(c)", "copyright", "rights reserved")):
            continue
        for m in _COPYRIGHT.finditer(unit.norm):
            found = (m.group("a") or m.group("b") or "").strip()
            found = _LEGAL_SUFFIX.sub("", found).strip(" .,|")
            if len(found) >= 3 and found.lower() not in ("all", "the"):
                out.append(Product(found, found, "publisher", "named in the copyright line"))
    return out


def _keys_of(product: Product, lowercase: set[str]) -> list[str]:
    """The strings that find a configured product: its name, and a distinctive first word."""
    keys = [product.key]
    parts = product.key.split()
    if len(parts) > 1:
        head = parts[0]
        if (head.lower() not in lowercase and head.lower() not in COMMON_CAPITALISED
                and len(head) >= 3):
            keys.append(head)
    return keys


@cache
def _word_pattern(key: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + re.escape(key) + r"(?:'s\b|(?<=s)'(?!\w))?(?![\w-])")


# A web address or bare domain ("dreamleaf.com", "https://www.x.co.uk/shop"): the brand's
# name written in lower case there does not make it an ordinary word. (Not an e-mail
# address: its lower-case domain may be any word, as the article's search for it is.)
_ENDINGS = ("com", "net", "org", "co", "uk", "us", "ca", "au", "ie", "nz", "de", "eu", "io", "shop",
            "store", "health", "example")
_WEB_ADDRESS = Lazy(r"(?<![@\w.-])(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:"
                    + "|".join(_ENDINGS) + r")\b(?:/\S*)?", re.IGNORECASE)


def _may_hold_address(doc: PromoDoc) -> bool:
    """Whether the page may hold a web address: an ASCII page's lower-cased text has a dot
    before one of the endings (a few scans in C, where the address pattern is tried at every
    character); any other page is searched."""
    low = doc.lower
    return not doc.text.isascii() or any("." + ending in low for ending in _ENDINGS)


def build_index(doc: PromoDoc, brands: list[str], publisher: str) -> ProductIndex:
    counts, firsts = _article_words(doc)
    text = doc.text
    if "." in text and _may_hold_address(doc) and _WEB_ADDRESS.search(text):
        text = _WEB_ADDRESS.sub(" ", text)
        lowercase = {w for w in set(words(text)) if w[:1].islower()}
    else:
        lowercase = {w for w in counts if w[:1].islower()}
    index = ProductIndex()
    keyed: list[tuple[str, Product]] = []
    seen: set[str] = set()
    for product in _configured(doc, brands, publisher):
        if product.key.lower() in seen:
            continue
        seen.add(product.key.lower())
        index.products.append(product)
        keyed.extend((k, product) for k in _keys_of(product, lowercase))
    # Most words are lower-case: the first test spares them the call.
    brandlike = {w for w in counts if w[:1].isupper() and _distinctive(w, lowercase)}
    brandlike -= _people(doc, brandlike)
    promising = _promising(doc, counts, firsts, brandlike)
    named_mid = frozenset(w for w in promising if counts[w] > firsts[w])
    for word, cand in _scan(doc, brandlike, promising, named_mid).items():
        if word.lower() in seen or not cand.evidence:
            continue
        if not _passes(word, counts, mid_sentence=cand.mid_sentence, marked=cand.marked,
                       owned=cand.owned):
            continue
        name = max(cand.names, key=len) if cand.names else word
        product = Product(word, name, "text", "; ".join(dict.fromkeys(cand.evidence)))
        seen.add(word.lower())
        index.products.append(product)
        keyed.append((word, product))
    keyed.extend(_listed_products(doc, index, seen, lowercase))
    keyed.sort(key=lambda kp: -len(kp[0]))
    _find_mentions(doc, index, keyed)
    return index


def _listed_products(doc: PromoDoc, index: ProductIndex, seen: set[str],
                     lowercase: set[str]) -> list[tuple[str, Product]]:
    """Names of ordinary words that the page ranks or sells as products ("Natural Vitality
    Calm", "Ease Magnesium"; see :mod:`names`), unless a product found above already
    covers one of their words; each also found by its maker's word when no other listed
    name opens with it and the page never writes it in lower case ("Florawell's capsule"
    after "Florawell Daily Balance 20 Billion")."""
    found = names.listed(doc)
    covered = {p.key for p in index.products}
    heads = Counter(name.split()[0] for name in found.slotted)
    out: list[tuple[str, Product]] = []
    for name in sorted(found.slotted, key=len, reverse=True):
        if name.lower() in seen or covered.intersection(name.split()):
            continue
        why = ("crowned in a ranking" if any(name == n for n, _ in found.awards)
               else "written as a product's name")
        product = Product(name, name, "text", why)
        seen.add(name.lower())
        index.products.append(product)
        out.append((name, product))
        stem = names.stem(name)
        if stem != name and stem in found.known and stem.lower() not in seen:
            seen.add(stem.lower())
            out.append((stem, product))
        for key in _keys_of(product, lowercase)[1:]:
            if heads[key] == 1 and key.lower() not in seen and _heads_only(doc.text, name):
                seen.add(key.lower())
                out.append((key, product))
    return out


def _heads_only(text: str, name: str) -> bool:
    """Whether the first word of ``name``, wherever the page follows it with another name
    word, is followed by the name's own second word (not "Sproutline Kids Chewables" beside
    "Sproutline Gentle Gut")."""
    head, second = name.split()[:2]
    return all(m.group(1) == second
               for m in re.finditer(re.escape(head) + r"\s+((?-i:[A-Z0-9])[\w&'-]*)", text))


def _extend_name(text: str, words: list[Token], a: int, b: int) -> int:
    """Extend a mention over the rest of the product's name ("Hempvana's pain relief creams")."""
    toks = [t for t in words if t.start >= a]
    if not toks:
        return b
    j = _run_end(text, toks, 0)
    end = toks[j].end
    noun = _product_after(toks, j, text, possessive=toks[j].possessive)
    if noun:
        end = _noun_end(toks, j, noun)
    elif toks[j].text in MARKS:
        end = toks[j].end
    return max(b, end)


def _find_mentions(doc: PromoDoc, index: ProductIndex, keyed: list[tuple[str, Product]]) -> None:
    # Paragraph ordinals: a "the cream" anaphor reaches back at most one paragraph.
    order: dict[int, int] = {}
    count = 0
    for view in doc.views:
        if not view.is_heading:
            count += 1
        order[view.index] = count
    # A name found by text is matched case-sensitively, so the name itself is a cheap
    # prefilter; a configured one is matched ignoring case, and always searched ("").
    patterns = [(_word_pattern(key), key, product) if product.origin == "text" else
                (re.compile(_word_pattern(key).pattern, re.IGNORECASE), "", product)
                for key, product in keyed]
    last: Mention | None = None  # the latest explicit mention
    subject_prev: dict[int, Product] = {}
    for unit in doc.units:
        text = unit.norm
        for mention in _named(unit, patterns, index):
            index.add(mention)
        explicit = [m for m in index.in_unit(unit) if m.explicit]
        if explicit:
            last = explicit[-1]
        elif (last is not None and unit.where == last.unit.where
              and order[unit.view.index] - order[last.unit.view.index] <= 1):
            for m in _DEFINITE.finditer(text):
                end = _noun_phrase(text, m.end())
                if end:
                    index.add(Mention(unit, m.start(), end, last.product, "anaphor"))
                    break
        prev = subject_prev.get(unit.index - 1)
        if (prev is None and last is not None and last.unit.view is unit.view
                and last.product.origin in _PARAGRAPH_TOPICS
                and any(m.product is last.product and m.explicit
                        for m in index.by_unit.get(unit.index - 1, ()))):
            # the previous sentence named the product, though not as its subject
            # ("Wear the Iron Creek daily. It is 100% safe"); a sentence about something
            # else in between ("Trolamine salicylate is similar to aspirin. It ...") ends it
            prev = last.product
        if prev is not None and not explicit and not unit.is_heading:
            pm = _PRONOUN_SUBJECT.match(text)
            if pm:
                index.add(Mention(unit, pm.start("p"), pm.end("p"), prev, "pronoun"))
        subject = subject_of(unit, index)
        if subject is not None:
            subject_prev[unit.index] = subject.product


def _named(unit: Unit, patterns: list[tuple[re.Pattern[str], str, Product]],
           index: ProductIndex) -> list[Mention]:
    """The unit's mentions of products by name and as "our" + product noun, in text order."""
    text = unit.norm
    found: list[Mention] = []
    for pattern, needle, product in patterns:
        if needle not in text:
            continue
        for m in pattern.finditer(text):
            end = _extend_name(text, unit.words, m.start(), m.end())
            found.append(Mention(unit, m.start(), end, product, "name"))
    if "our" in text or "Our" in text:  # what _OUR needs: spares most units the search
        for m in _OUR.finditer(text):
            end = _noun_phrase(text, m.end(), owned=True)
            if end:
                found.append(Mention(unit, m.start(), end, _owner(index), "our"))
    found.sort(key=lambda x: (x.a, -(x.b - x.a)))
    return found


def _noun_phrase(text: str, at: int, owned: bool = False) -> int:
    """End of "<determiner> [three modifiers at most] <product noun>" after ``at``, or 0."""
    pos = at
    for _ in range(4):
        m = _NP_WORD.match(text, pos)
        if m is None:
            return 0
        word = m.group(1).lower()
        if product_noun(word) or (owned and word in ("product", "products", "formula", "brand")):
            return m.end()
        if word in FUNCTION_WORDS:
            return 0
        pos = m.end()
    return 0


def _owner(index: ProductIndex) -> Product:
    for product in index.products:
        if product.origin == "publisher":
            return product
    return Product("our", "the publisher's own product", "publisher", "introduced with 'our'")


_VERBISH = Lazy(
    r"\s*(?:,\s*)?(?:also\s+|even\s+|now\s+|really\s+|safely\s+|gently\s+|quickly\s+"
    r"|naturally\s+|actually\s+|simply\s+)?"
    r"(?:is|are|was|were|will|can|may|might|could|should|would|has|have|does|do|helps?"
    r"|works?|provides?|delivers?|gives?|uses?|contains?|offers?|comes?|combines?|sits?"
    r"|shows?|alerts?|logs?|tracks?|rebuilds?|restores?|relieves?|eases?|soothes?|targets?"
    r"|supports?|boosts?|reduces?|improves?|fights?|flushes?|melts?|burns?|cleanses?"
    r"|wraps?|packs?|features?|keeps?|lets?|stops?|blocks?|treats?|cures?|heals?|prevents?"
    r"|protects?|penetrates?|glides?|absorbs?|adjusts?|streams?|lasts?|promotes?|calms?"
    r"|numbs?|repairs?|reverses?|strengthens?|detoxes|detoxifies|fixes|changes?|transforms?"
    r"|(?:re)?hydrates?|dissolves?|pairs?|blends?|brings?|stands?|users|customers|members"
    r"|fans)\b")


def subject_of(unit: Unit, index: ProductIndex) -> Mention | None:
    """The product mention that is the unit's grammatical subject, roughly: a mention
    directly followed by a verb ("Hempvana's line of topicals safely provides ...")."""
    for mention in index.in_unit(unit):
        if _VERBISH.match(unit.norm, mention.b):
            return mention
    return None


def index_of(doc: PromoDoc, brands: list[str] | None = None, publisher: str = "") -> ProductIndex:
    """The document's product index, built on first use and kept on the document."""
    if doc.product_index is None:
        doc.product_index = build_index(doc, brands or [], publisher)
    return doc.product_index


def index_for(article: Article, memo: dict[str, Any],
              settings: Any) -> tuple[PromoDoc, ProductIndex]:
    """The shared PromoDoc and its product index, built with the run's brands and publisher."""
    doc = doc_for(article, memo)
    brands = list(getattr(settings, "brands", []) or [])
    publisher = str(getattr(settings, "publisher", "") or "")
    return doc, index_of(doc, brands, publisher)
