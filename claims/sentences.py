"""Sentence segmentation: one spaCy pipeline per process and a rule-based boundary component.

``spacy.blank("en")`` has no parser and its ``sentencizer`` splits at every period,
which breaks health prose at "Dr.", "e.g.", "et al.", initials and citation markers.
The component here decides boundaries on the block's text with a few regular
expressions (only the handful of terminal punctuation marks are examined, so the
cost stays close to bare tokenization) and writes them into ``Token.is_sent_start``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from claims.long_tokens import tokenize_capped
from claims.model import Article, Block, BlockKind, Sentence
from claims.references import YEAR_VOLUME

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

COMPONENT = "healthlint_sentences"

# Abbreviations after which a period never ends a sentence (titles, Latin, places):
# what follows is usually a capitalised name or word, so "next word is capitalised"
# cannot be the test.
_NEVER_FINAL = frozenset({
    "dr.", "drs.", "mr.", "mrs.", "ms.", "mx.", "prof.", "profs.", "rev.", "hon.", "sr.", "jr.",
    "st.", "mt.", "ft.", "gen.", "col.", "capt.", "lt.", "e.g.", "i.e.", "eg.", "ie.", "cf.",
    "vs.", "v.", "viz.", "approx.", "appx.", "ca.", "incl.", "esp.", "al.", "u.s.", "u.k.",
    "u.n.", "e.u.", "dept.", "univ.", "assoc.", "inst.",
})

# Abbreviations that only precede a number ("Fig. 2", "No. 5", "Jan. 12", "p. 4"); before
# anything else the period may well end the sentence ("The answer was no.").
_BEFORE_NUMBER = frozenset({
    "c.", "no.", "nos.", "fig.", "figs.", "vol.", "vols.", "p.", "pp.", "ch.", "chap.", "sec.",
    "eq.", "eqs.", "ref.", "refs.", "tab.", "art.", "ed.", "eds.", "jan.", "feb.", "mar.",
    "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.",
})

# A single capital letter and a period is an initial ("J. N. Dijkstra") unless the word
# before it names a thing that is labelled with a letter ("vitamin D.", "hepatitis C.").
_LETTER_NAMES = frozenset({
    "vitamin", "vitamins", "hepatitis", "type", "types", "group", "groups", "class", "stage",
    "grade", "phase", "factor", "plan", "part", "parts", "schedule", "appendix", "section",
    "lane", "level", "block", "blood", "size",
})

# The letters listed before the last one, and the word before them: "vitamins A, C and".
_LETTER_LIST = re.compile(
    r"\b([A-Za-z]+)\s+(?:[A-Z](?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+))+$")

# Abbreviations that spaCy's English tokenizer exceptions lack; as special cases they
# stay one token, which keeps later stages from seeing a stray period.
_SPECIAL_CASES = (
    "approx.", "Approx.", "appx.", "cf.", "Cf.", "ca.", "al.", "incl.", "Incl.", "esp.",
    "viz.", "Fig.", "fig.", "Figs.", "figs.", "Eq.", "eq.", "Vol.", "vol.", "pp.",
    "Ref.", "ref.", "Refs.", "refs.", "Dept.", "dept.", "Univ.", "Assoc.", "Inst.", "Drs.",
)

# Extra infixes: split a period glued to a following citation marker ("muscles.[1]",
# "muscles.12", "muscles.²") so that the marker is its own token.
_EXTRA_INFIXES = (
    r"(?<=[a-z)])\.(?=\[)",
    r"(?<=\.)\[",
    r"(?<=[a-z)]{2})\.(?=\d{1,3}(?:[,\u2013-]\d{1,3})*$)",
    r"(?<=[a-z)])\.(?=[⁰¹²³⁴⁵⁶⁷⁸⁹])",
)
# Extra suffix: the period after a mixed-case unit ("mg/dL.") is punctuation.
_EXTRA_SUFFIXES = (r"(?<=[a-z][A-Z])\.",)

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

# A candidate boundary: terminal punctuation, then what still belongs to the sentence
# (closing quotes and brackets, citation markers such as [1], [1, 3], [2-4], [^1],
# superscript or glued digits), then whitespace before the next sentence.
_CANDIDATE = re.compile(
    r"(?P<term>[.?!…]+)"
    r"(?P<tail>(?:"
    r"[\"'”’»)\]]"
    r"|[ \t]?\[\^?\d{1,4}(?:\s*[,;\u2013\u2014-]\s*\d{1,4}){0,12}\]"
    r"|[ \t]?\[\^[^\]\s]{1,40}\]"
    rf"|[{_SUPERSCRIPTS}]+(?:[,\u207b\u2013-][{_SUPERSCRIPTS}]+)*"
    r"|(?<=[a-z)%]\.)\d{1,3}(?:[,\u2013-]\d{1,3})*(?=\s)"
    r"|(?<=[a-z)]\.)[*\u2020\u2021]{1,3}(?=\s)"  # a footnote's asterisk or dagger: "use.* "
    r")*)"
    r"\s+(?=\S)"
)
_WORD_STOP = frozenset(" \t\n\r\u00a0([{\"'“‘")
_CITATION_YEAR = re.compile(YEAR_VOLUME)
_ET_AL = re.compile(r"\bet\s+al$", re.IGNORECASE)
_ENUMERATOR = re.compile(r"(?:\d{1,2}|[a-z]|[ivx]{1,4})")
_BRACKETS = re.compile(r"[()\[\]{}]")
_PAIRS = {")": "(", "]": "[", "}": "{"}

_NLP: Pipeline | Language | None = None


def bracket_spans(text: str) -> list[tuple[int, int]]:
    """Outermost balanced bracket pairs as ``(open, close)``; unbalanced ones are ignored."""
    if "(" not in text and "[" not in text and "{" not in text:
        return []
    stack: list[tuple[str, int]] = []
    spans: list[tuple[int, int]] = []
    for match in _BRACKETS.finditer(text):
        ch = match.group()
        pos = match.start()
        if ch in "([{":
            stack.append((ch, pos))
            continue
        opener = _PAIRS[ch]
        # Pop to the matching opener; a stray closer (no such opener) is ignored.
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][0] == opener:
                start = stack[depth][1]
                del stack[depth:]
                if not stack:
                    while spans and spans[-1][0] > start:
                        spans.pop()
                    spans.append((start, pos))
                break
    return spans


def _inside(spans: list[tuple[int, int]], starts: list[int], pos: int, until: int) -> bool:
    """Whether ``pos`` lies in a bracket pair that is still open at ``until``."""
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and spans[i][0] < pos < spans[i][1] and spans[i][1] >= until


def _word_before(text: str, pos: int) -> str:
    """The word that ends at ``pos`` (back to whitespace or an opening bracket or quote)."""
    start = pos
    limit = max(0, pos - 40)
    while start > limit and text[start - 1] not in _WORD_STOP and not text[start - 1].isspace():
        start -= 1
    return text[start:pos]


def _names_a_letter(text: str, pos: int) -> bool:
    """Whether the capital letter before the period at ``pos`` is a thing's label ("vitamin
    C.", "vitamins A, C and D.", "hepatitis B."), not an initial."""
    before = text[max(0, pos - 41):pos - 1].rstrip()
    listed = _LETTER_LIST.search(before + " ")  # "vitamins A, C and D."
    prev_word = (listed.group(1) if listed else _word_before(before, len(before))).lower()
    return prev_word in _LETTER_NAMES


def _period_ends_sentence(text: str, pos: int, after: int) -> bool:
    """Decide a '.' at ``pos`` followed (after markers and space) by the text at ``after``."""
    next_char = text[after]
    token = _word_before(text, pos)
    if next_char.islower():
        return text[pos + 1:after].isspace() and _casual_end(token, text, after)
    key = token.lower() + "."
    if key in _NEVER_FINAL and (key != "al." or _ET_AL.search(text, max(0, pos - 12), pos)):
        return False
    lettered = len(token) == 1 and token.isupper() and _names_a_letter(text, pos)
    if next_char.isdigit():
        if key in _BEFORE_NUMBER and not lettered:  # "vitamin C. 60 capsules": no circa
            return False
        if _CITATION_YEAR.match(text, after):
            return False  # "JAMA. 2012;307(18):1959" is one reference, not two sentences
    if len(token) == 1 and token.isupper():
        return lettered
    if len(token) <= 4 and _ENUMERATOR.fullmatch(token):
        # "1." / "a." / "iv." opening an inline enumeration (at the start, after a colon
        # or after the previous item's sentence), not a sentence end.
        start = pos - len(token)
        head = text[max(0, start - 40):start].rstrip()[-1:]
        if not head and start > 40:
            head = " "  # only whitespace nearby: not the start of the block
        if not head or head in ":;.?!":
            return False
    return True


# Words that end with a period inside a sentence, written in lower case and followed by one:
# "etc. as needed", "approx. two", "tbsp. of oil" (with ``_NEVER_FINAL``, ``_BEFORE_NUMBER``).
_LOWER_ABBREVIATIONS = frozenset({
    "etc.", "tbsp.", "tsp.", "oz.", "lb.", "lbs.", "min.", "mins.", "max.", "hr.", "hrs.",
    "wk.", "wks.", "yr.", "yrs.", "mo.", "mos.", "avg.", "est.", "qty.", "sq.", "pt.", "pts.",
    "resp.", "cont.", "misc.", "var.", "spp.", "sp.", "subsp.", "ssp.", "aka.", "ml.", "mg.",
    "cm.", "mm.", "kg.", "km.", "dia.", "tab.", "caps.", "inj.", "susp.", "soln.",
})
_CASUAL_NEXT = re.compile(r"[a-z]{2,}[\s,]")


def _casual_end(token: str, text: str, after: int) -> bool:
    """Whether a period before a lower-case word ends a sentence, as casual writing drops
    the capital ("It flares every winter without fail. stress is a massive trigger too"):
    after an ordinary word of three letters or more that no abbreviation spells, before a
    word of two letters or more, with nothing but space between (no bracket or quote
    closing on the period)."""
    key = token.lower() + "."
    return (len(token) >= 3 and token.isalpha() and token.islower()
            and key not in _NEVER_FINAL and key not in _BEFORE_NUMBER
            and key not in _LOWER_ABBREVIATIONS
            and _CASUAL_NEXT.match(text, after) is not None)


def boundaries(text: str) -> list[int]:
    """Character offsets in ``text`` where a new sentence starts (excluding 0)."""
    starts: list[int] = []
    spans: list[tuple[int, int]] | None = None
    open_starts: list[int] = []
    for match in _CANDIDATE.finditer(text):
        nxt = match.end()
        next_char = text[nxt]
        term = match.group("term")
        pos = match.start()
        if next_char.islower() and term != ".":
            continue
        if term == "." and not _period_ends_sentence(text, pos, nxt):
            continue
        if spans is None:
            spans = bracket_spans(text)
            open_starts = [s for s, _ in spans]
        if spans and _inside(spans, open_starts, pos, match.end("tail")):
            continue
        starts.append(nxt)
    return starts


_TEXT_KEY = "healthlint.text"
_NOT_START = 2**64 - 1  # -1 as spaCy stores SENT_START in a uint64 array


class _TextKeepingTokenizer:
    """Wraps the spaCy tokenizer and keeps the input string on the Doc for one component.

    Whitespace-free runs too long for spaCy's quadratic affix search are cut first
    (:mod:`claims.long_tokens`).

    ``Doc.text`` is rebuilt token by token in Python, which cost more than the
    boundary rules themselves; the component pops the string again at once.
    """

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = tokenize_capped(self.tokenizer, self.tokenizer.vocab, text)
        doc.user_data[_TEXT_KEY] = text
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str) -> Any:
        # rules, add_special_case, explain, to_disk ...: the wrapped tokenizer's own.
        return getattr(self.tokenizer, name)


class _SentenceStarts:
    """The pipeline component: writes :func:`boundaries` into ``Token.is_sent_start``.

    Every token gets a value (start or not) in one ``Doc.from_array`` call; the flag
    buffer is reused between documents because allocating it dominated the cost.
    """

    def __init__(self) -> None:
        import numpy
        from spacy.attrs import SENT_START

        self._numpy = numpy
        self._attrs = [SENT_START]
        self._flags = numpy.full(1024, _NOT_START, dtype="uint64")

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        text = doc.user_data.pop(_TEXT_KEY, None)
        if not n:
            return doc
        if text is None:
            text = doc.text  # a Doc made without our tokenizer: rebuild the text (slower)
        if n > len(self._flags):
            self._flags = self._numpy.full(2 * n, _NOT_START, dtype="uint64")
        flags = self._flags[:n]
        marked = [0]
        for char in boundaries(text):
            span = doc.char_span(char, char + 1, alignment_mode="expand")
            if span is not None:
                marked.append(span.start)
        if n > MAX_SENTENCE_TOKENS:
            marked = cap_sentence_length(marked, n)
        for i in marked:
            flags[i] = 1  # scalar stores: numpy's fancy indexing costs more for a few items
        try:
            doc.from_array(self._attrs, flags)
        finally:
            for i in marked:
                flags[i] = _NOT_START
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        """Language.pipe calls this once per stream instead of once per document."""
        for doc in docs:
            yield self(doc)


TOKENIZER = "healthlint.tokenizer.v1"

# No sentence of prose runs to this many tokens; a "sentence" of 30,000 citation markers
# or numbers only made every per-sentence pass downstream quadratic.
MAX_SENTENCE_TOKENS = 400


def cap_sentence_length(starts: list[int], n: int) -> list[int]:
    """Sentence-start token indices with a start added wherever a sentence would run past
    :data:`MAX_SENTENCE_TOKENS` tokens (``starts`` is ascending and begins with 0)."""
    capped: list[int] = []
    for start, end in zip(starts, [*starts[1:], n], strict=True):
        capped.extend(range(start, end, MAX_SENTENCE_TOKENS) if end > start else (start,))
    return capped


def _make_tokenizer(nlp: Any, defaults: Any = None) -> _TextKeepingTokenizer:
    """spaCy's own English tokenizer factory plus the project's exceptions and affixes.

    Built in one go: setting affixes or special cases on an existing tokenizer reloads
    all of its ~1,400 special cases each time, which cost more than building it.
    """
    from spacy.attrs import ORTH
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    defaults = defaults if defaults is not None else nlp.Defaults
    rules = dict(defaults.tokenizer_exceptions)
    for case in _SPECIAL_CASES:
        rules.setdefault(case, [{ORTH: case}])
    prefixes = defaults.prefixes or ()
    tokenizer = Tokenizer(
        nlp.vocab,
        rules=rules,
        prefix_search=compile_prefix_regex(prefixes).search if prefixes else None,
        suffix_search=compile_suffix_regex((*(defaults.suffixes or ()), *_EXTRA_SUFFIXES)).search,
        infix_finditer=compile_infix_regex((*(defaults.infixes or ()), *_EXTRA_INFIXES)).finditer,
        token_match=defaults.token_match,
        url_match=defaults.url_match,
    )
    return _TextKeepingTokenizer(tokenizer)


class Pipeline:
    """What healthlint runs of spaCy: the English tokenizer and the sentence component.

    The same vocabulary and tokenizer ``spacy.blank("en")`` builds, made directly, so a
    run never imports spaCy's Language class, its pipeline factories, config schemas or
    registry (:func:`claims._spacy.import_tokenizer_parts`): about a third of importing
    spaCy. Offers the few ``Language`` members healthlint and its tests use.
    """

    lang = "en"

    def __init__(self) -> None:
        from claims._spacy import import_tokenizer_parts, trusted_patterns

        create_vocab, _, defaults = import_tokenizer_parts()
        self.Defaults = defaults
        self.vocab = create_vocab("en", defaults)
        with trusted_patterns():
            self.tokenizer = _make_tokenizer(self, defaults)
        self.pipe_names = [COMPONENT]
        self._component = _SentenceStarts()

    def get_pipe(self, name: str) -> Any:
        if name != COMPONENT:
            raise KeyError(name)
        return self._component

    def make_doc(self, text: str) -> Doc:
        """Tokens only, as ``Language.make_doc``."""
        return self.tokenizer(text)

    def __call__(self, text: str) -> Doc:
        return self._component(self.tokenizer(text))

    def pipe(self, texts: Iterable[str], batch_size: int = 256) -> Iterator[Doc]:
        for text in texts:
            yield self(text)


def build_language() -> Language:
    """The same pipeline as a spaCy ``Language`` (``spacy.blank``): what :class:`Pipeline`
    must match token for token; also the fallback when it cannot be built."""
    from claims._spacy import import_spacy

    spacy = import_spacy()
    from spacy.language import Language

    if TOKENIZER not in spacy.registry.tokenizers:
        spacy.registry.tokenizers.register(TOKENIZER, func=lambda: _make_tokenizer)
    if not Language.has_factory(COMPONENT):
        Language.factory(COMPONENT, func=lambda nlp, name: _SentenceStarts())
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    nlp.add_pipe(COMPONENT)
    return nlp


def get_nlp() -> Pipeline | Language:
    """The process-wide pipeline (built on first use: it is the main fixed cost of a run)."""
    global _NLP
    if _NLP is None:
        try:
            _NLP = Pipeline()
        except Exception:  # a spaCy whose insides moved: the ordinary, slower way
            _NLP = build_language()
    return _NLP


def _trim(span: Span, text: str) -> Span | None:
    """The span without leading/trailing whitespace tokens; None when nothing is left."""
    if not text[span.start_char].isspace() and not text[span.end_char - 1].isspace():
        return span  # the common case, decided without touching tokens
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return doc[start:end] if end > start else None


def _spans(doc: Doc, heading: bool) -> Iterable[Span]:
    if heading:
        return (doc[:],)
    return doc.sents


def _docs(nlp: Pipeline | Language, texts: Iterable[str]) -> Iterator[Doc]:
    """Run the pipeline over block texts.

    With only the sentence component in the pipeline, it is applied directly:
    ``Language.pipe``'s per-document bookkeeping cost a good share of tokenization.
    """
    if nlp.pipe_names != [COMPONENT]:
        yield from nlp.pipe(texts, batch_size=256)
        return
    tokenizer = nlp.tokenizer
    component = nlp.get_pipe(COMPONENT)
    for text in texts:
        yield component(tokenizer(text))


def _marker_ends(block: Block, text: str) -> list[int]:
    """Where a sentence starts after a ``<sup>`` marker that follows a full stop ("... is
    51.<sup>1</sup> Doctors ..."): flattened, the marker reads as a decimal ("51.1"), but
    the markup says it is a note's number, so the sentence ends after it."""
    offsets = block.projection.offsets
    starts: list[int] = []
    for source_start, source_end in block.data["superscripts"]:
        a = bisect.bisect_left(offsets, source_start)
        b = bisect.bisect_left(offsets, source_end)
        if not 0 < a < b < len(text) or text[a - 1] != "." or not text[b].isspace():
            continue
        nxt = b + len(text[b:]) - len(text[b:].lstrip())
        if nxt < len(text) and text[nxt].isupper():
            starts.append(nxt)
    return starts


def _split_after_markers(doc: Doc, spans: Iterable[Span], starts: list[int]) -> Iterator[Span]:
    """``spans`` cut again at the character offsets in ``starts`` (token starts)."""
    pieces = (doc.char_span(c, c + 1, alignment_mode="expand") for c in starts)
    cuts = sorted({piece.start for piece in pieces if piece is not None})
    for span in spans:
        begin = span.start
        for cut in cuts:
            if span.start < cut < span.end:
                yield doc[begin:cut]
                begin = cut
        yield doc[begin:span.end]


def segment(article: Article) -> None:
    """Fill ``article.sentences`` for prose blocks and headings (a heading is one sentence)."""
    blocks = [b for b in article.blocks if b.kind.is_prose or b.kind is BlockKind.HEADING]
    nlp = get_nlp()
    sentences: list[Sentence] = []
    texts = (b.projection.text for b in blocks)
    for block, doc in zip(blocks, _docs(nlp, texts), strict=True):
        if not len(doc):
            continue
        text = block.projection.text
        heading = block.kind is BlockKind.HEADING
        spans = _spans(doc, heading)
        if not heading and block.data.get("superscripts"):
            spans = _split_after_markers(doc, spans, _marker_ends(block, text))
        for raw in spans:
            span = _trim(raw, text)
            if span is None:
                continue
            pstart, pend = span.start_char, span.end_char
            start, end = block.projection.source_span(pstart, pend)
            sentences.append(
                Sentence(block, pstart, pend, start, end, text[pstart:pend], doc=span)
            )
    article.sentences = sentences
