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
        "sys.argv = ['healthlint', 'check', '--no-cache', sys.argv[1]]\n"
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


def test_a_check_builds_the_tokenizer_without_spacys_language_or_components() -> None:
    """Nor the language server's libraries, nor pydantic, nor a process pool for one file."""
    code = (
        "import json, sys\n"
        "sys.argv = ['healthlint', 'check', '--no-cache', sys.argv[1]]\n"
        "from checks.cli.main import main\n"
        "main()\n"
        "from claims.sentences import get_nlp\n"
        "heavy = ('spacy.language', 'spacy.pipeline.dep_parser', 'spacy.lang.en.lemmatizer',"
        " 'pydantic', 'pygls', 'lsprotocol', 'concurrent.futures.process')\n"
        "print(json.dumps({'pipeline': type(get_nlp()).__name__,"
        " 'tokenizer': 'spacy.tokenizer' in sys.modules,"
        " 'loaded': [n for n in heavy if n in sys.modules]}))\n"
    )
    out = json.loads(run_python(code, str(ARTICLE)))
    assert out == {"pipeline": "Pipeline", "tokenizer": True, "loaded": []}


def test_the_light_pipeline_tokenizes_as_spacy_blank_does() -> None:
    texts = [ARTICLE.read_text(encoding="utf-8"),
             "Dr. Rao saw 3 patients, e.g. Ann. Take 2.5 mg/kg b.i.d. (see Fig. 2) - it's 50%!",
             "Visit https://example.org/a?b=c or mail a@b.io; vitamins C & D3 cost $4.99 each.",
             "“Quoted,” she said—twice…  Then: 10–20 mmHg [1,2]. U.S. data (2019; n=1,024)."]
    code = (
        "import json, sys\n"
        "from claims.sentences import get_nlp, build_language\n"
        "light = get_nlp()\n"
        "full = build_language()\n"
        "def view(doc):\n"
        "    return [(t.text, t.idx, t.is_sent_start, t.like_num, t.is_stop, t.norm_,"
        " t.is_punct, t.shape_, t.lang_) for t in doc]\n"
        "texts = json.loads(sys.argv[1])\n"
        "print(json.dumps({'kinds': [type(light).__name__, type(full).__name__],"
        " 'same': [view(light(t)) == view(full(t)) for t in texts]}))\n"
    )
    out = json.loads(run_python(code, json.dumps(texts)))
    assert out == {"kinds": ["Pipeline", "English"], "same": [True] * len(texts)}


def test_spacy_imported_whole_after_the_light_pipeline_is_complete() -> None:
    code = (
        "import json, sys\n"
        "from claims.sentences import get_nlp\n"
        "get_nlp()\n"
        "import spacy\n"
        "from spacy.lang.en import English\n"
        "from spacy.pipeline import Lemmatizer\n"
        "nlp = spacy.blank('en')\n"
        "import confection.validation as v\n"
        "from spacy.matcher import Matcher\n"
        "matcher = Matcher(nlp.vocab, validate=True)\n"
        "try:\n"
        "    matcher.add('bad', [[{'NO_SUCH_ATTR': 'x'}]])\n"
        "    rejected = False\n"
        "except Exception as exc:\n"
        "    rejected = type(exc).__name__\n"
        "print(json.dumps({'tokens': len(nlp('Two words')), 'english': English.__name__,"
        " 'lemmatizer': Lemmatizer.__name__, 'cli': 'spacy.cli' in sys.modules,"
        " 'confection_sees_pydantic': v._PydanticV2BaseModel is not None,"
        " 'bad_pattern': rejected}))\n"
    )
    out = json.loads(run_python(code))
    assert out == {"tokens": 2, "english": "English", "lemmatizer": "Lemmatizer", "cli": False,
                   "confection_sees_pydantic": True, "bad_pattern": "MatchPatternError"}


def test_a_spacy_whose_insides_moved_falls_back_to_the_whole_import() -> None:
    code = (
        "import json, sys\n"
        "from claims import _spacy\n"
        "def moved(name):\n"
        "    raise ImportError('moved')\n"
        "_spacy._defer = moved\n"
        "from claims.sentences import get_nlp\n"
        "nlp = get_nlp()\n"
        "print(json.dumps({'kind': type(nlp).__name__, 'tokens': len(nlp('Two words.')),"
        " 'language': 'spacy.language' in sys.modules}))\n"
    )
    out = json.loads(run_python(code))
    assert out == {"kind": "Pipeline", "tokens": 3, "language": True}
