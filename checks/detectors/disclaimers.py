"""Finding a required statement (medical disclaimer, DSHEA, disclosure) by concept.

A statement is a group of clauses ("for informational purposes only", "not a
substitute for professional medical advice", ...), each with several phrasings.
Text is compared after lower-casing and dropping punctuation and line breaks;
long phrasings are matched with rapidfuzz's partial ratio, so paraphrase, typos
and odd punctuation still match, and short ones must appear as whole words.

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
class Clause:
    name: str
    says: str
    required: bool
    phrasings: tuple[Phrasing, ...]
    # Every content word of every phrasing: text with none of them cannot match.
    vocabulary: frozenset[str] = frozenset()


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

    def clause(self, name: str) -> Clause:
        return next(c for c in self.clauses if c.name == name)


# --- normalisation ---------------------------------------------------------------------------

_WORD = re.compile(r"[0-9a-z]+")


_TOKEN = re.compile(r"[^\W_]+(?:['’‘`][^\W_]+)*")


def normalise(text: str) -> tuple[str, list[int]]:
    """Lower-case words joined by single spaces, with each character's index in ``text``.

    Apostrophes inside a word are dropped ("don't" -> "dont"); everything else that
    is not a letter or digit separates words. (``str.lower`` can change a string's
    length, so words are found in the original and lower-cased one by one.)
    """
    parts: list[str] = []
    index: list[int] = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        start = m.start()
        if index:
            index.append(start - 1)  # the separator stands for what preceded the word
        folded = _fold(word)
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


def _clauses(name: str, raw: Any) -> tuple[Clause, ...]:
    if not isinstance(raw, Mapping) or not raw:
        raise StatementError(f"{name}.clauses: expected a table of clauses")
    out = []
    for cname, spec in raw.items():
        if not isinstance(spec, Mapping):
            raise StatementError(f"{name}.clauses.{cname}: expected a table")
        phrasings = spec.get("phrasings")
        if not isinstance(phrasings, list) or not phrasings or not all(
            isinstance(p, str) and p.strip() for p in phrasings
        ):
            raise StatementError(f"{name}.clauses.{cname}.phrasings: expected a list of strings")
        unknown = set(spec) - {"says", "required", "phrasings"}
        if unknown:
            raise StatementError(
                f"{name}.clauses.{cname}: unknown key {sorted(unknown)[0]!r} "
                "(keys: says, required, phrasings)"
            )
        parsed = tuple(_phrasing(p) for p in phrasings)
        out.append(Clause(str(cname), str(spec.get("says") or phrasings[0]),
                          bool(spec.get("required", True)), parsed,
                          frozenset().union(*(p.words for p in parsed))))
    return tuple(out)


_ENTRY_KEYS = {"source", "heading", "text", "match", "anchors", "clauses"}


def _entry(name: str, raw: Mapping[str, Any], base: Statement | None) -> Statement:
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise StatementError(
            f"{name}: unknown key {sorted(unknown)[0]!r} (keys: {', '.join(sorted(_ENTRY_KEYS))})"
        )
    clauses = _clauses(name, raw["clauses"]) if "clauses" in raw else (
        base.clauses if base else _clauses(name, None))
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
                     clauses, str(raw.get("source", base.source if base else "")))


def _read_yaml(path: str) -> Mapping[str, Any]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with open(path, encoding="utf-8") as handle:
            doc = yaml.load(handle, Loader=loader)  # a safe loader (C or pure Python)
    except OSError as exc:
        raise StatementError(f"{path}: cannot read: {exc.strerror or exc}") from None
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
    todo: list[tuple[Clause, list[Phrasing]]] = []
    for clause in statement.clauses:
        if (wanted is not None and clause.name not in wanted) or \
                words.isdisjoint(clause.vocabulary):
            continue
        candidates = [p for p in clause.phrasings if _candidate(p, words)]
        if candidates:
            todo.append((clause, candidates))
    if not todo:
        return {}  # most blocks: no offsets needed
    norm, index = normalise(text)
    hits: dict[str, Hit] = {}
    for clause, candidates in todo:
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
        wanted = set(extra_required)
        return [c for c in self.statement.clauses
                if (c.required or c.name in wanted) and c.name not in self.hits]

    @property
    def first_hit(self) -> int:
        return min((h.start for h in self.hits.values()), default=self.start)

    @property
    def first_span(self) -> tuple[int, int]:
        """The earliest clause found, as a source span (where findings point)."""
        first = min(self.hits.values(), key=lambda h: h.start, default=None)
        return (first.start, first.end) if first else (self.start, self.start)


def _block_hits(statement: Statement, block: Block,
                only: Iterable[str] | None = None) -> dict[str, Hit]:
    raw = clause_hits(statement, block.text, block_start=True, only=only)
    out = {}
    for name, hit in raw.items():
        start, end = block.projection.source_span(hit.start, hit.end)
        out[name] = replace(hit, start=start, end=end)
    return out


def _searchable(block: Block, statement: Statement) -> bool:
    """Body blocks; headings too for statements that a label satisfies ("Sponsored")."""
    from claims.model import BlockKind

    if block.kind == BlockKind.HEADING:
        return statement.match == "any"
    return block.kind not in (BlockKind.CODE, BlockKind.FRONT_MATTER)


def find_passages(article: Article, statement: Statement,
                  optional: Iterable[str] = ()) -> list[Passage]:
    """Every passage of the article that states at least one anchor clause of ``statement``.

    Besides the anchors, a passage is searched for the required clauses and the
    ``optional`` ones named (an optional clause nobody asked for is not looked for).
    """
    from claims.model import BlockKind

    blocks = article.blocks
    anchors = set(statement.anchors)
    wanted = set(optional)
    others = [c.name for c in statement.clauses
              if c.name not in anchors and (c.required or c.name in wanted
                                            or statement.match == "any")]
    per_block: dict[int, dict[str, Hit]] = {}
    for i, block in enumerate(blocks):
        if _searchable(block, statement):
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
                hits.update(_block_hits(statement, blocks[j], others))
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
