"""HL307 native ad: the learned sentence model, the check, and its measured figures."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from checks.contract.registry import load
from checks.detectors.promotion import native
from checks.settings.config import Settings
from tests.promotion_helpers import by_code, run

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "datasets" / "native-ads" / "validation.jsonl"

ARTICLE = """# Looking after your back at a desk

Sitting for long stretches is linked with back and neck pain. Set the screen at eye level
and keep your feet flat on the floor.

For long working days, a chair such as the Posturex Flow 2, thoughtfully engineered to
support the natural curve of your spine, offers unmatched comfort that office workers love.

Stand up and move around every half an hour. See a physiotherapist if the pain lasts more
than six weeks.
"""


def test_the_model_file_is_small_and_says_how_it_was_learned() -> None:
    data = json.loads(native.MODEL_PATH.read_text(encoding="utf-8"))
    assert len(data["weights"]) < 5000
    assert data["cross_validation"]["folds"] == 5
    assert 0.0 < data["threshold"] < 1.0


def test_features_fold_names_so_unseen_brands_read_alike() -> None:
    one = native.features("Many runners trust Zorvex for its cushioning.")
    other = native.features("Many runners trust Quillabee for its cushioning.")
    assert one == other
    assert "b:trust_<B>" in one


def test_brand_praise_scores_above_plain_information() -> None:
    model = native.model()
    ad = ("For long working days, a chair such as the Posturex Flow 2, thoughtfully engineered "
          "to support the natural curve of your spine, offers unmatched comfort.")
    plain = "The NHS advises adults to do at least 150 minutes of moderate activity a week."
    assert model.score(ad) >= model.threshold > model.score(plain)


def test_hl307_reports_the_woven_in_sentence_only() -> None:
    found = by_code(run(ARTICLE, "HL307"), "HL307")
    assert len(found) == 1
    assert "Posturex" in ARTICLE[found[0].start:found[0].end]
    assert "Stand up" not in ARTICLE[found[0].start:found[0].end]
    assert "“Posturex Flow 2”" in found[0].message


def test_hl307_is_preview_and_its_threshold_an_option() -> None:
    check = load(Settings(select=["HL307"], preview=True)).get("HL307")
    assert check is not None and check.preview
    assert run(ARTICLE, "HL307", checks={"HL307": {"threshold": 0.999}}) == []


def test_hl307_leaves_a_quotation_and_a_cited_sentence_alone() -> None:
    quoted = "> A chair such as the Posturex Flow 2 offers unmatched comfort that workers love.\n"
    assert by_code(run(quoted, "HL307"), "HL307") == []


def test_hl307_reads_a_public_scheme_as_no_brand() -> None:
    scheme = ("If you are on a low income but do not qualify, you may be able to get help "
              "through the NHS Low Income Scheme by filling in an HC1 form.\n")
    assert native.names_no_brand(native.names_in(scheme))
    assert by_code(run(scheme, "HL307"), "HL307") == []
    assert not native.names_no_brand(["TD Canada Trust"])
    assert not native.names_no_brand(["Posturex Flow 2", "NHS"])


def test_hl307_reads_an_evidence_body_and_a_spelled_out_abbreviation_as_no_brand() -> None:
    page = ("Hyperbaric oxygen therapy (HBOT) is offered by private clinics.\n\n"
            "A Cochrane review found that HBOT may help some ulcers heal in the short term.\n")
    assert native.names_no_brand(["Cochrane", "HBOT"], page)
    assert not native.names_no_brand(["Cochrane", "HBOT"], page.replace("(HBOT)", ""))
    assert not native.names_no_brand(["Oxyvita", "HBOT"], page)


@pytest.mark.skipif(not DATA.is_file(), reason="native-ads data not present")
def test_native_ads_report_split_meets_the_health_and_workout_target() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from eval_native_ads import figures, predict
    from native_ads_data import HEALTH_TOPICS
    from native_ads_data import load as load_answers

    answers = [a for a in load_answers(DATA, "report") if a.topic in HEALTH_TOPICS]
    result = figures(answers, predict(answers))
    assert result["f1"] >= 0.70
    assert result["precision"] >= 0.80


def test_an_unreadable_weight_file_is_a_plain_error(tmp_path: Path) -> None:
    broken = tmp_path / "native_ads.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(native.ModelError, match="cannot read its learned weights"):
        native.model(str(broken))
    with pytest.raises(native.ModelError, match="relearn"):
        native.model(str(tmp_path / "missing.json"))
