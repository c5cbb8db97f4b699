"""Native advertising: a sentence that slips brand praise into informational text.

Native ads name a brand with praise or a recommendation and no call to buy ("consider
a system such as X, intuitively designed to..."). No phrase list catches them, so the
score is a logistic regression over hashed word and shape n-grams, learned from labelled
data by ``scripts/train_native_ads.py`` and shipped as ``data/native_ads.json``. This
module is the one place the features are made: training and runtime share it.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "native_ads.json"

_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f0-9'&+-]*|\d+|[\u00ae\u2122]")
# Sentence-initial capitals and these function words are not names.
_NOT_NAMES = frozenset(
    {"i", "a", "an", "the", "this", "that", "these", "those", "it", "its", "if", "when",
     "while", "for", "with", "in", "on", "at", "by", "to", "of", "and", "or", "but", "as",
     "from", "you", "your", "we", "our", "they", "their", "he", "she", "his", "her", "my",
     "is", "are", "be"})
BRAND = "<B>"


def _shapes(text: str) -> list[str]:
    """Lower-cased words, with a capitalised word after the first one read as a name."""
    out: list[str] = []
    for i, word in enumerate(_WORD.findall(text)):
        low = word.lower()
        if word in ("\u00ae", "\u2122") or (i and word[0].isupper() and low not in _NOT_NAMES):
            out.append(BRAND)
        elif any(c.isupper() for c in word[1:]) and not word.isupper():
            out.append(BRAND)  # CamelCase: FitBit, iPhone-like names
        else:
            out.append(low)
    return out


def features(text: str) -> list[str]:
    """The sentence's features: word unigrams and bigrams (names folded), and name cues."""
    shapes = _shapes(text)
    feats = [f"u:{w}" for w in shapes]
    padded = ["<s>", *shapes, "</s>"]
    feats.extend(f"b:{a}_{b}" for a, b in itertools.pairwise(padded))
    feats.extend(f"t:{a}_{b}_{c}" for a, b, c in zip(padded, padded[1:], padded[2:],
                                                        strict=False) if BRAND in (a, b, c))
    names = shapes.count(BRAND)
    feats.append(f"names:{min(names, 3)}")
    feats.append(f"len:{min(len(shapes) // 8, 5)}")
    return feats


def bucket(feature: str, bits: int) -> int:
    """A stable hash of a feature (crc32: the same in every Python process)."""
    return zlib.crc32(feature.encode("utf-8")) & ((1 << bits) - 1)


@dataclass(frozen=True)
class Model:
    bits: int
    bias: float
    weights: dict[int, float]
    threshold: float

    def score(self, text: str) -> float:
        """Probability that the sentence is a native ad."""
        return self.probability(features(text))

    def probability(self, feats: list[str]) -> float:
        """Probability from a list of features (each counted once, as in training)."""
        z = self.bias
        seen: set[int] = set()
        for feature in feats:
            h = bucket(feature, self.bits)
            if h in seen:  # binary features, as in training
                continue
            seen.add(h)
            z += self.weights.get(h, 0.0)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def names_in(text: str) -> list[str]:
    """The names the sentence writes (runs of capitalised words after its first word, with
    a model number: "Posturex Flow 2"), for messages."""
    runs: list[str] = []
    start = end = -1
    for i, m in enumerate(_WORD.finditer(text)):
        word = m.group()
        name = i > 0 and ((word[:1].isupper() and word.lower() not in _NOT_NAMES)
                          or word in ("\u00ae", "\u2122"))
        if name or (start >= 0 and word.isdigit() and m.start() - end <= 1):
            if start < 0:
                start = m.start()
            end = m.end()
            continue
        if start >= 0:
            runs.append(text[start:end])
            start = -1
    if start >= 0:
        runs.append(text[start:end])
    return runs


def names_something(text: str) -> bool:
    """Whether the sentence names a brand (a native ad always does)."""
    return BRAND in _shapes(text)


# A public body, a state scheme or a body that reviews the evidence is no brand: "help
# through the NHS Low Income Scheme", "ask the Department of Health", "a Cochrane review
# found". ("Trust", "Service" and "Program" name banks and gyms' plans.)
_PUBLIC_BODY = re.compile(
    r"^(?:NHS|CDC|FDA|WHO|NIH|NICE|HSE|MHRA|EMA|Medicare|Medicaid|Social Security|Cochrane)\b"
    r"|\b(?:Scheme|Department|Ministry|Agency|Council|University|Hospital)$")


_FORM_CODE = re.compile(r"[A-Z]{1,3}\d{1,3}")  # a form's or a vitamin's code: "HC1", "B12"


def names_no_brand(names: list[str], page: str = "") -> bool:
    """Whether the names of a sentence (``names_in``), codes aside, are all public bodies',
    schemes' or terms the page spells out as abbreviations ("hyperbaric oxygen therapy
    (HBOT)": a brand is named, not defined)."""
    named = [name for name in names if not _FORM_CODE.fullmatch(name)]
    brands = [name for name in named if not (name.isupper() and f"({name})" in page)]
    return bool(named) and all(_PUBLIC_BODY.search(name) for name in brands)


class ModelError(Exception):
    """The weight file is missing or unreadable: a broken installation, said plainly."""


def read_model(path: str, check: str, script: str) -> Model:
    """A learned weight file, or a :class:`ModelError` that names the file and the fix."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        weights = {int(k): float(v) for k, v in data["weights"].items()}
        return Model(int(data["bits"]), float(data["bias"]), weights, float(data["threshold"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelError(f"{check} cannot read its learned weights {path}: {exc}; reinstall "
                         f"healthlint or relearn them with {script}") from None


@cache
def model(path: str = str(MODEL_PATH)) -> Model:
    return read_model(path, "HL307", "scripts/train_native_ads.py")
