"""Registry answers -> :class:`Work` and :class:`Update` (pure functions, no I/O).

Shapes follow the documented APIs: the DOI handle API (``responseCode``,
``values``), doi.org ``/ra/``, Crossref ``/works`` (arrays for titles, ``date-parts``,
``updated-by``), DataCite JSON:API ``/dois``, and NCBI esummary JSON (``result``
keyed by uid, per-uid ``error`` for unknown ids).
"""

from __future__ import annotations

import html
import re
from typing import Any

from checks.resolve.model import Author, Update, Work

_TAG_RE = re.compile(r"<[^>]{0,200}>")


def clean_text(text: Any) -> str:
    """Registry strings carry JATS/HTML markup and entities; readers see plain text."""
    if not isinstance(text, str):
        return ""
    return re.sub(r"\s+", " ", html.unescape(_TAG_RE.sub("", text))).strip()


def _first(value: Any) -> str:
    if isinstance(value, list):
        return clean_text(value[0]) if value else ""
    return clean_text(value)


def _year(parts: Any) -> int | None:
    try:
        year = int(parts["date-parts"][0][0])
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    return year if 1000 < year < 3000 else None


def _iso(parts: Any) -> str:
    if not isinstance(parts, dict):
        return ""
    if isinstance(parts.get("date-time"), str):
        return parts["date-time"][:10]
    try:
        dp = [int(x) for x in parts["date-parts"][0] if x is not None]
    except (KeyError, IndexError, TypeError, ValueError):
        return ""
    return "-".join(f"{x:02d}" if i else str(x) for i, x in enumerate(dp))


# --------------------------------------------------------------------- doi.org


def handle_outcome(status: int, data: Any) -> dict[str, Any]:
    """``{"code": 1|100|200, "url": ...}`` from a handle API answer; raises ValueError if odd."""
    if not isinstance(data, dict) or "responseCode" not in data:
        raise ValueError("not a handle API response")
    code = data["responseCode"]
    url = ""
    for value in data.get("values") or []:
        if isinstance(value, dict) and value.get("type") == "URL":
            url = str((value.get("data") or {}).get("value") or "")
            break
    if code in (1, 100, 200):
        return {"code": code, "url": url}
    raise ValueError(f"handle API responseCode {code}")


def ra_outcome(data: Any) -> dict[str, str]:
    """The registration agency of a prefix from doi.org ``/ra/`` (``[{"DOI","RA"}]``)."""
    if not isinstance(data, list) or not data or not isinstance(data[0], dict):
        raise ValueError("not a /ra/ response")
    return _ra_entry(data[0])


def _ra_entry(entry: dict[str, Any]) -> dict[str, str]:
    return {"ra": str(entry.get("RA") or ""), "status": str(entry.get("status") or "")}


def ra_outcomes(data: Any) -> dict[str, dict[str, str]]:
    """Each prefix's agency from one ``/ra/A,B,...`` answer, keyed by the lower-cased prefix."""
    if not isinstance(data, list):
        raise ValueError("not a /ra/ response")
    out = {}
    for entry in data:
        if isinstance(entry, dict) and isinstance(entry.get("DOI"), str):
            out[entry["DOI"].lower()] = _ra_entry(entry)
    return out


def crossref_messages(data: Any) -> dict[str, dict[str, Any]]:
    """The records of a ``/works?filter=doi:...`` list, keyed by the lower-cased DOI."""
    if not isinstance(data, dict) or not isinstance(data.get("message"), dict):
        raise ValueError("not a Crossref work list")
    items = data["message"].get("items")
    if not isinstance(items, list):
        raise ValueError("a Crossref work list without items")
    return {str(i["DOI"]).lower(): i for i in items
            if isinstance(i, dict) and isinstance(i.get("DOI"), str)}


def datacite_documents(data: Any) -> dict[str, dict[str, Any]]:
    """A DataCite ``/dois?ids=...`` list as one single-record document per lower-cased DOI."""
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise ValueError("not a DataCite DOI list")
    out = {}
    for item in data["data"]:
        if not isinstance(item, dict):
            continue
        doi = item.get("id") or (item.get("attributes") or {}).get("doi")
        if isinstance(doi, str):
            out[doi.lower()] = {"data": item}
    return out


# -------------------------------------------------------------------- Crossref


def crossref_work(message: dict[str, Any]) -> tuple[Work, list[Update]]:
    authors = []
    for a in message.get("author") or []:
        if not isinstance(a, dict):
            continue
        if a.get("family"):
            authors.append(Author(clean_text(a["family"]), clean_text(a.get("given", ""))))
        elif a.get("name"):
            authors.append(Author(clean_text(a["name"])))
    years = sorted({y for key in ("issued", "published", "published-print", "published-online")
                    if (y := _year(message.get(key))) is not None})
    journals = [clean_text(t) for key in ("container-title", "short-container-title")
                for t in (message.get(key) or []) if isinstance(t, str)]
    title = _first(message.get("title"))
    work = Work(
        registry="Crossref", title=title, subtitle=_first(message.get("subtitle")),
        authors=authors, years=years, journals=[j for j in journals if j],
        issn=[str(i) for i in message.get("ISSN") or []], doi=str(message.get("DOI", "")),
        type=str(message.get("type", "")), url=str((message.get("resource") or {})
                                                  .get("primary", {}).get("URL", "")),
    )
    updates = []
    for u in message.get("updated-by") or []:
        if not isinstance(u, dict):
            continue
        updates.append(Update(
            type=str(u.get("type", "")).lower(), notice=str(u.get("DOI", "")),
            date=_iso(u.get("updated")), source=str(u.get("source", "")),
            label=str(u.get("label", "")),
        ))
    if re.match(r"^\s*(retracted|withdrawn)\b\s*[:.\-]", title, re.IGNORECASE) and not any(
            u.group == "retracted" for u in updates):
        updates.append(Update(type="retraction", source="title",
                              label="the registered title is marked retracted"))
    return work, _dedupe_updates(updates)


def _dedupe_updates(updates: list[Update]) -> list[Update]:
    """One entry per (type, notice): Retraction Watch and the publisher often both report it."""
    seen: dict[tuple[str, str], Update] = {}
    for u in updates:
        key = (u.type, u.notice.lower())
        if key in seen:
            prior = seen[key]
            if u.source and u.source not in prior.source.split("+"):
                prior.source = f"{prior.source}+{u.source}" if prior.source else u.source
            prior.date = prior.date or u.date
            continue
        seen[key] = Update(u.type, u.notice, u.date, u.source, u.label)
    return list(seen.values())


def crossref_items(data: Any) -> list[dict[str, Any]]:
    """Items of a ``/works?query.bibliographic=`` answer as ``{doi, score, work}``."""
    items = ((data or {}).get("message") or {}).get("items") or []
    out = []
    for item in items:
        if not isinstance(item, dict) or not item.get("DOI"):
            continue
        work, _ = crossref_work(item)
        out.append({"doi": str(item["DOI"]).lower(), "score": float(item.get("score") or 0.0),
                    "work": work})
    return out


# -------------------------------------------------------------------- DataCite


def datacite_work(data: dict[str, Any]) -> Work:
    attrs = (data.get("data") or {}).get("attributes") or {}
    titles = [t for t in attrs.get("titles") or [] if isinstance(t, dict)]
    main = next((t for t in titles if not t.get("titleType")), titles[0] if titles else {})
    sub = next((t for t in titles if t.get("titleType") == "Subtitle"), {})
    authors = []
    for c in attrs.get("creators") or []:
        if not isinstance(c, dict):
            continue
        if c.get("familyName"):
            authors.append(Author(clean_text(c["familyName"]), clean_text(c.get("givenName", ""))))
        elif c.get("name"):
            name = clean_text(c["name"])
            family, _, given = name.partition(",")
            authors.append(Author(family.strip(), given.strip()))
    years = []
    year = str(attrs.get("publicationYear") or "")
    if year.isdigit():
        years.append(int(year))
    container = attrs.get("container") or {}
    journals = [clean_text(container.get("title"))] if container.get("title") else []
    publisher = attrs.get("publisher")
    if isinstance(publisher, dict):
        publisher = publisher.get("name")
    if publisher:
        journals.append(clean_text(publisher))
    return Work(
        registry="DataCite", title=clean_text(main.get("title", "")),
        subtitle=clean_text(sub.get("title", "")), authors=authors, years=years,
        journals=journals, doi=str(attrs.get("doi", "")),
        type=str((attrs.get("types") or {}).get("resourceTypeGeneral", "")),
        url=str(attrs.get("url", "")),
    )


# ------------------------------------------------------------------------ NCBI

_REFTYPES = {
    "retractionin": "retraction",
    "partialretractionin": "partial_retraction",
    "expressionofconcernin": "expression_of_concern",
    "erratumin": "erratum",
    "correctedandrepublishedin": "correction",
}


def _pubmed_author(name: str) -> Author:
    """PubMed gives 'Scalfani VF': family name, then initials."""
    name = clean_text(name)
    m = re.match(r"^(.*?)\s+([A-Z]{1,4})$", name)
    if m:
        return Author(m.group(1), m.group(2))
    return Author(name)


def _pubdate_year(text: Any) -> int | None:
    m = re.match(r"^\s*(\d{4})", str(text or ""))
    return int(m.group(1)) if m else None


def esummary_records(data: Any) -> tuple[dict[str, dict[str, Any]], str]:
    """Per-uid records and the top-level error (malformed request) if any."""
    if not isinstance(data, dict):
        raise ValueError("not an esummary response")
    if "error" in data and "result" not in data:
        return {}, str(data["error"])
    result = data.get("result")
    if not isinstance(result, dict):
        raise ValueError("esummary response without a result")
    out = {}
    for uid in result.get("uids") or []:
        record = result.get(str(uid))
        if isinstance(record, dict):
            out[str(uid)] = record
    for key, record in result.items():
        if key != "uids" and isinstance(record, dict) and key not in out:
            out[key] = record
    return out, str(data.get("error") or "")


def esummary_work(record: dict[str, Any], database: str) -> tuple[Work, list[Update]]:
    """One esummary record (db=pubmed or db=pmc)."""
    authors = [_pubmed_author(a.get("name", "")) for a in record.get("authors") or []
               if isinstance(a, dict) and a.get("authtype", "Author") == "Author"
               and a.get("name")]
    years = sorted({y for y in (_pubdate_year(record.get("pubdate")),
                                _pubdate_year(record.get("epubdate"))) if y})
    ids = {str(a.get("idtype", "")).lower(): str(a.get("value", ""))
           for a in record.get("articleids") or [] if isinstance(a, dict)}
    doi = ids.get("doi", "")
    if not doi:
        m = re.search(r"doi:\s*(10\.\S+)", str(record.get("elocationid") or ""))
        doi = m.group(1) if m else ""
    journals = [clean_text(record.get(k)) for k in ("fulljournalname", "source")
                if record.get(k)]
    pmcid = ids.get("pmc", "") or ids.get("pmcid", "")
    m = re.search(r"PMC\d+", pmcid)
    work = Work(
        registry="PubMed" if database == "pubmed" else "PMC",
        title=clean_text(record.get("title", "")), authors=authors, years=years,
        journals=journals, issn=[x for x in (record.get("issn"), record.get("essn")) if x],
        doi=doi.lower(), pmid=ids.get("pubmed", ids.get("pmid", "")) or
        (str(record.get("uid", "")) if database == "pubmed" else ""),
        pmcid=m.group(0) if m else "", type=", ".join(record.get("pubtype") or []),
    )
    updates: list[Update] = []
    for ref in record.get("references") or []:
        if not isinstance(ref, dict):
            continue
        kind = _REFTYPES.get(re.sub(r"[\s_:-]", "", str(ref.get("reftype", ""))).lower())
        if kind:
            updates.append(Update(type=kind, notice=str(ref.get("pmid", "")), source="pubmed",
                                  label=clean_text(ref.get("refsource", ""))))
    pubtypes = {str(p).lower() for p in record.get("pubtype") or []}
    if "retracted publication" in pubtypes and not any(u.group == "retracted" for u in updates):
        updates.append(Update(type="retraction", source="pubmed",
                              label="PubMed publication type: Retracted Publication"))
    return work, updates
