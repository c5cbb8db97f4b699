"""The ``healthlint audit`` options: argparse only, so building the parser stays cheap."""

from __future__ import annotations

import argparse

from checks.cli.common import add_exit_options, add_report_options

REPORT_FORMATS = ("json", "sarif", "csv", "html")


def _formats(value: str) -> list[str]:
    chosen = [v.strip().lower() for v in value.split(",") if v.strip()]
    unknown = [v for v in chosen if v not in REPORT_FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"expected a comma-separated list of {', '.join(REPORT_FORMATS)}; "
            f"got {value!r}")
    return list(dict.fromkeys(chosen))


def add_audit_options(audit: argparse.ArgumentParser) -> None:
    """Everything ``audit`` takes besides the selection and resolution groups."""
    out = audit.add_argument_group("output")
    out.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                     help="worker processes (default: every core)")
    out.add_argument("--report-dir", default="healthlint-report", metavar="DIR",
                     help="where report.json, report.sarif, findings.csv and report.html go")
    out.add_argument("--format", dest="report_formats", type=_formats,
                     default=list(REPORT_FORMATS), metavar="FORMATS",
                     help="report files to write, comma-separated: json, sarif, csv, html "
                          "(default: all four)")
    out.add_argument("--compare", metavar="OLD_REPORT_JSON",
                     help="a previous audit's report.json: the HTML report shows new and "
                          "fixed findings per section")
    out.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                     help="skip (and report) a file that takes longer than this; 0: no limit")
    add_exit_options(out)
    add_report_options(out, quiet="no progress and no summary; only the report files",
                       color="colour and a live progress bar")
    run = audit.add_argument_group("execution")
    run.add_argument("--resume", action="store_true",
                     help="continue an interrupted audit from its spool in the report "
                          "directory, without relinting finished files")
    run.add_argument("--scheduler", metavar="ADDRESS",
                     help="run on a Dask cluster (tcp://HOST:8786; needs healthlint[dask]); "
                          "workers read the files from storage they share with this machine")
