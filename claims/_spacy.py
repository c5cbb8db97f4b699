"""Importing spaCy without loading its command-line interface.

spaCy 3's ``spacy/__init__.py`` runs ``from .cli.info import info`` only to offer
``spacy.info``, and that one line loads spaCy's whole CLI package (typer, weasel,
httpx, requests, every subcommand): about a third of a cold one-article run, for a
command healthlint never calls. :func:`import_spacy` imports spaCy once with
placeholder ``spacy.cli`` and ``spacy.cli.info`` modules in ``sys.modules``, then
removes them, so a later ``import spacy.cli`` loads the real package, and the
``spacy.info`` left behind imports the real function when it is first called.
Anything unexpected falls back to a plain ``import spacy``.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

_CLI = "spacy.cli"
_CLI_INFO = "spacy.cli.info"


def info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``: spaCy's own, imported on first call."""
    from spacy.cli.info import info as real_info

    return real_info(*args, **kwargs)


def _placeholders() -> dict[str, ModuleType]:
    cli = ModuleType(_CLI, "Placeholder while spaCy imports; removed afterwards.")
    cli.__path__ = []  # a package, as far as the import system asks
    cli_info = ModuleType(_CLI_INFO, "Placeholder while spaCy imports; removed afterwards.")
    cli_info.info = info  # type: ignore[attr-defined]
    cli.info = cli_info  # type: ignore[attr-defined]
    return {_CLI: cli, _CLI_INFO: cli_info}


def _remove(placeholders: dict[str, ModuleType]) -> None:
    for name, module in placeholders.items():
        if sys.modules.get(name) is module:
            del sys.modules[name]
    spacy = sys.modules.get("spacy")
    if spacy is not None and getattr(spacy, "cli", None) is placeholders[_CLI]:
        delattr(spacy, "cli")


def import_spacy() -> ModuleType:
    """The ``spacy`` module, imported without its CLI when this is the first import."""
    if "spacy" in sys.modules or _CLI in sys.modules or _CLI_INFO in sys.modules:
        return importlib.import_module("spacy")
    placeholders = _placeholders()
    try:
        sys.modules.update(placeholders)
        try:
            return importlib.import_module("spacy")
        finally:
            _remove(placeholders)
    except Exception:  # any surprise: import spaCy the ordinary way
        return importlib.import_module("spacy")


# -- the tokenizer alone: spaCy's vocabulary, tokenizer and Doc, without Language ------------

# Packages whose ``__init__`` imports far more than a tokenizer needs: spaCy's own (the
# Language class, every pipeline factory, the config schemas, the registry, the CLI),
# ``spacy.pipeline`` (every trainable component) and ``spacy.lang.en`` (the English
# Language subclass and its lemmatizer). They are entered in ``sys.modules`` as
# deferred packages: their submodules import as usual, and their own ``__init__`` runs
# only when something asks one of them for a name it does not have yet (``spacy.blank``).
_DEFERRED = ("spacy", "spacy.pipeline", "spacy.lang.en")


class _DeferredPackage(ModuleType):
    """A package whose ``__init__`` runs on the first lookup of a name it lacks."""

    def __getattr__(self, name: str) -> Any:
        state = self.__dict__
        probe = name.startswith("__") and name not in ("__all__", "__version__")
        if probe or state.get("_deferred_done") or state.get("_deferred_busy"):
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        submodule = f"{self.__name__}.{name}"
        if submodule in sys.modules:
            return sys.modules[submodule]
        from importlib.machinery import PathFinder

        if PathFinder.find_spec(submodule, self.__path__) is not None:
            return importlib.import_module(submodule)  # ``from spacy import attrs``: no init
        state["_deferred_busy"] = True
        if self.__name__ == "spacy":
            _real_schemas()  # spaCy's own __init__ needs the real schemas, and pydantic
        try:
            cli = _placeholders() if self.__name__ == "spacy" else {}
            sys.modules.update(cli)  # spaCy's CLI stays unloaded, as in import_spacy
            try:
                self.__spec__.loader.exec_module(self)  # type: ignore[union-attr]
            finally:
                _remove(cli) if cli else None
        finally:
            state["_deferred_busy"] = False
            state["_deferred_done"] = True
        return getattr(self, name)


def _defer(name: str) -> ModuleType:
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or not spec.submodule_search_locations:
        raise ImportError(f"{name} is not an installed package")
    module = _DeferredPackage(name)
    module.__spec__ = spec
    module.__file__ = spec.origin
    module.__path__ = list(spec.submodule_search_locations)
    module.__package__ = name
    module.__loader__ = spec.loader
    sys.modules[name] = module
    parent, _, leaf = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], leaf, module)
    return module


# pydantic (imported by confection's validation module, and by spaCy's schemas) is a fifth
# of spaCy's import, for validating configurations and patterns a tokenizer never sees.
# While the tokenizer's parts import, ``pydantic`` is unimportable (confection treats it as
# absent) and ``spacy.schemas`` is a stand-in; both are completed before anything that
# validates can run: before spaCy's own ``__init__``, or on first use of the schemas.
_SCHEMAS = "spacy.schemas"
_STATE = {"importing": False, "confection_without_pydantic": False, "trusted": False}


class _SchemasStandIn(ModuleType):
    """``spacy.schemas`` until it is used: the matcher binds ``validate_token_pattern`` from
    it at import, which becomes a call forwarded to the real function."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if _STATE["importing"]:
            def forward(*args: Any, **kwargs: Any) -> Any:
                if _STATE["trusted"] and name in _TRUSTED:
                    return _TRUSTED[name]()  # fixed patterns: see trusted_patterns
                return getattr(_real_schemas(), name)(*args, **kwargs)

            forward.__name__ = name
            return forward
        return getattr(_real_schemas(), name)


class _OrthPattern:
    """What the tokenizer's PhraseMatcher asks of ``TokenPattern()``: that ORTH is a token
    attribute (its default, and the only one the tokenizer matches on)."""

    def model_dump(self) -> dict[str, None]:
        return {"orth": None}


# Under trusted_patterns: the answers that need no pydantic, by name imported from schemas.
_TRUSTED: dict[str, Any] = {"validate_token_pattern": list, "TokenPattern": _OrthPattern}


@contextmanager
def trusted_patterns() -> Iterator[None]:
    """Build the tokenizer without validating its special cases against spaCy's pydantic
    schema: they are fixed data (spaCy's English exceptions and healthlint's own), and
    ``spacy.blank`` validates the very same ones in the tests, so a run need not import
    pydantic to check them again."""
    _STATE["trusted"] = True
    try:
        yield
    finally:
        _STATE["trusted"] = False


def _real_schemas() -> ModuleType:
    """The real ``spacy.schemas`` (imported now if the stand-in is still in place)."""
    _complete_confection()
    module = sys.modules.get(_SCHEMAS)
    if isinstance(module, _SchemasStandIn):
        del sys.modules[_SCHEMAS]
        module = importlib.import_module(_SCHEMAS)
        spacy = sys.modules.get("spacy")
        if spacy is not None:
            spacy.__dict__["schemas"] = module
    return module if module is not None else importlib.import_module(_SCHEMAS)


def _complete_confection() -> None:
    """Give confection the pydantic classes its validation module could not import."""
    if not _STATE["confection_without_pydantic"]:
        return
    _STATE["confection_without_pydantic"] = False
    validation = sys.modules.get("confection.validation")
    if validation is None:
        return
    try:
        from pydantic import BaseModel, ValidationError
    except ImportError:
        return
    validation._PydanticV2BaseModel = BaseModel  # type: ignore[attr-defined]
    validation._PydanticV2ValidationError = ValidationError  # type: ignore[attr-defined]
    if sys.version_info < (3, 14):
        try:
            from pydantic.v1 import BaseModel as V1BaseModel
            from pydantic.v1 import ValidationError as V1ValidationError
        except ImportError:
            return
        validation._PydanticV1BaseModel = V1BaseModel  # type: ignore[attr-defined]
        validation._PydanticV1ValidationError = V1ValidationError  # type: ignore[attr-defined]


class EnglishData:
    """What ``spacy.blank("en")`` builds its vocabulary and tokenizer from (its Defaults)."""

    def __init__(self) -> None:
        from spacy.lang.en.lex_attrs import LEX_ATTRS
        from spacy.lang.en.punctuation import TOKENIZER_INFIXES
        from spacy.lang.en.stop_words import STOP_WORDS
        from spacy.lang.en.syntax_iterators import SYNTAX_ITERATORS
        from spacy.lang.en.tokenizer_exceptions import TOKENIZER_EXCEPTIONS
        from spacy.lang.punctuation import TOKENIZER_PREFIXES, TOKENIZER_SUFFIXES
        from spacy.lang.tokenizer_exceptions import URL_MATCH

        self.tokenizer_exceptions = TOKENIZER_EXCEPTIONS
        self.prefixes = TOKENIZER_PREFIXES
        self.suffixes = TOKENIZER_SUFFIXES
        self.infixes = TOKENIZER_INFIXES
        self.token_match = None
        self.url_match = URL_MATCH
        self.lex_attr_getters = LEX_ATTRS
        self.stop_words = STOP_WORDS
        self.syntax_iterators = SYNTAX_ITERATORS
        self.writing_system = {"direction": "ltr", "has_case": True, "has_letters": True}


def import_tokenizer_parts() -> tuple[Any, Any, Any]:
    """``(create_vocab, Tokenizer, English defaults)``, running none of spaCy's package
    ``__init__``s when spaCy is not imported yet; the ordinary import otherwise."""
    if not any(name == "spacy" or name.startswith("spacy.") for name in sys.modules):
        block_pydantic = "pydantic" not in sys.modules and "confection" not in sys.modules
        try:
            _STATE["importing"] = True
            if block_pydantic:
                sys.modules["pydantic"] = None  # type: ignore[assignment]
            for name in _DEFERRED[:2]:
                _defer(name)
            importlib.import_module("spacy.lang")
            _defer("spacy.lang.en")
            schemas = _SchemasStandIn(_SCHEMAS)
            sys.modules[_SCHEMAS] = schemas
            sys.modules["spacy"].__dict__["schemas"] = schemas
            # spaCy's own import order (see spacy/__init__.py): errors and util first,
            # then the Doc before the vocabulary, whose module imports spacy.tokens.
            importlib.import_module("spacy.errors")
            importlib.import_module("spacy.util")
            importlib.import_module("spacy.tokens.doc")
            from spacy.tokenizer import Tokenizer
            from spacy.vocab import create_vocab

            if block_pydantic and "confection.validation" in sys.modules:
                _STATE["confection_without_pydantic"] = True
            return create_vocab, Tokenizer, EnglishData()
        except Exception:  # an unexpected spaCy: forget the partial import, then the usual
            for name in [m for m in sys.modules if m.split(".")[0] in ("spacy", "confection",
                                                                       "thinc")]:
                del sys.modules[name]
        finally:
            _STATE["importing"] = False
            if block_pydantic and sys.modules.get("pydantic", 0) is None:
                del sys.modules["pydantic"]
    import_spacy()
    from spacy.lang.en import English
    from spacy.tokenizer import Tokenizer
    from spacy.vocab import create_vocab

    return create_vocab, Tokenizer, English.Defaults
