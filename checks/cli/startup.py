"""Garbage collection while healthlint starts: off, then on with the start-up objects frozen.

Starting a run allocates hundreds of thousands of objects that live until exit
(spaCy's vocabulary and tokenizer tables, lexicons, compiled patterns, the check
registry) and almost no reference cycles. Python's cyclic collector nevertheless
re-scans them at every collection: about 0.15 s of a one-article pre-commit run,
a tenth of the whole budget. So a command defers collection until its long-lived
objects exist, then freezes them (``gc.freeze``: later collections skip them) and
collects normally from there on, which keeps long runs' memory bounded.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_state = {"active": False, "frozen": False, "enabled": True}


@contextmanager
def deferred_collection() -> Iterator[None]:
    """Collect nothing until :func:`started`; restore the collector's state afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    _state.update(active=True, frozen=False, enabled=enabled)
    try:
        yield
    finally:
        if _state["frozen"]:
            gc.unfreeze()  # so a caller running commands in-process (tests) loses nothing
        _state.update(active=False, frozen=False)
        if enabled:
            gc.enable()


def started(*_: Any) -> None:
    """The long-lived objects exist now: freeze them and collect from here on."""
    if not _state["active"] or _state["frozen"]:
        return
    gc.freeze()
    _state["frozen"] = True
    if _state["enabled"]:
        gc.enable()


# A worker lints file after file, and each file leaves its article (blocks, sentences,
# spaCy docs, promotion units: full of reference cycles) as garbage. Collecting while a
# file is linted re-scans mostly what is still in use: about 3 ms of every 30 ms file at
# the default threshold of 700. So a worker collects the young generation once after each
# file (the older ones every few files), and its automatic threshold is raised so that
# only a very large file triggers a collection of its own: half the collector's time,
# with the same peak memory.
WORKER_THRESHOLD = 100_000
MIDDLE_EVERY = 10  # files between collections of the middle generation
OLDEST_EVERY = 100  # files between full collections
_files = [0]  # files linted by this worker


def freeze_worker() -> None:
    """In a worker process after loading everything: the same, for the worker's lifetime,
    with collections after files (:func:`after_file`) rather than during them."""
    gc.freeze()
    gc.set_threshold(WORKER_THRESHOLD, *gc.get_threshold()[1:])
    gc.enable()


def after_file() -> None:
    """In a worker, after each file: collect the garbage the file left."""
    _files[0] += 1
    n = _files[0]
    gc.collect(2 if n % OLDEST_EVERY == 0 else 1 if n % MIDDLE_EVERY == 0 else 0)
