"""HL5xx: provenance by the JAMA benchmarks — authorship and currency.

Who wrote and who reviewed a page comes from front matter (``author``,
``medical_reviewer`` and their aliases) or, where the page has none, from byline
lines ("By Jane Doe, RD", "Medically reviewed by ..."), then from the page's
markup (HTML ``<meta name="author">``). Dates come from front matter, labelled
lines ("Last updated on : 08 Nov, 2025", read from ``<time datetime>`` where the
page wraps them in one), then markup (``article:published_time``,
``article:modified_time``, ``<time itemprop="dateModified">``). What is required
depends on the policy (checks.settings.policy): format, content type and path.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from checks.contract.model import Check, CheckContext, Diagnostic, Severity
from checks.detectors.bylines import (
    CREDENTIAL_SPLIT,
    Byline,
    find_bylines,
    is_organisation,
    split_credentials,
)
from checks.detectors.dates import (
    DateMention,
    StatedDates,
    markup_dates,
    page_dates,
    parse_date,
    with_time_values,
)
from checks.detectors.frontmatter_schema import lookup, validate
from checks.settings.policy import policy_for, today
from claims.model import Article, BlockKind

# --- people ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    role: str  # "author" | "reviewer"
    name: str
    credentials: tuple[str, ...]
    start: int
    end: int
    origin: str  # "front matter" | "byline" | "page metadata"
    person: bool = True  # False: a team, desk or organisation ("the Healthwise Team")


def _fm_people(article: Article, role: str, key_name: str, creds_key: str) -> list[Person]:
    fm = article.front_matter
    found = lookup(article.metadata, key_name)
    if fm is None or found is None:
        return []
    key, value = found
    start, end = fm.value_spans.get(key, fm.key_spans.get(key, (fm.start, fm.start)))
    extra: tuple[str, ...] = ()
    creds = lookup(article.metadata, creds_key)
    if creds is not None:
        raw = creds[1]
        items = raw if isinstance(raw, list) else CREDENTIAL_SPLIT.split(str(raw))
        extra = tuple(str(c).strip() for c in items if str(c).strip())
    people = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str) and item.strip():
            name, own = split_credentials(item)
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            name, own = split_credentials(item["name"])
            more = item.get("credentials")
            if isinstance(more, list):
                own = (*own, *(str(c) for c in more))
            elif isinstance(more, str) and more.strip():
                own = (*own, *(c for c in CREDENTIAL_SPLIT.split(more) if c))
        else:
            continue
        if name:
            people.append(Person(role, name, (*own, *extra), start, end, "front matter",
                                 not is_organisation(name)))
    return people


def bylines(article: Article, ctx: CheckContext) -> list[Byline]:
    """The page's byline lines (cached per article)."""
    cached = ctx.memo.get("provenance.bylines")
    if cached is None:
        cached = find_bylines(article, policy_for(article, ctx).date_order)
        ctx.memo["provenance.bylines"] = cached
    return cached


def _byline_people(article: Article, ctx: CheckContext) -> list[Person]:
    # Reading a byline too eagerly can only hide an "author missing" finding, never
    # raise a false one.
    return [Person(b.role, b.name, b.credentials, b.start, b.end, "byline", b.person)
            for b in bylines(article, ctx) if not b.placeholder]


def _meta_people(article: Article) -> list[Person]:
    """Authors named in the page's markup (``<meta name="author">``)."""
    out = []
    for meta in article.page_meta:
        if meta.name == "author":
            name, own = split_credentials(re.sub(r"^\s*by\s+", "", meta.value, flags=re.I))
            if name:
                out.append(Person("author", name, own, meta.start, meta.end, "page metadata",
                                  not is_organisation(name)))
    return out


def people(article: Article, ctx: CheckContext) -> list[Person]:
    """Authors and reviewers the page names: front matter, then bylines, then markup, each
    only for the roles the ones before it left unnamed (cached per article)."""
    cached = ctx.memo.get("provenance.people")
    if cached is not None:
        return cached
    found = [*_fm_people(article, "author", "author", "author_credentials"),
             *_fm_people(article, "reviewer", "medical_reviewer", "reviewer_credentials")]
    roles = {p.role for p in found}
    found += [p for p in _byline_people(article, ctx) if p.role not in roles]
    roles = {p.role for p in found}
    found += [p for p in _meta_people(article) if p.role not in roles]
    ctx.memo["provenance.people"] = found
    return found


# --- dates -----------------------------------------------------------------------------------

_FM_DATES = (("published", "published"), ("updated", "updated"), ("reviewed", "reviewed"))


def stated_dates(article: Article, ctx: CheckContext) -> StatedDates:
    """Dates from front matter, or from the page's dated lines when front matter has none."""
    cached = ctx.memo.get("provenance.dates")
    if cached is not None:
        return cached
    order = policy_for(article, ctx).date_order
    mentions: list[DateMention] = []
    fm = article.front_matter
    for kind, name in _FM_DATES:
        found = lookup(article.metadata, name)
        if fm is None or found is None:
            continue
        key, value = found
        start, end = fm.value_spans.get(key, fm.key_spans.get(key, (fm.start, fm.start)))
        mentions.append(DateMention(kind, start, end, parse_date(value, order), "front matter",
                                    key))
    stated = {m.kind for m in mentions}
    labelled = page_dates(article, order)
    in_bylines = [d for b in bylines(article, ctx) for d in b.dates
                  if not any(d.start < m.end and m.start < d.end for m in labelled)]
    visible = with_time_values(sorted(labelled + in_bylines, key=lambda m: m.start), article,
                               order)
    mentions += [m for m in visible if m.kind not in stated]
    stated = {m.kind for m in mentions}
    mentions += [m for m in markup_dates(article, visible, order) if m.kind not in stated]
    result = StatedDates(mentions)
    ctx.memo["provenance.dates"] = result
    return result


# --- where "missing" findings point ----------------------------------------------------------


def top_anchor(article: Article) -> tuple[int, int]:
    """The front matter's first line, else the first line of the page's own content."""
    source = article.source
    if article.front_matter is not None:
        line = article.position(article.front_matter.start).line
        return source.line_span(line)
    block = next((b for b in article.blocks
                  if b.kind != BlockKind.BOILERPLATE and b.text.strip()),
                 article.blocks[0] if article.blocks else None)
    if block is None:
        return 0, 0
    start, end = source.line_span(article.position(block.start).line)
    return max(start, block.start), max(start, min(end, block.end))


def _where(article: Article) -> str:
    return "front matter" if article.front_matter is not None or article.format == "markdown" \
        else "page"


# --- checks ----------------------------------------------------------------------------------


def _author_missing(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    policy = policy_for(article, ctx)
    if not policy.requires("author") or any(p.role == "author" for p in people(article, ctx)):
        return
    start, end = top_anchor(article)
    if _where(article) == "front matter":
        message = "no author: add `author:` to the front matter (JAMA authorship)"
    else:
        message = "no author byline (such as \"By Jane Doe, RD\") on the page" + (
            " and no <meta name=\"author\">" if article.format == "html" else "") + \
            " (JAMA authorship)"
    yield Diagnostic(start, end, message)


def _organisation_author(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    policy = policy_for(article, ctx)
    authors = [p for p in people(article, ctx) if p.role == "author"]
    if not policy.requires("author") or not authors or any(p.person for p in authors):
        return
    first = authors[0]
    yield Diagnostic(first.start, first.end,
                     f"the author is {first.name!r}, a team or organisation, not a named "
                     "person: readers cannot tell who wrote the page or judge their "
                     "qualifications (JAMA authorship)",
                     data={"name": first.name, "origin": first.origin})


def _credentials(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    policy = policy_for(article, ctx)
    for person in people(article, ctx):
        element = f"{person.role}-credentials"
        if person.credentials or not person.person or not policy.requires(element):
            continue
        who = "author" if person.role == "author" else "medical reviewer"
        hint = ("add them after the name (`Jane Doe, RD`) or as "
                f"`{'author' if person.role == 'author' else 'reviewer'}_credentials:`"
                if person.origin == "front matter" else "the byline names no qualification")
        yield Diagnostic(person.start, person.end,
                         f"{who} {person.name!r} has no stated credentials; {hint}",
                         data={"role": person.role, "name": person.name})


def _reviewer_missing(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    policy = policy_for(article, ctx)
    if not policy.requires("medical-reviewer") or any(
            p.role == "reviewer" for p in people(article, ctx)):
        return
    start, end = top_anchor(article)
    where = "`medical_reviewer:` to the front matter" if _where(article) == "front matter" \
        else "a \"Medically reviewed by\" line"
    yield Diagnostic(start, end,
                     f"no medical reviewer: add {where} ({policy.content_type} policy)")


def _date_missing(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    policy = policy_for(article, ctx)
    dates = stated_dates(article, ctx)
    start, end = top_anchor(article)
    fm = _where(article) == "front matter"
    if policy.requires("date") and not dates.mentions:
        yield Diagnostic(start, end,
                         "no publication or update date: add `published:` (YYYY-MM-DD) to the "
                         "front matter" if fm else
                         "no publication or update date on the page" + (
                             " or in its <meta property=\"article:published_time\">"
                             if article.format == "html" else "") + " (JAMA currency)")
    for kind in ("published", "updated"):
        if policy.requires(kind) and not dates.of(kind) and dates.mentions:
            yield Diagnostic(start, end, f"no {kind} date: the policy requires `{kind}:`"
                             if fm else f"no {kind} date on the page; the policy requires one")


def _bad_date(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    dates = stated_dates(article, ctx)
    for mention in dates.mentions:
        if mention.reading.problem:
            label = f"`{mention.key}`" if mention.origin == "front matter" else \
                f"{mention.kind} date in `<{mention.key}>`" \
                if mention.origin == "page metadata" else f"{mention.kind} date"
            yield Diagnostic(mention.start, mention.end,
                             f"{label} {mention.reading.text!r}: {mention.reading.problem}")
    published = dates.latest("published")
    for mention in dates.of("updated", "reviewed"):
        day = mention.reading.date
        if published is not None and day is not None and day < published:
            yield Diagnostic(mention.start, mention.end,
                             f"{mention.kind} date {day.isoformat()} is before the published "
                             f"date {published.isoformat()}")


def _months_between(earlier: dt.date, later: dt.date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


def _stale(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    policy = policy_for(article, ctx)
    limit = policy.stale_after_months
    if limit <= 0:
        return
    dates = stated_dates(article, ctx)
    readable = [m for m in dates.mentions if m.reading.candidates]
    if not readable:
        return
    # Judge by the newest reading of every date: an ambiguous date is stale only if
    # every way of reading it is.
    newest = max(readable, key=lambda m: m.reading.latest or dt.date.min)
    last = newest.reading.latest
    now = today(ctx.settings)
    if last is None or _months_between(last, now) < limit:
        return
    age = _months_between(last, now)
    years, months = divmod(age, 12)
    span = (f"{years} year{'s' * (years != 1)}" if years else "") + \
        (f"{' ' if years else ''}{months} month{'s' * (months != 1)}" if months else "")
    yield Diagnostic(
        newest.start, newest.end,
        f"last {newest.kind} {last.isoformat()}, {span or 'over a year'} before "
        f"{now.isoformat()}; the {policy.content_type} policy asks for review every "
        f"{limit} months",
        data={"last": last.isoformat(), "months": age, "limit": limit},
    )


# Claims whose evidence does not age (what a term means, how the body works), and
# claims that report what a named study or body found: the source's age is the point.
_TIMELESS_TYPES = frozenset({"definition", "mechanism", "personal_experience"})
_REPORTED = re.compile(
    r"\b(?:in|from) (?:a|an|the|this|that|their|one) (?:[\w,'’-]+ ){0,10}?(?:study|trial|survey|"
    r"cohort|analysis|meta-analysis|review|report|guideline|statement|census)\b"
    r"|\b(?:study|studies|trial|survey|cohort|analysis|review|report|guideline|statement|"
    r"institute|society|association|academy|organi[sz]ation|college|agency|committee|panel|"
    r"task force|WHO|CDC|NIH|FDA|NICE)\b[^.;]{0,80}?\b(?:found|finds|concluded|reported|"
    r"showed|shows|recommends?|recommended|advises|advised|suggests|suggested|set|sets|"
    r"states|stated|links|linked|estimated|estimates)\b",
    re.I,
)


def reports_a_source(claim: object) -> bool:
    """Whether the claim reports what a particular study or body found or said."""
    attributes = getattr(claim, "attributes", {}) or {}
    return bool(attributes.get("evidence")) or bool(_REPORTED.search(getattr(claim, "text", "")))


def _dated_evidence(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    policy = policy_for(article, ctx)
    years = policy.evidence_max_age_years
    if years <= 0:
        return
    cutoff = today(ctx.settings).year - years
    for claim in article.claims:
        if claim.type in _TIMELESS_TYPES or reports_a_source(claim):
            continue
        refs = {id(r): r for c in claim.citations for r in c.references}.values()
        if not refs or any(c.kind == "link" and not c.references for c in claim.citations):
            continue
        stated = [r.year for r in refs]
        if any(y is None for y in stated):
            continue  # an undated source might be recent
        newest = max(y for y in stated if y is not None)
        if newest < cutoff:
            yield Diagnostic(
                claim.start, claim.end,
                f"the newest source for this claim is from {newest}, older than "
                f"{years} years; check that newer evidence agrees",
                data={"newest": newest, "references": [r.label for r in refs]},
            )


def _front_matter_schema(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    fm = article.front_matter
    if fm is None or article.format != "markdown" or not isinstance(fm.data, dict):
        return
    policy = policy_for(article, ctx)
    for problem in validate(fm.data, policy.content_types, policy.front_matter_keys,
                            policy.front_matter_strict):
        spans = fm.value_spans if problem.on_value else fm.key_spans
        start, end = spans.get(problem.key, fm.key_spans.get(problem.key, (fm.start, fm.start)))
        yield Diagnostic(start, end, problem.message)


CHECKS = [
    Check(
        "HL501", "author-missing", Severity.WARNING,
        "Page names no author",
        "JAMA's first benchmark is authorship: readers should know who wrote health advice. "
        "Markdown articles name the author in front matter (`author:`); scraped pages and "
        "exports are read for a byline (\"By Jane Doe, RD\", \"Written by ...\"), and HTML "
        "pages for `<meta name=\"author\">` too. Required by the policy's `author` element.",
        _author_missing,
        reads_front_matter=True,
    ),
    Check(
        "HL509", "author-not-a-person", Severity.INFO,
        "The page's author is a team or organisation, not a named person",
        "A byline such as \"By the Healthwise Team\" or an `author:` of \"Editorial Staff\" "
        "says who published the page, not who wrote it: JAMA's authorship benchmark asks for "
        "named authors with their affiliations and credentials. Reported for information when "
        "no author named is a person (a team, desk, department or organisation).",
        _organisation_author,
        reads_front_matter=True,
    ),
    Check(
        "HL502", "credentials-missing", Severity.WARNING,
        "Author or reviewer has no stated credentials",
        "JAMA and HONcode principle 1 ask for the qualifications of whoever gives medical "
        "information. Credentials are read after the name (`Jane Doe, MD, MPH`), from "
        "`author_credentials` / `reviewer_credentials`, or from `{name, credentials}`. The "
        "policy's `author-credentials` and `reviewer-credentials` elements decide who needs "
        "them (by default the medical reviewer).",
        _credentials,
        reads_front_matter=True,
    ),
    Check(
        "HL503", "medical-reviewer-missing", Severity.WARNING,
        "Page names no medical reviewer",
        "Health publishers have content checked by a clinician and say so (\"Medically "
        "reviewed by ...\"). Required by the policy's `medical-reviewer` element: by default "
        "for Markdown articles, supplement, product and food pages, but not for news, nor "
        "for scraped text or HTML, where the reviewer line rarely survives.",
        _reviewer_missing,
        reads_front_matter=True,
    ),
    Check(
        "HL504", "date-missing", Severity.WARNING,
        "Page states no publication or update date",
        "JAMA's currency benchmark: a health page must say when it was posted and updated, so "
        "readers can judge whether it is current. Read from front matter (`published`, "
        "`updated`, `reviewed` and their aliases), from lines such as \"Last updated on : "
        "08 Nov, 2025\", or from an HTML page's `article:published_time` / "
        "`article:modified_time` meta tags and `<time datetime>` elements. The policy's "
        "`date`, `published` and `updated` elements decide which.",
        _date_missing,
        reads_front_matter=True,
    ),
    Check(
        "HL505", "bad-date", Severity.WARNING,
        "Date cannot be read, is ambiguous, or is out of order",
        "A date that cannot be read cannot show currency. All-numeric dates such as "
        "11/08/2025 mean different days in the US and elsewhere: under the default "
        "`date-order = \"auto\"` they are reported unless only one reading is a real date; set "
        "the policy's `date-order` to mdy or dmy to read them one way. An update date before "
        "the publication date is reported too.",
        _bad_date,
        reads_front_matter=True,
    ),
    Check(
        "HL506", "stale-content", Severity.WARNING,
        "Content has not been updated within the policy's period",
        "Medical knowledge moves; publishers re-review pages on a schedule. The newest of the "
        "published, updated and reviewed dates is compared with `--today` (or the `today` "
        "setting, so that tests and audits are reproducible). The period is the policy's "
        "`stale-after-months` (24 by default, 12 for supplement and product pages, off for "
        "news).",
        _stale,
        reads_front_matter=True,
    ),
    Check(
        "HL507", "dated-evidence", Severity.INFO,
        "A claim's only sources are older than the policy allows",
        "A claim supported only by old studies may no longer reflect the evidence. Reported "
        "when every reference a claim cites states a year and the newest is more than the "
        "policy's `evidence-max-age-years` (10) old. Definitions and mechanisms, and sentences "
        "that report what a named study or body found (\"In the VITAL trial ...\", \"The "
        "Institute of Medicine concluded ...\"), are left out: there the source's age is the "
        "point. Classic sources can be fine: this is information for the editor, not an error.",
        _dated_evidence,
    ),
    Check(
        "HL508", "front-matter-schema", Severity.WARNING,
        "Front matter key is misspelled or a value has the wrong shape",
        "Provenance checks read the author, reviewer, dates and content type from front "
        "matter; `autor:` or `pubished:` silently hides them. A key that is a near miss of a "
        "known key is reported with the suggestion, as are values of the wrong shape and "
        "unknown content types. Keys of the site's own are left alone (declare them in the "
        "policy's `front-matter-keys`, or set `front-matter-strict` to report every unknown "
        "key).",
        _front_matter_schema,
        reads_front_matter=True,
    ),
]
