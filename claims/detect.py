"""Claim detection: which sentences assert a health fact that an editor would want sourced.

Rules decide which sentences can be claims at all: headings and other non-prose blocks,
questions, fragments, title lines, instructions with no stated effect, referral advice and
the conditions of a "see a GP if:" list are excluded. Every other sentence is described by
cues read from the tokens the sentence pipeline already made (a health anchor, a claim
predicate, a quantity, an evidence phrase, definitional form, a call to action, first-person
narration, a quotation...) and by its words; a logistic regression learned from the
labelled dev set (``claims.claim_model``, trained by ``scripts/train_claims.py``) weighs
them into a score. A list's lead-in ("Deficiency can lead to:") is scored together with its
fragment items and stands for them: one claim unit, one finding. Hedges, negation and
boosters are also recorded as attributes. Lexicon matching runs once per block Doc and is
shared by all of the block's sentences.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from operator import attrgetter
from typing import Any

from claims.attribution import REPORTING_WORDS as _ATTRIBUTION_WORDS
from claims.citations import cited_sentences
from claims.claim_model import DECISION, text_features
from claims.claim_model import load as load_model
from claims.lexicons import HEALTH_LISTS, Hit, Lexicon, Tokens, load, tokens_of
from claims.model import Article, Block, BlockKind, Claim, Sentence
from claims.references import YEAR_VOLUME
from claims.sentence_shape import shape_features
from claims.statement_patterns import opening_label, pattern_features, section_kind

DEFAULT_THRESHOLD = DECISION  # the model's bias holds the threshold chosen in training

CLAIM_TYPES = (
    "quantity", "causal", "efficacy", "risk", "mechanism", "definition", "recommendation",
    "correlation", "prediction", "personal_experience",
)

# Cue precedence for the claim type (Full Fact's taxonomy puts quantities first).
_TYPE_ORDER = ("definition", "quantity", "risk", "efficacy", "correlation", "mechanism",
               "causal", "prediction", "recommendation")
_COMPARATIVES = frozenset([
    "more", "less", "fewer", "better", "worse", "higher", "lower", "faster", "slower",
    "greater", "larger", "smaller", "stronger", "weaker", "safer"
])
_DETERMINERS = frozenset([
    "the", "a", "an", "its", "their", "his", "her", "our", "your", "my", "these", "those",
    "this", "that", "such", "any", "each", "every", "no"
])
_AUXILIARIES = frozenset([
    "is", "are", "was", "were", "can", "may", "might", "could", "will", "would", "does",
    "do", "has", "have", "had", "should", "must", "cannot"
])
_CLAUSE_STOPS = frozenset([
    ",", ";", ":", "that", "which", "who", "where", "when", "if", "before", "after",
    "until", "unless", "because", "as", "since", "so", "while"
])
_PRONOUN_SUBJECTS = frozenset([
    "it", "they", "these", "this", "those", "its", "their"
])
_ARTICLES = frozenset([
    "a", "an", "the", "one"
])
_REASON = frozenset([
    "because", "as", "since", "although", "though", "while", "which", "so"
])
_THAT_FRAMES = frozenset([
    "remember", "note", "know", "understand"
])
_EFFECTS = frozenset(["causal", "efficacy", "risk", "correlation"])
_TERMINAL_CLOSERS = "\"'”’)]» \t"
_QUOTES_OPEN = "\"“‘'«"
_QUOTES_CLOSE = "\"”’'»"
_ATTRIBUTION = re.compile(
    r"^[\s,]*(?:\S+\s+){0,5}?(?:said|says|told|added|explained|wrote|warned|noted|"
    r"according)\b", re.IGNORECASE)


_NUMBER_WORDS = frozenset([
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "hundred", "thousand", "million", "billion", "trillion", "dozen", "hundreds",
    "thousands", "millions", "billions", "trillions", "dozens"
])


def _like_num(word: str) -> bool:
    """Digits ('2,985', '3.8', '1/2') or a number word ('six', 'trillions')."""
    plain = word.replace(",", "").replace(".", "", 1)
    if plain.isdigit():
        return True
    if "/" in plain:
        top, _, bottom = plain.partition("/")
        return top.isdigit() and bottom.isdigit()
    return word in _NUMBER_WORDS


class _Sent:
    """One sentence's tokens as plain lists (indexes are sentence-relative)."""

    __slots__ = ("base", "lower", "view")

    def __init__(self, view: Tokens, start: int, end: int) -> None:
        self.view = view
        self.base = start
        self.lower = view.lower[start:end]

    def __len__(self) -> int:
        return len(self.lower)

    def word(self, i: int) -> str:
        return self.view.word(self.base + i)

    def words(self, start: int, end: int) -> str:
        text, idx, lower, base = self.view.text, self.view.idx, self.lower, self.base
        return " ".join([text[idx[base + i]:idx[base + i] + len(lower[i])]
                         for i in range(start, end)])


@dataclass
class Assessment:
    """How one sentence scored, whether or not it is a claim."""

    score: float
    type: str
    cues: list[str] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)
    excluded: str = ""  # why the sentence cannot be a claim (question, instruction...)
    features: list[str] = field(default_factory=list, repr=False)  # what the model weighed
    items: list[Sentence] = field(default_factory=list, repr=False)  # a lead-in's fragments


class _Cues:
    """The lexicon hits inside one sentence, sorted by family."""

    __slots__ = ("families", "health", "labels", "predicates")

    def __init__(self) -> None:
        self.health: dict[int, Hit] = {}  # by start token, longest kept
        self.predicates: dict[str, list[tuple[str, Hit]]] = {}
        self.families: dict[str, str] = {}  # predicate family -> its strongest strength
        self.labels: dict[str, list[Hit]] = {}  # a listed label has hits


def detect(article: Article, threshold: float = DEFAULT_THRESHOLD, *,
           quotes: bool = True) -> list[Claim]:
    """The article's claims: prose sentences scoring at least ``threshold``. A list's lead-in
    claim carries the fragment items it stands for (``Claim.items``)."""
    claims: list[Claim] = []
    scored = prose_assessments(article) if quotes else assess(article, quotes=False)
    for sentence, assessment in scored:
        if assessment.excluded or assessment.score < threshold:
            continue
        claims.append(Claim(
            sentence=sentence, start=sentence.start, end=sentence.end, text=sentence.text,
            type=assessment.type, score=round(assessment.score, 3), cues=assessment.cues,
            attributes=assessment.attributes, items=list(assessment.items),
            features=assessment.features,
        ))
    return claims


def explain(claim: Claim, limit: int = 5) -> list[tuple[str, float]]:
    """The features that weighed most for a claim's score, for an editor asking why: cues
    and words, not punctuation (computed on demand; linting never needs it)."""
    out = []
    for name, weight in load_model().contributions(claim.features):
        words = name.partition(":")[2].replace("</s>", "").replace("<s>", "")
        if weight <= 0 or not any(c.isalnum() for c in words):
            continue
        out.append((name, round(weight, 2)))
        if len(out) == limit:
            break
    return out


def attach_citations(article: Article, claims: Iterable[Claim] | None = None) -> None:
    """Give each claim (default: the article's) the citations its own sentence carries."""
    by_sentence = cited_sentences(article)
    for claim in article.claims if claims is None else claims:
        claim.citations = [c for s in (claim.sentence, *claim.items)
                           for c in by_sentence.get(id(s), ())]


def prose_assessments(article: Article) -> list[tuple[Sentence, Assessment]]:
    """``assess(article)``, computed once per article and kept on it."""
    if article.assessments is None:
        article.assessments = assess(article)
    return article.assessments


class _DocHits:
    """The lexicon hits of one block Doc, shared by the block's sentences."""

    __slots__ = ("doc", "ends", "hits", "starts", "view")

    def __init__(self, lexicon: Lexicon, doc: Any, text: str) -> None:
        self.doc = doc
        self.view = tokens_of(doc, text)
        self.hits = lexicon.match(self.view)  # in token order
        self.starts = list(map(_START, self.hits))
        self.ends = list(map(_END, self.hits))

    def within(self, start: int, end: int) -> list[Hit]:
        """The hits inside tokens ``[start, end)``; slices and ``max`` run in C, and only
        a sentence that a hit runs past is filtered hit by hit."""
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end, lo)
        inside = self.hits[lo:hi]
        if inside and max(self.ends[lo:hi]) > end:
            inside = [h for h in inside if h.end <= end]
        return inside


def assess(article: Article, *, quotes: bool = True) -> list[tuple[Sentence, Assessment]]:
    """Score every sentence of the article (headings and non-prose blocks are excluded)."""
    lexicon = load()
    out: list[tuple[Sentence, Assessment]] = []
    units = _list_units(article.sentences)
    absorbed = {id(item) for items in units.values() for item in items}
    doc_hits: _DocHits | None = None  # the current block's (its sentences are consecutive)
    topic_block: int | None = None  # the block whose last sentence named a health term
    referral = _ReferralList()
    for sentence in article.sentences:
        span = sentence.doc
        block = sentence.block
        referral_item = referral.holds(block)
        if not block.kind.is_prose:
            reason = "heading" if block.kind is BlockKind.HEADING else block.kind.value
            out.append((sentence, Assessment(0.0, "", excluded=reason)))
            if block.kind is BlockKind.HEADING:
                referral.after(sentence, ())  # "See a GP if:" read as a heading
            continue
        if span is None:
            out.append((sentence, Assessment(0.0, "", excluded="untokenized")))
            continue
        doc = span.doc
        if doc_hits is None or doc_hits.doc is not doc:
            doc_hits = _DocHits(lexicon, doc, block.projection.text)
        inside = doc_hits.within(span.start, span.end)
        if id(sentence) in absorbed and not referral_item:
            # A fragment item ("pale skin") is part of its lead-in's claim unit.
            out.append((sentence, Assessment(0.0, "", excluded="list-item")))
            referral.after(sentence, inside)
            continue
        items = units.get(id(sentence), ())
        item_words = [w for item in items for w in _item_words(item)]
        assessment = assess_span(span, inside, lexicon, quotes=quotes,
                                 quoted_block=block.quoted,
                                 topic=topic_block == id(block), view=doc_hits.view,
                                 referral_item=referral_item, item_words=item_words,
                                 context=_context(block))
        if items and not assessment.excluded:
            assessment.items = list(items)
            assessment.attributes["list_items"] = len(items)
        out.append((sentence, assessment))
        referral.after(sentence, inside)
        health = not _HEALTH_LABELS.isdisjoint(map(_LABEL, inside))
        topic_block = id(block) if health else None
    return out


def _list_units(sentences: Sequence[Sentence]) -> dict[int, list[Sentence]]:
    """Lead-ins and the fragment items they stand for, by ``id()`` of the lead-in.

    A lead-in is a prose sentence ending in ":" that closes its block and is followed by
    list items; its items are the ones that are fragments ("pale skin", "feeling tired"),
    not full sentences, up to the first block that is not a list item. A bare label
    ("Causes:", "Risk factors:"), even as an item of a list, also leads in to the short
    unbulleted lines that follow it, as plain text writes a list. A referral lead-in
    ("See a GP if you have:") is left to ``_ReferralList``.
    """
    units: dict[int, list[Sentence]] = {}
    count = len(sentences)
    for i, sentence in enumerate(sentences):
        block = sentence.block
        text = sentence.text.rstrip(_TERMINAL_CLOSERS)
        if not block.kind.is_prose or (block.kind is BlockKind.LIST_ITEM and i and \
                sentences[i - 1].block.kind is BlockKind.LIST_ITEM and
                not _is_bare_label(text)):
            continue
        if not text.endswith(":") or _REFERRAL_LEAD_IN.match(text):
            continue
        if i + 1 < count and sentences[i + 1].block is block:
            continue  # the colon is inside the paragraph, not before a list
        items: list[Sentence] = []
        open_lead_in = _open_lead_in(text)
        label = _is_bare_label(text)
        j = i + 1
        while j < count and sentences[j].block.kind is BlockKind.LIST_ITEM:
            if _is_fragment_item(sentences[j], open_lead_in):
                items.append(sentences[j])
            j += 1
        while label and j < count and _is_unmarked_item(sentences, j):
            items.append(sentences[j])  # plain text keeps a label's list as bare lines
            j += 1
        if items:
            units[id(sentence)] = items
    return units


def _is_fragment_item(sentence: Sentence, open_lead_in: bool = False) -> bool:
    """A list item that is a fragment of its lead-in's sentence ("pale skin", "feeling
    tired and weak"), not a sentence of its own: no closing full stop, few words. After a
    lead-in that cannot end a sentence ("...are prone to them, including:"), a short item
    is its complement even with a full stop ("Pregnant women, often due to weight gain.")."""
    text = sentence.text.strip().rstrip(_TERMINAL_CLOSERS)
    if not text or len(text.split()) > _FRAGMENT_WORDS:
        return False
    return open_lead_in or text[-1] not in ".!?"


def _is_bare_label(text: str) -> bool:
    """A lead-in that is only a section label ("Causes:", "Risk factors:")."""
    words = _WORD.findall(text.lower())
    return 0 < len(words) <= 3 and bool(section_kind(" ".join(words)))


def _is_unmarked_item(sentences: Sequence[Sentence], j: int) -> bool:
    """A paragraph of one short line without a full stop: an item of the list that a bare
    label leads in to, as plain text writes it without bullets."""
    sentence = sentences[j]
    block = sentence.block
    if sentence.text.rstrip(_TERMINAL_CLOSERS).endswith(":") or \
            _is_bare_label(sentence.text):
        return False  # the next label, or a heading the reader kept as a line
    if block.kind is not BlockKind.PARAGRAPH or \
            (j + 1 < len(sentences) and sentences[j + 1].block is block):
        return False
    return _is_fragment_item(sentence)


def _open_lead_in(text: str) -> bool:
    """Whether a lead-in ends on a word that needs its list to finish the sentence
    ("include:", "such as:", "caused by:"), as "Symptoms:" or "A few tips:" do not."""
    words = _WORD.findall(text.lower())
    return bool(words) and words[-1] in _OPEN_LEAD_IN_WORDS


_FRAGMENT_WORDS = 14
_OPEN_LEAD_IN_WORDS = frozenset([
    "include", "includes", "including", "included", "as", "like", "are", "is", "be",
    "to", "from", "with", "by", "of", "for", "among", "involve", "involves", "cause",
    "causes", "experience", "have", "has", "contain", "contains", "affect", "affects",
])


_WORD = re.compile(r"[a-z][a-z'-]+")


def _item_words(sentence: Sentence) -> list[str]:
    span = sentence.doc
    if span is None:
        return sentence.text.lower().split()
    return [token.lower_ for token in span]


class _ReferralList:
    """Tracks the list that follows a referral lead-in ("See a GP if you have:").

    Its items are the conditions of the advice ("headaches that keep coming back"), not
    statements of fact: only an item that says what the sign means ("which can be a sign of
    a stroke") can be a claim. The list runs over the list items that follow the lead-in,
    whether the lead-in is a paragraph or the list's own first item.
    """

    __slots__ = ("lead_in",)

    def __init__(self) -> None:
        self.lead_in: int | None = None  # id() of an open list's lead-in block

    def holds(self, block: Block) -> bool:
        """Whether ``block`` is an item of the open referral list; any other block closes it."""
        if id(block) == self.lead_in:
            return False
        if block.kind is not BlockKind.LIST_ITEM:
            self.lead_in = None
        return self.lead_in is not None

    def after(self, sentence: Sentence, hits: Sequence[Hit]) -> None:
        """Open a list after a sentence that ends in a colon and gives referral advice
        (``hits``: its lexicon hits, if it was scored)."""
        text = sentence.text.rstrip(_TERMINAL_CLOSERS)
        if not text.endswith(":"):
            return
        if _REFERRAL_LEAD_IN.match(text) or any(h.label == "consult" for h in hits):
            self.lead_in = id(sentence.block)


# "Book an appointment if:", "Call 999 or go to A&E if you have:", "Speak to a pharmacist
# when:": a verb of getting help, then the condition the list completes.
_REFERRAL_LEAD_IN = re.compile(
    r"^(?:\W*)(?:see|call|contact|speak\s+to|talk\s+to|ask|book|get|seek|go\s+to|phone|visit"
    r"|tell|ring)\b[^:]*\b(?:if|when|whenever)\b[^:]*:$", re.IGNORECASE)


def assess_span(span: Any, hits: Sequence[Hit], lexicon: Lexicon | None = None, *,
                quotes: bool = True, quoted_block: bool = False,
                topic: bool = False, view: Tokens | None = None,
                referral_item: bool = False, item_words: Sequence[str] = (),
                context: Sequence[str] = ()) -> Assessment:
    """Score one sentence (a spaCy Span) from its lexicon hits.

    ``topic``: the previous sentence of the block named a health term, so a sentence opening
    with a pronoun ("It affects one in four adults") is about it. ``referral_item``: the
    sentence is an item of a "see a doctor if you have:" list (see ``_ReferralList``).
    ``item_words``: the lower-cased words of the fragment items of the list this sentence
    leads in to ("Deficiency can lead to:" + "tiredness", "pale skin"), scored with it.
    ``quotes``: direct quotations are scored (off: they are never claims). ``context``:
    features of where the sentence stands (its block's kind).
    """
    lexicon = lexicon or load()
    if view is None:
        view = tokens_of(span.doc)
    sent = _Sent(view, span.start, span.end)
    lower = sent.lower
    text = view.text[span.start_char:span.end_char]
    if _is_question(text):
        return Assessment(0.0, "", excluded="question")
    if not quotes and (quoted_block or _is_quotation(text)):
        return Assessment(0.0, "", excluded="quotation")
    if (len(lower) < 3 or (len(lower) < 8 and sum(1 for w in lower if w[:1].isalnum()) < 3)) \
            and not (item_words and opening_label(lower)):
        # A label over a list ("Causes:", "Risk factors:") is scored with its items.
        return Assessment(0.0, "", excluded="fragment")
    if _title_cased(text):
        return Assessment(0.0, "", excluded="title")

    base = span.start
    cues = _collect(hits, sent)
    attributes = _attributes(cues, sent, lexicon)
    quoted = quoted_block or _is_quotation(text)
    if quoted:
        attributes["quoted"] = True

    sign_with_meaning = False
    if referral_item:
        if not _says_what_it_means(cues, lower, base):
            return Assessment(0.0, "", attributes=attributes, excluded="referral-condition")
        sign_with_meaning = True  # "Muscle weakness (which could indicate nerve damage)"

    if _usage_permission(lower) and not _says_what_it_means(cues, lower, base):
        # "..., you can carry on for up to another 5 days": directions for use
        return Assessment(0.0, "", attributes=attributes, excluded="instruction")
    if "consult" in cues.labels and not _SECOND_PERSON.isdisjoint(lower) and \
            not _says_what_it_means(cues, lower, base):
        # "If spasms are new, you need to speak to your doctor": advice to the reader.
        return Assessment(0.0, "", attributes=attributes, excluded="referral-advice")

    imperative = _imperative_at(sent, lexicon, hits)
    scope_from = 0
    features: list[str] = ["cue:sign-with-meaning"] if sign_with_meaning else []
    if imperative is not None:
        reason = _reason_clause(lower, imperative)
        if reason is None:
            return Assessment(0.0, "", attributes=attributes, excluded="instruction")
        scope_from = reason
        features.append("cue:instruction-with-reason")
        cues = _collect([h for h in hits if h.start - base >= reason
                         or h.label.startswith("health:")], sent)

    cue_names: list[str] = []
    families = cues.families

    n_health = len(cues.health)
    cue_names += [f"{h.label.partition(':')[2]}:{h.text}" for h in cues.health.values()]
    features += [f"cue:{h.label}" for h in cues.health.values()]
    if not n_health and topic and _pronoun_subject(lower):
        n_health = 1
        cue_names.append("topic:previous sentence")
        features.append("cue:topic-pronoun")
    if not n_health and "ev:subject" in cues.labels:
        n_health = 1  # a study or trial is what the sentence is about
        cue_names.append(f"study:{cues.labels['ev:subject'][0].text}")
        features.append("cue:study-subject")
    features.append(f"cue:health-terms={min(n_health, 3)}")

    evidence = attributes.get("evidence", "")
    if evidence:
        cue_names.append(f"evidence:{evidence}")
        features.append("cue:evidence")
    if not n_health and not evidence:
        features.append("cue:no-anchor")

    strong = [f for f, s in families.items() if s == "strong"]
    strong_effect = not _EFFECTS.isdisjoint(strong)
    if strong:
        features.append("cue:strong-predicate")
        if len(strong) > 1:
            features.append("cue:second-family")
    elif families:
        features.append("cue:weak-predicate")
    for family, hit_list in cues.predicates.items():
        for strength, hit in hit_list:
            weak = "" if strength == "strong" else "~"
            cue_names.append(f"{family}{weak}:{hit.text}")
            features.append(f"cue:{family}{weak}")

    quantity = _quantity(sent, cues, lexicon, scope_from)
    if quantity:
        features.append("cue:quantity" if n_health else "cue:quantity-unanchored")
        cue_names.append(f"quantity:{quantity}")
    elif "q:vague" in cues.labels:
        features.append("cue:vague-quantity")
        cue_names.append(f"quantity~:{cues.labels['q:vague'][0].text}")
        if not families:
            quantity = cues.labels["q:vague"][0].text

    definition = _definition(lower, base, cues)
    if definition:
        features.append("cue:definition" if definition == "strong" else "cue:definition~")
        cue_names.append("definition" if definition == "strong" else "definition~")

    if _comparative(cues, sent.base + scope_from, lower, sent.base):
        features.append("cue:comparative")
        cue_names.append("comparative")
    for label in ("generic", "hedge", "booster", "negation"):
        if label in cues.labels:
            features.append(f"cue:{label}")

    if "cta" in cues.labels:
        features.append("cue:call-to-action")
        cue_names.append("call-to-action")
    if "composition" in cues.labels and not strong_effect:
        features.append("cue:product-composition")
        cue_names.append("product-composition")
    if "consult" in cues.labels:
        features.append("cue:referral-advice")
        cue_names.append("referral-advice")
    if any(h.start - base < 2 for h in cues.labels.get("document", ())):
        features.append("cue:about-the-page")  # "This page answers...": it speaks of itself
        cue_names.append("about-the-page")

    personal = False
    if "first_person" in cues.labels:
        personal = bool(n_health and "efficacy" in families and strong)
        features.append("cue:first-person-efficacy" if personal else "cue:first-person")
        if not personal:
            cue_names.append("first-person")
    if text.rstrip().endswith(":"):
        features.append("cue:list-lead-in")
        cue_names.append("list-lead-in")
    if _reader_conditional(lower):
        features.append("cue:reader-conditional")
        cue_names.append("reader-conditional")
    if "hedge" in cues.labels and not _SECOND_PERSON.isdisjoint(lower):
        features.append("cue:reader-hedge")  # "what you're feeling might be a strain"
    if _gerund_subject(lower):
        features.append("cue:gerund-subject")
        cue_names.append("gerund-subject")
    if quoted:
        features.append("cue:quoted-block" if quoted_block else "cue:quotation")
    if not _ATTRIBUTION_WORDS.isdisjoint(lower):
        features.append("cue:attributed")
    if _may_be_reference_entry(text) and _REFERENCE_ENTRY.search(text):
        features.append("cue:reference-entry")
    features += context
    features += pattern_features(lower)
    label = opening_label(lower)
    if label:
        features.append(f"cue:label-{label}")
    shape, verbs = shape_features(lower)
    features += shape
    text = text_features(lower) + verbs
    if item_words:
        features.append("cue:lead-in-with-items")
        text += text_features(item_words)
    score = load_model().score_of(features, text)
    if sign_with_meaning:
        # A rule, as the list's conditions are: an item of a "see a doctor if:" list that
        # says what its sign means is a claim (46 of the 47 such items of the tuning set are
        # labelled so), however few words the model has seen it in.
        score = max(score, DECISION)
    claim_type = _type(families, strong, quantity, definition, evidence, personal)
    return Assessment(score, claim_type, cue_names, attributes, features=features + text)


def _context(block: Block) -> list[str]:
    """Where a sentence stands: its block's kind. (The section heading's words were
    features too; cross-validation recalled more without them: they learned topics. The
    heading's kind, ``section_kind``, left cross-validated F1 unchanged and cost precision
    on real pages: a label's kind, ``opening_label``, is kept instead.)"""
    return [f"k:{block.kind.value}"]


# A reference-list entry read as prose: 'Smith J, et al.', '2019;12(3):45-52', 'doi:'
_REFERENCE_ENTRY = re.compile(r"\bet al\b|\bdoi\b|" + YEAR_VOLUME
                              + r"|\(\d{4}\)\.|\b(?:vol|pp)\.\s*\d")
# What every match of _REFERENCE_ENTRY holds (it is case-sensitive): most sentences have
# none, and substring scans decide them without running the pattern at every character.
_REFERENCE_ENTRY_PARTS = ("et al", "doi", ";", ").", "vol.", "pp.")


def _may_be_reference_entry(text: str) -> bool:
    return any(part in text for part in _REFERENCE_ENTRY_PARTS)


_HEALTH_LABELS = frozenset(f"health:{name}" for name in HEALTH_LISTS)
_LABEL = attrgetter("label")
_START = attrgetter("start")
_END = attrgetter("end")


@cache
def _predicate(label: str) -> tuple[str, str, bool] | None:
    """(family, strength, is a verb) of a predicate label; cached: it runs for every hit."""
    if not label.startswith("pred:"):
        return None
    parts = label.split(":")
    return parts[1], parts[2], len(parts) > 3


def _collect(hits: Iterable[Hit], sent: _Sent) -> _Cues:
    """Sort a sentence's hits by family; claim words inside a name are dropped here."""
    base, lower = sent.base, sent.lower
    cues = _Cues()
    health, labels = cues.health, cues.labels
    predicates, families = cues.predicates, cues.families
    for hit in hits:
        label, start, end, _ = hit
        if label in _HEALTH_LABELS:
            prev = health.get(start)
            if prev is None or end > prev.end:
                health[start] = hit
            continue
        predicate = _predicate(label)
        if predicate is None:
            group = labels.get(label)
            if group is None:
                labels[label] = [hit]
            else:
                group.append(hit)
            continue
        family, strength, verb = predicate
        if _in_name(sent, hit):
            continue
        if verb and _after_determiner(lower, start - base):
            continue  # "the causes", "a cure": a noun, not the verb
        predicates.setdefault(family, []).append((strength, hit))
        if families.get(family) != "strong":
            families[family] = strength
    for name in labels.get("not_health", ()):  # "drug companies": no health anchor
        for start in [s for s, h in health.items() if name.start <= s and h.end <= name.end]:
            del health[start]
    if len(health) > 1:
        # A health term inside a longer one ("vitamin" in "vitamin D") is the same anchor.
        kept: dict[int, Hit] = {}
        reach = -1
        for start in sorted(health):
            hit = health[start]
            if start < reach:
                continue
            kept[start] = hit
            reach = hit.end
        cues.health = kept
    return cues


def _usage_permission(lower: Sequence[str]) -> bool:
    """Directions addressed to the reader: "you can carry on", "you may repeat the dose"."""
    for i in range(len(lower) - 2):
        if lower[i] == "you" and lower[i + 1] in ("can", "may") and \
                lower[i + 2] in _USAGE_VERBS:
            return _reason_clause(lower, i + 2) is None  # "... to reduce swelling" is a claim
    return False


_USAGE_VERBS = frozenset([
    "carry", "continue", "repeat", "keep", "reapply", "use", "apply", "take", "stop"
])


def _pronoun_subject(lower: Sequence[str]) -> bool:
    """The sentence's subject is a pronoun: "It affects...", or after a short opening
    phrase, "For most women they fade...", "In children, it can..."."""
    if lower[0] in _PRONOUN_SUBJECTS:
        return True
    if lower[0] not in _OPENING_PREPOSITIONS:
        return False
    return any(w in _PRONOUN_SUBJECTS for w in lower[2:6])


_AVERAGES = frozenset(["average", "median", "mean"])
# A purpose that states an effect ("to prevent", "to help stop"); "to avoid ice burns" does
# not make an instruction a claim.
_PURPOSE_VERBS = frozenset([
    "help", "prevent", "reduce", "stop", "ease", "relieve", "heal", "lower", "protect", "cure",
    "treat", "clear", "shorten", "speed"
])
# ", as" followed by these is a manner or comparison ("as well as", "as directed").
_AS_NOT_REASON = frozenset([
    "well", "soon", "long", "much", "far", "directed", "needed", "required", "prescribed",
    "usual", "such", "a", "an", "part", "shown", "described"
])
_SECOND_PERSON = frozenset(["you", "your", "you're", "yourself", "yours"])
_OPENING_PREPOSITIONS = frozenset([
    "for", "in", "among", "after", "during", "once", "over", "with", "without", "at"
])


def _says_what_it_means(cues: _Cues, lower: Sequence[str], base: int) -> bool:
    """A warning sign with its meaning: "a sign of a fracture", "which could indicate...",
    or a relative or reason clause that states an effect ("which can lead to an eye
    infection", ", as hay fever can make asthma worse")."""
    if "sign_meaning" in cues.labels:
        return True
    clause = _reason_clause(lower, 0)
    if clause is None:
        return False
    return any(hit.start - base >= clause
               for hits in cues.predicates.values() for _, hit in hits)


def _in_name(sent: _Sent, hit: Hit) -> bool:
    """A claim word inside a capitalised name ('Pain Relief Cream', 'Institute for Health
    and Care Excellence') names something; it asserts nothing."""
    if not hit.text[:1].isupper() or not hit.label.startswith("pred:"):
        return False
    i = hit.start - sent.base
    if i == 0:
        return False
    before = sent.word(i - 1)
    after = sent.word(hit.end - sent.base) if hit.end - sent.base < len(sent) else ""
    return before[:1].isupper() or after[:1].isupper()


def _after_determiner(lower: Sequence[str], i: int) -> bool:
    return 0 < i <= len(lower) and lower[i - 1] in _DETERMINERS


# Words after which "that" opens what is said or found ("studies show that ..."), not a
# relative clause ("a contraction that cannot be relaxed").
_COMPLEMENT_HEADS = frozenset((
    "show", "shows", "showed", "shown", "find", "finds", "found", "suggest", "suggests",
    "suggested", "say", "says", "said", "mean", "means", "meant", "evidence", "proof", "clear",
    "true", "believe", "believed", "think", "thought", "claim", "claims", "claimed", "know",
    "known", "argue", "argued", "report", "reports", "reported", "confirm", "confirms",
    "confirmed", "so", "such", "likely", "unlikely", "possible", "sure", "fact", "idea", "myth"))
_RELATIVE = frozenset(("which", "who", "whom", "whose"))


def _in_relative_clause(hit: Any, sent: _Sent) -> bool:
    """A negation inside a relative clause qualifies a noun; it does not negate the claim
    ('a contraction that cannot be relaxed' is not a negative finding)."""
    for j in range(hit.start - sent.base - 1, -1, -1):
        word = sent.lower[j]
        if word in (",", ";", ":", "(", ")"):
            return False
        if word in _RELATIVE:
            return True
        if word == "that":
            return j > 0 and sent.lower[j - 1].isalpha() and \
                sent.lower[j - 1] not in _COMPLEMENT_HEADS
    return False


def _attributes(cues: _Cues, sent: _Sent, lexicon: Lexicon) -> dict[str, Any]:
    hedges = cues.labels.get("hedge")
    negations = [h for h in cues.labels.get("negation") or ()
                 if not _in_relative_clause(h, sent)]
    boosters = cues.labels.get("booster")
    attributes: dict[str, Any] = {
        "hedged": bool(hedges), "negated": bool(negations), "boosted": bool(boosters),
    }
    if hedges:
        attributes["hedges"] = _unique(h.text for h in hedges)
    if negations:
        attributes["negations"] = _unique(h.text for h in negations)
    if boosters:
        attributes["boosters"] = _unique(h.text for h in boosters)
    evidence = _evidence_phrase(cues, sent, lexicon)
    if evidence:
        attributes["evidence"] = evidence
    return attributes


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item.lower(), None)
    return list(seen)


def _evidence_phrase(cues: _Cues, sent: _Sent, lexicon: Lexicon) -> str:
    """'studies show', 'a 2019 meta-analysis found', 'clinically proven' — or ''."""
    base, lower = sent.base, sent.lower
    fixed = cues.labels.get("evidence")
    if fixed:
        return max(fixed, key=lambda h: h.end - h.start).text
    subjects = cues.labels.get("ev:subject", ())
    verbs = cues.labels.get("ev:verb", ())
    for according in cues.labels.get("ev:according", ()):
        for subject in subjects:
            if according.end <= subject.start <= according.end + 4:
                return sent.words(according.start - base, subject.end - base)
    if not subjects or not verbs:
        return ""
    window = lexicon.evidence_window
    for subject in subjects:
        if "what" in lower[max(0, subject.start - base - 3):subject.start - base]:
            continue  # "what the evidence says": a topic, not an appeal to evidence
        for verb in verbs:
            if subject.end <= verb.start <= subject.end + window:
                start = subject.start - base
                end = verb.end - base
                # "a 2019 review found": include the determiner and year before the subject.
                while start > 0 and (_like_num(lower[start - 1]) or lower[start - 1] in _ARTICLES):
                    start -= 1
                gap = lower[subject.end - base:verb.start - base]
                if any(w in {".", ";", "?", "!"} for w in gap):
                    continue
                return sent.words(start, end)
    return ""


def _title_cased(text: str) -> bool:
    """A name or title set as a line ("Cetirizine 10 mg Film-Coated Tablets (30 tablets)"):
    no closing punctuation, and most of its longer words capitalised."""
    if text.rstrip(_TERMINAL_CLOSERS)[-1:] in ".!?:;":
        return False
    words = [w for w in _TITLE_WORD.findall(text) if w.lower() not in _TITLE_SMALL]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


_TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]{2,}")
_TITLE_SMALL = frozenset(["and", "the", "for", "with", "from", "into", "over", "per"])


def _is_question(text: str) -> bool:
    if "?" not in text:  # most sentences: decided by one scan in C
        return False
    return text.rstrip().rstrip(_TERMINAL_CLOSERS).rstrip().endswith("?") or \
        text.rstrip().endswith("?")


def _is_quotation(text: str) -> bool:
    """Direct speech: a sentence that opens with a quotation mark which closes near its end,
    or is followed by an attribution ('"...," said Dr Marsh')."""
    stripped = text.strip()
    if not stripped or stripped[0] not in _QUOTES_OPEN:
        return False
    close = max(stripped.rfind(q) for q in _QUOTES_CLOSE)
    if close > len(stripped) * 0.5:
        return True
    return close > 0 and bool(_ATTRIBUTION.match(stripped[close + 1:]))


def _imperative_at(sent: _Sent, lexicon: Lexicon, hits: Sequence[Hit] = ()) -> int | None:
    """Index of the verb when the sentence opens with an instruction ("Relax in a chair").

    Many instruction verbs are also nouns ("Sleep loss raises...", "Rest is..."): a finite
    verb (an auxiliary, or a claim verb in its -s form) before the first clause boundary
    means the first word was the subject, not an instruction.
    """
    imperatives = lexicon.sets.get("imperative", frozenset())
    adverbs = lexicon.sets.get("leading_adverbs", frozenset())
    lower, base = sent.lower, sent.base
    i = 0
    n = len(lower)
    labelled = _after_label(lower, imperatives)
    if labelled is not None:
        i = labelled  # "Children aged 6 to 11: take half a tablet"
    while i < n and not lower[i][:1].isalnum():
        i += 1
    first = i
    steps = 0
    while i < n and steps < 3 and (lower[i] in adverbs or lower[i] in ("n't", "not")):
        i += 1
        steps += 1
    if i >= n or lower[i] not in imperatives:
        return None
    if not steps and labelled is None and not sent.word(i)[:1].isupper():
        return None  # a lower-case verb mid-sentence is not an instruction's opening
    if steps and not sent.word(first)[:1].isupper():
        return None
    nxt = lower[i + 1] if i + 1 < n else ""
    if nxt in {"of", "'s"}:
        return None  # "Use of naproxen...": a noun, not an instruction
    if nxt == "sure" and lower[i] in ("make", "be"):
        return i  # "Make sure you are ...": the clause after it has its own subject
    verbs = {h.start - base for h in hits
             if h.label.endswith(":verb") and h.end - h.start == 1 and h.text.endswith("s")
             and not h.text.endswith("ss") and not _in_name(sent, h)}
    for j in range(i + 1, n):
        low = lower[j]
        if low in _CLAUSE_STOPS:
            break
        if low in _AUXILIARIES or j in verbs:
            return None
    return i


def _after_label(lower: Sequence[str], imperatives: frozenset[str]) -> int | None:
    """Where an instruction starts after a short label and a colon ("Adults: take one
    tablet a day") or after an opening "When …," clause ("When it cramps, walk around"),
    or None."""
    for i, word in enumerate(lower[:_LABEL_WORDS + 1]):
        if word == ":":
            return i + 1 if i + 1 < len(lower) and lower[i + 1] in imperatives else None
    if lower and lower[0] in _WHEN_OPENERS:
        # "When you feel the cramp coming, walk around": the instruction after the clause
        for i, word in enumerate(lower[:_CLAUSE_WORDS + 1]):
            if word == ",":
                return i + 1 if i + 1 < len(lower) and lower[i + 1] in imperatives else None
    return None


_LABEL_WORDS = 10
_WHEN_OPENERS = frozenset({"when", "whenever", "if", "once", "before", "after", "while"})
_CLAUSE_WORDS = 20


def _reason_clause(lower: Sequence[str], verb: int) -> int | None:
    """Where an instruction's stated reason begins ("..., because it can trigger spasms")."""
    n = len(lower)
    for i in range(verb + 1, n):
        low = lower[i]
        if low == ":" and i + 1 < n:
            return i + 1
        if low == "that" and lower[verb] in _THAT_FRAMES and i == verb + 1:
            return i + 1
        if low == "to" and i + 2 < n and lower[i + 1] in _PURPOSE_VERBS and (
                lower[i + 1] != "help" or lower[i + 2] in _PURPOSE_VERBS):
            return i + 1  # "Apply it early to help stop a cold sore from developing"
        if low in _REASON and i > verb + 1:
            prev = lower[i - 1]
            if low == "as" and i + 1 < n and lower[i + 1] not in {
                    "it", "they", "these", "this", "those", "that", "he", "she"} and (
                    prev != "," or lower[i + 1] in _AS_NOT_REASON):
                continue  # "as well as", "as a treatment": not a reason
            if low == "so" and i + 1 < n and lower[i + 1] == "that":
                return i + 2
            if low in {"which", "so"} and prev != ",":
                continue
            return i + 1
    return None


def _quantity(sent: _Sent, cues: _Cues, lexicon: Lexicon, scope_from: int) -> str:
    """The first statistic, dose or proportion in the sentence ('' if none)."""
    for ratio in cues.labels.get("q:ratio", ()):
        return ratio.text
    numbers = cues.labels.get("g:number")
    if not numbers:
        return ""
    not_quantity = lexicon.sets.get("not_quantity", frozenset())
    units = {h.start - sent.base for h in cues.labels.get("q:unit", ())}
    lower = sent.lower
    n = len(lower)
    for hit in numbers:
        i = hit.start - sent.base
        word = lower[i]
        if i < scope_from or not _like_num(word):
            continue
        prev = lower[i - 1] if i else ""
        nxt = lower[i + 1] if i + 1 < n else ""
        if prev in not_quantity or nxt in not_quantity or prev in {"$", "£", "€", "#"}:
            continue
        if len(word) == 4 and word.isdigit() and word[:2] in {"19", "20"} and nxt not in {
                "%", "people", "adults", "patients", "participants", "deaths", "cases"}:
            continue  # a year
        for k in (1, 2, 3):
            if i + k in units:
                return sent.words(i, min(n, i + k + 1))
        if nxt in {"in", "out"} and i + 2 < n and _like_num(lower[i + 2]):
            return sent.words(i, i + 3)
        if nxt in _COMPARATIVES or nxt in {"times", "fold"}:
            return sent.words(i, i + 2)
        if word.isdigit() and not _AVERAGES.isdisjoint(lower[:i]):
            return sent.words(i, i + 1)  # "the average age of menopause is 51"
        age_of = prev == "of" and i >= 2 and lower[i - 2] in {"age", "ages"}  # "the age of 40"
        if (age_of or prev in {"over", "under", "aged", "above", "below", "age", "ages"}) and \
                word.isdigit() and len(word) >= 2:
            return sent.words(i - 2 if age_of else i - 1, i + 1)
    return ""


def _definition(lower: Sequence[str], base: int, cues: _Cues) -> str:
    """'strong' for 'X is a condition in which...', 'X refers to...', 'X is a Y' with a health
    term as X; 'weak' for other 'X is/are ... Y' with health terms on both sides; else ''."""
    copulas = cues.labels.get("g:copula", ())
    if not copulas and "definition" not in cues.predicates:
        return ""
    definitional = [h for s, h in cues.predicates.get("definition", ()) if s == "strong"]
    n = len(lower)
    for copula in copulas:
        k = copula.start - base
        if not 1 <= k < 9:
            continue
        low = lower[k]
        subject = [h for h in cues.health.values() if h.start - base < k]
        if not subject:
            return ""
        if definitional or low in {"refers", "means"}:
            return "strong"
        if not any(h.start - base > k for h in cues.health.values()):
            return ""
        # "X is a Y" defines X; "X are involuntary motions in a muscle" is weaker evidence.
        return "strong" if k + 1 < n and lower[k + 1] in {"a", "an"} else "weak"
    if definitional and cues.health and \
            min(h.start for h in cues.health.values()) < definitional[0].start:
        return "strong"
    return ""


def _comparative(cues: _Cues, start: int, lower: Sequence[str], base: int) -> bool:
    """'more effective than', 'the most common': a comparison is a claim cue."""
    if "g:comparative" not in cues.labels and "g:superlative" not in cues.labels:
        return False
    thans = [h.start for h in cues.labels.get("g:than", ())]
    for hit in cues.labels.get("g:comparative", ()):
        if hit.start >= start and any(hit.start < t <= hit.start + 7 for t in thans):
            return True
    for hit in cues.labels.get("g:superlative", ()):
        i = hit.start - base
        if hit.start >= start and i and lower[i - 1] in {"the", "most", "a"}:
            return True
    return False


def _gerund_subject(lower: Sequence[str]) -> bool:
    """'Taking 400 mg a night lowers...', 'Staying active speeds up recovery': a sentence
    opening on an -ing word states what an action does."""
    first = next((w for w in lower if w[:1].isalpha()), "")
    return len(first) >= 5 and first.endswith("ing") and first not in _NOT_GERUNDS


_NOT_GERUNDS = frozenset([
    "during", "according", "nothing", "something", "anything", "everything", "morning",
    "evening", "following", "regarding", "including", "spring", "string", "being",
])


def _reader_conditional(lower: Sequence[str]) -> bool:
    """'If you...' / 'If your eyelid...': an example addressed to the reader."""
    return len(lower) >= 2 and lower[0] in {"if", "when"} and lower[1] in {"you", "your"}


def _type(families: dict[str, str], strong: Sequence[str], quantity: str, definition: str,
          evidence: str, personal: bool) -> str:
    if personal:
        return "personal_experience"
    present = set(families)
    if definition == "strong" or (definition and not families and not quantity):
        present.add("definition")
    if quantity:
        present.add("quantity")
    if "risk" in present and "efficacy" in strong and "risk" not in strong:
        present.discard("risk")
    for name in _TYPE_ORDER:
        if name in present and (name in strong or name in {"definition", "quantity"}):
            return name
    for name in _TYPE_ORDER:
        if name in present:
            return name
    return "correlation" if evidence else "causal"


__all__ = ["CLAIM_TYPES", "DEFAULT_THRESHOLD", "HEALTH_LISTS", "Assessment", "assess",
           "assess_span", "attach_citations", "detect", "explain"]
