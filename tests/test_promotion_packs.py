"""Rule packs: loading, validation, user packs, and the four Vale-style rule types."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.detectors.promotion.packs import PackError, builtin_packs, configured_rules, parse_pack
from tests.promotion_helpers import by_code, run

MINIMAL = """
pack: acme
rules:
  - code: AC101
    name: acme-wonder
    extends: existence
    message: "“%s” is banned by the Acme style guide"
    source: Acme editorial policy
    tokens: ['wonder ?berry']
"""


def test_every_builtin_rule_names_its_source_and_says_why():
    rules = [r for p in builtin_packs() for r in p.rules]
    assert len(rules) >= 12
    for rule in rules:
        assert rule.code.startswith("HL3"), rule.code
        assert rule.source.strip(), rule.code
        # The message is more than the phrase: it says why the phrase matters.
        assert len(rule.message.replace("%s", "")) > 40, rule.code
    assert {r.extends for r in rules} == {"existence", "substitution", "occurrence",
                                          "conditional"}


@pytest.mark.parametrize(("text", "needle"), [
    (MINIMAL.replace("    tokens:", "    tokenz:"), "unknown key 'tokenz'; did you mean 'tokens'"),
    (MINIMAL.replace("    source: Acme editorial policy\n", ""), "missing required key 'source'"),
    (MINIMAL.replace("AC101", "ac-101"), "is not a code like HL310"),
    (MINIMAL.replace("acme-wonder", "Acme Wonder"), "is not kebab-case"),
    (MINIMAL.replace("existence", "existance"), "expected one of existence"),
    (MINIMAL.replace("['wonder ?berry']", "['wonder (berry']"), "invalid regular expression"),
    (MINIMAL.replace("['wonder ?berry']", "wonder"), "expected a list of strings"),
    (MINIMAL + "    level: loud\n", "expected error, warning, info"),
    (MINIMAL.replace("extends: existence", "extends: occurrence"), "needs 'max' or 'density'"),
    ("pack: x\nrules: []\n", "'rules' must be a non-empty list"),
    ("rules: [\n", "invalid YAML at line"),
])
def test_malformed_packs_are_rejected_with_file_rule_and_key(text, needle):
    with pytest.raises(PackError) as err:
        parse_pack(text, "packs/acme.yaml")
    assert needle in str(err.value)
    assert str(err.value).startswith("packs/acme.yaml")


def test_duplicate_code_in_one_pack_is_rejected():
    twice = MINIMAL + MINIMAL.split("rules:\n", 1)[1].replace("acme-wonder", "acme-other")
    with pytest.raises(PackError, match="AC101 is already used by rule 1"):
        parse_pack(twice, "acme.yaml")


def test_user_pack_adds_rules_and_overrides_builtin_by_code(tmp_path: Path):
    override = """
pack: house
rules:
  - code: HL333
    name: superfood-claim
    extends: existence
    level: error
    message: "“%s”: our house style bans this word"
    source: House style guide, section 4
    tokens: ['super-?foods?']
"""
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "acme.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "packs" / "house.yml").write_text(override, encoding="utf-8")
    rules = {r.code: r for r in configured_rules(["packs"], str(tmp_path))}
    assert rules["AC101"].pack == "acme"
    assert rules["HL333"].source == "House style guide, section 4"
    assert rules["HL333"].level.value == "error"
    assert "HL310" in rules  # the rest of the built-ins stay


def test_user_pack_cannot_take_a_python_check_code(tmp_path: Path):
    (tmp_path / "bad.yaml").write_text(MINIMAL.replace("AC101", "HL301"), encoding="utf-8")
    with pytest.raises(PackError, match="HL301 belongs to a built-in check"):
        configured_rules(["bad.yaml"], str(tmp_path), frozenset({"HL301"}))


def test_missing_pack_path_is_an_error(tmp_path: Path):
    with pytest.raises(PackError, match="rule pack not found"):
        configured_rules(["nowhere.yaml"], str(tmp_path))


def test_rule_command_lists_user_pack_rules_and_runs_them(tmp_path, write, cli):
    write("packs/acme.yaml", MINIMAL)
    write("healthlint.yaml", "rule-packs: [packs/acme.yaml]\n")
    listed = cli("rule", cwd=tmp_path)
    assert "AC101  acme-wonder" in listed.out
    shown = cli("rule", "AC101", cwd=tmp_path)
    assert "Acme editorial policy" in shown.out and "rule pack acme" in shown.out
    article = write("a.md", "# Berries\n\nA wonderberry a day keeps colds away.\n")
    result = cli("check", str(article), "--select", "AC", "--format", "concise", cwd=tmp_path)
    assert "a.md:3:3: AC101" in result.out


def test_broken_user_pack_is_a_configuration_error(tmp_path, write, cli):
    write("packs/acme.yaml", MINIMAL.replace("existence", "existance"))
    write("healthlint.yaml", "rule-packs: [packs/acme.yaml]\n")
    result = cli("rule", cwd=tmp_path)
    assert result.code == 2
    assert "rule-packs" in result.err and "existance" in result.err


def test_existence_rule_reports_the_exact_span():
    text = "# Turmeric\n\nThis **miracle cure** is sold online.\n"
    found = by_code(run(text), "HL310")
    assert [(f.line, f.column, f.excerpt) for f in found] == [(3, 8, "miracle cure")]
    assert found[0].data["source"].startswith("FDA")


def test_substitution_rule_offers_the_authorised_wording_as_an_unsafe_fix():
    text = "# Zinc\n\nZinc boosts your immune system, the label says nothing else.\n"
    [finding] = by_code(run(text), "HL332")
    assert finding.excerpt == "boosts your immune system"
    assert "contributes to the normal function of the immune system" in finding.message
    assert finding.fix is not None and finding.fix.applicability == "unsafe"
    assert finding.fix.edits[0].text == "contributes to the normal function of the immune system"


def test_conditional_rule_is_satisfied_by_a_citation_in_the_sentence():
    uncited = "# Cream\n\nThis cream is clinically proven to fade scars.\n"
    cited = ("# Cream\n\nThis cream is clinically proven to fade scars [1].\n\n## References\n\n"
             "1. Smith J. Scar trial. J Derm. 2020;1:1-2. doi:10.1000/xyz123\n")
    assert [f.excerpt for f in by_code(run(uncited), "HL317")] == ["clinically proven"]
    assert by_code(run(cited), "HL317") == []


def test_occurrence_rule_needs_more_than_max_and_the_density():
    dense = ("# Wow\n\nThis amazing, incredible, unbelievable formula is the ultimate answer for "
             "everyone who wants to feel better every day.\n")
    sparse = ("# Calm\n\nAn amazing number of people sleep badly, and the reasons vary from "
              "stress and shift work to noise, light, caffeine, alcohol and chronic pain that "
              "keeps them awake at night for weeks.\n")
    [finding] = by_code(run(dense), "HL321")
    assert finding.severity.value == "info"
    assert finding.excerpt.startswith("amazing") and finding.excerpt.endswith("ultimate")
    assert "4 superlatives" in finding.message
    assert by_code(run(sparse), "HL321") == []


def test_content_type_limited_rules_only_run_on_matching_pages(tmp_path: Path):
    pack = MINIMAL.replace("    tokens:", "    content-types: [supplement]\n    tokens:")
    (tmp_path / "p.yaml").write_text(pack, encoding="utf-8")
    body = "# Berries\n\nA wonderberry a day keeps colds away.\n"
    on_page = "---\ntype: supplement\n---\n" + body
    kwargs = {"rule_packs": ["p.yaml"], "root": str(tmp_path)}
    assert by_code(run(body, "AC", **kwargs), "AC101") == []
    assert len(by_code(run(on_page, "AC", **kwargs), "AC101")) == 1


def test_compiled_json_matches_the_yaml_packs():
    import json

    from checks.detectors.promotion import packs

    data = json.loads(packs.COMPILED.read_text(encoding="utf-8"))
    assert data["fingerprint"] == packs.fingerprint(), (
        "checks/detectors/rulepacks/compiled.json is stale: "
        "run python -m checks.detectors.promotion.packs")
    from_yaml = [r for f in packs.pack_files(packs.BUILTIN_DIR) for r in packs.load_pack(f).rules]
    from_json = [packs._rule_from_json(r) for p in data["packs"] for r in p["rules"]]
    assert from_json == from_yaml


def test_prefilter_never_hides_a_match():
    """Skipping patterns whose required words are absent must not change what matches."""
    from checks.detectors.promotion.document import build
    from checks.detectors.promotion.matcher import compile_rule
    from claims.read import read

    root = Path(__file__).resolve().parent / "devset"
    articles = sorted(root.glob("promotion*/*.md")) + sorted(root.glob("promotion*/*.txt"))
    assert len(articles) > 20
    rules = [r for p in builtin_packs() for r in p.rules]

    def spans(compiled, text):
        patterns = [compiled.tokens, compiled.first, *(p for p, _ in compiled.swaps)]
        return sorted(m.span() for p in patterns if p is not None for m in p.finditer(text))

    for path in articles:
        doc = build(read(str(path)))
        for rule in rules:
            full, filtered = compile_rule(rule), compile_rule(rule, doc.lower)
            for unit in doc.units:
                assert spans(full, unit.norm) == spans(filtered, unit.norm), (
                    path.name, rule.code, unit.text)


@pytest.mark.parametrize(("sentence", "code", "phrase"), [
    ("It reverses thinning at the crown in as little as 4 weeks.", "HL312",
     "in as little as 4 weeks"),
    ("You will see new growth within 2 weeks.", "HL312", "see new growth within 2 weeks"),
    ("It is made from natural plant extracts, so it is gentle on skin.", "HL314",
     "natural plant extracts, so it is gentle"),
    ("The cream vein clinics would rather you didn't know about.", "HL315",
     "vein clinics would rather you didn't know"),
    ("Recommended by trichologists.", "HL330", "Recommended by trichologists"),
    ("Many dermatologists now recommend it.", "HL330", "dermatologists now recommend it"),
])
def test_marketing_phrasings_of_the_red_flags(sentence, code, phrase):
    found = by_code(run(f"# Page\n\n{sentence}\n"), code)
    assert [f.excerpt for f in found] == [phrase]


@pytest.mark.parametrize("sentence", [
    "Most people feel better within 2 weeks of starting treatment [1].",
    "Natural light in the morning helps you fall asleep at night.",
    "Dermatologists recommend a broad-spectrum sunscreen of SPF 30 or more.",
])
def test_plain_health_writing_does_not_trip_them(sentence):
    found = run(f"# Page\n\n{sentence}\n")
    assert not [f for f in found if f.code in {"HL312", "HL314", "HL315", "HL330"}]


@pytest.mark.parametrize(("sentence", "code", "phrase"), [
    ("It works for every type of tinnitus.", "HL311", "works for every type of"),
    ("He is so sure that he guarantees results.", "HL316", "guarantees results"),
    ("The remedy the industry doesn't want you to know about.", "HL315",
     "doesn't want you to know"),
    ("Most users fall asleep within minutes.", "HL312", "fall asleep within minutes"),
    ("Our immunity boosting syrup is made with raw honey.", "HL332", "immunity boosting"),
])
def test_more_marketing_phrasings(sentence, code, phrase):
    assert [f.excerpt for f in by_code(run(f"# Page\n\n{sentence}\n"), code)] == [phrase]


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("Clinical studies have proven that these herbs calm the nerves.",
     "Clinical studies have proven"),
    ("Research has confirmed its benefits for joints.", "Research has confirmed"),
    ("Clinical studies have shown that turmeric eases sore knees.",
     "Clinical studies have shown"),
    ("A science-backed blend for calmer digestion.", "science-backed"),
])
def test_uncited_proof_in_the_plural_is_an_establishment_claim(sentence, phrase):
    assert [f.excerpt for f in by_code(run(f"# Page\n\n{sentence}\n"), "HL317")] == [phrase]


def test_cited_proof_is_left_alone():
    found = by_code(run("# Page\n\nStudies have confirmed the effect on blood pressure "
                        "(Smith et al., 2019).\n"), "HL317")
    assert found == []


BRAND_NAMED_BREAKTHROUGH = """# Best magnesium supplements

Some readers like Sunward Magnesium Breakthrough, and others like Ease Magnesium Spray.
Sunward Magnesium Breakthrough comes as capsules. This is a breakthrough for sleep.
"""


def test_a_sensational_word_inside_a_product_name_only_names_it():
    found = by_code(run(BRAND_NAMED_BREAKTHROUGH), "HL320")
    assert [f.excerpt for f in found] == ["breakthrough"]


def test_healing_powers_and_secret_weapons_are_sensational():
    found = by_code(run("# Page\n\nDiscover the healing powers of this root, your secret "
                        "weapon against stiffness.\n"), "HL320")
    assert [f.excerpt for f in found] == ["healing powers", "secret weapon"]


def test_hyphenated_proof_and_improved_immunity_are_red_flags() -> None:
    from tests.promotion_helpers import by_code, run

    text = ("# Gut health\n\nOur scientifically-proven formula helps improve your immune "
            "system and boost immune health.\n")
    found = run(text, ["HL317", "HL332"])
    assert [f.excerpt for f in by_code(found, "HL317")] == ["scientifically-proven"]
    assert [f.excerpt for f in by_code(found, "HL332")] == ["improve your immune system",
                                                            "boost immune health"]
