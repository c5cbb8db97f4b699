"""Block roles: which blocks are the article's body, its reference list, its disclaimer,
and which are site chrome around it. Readers produce structural kinds only; this
pass re-labels them the same way for every format.

The patterns are a table of named regular expressions, each with the reason it
exists, matched against normalised block text. Sections work like a small state
machine: a "References" heading turns the entries below it into references, a
"Disclaimer" heading turns its paragraphs into the disclaimer, and a chrome heading
("Meet our experts", "Subscribe", "Contact us", "Get the Healthify App") turns what
follows into boilerplate, until a heading that starts real content again. A statement
that supplement law puts on a label (DSHEA; the EU "should not be used as a substitute
for a varied and balanced diet") is a disclaimer wherever it stands. Blocks a reader
marks as a page region outside the article (``data["region"]``: an HTML site footer,
header or sidebar) are the site's: its disclaimer or boilerplate, never body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from claims.model import Article, Block, BlockKind
from claims.references import is_numbered_vancouver_entry
from claims.sentences import boundaries

# Kinds a role may replace; code, front matter and tables keep what the reader said.
_RELABEL = frozenset({BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.BLOCKQUOTE})


class Mode(StrEnum):
    BODY = "body"
    REFERENCE = "reference"
    DISCLAIMER = "disclaimer"
    CHROME = "chrome"


_FOLDED_LETTERS = frozenset("iks")


@dataclass(frozen=True)
class Guard:
    """Words of which every match of a case-insensitive pattern contains one: a text whose
    lower-cased form holds none cannot match, and one substring scan decides it instead of
    a search that runs the pattern's alternatives at every character. The words avoid i, k
    and s, which IGNORECASE matches in characters that str.lower leaves alone (dotless ı,
    the Kelvin sign, long ſ), so the guard never refuses a text the pattern matches."""

    words: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unsafe = [w for w in self.words if w != w.lower() or set(w) & _FOLDED_LETTERS]
        if unsafe:
            raise ValueError(f"guard words must be lower-case without i, k or s: {unsafe}")

    def admits(self, low: str) -> bool:
        """Whether a text (``low``: lower-cased) may match: it holds one of the words."""
        return not self.words or any(word in low for word in self.words)


@dataclass(frozen=True)
class Pattern:
    """A named pattern; ``why`` documents the page furniture it stands for. ``needs``: the
    words of which every match contains one, when there are such words."""

    role: str
    regex: re.Pattern[str]
    why: str
    needs: Guard = Guard()

    def found_in(self, text: str, low: str) -> bool:
        """Whether the pattern occurs in ``text`` (``low``: ``text.lower()``)."""
        return self.needs.admits(low) and self.regex.search(text) is not None



def _p(role: str, pattern: str, why: str, needs: tuple[str, ...] = ()) -> Pattern:
    return Pattern(role, re.compile(pattern, re.IGNORECASE), why, Guard(needs))


# Section headings (whole heading text, lower-cased, trailing ":" removed).
REFERENCE_HEADINGS = re.compile(
    r"(?:references?|reference list|sources?|sources and references|references and sources"
    r"|bibliography|citations?|works cited|literature cited|cited literature|footnotes|notes"
    r"|notes and references|references and notes|references and further reading)",
    re.IGNORECASE,
)
DISCLAIMER_HEADINGS = re.compile(
    r"(?:medical |health |important |legal )?disclaimers?|important (?:note|notice)",
    re.IGNORECASE,
)
CHROME_HEADINGS: tuple[Pattern, ...] = (
    _p("experts", r"meet (?:our|the) (?:\w+ )?(?:experts?|team|doctors|authors)"
       r"|our (?:\w+ )?experts",
       "author/expert carousels that list names, degrees and years of experience"),
    _p("social", r"follow us(?: on)?|connect with us|share(?: this(?: article| page)?)?",
       "social-media link rows"),
    _p("subscribe", r"subscribe.*|newsletter|sign up.*|stay (?:updated|informed)",
       "newsletter sign-up boxes"),
    _p("company", r"registered (?:office|address).*|corporate office"
       r"|grievance (?:officer|redressal)|company information|legal information",
       "the publisher's legal footer (Indian pharmacy sites must print these)"),
    _p("app-store", r"(?:download|get|install)(?: (?:the|our))?(?: free)?"
       r"(?: [\w&'’.+-]+){0,3} app(?: (?:now|today|for free))?!?"
       r"|download (?:the |our )?(?:\w+ )?\w+|available on",
       "app download blurbs: 'Get the Healthify Me App', 'Download the app', 'Download "
       "Truemeds'"),
    _p("contact", r"contact(?: us)?|customer (?:care|support|service)|help ?cent(?:re|er)",
       "contact details of the site, not of the article"),
    _p("payment", r"(?:our )?payment (?:partners?|options|methods)|we accept",
       "payment-provider logo rows"),
    _p("trust", r"trust(?:ed)? (?:certified|seal)|certified by|secure (?:checkout|payments?)",
       "certification badges"),
    _p("contents", r"table of contents|contents|in this article|on this page|jump to|quick links",
       "a table of contents: links to the article's own sections"),
    _p("navigation", r"related (?:articles|posts|stories|products)|you may also like"
       r"|recommended(?: for you)?"
       r"|(?:customers|people|shoppers) (?:also|who bought this also) (?:bought|viewed|liked)"
       r"|frequently bought together|similar products"
       r"|popular (?:articles|posts)|latest (?:articles|posts)|read (?:more|next)|more from.*"
       r"|select category|categories|tags|leave a (?:comment|reply)|comments",
       "navigation and discovery widgets"),
    _p("feedback", r"was this (?:article|page|information) (?:useful|helpful)\??",
       "article rating widgets"),
)

# A date as pages print it: "08 Nov, 2025", "March 3, 2024", "2024-03-03", "3/3/24".
_DATE = (
    r"(?=[^\n]{0,40}$)(?=.*(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))"
    r"[\w ,./-]*\w"
)

# Whole-block chrome patterns: lines a scraper keeps from the page template.
CHROME_BLOCKS: tuple[Pattern, ...] = (
    _p("breadcrumb", r"(?:home|start|main)\s*[/›»>|]\s*\S.*",
       "breadcrumb trails start at the site's home page"),
    _p("breadcrumb", r"[^.!?›»>|]{1,40}(?:\s*[›»]\s*[^.!?›»>|]{1,60}){2,}",
       "breadcrumb trails with arrow separators, wherever they start"),
    _p("updated-date", rf"(?:last\s+)?(?:updated|modified|revised)(?:\s+on)?\s*:?\s*{_DATE}",
       "the page's update date; kept as data for provenance checks"),
    _p("published-date", rf"(?:first\s+)?(?:published|posted)(?:\s+on)?\s*:?\s*{_DATE}",
       "the page's publication date; kept as data for provenance checks"),
    _p("reviewed-date", rf"(?:medically\s+)?reviewed\s+on\s*:?\s*{_DATE}",
       "the review date; kept as data for provenance checks"),
    _p("byline", r"(?:written|authored|medically reviewed|reviewed|fact[- ]checked|edited)\s+by\s+"
       r"\S.{0,100}",
       "author and reviewer lines; kept as data for provenance checks"),
    _p("caption", r"(?-i:PHOTO|IMAGE|VIDEO)\s+\S.{0,300}|(?:photo(?:graph)?|image|picture)"
       r"(?:\s+(?:credit|courtesy))?\s*(?::|\bby\b)\s*\S.{0,200}",
       "photo captions and credits as news pages print them ('PHOTO Dr X says ...', "
       "'Photograph: ...', 'Photo by ...')"),
    _p("read-time", r"(?:read(?:ing)?\s+time\s*:?\s*\d+\s*min\w*|\d+\s*min(?:ute)?s?\s+read)",
       "reading-time badges"),
    _p("feedback", r"was this (?:article|page|information|answer) (?:useful|helpful)\??"
       r"|\d[\d,]*\s+(?:people|readers|users) (?:find|found) this (?:\w+ )?(?:helpful|useful)"
       r"|(?:yes|no)\s*/\s*(?:yes|no)",
       "article rating widgets"),
    _p("navigation", r"[^|·.!?]{1,30}(?:[|·][^|·.!?]{1,30}){2,}",
       "footer link rows such as 'About | Contact | Privacy' or 'Delivery · Returns · Help'"),
    _p("navigation", r"(?:related|see also|read more|more on this)(?: (?:articles?|stories|reading"
       r"|content|posts?|links?))?\s*:\s*\S.{0,120}",
       "'Related: ...' links to other pages"),
    _p("navigation", r"(?:select|choose) (?:a )?category|view all|see all|load more|show more"
       r"|read more|back to top|skip to (?:main )?content|previous(?: article)?|next(?: article)?",
       "navigation buttons"),
    _p("experience", r"\d{1,2}\+?\s*(?:years?|yrs?)(?:\s+(?:of\s+)?experience)?",
       "years-of-experience badges on expert cards"),
    _p("app-store", r"(?:get it on |download on (?:the )?)?"
       r"(?:google\s*play(?:\s*store)?|play\s*store|(?:apple\s+)?app\s*store)",
       "app-store buttons"),
    _p("version", r"v?\d+(?:\.\d+){1,3}(?:[-+][\w.]+)?",
       "the site build's version string"),
    _p("copyright", r"(?:©|\(c\)|copyright\b|all rights reserved).*"
       r"|.{0,80}\ball rights reserved\b.*",
       "copyright footers"),
    _p("company", r"(?:cin|gstin|gst(?:\s+no)?|pan|llpin|company\s+(?:no|number)|reg(?:istration)?"
       r"\.?\s*no\.?)\s*[:.]?\s*[A-Z0-9][\w-]{5,}",
       "company registration numbers in legal footers"),
    _p("contact", r"(?:tel(?:ephone)?|phone|mobile|fax|whatsapp|toll[- ]free|helpline)\s*(?:no\.?)?"
       r"\s*[:.]?\s*[+(\d][\d ()+-]{5,}|e-?mail\s*:\s*\S+@\S+",
       "phone numbers and addresses of the site"),
    _p("payment", r"(?:payment\s*partners?)+",
       "payment-provider logo rows (alt texts such as 'paymentPartner')"),
    _p("social", r"(?:follow us(?: on)?|share(?: on)?)(?:\s*[:|]?\s*(?:facebook|twitter|x|instagram"
       r"|linkedin|youtube|pinterest|whatsapp)[\s,|]*)*",
       "social-media link rows"),
    _p("subscribe", r"(?:subscribe|sign up)(?: now| today| to our newsletter)?!?",
       "newsletter buttons"),
    _p("shop-banner", r"(?:free|fast|next[- ]day|express)(?: (?:uk|us|eu|standard|tracked))?"
       r" (?:shipping|delivery)(?: (?:on|for))?(?: (?:all|every))?(?: (?:uk|us|eu))?"
       r"(?: (?:orders?|purchases?))?(?: (?:over|above|of|from) [$£€]\s?\d[\d,.]*)?[.!]?",
       "a shop's delivery banner: 'FREE SHIPPING on orders over $100!'"),
)

# Sentences that make a paragraph a medical disclaimer ("not medical advice"), and the
# self-reference that disclaimers carry ("this article", "the information provided"):
# both are needed, so body advice such as "rest is no substitute for treatment" stays body.
DISCLAIMER_PHRASES = re.compile(
    r"for (?:general )?(?:informational|information|educational) (?:and educational )?"
    r"(?:purposes?|use) only"
    r"|not (?:intended |meant )?(?:to be )?(?:a |an )?(?:substitute|replacement) for "
    r"(?:professional (?:medical |health ?care )?(?:advice|care|consultation|diagnosis|treatment)"
    r"|(?:medical|health) advice)"
    r"|(?:does not|do not|doesn't|is not intended to) (?:constitute|provide|replace) "
    r"(?:professional )?medical advice"
    r"|not intended to (?:diagnose|treat|cure|prevent)"
    # The same in ordinary words ("not meant to diagnose", "is not a diagnosis", "should not
    # be used instead of a consultation", "general in nature", "informational only").
    r"|(?:not|never|n't) (?:meant|intended|designed|able) (?:to be used )?to (?:diagnose|treat|"
    r"replace|prescribe)"
    r"|(?:is|are) not (?:a |an )?(?:diagnosis|prescription|treatment plan)"
    r"|(?:not|never) be (?:used|treated|taken|read|relied on|relied upon) (?:as|instead of|in "
    r"place of|to diagnose|for (?:a )?diagnosis)"
    r"|(?:does not|doesn't|do not|don't|cannot|can't|won't|will not) (?:replace|take the place "
    r"of|substitute for) (?:a |an |the |your |professional |medical |personal )*(?:advice|care|"
    r"consultation|diagnosis|treatment|examination|assessment|visit|doctor|gp|pharmacist)"
    r"|not (?:intended|meant) as (?:medical|clinical|professional|health) advice"
    r"|(?:general|educational|informational) in nature|of a general nature"
    r"|(?:informational|educational) only|for general (?:reference|interest|awareness)",
    re.IGNORECASE,
)
# Every alternative above holds one of these ("cannot" holds "not", "doesn't" "n't").
DISCLAIMER_WORDS = Guard(("not", "n't", "never", "only", "nature", "general"))
DSHEA_STATEMENT = re.compile(
    r"(?:these )?statements have not been evaluated by the (?:food and drug administration|fda)",
    re.IGNORECASE,
)
# Statements that food and supplement law makes a label carry. One that only a label
# makes is a disclaimer on its own; the others ("do not exceed the recommended dose")
# are also ordinary advice, so it takes two of them to make a block a label statement.
REGULATORY_STATEMENTS: tuple[Pattern, ...] = (
    _p("eu-varied-diet", r"food supplements? (?:should|must|is|are) not (?:be )?"
       r"(?:used |intended )?(?:as |to be used as )?(?:a )?(?:substitute|replacement)s? for "
       r"a varied(?: and balanced)? diet",
       "EU Directive 2002/46/EC Art 6(3)(c); UK Food Supplements Regulations 2003 reg 6",
       ("not",)),
    _p("eu-balanced-diet", r"a varied and balanced diet and a healthy lifestyle (?:is|are) "
       r"important",
       "EU Regulation 432/2012 conditions of use that accompany a health claim",
       ("balanced",)),
    _p("not-intended", r"this (?:product|supplement|food supplement) is not intended to "
       r"(?:diagnose|treat|cure|prevent|mitigate)",
       "the second sentence of the DSHEA statement, 21 CFR 101.93(c)", ("not",)),
)
_LABEL_ADVICE: tuple[Pattern, ...] = (
    _p("dose", r"do not exceed the (?:stated |recommended |suggested )*(?:daily )?"
       r"(?:dose|dosage|intake|amount|serving)",
       "EU Directive 2002/46/EC Art 6(3)(b)", ("exceed",)),
    _p("children", r"(?:keep|store)(?: \w+)? out of (?:the )?(?:reach|sight)"
       r"(?: and (?:reach|sight))? of (?:young )?children",
       "EU Directive 2002/46/EC Art 6(3)(e)", ("out of",)),
)
_SELF_REFERENCE = re.compile(
    r"\b(?:this|our|the|these) (?:article|information|content|site|website|page|blog|material"
    r"|post|text|publication|guide|facts|material|advice|tips|leaflet|factsheet|newsletter)s?\b"
    r"|\b(?:information|content|material) (?:provided|contained|presented|on|here|in)\b",
    re.IGNORECASE,
)
_MAX_DISCLAIMER_WORDS = 160
_READ_WHOLE_BELOW = 4  # sentences: a shorter paragraph that disclaims is a disclaimer
_MAX_CHROME_WORDS = 12  # blocks that a chrome paragraph (not a heading) drags along
_PROSE_WORDS = 20  # a block this long after a heading is real content
_REFERENCE_LIKE = re.compile(
    r"\b(?:1[89]|20)\d\d\b|doi|pmid|https?://|www\.|^\s*\[?\d{1,3}[\].)]|\bet al\b"
    r"|^[A-Z][\w'’-]+,\s+(?:[A-Z]\.|[A-Z][a-z]+)",
    re.IGNORECASE,
)


# A one-paragraph reference list introduced by a label ("Reference: Hempel S, ... 2012").
_LABELLED_REFERENCE = re.compile(
    r"(?:references?|sources?|citations?|bibliography)\s*:\s*\S", re.IGNORECASE
)


def _normal(text: str) -> str:
    """Lower-cased, single-spaced, without the trailing colon a heading may carry."""
    return " ".join(text.split()).strip().rstrip(":").strip().lower()


def chrome_heading(text: str) -> str | None:
    """The chrome role of a section title such as "Meet our Health Experts", else None."""
    norm = _normal(text)
    for pattern in CHROME_HEADINGS:
        if pattern.regex.fullmatch(norm):
            return pattern.role
    return None


def chrome_block(text: str) -> str | None:
    """The chrome role of a whole block such as "Read time : 7 min", else None."""
    norm = " ".join(text.split())
    if len(norm) > 400:
        return None
    for pattern in CHROME_BLOCKS:
        if pattern.regex.fullmatch(norm):
            return pattern.role
    return None


def is_disclaimer(text: str) -> bool:
    """A short paragraph that states the content is not medical advice, or a statement
    that food and supplement law requires on a label (:func:`is_regulatory_statement`)."""
    if len(text.split()) > _MAX_DISCLAIMER_WORDS:
        return False
    return _disclaims(text, text.lower()) and _mostly_disclaimer(text)


def _disclaims(text: str, low: str) -> bool:
    """Whether the text holds a disclaimer or a statement the law requires on a label."""
    if _statutory(text, low):
        return True
    # Both patterns must match; the self-reference is searched first, being the cheaper
    # (a few literal openings) and the rarer in body text.
    return bool(DISCLAIMER_WORDS.admits(low) and _SELF_REFERENCE.search(text)
                and DISCLAIMER_PHRASES.search(text))


def _statutory(text: str, low: str) -> bool:
    """Whether the text holds the DSHEA statement or another statement the law requires."""
    return bool(_DSHEA_WORDS.admits(low) and DSHEA_STATEMENT.search(text)) or \
        is_regulatory_statement(text, low)


def _mostly_disclaimer(text: str) -> bool:
    """Whether the disclaimer is what the paragraph says: a recipe, a piece of advice or a
    product's description of several sentences that closes with "This article does not
    replace medical advice" or a label's statutory line ("Food supplements should not be
    used as a substitute for a varied diet") is prose with a disclaimer at its end, not a
    disclaimer (its sentences are still linted; the disclaimer checks read the sentence
    wherever it stands). Sentences are split where the sentence splitter splits them."""
    norm = " ".join(text.split())
    starts = boundaries(norm)
    if len(starts) + 1 < _READ_WHOLE_BELOW:
        return True
    sentences = [norm[a:b] for a, b in zip([0, *starts], [*starts, len(norm)], strict=True)]
    stated = sum(1 for s in sentences if _states(s))
    return 2 * stated >= len(sentences)


def _states(sentence: str) -> bool:
    """Whether one sentence is disclaimer or label wording ("Do not exceed the stated dose"
    counts, though a label's advice makes a statement only in pairs)."""
    low = sentence.lower()
    return bool(_SELF_REFERENCE.search(sentence) or DISCLAIMER_PHRASES.search(sentence)
                or _statutory(sentence, low)
                or any(p.found_in(sentence, low) for p in _LABEL_ADVICE))


_DSHEA_WORDS = Guard(("evaluated",))


def is_regulatory_statement(text: str, low: str | None = None) -> bool:
    """A statement the law makes a supplement or food label carry ("Food supplements
    should not be used as a substitute for a varied and balanced diet"). ``low``:
    ``text.lower()``, when the caller has it."""
    low = text.lower() if low is None else low
    if any(p.found_in(text, low) for p in REGULATORY_STATEMENTS):
        return True
    return sum(1 for p in _LABEL_ADVICE if p.found_in(text, low)) >= 2


# Chrome headings that label a row of buttons, never a section of text of their own.
_WIDGET_ROLES = frozenset({"social"})


def _section_mode(text: str) -> tuple[Mode, str | None] | None:
    norm = _normal(text)
    if REFERENCE_HEADINGS.fullmatch(norm):
        return Mode.REFERENCE, None
    if DISCLAIMER_HEADINGS.fullmatch(norm):
        return Mode.DISCLAIMER, None
    role = chrome_heading(text)
    if role:
        return Mode.CHROME, role
    return None


def _relabel(block: Block, kind: BlockKind, role: str | None = None) -> None:
    if block.kind is not kind:
        block.data.setdefault("structure", block.kind.value)
        block.kind = kind
    if role:
        block.data["role"] = role


def _reads_as_content(text: str) -> bool:
    """A block no table of contents holds: a sentence, a long line, or a table's row with a
    price or a medal ("... General digestive health🏆 TOP PICK")."""
    words = len(text.split())
    return words >= _PROSE_WORDS or (words >= _SENTENCE_WORDS and text.rstrip()[-1:] in ".!?") \
        or _ROW_MARK.search(text) is not None


# What marks a comparison table's row and never a contents line: a price, a medal or a star.
_ROW_MARK = re.compile(r"[$£€]\d|[\U0001F3C6\U0001F947\U0001F948\U0001F949\u2B50]")


_SENTENCE_WORDS = 6  # an entry of a table of contents is a title, never a sentence this long


def _prose_follows(blocks: list[Block], index: int) -> bool:
    """Whether the block after a heading is real prose (so the heading starts content)."""
    for block in blocks[index + 1:]:
        if block.kind is BlockKind.HEADING:
            return False
        if block.kind in _RELABEL or block.kind is BlockKind.TABLE_CELL:
            text = block.text
            return len(text.split()) >= _PROSE_WORDS and chrome_block(text) is None
    return False


class _State:
    """Where the walk is: the current section's mode, its heading level, and how it began."""

    def __init__(self) -> None:
        self.mode = Mode.BODY
        self.level = 0
        self.role: str | None = None
        self.by_heading = False  # chrome opened by a heading (whole section) or a line
        self.after_chrome = False  # chrome began after the article's prose: the site's text
        self.prose_seen = False  # a body paragraph of real length has been read
        self.entries: set[str] = set()  # the lines of a table of contents, to know its sections

    def enter(self, mode: Mode, level: int, role: str | None, by_heading: bool) -> None:
        self.mode, self.level, self.role, self.by_heading = mode, level, role, by_heading
        # Chrome above the article (a shop's header, "Subscribe & save") is not its end.
        self.after_chrome = self.after_chrome or (mode is Mode.CHROME and self.prose_seen)


def assign_roles(article: Article) -> None:
    """Re-label the article's blocks as reference list, disclaimer or boilerplate."""
    blocks = article.blocks
    state = _State()
    region_disclaimer: list[str] = []  # the region whose "Disclaimer" heading came last
    for index, block in enumerate(blocks):
        region = block.data.get("region")
        if region:
            _region_block(block, str(region), region_disclaimer)
            continue
        if block.kind is BlockKind.HEADING:
            _heading(blocks, index, block, state)
            continue
        if block.kind not in _RELABEL:
            continue
        if block.data.get("footnote"):
            _relabel(block, BlockKind.REFERENCE)
            continue
        _body_block(block, state)
    _tail_chrome(blocks)


_TAIL_EDGES = (BlockKind.BOILERPLATE, BlockKind.REFERENCE, BlockKind.DISCLAIMER)


def _loose(block: Block) -> bool:
    """A block the walk left as body that a sandwich of chrome may take back."""
    if "region" in block.data:
        return False
    if block.kind is BlockKind.HEADING:
        return _section_mode(block.text) is None
    return block.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)


def _label_statement(block: Block) -> bool:
    """A product label's statutory wording ("Do not exceed the stated dose"): on a shop page
    it sits mid-page, under the directions, so it does not mark where the article ends."""
    return block.data.get("role") == "regulatory-statement"


def _tail_edge(block: Block) -> bool:
    return block.kind in _TAIL_EDGES and not _label_statement(block)


def _tail_chrome(blocks: list[Block]) -> None:
    """After the article's end (its first reference list or disclaimer), a run of body
    blocks with site chrome on one side and chrome, references or the disclaimer on the
    other is chrome too: the blurb between "Get the Footly App" and the store badges, which
    is too long for the walk to keep in the chrome section it opened."""
    tail = next((i for i, b in enumerate(blocks)
                 if b.kind is not BlockKind.BOILERPLATE and _tail_edge(b)), None)
    if tail is None:
        return
    i = tail + 1
    while i < len(blocks):
        if not _loose(blocks[i]):
            i += 1
            continue
        j = i
        while j + 1 < len(blocks) and _loose(blocks[j + 1]):
            j += 1
        left, right = blocks[i - 1], blocks[j + 1] if j + 1 < len(blocks) else None
        if right is not None and _tail_edge(left) and _tail_edge(right) \
                and BlockKind.BOILERPLATE in (left.kind, right.kind):
            chrome = left if left.kind is BlockKind.BOILERPLATE else right
            for block in blocks[i:j + 1]:
                _relabel(block, BlockKind.BOILERPLATE, chrome.data.get("role"))
        i = j + 1


def _region_block(block: Block, region: str, disclaimer: list[str]) -> None:
    """A block of a page region outside the article (an HTML site footer, header or sidebar,
    marked ``data["region"]`` by the reader): the site's disclaimer, else boilerplate. It
    never becomes article prose and never changes the article's section state."""
    if block.kind is BlockKind.CODE:
        return
    text = block.text
    if block.kind is BlockKind.HEADING:
        disclaimer[:] = [region] if DISCLAIMER_HEADINGS.fullmatch(_normal(text)) else []
        _relabel(block, BlockKind.BOILERPLATE, chrome_heading(text) or region)
        return
    # A "Disclaimer" heading in a region makes the one block after it the disclaimer; the
    # rest of a footer (links, blurbs, copyright) stays boilerplate unless it reads as one.
    titled = disclaimer == [region]
    disclaimer.clear()
    role = chrome_block(text)
    if role is None and (titled or is_disclaimer(text)):
        _relabel(block, BlockKind.DISCLAIMER, "site-disclaimer")
        return
    _relabel(block, BlockKind.BOILERPLATE, role or region)


def _heading(blocks: list[Block], index: int, block: Block, state: _State) -> None:
    section = _section_mode(block.text)
    role = chrome_block(block.text)
    if section is None and role:
        # Page furniture the reader took for a heading ("Reading time: 6 min").
        _relabel(block, BlockKind.BOILERPLATE, role)
        return
    level = block.level or 1
    if section is None:
        nested = state.mode is not Mode.BODY and state.level and level > state.level
        if nested and state.mode is not Mode.CHROME:
            return  # a sub-heading inside the reference list or the disclaimer
        title = _normal(block.text)
        listed = state.role == "contents" and (title in state.entries
                                               or _reads_as_content(block.text))
        if state.mode is Mode.CHROME and not listed and not _prose_follows(blocks, index):
            _relabel(block, BlockKind.BOILERPLATE, state.role)
            if state.role == "contents":
                state.entries.add(title)
            return
        state.enter(Mode.BODY, level, None, False)  # content, or a section the contents named
        return
    mode, role = section
    if mode is Mode.CHROME:
        _relabel(block, BlockKind.BOILERPLATE, role)
        if role in _WIDGET_ROLES and _prose_follows(blocks, index):
            return  # "Share this article" over the story: a button row, not a section
    state.enter(mode, level, role, True)


def _body_block(block: Block, state: _State) -> None:
    text = block.text
    role = chrome_block(text)
    if role:
        _relabel(block, BlockKind.BOILERPLATE, role)
        return
    section = chrome_heading(text)
    if section and len(text.split()) <= _MAX_CHROME_WORDS:
        # A chrome section title the reader took for a paragraph ("Meet our experts").
        _relabel(block, BlockKind.BOILERPLATE, section)
        state.enter(Mode.CHROME, state.level, section, False)
        return
    if state.mode is Mode.CHROME and state.role == "contents" and _reads_as_content(text):
        state.enter(Mode.BODY, state.level, None, False)  # the entries are over (or were lost)
    if state.mode is Mode.CHROME:
        if state.by_heading or len(text.split()) <= _MAX_CHROME_WORDS:
            _relabel(block, BlockKind.BOILERPLATE, state.role)
            if state.role == "contents":
                state.entries.add(_normal(text))
            return
        state.enter(Mode.BODY, state.level, None, False)
    if _LABELLED_REFERENCE.match(text) and _REFERENCE_LIKE.search(text):
        _relabel(block, BlockKind.REFERENCE, "labelled")
        return
    if is_numbered_vancouver_entry(text):  # a reference list with no heading over it
        _relabel(block, BlockKind.REFERENCE)
        return
    if state.mode is Mode.REFERENCE:
        # an item of the list under "References" is an entry even with no year or link
        # ("Joint Formulary Committee. British National Formulary (online).")
        if block.kind is BlockKind.LIST_ITEM or _REFERENCE_LIKE.search(text):
            _relabel(block, BlockKind.REFERENCE)
            return
        state.enter(Mode.BODY, state.level, None, False)
    if state.mode is Mode.DISCLAIMER or is_disclaimer(text):
        # The site's footer disclaimer is told apart from the article's own, and a label's
        # statutory wording from a disclaimer the publisher wrote.
        role = "site-disclaimer" if state.after_chrome else \
            "regulatory-statement" if is_regulatory_statement(text) else None
        _relabel(block, BlockKind.DISCLAIMER, role)
        return
    state.prose_seen = state.prose_seen or len(text.split()) >= _PROSE_WORDS
