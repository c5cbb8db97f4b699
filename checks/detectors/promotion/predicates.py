"""What an article says about a product: benefit, safety and formulation predicates.

A predicate belongs to a product when it follows the product's mention in the same
clause within a few words ("Hempvana's line of topicals safely provides relief"),
or when the benefit comes first and the product is what brought it ("my eczema is
gone since I switched to Lumière"). Negated, reported and quoted predicates are not
the article's claims and are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.detectors.promotion import lexicon, ranges, sold
from checks.detectors.promotion.context import clause, why_not_own
from checks.detectors.promotion.document import BODY, PromoDoc, Unit, per_document
from checks.detectors.promotion.lexicon import Lazy
from checks.detectors.promotion.products import Mention, Product, ProductIndex
from claims.model import BlockKind

EFFICACY = "efficacy"
SAFETY = "safety"
FORMULATION = "formulation"

_WINDOW_WORDS = 16
# A new subject after a comma ends what is said about the product
# ("..., and the delayed-release shell protects them"); "..., so it is safe" does not.
_NEW_SUBJECT = Lazy(r",\s+(?:and|but|so|while|whereas|because)\s+(?!it\b|they\b|its\b"
                          r"|their\b|this\b)(?=[\w-]+\s)", re.IGNORECASE)
_BENEFIT_BEFORE = Lazy(
    r"(?:transformed|changed|improved|cured|healed|fixed|relieved|gone|better|lost\s+\d+\s+\w+"
    r"|lost\s+weight)\b(?:\s+[\w'-]+){0,6}?\s+(?:with|using|thanks\s+to|since\s+(?:I|we)\s+"
    r"(?:started(?:\s+using)?|switched\s+to|began(?:\s+using)?)|after\s+(?:using|trying|taking))"
    r"\s+$", re.IGNORECASE)


# An article and a few adjectives before a word: "a vegan, all-natural treat".
_A_NOUN = Lazy(r"\b(?:a|an|the|our|this|your)\s+(?:[\w-]+,?\s+){0,3}$", re.IGNORECASE)
_DETERMINER_BEFORE = Lazy(r"\b(?:a|an|the|your|their|its|his|her|our|my)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class Predicate:
    """A claim the unit makes about a product; offsets are unit-relative."""

    mention: Mention
    kind: str  # efficacy | safety | formulation
    a: int
    b: int
    hedged: bool
    before: bool = False  # the benefit comes before the product ("gone since I switched to X")

    @property
    def unit(self) -> Unit:
        return self.mention.unit

    @property
    def text(self) -> str:
        return self.unit.text[self.a:self.b]


def _window(text: str, start: int, end_limit: int) -> int:
    """The end of the next ``_WINDOW_WORDS`` words after ``start`` (within the clause)."""
    cut = _NEW_SUBJECT.search(text, start, end_limit)
    if cut is not None:
        end_limit = cut.start()
    m = re.match(r"(?:\W*[\w'%#-]+){1," + str(_WINDOW_WORDS) + "}", text[start:end_limit])
    return start + m.end() if m else start


def of_mention(mention: Mention) -> list[Predicate]:
    unit = mention.unit
    text = unit.norm
    if unit.in_quotes(mention.a, mention.b):
        return []
    found: list[Predicate] = []
    c_start, c_end = clause(text, mention.a, mention.b)
    w_end = _window(text, mention.b, c_end)
    hedged = lexicon.hedged(text[c_start:w_end])
    kinds = ((SAFETY, lexicon.safety()), (EFFICACY, lexicon.efficacy()),
             (FORMULATION, lexicon.formulation()))
    for kind, pattern in kinds:
        for m in pattern.finditer(text, mention.b, w_end):
            if _A_NOUN.search(text, 0, m.start()) and m.group().lower() == "treat":
                continue  # "a vegan, all-natural treat": the noun, not the verb
            if m.group().lower() == "lower" and _DETERMINER_BEFORE.search(text, 0, m.start()):
                continue  # "squeeze the lower leg": the adjective, not the verb
            if why_not_own(text, m.start(), m.end(), quoted=unit.in_quotes(m.start(), m.end()),
                           section=unit.view.section) is None:
                found.append(Predicate(mention, kind, m.start(), m.end(), hedged))
                break
    before = text[c_start:mention.a]
    m = _BENEFIT_BEFORE.search(before)
    if m is not None:
        a = c_start + m.start()
        if why_not_own(text, a, mention.a, section=unit.view.section) in (None,):
            found.append(Predicate(mention, EFFICACY, a, mention.a, hedged, before=True))
    return found


@per_document("predicates")
def find(doc: PromoDoc, products: ProductIndex) -> list[Predicate]:
    found: list[Predicate] = []
    page = sold.of(doc)
    for mention in products.mentions:
        if mention.unit.is_heading or mention.unit.where != BODY:
            continue  # claims are the article's; site chrome is not read for them
        own = of_mention(mention)
        if (not own and page.sells and page.supplement and mention.explicit
                and page.names(mention.text)):
            own = _claimed(doc, mention)  # a supplement named for its category: "Vitamin D3"
        found.extend(own)
    for mention in ranges.category_mentions(doc, products):
        if sold.sourced(mention.unit, _following(doc, mention.unit)):
            continue  # "..., explains Dr X"; "A 2014 study published in ... showed"
        if mention.product.origin == ranges.SOLD_CATEGORY:
            found.extend(_claimed(doc, mention) or _stated(mention))
            continue
        strict = mention.product.origin == ranges.SUPPLEMENT  # off a seller's page
        said = [p for p in of_mention(mention) if p.kind in (EFFICACY, SAFETY)
                and not (strict and p.hedged)]
        if not said and page.sells and mention.product.origin == ranges.SELLER_RANGE:
            said = _claimed(doc, mention)  # a shop's range in a seller's words
        found.extend(said)
    for mention in _feature_bullets(doc, products):
        # a bare "No side effects" bullet is the packs' (HL313): only benefits count here
        found.extend(p for p in of_mention(mention) if p.kind == EFFICACY)
    sells = page.sells or (sold.bare_panel_lead(doc) and sold.speaks_as_seller(doc))
    for mention in _panel_entries(doc, sells, products):
        found.extend(_entry_claim(mention))
    if page.sells:
        found.extend(_recipe_purposes(doc, page))
        for mention in _benefit_bullets(doc, page, products):
            said = [p for p in of_mention(mention) if p.kind == EFFICACY and not p.hedged]
            found.extend(said or _bullet_benefit(mention))
    return found


def _following(doc: PromoDoc, unit: Unit) -> Unit | None:
    return doc.units[unit.index + 1] if unit.index + 1 < len(doc.units) else None


# What the seller says it put into its own product for your sake: "terpenes are added to
# our formulation to aid you in achieving a better night's sleep", "chamomile is blended
# into our recipe to help you unwind". The purpose is the product's promised effect.
_RECIPE_PURPOSE = Lazy(
    r"\b(?:added|blended|infused|included|combined|mixed|paired)\s+(?:in|into|to|with)\s+"
    r"(?P<np>our\s+(?:[\w-]+\s+){0,2}?(?:formula|formulation|recipe|blend|products?|tinctures?"
    r"|gummies|capsules|oils?|drops|balms?|creams?|syrups?|honey))\s+(?P<purpose>(?:in\s+order\s+)?"
    r"to\s+(?:help|aid|support|promote|boost|ease|calm|soothe|improve|give|encourage|facilitate"
    r"|relieve|enhance)\b)", re.IGNORECASE)
# The seller offering its own goods for an effect: "we offer CBD honey ... to facilitate a
# healthy sleep cycle".
_OFFERED_FOR = Lazy(r"\bwe\s+(?:also\s+)?(?:offer|sell|stock|make|craft|carry)\b[^.;]{0,120}?\b"
                    r"(?P<purpose>to\s+(?:help\s+(?:you\s+)?)?(?:facilitate|promote|support|aid|ease|calm|soothe"
                    r"|boost|improve|relieve|encourage|enhance)\b)", re.IGNORECASE)


def _recipe_purposes(doc: PromoDoc, page: sold.Sold) -> list[Predicate]:
    """On a page judged to sell, the effect a seller says it put into its own product or
    offers it for (see ``_RECIPE_PURPOSE`` and ``_OFFERED_FOR``): an efficacy claim about
    its range, uncited and unhedged."""
    from checks.detectors.promotion.products import Product

    out: list[Predicate] = []
    for unit in doc.units:
        if unit.where != BODY or unit.is_heading or unit.view.quoted or unit.cited:
            continue
        text = unit.norm
        m = _RECIPE_PURPOSE.search(text) or _OFFERED_FOR.search(text)
        if m is None or lexicon.hedged(text[m.start("purpose"):]):
            continue
        a, b = m.span("np") if "np" in m.groupdict() else m.span()
        product = Product(f"range:{page.category}", f"the range this page sells ({text[a:b]})",
                          ranges.SOLD_CATEGORY, "what the seller says it made its product for")
        mention = Mention(unit, a, b, product, "name")
        end = len(text.rstrip())
        out.append(Predicate(mention, EFFICACY, m.start("purpose"), end, False))
    return out


def _claimed(doc: PromoDoc, mention: Mention) -> list[Predicate]:
    """A benefit a page judged to sell a category says of it, as subject, in a seller's
    words ("is the most effective form", "the natural alternative to pills"), in a sentence
    the claims detector reads as asserted outright (no fragment or instruction, no hedge,
    negation or evidence phrase). The predicate is the rest of the sentence after the
    subject."""
    unit = mention.unit
    text = unit.norm
    end = len(text.rstrip())
    if end <= mention.b or len(text.split()) < 5 or sold.quality_only(text, mention.b):
        return []
    if sold.answers_a_wish(text, mention.b):  # "If you want to X, CBD might be the answer"
        return [Predicate(mention, EFFICACY, mention.b, end, False)]
    if sold.evidence_claimed(text):  # "has been shown to", "Many studies have found that"
        if not (sold.benefit_after(text, mention.b) or _effect_after(text, mention.b)):
            return []
        found = sold.reading(doc, unit)
        if found is None or found.excluded or (found.attributes.get("negated")
                                               and sold.negates(text)):
            return []
    elif (not sold.benefit_after(text, mention.b) or not sold.asserts(doc, unit)
          or lexicon.hedged(text)):
        return []
    if why_not_own(text, mention.b, end, quoted=unit.view.quoted,
                   section=unit.view.section) is not None:
        return []
    kind = SAFETY if lexicon.safety().search(text, mention.b) else EFFICACY
    return [Predicate(mention, kind, mention.b, end, False)]


# A supplement's interaction with a medicine, said in the verbs the efficacy lexicon reads.
_INTERACTION = Lazy(r"\b(?:reduc|lower|block|affect|interfer)\w*\s+(?:with\s+)?(?:the\s+)?"
                    r"absorption\b", re.IGNORECASE)


# What a claimed finding says the category does, in the plainest verbs: "studies have found
# that curcumin may help people with sore knees".
_HELPS = Lazy(r"\b(?:helps?|helped|aids?|eases?|improves?|reduces?|relieves?|boosts?|lowers?"
              r"|calms?|soothes?)\b", re.IGNORECASE)


def _effect_after(text: str, at: int) -> bool:
    """An effect the efficacy lexicon reads after ``at`` (or a plain verb of help), unnegated,
    and neither a harm nor a nutrient's role in the body."""
    m = lexicon.efficacy().search(text, at) or _HELPS.search(text, at, at + 60)
    return m is not None and why_not_own(text, m.start(), m.end()) is None and sold.no_role(
        text, at)


# The subject undergoing the verb, not doing it: "is rapidly metabolised and eliminated by
# the body".
_PASSIVE = Lazy(r"\b(?:is|are|was|were|be|been|being|gets?)\s+(?:[\w-]+\s+){0,4}?$", re.IGNORECASE)


def _stated(mention: Mention) -> list[Predicate]:
    """An effect the efficacy lexicon reads right after the sold category ("soothes aching
    joints", "strengthens your immune system"), unhedged and not a nutrient's role in the
    body: what any page's unhedged supplement claim is held to (see ``ranges``), so a page
    judged to sell is read no more leniently than one that is not."""
    unit = mention.unit
    if lexicon.hedged(unit.norm) or not sold.no_role(unit.norm, mention.b):
        return []
    if _INTERACTION.search(unit.norm, mention.b):
        return []  # "magnesium can reduce the absorption of antibiotics": a caution
    return [p for p in of_mention(mention) if p.kind in (EFFICACY, SAFETY) and not p.hedged
            and not (_PASSIVE.search(unit.norm, mention.b, p.a)
                     and re.match(r"\w*ed\s+by\b", unit.norm[p.a:]))][:1]


# Sections of a product page whose bullets describe the product ("Product description").
_FEATURE_SECTION = Lazy(r"(?:product\s+)?(?:description|information|details|features|benefits"
                        r"|highlights|key\s+features|why\s+.*|about\s+.*|overview)",
                        re.IGNORECASE)


# A bullet naming an ingredient and what it is there for ("Colloidal oatmeal to soothe dry
# skin", "Shea butter to lock in moisture"): the recipe, not a promise of the product's.
_PURPOSE = Lazy(r"^\W*(?P<np>[A-Za-z][\w-]*(?:\s+[\w-]+){0,2})\s+to\s+[a-z]", re.IGNORECASE)
_NOT_INGREDIENT = Lazy(r"\b(?:\w+ly|\w+ed|helps?|works?|relief|protection|support|comfort"
                       r"|results?|power|way|time|up|able|compare|how|what|need)\b", re.IGNORECASE)


def _ingredient_purpose(text: str) -> bool:
    """Whether a bullet names an ingredient and its purpose rather than the product's effect."""
    m = _PURPOSE.match(text)
    return m is not None and not _NOT_INGREDIENT.search(m.group("np"))


# A benefit bullet's opening verb, its subject the category the list's lead names: "stimulates
# cell renewal", "They act quickly", "Acts in the deepest layers" (a cosmetic's own function,
# "moisturises the skin", is no claim of efficacy).
_BULLET_VERB = Lazy(
    r"^\W*(?:(?:they|it)\s+(?:also\s+|can\s+|will\s+)?)?(?:act|acts|work|works|stimulat\w*"
    r"|protect\w*|repair\w*|restor\w*|strengthen\w*|plump\w*"
    r"|promot\w*|support\w*|boost\w*|fight\w*|prevent\w*|brighten\w*|firm\w*|smooth\w*"
    r"|tighten\w*|renew\w*|regenerat\w*|revitali[sz]\w*|detoxif\w*|soothes?"
    r"|calms?|eases?|relieves?|reduces?|improves?|helps?|keeps?|enhanc\w*"
    r"|increas\w*|speeds?|absorb\w*|dissolv\w*)\b", re.IGNORECASE)


def _bullet_benefit(mention: Mention) -> list[Predicate]:
    """A bullet of the category's benefits that opens with what it does (see
    ``_BULLET_VERB``), unhedged: an efficacy claim about the category, the whole bullet."""
    text = mention.unit.norm
    m = _BULLET_VERB.match(text)
    if m is None or lexicon.hedged(text) or len(text.split()) < 2:
        return []
    return [Predicate(mention, EFFICACY, m.start(), len(text.rstrip(" ;,.")), False)]


_PANEL_PRODUCT = Product("range:panel", "an ingredient of the seller's product",
                         ranges.SOLD_CATEGORY, "an entry of the seller's ingredient panel")


def _panel_entries(doc: PromoDoc, sells: bool, products: ProductIndex) -> list[Mention]:
    """The sentences of a seller's ingredient panel (``sold.panels``), each read as said of
    the product the ingredient goes into."""
    return [Mention(u, 0, 0, _PANEL_PRODUCT, "page") for panel in sold.panels(doc, sells)
            for entry in panel for u in entry if not u.cited and not products.in_unit(u)]


def _entry_claim(mention: Mention) -> list[Predicate]:
    """What a panel entry's sentence says the ingredient does, anywhere in it (an effect the
    efficacy lexicon reads, or a plain verb of help: "they help reduce inflamed
    membranes"), unhedged, unnegated, and neither a harm nor a nutrient's role in the body."""
    text = mention.unit.norm
    m = next((x for x in (*lexicon.efficacy().finditer(text), *_HELPS.finditer(text))
              if why_not_own(text, x.start(), x.end()) is None), None)
    if m is None or lexicon.hedged(text) or not sold.no_role(text, 0) or sold.negates(text):
        return []
    return [Predicate(mention, EFFICACY, m.start(), len(text.rstrip(" ;,.")), False)]


def _benefit_bullets(doc: PromoDoc, page: sold.Sold, products: ProductIndex) -> list[Mention]:
    """On a page judged to sell a category, the bullets of a list that a sentence naming the
    category opens with a colon ("Vitamin C serum is beneficial because:", "gummies offer a
    few simple advantages:"): each bullet that names no product is said of the category
    ("stimulates cell renewal", "They act quickly")."""
    from checks.detectors.promotion.products import Product

    out: list[Mention] = []
    lead: Unit | None = None
    for unit in doc.units:
        if unit.view.block.kind is BlockKind.LIST_ITEM:
            if lead is not None and unit.where == BODY and not unit.view.quoted \
                    and not unit.cited and not products.in_unit(unit):
                product = Product(f"range:{page.category}",
                                  f"the category this page sells ({page.category})",
                                  ranges.SOLD_CATEGORY, "a bullet of the category's benefits")
                out.append(Mention(unit, 0, 0, product, "page"))
            continue
        text = unit.norm.rstrip()
        lead = unit if (unit.where == BODY and not unit.is_heading and text.endswith(":")
                        and (page.names(text) or sold.recommends(unit, page))) else None
    return out


def _feature_bullets(doc: PromoDoc, products: ProductIndex) -> list[Mention]:
    """On a page titled with a product ("Daybreak Decongestant Nasal Spray 15 ml"), the
    bullets under its title or its description that name no product describe that product
    ("Works in minutes, lasts up to 12 hours"): each is read as said of it."""
    title = next((v for v in doc.views if v.is_heading), None)
    if title is None or title.where != BODY:
        return []
    named = [m for u in title.units for m in products.in_unit(u) if m.explicit]
    if not named:
        return []
    product = named[0].product
    out: list[Mention] = []
    for view in doc.views:
        if view.block.kind is not BlockKind.LIST_ITEM or view.where != BODY or view.quoted:
            continue
        section = view.section.strip()
        if section != title.text.strip() and not _FEATURE_SECTION.fullmatch(section):
            continue
        for unit in view.units:
            if not products.in_unit(unit) and not _ingredient_purpose(unit.norm):
                out.append(Mention(unit, 0, 0, product, "page"))
    return out
