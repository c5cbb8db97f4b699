"""Run the emulator by hand: ``python -m tests.emulator --port 8400``.

Services get consecutive ports from ``--port`` (doi, crossref, datacite, ncbi,
web); the private trap listens on 127.0.0.2. The printed ``resolver`` table
points healthlint at them.
"""

from __future__ import annotations

import argparse
import json
import time

from tests.emulator.server import SERVICES, Emulator


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.emulator")
    parser.add_argument("--port", type=int, default=0, help="first port (0: any free ports)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added per request")
    args = parser.parse_args()
    ports = {s: args.port + i for i, s in enumerate([*SERVICES, "private"])} if args.port else None
    emulator = Emulator(latency=args.latency, ports=ports).start()
    print(json.dumps(emulator.urls, indent=2))
    print("[tool.healthlint.resolver]")
    for key, value in emulator.resolver_config().items():
        print(f"{key} = {json.dumps(value)}")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        emulator.stop()


if __name__ == "__main__":
    main()
