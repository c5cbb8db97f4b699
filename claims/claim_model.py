"""The learned claim scorer: logistic regression over cue features and hashed n-grams.

The detector's rules say which sentences can be claims at all (headings, questions, code,
calls to action...) and name the cues of the rest; how much each cue and each word weighs
is learned from the labelled dev set by ``scripts/train_claims.py`` and shipped as
``claim_model.json``. Scoring is a sum over the features present, in plain Python: no
numerical library is imported at runtime, and the file is read on first use only.

Every feature is a string ("cue:evidence", "w:lowers", "b:can cause", "s:tis"); it is
hashed into a fixed number of buckets with CRC-32, which is stable across processes and
platforms, so training and runtime map a feature to the same weight.
"""

from __future__ import annotations

import json
import math
import os
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

MODEL_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "claim_model.json")
FORMAT = "healthlint-claim-model"
VERSION = 1
# The training script moves the bias so that the threshold chosen by cross-validation
# falls at 0.5: a score of 0.5 or more is a claim.
DECISION = 0.5

_DIGITS = str.maketrans("123456789", "000000000")
_AFFIX_MIN = 5  # words this long also give their first four and last three letters
_BUCKET_MEMO_LIMIT = 200_000


class ModelError(Exception):
    """The shipped model file is missing or malformed (an installation problem)."""


# Features named by the detector (cues, the block's kind and the sentence's shape)
# count 1 each; the text n-grams share a fixed total (``text_scale`` over the square root of
# their number), so a long sentence does not outweigh a short one by its length alone.
NAMED_PREFIXES = ("cue:", "k:", "shape:")


def feature_values(features: Iterable[str], buckets: int,
                   text_scale: float) -> dict[int, float]:
    """Each distinct feature's bucket and value, as training and scoring both see them."""
    distinct = dict.fromkeys(features)
    text = [f for f in distinct if not f.startswith(NAMED_PREFIXES)]
    share = text_scale / math.sqrt(len(text)) if text else 0.0
    values: dict[int, float] = {}
    for feature in distinct:
        values[_bucket(feature, buckets)] = 1.0 if feature.startswith(NAMED_PREFIXES) \
            else share
    return values


class _WeightMemo(dict[str, float]):
    """Feature -> weight, filled on first sight (a C-level lookup after that)."""

    def __init__(self, weights: dict[int, float], buckets: int) -> None:
        super().__init__()
        self.weights = weights
        self.mask = buckets - 1

    def __missing__(self, feature: str) -> float:
        if len(self) > _BUCKET_MEMO_LIMIT:
            self.clear()
        weight = self[feature] = self.weights.get(
            zlib.crc32(feature.encode("utf-8")) & self.mask, 0.0)
        return weight


@dataclass(frozen=True)
class ClaimModel:
    """Weights by bucket; ``bias`` already holds the threshold shift."""

    bias: float
    buckets: int
    text_scale: float
    weights: dict[int, float]
    memo: _WeightMemo = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "memo", _WeightMemo(self.weights, self.buckets))

    def logit(self, features: Iterable[str]) -> float:
        """The bias plus each feature's weight times its value (``feature_values``)."""
        named = [f for f in features if f.startswith(NAMED_PREFIXES)]
        text = [f for f in features if not f.startswith(NAMED_PREFIXES)]
        return self.logit_of(named, text)

    def logit_of(self, named: Iterable[str], text: Iterable[str]) -> float:
        """``logit`` for features already split into named ones and text n-grams."""
        weight = self.memo.__getitem__
        distinct_text = set(text)
        total = self.bias + sum(map(weight, set(named)))
        if distinct_text:
            total += self.text_scale / math.sqrt(len(distinct_text)) * \
                sum(map(weight, distinct_text))
        return total

    def score(self, features: Iterable[str]) -> float:
        return _logistic(self.logit(features))

    def score_of(self, named: Iterable[str], text: Iterable[str]) -> float:
        """``score`` for features already split as ``logit_of`` takes them."""
        return _logistic(self.logit_of(named, text))

    def contributions(self, features: Iterable[str]) -> list[tuple[str, float]]:
        """Each distinct feature with what it added to the logit, largest first by size."""
        get = self.weights.get
        distinct = list(dict.fromkeys(features))
        values = feature_values(distinct, self.buckets, self.text_scale)
        out = []
        for feature in distinct:
            bucket = _bucket(feature, self.buckets)
            out.append((feature, get(bucket, 0.0) * values[bucket]))
        out.sort(key=lambda item: -abs(item[1]))
        return out


_MEMO: dict[tuple[str, int], int] = {}


def _bucket(feature: str, buckets: int) -> int:
    """CRC-32 of the feature, modulo ``buckets`` (a power of two); memoised, as the same
    words recur across a batch."""
    key = (feature, buckets)
    found = _MEMO.get(key)
    if found is None:
        if len(_MEMO) > _BUCKET_MEMO_LIMIT:
            _MEMO.clear()
        found = _MEMO[key] = zlib.crc32(feature.encode("utf-8")) & (buckets - 1)
    return found


def _logistic(x: float) -> float:
    if x < -60:
        return 0.0
    return 1.0 / (1.0 + math.exp(-x))


def text_features(lower: Sequence[str]) -> list[str]:
    """Word unigrams and bigrams (digits folded to 0, so '41%' and '15%' share a feature;
    inflections stripped, so 'prevents', 'prevented' and 'prevent' do too; the bigrams
    include the sentence's first and last word against its edges) and, for longer words,
    their first four and last three letters as written (character n-grams at the word's
    edges, which carry tense and derivation: 'suppress-es', 'inflamma-tion')."""
    out: list[str] = []
    previous = "<s>"
    memo = _WORD_FEATURES
    for word in lower:
        found = memo.get(word)
        if found is None:
            if len(memo) >= _WORD_MEMO_LIMIT:
                memo.clear()
            found = memo[word] = _word_features(word)
        stemmed, unigrams = found
        out += unigrams
        out.append(f"b:{previous} {stemmed}")
        previous = stemmed
    out.append(f"b:{previous} </s>")
    return out


# A word's stem and its own features, by word: the same words recur in every sentence of a
# batch. Bounded (emptied when full), so a batch's memory stays flat.
_WORD_FEATURES: dict[str, tuple[str, tuple[str, ...]]] = {}
_WORD_MEMO_LIMIT = 50_000


def _word_features(word: str) -> tuple[str, tuple[str, ...]]:
    """The word's stem (digits folded to 0 in a word not made of letters), and its
    features in ``text_features``'s order: first and last letters, then the stem."""
    if not word.isalpha():
        stemmed = word.translate(_DIGITS)
        return stemmed, (f"w:{stemmed}",)
    stemmed = stem(word)
    if len(word) >= _AFFIX_MIN:
        return stemmed, (f"p:{word[:4]}", f"s:{word[-3:]}", f"w:{stemmed}")
    return stemmed, (f"w:{stemmed}",)


_SUFFIXES = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))
_STEM_MIN = 3  # letters left after stripping
_SIBILANT_ES = ("sses", "xes", "zes", "ches", "shes")  # where '-es' is the ending


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light suffix stripper for the model's word features ('prevents', 'prevented',
    'preventing' -> 'prevent'; 'studies' -> 'study'); words of four letters or fewer, and
    those not made of letters, are kept as they are."""
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix, replacement in _SUFFIXES:
        if not word.endswith(suffix) or len(word) - len(suffix) < _STEM_MIN:
            continue
        if suffix == "s" and word.endswith(("ss", "us", "is")):
            return word
        if suffix == "es" and not word.endswith(_SIBILANT_ES):
            continue
        return word[:-len(suffix)] + replacement
    return word


@cache
def load(path: str = MODEL_PATH) -> ClaimModel:
    """The shipped model, read once."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        if data.get("format") != FORMAT or data.get("version") != VERSION:
            raise ModelError(f"{path}: not a version-{VERSION} claim model")
        weights = dict(zip(data["index"], data["weight"], strict=True))
        return ClaimModel(float(data["bias"]), int(data["buckets"]),
                          float(data["text_scale"]), weights)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ModelError(f"cannot read the claim model {path}: {error}") from error


__all__ = ["DECISION", "MODEL_PATH", "ClaimModel", "ModelError", "load", "stem", "text_features"]
