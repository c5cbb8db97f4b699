"""HL4xx: the medical disclaimer by concept, the DSHEA statement, and disclosures."""

from __future__ import annotations

from typing import Any

import pytest

from checks.contract.registry import load
from checks.detectors.disclaimers import (
    StatementError,
    clause_hits,
    load_statements,
    wording_gaps,
)
from checks.engine.article import lint_article, plan_for
from checks.settings.config import Settings
from claims.read import read_text
from tests.conftest import SEEDS, needs_seeds

_REGISTRY = None


def lint(text: str, *, fmt: str = "markdown", select: str = "HL4", path: str = "a.md",
         **settings: Any):
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = load()
    s = Settings(select=select.split(","), today="2026-06-01", **settings)
    article = read_text(text, path=path, format=fmt)
    return lint_article(article, plan_for(s, _REGISTRY)).findings


def codes(findings) -> list[str]:
    return [f.code for f in findings]


FRONT = """---
title: Cramps
author: "Jane Doe, RN"
medical_reviewer: "Ali Khan, MD"
published: 2026-03-02
content_type: {type}
---

# Cramps

Stretch the calf gently when a cramp starts.

"""


def page(disclaimer: str = "", content_type: str = "article", body: str = "") -> str:
    return FRONT.format(type=content_type) + body + disclaimer


def medical() -> Any:
    return load_statements()["medical-disclaimer"]


# --- the statements data ---------------------------------------------------------------------


def test_builtin_wording_states_every_required_clause():
    for statement in load_statements().values():
        assert wording_gaps(statement) == [], statement.name


def test_publisher_wording_replaces_the_text_and_is_checked(tmp_path):
    ours = tmp_path / "ours.yaml"
    ours.write_text("medical-disclaimer:\n  heading: Medical note\n  text: >-\n"
                    "    Our articles are for general information only and do not replace the\n"
                    "    advice of your doctor. Talk to your doctor or healthcare provider about\n"
                    "    your care.\n")
    statement = load_statements(str(ours))["medical-disclaimer"]
    assert statement.heading == "Medical note" and statement.text.startswith("Our articles")
    assert [c.name for c in statement.clauses][:3] == ["informational", "not-substitute",
                                                       "consult"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("medical-disclaimer:\n  text: Read this for fun.\n")
    with pytest.raises(StatementError, match="does not state 'informational'"):
        load_statements(str(bad))
    typo = tmp_path / "typo.yaml"
    typo.write_text("medical-disclaimer:\n  txet: Read this.\n")
    with pytest.raises(StatementError, match="unknown key 'txet'"):
        load_statements(str(typo))


# --- matching by concept ---------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    # the canonical pattern, broken across lines and with odd punctuation and case
    "THIS ARTICLE IS FOR INFORMATIONAL PURPOSES ONLY; it is not a substitute for\n"
    "professional medical advice — diagnosis, or treatment. Always seek the advice of your "
    "physician or other qualified health provider.",
    # paraphrased
    "Content on this site is provided for general information and should not be used as a "
    "substitute for professional medical advice. Please consult your doctor or other "
    "qualified healthcare professional before making changes.",
    # typos
    "This page is for informational purposes onyl and is not a substitue for professional "
    "medical advice. Allways seek the advice of your physician or other qualified health "
    "provider.",
    # the wording of a real scraped footer
    "It is important to note that this information serves as a general overview of the topic "
    "and is for informational purposes only. This page does not establish a doctor-patient "
    "relationship, nor does it replace the advice or consultation of a registered medical "
    "practitioner. We recommend seeking guidance from your registered medical practitioner.",
])
def test_disclaimer_clauses_are_found_in_paraphrase(text):
    assert set(clause_hits(medical(), text)) >= {"informational", "not-substitute", "consult"}


@pytest.mark.parametrize("text", [
    "The study was performed for research purposes only.",
    "This diet is a substitute for professional sports training.",
    "Ice is not a substitute for rest.",
    "Ask the pharmacist which form suits you.",
])
def test_unrelated_sentences_state_no_disclaimer_clause(text):
    hits = clause_hits(medical(), text)
    assert not {"informational", "not-substitute"} & set(hits), hits


def test_hit_spans_cover_whole_words():
    text = "Note: this is not meant to replace professional medical advice, ever."
    hit = clause_hits(medical(), text)["not-substitute"]
    found = text[hit.start:hit.end]
    assert "not meant to replace professional medical advice" in found
    assert found.endswith("advice") and text[hit.start - 1] == " "


# --- HL401 / HL402 / HL403 -------------------------------------------------------------------

FULL = """## Disclaimer

This article is for informational purposes only and is not a substitute for professional
medical advice, diagnosis or treatment. Always seek the advice of your physician or other
qualified health provider with any questions about a medical condition.
"""


def test_article_with_a_disclaimer_passes():
    assert lint(page(FULL)) == []


def test_missing_disclaimer_is_an_error_with_a_safe_fix():
    findings = lint(page())
    assert codes(findings) == ["HL401"]
    assert findings[0].severity.value == "error" and findings[0].line == 1
    assert findings[0].fix is not None and findings[0].fix.applicability == "safe"


def test_advice_in_the_body_is_not_a_disclaimer():
    body = "If cramps persist, consult your doctor or other qualified health care professional.\n"
    assert codes(lint(page(body=body))) == ["HL401"]


def test_partial_disclaimer_names_the_missing_clause():
    partial = "## Disclaimer\n\nThis article is for informational purposes only.\n"
    findings = lint(page(partial))
    assert codes(findings) == ["HL402"]
    message = findings[0].message
    # "for information only" and "not a substitute" state one requirement in two ways: only
    # the clause that is really absent is named.
    assert "not a substitute" not in message
    assert "consult a qualified health provider" in message
    assert findings[0].excerpt == "This article is for informational purposes only"
    assert set(findings[0].data["missing"]) == {"consult"}


def test_clauses_in_neighbouring_paragraphs_of_one_section_complete_each_other():
    split = ("## Disclaimer\n\nThis article is for informational purposes only.\n\n"
             "It is not a substitute for professional medical advice. Consult your doctor or "
             "other qualified health care professional.\n")
    assert lint(page(split)) == []


def test_emergency_clause_when_the_policy_asks_for_it():
    assert codes(lint(page(FULL), policy={"emergency-clause": True})) == ["HL402"]
    with_emergency = FULL + ("If you think you may have a medical emergency, call your doctor "
                             "or 911 immediately.\n")
    assert lint(page(with_emergency), policy={"emergency-clause": True}) == []


def test_disclaimer_in_front_matter_counts():
    text = page().replace("content_type: article", "content_type: article\ndisclaimer: >-\n"
                          "  For informational purposes only; not a substitute for professional"
                          "\n  medical advice. Consult a qualified healthcare provider.")
    assert lint(text) == []


def test_policy_can_turn_the_disclaimer_off_by_path():
    policy = {"paths": {"legal/*": {"require": {"medical-disclaimer": False}}}}
    assert lint(page(), path="legal/terms.md", policy=policy) == []


def test_placement_rule():
    body = "".join(f"Paragraph {i} about cramps.\n\n" for i in range(6))
    bottom = page(FULL, body=body)
    top = FRONT.format(type="article") + FULL + "\n## Managing cramps\n\n" + body
    assert lint(bottom, policy={"disclaimer-placement": "bottom"}) == []
    assert codes(lint(top, policy={"disclaimer-placement": "bottom"})) == ["HL403"]
    assert lint(top, policy={"disclaimer-placement": "top"}) == []
    assert codes(lint(bottom, policy={"disclaimer-placement": "top"})) == ["HL403"]
    assert lint(top) == []  # anywhere by default


# --- HL404 DSHEA -----------------------------------------------------------------------------

SUPPLEMENT_BODY = "Our magnesium glycinate capsules support healthy muscle function.\n\n"
DSHEA_TEXT = ("*These statements have not been evaluated by the Food and Drug Administration. "
              "This product is not intended to diagnose, treat, cure, or prevent any disease.\n")


def test_supplement_claim_without_dshea_statement():
    findings = lint(page(FULL, "supplement", SUPPLEMENT_BODY), select="HL404")
    assert codes(findings) == ["HL404"]
    assert findings[0].excerpt.startswith("Our magnesium glycinate capsules support")
    assert "21 CFR 101.93(c)" in findings[0].message


def test_dshea_statement_present_or_not_a_supplement_page():
    assert lint(page(FULL + "\n" + DSHEA_TEXT, "supplement", SUPPLEMENT_BODY),
                select="HL404") == []
    assert lint(page(FULL, "article", SUPPLEMENT_BODY), select="HL404") == []
    assert lint(page(FULL, "supplement"), select="HL404") == []  # no structure/function claim


def test_partial_dshea_statement():
    half = "These statements have not been evaluated by the FDA.\n"
    findings = lint(page(FULL + "\n" + half, "supplement", SUPPLEMENT_BODY), select="HL404")
    assert codes(findings) == ["HL404"]
    assert "not intended to diagnose, treat, cure, or prevent any disease" in findings[0].message


# --- the seeds -------------------------------------------------------------------------------


@needs_seeds
def test_well_cited_seed_has_its_disclaimer():
    path = next(SEEDS.glob("000_*.txt"))
    findings = lint(path.read_text(encoding="utf-8"), fmt="text", path=str(path))
    assert not {"HL401", "HL402", "HL403"} & set(codes(findings))


@needs_seeds
def test_product_seed_has_no_disclaimer_and_no_disclosure():
    path = next(SEEDS.glob("001_*.txt"))
    findings = lint(path.read_text(encoding="utf-8"), fmt="text", path=str(path))
    assert "HL401" in codes(findings)
    assert [f.fix for f in findings if f.code == "HL401"] == [None]  # text is never fixed
    disclosure = [f for f in findings if f.code == "HL405"]
    assert len(disclosure) == 1
    assert "Hempvana" in disclosure[0].excerpt


# --- HL405 / HL406 disclosure ----------------------------------------------------------------

AFFILIATE = "We keep a tub of [Acme Magnesium Gummies](https://amzn.to/3xYzAbc) in the kitchen.\n\n"
DISCLOSURE = "Disclosure: we may earn a commission when you buy through links on this page.\n\n"


def test_affiliate_link_without_disclosure():
    findings = lint(page(FULL, body=AFFILIATE), select="HL405")
    assert codes(findings) == ["HL405"]
    assert findings[0].excerpt == "https://amzn.to/3xYzAbc"
    assert "affiliate link" in findings[0].message


def test_disclosure_before_the_first_link_passes_and_after_it_is_late():
    assert lint(page(FULL, body=DISCLOSURE + AFFILIATE), select="HL405,HL406") == []
    late = lint(page(FULL, body=AFFILIATE + DISCLOSURE), select="HL405,HL406")
    assert codes(late) == ["HL406"]
    assert late[0].excerpt == "https://amzn.to/3xYzAbc" and "line 15" in late[0].message


def test_front_matter_disclosure_counts():
    text = page(FULL, body=AFFILIATE).replace(
        "content_type: article", "content_type: article\ndisclosure: We earn commissions.")
    assert lint(text, select="HL405,HL406") == []


def test_sponsored_label_and_paraphrased_affiliate_wording():
    for label in ("Sponsored by Acme Foods.\n\n",
                  "As an Amazon Associate I earn from qualifying purchases.\n\n",
                  "This post contains affiliate links.\n\n"):
        assert lint(page(FULL, body=label + AFFILIATE), select="HL405,HL406") == [], label


def test_the_word_disclosure_inside_prose_is_not_a_disclosure():
    prose = "Disclosure of a diagnosis to family members is a personal choice.\n\n"
    findings = lint(page(FULL, body=AFFILIATE + prose), select="HL405,HL406")
    assert codes(findings) == ["HL405"]


def test_publishers_own_product_needs_a_disclosure():
    body = "Acme Cramp Cream is one option among several creams sold in pharmacies.\n\n"
    assert lint(page(FULL, body=body), select="HL405") == []  # someone else's product
    findings = lint(page(FULL, body=body), select="HL405", publisher="Acme")
    assert codes(findings) == ["HL405"] and "own product" in findings[0].message
    assert lint(page(FULL, body="This page mentions products that we sell.\n\n" + body),
                select="HL405", publisher="Acme") == []


def test_no_promotion_needs_no_disclosure():
    assert lint(page(FULL), select="HL405,HL406") == []


def test_product_pages_need_dshea_only_for_supplements():
    cream = "Our cooling cream supports healthy skin after exercise.\n\n"
    assert lint(page(FULL, "product", cream), select="HL404") == []
    gummies = "Our magnesium gummies support healthy muscle function.\n\n"
    assert codes(lint(page(FULL, "product", gummies), select="HL404")) == ["HL404"]


def test_broken_publisher_wording_is_a_configuration_error(write, cli):
    write("healthlint.yaml", "policy:\n  disclaimers: ours.yaml\n")
    write("ours.yaml", "medical-disclaimer:\n  text: Read this for fun.\n")
    path = write("a.md", page(FULL))
    result = cli("check", str(path))
    assert result.code == 2 and result.out == ""
    assert "policy.disclaimers" in result.err and "does not state 'informational'" in result.err


def test_publisher_wording_is_what_fix_appends(write, cli):
    write("healthlint.yaml", "policy:\n  disclaimers: ours.yaml\n")
    write("ours.yaml", "medical-disclaimer:\n  heading: Medical note\n  text: >-\n"
                       "    Our articles are for general information only and do not replace\n"
                       "    the advice of your doctor. Talk to your doctor or healthcare\n"
                       "    provider about your care.\n")
    path = write("a.md", page())
    assert cli("check", str(path), "--select", "HL4", "--fix").code == 0
    text = path.read_text(encoding="utf-8")
    assert text.endswith("## Medical note\n\nOur articles are for general information only and "
                         "do not replace the advice of your doctor. Talk to your doctor or "
                         "healthcare provider about your care.\n")


# --- clauses by meaning ----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "clauses"), [
    ("This page does not replace advice from your own doctor. Speak to a doctor, pharmacist or "
     "dietitian before you change your diet.", {"not-substitute", "consult"}),
    ("Our articles are general in nature and not intended as medical advice. Talk to your "
     "doctor before using any product we mention.", {"informational", "not-substitute",
                                                     "consult"}),
    ("Nothing on this page is a diagnosis or a prescription. Ask your GP about your symptoms.",
     {"not-substitute", "consult"}),
    ("We are not doctors. If you are worried, contact your care team, and call 999 in an "
     "emergency.", {"not-substitute", "consult", "emergency"}),
])
def test_disclaimer_clauses_in_ordinary_words(text, clauses):
    assert set(clause_hits(medical(), text)) - {"referral"} == clauses


def test_general_advice_to_consult_is_a_partial_disclaimer_but_a_condition_is_not():
    general = "Always check with your doctor before taking a supplement, especially if you " \
              "take other medicines."
    assert "referral" in clause_hits(medical(), general)
    for advice in ("If you are pregnant, ask your pharmacist before taking it.",
                   "Talk to a pharmacist before starting magnesium if you have kidney disease.",
                   "If cramps persist, consult your doctor."):
        assert "referral" not in clause_hits(medical(), advice), advice
    findings = lint(page(body=general + "\n\n"))
    assert codes(findings) == ["HL402"]
    assert set(findings[0].data["missing"]) == {"informational", "not-substitute"}


@pytest.mark.parametrize("text", [
    "This product is not intended to diagnose, treat, cure or prevent any disease.",
    "Compression socks are not a replacement for the blood thinners your doctor prescribed.",
    "Do not stop taking your tablets without medical advice.",
    "For general information on vaccines, visit the health department's website.",
    "Results may vary from person to person.",
    "We use cookies to improve your experience on our site.",
])
def test_look_alikes_state_no_disclaimer_anchor(text):
    assert not {"informational", "not-substitute"} & set(clause_hits(medical(), text))


def test_a_plain_words_disclaimer_passes_and_only_an_absent_clause_is_named():
    plain = ("## Disclaimer\n\nNothing on this page is a diagnosis or a prescription. Talk to "
             "your doctor before using any of these remedies.\n")
    assert lint(page(plain)) == []
    findings = lint(page("## Disclaimer\n\nThis is not medical advice.\n"))
    assert codes(findings) == ["HL402"] and findings[0].data["missing"] == ["consult"]


def test_a_pattern_naming_an_unknown_concept_is_a_configuration_error(tmp_path):
    ours = tmp_path / "ours.yaml"
    ours.write_text("medical-disclaimer:\n  clauses:\n    consult:\n      patterns:\n"
                    "        - \"<asks> ..3 <clinician>\"\n")
    with pytest.raises(StatementError, match="unknown concept <asks>"):
        load_statements(str(ours))


def test_devset_heldout_figures_stay_above_the_floor():
    import importlib.util

    from tests.conftest import ROOT

    spec = importlib.util.spec_from_file_location("eval_disclaimers",
                                                  ROOT / "scripts" / "eval_disclaimers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    report = module.score_entries(module.DEVSET / "heldout.yaml")
    assert report["verdict"] >= 0.9
    assert all(p >= 0.95 for p in report["precision"].values()), report["precision"]


def test_advice_about_a_condition_beside_a_disclaimer_does_not_complete_it():
    body = ("If you have a heart condition or joint problems, check with your doctor first.\n\n"
            "This post is for information only and is not medical advice.\n")
    findings = lint(page(body=body))
    assert codes(findings) == ["HL402"] and findings[0].data["missing"] == ["consult"]
    general = body.replace("If you have a heart condition or joint problems, check",
                           "Please check")
    assert lint(page(body=general)) == []


@pytest.mark.parametrize("text", [
    "The information here is not meant to diagnose or treat any condition.",
    "These pages aren't intended to diagnose, treat or cure any condition. Discuss your "
    "options with your doctor.",
    "The advice in this article is general and should not be used instead of a consultation "
    "with your GP, who can examine you.",
])
def test_a_disclaimer_in_ordinary_words_is_not_linted_as_a_claim(text):
    from claims.model import BlockKind

    article = read_text(f"# Cramps\n\nStretch gently [1].\n\n{text}\n\n## References\n\n"
                        "1. Doe J. Cramps. 2020.\n", path="a.md")
    assert any(b.kind == BlockKind.DISCLAIMER and b.text.startswith(text[:20])
               for b in article.blocks)
    assert not [f for f in lint(f"# Cramps\n\n{text}\n", select="HL101") if f.code == "HL101"]
