"""Settings' errors and value parsers: a leaf shared by config, policy and resolver settings."""

from __future__ import annotations

import re
from typing import Any


class ConfigError(Exception):
    """Configuration problems; each message names the file (and line), the key and what was
    expected. Several problems are raised together so that one run shows them all."""

    def __init__(self, problems: str | list[str]) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        if len(self.problems) == 1:
            text = self.problems[0]
        else:
            text = f"{len(self.problems)} configuration problems:\n" + "\n".join(
                f"  {p}" for p in self.problems)
        super().__init__(text)


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("true or false")


def parse_string(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise ValueError("a string")


def parse_size(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgG]?)[iI]?[bB]?\s*", value)
        if m:
            scale = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[m.group(2).lower()]
            return int(float(m.group(1)) * scale)
    raise ValueError("a positive byte count such as 5000000 or '5MB'")
