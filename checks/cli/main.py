"""The ``healthlint`` command line.

Exit codes: 0 clean (or nothing at or above ``--fail-on``), 1 findings at or above
it, 2 usage, configuration or internal error. Never a count.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from checks import __version__
from checks.cli.common import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    UsageError,
    add_exit_options,
    add_report_options,
    check_codes,
    config_overrides,
    load_baseline,
)
from checks.cli.common import resolution_overrides as _resolution_overrides

COMMANDS = ("check", "claims", "audit", "rule", "inspect", "server", "daemon")


def _codes(value: str) -> list[str]:
    return [c.strip().upper() for c in value.split(",") if c.strip()]


def _globs(value: str) -> list[str]:
    return [g.strip() for g in value.split(",") if g.strip()]


def _iso_day(value: str) -> str:
    import datetime as dt

    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}") from None
    return value


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 86400:
        raise argparse.ArgumentTypeError(f"expected seconds from 0 to 86400, got {value!r}")
    return seconds


def _add_selection(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("selection")
    g.add_argument("--select", type=_codes, metavar="CODES",
                   help="comma-separated codes or prefixes to enable (replaces the config's)")
    g.add_argument("--extend-select", type=_codes, metavar="CODES", default=[],
                   help="codes or prefixes to enable on top of the selection")
    g.add_argument("--ignore", type=_codes, metavar="CODES", default=[],
                   help="codes or prefixes to disable")
    g.add_argument("--preview", action="store_true", default=None,
                   help="enable checks that are still in preview")
    g.add_argument("--config", metavar="FILE",
                   help="use this healthlint.yaml / pyproject.toml for every path")
    g.add_argument("--format-in", choices=("markdown", "html", "text"),
                   help="read every file as this format instead of by extension")
    g.add_argument("--exclude", type=_globs, action="extend", metavar="GLOBS",
                   help="comma-separated globs to leave out (replaces the config's exclude)")
    g.add_argument("--extend-exclude", type=_globs, action="extend", metavar="GLOBS",
                   help="globs to leave out on top of the configured ones")
    g.add_argument("--force-exclude", action="store_true",
                   help="apply exclude globs to files named on the command line too")
    g.add_argument("--follow-symlinks", action="store_true",
                   help="in directories, also read symlinks that lead outside them "
                        "(skipped by default: their text would appear in reports)")
    g.add_argument("--no-inline-config", action="store_true",
                   help="ignore healthlint-disable comments and front-matter ignores")
    g.add_argument("--today", metavar="YYYY-MM-DD", type=_iso_day,
                   help="the date that staleness is judged against (default: today)")


def _add_resolution(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("resolution (network)")
    g.add_argument("--resolve", action="store_true", default=None,
                   help="resolve every DOI, PMID, PMCID and URL (HL210-HL220)")
    g.add_argument("--no-cache", action="store_true",
                   help="neither read nor write the results cache (.healthlint_cache/) "
                        "nor, with --resolve, the resolver cache")
    g.add_argument("--cache-only", action="store_true",
                   help="resolve from the cache only; anything not cached is unverifiable")
    g.add_argument("--cache-path", metavar="FILE",
                   help="the resolver cache file (default: the user cache directory)")


def build_parser() -> argparse.ArgumentParser:
    # allow_abbrev=False everywhere: `--format` must never be read as `--format-in`.
    parser = argparse.ArgumentParser(
        prog="healthlint",
        description="A content-accuracy linter for health articles.",
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"healthlint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", allow_abbrev=False,
                         help="lint articles (the default command)")
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH",
                       help="files, directories or globs; `-` reads standard input")
    check.add_argument("--stdin-filename", metavar="NAME",
                       help="with `-`: the name standard input is linted as (its settings "
                            "and format come from it)")
    _add_selection(check)
    _add_resolution(check)
    out = check.add_argument_group("output")
    out.add_argument("--format", "--output-format", default=None, dest="output_format",
                     choices=("concise", "full", "json", "sarif", "github"),
                     help="report format (default: concise; github inside GitHub Actions)")
    out.add_argument("--output-file", "-o", metavar="FILE",
                     help="write the report to FILE (the exit code is unchanged)")
    out.add_argument("--statistics", action="store_true", help="show counts per code")
    out.add_argument("--file-timeout", type=_seconds, metavar="SECONDS",
                     help="stop linting a file after this long and report it as HL908 "
                          "(default: 60; 0: no limit)")
    add_exit_options(out)
    out.add_argument("--show-settings", action="store_true",
                     help="print the settings used for the first path and exit")
    add_report_options(out, quiet="print nothing but findings (no summary, no 'All checks "
                                  "passed!')",
                       color="colour the concise and full reports")
    out.add_argument("--create-baseline", metavar="FILE",
                     help="write every current finding to FILE as the accepted baseline")
    fixing = check.add_mutually_exclusive_group()
    fixing.add_argument("--fix", action="store_true",
                        help="apply safe fixes to the files, then report what remains")
    check.add_argument("--fix-read-only", action="store_true",
                       help="with --fix: also rewrite read-only files (keeping their mode); "
                            "without it they are reported and left alone")
    fixing.add_argument("--diff", action="store_true",
                        help="print the safe fixes as a unified diff; write nothing "
                             "(exit 1 if there is anything to fix)")

    claims = sub.add_parser("claims", allow_abbrev=False,
                          help="list every health claim with its citations")
    claims.add_argument("paths", nargs="+", metavar="PATH")
    claims.add_argument("--format", dest="output_format", default="text",
                        choices=("text", "json", "csv"))
    claims.add_argument("--uncited", action="store_true", help="only claims with no citation")
    claims.add_argument("--format-in", choices=("markdown", "html", "text"))
    claims.add_argument("--output-file", "-o", metavar="FILE")

    audit = sub.add_parser("audit", allow_abbrev=False,
                         help="lint many files in parallel and write report files")
    audit.add_argument("paths", nargs="+", metavar="PATH")
    _add_selection(audit)
    _add_resolution(audit)
    from checks.cli.audit_options import add_audit_options

    add_audit_options(audit)

    rule = sub.add_parser("rule", allow_abbrev=False,
                        help="list checks, or explain one")
    rule.add_argument("code", nargs="?", help="a code (HL101) or name (uncited-claim)")
    rule.add_argument("--format", dest="output_format", default="text", choices=("text", "json"))
    rule.add_argument("--config", metavar="FILE")

    inspect = sub.add_parser("inspect", allow_abbrev=False,
                           help="show how a file was read: blocks and sentences")
    inspect.add_argument("paths", nargs="+", metavar="PATH",
                         help="files, or directories whose articles are each shown")
    inspect.add_argument("--format", dest="output_format", default="text",
                         choices=("text", "json"))
    inspect.add_argument("--format-in", choices=("markdown", "html", "text"))

    from checks.cli.warm import add_warm_commands

    add_warm_commands(sub)
    return parser


def _write(text: str, output_file: str | None) -> None:
    """Write the report; any failure is a message and exit 2 (exit 1 means findings)."""
    try:
        if output_file:
            directory = os.path.dirname(os.path.abspath(output_file))
            os.makedirs(directory, exist_ok=True)
            with open(output_file, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        where = output_file or "standard output"
        raise UsageError(f"cannot write the report to {where}: {exc.strerror or exc}") from None


def _resolver(args: argparse.Namespace):
    from checks.settings.config import ConfigResolver

    return ConfigResolver(getattr(args, "config", None), config_overrides(args))


def _exclude_for(resolver: Any):
    def exclude_for(path: str) -> tuple[str, list[str]]:
        s = resolver.for_path(path)
        return s.root, [*s.exclude, *s.extend_exclude]

    return exclude_for


def _read_stdin(args: argparse.Namespace, planner: Any) -> tuple[Any, str, str]:
    """Standard input as an Article named ``--stdin-filename`` (or ``-``), and its text."""
    from checks.engine.runner import require_weights
    from claims.read import UnreadableFile, format_for, read_data

    name = args.stdin_filename or "-"
    require_weights(planner.plan(name))
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else \
        sys.stdin.read().encode("utf-8")
    fmt = format_for(name if name != "-" else "input.md", args.format_in)
    try:  # read as a file with these bytes is read: its encoding problems (HL902) too
        article = read_data(data, name, fmt)
    except UnreadableFile as exc:
        raise UsageError(f"standard input: {exc.message}") from None
    return article, name, article.text


def _passed_message(args: argparse.Namespace, fmt: str, findings: int) -> str:
    """ruff's closing line for a clean run in the text formats, unless --quiet."""
    if findings or args.quiet or fmt not in ("concise", "full"):
        return ""
    return "All checks passed!\n"


def cmd_check(args: argparse.Namespace) -> int:
    from checks.cli.discovery import discover
    from checks.contract.model import Severity
    from checks.engine.runner import Planner
    from checks.output.reporters import Report, render, render_statistics

    resolver = _resolver(args)
    stdin = args.paths == ["-"]
    if "-" in args.paths and not stdin:
        raise UsageError("`-` (standard input) cannot be combined with other paths")
    if args.stdin_filename and not stdin:
        raise UsageError("--stdin-filename needs `-` as the only path")
    if args.show_settings:
        first = args.stdin_filename if stdin and args.stdin_filename else \
            args.paths[0] if args.paths else "."
        target = first if os.path.isfile(first) or stdin else os.path.join(first, "_")
        settings = resolver.for_path(target)
        _write(json.dumps(settings.key_items() | {"config-file": settings.source},
                          indent=2, sort_keys=True, default=str) + "\n", None)
        return EXIT_CLEAN

    planner = Planner(resolver)
    sources: dict[str, str] = {}
    if stdin:
        name = args.stdin_filename or "-"
        files = [name]
        check_codes(args, planner.registry_for(resolver.for_path(name)))
        if args.fix or args.diff:
            raise UsageError("--fix and --diff need files; standard input is only linted")
        from checks.cli.discovery import is_excluded
        from checks.engine.article import lint_article

        excluded = args.force_exclude and is_excluded(name, _exclude_for(resolver))
        article, name, text = _read_stdin(args, planner)
        sources[name] = text
        results = [] if excluded else [lint_article(article, planner.plan(name), name)]
    else:
        files = discover(args.paths, _exclude_for(resolver), args.force_exclude,
                         args.follow_symlinks)
        check_codes(args, planner.registry_for(resolver.for_path(files[0] if files else ".")))
        if files and planner.plan(files[0]).settings.resolve:
            from checks.resolve.lint import lint_resolving

            results = lint_resolving(files, planner, args.format_in,
                                     _resolution_overrides(args))
        else:
            from checks.cli.batch import lint_for_check

            results = lint_for_check(files, planner, args)
    if not files and not args.quiet:
        print("healthlint: warning: no articles found (.md, .html, .txt) under "
              + " ".join(args.paths), file=sys.stderr)
    fix_failed = False
    if args.fix or args.diff:
        from checks.engine.fixes import fix_results, unified_diff

        results, changes, fix_errors = fix_results(results, planner, args.format_in,
                                                   write=args.fix,
                                                   read_only_ok=args.fix_read_only)
        for message in fix_errors:
            print(f"healthlint: error: {message}", file=sys.stderr)
        fix_failed = bool(fix_errors)
        if args.diff:
            _write("".join(unified_diff(c.path, c.before, c.after) for c in changes),
                   args.output_file)
            return EXIT_ERROR if fix_failed else EXIT_FINDINGS if changes else EXIT_CLEAN
        if changes and not args.quiet:
            fixed = sum(c.fixed for c in changes)
            print(f"healthlint: fixed {fixed} finding{'s' * (fixed != 1)} in {len(changes)} "
                  f"file{'s' * (len(changes) != 1)}", file=sys.stderr)
    if args.create_baseline:
        from checks.engine import baseline

        kept = baseline.write(args.create_baseline, [f for r in results for f in r.findings])
        print(f"healthlint: baseline of {kept} finding{'s' * (kept != 1)} written to "
              f"{args.create_baseline}", file=sys.stderr)
        return EXIT_CLEAN
    if args.baseline:
        _apply_baseline(args.baseline, results, quiet=args.quiet)
    registry = planner.registry_for(resolver.for_path(files[0] if files else "."))
    report = Report(results, registry, __version__, statistics=args.statistics,
                    sources=sources)

    fmt = args.output_format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true"
                                 else "concise")
    if args.statistics and fmt in ("concise", "full"):
        text = render_statistics(report)
    else:
        text = render(report, fmt)
        if args.quiet and fmt in ("concise", "full"):
            text = "".join(line for line in text.splitlines(True)
                           if not line.startswith("Found ")).rstrip("\n")
            text = text + "\n" if text else ""  # no blank line left where the summary was
    text += _passed_message(args, fmt, len(report.findings))
    if not args.output_file and fmt in ("concise", "full"):
        from checks.output.colour import wants_colour

        if text and wants_colour(args.color, sys.stdout):
            from checks.output.colour import colourise

            text = colourise(text)
    _write(text, args.output_file)

    if any(r.internal_error for r in results) or fix_failed:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_CLEAN
    failing = any(
        f.severity.rank >= Severity(planner.plan(f.path).settings.fail_on).rank
        for f in report.findings
    )
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def _apply_baseline(path: str, results: list[Any], quiet: bool) -> None:
    """Drop findings the baseline accepts; say how many entries are stale."""
    accepted = load_baseline(path)
    for result in results:
        result.findings = accepted.filter(result.findings)
    stale = accepted.stale(r.path for r in results)
    if stale and not quiet:
        print(f"healthlint: {stale} baseline entr{'ies' if stale != 1 else 'y'} no longer "
              f"match; run --create-baseline {path} to prune them", file=sys.stderr)


def cmd_rule(args: argparse.Namespace) -> int:
    from checks.contract.registry import load

    resolver = _resolver(args)
    registry = load(resolver.for_path(os.path.join(os.getcwd(), "_")))
    if args.code:
        check = registry.get(args.code)
        if check is None:
            from checks.engine.selection import suggestion

            close = suggestion(args.code, registry.codes)
            hint = f"did you mean {close}? " if close and len(close) == 5 else ""
            raise UsageError(f"no check named {args.code!r}; {hint}run `healthlint rule` to "
                             "list them")
        checks = [check]
    else:
        checks = list(registry)
    if args.output_format == "json":
        _write(json.dumps([_rule_json(c) for c in checks], indent=2) + "\n", None)
        return EXIT_CLEAN
    if args.code:
        c = checks[0]
        lines = [f"{c.code} ({c.name})", "", f"Severity: {c.severity.value}"
                 + (" · preview" if c.preview else "")
                 + (" · needs --resolve" if c.network else ""),
                 f"Source: {c.source}", "", c.summary + ".", "", c.rationale]
        from checks.output.reporters.sarif import help_uri

        page = help_uri(c.code)
        if page:
            lines += ["", f"Documentation: {page}"]
        if c.options:
            lines += ["", "Options:"]
            lines += [f"  {name} = {opt.default!r}  — {opt.help}"
                      + (f" (choices: {opt.describe_choices()})" if opt.choices else "")
                      for name, opt in c.options.items()]
        _write("\n".join(lines) + "\n", None)
        return EXIT_CLEAN
    width = max((len(c.name) for c in checks), default=10)
    lines = []
    for c in checks:
        flags = (" (preview)" if c.preview else "") + (" (--resolve)" if c.network else "")
        lines.append(f"{c.code}  {c.name:<{width}}  {c.severity.value:<7}  {c.summary}{flags}")
    _write("\n".join(lines) + "\n", None)
    return EXIT_CLEAN


def _rule_json(c: Any) -> dict[str, Any]:
    return {"code": c.code, "name": c.name, "severity": c.severity.value, "summary": c.summary,
            "rationale": c.rationale, "preview": c.preview, "network": c.network,
            "source": c.source,
            "options": {k: {"default": o.default, "help": o.help,
                            **({"choices": list(o.choices)} if o.choices else {})}
                        for k, o in c.options.items()}}


def cmd_inspect(args: argparse.Namespace) -> int:
    from checks.cli.discovery import discover
    from checks.engine.runner import require_weights
    from checks.output.inspect import inspection_json, render_inspection, render_inspections_json
    from claims.read import UnreadableFile, read

    resolver = _resolver(args)
    files = discover(args.paths, _exclude_for(resolver))
    if not files:
        raise UsageError(f"{' '.join(args.paths)}: no articles (.md, .html, .txt) to inspect")
    require_weights()  # the claim model the articles are read with
    as_json = args.output_format == "json"
    shown: list[Any] = []  # JSON documents, or text blocks
    for path in files:
        try:
            article = read(path, args.format_in,
                           max_bytes=resolver.for_path(path).max_file_size)
        except UnreadableFile as exc:
            raise UsageError(f"{path}: {exc.message}") from None
        shown.append(inspection_json(article) if as_json else render_inspection(article))
    _write(render_inspections_json(shown) if as_json else "\n".join(shown), None)
    return EXIT_CLEAN


def cmd_claims(args: argparse.Namespace) -> int:
    from checks.cli.discovery import discover
    from checks.engine.deadline import FileTimeout, deadline, timeout_message
    from checks.engine.runner import require_weights
    from checks.output.claims_report import render_claims
    from checks.settings.config import ConfigResolver
    from claims.read import UnreadableFile, read

    resolver = ConfigResolver(None)
    articles = []
    failed = False
    files = discover(args.paths, _exclude_for(resolver))
    if files:
        require_weights()  # the claim model the articles are read with
    for path in files:
        settings = resolver.for_path(path)
        try:
            with deadline(settings.file_timeout):
                articles.append(read(path, args.format_in, max_bytes=settings.max_file_size))
        except UnreadableFile as exc:
            failed = True
            print(f"healthlint: {path}: {exc.message}", file=sys.stderr)
        except FileTimeout:
            failed = True
            print(f"healthlint: {path}: {timeout_message(settings.file_timeout, 'file-timeout')}",
                  file=sys.stderr)
    _write(render_claims(articles, args.output_format, args.uncited), args.output_file)
    return EXIT_ERROR if failed and not articles else EXIT_CLEAN


def _mistyped_command(word: str) -> str | None:
    """The command ``word`` was probably meant to be, when it is no path (``chek``)."""
    import difflib
    import glob

    if (word.startswith("-") or os.path.exists(word) or glob.has_magic(word)
            or os.sep in word or "." in word):
        return None
    close = difflib.get_close_matches(word.lower(), COMMANDS, n=1, cutoff=0.6)
    return close[0] if close else None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    top_level = ("-h", "--help", "--version")
    if argv and argv[0] not in COMMANDS and argv[0] not in top_level:
        meant = _mistyped_command(argv[0])
        if meant is not None:
            print(f"healthlint: error: unknown command {argv[0]!r}; did you mean {meant!r}? "
                  f"(commands: {', '.join(COMMANDS)})", file=sys.stderr)
            return EXIT_ERROR
        argv.insert(0, "check")
    if argv and argv[0] == "check":
        from checks.server.daemon_client import hand_off

        handed = hand_off(argv)  # a running daemon's answer, or None: lint here
        if handed is not None:
            return handed
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_CLEAN if exc.code == 0 else EXIT_ERROR
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    from checks.cli.discovery import PathError
    from checks.cli.startup import deferred_collection
    from checks.contract.registry import RegistryError
    from checks.settings.config import ConfigError

    handlers = {"check": cmd_check, "rule": cmd_rule, "inspect": cmd_inspect,
                "claims": cmd_claims}
    try:
        with deferred_collection():  # no GC while starting up: ~0.15 s of a cold run
            if args.command == "audit":
                from checks.cli.audit import cmd_audit

                return cmd_audit(args)
            if args.command in ("server", "daemon"):
                from checks.cli.warm import cmd_warm

                return cmd_warm(args, entry=main)
            return handlers[args.command](args)
    except (UsageError, ConfigError, PathError, RegistryError) as exc:
        print(f"healthlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("healthlint: interrupted", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_CLEAN
    except OSError as exc:  # a report, baseline or cache path the system refuses
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"healthlint: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
