"""A tiny third-party check distribution, installed into a directory on sys.path.

It is registered through a real ``.dist-info/entry_points.txt``, the same
mechanism pip uses, so the registry discovers it exactly like a built-in.
"""

from __future__ import annotations

from pathlib import Path

PLUGIN_SOURCE = '''
from checks.contract.model import Check, Diagnostic, Severity


def run(article, ctx):
    word = ctx.option("word")
    for block in article.blocks:
        if not block.kind.is_prose:
            continue
        text = block.text.lower()
        i = text.find(word)
        while i >= 0:
            start, end = block.projection.source_span(i, i + len(word))
            yield Diagnostic(start, end, f"{word!r} is a red-flag word")
            i = text.find(word, i + 1)


CHECKS = [
    Check("XY001", "red-flag-word", Severity.WARNING, "Red-flag word",
          "A demo third-party check.", run,
          options={"word": __import__("checks.contract.model", fromlist=["Option"]).Option(
              "miracle", "the word to flag")}),
]
'''


def install_plugin(directory: Path) -> Path:
    """Write the plugin module and its dist-info into ``directory``; return it."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "healthlint_redflag.py").write_text(PLUGIN_SOURCE, encoding="utf-8")
    info = directory / "healthlint_redflag-0.1.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: healthlint-redflag\nVersion: 0.1\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[healthlint.checks]\nredflag = healthlint_redflag:CHECKS\n", encoding="utf-8"
    )
    return directory
