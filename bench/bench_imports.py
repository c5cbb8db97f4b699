"""What the optional libraries would cost the pre-commit path if they were always imported.

rich (colour, the audit's live progress bar), jinja2 (the audit's HTML page),
pathspec (``.gitignore`` matching while walking a directory) and ``checks.resolve``
(identifier collection and the resolution model, which only HL2xx checks read when they
run) are imported only where they are used. This measures, with ``python -X importtime``
in fresh processes with runs interleaved, the import time of the modules a pre-commit
run loads (``checks.cli.main``, a reporter, the engine, every built-in check) against
the same plus each of them, and checks that the plain path loads none of them. Medians
and minimums of the summed import times, in ms.

    python bench/bench_imports.py [--runs 9]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAIN = ("import checks.cli.main, checks.cli.discovery, checks.output.reporters.concise, "
         "checks.engine.runner; from checks.contract.registry import load; "
         "from checks.settings.config import ConfigResolver; "
         "load(ConfigResolver(None).for_path('a.md'))")
EXTRAS = {
    "rich": "import rich.console, rich.text, rich.progress",
    "jinja2": "import jinja2",
    "pathspec": "import pathspec",
    "checks.resolve": "import checks.resolve.collect",
}
_LINE = re.compile(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)")


def measure(code: str) -> tuple[float, set[str]]:
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", code], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    total, modules = 0, set()
    for line in done.stderr.splitlines():
        m = _LINE.match(line)
        if m:
            total += int(m.group(1))
            modules.add(m.group(2))
    return total / 1000, modules


def _is_within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    variants = {"plain": PLAIN, **{name: f"{PLAIN}; {code}" for name, code in EXTRAS.items()}}
    times: dict[str, list[float]] = {name: [] for name in variants}
    loaded: set[str] = set()
    for _ in range(args.runs):
        for name, code in variants.items():
            elapsed, modules = measure(code)
            times[name].append(elapsed)
            if name == "plain":
                loaded |= modules
    base = statistics.median(times["plain"])
    print(f"{'variant':<15} {'median ms':>10} {'min ms':>8} {'ratio':>7}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<15} {median:>10.1f} {min(values):>8.1f} {median / base:>7.2f}")
    optional = sorted(name for name in EXTRAS if any(_is_within(m, name) for m in loaded))
    print("optional libraries on the plain path:", ", ".join(optional) or "none")
    return 1 if optional else 0


if __name__ == "__main__":
    raise SystemExit(main())
