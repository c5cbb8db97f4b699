"""Synthetic registry records for the emulator, written from the documented shapes.

Nothing here is a copy of a real record: titles, authors and DOIs are invented
(10.5555 is Crossref's test prefix; 10.5072 DataCite's). Shapes follow the DOI
handle API, doi.org /ra/, Crossref /works (arrays for titles, date-parts,
updated-by with ``source``), DataCite JSON:API and NCBI esummary JSON.
"""

from __future__ import annotations

from typing import Any

CROSSREF_PREFIXES = ("10.5555", "10.5556", "10.5557")
DATACITE_PREFIXES = ("10.5072",)
OTHER_RA = {"10.3280": "mEDRA"}


def _date(y: int, m: int | None = None, d: int | None = None) -> dict[str, Any]:
    parts = [p for p in (y, m, d) if p is not None]
    return {"date-parts": [parts]}


def crossref_record(doi: str, title: str, authors: list[tuple[str, str]], year: int,
                    journal: str, *, subtitle: str = "", short: str = "",
                    print_year: int | None = None, updated_by: list[dict] | None = None,
                    work_type: str = "journal-article") -> dict[str, Any]:
    """A Crossref ``message`` for ``/works/{doi}``."""
    message: dict[str, Any] = {
        "DOI": doi,
        "type": work_type,
        "title": [title],
        "subtitle": [subtitle] if subtitle else [],
        "container-title": [journal],
        "short-container-title": [short] if short else [],
        "author": [{"given": g, "family": f, "sequence": "first" if i == 0 else "additional",
                    "affiliation": []} for i, (f, g) in enumerate(authors)],
        "issued": _date(year),
        "published-online": _date(year, 5, 2),
        "ISSN": ["1234-5678"],
        "resource": {"primary": {"URL": f"https://journal.example/{doi}"}},
        "update-policy": "https://doi.org/10.5555/crossmark-policy",
    }
    if print_year:
        message["published-print"] = _date(print_year, 2)
    if updated_by:
        message["updated-by"] = updated_by
    return message


def update(notice: str, kind: str, date: tuple[int, int, int], source: str = "publisher",
           record_id: str = "") -> dict[str, Any]:
    entry: dict[str, Any] = {
        "DOI": notice, "type": kind, "source": source,
        "label": kind.replace("_", " ").title(),
        "updated": {"date-parts": [list(date)],
                    "date-time": f"{date[0]:04d}-{date[1]:02d}-{date[2]:02d}T00:00:00Z",
                    "timestamp": 0},
    }
    if record_id:
        entry["record-id"] = record_id
    return entry


CROSSREF: dict[str, dict[str, Any]] = {}


def _add(record: dict[str, Any]) -> None:
    CROSSREF[record["DOI"].lower()] = record


_add(crossref_record(
    "10.5555/cramps.2010.001", "Exercise-associated muscle cramps",
    [("Millbank", "Karen C."), ("Stone", "Marcus S.")], 2010, "Sports Health",
    subtitle="a narrative review", short="Sports Health"))
_add(crossref_record(
    "10.5555/cramps.2018.014", "Muscular cramp: causes and management",
    [("Swanson", "Martin"), ("Czerny", "Dana")], 2018, "European Journal of Neurology",
    short="Eur J Neurol", print_year=2019))
_add(crossref_record(
    "10.5555/magnesium.2012.7", "Effects of <i>magnesium</i> on nocturnal leg cramps",
    [("Okafor", "Ada")], 2012, "Journal of Sleep Medicine",
    subtitle="a randomised crossover trial"))
_add(crossref_record(
    "10.5555/retracted.2015.3", "Quinine cures all nocturnal cramps within a week",
    [("Fabricant", "Rolf")], 2015, "Journal of Improbable Therapy",
    updated_by=[
        update("10.5555/notice.retraction.2017", "retraction", (2017, 6, 1),
               "retraction-watch", "4036"),
        update("10.5555/notice.retraction.2017", "retraction", (2017, 6, 1), "publisher"),
    ]))
_add(crossref_record(
    "10.5555/concern.2019.8", "Electrolyte drinks prevent exercise cramps in runners",
    [("Lindqvist", "Sara")], 2019, "Endurance Science",
    updated_by=[update("10.5555/notice.eoc.2020", "expression_of_concern", (2020, 9, 14))]))
_add(crossref_record(
    "10.5555/corrected.2016.2", "Stretching before sleep and night cramps",
    [("Duarte", "Paulo")], 2016, "Family Practice Research",
    updated_by=[update("10.5555/notice.erratum.2016", "correction", (2016, 12, 2))]))
_add(crossref_record(
    "10.5555/newversion.2020.5", "Vitamin B complex for muscle cramps in older adults",
    [("Hartmann", "Lena")], 2020, "Geriatric Reviews",
    updated_by=[update("10.5555/newversion.2020.5", "new_version", (2020, 8, 1))]))
_add(crossref_record(
    "10.5555/neurology.2010.74", "Assessment: symptomatic treatment for muscle cramps",
    [("Katzenberg", "Hans D."), ("Khan", "Amir H.")], 2010, "Neurology",
    subtitle="an evidence-based review"))
# Two near-identical records: a bibliographic query for either is ambiguous.
_add(crossref_record(
    "10.5556/twins.2014.1", "Night cramps in pregnancy: a survey",
    [("Moreau", "Claire")], 2014, "Obstetric Notes"))
_add(crossref_record(
    "10.5556/twins.2014.2", "Night cramps in pregnancy: a survey",
    [("Moreau", "Claire")], 2014, "Obstetric Notes Letters"))
_add(crossref_record(
    "10.5556/unique.2011.9", "Calf muscle cramps and statin therapy in a cohort of veterans",
    [("Abernathy", "Joel"), ("Quist", "Mira")], 2011, "Pharmacoepidemiology Letters"))

# Registered at doi.org but not with Crossref or DataCite (another agency).
MEDRA_DOIS = {"10.3280/medra.2017.1"}

DATACITE: dict[str, dict[str, Any]] = {
    "10.5072/dataset.cramps.1": {
        "data": {
            "id": "10.5072/dataset.cramps.1", "type": "dois",
            "attributes": {
                "doi": "10.5072/dataset.cramps.1", "prefix": "10.5072",
                "suffix": "dataset.cramps.1",
                "creators": [{"name": "Nakamura, Yui", "nameType": "Personal",
                              "givenName": "Yui", "familyName": "Nakamura",
                              "affiliation": [], "nameIdentifiers": []}],
                "titles": [{"title": "Night cramp diary dataset"}],
                "publisher": "Example Data Repository", "publicationYear": 2021,
                "types": {"resourceTypeGeneral": "Dataset", "citeproc": "dataset"},
                "url": "https://data.example/cramps", "state": "findable",
            },
            "relationships": {},
        },
        "included": [],
    },
}

# DOIs whose handle lookup fails with a server error (so RA routing must decide).
HANDLE_FAILS = {"10.5072/dataset.missing.9"}

PUBMED: dict[str, dict[str, Any]] = {}


def pubmed_record(uid: str, title: str, authors: list[str], pubdate: str, source: str,
                  full: str, *, doi: str = "", pmc: str = "", pubtype: tuple[str, ...] = (
                      "Journal Article",), references: list[dict] | None = None
                  ) -> dict[str, Any]:
    ids = [{"idtype": "pubmed", "idtypen": 1, "value": uid}]
    if pmc:
        ids.append({"idtype": "pmc", "idtypen": 8, "value": pmc})
        ids.append({"idtype": "pmcid", "idtypen": 5, "value": f"pmc-id: {pmc};"})
    if doi:
        ids.append({"idtype": "doi", "idtypen": 3, "value": doi})
    return {
        "uid": uid, "pubdate": pubdate, "epubdate": "", "source": source,
        "authors": [{"name": a, "authtype": "Author", "clusterid": ""} for a in authors],
        "lastauthor": authors[-1] if authors else "", "title": title,
        "volume": "12", "issue": "3", "pages": "101-109", "lang": ["eng"],
        "issn": "2345-6789", "essn": "", "pubtype": list(pubtype),
        "articleids": ids, "references": references or [], "fulljournalname": full,
        "elocationid": f"doi: {doi}" if doi else "", "sortpubdate": f"{pubdate[:4]}/01/01 00:00",
    }


PUBMED["31000001"] = pubmed_record(
    "31000001", "Magnesium for skeletal muscle cramps.", ["Garrison SR", "Allan GM"],
    "2012 Sep", "Cochrane Database Syst Rev", "The Cochrane database of systematic reviews",
    doi="10.5555/cochrane.2012.9", pmc="PMC7000001")
PUBMED["31000002"] = pubmed_record(
    "31000002", "Pickle juice stops cramps instantly.", ["Vance TR"], "2014 Mar 3",
    "J Sports Myth", "Journal of sports mythology", pubtype=(
        "Journal Article", "Retracted Publication"),
    references=[{"refsource": "J Sports Myth. 2016;4:1", "reftype": "Retraction in",
                 "pmid": "31000009", "note": ""}])
PUBMED["31000003"] = pubmed_record(
    "31000003", "Potassium intake and nocturnal leg cramps in adults.", ["Bauer K"],
    "2018", "Nutr Res", "Nutrition research")

PMC: dict[str, dict[str, Any]] = {
    "7000001": {
        "uid": "7000001", "pubdate": "2012 Sep", "epubdate": "",
        "source": "Cochrane Database Syst Rev", "title": "Magnesium for skeletal muscle cramps",
        "authors": [{"name": "Garrison SR", "authtype": "Author"},
                    {"name": "Allan GM", "authtype": "Author"}],
        "articleids": [{"idtype": "pmid", "value": "31000001"},
                       {"idtype": "doi", "value": "10.5555/cochrane.2012.9"},
                       {"idtype": "pmcid", "value": "PMC7000001"}],
        "fulljournalname": "The Cochrane database of systematic reviews",
    },
}

# Crossref DOIs with scripted faults (the handle API and RA answer normally).
FAULT_DOIS = {
    "10.5555/fault.slow": "slow",
    "10.5555/fault.flap": "flap",
    "10.5555/fault.429": "429",
    "10.5555/fault.reset": "reset",
    "10.5555/fault.badjson": "badjson",
    "10.5555/fault.huge": "huge",
    "10.5555/fault.hugechunked": "huge-chunked",
    "10.5555/fault.drip": "drip",
    "10.5555/fault.down": "down",
}
