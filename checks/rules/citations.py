"""HL1xx: claims and citations — every health claim sourced, every citation resolvable.

The claims, citations and references come from the reading side (``claims.detect``,
``claims.citations``, ``claims.references``); these checks only judge them. A claim is
cited at sentence scope when its own sentence carries a marker, footnote, author-year
citation, source link or identifier; at paragraph scope a citation in the paragraph's
last sentence also covers the sentences before it.
"""

from __future__ import annotations

from collections.abc import Iterator

from checks.contract.model import Check, CheckContext, Diagnostic, Option, Severity
from checks.engine.selection import is_enabled
from claims.citations import cited_sentences
from claims.detect import (
    CLAIM_TYPES,
    DEFAULT_THRESHOLD,
    Assessment,
    assess,
    attach_citations,
    detect,
    prose_assessments,
)
from claims.model import Article, Citation, Claim, Reference, Sentence

_SCOPES = ("sentence", "paragraph")
# Messages name a claim by its type as `healthlint claims` and HL101's `types` option
# spell it, so an editor can filter on the word the message used.
_TYPE_WORDS = {
    "quantity": "quantity claim", "causal": "causal claim", "efficacy": "efficacy claim",
    "risk": "risk claim", "mechanism": "mechanism claim", "definition": "definition",
    "recommendation": "recommendation", "correlation": "correlation claim",
    "prediction": "prediction", "personal_experience": "personal-experience claim",
}
_CITING_KINDS = ("marker", "footnote", "author_year")


def _scope(ctx: CheckContext) -> str:
    """The configured scope; configuration validated it against ``_SCOPES``."""
    return str(ctx.option("scope"))


def _assessments(article: Article, ctx: CheckContext,
                 quotes: bool) -> list[tuple[Sentence, Assessment]]:
    if quotes:
        return prose_assessments(article)
    key = f"hl1:assess:{quotes}"
    found = ctx.memo.get(key)
    if found is None:
        found = assess(article, quotes=quotes)
        ctx.memo[key] = found
    return found


def _claims(article: Article, ctx: CheckContext) -> list[Claim]:
    """The article's claims at this check's threshold (the analysed ones at the default)."""
    threshold = float(ctx.option("threshold"))
    quotes = bool(ctx.option("quotes"))
    if threshold == DEFAULT_THRESHOLD and quotes:
        return article.claims
    key = f"hl1:claims:{threshold}:{quotes}"
    claims = ctx.memo.get(key)
    if claims is None:
        claims = detect(article, threshold, quotes=quotes)
        attach_citations(article, claims)
        ctx.memo[key] = claims
    return claims


def _covered_blocks(article: Article, cited: dict[int, list[Citation]]) -> set[int]:
    """Blocks whose last sentence carries a citation (paragraph scope)."""
    last: dict[int, Sentence] = {}
    for sentence in article.sentences:
        last[id(sentence.block)] = sentence
    return {block_id for block_id, s in last.items() if id(s) in cited}


def _is_cited(sentence: Sentence, scope: str, cited: dict[int, list[Citation]],
              covered: set[int], items: list[Sentence] | None = None) -> bool:
    """Whether the sentence, or any fragment item of a lead-in's claim unit, is cited."""
    for part in (sentence, *(items or ())):
        if id(part) in cited or (scope == "paragraph" and id(part.block) in covered):
            return True
    return False


def _topic(cues: list[str]) -> str:
    """The health terms a claim is about, for the message ('magnesium, sleep quality')."""
    seen: list[str] = []
    for cue in cues:
        kind, _, text = cue.partition(":")
        if kind in ("condition", "symptom", "body", "physiology", "drug", "nutrient",
                    "procedure") and text.lower() not in seen:
            seen.append(text.lower())
    return ", ".join(seen[:3])


def _hl102_enabled(ctx: CheckContext) -> bool:
    settings = ctx.settings
    if settings is None:
        return True
    return is_enabled("HL102", [*settings.select, *settings.extend_select], settings.ignore)


def _hl107_enabled(ctx: CheckContext) -> bool:
    settings = ctx.settings
    if settings is None:
        return False
    return is_enabled("HL107", [*settings.select, *settings.extend_select], settings.ignore)


def cites_nothing(article: Article) -> bool:
    """A page with no citation, no source link and no reference list at all."""
    return not article.citations and not article.references


def run_uncited_claim(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    if (ctx.option("on-uncited-page") == "collapse" and cites_nothing(article)
            and _hl107_enabled(ctx) and len(article.claims) >= HL107_MIN_CLAIMS):
        return  # HL107 says it once for the page; `healthlint claims` lists the claims
    scope = _scope(ctx)
    wanted = {str(t) for t in ctx.option("types")}
    cited = cited_sentences(article)
    covered = _covered_blocks(article, cited)
    defer = _hl102_enabled(ctx)
    for claim in _claims(article, ctx):
        if wanted and claim.type not in wanted:
            continue
        if _is_cited(claim.sentence, scope, cited, covered, claim.items):
            continue
        if defer and claim.attributes.get("evidence"):
            continue  # HL102 reports it, at a higher severity
        what = _TYPE_WORDS.get(claim.type, "claim")
        topic = _topic(claim.cues)
        message = f"uncited {what}" + (f" about {topic}" if topic else "") + \
            ": cite the study, review or guideline that supports it"
        if claim.attributes.get("quoted"):
            message += " (a quoted expert's claim is attributed, not sourced)"
        elif claim.items:
            message += f" (the claim runs on through its {len(claim.items)} list items)"
        elif claim.attributes.get("hedged"):
            message += " (hedged wording still needs a source)"
        elif claim.attributes.get("negated"):
            message += " (a negative finding needs a source too)"
        yield Diagnostic(claim.start, claim.end, message,
                         data={"type": claim.type, "score": claim.score,
                               "attributes": claim.attributes})


HL107_MIN_CLAIMS = 3  # below this, the per-claim HL101 findings are the clearer message


def run_uncited_page(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    """One finding for a page that cites nothing although it makes health claims."""
    if not cites_nothing(article):
        return
    claims = article.claims
    if len(claims) < HL107_MIN_CLAIMS:
        return
    headings = [b for b in article.blocks if b.kind == "heading"]
    if headings:
        start, end = headings[0].start, headings[0].end
    else:
        start = claims[0].start
        end = claims[0].end
    kinds = sorted({c.type for c in claims})
    yield Diagnostic(
        start, end,
        f"this page cites no source for its {len(claims)} health claims: add a reference "
        "list and cite it where each claim is made (`healthlint claims --uncited` lists "
        "them; HL101 reports them one by one when `on-uncited-page = \"report\"`)",
        data={"claims": len(claims), "types": kinds})


def run_uncited_evidence(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    scope = _scope(ctx)
    cited = cited_sentences(article)
    covered = _covered_blocks(article, cited)
    for sentence, assessment in _assessments(article, ctx, True):
        phrase = assessment.attributes.get("evidence")
        if not phrase or assessment.excluded:
            continue
        if _is_cited(sentence, scope, cited, covered):
            continue
        yield Diagnostic(
            sentence.start, sentence.end,
            f"'{phrase}' promises evidence, but the sentence cites none: cite the studies "
            "it refers to, or remove the appeal to evidence",
            data={"evidence": phrase, "score": round(assessment.score, 3)})


def _label(ref: Reference) -> str:
    return f"[{ref.label}]" if ref.label else f"'{ref.text[:50]}'"


def run_dangling(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    labels = {ref.label for ref in article.references if ref.label}
    has_list = bool(article.references)
    for citation in article.citations:
        if citation.kind in ("marker", "footnote"):
            missing = [label for label in citation.labels if label not in labels]
            if not missing or (citation.url.startswith("#") and citation.references):
                continue
            shown = ", ".join(missing)
            where = "in the reference list" if has_list else \
                "because the article has no reference list"
            yield Diagnostic(citation.start, citation.end,
                             f"citation {citation.text.strip()} points at no entry ({shown}) "
                             f"{where}: add the entry or correct the number",
                             data={"labels": missing})
        elif citation.kind == "author_year" and not citation.references:
            where = "no reference-list entry matches it" if has_list else \
                "the article has no reference list"
            yield Diagnostic(citation.start, citation.end,
                             f"citation {citation.text.strip()} cannot be followed: {where}; "
                             "add the full reference",
                             data={"labels": citation.labels})


def run_unused(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    if not any(c.kind in _CITING_KINDS for c in article.citations):
        return  # no in-text citation system: the list is further reading
    used: set[int] = set()
    for citation in article.citations:
        used.update(id(ref) for ref in citation.references)
    for ref in article.references:
        if id(ref) not in used:
            yield Diagnostic(ref.start, ref.end,
                             f"reference {_label(ref)} is never cited in the text: cite it "
                             "where it supports a claim, or remove it")


def _duplicate_keys(ref: Reference) -> list[tuple[str, str]]:
    keys = [(ident.kind, (ident.normalized or ident.value).lower().rstrip("/"))
            for ident in ref.identifiers if ident.normalized or ident.value]
    title = " ".join(ref.title.lower().split())
    if len(title) >= 20:
        keys.append(("title", f"{title}|{ref.year or ''}"))
    return keys


_KEY_NAMES = {"doi": "DOI", "pmid": "PMID", "pmcid": "PMCID", "url": "URL", "title": "title"}


def run_duplicate(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    seen: dict[tuple[str, str], Reference] = {}
    labels: dict[str, Reference] = {}
    for ref in article.references:
        if ref.label and ref.label in labels:
            yield Diagnostic(ref.start, ref.end,
                             f"two reference entries are labelled [{ref.label}]: markers "
                             "pointing at it are ambiguous; renumber one of them")
            continue
        if ref.label:
            labels[ref.label] = ref
        for key in _duplicate_keys(ref):
            first = seen.get(key)
            if first is not None and first is not ref:
                value = key[1].split("|")[0] if key[0] == "title" else key[1]
                yield Diagnostic(ref.start, ref.end,
                                 f"reference {_label(ref)} duplicates {_label(first)} (same "
                                 f"{_KEY_NAMES[key[0]]}: {value[:80]}): merge them and "
                                 "point the markers at one entry",
                                 data={"duplicate_of": first.label, "key": key[0]})
                break
            seen.setdefault(key, ref)


def run_no_identifier(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    for ref in article.references:
        if not ref.identifiers:
            yield Diagnostic(ref.start, ref.end,
                             f"reference {_label(ref)} has no DOI, PMID, PMCID or link, so "
                             "readers and healthlint cannot check it: add its DOI or PubMed ID")


def _scope_option() -> Option:
    return Option("sentence", "where a citation must be: in the claim's own sentence, or "
                  "per paragraph (a citation ending the paragraph covers it)",
                  choices=_SCOPES)


CHECKS: list[Check] = [
    Check(
        "HL101", "uncited-claim", Severity.WARNING,
        "Health claim with no citation",
        "A health article's claims about causes, effects, treatments, risks, statistics and "
        "mechanisms must be traceable to their evidence: the JAMA benchmarks (Silberg et al., "
        "1997) and HONcode principles 4 and 5 ask for references for every claim, and the FTC "
        "requires competent and reliable scientific evidence for health benefits. healthlint "
        "scores each sentence with weights learned from labelled articles (claim cues such as "
        "health terms, claim verbs, quantities and definitions, the sentence's words and its "
        "section) and reports the ones at or above `threshold` that carry no citation. A "
        "list's lead-in and its fragment items are one claim, reported once at the lead-in "
        "and cited if any of its items is. A quoted expert's health claim in news is a claim "
        "too: attribution is not a source (`quotes: false` turns quotations off). "
        "Hedged and negated claims are reported too: 'may help' and 'no evidence that' still "
        "rest on a source. Sentences with an evidence phrase are left to HL102.",
        run_uncited_claim,
        options={
            "scope": _scope_option(),
            "threshold": Option(DEFAULT_THRESHOLD, "lowest claim score (0-1) that is reported",
                                (float, int)),
            "types": Option([], "claim types to report (empty: all)", list,
                            choices=CLAIM_TYPES),
            "quotes": Option(True, "treat direct quotations (a quoted expert's health claim "
                             "in news) as claims; false: quotations are never claims"),
            "on-uncited-page": Option(
                "collapse", "on a page that cites nothing at all, leave the claims to "
                "HL107's one page-level finding (collapse) or report each one (report)",
                choices=("collapse", "report")),
        },
    ),
    Check(
        "HL107", "uncited-page", Severity.WARNING,
        "Page makes health claims and cites no source at all",
        "A page with several health claims and not one citation, source link or reference "
        "list has a single problem, not one per sentence: it was written without sources. "
        "HL107 reports it once, on the page's title, with the number of claims; HL101 then "
        "stays quiet on that page (its `on-uncited-page` option) so that the one message "
        "an editor must act on is not buried under dozens of warnings. "
        "`healthlint claims --uncited PAGE` lists the claims to source. Pages with fewer "
        f"than {HL107_MIN_CLAIMS} claims get HL101's per-claim findings instead.",
        run_uncited_page,
    ),
    Check(
        "HL102", "uncited-evidence-phrase", Severity.ERROR,
        "'Studies show' with no citation",
        "Phrases such as 'studies show', 'research suggests', 'a 2019 meta-analysis found' "
        "and 'clinically proven' tell the reader that evidence exists. Without a citation the "
        "reader cannot check it, and the FTC treats a claimed level of support as a claim "
        "that itself needs that level of evidence. This is reported at a higher severity "
        "than an ordinary uncited claim.",
        run_uncited_evidence,
        options={"scope": _scope_option()},
    ),
    Check(
        "HL103", "dangling-citation", Severity.ERROR,
        "Citation points at no reference",
        "A marker such as [7] or [^smith] with no matching reference-list entry, or an "
        "author-year citation that matches no entry, leaves the claim unsourced while "
        "looking sourced. Usually an entry was deleted or the list was renumbered.",
        run_dangling,
    ),
    Check(
        "HL104", "unused-reference", Severity.WARNING,
        "Reference is never cited",
        "A reference-list entry that no marker or author-year citation points at supports "
        "nothing the reader can find; often its marker was deleted with an edit. Reported "
        "only when the article cites its references in the text at all.",
        run_unused,
    ),
    Check(
        "HL105", "duplicate-reference", Severity.WARNING,
        "Reference listed twice",
        "The same work listed twice (same DOI, PMID, PMCID, URL, or title and year), or two "
        "entries with the same label, splits its citations and makes markers ambiguous.",
        run_duplicate,
    ),
    Check(
        "HL106", "reference-without-identifier", Severity.INFO,
        "Reference has no DOI, PMID or link",
        "An entry without a DOI, PMID, PMCID or URL cannot be resolved, so neither readers "
        "nor healthlint's resolver (HL2xx) can confirm that it exists, says what the text "
        "claims, or has not been retracted. Books and reports without one are legitimate, "
        "hence the info severity.",
        run_no_identifier,
    ),
]

