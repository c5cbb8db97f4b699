"""HL4xx: the statements a health page must carry — medical disclaimer, DSHEA, disclosure.

Statements are found by concept (checks.detectors.disclaimers) using the wording and
clauses of checks/detectors/data/disclaimers.yaml or the publisher's replacement. Which are
required depends on the policy (checks.settings.policy). A disclosure is required only
where the page promotes something (product pitches, calls to buy, affiliate
links, the publisher's own products, as ``checks.detectors.promotion.signals`` reports
them) and must come before the first of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from checks.contract.model import Check, CheckContext, Diagnostic, Edit, Fix, Severity
from checks.detectors import promotion
from checks.detectors.disclaimers import (
    Passage,
    Statement,
    best_passage,
    describe_missing,
    find_passages,
)
from checks.detectors.promotion import PromotionSignal
from checks.rules.provenance import top_anchor
from checks.settings.policy import Policy, policy_for
from claims.model import Article, BlockKind

MEDICAL = "medical-disclaimer"
DSHEA = "dshea-statement"
DISCLOSURE = "disclosure"


def passages(article: Article, ctx: CheckContext, name: str) -> list[Passage]:
    """Passages stating the named statement (cached per article)."""
    key = f"disclosure.passages.{name}"
    cached = ctx.memo.get(key)
    if cached is None:
        policy = policy_for(article, ctx)
        statement = policy.statements.get(name)
        optional = _extra_clauses(policy) if name == MEDICAL else ()
        cached = find_passages(article, statement, optional) if statement is not None else []
        ctx.memo[key] = cached
    return cached


def _says(missing: list) -> str:
    quoted = [f"\"{c.says}\"" for c in missing]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


# --- medical disclaimer ----------------------------------------------------------------------


def _extra_clauses(policy: Policy) -> tuple[str, ...]:
    return ("emergency",) if policy.emergency_clause else ()


def disclaimer_fix(article: Article, statement: Statement) -> Fix | None:
    """Append the configured disclaimer under its heading to a Markdown article."""
    if article.format != "markdown" or not statement.text:
        return None
    text = article.text
    newline = "\r\n" if "\r\n" in text else "\n"
    # Insert after the last line with content (its trailing spaces kept: in Markdown they
    # can be a hard line break), replacing only the blank lines that end the file.
    at = len(text.rstrip())
    while at < len(text) and text[at] in " \t":
        at += 1
    block = (f"## {statement.heading}{newline}{newline}" if statement.heading else "") \
        + statement.text + newline
    lead = newline * 2 if at else ""
    return Fix(f"append the {statement.heading or 'medical'} disclaimer",
               (Edit(at, len(text), lead + block),), "safe")


def _missing_disclaimer(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    policy = policy_for(article, ctx)
    statement = policy.statements.get(MEDICAL)
    if statement is None or not policy.requires(MEDICAL) or passages(article, ctx, MEDICAL):
        return
    start, end = top_anchor(article)
    yield Diagnostic(
        start, end,
        "no medical disclaimer: the page should say it is for informational purposes only, "
        "not a substitute for professional medical advice, and to consult a qualified "
        "provider" + (" (`--fix` appends the configured one)" if article.format == "markdown"
                      else ""),
        fix=disclaimer_fix(article, statement),
    )


def _partial_disclaimer(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    policy = policy_for(article, ctx)
    if not policy.requires(MEDICAL):
        return
    extra = _extra_clauses(policy)
    best = best_passage(passages(article, ctx, MEDICAL), extra)
    if best is None:
        return
    missing = best.missing(extra)
    if missing:
        yield Diagnostic(
            *best.first_span,
            f"medical disclaimer does not say {describe_missing(missing)}",
            data={"missing": [c.name for c in missing], "found": sorted(best.hits)},
        )


def _placement(article: Article, passage: Passage, rule: str) -> bool:
    """Whether the passage sits where the policy's ``disclaimer-placement`` wants it."""
    if rule == "anywhere" or passage.origin == "front matter":
        return True
    body = [i for i, b in enumerate(article.blocks)
            if b.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.TABLE_CELL,
                          BlockKind.BLOCKQUOTE)
            and i not in passage.blocks]
    if not body or not passage.blocks:
        return True
    if rule == "top":
        return passage.blocks[0] < body[min(len(body) - 1, 2)]
    return passage.blocks[-1] > body[-1]


def _misplaced_disclaimer(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    policy = policy_for(article, ctx)
    rule = policy.disclaimer_placement
    if rule == "anywhere" or not policy.requires(MEDICAL):
        return
    best = best_passage(passages(article, ctx, MEDICAL), _extra_clauses(policy))
    if best is not None and not _placement(article, best, rule):
        where = "at the top, before the article's body" if rule == "top" else \
            "after the article's body"
        yield Diagnostic(*best.first_span,
                         f"medical disclaimer should be {where} (policy disclaimer-placement "
                         f"= {rule!r})")


# --- DSHEA -----------------------------------------------------------------------------------

# Structure/function language (21 CFR 101.93(f)): a verb of effect on a structure or
# function of the body. Disease claims are the promotion checks' business.
_SF_VERB = re.compile(
    r"\b(?:support|promot|boost|maintain|enhanc|strengthen|improv|nourish|protect|balanc|"
    r"restor|optimi[sz]|regulat|help)\w*\b", re.I)
_SF_TARGET = re.compile(
    r"\b(?:immun\w*|joint\w*|bones?|heart|cardiovascular|brain|cognit\w*|memory|focus|mood|"
    r"sleep|energy|metabolism|digest\w*|gut|skin|hair|nails|muscle\w*|liver|kidney\w*|"
    r"blood (?:sugar|pressure|flow)|cholesterol|circulation|stress|vision|eyes?|prostate|"
    r"urinary|hormon\w*|fertility|recovery|endurance|stamina|weight|appetite|inflammation|"
    r"health|function|wellness|well-being|wellbeing)\b", re.I)
_SF_WINDOW = 80
# What makes a product page's claim a dietary-supplement claim (DSHEA covers
# supplements only, not creams or devices).
_SUPPLEMENT = re.compile(
    r"\b(?:supplement\w*|capsules?|softgels?|gumm(?:y|ies)|tablets?|caplets?|multivitamin\w*|"
    r"vitamins?|minerals?|probiotics?|prebiotics?|omega-3s?|fish oil|collagen|protein powder|"
    r"herbal|botanical|extracts?|magnesium|zinc|iron|calcium|melatonin|ashwagandha|turmeric|"
    r"curcumin|elderberry|biotin|creatine|electrolytes?|greens powder)\b", re.I)
_SUPPLEMENT_TYPES = ("supplement",)


@dataclass(frozen=True)
class SupplementClaim:
    start: int
    end: int
    text: str


def supplement_claims(article: Article, any_product: bool = True) -> list[SupplementClaim]:
    """Sentences of the body that state a structure/function or efficacy effect.

    With ``any_product`` false, only sentences that name a supplement form or
    ingredient count (a product page may sell a cream, which DSHEA does not cover).
    """
    out: list[SupplementClaim] = []
    efficacy = {id(c.sentence) for c in article.claims if c.type == "efficacy"}
    for sentence in article.sentences:
        if sentence.block.kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM,
                                       BlockKind.TABLE_CELL) or sentence.block.quoted:
            continue
        text = sentence.text
        if not any_product and not _SUPPLEMENT.search(text):
            continue
        found = id(sentence) in efficacy
        if not found:
            for verb in _SF_VERB.finditer(text):
                window = text[verb.end(): verb.end() + _SF_WINDOW]
                if _SF_TARGET.search(window):
                    found = True
                    break
        if found:
            out.append(SupplementClaim(sentence.start, sentence.end, text))
    return out


def _missing_dshea(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    policy = policy_for(article, ctx)
    if not policy.requires(DSHEA) or DSHEA not in policy.statements:
        return
    claims = supplement_claims(article, policy.content_type in _SUPPLEMENT_TYPES)
    if not claims:
        return
    found = best_passage(passages(article, ctx, DSHEA))
    first = claims[0]
    if found is None:
        yield Diagnostic(
            first.start, first.end,
            f"structure/function claim on a {policy.content_type} page without the DSHEA "
            "statement (\"These statements have not been evaluated by the Food and Drug "
            "Administration. This product is not intended to diagnose, treat, cure, or prevent "
            "any disease.\", 21 CFR 101.93(c))",
            data={"claims": len(claims)},
        )
        return
    missing = found.missing()
    if missing:
        yield Diagnostic(*found.first_span,
                         f"DSHEA statement does not say {_says(missing)} (21 CFR 101.93(c))")


# --- disclosure ------------------------------------------------------------------------------


_FM_DISCLOSURE = ("disclosure", "sponsor", "sponsored_by", "affiliate_disclosure")


def _front_matter_disclosure(article: Article) -> tuple[int, int] | None:
    fm = article.front_matter
    if fm is None:
        return None
    for key, value in fm.data.items():
        if str(key).lower().replace("-", "_") in _FM_DISCLOSURE and isinstance(value, str) \
                and value.strip():
            return fm.key_spans.get(key, (fm.start, fm.start))
    return None


def _disclosure_state(article: Article, ctx: CheckContext
                      ) -> tuple[list[PromotionSignal], int | None]:
    """The body's promotion signals and where the first disclosure starts (None: nowhere)."""
    signals = promotion.signals(article, ctx)
    if not signals:
        return signals, None
    if _front_matter_disclosure(article) is not None:
        return signals, -1
    found = passages(article, ctx, DISCLOSURE)
    # A disclosure that names the maker ("Vitalroot makes and sells the products mentioned")
    # does not promote it.
    stating = [(b.start, b.end) for p in found if p.origin == "body"
               for i in p.blocks if i < len(article.blocks)
               for b in [article.blocks[i]]
               if any(b.start <= h.start < b.end for h in p.hits.values())]
    signals = [s for s in signals if not any(a <= s.start < b for a, b in stating)]
    if not signals:
        return signals, None
    return signals, min((p.first_hit for p in found), default=None)


def _describe(signal: PromotionSignal) -> str:
    what = {"affiliate-link": "affiliate link", "pitch": "product pitch", "cta": "call to buy",
            "own-product": "mention of the publisher's own product"}.get(signal.kind, signal.kind)
    label = signal.product if len(signal.product) <= 60 else signal.product[:57] + "..."
    return f"{what} ({label})" if label else what


def _missing_disclosure(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    if not policy_for(article, ctx).requires(DISCLOSURE):
        return
    signals, disclosed = _disclosure_state(article, ctx)
    if not signals or disclosed is not None:
        return
    first = signals[0]
    others = len(signals) - 1
    more = f", the first of {others + 1} promotional passages," if others else ""
    yield Diagnostic(
        first.start, first.end,
        f"this {_describe(first)}{more} is not preceded by any sponsorship, affiliate or "
        "own-product disclosure; disclose the connection before it (FTC Endorsement Guides; "
        "HONcode principles 7-8)",
        data={"signals": len(signals), "kinds": sorted({s.kind for s in signals})},
    )


def _late_disclosure(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    if not policy_for(article, ctx).requires(DISCLOSURE):
        return
    signals, disclosed = _disclosure_state(article, ctx)
    if not signals or disclosed is None or disclosed < signals[0].start:
        return
    first = signals[0]
    line = article.position(disclosed).line
    yield Diagnostic(
        first.start, first.end,
        f"this {_describe(first)} comes before the disclosure at line {line}; readers must "
        "see the disclosure before the first promotional link or pitch",
    )


CHECKS = [
    Check(
        "HL401", "medical-disclaimer-missing", Severity.ERROR,
        "Page has no medical disclaimer",
        "A health publisher's pages say that they are for information only, are not a "
        "substitute for professional medical advice, diagnosis or treatment, and that readers "
        "should consult a qualified provider (HONcode principle 2). The disclaimer is found by "
        "concept — paraphrases, punctuation and line breaks do not matter — in the body, a "
        "footer or the front matter (`disclaimer:`). `--fix` appends the configured wording to "
        "a Markdown article. Required by the policy's `medical-disclaimer` element.",
        _missing_disclaimer,
        reads_front_matter=True,
    ),
    Check(
        "HL402", "medical-disclaimer-incomplete", Severity.WARNING,
        "Medical disclaimer is missing a clause",
        "A disclaimer that says \"for informational purposes only\" but never tells readers "
        "to consult a provider does half its job. The clauses (informational only, or not a "
        "substitute for professional advice, which say the same in two ways; consult a "
        "qualified provider; optionally the emergency clause, with the policy's "
        "`emergency-clause`) are recognised by meaning from the disclaimer data's concepts and "
        "patterns, and the message names only the clauses that are absent.",
        _partial_disclaimer,
        reads_front_matter=True,
    ),
    Check(
        "HL403", "medical-disclaimer-misplaced", Severity.WARNING,
        "Medical disclaimer is not where the policy puts it",
        "Some publishers require the disclaimer at the top of the page, others after the "
        "body. Set the policy's `disclaimer-placement` to top or bottom; the default, "
        "anywhere, turns this check off.",
        _misplaced_disclaimer,
        reads_front_matter=True,
    ),
    Check(
        "HL404", "dshea-statement-missing", Severity.ERROR,
        "Supplement claim without the DSHEA statement",
        "A dietary supplement's structure/function claim (\"supports joint health\") must be "
        "accompanied by the FDA statement of 21 CFR 101.93(c): \"These statements have not "
        "been evaluated by the Food and Drug Administration. This product is not intended to "
        "diagnose, treat, cure, or prevent any disease.\" Required where the policy's "
        "`dshea-statement` element is on (supplement and product pages by default).",
        _missing_dshea,
        reads_front_matter=True,
    ),
    Check(
        "HL405", "disclosure-missing", Severity.ERROR,
        "Promotional page without a sponsorship, affiliate or own-product disclosure",
        "The FTC requires a clear disclosure of any material connection — payment, affiliate "
        "commission, or selling the product oneself — and JAMA's disclosure benchmark and "
        "HONcode principles 7 and 8 ask the same of health sites. When the promotion checks "
        "find a product pitch, call to buy, affiliate link or the publisher's own product in "
        "the body, a disclosure must appear (text such as \"we may earn a commission\", "
        "\"Sponsored by\", \"products we sell\", or a `disclosure:` / `sponsor:` key).",
        _missing_disclosure,
        reads_front_matter=True,
    ),
    Check(
        "HL406", "disclosure-late", Severity.WARNING,
        "Disclosure comes after the first promotional link or pitch",
        "A disclosure only works if it is seen before the reader acts on the promotion; the "
        "FTC asks for it close to the claim and before any link to buy. Move the disclosure "
        "above the first product pitch or affiliate link.",
        _late_disclosure,
        reads_front_matter=True,
    ),
]
