"""The claim lexicons (YAML data in this package) and the matcher that finds them in spaCy docs.

Terms are matched case-insensitively on whole tokens of the sentence pipeline's Doc: a term
starts at a token whose lower-cased form equals the term's first token and continues over
the Doc's text. spaCy's PhraseMatcher would need a Doc per pattern, and creating the
lexemes of a few thousand terms costs 100-200 ms per process (measured), more than the
whole pre-commit budget allows; this index costs one dict lookup per token and nothing to
build beyond reading the lists.

Inflections are generated here, without a lemmatizer: nouns of the health lists get their
plural, verbs of the predicate lists their -s, -ed and -ing forms (irregular forms come
from the YAML). Loaded once per process.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, pairwise
from operator import itemgetter
from typing import Any, NamedTuple

HEALTH_LISTS = (
    "condition", "symptom", "body", "physiology", "drug", "nutrient", "procedure", "outcome",
    "exposure",
)
PREDICATE_FAMILIES = (
    "causal", "efficacy", "risk", "mechanism", "correlation", "prediction", "definition",
    "recommendation",
)

_SPACE = str.maketrans({"\n": " ", "\t": " ", "\r": " ", "\xa0": " ", "’": "'", "‘": "'"})
_NUMBER_START = re.compile(r"(?<![\w.,/-])\d")
_BY_START = itemgetter(1)
_FIRST_CHAR = itemgetter(slice(0, 1))
_ODD_CHARS = ("\n", "\t", "\r", "\xa0", "’", "‘")
_HYPHEN_SPLIT = re.compile(r"^([^-]*[a-z0-9])-(?=[a-z])")
_VOWELS = "aeiou"


class Hit(NamedTuple):
    """A lexicon match: its label, token span ``[start, end)`` in the Doc, and the text."""

    label: str
    start: int
    end: int
    text: str


@dataclass
class Tokens:
    """A Doc's tokens as plain lists, read with one ``Doc.to_array`` call.

    Creating spaCy Token objects costs more than the tokenizer itself; the claim detector
    only needs these attributes, so it reads them in bulk.
    """

    text: str  # the Doc's text
    low: str  # lower-cased, with curly apostrophes and line breaks normalised (same length)
    idx: list[int]
    lower: list[str]

    def __len__(self) -> int:
        return len(self.idx)

    def word(self, i: int) -> str:
        start = self.idx[i]
        return self.text[start:start + len(self.lower[i])]


_IDX_LENGTH: list[int] | None = None


def _normalize_case(text: str) -> str:
    """Lower case, curly apostrophes and line breaks normalised, same length as ``text``."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for odd in _ODD_CHARS:  # str.translate is slower than a few C-level scans
        if odd in low:
            low = low.translate(_SPACE)
            break
    return low


def tokens_of(doc: Any, text: str | None = None) -> Tokens:
    """The :class:`Tokens` view of a spaCy Doc (``text``: the Doc's text, if known, since
    ``Doc.text`` is rebuilt from the tokens on every access)."""
    global _IDX_LENGTH
    if _IDX_LENGTH is None:
        from claims._spacy import import_spacy

        import_spacy()  # before any spacy.* import: see claims._spacy
        from spacy.attrs import IDX, LENGTH

        _IDX_LENGTH = [IDX, LENGTH]
    if text is None:
        text = doc.text
    low = _normalize_case(text)
    if not len(doc):
        return Tokens(text, low, [], [])
    idx, length = doc.to_array(_IDX_LENGTH).T.tolist()
    lower = [low[i:i + n] for i, n in zip(idx, length)]  # noqa: B905 (same length)
    return Tokens(text, low, idx, lower)


@dataclass
class Lexicon:
    """Every list the claim detector uses, indexed by first token."""

    terms_by_text: dict[str, list[str]] = field(default_factory=dict)
    # first token -> (a one-token term exists, the tokens that can follow it, longest term)
    starts: dict[str, tuple[bool, frozenset[str], int]] = field(default_factory=dict)
    stems: dict[str, tuple[int, tuple[str, ...], frozenset[str]]] = field(default_factory=dict)
    sets: dict[str, frozenset[str]] = field(default_factory=dict)
    evidence_window: int = 8
    sources: dict[str, str] = field(default_factory=dict)
    _stems_re: re.Pattern[str] | None = field(default=None, repr=False)
    # Derived from ``starts`` so that ``match`` can pick candidate tokens in C (map/compress):
    # one-token term -> its labels, and the (first, second) token pairs that open longer terms.
    _singles: dict[str, tuple[str, ...]] = field(init=False, repr=False)
    _pairs: frozenset[tuple[str, str]] = field(init=False, repr=False)
    # The last letters of every stem (as many as the shortest stem has): a word that ends
    # with a stem ends with one of them.
    _tails: frozenset[str] = field(init=False, repr=False)
    _tail_length: int = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._singles = {key: tuple(self.terms_by_text[key])
                         for key, (single, _, _) in self.starts.items() if single}
        self._pairs = frozenset((key, second) for key, (_, following, _) in self.starts.items()
                                for second in following)
        endings = [s for _, stems, _ in self.stems.values() for s in stems]
        self._tail_length = min(map(len, endings), default=1)
        self._tails = frozenset(s[-self._tail_length:] for s in endings)

    def terms(self, label: str) -> list[str]:
        return [t for t, labels in self.terms_by_text.items() if label in labels]

    def match(self, doc: Any) -> list[Hit]:
        """All lexicon hits in a spaCy Doc (or its :class:`Tokens`), in token order."""
        view = doc if isinstance(doc, Tokens) else tokens_of(doc)
        hits: list[Hit] = []
        self._match_singles(view, hits)
        self._match_phrases(view, hits)
        self._match_numbers(view, hits)
        if self.stems:
            self._match_stems(view, hits)
        hits.sort(key=_BY_START)  # stable: at one token, the order of the passes above
        return hits

    def _match_singles(self, view: Tokens, hits: list[Hit]) -> None:
        """One-token terms: a dict lookup per token, run in C; Python visits only the hits."""
        text, starts, lowers = view.text, view.idx, view.lower
        found = list(map(self._singles.get, lowers))
        for i in compress(range(len(lowers)), found):
            word = text[starts[i]:starts[i] + len(lowers[i])]
            for label in found[i]:
                hits.append(Hit(label, i, i + 1, word))

    def _match_phrases(self, view: Tokens, hits: list[Hit]) -> None:
        """Longer terms, tried only where the first two tokens can open one (checked in C)."""
        text, low, starts, lowers = view.text, view.low, view.idx, view.lower
        terms = self.terms_by_text
        n = len(lowers)
        opens = map(self._pairs.__contains__, pairwise(lowers))
        for i in compress(range(n), opens):
            reach = self.starts[lowers[i]][2]
            at = starts[i]
            # A term ends where a token ends: try the spans ending at the next tokens.
            for j in range(i + 1, n):
                end = starts[j] + len(lowers[j])
                if end - at > reach:
                    break
                labels = terms.get(low[at:end])
                if labels is not None:
                    for label in labels:
                        hits.append(Hit(label, i, j + 1, text[at:end]))

    @staticmethod
    def _match_numbers(view: Tokens, hits: list[Hit]) -> None:
        """Tokens that open a number: only tokens starting with a digit (found in C) are
        checked against the pattern."""
        text, low, starts, lowers = view.text, view.low, view.idx, view.lower
        number_at = _NUMBER_START.match
        for i in compress(range(len(lowers)), map(str.isdecimal, map(_FIRST_CHAR, lowers))):
            if number_at(low, starts[i]):
                hits.append(Hit("g:number", i, i + 1, text[starts[i]:starts[i] + len(lowers[i])]))

    def _match_stems(self, view: Tokens, hits: list[Hit]) -> None:
        """Words named by their ending. A set lookup of each token's last letters (in C)
        leaves the few tokens that can end with a stem; only those are checked further."""
        text, low, starts, lowers = view.text, view.low, view.idx, view.lower
        last_letters = itemgetter(slice(-self._tail_length, None))
        tails = self._tails
        word_at = self._stem_pattern().match
        for i in compress(range(len(lowers)), map(tails.__contains__, map(last_letters, lowers))):
            word = lowers[i]
            m = word_at(low, starts[i])
            if m is not None and m.group() == word and word not in self.starts:
                label = self._stem_label(word)
                if label:
                    hits.append(Hit(label, i, i + 1, text[m.start():m.end()]))

    def _stem_pattern(self) -> re.Pattern[str]:
        if self._stems_re is None:
            shortest = min(m for m, _, _ in self.stems.values())
            self._stems_re = re.compile(rf"(?<![\w'-])[a-z]{{{shortest},}}(?![\w'-])")
        return self._stems_re

    def _stem_label(self, word: str) -> str:
        """The health list a word belongs to by its ending (drug or condition), or ''."""
        for label, (min_length, stems, exceptions) in self.stems.items():
            if len(word) >= min_length and word.endswith(stems) and word not in exceptions:
                return label
        return ""


def normalize(term: str) -> str:
    return " ".join(str(term).lower().translate(_SPACE).split())


def first_token(term: str) -> str:
    """The lower-cased first token spaCy's English tokenizer gives for ``term``.

    A unit test checks this against the real pipeline for every lexicon term.
    """
    word = term.split(" ", 1)[0]
    if word == "n't":
        return word
    if word == "cannot":
        return "can"
    if word.endswith("n't") and len(word) > 3:
        return word[:-3]
    if len(word) > 1 and word[0] in "$£€#" and word[1:2].isdigit():
        return word[0]
    if "'" in word[1:]:
        word = word[: word.index("'", 1)]
    if len(word) > 1 and word.endswith("%"):
        word = word[:-1]
    m = _HYPHEN_SPLIT.match(word)
    if m:
        word = m.group(1)
    if "/" in word[1:-1] and not word[0].isdigit():
        word = word[: word.index("/")]
    return word


def plurals(term: str) -> list[str]:
    """Plural forms of a noun term (its last word inflected)."""
    head, _, last = term.rpartition(" ")
    if not last.isalpha() or len(last) < 3 or last.endswith(("s", "ss")):
        return []
    if last.endswith("y") and last[-2] not in _VOWELS:
        forms = [last[:-1] + "ies"]
    elif last.endswith(("ch", "sh", "x", "z")):
        forms = [last + "es"]
    else:
        forms = [last + "s"]
    return [f"{head} {f}" if head else f for f in forms]


def _doubles(word: str) -> bool:
    """One-syllable consonant-vowel-consonant verbs double their last letter (stop -> stopped)."""
    groups = re.findall(r"[aeiou]+", word)
    return (len(groups) == 1 and len(word) >= 3 and word[-1] not in _VOWELS + "wxy"
            and word[-2] in _VOWELS and word[-3] not in _VOWELS)


def verb_forms(verb: str, irregular: dict[str, list[str]]) -> list[str]:
    """The base form and its -s, -ed and -ing forms; the first word of a phrase is inflected."""
    if verb in irregular:
        return [verb, *irregular[verb]]
    first, sep, rest = verb.partition(" ")
    tail = sep + rest
    if sep and first in irregular:
        return [verb, *(f + tail for f in irregular[first])]
    w = first
    if w.endswith(("s", "x", "z", "ch", "sh", "o")):
        third = w + "es"
    elif w.endswith("y") and w[-2] not in _VOWELS:
        third = w[:-1] + "ies"
    else:
        third = w + "s"
    if w.endswith("e"):
        past, ing = w + "d", (w[:-1] + "ing" if not w.endswith(("ee", "ye", "oe")) else w + "ing")
        if w.endswith("ie"):
            ing = w[:-2] + "ying"
    elif w.endswith("y") and w[-2] not in _VOWELS:
        past, ing = w[:-1] + "ied", w + "ing"
    elif _doubles(w):
        past, ing = w + w[-1] + "ed", w + w[-1] + "ing"
    else:
        past, ing = w + "ed", w + "ing"
    return [verb, *(f + tail for f in (third, past, ing))]


# Framing lists consulted as word sets at fixed positions (the first words of a sentence),
# not searched for anywhere in the text.
_SET_ONLY = frozenset({"imperative", "leading_adverbs", "second_person"})

FILES = ("health_terms.yaml", "stems.yaml", "predicates.yaml", "modality.yaml",
         "evidence.yaml", "framing.yaml", "quantities.yaml", "grammar.yaml")
GRAMMAR = ("comparative", "superlative", "than", "copula", "number")
COMPILED = "compiled.json"
_FORMAT = 4


_HERE = os.path.dirname(os.path.abspath(__file__))


def _read(name: str) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(os.path.join(_HERE, name), encoding="utf-8") as handle:
        return yaml.load(handle.read(), Loader=loader)


def fingerprint() -> str:
    """A digest of the YAML sources: the compiled index is used only while it matches."""
    from hashlib import sha256

    digest = sha256(f"format {_FORMAT}\n".encode())
    for name in FILES:
        digest.update(name.encode())
        with open(os.path.join(_HERE, name), "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()


class _Builder:
    def __init__(self) -> None:
        self.terms: dict[str, list[str]] = {}
        self.data: dict[str, Any] = {"stems": {}, "sets": {}, "sources": {}, "window": 8}

    def add(self, terms: Iterable[str], label: str, *, plural: bool = False) -> None:
        for term in terms:
            term = normalize(term)
            forms = [term]
            if "-" in term:
                forms.append(term.replace("-", " "))
            if plural:
                forms.extend(plurals(term))
            for form in forms:
                labels = self.terms.setdefault(form, [])
                if label not in labels:
                    labels.append(label)


def build() -> dict[str, Any]:
    """Read the YAML lists into the plain structure that :func:`load` indexes."""
    b = _Builder()
    sources = b.data["sources"]

    health = _read("health_terms.yaml")["lists"]
    for name in HEALTH_LISTS:
        entry = health[name]
        sources[f"health:{name}"] = entry["source"]
        b.add(entry["terms"], f"health:{name}", plural=True)

    for name, entry in _read("stems.yaml").items():
        sources[f"stem:{name}"] = entry["source"]
        b.data["stems"][f"health:{name}"] = [
            int(entry["min_length"]),
            sorted({normalize(s) for s in entry["stems"]}),
            sorted({normalize(e) for e in entry["exceptions"]}),
        ]

    predicates = _read("predicates.yaml")
    irregular = {normalize(k): [normalize(f) for f in v]
                 for k, v in predicates["irregular"]["forms"].items()}
    for family in PREDICATE_FAMILIES:
        entry = predicates["families"][family]
        sources[f"pred:{family}"] = entry["source"]
        for prefix, strength in (("", "strong"), ("weak_", "weak")):
            label = f"pred:{family}:{strength}"
            for verb in entry.get(f"{prefix}verbs") or ():
                b.add(verb_forms(normalize(verb), irregular), f"{label}:verb")
            b.add(entry.get(f"{prefix}phrases") or (), label, plural=True)

    modality = _read("modality.yaml")
    for name in ("hedge", "booster", "negation", "generic"):
        sources[name] = modality[name]["source"]
        b.add(modality[name]["terms"], name)

    evidence = _read("evidence.yaml")
    sources["evidence"] = evidence["source"]
    b.add(evidence["phrases"], "evidence")
    b.add(evidence["subjects"], "ev:subject")
    b.add(evidence["verbs"], "ev:verb")
    b.add(evidence.get("according") or (), "ev:according")
    b.data["window"] = int(evidence.get("window", 8))

    for name, entry in _read("framing.yaml").items():
        sources[name] = entry["source"]
        if name not in _SET_ONLY:
            b.add(entry["terms"], name)
        b.data["sets"][name] = sorted({normalize(t) for t in entry["terms"]})

    quantities = _read("quantities.yaml")
    sources["quantity"] = quantities["source"]
    b.add(quantities["units"], "q:unit")
    b.add(quantities["ratio_words"], "q:ratio")
    b.add(quantities.get("vague") or (), "q:vague")
    b.data["sets"]["not_quantity"] = sorted({normalize(t) for t in quantities["not_quantity"]})

    grammar = _read("grammar.yaml")
    sources["grammar"] = grammar["source"]
    for name in GRAMMAR:
        b.add(grammar[name], f"g:{name}")

    b.data["terms"] = dict(sorted(b.terms.items()))
    b.data["starts"] = _starts(_grouped(b.terms))
    return b.data


def _grouped(terms: dict[str, list[str]]) -> dict[str, list[list[Any]]]:
    """Terms grouped by first token, the longest first (the longest match is found first)."""
    index: dict[str, list[list[Any]]] = {}
    for term in sorted(terms):
        index.setdefault(first_token(term), []).append([term, terms[term]])
    for bucket in index.values():
        bucket.sort(key=lambda item: -len(item[0]))
    return index


def second_token(term: str, first: str) -> str:
    """The lower-cased second token of ``term`` ('' for a one-token term); checked against
    the real tokenizer by a unit test, like :func:`first_token`."""
    rest = term[len(first):]
    if not rest:
        return ""
    if rest[0] == " ":
        return first_token(rest[1:])
    if rest.startswith("'"):
        m = re.match(r"'[a-z]*", rest)
        return m.group() if m else "'"
    if rest.startswith("n't"):
        return "n't"
    return first_token(rest) if rest[0].isalnum() else rest[0]


def _starts(index: dict[str, list[list[Any]]]) -> dict[str, list[Any]]:
    """For each first token: whether it is a term itself, the tokens that can follow it in a
    longer term, and the longest term's length (precomputed into compiled.json)."""
    out: dict[str, list[Any]] = {}
    for key, bucket in index.items():
        following = sorted({s for s in (second_token(t, key) for t, _ in bucket) if s})
        out[key] = [any(t == key for t, _ in bucket), following, len(bucket[0][0])]
    return out


def _index(data: dict[str, Any]) -> Lexicon:
    starts = {key: (single, frozenset(following), reach)
              for key, (single, following, reach) in data["starts"].items()}
    return Lexicon(
        terms_by_text=data["terms"],
        starts=starts,
        stems={k: (v[0], tuple(v[1]), frozenset(v[2])) for k, v in data["stems"].items()},
        sets={k: frozenset(v) for k, v in data["sets"].items()},
        evidence_window=data["window"],
        sources=data["sources"],
    )


def write_compiled() -> str:
    """Regenerate ``compiled.json`` from the YAML lists; returns its path."""
    import json
    import os

    data = build()
    data["fingerprint"] = fingerprint()
    path = os.path.join(_HERE, COMPILED)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        json.dump(data, handle, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        handle.write("\n")
    return path


@lru_cache(maxsize=1)
def load() -> Lexicon:
    """The lexicon, once per process: from ``compiled.json`` while it matches the YAML
    (a few ms), else from the YAML itself (tens of ms, and PyYAML)."""
    import json

    try:
        with open(os.path.join(_HERE, COMPILED), encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        data = None
    if data is None or data.get("fingerprint") != fingerprint():
        data = build()
    return _index(data)
