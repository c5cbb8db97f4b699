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


def _import_lazily(name: str) -> None:
    """Enter ``name`` in ``sys.modules`` as a module that runs its code on first use."""
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _, leaf = name.rpartition(".")
    setattr(sys.modules[parent], leaf, module)


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
        try:
            for name in _DEFERRED[:2]:
                _defer(name)
            importlib.import_module("spacy.lang")
            _defer("spacy.lang.en")
            _import_lazily("spacy.schemas")  # only Doc.from_json validates with it
            # spaCy's own import order (see spacy/__init__.py): errors and util first,
            # then the Doc before the vocabulary, whose module imports spacy.tokens.
            importlib.import_module("spacy.errors")
            importlib.import_module("spacy.util")
            importlib.import_module("spacy.tokens.doc")
            from spacy.tokenizer import Tokenizer
            from spacy.vocab import create_vocab

            return create_vocab, Tokenizer, EnglishData()
        except Exception:  # an unexpected spaCy: forget the partial import, then the usual
            for name in [m for m in sys.modules if m == "spacy" or m.startswith("spacy.")]:
                del sys.modules[name]
    import_spacy()
    from spacy.lang.en import English
    from spacy.tokenizer import Tokenizer
    from spacy.vocab import create_vocab

    return create_vocab, Tokenizer, English.Defaults
