"""The product entries of a page that ranks products, and the sentences that sell them.

A "best X for Y" review or showcase lists its products as entries: a heading, a numbered
line or a short line naming the product, often with a tag ("3. Harbor Magnesium - Best for
sleep", "Lumen Labs - Editor's Choice", "Greenleaf - Potency Variety"), then sentences about
that product: who makes it, its form, dose, certification, taste and value ("Harbor
Magnesium is made with ...", "It comes in a powder form ...", "Certified by <body>", "It's
a best-seller", "Each serving delivers ..."). On such a page those sentences are the pitch,
whether or not they say "best"; the pattern rules of :mod:`listings` read only verdicts.

Here, on a page whose title or opening ranks products ("best", "top 10", "we tested",
"our picks"), an entry runs from its line to the next entry or to a heading of the page's
own (a buying guide, "How to choose"). Inside it, a sentence is a pitch when its subject is
the entry's product (its name or a short form of it, "this oil", "the formula", "it" or
"they" right after such a sentence, "each serving") and what it says describes the make or
praises the product, with no criticism in it. A page that only compares products (no
ranking in its title or opening) has no entries: a consumer guide or a news piece naming
brands is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.detectors.promotion import names
from checks.detectors.promotion.document import BODY, PromoDoc, Unit, per_document
from checks.detectors.promotion.lexicon import (
    COMMON_CAPITALISED,
    PRODUCT_NOUN_FORMS,
    SUPPLEMENT_INGREDIENTS,
    Lazy,
    product_noun,
)

# A title or heading that ranks products: "14 Best Magnesium Supplements", "Top 15 ...",
# "Best CBD Oils for Sleep", "Ranking the best ...", "Our top picks", "... Tested".
_SOLD_WORDS = "|".join(sorted(PRODUCT_NOUN_FORMS | SUPPLEMENT_INGREDIENTS | {
    "products", "brands", "picks", "vitamins", "probiotics", "supplements"}, key=len, reverse=True))
_RANKS = Lazy(
    r"\b(?:\d{1,2}\s+(?:of\s+the\s+)?(?:best|top)\b|top\s+\d{1,2}\b|ranking|ranked|our\s+(?:top\s+)?"
    r"(?:picks|favou?rites)|top\s+(?:picks|choices)"
    r"|best\s+(?:[\w-]+\s+){0,3}?(?:" + re.escape(_SOLD_WORDS).replace("\\|", "|") + r")\b)",
    re.IGNORECASE)
# An opening that says the page picked products: "we've compiled a list of the 14 best",
# "we scoured ... to bring you ... the best", "we examine 10 of the best".
_PICKED = Lazy(
    r"\b(?:we|I)(?:'ve|\s+have)?\s+(?:[\w-]+\s+){0,2}?(?:compiled|tested|tried|reviewed"
    r"|rounded\s+up|ranked|gathered|picked|selected|scoured|examine[ds]?|researched"
    r"|evaluated)\b[^.!?]{0,120}?\b(?:best|top)\b", re.IGNORECASE)

# What a name line may carry after the name: "- Editor's Choice", ": Best for sleep",
# "(2-ounce)", "— $549".
_TAG = r"(?:(?:\s+[|-]\s+|\s*:\s*|\s*\(\s*)(?P<tag>[^.!?]{1,60}?)\)?)?"
_RANK = r"^[\s*#]*(?:(?:#|No\.\s?)?\d{1,2}[.):]?\s+)?[\s*]*"
# "CBDfx", "NuLeaf", "iHerb": case-sensitive even inside a pattern that ignores case
_BRAND = r"(?-i:[A-Z][\w'&+-]*|[a-z]+[A-Z][\w'&+-]*)"
# Lower-case words a product's name may hold between its words: "Gummies w/ Melatonin".
_JOIN = r"(?:&|\+|of|de|w/|with|and|for|by)"
# A dose or size inside a name: "Brightleaf Oil 1500 mg", "D3 5000 IU Softgels".
_DOSE = r"\d[\w.,%-]*(?:[ ](?-i:mg|mcg|iu|IU|ml|g|oz|ct|count)\b)?"
# A product's name on its line: capitalised words, doses and joining words.
_NAME = rf"{_BRAND}(?:[ ](?:{_BRAND}|{_DOSE}|{_JOIN}(?=[ ](?-i:[A-Z\d])))){{0,8}}"
_NAME_LINE = Lazy(rf"{_RANK}(?P<name>{_NAME}){_TAG}[\s*.]*$")
# The words an award opens with: "Best overall:", "Editor's pick:", "Runner-up:".
_AWARD_WORDS = r"best|top|editor'?s'?|winner|runner|overall|most"
_AWARD_FIRST = Lazy(rf"{_RANK}(?:{_AWARD_WORDS}|our)"
                    r"[^:]{0,40}:\s*"
                    rf"(?P<name>{_NAME})[\s*.]*$",
                    re.IGNORECASE)
# An award and its product with the price and retailer run on into the entry's text, as a
# scraped review prints them: "Best budget mattress: Helix Midnight, $949 on Helix While ...".
_AWARD_PRICED = Lazy(rf"{_RANK}(?:{_AWARD_WORDS})"
                     r"[^:.!?]{0,50}:\s*"
                     rf"(?P<name>{_NAME}),?\s+(?:from\s+)?[$£€]\d[\d,.]*\s+(?:on|at|from)\s+[A-Z]",
                     re.IGNORECASE)
# A comparison table's row as a scraped page prints it, its columns run together and the
# row's award last behind a medal: "Harbor Oil 600 mgCapsule2 capsules ... 🥇 Best Premium".
_MEDALS = ("\U0001F3C6", "\U0001F947", "\U0001F948", "\U0001F949", "\u2B50")
_MEDAL_ROW = Lazy(r"^(?P<name>(?-i:[A-Z][\w'\u2019&+-]*(?:[ ][A-Z][\w'\u2019&+-]*){0,2}))"
                  r".{0,160}?[" + "".join(_MEDALS) + r"]\s*"
                  r"(?:top|best|editor|runner|winner|budget|premium|most)\b[^.!?]{0,40}$",
                  re.IGNORECASE)
# Where a row's next column was glued to the name: "FloraCapsule" ends the name at "Flora".
_GLUED_COLUMN = re.compile(r"(?<=[a-z]{4})(?=[A-Z][a-z])|(?<=[a-z])(?=\d)")
# A heading of the entry's own ("Pros", "Key Features", "About the Product") and one of
# the page's (a buying guide): the first stays in the entry, the second ends it.
_SUBHEADING = Lazy(
    r"^[\s*#]*(?:pros|cons|pros\s+and\s+cons|key\s+(?:features|specs|facts|ingredients)|features"
    r"|specs|specifications|highlights|ingredients|(?:about|meet)\s+the\s+(?:company|brand"
    r"|product|maker|manufacturer)|why\s+we\s+(?:like|love|chose|picked)\s+it|what\s+we\s+"
    r"(?:like|love)d?|our\s+(?:take|verdict|experience)|things\s+to\s+consider|price|pricing"
    r"|dosage|taste|flavou?rs?|who\s+it'?s\s+for|the\s+product|the\s+company)\b[^.!?]{0,30}$",
    re.IGNORECASE)
# Words that start a line without naming a product ("How to choose", "Final Thoughts").
_NOT_A_NAME = frozenset(
    {"how", "what", "why", "when", "which", "who", "where", "our", "the", "a", "an", "best",
     "top", "final", "bottom", "frequently", "faq", "faqs", "conclusion", "summary",
     "overview", "table", "related", "more", "key", "pros", "cons", "about", "meet", "buying",
     "guide", "benefits", "side", "dosage", "is", "are", "do", "does", "can", "should",
     "full", "brand", "price", "starting", "company", "certified", "editor's", "editors'",
     "close", "first", "second", "third", "runner-up", "winner", "note", "sources",
     "references", "disclaimer", "advertisement", "sponsored", "products", "product",
     "type", "form", "serving", "size", "rating", "last", "updated", "posted", "by"})

# Connectives a sentence may open with before its subject.
_LEAD = (r"(?:(?:that|this)(?:'s|\s+is)\s+(?:why|how|where)\s+|(?:plus|also|overall|additionally"
         r"|moreover|what's\s+more|better\s+yet|best\s+of\s+all|on\s+top\s+of\s+that|in\s+"
         r"addition|again|finally|regardless|importantly|notably|even\s+better),?\s+"
         # a short frame before the subject: "At under $15 a bottle, it ...", "For beginners, X"
         r"|(?:for|at|with|in|on)\s+[^,.;:!?]{1,30},\s+"
         # "If you're looking for the best overall magnesium supplement, X should be ..."
         r"|if\s+[^,.;:!?]{1,80},\s+)?")
# The product spoken of by what it is: "The hemp oil", "This formula", "Their magnesium
# supplement offering", "The capsules"; never "the best supplements" (the category).
_FORM_WORDS = "(?:" + "|".join(sorted(PRODUCT_NOUN_FORMS | {
    "formulation", "product", "offering", "extract", "brand", "pick", "stick", "roll-on"},
    key=len, reverse=True)) + ")"
_FORM_SUBJECT = Lazy(rf"^{_LEAD}(?:this|the|its|their)\s+(?![\w-]*(?:est|most|best)\b)"
                     rf"(?:[\w-]+\s+){{0,2}}?{_FORM_WORDS}(?:\s+(?:offered|made|sold)\s+by"
                     rf"\s+(?-i:[A-Z][\w'-]*\s?){{1,3}})?(?=\s)", re.IGNORECASE)
_PRONOUN_SUBJECT = Lazy(rf"^{_LEAD}(?:it|they|this\s+one|this(?=\s+(?:is|was)\b))(?='s|\s)",
                        re.IGNORECASE)
_SERVING_SUBJECT = Lazy(rf"^{_LEAD}(?:each|every|one|a\s+single)\s+(?:[\w-]+\s+)?(?:serving"
                        r"|capsule|gummy|softgel|tablet|scoop|dose|drop|dropper(?:ful)?|spray"
                        r"|pump|bite|chew|bottle|jar|tub|pack|product|batch|stick|tin)\b",
                        re.IGNORECASE)
# "This is a pure magnesium supplement ...": in an entry, a product's own description.
_THIS_IS_A = Lazy(rf"(?:[^,]+,\s+)?this\s+is\s+(?:a|an)\s+(?:[\w,-]+\s+){{0,4}}?{_FORM_WORDS}\b",
                  re.IGNORECASE)
# What the product is made of or tastes like, as a subject: "The mixed berry flavor is ...".
_ATTRIBUTE_SUBJECT = Lazy(rf"^{_LEAD}(?:the|its|their)\s+(?:[\w-]+\s+){{0,2}}?(?:flavou?rs?"
                          r"|taste|texture|scent|formula|ingredients|packaging)(?=\s+(?:is|are)\b)",
                          re.IGNORECASE)
# A certification in an entry: a feature line or a sentence's opening ("Certified by
# <body>", "Certified for purity by <body>, this supplement ...").
_CERTIFIED_LINE = Lazy(r"^[\s*]*(?:[\w-]+\s+){0,3}?(?:certified|verified|approved|tested)\s+"
                       r"(?:[\w-]+\s+){0,4}?by\s+(?:an?\s+|the\s+)?(?-i:[A-Z]|independent)",
                       re.IGNORECASE)

# What the sentence says of its subject: how it is made, what it comes in and delivers,
# its standing and taste ("is made in small batches", "comes in a powder form", "is a
# natural oral spray that delivers", "It's a best-seller", "making ... a pleasant ...").
_DESCRIBES = Lazy(
    r"(?:'s|\s)\s*(?:(?:also|really|truly|even|only|now|still|both|all)\s+)?(?:"
    r"(?:is|are|was|were|has\s+been|have\s+been)\s+(?:(?:all|each|also|[\w-]+ly)\s+)?(?:made|formulated|crafted|produced|manufactured|sourced|derived"
    r"|extracted|grown|infused|packed|loaded|enriched|designed|developed|created|brewed"
    r"|cold-pressed|certified|verified|third[- ]party[- ]tested|lab[- ]tested|tested"
    r"|backed|blended|available|known|loved|trusted|rated|praised|considered|suitable"
    r"|ideal|perfect|great|excellent|popular|affordable|potent|pure|tasty|delicious"
    r"|convenient|easy|gentle|free|vegan|organic|non-gmo|gluten-free|one\s+of)\b"
    r"|(?:is|are)\s+(?:a|an)\s+(?:[\w,-]+\s+){0,3}?(?:natural|premium|great|excellent|tasty"
    r"|delicious|convenient|high-quality|popular|potent|pure|clean|organic|all-natural"
    r"|trusted|fantastic|solid|smart|ideal|perfect|easy|effective|gentle|versatile)\s+"
    r"(?:[\w,-]+\s+){0,2}?(?:" + _FORM_WORDS[3:-1] + r"|spray|choice|option|pick|buy|way"
    r"|staple|solution|alternative|companion|addition|all-rounder|runner-up)\b"
    r"|(?:is|are)\s+(?:a|an)\s+(?:[\w,-]+\s+){0,2}?(?:best-?seller|favou?rite|winner"
    r"|crowd-pleaser|runner-up|all-rounder)\b|(?:is|are)\s+the\s+(?:easiest|simplest|quickest|tastiest|best)\s+way\s+to"
    r"|(?:comes?|arrives?)\s+(?:in|with|highly\s+(?:rated|recommended|regarded))\b"
    r"|should\s+be\s+(?:at\s+the\s+top\s+of|on)\s+your\s+(?:list|radar|shopping)"
    r"|(?:is|are)\s+the\s+(?:[\w-]+\s+)?(?:brand|one|ones|pick|oil|product)\s+to\s+(?:choose"
    r"|buy|get|try|beat|pick)\b"
    r"|gives?\s+you\s+(?:far\s+|much\s+|a\s+lot\s+)?(?:more|better|great|excellent|the\s+best)\b"
    r"|pairs?\s+[^.;]{1,60}?\s+with\b|does\s+the\s+job|mix(?:es)?\s+(?:easily|well|smoothly)"
    r"|dissolves?\s+(?:easily|instantly|quickly)"
    r"|(?:is|are)\s+(?:(?:virtually|almost|completely)\s+)?(?:tasteless|odou?rless"
    r"|easy\s+to\s+(?:swallow|take|use|dose)|small\s+enough)\b"
    r"|(?:delivers?|provides?|offers?|boasts?|packs?"
    r"|contains?\s+(?:only|no|zero|just|all|organic"
    r"|natural|high|premium|pure)|tastes?|stands?\s+out"
    r"|earned|earns?|wins?|won|ranks?|tops?)\b)",
    re.IGNORECASE)
# Praise anywhere in the sentence of a product named in it.
_PRAISE = Lazy(r"\b(?:best-?sellers?|best-?selling|pleasant|high-?quality|top-?quality"
               r"|top-?notch|reputable|well-?known|popular|excellent|superb|outstanding"
               r"|impressive|delicious|great-tasting|tasty|potent|premium|pure|clean"
               r"|swears?\s+by|smooth|(?:a\s+)?(?:good|great|perfect)\s+fit|hard\s+to\s+beat"
               r"|reputation\s+(?:as|for)|one\s+of\s+the\s+most\s+(?:trusted|respected"
               r"|reputable|popular|loved)"
               r"|(?:is|are)\s+the\s+(?:[\w-]+\s+){0,2}?(?:our\s+(?:testers?|team|editors?"
               r"|reviewers?)|we)\s+(?:reached\s+for|tried|tested|liked|loved|recommend|trust"
               r"|keep))\b",
               re.IGNORECASE)
# Praise with the product as object: "Side sleepers loved the Harbor", "testers swear by X".
_LOVED_BEFORE = Lazy(r"\b(?:loved|adored|raved\s+about|swear\s+by|swore\s+by|fell\s+for"
                     r"|kept\s+reaching\s+for|keep\s+coming\s+back\s+to)\s+(?:the\s+)?$",
                     re.IGNORECASE)
# A reviewer's list of what they like, on one line: "What we like: lab results, ...".
_LIKED_LINE = Lazy(r"^[\s*]*(?:what\s+(?:we|I)\s+(?:like|love)d?|why\s+(?:we|I)\s+(?:like|love"
                   r"|chose|picked)\s+it|why\s+it\s+(?:wins|stands\s+out|made\s+the\s+(?:cut|list)))"
                   r"\s*:\s*\w", re.IGNORECASE)
# An entry's award on a line of its own under the name: "Award: Best Overall".
_AWARD_LINE = Lazy(r"^[\s*]*(?:award|badge|our\s+verdict|category)\s*:\s*(?:best|editor|top"
                   r"|runner|most)\b", re.IGNORECASE)
# One award of a summary whose lines a scraped page ran together: "Harbor Oil 600 mg -
# Editor's Choice Tallgrass Tincture - Best Organic ...".
_AWARDED = Lazy(rf"(?P<name>{_NAME})"
                r"\s+[|-]\s+(?:best\b|editor'?s'?\s+(?:choice|pick)|top\s+pick|runner-up)",
                re.IGNORECASE)
# The crowd's love ("Kids love the strawberry flavour") and a verdict without a verb ("A
# good option for people who ...", "A no-frills powder at a low price"), in an entry.
_CROWD_LOVES = Lazy(r"^(?:kids|children|customers|users|testers|reviewers|our\s+testers|readers"
                    r"|everyone|parents)\s+(?:love|loved|adore|adored|rave\s+about|raved\s+about)\b",
                    re.IGNORECASE)
_VERDICT_FRAGMENT = Lazy(r"^(?:a|an)\s+(?:good|great|excellent|solid|smart|ideal|perfect|tasty"
                         r"|no-frills|reliable|top)\s+(?:[\w-]+\s+){0,2}?(?:option|choice|pick"
                         r"|buy|alternative|" + _FORM_WORDS[3:-1] + r")\b(?![^.]*\b(?:is|are)\b)",
                         re.IGNORECASE)
# Criticism: a sentence that finds fault is a review's, not a pitch.
_CRITICAL = Lazy(
    r"\b(?:not(?!\s+only)|isn't|aren't|doesn't|don't|didn't|wasn't|weren't|can't|cannot"
    r"|however|although|though|but\s+(?:it|they|the)|downside|drawbacks?|costly|expensive"
    r"|pricier|pricey|lacks?|lacking|unfortunately|complain\w*|disappoint\w*|weaker|worse"
    r"|bitter|chalky|gritty|fishy|upset|side\s+effects?|less\s+\w+\s+than|only\s+(?:ingredient"
    r"|downside)|nothing\s+special|average|mediocre|standard)\b", re.IGNORECASE)
_QUESTION = Lazy(r"\?\s*$")
# A product's full name as a review writes it, maker, line and form ("Harbor Hemp Original
# Formula CBD Oil"): longer than the names the rest of the package reads.
_LONG_RUN = Lazy(rf"{names.CAP}(?:[ ](?:{names.CAP}|\d[\w.%]*|&)){{1,9}}")
# A tag that crowns: "Best for sleep", "Editor's Choice", "Runner-up", "Top pick".
_AWARD_TAG = Lazy(r"\b(?:best|top|editor'?s'?|pick|choice|winner|runner-up|award|favou?rite"
                  r"|premium|budget|value|splurge)\b", re.IGNORECASE)
# Tags that are no award or use: a size ("2-ounce"), the site's section ("Buying Guide").
_NO_TAG = Lazy(r"^(?:[\d.,\s-]*(?:ounces?|oz|fl|ml|g|mg|count|ct|capsules|tablets|softgels"
               r"|gummies|servings?|pack|lbs?)?[\s.)]*|.*\b(?:guide|review|reviews|blog|news"
               r"|magazine|home|menu|shop|store|spotlight|showcase)\s*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Entry:
    """One product of the ranking: its line (``head``; None when only a sentence names
    it), its name, its tag ("Editor's Choice"), and the units of its section."""

    head: Unit | None
    name: str
    tag: str
    units: tuple[Unit, ...]


@dataclass(frozen=True)
class EntryHit:
    unit: Unit
    name: str
    kind: str  # "entry" (a tagged line), "summary" (a run of them), "describes" (a sentence)
    lines: tuple[EntryHit, ...] = ()  # a summary's tagged lines


def ranks(doc: PromoDoc) -> bool:
    """Whether the page's title or opening ranks products (see the module), or two of its
    lines crown a product."""
    title = str(doc.article.metadata.get("title", "")) if doc.article.metadata else ""
    opening = [u for u in doc.units if u.where == BODY][:12]
    first = opening[0].norm if opening else ""  # the title, even run into its next line
    lines = [title, first, *[u.norm for u in opening if u.is_heading or _short_line(u)][:6]]
    if any(_RANKS.search(line) for line in lines if line) or any(
            _PICKED.search(u.norm) for u in opening):
        return True
    # a scraped page may lose its title: two crowned rows or award lines with a price rank
    medals = any(medal in doc.text for medal in _MEDALS)
    crowned = doc.matching([u for u in doc.units if u.where == BODY],
                           *((_AWARD_PRICED, _MEDAL_ROW) if medals else (_AWARD_PRICED,)),
                           how="match")
    return next(crowned, None) is not None and next(crowned, None) is not None


def _short_line(unit: Unit) -> bool:
    """A line that is no sentence: a title, a name, a label (no end stop, a few words)."""
    text = unit.norm.strip(" *")
    return 0 < len(text.split()) <= 14 and text[-1:] not in ".!?,;"


def _name_of_line(doc: PromoDoc, unit: Unit) -> tuple[str, str]:
    """The product a line names, and its tag, when the line is a name line ("3. Harbor
    Magnesium - Best for sleep", "Best overall: Harbor Magnesium", or an award, name and
    price opening a longer unit); else ('', '')."""
    kind = unit.view.block.kind.value
    if kind not in ("heading", "list_item", "paragraph"):
        return "", ""
    text = unit.norm.replace("*", "").strip()
    m = _AWARD_PRICED.match(text)
    if m:
        return _product_name(doc, m.group("name"), "award"), "award"
    m = _MEDAL_ROW.match(text) if kind != "heading" and any(
        medal in text for medal in _MEDALS) else None
    if m:
        return _GLUED_COLUMN.split(m.group("name"), 1)[0], "award"
    if not _short_line(unit):
        return "", ""
    m = _AWARD_FIRST.match(text)
    if m:
        return _product_name(doc, m.group("name"), "award"), "award"
    m = _NAME_LINE.match(text)
    if not m or _SUBHEADING.match(text):
        return "", ""
    tag = (m.group("tag") or "").strip(" )")
    name = _product_name(doc, m.group("name"), tag)
    if tag and _NO_TAG.match(tag):
        if re.search(r"[A-Za-z]{3}", tag) and not re.match(r"[\d\s.-]", tag):
            return "", ""  # "Staying Well - Buying Guide": the site's name and section
        tag = ""
    return name, tag


def _product_name(doc: PromoDoc, run: str, tag: str = "") -> str:
    """``run`` when it names a product: a word of a supplement or product form with a
    word of its own ("Now Foods Magnesium Citrate"), a maker's coined name ("CBDfx",
    "NuLeaf Naturals"), or a name the page also writes mid-sentence or crowns with an award
    ("Kelpmoor Naturals - Editor's Choice"). A title-cased label ("Key Features"), a food
    ("Pumpkin Seeds") or a study's arm ("Group A") is none."""
    words = run.rstrip(" .:").split()
    if not words or words[0].lower().strip("'") in _NOT_A_NAME or len(words) > 10:
        return ""
    lowered = [w.lower().strip("'") for w in words]
    if all(w in COMMON_CAPITALISED or w in _NOT_A_NAME for w in lowered):
        return ""
    own = [w for w in words if not (w.lower() in SUPPLEMENT_INGREDIENTS or product_noun(w))]
    if not own or not names.brand_like(doc, " ".join(own)):
        return ""
    coined = any(re.search(r"[a-z][A-Z]|[A-Z]{2,}[a-z]|^[a-z]+[A-Z]", w) for w in own)
    typed = len(own) < len(words)
    if coined or typed or (len(words) >= 2 and (_AWARD_TAG.search(tag) or _proper(doc, run))):
        return " ".join(words)
    return ""


def _proper(doc: PromoDoc, name: str) -> bool:
    """Whether the page writes the name after a lower-case word: a proper name, not a
    title-cased line."""
    return bool(re.search(r"[a-z,][ \t]+" + names.pattern_of(name.split()[0]) + r"(?![\w-])",
                          doc.text))


def _heads(doc: PromoDoc) -> list[tuple[Unit, str, str]]:
    """The page's name lines, in order. A line with a tag is one; a bare name is one when
    the text under it speaks of it, or when it stands in a run of name lines (a summary):
    a stray caption or an image's name in a scraped page is none."""
    body = [u for u in doc.units if u.where == BODY]
    lines: list[tuple[int, Unit, str, str]] = []
    for at, unit in enumerate(body):
        if unit.view.quoted:
            continue
        name, tag = _name_of_line(doc, unit)
        if name:
            lines.append((at, unit, name, tag))
    at_lines = {at for at, _, _, _ in lines}
    out: list[tuple[Unit, str, str]] = []
    for n, (at, unit, name, tag) in enumerate(lines):
        until = lines[n + 1][0] if n + 1 < len(lines) else len(body)
        if tag or at - 1 in at_lines or at + 1 in at_lines or _spoken_of(
                name, body[at + 1:min(until, at + 25)]):
            out.append((unit, name, tag))
    return out


def _spoken_of(name: str, units: list[Unit]) -> bool:
    """Whether a unit of ``units`` names the product (a short form of its name will do)."""
    forms = _short_forms(name)
    several = re.compile(r"(?<![\w-])(?:" + "|".join(
        names.pattern_of(f) for f in forms if " " in f) + r")(?![\w-])", re.IGNORECASE)
    # one word is matched as written: "Harbor", not "harbor"
    one = [re.compile(r"(?<![\w-])" + re.escape(f) + r"(?![\w-])") for f in forms if " " not in f]
    return any(several.search(u.norm) or any(p.search(u.norm) for p in one) for u in units)


@per_document("ranking-entries")
def entries(doc: PromoDoc) -> list[Entry]:
    """The entries of a page that ranks products; none elsewhere (see the module). A
    sentence that opens with another product than its entry's starts an entry of its own:
    scraped pages often lose the name lines."""
    if not ranks(doc):
        return []
    starts = {u.index: (n, t) for u, n, t in _heads(doc)}
    known = names.listed(doc).slotted
    out: list[Entry] = []
    current: tuple[Unit | None, str, str] | None = None
    section: list[Unit] = []

    def close() -> None:
        if current is not None:
            out.append(Entry(current[0], current[1], current[2], tuple(section)))

    for unit in doc.units:
        if unit.where != BODY:
            continue
        if unit.index in starts:
            close()
            name, tag = starts[unit.index]
            current, section = (unit, name, tag), []
            continue
        if unit.is_heading and not _SUBHEADING.match(unit.norm):
            close()
            current, section = None, []
            continue
        named = "" if unit.is_heading else _opens_with_product(doc, unit, known)
        if named and (current is None or not _spoken_of(current[1], [unit])):
            close()
            current, section = (None, named, ""), []
        if current is not None:
            section.append(unit)
    close()
    return out


def _opens_with_product(doc: PromoDoc, unit: Unit, known: set[str]) -> str:
    """The product a sentence outside any entry opens with, when the page writes it as a
    product's name ("That's why Natural Vitality Calm is formulated with ...", "This
    Harbor Hemp Original Formula CBD Oil is made ..."); else ''."""
    text = re.sub(r"^" + _LEAD, "", unit.norm, flags=re.IGNORECASE)
    text = re.sub(r"^(?:this|the)\s+", "", text, flags=re.IGNORECASE)
    for name in sorted(known, key=len, reverse=True):
        if re.match(names.pattern_of(name) + r"(?![\w-])", text) and _product_name(doc, name):
            return name
    m = _LONG_RUN.match(text)
    if not m:
        return ""
    run = m.group()
    words = run.split()
    if len(words) >= 3 and product_noun(words[-1]) and names.brand_like(doc, run) and \
            _DESCRIBES.match(text, m.end()):
        return run
    return ""


def _short_forms(name: str) -> list[str]:
    """The ways a page shortens a product's name: the name, its first two words, its
    maker's word ("Harbor Magnesium Glycinate": "Harbor Magnesium", "Harbor"), less any
    possessive."""
    words = re.sub(r"['\u2019]s?\b", "", name).split()
    forms = [" ".join(words)]
    if len(words) > 2:
        forms.append(" ".join(words[:2]))
    if words and len(words[0]) > 2 and words[0].lower() not in SUPPLEMENT_INGREDIENTS and \
            not product_noun(words[0]):
        forms.append(words[0])
    return forms


def _subject(unit: Unit, entry: Entry, previous_was_product: bool) -> int:
    """Where the sentence's subject ends when the subject is the entry's product; -1 when
    it is not."""
    text = unit.norm
    lead = re.match(_LEAD, text, re.IGNORECASE)
    at = lead.end() if lead else 0
    article = re.match(r"(?:this|the)\s+", text[at:], re.IGNORECASE)
    start = at + (article.end() if article else 0)
    for form in _short_forms(entry.name):
        # "Harbor's Triple Complex is ...", "Harbor full-spectrum gummies come ..."
        pattern = names.pattern_of(form) + (r"(?:(?:['\u2019]s?)?(?:\s+[\w-]+){0,3}?(?=\s+(?:is"
                                             r"|are|comes?|has|have|delivers?|provides?|offers?"
                                             r"|boasts?|packs?|should|stands?|tastes?)\b))?"
                                             r"(?![\w-])")
        m = re.compile(pattern, re.IGNORECASE).match(text, start)
        if m:
            return m.end()
    for subject in (_FORM_SUBJECT, _SERVING_SUBJECT, _ATTRIBUTE_SUBJECT):
        m = subject.match(text)
        if m:
            return m.end()
    m = _PRONOUN_SUBJECT.match(text)
    if m and (previous_was_product or _THIS_IS_A.match(text, m.start())):
        return m.end()
    return -1


@per_document("ranking-entry-hits")
def find(doc: PromoDoc) -> list[EntryHit]:
    """The tagged name lines of a ranking and the sentences that describe or praise the
    product of their entry (see the module)."""
    out: list[EntryHit] = []
    if ranks(doc):
        out.extend(EntryHit(u, _AWARDED.search(u.norm).group("name"), "entry")
                   for u in doc.units if u.where == BODY and not u.view.quoted
                   and len(_AWARDED.findall(u.norm)) >= 2)
    found = entries(doc)
    for entry in found:
        awards = [u for u in entry.units[:3] if _AWARD_LINE.match(u.norm)]
        if entry.head is not None and (entry.tag or awards):
            out.append(EntryHit(entry.head, entry.name, "entry"))
        out.extend(EntryHit(u, entry.name, "entry") for u in awards)
        previous = entry.head is not None
        for unit in entry.units:
            if unit.is_heading or unit.view.quoted or unit.cited:
                previous = False
                continue
            if _CERTIFIED_LINE.match(unit.norm) or _LIKED_LINE.match(unit.norm) or (
                    (_CROWD_LOVES.match(unit.norm) or _VERDICT_FRAGMENT.match(unit.norm))
                    and not _CRITICAL.search(unit.norm)):
                out.append(EntryHit(unit, entry.name, "describes"))
                continue
            end = _subject(unit, entry, previous)
            previous = end >= 0
            if end < 0 and _loved(unit, entry) and not _CRITICAL.search(unit.norm):
                out.append(EntryHit(unit, entry.name, "describes"))
                continue
            if end < 0 or _QUESTION.search(unit.norm) or _CRITICAL.search(unit.norm, end):
                continue
            if _DESCRIBES.match(unit.norm, end) or _PRAISE.search(unit.norm, end):
                out.append(EntryHit(unit, entry.name, "describes"))
    return _summaries(doc, out)


def _summaries(doc: PromoDoc, hits: list[EntryHit]) -> list[EntryHit]:
    """Three or more tagged lines in a row, with nothing between them, are one summary box
    of the ranking ("1. X - Best overall", "2. Y - Best for sleep", ...): one finding for
    the box, not one for each of its lines."""
    body = [u.index for u in doc.units if u.where == BODY]
    at = {index: n for n, index in enumerate(body)}
    lines = sorted((h for h in hits if h.kind == "entry" and not h.unit.is_heading),
                   key=lambda h: h.unit.index)
    runs: list[list[EntryHit]] = []
    for hit in lines:
        if runs and at.get(hit.unit.index, -9) == at.get(runs[-1][-1].unit.index, -9) + 1:
            runs[-1].append(hit)
        else:
            runs.append([hit])
    boxed = {id(h) for run in runs if len(run) >= 3 for h in run}
    out = [h for h in hits if id(h) not in boxed]
    out.extend(EntryHit(run[0].unit, run[0].name, "summary", tuple(run))
               for run in runs if len(run) >= 3)
    return out


def _loved(unit: Unit, entry: Entry) -> bool:
    """Whether the sentence praises the entry's product as its object ("Testers with hip
    pain loved the Harbor")."""
    for form in _short_forms(entry.name):
        for m in re.finditer(r"(?<![\w-])" + names.pattern_of(form) + r"(?![\w-])", unit.norm):
            if _LOVED_BEFORE.search(unit.norm, 0, m.start()):
                return True
    return False


def line_pitches(hit: EntryHit) -> bool:
    """Whether an entry's line is reported here: a line of a summary or a numbered list
    ("3. Harbor Magnesium - Best for sleep"). An award heading is left to
    :func:`listings.award_pitches`, which reports it when the section under it gives a
    sales verdict: measured on the tuning pages, a heading over an entry that only
    describes is as often a review's label as a pitch."""
    return not hit.unit.is_heading
