"""A CLI that cannot pass a gate by mistake, and behaves as ruff users expect (issue 17).

Each section is one point of the issue: unknown codes, .gitignore, statistics per
severity, argument parsing, claim attributes, dependencies, the conventions of ruff and
Vale, and the page-level finding for a page with no sources.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import SEEDS, needs_seeds

ROOT = Path(__file__).resolve().parent.parent
CLAIM = "# Heel pain\n\nMagnesium supplements lower blood pressure in adults.\n"
NO_SOURCES = ("# Night cramps\n\nNight cramps affect about a third of adults over 60.\n"
              "Magnesium supplements do not prevent cramps in older adults.\n"
              "Stretching the calf before bed reduces how often cramps occur.\n"
              "Quinine lowers the number of cramps but can cause serious bleeding.\n")


def _findings(result) -> list[dict]:
    assert result.code in (0, 1), result.err
    return json.loads(result.out)["findings"]


# --- 1. unknown codes ---------------------------------------------------------------------


@pytest.mark.parametrize(("args", "wanted"), [
    (["--select", "HL999"], "unknown check code 'HL999'"),
    (["--select", "HL1O1"], "did you mean HL101?"),
    (["--ignore", "XYZ"], "--ignore: unknown check code 'XYZ'"),
    (["--extend-select", "HL3210"], "did you mean HL321?"),
])
def test_unknown_codes_on_the_command_line_are_exit_2_with_a_suggestion(args, wanted, write,
                                                                         cli):
    page = write("a.md", CLAIM)
    result = cli("check", str(page), *args)
    assert result.code == 2 and wanted in result.err and result.out == ""


def test_prefixes_of_registered_codes_and_all_are_valid(write, cli):
    page = write("a.md", CLAIM)
    for select in ("HL1", "HL10", "HL101", "ALL", "HL"):
        assert cli("check", str(page), "--select", select, "-q").code in (0, 1), select


def test_audit_rejects_unknown_codes_too(write, cli, tmp_path):
    write("pages/a.md", CLAIM)
    result = cli("audit", str(tmp_path / "pages"), "--select", "HL1O1", "--jobs", "1",
                 "--report-dir", str(tmp_path / "out"))
    assert result.code == 2 and "did you mean HL101?" in result.err
    assert not (tmp_path / "out").exists()


def test_every_unknown_code_in_the_configuration_is_reported_at_once_with_its_line(write, cli):
    write("pyproject.toml", '[tool.healthlint]\nselect = ["HL1", "HL3"]\n'
                            'ignore = ["HL3210"]\n'
                            'per-file-ignores = { "legacy/**" = ["HL55x"] }\n'
                            'severity = { HL1010 = "error" }\n\n'
                            '[tool.healthlint.checks.HL9999]\n')
    page = write("a.md", CLAIM)
    result = cli("check", str(page))
    assert result.code == 2, result.err
    config = str(page.parent / "pyproject.toml")
    assert "4 configuration problems" in result.err
    assert f"{config}:3: ignore: unknown check code 'HL3210'; did you mean HL321?" in result.err
    assert f"{config}:4: per-file-ignores" in result.err and "'HL55x'" in result.err
    assert f"{config}:5: severity: unknown check code 'HL1010'; did you mean HL101?" \
        in result.err
    assert f"{config}:7: checks.HL9999: no such check" in result.err


def test_unknown_keys_and_bad_values_are_reported_together(write, cli):
    write("healthlint.yaml", "selekt: [HL1]\nfail-on: sometimes\npreview: maybe\n")
    result = cli("check", str(write("a.md", CLAIM)))
    assert result.code == 2
    lines = [line.strip() for line in result.err.splitlines()[1:]]
    assert len(lines) == 3
    from checks.settings.config import _KEYS

    assert lines[0].endswith(f"did you mean 'select'? (expected one of: "
                             f"{', '.join(sorted(_KEYS))})")
    assert "brands, checks, exclude" in lines[0]
    assert ":1: unknown key 'selekt'" in lines[0]
    assert ":2: key 'fail-on'" in lines[1] and ":3: key 'preview'" in lines[2]


def test_a_plugins_codes_are_known_once_it_is_installed(plugin, write, cli):
    page = write("a.md", "# Demo\n\nThis miracle happens.\n")
    assert cli("check", str(page), "--select", "XY001", "-q").code in (0, 1)


def test_unknown_codes_in_comments_and_front_matter_are_hl906_with_a_suggestion(write, cli):
    text = ("---\ntitle: Demo\nhealthlint:\n  ignore: [HL5O1]\n---\n\n# Demo\n\n"
            "This miracle cream clears eczema. <!-- healthlint-disable-line HL31O -->\n")
    findings = _findings(cli("check", str(write("a.md", text)), "--select", "HL310,HL9",
                             "--format", "json"))
    messages = {f["code"]: [] for f in findings}
    for f in findings:
        messages[f["code"]].append(f["message"])
    assert len(messages["HL310"]) == 1  # the typo suppresses nothing: the finding stays
    assert any("'HL31O'; did you mean HL310?" in m for m in messages["HL906"])
    assert any("'HL5O1'; did you mean HL501?" in m for m in messages["HL906"])


# --- 3. .gitignore through pathspec -------------------------------------------------------


def test_gitignore_is_honoured_outside_a_git_work_tree(tmp_path, write, cli, monkeypatch):
    def no_git(*args, **kwargs):
        raise AssertionError("discovery must not run git")

    monkeypatch.setattr(subprocess, "run", no_git)
    write("site/.gitignore", "drafts/\n*.tmp.md\n/build-notes.md\n!keep.tmp.md\n")
    write("site/news/.gitignore", "private.md\n")
    for name in ("a.md", "drafts/b.md", "x.tmp.md", "keep.tmp.md", "build-notes.md",
                 "news/build-notes.md", "news/private.md", "news/c.md"):
        write(f"site/{name}", CLAIM)
    assert not (tmp_path / ".git").exists()
    from checks.cli.discovery import discover

    found = discover([str(tmp_path / "site")], lambda p: (str(tmp_path), []))
    rel = sorted(str(Path(p).relative_to(tmp_path / "site")) for p in found)
    assert rel == ["a.md", "keep.tmp.md", "news/build-notes.md", "news/c.md"]


def test_parent_gitignore_applies_inside_a_work_tree_only(tmp_path, write):
    from checks.cli.discovery import discover

    write("repo/.gitignore", "ignored/\n")
    write("repo/content/ignored/a.md", CLAIM)
    write("repo/content/b.md", CLAIM)
    exclude = lambda p: (str(tmp_path), [])  # noqa: E731
    outside = discover([str(tmp_path / "repo" / "content")], exclude)
    assert len(outside) == 2  # no work tree: the parent's .gitignore is not the folder's
    (tmp_path / "repo" / ".git").mkdir()
    inside = discover([str(tmp_path / "repo" / "content")], exclude)
    assert [Path(p).name for p in inside] == ["b.md"]


# --- 4. statistics and the audit page per severity ------------------------------------------


@pytest.fixture
def two_severities(tmp_path, write):
    write("site/strict/healthlint.yaml", "severity:\n  HL101: error\n")
    write("site/strict/a.md", CLAIM)
    write("site/plain/b.md", CLAIM)
    return tmp_path / "site"


def test_statistics_count_each_code_per_severity(two_severities, cli):
    result = cli("check", str(two_severities), "--select", "HL101", "--statistics")
    assert result.out.splitlines() == ["1\tHL101\tuncited-claim\t[error]",
                                       "1\tHL101\tuncited-claim\t[warning]"]


def test_audit_page_shows_the_real_severities(two_severities, cli, tmp_path):
    out = tmp_path / "report"
    result = cli("audit", str(two_severities), "--select", "HL101", "--jobs", "1", "-q",
                 "--report-dir", str(out))
    assert result.code == 1, result.err
    page = (out / "report.html").read_text(encoding="utf-8")
    codes = page[page.index('id="codes"'):page.index("</table>", page.index('id="codes"'))]
    rows = [row for row in codes.split("<tr>") if "<code>HL101</code>" in row]
    assert len(rows) == 2
    assert 'sev error">error' in rows[0] and 'sev warning">warning' in rows[1]
    assert "<script" not in page and "&lt;" not in codes  # autoescaped, nothing to escape


def test_audit_page_escapes_what_pages_contain(write, cli, tmp_path):
    write("p/<b>.md", "# T\n\n<!-- healthlint-disable-next-line -->\nText <script>x</script>.\n")
    out = tmp_path / "report"
    cli("audit", str(tmp_path / "p"), "--select", "HL9", "--jobs", "1", "-q",
        "--report-dir", str(out))
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;.md" in page and "<b>.md" not in page


# --- 5. argument parsing --------------------------------------------------------------------


def test_inspect_accepts_a_directory(write, cli, tmp_path):
    write("d/a.md", CLAIM)
    write("d/b.txt", "Zinc shortens colds.\n")
    result = cli("inspect", str(tmp_path / "d"))
    assert result.code == 0, result.err
    assert "a.md (markdown" in result.out and "b.txt (text" in result.out
    both = json.loads(cli("inspect", str(tmp_path / "d"), "--format", "json").out)
    assert isinstance(both, list) and len(both) == 2


def test_options_are_never_abbreviated(write, cli, tmp_path):
    write("d/a.md", CLAIM)
    audit = cli("audit", str(tmp_path / "d"), "--time", "5")
    assert audit.code == 2 and "unrecognized arguments: --time" in audit.err
    assert cli("check", str(tmp_path / "d"), "--form", "json").code == 2
    assert cli("check", str(tmp_path / "d"), "--stat").code == 2


def test_a_mistyped_command_is_not_read_as_a_path(cli):
    result = cli("chek", ".")
    assert result.code == 2 and "unknown command 'chek'; did you mean 'check'?" in result.err


def test_a_path_named_like_nothing_is_still_a_path(tmp_path, cli):
    result = cli("no-such-page.md")
    assert result.code == 2 and "no such file" in result.err


# --- 6. claim attributes and overlapping findings -------------------------------------------


def test_a_negation_inside_a_relative_clause_does_not_negate_the_claim(write, cli):
    text = ("# Spasms\n\nA muscle spasm is a sudden contraction of a muscle that cannot be "
            "relaxed at will.\n\nMagnesium does not prevent night cramps in older adults.\n\n"
            "Studies show that zinc does not shorten colds.\n")
    claims = json.loads(cli("claims", str(write("a.md", text)), "--format", "json").out)
    negated = {c["text"][:20]: c["attributes"]["negated"] for c in claims["claims"]}
    assert negated == {"A muscle spasm is a ": False, "Magnesium does not p": True,
                       "Studies show that zi": True}
    found = _findings(cli("check", str(write("a.md", text)), "--select", "HL101",
                          "--format", "json"))
    spasm = next(f for f in found if f["excerpt"].startswith("A muscle spasm"))
    assert "negative finding" not in spasm["message"]


def test_messages_name_claim_types_as_the_types_are_spelled(write, cli):
    text = ("# Numbers\n\nAbout 8% of adults in England have type 2 diabetes.\n\n"
            "People who sleep less than six hours have higher blood pressure on average.\n")
    found = _findings(cli("check", str(write("a.md", text)), "--select", "HL101",
                          "--format", "json"))
    for f in found:
        assert f["data"]["type"].replace("_", "-") in f["message"], f
        assert "statistic" not in f["message"] and "association" not in f["message"]


def test_hl101_yields_to_the_more_specific_hl303_on_the_same_sentence(write, cli):
    text = "# FlexiNova capsules\n\nFlexiNova rebuilds damaged knee cartilage in 14 days.\n"
    page = write("a.md", text)
    found = _findings(cli("check", str(page), "--select", "HL101,HL303", "--format", "json"))
    assert [f["code"] for f in found] == ["HL303"]
    alone = _findings(cli("check", str(page), "--select", "HL101", "--format", "json"))
    assert [f["code"] for f in alone] == ["HL101"]  # without HL303, HL101 still reports it


@pytest.mark.parametrize("attribution", ["— Margaret, 64", "- Margaret, 64", "– Margaret, 64"])
def test_a_quoted_first_person_story_with_a_name_and_age_is_a_testimonial(attribution, write,
                                                                           cli):
    text = f'# Knee pain relief\n\n"My knee pain is completely gone!" {attribution}\n'
    found = _findings(cli("check", str(write("a.md", text)), "--select", "HL305",
                          "--format", "json"))
    assert [f["data"]["kind"] for f in found] == ["result story"]


def test_an_authors_own_story_is_not_a_testimonial(write, cli):
    text = "# Knee pain\n\nMy knee pain is completely gone after two weeks of physiotherapy.\n"
    assert _findings(cli("check", str(write("a.md", text)), "--select", "HL305",
                         "--format", "json")) == []


# --- 7 and 12. dependencies -----------------------------------------------------------------


def _dependencies() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [dep.split(">")[0].split("<")[0].split("=")[0].strip().lower()
            for dep in project["dependencies"]]


def test_every_declared_dependency_is_used_and_requests_cache_is_gone():
    deps = _dependencies()
    assert "requests-cache" not in deps
    assert {"pathspec", "rich", "jinja2", "rapidfuzz"} <= set(deps)
    modules = {"pyyaml": "yaml", "markdown-it-py": "markdown_it", "mdit-py-plugins":
               "mdit_py_plugins"}
    source = "\n".join(p.read_text(encoding="utf-8")
                       for folder in ("checks", "claims") for p in (ROOT / folder).rglob("*.py"))
    for dep in deps:
        module = modules.get(dep, dep.replace("-", "_"))
        assert f"import {module}" in source or f"from {module}" in source, dep


def test_a_plain_run_loads_neither_rich_nor_jinja2(tmp_path):
    page = tmp_path / "a.md"
    page.write_text(CLAIM, encoding="utf-8")
    code = ("import sys; from checks.cli.main import main; main(['check', sys.argv[1], "
            "'--select', 'HL9', '-q']); print(sorted(m for m in ('rich', 'jinja2') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code, str(page)], capture_output=True,
                          text=True, cwd=ROOT, check=True, env={"PATH": "/usr/bin:/bin"})
    assert done.stdout.strip() == "[]"


# --- 8. conventions -------------------------------------------------------------------------


def test_a_clean_run_says_so_unless_quiet(write, cli):
    page = write("a.md", CLAIM)
    assert cli("check", str(page), "--select", "HL9").out == "All checks passed!\n"
    assert cli("check", str(page), "--select", "HL9", "-q").out == ""
    assert cli("check", str(page), "--select", "HL9", "--format", "json").out.startswith("{")


def test_colour_always_never_and_no_color(write, cli, monkeypatch):
    page = write("a.md", CLAIM)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    always = cli("check", str(page), "--select", "HL101", "--color", "always").out
    assert "\x1b[" in always and "HL101" in always
    assert "\x1b[" not in cli("check", str(page), "--select", "HL101", "--color", "never").out
    assert "\x1b[" not in cli("check", str(page), "--select", "HL101").out  # not a terminal
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in cli("check", str(page), "--select", "HL101").out
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in cli("check", str(page), "--select", "HL101").out
    plain = cli("check", str(page), "--select", "HL101", "--color", "never").out
    import re

    assert re.sub(r"\x1b\[[0-9;]*m", "", always) == plain  # colour never changes the text


def test_standard_input_is_linted_under_its_stdin_filename(write, cli, monkeypatch, tmp_path):
    import io

    write("healthlint.yaml", 'per-file-ignores:\n  "legacy/**": ["HL101"]\n')
    monkeypatch.chdir(tmp_path)

    def lint(name: str) -> list[dict]:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(CLAIM.encode())))
        result = cli("check", "-", "--stdin-filename", name, "--select", "HL101",
                     "--format", "json")
        return _findings(result)

    (news,) = lint("news/a.md")
    assert news["path"] == "news/a.md" and news["line"] == 3
    assert lint("legacy/a.md") == []  # the settings of the name apply
    # --format full underlines the text that came in, not a file of that name on disk
    write("news/a.md", "# Another page on disk\n")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(CLAIM.encode())))
    full = cli("check", "-", "--stdin-filename", "news/a.md", "--select", "HL101",
               "--format", "full")
    assert "3 | Magnesium supplements lower blood pressure in adults." in full.out


@pytest.mark.parametrize("data", [
    "# Sleep\n\nSleep caf\u00e9 lowers blood pressure.\n".encode("latin-1"),  # not UTF-8
    b"# Sleep\n\nSleep lowers blood pressure.\n\x00\x01",  # binary
    b"# Sleep\n\nSleep lowers blood pressure in adults.\n",
], ids=["latin-1", "binary", "utf-8"])
def test_standard_input_is_read_as_a_file_with_its_bytes(write, cli, monkeypatch, tmp_path,
                                                         data):
    """Before: standard input had its own decoding, which dropped HL902 (an encoding
    problem) that the same bytes in a file report."""
    import io

    write("a.md", data)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    piped = cli("check", "-", "--stdin-filename", "a.md", "--select", "HL9", "--no-cache")
    on_disk = cli("check", "a.md", "--select", "HL9", "--no-cache")
    if b"\x00" in data:  # not an article: a usage error, as before
        assert piped.code == 2 and "standard input: binary file" in piped.err
        return
    assert (piped.code, piped.out) == (on_disk.code, on_disk.out)


def test_exclude_and_extend_exclude_on_the_command_line(write, cli, tmp_path):
    write("site/healthlint.yaml", 'exclude: ["old/**"]\n')
    for name in ("a.md", "old/b.md", "drafts/c.md"):
        write(f"site/{name}", CLAIM)
    site = str(tmp_path / "site")

    def paths(*args: str) -> list[str]:
        found = _findings(cli("check", site, "--select", "HL101", "--format", "json", *args))
        return sorted(Path(f["path"]).name for f in found)

    assert paths() == ["a.md", "c.md"]
    assert paths("--extend-exclude", "drafts/**") == ["a.md"]
    assert paths("--exclude", "drafts/**") == ["a.md", "b.md"]  # replaces the config's


def test_disable_line_suppresses_its_own_line_only(write, cli):
    text = ("# Creams\n\nThis miracle cream clears eczema. <!-- healthlint-disable-line HL310 -->\n"
            "\nThat miracle cream does too.\n")
    found = _findings(cli("check", str(write("a.md", text)), "--select", "HL310,HL9",
                          "--format", "json"))
    assert [(f["code"], f["line"]) for f in found] == [("HL310", 5)]


# --- 10. a page with no sources ---------------------------------------------------------------


def test_a_page_that_cites_nothing_gets_one_page_level_finding(write, cli):
    page = write("a.md", NO_SOURCES)
    found = _findings(cli("check", str(page), "--select", "HL1", "--format", "json"))
    assert [f["code"] for f in found] == ["HL107"]
    (hl107,) = found
    n = hl107["data"]["claims"]
    assert n >= 3 and f"cites no source for its {n} health claims" in hl107["message"]
    assert (hl107["line"], hl107["excerpt"]) == (1, "# Night cramps")


def test_the_per_claim_warnings_come_back_when_asked_for(write, cli):
    write("healthlint.yaml", "checks:\n  HL101:\n    on-uncited-page: report\n")
    found = _findings(cli("check", str(write("a.md", NO_SOURCES)), "--select", "HL1",
                          "--format", "json"))
    codes = [f["code"] for f in found]
    assert codes.count("HL107") == 1 and codes.count("HL101") >= 3
    ignored = _findings(cli("check", str(write("a.md", NO_SOURCES)), "--select", "HL101",
                            "--format", "json"))
    assert len(ignored) >= 3  # HL107 not selected: nothing collapses into it


def test_a_page_with_one_source_or_few_claims_keeps_per_claim_findings(write, cli):
    cited = NO_SOURCES.replace("over 60.", "over 60 [1].") + "\n## References\n\n1. Naylor."
    codes = [f["code"] for f in _findings(cli("check", str(write("a.md", cited)),
                                               "--select", "HL101,HL107", "--format", "json"))]
    assert "HL107" not in codes and codes.count("HL101") >= 2
    few = _findings(cli("check", str(write("b.md", CLAIM)), "--select", "HL101,HL107",
                        "--format", "json"))
    assert [f["code"] for f in few] == ["HL101"]


@needs_seeds
def test_on_the_seeds_the_unsourced_pitch_gets_one_message(cli):
    pitch = str(SEEDS / "001_d94c28077ab75d1e.txt")
    found = _findings(cli("check", pitch, "--select", "HL101,HL107", "--format", "json"))
    assert [f["code"] for f in found] == ["HL107"]
    assert found[0]["data"]["claims"] >= 30
    cited = _findings(cli("check", str(SEEDS / "000_ffd80acf5be5f898.txt"),
                          "--select", "HL101,HL107", "--format", "json"))
    assert cited and {f["code"] for f in cited} == {"HL101"}
