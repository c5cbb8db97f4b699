"""Where a sentence stands and what kind of statement it makes, beyond the lexicon's words.

Real pages state facts in forms that name no lexicon predicate: a prevalence figure over a
population ("present in 30 percent of adults"), an estimate ("It is estimated that..."), a
classification ("There are two main types of..."), a leaflet's indication ("used for the
short-term relief of..."), the course of an untreated condition ("If left untreated, X can
become chronic"). A label such as "Causes:" or "Risk factors:" opening a sentence or a
list says what kind of statement follows. These are named features for the claim model
(``claims.claim_model``), which learns how much each weighs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

# A heading's kind, from its words; the first that matches wins (a referral heading often
# names symptoms: "When to see a GP about symptoms"). Compiled on first use, as are the
# statement patterns below: a commit hook linting one page seldom needs them all.
_SECTION_KIND_PATTERNS: tuple[tuple[str, str], ...] = (
        ("references", r"\b(?:references?|sources?|further reading|bibliography|citations?)\b"),
        ("referral", r"\bwhen to (?:see|call|get|contact|seek|worry)|\burgent|\bemergenc"
                     r"|\bseek\b|\bsee a (?:gp|doctor)"),
        ("directions", r"\bhow to (?:use|take|apply)|\bdosage|\bdirections|\bdoses?\b"
                       r"|\bhow much\b"),
        ("risk", r"\brisk factors?\b|\bwho (?:is|are) at risk|\bwho gets\b"),
        ("causes", r"\bcaus|\btrigger|\bwhy (?:do|does|is|are)\b|\bwhat makes\b"),
        ("symptoms", r"\bsymptom|\bsigns?\b|\bwhat (?:does|do) .* (?:feel|look) like"),
        ("side-effects", r"\bside[ -]effects?\b|\bwarnings?\b|\bprecautions?\b|\bsafety\b"),
        ("course", r"\bcomplication|\boutlook|\bprognos|\blong[ -]term\b|\brecovery\b"),
        ("prevention", r"\bprevent"),
        ("diagnosis", r"\bdiagnos|\btests?\b|\bscreening\b"),
        ("treatment", r"\btreat|\btherap|\bmanag|\brelie|\bremed|\bmedicines?\b"
                      r"|\bmedication|\bsurgery\b|\bindications?\b|\buses\b|\bused for\b"),
        ("facts", r"\bwhat (?:is|are)\b|\boverview\b|\bdefinition\b|\bfacts?\b"
                  r"|\bhow common\b|\btypes?\b"),
)
_SECTION_WORDS = 12  # longer "headings" are sentences promoted by a reader, not labels


def section_kind(heading: str) -> str:
    """The kind of a section from its heading ("Causes and risk factors" -> "risk"), or ""."""
    lower = heading.lower()
    if not lower or len(lower.split()) > _SECTION_WORDS:
        return ""
    for kind, pattern in _compiled(_SECTION_KIND_PATTERNS):
        if pattern.search(lower):
            return kind
    return ""


_LABEL_WORDS = 4  # "Causes:", "Risk factors:", "Possible side effects:"


def opening_label(lower: Sequence[str]) -> str:
    """The kind of a label that opens the sentence ("Causes: elevated uric acid...",
    "Risk factors:"): a few words before a colon that name a section kind; "" if none."""
    for i, word in enumerate(lower[:_LABEL_WORDS + 1]):
        if word == ":":
            return section_kind(" ".join(lower[:i])) if i else ""
    return ""


_POPULATION = (r"(?:people|persons|adults|children|kids|babies|infants|men|women|males|"
               r"females|patients|americans|britons|teenagers|teens|adolescents|users|"
               r"smokers|pregnancies|population|cases|individuals|those|us)")
_AMOUNT = r"(?:\d[\d.,]*|one|two|three|four|five|six|seven|eight|nine|ten|a few|a third|half)"
_STATEMENT_PATTERNS: tuple[tuple[str, str], ...] = (
        # "44 percent of males", "1 in 7 adults", "two million people a year"
        ("prevalence", rf"{_AMOUNT} ?(?:%|percent|per cent|in \d[\d,]*|out of \d[\d,]*) "
                       rf"(?:of )?(?:all )?(?:the )?(?:[a-z-]+ ){{0,2}}{_POPULATION}\b"
                       rf"|{_AMOUNT} (?:million|billion|thousand|hundred)(?: [a-z-]+){{0,2}} "
                       rf"{_POPULATION}\b"
                       r"|\b(?:occurs?|affects?|(?:is|are) (?:present|found|seen)|develops?)"
                       r" in (?:about |around |roughly |more than |over |up to |nearly |"
                       r"an estimated |some |almost )?(?:\d|one|two|three|half|a third|most"
                       r"|many)"),
        # "Occasional snoring is almost universal", "almost everyone gets..."
        ("near-universal", r"\b(?:almost|nearly|virtually) (?:universal|everyone|everybody"
                           r"|all (?:people|adults|children|of us))\b"),
        # "It is estimated that...", "an estimated 50% of..."
        ("estimate", r"^(?:it is|it's|it has been) (?:estimated|thought|believed|reported"
                     r"|known|calculated) that\b|\ban estimated \d|\bestimates? (?:that|suggest)"),
        # "There are two main types of...", "is divided into three stages"
        ("classification", r"\bthere are (?:[a-z]+ )?(?:\d+|two|three|four|five|several|"
                           r"many|different|various) (?:main |major |different |distinct |"
                           r"common |broad |basic )?(?:types|kinds|forms|categories|stages"
                           r"|classes|groups|subtypes|variants)\b|\b(?:classified|divided|"
                           r"grouped) into\b|\bcomes? in (?:\d+|two|three|four) "
                           r"(?:main )?(?:types|forms|kinds)"),
        # "These tablets are used for the short-term relief of...", "indicated for"
        ("indication", r"\b(?:is|are) (?:[a-z]+ )?used (?:[a-z]+ )?(?:for|to treat|to relieve"
                       r"|to ease|to prevent|in the treatment|in the management) [a-z\d]"
                       r"|\bfor the (?:[a-z-]+ )?(?:relief|treatment|prevention"
                       r"|management) of\b|\bindicated (?:for|in)\b"),
        # "If left untreated, X can become chronic", "Without treatment, it may spread"
        ("untreated-course", r"^(?:if|when|once) (?:it is |they are |this is |it's |"
                             r"the condition is |)(?:left )?(?:untreated|not treated|"
                             r"ignored|neglected)\b|^without (?:treatment|medical care|"
                             r"medication)\b|\bif (?:left )?untreated\b"),
)


@cache
def _compiled(patterns: tuple[tuple[str, str], ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The named patterns, compiled once, on first use."""
    return tuple((name, re.compile(pattern)) for name, pattern in patterns)


# Words without one of which a pattern cannot match: most sentences hold none, and a set
# test decides them without joining the tokens or running the pattern.
_NEEDED: dict[str, frozenset[str]] = {
    "prevalence": frozenset(["%", "percent", "per", "out", "million", "billion", "thousand",
                             "hundred", "occurs", "occur", "affects", "affect", "present",
                             "found", "seen", "develops", "develop",
                             *_POPULATION.strip("(?:)").split("|")]),
    "near-universal": frozenset(["almost", "nearly", "virtually"]),
    "estimate": frozenset(["estimated", "estimate", "estimates", "thought", "believed",
                           "reported", "known", "calculated"]),
    "classification": frozenset(["types", "kinds", "forms", "categories", "stages", "classes",
                                 "groups", "subtypes", "variants", "classified", "divided",
                                 "grouped"]),
    "indication": frozenset(["used", "relief", "treatment", "prevention", "management",
                             "indicated"]),
    "untreated-course": frozenset(["untreated", "treated", "ignored", "neglected", "without"]),
}


def pattern_features(lower: Sequence[str]) -> list[str]:
    """Named features ("cue:prevalence", "cue:classification"...) of a sentence's
    lower-cased tokens."""
    words = set(lower)
    candidates = [(name, pattern) for name, pattern in _compiled(_STATEMENT_PATTERNS)
                  if not _NEEDED[name].isdisjoint(words)]
    if not candidates:
        return []
    joined = " ".join(lower)
    return [f"cue:{name}" for name, pattern in candidates if pattern.search(joined)]


__all__ = ["opening_label", "pattern_features", "section_kind"]
