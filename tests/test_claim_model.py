"""The learned claim model: the shipped file, its runtime scorer and the scripts around it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from claims import claim_model
from claims.claim_model import ClaimModel, ModelError, feature_values, stem, text_features

ROOT = Path(__file__).resolve().parent.parent


def _scripts():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import eval_claims
    finally:
        sys.path.pop(0)
    return eval_claims


def test_the_shipped_model_loads_and_records_how_it_was_trained():
    model = claim_model.load()
    assert model.buckets & (model.buckets - 1) == 0 and model.weights
    with open(claim_model.MODEL_PATH, encoding="utf-8") as handle:
        meta = json.load(handle)["meta"]
    assert meta["rows"] >= 1000 and 0.0 < meta["threshold"] < 1.0
    assert meta["cv_precision"] >= 0.9


def test_scoring_is_the_logistic_of_bias_plus_weighted_features():
    features = ["cue:evidence", "w:lowers", "b:<s> exercise"]
    buckets = 1 << 10
    values = feature_values(features, buckets, 2.0)
    model = ClaimModel(-1.0, buckets, 2.0, dict.fromkeys(values, 0.5))
    # The cue counts 1; the two n-grams share 2.0 / sqrt(2).
    expected = -1.0 + 0.5 * (1.0 + 2 * (2.0 / 2 ** 0.5))
    assert model.logit(features) == pytest.approx(expected)
    assert model.logit(features + features) == pytest.approx(expected)  # presence, not count
    # The detector's fast path (features already split) scores the same.
    assert model.logit_of(features[:1], features[1:] * 2) == pytest.approx(expected)
    assert model.contributions(features)[0][0] in {"w:lowers", "b:<s> exercise"}


def test_text_features_fold_digits_and_keep_word_edges():
    features = text_features(["41", "%", "of", "adults", "take", "statins"])
    assert "w:00" in features and "b:<s> 00" in features and "b:00 %" in features
    assert "p:adul" in features and "s:ins" in features and "p:of" not in features
    assert "w:adult" in features and "b:take statin" in features and "b:statin </s>" in features


def test_inflections_share_a_word_feature():
    assert {stem(w) for w in ("prevents", "prevented", "preventing", "prevent")} == {"prevent"}
    assert stem("studies") == "study" and stem("boxes") == "box"
    assert [stem(w) for w in ("stress", "virus", "uses", "is", "0.5")] == \
        ["stress", "virus", "uses", "is", "0.5"]


def test_a_malformed_model_file_is_a_clear_error(tmp_path):
    path = tmp_path / "model.json"
    path.write_text('{"format": "something else"}')
    with pytest.raises(ModelError, match="not a version-1 claim model"):
        claim_model.load(str(path))
    with pytest.raises(ModelError, match="cannot read"):
        claim_model.load(str(tmp_path / "missing.json"))


def test_linting_never_imports_the_training_library():
    code = ("import sys; from claims.read import read_text; "
            "read_text('Smoking causes lung cancer.\\n'); "
            "print(sorted(m for m in ('sklearn', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    assert out.strip() == "[]"


def test_eval_measures_a_labelled_folder_outside_the_repository(tmp_path):
    eval_claims = _scripts()
    (tmp_path / "page.md").write_text(
        "# Sleep\n\nShort sleep raises blood pressure in adults.\n\n"
        "Subscribe to our newsletter for more tips.\n")
    (tmp_path / "page.labels.yaml").write_text(
        "article: page.md\nsentences:\n"
        "- {claim: false, cited: false, text: Sleep}\n"
        "- {claim: true, cited: false, text: Short sleep raises blood pressure in adults.}\n"
        "- {claim: false, cited: false, text: Subscribe to our newsletter for more tips.}\n")
    result = eval_claims.evaluate(str(tmp_path))
    assert result.articles == 1 and result.sentences == 3
    assert (result.claims.tp, result.claims.fp) == (1, 0)


def test_eval_reports_a_bad_label_file_without_a_traceback(tmp_path, capsys):
    eval_claims = _scripts()
    (tmp_path / "page.labels.yaml").write_text("article: missing.md\nsentences: []\n")
    assert eval_claims.main([str(tmp_path)]) == 2
    assert "missing.md" in capsys.readouterr().err
    (tmp_path / "page.labels.yaml").write_text("article: [\n")
    assert eval_claims.main([str(tmp_path)]) == 2
    assert eval_claims.main([str(tmp_path / "nowhere")]) == 2
