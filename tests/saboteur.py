"""A plugin whose checks misbehave on purpose: one kills its worker, one sleeps.

Installed into a temporary site directory by the ``saboteur`` fixture (conftest), so
the audit and the per-file time limit are tested against real plugin loading.
"""

from __future__ import annotations

from pathlib import Path

SABOTEUR = '''
import multiprocessing
import os
import signal
import time

from checks.contract.model import Check, Diagnostic, Severity


def _kill(article, ctx):
    # Never in the test runner itself: only an audit worker process may die here.
    worker = multiprocessing.current_process().name != "MainProcess"
    if "KILL-THE-WORKER" in article.text and worker:
        os.kill(os.getpid(), signal.SIGKILL)
    return iter(())


def _slow(article, ctx):
    if "SLOW-FILE" in article.text:
        time.sleep(30)
    return iter(())


CHECKS = [
    Check("XZ001", "kill-worker", Severity.INFO, "Kills its worker", "Test saboteur.", _kill),
    Check("XZ002", "slow-file", Severity.INFO, "Sleeps", "Test saboteur.", _slow),
]
'''


def install_saboteur(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "healthlint_saboteur.py").write_text(SABOTEUR, encoding="utf-8")
    info = directory / "healthlint_saboteur-0.1.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: healthlint-saboteur\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[healthlint.checks]\nsaboteur = healthlint_saboteur:CHECKS\n", encoding="utf-8")
    return directory
