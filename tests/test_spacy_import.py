"""Importing spaCy without its CLI: the pipeline works, the CLI stays importable, a
one-article run loads none of the CLI's dependencies."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "articles" / "sleep-and-blood-pressure.md"
CLI_DEPENDENCIES = ("typer", "httpx", "requests", "weasel", "spacy.cli")


def run_python(code: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_blank_pipeline_tokenizes_after_the_import() -> None:
    code = (
        "import json, sys\n"
        "from claims._spacy import import_spacy\n"
        "spacy = import_spacy()\n"
        "nlp = spacy.blank('en')\n"
        "print(json.dumps({'tokens': [t.text for t in nlp('Dr. Rao saw 3 patients, e.g. Ann.')],"
        " 'cli_loaded': 'spacy.cli' in sys.modules or hasattr(spacy, 'cli')}))\n"
    )
    out = json.loads(run_python(code))
    assert out["tokens"] == ["Dr.", "Rao", "saw", "3", "patients", ",", "e.g.", "Ann", "."]
    assert out["cli_loaded"] is False


def test_spacy_cli_is_the_real_package_afterwards() -> None:
    code = (
        "import json, sys\n"
        "from claims._spacy import import_spacy\n"
        "import_spacy()\n"
        "import spacy.cli\n"
        "from spacy.cli.info import info as real_info\n"
        "import spacy\n"
        "data = spacy.info(silent=True)\n"
        "print(json.dumps({'app': type(spacy.cli.app).__name__,"
        " 'real': spacy.cli.info is real_info, 'version': data['spacy_version'],"
        " 'typer': 'typer' in sys.modules}))\n"
    )
    out = json.loads(run_python(code))
    assert out["app"] == "Typer"
    assert out["real"] is True
    assert out["version"].startswith("3.")
    assert out["typer"] is True


def test_import_after_spacy_is_loaded_returns_the_same_module() -> None:
    code = (
        "import spacy, spacy.cli\n"
        "from claims._spacy import import_spacy\n"
        "print(import_spacy() is spacy and spacy.cli.app is not None)\n"
    )
    assert run_python(code) == "True"


def test_one_article_check_loads_no_cli_dependencies() -> None:
    code = (
        "import json, sys\n"
        "sys.argv = ['healthlint', 'check', sys.argv[1]]\n"
        "from checks.cli.main import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        f"names = {CLI_DEPENDENCIES!r}\n"
        "print(json.dumps({'spacy': 'spacy' in sys.modules,"
        " 'loaded': [n for n in names if n in sys.modules]}))\n"
    )
    out = json.loads(run_python(code, str(ARTICLE)))
    assert out["spacy"] is True
    assert out["loaded"] == []


def test_an_import_that_fails_with_placeholders_falls_back_to_the_plain_import() -> None:
    # Placeholders without the ``info`` spaCy imports: its import fails, the plain one runs.
    code = (
        "import sys, types\n"
        "from claims import _spacy\n"
        "_spacy._placeholders = lambda: {'spacy.cli': types.ModuleType('spacy.cli'),"
        " 'spacy.cli.info': types.ModuleType('spacy.cli.info')}\n"
        "spacy = _spacy.import_spacy()\n"
        "cli = sys.modules['spacy.cli']\n"
        "print(spacy.blank('en')('It works.')[1].text, type(cli.app).__name__)\n"
    )
    assert run_python(code) == "works Typer"
