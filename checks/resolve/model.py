"""What resolution produces: a verdict per distinct identifier, with the registry's record.

Plain dataclasses with JSON round-trips (the cache stores them as JSON). No
network imports, so checks can read resolutions on any path.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Verdict(StrEnum):
    OK = "ok"
    INVALID = "invalid"  # not an identifier at all (syntax, or the authority says so)
    NOT_FOUND = "not-found"  # only when the authority says so
    BROKEN = "broken"  # a web page that is gone (404/410/no such host, after a retry)
    UNVERIFIABLE = "unverifiable"  # 401/403/429/5xx/timeouts/TLS/budget/cache-only miss
    BLOCKED = "blocked"  # the SSRF guard refused the target
    SKIPPED = "skipped"


# Crossref update types (update-to / updated-by) grouped by what they mean for a citation.
RETRACTING = frozenset({"retraction", "withdrawal", "removal", "partial_retraction"})
CONCERNING = frozenset({"expression_of_concern"})
CORRECTING = frozenset({"correction", "erratum", "corrigendum", "addendum", "clarification"})


@dataclass
class Author:
    family: str
    given: str = ""  # given names or initials as the registry has them


@dataclass
class Update:
    """A notice that updates the cited work (retraction, correction, ...)."""

    type: str  # Crossref vocabulary: retraction, expression_of_concern, correction, ...
    notice: str = ""  # the notice's DOI (or PMID for PubMed)
    date: str = ""  # ISO date when known
    source: str = ""  # publisher, retraction-watch, pubmed, ...
    label: str = ""

    @property
    def group(self) -> str:
        kind = self.type.lower().replace("-", "_").replace(" ", "_")
        if kind in RETRACTING:
            return "retracted"
        if kind in CONCERNING:
            return "concern"
        if kind in CORRECTING:
            return "corrected"
        return "other"


@dataclass
class Work:
    """A registry's metadata, normalised across Crossref, DataCite and PubMed."""

    registry: str
    title: str = ""
    subtitle: str = ""
    authors: list[Author] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    journals: list[str] = field(default_factory=list)
    issn: list[str] = field(default_factory=list)
    doi: str = ""
    pmid: str = ""
    pmcid: str = ""
    type: str = ""
    url: str = ""

    @property
    def first_year(self) -> int | None:
        return min(self.years) if self.years else None

    def describe(self) -> str:
        """A short human citation: 'Title' (Journal, 2010)."""
        bits = [b for b in (self.journals[0] if self.journals else "",
                            str(self.first_year or "")) if b]
        title = self.title if len(self.title) <= 120 else self.title[:117] + "..."
        return f"'{title}'" + (f" ({', '.join(bits)})" if bits else "")


@dataclass
class Resolution:
    """The outcome for one distinct identifier (kind + normalised value)."""

    kind: str
    key: str
    verdict: Verdict
    registry: str = ""  # who answered: doi.org, Crossref, DataCite, PubMed, PMC, the web server
    detail: str = ""  # what the authority said, in words
    work: Work | None = None
    updates: list[Update] = field(default_factory=list)
    final_url: str = ""
    status: int | None = None
    permanent_redirect: bool = False
    reason: str = ""  # machine slug for unverifiable/blocked: timeout, 429, budget, ...
    from_cache: bool = False

    def updates_in(self, group: str) -> list[Update]:
        own = {self.key.lower(), (self.work.doi.lower() if self.work else "")}
        return [u for u in self.updates
                if u.group == group and u.notice.lower() not in own - {""}]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["verdict"] = self.verdict.value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Resolution:
        work = data.get("work")
        return cls(
            kind=data["kind"], key=data["key"], verdict=Verdict(data["verdict"]),
            registry=data.get("registry", ""), detail=data.get("detail", ""),
            work=work_from_json(work) if work else None,
            updates=[Update(**u) for u in data.get("updates", [])],
            final_url=data.get("final_url", ""), status=data.get("status"),
            permanent_redirect=data.get("permanent_redirect", False),
            reason=data.get("reason", ""), from_cache=data.get("from_cache", False),
        )


def work_from_json(data: dict[str, Any]) -> Work:
    data = dict(data)
    data["authors"] = [Author(**a) for a in data.get("authors", [])]
    return Work(**data)


def work_to_json(work: Work) -> dict[str, Any]:
    return asdict(work)


@dataclass
class Suggestion:
    """A DOI that Crossref's bibliographic search proposes for a reference with no identifier."""

    doi: str
    work: Work
    score: float
    runner_up: float | None


def target_key(kind: str, normalized: str) -> tuple[str, str]:
    """Dedup key: DOIs are case-insensitive, URLs are not."""
    return (kind, normalized.lower() if kind in ("doi", "pmcid") else normalized)
