"""A Dask cluster on loopback: a scheduler and one-thread workers, each its own process.

One way to start and stop it for the ``audit --scheduler`` tests and for
``bench/bench_audit.py``, so both run the audit against the same kind of cluster.
Dask is imported only when a cluster is started.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

DASK = Path(sys.executable).parent / "dask"


def free_port() -> int:
    """A loopback port nothing listens on (now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def local_cluster(workers: int, *, name: str = "w", logs: Path | None = None,
                  timeout: float = 60.0, worker_args: tuple[str, ...] = (),
                  ready: Callable[[Any], None] | None = None) -> Iterator[str]:
    """The scheduler's address while ``workers`` workers are connected to it.

    ``logs``: a folder for each process's standard error (else it is dropped);
    ``worker_args``: more ``dask worker`` options; ``ready``: called with a client once
    every worker is up (to warm them before timing).
    """
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    commands = {"scheduler": [str(DASK), "scheduler", "--host", "127.0.0.1", "--port",
                              str(port), "--no-dashboard"]}
    for n in range(workers):
        commands[f"worker{n}"] = [str(DASK), "worker", address, "--nworkers", "1",
                                  "--nthreads", "1", "--no-nanny", "--no-dashboard",
                                  "--name", f"{name}{n}", *worker_args]
    processes: list[subprocess.Popen[bytes]] = []
    with ExitStack() as files:
        try:
            for label, command in commands.items():
                stderr = files.enter_context(open(logs / f"{label}.log", "wb")) \
                    if logs is not None else subprocess.DEVNULL
                processes.append(subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                                  stderr=stderr, env=env))
            _wait_for(address, workers, timeout, ready)
            yield address
        finally:
            _stop(processes)


def _wait_for(address: str, workers: int, timeout: float,
              ready: Callable[[Any], None] | None) -> None:
    from distributed import Client

    deadline = time.monotonic() + timeout
    while True:
        try:
            with Client(address, timeout="5s") as client:
                client.wait_for_workers(workers, timeout=timeout)
                if ready is not None:
                    ready(client)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in reversed(processes):
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
