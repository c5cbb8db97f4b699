"""Learned weight files, read once per process: a missing or broken one is one clear error.

``functools.cache`` keeps a loaded model but not a failed load, so a broken weight file
was read again for every article and reported as a crash on each (or as a traceback).
Here a failure is remembered as well, and raised as a :class:`WeightsError`, which every
command reports as it reports a broken configuration: one message that names the file
and the fix, exit 2, before any article is linted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from checks.settings.errors import ConfigError

T = TypeVar("T")
Loader = Callable[[], Any]

_LOADED: dict[Loader, Any] = {}
_BROKEN: dict[Loader, str] = {}


class WeightsError(ConfigError):
    """A learned weight file that cannot be read: a broken installation, not a bad article."""

    def __init__(self, problems: str | list[str]) -> None:
        super().__init__(problems)
        self.args = ("\n".join(self.problems),)  # each problem already names file and fix

    def __str__(self) -> str:
        return self.args[0]


def load_once(loader: Callable[[], T]) -> T:
    """``loader()``'s weights, read the first time only; a failure is raised every time
    without reading the file again."""
    if loader in _LOADED:
        return _LOADED[loader]  # type: ignore[no-any-return]
    if loader not in _BROKEN:
        try:
            _LOADED[loader] = loaded = loader()
            return loaded
        except Exception as exc:  # whatever went wrong, these weights cannot be used
            _BROKEN[loader] = str(exc) or type(exc).__name__
    raise WeightsError(_BROKEN[loader])


def require(loaders: Iterable[Loader]) -> None:
    """Read every one of ``loaders`` (once); :class:`WeightsError` lists all that fail."""
    problems: list[str] = []
    for loader in dict.fromkeys(loaders):
        try:
            load_once(loader)
        except WeightsError as exc:
            problems.extend(exc.problems)
    if problems:
        raise WeightsError(problems)


def forget() -> None:
    """Read every file again next time (tests that break and mend a weight file)."""
    _LOADED.clear()
    _BROKEN.clear()
