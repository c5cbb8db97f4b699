"""Claim detection: which sentences assert a health fact that an editor would want sourced.

No statistical model is available, so a sentence is scored by rules over the tokens the
sentence pipeline already made (its spaCy Span): a health anchor (condition, drug,
nutrient, body system...), a claim predicate (causes, treats, is linked to...), quantities,
evidence phrases and definitional form raise the score; questions, instructions with no
asserted effect, calls to action, referral advice and first-person narration lower it or
rule the sentence out. Hedges, negation and boosters never decide whether a sentence is a
claim: they are recorded as attributes. Lexicon matching runs once per block Doc and is
shared by all of the block's sentences.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from claims.lexicons import HEALTH_LISTS, Hit, Lexicon, load
from claims.model import Article, BlockKind, Claim, Sentence

DEFAULT_THRESHOLD = 0.5

CLAIM_TYPES = (
    "quantity", "causal", "efficacy", "risk", "mechanism", "definition", "recommendation",
    "correlation", "prediction", "personal_experience",
)

# Log-odds contributions of each cue; the score is the logistic of their sum.
_BASE = -3.0
_HEALTH = (0.0, 1.5, 2.0, 2.3)  # by number of distinct health terms (0, 1, 2, 3+)
_NO_ANCHOR = -1.5
_STRONG = 1.8
_WEAK = 0.8
_SECOND_FAMILY = 0.3
_QUANTITY = 1.5
_QUANTITY_UNANCHORED = 0.5
_VAGUE_QUANTITY = 1.0
_EVIDENCE = 2.5
_DEFINITION = 2.0
_DEFINITION_WEAK = 1.2
_COMPARATIVE = 0.5
_GENERIC = 0.4
_BOOSTER = 0.2
_CTA = -2.5
_CONSULT = -1.5
_FIRST_PERSON = -2.5
_READER_CONDITIONAL = -1.0
_LEAD_IN = -1.0
_COMPOSITION = -1.5

# Cue precedence for the claim type (Full Fact's taxonomy puts quantities first).
_TYPE_ORDER = ("definition", "quantity", "risk", "efficacy", "correlation", "mechanism",
               "causal", "prediction", "recommendation")
_COMPARATIVES = frozenset([
    "more", "less", "fewer", "better", "worse", "higher", "lower", "faster", "slower",
    "greater", "larger", "smaller", "stronger", "weaker", "safer"
])
_SUPERLATIVES = frozenset([
    "most", "least", "best", "worst", "richest", "leading", "biggest", "highest", "lowest"
])
_COPULAS = frozenset([
    "is", "are", "was", "were"
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
_TERMINAL_CLOSERS = "\"'”’)]» \t"
_QUOTES_OPEN = "\"“‘'«"
_QUOTES_CLOSE = "\"”’'»"
_ATTRIBUTION = re.compile(
    r"^[\s,]*(?:\S+\s+){0,5}?(?:said|says|told|added|explained|wrote|warned|noted|"
    r"according)\b", re.IGNORECASE)


@dataclass
class Assessment:
    """How one sentence scored, whether or not it is a claim."""

    score: float
    type: str
    cues: list[str] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)
    excluded: str = ""  # why the sentence cannot be a claim (question, instruction...)


@dataclass
class _Cues:
    """The lexicon hits inside one sentence, sorted by family."""

    health: dict[int, Hit] = field(default_factory=dict)  # by start token, longest kept
    predicates: dict[str, list[tuple[str, Hit]]] = field(default_factory=dict)
    labels: dict[str, list[Hit]] = field(default_factory=dict)

    def has(self, label: str) -> bool:
        return bool(self.labels.get(label))


def detect(article: Article, threshold: float = DEFAULT_THRESHOLD, *,
           quotes: bool = False) -> list[Claim]:
    """The article's claims: prose sentences scoring at least ``threshold``."""
    claims: list[Claim] = []
    for sentence, assessment in assess(article, quotes=quotes):
        if assessment.excluded or assessment.score < threshold:
            continue
        claims.append(Claim(
            sentence=sentence, start=sentence.start, end=sentence.end, text=sentence.text,
            type=assessment.type, score=round(assessment.score, 3), cues=assessment.cues,
            attributes=assessment.attributes,
        ))
    return claims


def attach_citations(article: Article, claims: Iterable[Claim] | None = None) -> None:
    """Give each claim (default: the article's) the citations its own sentence carries."""
    by_sentence: dict[int, list[Any]] = {}
    for citation in article.citations:
        if citation.sentence is not None:
            by_sentence.setdefault(id(citation.sentence), []).append(citation)
    for claim in article.claims if claims is None else claims:
        claim.citations = by_sentence.get(id(claim.sentence), [])


def assess(article: Article, *, quotes: bool = False) -> list[tuple[Sentence, Assessment]]:
    """Score every sentence of the article (headings and non-prose blocks are excluded)."""
    lexicon = load()
    out: list[tuple[Sentence, Assessment]] = []
    doc_hits: dict[int, tuple[list[int], list[Hit]]] = {}
    topic_block: int | None = None  # the block whose last sentence named a health term
    for sentence in article.sentences:
        span = sentence.doc
        block = sentence.block
        if not block.kind.is_prose:
            reason = "heading" if block.kind is BlockKind.HEADING else block.kind.value
            out.append((sentence, Assessment(0.0, "", excluded=reason)))
            continue
        if span is None:
            out.append((sentence, Assessment(0.0, "", excluded="untokenized")))
            continue
        doc = span.doc
        cached = doc_hits.get(id(doc))
        if cached is None:
            hits = sorted(lexicon.match(doc), key=lambda h: (h.start, -h.end))
            cached = ([h.start for h in hits], hits)
            doc_hits[id(doc)] = cached
        starts, hits = cached
        lo = bisect.bisect_left(starts, span.start)
        hi = bisect.bisect_left(starts, span.end)
        inside = [h for h in hits[lo:hi] if h.end <= span.end]
        assessment = assess_span(span, inside, lexicon, quotes=quotes,
                                 quoted_block=block.quoted,
                                 topic=topic_block == id(block))
        out.append((sentence, assessment))
        topic_block = id(block) if any(h.label.startswith("health:") for h in inside) else None
    return out


def assess_span(span: Any, hits: Sequence[Hit], lexicon: Lexicon | None = None, *,
                quotes: bool = False, quoted_block: bool = False,
                topic: bool = False) -> Assessment:
    """Score one sentence (a spaCy Span) from its lexicon hits.

    ``topic``: the previous sentence of the block named a health term, so a sentence opening
    with a pronoun ("It affects one in four adults") is about it.
    """
    lexicon = lexicon or load()
    tokens = list(span)
    words = [t for t in tokens if not (t.is_punct or t.is_space)]
    text = span.text
    if _is_question(text):
        return Assessment(0.0, "", excluded="question")
    if not quotes and (quoted_block or _is_quotation(text)):
        return Assessment(0.0, "", excluded="quotation")
    if len(words) < 3:
        return Assessment(0.0, "", excluded="fragment")

    base = span.start
    cues = _collect(hits, base, tokens)
    attributes = _attributes(cues, tokens, base, lexicon)

    imperative = _imperative_at(tokens, lexicon, hits, base)
    scope_from = 0
    if imperative is not None:
        reason = _reason_clause(tokens, imperative)
        if reason is None:
            return Assessment(0.0, "", attributes=attributes, excluded="instruction")
        scope_from = reason
        cues = _collect([h for h in hits if h.start - base >= reason
                         or h.label.startswith("health:")], base, tokens)

    logit = _BASE
    cue_names: list[str] = []
    families = _families(cues, scope_from)

    n_health = len(cues.health)
    cue_names += [f"{h.label.split(':', 1)[1]}:{h.text}" for h in cues.health.values()]
    if not n_health and topic and tokens[0].lower_ in _PRONOUN_SUBJECTS:
        n_health = 1
        cue_names.append("topic:previous sentence")
    if not n_health and cues.has("ev:subject"):
        n_health = 1  # a study or trial is what the sentence is about
        cue_names.append(f"study:{cues.labels['ev:subject'][0].text}")
    logit += _HEALTH[min(n_health, 3)]

    evidence = attributes.get("evidence", "")
    if evidence:
        logit += _EVIDENCE
        cue_names.append(f"evidence:{evidence}")
    if not n_health and not evidence:
        logit += _NO_ANCHOR

    strong = [f for f, s in families.items() if s == "strong"]
    strong_effect = any(f in strong for f in ("causal", "efficacy", "risk", "correlation"))
    if strong:
        logit += _STRONG + (_SECOND_FAMILY if len(strong) > 1 else 0.0)
    elif families:
        logit += _WEAK
    for family, hit_list in cues.predicates.items():
        for strength, hit in hit_list:
            cue_names.append(f"{family}{'' if strength == 'strong' else '~'}:{hit.text}")

    quantity = _quantity(tokens, cues, lexicon, scope_from)
    if quantity:
        logit += _QUANTITY if n_health else _QUANTITY_UNANCHORED
        cue_names.append(f"quantity:{quantity}")
    elif cues.has("q:vague"):
        logit += _VAGUE_QUANTITY
        cue_names.append(f"quantity~:{cues.labels['q:vague'][0].text}")
        if not families:
            quantity = cues.labels["q:vague"][0].text

    definition = _definition(tokens, cues)
    if definition:
        logit += _DEFINITION if definition == "strong" else _DEFINITION_WEAK
        cue_names.append("definition" if definition == "strong" else "definition~")

    if _comparative(tokens[scope_from:]):
        logit += _COMPARATIVE
        cue_names.append("comparative")
    if cues.has("generic"):
        logit += _GENERIC
    if attributes.get("boosted"):
        logit += _BOOSTER

    if cues.has("cta"):
        logit += _CTA
        cue_names.append("call-to-action")
    if cues.has("composition") and not strong_effect:
        logit += _COMPOSITION
        cue_names.append("product-composition")
    if cues.has("consult"):
        logit += _CONSULT
        cue_names.append("referral-advice")

    personal = False
    if cues.has("first_person"):
        personal = bool(n_health and "efficacy" in families and strong)
        if not personal:
            logit += _FIRST_PERSON
            cue_names.append("first-person")
    if text.rstrip().endswith(":"):
        logit += _LEAD_IN  # "...are prone to spasms, including:": the list holds the claims
        cue_names.append("list-lead-in")
    if _reader_conditional(tokens):
        logit += _READER_CONDITIONAL
        cue_names.append("reader-conditional")

    score = 1.0 / (1.0 + math.exp(-logit))
    claim_type = _type(families, quantity, definition, evidence, personal)
    return Assessment(score, claim_type, cue_names, attributes)


def _collect(hits: Iterable[Hit], base: int, tokens: Sequence[Any] = ()) -> _Cues:
    cues = _Cues()
    for hit in hits:
        label = hit.label
        if label.startswith("health:"):
            prev = cues.health.get(hit.start)
            if prev is None or hit.end > prev.end:
                cues.health[hit.start] = hit
            continue
        if label.startswith("pred:"):
            parts = label.split(":")
            family, strength = parts[1], parts[2]
            if len(parts) > 3 and _after_determiner(tokens, hit.start - base):
                continue  # "the causes", "a cure": a noun, not the verb
            cues.predicates.setdefault(family, []).append((strength, hit))
            continue
        cues.labels.setdefault(label, []).append(hit)
    # A health term inside a longer one ("vitamin" in "vitamin D") is the same anchor.
    spans = sorted(cues.health.values(), key=lambda h: (h.start, -h.end))
    kept: dict[int, Hit] = {}
    reach = -1
    for hit in spans:
        if hit.start < reach:
            continue
        kept[hit.start] = hit
        reach = hit.end
    cues.health = kept
    return cues


def _after_determiner(tokens: Sequence[Any], i: int) -> bool:
    return 0 < i <= len(tokens) and tokens[i - 1].lower_ in _DETERMINERS


def _families(cues: _Cues, scope_from: int) -> dict[str, str]:
    """Predicate families present, each with its strongest strength."""
    out: dict[str, str] = {}
    for family, hit_list in cues.predicates.items():
        for strength, _hit in hit_list:
            if out.get(family) != "strong":
                out[family] = strength
    return out


def _attributes(cues: _Cues, tokens: list[Any], base: int, lexicon: Lexicon) -> dict[str, Any]:
    attributes: dict[str, Any] = {}
    hedges = [h.text for h in cues.labels.get("hedge", ())]
    boosters = [h.text for h in cues.labels.get("booster", ())]
    negations = [h.text for h in cues.labels.get("negation", ())]
    attributes["hedged"] = bool(hedges)
    attributes["negated"] = bool(negations)
    attributes["boosted"] = bool(boosters)
    if hedges:
        attributes["hedges"] = _unique(hedges)
    if negations:
        attributes["negations"] = _unique(negations)
    if boosters:
        attributes["boosters"] = _unique(boosters)
    evidence = _evidence_phrase(cues, tokens, base, lexicon)
    if evidence:
        attributes["evidence"] = evidence
    return attributes


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item.lower(), None)
    return list(seen)


def _evidence_phrase(cues: _Cues, tokens: list[Any], base: int, lexicon: Lexicon) -> str:
    """'studies show', 'a 2019 meta-analysis found', 'clinically proven' — or ''."""
    fixed = cues.labels.get("evidence")
    if fixed:
        return max(fixed, key=lambda h: h.end - h.start).text
    subjects = cues.labels.get("ev:subject", ())
    verbs = cues.labels.get("ev:verb", ())
    for according in cues.labels.get("ev:according", ()):
        for subject in subjects:
            if according.end <= subject.start <= according.end + 4:
                return " ".join(t.text for t in tokens[according.start - base:subject.end - base])
    if not subjects or not verbs:
        return ""
    window = lexicon.evidence_window
    for subject in subjects:
        if any(t.lower_ == "what" for t in tokens[max(0, subject.start - base - 3):
                                                  subject.start - base]):
            continue  # "what the evidence says": a topic, not an appeal to evidence
        for verb in verbs:
            if subject.end <= verb.start <= subject.end + window:
                start = subject.start - base
                end = verb.end - base
                # "a 2019 review found": include the determiner and year before the subject.
                while start > 0 and (tokens[start - 1].like_num
                                     or tokens[start - 1].lower_ in _ARTICLES):
                    start -= 1
                gap = tokens[subject.end - base:verb.start - base]
                if any(t.lower_ in {".", ";", "?", "!"} for t in gap):
                    continue
                return " ".join(t.text for t in tokens[start:end])
    return ""


def _is_question(text: str) -> bool:
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


def _imperative_at(tokens: list[Any], lexicon: Lexicon, hits: Sequence[Hit] = (),
                   base: int = 0) -> int | None:
    """Index of the verb when the sentence opens with an instruction ("Relax in a chair").

    Many instruction verbs are also nouns ("Sleep loss raises...", "Rest is..."): a finite
    verb (an auxiliary, or a claim verb in its -s form) before the first clause boundary
    means the first word was the subject, not an instruction.
    """
    imperatives = lexicon.sets.get("imperative", frozenset())
    adverbs = lexicon.sets.get("leading_adverbs", frozenset())
    i = 0
    n = len(tokens)
    while i < n and (tokens[i].is_punct or tokens[i].is_space):
        i += 1
    steps = 0
    while i < n and steps < 3 and (tokens[i].lower_ in adverbs or tokens[i].lower_ == "n't"):
        i += 1
        steps += 1
    if i >= n or tokens[i].lower_ not in imperatives:
        return None
    if not (i == 0 or steps) and not tokens[i].is_title:
        return None
    if i == 0 and not tokens[i].is_title and not tokens[i].is_upper:
        return None
    nxt = tokens[i + 1].lower_ if i + 1 < n else ""
    if nxt in {"of", "'s"}:
        return None  # "Use of naproxen...": a noun, not an instruction
    verbs = {h.start - base for h in hits
             if h.label.endswith(":verb") and h.end - h.start == 1 and h.text.endswith("s")
             and not h.text.endswith("ss")}
    for j in range(i + 1, n):
        low = tokens[j].lower_
        if low in _CLAUSE_STOPS:
            break
        if low in _AUXILIARIES or j in verbs:
            return None
    return i


def _reason_clause(tokens: list[Any], verb: int) -> int | None:
    """Where an instruction's stated reason begins ("..., because it can trigger spasms")."""
    n = len(tokens)
    for i in range(verb + 1, n):
        low = tokens[i].lower_
        if low == ":" and i + 1 < n:
            return i + 1
        if low == "that" and tokens[verb].lower_ in _THAT_FRAMES and i == verb + 1:
            return i + 1
        if low in _REASON and i > verb + 1:
            prev = tokens[i - 1].lower_
            if low == "as" and i + 1 < n and tokens[i + 1].lower_ not in {
                    "it", "they", "these", "this", "those", "that", "he", "she"}:
                continue  # "as well as", "as a treatment": not a reason
            if low == "so" and i + 1 < n and tokens[i + 1].lower_ == "that":
                return i + 2
            if low in {"which", "so"} and prev != ",":
                continue
            return i + 1
    return None


def _quantity(tokens: list[Any], cues: _Cues, lexicon: Lexicon, scope_from: int) -> str:
    """The first statistic, dose or proportion in the sentence ('' if none)."""
    not_quantity = lexicon.sets.get("not_quantity", frozenset())
    units = {h.start for h in cues.labels.get("q:unit", ())}
    base_units = units  # token indexes are Doc-relative
    for ratio in cues.labels.get("q:ratio", ()):
        return ratio.text
    n = len(tokens)
    for i in range(scope_from, n):
        token = tokens[i]
        if not token.like_num:
            continue
        prev = tokens[i - 1].lower_ if i else ""
        nxt = tokens[i + 1].lower_ if i + 1 < n else ""
        if prev in not_quantity or nxt in not_quantity or prev in {"$", "£", "€", "#"}:
            continue
        text = token.text
        if len(text) == 4 and text.isdigit() and text[:2] in {"19", "20"} and nxt not in {
                "%", "people", "adults", "patients", "participants", "deaths", "cases"}:
            continue  # a year
        doc_index = token.i
        for k in (1, 2, 3):
            if doc_index + k in base_units:
                return " ".join(t.text for t in tokens[i:min(n, i + k + 1)])
        if nxt in {"in", "out"} and i + 2 < n and tokens[i + 2].like_num:
            return " ".join(t.text for t in tokens[i:i + 3])
        if nxt in _COMPARATIVES or nxt in {"times", "fold"}:
            return f"{text} {tokens[i + 1].text}"
        if prev in {"over", "under", "aged", "above", "below", "age", "ages"} and \
                text.isdigit() and len(text) >= 2:
            return f"{tokens[i - 1].text} {text}"
    return ""


def _definition(tokens: list[Any], cues: _Cues) -> str:
    """'strong' for 'X is a condition in which...', 'X refers to...', 'X is a Y' with a health
    term as X; 'weak' for other 'X is/are ... Y' with health terms on both sides; else ''."""
    definitional = [h for s, h in cues.predicates.get("definition", ()) if s == "strong"]
    n = len(tokens)
    base = tokens[0].i if tokens else 0
    for k in range(1, min(n, 9)):
        low = tokens[k].lower_
        if low not in _COPULAS and low not in {"refers", "means"}:
            continue
        subject = [h for h in cues.health.values() if h.start - base < k]
        if not subject:
            return ""
        if definitional or low in {"refers", "means"}:
            return "strong"
        if not any(h.start - base > k for h in cues.health.values()):
            return ""
        # "X is a Y" defines X; "X are involuntary motions in a muscle" is weaker evidence.
        return "strong" if k + 1 < n and tokens[k + 1].lower_ in {"a", "an"} else "weak"
    if definitional and cues.health and \
            min(h.start for h in cues.health.values()) < definitional[0].start:
        return "strong"
    return ""


def _comparative(tokens: Sequence[Any]) -> bool:
    n = len(tokens)
    for i, token in enumerate(tokens):
        low = token.lower_
        if low in _COMPARATIVES:
            if any(tokens[j].lower_ == "than" for j in range(i + 1, min(n, i + 8))):
                return True
        elif low in _SUPERLATIVES and i and tokens[i - 1].lower_ in {"the", "most", "a"}:
            return True
    return False


def _reader_conditional(tokens: list[Any]) -> bool:
    """'If you...' / 'If your eyelid...': an example addressed to the reader."""
    if len(tokens) < 2:
        return False
    return tokens[0].lower_ in {"if", "when"} and tokens[1].lower_ in {"you", "your", "you're"}


def _type(families: dict[str, str], quantity: str, definition: str, evidence: str,
          personal: bool) -> str:
    if personal:
        return "personal_experience"
    present = set(families)
    if definition == "strong" or (definition and not families and not quantity):
        present.add("definition")
    if quantity:
        present.add("quantity")
    strong = {f for f, s in families.items() if s == "strong"}
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
           "assess_span", "attach_citations", "detect"]
