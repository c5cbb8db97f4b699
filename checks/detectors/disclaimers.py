"""Finding a required statement (medical disclaimer, DSHEA, disclosure) by concept.

A statement is a group of clauses ("for informational purposes only", "not a
substitute for professional medical advice", ...). A clause is a meaning, stated
by patterns over the words of a sentence: concepts (word sets: the ways to name a
clinician, to say "replace", to say "advice") in order with bounded gaps, so that
"does not replace advice from your own doctor" and "nothing on this page is a
diagnosis or a prescription" state the same clause as "not a substitute for
professional medical advice". Text is compared after lower-casing and dropping
punctuation and line breaks. A clause may also list phrasings: short ones must
appear as whole words, long ones are matched with rapidfuzz's partial ratio so
that a typo in a stock wording still counts.

Clauses count together only inside one passage: a block that states an anchor
clause, plus its neighbours up to the next heading. A lone "talk to your doctor"
in the body is advice, not a disclaimer.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from claims.model import BlockKind

if TYPE_CHECKING:
    from claims.model import Article, Block

DEFAULT_FILE = os.path.join(os.path.dirname(__file__), "data", "disclaimers.yaml")
FUZZY_MIN_WORDS = 4
THRESHOLD = 86.0
NEIGHBOURS = 2  # blocks on each side of an anchor that may complete the passage
_STOP = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is",
    "it", "its", "of", "on", "or", "our", "the", "this", "to", "was", "we", "with", "you",
    "your", "any", "not", "may", "all",
})


class StatementError(ValueError):
    """A disclaimer file is malformed or its wording does not state its own clauses."""


@dataclass(frozen=True)
class Phrasing:
    text: str  # normalised
    words: frozenset[str]
    at_start: bool = False
    label: bool = False  # "^disclosure:": opens the block and is followed by ":" or nothing

    @property
    def fuzzy(self) -> bool:
        return len(self.text.split()) >= FUZZY_MIN_WORDS


@dataclass(frozen=True)
class Pattern:
    """A clause's wording by meaning: concepts and words in order, with bounded gaps."""

    source: str  # as written in the data file
    regex: re.Pattern[str]  # over " " + normalised text + " "
    # One word set per required unit (a phrase by its first word): text that lacks a word
    # of any of them cannot match, and most blocks are ruled out without normalising them.
    required: tuple[frozenset[str], ...]

    def possible(self, words: frozenset[str]) -> bool:
        # "every unit has a word in the text", with the loop in C (map and any): this
        # runs for every pattern of every clause the block's words pass the gate of
        return not any(map(words.isdisjoint, self.required))


@dataclass(frozen=True)
class Clause:
    name: str
    says: str
    required: bool
    phrasings: tuple[Phrasing, ...]
    # Every content word of every phrasing: text with none of them cannot match.
    vocabulary: frozenset[str] = frozenset()
    patterns: tuple[Pattern, ...] = ()
    # A pattern's hit does not count in a sentence that one of these matches ("ask your
    # pharmacist before taking it" is advice, not a disclaimer, after "If you are pregnant").
    unless: tuple[Pattern, ...] = ()
    # The same, for a hit in a block next to the passage's anchor rather than in it: advice
    # about a symptom beside a disclaimer ("If you have a heart condition, check with your
    # doctor first") is the article's advice, not the disclaimer's.
    unless_nearby: tuple[Pattern, ...] = ()
    # Clauses that state the same requirement in other words: a required clause is
    # satisfied by any of them ("not medical advice" says what "for information only" does).
    alternatives: tuple[str, ...] = ()

    @property
    def gate(self) -> frozenset[str]:
        """Words of which text must hold one for any pattern to match (each pattern's most
        selective required unit)."""
        cached = self.__dict__.get("_gate")
        if cached is None:
            cached = frozenset().union(*(p.required[0] for p in self.patterns))
            object.__setattr__(self, "_gate", cached)
        return cached


@dataclass(frozen=True)
class Statement:
    """One statement a page may have to carry, with its canonical wording."""

    name: str
    text: str
    heading: str
    match: str  # "all" | "any"
    anchors: tuple[str, ...]
    clauses: tuple[Clause, ...]
    source: str = ""
    concepts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def clause(self, name: str) -> Clause:
        return next(c for c in self.clauses if c.name == name)

    def absent(self, found: Iterable[str], extra_required: Iterable[str] = ()) -> list[Clause]:
        """The required clauses (and ``extra_required``) that neither ``found`` nor one of
        their alternatives states."""
        have = set(found)
        wanted = set(extra_required)
        return [c for c in self.clauses
                if (c.required or c.name in wanted) and c.name not in have
                and not have & set(c.alternatives)]


# --- normalisation ---------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+(?:['’‘`][^\W_]+)*")


@lru_cache(maxsize=256)
def normalise(text: str) -> tuple[str, list[int]]:
    """Lower-case words joined by single spaces, with each character's index in ``text``.

    Apostrophes inside a word are dropped ("don't" -> "dont"); everything else that
    is not a letter or digit separates words. (``str.lower`` can change a string's
    length, so words are found in the original and lower-cased one by one.) Cached: a
    passage's blocks are read for its anchors, then for its other clauses. The result is
    shared: callers must not change it.
    """
    # ASCII text keeps every index when lower-cased, so it is lower-cased once, and
    # folding a word is then only dropping its apostrophes.
    ascii_only = text.isascii()
    source = text.lower() if ascii_only else text
    parts: list[str] = []
    index: list[int] = []
    for m in _TOKEN.finditer(source):
        word = m.group()
        start = m.start()
        if index:
            index.append(start - 1)  # the separator stands for what preceded the word
        folded = word.translate(_DROP) if ascii_only else _fold(word)
        if len(folded) == len(word):
            index.extend(range(start, m.end()))
        else:  # apostrophes dropped
            index.extend(start + i for i, c in enumerate(word) if c not in _APOSTROPHES)
        parts.append(folded)
    return " ".join(parts), index


_APOSTROPHES = "'’‘`"
_DROP = str.maketrans("", "", _APOSTROPHES)


def _fold(word: str) -> str:
    """A word as compared: lower case, apostrophes dropped, one character per character."""
    kept = word.translate(_DROP)
    lowered = kept.lower()
    return lowered if len(lowered) == len(kept) else "".join(c.lower()[:1] for c in kept)


@lru_cache(maxsize=512)
def words_of(text: str) -> frozenset[str]:
    """The folded words of ``text`` (cheap: no offsets). Cached: every statement, and the
    anchors and then the other clauses of each, look at the same blocks."""
    if not text.isascii():
        return frozenset(map(_fold, set(_TOKEN.findall(text))))
    # ASCII: lower-casing the whole text keeps every token, and folding is then only
    # dropping apostrophes, done once over the distinct words joined (none holds a space).
    found = set(_TOKEN.findall(text.lower()))
    return frozenset(" ".join(found).translate(_DROP).split(" ")) if found else frozenset()


def _phrasing(raw: str) -> Phrasing:
    at_start = raw.startswith("^")
    label = at_start and raw.rstrip().endswith(":")
    text, _ = normalise(raw.lstrip("^"))
    words = frozenset(w for w in text.split() if w not in _STOP)
    return Phrasing(text, words or frozenset(text.split()), at_start, label)


# --- loading ---------------------------------------------------------------------------------

# path -> (its modification time, its statements): a long-lived process (the language
# server, the daemon) sees a publisher's edited statements file without restarting.
_CACHE: dict[str | None, tuple[float, dict[str, Statement]]] = {}


_CLAUSE_KEYS = ("says", "required", "phrasings", "patterns", "unless", "unless-nearby", "or")


def _strings(where: str, raw: Any, allow_empty: bool = False) -> list[str]:
    if raw is None and allow_empty:
        return []
    if not isinstance(raw, list) or (not raw and not allow_empty) or not all(
            isinstance(p, str) and p.strip() for p in raw):
        raise StatementError(f"{where}: expected a list of strings")
    return list(raw)


def _clauses(name: str, raw: Any, concepts: Mapping[str, tuple[str, ...]]
             ) -> tuple[Clause, ...]:
    if not isinstance(raw, Mapping) or not raw:
        raise StatementError(f"{name}.clauses: expected a table of clauses")
    out = []
    for cname, spec in raw.items():
        where = f"{name}.clauses.{cname}"
        if not isinstance(spec, Mapping):
            raise StatementError(f"{where}: expected a table")
        unknown = set(spec) - set(_CLAUSE_KEYS)
        if unknown:
            raise StatementError(
                f"{where}: unknown key {sorted(unknown)[0]!r} (keys: {', '.join(_CLAUSE_KEYS)})")
        phrasings = _strings(f"{where}.phrasings", spec.get("phrasings"), allow_empty=True)
        patterns = _strings(f"{where}.patterns", spec.get("patterns"), allow_empty=True)
        if not phrasings and not patterns:
            raise StatementError(f"{where}: expected phrasings or patterns (a list of strings)")
        alternatives = _strings(f"{where}.or", spec.get("or"), allow_empty=True)
        vetoes = tuple(compile_pattern(p, concepts, f"{where}.unless") for p in
                       _strings(f"{where}.unless", spec.get("unless"), allow_empty=True))
        nearby = tuple(compile_pattern(p, concepts, f"{where}.unless-nearby") for p in
                       _strings(f"{where}.unless-nearby", spec.get("unless-nearby"),
                                allow_empty=True))
        parsed = tuple(_phrasing(p) for p in phrasings)
        compiled = tuple(compile_pattern(p, concepts, f"{where}.patterns") for p in patterns)
        out.append(Clause(str(cname), str(spec.get("says") or (phrasings or patterns)[0]),
                          bool(spec.get("required", True)), parsed,
                          frozenset().union(*(p.words for p in parsed)), compiled,
                          vetoes, nearby, tuple(alternatives)))
    names = {c.name for c in out}
    for clause in out:
        if not set(clause.alternatives) <= names:
            raise StatementError(f"{name}.clauses.{clause.name}.or: expected clause names "
                                 f"from {sorted(names)}")
    return tuple(out)


# --- patterns --------------------------------------------------------------------------------

_GAP = re.compile(r"^\.\.(\d{1,2})$")
_CONCEPT = re.compile(r"^<([\w-]+)>(\?)?$")


def _concepts(name: str, raw: Any) -> dict[str, tuple[str, ...]]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise StatementError(f"{name}.concepts: expected a table of name -> list of words")
    out = {}
    for key, words in raw.items():
        listed = _strings(f"{name}.concepts.{key}", words)
        out[str(key)] = tuple(sorted({normalise(w)[0] for w in listed if normalise(w)[0]},
                                     key=len, reverse=True))
    return out


def _alternative(part: str, concepts: Mapping[str, tuple[str, ...]], source: str,
                 where: str) -> tuple[str, ...]:
    """One alternative of a unit: a concept's words, or a word (``_`` joins a phrase)."""
    concept = _CONCEPT.match(part)
    if concept:
        if concept.group(1) not in concepts:
            raise StatementError(f"{where}: {source!r} names an unknown concept {part}")
        return concepts[concept.group(1)]
    word = normalise(part.replace("_", " "))[0]
    if not word:
        raise StatementError(f"{where}: {source!r}: cannot read {part!r}")
    return (word,)


def compile_pattern(source: str, concepts: Mapping[str, tuple[str, ...]],
                    where: str = "pattern") -> Pattern:
    """``"<negation> ..4 <replace> ..6 <advice>"``: units in order, each followed by a space.

    A unit is ``<concept>`` (any of its words or phrases), ``a|b|c`` (literal words; ``_``
    joins a phrase), either with ``?`` for optional; ``..N`` skips up to N words.
    """
    units: list[str] = []
    required: list[frozenset[str]] = []
    for token in source.split():
        gap = _GAP.match(token)
        if gap:
            units.append(rf"(?:\S+ ){{0,{gap.group(1)}}}")
            continue
        if token.startswith("!"):  # the next unit must not follow these words
            units.extend(f"(?<!{re.escape(w)} )" for part in token[1:].split("|")
                         for w in _alternative(part, concepts, source, where))
            continue
        concept = _CONCEPT.match(token)
        optional = token.endswith("?")
        if concept:
            words = concepts.get(concept.group(1))
            if words is None:
                raise StatementError(f"{where}: {source!r} names an unknown concept "
                                     f"<{concept.group(1)}> (concepts: {', '.join(concepts)})")
        else:
            raw = token[:-1] if optional else token
            words = tuple(w for part in raw.split("|")
                          for w in _alternative(part, concepts, source, where))
        body = "(?:" + "|".join(re.escape(w) + " " for w in words) + ")"
        units.append(body + "?" if optional else body)
        if not optional:
            required.append(frozenset(w.split()[0] for w in words))
    if not required:
        raise StatementError(f"{where}: {source!r} has no required word")
    # The smallest set first: most text fails on it, and ``possible`` stops there.
    return Pattern(source, re.compile("(?<= )" + "".join(units)),
                   tuple(sorted(required, key=len)))


_ENTRY_KEYS = {"source", "heading", "text", "match", "anchors", "concepts", "clauses"}


def _entry(name: str, raw: Mapping[str, Any], base: Statement | None) -> Statement:
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise StatementError(
            f"{name}: unknown key {sorted(unknown)[0]!r} (keys: {', '.join(sorted(_ENTRY_KEYS))})"
        )
    concepts = {**(base.concepts if base else {}), **_concepts(name, raw.get("concepts"))}
    clauses = _clauses(name, raw["clauses"], concepts) if "clauses" in raw else (
        base.clauses if base else _clauses(name, None, concepts))
    names = [c.name for c in clauses]
    anchors = raw.get("anchors", base.anchors if base and "clauses" not in raw else names)
    if not isinstance(anchors, list | tuple) or not set(anchors) <= set(names) or not anchors:
        raise StatementError(f"{name}.anchors: expected a list of clause names from {names}")
    match = raw.get("match", base.match if base else "all")
    if match not in ("all", "any"):
        raise StatementError(f"{name}.match: expected all or any")
    text = raw.get("text", base.text if base else "")
    heading = raw.get("heading", base.heading if base else "")
    if not isinstance(text, str) or not isinstance(heading, str):
        raise StatementError(f"{name}: text and heading must be strings")
    return Statement(name, " ".join(text.split()), heading.strip(), match, tuple(anchors),
                     clauses, str(raw.get("source", base.source if base else "")), concepts)


def _read_yaml(path: str) -> Mapping[str, Any]:
    import yaml

    from claims.yaml_limits import AliasBomb, safe_load

    try:
        with open(path, encoding="utf-8") as handle:
            doc = safe_load(handle.read())
    except OSError as exc:
        raise StatementError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except AliasBomb as exc:
        raise StatementError(f"{path}: refused: {exc}") from None
    except yaml.YAMLError as exc:
        raise StatementError(f"{path}: invalid YAML: {exc}") from None
    if not isinstance(doc, Mapping):
        raise StatementError(f"{path}: expected a mapping of statements")
    return doc


def load_statements(path: str | None = None) -> dict[str, Statement]:
    """The built-in statements, with a publisher's file merged over them (cached)."""
    try:
        stamp = os.path.getmtime(path) if path is not None else 0.0
    except OSError:
        stamp = -1.0  # missing: _read_yaml below reports it
    cached = _CACHE.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    statements: dict[str, Statement] = {}
    for name, raw in _read_yaml(DEFAULT_FILE).items():
        statements[name] = _entry(name, raw, None)
    if path is not None:
        for name, raw in _read_yaml(path).items():
            if not isinstance(raw, Mapping):
                raise StatementError(f"{path}: {name}: expected a table")
            try:
                statements[name] = _entry(name, raw, statements.get(name))
            except StatementError as exc:
                raise StatementError(f"{path}: {exc}") from None
    # The built-in wording is checked by the tests; a publisher's is checked here, so that
    # `--fix` can never insert a statement that the checks would then call incomplete.
    for statement in statements.values() if path is not None else ():
        missing = wording_gaps(statement)
        if missing:
            raise StatementError(
                f"{path}: the {statement.name} text does not state "
                + ", ".join(f"{c.name!r} ({c.says})" for c in missing)
                + "; reword it or add a phrasing to the clause"
            )
    _CACHE[path] = (stamp, statements)
    return statements


def wording_gaps(statement: Statement) -> list[Clause]:
    """Required clauses that the statement's own canonical text fails to state."""
    if not statement.text:
        return []
    hits = clause_hits(statement, statement.text, block_start=True)
    if statement.match == "any":
        return [] if hits else list(statement.clauses)
    return [c for c in statement.clauses if c.required and c.name not in hits]


def describe_missing(missing: list[Clause]) -> str:
    """'"a" or "b" and "c"': clauses that are alternatives of each other are one requirement."""
    groups: list[list[Clause]] = []
    for clause in missing:
        group = next((g for g in groups if clause.name in g[0].alternatives
                      or g[0].name in clause.alternatives), None)
        if group is None:
            groups.append([clause])
        else:
            group.append(clause)
    said = [" or ".join(f"\"{c.says}\"" for c in g) for g in groups]
    return said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]


# --- matching --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    clause: str
    score: float
    start: int  # span in the matched text (not normalised)
    end: int


def _candidate(phrasing: Phrasing, words: frozenset[str]) -> bool:
    """Cheap filter: most of the phrasing's content words occur in the text.

    Phrasings with one or two content words need them all; longer ones tolerate a
    typo or a substitution in a third of them, which the fuzzy matcher then judges.
    """
    need = phrasing.words
    present = len(need & words)
    return present >= (len(need) if len(need) <= 2 else -(-2 * len(need) // 3))


def clause_hits(statement: Statement, text: str, block_start: bool = True,
                threshold: float = THRESHOLD, only: Iterable[str] | None = None
                ) -> dict[str, Hit]:
    """The statement's clauses (or ``only`` these) that ``text`` states, best span of each.

    Exact phrasings are tried first, so the fuzzy matcher runs only for text that
    is close to a phrasing without stating any of them word for word.
    """
    words = words_of(text)
    wanted = None if only is None else set(only)
    todo: list[tuple[Clause, list[Pattern], list[Phrasing]]] = []
    for clause in statement.clauses:
        if wanted is not None and clause.name not in wanted:
            continue
        patterns = [p for p in clause.patterns if p.possible(words)] \
            if clause.patterns and not words.isdisjoint(clause.gate) else []
        candidates = [p for p in clause.phrasings if _candidate(p, words)] \
            if not words.isdisjoint(clause.vocabulary) else []
        if patterns or candidates:
            todo.append((clause, patterns, candidates))
    if not todo:
        return {}  # most blocks: no offsets needed
    norm, index = normalise(text)
    padded = f" {norm} "
    hits: dict[str, Hit] = {}
    for clause, patterns, candidates in todo:
        found = next((f for f in (_by_pattern(p, padded, clause.unless, text, index)
                                  for p in patterns) if f), None)
        if found is None:
            found = next((f for f in (_exact(p, norm, block_start, text, index)
                                      for p in candidates) if f), None)
        if found is None:
            scored = [f for f in (_fuzzy(p, norm, threshold) for p in candidates
                                  if p.fuzzy and not p.at_start) if f]
            found = max(scored, key=lambda f: f[0], default=None)
        if found is not None:
            score, a, b = found
            hits[clause.name] = Hit(clause.name, score, index[a], index[b - 1] + 1)
    return hits


def _by_pattern(pattern: Pattern, padded: str, unless: tuple[Pattern, ...] = (),
                text: str = "", index: list[int] | None = None
                ) -> tuple[float, int, int] | None:
    for m in pattern.regex.finditer(padded):
        a, b = m.start() - 1, m.end() - 2  # the padding's space, and the last unit's
        if not unless or index is None or not _vetoed(unless, text, index[a], index[b - 1] + 1):
            return 100.0, a, b
    return None


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n\s*\n")


def _vetoed(unless: tuple[Pattern, ...], text: str, start: int, end: int) -> bool:
    """Whether the sentence around ``text[start:end]`` matches one of ``unless``."""
    begin = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    stop = _SENTENCE_END.search(text, end)
    sentence = f" {normalise(text[begin:stop.start() if stop else len(text)])[0]} "
    return any(p.regex.search(sentence) for p in unless)


def _exact(phrasing: Phrasing, norm: str, block_start: bool, text: str,
           index: list[int]) -> tuple[float, int, int] | None:
    if phrasing.at_start:
        n = len(phrasing.text)
        if not block_start or not (norm == phrasing.text or norm.startswith(phrasing.text + " ")):
            return None
        if phrasing.label and norm != phrasing.text:
            after = text[index[n - 1] + 1:].lstrip(" *_")
            if not after.startswith((":", "—", "–", "|")):
                return None  # "Disclosure of a diagnosis ..." is prose, not a label
        return 100.0, 0, n
    at = norm.find(phrasing.text)
    while at >= 0:
        end = at + len(phrasing.text)
        if (at == 0 or norm[at - 1] == " ") and (end == len(norm) or norm[end] == " "):
            return 100.0, at, end
        at = norm.find(phrasing.text, at + 1)
    return None


def _fuzzy(phrasing: Phrasing, norm: str, threshold: float) -> tuple[float, int, int] | None:
    from rapidfuzz import fuzz

    if len(norm) < len(phrasing.text):
        score = fuzz.ratio(phrasing.text, norm)
        return (score, 0, len(norm)) if score >= threshold else None

    aligned = fuzz.partial_ratio_alignment(phrasing.text, norm, score_cutoff=threshold)
    if aligned is None or aligned.dest_end <= aligned.dest_start:
        return None
    return aligned.score, *_whole_words(norm, aligned.dest_start, aligned.dest_end)


def _whole_words(norm: str, start: int, end: int) -> tuple[int, int]:
    """Snap an alignment to word boundaries: a word counts if most of it was aligned."""
    if start > 0 and norm[start - 1] != " ":
        left = norm.rfind(" ", 0, start) + 1
        right = norm.find(" ", start)
        right = len(norm) if right < 0 else right
        start = left if (right - start) * 2 >= right - left else min(right + 1, end)
    if end < len(norm) and norm[end] != " ":
        left = norm.rfind(" ", 0, end) + 1
        right = norm.find(" ", end)
        right = len(norm) if right < 0 else right
        end = right if (end - left) * 2 >= right - left else max(left - 1, start)
    return start, end


# --- passages in an article ------------------------------------------------------------------


@dataclass
class Passage:
    """A run of blocks (or a front-matter value) that states a statement, fully or in part."""

    statement: Statement
    start: int
    end: int
    hits: dict[str, Hit] = field(default_factory=dict)  # spans are source offsets here
    blocks: list[int] = field(default_factory=list)
    origin: str = "body"  # "body" | "front matter"

    def missing(self, extra_required: Iterable[str] = ()) -> list[Clause]:
        return self.statement.absent(self.hits, extra_required)

    @property
    def first_hit(self) -> int:
        return min((h.start for h in self.hits.values()), default=self.start)

    @property
    def first_span(self) -> tuple[int, int]:
        """The earliest clause found, as a source span (where findings point)."""
        first = min(self.hits.values(), key=lambda h: h.start, default=None)
        return (first.start, first.end) if first else (self.start, self.start)


def _block_hits(statement: Statement, block: Block,
                only: Iterable[str] | None = None, nearby: bool = False) -> dict[str, Hit]:
    raw = clause_hits(statement, block.text, block_start=True, only=only)
    out = {}
    for name, hit in raw.items():
        vetoes = statement.clause(name).unless_nearby if nearby else ()
        if vetoes and _vetoed(vetoes, block.text, hit.start, hit.end):
            continue
        start, end = block.projection.source_span(hit.start, hit.end)
        out[name] = replace(hit, start=start, end=end)
    return out


_UNSEARCHED = frozenset({BlockKind.CODE, BlockKind.FRONT_MATTER, BlockKind.REFERENCE})


def _searchable(block: Block, statement: Statement, plain_text: bool = False) -> bool:
    """Body blocks (not code, front matter or the reference list, where "no treatment" is
    a trial's arm); headings too for statements that a label satisfies ("Sponsored"), and in
    plain text, where a short line ("Jo, RN - not medical advice") is read as a heading."""
    if block.kind == BlockKind.HEADING:
        return statement.match == "any" or plain_text
    return block.kind not in _UNSEARCHED


def find_passages(article: Article, statement: Statement,
                  optional: Iterable[str] = ()) -> list[Passage]:
    """Every passage of the article that states at least one anchor clause of ``statement``.

    Besides the anchors, a passage is searched for the required clauses and the
    ``optional`` ones named (an optional clause nobody asked for is not looked for).
    """
    blocks = article.blocks
    anchors = set(statement.anchors)
    wanted = set(optional)
    others = [c.name for c in statement.clauses
              if c.name not in anchors and (c.required or c.name in wanted
                                            or statement.match == "any")]
    per_block: dict[int, dict[str, Hit]] = {}
    plain = article.format == "text"
    for i, block in enumerate(blocks):
        if _searchable(block, statement, plain):
            hits = _block_hits(statement, block, anchors)
            if hits:
                per_block[i] = hits
    passages: list[Passage] = []
    used: set[int] = set()
    for i in sorted(per_block):
        if i in used:
            continue
        members = [i]
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(blocks) and abs(j - i) <= NEIGHBOURS:
                if blocks[j].kind == BlockKind.HEADING or not _searchable(blocks[j], statement):
                    break
                if blocks[j].section != blocks[i].section:
                    break
                members.append(j)
                j += step
        members = sorted(j for j in members if j == i or j not in used)
        passage = Passage(statement, blocks[members[0]].start, blocks[members[-1]].end,
                          blocks=members)
        for j in members:
            hits = dict(per_block.get(j, {}))
            if others:  # the other clauses count only next to an anchor
                hits.update(_block_hits(statement, blocks[j], others, nearby=j not in per_block))
            for name, hit in hits.items():
                if name not in passage.hits or hit.score > passage.hits[name].score:
                    passage.hits[name] = hit
        used.update(members)
        passages.append(passage)
    passages.extend(_front_matter_passages(article, statement))
    return passages


def _front_matter_passages(article: Article, statement: Statement) -> list[Passage]:
    fm = article.front_matter
    if fm is None:
        return []
    out = []
    for key, value in fm.data.items():
        if not isinstance(value, str) or str(key).lower() not in _FRONT_MATTER_KEYS:
            continue
        hits = clause_hits(statement, value, block_start=True)
        if not set(hits) & set(statement.anchors):
            continue
        start, end = fm.value_spans.get(key, fm.key_spans.get(key, (fm.start, fm.start)))
        # Positions inside a YAML scalar do not map 1:1 (folding, quoting): use the value's span.
        located = {name: replace(hit, start=start, end=end) for name, hit in hits.items()}
        out.append(Passage(statement, start, end, located, origin="front matter"))
    return out


_FRONT_MATTER_KEYS = frozenset({"disclaimer", "medical_disclaimer", "medical-disclaimer",
                                "disclosure", "disclosures", "sponsor", "sponsored_by",
                                "affiliate_disclosure", "dshea", "dshea_statement"})


def best_passage(passages: list[Passage], extra_required: Iterable[str] = ()) -> Passage | None:
    """The most complete passage (fewest missing clauses, then earliest)."""
    if not passages:
        return None
    extra = tuple(extra_required)
    return min(passages, key=lambda p: (len(p.missing(extra)), -len(p.hits), p.start))
