"""HL1xx checks, the claims inventory, the seeds, and the dev-set figures as a regression gate."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import textwrap

import pytest

from tests.conftest import ROOT, SEEDS, needs_seeds

REFS = """
## References

1. Holick MF. Vitamin D deficiency. N Engl J Med. 2007;357(3):266-281. doi:10.1056/NEJMra070553
2. LeBoff MS, Chou SH, et al. Vitamin D and fractures. N Engl J Med. 2022;387. PMID: 35939577
"""


def _findings(cli, write, body: str, *extra: str, name: str = "a.md", config: str = "",
              refs: bool = False):
    path = write(name, textwrap.dedent(body) + (REFS if refs else ""))
    if config:
        write("healthlint.yaml", textwrap.dedent(config))
    result = cli("check", str(path), "--format", "json", "--select", "HL1", *extra,
                 cwd=os.path.dirname(path))
    assert result.code in (0, 1), result.err
    return json.loads(result.out)["findings"]


def _codes(findings) -> list[tuple[str, str]]:
    return [(f["code"], f["excerpt"]) for f in findings]


def test_uncited_claim_is_reported_and_cited_claim_is_not(cli, write):
    findings = _findings(cli, write, """
        Vitamin D helps the gut absorb calcium [1].
        Magnesium relaxes tight muscles and eases night cramps.
        """, refs=True)
    findings = [f for f in findings if f["code"] != "HL104"]  # reference 2 is unused here
    assert _codes(findings) == [
        ("HL101", "Magnesium relaxes tight muscles and eases night cramps.")]
    (finding,) = findings
    assert finding["severity"] == "warning"
    assert "magnesium" in finding["message"]
    assert finding["data"]["type"] == "efficacy"


def test_hedged_claim_is_reported_with_a_note(cli, write):
    findings = _findings(cli, write, "Magnesium may ease night-time leg cramps.\n")
    (finding,) = findings
    assert finding["code"] == "HL101"
    assert "hedged" in finding["message"]


def test_questions_headings_and_instructions_are_not_reported(cli, write):
    findings = _findings(cli, write, """
        # Magnesium cuts cramps by 40%

        Does magnesium help cramps? Relax in a chair. Stretch the calf gently.
        """)
    assert findings == []


def test_evidence_phrase_without_citation_is_an_error_and_not_also_hl101(cli, write):
    findings = _findings(cli, write, "Studies show that magnesium improves sleep quality.\n")
    assert [(f["code"], f["severity"]) for f in findings] == [("HL102", "error")]
    assert "Studies show" in findings[0]["message"]


def test_hl101_reports_evidence_sentences_when_hl102_is_off(cli, write):
    findings = _findings(cli, write, "Studies show that magnesium improves sleep quality.\n",
                         "--ignore", "HL102")
    assert [f["code"] for f in findings] == ["HL101"]


def test_paragraph_scope_lets_a_final_marker_cover_the_paragraph(cli, write):
    body = """
        Magnesium relaxes tight muscles. It also prevents night cramps in older adults [1].
        """
    assert [f["code"] for f in _findings(cli, write, body, "--ignore", "HL104",
                                         refs=True)] == ["HL101"]
    config = """
        checks:
          HL101:
            scope: paragraph
        """
    assert _findings(cli, write, body, "--ignore", "HL104", config=config, refs=True) == []


def test_threshold_option(cli, write):
    from claims.detect import prose_assessments
    from claims.read import read_text

    body = "Levels tend to fall in winter, when the skin makes less vitamin D.\n"
    ((_, assessed),) = prose_assessments(read_text(body, format="markdown"))
    above, below = (assessed.score + 1.0) / 2, assessed.score / 2  # either side of its score
    assert _findings(cli, write, body, config=f"checks:\n  HL101:\n    threshold: {above}\n") == []
    assert len(_findings(cli, write, body,
                         config=f"checks:\n  HL101:\n    threshold: {below}\n")) == 1


def test_types_option(cli, write):
    body = "Magnesium relaxes tight muscles. Magnesium deficiency affects about 15% of adults.\n"
    config = "checks:\n  HL101:\n    types: [quantity]\n"
    findings = _findings(cli, write, body, config=config)
    assert [f["data"]["type"] for f in findings] == ["quantity"]


def test_dangling_unused_and_duplicate_references(cli, write):
    findings = _findings(cli, write, """
        Vitamin D helps the gut absorb calcium [1]. Supplements did not prevent fractures [3].
        Short sleep raises blood pressure (Gangwisch et al., 2006).

        ## References

        1. Holick MF. Vitamin D deficiency. N Engl J Med. 2007;357:266. doi:10.1056/NEJMra070553
        2. LeBoff MS, Chou SH. Vitamin D and fractures. N Engl J Med. 2022;387. PMID: 35939577
        4. Holick MF. Vitamin D deficiency (reprint). 2007. https://doi.org/10.1056/nejmra070553
        5. Sanders KM. Annual vitamin D and falls. JAMA. 2010.
        """)
    codes = [(f["code"], f["excerpt"][:10]) for f in findings if f["code"] != "HL101"]
    assert ("HL103", "[3]") in codes
    assert ("HL103", "(Gangwisch") in codes
    assert ("HL104", "2. LeBoff ") in codes
    assert ("HL105", "4. Holick ") in codes
    assert ("HL106", "5. Sanders") in codes
    dup = next(f for f in findings if f["code"] == "HL105")
    assert "[1]" in dup["message"] and "DOI" in dup["message"]


def test_unused_references_are_not_reported_without_in_text_citations(cli, write):
    findings = _findings(cli, write, """
        Plain text with no markers.

        ## Further reading

        - Holick MF. Vitamin D deficiency. N Engl J Med. 2007. doi:10.1056/NEJMra070553
        """)
    assert not [f for f in findings if f["code"] == "HL104"]


def test_duplicate_labels(cli, write):
    findings = _findings(cli, write, """
        Claim [1].

        [1]: unused

        References

        [^1]: Holick MF. Vitamin D deficiency. 2007. doi:10.1056/NEJMra070553
        [^1]: Sanders KM. Annual vitamin D. 2010. doi:10.1001/jama.2010.594
        """)
    assert any(f["code"] == "HL105" and "labelled [1]" in f["message"] for f in findings)


def test_rules_have_rationales_and_options(cli):
    result = cli("rule", "HL101")
    assert result.code == 0
    assert "scope" in result.out and "threshold" in result.out
    for code in ("HL101", "HL102", "HL103", "HL104", "HL105", "HL106"):
        out = cli("rule", code).out
        assert len(out) > 200, code


# ------------------------------------------------------------- claims command


ARTICLE = "Vitamin D helps the gut absorb calcium [1]. Magnesium may ease night cramps.\n" + REFS


def test_claims_text(cli, write):
    path = write("a.md", ARTICLE)
    result = cli("claims", str(path))
    assert result.code == 0
    assert "cites [1]" in result.out and "UNCITED" in result.out
    assert "2 claims in 1 file, 1 uncited." in result.out


def test_claims_json_contract(cli, write):
    path = write("a.md", ARTICLE)
    result = cli("claims", str(path), "--format", "json")
    document = json.loads(result.out)
    first, second = document["claims"]
    expected = {"path", "line", "column", "end_line", "end_column", "text", "excerpt", "type",
                "score", "cited", "citations", "attributes"}
    assert expected <= set(first)
    assert first["cited"] is True and second["cited"] is False
    assert first["citations"][0]["references"][0]["identifiers"][0]["normalized"] == \
        "10.1056/nejmra070553"
    assert second["attributes"]["hedged"] is True
    text = path.read_text()
    lines = text.splitlines(True)
    start = sum(len(x) for x in lines[:first["line"] - 1]) + first["column"] - 1
    assert text[start:start + len(first["excerpt"])] == first["excerpt"]


def test_claims_csv_and_uncited_only(cli, write):
    path = write("a.md", ARTICLE)
    result = cli("claims", str(path), "--format", "csv", "--uncited")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert [r["text"] for r in rows] == ["Magnesium may ease night cramps."]
    assert rows[0]["cited"] == "no" and rows[0]["hedged"] == "yes"


# ------------------------------------------------------------------ seeds


def _seed(prefix: str):
    from claims.read import read

    (path,) = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    return read(str(path))


def _uncited(article) -> list[str]:
    from checks.contract.registry import load
    from checks.engine.article import lint_article, plan_for
    from checks.settings.config import Settings

    settings = Settings(select=["HL101", "HL102"])
    plan = plan_for(settings, load(settings))
    return [f.excerpt for f in lint_article(article, plan).findings]


@needs_seeds
def test_seed_000_cited_sentences_are_not_flagged_and_unsourced_ones_are():
    article = _seed("000")
    flagged = _uncited(article)
    for sentence in article.sentences:
        if "[" in sentence.text and sentence.block.kind.is_prose:
            assert sentence.text not in flagged, sentence.text
    assert any(s.startswith("Furthermore, the risk of developing spasms") for s in flagged)
    assert any(s.startswith("Nerve Agents: In rare, severe cases") for s in flagged)
    assert any(s.startswith("Most simple muscle spasms resolve") for s in flagged)
    assert len(flagged) >= 10
    # The "seek medical help if you experience:" list: a condition of the advice is not a
    # claim; an item that says what the sign means is.
    assert not any(s.startswith("Cramps that are severe or interfere") for s in flagged)
    assert any(s.startswith("Muscle weakness (which could indicate") for s in flagged)


@needs_seeds
def test_seed_001_health_facts_are_flagged_and_instructions_are_not():
    article = _seed("001")
    flagged = _uncited(article)
    for fact in ("Electrolytes help the body retain", "Lidocaine is a topical numbing agent",
                 "Myoclonus is common in people with neurological disorders",
                 "Asthma medications, ADHD medications, pseudoephedrine"):
        assert any(s.startswith(fact) for s in flagged), fact
    for not_claim in ("What Causes Muscle Spasms?", "Relax in a chair",
                      "Reduce the amount of caffeine", "Make sure to wrap the bag",
                      "Do I Need to See a Doctor", "Take them off for an hour"):
        assert not any(s.startswith(not_claim) for s in flagged), not_claim


# ------------------------------------------------------------- dev-set gate


def test_dev_set_targets_hold():
    """Precision >= 0.90 and recall >= 0.85 for uncited-claim findings on the dev set."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from eval_claims import evaluate
    finally:
        sys.path.pop(0)
    result = evaluate()
    assert result.sentences >= 400 and result.articles >= 10
    assert result.uncited.precision >= 0.90, result.as_dict()
    assert result.uncited.recall >= 0.85, result.as_dict()
    assert result.claims.f1 >= 0.85, result.as_dict()
    # The threshold sweep, at the detector's own threshold, is the detector's verdicts.
    from claims.detect import DEFAULT_THRESHOLD

    (_, at_default), = result.sweep([DEFAULT_THRESHOLD])
    assert at_default.as_dict() == result.claims.as_dict()


def test_held_out_figures_do_not_regress():
    """The held-out set is never trained or tuned on; the learned model measured 0.95
    precision and 0.86 recall on it. A regression floor, not a target."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from eval_claims import evaluate
    finally:
        sys.path.pop(0)
    result = evaluate(str(ROOT / "tests" / "devset" / "claims_heldout"))
    assert result.articles >= 10
    assert result.uncited.precision >= 0.93, result.as_dict()
    assert result.uncited.recall >= 0.84, result.as_dict()


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "tests" / "devset" / "claims")
                                        .glob("*.labels.yaml")))
def test_dev_set_labels_are_well_formed(name):
    import yaml

    with open(ROOT / "tests" / "devset" / "claims" / name, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    assert (ROOT / "tests" / "devset" / "claims" / data["article"]).is_file()
    for item in data["sentences"]:
        assert set(item) <= {"claim", "cited", "note", "text"}
        assert isinstance(item["claim"], bool) and isinstance(item["cited"], bool)
        assert item["text"].strip()


def test_claims_show_the_cues_that_weighed_most(cli, write):
    path = write("a.md", ARTICLE)
    text = cli("claims", str(path)).out
    whys = [line for line in text.splitlines() if line.strip().startswith("why: ")]
    assert len(whys) == 2
    assert all("+" in line for line in whys)
    document = json.loads(cli("claims", str(path), "--format", "json").out)
    for claim in document["claims"]:
        weights = [cue["weight"] for cue in claim["cues"]]
        assert weights and all(w > 0 for w in weights)
        assert weights == sorted(weights, reverse=True)


def test_a_lead_in_claim_is_one_finding_cited_by_its_items(cli, write):
    body = """
        # Iron

        Low iron can lead to:

        - tiredness and lack of energy
        - shortness of breath
        - pale skin [1]
        """
    assert _findings(cli, write, body, "--ignore", "HL104", refs=True) == []
    uncited = _findings(cli, write, body.replace(" [1]", ""), "--ignore", "HL104", refs=True)
    assert [(f["code"], f["line"]) for f in uncited] == [("HL101", 4)]
    assert "list items" in uncited[0]["message"]


def test_quotes_option_turns_quoted_claims_off(cli, write):
    body = '# Exercise\n\n"Regular exercise lowers blood pressure in most adults," said Dr Marsh.\n'
    findings = _findings(cli, write, body)
    assert [f["code"] for f in findings] == ["HL101"]
    assert "quoted" in findings[0]["message"]
    assert _findings(cli, write, body, config="checks:\n  HL101:\n    quotes: false\n") == []
