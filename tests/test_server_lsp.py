"""``healthlint server`` driven over stdio with framed JSON-RPC, as an editor drives it.

One real server process per test module (spaCy loads once); every expectation is compared
with what ``healthlint check`` and ``healthlint claims`` say about the same text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli
from lsp_client import LspClient

ARTICLE = """\
---
title: Magnesium and sleep
---

# Magnesium and sleep

Magnesium supplements cure insomnia in adults within two weeks.
Low magnesium levels raise the risk of high blood pressure by 10 mmHg.

Studies show vitamin C prevents colds [1].

## References

1. Smith J. Vitamin C and colds. doi:10.1000/xyz123.
"""

UNCITED = "Zinc lozenges shorten a cold by three days in most adults."


def utf16_offset(text: str, line: int, character: int) -> int:
    """An editor's own conversion, written independently of the server's."""
    lines = text.splitlines(keepends=True)
    start = sum(len(x) for x in lines[:line])
    units = 0
    index = start
    while units < character and index < len(text) and text[index] not in "\r\n":
        units += len(text[index].encode("utf-16-le")) // 2
        index += 1
    return index


def apply(text: str, edits: list[dict]) -> str:
    """Apply LSP TextEdits (UTF-16 positions) the way an editor does: last first."""
    spans = []
    for edit in edits:
        r = edit["range"]
        spans.append((utf16_offset(text, r["start"]["line"], r["start"]["character"]),
                      utf16_offset(text, r["end"]["line"], r["end"]["character"]),
                      edit["newText"]))
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def action_edits(action: dict) -> list[dict]:
    return [e for change in action["edit"]["documentChanges"] for e in change["edits"]]


def cli_findings(path: Path) -> list[tuple[str, int]]:
    out = run_cli("check", str(path), "--format", "json", "--exit-zero", cwd=path.parent).out
    return sorted((f["code"], f["line"] - 1) for f in json.loads(out)["findings"])


def lsp_findings(diagnostics: list[dict]) -> list[tuple[str, int]]:
    return sorted((d["code"], d["range"]["start"]["line"]) for d in diagnostics)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("lsp-workspace")


@pytest.fixture(scope="module")
def client(workspace: Path):
    c = LspClient(workspace)
    c.initialize(workspace, {"debounce": 20})
    registration = c.wait(lambda m: m.get("method") == "client/registerCapability")
    watchers = registration["params"]["registrations"][0]["registerOptions"]["watchers"]
    assert {"globPattern": "**/healthlint.yaml"} in watchers
    c.send({"id": registration["id"], "result": None})
    yield c
    assert c.close() == 0


class Document:
    """An open document whose text the test keeps in step with the server's."""

    def __init__(self, client: LspClient, path: Path, text: str, language: str = "markdown"):
        self.client, self.path, self.text, self.version = client, path, text, 1
        path.write_text(text, encoding="utf-8")
        self.uri = client.open(path, text, language)
        self.diagnostics = client.diagnostics(self.uri)

    def edit(self, edits: list[dict]) -> list[dict]:
        """Send incremental changes; wait for the debounced diagnostics of the new version."""
        self.version += 1
        self.text = apply(self.text, edits)
        self.client.notify("textDocument/didChange", {
            "textDocument": {"uri": self.uri, "version": self.version},
            "contentChanges": [{"range": e["range"], "text": e["newText"]}
                               for e in sorted(edits, key=lambda e: (
                                   e["range"]["start"]["line"],
                                   e["range"]["start"]["character"]), reverse=True)]})
        self.diagnostics = self.client.diagnostics(self.uri, version=self.version)
        self.path.write_text(self.text, encoding="utf-8")
        return self.diagnostics

    def actions(self, diagnostic: dict) -> list[dict]:
        return self.client.request("textDocument/codeAction", {
            "textDocument": {"uri": self.uri}, "range": diagnostic["range"],
            "context": {"diagnostics": [diagnostic]}})


def test_open_publishes_what_check_reports(client: LspClient, workspace: Path) -> None:
    doc = Document(client, workspace / "open.md", ARTICLE)
    assert lsp_findings(doc.diagnostics) == cli_findings(doc.path)
    assert {d["source"] for d in doc.diagnostics} == {"healthlint"}
    severities = {d["code"]: d["severity"] for d in doc.diagnostics}
    assert severities["HL401"] == 1 and severities["HL101"] == 2  # error, warning


def test_change_is_linted_after_a_pause(client: LspClient, workspace: Path) -> None:
    doc = Document(client, workspace / "change.md", ARTICLE)
    before = [d for d in doc.diagnostics if d["code"] == "HL101"]
    line = ARTICLE.splitlines().index("Studies show vitamin C prevents colds [1].")
    after = doc.edit([{"range": {"start": {"line": line, "character": 0},
                                 "end": {"line": line, "character": 0}},
                       "newText": UNCITED + "\n\n"}])
    added = [d for d in after if d["code"] == "HL101"]
    assert len(added) == len(before) + 1
    assert any(d["range"]["start"]["line"] == line for d in added)
    assert lsp_findings(after) == cli_findings(doc.path)


def test_quick_fix_applies_the_safe_fix(client: LspClient, workspace: Path) -> None:
    doc = Document(client, workspace / "fix.md", ARTICLE)
    disclaimer = next(d for d in doc.diagnostics if d["code"] == "HL401")
    fixes = [a for a in doc.actions(disclaimer) if a.get("isPreferred")]
    assert len(fixes) == 1 and fixes[0]["kind"] == "quickfix"
    assert fixes[0]["edit"]["documentChanges"][0]["textDocument"]["version"] == doc.version
    after = doc.edit(action_edits(fixes[0]))
    assert "HL401" not in {d["code"] for d in after}
    assert lsp_findings(after) == cli_findings(doc.path)


def test_fix_all_matches_check_fix(client: LspClient, workspace: Path, tmp_path: Path) -> None:
    doc = Document(client, workspace / "fixall.md", ARTICLE)
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": doc.uri},
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
        "context": {"diagnostics": [], "only": ["source.fixAll"]}})
    assert [a["kind"] for a in actions] == ["source.fixAll.healthlint"]
    fixed_by_cli = tmp_path / "fixall.md"
    fixed_by_cli.write_text(ARTICLE, encoding="utf-8")
    run_cli("check", str(fixed_by_cli), "--fix", "--exit-zero", cwd=tmp_path)
    assert apply(ARTICLE, action_edits(actions[0])) == fixed_by_cli.read_text(encoding="utf-8")


def test_suppression_inside_a_paragraph_silences_only_that_line(
        client: LspClient, workspace: Path) -> None:
    doc = Document(client, workspace / "suppress.md", ARTICLE)
    claims = sorted((d for d in doc.diagnostics if d["code"] == "HL101"),
                    key=lambda d: d["range"]["start"]["line"])
    second = claims[1]  # the paragraph's second line: a comment line would split it
    action = next(a for a in doc.actions(second) if a["title"] == "Suppress HL101 on this line")
    after = doc.edit(action_edits(action))
    codes = [d["code"] for d in after]
    assert codes.count("HL101") == 1 and "HL905" not in codes and "HL906" not in codes
    assert "<!-- healthlint-disable-next-line HL101 -->" in doc.text
    assert lsp_findings(after) == cli_findings(doc.path)


def test_file_suppression_goes_below_front_matter(client: LspClient, workspace: Path) -> None:
    doc = Document(client, workspace / "suppress-file.md", ARTICLE)
    author = next(d for d in doc.diagnostics if d["code"] == "HL501")
    action = next(a for a in doc.actions(author) if a["title"] == "Suppress HL501 in this file")
    after = doc.edit(action_edits(action))
    assert "HL501" not in {d["code"] for d in after}
    assert doc.text.startswith("---\ntitle: Magnesium and sleep\n---\n<!-- healthlint-disable-file")
    assert lsp_findings(after) == cli_findings(doc.path)


def test_hover_on_a_claim_shows_what_claims_reports(client: LspClient, workspace: Path) -> None:
    doc = Document(client, workspace / "hover.md", ARTICLE)
    out = run_cli("claims", str(doc.path), "--format", "json", cwd=workspace).out
    claims = json.loads(out)["claims"]
    cited = next(c for c in claims if c["cited"])
    hover = client.request("textDocument/hover", {
        "textDocument": {"uri": doc.uri},
        "position": {"line": cited["line"] - 1, "character": cited["column"] + 2}})
    value = hover["contents"]["value"]
    assert f"{cited['type']} claim" in value and f"score {cited['score']:.2f}" in value
    assert "[1]" in value and "10.1000/xyz123" in value.lower()
    assert hover["range"]["start"] == {"line": cited["line"] - 1,
                                       "character": cited["column"] - 1}
    heading = client.request("textDocument/hover", {
        "textDocument": {"uri": doc.uri}, "position": {"line": 1, "character": 2}})
    assert heading is None


def test_columns_are_utf16_units(client: LspClient, workspace: Path) -> None:
    text = ARTICLE.replace("# Magnesium and sleep", "# Magnesium and sleep 😴") \
        .replace("Magnesium supplements cure", "😴😴 Magnesium supplements cure")
    doc = Document(client, workspace / "emoji.md", text)
    line = text.splitlines().index(next(x for x in text.splitlines() if x.startswith("😴😴")))
    claim = next(d for d in doc.diagnostics
                 if d["code"] == "HL101" and d["range"]["start"]["line"] == line)
    end = claim["range"]["end"]
    assert end["line"] == line
    assert end["character"] == len(text.splitlines()[line].encode("utf-16-le")) // 2


def test_settings_come_from_the_workspace_and_reload_on_save(
        client: LspClient, workspace: Path) -> None:
    project = workspace / "project"
    project.mkdir()
    config = project / "healthlint.yaml"
    config.write_text("ignore: [HL5]\n", encoding="utf-8")
    doc = Document(client, project / "article.md", ARTICLE)
    assert not any(d["code"].startswith("HL5") for d in doc.diagnostics)
    assert lsp_findings(doc.diagnostics) == cli_findings(doc.path)
    config.write_text("ignore: [HL1]\n", encoding="utf-8")
    client.notify("textDocument/didSave", {"textDocument": {"uri": config.as_uri()}})
    client.notify("workspace/didChangeWatchedFiles",
                  {"changes": [{"uri": config.as_uri(), "type": 2}]})
    after = client.diagnostics(doc.uri)
    assert not any(d["code"].startswith("HL1") for d in after)
    assert any(d["code"].startswith("HL5") for d in after)
    config.write_text("ignore: HL1\n", encoding="utf-8")  # broken: a string, not a list
    client.notify("workspace/didChangeWatchedFiles",
                  {"changes": [{"uri": config.as_uri(), "type": 2}]})
    broken = client.diagnostics(doc.uri)
    assert len(broken) == 1 and "configuration error" in broken[0]["message"]
    assert "ignore" in broken[0]["message"]


@pytest.mark.parametrize(("name", "language", "text"), [
    ("page.html", "html",
     "<html><body><h1>Zinc</h1><p>" + UNCITED + "</p></body></html>\n"),
    ("notes.txt", "plaintext", "Zinc\n\n" + UNCITED + "\n"),
    ("untitled-buffer", "markdown", "# Zinc\n\n" + UNCITED + "\n"),
])
def test_html_text_and_untitled_documents(client: LspClient, workspace: Path, name: str,
                                          language: str, text: str) -> None:
    doc = Document(client, workspace / name, text, language)
    assert "HL101" in {d["code"] for d in doc.diagnostics}
    if language != "markdown":
        assert lsp_findings(doc.diagnostics) == cli_findings(doc.path)


def test_close_clears_diagnostics(client: LspClient, workspace: Path) -> None:
    doc = Document(client, workspace / "close.md", ARTICLE)
    client.notify("textDocument/didClose", {"textDocument": {"uri": doc.uri}})
    assert client.diagnostics(doc.uri) == []


def test_a_burst_of_changes_is_linted_once_it_pauses(client: LspClient, workspace: Path) -> None:
    doc = Document(client, workspace / "burst.md", ARTICLE)
    line = ARTICLE.splitlines().index("Studies show vitamin C prevents colds [1].")
    words = UNCITED.split()
    text = doc.text
    for i, word in enumerate(words, start=2):  # one word a change, as fast as they go out
        edit = {"range": {"start": {"line": line, "character": 0},
                          "end": {"line": line, "character": 0}}, "newText": word + " "}
        text = apply(text, [edit])
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": doc.uri, "version": i},
            "contentChanges": [{"range": edit["range"], "text": edit["newText"]}]})
    last = len(words) + 1
    client.diagnostics(doc.uri, version=last)
    published = [m for m in client.notifications
                 if m.get("method") == "textDocument/publishDiagnostics"
                 and m["params"]["uri"] == doc.uri and m["params"].get("version", 1) > 1]
    assert len(published) + 1 <= 3 < len(words)  # a few lints for eleven changes
