"""A missing or broken learned weight file is read once and reported once, clearly.

Before: ``functools.cache`` kept no failed load, so a broken claim model was read again
for every article and ended the run with a traceback, and a broken HL307 or HL308
weight file was read again for every article and reported as a crash (HL999) on each.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from checks.contract import weights
from tests.sample_articles import MAGNESIUM_ARTICLE


@pytest.fixture(autouse=True)
def _fresh_weights() -> Iterator[None]:
    """Weights are read once per process: each test starts, and ends, with none read."""
    weights.forget()
    yield
    weights.forget()


def _broken(tmp_path: Path, real_loader, counter: list[str]):
    """A loader that reads a truncated copy of the weights, counting its reads."""
    broken = tmp_path / "weights.json"
    broken.write_text('{"format": ', encoding="utf-8")

    def load(path: str = str(broken)):
        counter.append(path)
        return real_loader(path)

    return load


def _claim_model_broken(tmp_path: Path, monkeypatch, reads: list[str]) -> None:
    import claims.claim_model
    import claims.detect

    load = _broken(tmp_path, claims.claim_model.load.__wrapped__, reads)
    monkeypatch.setattr(claims.claim_model, "load", load)
    monkeypatch.setattr(claims.detect, "load_model", load)


def _native_ads_broken(tmp_path: Path, monkeypatch, reads: list[str]) -> None:
    from checks.detectors.promotion import native

    def read(path: str):
        return native.read_model(path, "HL307", "scripts/train_native_ads.py")

    monkeypatch.setattr(native, "model", _broken(tmp_path, read, reads))


@pytest.mark.parametrize(("breaks", "says", "extra"), [
    (_claim_model_broken, "cannot read the claim model", []),
    (_native_ads_broken, "HL307 cannot read its learned weights", ["--preview"]),
], ids=["claim-model", "HL307"])
@pytest.mark.parametrize("command", ["check", "audit"])
def test_a_broken_weight_file_is_read_once_and_is_one_clear_error(
        cli, write, tmp_path, monkeypatch, breaks, says, extra, command) -> None:
    for name in ("a.md", "b.md", "c.md"):
        write(f"pages/{name}", MAGNESIUM_ARTICLE)
    reads: list[str] = []
    breaks(tmp_path, monkeypatch, reads)
    if command == "check":
        args = ["check", "pages", "--no-cache", *extra]
    else:
        args = ["audit", "pages", "--jobs", "2", "--quiet", "--report-dir", "out", *extra]
    result = cli(*args, cwd=tmp_path)
    assert result.code == 2
    assert "Traceback" not in result.err and "HL999" not in result.out
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"healthlint: error: {says}")
    assert "weights.json" in lines[0] and "scripts/train_" in lines[0]  # the file, the fix
    assert len(reads) == 1


def test_a_check_that_is_not_selected_never_stops_a_run(cli, write, tmp_path,
                                                        monkeypatch) -> None:
    write("a.md", MAGNESIUM_ARTICLE)
    reads: list[str] = []
    _native_ads_broken(tmp_path, monkeypatch, reads)
    result = cli("check", "a.md", "--no-cache", cwd=tmp_path)  # HL307 is in preview
    assert result.code == 1 and "HL1" in result.out
    assert reads == []


def test_the_claims_and_inspect_commands_say_it_too(cli, write, tmp_path, monkeypatch
                                                       ) -> None:
    write("a.md", MAGNESIUM_ARTICLE)
    reads: list[str] = []
    _claim_model_broken(tmp_path, monkeypatch, reads)
    for args in (("claims", "a.md"), ("inspect", "a.md")):
        result = cli(*args, cwd=tmp_path)
        assert result.code == 2, args
        assert result.err.startswith("healthlint: error: cannot read the claim model"), args
    assert len(reads) == 1
