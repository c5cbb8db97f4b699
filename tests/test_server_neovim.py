"""``healthlint server`` in a real editor: Neovim's built-in client, headless (skipped when
``nvim`` is not installed). Diagnostics arrive, hover answers, a code action's edit is
applied by Neovim itself and the server's next diagnostics reflect it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent

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

SCRIPT = r"""
local out = {}
local client_id = vim.lsp.start_client({
  name = "healthlint", cmd = vim.fn.json_decode(vim.env.HL_CMD), root_dir = vim.env.HL_ROOT,
})
vim.cmd("edit " .. vim.env.HL_FILE)
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, client_id)
local function codes(line)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if line == nil or d.lnum == line then table.insert(found, d.code) end
  end
  table.sort(found)
  return found
end
vim.wait(60000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
out.opened = codes(nil)
local client = vim.lsp.get_client_by_id(client_id)
local uri = vim.uri_from_bufnr(buf)
local hover = client.request_sync("textDocument/hover",
  { textDocument = { uri = uri }, position = { line = 7, character = 5 } }, 30000, buf)
out.hover = hover and hover.result and hover.result.contents.value or ""
local actions = client.request_sync("textDocument/codeAction", {
  textDocument = { uri = uri },
  range = { start = { line = 7, character = 0 }, ["end"] = { line = 7, character = 10 } },
  context = { diagnostics = {} } }, 30000, buf)
out.actions = {}
local suppress = nil
for _, a in ipairs(actions and actions.result or {}) do
  table.insert(out.actions, a.title)
  if a.title == "Suppress HL101 on this line" then suppress = a end
end
vim.lsp.util.apply_workspace_edit(suppress.edit, "utf-16")
vim.wait(60000, function() return #codes(7) == 0 end, 20)
out.line8_after_suppressing = codes(7)
out.text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
vim.fn.writefile({ vim.fn.json_encode(out) }, vim.env.HL_OUT)
vim.cmd("qa!")
"""


@pytest.mark.skipif(shutil.which("nvim") is None, reason="Neovim is not installed")
def test_neovim_shows_diagnostics_hover_and_applies_a_suppression(tmp_path: Path) -> None:
    article = tmp_path / "sleep.md"
    article.write_text(ARTICLE, encoding="utf-8")
    script = tmp_path / "drive.lua"
    script.write_text(SCRIPT, encoding="utf-8")
    result = tmp_path / "result.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HL_ROOT": str(tmp_path),
           "HL_FILE": str(article), "HL_OUT": str(result),
           "HL_CMD": json.dumps([sys.executable, "-m", "checks.cli", "server"])}
    subprocess.run(["nvim", "--headless", "-u", "NONE", "-i", "NONE", "-c",
                    f"luafile {script}"], env=env, cwd=tmp_path, timeout=180,
                   capture_output=True, check=False)
    out = json.loads(result.read_text(encoding="utf-8"))
    checked = run_cli("check", str(article), "--format", "json", "--no-cache", cwd=tmp_path)
    assert out["opened"] == sorted(f["code"] for f in json.loads(checked.out)["findings"])
    assert "quantity claim" in out["hover"] and "uncited" in out["hover"]
    assert "Suppress HL101 on this line" in out["actions"]
    assert out["line8_after_suppressing"] == []
    assert "two weeks. <!-- healthlint-disable-next-line HL101 -->\nLow magnesium" in out["text"]
