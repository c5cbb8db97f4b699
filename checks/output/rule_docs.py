"""The documentation page of every rule, generated from the registry into ``docs/rules/``.

A page says what the rule catches and why (the check's own summary and rationale, so
the page and ``healthlint rule CODE`` never disagree), shows an article that fails and
one that passes (from ``rule_examples.yaml``; a test lints each one to prove it), and
says how to configure and suppress the rule. SARIF's ``helpUri`` points at the page.

Regenerate after changing a check: ``python -m checks.output.rule_docs``; ``--check``
exits 1 when the committed pages are out of date (a test runs it).
"""

from __future__ import annotations

import argparse
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from checks.contract.model import Check

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules"
EXAMPLES = Path(__file__).with_name("rule_examples.yaml")
FAMILIES = {
    "HL1": "Claims and citations", "HL2": "References", "HL3": "Promotion",
    "HL4": "Disclaimers and disclosures", "HL5": "Provenance", "HL9": "The linter itself",
}


def page_uri(code: str, project_url: str | None = None) -> str | None:
    """Where a rule's page is: under the project's declared URL when the distribution names
    one, else the page in this checkout (an editable install), else nowhere."""
    if project_url:
        return f"{project_url.rstrip('/')}/blob/HEAD/docs/rules/{code}.md"
    page = DOCS / f"{code}.md"
    return page.as_uri() if page.is_file() else None


@lru_cache(maxsize=1)
def examples() -> dict[str, dict[str, Any]]:
    """Per code: ``fail`` and ``pass`` article texts, their ``format`` and any ``args``."""
    import yaml

    data = yaml.safe_load(EXAMPLES.read_text(encoding="utf-8")) or {}
    return {str(code): dict(value) for code, value in data.items()}


def shipped(check: Check) -> bool:
    """Built-in checks and the rule packs shipped with healthlint (not third-party ones)."""
    return check.source == "builtin" or "checks/detectors/rulepacks/" in check.source


def _fence(text: str, fmt: str) -> str:
    lang = {"markdown": "markdown", "html": "html", "text": "text"}.get(fmt, "markdown")
    fence = "````" if "```" in text else "```"
    return f"{fence}{lang}\n{text.rstrip()}\n{fence}"


def _flags(check: Check) -> list[str]:
    flags = []
    if check.preview:
        flags.append("preview: runs with `--preview`, or when selected by its exact code")
    if check.network:
        flags.append("needs `--resolve` (network)")
    return flags


def render_rule(check: Check) -> str:
    """The Markdown page of one rule."""
    code = check.code
    family = FAMILIES.get(code[:3], "")
    lines = [f"# {code} `{check.name}`", "",
             f"**{check.summary}.** Severity: `{check.severity.value}`"
             + (f" · Family: {family} ({code[:3]}xx)" if family else "")
             + "".join(f" · {flag}" for flag in _flags(check)), ""]
    if check.source != "builtin":
        lines += [f"Defined by the {check.source.split(' (')[0]}.", ""]
    lines += ["## What it catches, and why", "", check.rationale.strip() or check.summary, ""]
    example = examples().get(code)
    if example:
        fmt = str(example.get("format", "markdown"))
        args = example.get("args") or []
        run = f"healthlint check page.{_EXT[fmt]} --select {code}" + \
            (" " + " ".join(args) if args else "")
        lines += ["## Example", "", f"Reported (`{run}`):", "",
                  _fence(str(example["fail"]), fmt), "", "Not reported:", "",
                  _fence(str(example["pass"]), fmt), ""]
        if example.get("note"):
            lines += [str(example["note"]).strip(), ""]
    elif check.network:
        lines += ["## Example", "", "Reported only with `--resolve`, from what doi.org, Crossref, "
                  "DataCite or NCBI answer about the page's references; the resolver tests show "
                  "each case against a loopback emulator of those services.", ""]
    lines += ["## Configuration", "", "```toml", "[tool.healthlint]",
              f'ignore = ["{code}"]                 # turn it off',
              f'severity = {{ {code} = "error" }}    # or "warning", "info"',
              f'per-file-ignores = {{ "news/**" = ["{code}"] }}']
    if check.options:
        lines += ["", f"[tool.healthlint.checks.{code}]"]
        lines += [f"{name} = {_toml(opt.default)}" for name, opt in check.options.items()]
    lines += ["```", ""]
    if check.options:
        lines += ["| option | default | what it does |", "| --- | --- | --- |"]
        for name, opt in check.options.items():
            choices = f" (one of: {opt.describe_choices()})" if opt.choices else ""
            lines.append(f"| `{name}` | `{_toml(opt.default)}` | {opt.help}{choices} |")
        lines.append("")
    lines += ["## Suppressing it", "", "On one line, or the next line, of a Markdown or HTML "
              "article, with a reason:", "", "```markdown",
              f"<!-- healthlint-disable-next-line {code} -- why this is fine here -->",
              f"A sentence that is fine here. <!-- healthlint-disable-line {code} -->",
              "```", "",
              f"For a whole page, `<!-- healthlint-disable-file {code} -->` or front matter "
              f"`healthlint: {{ignore: [{code}]}}`. A suppression that suppresses nothing is "
              "reported as HL905.", ""]
    return "\n".join(lines)


_EXT = {"markdown": "md", "html": "html", "text": "txt"}


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return repr(value)


def render_index(checks: list[Check]) -> str:
    """``docs/rules/README.md``: every rule, by family."""
    lines = ["# Rules", "",
             "Generated from the check registry by `python -m checks.output.rule_docs`; "
             "do not edit by hand.", ""]
    family = ""
    for check in checks:
        if check.code[:3] != family:
            family = check.code[:3]
            lines += ["", f"## {FAMILIES.get(family, family)}", "",
                      "| code | name | severity | what |", "| --- | --- | --- | --- |"]
        flags = " (preview)" if check.preview else ""
        flags += " (--resolve)" if check.network else ""
        lines.append(f"| [{check.code}]({check.code}.md) | `{check.name}` | "
                     f"{check.severity.value} | {check.summary}{flags} |")
    return "\n".join(lines).replace("\n\n\n", "\n\n") + "\n"


def pages() -> dict[str, str]:
    """File name -> content of every page."""
    from checks.contract.registry import load
    from checks.settings.config import Settings

    checks = [c for c in load(Settings()) if shipped(c)]
    out = {f"{c.code}.md": render_rule(c) for c in checks}
    out["README.md"] = render_index(checks)
    return out


def stale(directory: Path = DOCS) -> list[str]:
    """Pages that are missing, differ, or no longer belong to a rule."""
    wanted = pages()
    problems = [name for name, text in wanted.items()
                if not (directory / name).is_file()
                or (directory / name).read_text(encoding="utf-8") != text]
    if directory.is_dir():
        problems += [p.name for p in directory.glob("*.md") if p.name not in wanted]
    return sorted(problems)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if docs/rules is out of date; write nothing")
    args = parser.parse_args(argv)
    if args.check:
        problems = stale()
        for name in problems:
            print(f"docs/rules/{name} is out of date", file=sys.stderr)
        return 1 if problems else 0
    DOCS.mkdir(parents=True, exist_ok=True)
    wanted = pages()
    for old in DOCS.glob("*.md"):
        if old.name not in wanted:
            old.unlink()
    for name, text in wanted.items():
        (DOCS / name).write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {len(wanted)} pages to {DOCS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
