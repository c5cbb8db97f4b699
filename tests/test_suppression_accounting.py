"""Suppressions cannot rot silently: a broad suppression of errors needs a reason and is
reported at info, the linter's own findings cannot be suppressed inline, and every report
says how many findings suppressions removed.

Before: ``healthlint: {ignore: [HL]}`` or ``<!-- healthlint-disable-file HL -->`` took a
page with errors to exit 0 with nothing in the output, and ``disable-file HL904`` hid
broken front matter.
"""

from __future__ import annotations

import json

import pytest

BODY = "# Sleep\n\nSleep matters for health.\n"  # no disclaimer: HL401, an error


def _run(cli, tmp_path, write, text: str, *args: str):
    write("a.md", text)
    result = cli("check", "--format", "json", *args, "a.md", cwd=tmp_path)
    return result, json.loads(result.out)


@pytest.mark.parametrize("text", [
    "<!-- healthlint-disable-file HL -->\n" + BODY,
    "---\ntitle: Sleep\nhealthlint: {ignore: [HL]}\n---\n\n" + BODY,
    "<!-- healthlint-disable HL4 -->\n" + BODY,
], ids=["disable-file", "front-matter", "family-range"])
def test_a_broad_suppression_of_errors_without_a_reason_is_not_applied(
        cli, tmp_path, write, text) -> None:
    result, doc = _run(cli, tmp_path, write, text)
    codes = [f["code"] for f in doc["findings"]]
    assert "HL401" in codes  # the error stays
    bad = [f for f in doc["findings"] if f["code"] == "HL906"]
    assert bad and "needs a reason" in bad[0]["message"]
    assert result.code == 1  # exit 0 before the fix


@pytest.mark.parametrize("text", [
    "<!-- healthlint-disable-file HL -- syndicated copy, checked upstream -->\n" + BODY,
    "---\ntitle: Sleep\nhealthlint: {ignore: [HL], reason: syndicated copy}\n---\n\n" + BODY,
], ids=["disable-file", "front-matter"])
def test_a_broad_suppression_with_a_reason_is_reported_at_info(cli, tmp_path, write,
                                                                text) -> None:
    result, doc = _run(cli, tmp_path, write, text)
    broad = [f for f in doc["findings"] if f["code"] == "HL909"]
    assert len(broad) == 1 and broad[0]["severity"] == "info"
    assert "syndicated copy" in broad[0]["message"]
    hidden = doc["summary"]["suppressed"]
    assert hidden >= 1 and f"{hidden} finding" in broad[0]["message"]
    assert "HL401" not in [f["code"] for f in doc["findings"]]
    assert result.code == 0  # the suppression works; it is just never invisible


def test_every_format_states_how_many_findings_were_suppressed(cli, tmp_path, write) -> None:
    text = "---\ntitle: Sleep\nhealthlint: {ignore: [HL501, HL503]}\n---\n\n" + BODY
    _, doc = _run(cli, tmp_path, write, text)
    assert doc["summary"]["suppressed"] == 2
    concise = cli("check", "a.md", cwd=tmp_path)
    assert concise.out.rstrip().endswith("2 findings suppressed inline.")
    github = cli("check", "--format", "github", "a.md", cwd=tmp_path)
    assert "healthlint: 2 findings suppressed inline." in github.out
    statistics = cli("check", "--statistics", "a.md", cwd=tmp_path)
    assert statistics.out.rstrip().endswith("2 findings suppressed inline.")
    sarif = json.loads(cli("check", "--format", "sarif", "a.md", cwd=tmp_path).out)
    assert sarif["runs"][0]["invocations"][0]["properties"] == {"suppressedFindings": 2}
    clean = "<!-- healthlint-disable-file HL -- syndicated -->\n" + BODY
    write("a.md", clean)
    assert "suppressed inline." in cli("check", "--select", "HL5", "a.md", cwd=tmp_path).out


def test_a_narrow_suppression_is_counted(cli, tmp_path, write) -> None:
    text = "---\ntitle: Sleep\nhealthlint: {ignore: [HL501]}\n---\n\n" + BODY
    _, doc = _run(cli, tmp_path, write, text)
    assert "HL501" not in [f["code"] for f in doc["findings"]]
    assert doc["summary"]["suppressed"] == 1  # one code, a warning: no reason needed
    assert "HL909" not in [f["code"] for f in doc["findings"]]
    concise = cli("check", "a.md", cwd=tmp_path)
    assert "1 finding suppressed inline." in concise.out


@pytest.mark.parametrize("comment", [
    "<!-- healthlint-disable-file HL904 -- the YAML is fine really -->",
    "<!-- healthlint-disable-file HL9 -- quiet -->",
])
def test_broken_front_matter_cannot_be_hidden_inline(cli, tmp_path, write, comment) -> None:
    text = "---\ntitle: [unclosed\n---\n\n" + comment + "\n" + BODY
    result, doc = _run(cli, tmp_path, write, text)
    codes = [f["code"] for f in doc["findings"]]
    assert "HL904" in codes
    bad = [f for f in doc["findings"] if f["code"] == "HL906"]
    assert bad and "cannot be suppressed inline" in bad[0]["message"]
    assert result.code == 1


def test_a_whole_family_prefix_never_hides_the_linters_own_findings(cli, tmp_path,
                                                                    write) -> None:
    text = "---\ntitle: [unclosed\n---\n\n<!-- healthlint-disable-file HL -- legacy -->\n" + BODY
    _, doc = _run(cli, tmp_path, write, text)
    assert "HL904" in [f["code"] for f in doc["findings"]]


def test_a_config_ignore_still_silences_own_codes(cli, tmp_path, write) -> None:
    text = "---\ntitle: [unclosed\n---\n\n" + BODY
    result, doc = _run(cli, tmp_path, write, text, "--ignore", "HL904")
    assert "HL904" not in [f["code"] for f in doc["findings"]]
    assert result.code == 0
