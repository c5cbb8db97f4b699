"""Word lists and predicate patterns shared by the promotion checks.

The lists are small and lexical on purpose: spaCy's blank pipeline has no tagger,
so "the product is the subject of a benefit verb" is read from word order, as an
editor skimming the page would.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

# The compiled pattern's methods that a Lazy pattern holds once compiled.
_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class Lazy:
    """A regular expression compiled on first use.

    Compiling the patterns of this package costs tens of milliseconds, a real share of a
    pre-commit run; most articles never need most of them. Once compiled, the pattern's
    methods are slots of this object, so ``LAZY.search(...)`` costs what
    ``compiled.search(...)`` does (before, each call went through ``__getattr__``: about
    90,000 calls in 200 articles), or less: a pattern that needs words
    (``claims.required_words``) runs only on text that has them.
    """

    __slots__ = ("_compiled", "_flags", "_pattern", "_tests", *_METHODS)

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None
        self._tests: tuple[Callable[[str], Any], ...] = ()

    def get(self) -> re.Pattern[str]:
        if self._compiled is None:
            from claims.required_words import counting

            compiled = self._compiled = re.compile(self._pattern, self._flags)
            for name in _METHODS:
                setattr(self, name, getattr(compiled, name))
            # Most sentences hold none of the words a pattern needs: once the pattern has
            # run often enough to pay for reading them, they are looked up first, and the
            # pattern runs only where they all are (same results).
            for name, method in counting(compiled, self._settle).items():
                setattr(self, name, method)
        return self._compiled

    def _settle(self, tests: tuple[Callable[[str], Any], ...]) -> None:
        """Use the compiled methods from now on, behind the word tests where there are any,
        and led by the characters a match can start with (``required_words.opening``: the
        same matches, found sooner; read here, as the words are, once the pattern has run
        often enough to pay for it)."""
        from claims.required_words import guarded, opening

        self._tests = tests
        if self._compiled is None:
            return
        led = opening(self._pattern, self._flags)
        compiled = re.compile(led, self._flags) if led else self._compiled
        methods = guarded(compiled, tests)
        for name in _METHODS:
            setattr(self, name, methods.get(name) or getattr(compiled, name))

    @property
    def word_tests(self) -> tuple[Callable[[str], Any], ...]:
        """The pattern's word tests (``claims.required_words.word_tests``): () until it has
        run often enough to have read its words, or when it has none."""
        return self._tests

    def absent_from(self, lower: str) -> bool:
        """Whether no ASCII text inside ``lower`` (a page's text, lower-cased) can match: a
        word the pattern needs is nowhere in it. A loop over the page's sentences may then
        search only those that are not ASCII. False until the pattern has run often enough
        to have read its words (see ``claims.required_words``)."""
        return any(test(lower) is None for test in self._tests)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.get(), name)


# A page's statement that it is paid by nothing it names ("We buy every product we review
# with our own money", "We do not use affiliate links", "we accept no advertising", "The site
# does not take advertising or affiliate fees"): no disclosure, and a product's price there
# is what the reviewer paid, not an offer.
INDEPENDENT = Lazy(
    r"\b(?:(?:we|I)\s+(?:buy|bought|paid\s+for)\s+(?:every|all|each)\s+(?:[\w-]+\s+){0,3}?"
    r"with\s+(?:our|my)\s+own\s+money|(?:(?:do|does)\s+not|don't|doesn't|never)\s+"
    r"(?:use|earn|take|accept)\s+(?:any\s+)?(?:affiliate|commission|advertising|sponsorship"
    r"|free\s+samples)|accepts?\s+no\s+(?:advertising|sponsorship|free\s+samples|payment))",
    re.IGNORECASE)


def words(text: str) -> frozenset[str]:
    """A word list written as whitespace-separated text."""
    return frozenset(text.split())


# Things sold as health products. A brand tied to one of these is a product.
PRODUCT_NOUNS = words(
    """
    cream gel lotion ointment balm salve rub spray serum pad oil tincture capsule caps tablet
    pill softgel gummy chew chewable lozenge drop powder shake tea drink supplement formula
    blend complex multivitamin probiotic patch wrap brace sleeve band belt insole pillow
    mattress device tracker monitor sensor app kit mask shampoo cleanser moisturiser
    moisturizer sunscreen toothpaste mouthwash topical roll-on tonic elixir syrup aid machine
    wearable inhaler blanket lamp diffuser humidifier massager mix sachet
    """
)
# What supplements are named after ("FlexMag Magnesium", "OmegaPure Fish Oil"): after a
# CamelCase brand in one name, the brand is a product.
SUPPLEMENT_INGREDIENTS = words(
    """
    magnesium zinc iron calcium selenium iodine potassium vitamin multivitamins biotin
    collagen melatonin omega-3 omega fish krill probiotics prebiotic turmeric curcumin
    ashwagandha cbd glucosamine chondroitin creatine protein whey electrolytes electrolyte
    elderberry echinacea ginseng ginkgo valerian magnesium-glycinate l-threonate
    """
)
# The chemical forms a mineral is sold in ("Magnesium Glycinate", "Zinc Picolinate"):
# capitalised in a product's name, they name no brand.
MINERAL_FORMS = words(
    """
    glycinate bisglycinate citrate malate oxide threonate gluconate picolinate taurate
    chloride sulfate sulphate carbonate orotate aspartate lactate chelate
    """
)
# What a product comes in; an offer names these ("your first box").
PACKAGE_NOUNS = words("bottle tub jar box pack packet tube pouch bundle subscription refill")

FUNCTION_WORDS = words(
    """
    a an the and or but nor of to in on at by for with from as into onto over under about
    after before between through during without within is are was were be been being am
    will would can could may might shall should must do does did has have had not no so
    than then that this these those which who whom whose what when where why how it its
    they them their there here we our you your he she his her i me my if while because
    since until unless also just only very more most less least such each every any all
    some both either neither like unlike via per up down out off again once
    """
)

# Words often capitalised (sentence starts, titles, site chrome, institutions, places)
# that never name a brand on their own.
COMMON_CAPITALISED = words(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december
    home blog health conditions condition disorder deficiency treatment treatments causes
    symptoms diagnosis prevention management advice related articles article contact about
    privacy policy terms subscribe download share follow read more view select category
    disclaimer references reference sources source updated published reviewed author doctor
    doctors dr mr mrs ms prof phd md rn meet experts expert team customer customers
    registered office address name copyright rights reserved trust certified partners
    payment store app play google apple android iphone facebook twitter instagram youtube
    whatsapp linkedin tiktok pinterest email newsletter cart checkout login sign account
    search menu news library playstore
    us usa uk eu europe european america american americans british english india indian
    canada canadian australia australian china japan africa asia united states kingdom
    national world international federal government
    fda ftc cdc nhs who nih nice mhra ema tga asa
    mayo clinic harvard university college hospital institute association society academy
    foundation center centre department ministry agency administration council commission
    organization organisation school journal trial study review
    alzheimer alzheimers parkinson parkinsons crohn crohns hodgkin tourette asperger
    huntington lyme raynaud addison cushing graves hashimoto bell guillain barre dravet
    lennox gastaut kawasaki achilles epstein barr covid sars coronavirus
    christmas easter ramadan
    """
)


def _plurals(nouns: frozenset[str]) -> frozenset[str]:
    """The nouns with their plurals: -s, -es, and -y as -ies ("creams", "patches", "gummies")."""
    forms = set(nouns)
    for noun in nouns:
        forms.update((noun + "s", noun + "es"))
        if noun.endswith("y"):
            forms.add(noun[:-1] + "ies")
    return frozenset(forms)


# Every spelling product_noun accepts: one set lookup for each word the scans read.
PRODUCT_NOUN_FORMS = _plurals(PRODUCT_NOUNS)


# A company's legal form after its name: "Ltd", "Inc.", "GmbH", "Pvt".
LEGAL_FORM = r"(?:Pvt|Private|Ltd|Limited|Inc|LLC|GmbH|plc|Co)"
# A serving line of a supplement's or food's label panel: "Serving Size: 2 Capsules",
# "Servings per container: 60", "Amount per serving" (read at a line's start).
SERVING_LINE = (r"servings?\s+(?:size|per\s+(?:container|pack|bottle|pot|tub))\b"
                r"|amount\s+per\s+(?:serving|\d*\s*\w+)\b")

# A pick announced, up to where its name comes: "pick for the best probiotic is the ",
# "choice remains " (listings reads the name after it; sold carries a pronoun past it).
PICK_ANNOUNCED = (r"(?:pick|choice|recommendation|winner)(?:\s+(?:for|of|in|among)\s+"
                  r"[^.;:!?]{1,60}?)?\s+(?:is|was|remains)\s+(?:the\s+)?")


def product_noun(word: str) -> bool:
    """A product noun, singular or plural ("cream", "creams", "gummies", "patches")."""
    return word.lower() in PRODUCT_NOUN_FORMS


_EFFICACY = (
    r"relie(?:f|ve[sd]?|ving)", r"eas(?:e|es|ed|ing)", r"sooth(?:e|es|ed|ing)",
    r"heal(?:s|ed|ing)?", r"cur(?:e|es|ed|ing)", r"treat(?:s|ed|ing)?",
    r"prevent(?:s|ed|ing)?", r"reduc(?:e|es|ed|ing)", r"lower(?:s|ed|ing)?",
    r"boost(?:s|ed|ing)?", r"improv(?:e|es|ed|ing)", r"restor(?:e|es|ed|ing)",
    r"repair(?:s|ed|ing)?", r"rebuild(?:s|ing)?", r"revers(?:e|es|ed|ing)",
    r"fight(?:s|ing)?", r"calm(?:s|ed|ing)?", r"numb(?:s|ed|ing)?",
    r"block(?:s|ed|ing)?\s+(?:the\s+)?(?:pain|acid|itch|allergens?|histamine)",
    r"eliminat(?:e|es|ed|ing)", r"melt(?:s|ing)?",
    r"burn(?:s|ing)?\s+(?:belly\s+)?(?:fat|calories)", r"detox\w*", r"cleans(?:e|es|ed|ing)",
    r"flush(?:es|ed|ing)?", r"strengthen(?:s|ed|ing)?",
    r"support(?:s|ed|ing)?\s+(?:a\s+)?(?:healthy|normal|your|the|joint|immune|heart|brain"
    r"|gut|sleep|recovery)",
    r"promot(?:e|es|ed|ing)\s+(?:healing|healthy|sleep|recovery|weight)",
    r"protect(?:s|ed|ing)?\s+(?:you|your|against|from)",
    r"speed(?:s|ing)?\s+up\s+(?:recovery|healing)", r"work(?:s|ed|ing)?\s+(?:for|wonders)",
    r"works?\s+to\s+\w+", r"works?\s+(?:in|within)\s+(?:minutes|seconds|hours|days)",
    r"works?\s+(?:fast|quickly|instantly)", r"works?\s+(?:better\s+than|where)",
    r"stop(?:s|ped|ping)?(?!\s+(?:working|taking|using|eating|drinking))",
    r"(?:re)?hydrat(?:e|es|ed|ing)", r"pain[- ]free",
    r"clear(?:s|ed|ing)?\s+(?:up\s+)?(?:[\w-]+\s+){0,2}(?:fog|acne|skin|spots|congestion"
    r"|symptoms|infections?|toxins|pain|nose|sinuses|airways)",
    r"(?:whole\s+host\s+of\s+)?benefits",
    r"lose\s+(?:weight|\d+)", r"weight\s+loss", r"predict(?:s|ed|ing)?", r"alerts?\s+you",
    r"fewer\s+(?:\w+\s+){0,2}(?:days|attacks|episodes|headaches|migraines)",
    r"fall\s+asleep", r"sleep\s+better", r"adjusts?\s+to", r"sounds?\s+natural",
    r"take\s+control\s+of\s+(?:your|their)\s+(?:\w+\s+)?health", r"transform(?:s|ed|ing)?",
    r"changed?\s+(?:my|your|their)\s+li(?:fe|ves)", r"on-the-spot", r"instant(?:ly)?",
    r"cut(?:s|ting)?\s+(?:[\w-]+\s+){0,2}(?:pain|risk|symptoms|cravings|flare-?ups)",
    r"(?:clinically\s+|scientifically\s+)?proven\s+to\s+\w+",
    r"(?:restful|calm|deep(?:er)?|better|natural|peaceful|sound)\b[\w\s,']{0,20}?sleep",
    r"(?:(?:one\s+of\s+)?the\s+most|highly|remarkably|truly)\s+effective",
    r"an?\s+effective\s+(?:natural\s+)?(?:[\w-]+\s+)?(?:aid|remedy|solution|treatment)",
    r"(?:the|a)\s+go-to\s+(?:form|choice|remedy|option|solution|treatment)",
    r"put\s+(?:[\w-]+\s+){0,3}right", r"keeps?\s+working", r"ended\s+(?:[\w-]+\s+){0,4}for\s+good",
    # A category crowned by its seller: "has quickly become one of the most trusted recovery
    # tools", "one of nature's most powerful immune boosters", "the first choice for millions"
    r"(?:become|emerged\s+as)\s+(?:one\s+of\s+)?(?:the\s+)?(?:most\s+(?:trusted|powerful"
    r"|popular|effective|reliable)|first\s+choice|go-to|leading|number\s+one|best)",
    r"nature'?s\s+(?:most\s+)?(?:powerful|potent|best|answer)", r"(?:immune|mood)\s+boosters?",
    r"keeps?\s+(?:[\w-]+\s+){0,3}protected",
    # the verbs of sleep and calm in supplement blurbs: "banishes bloating", "help you drift
    # off", "goes to work on tense muscles", "takes the edge off"
    r"banish(?:es|ed|ing)?", r"(?:drift|doze|nod)\s+off", r"wards?\s+off",
    r"(?:goes|go|gets?)\s+to\s+work\s+on", r"takes?\s+the\s+edge\s+off",
    r"the\s+strongest\s+(?:natural\s+)?(?:defen[cs]e|protection)",
    # what braces, glasses, hearing aids, massage guns, mattresses and balms are sold to do:
    # "straightens your spine", "retrains your muscles", "takes the pressure off your discs",
    # "filter the blue light", "speeds recovery", "loosens knots", "tackles the root cause"
    r"straighten(?:s|ed|ing)?", r"re-?(?:train|align)(?:s|ed|ing)?",
    r"correct(?:s|ed|ing)?\s+(?:your\s+|bad\s+|poor\s+)?(?:posture|alignment|spine|slouch\w*)",
    r"fix(?:es|ed|ing)?\s+(?:your\s+)?(?:[\w-]+\s+){0,2}(?:posture|shoulders|back|neck|spine"
    r"|pain|sleep|snoring|hearing|eyes?)",
    r"takes?\s+(?:the\s+)?(?:pressure|strain|load)\s+off",
    r"filter(?:s|ed|ing)?\s+(?:out\s+)?(?:up\s+to\s+\d+%\s+of\s+)?(?:the\s+)?(?:harmful\s+)?blue",
    r"speed(?:s|ing)?\s+(?:up\s+)?(?:your\s+)?(?:muscle\s+)?(?:recovery|healing)",
    r"loosen(?:s|ed|ing)?\s+(?:[\w-]+\s+){0,2}(?:knots|muscles|tension|stiffness)",
    r"tackl(?:e|es|ed|ing)\s+(?:the\s+)?(?:root\s+cause|[\w-]+\s+pain)",
    r"rebalanc(?:e|es|ed|ing)", r"sleep\s+like\s+a\s+(?:baby|log)",
)
_SAFETY = (
    r"safe(?:ly)?", r"gentle", r"harmless", r"non-?toxic", r"side-?effect[- ]free",
    r"no\s+(?:known\s+|negative\s+|harmful\s+|serious\s+|unwanted\s+)?side[- ]effects",
    r"without\s+(?:any\s+)?side[- ]effects",
    r"risk[- ]free", r"non-?habit[- ]forming", r"non-?addictive",
)
_FORMULATION = (
    r"(?:formulated|made|infused|enriched|packed|loaded|powered|crafted|designed|developed"
    r"|engineered|hydroly[sz]ed)\s+(?:with|from|by|to|for)",
    r"uses?\s+(?:the\s+)?(?:active\s+)?ingredients?", r"(?:contains?|combines?|features?)",
    r"packs?\s+(?:in\s+)?(?:\d[\d,.]*|a|an|over|more|up\s+to)",
    r"(?:patented|proprietary)",
    # provenance boasts of a blurb: "made in small batches", "sourced from organic farms"
    r"(?:made|crafted|produced|brewed)\s+in\s+small\s+batches",
    r"(?:sustainably\s+|ethically\s+|responsibly\s+)?(?:sourced|grown|harvested|extracted)"
    r"\s+(?:from|in|on|using)",
)
_DESCRIPTOR = (
    r"glides?\s+on", r"smooth(?:ly)?", r"non-?greasy", r"fast[- ](?:acting|absorbing|absorption)",
    r"fast\s+absorption", r"long[- ]lasting", r"all[- ]day", r"premium", r"powerful", r"potent",
    r"unique", r"advanced", r"proprietary", r"patented", r"award[- ]winning",
    r"best[- ]selling", r"#1", r"number\s+one", r"top[- ]rated", r"whole\s+host\s+of",
    r"(?:doctor|pharmacist|dermatologist)[- ](?:formulated|developed|approved|recommended)",
    r"maximum\s+strength", r"on-the-spot", r"trusted", r"favou?rite", r"discreet(?:ly)?",
    r"invisibl[ey]", r"wireless", r"rechargeable", r"medical[- ]grade", r"clinically",
    r"finally", r"easier\s+way", r"smarter\s+way", r"game[- ]changer", r"breakthrough",
    r"miracle", r"revolutionary", r"the\s+most\s+(?:advanced|effective|powerful)",
    r"ever\s+(?:reviewed|tested|made)", r"is\s+all\s+it\s+takes", r"superfood",
    r"keeps?\s+you\s+\w+", r"pain[- ]free",
)
_RECOMMEND = (
    r"like", r"such\s+as", r"try(?:ing)?", r"choose", r"recommend(?:s|ed)?", r"go\s+with",
    r"opt\s+for", r"pick", r"reach\s+for", r"switch(?:ed|ing)?\s+to", r"coming\s+back\s+to",
    r"top\s+pick:?", r"swear\s+by", r"messages\s+about", r"asked\s+about",
)

# A review's verdict right after the product ("X is the best-tasting one we tried", "X is
# our top pick", "X is the one to keep in the cabinet").
_RECOMMEND_AFTER = Lazy(
    r"^\s+(?:is|are)\s+(?:(?:the|our)\s+(?:(?:very|overall)\s+)?(?:best|top|favou?rite"
    r"|cheapest|go-to|standout)[\w-]*(?:\s+[\w-]+){0,2}?\s+(?:one|ones|pick|picks|choice|option"
    r"|buy|product|mix|brand)\b|the\s+one(?:s)?\s+to\s+(?:buy|get|keep|choose|pick|pack|try)"
    r"|our\s+(?:top\s+)?(?:pick|choice|favou?rite)"
    # "is the brace our testers trusted most", "is the spray to ask your pharmacist about"
    r"|the\s+(?:[\w-]+\s+)?[\w-]+\s+(?:our\s+(?:testers?|team|reviewers?|editors?)|we\s+(?:tried"
    r"|tested|liked|loved|recommend|trust)|to\s+(?:buy|get|keep|pack|choose|ask|try)\b))",
    re.IGNORECASE)


def recommended_after(text: str) -> bool:
    """Whether ``text`` (what follows a product mention) opens with a review's verdict."""
    return bool(_RECOMMEND_AFTER.search(text))


_HEDGE = Lazy(r"\b(?:may|might|could|can\s+help|possibly|potentially|appears?\s+to"
                    r"|seems?\s+to|some\s+people|for\s+some)\b", re.IGNORECASE)


def _any_of(parts: tuple[str, ...], after: str = r"(?![\w-])") -> re.Pattern[str]:
    """One of ``parts`` as a whole word (hyphens join words), followed by ``after``."""
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + ")" + after, re.IGNORECASE)


@cache
def efficacy() -> re.Pattern[str]:
    return _any_of(_EFFICACY)


@cache
def safety() -> re.Pattern[str]:
    return _any_of(_SAFETY)


@cache
def formulation() -> re.Pattern[str]:
    return _any_of(_FORMULATION)


@cache
def descriptor() -> re.Pattern[str]:
    return _any_of(_DESCRIPTOR)


@cache
def recommend_before() -> re.Pattern[str]:
    """A recommending word right before a product mention ("a cream like <X>")."""
    return _any_of(_RECOMMEND, r"\s+(?:the\s+|a\s+|an\s+|our\s+|my\s+)?$")


def hedged(text: str) -> bool:
    return bool(_HEDGE.search(text))


# Diseases: under FDA rules (21 CFR 101.93(g)) and EU Reg 1169/2011 Art 7(3), a food or
# supplement may not claim to cure, treat or prevent these.
_DISEASES = (
    r"diabetes", r"prediabetes", r"cancers?", r"tumou?rs?", r"(?:osteo|rheumatoid\s+)?arthritis",
    r"osteoporosis", r"alzheimer'?s(?:\s+disease)?", r"dementia", r"parkinson'?s(?:\s+disease)?",
    r"(?:heart|cardiovascular|kidney|liver|thyroid|lyme|celiac|coeliac|crohn'?s)\s+disease",
    r"hypertension", r"high\s+blood\s+pressure", r"high\s+cholesterol", r"strokes?",
    r"depression", r"anxiety", r"insomnia", r"adhd", r"autism", r"asthma", r"copd", r"eczema",
    r"psoriasis", r"acne", r"rosacea", r"ibs", r"irritable\s+bowel\s+syndrome", r"colitis",
    r"ulcers?", r"gerd", r"acid\s+reflux", r"covid(?:-19)?", r"coronavirus", r"flu",
    r"influenza", r"(?:the\s+)?common\s+cold", r"colds",
    r"cold(?!\s+(?:water|weather|showers?|hands|feet|drinks?|compress|temperatures?|air|sores?"
    r"|brew|press|turkey|calls?|storage|chain|spells?|snaps?|months|days|nights))",
    r"infections?", r"hiv", r"hepatitis",
    r"herpes", r"shingles", r"migraines?", r"epilepsy", r"seizures", r"multiple\s+sclerosis",
    r"lupus", r"fibromyalgia", r"gout", r"fatty\s+liver", r"obesity", r"sleep\s+apnea",
    r"erectile\s+dysfunction", r"infertility", r"hypothyroidism", r"ana?emia", r"neuropathy",
    r"tinnitus", r"restless\s+legs?(?:\s+syndrome)?", r"macular\s+degeneration", r"cataracts?",
    r"glaucoma", r"candida",
    r"yeast\s+infections?", r"utis?", r"urinary\s+tract\s+infections?", r"sinusitis",
    r"allergies", r"diarrh(?:o)?ea", r"tendonitis", r"tendinitis", r"sciatica",
    r"plantar\s+fasciitis",
    # classes of disease: "autoimmune disorders", "mood disorders"
    r"(?:autoimmune|mood|anxiety|sleep|neurodegenerative|inflammatory|cardiovascular)\s+"
    r"(?:diseases?|disorders?|conditions?|deficienc(?:y|ies))",
)
# Measures whose lowering treats a disease (high blood pressure, diabetes, high cholesterol).
_MARKERS = (r"blood\s+pressure|blood\s+(?:sugar|glucose)(?:\s+levels?)?"
            r"|(?:ldl\s+|bad\s+|total\s+)?cholesterol(?:\s+levels?)?|triglycerides|(?:hb)?a1c")
# Conditions named by their failing measure: "people with poor blood sugar control".
_CONDITIONS = (r"(?:(?:poor|impaired|unstable)\s+|(?:problems|issues|trouble)\s+with\s+)?"
               r"blood\s+(?:sugar|glucose)\s+(?:control|problems|issues|regulation|disorders)"
               r"|insulin\s+resistance|metabolic\s+syndrome")
# An effect on these is a warning, not a benefit: "raises the risk of falls in people with".
_HARMS = r"(?:risks?|side|harm|harms|danger|dangers|toxicity|problems|bleeding)\b"
_DISEASE_VERBS = (
    r"cur(?:e|es|ed|ing)", r"treat(?:s|ed|ing)?", r"prevent(?:s|ed|ing)?", r"heal(?:s|ed|ing)?",
    r"revers(?:e|es|ed|ing)", r"fight(?:s|ing)?", r"combat(?:s|ing)?", r"eliminat(?:e|es|ed|ing)",
    r"eradicat(?:e|es|ed|ing)", r"beat(?:s|ing)?", r"stop(?:s|ped|ping)?",
    r"get(?:s)?\s+rid\s+of",
    r"protect(?:s|ing)?\s+(?:you\s+|people\s+|us\s+|yourself\s+|(?:your|the)\s+body\s+"
    r"|(?:the\s+)?(?:whole\s+)?family\s+)?(?:against|from)",
    r"(?:lower(?:s|ing)?|reduc(?:e|es|ing)|cut(?:s|ting)?)\s+(?:your\s+|the\s+)?risk\s+of",
    r"ward(?:s)?\s+off", r"works?\s+for",
    r"clear(?:s|ed|ing)?(?:\s+up)?", r"manag(?:e|es|ed|ing)",
    r"(?:breez|sail)(?:e|es|ed|ing)?\s+through",
    # Relief of a disease is treating it: "reduce insomnia", "lessen seizures".
    r"reduc(?:e|es|ing)", r"lessen(?:s|ing)?", r"reliev(?:e|es|ing)", r"alleviat(?:e|es|ing)",
)


@cache
def medical_use() -> re.Pattern[str]:
    """A medicine's use in clinical care ("in hospital, magnesium sulfate is given by
    injection to prevent seizures"): it reports medicine, not what a page's product does."""
    return re.compile(
        r"\b(?:in hospitals?|by injection|intravenous(?:ly)?|on prescription|prescription "
        r"(?:drug|medicine|treatment)s?|(?:doctors|clinicians|hospitals) (?:use|give|prescribe))\b",
        re.IGNORECASE)


@cache
def disease_claim() -> re.Pattern[str]:
    """A verb of cure, treatment or prevention followed closely by a disease, or the noun
    form ("cancer prevention", "insomnia relief")."""
    return re.compile(
        r"(?<![\w-])(?P<verb>" + "|".join(_DISEASE_VERBS) + r")\s+"
        r"(?:(?:a|your|the|all|even|chronic|severe|type\s+[12]|seasonal|painful|recurring"
        r"|many|several|various|certain|some|(?:number|range|host|variety)\s+of"
        r"|their|my|his|her|our|(?:child|baby|kid|son|daughter|toddler)'s)\s+)*"
        r"(?:[\w'-]+,\s+|[\w'-]+\s+(?:and|or)\s+)*?(?:[\w-]+-(?:related|induced)\s+)?"
        r"(?P<disease>" + "|".join(_DISEASES) + r")(?![\w-])"
        r"|(?<![\w-])anti-?(?P<anti>cancer|tumou?r|diabetic|viral|aging)(?![\w-])"
        # the noun form: "cancer prevention", "insomnia relief", "arthritis treatment"
        r"|(?<![\w-])(?P<named>" + "|".join(_DISEASES) + r")\s+(?:prevention|relief|treatment"
        r"|cure|remedy|remedies)(?![\w-])"
        # lowering a disease's marker is treating the disease (FDA: "lowers cholesterol"
        # is an implied disease claim; "helps maintain healthy cholesterol" is not)
        r"|(?<![\w-])(?:lower(?:s|ing)?|reduc(?:e|es|ing)|decreas(?:e|es|ing)|normali[sz](?:e|es|ing)"
        r"|bring(?:s|ing)?\s+down|control(?:s|ling)?)\s+(?:your\s+|the\s+)?(?:high\s+|elevated\s+)?"
        r"(?P<marker>" + _MARKERS + r")(?![\w-])"
        # an effect promised to people who have a disease: "improves insulin release in
        # people with diabetes"
        r"|(?<![\w-])(?P<effect>(?:increas|improv|boost|enhanc|rais|restor|lower|reduc|decreas"
        r"|normali[sz]|regulat|stabili[sz]|balanc)\w*)\s+(?:(?!" + _HARMS + r")[\w-]+\s+){1,4}?"
        r"(?:in|for|among)\s+(?:(?:some|many|most|all|the)\s+)?(?:people|patients|adults|those"
        r"|individuals|men|women|children|anyone|sufferers)\s+(?:with|who\s+have|suffering\s+from"
        r"|living\s+with)\s+(?:[\w-]+\s+){0,2}?(?P<condition>" + "|".join(_DISEASES)
        + "|" + _CONDITIONS + r")(?![\w-])",
        re.IGNORECASE)


@cache
def general_subject() -> re.Pattern[str]:
    """A subject that is not the product, in the clause before a marker or patient claim:
    "What lowers blood pressure", "Cutting salt lowers blood pressure", "Exercise improves
    insulin sensitivity in people with diabetes", "High doses lower triglycerides" give
    advice or pharmacology, they sell nothing."""
    return re.compile(
        r"\b(?:what|how|ways?|things|exercise|diets?|foods?|eating|lifestyle|salt|sodium"
        r"|weight|activity|walking|habits?|changes?|medicines?|medications?|drugs?"
        r"|treatments?|doctors?|doses?|dosages?|intakes?|amounts?)\b", re.IGNORECASE)


@cache
def evidence_before() -> re.Pattern[str]:
    """What the evidence is for ("good evidence for specific uses, such as preventing ...",
    "trials in people with ..."): a report of the evidence base, not the product's claim."""
    return re.compile(r"\b(?:evidence|studies|trials|research)\s+(?:for|on|in)\b",
                      re.IGNORECASE)


@cache
def medicine_before() -> re.Pattern[str]:
    """A medicine named just before a disease claim ("medicines that lower blood pressure",
    "tablets to treat diabetes"): the page speaks of drugs, not of its supplement."""
    return re.compile(
        r"\b(?:medicines?|medications?|drugs?|pills|tablets|prescriptions?|statins?|insulin)\s+"
        r"(?:(?:that|which)\s+(?:[\w-]+\s+)?|(?:used|prescribed|taken|given)\s+)?(?:to\s+)?$",
        re.IGNORECASE)
