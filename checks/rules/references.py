"""HL2xx: the references an article cites — well-formed, real, matching, not retracted.

HL201-HL205 run offline (the pre-commit hook): malformed identifiers with a
suggested fix. HL210-HL220 need ``--resolve``: they read the run's resolutions
(``services["resolutions"]``, filled by a whole-run pre-pass), resolving an
article's identifiers on demand if no pre-pass ran. Nothing here imports the
network stack at module level, nor ``checks.resolve`` (identifier collection and the
resolution model): a pre-commit run that the results cache answers never needs them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from checks.contract.model import Check, CheckContext, Diagnostic, Edit, Fix, Severity
from claims.identifiers import IdentifierProblem, doi_part, is_valid_doi
from claims.model import Article, Reference

if TYPE_CHECKING:
    from checks.resolve.collect import Cited
    from checks.resolve.match import Comparison
    from checks.resolve.model import Resolution, Update
    from checks.resolve.run import Resolutions

_KIND_NAMES = {"doi": "DOI", "pmid": "PMID", "pmcid": "PMCID", "url": "link"}


def _cited(article: Article, ctx: CheckContext) -> list[Cited]:
    cited = ctx.memo.get("hl2:cited")
    if cited is None:
        from checks.resolve.collect import cited_identifiers

        cited = cited_identifiers(article)
        ctx.memo["hl2:cited"] = cited
    return cited


def _available(ctx: CheckContext) -> Resolutions | None:
    """Resolutions already in this run (offline checks never start the network)."""
    return ctx.services.get("resolutions")


def _resolutions(article: Article, ctx: CheckContext) -> Resolutions:
    """The run's resolutions, with this article's identifiers resolved."""
    resolutions = ctx.services.get("resolutions")
    if resolutions is None:
        from checks.resolve import services_for

        ctx.services.update(services_for([], ctx.settings))
        resolutions = ctx.services["resolutions"]
    if not ctx.memo.get("hl2:ensured"):
        from checks.resolve.collect import references_without_identifiers

        cited = _cited(article, ctx)
        resolutions.ensure(cited, references_without_identifiers(article, cited))
        ctx.memo["hl2:ensured"] = True
    return resolutions


def _reference_line(ref: Reference | None) -> str:
    if ref is None or not ref.title:
        return ""
    first = ref.authors[0] if ref.authors else ""
    bits = ", ".join(b for b in (first, str(ref.year or "")) if b)
    return f"'{ref.title}'" + (f" ({bits})" if bits else "")


# ------------------------------------------------------------------ offline


def _confirmation(problem: IdentifierProblem, cited: Cited,
                  resolutions: Resolutions | None) -> tuple[str, bool, bool]:
    """(text, confirmed, refuted) from resolving the suggested form, when it was resolved."""
    if resolutions is None or not problem.suggestion:
        return "", False, False
    from checks.resolve.collect import suggested_target
    from checks.resolve.model import Verdict

    target = suggested_target(problem)
    if target is None:
        return "", False, False
    res = resolutions.get(*target)
    if res is None:
        return "", False, False
    if res.verdict is Verdict.OK:
        if res.work is not None and res.work.title:
            ref = cited.reference
            if ref is not None and ref.title:
                from checks.resolve.match import compare

                comparison = compare(ref.title, ref.authors, ref.year, ref.journal, res.work)
                if comparison.verdict == "mismatch":
                    return (f"; {problem.suggestion} exists but is {res.work.describe()}, not "
                            "the cited paper, so check the identifier by hand"), False, True
            return (f"; {res.registry} confirms {problem.suggestion} is "
                    f"{res.work.describe()}"), True, False
        return f"; {res.registry or 'doi.org'} confirms {problem.suggestion} exists", True, False
    if res.verdict in (Verdict.NOT_FOUND, Verdict.INVALID):
        return (f"; {problem.suggestion} does not resolve either ({res.detail}), so find the "
                "right identifier on the publisher's page or PubMed"), False, True
    return "", False, False


def _malformed(kind: str):
    def run(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
        resolutions = _available(ctx)
        for cited in _cited(article, ctx):
            ident = cited.identifier
            if ident.kind != kind:
                continue
            for problem in cited.problems:
                name = _KIND_NAMES[kind]
                message = f"malformed {name} `{ident.value}`: {problem.message}"
                extra, confirmed, refuted = _confirmation(problem, cited, resolutions)
                fix = None
                if problem.replacement is not None and not refuted:
                    shown = problem.suggestion or problem.replacement
                    message += f"; write `{shown}`" if problem.suggestion else \
                        f"; replace with `{problem.replacement}`"
                    fix = Fix(f"write {shown}",
                              (Edit(problem.start, problem.end, problem.replacement),),
                              "safe" if confirmed else "unsafe")
                message += extra
                yield Diagnostic(problem.start, problem.end, message, fix=fix,
                                 data={"reason": problem.reason,
                                       "suggestion": problem.suggestion or ""})

    return run


def _doi_link_style(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    """``http://dx.doi.org/...`` -> ``https://doi.org/...`` (Crossref display guidelines)."""
    for cited in _cited(article, ctx):
        ident = cited.identifier
        if ident.kind != "doi" or cited.problems or not is_valid_doi(ident.normalized):
            continue
        lowered = ident.value.lower()
        if not lowered.startswith(("http://", "https://")):
            continue
        start, end = doi_part(ident.value)
        host = lowered.split("/", 3)[2] if lowered.count("/") >= 3 else ""
        if lowered.startswith("https://doi.org/") or host not in ("dx.doi.org", "doi.org",
                                                                  "www.doi.org"):
            continue
        canonical = f"https://doi.org/{ident.value[start:end]}"
        yield Diagnostic(
            ident.start, ident.start + end,
            f"DOI link `{ident.value[:end]}` uses an old resolver form; the stable form is "
            f"`{canonical}`",
            fix=Fix(f"write {canonical}", (Edit(ident.start, ident.start + end, canonical),)),
        )


# ------------------------------------------------------------------ network


@dataclass
class Evaluated:
    cited: Cited
    resolution: Resolution
    comparison: Comparison | None


def _evaluated(article: Article, ctx: CheckContext) -> list[Evaluated]:
    found = ctx.memo.get("hl2:evaluated")
    if found is not None:
        return found
    from checks.resolve.match import compare
    from checks.resolve.model import Verdict

    resolutions = _resolutions(article, ctx)
    found = []
    for cited in _cited(article, ctx):
        if not cited.resolvable:
            continue
        res = resolutions.get(cited.identifier.kind, cited.identifier.normalized)
        if res is None:
            continue
        comparison = None
        ref = cited.reference
        if ref is not None and res.verdict is Verdict.OK and res.work is not None:
            comparison = compare(ref.title, ref.authors, ref.year, ref.journal, res.work)
        found.append(Evaluated(cited, res, comparison))
    ctx.memo["hl2:evaluated"] = found
    return found


def _once_per_key(items: list[Evaluated]) -> Iterator[Evaluated]:
    seen: set[tuple[str, str]] = set()
    for item in sorted(items, key=lambda e: (e.cited.reference is None,
                                             e.cited.identifier.start)):
        if item.cited.key in seen:
            continue
        seen.add(item.cited.key)
        yield item


def _span(e: Evaluated) -> tuple[int, int]:
    return e.cited.identifier.start, e.cited.identifier.end


def _what(e: Evaluated) -> str:
    ident = e.cited.identifier
    return f"{_KIND_NAMES[ident.kind]} {ident.normalized}"


def _not_found(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    from checks.resolve.model import Verdict

    for e in _once_per_key(_evaluated(article, ctx)):
        res = e.resolution
        if res.verdict is Verdict.NOT_FOUND or (res.verdict is Verdict.INVALID
                                                and res.registry != "syntax"):
            cited = _reference_line(e.cited.reference)
            advice = (f"find the right identifier for {cited} on the publisher's page or "
                      "PubMed" if cited else "find the right identifier on the publisher's "
                      "page or PubMed, or remove it")
            yield Diagnostic(*_span(e), f"{_what(e)} does not exist: {res.detail}; {advice}",
                             data={"verdict": res.verdict.value, "registry": res.registry})


def _field_text(fields: list[Any], registry: str) -> str:
    parts = []
    for f in fields:
        label = {"author": "first author", "title": "title", "year": "year",
                 "journal": "journal"}[f.name]
        parts.append(f"{label}: cited '{f.cited}', {registry} has '{f.registered}'")
    return "; ".join(parts)


def _mismatch(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    for e in _once_per_key(_evaluated(article, ctx)):
        if e.comparison is None or e.comparison.verdict != "mismatch":
            continue
        work = e.resolution.work
        assert work is not None
        first = work.authors[0].family if work.authors else "unknown authors"
        yield Diagnostic(
            *_span(e),
            f"{_what(e)} points to a different paper: the reference cites "
            f"{_reference_line(e.cited.reference)}, but {e.resolution.registry} has "
            f"{work.describe()} by {first}; correct the identifier (or the reference)",
            data={"fields": _field_text(e.comparison.problems, e.resolution.registry)},
        )


def _discrepancy(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    for e in _once_per_key(_evaluated(article, ctx)):
        if e.comparison is None or e.comparison.verdict != "discrepancy":
            continue
        yield Diagnostic(
            *_span(e),
            f"reference details differ from the {e.resolution.registry} record for "
            f"{_what(e)} — {_field_text(e.comparison.problems, e.resolution.registry)}; "
            "correct the reference to match the record",
        )


def _notice_text(updates: list[Update]) -> str:
    bits = []
    for u in updates:
        what = u.type.replace("_", " ")
        where = f" {u.notice}" if u.notice else ""
        when = f" of {u.date}" if u.date else ""
        src = f", reported by {u.source.replace('+', ' and ')}" if u.source else ""
        bits.append(f"{what} notice{where}{when}{src}")
    return "; ".join(bits)


def _updates(group: str, advice: str, verb: str):
    def run(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
        from checks.resolve.model import Verdict

        for e in _once_per_key(_evaluated(article, ctx)):
            if e.resolution.verdict is not Verdict.OK:
                continue
            notices = e.resolution.updates_in(group)
            if not notices:
                continue
            registry = e.resolution.registry
            yield Diagnostic(
                *_span(e),
                f"the cited work ({_what(e)}) {verb}: {registry} records a "
                f"{_notice_text(notices)}; {advice}",
                data={"notices": [n.notice for n in notices],
                      "dates": [n.date for n in notices]},
            )

    return run


def _broken(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    from checks.resolve.model import Verdict

    for e in _once_per_key(_evaluated(article, ctx)):
        if e.resolution.kind == "url" and e.resolution.verdict is Verdict.BROKEN:
            yield Diagnostic(
                *_span(e),
                f"broken link {e.cited.identifier.normalized}: {e.resolution.detail}; link a "
                "current page or an archived copy (web.archive.org)",
                data={"status": e.resolution.status},
            )


def _redirected(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    from urllib.parse import urlsplit

    from checks.resolve.model import Verdict

    for e in _once_per_key(_evaluated(article, ctx)):
        res = e.resolution
        if res.kind != "url" or res.verdict is not Verdict.OK or not res.final_url:
            continue
        if not res.permanent_redirect or res.final_url == e.cited.identifier.normalized:
            continue
        old, new = urlsplit(e.cited.identifier.normalized), urlsplit(res.final_url)
        if new.path in ("", "/") and old.path not in ("", "/"):
            continue  # a deep link sent to the home page is a soft 404, not a move
        same_site = (old.hostname or "").removeprefix("www.") == \
            (new.hostname or "").removeprefix("www.")
        yield Diagnostic(
            *_span(e),
            f"link {e.cited.identifier.normalized} has moved permanently to {res.final_url}; "
            "link the new address",
            fix=Fix(f"link {res.final_url}",
                    (Edit(*_span(e), res.final_url),), "safe" if same_site else "unsafe"),
        )


def _unverifiable(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    from checks.resolve.model import Verdict

    for e in _once_per_key(_evaluated(article, ctx)):
        if e.resolution.verdict is Verdict.UNVERIFIABLE:
            yield Diagnostic(
                *_span(e),
                f"could not verify {_what(e)}: {e.resolution.detail}; not a failure, it is "
                "checked again on the next run",
                data={"reason": e.resolution.reason},
            )


def _blocked(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    from checks.resolve.model import Verdict

    for e in _once_per_key(_evaluated(article, ctx)):
        if e.resolution.verdict is Verdict.BLOCKED:
            yield Diagnostic(
                *_span(e),
                f"{_what(e)} was not contacted: {e.resolution.detail}; an article should "
                "link only public web pages",
            )


def _suggested(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    from checks.resolve.collect import references_without_identifiers

    resolutions = _resolutions(article, ctx)
    cited = _cited(article, ctx)
    for ref in references_without_identifiers(article, cited):
        suggestion = resolutions.suggestion_for(ref)
        if suggestion is None:
            continue
        link = f"https://doi.org/{suggestion.doi}"
        end = ref.end
        while end > ref.start and article.text[end - 1].isspace():
            end -= 1
        yield Diagnostic(
            ref.start, end,
            f"reference has no identifier; Crossref matches it to {link} "
            f"({suggestion.work.describe()}); add the DOI so readers and checks can find it",
            fix=Fix(f"add {link}", (Edit(end, end, f" {link}"),), "unsafe"),
            data={"doi": suggestion.doi, "score": suggestion.score,
                  "runner_up": suggestion.runner_up},
        )


# -------------------------------------------------------------------- checks

CHECKS = [
    Check(
        "HL201", "malformed-doi", Severity.ERROR,
        "DOI is malformed",
        "A DOI that does not follow `10.<registrant>/<suffix>` (a missing `10.`, a look-alike "
        "dash pasted from a PDF, whitespace) resolves nowhere, so the claim it supports has "
        "no verifiable source. The finding suggests the evident repair; with --resolve the "
        "suggestion is confirmed against doi.org and the fix becomes safe.",
        _malformed("doi"),
    ),
    Check(
        "HL202", "malformed-pmid", Severity.ERROR,
        "PMID is malformed",
        "A PubMed ID is a number of at most eight digits. Letters that look like digits, "
        "leading zeros, or a PMCID written as a PMID send readers to the wrong record or "
        "none.",
        _malformed("pmid"),
    ),
    Check(
        "HL203", "malformed-pmcid", Severity.ERROR,
        "PMCID is malformed",
        "A PubMed Central ID is `PMC` followed directly by digits; other forms do not resolve.",
        _malformed("pmcid"),
    ),
    Check(
        "HL204", "malformed-url", Severity.WARNING,
        "Link is malformed",
        "A link without a scheme, with a misspelt scheme (`htps://`), without a valid host, or "
        "with an unbalanced bracket does not open the cited page.",
        _malformed("url"),
    ),
    Check(
        "HL205", "doi-link-form", Severity.INFO,
        "DOI link uses an old resolver form",
        "Crossref's display guidelines ask for `https://doi.org/...`; `http://dx.doi.org/` "
        "still works but is not the stable, secure form. The fix rewrites only the resolver "
        "part and keeps the DOI as written.",
        _doi_link_style,
    ),
    Check(
        "HL210", "identifier-not-found", Severity.ERROR,
        "Cited DOI, PMID or PMCID does not exist",
        "Reported only when the authority itself says so: doi.org's handle API answers "
        "'not found' (responseCode 100), the prefix is unknown, DataCite (the DOI's "
        "registration agency) has no record, or PubMed/PMC has no such id. A Crossref 404 "
        "alone proves nothing and is never reported here.",
        _not_found, network=True,
    ),
    Check(
        "HL211", "reference-mismatch", Severity.ERROR,
        "Identifier points to a different paper",
        "The registry's record has a clearly different title and a different first author "
        "or year than the reference states, so the identifier cites some other paper. "
        "Subtitles, case, punctuation, HTML in titles and +-1 year between print and online "
        "publication are tolerated.",
        _mismatch, network=True,
    ),
    Check(
        "HL212", "reference-details-differ", Severity.WARNING,
        "Reference details differ from the registry record",
        "The identifier points to the right paper, but the stated title, first author, year "
        "(by more than one) or journal differs from the record. Readers use these details to "
        "find the paper; correct them.",
        _discrepancy, network=True,
    ),
    Check(
        "HL213", "retracted-reference", Severity.ERROR,
        "Cited work has been retracted or withdrawn",
        "A retracted study lends false authority. Crossref's updated-by (publisher and "
        "Retraction Watch entries; self-referencing new versions ignored) and PubMed's "
        "'Retracted Publication' type are read; the notice's DOI and date are reported.",
        _updates("retracted", "stop relying on it: remove the claim or cite current evidence",
                 "has been retracted"), network=True,
    ),
    Check(
        "HL214", "expression-of-concern", Severity.WARNING,
        "Cited work carries an expression of concern",
        "An expression of concern means the journal doubts the work's reliability while it "
        "investigates. Cite it only with that caveat, or find other support.",
        _updates("concern", "cite it with that caveat or find other support",
                 "carries an expression of concern"), network=True,
    ),
    Check(
        "HL215", "corrected-reference", Severity.INFO,
        "Cited work has a published correction",
        "Corrections (errata, corrigenda, addenda) may change the numbers an article quotes. "
        "Check the cited finding against the correction notice.",
        _updates("corrected", "check the cited finding against the correction",
                 "has been corrected"), network=True,
    ),
    Check(
        "HL216", "broken-url", Severity.WARNING,
        "Cited link is broken",
        "The page answered 404 or 410, or its host does not exist, twice in a row. 401, 403, "
        "429, 5xx, timeouts and TLS errors are never reported as broken (see HL218).",
        _broken, network=True,
    ),
    Check(
        "HL217", "redirected-url", Severity.INFO,
        "Cited link has moved permanently",
        "The link answers with permanent redirects (301/308) to a new address. Linking the "
        "final address avoids a future break; the fix is safe when the page stays on the "
        "same site.",
        _redirected, network=True,
    ),
    Check(
        "HL218", "unverifiable-reference", Severity.INFO,
        "Cited identifier or link could not be verified",
        "The authority could not be asked (rate limit, server error, timeout, TLS error, "
        "the run's time budget, or a cache-only run without an entry). This is information, "
        "never a failure, and is not cached: the next run asks again.",
        _unverifiable, network=True,
    ),
    Check(
        "HL219", "blocked-url", Severity.WARNING,
        "Cited link targets a non-public address",
        "The network guard refused the link or one of its redirects because it leads to a "
        "private, loopback or link-local address or a non-web port. Articles should link "
        "public pages; the resolver never contacts such targets.",
        _blocked, network=True,
    ),
    Check(
        "HL220", "doi-suggestion", Severity.INFO,
        "Reference without an identifier has a likely DOI",
        "Crossref's bibliographic search found one record that clearly beats the runner-up "
        "and matches the stated title and first author. Adding the DOI makes the reference "
        "verifiable.",
        _suggested, network=True,
    ),
]
