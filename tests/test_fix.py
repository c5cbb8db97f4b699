"""Safe fixes: applying edits, the disclaimer round trip, --diff, and atomic writes."""

from __future__ import annotations

import os
import stat

import pytest

from checks.contract.model import Edit, Finding, Fix, Severity
from checks.engine.fixes import FixError, apply_fixes, unified_diff, write_atomic
from tests.sample_articles import SPRAINS_ARTICLE

ARTICLE = SPRAINS_ARTICLE + """
## Sources

Nothing in this short note makes a health claim that needs a source.
"""

WITH_DISCLAIMER = ARTICLE + """
## Disclaimer

This article is for informational purposes only and is not a substitute for professional
medical advice, diagnosis or treatment. Always seek the advice of your physician or other
qualified health provider with any questions about a medical condition.
"""


def _finding(start: int, end: int, text: str, code: str = "HL999",
             applicability: str = "safe") -> Finding:
    return Finding(path="x.md", line=1, column=1, end_line=1, end_column=1, code=code,
                   name="n", severity=Severity.ERROR, message="m", excerpt="",
                   fix=Fix("d", (Edit(start, end, text),), applicability))


# --- applying edits --------------------------------------------------------------------------


def test_edits_apply_from_the_end_without_shifting_each_other():
    text = "abc def ghi"
    applied = apply_fixes(text, [_finding(0, 3, "ABCD"), _finding(8, 11, "G")])
    assert applied.text == "ABCD def G"
    assert len(applied.fixed) == 2 and not applied.skipped


def test_overlapping_fix_waits_and_unsafe_fix_is_never_applied():
    text = "abc def ghi"
    applied = apply_fixes(text, [_finding(0, 5, "X"), _finding(4, 7, "Y"),
                                 _finding(8, 11, "Z", applicability="unsafe")])
    assert applied.text == "Xef ghi"
    assert [f.excerpt for f in applied.skipped] == [""] and len(applied.fixed) == 1


def test_the_same_edit_from_two_findings_is_applied_once():
    applied = apply_fixes("abc", [_finding(3, 3, "!"), _finding(3, 3, "!", code="HL998")])
    assert applied.text == "abc!"


def test_out_of_range_edit_is_refused():
    applied = apply_fixes("abc", [_finding(2, 9, "x")])
    assert applied.text == "abc" and len(applied.skipped) == 1


def test_unified_diff_marks_a_missing_final_newline():
    diff = unified_diff("a.md", "one\ntwo", "one\ntwo\nthree\n")
    assert diff.startswith("--- a/a.md\n+++ b/a.md\n")
    assert "\\ No newline at end of file" in diff and "+three\n" in diff


# --- atomic writes ---------------------------------------------------------------------------


def test_atomic_write_keeps_the_mode(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("old")
    os.chmod(path, 0o640)
    write_atomic(str(path), b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_failed_replace_leaves_the_original_and_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "a.md"
    path.write_text("original")

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("checks.engine.fixes.os.replace", refuse)
    with pytest.raises(FixError, match="cannot write"):
        write_atomic(str(path), b"changed")
    assert path.read_text() == "original"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


# --- the disclaimer round trip through the CLI -----------------------------------------------

_MY_CODES = "HL4,HL5"


def _codes(result) -> list[str]:
    import json

    return [f["code"] for f in json.loads(result.out)["findings"]]


def test_fix_appends_the_disclaimer_and_the_fixed_file_passes(write, cli):
    path = write("a.md", ARTICLE)
    os.chmod(path, 0o600)
    before = cli("check", str(path), "--select", _MY_CODES, "--today", "2026-06-01",
                 "--format", "json")
    assert _codes(before) == ["HL401"] and before.code == 1

    fixed = cli("check", str(path), "--select", _MY_CODES, "--today", "2026-06-01", "--fix")
    assert fixed.code == 0, fixed.out + fixed.err
    assert "fixed 1 finding in 1 file" in fixed.err
    after = path.read_text(encoding="utf-8")
    # Nothing else changed: the original text is a prefix, and only the block was added.
    assert after.startswith(ARTICLE)
    added = after[len(ARTICLE):]
    assert added.startswith("\n## Disclaimer\n\n") and added.endswith("\n")
    assert "not a substitute for professional medical advice" in added
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600

    again = cli("check", str(path), "--select", _MY_CODES, "--today", "2026-06-01",
                "--format", "json")
    assert _codes(again) == [] and again.code == 0
    # A second --fix has nothing to do and leaves the file byte for byte.
    cli("check", str(path), "--select", _MY_CODES, "--today", "2026-06-01", "--fix")
    assert path.read_text(encoding="utf-8") == after


def test_fix_keeps_crlf_line_endings_and_a_byte_order_mark(write, cli):
    path = write("a.md", b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode())
    result = cli("check", str(path), "--select", _MY_CODES, "--today", "2026-06-01", "--fix")
    assert result.code == 0, result.out + result.err
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode())
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_fix_leaves_an_article_with_a_disclaimer_alone(write, cli):
    path = write("a.md", WITH_DISCLAIMER)
    result = cli("check", str(path), "--select", _MY_CODES, "--today", "2026-06-01", "--fix")
    assert result.code == 0 and result.err == ""
    assert path.read_text(encoding="utf-8") == WITH_DISCLAIMER


def test_text_files_are_never_fixed(write, cli):
    path = write("page.txt", "Muscle cramps\n\nStretching may ease a cramp.\n")
    result = cli("check", str(path), "--select", "HL401", "--fix")
    assert result.code == 1 and "HL401" in result.out
    assert path.read_text() == "Muscle cramps\n\nStretching may ease a cramp.\n"


def test_diff_shows_the_fix_and_writes_nothing(write, cli, tmp_path):
    path = write("a.md", ARTICLE)
    mtime = os.stat(path).st_mtime_ns
    result = cli("check", "a.md", "--select", _MY_CODES, "--today", "2026-06-01", "--diff",
                 cwd=tmp_path)
    assert result.code == 1
    assert result.out.startswith("--- a/a.md\n+++ b/a.md\n")
    assert "+## Disclaimer\n" in result.out
    assert path.read_text(encoding="utf-8") == ARTICLE
    assert os.stat(path).st_mtime_ns == mtime
    # nothing but the results cache, which is healthlint's own (as ruff's is)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".healthlint_cache", "a.md"]


def test_diff_with_nothing_to_fix_is_empty_and_clean(write, cli):
    path = write("a.md", WITH_DISCLAIMER)
    result = cli("check", str(path), "--select", _MY_CODES, "--today", "2026-06-01", "--diff")
    assert (result.code, result.out) == (0, "")


def test_failed_write_through_the_cli_is_exit_2_and_leaves_the_file(write, cli, monkeypatch):
    path = write("a.md", ARTICLE)

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("checks.engine.fixes.os.replace", refuse)
    result = cli("check", str(path), "--select", _MY_CODES, "--today", "2026-06-01", "--fix")
    assert result.code == 2
    assert "No space left on device" in result.err
    assert path.read_text(encoding="utf-8") == ARTICLE
    assert sorted(p.name for p in path.parent.iterdir()) == ["a.md"]


def test_fix_and_diff_cannot_be_combined(write, cli):
    path = write("a.md", ARTICLE)
    assert cli("check", str(path), "--fix", "--diff").code == 2


def test_fix_keeps_trailing_spaces_of_the_last_line_and_drops_only_blank_lines(write, cli):
    original = ARTICLE.rstrip("\n") + "  \n\n\n"
    path = write("a.md", original)
    result = cli("check", str(path), "--select", _MY_CODES, "--today", "2026-06-01", "--fix")
    assert result.code == 0, result.out + result.err
    after = path.read_text(encoding="utf-8")
    assert after.startswith(ARTICLE.rstrip("\n") + "  \n\n## Disclaimer\n")


def test_fixes_from_different_checks_apply_in_one_run(write, cli):
    cited = ARTICLE.replace(
        "Nothing in this short note makes a health claim that needs a source.\n",
        "1. Bouchama A, Knochel JP. Heat stroke. N Engl J Med. 2002;346:1978-88. "
        "http://dx.doi.org/10.1056/NEJMra011089\n")
    path = write("a.md", cited)
    result = cli("check", str(path), "--select", "HL205,HL401", "--today", "2026-06-01",
                 "--fix")
    assert result.code == 0, result.out + result.err
    assert "fixed 2 findings in 1 file" in result.err
    after = path.read_text(encoding="utf-8")
    assert "https://doi.org/10.1056/NEJMra011089" in after and "dx.doi.org" not in after
    assert after.startswith(cited.split("http://")[0])
    assert "## Disclaimer" in after
